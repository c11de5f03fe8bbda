"""The chunk contract end to end: chunks written by the real ingestion read back the same
through every search path (Chroma's dense search, the snapshot's BM25 and its vector
index, the hybrid retriever on either), and what is embedded and indexed for BM25 is
exactly the contract's text."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from ingest.chunking import chunk_text
from ingest.loaders import load_file
from ingest.pipeline import run
from retrieval.embedding.base import Embedder
from retrieval.index.chunks import (
    Hit,
    chunk_id,
    embedding_text,
    indexed_text,
    split_chunk_id,
    text_hash,
)
from retrieval.index.registry import Index
from retrieval.index.store import Store
from retrieval.search.hybrid import HybridRetriever
from retrieval.search.lexical import LexicalIndex
from retrieval.search.snapshot import Snapshot
from retrieval.settings import Settings

# "khinh" is in the first title and nowhere else (no body word folds to it either): BM25
# finds it only if the title is indexed with every chunk, as it is embedded.
TITLE_ONLY_WORD = "khinh"
ARTICLES = [
    {
        "id": "balloons",
        "title": "Lễ hội khinh khí cầu ở Đà Lạt",
        "source": "Báo Lâm Đồng",
        "published": "2024-03-12",
        "url": "https://example.org/le-hoi",
        "text": (
            "Sáng 12/3, hơn hai mươi đội bay từ tám quốc gia đã cất cánh trên đồi Robin, "
            "thu hút hàng nghìn du khách đến xem từ sớm.\n\n"
            "Ban tổ chức cho biết mỗi chuyến bay kéo dài chừng bốn mươi phút, tùy theo "
            "hướng gió và nhiệt độ buổi sáng trên cao nguyên.\n\n"
            "Người dân địa phương được đăng ký bay miễn phí vào ngày cuối, với điều kiện "
            "thời tiết thuận lợi."
        ),
    },
    {
        "id": "coffee",
        "title": "Giá cà phê tăng mạnh",
        "source": "VOH",
        "published": "2024-03-14",
        "url": "https://example.org/ca-phe",
        "text": (
            "Giá cà phê nhân xô tại Tây Nguyên tăng thêm 2.000 đồng mỗi ký trong tuần này, "
            "mức cao nhất từ đầu năm.\n\n"
            "Thương lái cho biết nguồn cung giảm vì nhiều nhà vườn giữ hàng chờ giá lên."
        ),
    },
]


@dataclasses.dataclass(frozen=True)
class Indexed:
    store: Store
    saved: Snapshot  # the snapshot the ingestion saved (and published)
    fresh: Snapshot  # one built from the store now
    expected: dict[str, Hit]  # chunk id -> what every path must return (score 0)
    embedded: dict[str, str]  # chunk id -> the contract's embedded text


@pytest.fixture(scope="module")
def indexed(
    tmp_path_factory: pytest.TempPathFactory, base_settings: Settings, embedder: Embedder
) -> Iterator[Indexed]:
    tmp = tmp_path_factory.mktemp("chunks")
    source = tmp / "articles" / "articles.json"
    source.parent.mkdir()
    source.write_text(json.dumps(ARTICLES, ensure_ascii=False), encoding="utf-8")
    settings = base_settings.model_copy(
        update={
            "chroma_path": tmp / "chroma",
            "ingest_sources": [str(source.parent)],
            "chunk_target_chars": 120,  # several chunks per article
        }
    )
    report = run(settings, embedder)
    assert not report.failed and len(report.added) == len(ARTICLES)
    expected, embedded = _expected(source, settings)
    assert len(expected) > len(ARTICLES)
    with Index(settings) as index:
        store = index.open_for(embedder.identity)
        saved = Snapshot.load(index.snapshot_folder(store.generation))
        fresh = Snapshot.empty(store.collection_id).updated(store)
        yield Indexed(store, saved, fresh, expected, embedded)


def _expected(source: Path, settings: Settings) -> tuple[dict[str, Hit], dict[str, str]]:
    """What the loader and chunker make of the source, independently of the store."""
    hits: dict[str, Hit] = {}
    embedded: dict[str, str] = {}
    for article in load_file(source, max_bytes=10**8).articles:
        for c in chunk_text(article.text, settings.chunk_target_chars):
            cid = chunk_id(article.id, article.version, c.index)
            hits[cid] = Hit(
                chunk_id=cid,
                article_id=article.id,
                title=article.title,
                source=article.source,
                published=article.published,
                url=article.url,
                origin=article.origin,
                text=c.text,
                start=c.start,
                end=c.end,
                paragraph=c.paragraph,
                score=0.0,
                published_precision=article.published_precision,
                published_source=article.published_source,
            )
            embedded[cid] = embedding_text(article.title, c.text)
    return hits, embedded


def _unscored(hits: dict[str, Hit]) -> dict[str, Hit]:
    return {cid: dataclasses.replace(hit, score=0.0) for cid, hit in hits.items()}


def test_the_id_format_is_pinned() -> None:
    # Existing indexes hold ids in this form: changing it would orphan every chunk.
    assert chunk_id("1aedea3009184543", "0f3c2b", 7) == "1aedea3009184543-0f3c2b-0007"
    assert split_chunk_id("1aedea3009184543-0f3c2b-0007") == ("1aedea3009184543", "0f3c2b")
    # The version is what lies between the first "-" and the last.
    assert split_chunk_id("a-v-1-0012") == ("a", "v-1")
    assert split_chunk_id("no-version") == ("", "")


def test_ids_round_trip(indexed: Indexed) -> None:
    stored = indexed.store.chunk_index()
    assert set(stored) == set(indexed.expected)
    for cid, (article_id, version, _) in stored.items():
        assert split_chunk_id(cid) == (article_id, version)
        assert chunk_id(article_id, version, int(cid.rsplit("-", 1)[1])) == cid
    for snapshot in (indexed.saved, indexed.fresh):
        assert snapshot.lexical.chunk_ids == sorted(indexed.expected)


def test_stored_metadata_keys_are_pinned(indexed: Indexed) -> None:
    # Existing indexes hold these keys: renaming one would need a rebuild.
    got = indexed.store.chunks.get(include=["metadatas"])
    for meta in got["metadatas"]:
        assert set(meta) == {
            "article_id", "version", "index", "paragraph", "start", "end", "text_hash",
            "title", "source", "published", "url", "origin",
            "published_precision", "published_source", "scopes", "sentence_vectors",
        }  # fmt: skip


def test_every_search_path_returns_the_same_chunk(indexed: Indexed, embedder: Embedder) -> None:
    store, expected = indexed.store, indexed.expected
    n = len(expected)
    articles = store.article_texts(sorted({h.article_id for h in expected.values()}))
    for hit in expected.values():  # the span quotes the article exactly
        assert articles[hit.article_id].text[hit.start : hit.end] == hit.text

    # Chroma, dense: every chunk, looked for with its own stored vector.
    vectors = store.vectors(list(expected))
    for cid, vector in vectors.items():
        top = store.search(vector, 1)[0]
        assert top.chunk_id == cid and top.score == pytest.approx(1.0, abs=1e-5)
    assert _unscored({h.chunk_id: h for h in store.search(vectors[next(iter(vectors))], n)}) == (
        expected
    )

    for snapshot in (indexed.saved, indexed.fresh):
        passages = snapshot.passages
        # The snapshot's vector index (HNSW).
        for cid, vector in vectors.items():
            assert passages.nearest(vector, 1)[0][0] == cid
        nearest = passages.nearest(vectors[next(iter(vectors))], n)
        assert _unscored(passages.hits(dict(nearest))) == expected
        # The snapshot's BM25: each chunk's own text finds it.
        for cid, hit in expected.items():
            assert snapshot.lexical.search(hit.text, 1)[0][0] == cid
        found = snapshot.lexical.search("đồi Robin giá cà phê", n)
        assert found and _unscored(passages.hits(dict(found))) == {
            cid: expected[cid] for cid, _ in found
        }

        # The hybrid retriever, on the snapshot's passages and on the store's.
        for own in (passages, None):
            retriever = HybridRetriever(
                store=store, embedder=embedder, lexical=snapshot.lexical, passages=own
            )
            for hit in expected.values():
                result = retriever.search(hit.text, n)
                assert result.hits[0].chunk_id == hit.chunk_id
                assert _unscored({h.chunk_id: h for h in result.hits}) == expected


def test_bm25_indexes_exactly_the_embedded_text(indexed: Indexed, embedder: Embedder) -> None:
    store, embedded = indexed.store, indexed.embedded
    # The title is indexed with every chunk: a word only the title holds finds exactly the
    # chunks of its article.
    title_article = ARTICLES[0]["title"]
    for snapshot in (indexed.saved, indexed.fresh):
        scores = snapshot.lexical.scores(TITLE_ONLY_WORD)
        matched = {cid for cid, s in zip(snapshot.lexical.chunk_ids, scores, strict=True) if s}
        assert matched == {cid for cid, h in indexed.expected.items() if h.title == title_article}
        # The very same index as one built from the contract's texts.
        ours = LexicalIndex.from_texts(sorted(embedded.items()), analyzer=snapshot.lexical.analyzer)
        for query in (TITLE_ONLY_WORD, "giá cà phê", "đồi Robin", "nhiet do buoi sang"):
            np.testing.assert_array_equal(snapshot.lexical.scores(query), ours.scores(query))

    # What the store reads back for BM25 is the embedded text, its hash is the stored one,
    # and the stored vector is that text's.
    got = store.chunks.get(ids=list(embedded), include=["metadatas", "documents", "embeddings"])
    fresh = embedder.embed_passages([embedded[cid] for cid in got["ids"]])
    for i, (cid, meta, doc) in enumerate(
        zip(got["ids"], got["metadatas"], got["documents"], strict=True)
    ):
        assert indexed_text(meta, doc) == embedded[cid]
        assert meta["text_hash"] == text_hash(embedded[cid])
        assert float(np.dot(got["embeddings"][i], fresh[i])) == pytest.approx(1.0, abs=1e-4)
