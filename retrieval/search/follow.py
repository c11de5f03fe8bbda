"""Following what ingestions change, without a restart: `IndexFollower`.

A long-running reader (the bot) keeps answering while ingestions (its own `/reindex`, or
another process's, possibly on another host) change the index. `refresh_if_changed()`
(called before every search, and rate limited to INDEX_CHECK_SECONDS) reads the
registry's small state records (`Index.state`) and

- switches to the new generation when a rebuild switched it (cheap, right away);
- otherwise, when the last ingestion published a search snapshot (`retrieval.search.snapshot`:
  BM25 terms, passages, vectors) newer than ours, loads the saved copy (CHROMA_PATH is
  on the same disk: the bot and the ingestion on one host), or brings this host's own copy
  up to date from the store (another host, or an ingestion that was killed) — in a
  background thread, because with nothing saved that takes ~25 s at 10,000 articles;
  questions go on with the previous snapshot meanwhile (their dense side already sees the
  new articles);
- waits while an ingestion is still writing: it publishes when it is done.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from retrieval.embedding.base import Embedder
from retrieval.index.errors import CollectionGone
from retrieval.index.registry import Index, IndexState
from retrieval.search.hybrid import HybridResult, HybridRetriever
from retrieval.search.snapshot import Snapshot, SnapshotError, load_or_build, read_meta
from retrieval.settings import Settings

log = logging.getLogger(__name__)


class IndexFollower:
    """The retriever of one process, kept up with the index.

    `retriever` is rebound (one atomic assignment) whenever something is reloaded, never
    changed in place: a search that read it goes on with what it read.
    """

    def __init__(
        self, settings: Settings, index: Index, embedder: Embedder, state: IndexState
    ) -> None:
        """Open the active generation's retriever; `state` is the registry's state read
        before it (so a change made meanwhile is seen at the next check)."""
        self.settings = settings
        self.index = index
        self.embedder = embedder
        self.retriever = open_retriever(settings, embedder, index)
        # The registry state (`IndexState.key()`) that `retriever` is known to match.
        self.seen: tuple[object, ...] | None = state.key()
        # The registry's change token when committed versions were last read.
        self._versions_token: str | None = state.changes
        self._checked_at = 0.0
        self._check_lock = threading.Lock()
        self._worker: threading.Thread | None = None

    def search(self, question: str, k: int | None = None, **window: Any) -> HybridResult:
        """Hybrid search over the index as it is now (see `refresh_if_changed`); `window`:
        `since` / `until` dates (`HybridRetriever.search`)."""
        self.refresh_if_changed()
        try:
            return self.retriever.search(question, k, **window)
        except CollectionGone:
            # A rebuild switched generations (and dropped ours) since the last check.
            self.refresh_if_changed(force=True)
            return self.retriever.search(question, k, **window)

    def refresh(self) -> None:
        """Pick up what an ingestion changed: a new generation, new chunks (synchronously)."""
        state = self.index.state()
        self.index.forget_versions()
        self._versions_token = state.changes
        self.retriever = open_retriever(self.settings, self.embedder, self.index)
        self.seen = state.key()

    def refresh_if_changed(self, *, force: bool = False, wait: bool = False) -> bool:
        """Follow another process's (or this one's) ingestion; True when something was
        reloaded or a reload was started.

        At most once per INDEX_CHECK_SECONDS unless `force`; one request pair to the store
        when nothing changed. A snapshot to load or update is done in a background
        thread unless `wait` (the CLI, tests). Raises `StoreUnavailable` when the Chroma
        server cannot be reached.
        """
        now = time.monotonic()
        if not force and now - self._checked_at < self.settings.index_check_seconds:
            return False
        # Concurrent questions (the bot answers chats in threads): one checks, the others
        # go on with what is loaded.
        if not self._check_lock.acquire(blocking=force or wait):
            return False
        try:
            if not force and now - self._checked_at < self.settings.index_check_seconds:
                return False
            self._checked_at = now
            state = self.index.state()
            if state.key() == self.seen:
                return False
            return self._follow(state, wait)
        finally:
            self._check_lock.release()

    def wait_for_refresh(self, timeout: float | None = None) -> None:
        """Wait for a background snapshot reload started by `refresh_if_changed`."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def _follow(self, state: IndexState, wait: bool) -> bool:
        changed = False
        if state.generation != self.retriever.store.generation:
            store = self.index.open_for(self.embedder.identity)
            # The snapshot of the old generation stays until the new one is loaded:
            # chunk ids carry the article version, so unchanged articles keep matching,
            # and ids the new generation lacks are dropped by `Store.hits_by_id`.
            self.retriever = self.retriever.model_copy(update={"store": store})
            log.info("now answering from generation %d", store.generation)
            changed = True
        if state.changes != self._versions_token and state.writer is None:
            # Another process committed or removed articles: re-read the committed
            # versions (visibility, see `retrieval.index.store.Visible`) once it has finished.
            self.index.forget_versions()
            self._versions_token = state.changes
            self.retriever.store.visible.load(self.retriever.store)
        loaded = self.retriever.lexical.signature  # the snapshot's signature
        if state.snapshot_current and loaded == state.snapshot_signature:
            self.seen = state.key()
            return changed
        if state.writer is not None and not state.snapshot_current:
            # An ingestion is at work: it publishes a fresh search snapshot when it is done
            # (this is checked again at the next question).
            return changed
        if self._worker is not None and self._worker.is_alive():
            return changed
        if wait:
            self._reload_snapshot(state)
        else:
            self._worker = threading.Thread(
                target=self._reload_snapshot, args=(state,), name="snapshot-reload", daemon=True
            )
            self._worker.start()
        return True

    def _reload_snapshot(self, state: IndexState) -> None:
        store = self.retriever.store
        folder = self.index.snapshot_folder(store.generation)
        started = time.perf_counter()
        try:
            meta = read_meta(folder)
            published = state.snapshot_signature if state.snapshot_current else ""
            snapshot = None
            if published and meta is not None and meta.get("signature") == published:
                how = "loaded the ingestion's saved"
                try:
                    snapshot = Snapshot.load(folder)
                except SnapshotError as exc:
                    log.warning("the ingestion's saved search snapshot is damaged: %s", exc)
            if snapshot is None:
                # Another host, or a killed ingestion: bring this host's saved snapshot up
                # to date with the store (and save it, for this host's next start-up).
                how = "updated the"
                snapshot = load_or_build(store, folder)
        except Exception as exc:  # retried at the next check; questions go on meanwhile
            log.warning("could not reload the search snapshot (will retry): %s", exc)
            return
        if self.retriever.store.generation != store.generation:
            return  # switched again meanwhile: the next check starts over
        self.retriever = self.retriever.with_snapshot(snapshot)
        self.seen = state.key()
        log.info(
            "%s search snapshot (%d chunks) in %.1f s",
            how,
            len(snapshot),
            time.perf_counter() - started,
        )


def open_retriever(settings: Settings, embedder: Embedder, index: Index) -> HybridRetriever:
    """A retriever on the active generation, with its committed versions read now (not
    during the first question) and its search snapshot loaded, updated or built."""
    store = index.open_for(embedder.identity)
    store.visible.load(store)  # now, not during the first question
    folder = index.snapshot_folder(store.generation)
    return HybridRetriever.open(
        store, embedder, folder, k=settings.search_top_k, today=settings.today
    )
