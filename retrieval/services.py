"""The heavy objects a question needs, built once per process and shared.

The CLI, the evaluation harness and the bot build one `Services` at start-up; a question
never reloads the model, reopens Chroma or re-tokenises the corpus.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from retrieval.embeddings import Embedder, load_embedder
from retrieval.hybrid import HybridRetriever
from retrieval.settings import Settings
from retrieval.store import Index

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

    def refresh(self) -> None:
        """Pick up what an ingestion changed: a new generation, new chunks."""
        self.retriever = _retriever(self.settings, self.embedder, self.index)

    def close(self) -> None:
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
    retriever = _retriever(settings, embedder, index)
    timings["index"] = (time.perf_counter() - t0) * 1000
    chat_model: Any = None
    if settings.llm_provider != "none":
        from retrieval.llm import build_chat_model

        chat_model = build_chat_model(settings)
    log.info("ready: model %.0f ms, index %.0f ms", timings["model"], timings["index"])
    return Services(settings, embedder, index, retriever, chat_model, timings)


def _retriever(settings: Settings, embedder: Embedder, index: Index) -> HybridRetriever:
    store = index.open_for(embedder.identity)
    folder = index.lexical_folder(store.generation)
    return HybridRetriever.open(store, embedder, folder, k=settings.search_top_k)
