"""The time an article reports on, read from its title and its date.

A report is published after the time it reports on: "Du lịch Ninh Bình tháng 1/2025: đón
285.000 lượt khách" on 5/2/2025 gives January's figures, and its sentences naming no time
are January's, not February's. Its title names that time before the article's date; a
title may also name the time ahead ("… tổng kết năm 2024, triển khai nhiệm vụ năm 2025").
Search (`search/timing.py`) and the answer (`answers/sentence_time.py`) read it alike.
"""

from __future__ import annotations

import functools

from retrieval.language.timeexpr import Period, mentioned_periods

__all__ = ["reported", "title_times"]


@functools.lru_cache(maxsize=4096)
def title_times(title: str, published: Period) -> tuple[tuple[Period, ...], tuple[Period, ...]]:
    """The times an article's title names before its date (what it reviews) and those from
    its date on (what it plans), its words without a year counted from that date ("tuần
    31", "quý III")."""
    named = mentioned_periods(title, published.start)
    return (
        tuple(p for p in named if p.end < published.start),
        tuple(p for p in named if p.end >= published.start),
    )


def reported(title: str, published: Period) -> tuple[Period, Period | None]:
    """The time an article reports on, and the past part of it: the times its title
    names before the article's own ("Lộc Điền Xanh vượt kế hoạch doanh thu năm 2023" on
    12/1/2024: its figures are 2023's; "… tổng kết công tác năm 2024, triển khai nhiệm vụ
    năm 2025" on 10/1/2025: 2024's and 2025's), else its date and None."""
    past, ahead = title_times(title, published)
    if not past:
        return published, None
    reviewed = Period(min(p.start for p in past), max(p.end for p in past), title)
    return Period(reviewed.start, max(p.end for p in (*past, *ahead)), title), reviewed
