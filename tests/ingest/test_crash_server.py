"""Ingestion killed with SIGKILL at random points, ten times in a row, against a Chroma
server: every article keeps answering, and a final complete run equals a clean build.

The embedded version is `test_crash.py`; this reuses its corpus and kill helpers, with
CHROMA_URL set for the subprocesses. Each killed run also leaves its writer lease behind:
the next run must take it over at once (a dead process on this host), not wait it out.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.pipeline import run
from retrieval.embedding.torch_backend import SentenceTransformerEmbedder
from retrieval.index.registry import LEASE_SECONDS, Index
from retrieval.search.dense import search
from retrieval.settings import Settings
from tests.chroma_server import ChromaServer
from tests.ingest.test_crash import (
    N_ARTICLES,
    _answers_every_article,
    _expected_chunk_ids,
    _kill_mid_run,
    _write_corpus,
)

KILLS = 10


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ChromaServer]:
    with ChromaServer(tmp_path / "server-db") as server:
        yield server


@pytest.mark.slow
def test_ten_kills_against_the_server_then_a_clean_index(
    settings: Settings,
    embedder: SentenceTransformerEmbedder,
    server: ChromaServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    settings = settings.model_copy(
        update={
            "chroma_url": server.url,
            "chroma_collection": "crash",
            "ingest_sources": [str(folder)],
        }
    )
    # `_kill_mid_run` hands its environment to `python -m ingest`: point it at the server.
    monkeypatch.setenv("CHROMA_URL", server.url)
    monkeypatch.setenv("CHROMA_COLLECTION", settings.chroma_collection)
    _write_corpus(folder, revision=0)
    run(settings, embedder)

    rng = random.Random(20261130)
    kills = 0
    for revision in range(1, KILLS + 1):
        _write_corpus(folder, revision)
        delay = rng.choice((0.0, 0.002, 0.01, 0.05, 0.2))
        started = time.monotonic()
        killed = _kill_mid_run(settings, folder, rng.randint(1, 8), delay)
        assert time.monotonic() - started < 600
        kills += killed
        with Index(settings) as index:
            # The killed writer's lease is not live: the next run is not refused.
            assert index.state().writer is None
            store = index.open_for(embedder.identity)
            leftovers = _answers_every_article(store)
            texts = store.article_texts(list(store.committed())).values()
            fresh = sum(f"lần {revision}." in rec.text for rec in texts)
            print(f"kill {revision}: {fresh} new / {N_ARTICLES} articles, {leftovers} invisible")
            assert search("Super Bowl 50", embedder, store, k=3)
    assert kills >= KILLS - 2, f"only {kills} of {KILLS} runs were killed mid-run"

    started = time.monotonic()
    report = run(settings, embedder)
    assert time.monotonic() - started < LEASE_SECONDS + 120
    assert not report.failed

    clean = settings.model_copy(update={"chroma_collection": f"clean{uuid.uuid4().hex[:6]}"})
    run(clean, embedder)
    with Index(settings) as index, Index(clean) as clean_index:
        store = index.open_for(embedder.identity)
        clean_store = clean_index.open_for(embedder.identity)
        chunks = store.chunk_index()
        # The same chunks as a clean build, each once, all visible, none orphaned.
        assert (
            set(chunks) == set(clean_store.chunk_index()) == _expected_chunk_ids(folder, settings)
        )
        assert store.chunks.count() == len(chunks)
        assert len(chunks) == sum(rec.chunks for rec in store.committed().values())
        assert {a: r.version for a, r in store.committed().items()} == {
            a: r.version for a, r in clean_store.committed().items()
        }
        assert _answers_every_article(store) == 0
        assert index.state().snapshot_current
