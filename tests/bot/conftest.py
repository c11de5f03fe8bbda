"""Fixtures shared by the bot's tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from bot.settings import BotSettings
from ingest.pipeline import run
from retrieval.embedding.torch_backend import SentenceTransformerEmbedder
from retrieval.services import Services, build_services
from retrieval.settings import Settings
from tests.bot.sample import sample_articles
from tests.telegram_server import Call, TelegramServer


def with_bot_fields(settings: Settings, **fields: object) -> BotSettings:
    """`settings` (what retrieval and ingestion read) plus the bot's own `fields`: the one
    settings object `python -m bot` would build from the environment."""
    return BotSettings.model_validate({**dict(settings), **fields})


def make_bot_settings(
    settings: Settings,
    server: TelegramServer,
    tmp_path: Path | None = None,
    *,
    users: Sequence[int] = (),
    admins: Sequence[int] = (),
    chats: Sequence[int] = (),
    **fields: object,
) -> BotSettings:
    """`settings` as a bot of the local Bot API `server` sees them: its token and address,
    the allow lists (`users`, `admins`, group `chats`; none by default), its data under
    `tmp_path / "bot"` when given, and any other bot `fields` (which win: `admin_user_ids=`
    replaces `admins`)."""
    given: dict[str, object] = {
        "telegram_bot_token": SecretStr(server.token),
        "telegram_api_base_url": server.base_url,
        "allowed_user_ids": list(users),
        "admin_user_ids": list(admins),
        "allowed_chat_ids": list(chats),
    }
    if tmp_path is not None:
        given["bot_data_dir"] = tmp_path / "bot"
    return with_bot_fields(settings, **(given | fields))


async def send(server: TelegramServer, update: dict[str, Any]) -> Call:
    """Push `update`; the bot's next sendMessage."""
    before = len(server.calls("sendMessage"))
    server.push(update)
    return (await server.wait_for("sendMessage", count=before + 1))[before]


@pytest.fixture
async def server() -> AsyncIterator[TelegramServer]:
    server = TelegramServer()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture(scope="module")
def indexed(
    tmp_path_factory: pytest.TempPathFactory,
    base_settings: Settings,
    embedder: SentenceTransformerEmbedder,
) -> Iterator[tuple[Settings, Services]]:
    """The sample articles indexed once per test module (embedding is the slow part), and
    services over them."""
    root = tmp_path_factory.mktemp("bot-index")
    articles = sample_articles(root / "articles")
    settings = base_settings.model_copy(
        update={"chroma_path": root / "chroma", "ingest_sources": [str(articles)]}
    )
    run(settings, embedder)
    services = build_services(settings, embedder)
    yield settings, services
    services.close()
