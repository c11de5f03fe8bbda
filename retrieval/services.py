"""The heavy objects a question needs, built once per process and shared.

The CLI, the evaluation harness and the bot build one `Services` at start-up; a question
never reloads the model, reopens Chroma or re-tokenises the corpus.

A long-running reader (the bot) follows what ingestions change without a restart:
`refresh_if_changed()` (called by `search()`, so by every question, and rate limited to
INDEX_CHECK_SECONDS) reads the registry's small state records (`Index.state`) and

- switches to the new generation when a rebuild switched it (cheap, right away);
- otherwise, when the last ingestion published a search snapshot (`retrieval.search.snapshot`:
  lexical index, passages, vectors) newer than ours, loads the saved copy (CHROMA_PATH is
  on the same disk: the bot and the ingestion on one host), or brings this host's own copy
  up to date from the store (another host, or an ingestion that was killed) — in a
  background thread, because with nothing saved that takes ~25 s at 10,000 articles;
  questions go on with the previous snapshot meanwhile (their dense side already sees the
  new articles);
- waits while an ingestion is still writing: it publishes when it is done.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from retrieval.embedding.base import Embedder
from retrieval.embedding.factory import load_embedder
from retrieval.index.store import CollectionGone, Index, IndexState
from retrieval.search.hybrid import HybridResult, HybridRetriever
from retrieval.search.snapshot import Snapshot, load_or_build, read_meta
from retrieval.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    embedder: Embedder
    index: Index
    retriever: HybridRetriever
    chat_model: BaseChatModel | None = None
    startup_ms: dict[str, float] = field(default_factory=dict)
    # The registry state (`IndexState.key()`) that `retriever` is known to match.
    seen: tuple[object, ...] | None = field(default=None, repr=False)
    _checked_at: float = field(default=0.0, repr=False)
    _check_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _worker: threading.Thread | None = field(default=None, repr=False)
    # The registry's change token when committed versions were last read.
    _versions_token: str | None = field(default=None, repr=False)

    def search(self, question: str, k: int | None = None) -> HybridResult:
        """Hybrid search over the index as it is now (see `refresh_if_changed`)."""
        self.refresh_if_changed()
        try:
            return self.retriever.search(question, k)
        except CollectionGone:
            # A rebuild switched generations (and dropped ours) since the last check.
            self.refresh_if_changed(force=True)
            return self.retriever.search(question, k)

    def refresh(self) -> None:
        """Pick up what an ingestion changed: a new generation, new chunks (synchronously)."""
        state = self.index.state()
        self.index.forget_versions()
        self._versions_token = state.changes
        self.retriever = _retriever(self.settings, self.embedder, self.index)
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
        """Wait for a background lexical reload started by `refresh_if_changed`."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def close(self) -> None:
        self.wait_for_refresh(self.settings.chroma_timeout + 60)
        self.index.close()

    def _follow(self, state: IndexState, wait: bool) -> bool:
        changed = False
        if state.generation != self.retriever.store.generation:
            store = self.index.open_for(self.embedder.identity)
            # The lexical index of the old generation stays until the new one is loaded:
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
        lexical = self.retriever.lexical
        if state.lexical_current and lexical.signature == state.lexical_signature:
            self.seen = state.key()
            return changed
        if state.writer is not None and not state.lexical_current:
            # An ingestion is at work: it publishes a fresh lexical index when it is done
            # (this is checked again at the next question).
            return changed
        if self._worker is not None and self._worker.is_alive():
            return changed
        if wait:
            self._reload_lexical(state)
        else:
            self._worker = threading.Thread(
                target=self._reload_lexical, args=(state,), name="lexical-reload", daemon=True
            )
            self._worker.start()
        return True

    def _reload_lexical(self, state: IndexState) -> None:
        store = self.retriever.store
        folder = self.index.lexical_folder(store.generation)
        started = time.perf_counter()
        try:
            meta = read_meta(folder)
            published = state.lexical_signature if state.lexical_current else ""
            if published and meta is not None and meta.get("signature") == published:
                how = "loaded the ingestion's saved"
                snapshot = Snapshot.load(folder)
            else:
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


def build_services(settings: Settings, embedder: Embedder | None = None) -> Services:
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    if embedder is None:
        embedder = load_embedder(settings)
        _ = embedder.identity  # computed now, not during the first question
    timings["model"] = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    index = Index(settings)
    state = index.state()
    retriever = _retriever(settings, embedder, index)
    timings["index"] = (time.perf_counter() - t0) * 1000
    writer = state.writer
    if not index.server_mode and writer is not None and writer.process.pid != os.getpid():
        log.warning(
            "an ingestion (%s) is writing to %s: in embedded mode this process will not see "
            "its changes until restarted. Run Chroma as a server (CHROMA_URL) to ingest "
            "while the bot answers.",
            writer.process.describe(),
            index.where(),
        )
    chat_model: Any = None
    if settings.llm_provider != "none":
        from retrieval.answers.llm import build_chat_model

        chat_model = build_chat_model(settings)
    log.info("ready: model %.0f ms, index %.0f ms", timings["model"], timings["index"])
    services = Services(settings, embedder, index, retriever, chat_model, timings, seen=state.key())
    services._versions_token = state.changes
    return services


def _retriever(settings: Settings, embedder: Embedder, index: Index) -> HybridRetriever:
    store = index.open_for(embedder.identity)
    store.visible.load(store)  # now, not during the first question
    folder = index.lexical_folder(store.generation)
    return HybridRetriever.open(store, embedder, folder, k=settings.search_top_k)
