"""Which processes use the index: local lock files and process identity (no Chroma here).

Chroma's embedded mode is for one process at a time: a process that has the database open
keeps its own view of it (its vector index in memory), so it neither sees what another
process writes nor is safe beside it. Two kinds of marks make that visible:

- the writer: an exclusive `flock` on `CHROMA_PATH/.ingest.lock` (`exclusive`);
- readers: every process with the embedded database open holds an exclusive `flock` on its
  own `CHROMA_PATH/.readers/<pid>.lock` (`ReaderMark`), so a writer can list the live ones
  (`other_readers`). The kernel drops a lock when its process dies, however it dies, so a
  file whose lock can be taken belongs to a dead process and is removed.

`ProcessId` names a process for lease records and messages, and tells whether it still
runs (`alive`), including a process id reused by another program.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, ClassVar

__all__ = ["Busy", "ProcessId", "ReaderMark", "exclusive", "other_readers"]


class Busy(RuntimeError):
    """The exclusive lock is held by another process (the message says which)."""


@dataclass(frozen=True)
class ProcessId:
    # Host name plus the kernel's boot id and pid namespace: process ids are only
    # comparable inside one pid namespace (containers on one host share a host name).
    host: str
    pid: int
    # The process's start time in clock ticks since boot: a pid reused by another
    # program has another start time.
    start: str
    command: str

    @classmethod
    def current(cls) -> ProcessId:
        return cls(_host_id(), os.getpid(), _start_time(os.getpid()), _command())

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host.split('/', 1)[0]}: {self.command}"

    def on_this_host(self) -> bool:
        return self.host == _host_id()

    def alive(self) -> bool:
        """Whether the process still runs; only meaningful when `on_this_host()`."""
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass  # another user's process: it exists
        start = _start_time(self.pid)
        if start == "zombie":
            return False
        return not (self.start and start and start != self.start)


@contextlib.contextmanager
def exclusive(path: Path, holder: str) -> Iterator[None]:
    """Hold an exclusive lock on `path` (raise `Busy` naming the holder if another has it).

    `holder` is written into the file for the next contender's message.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            raise Busy(fh.read().strip() or "another process") from None
        fh.seek(0)
        fh.truncate()
        fh.write(holder)
        fh.flush()
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


class ReaderMark:
    """This process has the embedded database in `folder`'s parent open.

    One mark per process and folder, shared by every `Index` of the process (counted), so
    a process never blocks its own ingestion (the bot's /reindex).
    """

    # Process-wide on purpose: one mark per process and folder.
    _held: ClassVar[dict[Path, tuple[IO[str], int]]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()
        with ReaderMark._lock:
            fh, count = ReaderMark._held.get(self.folder, (None, 0))
            if fh is None:
                fh = _create_mark(self.folder)
            ReaderMark._held[self.folder] = (fh, count + 1)
        self._released = False

    def release(self) -> None:
        with ReaderMark._lock:
            if self._released:
                return
            self._released = True
            fh, count = ReaderMark._held[self.folder]
            if count > 1:
                ReaderMark._held[self.folder] = (fh, count - 1)
                return
            del ReaderMark._held[self.folder]
            with contextlib.suppress(OSError):
                (self.folder / f"{os.getpid()}.lock").unlink()
            fh.close()  # closing drops the lock


def other_readers(folder: Path) -> list[str]:
    """Descriptions of the other live processes with a mark in `folder`; marks left by
    dead processes are removed on the way."""
    if not folder.is_dir():
        return []
    live = []
    for path in sorted(folder.glob("*.lock")):
        if path.stem == str(os.getpid()):
            continue
        try:
            fh = open(path)  # noqa: SIM115 (closed below, after the unlink)
        except FileNotFoundError:
            continue  # its process just closed it
        with fh:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                live.append(fh.read().strip() or f"pid {path.stem}")
                continue
            # Ours now, so its process is gone; unlink it only if the name still points at
            # this file (a new process with the same pid may have put a new mark there).
            with contextlib.suppress(OSError):
                if os.stat(path).st_ino == os.fstat(fh.fileno()).st_ino:
                    path.unlink()
    return live


def _create_mark(folder: Path) -> IO[str]:
    folder.mkdir(parents=True, exist_ok=True)
    me = ProcessId.current()
    # Locked under a temporary name first: a writer only ever sees locked marks.
    tmp = folder / f".{me.pid}.{threading.get_ident()}.tmp"
    fh = open(tmp, "w")  # noqa: SIM115 (held open for the life of the mark)
    fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
    fh.write(me.describe())
    fh.flush()
    os.replace(tmp, folder / f"{me.pid}.lock")
    return fh


def _host_id() -> str:
    parts = [socket.gethostname()]
    with contextlib.suppress(OSError):
        parts.append(Path("/proc/sys/kernel/random/boot_id").read_text().strip()[:8])
    with contextlib.suppress(OSError):
        parts.append(str(os.stat("/proc/self/ns/pid").st_ino))
    return "/".join(parts)


def _start_time(pid: int) -> str:
    """Field 22 of /proc/<pid>/stat ("zombie" for a dead, unreaped child; "" if unknown)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    # The command name (field 2) is in parentheses and may itself hold spaces.
    fields = stat[stat.rfind(")") + 2 :].split()
    if fields and fields[0] in ("Z", "X"):
        return "zombie"
    return fields[19] if len(fields) > 19 else ""


def _command() -> str:
    argv = list(sys.argv)
    if argv and argv[0].endswith("__main__.py"):
        argv[0] = f"python -m {Path(argv[0]).parent.name}"
    elif argv and argv[0].endswith(".py"):
        argv[0] = f"python {Path(argv[0]).name}"
    elif argv:
        argv[0] = Path(argv[0]).name
    text = " ".join(argv) or "python"
    return text if len(text) <= 120 else text[:119] + "…"
