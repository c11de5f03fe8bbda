"""The search snapshot: built from the store, kept up to date by reading only what
changed, saved and loaded; equal to a fresh build after any sequence of changes."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import numpy as np
import pytest

from retrieval.index.chunks import ArticleRecord, ChunkRecord, chunk_id
from retrieval.index.registry import Index
from retrieval.index.sentence_vectors import pack, sentence_texts
from retrieval.index.store import Store
from retrieval.search.nearest import NearestIndex
from retrieval.search.snapshot import Snapshot, SnapshotError, load_or_build, store_signature
from retrieval.settings import Settings

QUERIES = ("chủ trì hội nghị", "kinh tế", "nhiem vu trong tam", "mưa rào", "văn kiện")
DIM = 8


def _article(
    store: Store,
    aid: str,
    title: str,
    chunks: list[str],
    *,
    commit: bool = True,
    sentences: bool = True,  # False: written as before sentence vectors existed
) -> ArticleRecord:
    version = f"v{abs(hash((title, tuple(chunks)))) % 10**8}"
    record = ArticleRecord(aid, version, title, "VOH", "2018-02-08", f"https://x/{aid}", aid, 0)
    rng = np.random.default_rng(abs(hash(aid)) % 2**32)

    def packed(text: str) -> str:
        if not sentences:
            return ""
        many = rng.standard_normal((len(sentence_texts([text])[0]), DIM)).astype(np.float32)
        return pack(many / np.linalg.norm(many, axis=1, keepdims=True))

    rows = [
        (ChunkRecord(chunk_id(aid, version, i), aid, version, i, i, 10 * i, 10 * i + len(t), t, t,
                     sentence_vectors=packed(t)),
         record)
        for i, t in enumerate(chunks)
    ]  # fmt: skip
    vectors = rng.standard_normal((len(rows), DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store.write_chunks(rows, vectors)
    if commit:
        store.commit([record])
    return record


def _fresh(store: Store) -> Snapshot:
    return Snapshot.empty(store.collection_id).updated(store)


def _assert_same(a: Snapshot, b: Snapshot) -> None:
    assert a.signature == b.signature
    assert a.lexical.chunk_ids == b.lexical.chunk_ids
    for query in QUERIES:
        np.testing.assert_array_equal(a.lexical.scores(query), b.lexical.scores(query))
    pa, pb = a.passages, b.passages
    np.testing.assert_array_equal(pa.offsets, pb.offsets)
    assert pa.texts.tobytes() == pb.texts.tobytes()
    np.testing.assert_array_equal(pa.spans, pb.spans)
    np.testing.assert_array_equal(pa.vectors, pb.vectors)
    assert pa.articles == pb.articles
    np.testing.assert_array_equal(pa.sentence_offsets, pb.sentence_offsets)
    np.testing.assert_array_equal(pa.sentences, pb.sentences)
    np.testing.assert_array_equal(pa.sentence_scales, pb.sentence_scales)


def _current(folder: Path) -> str:
    return (folder / "CURRENT").read_text("utf-8")


def test_updates_read_only_what_changed_and_equal_a_fresh_build(
    settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "snapshot"
    caplog.set_level(logging.INFO, logger="retrieval.search.snapshot")
    with Index(settings) as registry:
        store = registry.active()
        _article(store, "a1", "Hội nghị", ["Ông Nhân chủ trì hội nghị.", "Hội nghị bàn văn kiện."])
        _article(store, "a2", "Kinh tế", ["Tăng trưởng kinh tế đạt 7%."])
        _article(store, "a3", "Thời tiết", ["Mưa rào ở nhiều nơi."], sentences=False)
        first = load_or_build(store, folder)
        assert "built the search snapshot" in caplog.text
        _assert_same(first, _fresh(store))
        assert len(first) == 4

        # Unchanged: the saved one is loaded, not saved again.
        saved = _current(folder)
        caplog.clear()
        again = load_or_build(store, folder)
        assert _current(folder) == saved and "search snapshot" not in caplog.text
        _assert_same(again, first)

        # A new version of a2, a3 removed, a4 added, a5 written but never committed.
        _article(store, "a2", "Kinh tế", ["Kinh tế tăng trưởng 8%.", "Xuất khẩu tăng."])
        store.remove_article("a3")
        _article(store, "a4", "Nhiệm vụ", ["Nhiệm vụ trọng tâm năm 2018."])
        _article(store, "a5", "Chưa xong", ["Mưa rào và kinh tế."], commit=False)
        caplog.clear()
        second = load_or_build(store, folder)
        assert "updated the search snapshot" in caplog.text
        assert _current(folder) != saved
        _assert_same(second, _fresh(store))
        _assert_same(Snapshot.load(folder), second)
        # Only the newest save is kept on disk.
        assert {p.name for p in folder.iterdir()} == {"CURRENT", _current(folder)}
        articles = {cid.split("-")[0] for cid in second.lexical.chunk_ids}
        assert articles == {"a1", "a2", "a4"}
        assert [c for c, _ in second.lexical.search("mưa rào", 5)] == []
        assert set(second.passages.articles) == {"a1", "a2", "a4"}

        # What a question reads from it equals what the store holds.
        ids = second.lexical.chunk_ids
        vector = np.ones(DIM, dtype=np.float32) / np.sqrt(DIM)
        scores = {cid: 0.5 for cid in ids}
        assert second.passages.hits(scores) == store.hits(scores)
        ours, theirs = second.passages.cosines(ids, vector), store.cosines(ids, vector)
        assert ours.keys() == theirs.keys()
        for cid in ids:
            assert ours[cid] == pytest.approx(theirs[cid], abs=1e-6)
        assert second.passages.hits({"a9-v1-0000": 1.0}) == {}
        assert second.passages.cosines(["a9-v1-0000"], vector) == {}

        # The vector index holds exactly the snapshot's chunks, updated in place of the
        # dropped ones: each chunk's own vector finds it first, and asking for more than
        # there are gives them all.
        for snapshot in (second, Snapshot.load(folder)):
            passages = snapshot.passages
            for cid in ids:
                own = passages.vectors[passages.row[cid]]
                best, cosine = passages.nearest(own, 1)[0]
                assert best == cid and cosine == pytest.approx(1.0, abs=1e-5)
            everything = passages.nearest(vector, 100)
            assert sorted(cid for cid, _ in everything) == sorted(ids)
            cosines = [c for _, c in everything]
            assert cosines == sorted(cosines, reverse=True)
            for cid, cosine in everything:
                assert cosine == pytest.approx(theirs[cid], abs=1e-5)

        # Each sentence's cosine, as the store's metadata gives it: one per sentence of
        # the chunk, none for a chunk stored without sentence vectors.
        _article(store, "a6", "Cũ", ["Bài cũ. Không có vectơ câu."], sentences=False)
        third = load_or_build(store, folder)
        everyone = third.lexical.chunk_ids
        ours_s, theirs_s = (
            third.passages.sentence_cosines(everyone, vector),
            store.sentence_cosines(everyone, vector),
        )
        assert ours_s == theirs_s
        assert {cid.split("-")[0] for cid in ours_s} == {"a1", "a2", "a4"}
        for cid, row in ours_s.items():
            text = third.passages.text(third.passages.row[cid])
            assert len(row) == len(sentence_texts([text])[0]) > 0
        _assert_same(Snapshot.load(folder), third)
        _assert_same(third, _fresh(store))


def test_what_the_signature_covers(settings: Settings) -> None:
    with Index(settings) as registry:
        store = registry.active()
        _article(store, "a1", "Hội nghị", ["Ông Nhân chủ trì hội nghị."])
        first = store_signature(store)
        # A chunk written but not committed is invisible: same signature, not indexed.
        _article(store, "a2", "Kinh tế", ["Tăng trưởng kinh tế đạt 7%."], commit=False)
        assert store_signature(store) == first
        assert _fresh(store).lexical.search("kinh tế", 5) == []
        _article(store, "a2", "Kinh tế", ["Tăng trưởng kinh tế đạt 7%."])
        assert store_signature(store) != first
        store.remove_article("a2")
        assert store_signature(store) == first
        # Another generation (a rebuild, where the chunking may have changed) differs.
        other = Store(registry.client, registry.prefix, store.generation + 1)
        _article(other, "a1", "Hội nghị", ["Ông Nhân chủ trì hội nghị."])
        assert store_signature(other) != first


def test_a_graph_walk_that_finds_too_few_gives_way_to_every_row(settings: Settings) -> None:
    # hnswlib raises when its walk reaches fewer than k vectors: seen on an index where
    # each chunk had ~130 identical copies (the graph around them is a closed clique).
    # Here the graph holds one vector of three, so asking for all three cannot be walked.
    with Index(settings) as registry:
        store = registry.active()
        _article(store, "a1", "Hội nghị", ["Ông Nhân chủ trì.", "Bà Lan phát biểu.", "Bế mạc."])
        passages = _fresh(store).passages
        walked = passages.nearest(passages.vectors[1], 3)
        short = dataclasses.replace(
            passages, index=NearestIndex.build(passages.vectors[:1], passages.labels[:1])
        )
        with pytest.raises(RuntimeError):
            short.index.search(passages.vectors[1], 3)  # type: ignore[union-attr]
        exact = short.nearest(passages.vectors[1], 3)
        assert [cid for cid, _ in exact] == [cid for cid, _ in walked]
        np.testing.assert_allclose([c for _, c in exact], [c for _, c in walked], atol=1e-5)
        assert exact[0][0] == passages.chunk_ids[1]


def test_the_title_is_indexed_with_the_chunk(settings: Settings) -> None:
    with Index(settings) as registry:
        store = registry.active()
        _article(store, "a1", "Đại hội Đảng bộ", ["Các đại biểu thảo luận văn kiện."])
        assert _fresh(store).lexical.search("đại hội đảng bộ", 1)


def test_a_broken_or_foreign_save_is_built_again(
    settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "snapshot"
    with Index(settings) as registry:
        store = registry.active()
        _article(store, "a1", "Hội nghị", ["Ông Nhân chủ trì hội nghị."])
        # The two files of the format before this one are cleared away by a save.
        folder.mkdir()
        (folder / "lexical.npz").write_bytes(b"old")
        (folder / "lexical.json").write_text("{}", "utf-8")
        built = load_or_build(store, folder)
        assert {p.name for p in folder.iterdir()} == {"CURRENT", _current(folder)}

        # A save missing a file: refused on load, and built again.
        (folder / _current(folder) / "vectors.npy").unlink()
        with pytest.raises(SnapshotError):
            Snapshot.load(folder)
        caplog.set_level(logging.INFO, logger="retrieval.search.snapshot")
        _assert_same(load_or_build(store, folder), built)
        assert "built the search snapshot" in caplog.text

        # A save of another collection under the same name (the store was wiped and
        # filled again) is never updated from.
        registry.client.delete_collection(store.chunks.name)
        registry.client.delete_collection(store.articles.name)
        renewed = Store(registry.client, registry.prefix, store.generation)
        _article(renewed, "a1", "Hội nghị", ["Ông Nhân chủ trì hội nghị."])
        with pytest.raises(SnapshotError):
            built.updated(renewed)
        caplog.clear()
        fresh = load_or_build(renewed, folder)
        assert "built the search snapshot" in caplog.text
        assert fresh.collection == renewed.collection_id != built.collection

        with pytest.raises(SnapshotError):
            Snapshot.load(tmp_path / "missing")
