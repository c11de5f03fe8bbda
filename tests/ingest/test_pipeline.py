"""Ingestion end to end against the real embedded Chroma and the real model."""

from __future__ import annotations

import json
import os
import shutil
import time
import unicodedata
from pathlib import Path

import pytest

from ingest.manifest import manifest_path, read_manifest
from ingest.pipeline import IngestProgress, run
from retrieval.embedding.base import ModelIdentity
from retrieval.embedding.torch_backend import SentenceTransformerEmbedder
from retrieval.index.errors import ModelMismatchError
from retrieval.index.registry import Index
from retrieval.index.store import Store
from retrieval.search.dense import search
from retrieval.search.snapshot import Snapshot, store_signature
from retrieval.settings import Settings

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


def _assert_snapshot_current(settings: Settings, store: Store) -> None:
    """The search snapshot the run saved holds exactly the store's visible chunks (the run
    passes its own record of the committed versions instead of reading them again)."""
    with Index(settings) as index:
        snapshot = Snapshot.load(index.snapshot_folder(store.generation))
    assert snapshot.signature == store_signature(store)
    committed = {aid: rec.version for aid, rec in store.committed().items()}
    visible = sorted(
        cid
        for cid, (aid, version, _) in store.chunk_index().items()
        if committed.get(aid) == version
    )
    assert snapshot.lexical.chunk_ids == visible


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


def test_an_unchanged_run_restores_a_missing_or_outdated_snapshot(
    settings: Settings, embedder: SentenceTransformerEmbedder
):
    run(settings, embedder)
    with Index(settings) as index:
        folder = index.snapshot_folder(index.active_generation())
    assert (folder / "CURRENT").exists()
    # Nothing changed and the store says the published snapshot is current, but this
    # host's copy is gone (or, after an upgrade, in a format the code no longer reads).
    shutil.rmtree(folder)
    report = run(settings, embedder)
    assert not report.changed and report.snapshot_seconds > 0
    with Index(settings) as index:
        store = index.active()
        assert Snapshot.load(folder).signature == store_signature(store)
    # When it is there, an unchanged run leaves it alone.
    assert run(settings, embedder).snapshot_seconds == 0


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
    _assert_snapshot_current(settings, store)
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
    _assert_snapshot_current(settings, store)


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
    _assert_snapshot_current(settings, after)
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


# --- unchanged files are not read (the sources manifest) ------------------------------------


def _age(*paths: Path) -> None:
    """Move mtimes an hour back. A file modified seconds before a run is read again by the
    next one (it could change again within the same mtime tick), so only older files are
    skipped, and the tests need files that look like an admin's long-finished ones."""
    past = time.time_ns() - 3600 * 10**9
    for path in paths:
        os.utime(path, ns=(past, past))


def _edit_in_place(path: Path, old: str, new: str) -> None:
    """Change the text but keep size and mtime: only reading the file can tell."""
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text and len(old.encode()) == len(new.encode())
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (info.st_size, info.st_mtime_ns)


def _manifest_of(settings: Settings) -> Path:
    index = Index(settings)
    return manifest_path(index, index.active_generation())


def _text_of(settings: Settings, title: str) -> str:
    store = Index(settings).active()
    (aid,) = [aid for aid, rec in store.committed().items() if rec.title == title]
    return store.article_texts([aid])[aid].text


def test_unchanged_files_are_not_read(settings: Settings, embedder: SentenceTransformerEmbedder):
    folder = Path(settings.ingest_sources[0])
    path = _write(folder, "a.txt", "Tin ngân sách", "Ngân sách năm 2019 của thành phố tăng.")
    _age(*folder.iterdir())
    assert len(run(settings, embedder).added) == 2

    # Same size, same mtime, other text: a run that opened the file would see the change.
    _edit_in_place(path, "2019", "2018")
    snapshots: list[IngestProgress] = []
    second = run(settings, embedder, progress=lambda p: snapshots.append(p))
    assert len(second.unchanged) == 2 and not second.added and not second.updated
    assert second.chunks_embedded == 0 and not second.failed
    last = snapshots[-1]
    assert (last.items_done, last.items_total, last.articles) == (2, 2, 2)
    assert "2019" in _text_of(settings, "Tin ngân sách")

    rescan = run(settings, embedder, rescan=True)
    assert [a.title for a in rescan.updated] == ["Tin ngân sách"]
    assert len(rescan.unchanged) == 1
    assert "2018" in _text_of(settings, "Tin ngân sách")
    _assert_whole(Index(settings).active())


def test_edited_file_is_read_again(settings: Settings, embedder: SentenceTransformerEmbedder):
    folder = Path(settings.ingest_sources[0])
    path = _write(folder, "a.txt", "Tin ngân sách", "Ngân sách năm 2019 của thành phố tăng.")
    _age(*folder.iterdir())
    run(settings, embedder)
    path.write_text("Tin ngân sách\n\nNgân sách năm 2019 tăng mạnh.\n", encoding="utf-8")
    report = run(settings, embedder)
    assert [a.title for a in report.updated] == ["Tin ngân sách"] and len(report.unchanged) == 1
    assert "tăng mạnh" in _text_of(settings, "Tin ngân sách")


def test_file_modified_just_before_a_run_is_read_next_time(
    settings: Settings, embedder: SentenceTransformerEmbedder
):
    # Written a moment ago: another write within the same mtime tick could leave size and
    # mtime as they are, so the first run must not vouch for this file.
    folder = Path(settings.ingest_sources[0])
    path = _write(folder, "a.txt", "Tin ngân sách", "Ngân sách năm 2019 của thành phố tăng.")
    run(settings, embedder)
    _edit_in_place(path, "2019", "2018")
    report = run(settings, embedder)
    assert [a.title for a in report.updated] == ["Tin ngân sách"]


def test_deleted_file_is_pruned(settings: Settings, embedder: SentenceTransformerEmbedder):
    folder = Path(settings.ingest_sources[0])
    gone = _write(folder, "gone.txt", "Bài sẽ bị xoá", "Nội dung tạm thời về thời tiết.")
    _age(*folder.iterdir())
    run(settings, embedder)
    assert str(gone.resolve()) in read_manifest(_manifest_of(settings))
    gone.unlink()
    pruned = run(settings, embedder, prune=True)
    assert [a.title for a in pruned.removed] == ["Bài sẽ bị xoá"]
    assert len(pruned.unchanged) == 1  # the sample article: skipped, and kept
    store = Index(settings).active()
    assert len(store.committed()) == 1
    _assert_whole(store)
    assert str(gone.resolve()) not in read_manifest(_manifest_of(settings))


def test_json_file_with_several_records(settings: Settings, embedder: SentenceTransformerEmbedder):
    folder = Path(settings.ingest_sources[0])
    records = [
        {"id": f"r{i}", "title": f"Tin số {i}", "text": f"Nội dung của bản tin số {i} về y tế."}
        for i in range(3)
    ]
    path = folder / "tin.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    _age(*folder.iterdir())
    assert len(run(settings, embedder).added) == 4

    # Skipped, yet read for prune: none of its records counts as dropped from it.
    _edit_in_place(path, "bản tin số 1", "bản tin số 9")
    again = run(settings, embedder, prune=True)
    assert len(again.unchanged) == 4 and not again.removed and not again.updated

    # A record dropped from the file stays indexed until a run with prune, even when that
    # run finds the file unchanged since the run that read it.
    path.write_text(json.dumps(records[:2], ensure_ascii=False), encoding="utf-8")
    _age(path)
    kept = run(settings, embedder)
    assert len(kept.unchanged) == 3 and not kept.removed
    pruned = run(settings, embedder, prune=True)
    assert [a.title for a in pruned.removed] == ["Tin số 2"]
    assert len(pruned.unchanged) == 3
    _assert_whole(Index(settings).active())


@pytest.mark.parametrize(
    "damage",
    ["{not json", '{"format": 0, "files": {}}', '{"format": 1, "files": [1, 2]}', "\x00" * 10],
)
def test_damaged_manifest_is_ignored(
    settings: Settings, embedder: SentenceTransformerEmbedder, damage: str
):
    folder = Path(settings.ingest_sources[0])
    path = _write(folder, "a.txt", "Tin ngân sách", "Ngân sách năm 2019 của thành phố tăng.")
    _age(*folder.iterdir())
    run(settings, embedder)
    manifest = _manifest_of(settings)
    manifest.write_text(damage, encoding="utf-8")
    _edit_in_place(path, "2019", "2018")
    report = run(settings, embedder)  # every file read: the edit is found
    assert [a.title for a in report.updated] == ["Tin ngân sách"] and len(report.unchanged) == 1
    assert len(read_manifest(manifest)) == 2  # and the manifest is whole again


def test_entry_is_checked_against_the_index(
    settings: Settings, embedder: SentenceTransformerEmbedder
):
    folder = Path(settings.ingest_sources[0])
    _write(folder, "a.txt", "Tin ngân sách", "Ngân sách năm 2019 của thành phố tăng.")
    _age(*folder.iterdir())
    first = run(settings, embedder)
    (removed,) = [a for a in first.added if a.title == "Tin ngân sách"]
    Index(settings).active().remove_article(removed.id)  # e.g. by another host's run
    report = run(settings, embedder)
    assert [a.title for a in report.added] == ["Tin ngân sách"] and len(report.unchanged) == 1


def test_rebuild_reads_every_file(settings: Settings, embedder: SentenceTransformerEmbedder):
    folder = Path(settings.ingest_sources[0])
    path = _write(folder, "a.txt", "Tin ngân sách", "Ngân sách năm 2019 của thành phố tăng.")
    _age(*folder.iterdir())
    run(settings, embedder)
    old_manifest = _manifest_of(settings)
    _edit_in_place(path, "2019", "2018")
    report = run(settings, embedder, rebuild=True)
    assert report.rebuilt
    assert "2018" in _text_of(settings, "Tin ngân sách")
    new_manifest = _manifest_of(settings)
    assert new_manifest != old_manifest and not old_manifest.exists()
    assert len(read_manifest(new_manifest)) == 2
