"""Ingestion end to end against the real embedded Chroma and the real model."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from ingest.pipeline import run
from retrieval.embeddings import ModelIdentity, SentenceTransformerEmbedder
from retrieval.search import search
from retrieval.settings import Settings
from retrieval.store import Index, ModelMismatchError, Store

QUESTION = "Nhiệm vụ trọng tâm năm 2018 là gì?"
ANSWER = "nghiên cứu đề xuất mô hình tổ chức đảng ở các doanh nghiệp nhà nước"


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _assert_whole(store: Store) -> None:
    """Every chunk belongs to the committed version of its article; no gaps, no twins."""
    committed = store.committed()
    chunks = store.chunk_index()
    per_article: dict[str, int] = {}
    for aid, version, _ in chunks.values():
        assert committed[aid].version == version, "orphan or stale chunk left behind"
        per_article[aid] = per_article.get(aid, 0) + 1
    for aid, rec in committed.items():
        assert per_article.get(aid, 0) == rec.chunks, f"article {rec.title!r} is incomplete"


def _write(folder: Path, name: str, title: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return path


def test_sample_article_is_found(settings: Settings, embedder: SentenceTransformerEmbedder):
    report = run(settings, embedder)
    assert [a.title for a in report.added] == [
        "Chú trọng nâng cao chất lượng tổ chức Cơ sở Đảng và đảng viên"
    ]
    assert report.exit_code == 0 and not report.failed
    store = Index(settings).open_for(embedder.identity)
    hits = search(QUESTION, embedder, store, k=3)
    assert any(_norm(ANSWER) in _norm(h.text) for h in hits), [h.text[:80] for h in hits]
    top = hits[0]
    assert top.source == "VOH"
    article = store.article_texts([top.article_id])[top.article_id]
    assert article.text[top.start : top.end] == top.text  # the span quotes the article exactly
    _assert_whole(store)


def test_rerun_embeds_nothing(settings: Settings, embedder: SentenceTransformerEmbedder):
    first = run(settings, embedder)
    second = run(settings, embedder)
    assert len(first.added) == 1 and first.chunks_embedded > 0
    assert len(second.unchanged) == 1 and not second.added and not second.updated
    assert second.chunks_embedded == 0
    store = Index(settings).active()
    assert store.chunks.count() == first.added[0].chunks


def test_changed_article_replaces_old_chunks(
    settings: Settings, embedder: SentenceTransformerEmbedder, tmp_path: Path
):
    folder = Path(settings.ingest_sources[0])
    body = "Đoạn một nói về ngân sách năm 2019 của thành phố.\n\nĐoạn hai nói về giao thông."
    path = _write(folder, "a.txt", "Tin ngân sách", body)
    run(settings, embedder)
    path.write_text(
        "Tin ngân sách\n\nĐoạn một nói về ngân sách năm 2019 của thành phố.\n\n"
        "Đoạn hai đã đổi: thành phố xây thêm ba cây cầu mới.\n",
        encoding="utf-8",
    )
    report = run(settings, embedder)
    assert [a.title for a in report.updated] == ["Tin ngân sách"]
    # The unchanged paragraph is reused, not embedded again.
    assert report.chunks_reused >= 1 or report.chunks_embedded <= 2
    store = Index(settings).open_for(embedder.identity)
    _assert_whole(store)
    texts = [c.text for c in store.chunks_of(report.updated[0].id)]
    assert any("ba cây cầu" in t for t in texts)
    assert not any("giao thông" in t for t in texts)


def test_prune_removes_only_with_flag(settings: Settings, embedder: SentenceTransformerEmbedder):
    folder = Path(settings.ingest_sources[0])
    gone = _write(folder, "gone.txt", "Bài sẽ bị xoá", "Nội dung tạm thời về thời tiết.")
    run(settings, embedder)
    gone.unlink()
    kept = run(settings, embedder)
    assert not kept.removed
    assert len(Index(settings).active().committed()) == 2
    pruned = run(settings, embedder, prune=True)
    assert [a.title for a in pruned.removed] == ["Bài sẽ bị xoá"]
    store = Index(settings).active()
    assert len(store.committed()) == 1
    _assert_whole(store)


def test_rebuild_switches_generation_and_keeps_everything(
    settings: Settings, embedder: SentenceTransformerEmbedder, tmp_path: Path
):
    extra = tmp_path / "extra.txt"
    extra.write_text("Bài thêm\n\nMột bài chỉ được thêm một lần từ dòng lệnh.\n", encoding="utf-8")
    run(settings, embedder)
    run(settings, embedder, [str(extra)])
    extra.unlink()  # its file is gone, but the article is indexed: a rebuild must keep it
    index = Index(settings)
    before = index.active()
    ids_before = set(before.chunk_index())
    report = run(settings, embedder, rebuild=True)
    after = index.active()
    assert report.rebuilt and after.generation == before.generation + 1
    assert set(after.chunk_index()) == ids_before
    assert {a.title for a in after.committed().values()} >= {"Bài thêm"}
    _assert_whole(after)
    names = [c.name for c in index.client.list_collections()]
    assert f"hoidap-chunks-g{before.generation}" not in names  # the old one is dropped


def test_other_model_is_refused(settings: Settings, embedder: SentenceTransformerEmbedder):
    run(settings, embedder)
    other = ModelIdentity(name="BAAI/bge-m3", dim=1024, probe=(0.1,) * 3072)
    with pytest.raises(ModelMismatchError, match=r"python -m ingest --rebuild"):
        Index(settings).open_for(other)


def test_bad_sources_do_not_stop_the_run(settings: Settings, embedder: SentenceTransformerEmbedder):
    folder = Path(settings.ingest_sources[0])
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (folder / "notes.xyz").write_text("không đọc", encoding="utf-8")
    report = run(settings, embedder, [str(folder), str(folder / "missing.txt")])
    assert len(report.added) == 1
    failed = {Path(p.origin).name: p.reason for p in report.failed}
    assert set(failed) == {"empty.txt", "image.txt", "missing.txt"}
    assert [Path(p.origin).name for p in report.skipped] == ["notes.xyz"]
    assert report.exit_code == 0


def test_nothing_ingested_is_an_error(
    settings: Settings, embedder: SentenceTransformerEmbedder, tmp_path: Path
):
    empty = tmp_path / "nothing"
    empty.mkdir()
    (empty / "empty.txt").write_bytes(b"")
    report = run(settings, embedder, [str(empty)])
    assert report.exit_code == 1
