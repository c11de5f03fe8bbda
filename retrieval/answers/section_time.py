"""The time a report's section heading gives the sentences under it.

A long report says the year once, in the heading of its part ("II. TÌNH HÌNH HOẠT ĐỘNG
NĂM 2024", "VI. KẾ HOẠCH NĂM 2025", "PHẦN THỨ HAI. MỤC TIÊU … GIAI ĐOẠN 2026–2030"), and
its points under it name none: "- Doanh thu thuần hợp nhất: 9.200 tỷ đồng, tăng 9,2% so
với năm 2024" is the 2025 plan's figure, not 2024's, and "Doanh thu thuần hợp nhất đạt
8.425,6 tỷ đồng" under the first heading is 2024's. `heading_times` reads the headings of
a passage (a line of its own, as `passage_lines.is_heading` knows one) and says, for a
sentence that names no time of its own, the time of the section it is in
(`sentence_time.in_time`).

Three levels: an outer part ("PHẦN THỨ HAI", "CHƯƠNG III", "Mục 2"), a part inside it
("II.", or a line in capitals), and a section under that ("1. …", any other heading). A
part's heading sets the time for everything under it (the innermost heading spelling one
gives it), and a new outer part clears the inner one; a section naming a time gives it to
what follows until the next heading. The heading path ingestion gave the passage is the
part it opens in.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Sequence
from datetime import date

from retrieval.answers.passage_lines import is_heading
from retrieval.answers.sentences import _Candidate
from retrieval.index.chunks import Hit
from retrieval.language.sections import PART, part_level
from retrieval.language.text import fold
from retrieval.language.timeexpr import Period, mentioned_periods, spells_year

__all__ = ["heading_times", "with_headings"]

# What a heading of results says, folded: "Đánh giá kết quả …", "Tình hình …".
_RESULT = re.compile(r"(?<!\w)(?:ket qua|danh gia|tinh hinh)(?!\w)")
# What a plan's heading says, folded.
_PLAN = re.compile(
    r"(?<!\w)(?:ke hoach|nhiem vu|muc tieu|chi tieu|phuong huong|dinh huong|giai phap)(?!\w)"
)
# A point of a list, never a heading: "- …", "+ …", "• …".
_BULLET = re.compile(r"[-–•+*]\s")


class SectionTimes:
    """The times of each section of a passage, and its headings, by where it starts."""

    __slots__ = ("_starts", "_times", "_titles")

    def __init__(
        self,
        starts: list[int],
        times: list[tuple[Period, ...]],
        titles: list[tuple[str, ...]],
    ) -> None:
        self._starts = starts
        self._times = times
        self._titles = titles  # outermost first

    def at(self, offset: int) -> tuple[Period, ...]:
        """The times of the section holding the sentence starting at `offset` (none
        before the passage's first heading)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return self._times[i] if i >= 0 else ()

    def heads(self, offset: int) -> bool:
        """Whether the sentence starting at `offset` is a heading itself."""
        i = bisect.bisect_left(self._starts, offset)
        return i < len(self._starts) and self._starts[i] == offset

    def plans(self, offset: int) -> bool:
        """Whether the headings over the sentence starting at `offset` announce a plan
        ("Nhiệm vụ trọng tâm năm học 2024-2025", "KẾ HOẠCH NĂM 2025"): its figures are
        aims, not results. The innermost heading saying either decides: "ĐÁNH GIÁ KẾT QUẢ
        THỰC HIỆN KẾ HOẠCH 5 NĂM 2021–2025" reports results."""
        i = bisect.bisect_right(self._starts, offset) - 1
        for heading in reversed(self._titles[i] if i >= 0 else ()):
            folded = fold(heading.lower())
            if _RESULT.search(folded):
                return False
            if _PLAN.search(folded):
                return True
        return False

    def titled(self, offset: int) -> str:
        """The headings over the sentence starting at `offset`, outermost first ("" before
        the passage's first heading)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return " ".join(self._titles[i]) if i >= 0 else ""


_Level = tuple[tuple[Period, ...], str]  # a heading's times and text
_NONE: _Level = ((), "")


@functools.lru_cache(maxsize=1024)
def heading_times(text: str, anchor: date | None, above: str = "") -> SectionTimes:
    """The sections of `text` (a passage) with the times their headings give; relative
    words counted from `anchor`, the article's date (spelled times only without one).
    `above` is the heading path ingestion gave the passage (" > " between levels): the
    part the passage opens in, until its own headings say another."""
    starts: list[int] = []
    times: list[tuple[Period, ...]] = []
    titles: list[tuple[str, ...]] = []
    outer, inner = _NONE, _NONE  # "PHẦN THỨ NHẤT. … 2021–2025", then "I. Kết quả …"
    path = [h for h in above.split(" > ") if h]
    if len(path) == 1 and part_level(path[0]) == 1:
        outer = (_spelled(path[0], anchor), path[0])
    elif path:
        head = " > ".join(path[:-1])
        outer = (_innermost(path[:-1], anchor), head) if head else _NONE
        inner = (_spelled(path[-1], anchor), path[-1])
    if path:
        starts.append(-1)
        times.append(inner[0] or outer[0])
        titles.append(tuple(h for h in (outer[1], inner[1]) if h))
    for start, end in _lines(text):
        line = text[start:end]
        if _BULLET.match(line) or not is_heading(text, start, end):
            continue
        said = _spelled(line, anchor)
        if PART.match(line) and part_level(line) == 1:
            outer, inner, own = (said, line), _NONE, ""
        elif PART.match(line) or _in_capitals(line):
            inner, own = (said, line), ""
        else:
            own = line
        starts.append(start)
        times.append((said if own else ()) or inner[0] or outer[0])
        titles.append(tuple(h for h in (outer[1], inner[1], own) if h))
    return SectionTimes(starts, times, titles)


def _lines(text: str) -> list[tuple[int, int]]:
    """The spans of `text`'s lines, their spaces trimmed (a heading is a line of its own;
    a passage without a line break has none past its start)."""
    out = []
    at = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = at + line.index(stripped)
            out.append((start, start + len(stripped)))
        at += len(line) + 1
    return out


def _innermost(headings: Sequence[str], anchor: date | None) -> tuple[Period, ...]:
    """The times of the innermost of `headings` that spells one."""
    return next((t for h in reversed(headings) if (t := _spelled(h, anchor))), ())


def with_headings(
    lead_in: Callable[[_Candidate], str], hits: Sequence[Hit]
) -> Callable[[_Candidate], str]:
    """A candidate's `lead_in` text and the headings over it: a target may be set by
    either ("… phấn đấu như sau:", "VI. KẾ HOẠCH NĂM 2025")."""

    def announcing(c: _Candidate) -> str:
        hit = hits[c.rank]
        headings = heading_times(hit.text, None, hit.place.heading).titled(c.sentence.start)
        return f"{lead_in(c)} {headings}".strip()

    return announcing


def _spelled(heading: str, anchor: date | None) -> tuple[Period, ...]:
    """The times a heading spells: "CA TỬ VONG THỨ HAI TRONG NĂM" scopes nothing."""
    return tuple(p for p in mentioned_periods(heading, anchor) if spells_year(p))


def _in_capitals(line: str) -> bool:
    """Whether a heading is written in capitals ("KẾ HOẠCH NĂM 2025")."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)
