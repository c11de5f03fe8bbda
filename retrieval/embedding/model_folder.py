"""Model folders built once and cached (the e5 bundle, ONNX exports): one builder at a time
across processes, and a folder that appears whole or not at all.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)


@contextmanager
def folder_lock(dest: Path) -> Iterator[None]:
    """One builder of `dest` at a time, across processes; the lock file lives beside it."""
    lock_path = dest.parent / f".{dest.name}.lock"
    with open(lock_path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def build_once(dest: Path, is_current: Callable[[], bool], build: Callable[[], object]) -> Path:
    """`dest`, after `build()` (which writes it, e.g. with `write_folder_atomically`) when
    it is not current; one builder at a time across processes."""
    if is_current():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    with folder_lock(dest):
        # Another process may have finished the build while this one waited for the lock.
        if not is_current():
            build()
    return dest


def write_folder_atomically(dest: Path, write: Callable[[Path], None]) -> Path:
    """Fill a fresh folder beside `dest` with `write(folder)`, then rename it to `dest`.

    A killed build never leaves a folder that looks complete; its temporary folder is
    removed by the next build. The caller holds `folder_lock(dest)`.
    """
    _remove_leftovers(dest)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
    try:
        write(tmp)
        _make_readable(tmp)
        if dest.exists():
            # Move the old folder aside first: rename() cannot replace a non-empty folder.
            old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-old-", dir=dest.parent))
            os.rename(dest, old / "old")
            os.rename(tmp, dest)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return dest


def _remove_leftovers(dest: Path) -> None:
    # Temp folders of builds that were killed; safe to drop while holding the lock.
    for leftover in dest.parent.glob(f".{dest.name}.tmp-*"):
        log.info("removing leftover %s", leftover)
        shutil.rmtree(leftover, ignore_errors=True)


def _make_readable(folder: Path) -> None:
    # mkdtemp and safetensors create owner-only entries; a shared cache must be readable.
    for path in [folder, *folder.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
