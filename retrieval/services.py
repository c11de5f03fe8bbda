"""The heavy objects a question needs, built once per process and shared.

The CLI, the evaluation harness and the bot build one `Services` at start-up; a question
never reloads the model, reopens Chroma or re-tokenises the corpus. A long-running reader
(the bot) follows what ingestions change without a restart: that is its `follower`'s job
(`retrieval.search.follow.IndexFollower`), which holds the retriever.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from retrieval.embedding.base import Embedder
from retrieval.embedding.factory import load_embedder
from retrieval.index.registry import Index
from retrieval.index.scopes import Visibility
from retrieval.search.follow import IndexFollower
from retrieval.search.hybrid import HybridResult, HybridRetriever
from retrieval.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    embedder: Embedder
    index: Index
    follower: IndexFollower
    chat_model: BaseChatModel | None = None
    startup_ms: dict[str, float] = field(default_factory=dict)

    @property
    def retriever(self) -> HybridRetriever:
        """The retriever on the index as last seen (rebound, never changed in place)."""
        return self.follower.retriever

    @retriever.setter
    def retriever(self, retriever: HybridRetriever) -> None:
        self.follower.retriever = retriever

    def search(
        self,
        question: str,
        k: int | None = None,
        *,
        since: date | None = None,
        until: date | None = None,
        scopes: Visibility = None,
        today: date | None = None,
    ) -> HybridResult:
        """Hybrid search over the index as it is now (see `refresh_if_changed`), of articles
        dated in [`since`, `until`] when either is given, in knowledge `scopes` (None: all),
        asked on `today` (None: TODAY or the real date)."""
        return self.follower.search(
            question, k, since=since, until=until, scopes=scopes, today=today
        )

    def refresh(self) -> None:
        """Pick up what an ingestion changed: a new generation, new chunks (synchronously)."""
        self.follower.refresh()

    def refresh_if_changed(self, *, force: bool = False, wait: bool = False) -> bool:
        """Follow another process's (or this one's) ingestion; True when something was
        reloaded or a reload was started (`IndexFollower.refresh_if_changed`)."""
        return self.follower.refresh_if_changed(force=force, wait=wait)

    def wait_for_refresh(self, timeout: float | None = None) -> None:
        """Wait for a background snapshot reload started by `refresh_if_changed`."""
        self.follower.wait_for_refresh(timeout)

    def close(self) -> None:
        self.wait_for_refresh(self.settings.chroma_timeout + 60)
        self.index.close()


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
    follower = IndexFollower(settings, index, embedder, state)
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
    if len(follower.retriever.lexical) == 0:
        # Every question would be declined ("không tìm thấy"): say why, where admins look.
        log.warning(
            "the index at %s holds no articles: every question will be declined. Add some "
            "with `python -m ingest` (INGEST_SOURCES, data/articles by default) or "
            "`python -m ingest FILE_OR_FOLDER_OR_URL`.",
            index.where(),
        )
    chat_model: Any = None
    if settings.llm_provider != "none":
        from retrieval.answers.llm import build_chat_model

        chat_model = build_chat_model(settings)
    log.info("ready: model %.0f ms, index %.0f ms", timings["model"], timings["index"])
    return Services(settings, embedder, index, follower, chat_model, timings)
