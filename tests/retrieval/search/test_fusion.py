"""Fusion of ranked runs, on hand-built rankings."""

from __future__ import annotations

import pytest

from retrieval.search.fusion import normalize_run, rrf, weighted

DENSE = [("a", 0.9), ("b", 0.5), ("c", 0.1)]
LEXICAL = [("c", 10.0), ("a", 5.0), ("d", 0.0)]


def ids(fused: list[tuple[str, float]]) -> list[str]:
    return [item for item, _ in fused]


def test_rrf_sums_reciprocal_ranks() -> None:
    fused = dict(rrf([DENSE, LEXICAL], k=60))
    assert fused["a"] == pytest.approx(1 / 61 + 1 / 62)
    assert fused["c"] == pytest.approx(1 / 63 + 1 / 61)
    assert fused["b"] == pytest.approx(1 / 62)
    assert fused["d"] == pytest.approx(1 / 63)
    assert ids(rrf([DENSE, LEXICAL], k=60)) == ["a", "c", "b", "d"]


def test_rrf_ignores_score_scales_and_honours_weights() -> None:
    scaled = [(item, score * 1000) for item, score in LEXICAL]
    assert rrf([DENSE, LEXICAL]) == rrf([DENSE, scaled])
    # Weighting the lexical run up puts its first item first.
    assert ids(rrf([DENSE, LEXICAL], weights=[0.2, 0.8]))[0] == "c"
    with pytest.raises(ValueError, match="weights"):
        rrf([DENSE, LEXICAL], weights=[1.0])


def test_minmax_normalisation() -> None:
    assert normalize_run(DENSE) == pytest.approx({"a": 1.0, "b": 0.5, "c": 0.0})
    assert normalize_run([("x", 3.0), ("y", 3.0)]) == {"x": 1.0, "y": 1.0}
    assert normalize_run([]) == {}


def test_zscore_normalisation() -> None:
    z = normalize_run([("x", 1.0), ("y", 2.0), ("z", 3.0)], "zscore")
    assert z["y"] == pytest.approx(0.0)
    assert z["x"] == pytest.approx(-z["z"])
    assert z["z"] == pytest.approx(1.2247, abs=1e-4)
    assert normalize_run([("x", 5.0)], "zscore") == {"x": 0.0}
    with pytest.raises(ValueError, match="normalization"):
        normalize_run(DENSE, "rank")  # type: ignore[arg-type]


def test_weighted_minmax() -> None:
    fused = weighted([DENSE, LEXICAL], [0.5, 0.5])
    # dense: a 1, b .5, c 0; lexical: c 1, a .5, d 0; missing counts as the run's lowest (0)
    assert dict(fused) == pytest.approx({"a": 0.75, "c": 0.5, "b": 0.25, "d": 0.0})
    assert ids(fused) == ["a", "c", "b", "d"]
    assert all(0.0 <= score <= 1.0 for _, score in fused)
    # A heavier lexical weight reorders.
    assert ids(weighted([DENSE, LEXICAL], [0.2, 0.8]))[0] == "c"


def test_weighted_zscore_gives_missing_items_the_runs_lowest_score() -> None:
    fused = dict(weighted([DENSE, LEXICAL], [1.0, 1.0], normalization="zscore"))
    dense_z = normalize_run(DENSE, "zscore")
    lexical_z = normalize_run(LEXICAL, "zscore")
    assert fused["b"] == pytest.approx(dense_z["b"] + min(lexical_z.values()))
    assert fused["d"] == pytest.approx(min(dense_z.values()) + lexical_z["d"])


def test_ties_break_by_best_rank_then_by_id() -> None:
    # y, z and x all fuse to 1.0; x's best rank is 2nd, y and z were first in a run.
    first = [("y", 1.0), ("w", 0.5), ("x", 0.0)]
    second = [("z", 1.0), ("x", 1.0)]
    assert dict(weighted([first, second])) == pytest.approx(
        {"y": 1.0, "z": 1.0, "x": 1.0, "w": 0.5}
    )
    assert ids(weighted([first, second])) == ["y", "z", "x", "w"]
    assert ids(weighted([second, first])) == ["y", "z", "x", "w"]
    # Same best rank as well: by id, whatever the input order.
    assert ids(rrf([[("q", 1.0)], [("p", 1.0)]])) == ["p", "q"]
    assert ids(rrf([[("p", 1.0)], [("q", 1.0)]])) == ["p", "q"]


def test_empty_runs() -> None:
    assert rrf([]) == []
    assert rrf([[], []]) == []
    assert weighted([[], DENSE], [0.5, 0.5]) == weighted([[], DENSE], [0.5, 0.5])
    assert ids(weighted([[], DENSE], [0.5, 0.5])) == ["a", "b", "c"]
