"""Lexical (BM25) search for Vietnamese: `LexicalIndex.search(query, k)`.

A text's terms come from `retrieval.search.terms.Analyzer` (syllables, bigrams, and both
accent-folded), which is saved with the index. Scoring is BM25 (Lucene's idf) over a
sparse chunk x term matrix of precomputed term weights: a query adds up a few columns.
The index of what the store lets search see is built, kept up to date and saved by
`retrieval.search.snapshot`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import numpy as np
from scipy import sparse

from retrieval.search.accents import Accents
from retrieval.search.terms import Analyzer, fold_terms

try:  # scipy's own kernel for a CSC matrix times a vector (private, hence the fallback)
    from scipy.sparse._sparsetools import csc_matvec as _csc_matvec
except ImportError:  # pragma: no cover
    _csc_matvec = None

__all__ = ["LexicalIndex"]

_SAMPLE = 8  # `_top` reads every _SAMPLE-th score first


class LexicalIndex:
    """BM25 over chunks: `search(query, k)` -> [(chunk id, score)], best first.

    Holds each chunk's term counts (`counts`, chunks x terms, CSC) and the BM25 weights
    derived from them (`weights`). The counts are what `replaced` needs to change some rows
    without re-reading the others: BM25's idf and average length depend on every chunk,
    so the weights of all rows are recomputed (vectorised, ~0.2 s at 10,000 articles)
    while only the new chunks' text is analysed.
    """

    def __init__(
        self,
        chunk_ids: list[str],
        vocabulary: list[str],
        counts: sparse.csc_matrix,
        lengths: np.ndarray,
        *,
        analyzer: Analyzer,
        k1: float,
        b: float,
        signature: str = "",
    ) -> None:
        self.chunk_ids = chunk_ids
        self.vocabulary = vocabulary
        self.term_ids = {t: i for i, t in enumerate(vocabulary)}
        self.counts = counts  # chunks x terms, uint16 occurrences (exact + folded)
        self.lengths = lengths  # terms per chunk, float32
        self.weights = _bm25_weights(counts, lengths, k1=k1, b=b)
        self.analyzer = analyzer
        self.k1 = k1
        self.b = b
        self.signature = signature
        self.row = {cid: i for i, cid in enumerate(chunk_ids)}

    def __len__(self) -> int:
        return len(self.chunk_ids)

    @functools.cached_property
    def accents(self) -> Accents:
        """Puts diacritics back on a question typed without any, by this index's words
        (`retrieval.search.accents`); built on first use (0.12 s at 10,000 articles)."""
        return Accents(self.vocabulary, self.term_ids, np.diff(self.counts.indptr))

    # --- building ------------------------------------------------------------------------
    @classmethod
    def from_texts(
        cls,
        items: Iterable[tuple[str, str]],
        *,
        analyzer: Analyzer | None = None,
        k1: float = 1.2,
        b: float = 0.75,
        signature: str = "",
    ) -> LexicalIndex:
        """Index `(chunk id, text)` pairs, in the order given; text is what the dense side
        embeds (title + chunk)."""
        analyzer = analyzer or Analyzer()
        vocabulary: dict[str, int] = {}
        chunk_ids, rows, lengths = _count(items, analyzer, vocabulary)
        counts = _csc(rows, len(vocabulary))
        return cls(
            chunk_ids,
            list(vocabulary),
            counts,
            lengths,
            analyzer=analyzer,
            k1=k1,
            b=b,
            signature=signature,
        )

    def replaced(
        self,
        drop: Iterable[str],
        items: Iterable[tuple[str, str]],
        *,
        order: list[str] | None = None,
        signature: str = "",
    ) -> LexicalIndex:
        """A new index without the chunks in `drop` and with `items` added; only the added
        texts are analysed. Rows are the kept chunks then the added ones, or `order` (every
        chunk id of the result) when given. Terms no chunk uses any more are dropped."""
        dropped = set(drop)
        keep = np.asarray(
            [i for i, cid in enumerate(self.chunk_ids) if cid not in dropped], dtype=np.int64
        )
        vocabulary = dict(self.term_ids)
        new_ids, new_rows, new_lengths = _count(items, self.analyzer, vocabulary)
        width = len(vocabulary)
        old = self.counts.tocsr()[keep]
        old.resize((len(keep), width))
        merged = sparse.vstack([old, _csc(new_rows, width).tocsr()], format="csr")
        chunk_ids = [self.chunk_ids[i] for i in keep] + new_ids
        lengths = np.concatenate([self.lengths[keep], new_lengths]).astype(np.float32)
        if order is not None:
            position = {cid: i for i, cid in enumerate(chunk_ids)}
            if len(order) != len(position) or any(cid not in position for cid in order):
                raise ValueError("order must list every chunk of the result once")
            perm = np.asarray([position[cid] for cid in order], dtype=np.int64)
            merged, lengths, chunk_ids = merged[perm], lengths[perm], list(order)
        # Compact the vocabulary: an article replaced again and again must not leave its
        # old words behind for ever.
        terms = list(vocabulary)
        used = np.flatnonzero(np.bincount(merged.indices, minlength=width))
        remap = np.full(width, -1, dtype=np.int32)
        remap[used] = np.arange(len(used), dtype=np.int32)
        merged = sparse.csr_matrix(
            (merged.data, remap[merged.indices], merged.indptr), shape=(len(chunk_ids), len(used))
        )
        return type(self)(
            chunk_ids,
            [terms[i] for i in used],
            merged.tocsc(),
            lengths,
            analyzer=self.analyzer,
            k1=self.k1,
            b=self.b,
            signature=signature,
        )

    # --- searching -----------------------------------------------------------------------
    @functools.cached_property
    def _document_frequency(self) -> np.ndarray:
        return np.diff(self.counts.indptr)  # chunks holding each term (CSC: per column)

    def folded_idf(self, query: str) -> dict[str, float]:
        """The idf (Lucene's, over chunks) of each folded syllable of `query` the index
        keeps: how rare it is in everything indexed. A word never indexed has the
        highest; a stopword search drops is left out. For the answer step's decline gate:
        a rare word of the question its passage lacks says the passage is about something
        else."""
        n = len(self.chunk_ids)
        df = self._document_frequency
        out: dict[str, float] = {}
        for term in fold_terms(self.analyzer.exact_terms(query)[0]):
            if "_" in term:
                continue  # a bigram
            col = self.term_ids.get(term)
            count = float(df[col]) if col is not None else 0.0
            out[term[1:]] = float(_lucene_idf(count, n))
        return out

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk (in `chunk_ids` order) for `query`."""
        out = np.zeros(len(self.chunk_ids), dtype=np.float32)
        weights = self.analyzer.query_weights(query)
        found = [(self.term_ids[t], w) for t, w in weights.items() if t in self.term_ids]
        if not found or not len(self.chunk_ids):
            return out
        if _csc_matvec is None:  # pragma: no cover - scipy without its sparsetools
            cols = np.asarray([i for i, _ in found], dtype=np.int64)
            qw = np.asarray([w for _, w in found], dtype=np.float32)
            out += np.asarray(self.weights[:, cols] @ qw, dtype=np.float32).reshape(-1)
            return out
        # The kernel of `weights[:, cols] @ qw` (scipy's csc_matvec: y[row] += w * x, in
        # float32, column after column), run on each column of the index in place instead
        # of on a copy of the columns: same sums in the same order, 0.32 -> 0.20 ms per
        # question at 10,000 articles.
        weights = self.weights
        indptr, indices, data = weights.indptr, weights.indices, weights.data
        rows = weights.shape[0]
        for col, w in found:
            x = np.asarray([w], dtype=data.dtype)
            _csc_matvec(rows, 1, indptr[col : col + 2], indices, data, x, out)
        return out

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """The `k` best chunks with a score above 0, best first (ties: index order)."""
        if k <= 0:
            return []
        return self.top(self.scores(query), k)

    def top(
        self, scores: np.ndarray, k: int, rows: np.ndarray | None = None
    ) -> list[tuple[str, float]]:
        """The `k` best chunks with a score above 0, best first (ties: index order), among
        `rows` (ascending row numbers; None: all). Selecting among a knowledge scope's rows
        is the same as zeroing the others' scores, and faster: a partition of an array of
        mostly zeros is slow (1.3 -> 0.04 ms for a scope of 5% of 10,000 articles)."""
        if rows is not None:
            return [(self.chunk_ids[int(rows[i])], s) for i, s in self._top(scores[rows], k)]
        return [(self.chunk_ids[i], s) for i, s in self._top(scores, k)]

    @staticmethod
    def _top(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
        n = len(scores)
        if k <= 0 or n == 0:
            return []
        # BM25 gives most rows a score above 0 (a common syllable is in most chunks), so
        # the k best are found without partitioning every row: the k-th best of every
        # _SAMPLE-th row is at most the k-th best of all, so the rows scoring at least that
        # (~_SAMPLE * k of them) hold the k best; they are partitioned instead. 0.11 ->
        # ~0.05 ms for 36,000 rows (10,000 articles).
        sample = scores[::_SAMPLE]
        m = len(sample)
        floor = np.partition(sample, m - k)[m - k] if m > k else 0.0
        candidates = np.flatnonzero(scores >= floor) if floor > 0 else np.flatnonzero(scores > 0)
        values = scores[candidates]
        if len(candidates) > k:
            # The k-th best score, then everything at least as good (ties at the cut go to
            # the chunk indexed first, by the stable sort below).
            cut = np.partition(values, len(values) - k)[len(values) - k]
            keep = values >= cut
            candidates, values = candidates[keep], values[keep]
        order = np.lexsort((candidates, -values))[:k]
        return list(zip(candidates[order].tolist(), values[order].tolist(), strict=True))

    def scores_for(self, query: str, chunk_ids: Iterable[str]) -> dict[str, float]:
        """BM25 scores of given chunks (0 for chunks this index does not hold)."""
        return self.pick(self.scores(query), chunk_ids)

    def pick(
        self, scores: np.ndarray, chunk_ids: Iterable[str], mask: np.ndarray | None = None
    ) -> dict[str, float]:
        """Entries of a `scores` vector by chunk id (0 for chunks this index does not hold,
        and for rows outside `mask` when given)."""
        row = self.row
        ids = list(chunk_ids)
        at = [row.get(cid, -1) for cid in ids]
        held = np.asarray([r for r in at if r >= 0], dtype=np.int64)
        values = scores[held]
        if mask is not None:
            values = np.where(mask[held], values, np.float32(0.0))
        found = iter(values.tolist())
        return {cid: next(found) if r >= 0 else 0.0 for cid, r in zip(ids, at, strict=True)}

    # --- files ---------------------------------------------------------------------------
    def to_files(self) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """The index as numeric arrays (for `np.savez`, no pickle) and JSON fields."""
        arrays = {
            "counts": self.counts.data.astype(np.uint16),
            "indices": self.counts.indices.astype(np.int32),
            "indptr": self.counts.indptr.astype(np.int64),
            "shape": np.asarray(self.counts.shape, dtype=np.int64),
            "lengths": self.lengths.astype(np.float32),
        }
        meta = {
            "analyzer": self.analyzer.to_json(),
            "k1": self.k1,
            "b": self.b,
            "chunk_ids": self.chunk_ids,
            "vocabulary": self.vocabulary,
        }
        return arrays, meta

    @classmethod
    def from_files(cls, arrays: Any, meta: dict[str, Any], *, signature: str = "") -> LexicalIndex:
        """The inverse of `to_files`."""
        shape = tuple(int(x) for x in arrays["shape"])
        counts = sparse.csc_matrix(
            (arrays["counts"], arrays["indices"], arrays["indptr"]), shape=shape
        )
        analyzer = Analyzer(**{k: v for k, v in meta["analyzer"].items() if k != "kind"})
        return cls(
            meta["chunk_ids"],
            meta["vocabulary"],
            counts,
            np.asarray(arrays["lengths"], dtype=np.float32),
            analyzer=analyzer,
            k1=float(meta["k1"]),
            b=float(meta["b"]),
            signature=signature,
        )


def _count(
    items: Iterable[tuple[str, str]], analyzer: Analyzer, vocabulary: dict[str, int]
) -> tuple[list[str], list[tuple[np.ndarray, np.ndarray]], np.ndarray]:
    """Chunk ids, (term ids, counts) per chunk, and lengths; new terms are added to
    `vocabulary` (term -> column)."""
    chunk_ids: list[str] = []
    per_chunk: list[np.ndarray] = []  # exact term ids of each chunk, in text order
    for cid, text in items:
        chunk_ids.append(cid)
        exact, _ = analyzer.exact_terms(text)
        ids = [vocabulary.setdefault(t, len(vocabulary)) for t in exact]
        per_chunk.append(np.asarray(ids, dtype=np.int32))
    # Folded terms are found per distinct term, not per occurrence: the folded id of every
    # exact term, then each chunk's exact ids mapped through it.
    terms = list(vocabulary)
    folded_of = np.asarray(
        [vocabulary.setdefault(t, len(vocabulary)) for t in fold_terms(terms)], dtype=np.int32
    )
    rows: list[tuple[np.ndarray, np.ndarray]] = []
    lengths = np.zeros(len(chunk_ids), dtype=np.float32)
    for i, exact_ids in enumerate(per_chunk):
        terms_of, counts = np.unique(
            np.concatenate([exact_ids, folded_of[exact_ids]]), return_counts=True
        )
        # A chunk is a few thousand characters at most: no count comes near 65,535.
        rows.append((terms_of.astype(np.int32), np.minimum(counts, 65535).astype(np.uint16)))
        lengths[i] = 2 * len(exact_ids)
    return chunk_ids, rows, lengths


def _csc(rows: list[tuple[np.ndarray, np.ndarray]], width: int) -> sparse.csc_matrix:
    """Per-chunk (term ids, counts) as a chunks x terms matrix, built in CSR one chunk at a
    time: a COO matrix of every occurrence would need several times the final size."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(t) for t, _ in rows], out=indptr[1:])
    terms = np.concatenate([t for t, _ in rows]) if rows else np.zeros(0, dtype=np.int32)
    counts = np.concatenate([c for _, c in rows]) if rows else np.zeros(0, dtype=np.uint16)
    return sparse.csr_matrix((counts, terms, indptr), shape=(len(rows), width)).tocsc()


_BLOCK = 1 << 21  # entries per block of `_bm25_weights`


def _lucene_idf(df: Any, n_docs: int) -> Any:
    """Lucene's idf of a term in `df` of `n_docs` chunks, log(1 + (N - df + 0.5) / (df +
    0.5)), in df's own precision (a number, or an array)."""
    return np.log1p((n_docs - df + 0.5) / (df + 0.5))


def _bm25_weights(
    counts: sparse.csc_matrix, lengths: np.ndarray, *, k1: float, b: float
) -> sparse.csc_matrix:
    """Per (chunk, term): idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avglen)).

    Lucene's idf (`_lucene_idf`) is never negative, so a term in
    most chunks still counts a little instead of pushing chunks down. Computed on the CSC
    arrays directly (df is each column's length), so no format conversion is needed.
    """
    n_docs = counts.shape[0]
    avg = float(lengths.mean()) if n_docs else 1.0
    indptr = counts.indptr
    df = np.diff(indptr).astype(np.float32)
    idf = _lucene_idf(df, n_docs).astype(np.float32)
    norm = (k1 * (1 - b + b * lengths / max(avg, 1e-9))).astype(np.float32)
    values = np.empty(len(counts.data), dtype=np.float32)
    # A few hundred thousand columns' worth of entries at a time: whole-array temporaries
    # would add ~200 MB to start-up's peak memory at 10,000 articles.
    cols = len(idf)
    step = max(1, cols * _BLOCK // max(1, len(values)))
    for c0 in range(0, cols, step):
        c1 = min(cols, c0 + step)
        lo, hi = indptr[c0], indptr[c1]
        tf = counts.data[lo:hi].astype(np.float32)
        values[lo:hi] = (
            np.repeat(idf[c0:c1], np.diff(indptr[c0 : c1 + 1]))
            * tf
            * np.float32(k1 + 1)
            / (tf + norm[counts.indices[lo:hi]])
        )
    return sparse.csc_matrix(
        (values, counts.indices, counts.indptr),
        shape=counts.shape,
        copy=False,
    )
