"""`LexicalIndex.top` partitions only the rows scoring at least the k-th best of a sample
of them; it must return what the partition over every row returned: the same rows, scores
and order, ties (at the cut and at the sample's floor) and all-zero vectors included."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.search.lexical import LexicalIndex


def _old_top(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The implementation before the nonzero selection (argpartition over all rows)."""
    n = len(scores)
    if k <= 0 or n == 0:
        return []
    if n > k:
        cut = max(float(scores[np.argpartition(scores, n - k)[n - k :]].min()), 0.0)
        candidates = np.flatnonzero(scores >= cut) if cut > 0 else np.flatnonzero(scores > 0)
    else:
        candidates = np.flatnonzero(scores > 0)
    order = candidates[np.lexsort((candidates, -scores[candidates]))][:k]
    return list(zip(order.tolist(), scores[order].tolist(), strict=True))


def _vectors(rng: np.random.Generator) -> np.ndarray:
    n = int(rng.integers(0, 300)) if rng.random() < 0.7 else int(rng.integers(300, 3000))
    kind = int(rng.integers(0, 5))
    scores = np.zeros(n, dtype=np.float32)
    if n == 0 or kind == 0:  # all zero
        return scores
    share = float(rng.choice([0.01, 0.1, 0.5, 1.0]))
    hit = rng.random(n) < share
    if kind == 1:  # few distinct values: many ties, at the cut too
        values = rng.choice(np.asarray([0.5, 1.0, 1.5, 2.0], dtype=np.float32), size=n)
    elif kind == 2:  # negative values among them (not BM25's, but `top` takes any vector)
        values = rng.normal(size=n).astype(np.float32)
    else:
        values = (rng.random(n) * 10).astype(np.float32)
    scores[hit] = values[hit]
    return scores


def _index(n: int) -> LexicalIndex:
    return LexicalIndex.from_texts([(f"c{i}", f"từ {i}") for i in range(n)])


def test_top_matches_the_partition_over_every_row() -> None:
    rng = np.random.default_rng(7)
    checked = ties = 0
    for _ in range(2000):
        scores = _vectors(rng)
        for k in (0, 1, 3, 10, 50, len(scores), len(scores) + 5):
            got = LexicalIndex._top(scores, k)
            assert got == _old_top(scores, k), (scores.tolist(), k)
            checked += 1
            ties += len({s for _, s in got}) < len(got)
    assert checked > 10000 and ties > 100  # ties were exercised


@pytest.mark.parametrize("k", [1, 2, 5])
def test_top_ties_go_to_the_row_indexed_first(k: int) -> None:
    scores = np.asarray([0, 1, 2, 2, 0, 2, 1, -1, 2], dtype=np.float32)
    assert LexicalIndex._top(scores, k) == [(2, 2.0), (3, 2.0), (5, 2.0), (8, 2.0), (1, 1.0)][:k]


def test_top_all_zero_and_among_rows() -> None:
    index = _index(6)
    assert index.top(np.zeros(6, dtype=np.float32), 3) == []
    scores = np.asarray([3, 0, 1, 5, 1, 2], dtype=np.float32)
    assert index.top(scores, 2) == [("c3", 5.0), ("c0", 3.0)]
    assert index.top(scores, 3, rows=np.asarray([1, 2, 4, 5])) == [
        ("c5", 2.0),
        ("c2", 1.0),
        ("c4", 1.0),
    ]
