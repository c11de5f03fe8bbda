"""`weighted_all` (hybrid search's fusion of candidates that all have both scores, on
arrays) gives exactly `weighted`'s list over the same runs: ids, order and floats."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.search.fusion import best_first, weighted, weighted_all

# Few distinct values, so ties (within a run and in the fused sums) are common; float32
# values as BM25 gives them, zeros as for chunks without a matching term.
values = st.one_of(
    st.sampled_from([0.0, 0.5, 1.0, 0.25]),
    # Sums a few ulps or about 1e-12 apart: ties only after round(s, 12), or none.
    st.integers(-30, 30).map(lambda k: 0.5 + k * 2.0**-45),
    st.integers(-5, 5).map(lambda k: 0.75 + k * 4e-13),
    st.floats(-1.0, 1.0, allow_nan=False, width=32),
    st.floats(0.0, 40.0, allow_nan=False),
)
ids = st.lists(st.text("abc-0123", min_size=1, max_size=6), min_size=0, max_size=70, unique=True)


@st.composite
def score_maps(draw: st.DrawFn) -> tuple[dict[str, float], dict[str, float], float]:
    keys = draw(ids)
    dense = {k: draw(values) for k in keys}
    # The second mapping in another insertion order, as a mapping need not keep the first's.
    lexical = {k: draw(values) for k in draw(st.permutations(keys))}
    weight = draw(st.sampled_from([0.5, 0.3, 0.0, 1.0, 0.7]))
    return dense, lexical, weight


@settings(max_examples=400, deadline=None)
@given(score_maps())
def test_weighted_all_is_weighted_over_best_first_runs(
    maps: tuple[dict[str, float], dict[str, float], float],
) -> None:
    dense, lexical, w = maps
    expected = weighted([best_first(dense), best_first(lexical)], [w, 1 - w])
    got = weighted_all([dense, lexical], [w, 1 - w])
    assert [i for i, _ in got] == [i for i, _ in expected]
    # Bit for bit, not approximately.
    assert [s.hex() for _, s in got] == [s.hex() for _, s in expected]


def test_weighted_all_falls_back_when_ids_differ_or_a_score_is_not_finite() -> None:
    a = {"x": 1.0, "y": 0.5}
    assert weighted_all([a, {"x": 2.0, "z": 1.0}]) == weighted(
        [best_first(a), best_first({"x": 2.0, "z": 1.0})]
    )
    nan = {"x": math.nan, "y": 0.5}
    assert [i for i, _ in weighted_all([a, nan])] == [
        i for i, _ in weighted([best_first(a), best_first(nan)])
    ]
    zscore = weighted_all([a, {"x": 0.1, "y": 0.2}], normalization="zscore")
    assert zscore == weighted(
        [best_first(a), best_first({"x": 0.1, "y": 0.2})], normalization="zscore"
    )
