"""Which time each figure of a sentence is for, and the figure for the time asked.

A report often sets two periods' figures side by side in one sentence: "GRDP quý I/2024
ước tăng 6,15% so với cùng kỳ năm trước, cao hơn mức tăng 5,38% của quý I/2023." Asked
"Quý I năm 2023 … tăng trưởng bao nhiêu?", the sentence is right and its first figure is
not. A figure is for the time named right after it ("5,38% của quý I/2023", "120 tỷ đồng
trong năm 2023", "5,38% (quý I/2023)"), else for the last time named before it ("Năm 2023
đạt 100 tỷ đồng, năm 2024 đạt 120 tỷ đồng"). A time compared with ("so với năm 2023") is
none a figure is for (`timeexpr.placed_periods` leaves it out). `figure_for` moves the
phrase to the figure of the time asked, in the same unit, when the one chosen is for
another time; a sentence naming one time, or a figure whose time is not known, stays.

`figures_times` gives the times a sentence's figures are for, and `compared_aside` those
it names only as compared with (`sentence_time` reads a sentence's time by them).
"""

from __future__ import annotations

import re
from datetime import date

from retrieval.answers.span import phrases
from retrieval.answers.units import figure_unit
from retrieval.language.text import rough_fold
from retrieval.language.timeexpr import Period, compared_figures, parse_date, placed_periods

__all__ = ["compared_aside", "figure_for", "figures_times"]

# A day listed before a date: the "04" of "04 và 05/6/2024", "04, 05/6".
_DAY_OF = re.compile(r"\s*(?:và|,|-|–)\s*\d{1,2}/\d{1,2}")
# Between a figure and the time it is for: "của", "trong", "vào", "tại", "(", or nothing.
_FOR_TIME = re.compile(r"\s*(?:\(\s*|,?\s*(?:cua|trong|vao|tai)\s+)?")


def figure_for(
    text: str, span: tuple[int, int], period: Period, published: str | None
) -> tuple[int, int]:
    """`span` (a figure of `text`), or the figure of `text` in its unit that is for
    `period` when `span`'s is for another time; `published` (the article's date) counts
    relative times ("năm nay") from it."""
    anchor = parse_date(published) if published else None
    folded = rough_fold(text)
    if len(folded) != len(text):
        return span
    unit = figure_unit(text[span[0] : span[1]])
    placed = placed_periods(text, anchor)
    compared_with = compared_figures(text, placed)
    for compared, start, end in compared_with:
        # "So với cùng thời điểm năm 2024 (khoảng 108.000 đồng/kg), giá … cao hơn khoảng
        # 11.000 đồng/kg": asked of 2024, the bracket's figure
        if period.contains(compared) and not start <= span[0] < end:
            inside = [
                (p.start, p.end)
                for p in phrases(text)
                if p.kind == "number" and start <= p.start < end
                and figure_unit(text[p.start : p.end]) == unit
            ]  # fmt: skip
            if inside:
                return inside[0]
        if start <= span[0] < end and not period.overlaps(compared):
            # "đạt 101 tỷ đồng, tăng 8,6% so với mức 93 tỷ đồng của quý III/2024": asked
            # of another time, the figure compared with is not its
            outside = [
                (p.start, p.end)
                for p in phrases(text)
                if p.kind == "number" and figure_unit(text[p.start : p.end]) == unit
                and not any(a <= p.start < b for _, a, b in compared_with)
            ]  # fmt: skip
            if outside:
                return outside[0]
    times = [(at, at + len(p.text), p) for at, p in placed]
    if len({(p.start, p.end) for _, _, p in times}) < 2:
        return span
    own = _time_of(folded, span, times)
    if own is None or own.overlaps(period):
        return span
    for phrase in phrases(text):
        figure = (phrase.start, phrase.end)
        if phrase.kind != "number" or figure == span or figure_unit(text[slice(*figure)]) != unit:
            continue
        if _DAY_OF.match(text, phrase.end):
            continue  # "trong hai ngày 04 và 05/6/2024": a day, no figure
        time = _time_of(folded, figure, times)
        if time is not None and period.contains(time):
            return figure
    return span


def _time_of(
    folded: str, span: tuple[int, int], times: list[tuple[int, int, Period]]
) -> Period | None:
    """The time the figure at `span` is for: one named right after it, else the last one
    named before it; None when neither."""
    for start, _end, period in times:
        if start >= span[1]:
            between = _FOR_TIME.match(folded, span[1])
            if between is not None and between.end() == start:
                return period
            break
    before = [period for _start, end, period in times if end <= span[0]]
    return before[-1] if before else None


def figures_times(raw: str, anchor: date | None) -> list[Period]:
    """The times a sentence names, but those of the parts listed after "trong đó" once a
    figure is said: "Bệnh viện đã triển khai 17 kỹ thuật mới, trong đó ca thay khớp háng
    đầu tiên vào tháng 3/2024 …" gives the year's count, not March's."""
    placed = placed_periods(raw, anchor)
    cut = _PARTS.search(raw.lower())
    if cut is None or not any(c.isdigit() for c in raw[: cut.start()]):
        return [p for _, p in placed]
    return [p for at, p in placed if at < cut.start()]


def compared_aside(raw: str, anchor: date) -> list[Period]:
    """The times a sentence names in brackets after what its figure is compared with:
    "tăng 7,1% so với cùng kỳ (quý III/2023 đạt 97,6 tỷ đồng)", or that it compares with
    and gives the figure of: "tăng 5,3% so với năm 2023 (352,6 tỷ đồng)", "tăng 18,2% so
    với mức 81,9 tỷ đồng của quý II/2023", or names right after "so với": "20.110
    đồng/lít, giảm 230 đồng/lít so với kỳ điều hành ngày 28/11/2024"."""
    lowered = raw.lower()
    if "so với" not in lowered:
        return []
    placed = placed_periods(raw, anchor)
    aside = [p for at, p in placed if any(c.search(lowered, 0, at) for c in _COMPARED)]
    return aside + [p for p, _, _ in compared_figures(raw, placed)]


# "so với …(" right before a time: the bracket holds the figure compared with.
_ASIDE_COMPARED = re.compile(r"(?<!\w)so với(?!\w)[^().;]{0,30}\(\s*$")
# "so với kỳ điều hành ngày 28/11/2024", "so với cùng kỳ năm 2023": the time compared with,
# named right after "so với", the figure before it being the article's own.
_COMPARED = (_ASIDE_COMPARED, re.compile(r"(?<!\w)so với(?!\w)[^().;,]{0,30}$"))


# "trong đó" opening the parts of what was said before it.
_PARTS = re.compile(r"(?<!\w)trong đó(?!\w)")
