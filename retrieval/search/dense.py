"""Dense search: a question -> the nearest visible passages, with citation data."""

from __future__ import annotations

from retrieval.embedding.base import Embedder
from retrieval.index.chunks import Hit
from retrieval.index.store import Store


def search(question: str, embedder: Embedder, store: Store, k: int = 5) -> list[Hit]:
    if not question.strip():
        return []
    vector = embedder.embed_queries([question])[0]
    return store.search(vector, k)
