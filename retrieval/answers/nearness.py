"""How near the question's words stand to a phrase of a sentence: what the phrase that
answers (`span.short_span`) prefers among phrases of the asked kind."""

from __future__ import annotations

import bisect
import re

__all__ = ["NEAR_BONUS", "NEAR_WORDS", "near_terms", "nearest", "part_of", "part_terms"]

# A phrase with more of the question's words around it reads as its answer: "tặng giấy
# khen cho 10 tập thể" answers "bao nhiêu tập thể được tặng giấy khen", "bằng khen cho 6
# tập thể" less. Each distinct question word within NEAR_WORDS words on either side, in
# the phrase's clause, counts as NEAR_BONUS characters nearer. tune_answer replay on
# xquad_vi: short EM/F1 0.181/0.364 -> 0.187/0.377 (about the same for a bonus of 5 to 20
# and windows of 6 to 10); seed F1 0.696 -> 0.721. A word in the phrase's own part of a
# sentence that ";" parts counts once more (`part_terms`): "… hành kinh được nghỉ 30 phút
# mỗi ngày …; lao động nữ nuôi con dưới 12 tháng tuổi được nghỉ 60 phút mỗi ngày" answers
# "Nữ nuôi con nhỏ được nghỉ bao nhiêu phút mỗi ngày?" with "60 phút" (was "30 phút");
# xquad_vi short F1 0.4272 -> 0.4280 (one phrase), the other sets unchanged.
NEAR_BONUS = 10.0
NEAR_WORDS = 6


_CLAUSE_BREAK = re.compile(r"[,;:.!?()]")
_LIST_MARK = re.compile(r"(?:^|(?<=\s))(?:[a-z]\)|\d{1,2}\.)(?=\s)")


def part_terms(
    folded: str,
    tokens: tuple[tuple[int, str], ...],
    question_terms: frozenset[str],
    start: int,
    end: int,
) -> set[str]:
    """The question's words in the part of a sentence a phrase is in, when ";" parts it
    (none otherwise: most sentences are one part)."""
    if ";" not in folded:
        return set()
    first, last = part_of(folded, start, end)
    return {
        word for position, word in tokens if first <= position < last and word in question_terms
    }


def part_of(folded: str, start: int, end: int) -> tuple[int, int]:
    """The part of a sentence a phrase (`start`, `end`) is in: from the ";" or the list's
    mark ("a)", "2.") before it (a lead-in's words belong to every point, not to the
    first) to the ";" after it; the whole sentence when nothing parts it."""
    marks = [m.end() for m in _LIST_MARK.finditer(folded, 0, start)]
    first = max(folded.rfind(";", 0, start) + 1, marks[-1] if marks else 0)
    last = folded.find(";", end)
    return first, len(folded) if last < 0 else last


def near_terms(
    folded: str,
    tokens: tuple[tuple[int, str], ...],
    starts: list[int],
    question_terms: frozenset[str],
    start: int,
    end: int,
) -> set[str]:
    """The question's words among the NEAR_WORDS words before and after a phrase, within
    its clause (a punctuation mark ends the window)."""
    near: set[str] = set()
    before = bisect.bisect_left(starts, start)
    edge = start
    for position, word in reversed(tokens[max(0, before - NEAR_WORDS) : before]):
        if _CLAUSE_BREAK.search(folded, position + len(word), edge):
            break
        if word in question_terms:
            near.add(word)
        edge = position
    after = bisect.bisect_left(starts, end)
    edge = end
    for position, word in tokens[after : after + NEAR_WORDS]:
        if _CLAUSE_BREAK.search(folded, edge, position):
            break
        if word in question_terms:
            near.add(word)
        edge = position + len(word)
    return near


def nearest(anchors: list[int], position: int) -> int:
    """Distance from `position` to the nearest of the sorted `anchors` (0 if none): a
    bisection, as a long sentence has hundreds of both."""
    if not anchors:
        return 0
    k = bisect.bisect_left(anchors, position)
    return min(abs(anchors[i] - position) for i in (k - 1, k) if 0 <= i < len(anchors))
