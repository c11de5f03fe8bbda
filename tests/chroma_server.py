"""A real Chroma server for the tests: `chroma run` from the venv on 127.0.0.1.

The `chroma` command ships with the chromadb package (a Rust server behind a Python entry
point), so a clean checkout after `make setup` can run it. The tests stop it, restart it on
the same port and folder, and freeze it (SIGSTOP) to play a hung server.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import httpx


def chroma_command() -> str:
    """The venv's `chroma` script (next to this interpreter), else one on PATH."""
    local = Path(sys.executable).parent / "chroma"
    if local.exists():
        return str(local)
    found = shutil.which("chroma")
    if found is None:
        raise RuntimeError("no `chroma` command: it comes with the chromadb package (`make setup`)")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ChromaServer:
    """`chroma run --path <path> --port <port>`, started and stopped by the tests."""

    def __init__(self, path: Path, port: int | None = None) -> None:
        self.path = path
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = path.parent / f"{path.name}.server.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> None:
        assert self.proc is None, "already running"
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [
                    *(chroma_command(), "run", "--path", str(self.path)),
                    *("--host", "127.0.0.1", "--port", str(self.port)),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chroma run exited: {self.log.read_text(errors='replace')}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1.0).status_code == 200:
                    return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the Chroma server did not answer within {timeout} s")

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        os.kill(proc.pid, signal.SIGCONT)  # in case it was frozen
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)

    def restart(self) -> None:
        self.stop()
        self.start()

    def freeze(self, timeout: float = 10.0) -> None:
        """Stop the server's process without closing its socket: requests hang.

        Returns once every thread is stopped: kill() only queues the signal, and a request
        sent at once could still be answered by a thread running on the other core.
        """
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGSTOP)
        deadline = time.monotonic() + timeout
        while not _all_stopped(self.proc.pid):
            if time.monotonic() > deadline:
                raise RuntimeError("the Chroma server did not stop")
            time.sleep(0.01)

    def thaw(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGCONT)

    def __enter__(self) -> ChromaServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _all_stopped(pid: int) -> bool:
    """Every thread of `pid` is stopped ("T" in /proc/<pid>/task/<tid>/stat)."""
    tasks = Path(f"/proc/{pid}/task")
    if not tasks.exists():
        return True  # not Linux: the signal is all there is
    for task in tasks.iterdir():
        with contextlib.suppress(OSError):
            # The state follows the command name in parentheses, which may hold spaces.
            stat = (task / "stat").read_text()
            if stat[stat.rindex(")") + 2] not in "Tt":
                return False
    return True
