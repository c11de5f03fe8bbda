"""The first candidate within reach of the best that fits: `first_within`.

Several rules let another candidate lead when the best one lacks what the question asks
and one scored nearly as well has it: a point whose key names the case asked
(`cases.keyed_point`), a sentence naming the noun a list is asked of
(`subject.naming_listed`), one naming the person asked (`persons_asked`, in
`extractive.extract`). Each looks down the ranking only as far as `reach` below the best
score: further down, what fits is no longer a near rival but another answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from retrieval.answers.sentences import _Candidate

__all__ = ["first_within"]


def first_within(
    scored: Sequence[tuple[float, _Candidate, tuple[float, ...]]],
    reach: float,
    fits: Callable[[_Candidate], bool],
) -> int | None:
    """The position in `scored` (best first) of the first candidate after the best, scored
    within `reach` of it, that `fits`; None when none does."""
    best = scored[0][0]
    for i, (score, candidate, _) in enumerate(scored[1:], start=1):
        if score < best - reach:
            break
        if fits(candidate):
            return i
    return None
