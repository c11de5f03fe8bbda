"""A damaged search snapshot never stops a start-up, a reload or an ingestion: the file is
named in a warning and the snapshot is built again from the store (issue 15, item 8)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.pipeline import run
from retrieval.embedding.base import Embedder
from retrieval.index.registry import Index
from retrieval.search.snapshot import Snapshot, SnapshotError
from retrieval.services import build_services
from retrieval.settings import Settings

QUESTION = "Nhiệm vụ trọng tâm năm 2018 là gì?"


def _cut(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _overwrite(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:100] = b"\xff" * 100
    path.write_bytes(bytes(data))


DAMAGE: list[tuple[str, Callable[[Path], None]]] = [
    ("terms.npz", _cut),
    ("terms.npz", _empty),
    ("texts.npy", _empty),
    ("vectors.npy", _empty),
    ("nearest.bin", _cut),
    ("nearest.bin", _overwrite),
    ("meta.json", _overwrite),
]


def _folder(settings: Settings, embedder: Embedder) -> Path:
    with Index(settings) as index:
        return index.snapshot_folder(index.open_for(embedder.identity).generation)


def _current(folder: Path) -> str:
    return (folder / "CURRENT").read_text("utf-8")


def _damage(folder: Path, name: str, how: Callable[[Path], None]) -> Path:
    path = folder / _current(folder) / name
    how(path)
    return path


@pytest.mark.parametrize(("name", "how"), DAMAGE, ids=[f"{n}-{h.__name__[1:]}" for n, h in DAMAGE])
def test_start_up_rebuilds_a_damaged_snapshot(
    settings: Settings,
    embedder: Embedder,
    caplog: pytest.LogCaptureFixture,
    name: str,
    how: Callable[[Path], None],
) -> None:
    assert run(settings, embedder).exit_code == 0
    folder = _folder(settings, embedder)
    before = _current(folder)
    path = _damage(folder, name, how)
    if name != "meta.json":
        with pytest.raises(SnapshotError, match=name):
            Snapshot.load(folder)
    caplog.set_level(logging.WARNING, logger="retrieval.search.snapshot")
    services = build_services(settings, embedder)
    try:
        assert services.search(QUESTION).hits, "the rebuilt snapshot answers"
    finally:
        services.close()
    assert name in caplog.text and "building the search snapshot again" in caplog.text
    assert _current(folder) != before, "the snapshot was saved again"
    assert not path.exists(), "the damaged save was removed"
    Snapshot.load(folder)  # the new save reads


@pytest.mark.parametrize(("name", "how"), DAMAGE[:6], ids=[f"{n}" for n, _ in DAMAGE[:6]])
def test_reload_and_ingest_survive_a_damaged_snapshot(
    settings: Settings,
    embedder: Embedder,
    caplog: pytest.LogCaptureFixture,
    name: str,
    how: Callable[[Path], None],
) -> None:
    assert run(settings, embedder).exit_code == 0
    services = build_services(settings, embedder)
    try:
        folder = _folder(settings, embedder)
        # Another ingestion adds an article and publishes its snapshot; the saved copy is
        # damaged before the bot reloads it.
        articles = Path(settings.ingest_sources[0])
        (articles / "mua.txt").write_text(
            "Mưa rào ở Nam Bộ\n\nChiều nay mưa rào và dông rải rác ở Nam Bộ.\n", "utf-8"
        )
        assert run(settings, embedder).exit_code == 0
        _damage(folder, name, how)
        caplog.set_level(logging.WARNING)
        assert services.refresh_if_changed(force=True, wait=True)
        assert any("Mưa rào" in h.title for h in services.search("mưa rào Nam Bộ").hits)
        assert name in caplog.text
        Snapshot.load(folder)

        # An ingestion that changes something finds the saved snapshot damaged: it builds
        # it again instead of failing after writing to the store.
        _damage(folder, name, how)
        (articles / "nang.txt").write_text(
            "Nắng nóng ở Bắc Bộ\n\nTrưa nay nắng nóng gay gắt ở Bắc Bộ.\n", "utf-8"
        )
        report = run(settings, embedder)
        assert report.exit_code == 0 and report.added
        Snapshot.load(folder)
    finally:
        services.close()
