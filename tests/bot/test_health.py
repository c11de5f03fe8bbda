"""`python -m bot --check` and the webhook server's /healthz: each check says OK or FAIL in
one English line, the exit code says whether all passed, the token never shows; /healthz
answers beside the webhook path without the secret, 200 when ready, 503 when not."""

from __future__ import annotations

import asyncio
import io
import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from bot import health
from bot.app import build_application
from bot.serving import HEALTHZ, add_healthz, serve, webhook_options
from bot.settings import BotSettings
from retrieval.services import Services
from retrieval.settings import Settings
from tests.bot.conftest import make_bot_settings, with_bot_fields
from tests.bot.test_bot import ADMIN, ALLOWED, running
from tests.conftest import REPO
from tests.telegram_server import BOT_USERNAME, TelegramServer


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def checked(settings: BotSettings) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = health.main(settings, out)
    return code, out.getvalue().splitlines()


async def test_check_passes_when_the_token_index_and_model_work(
    server: TelegramServer, base_settings: Settings, tmp_path: Path
) -> None:
    settings = make_bot_settings(
        base_settings.model_copy(update={"chroma_path": tmp_path / "chroma"}), server
    )
    # In a worker thread: the check runs its own event loop, the local server runs in ours.
    code, lines = await asyncio.to_thread(checked, settings)
    assert code == 0, lines
    assert lines[0] == f"OK   token: getMe answered: the bot is @{BOT_USERNAME}"
    assert lines[1].startswith("OK   index: readable but empty")
    assert lines[2].startswith("OK   model: ") and "(384 dimensions)" in lines[2]
    assert lines[-1] == "all checks passed"
    assert [c.method for c in server.calls()] == ["getMe"]


async def test_check_fails_and_names_each_problem_without_the_token(
    server: TelegramServer, base_settings: Settings, tmp_path: Path
) -> None:
    wrong = "123456:WRONG-token-of-someone"
    settings = with_bot_fields(
        base_settings.model_copy(
            update={
                "chroma_path": tmp_path / "chroma",
                "chroma_url": f"http://127.0.0.1:{_free_port()}",
                "chroma_timeout": 1.0,
                "embedding_model": str(tmp_path / "no-model-here"),
            }
        ),
        telegram_bot_token=SecretStr(wrong),
        telegram_api_base_url=server.base_url,
    )
    code, lines = await asyncio.to_thread(checked, settings)
    text = "\n".join(lines)
    assert code == 1
    assert [line.split(":")[0] for line in lines[:4]] == [
        "FAIL token",
        "FAIL chroma server",
        "FAIL index",
        "FAIL model",
    ]
    assert lines[0].startswith("FAIL token: getMe failed: ") and "WRONG" not in text
    assert lines[-1] == "4 check(s) failed"


def test_python_m_bot_check_exits_1_when_not_configured(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "TELEGRAM_BOT_TOKEN": "",
        "CHROMA_URL": f"http://127.0.0.1:{_free_port()}",
        "CHROMA_TIMEOUT": "1",
        "EMBEDDING_MODEL": str(tmp_path / "no-model-here"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "--check"],
        cwd=tmp_path,  # no .env here
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == "FAIL token: TELEGRAM_BOT_TOKEN is not set (see .env.example)"
    assert len(lines) == 5 and lines[-1] == "4 check(s) failed"


async def test_healthz_answers_on_the_webhook_server(
    server: TelegramServer, indexed: tuple[Settings, Services], tmp_path: Path
) -> None:
    settings = make_bot_settings(
        indexed[0],
        server,
        tmp_path,
        users=[ALLOWED],
        admins=[ADMIN],
        webhook_url="https://bot.example.org/hoidap/tg",
        webhook_port=_free_port(),
    )
    base = f"http://127.0.0.1:{settings.webhook_port}"
    async with running(settings, indexed[1], webhook=webhook_options(settings)) as app:
        assert add_healthz(app)
        async with httpx.AsyncClient() as http:
            ready = await http.get(base + HEALTHZ)
            webhook = await http.post(f"{base}/hoidap/tg", json={"update_id": 1})
            services, app.bot_data.services = app.bot_data.services, None
            starting = await http.get(base + HEALTHZ)
            app.bot_data.services = services
            other = await http.get(f"{base}/healthz-not")
    assert ready.status_code == 200
    body = ready.json()
    assert body["ok"] is True and body["checks"]["ready"] == "ok"
    assert body["checks"]["index"] == "ok: 2 articles"
    assert webhook.status_code == 403  # the webhook path still reaches its secret check
    assert starting.status_code == 503 and starting.json()["checks"]["ready"] == "starting"
    assert other.status_code == 404


def test_serve_adds_healthz_once_the_webhook_server_runs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = BotSettings(  # type: ignore[call-arg]
        _env_file=None,
        telegram_bot_token=SecretStr("123:abc"),
        webhook_url="https://bot.example.org/tg",
        bot_data_dir=tmp_path / "bot",
    )
    app = build_application(settings, lambda _s: None)  # type: ignore[arg-type,return-value]
    ran: list[dict[str, object]] = []
    monkeypatch.setattr(type(app), "run_webhook", lambda self, **options: ran.append(options))
    serve(app, settings)
    assert ran and ran[0]["url_path"] == "tg"
    assert app.job_queue is not None
    names = [job.name for job in app.job_queue.jobs()]
    assert "healthz" in names and "retention" in names
