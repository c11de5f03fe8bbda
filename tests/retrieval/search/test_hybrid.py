"""Hybrid retrieval end to end: the real model, Chroma and the sample article."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from ingest.pipeline import run
from retrieval.embedding.torch_backend import SentenceTransformerEmbedder
from retrieval.index.chunks import ArticleRecord, ChunkRecord, chunk_id, indexed_text
from retrieval.index.registry import Index
from retrieval.index.store import Store
from retrieval.search.hybrid import HybridRetriever
from retrieval.search.lexical import LexicalIndex
from retrieval.search.snapshot import Snapshot
from retrieval.settings import Settings

ANSWER = "nghiên cứu đề xuất mô hình tổ chức đảng ở các doanh nghiệp nhà nước"
QUESTIONS = ("Nhiệm vụ trọng tâm năm 2018 là gì?", "nhiem vu trong tam nam 2018 la gi")


@pytest.fixture
def store(settings: Settings, embedder: SentenceTransformerEmbedder) -> Iterator[Store]:
    report = run(settings, embedder)
    assert report.exit_code == 0
    with Index(settings) as index:
        yield index.open_for(embedder.identity)


@pytest.fixture(params=["snapshot", "store"])
def retriever(
    store: Store, embedder: SentenceTransformerEmbedder, request: pytest.FixtureRequest
) -> HybridRetriever:
    """With the snapshot's passages (text and vectors from memory, as `open` gives), and
    without (text and vectors from the store): both paths must answer the same."""
    snapshot = Snapshot.empty(store.collection_id).updated(store)
    passages = snapshot.passages if request.param == "snapshot" else None
    return HybridRetriever(
        store=store, embedder=embedder, lexical=snapshot.lexical, passages=passages
    )


def _contains_answer(text: str) -> bool:
    return ANSWER in " ".join(text.split())


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("method", ["weighted", "rrf"])
def test_the_answer_passage_is_in_the_top_3(
    retriever: HybridRetriever, question: str, method: str
) -> None:
    retriever = retriever.model_copy(update={"fusion": method})
    hits = retriever.retrieve(question, 3)
    assert any(_contains_answer(h.text) for h in hits), [h.text[:80] for h in hits]


def test_scores_hold_the_fused_score_and_each_hits_dense_cosine(
    retriever: HybridRetriever, store: Store, embedder: SentenceTransformerEmbedder
) -> None:
    result = retriever.search(QUESTIONS[0], 5)
    assert len(result.hits) == min(5, store.chunks.count())
    fused = [h.score for h in result.hits]
    assert fused == sorted(fused, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in fused)  # weighted min-max: [0, 1]
    vector = embedder.embed_queries([QUESTIONS[0]])[0]
    vectors = store.vectors([h.chunk_id for h in result.hits])
    for hit in result.hits:
        assert hit.text and hit.article_id and hit.end > hit.start
        cosine = float(vectors[hit.chunk_id] @ vector)
        assert result.dense_scores[hit.chunk_id] == pytest.approx(cosine, abs=1e-4)
        assert result.lexical_scores[hit.chunk_id] >= 0.0


def test_an_uncommitted_chunk_is_never_returned(
    retriever: HybridRetriever, store: Store, embedder: SentenceTransformerEmbedder
) -> None:
    # The perfect match for both questions, written but never committed (as an ingestion
    # still running leaves it), with the question's own vector.
    article_id = next(iter(store.committed()))
    text = f"Nhiệm vụ trọng tâm năm 2018 (nhiem vu trong tam nam 2018) là {ANSWER}."
    record = ArticleRecord(article_id, "uncommitted", "Nhiệm vụ trọng tâm", "", "", "", "x", 1)
    chunk = ChunkRecord(
        chunk_id(article_id, "uncommitted", 0),
        article_id,
        "uncommitted",
        0,
        0,
        0,
        len(text),
        text,
        "h",
    )
    store.write_chunks([(chunk, record)], embedder.embed_queries([QUESTIONS[0]]))

    # A BM25 index that holds it too: one built before the store changed under it.
    got = store.chunks.get(include=["metadatas", "documents"])
    stale = LexicalIndex.from_texts(
        (cid, indexed_text(meta, doc))
        for cid, meta, doc in zip(got["ids"], got["metadatas"], got["documents"], strict=True)
    )
    assert stale.search(QUESTIONS[0], 1)[0][0] == chunk.id
    for method in ("weighted", "rrf"):
        stale_retriever = retriever.model_copy(update={"lexical": stale, "fusion": method})
        for question in QUESTIONS:
            result = stale_retriever.search(question, 20)
            assert chunk.id not in [h.chunk_id for h in result.hits]
            assert any(_contains_answer(h.text) for h in result.hits[:3])


def test_a_removed_article_is_never_returned(
    retriever: HybridRetriever, store: Store, embedder: SentenceTransformerEmbedder
) -> None:
    # Removed after the snapshot was made: its chunks are still in the snapshot's lexical
    # and vector indexes, and must not come back from either.
    before = retriever.search(QUESTIONS[0], 20)
    assert before.hits
    gone = before.hits[0].article_id
    store.remove_article(gone)
    for question in QUESTIONS:
        assert all(h.article_id != gone for h in retriever.search(question, 20).hits)


def test_a_langchain_retriever(retriever: HybridRetriever) -> None:
    docs = retriever.model_copy(update={"k": 3}).invoke(QUESTIONS[1])
    assert len(docs) == 3
    assert any(_contains_answer(d.page_content) for d in docs)
    meta = docs[0].metadata
    assert {"chunk_id", "article_id", "title", "origin", "start", "end", "score"} <= set(meta)
    assert {"dense_score", "lexical_score"} <= set(meta)
    assert docs[0].id == meta["chunk_id"]


def test_empty_question(retriever: HybridRetriever) -> None:
    assert retriever.retrieve("   ", 5) == []
    assert retriever.retrieve("Nhiệm vụ", 0) == []


def test_open_builds_then_reuses_the_snapshot(
    store: Store, embedder: SentenceTransformerEmbedder, tmp_path: Path
) -> None:
    folder = tmp_path / "snapshot"
    first = HybridRetriever.open(store, embedder, folder, k=3)
    assert (folder / "CURRENT").exists() and first.passages is not None
    again = HybridRetriever.open(store, embedder, folder, k=3)
    assert again.lexical.signature == first.lexical.signature
    assert np.array_equal(again.lexical.weights.toarray(), first.lexical.weights.toarray())
    from_store = again.model_copy(update={"passages": None})
    for question in QUESTIONS:
        ours = again.search(question)
        assert ours.hits == first.search(question).hits
        # The same hits, text and cosines as when every read goes to the store.
        theirs = from_store.search(question)
        assert [h.chunk_id for h in ours.hits] == [h.chunk_id for h in theirs.hits]
        assert [h.text for h in ours.hits] == [h.text for h in theirs.hits]
        for cid, cosine in ours.dense_scores.items():
            assert cosine == pytest.approx(theirs.dense_scores[cid], abs=1e-5)
