"""Search inside knowledge scopes: which rows of the search snapshot a question may see, and
the nearest chunks among those rows only.

Both sides of the hybrid search select from the visible scopes *before* they cut their top
k (`retrieval.search.hybrid`), so a user whose scopes hold 5% of the articles still gets a
full set of passages:

- BM25 zeroes the scores of rows outside the mask (`row_mask`) before `LexicalIndex.top`;
- the vector side, for a small visible set (up to `EXACT_ROWS` rows), computes the cosine
  of exactly those rows (a few thousand dot products: faster and more exact than any
  graph walk); for a larger one it walks the HNSW index with hnswlib's `filter=`, which
  only returns allowed labels (the walk itself still crosses other rows).

An article's scopes come from its record in the store (`retrieval.index.store.Visible`,
loaded with the committed versions), not from the snapshot's files: a change of scopes is
a metadata update, and the snapshot stays valid. Masks are cached per snapshot, per
`Visible.stamp` (it moves whenever scopes may have changed) and per set of scopes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import numpy as np

from retrieval.index.chunks import split_chunk_id
from retrieval.index.scopes import Visibility
from retrieval.index.store import Store
from retrieval.search.nearest import exact_nearest
from retrieval.search.snapshot import Passages

__all__ = ["EXACT_ROWS", "nearest_in", "row_mask"]

# Up to this many visible rows the vector side is exact (one product over them): 0.17 ms at
# 1,863 rows of 384 dimensions, ~0.8 ms at 8,192, about what a filtered HNSW walk costs.
EXACT_ROWS = 8192
_CACHED = 32


class _Rows:
    """One set of scopes over one row list: the mask, and what the vector side needs."""

    def __init__(self, owner: object, mask: np.ndarray) -> None:
        self.owner = owner  # keeps the row list alive, so its id() is not reused
        self.mask = mask
        self.rows = np.flatnonzero(mask)
        self._vectors: np.ndarray | None = None
        self._labels: set[int] | None = None
        self._lock = threading.Lock()

    def vectors(self, passages: Passages) -> np.ndarray:
        if self._vectors is None:
            with self._lock:
                if self._vectors is None:
                    # A plain array (a slice of the memory-mapped file would stay a memmap).
                    self._vectors = np.array(
                        passages.vectors[self.rows], dtype=np.float32, order="C", subok=False
                    )
        return self._vectors

    def labels(self, passages: Passages) -> set[int]:
        if self._labels is None:
            with self._lock:
                if self._labels is None:
                    self._labels = set(passages.labels[self.rows].tolist())
        return self._labels


_cache: OrderedDict[tuple[Any, ...], _Rows] = OrderedDict()
_articles: OrderedDict[int, tuple[object, list[str], np.ndarray]] = OrderedDict()
_cache_lock = threading.Lock()


def row_mask(chunk_ids: list[str], store: Store, scopes: Visibility) -> _Rows | None:
    """The rows of `chunk_ids` (a snapshot's row list) whose article is in one of `scopes`
    by its record in `store`; None when `scopes` is None (everything is visible)."""
    if scopes is None:
        return None
    visible = store.visible
    by_article = visible.scopes(store)
    key = (id(chunk_ids), id(visible), visible.stamp, scopes)
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    articles, inverse = _row_articles(chunk_ids)
    allowed = np.fromiter(
        (not scopes.isdisjoint(by_article.get(aid, ())) for aid in articles),
        dtype=bool,
        count=len(articles),
    )
    rows = _Rows(chunk_ids, allowed[inverse] if len(inverse) else np.zeros(0, dtype=bool))
    with _cache_lock:
        _cache[key] = rows
        while len(_cache) > _CACHED:
            _cache.popitem(last=False)
    return rows


def nearest_in(
    passages: Passages, vector: np.ndarray, k: int, rows: _Rows
) -> list[tuple[str, float]]:
    """The `k` chunks nearest to `vector` among `rows`, with their cosine, best first."""
    k = min(k, len(rows.rows))
    if k <= 0:
        return []
    if len(rows.rows) == len(passages.chunk_ids) and passages.index is not None:
        return passages.nearest(vector, k)
    query = np.asarray(vector, dtype=np.float32)
    if len(rows.rows) > EXACT_ROWS and passages.index is not None:
        try:
            labels, cosines = passages.index.search(query, k, allowed=rows.labels(passages))
        except RuntimeError:  # hnswlib found fewer than k allowed: the exact way below
            pass
        else:
            at = _row_of_label(passages)
            return [
                (passages.chunk_ids[at[int(label)]], float(cosine))
                for label, cosine in zip(labels, cosines, strict=True)
            ]
    best, sims = exact_nearest(rows.vectors(passages), query, k)
    return [
        (passages.chunk_ids[int(rows.rows[i])], float(sim))
        for i, sim in zip(best, sims, strict=True)
    ]


def _row_articles(chunk_ids: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct article ids of a row list, and each row's index into them."""
    with _cache_lock:
        found = _articles.get(id(chunk_ids))
        if found is not None and found[0] is chunk_ids:
            return found[1], found[2]
    names, inverse = np.unique(
        np.asarray([split_chunk_id(cid)[0] for cid in chunk_ids], dtype=object).astype(str),
        return_inverse=True,
    )
    out = ([str(n) for n in names], inverse.reshape(-1))
    with _cache_lock:
        _articles[id(chunk_ids)] = (chunk_ids, *out)
        while len(_articles) > 4:
            _articles.popitem(last=False)
    return out


def _row_of_label(passages: Passages) -> dict[int, int]:
    return passages._row_of_label  # the snapshot's own label map, built once
