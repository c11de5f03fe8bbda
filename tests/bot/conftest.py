"""Fixtures shared by the bot's tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from bot.settings import BotSettings
from ingest.pipeline import run
from retrieval.embedding.torch_backend import SentenceTransformerEmbedder
from retrieval.services import Services, build_services
from retrieval.settings import Settings
from tests.bot.sample import sample_articles
from tests.telegram_server import TelegramServer


def with_bot_fields(settings: Settings, **fields: object) -> BotSettings:
    """`settings` (what retrieval and ingestion read) plus the bot's own `fields`: the one
    settings object `python -m bot` would build from the environment."""
    return BotSettings.model_validate({**dict(settings), **fields})


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
