"""The registry: which generation answers, generation switching, who writes, and what
other processes need to follow along.

Inside one Chroma database (collection names start with CHROMA_COLLECTION, "hoidap"), the
generations are `hoidap-chunks-g<N>` and `hoidap-articles-g<N>` (`retrieval.index.store`),
and `hoidap-registry` holds no chunks: its collection metadata names the active generation.
`--rebuild` fills generation N+1 while N keeps answering, and flips the registry when done.

Besides `active`, the registry holds three small records that let other processes follow
along:

- `writer`: the lease of the one ingestion allowed to write (see `Index.writer_lock`);
- `changes`: a token replaced whenever an article version is committed or removed;
- the snapshot record: the signature of the search snapshot (`retrieval.search.snapshot`)
  the last ingestion saved, with the `changes` token it matches. A reader
  (`retrieval.search.follow.IndexFollower`) compares the two to learn, in two small
  requests, whether its snapshot is current, whether the writer's saved copy
  (`Index.snapshot_folder`, on a shared disk) can be loaded, or whether it must update its
  own from the store.

The search snapshot and lock files are local files under CHROMA_PATH in both modes
(embedded and server, see `retrieval.index.client`).
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from retrieval.embedding.base import ModelIdentity
from retrieval.index import locks
from retrieval.index.client import RECORD_VECTOR, make_client, open_collection
from retrieval.index.errors import IndexInUseError, StoreBusyError, StoreError
from retrieval.index.store import Store, Visible
from retrieval.settings import Settings

log = logging.getLogger(__name__)

# Registry records (see the module docstring).
_WRITER, _CHANGES = "writer", "changes"
# The snapshot's registry record and its folders (`Index.snapshot_folder`) keep the name
# they had when the snapshot was only the BM25 index: a new name would rebuild every index.
_SNAPSHOT_RECORD = "lexical"
_SNAPSHOT_FOLDER = "lexical"
# A lease not renewed for this long (by the Chroma server's clock, so hosts need not agree
# on the time) belongs to a writer that died or lost the server: another host may take
# over. On the writer's own host a dead process is recognised at once (its pid), so a killed
# ingestion never blocks the next one.
LEASE_SECONDS = 30.0
_RENEW_SECONDS = 5.0
# Between writing a claim and reading it back. Chroma has no compare-and-set: two writers
# starting together both write their claim, and the one whose claim was overwritten backs
# off. (A writer stalled for longer than this between its check and its write could still
# slip in; the lease renewal then finds one of the two out before its next write.)
_SETTLE_SECONDS = 0.5
# Tokens of the leases this process holds right now (a lease record naming this process
# but not listed here was left by an earlier run whose release failed).
_HELD: set[str] = set()
_HELD_LOCK = threading.Lock()


@dataclass(frozen=True)
class WriterLease:
    """The registry's `writer` record: who may write, and when it last said so."""

    token: str
    process: locks.ProcessId
    started_ns: int
    renewed_ns: int

    def live(self, now_ns: Callable[[], int]) -> bool:
        me = locks.ProcessId.current()
        if self.process.host == me.host and self.process.pid == me.pid:
            with _HELD_LOCK:
                return self.token in _HELD
        if self.process.on_this_host():
            return self.process.alive()
        return now_ns() - self.renewed_ns < LEASE_SECONDS * 1e9

    def to_meta(self) -> dict[str, Any]:
        p = self.process
        return {
            "token": self.token,
            "host": p.host,
            "pid": p.pid,
            "pid_start": p.start,
            "command": p.command,
            "started_ns": self.started_ns,
            "renewed_ns": self.renewed_ns,
        }

    @classmethod
    def from_meta(cls, meta: Any) -> WriterLease | None:
        if not meta or not meta.get("token"):
            return None
        process = locks.ProcessId(
            str(meta.get("host", "")),
            int(meta.get("pid", 0)),
            str(meta.get("pid_start", "")),
            str(meta.get("command", "")),
        )
        return cls(
            str(meta["token"]), process, int(meta.get("started_ns", 0)), int(meta["renewed_ns"])
        )


@dataclass(frozen=True)
class IndexState:
    """What a reader needs, read in one go, to tell whether what it loaded is current."""

    generation: int
    # Replaced whenever an article version is committed or removed.
    changes: str
    # The search snapshot the last ingestion saved (in `Index.snapshot_folder(generation)`):
    # its signature, and the `changes` token it matches.
    snapshot_generation: int
    snapshot_signature: str
    snapshot_changes: str
    # The writer at work now, if any.
    writer: WriterLease | None

    @property
    def snapshot_current(self) -> bool:
        """The last saved search snapshot matches what search can see now."""
        return (
            bool(self.snapshot_signature)
            and self.snapshot_generation == self.generation
            and self.snapshot_changes == self.changes
        )

    def key(self) -> tuple[object, ...]:
        """Equal keys: nothing a reader cares about has changed."""
        return (
            self.generation,
            self.changes,
            self.snapshot_generation,
            self.snapshot_signature,
            self.snapshot_changes,
            self.writer is not None,
        )


class Index:
    """The registry: which generation answers questions, generation switching, and who
    writes."""

    def __init__(self, settings: Settings, client: Any | None = None) -> None:
        self.settings = settings
        self.client = client if client is not None else make_client(settings)
        self.prefix = settings.chroma_collection
        self.registry = open_collection(self.client, f"{self.prefix}-registry")
        # Embedded mode: this process has the database open (see `retrieval.index.locks`).
        self._reader = None if self.server_mode else locks.ReaderMark(self._readers_folder())
        self._lease_lost = ""
        self._visible: dict[int, Visible] = {}

    @property
    def server_mode(self) -> bool:
        return bool(self.settings.chroma_url)

    def where(self) -> str:
        """The index, for messages: the server's URL or the embedded folder."""
        return self.settings.chroma_url or str(self.settings.chroma_path)

    def close(self) -> None:
        """Release this process's handle on the database (the last close frees it)."""
        if self._reader is not None:
            self._reader.release()
            self._reader = None
        self.client.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def active_generation(self) -> int:
        # Re-read every time: another process (a rebuild) may have switched generations.
        meta = self.client.get_collection(self.registry.name, embedding_function=None).metadata
        return int((meta or {}).get("active", 1))

    def active(self) -> Store:
        return self._store(self.active_generation())

    def open_for(self, ident: ModelIdentity) -> Store:
        """The active store, checked against the model that will read or write it."""
        store = self.active()
        store.check_identity(ident)
        return store

    def state(self) -> IndexState:
        """The registry's view for readers: two small requests."""
        generation = self.active_generation()
        records = self._records(_CHANGES, _SNAPSHOT_RECORD, _WRITER)
        snapshot = records.get(_SNAPSHOT_RECORD) or {}
        lease = WriterLease.from_meta(records.get(_WRITER))
        return IndexState(
            generation=generation,
            changes=str((records.get(_CHANGES) or {}).get("token", "")),
            snapshot_generation=int(snapshot.get("generation", 0)),
            snapshot_signature=str(snapshot.get("signature", "")),
            snapshot_changes=str(snapshot.get("changes", "")),
            writer=lease if lease is not None and lease.live(self._now_ns) else None,
        )

    def publish_snapshot(self, generation: int, signature: str) -> None:
        """Tell readers that the search snapshot saved in `snapshot_folder(generation)` (with
        this signature) matches the store as it is now."""
        changes = str((self._records(_CHANGES).get(_CHANGES) or {}).get("token", ""))
        self.registry.upsert(
            ids=[_SNAPSHOT_RECORD],
            embeddings=[RECORD_VECTOR],
            metadatas=[{"generation": generation, "signature": signature, "changes": changes}],
        )

    def start_rebuild(self, ident: ModelIdentity) -> Store:
        """A generation to fill next to the active one.

        A rebuild killed half-way is resumed (its chunks are reused) when the model is the
        same; otherwise the leftover generation is dropped and started afresh.
        """
        active = self.active_generation()
        for gen in self._generations():
            if gen <= active:
                continue
            store = self._store(gen)
            stored = store.identity()
            if stored is not None and stored.agrees_with(ident):
                log.info("resuming the unfinished rebuild in generation %d", gen)
                return store
            self._drop(gen)
        gen = max([active, *self._generations()]) + 1
        store = self._store(gen)
        store.set_identity(ident)
        return store

    def switch_to(self, store: Store) -> None:
        """Make `store` the answering generation, then drop the older ones."""
        old = self.active_generation()
        self.registry.modify(metadata={"active": store.generation})
        for gen in self._generations():
            if gen != store.generation and gen <= max(old, store.generation):
                self._drop(gen)

    def snapshot_folder(self, generation: int) -> Path:
        """Where the search snapshot of a generation is saved: a local folder in both modes
        (processes on one host share it; a reader elsewhere builds its own copy)."""
        return Path(self.settings.chroma_path) / f"{_SNAPSHOT_FOLDER}-{self.prefix}-g{generation}"

    def _store(self, generation: int) -> Store:
        return Store(
            self.client,
            self.prefix,
            generation,
            before_write=self._check_lease,
            after_change=self._changed,
            visible=self._visible.setdefault(generation, Visible()),
        )

    def forget_versions(self) -> None:
        """Another process changed the index: re-read committed versions on next use."""
        for visible in self._visible.values():
            visible.forget()

    def _generations(self) -> list[int]:
        gens: set[int] = set()
        head = f"{self.prefix}-chunks-g"
        for col in self.client.list_collections():
            name = col if isinstance(col, str) else col.name
            if name.startswith(head) and name[len(head) :].isdigit():
                gens.add(int(name[len(head) :]))
        return sorted(gens)

    def _drop(self, gen: int) -> None:
        for kind in ("chunks", "articles"):
            with contextlib.suppress(Exception):  # already gone is fine
                self.client.delete_collection(f"{self.prefix}-{kind}-g{gen}")
        self._visible.pop(gen, None)
        shutil.rmtree(self.snapshot_folder(gen), ignore_errors=True)

    # --- one writer ----------------------------------------------------------------------
    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]:
        """One writer at a time; a second one is refused, not queued.

        Embedded: an flock on CHROMA_PATH/.ingest.lock (exact, and the kernel frees it when
        the writer dies, however it dies); and no other process may have the folder open.

        Server: the flock cannot help (writers may run on other hosts, and the server's
        folder is not ours to lock), so the writer holds a lease record in the registry,
        renewed every few seconds by a thread; see `LEASE_SECONDS` and `_SETTLE_SECONDS`
        for how a dead writer's lease is recognised and how a race between two starts ends.
        A writer that finds its lease taken stops before its next write.

        The lease is written in embedded mode too, for readers: it tells them a writer is
        at work and will publish a fresh search snapshot when it is done.
        """
        me = locks.ProcessId.current()
        with contextlib.ExitStack() as stack:
            if not self.server_mode:
                path = Path(self.settings.chroma_path)
                try:
                    stack.enter_context(locks.exclusive(path / ".ingest.lock", me.describe()))
                except locks.Busy as busy:
                    raise StoreBusyError(
                        f"Another ingestion ({busy}) is writing to {path}. Only one ingestion "
                        "may write at a time: wait for it to finish and run again. To ingest "
                        "on a schedule while the bot answers, use Chroma's server mode: "
                        f"`chroma run --path {path} --port 8000`, then "
                        "CHROMA_URL=http://127.0.0.1:8000 for the bot and the ingestion."
                    ) from None
                readers = locks.other_readers(self._readers_folder())
                if readers:
                    raise IndexInUseError(
                        f"Other processes have the embedded index in {path} open: "
                        f"{'; '.join(readers)}. Embedded Chroma serves one process at a time: "
                        "they would go on answering from what they loaded, and writing beside "
                        "them risks the files. Stop them and run again, ingest from the bot "
                        "itself (/reindex), or run Chroma as a server for all of them: "
                        f"`chroma run --path {path} --port 8000` and set "
                        "CHROMA_URL=http://127.0.0.1:8000."
                    )
            lease = self._claim(me)
            renewal = _Renewal(self, lease)
            try:
                yield
            finally:
                renewal.stop()
                try:
                    self._release(lease)
                except StoreError as exc:  # the server is gone: the lease will expire
                    log.warning("could not release the writer lease: %s", exc)

    def _claim(self, me: locks.ProcessId) -> WriterLease:
        current = self._read_lease()
        if current is not None and current.live(self._now_ns):
            raise StoreBusyError(self._busy(current))
        now = self._now_ns()
        lease = WriterLease(uuid.uuid4().hex, me, now, now)
        with _HELD_LOCK:
            _HELD.add(lease.token)
        self._lease_lost = ""
        self._write_lease(lease)
        if self.server_mode:  # embedded: the flock already decided
            time.sleep(_SETTLE_SECONDS)
            current = self._read_lease()
            if current is None or current.token != lease.token:
                with _HELD_LOCK:
                    _HELD.discard(lease.token)
                raise StoreBusyError(self._busy(current) if current else "lost a race")
        return lease

    def _renew(self, lease: WriterLease, stopping: threading.Event) -> bool:
        """Renew `lease`; False once another writer has it (this one must stop)."""
        current = self._read_lease()
        if current is None or current.token != lease.token:
            self._lease_lost = current.process.describe() if current else "nobody"
            log.error("this ingestion lost its writer lease to %s", self._lease_lost)
            return False
        now = self._now_ns()
        if not stopping.is_set():  # never re-create a lease that is being released
            self._write_lease(WriterLease(lease.token, lease.process, lease.started_ns, now))
        return True

    def _release(self, lease: WriterLease) -> None:
        with _HELD_LOCK:
            _HELD.discard(lease.token)
        current = self._read_lease()
        if current is not None and current.token == lease.token:
            self.registry.delete(ids=[_WRITER])

    def _check_lease(self) -> None:
        if self._lease_lost:
            raise StoreBusyError(
                f"This ingestion lost its right to write to {self.where()} to "
                f"{self._lease_lost}: it could not renew its lease for {LEASE_SECONDS:.0f} s "
                "(was the Chroma server unreachable?). It stopped before writing more; what "
                "it committed is complete. Run it again when the other one is done."
            )

    def _busy(self, holder: WriterLease) -> str:
        age = max(0.0, (self._now_ns() - holder.renewed_ns) / 1e9)
        message = (
            f"Another ingestion is writing to {self.where()} ({holder.process.describe()}, "
            f"last seen {age:.0f} s ago). Only one ingestion may write at a time: wait for it "
            "to finish and run again."
        )
        if not holder.process.on_this_host():
            message += (
                f" If that process is gone, its lease expires "
                f"{max(0.0, LEASE_SECONDS - age):.0f} s from now."
            )
        return message

    def _changed(self) -> None:
        self.registry.upsert(
            ids=[_CHANGES], embeddings=[RECORD_VECTOR], metadatas=[{"token": uuid.uuid4().hex}]
        )

    def _read_lease(self) -> WriterLease | None:
        return WriterLease.from_meta(self._records(_WRITER).get(_WRITER))

    def _write_lease(self, lease: WriterLease) -> None:
        self.registry.upsert(ids=[_WRITER], embeddings=[RECORD_VECTOR], metadatas=[lease.to_meta()])

    def _records(self, *ids: str) -> dict[str, Any]:
        got = self.registry.get(ids=list(ids), include=["metadatas"])
        return dict(zip(got["ids"], got["metadatas"], strict=True))

    def _now_ns(self) -> int:
        # The Chroma server's clock (embedded: this host's): lease ages need one clock.
        return int(self.client.heartbeat())

    def _readers_folder(self) -> Path:
        return Path(self.settings.chroma_path) / ".readers"


class _Renewal:
    """The writer's lease, renewed every `_RENEW_SECONDS` by a daemon thread."""

    def __init__(self, index: Index, lease: WriterLease) -> None:
        self._stopping = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(index, lease), name="writer-lease", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        # Unbounded on purpose: a renewal in flight (bounded by CHROMA_TIMEOUT) must finish
        # before the release, or it could write the lease back after it.
        self._thread.join()

    def _run(self, index: Index, lease: WriterLease) -> None:
        while not self._stopping.wait(_RENEW_SECONDS):
            try:
                if not index._renew(lease, self._stopping):
                    return
            except StoreError as exc:
                log.warning("could not renew the writer lease: %s", exc)
