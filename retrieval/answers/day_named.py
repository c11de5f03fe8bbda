"""The day a question names ("Hôm 3/11 giá vàng SJC bao nhiêu?"), against the day a sentence
gives its figures for: `on_the_day`.

A day without its year is no time search narrows to (it may be of any year the articles
cover: `timeexpr.asked_time`), but among the sentences found, one naming that day answers
over one naming another: "Đến ngày 14/11, giá vàng miếng SJC tăng lên 148,5 triệu đồng …
so với ngày 3/11" gives the 14th's price, "Ghi nhận sáng 3/11, … niêm yết … 145,8 triệu
đồng/lượng" the 3rd's. A day a sentence compares with ("so với ngày 3/11") is not the one
its figures are for.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from retrieval.answers.sentences import _Candidate
from retrieval.answers.within_reach import first_within
from retrieval.language.text import fold, normalize

__all__ = ["days_named", "on_the_day"]

# "ngày 3/11", "hôm 24/11", "sáng 3/11", "rạng sáng 29/9/2025" (folded): a day and month
_DAY = re.compile(
    r"(?<!\w)(?:ngay|hom|sang|trua|chieu|toi|dem)\s+(\d{1,2})/(\d{1,2})(?:/\d{4})?(?![\d/])"
)
# "so với ngày 3/11", "so với hôm trước": what a figure is compared with
_COMPARED = re.compile(r"(?<!\w)so\s+voi\s+$")
# How far below the best a sentence naming the day asked may be (extractive.FOLLOWER_GAP).
_DAY_REACH = 1.5


@functools.lru_cache(maxsize=8192)
def days_named(text: str) -> frozenset[tuple[int, int]]:
    """The (day, month) pairs `text` names as its own time, not those it compares with."""
    folded = fold(normalize(text).lower())
    days = set()
    for m in _DAY.finditer(folded):
        if _COMPARED.search(folded, max(0, m.start() - 12), m.start()):
            continue
        day, month = int(m.group(1)), int(m.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12:
            days.add((day, month))
    return frozenset(days)


def on_the_day(question: str, scored: Sequence[tuple[float, _Candidate, tuple[float, ...]]]) -> int:
    """The position in `scored` (best first) of the first candidate within reach of the
    best that names the day the question names, when the best names another day and not
    that one; 0 otherwise."""
    asked = days_named(question)
    if not asked or not scored:
        return 0
    own = days_named(scored[0][1].sentence.text)
    if not own or not own.isdisjoint(asked):
        return 0
    return (
        first_within(
            scored, _DAY_REACH, lambda c: not asked.isdisjoint(days_named(c.sentence.text))
        )
        or 0
    )
