"""The time a report's section heading gives the sentences under it.

A long report says the year once, in the heading of its part ("II. TÌNH HÌNH HOẠT ĐỘNG
NĂM 2024", "VI. KẾ HOẠCH NĂM 2025", "PHẦN THỨ HAI. MỤC TIÊU … GIAI ĐOẠN 2026–2030"), and
its points under it name none: "- Doanh thu thuần hợp nhất: 9.200 tỷ đồng, tăng 9,2% so
với năm 2024" is the 2025 plan's figure, not 2024's, and "Doanh thu thuần hợp nhất đạt
8.425,6 tỷ đồng" under the first heading is 2024's. `heading_times` reads the headings of
a passage (a line of its own, as `passage_lines.is_heading` knows one) and says, for a
sentence that names no time of its own, the time of the section it is in
(`sentence_time.in_time`).

Two levels: a part ("I.", "PHẦN", "CHƯƠNG", "Mục", or a line in capitals) and a section
under it ("1. …", any other heading). A part's heading sets the time for everything
under it, and a part naming none clears it; a section naming a time gives it to what
follows until the next section or part.
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
from retrieval.language.text import fold, split_sentences
from retrieval.language.timeexpr import Period, mentioned_periods, spells_year

__all__ = ["heading_times", "with_headings"]

# A part's heading: a Roman number ("II.", "IV)"), or "Phần …", "Chương …", "Mục …".
_PART = re.compile(r"(?:[IVXLC]+[.)]|(?:PHẦN|Phần|CHƯƠNG|Chương|MỤC|Mục)(?!\w))\s*")
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
        self, starts: list[int], times: list[tuple[Period, ...]], titles: list[str]
    ) -> None:
        self._starts = starts
        self._times = times
        self._titles = titles

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
        aims, not results."""
        return _PLAN.search(fold(self.titled(offset).lower())) is not None

    def titled(self, offset: int) -> str:
        """The headings over the sentence starting at `offset`: its part's, then its
        section's ("" before the passage's first heading)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return self._titles[i] if i >= 0 else ""


@functools.lru_cache(maxsize=1024)
def heading_times(text: str, anchor: date | None) -> SectionTimes:
    """The sections of `text` (a passage) with the times their headings give; relative
    words counted from `anchor`, the article's date (spelled times only without one)."""
    starts: list[int] = []
    times: list[tuple[Period, ...]] = []
    titles: list[str] = []
    part: tuple[Period, ...] = ()
    part_title = ""
    for start, end in split_sentences(text):
        line = text[start:end]
        if _BULLET.match(line) or not is_heading(text, start, end):
            continue
        # only a time it spells: "CA TỬ VONG THỨ HAI TRONG NĂM" scopes nothing
        said = tuple(p for p in mentioned_periods(line, anchor) if spells_year(p))
        if _PART.match(line) or _in_capitals(line):
            part, part_title = said, line
            now, title = said, line
        else:
            now, title = said or part, f"{part_title} {line}".strip()
        starts.append(start)
        times.append(now)
        titles.append(title)
    return SectionTimes(starts, times, titles)


def with_headings(
    lead_in: Callable[[_Candidate], str], hits: Sequence[Hit]
) -> Callable[[_Candidate], str]:
    """A candidate's `lead_in` text and the headings over it: a target may be set by
    either ("… phấn đấu như sau:", "VI. KẾ HOẠCH NĂM 2025")."""

    def announcing(c: _Candidate) -> str:
        headings = heading_times(hits[c.rank].text, None).titled(c.sentence.start)
        return f"{lead_in(c)} {headings}".strip()

    return announcing


def _in_capitals(line: str) -> bool:
    """Whether a heading is written in capitals ("KẾ HOẠCH NĂM 2025")."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)
