"""Sentence vectors: stored at ingestion, read back by search, used by the answer step."""

from __future__ import annotations

import logging
import shutil

import numpy as np
import pytest

from ingest.pipeline import IngestProgress, run
from retrieval.ask import ask
from retrieval.embedding.base import Embedder
from retrieval.index.chunks import SENTENCE_VECTORS
from retrieval.index.registry import Index
from retrieval.index.sentence_vectors import cosines, pack, quantize, sentence_texts, unpack
from retrieval.services import build_services
from retrieval.settings import Settings


def _unit(rows: int, dim: int, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal((rows, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_packed_vectors_keep_their_cosines() -> None:
    vectors, query = _unit(7, 384), _unit(1, 384, seed=1)[0]
    stored = unpack(pack(vectors), 384)
    assert stored is not None and len(stored) == 7
    exact = vectors @ query
    assert np.abs(np.array(cosines(stored, query)) - exact).max() < 0.005
    # int8 and a scale each: about a quarter of float32's bytes
    assert len(pack(vectors)) < 0.4 * vectors.nbytes * 4 / 3


def test_what_is_not_packed_vectors_reads_as_none() -> None:
    good = pack(_unit(2, 8))
    assert pack(np.zeros((0, 8), dtype=np.float32)) == ""
    assert unpack("", 8) is None
    assert unpack("not base64!", 8) is None
    assert unpack(good[:-8], 8) is None  # cut short
    assert unpack(good, 16) is None  # another model's dimension
    assert len(quantize(np.zeros((3, 8))).scales) == 3  # an all-zero vector does not fail


def test_ingestion_stores_a_vector_per_sentence_and_search_reads_them(
    settings: Settings, embedder: Embedder
) -> None:
    seen: list[IngestProgress] = []
    run(settings, embedder, progress=seen.append)
    assert seen and seen[-1].sentences_embedded > seen[-1].chunks_embedded > 0
    with Index(settings) as index:
        store = index.active()
        rows = list(store.chunk_rows())
    assert rows
    for _, meta, doc, _ in rows:
        stored = unpack(str(meta[SENTENCE_VECTORS]), embedder.identity.dim)
        sentences = sentence_texts([doc])[0]
        assert stored is not None and len(stored) == len(sentences)
    # Each stored vector is its sentence's own (as the model embeds it, within int8).
    _, meta, doc, _ = rows[0]
    sentences = sentence_texts([doc])[0]
    probe = embedder.embed_passages(sentences[:1])[0]
    stored = unpack(str(meta[SENTENCE_VECTORS]), embedder.identity.dim)
    assert stored is not None
    assert cosines(stored, probe)[0] == pytest.approx(1.0, abs=0.01)

    services = build_services(settings, embedder)
    try:
        result = services.search("Ông Ma Xuân Việt giữ chức vụ gì?", 5)
        assert set(result.sentence_cosines) == {h.chunk_id for h in result.hits}
        for hit in result.hits:
            row = result.sentence_cosines[hit.chunk_id]
            assert len(row) == len(sentence_texts([hit.text])[0])
            assert all(0.5 < c <= 1.0 for c in row)
    finally:
        services.close()


def test_an_index_from_before_sentence_vectors_still_answers_and_says_what_to_run(
    settings: Settings, embedder: Embedder, caplog: pytest.LogCaptureFixture
) -> None:
    run(settings, embedder)
    with Index(settings) as index:
        store = index.active()
        ids = [cid for cid, *_ in store.chunk_rows()]
        # As a store written before them: no sentence vectors on any chunk.
        store.chunks.update(ids=ids, metadatas=[{SENTENCE_VECTORS: ""}] * len(ids))
        # and no saved search snapshot (the ingestion's holds them): built from the store
        shutil.rmtree(index.snapshot_folder(index.active_generation()))
    caplog.set_level(logging.WARNING, logger="retrieval.search.snapshot")
    services = build_services(settings, embedder)
    try:
        answer = ask("Ông Ma Xuân Việt giữ chức vụ gì?", None, services)
        assert answer.found and answer.short is not None
        assert answer.short.text == "Phó Trưởng Ban Tổ chức Thành ủy"
    finally:
        services.close()
    assert "python -m ingest --rebuild" in caplog.text

    run(settings, embedder, rebuild=True)
    with Index(settings) as index:
        metas = [meta for _, meta, _, _ in index.active().chunk_rows()]
    assert metas and all(unpack(str(m[SENTENCE_VECTORS]), 384) for m in metas)
