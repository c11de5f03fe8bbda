"""The search snapshot's vector index: cosine nearest neighbours in this process.

Chroma answers the same query, but each call to the embedded client costs ~1.8 ms of fixed
overhead at 10,000 articles (0.85 ms for a get of a single id), a third of a question's
budget; an HNSW index over the snapshot's own vectors answers in ~0.1 ms. It is built with
chroma-hnswlib, the HNSW library Chroma itself used, with Chroma's settings (cosine space,
M 16, ef_construction 100, ef_search at least 100), so it finds what Chroma's index would.
Chroma stays the store of record: this is a copy, updated with the snapshot
(`NearestIndex.updated`) and built again when a snapshot has none.

Vectors are labelled by a 63-bit hash of their chunk id, not by row number, so an update
drops and adds chunks without renumbering the rest. The index holds exactly the
snapshot's rows (dropped labels are marked deleted and their slots reused).
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["NearestIndex", "exact_nearest", "label_of"]

# Chroma's HNSW defaults (its collection configuration).
_M = 16
_EF_CONSTRUCTION = 100
_EF_SEARCH = 100


def label_of(chunk_id: str) -> int:
    """A chunk's label in the index: the same in every update and process."""
    digest = hashlib.blake2b(chunk_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1  # fits int64 as well as hnswlib's size_t


def exact_nearest(vectors: np.ndarray, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows of the `k` unit `vectors` nearest to `query` and their cosines, best first
    (ties by row): what a graph walk cannot always give (`NearestIndex.search`)."""
    # einsum, not `@`: BLAS would split this small product over threads that compete with
    # ONNX Runtime's spinning ones (measured 20-30 ms instead of 0.17 ms on 2 cores).
    sims = np.einsum("ij,j->i", vectors, np.asarray(query, dtype=np.float32))
    k = min(k, len(sims))
    best = np.argpartition(-sims, k - 1)[:k] if k < len(sims) else np.arange(len(sims))
    best = best[np.lexsort((best, -sims[best]))]
    return best, sims[best]


class NearestIndex:
    """Cosine nearest neighbours among labelled vectors (never modified once built:
    `updated` returns a new one, so searches may run while an update is made)."""

    def __init__(self, index: Any) -> None:
        self._index = index

    @classmethod
    def build(cls, vectors: np.ndarray, labels: np.ndarray) -> NearestIndex:
        import hnswlib

        index = hnswlib.Index(space="cosine", dim=int(vectors.shape[1]))
        index.init_index(
            max_elements=max(len(labels), 1),
            ef_construction=_EF_CONSTRUCTION,
            M=_M,
            allow_replace_deleted=True,
        )
        if len(labels):
            index.add_items(np.asarray(vectors, dtype=np.float32), labels, num_threads=-1)
        return cls(index)

    @property
    def dim(self) -> int:
        return int(self._index.dim)

    def search(
        self, vector: np.ndarray, k: int, *, allowed: set[int] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Labels and cosines of the `k` nearest, best first, among the `allowed` labels
        when given (hnswlib's filter: the walk crosses the others but never returns them;
        RuntimeError when fewer than `k` are found). `k` must not exceed the number of
        vectors held (the snapshot's row count)."""
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        # hnswlib's ef is per index, not per query; concurrent searches all set the same
        # value unless k is large, and a larger ef only makes a search more thorough.
        self._index.set_ef(max(_EF_SEARCH, k))
        labels, distances = self._index.knn_query(
            np.asarray(vector, dtype=np.float32),
            k=k,
            num_threads=1,
            filter=None if allowed is None else allowed.__contains__,
        )
        return labels[0].astype(np.int64), (1.0 - distances[0]).astype(np.float32)

    def updated(
        self, drop: np.ndarray, labels: np.ndarray, vectors: np.ndarray, total: int
    ) -> NearestIndex:
        """A copy without the `drop` labels and with `vectors` added under `labels`,
        holding `total` vectors in all."""
        if not len(labels) and not len(drop):
            return self
        # hnswlib has no copy; a pickle round trip of this in-memory object is one.
        index = pickle.loads(pickle.dumps(self._index))
        for label in drop:
            index.mark_deleted(int(label))
        # New vectors take the slots of deleted ones first.
        if total > index.get_max_elements():
            index.resize_index(total)
        if len(labels):
            index.add_items(
                np.asarray(vectors, dtype=np.float32), labels, num_threads=-1, replace_deleted=True
            )
        return NearestIndex(index)

    def save(self, path: Path) -> None:
        self._index.save_index(str(path))

    @classmethod
    def load(cls, path: Path, dim: int) -> NearestIndex:
        import hnswlib

        index = hnswlib.Index(space="cosine", dim=dim)
        index.load_index(str(path), allow_replace_deleted=True)
        return cls(index)
