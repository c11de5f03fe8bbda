"""Admin ingestion from Telegram, /nguon and webhook mode: the real Application against the
local Bot API server, real ingestion with the session's e5 model into a real Chroma index.
Assertions are on the requests the bot made (and their timestamps)."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import re
import shutil
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web
from pydantic import SecretStr

from bot.admin_ingest import safe_name, save_upload
from bot.messages import REINDEX_STARTED
from bot.serving import ALLOWED_UPDATES, webhook_options
from bot.settings import BotSettings
from ingest.pipeline import run
from retrieval.embedding.torch_backend import SentenceTransformerEmbedder
from retrieval.services import Services, build_services
from retrieval.settings import Settings
from tests.bot.conftest import make_bot_settings, with_bot_fields
from tests.bot.sample import sample_articles
from tests.bot.test_bot import running
from tests.conftest import XQUAD_PASSAGES
from tests.telegram_html import assert_valid_html
from tests.telegram_server import (
    Call,
    TelegramServer,
    private_document,
    private_text,
)

ALLOWED = 111
ADMIN = 222
ADMIN2 = 223
SAMPLE_QUESTION = "Nhiệm vụ trọng tâm năm 2018 là gì?"
SAMPLE_ANSWER = "nghiên cứu đề xuất mô hình tổ chức đảng ở các doanh nghiệp nhà nước"

SPECIAL = {
    "title": "Điện lực <A&B> công bố lịch cắt điện",
    "text": (
        "Công ty Điện lực A&B thông báo lịch cắt điện tại khu vực <Bến Nghé> vào ngày "
        "5/5/2024, từ 8 giờ đến 17 giờ, để bảo trì trạm biến áp 110kV."
    ),
    "url": "https://example.vn/tin?id=1&lang=vi",
    "source": "Báo <Thử> & Cộng sự",
    "published": "2024-05-01",
}

SOLAR_TITLE = "Hội thảo điện mặt trời áp mái tại Cần Thơ"
SOLAR = (
    f"{SOLAR_TITLE}\n\n"
    "Ngày 3/3/2024, Sở Công Thương thành phố Cần Thơ tổ chức hội thảo về phát triển điện "
    "mặt trời áp mái cho hộ gia đình và doanh nghiệp.\n\n"
    "Theo báo cáo tại hội thảo, thành phố Cần Thơ đặt mục tiêu lắp đặt 500 MW điện mặt trời "
    "áp mái đến năm 2030, ưu tiên các khu công nghiệp Trà Nóc và Hưng Phú.\n"
)
SOLAR_QUESTION = "Cần Thơ đặt mục tiêu lắp đặt bao nhiêu MW điện mặt trời áp mái?"

# Enough new articles that /reindex runs for a few seconds even with the int8 model
# (about 25 chunks/s on two cores), so progress edits and a concurrent question fit in.
BULK = 96
XQUAD_QUESTION = "Đội thủ của Panthers dẫn đầu NFL về số lần đoạt bóng với bao nhiêu lần?"


# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base(
    tmp_path_factory: pytest.TempPathFactory,
    base_settings: Settings,
    embedder: SentenceTransformerEmbedder,
) -> Path:
    """A folder with the sample article and one HTML-special article, and an index of it,
    built once. Tests never write to this folder (article ids come from file paths, so it
    stays where it is and each test copies only the index)."""
    root = tmp_path_factory.mktemp("admin-base")
    articles = sample_articles(root / "articles", SPECIAL)
    settings = base_settings.model_copy(
        update={"chroma_path": root / "chroma", "ingest_sources": [str(articles)]}
    )
    run(settings, embedder)
    return root


@pytest.fixture
def copied(base: Path, tmp_path: Path, base_settings: Settings) -> BotSettings:
    """This test's own index (a copy of the base one, nothing opened yet) and its own, empty
    first source folder: where uploads are saved and new files are put."""
    shutil.copytree(base / "chroma", tmp_path / "chroma")
    (tmp_path / "articles").mkdir()
    return with_bot_fields(
        base_settings,
        chroma_path=tmp_path / "chroma",
        ingest_sources=[str(tmp_path / "articles"), str(base / "articles")],
        bot_data_dir=tmp_path / "bot",
    )


@pytest.fixture
def work(
    copied: BotSettings, embedder: SentenceTransformerEmbedder
) -> Iterator[tuple[BotSettings, Services]]:
    settings = copied
    services = build_services(settings, embedder)
    yield settings, services
    services.close()


def bot_settings(settings: BotSettings, server: TelegramServer, **fields: Any) -> BotSettings:
    """This module's bot: one allowed user and one admin, unless `fields` say otherwise."""
    return make_bot_settings(settings, server, users=[ALLOWED], admins=[ADMIN], **fields)


async def say(server: TelegramServer, user_id: int, text: str) -> Call:
    """`text` in `user_id`'s private chat; the bot's next message there."""
    before = len(_to(server, user_id))
    server.push(private_text(user_id, text))
    sent = await server.wait_for("sendMessage", count=before + 1, where=_chat(user_id))
    return sent[before]


async def summary_of(server: TelegramServer, user_id: int) -> Call:
    """The edit of `user_id`'s status message that carries the final summary."""
    done = await server.wait_for(
        "editMessageText", timeout=120, where=lambda c: _chat(user_id)(c) and _final(c)
    )
    return done[0]


def _final(call: Call) -> bool:
    text = str(call.params.get("text", ""))
    return "Cập nhật chỉ mục xong" in text or "Không cập nhật được" in text


def _chat(user_id: int) -> Callable[[Call], bool]:
    return lambda c: c.params.get("chat_id") == user_id


def _to(server: TelegramServer, user_id: int) -> list[Call]:
    return [c for c in server.calls("sendMessage") if c.params.get("chat_id") == user_id]


def count(summary: str, label: str) -> int:
    match = re.search(rf"{label}\s+(\d+)", summary)
    assert match, f"{label!r} not in {summary!r}"
    return int(match.group(1))


# --- /reindex ----------------------------------------------------------------------------

PROGRESS_SECONDS = 0.3


async def test_reindex_edits_one_message_while_another_user_is_answered(
    server: TelegramServer, work: tuple[BotSettings, Services]
) -> None:
    settings, services = work
    folder = Path(settings.ingest_sources[0])
    passages = [json.loads(line) for line in XQUAD_PASSAGES.read_text("utf-8").splitlines()]
    for p in passages[:BULK]:
        (folder / f"{p['pid']}.txt").write_text(f"{p['title']}\n\n{p['text']}\n", "utf-8")
    (folder / "empty.txt").write_text("", "utf-8")
    # Frequent edits: the run takes a few seconds, however fast the machine embeds.
    settings = bot_settings(settings, server).model_copy(
        update={"reindex_progress_seconds": PROGRESS_SECONDS}
    )

    async with running(settings, services):
        refused = await say(server, ALLOWED, "/reindex")
        before = await say(server, ALLOWED, XQUAD_QUESTION)
        status = await say(server, ADMIN, "/reindex")
        # While it runs: another user's question, and a second /reindex.
        answer = await say(server, ALLOWED, SAMPLE_QUESTION)
        busy = await say(server, ADMIN, "/reindex")
        done = await summary_of(server, ADMIN)
        after = await say(server, ALLOWED, XQUAD_QUESTION)

    assert "chỉ dành cho quản trị viên" in refused.params["text"]
    assert "Super_Bowl_50" not in before.params["text"]  # not indexed yet
    assert "Đang cập nhật chỉ mục" in status.params["text"]
    assert SAMPLE_ANSWER in answer.params["text"]
    assert status.at < answer.at < done.at, "the question waited for the ingestion"
    assert "Đang có một lượt cập nhật" in busy.params["text"]
    assert busy.at < done.at

    # One message, edited in place: never the same text twice, not more often than asked.
    edits = server.calls("editMessageText")
    assert edits and edits[-1] == done
    assert {(e.params["chat_id"], e.params["message_id"]) for e in edits} == {
        (ADMIN, edits[0].params["message_id"])
    }
    texts = [status.params["text"]] + [e.params["text"] for e in edits]
    assert all(a != b for a, b in itertools.pairwise(texts))
    progress = edits[:-1]
    assert progress, "no progress edit during a run of several seconds"
    assert all("Nguồn:" in e.params["text"] for e in progress)
    for a, b in itertools.pairwise(progress):
        assert b.at - a.at >= PROGRESS_SECONDS * 0.9
    assert len(_to(server, ADMIN)) == 2  # the status message and the "busy" answer

    summary = done.params["text"]
    assert done.params["parse_mode"] == "HTML"
    assert_valid_html(summary)
    assert count(summary, "Thêm mới") == BULK
    assert count(summary, "Không đổi") == 2
    assert count(summary, "Lỗi") == 1
    assert "<code>empty.txt</code>: empty file" in summary
    assert "… và" in summary  # 48 new titles are not all listed

    # The retriever was refreshed: the new articles answer at once.
    assert "24" in after.params["text"] and "[1] Super_Bowl_50" in after.params["text"]


# --- documents and URLs ------------------------------------------------------------------


async def test_an_uploaded_document_becomes_searchable(
    server: TelegramServer, work: tuple[BotSettings, Services]
) -> None:
    settings, services = work
    folder = Path(settings.ingest_sources[0])
    settings = bot_settings(settings, server)
    name = "../Báo cáo: điện mặt trời?.txt"
    solar = server.upload(SOLAR.encode("utf-8"), name)
    other = server.upload(SOLAR.replace("500 MW", "700 MW").encode("utf-8"), name)

    async with running(settings, services):
        not_yet = await say(server, ALLOWED, SOLAR_QUESTION)
        server.push(private_document(ADMIN, solar))
        first = await summary_of(server, ADMIN)
        answer = await say(server, ALLOWED, SOLAR_QUESTION)
        # The same name with other content: kept apart, not overwritten.
        server.push(private_document(ADMIN, other))
        second = (await server.wait_for("editMessageText", count=2, where=_final))[1]
        # The first file again: no second copy, no second article.
        server.push(private_document(ADMIN, solar))
        third = (await server.wait_for("editMessageText", count=3, where=_final))[2]
        listing = sorted(p.name for p in folder.iterdir())
        # The second copy deleted: `/reindex prune` drops its article.
        (folder / "Báo cáo_ điện mặt trời_ (2).txt").unlink()
        server.push(private_text(ADMIN, "/reindex prune"))
        pruned = (await server.wait_for("editMessageText", count=4, where=_final))[3]

    assert "500 MW" not in not_yet.params["text"]
    assert [c.params["file_id"] for c in server.calls("getFile")] == [
        solar["file_id"],
        other["file_id"],
        solar["file_id"],
    ]
    assert len(server.calls("download")) == 3
    # Only the status messages went to the admin: the document was not taken for a
    # question or a "text only" hint.
    assert [c.params["text"] for c in _to(server, ADMIN)] == [
        "⏳ <b>Đang xử lý</b> <code>../Báo cáo: điện mặt trời?.txt</code>…"
    ] * 3 + [REINDEX_STARTED]

    saved = "Báo cáo_ điện mặt trời_.txt"
    assert listing == sorted([saved, "Báo cáo_ điện mặt trời_ (2).txt"])
    assert (folder / saved).read_text("utf-8") == SOLAR
    assert f"Đã lưu tệp: <code>{saved}</code>" in first.params["text"]
    assert count(first.params["text"], "Thêm mới") == 1
    assert SOLAR_TITLE in first.params["text"]
    assert_valid_html(first.params["text"])

    text = answer.params["text"]
    assert "500 MW" in text and f"[1] {SOLAR_TITLE}" in text

    assert "Báo cáo_ điện mặt trời_ (2).txt" in second.params["text"]
    assert count(second.params["text"], "Thêm mới") == 1
    assert f"<code>{saved}</code>" in third.params["text"]
    assert count(third.params["text"], "Thêm mới") == 0
    assert count(third.params["text"], "Không đổi") == 1
    assert count(pruned.params["text"], "Đã xoá") == 1
    assert count(pruned.params["text"], "Không đổi") == 3  # sample, special, first upload


async def test_documents_that_cannot_be_ingested_are_declined_clearly(
    server: TelegramServer, work: tuple[BotSettings, Services]
) -> None:
    settings, services = work
    settings = bot_settings(settings, server, max_file_mb=0.001)  # about 1 KB
    big = server.upload(SOLAR.encode("utf-8") * 5, "bài dài.txt")
    exe = server.upload(b"MZ\x90\x00", "setup.exe", "application/octet-stream")
    small = server.upload(SOLAR.encode("utf-8"), "ngắn.txt")
    # No size announced: only getFile finds out (Telegram's 20 MB limit).
    huge = server.upload(b"x" * (20 * 1024 * 1024 + 1), "rất lớn.pdf", "application/pdf")
    del huge["file_size"]

    async with running(settings, services):
        server.push(private_document(ADMIN, big))
        too_big = (await server.wait_for("sendMessage", where=_chat(ADMIN)))[0]
        server.push(private_document(ADMIN, exe))
        unsupported = (await server.wait_for("sendMessage", count=2, where=_chat(ADMIN)))[1]
        server.push(private_document(ADMIN, huge))
        too_huge = (await server.wait_for("editMessageText"))[0]
        # A non-admin's document is not ingested (nor downloaded).
        server.push(private_document(ALLOWED, small))
        await say(server, ADMIN, "/id")

    assert "bài dài.txt" in too_big.params["text"] and "vượt giới hạn" in too_big.params["text"]
    assert "MAX_FILE_MB" in too_big.params["text"]
    assert ".docx" in unsupported.params["text"] and ".pdf" in unsupported.params["text"]
    assert "rất lớn.pdf" in too_huge.params["text"]
    assert "tối đa 20 MB" in too_huge.params["text"]
    assert "telegram-bot-api" in too_huge.params["text"]
    assert [c.params["file_id"] for c in server.calls("getFile")] == [huge["file_id"]]
    assert server.calls("download") == []
    assert [t for t in server.sent_texts() if "Đang xử lý" in t] == [
        "⏳ <b>Đang xử lý</b> <code>rất lớn.pdf</code>…"
    ]
    assert list(Path(settings.ingest_sources[0]).iterdir()) == []


@pytest.fixture
async def site() -> AsyncIterator[str]:
    """A news site on 127.0.0.1 with one article page."""
    page = f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{SOLAR_TITLE}</title><meta property="og:site_name" content="Báo Cần Thơ">
<meta property="article:published_time" content="2024-03-03T09:00:00+07:00"></head>
<body><nav><a href="/">Trang chủ</a></nav><article><h1>{SOLAR_TITLE}</h1>
{"".join(f"<p>{p}</p>" for p in SOLAR.split(chr(10) * 2)[1:])}</article>
<footer>Bản quyền thuộc Báo Cần Thơ.</footer></body></html>"""

    async def article(request: web.Request) -> web.Response:
        return web.Response(text=page, content_type="text/html", charset="utf-8")

    app = web.Application()
    app.router.add_get("/tin/dien-mat-troi.html", article)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    port = tcp._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/tin/dien-mat-troi.html"
    await runner.cleanup()


async def test_an_admin_url_is_fetched_and_ingested(
    server: TelegramServer, work: tuple[BotSettings, Services], site: str
) -> None:
    settings, services = work
    # The site is on 127.0.0.1, which the fetch policy refuses unless FETCH_ALLOW_HOSTS says.
    settings = bot_settings(settings, server, fetch_allow_hosts=["127.0.0.1"])
    async with running(settings, services):
        status = await say(server, ADMIN, f"  {site} ")
        done = await summary_of(server, ADMIN)
        answer = await say(server, ALLOWED, SOLAR_QUESTION)
        # The same URL from a user who is not an admin is just a question.
        not_admin = await say(server, ALLOWED, site)

    assert f"<code>{site}</code>" in status.params["text"]
    assert count(done.params["text"], "Thêm mới") == 1
    assert SOLAR_TITLE in done.params["text"]
    text = answer.params["text"]
    assert "500 MW" in text
    assert f'[1] <a href="{site}">{SOLAR_TITLE}</a>' in text
    assert "Đang xử lý" not in not_admin.params["text"]


# --- REINDEX_INTERVAL --------------------------------------------------------------------


async def test_scheduled_reindex_tells_admins_only_about_changes_and_new_failures(
    server: TelegramServer, work: tuple[BotSettings, Services], caplog: pytest.LogCaptureFixture
) -> None:
    settings, services = work
    folder = Path(settings.ingest_sources[0])
    settings = bot_settings(
        settings, server, admin_user_ids=[ADMIN, ADMIN2], reindex_interval=timedelta(seconds=1)
    )
    caplog.set_level(logging.INFO, logger="bot.admin_ingest")

    def quiet_runs() -> int:
        return sum("nothing changed" in r.getMessage() for r in caplog.records)

    async def wait_quiet_runs(n: int) -> None:
        async with asyncio.timeout(30):
            while quiet_runs() < n:
                await asyncio.sleep(0.1)

    async with running(settings, services):
        await wait_quiet_runs(1)
        assert server.calls("sendMessage") == []
        (folder / "solar.txt").write_text(SOLAR, "utf-8")
        added = await server.wait_for("sendMessage", count=2)
        (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
        failed = (await server.wait_for("sendMessage", count=4))[2:]
        quiet = quiet_runs()
        await wait_quiet_runs(quiet + 2)  # the same broken file: not told again
        answer = await say(server, ALLOWED, SOLAR_QUESTION)

    assert {c.params["chat_id"] for c in added} == {ADMIN, ADMIN2}
    assert {c.params["chat_id"] for c in failed} == {ADMIN, ADMIN2}
    for call in added:
        assert count(call.params["text"], "Thêm mới") == 1
        assert SOLAR_TITLE in call.params["text"]
        assert_valid_html(call.params["text"])
    for call in failed:
        assert count(call.params["text"], "Thêm mới") == 0
        assert "<code>broken.pdf</code>" in call.params["text"]
    assert len(server.calls("sendMessage")) == 5  # 4 summaries and the answer
    assert "500 MW" in answer.params["text"]


# --- /nguon ------------------------------------------------------------------------------


async def test_nguon_lists_the_articles_newest_first_with_their_sources(
    server: TelegramServer, work: tuple[BotSettings, Services]
) -> None:
    settings, services = work
    async with running(bot_settings(settings, server), services):
        reply = await say(server, ALLOWED, "/nguon")
    text = reply.params["text"]
    assert_valid_html(text)
    assert "Hệ thống có 2 bài viết" in text
    special = (
        '• <a href="https://example.vn/tin?id=1&amp;lang=vi">Điện lực &lt;A&amp;B&gt; công bố '
        "lịch cắt điện</a> — Báo &lt;Thử&gt; &amp; Cộng sự · 01/05/2024"
    )
    # Dated from its lede ("Sáng 8/2") and the year its text is written in.
    sample = "• Chú trọng nâng cao chất lượng tổ chức Cơ sở Đảng và đảng viên — VOH · 08/02/2018"
    assert special in text and sample in text
    assert text.index(special) < text.index(sample)  # newest first
    assert "• Báo &lt;Thử&gt; &amp; Cộng sự: 1" in text and "• VOH: 1" in text
    assert "chưa có ngày" not in text  # both are dated
    commands = [c["command"] for c in server.commands]
    assert {"nguon", "reindex"} <= set(commands)


# --- webhook -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_webhook_mode_registers_a_secret_and_rejects_requests_without_it(
    server: TelegramServer, work: tuple[BotSettings, Services]
) -> None:
    settings, services = work
    settings = bot_settings(
        settings, server, webhook_url="https://bot.example.org/hoidap/tg", webhook_port=_free_port()
    )
    options = webhook_options(settings)
    assert options["listen"] == "127.0.0.1" and options["url_path"] == "hoidap/tg"
    secret = str(options["secret_token"])
    assert re.fullmatch(r"[A-Za-z0-9_-]{32,256}", secret)
    assert webhook_options(settings)["secret_token"] != secret  # random per start

    url = f"http://127.0.0.1:{settings.webhook_port}/hoidap/tg"
    question = private_text(ALLOWED, SAMPLE_QUESTION)
    async with running(settings, services, webhook=options), httpx.AsyncClient() as http:
        assert server.webhook["url"] == "https://bot.example.org/hoidap/tg"
        assert server.webhook["secret_token"] == secret
        assert server.webhook["allowed_updates"] == ALLOWED_UPDATES
        wrong = await http.post(
            url, json=question, headers={"X-Telegram-Bot-Api-Secret-Token": "not-it"}
        )
        missing = await http.post(url, json=question)
        ok = await http.post(
            url, json=question, headers={"X-Telegram-Bot-Api-Secret-Token": secret}
        )
        answer = (await server.wait_for("sendMessage"))[0]
        await asyncio.sleep(0.5)  # time for a wrongly accepted update to be answered too

    assert wrong.status_code == 403 and missing.status_code == 403
    assert ok.status_code == 200
    assert SAMPLE_ANSWER in answer.params["text"]
    assert len(server.calls("sendMessage")) == 1
    assert server.calls("getUpdates") == []


def test_configured_webhook_secret_is_used_and_checked() -> None:
    settings = BotSettings(  # type: ignore[call-arg]
        _env_file=None,
        webhook_url="https://x.org/a/b/",
        webhook_secret_token=SecretStr("s3cret_-X"),
    )
    options = webhook_options(settings)
    assert options["secret_token"] == "s3cret_-X" and options["url_path"] == "a/b"
    assert options["port"] == 8443
    with pytest.raises(ValueError, match="WEBHOOK_SECRET_TOKEN"):
        BotSettings(_env_file=None, webhook_secret_token=SecretStr("has space"))  # type: ignore[call-arg]


# --- `make run` and the pieces --------------------------------------------------------------


def test_auto_without_token_or_terminal_answers_the_question_once(
    copied: BotSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bot.__main__ import main

    settings = copied
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "")
    monkeypatch.setenv("CHROMA_PATH", str(settings.chroma_path))
    monkeypatch.setenv("MODEL_CACHE_DIR", str(settings.model_cache_dir))
    # pytest's stdin is not a terminal, as in CI or `make run < /dev/null`.
    assert main(["--auto", "--question", SAMPLE_QUESTION]) == 0
    captured = capsys.readouterr()
    assert "no terminal" in captured.err
    assert SAMPLE_ANSWER in " ".join(captured.out.split())  # rich wraps lines


@pytest.mark.parametrize(
    ("name", "saved"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\win\\x.MD", "x.md"),
        (".hidden.txt", "hidden.txt"),
        ("Báo cáo  tháng 3\u0000.DOCX", "Báo cáo tháng 3_.docx"),
        ("Tin tức (bản cuối).txt", "Tin tức (bản cuối).txt"),
        ("a" * 300 + ".pdf", "a" * 100 + ".pdf"),
        ("<>:?.html", "____.html"),
        ("....txt", "tai-lieu.txt"),
        ("", "tai-lieu"),
    ],
)
def test_safe_name(name: str, saved: str) -> None:
    assert safe_name(name) == saved


def test_save_upload_never_overwrites_a_different_file(tmp_path: Path) -> None:
    part = tmp_path / ".part"
    part.write_bytes(b"one")
    first = save_upload(part, tmp_path, "tin.txt")
    part.unlink()  # as after every upload: the saved file may be a hard link to it
    part.write_bytes(b"two")
    second = save_upload(part, tmp_path, "tin.txt")
    again = save_upload(part, tmp_path, "tin.txt")
    assert (first.name, second.name, again.name) == ("tin.txt", "tin (2).txt", "tin (2).txt")
    assert first.read_bytes() == b"one" and second.read_bytes() == b"two"
