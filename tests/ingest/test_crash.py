"""Ingestion killed with SIGKILL mid-run: the index keeps answering, then heals."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.article import article_id
from ingest.chunking import chunk_text
from ingest.loaders import load_file
from ingest.pipeline import run
from retrieval.embedding.torch_backend import SentenceTransformerEmbedder
from retrieval.index.chunks import chunk_id
from retrieval.index.registry import Index
from retrieval.index.store import Store
from retrieval.search.dense import search
from retrieval.settings import Settings
from tests.conftest import MODEL_CACHE, REPO, XQUAD_PASSAGES

N_ARTICLES = 30


def _write_corpus(folder: Path, revision: int) -> None:
    passages = [json.loads(line) for line in XQUAD_PASSAGES.read_text("utf-8").splitlines()]
    for i in range(N_ARTICLES):
        first, second = passages[2 * i], passages[2 * i + 1]
        # Each revision changes the second paragraph, so every article gets a new version
        # that still shares its first chunk with the previous one.
        body = f"{first['text']}\n\n{second['text']} (Bản cập nhật lần {revision}.)"
        title = first["title"].replace("_", " ")
        (folder / f"bai_{i:03d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")


def _kill_mid_run(settings: Settings, folder: Path, after_events: int, delay: float) -> bool:
    """Start `python -m ingest` and SIGKILL it mid-run; True if it was killed.

    The kill comes `delay` seconds after the pipeline's `after_events`-th "wrote" or
    "committed" log line, so it lands inside embedding, writing, committing or cleaning.
    """
    env = {
        **os.environ,
        "CHROMA_PATH": str(settings.chroma_path),
        "MODEL_CACHE_DIR": str(MODEL_CACHE),
        "INGEST_BATCH_CHUNKS": "6",
        "LOG_LEVEL": "INFO",
        "PYTHONPATH": str(REPO),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "ingest", str(folder)],
        cwd=folder.parent,  # no .env there
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    seen = 0
    deadline = time.monotonic() + 600
    try:
        for line in proc.stderr:
            if " wrote " in line or " committed " in line:
                seen += 1
                if seen >= after_events:
                    time.sleep(delay)
                    break
            assert time.monotonic() < deadline, "ingest subprocess hung"
        killed = proc.poll() is None
        if killed:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        return killed
    finally:
        if proc.poll() is None:
            proc.kill()


def _expected_chunk_ids(folder: Path, settings: Settings) -> set[str]:
    ids = set()
    for path in sorted(folder.glob("*.txt")):
        for art in load_file(path, max_bytes=10**8).articles:
            for c in chunk_text(art.text, settings.chunk_target_chars):
                ids.add(chunk_id(art.id, art.version, c.index))
    return ids


def _answers_every_article(store: Store) -> int:
    """Each article is visible in exactly one complete version (old or new).

    Returns how many chunks are invisible (written by the killed run, not yet committed).
    """
    committed = store.committed()
    assert len(committed) == N_ARTICLES, "an article vanished"
    visible: dict[str, int] = {}
    for aid, version, _ in store.chunk_index().values():
        if committed[aid].version == version:
            visible[aid] = visible.get(aid, 0) + 1
    for aid, rec in committed.items():
        assert visible.get(aid) == rec.chunks, f"{rec.title}: {visible.get(aid)} of {rec.chunks}"
    return len(store.chunk_index()) - sum(visible.values())


@pytest.mark.slow
def test_sigkill_mid_ingest_loses_nothing(
    settings: Settings, embedder: SentenceTransformerEmbedder, tmp_path: Path
):
    folder = tmp_path / "corpus"
    folder.mkdir()
    settings = settings.model_copy(update={"ingest_sources": [str(folder)]})
    _write_corpus(folder, revision=0)
    run(settings, embedder)

    rng = random.Random(20261129)
    kills = 0
    for revision in (1, 2, 3, 4):
        _write_corpus(folder, revision)
        delay = rng.choice((0.0, 0.002, 0.01, 0.05, 0.2))
        kills += _kill_mid_run(settings, folder, rng.randint(1, 8), delay)
        with Index(settings) as index:
            store = index.open_for(embedder.identity)
            leftovers = _answers_every_article(store)
            texts = store.article_texts(list(store.committed())).values()
            fresh = sum(f"lần {revision}." in rec.text for rec in texts)
            print(
                f"revision {revision}: {fresh} new / {N_ARTICLES} articles, {leftovers} invisible"
            )
            assert search("Super Bowl 50", embedder, store, k=3)
    assert kills >= 2, "the subprocess finished before it could be killed"

    report = run(settings, embedder)
    with Index(settings) as index:
        store = index.open_for(embedder.identity)
        chunks = store.chunk_index()
        assert set(chunks) == _expected_chunk_ids(folder, settings)  # = a clean build's ids
        assert len(chunks) == sum(rec.chunks for rec in store.committed().values())
        assert {aid for aid, _, _ in chunks.values()} == {
            article_id(str(p.resolve())) for p in folder.glob("*.txt")
        }
        _answers_every_article(store)
        assert search("Super Bowl 50", embedder, store, k=3)
    assert not report.failed
