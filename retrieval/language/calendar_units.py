"""Calendar arithmetic for the time layer (`timeexpr`): months shifted, years back, a day
without its year placed near an article's date, a span of days ("từ ngày 29/12 đến ngày
4/1/2025") and numbered weeks ("tuần 30/2024"), which health and statistics offices count
as ISO weeks, Monday to Sunday."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta

__all__ = ["day_span", "latest_day", "latest_week_year", "shift_month", "week", "years_ago"]

# A day without its year in an article may be ahead of the article's date by this much (a
# plan: "ngày 20/1 sẽ khai mạc" on 14/1); otherwise it is the latest past.
AHEAD_DAYS = 45
_LAST_WEEK = 53


def shift_month(day: date, months: int) -> tuple[int, int]:
    """The year and month `months` after (or before) `day`'s."""
    n = day.year * 12 + day.month - 1 + months
    return n // 12, n % 12 + 1


def years_ago(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def latest_day(anchor: date, day: int, month: int) -> date:
    """An article's day/month without a year: the latest such day by its date `anchor`,
    or ahead of it by up to AHEAD_DAYS; ValueError when there is no such day."""
    limit = anchor + timedelta(days=AHEAD_DAYS)
    for year in range(limit.year, limit.year - 5, -1):  # 29/2: the last leap year's
        with contextlib.suppress(ValueError):
            if (found := date(year, month, day)) <= limit:
                return found
    raise ValueError(f"{day}/{month}")


def day_span(day: int, month: int, last: date) -> date:
    """The first day of a span ending on `last` whose first day is said without its year:
    in `last`'s year, or the year before when it would come after `last` ("từ ngày 29/12
    đến ngày 4/1/2025"). ValueError when there is no such day."""
    first = date(last.year, month, day)
    return first if first <= last else date(last.year - 1, month, day)


def week(year: int, n: int) -> tuple[date, date]:
    """Monday and Sunday of week `n` of `year` (ISO); ValueError when there is none."""
    if not 1 <= n <= _LAST_WEEK:
        raise ValueError(f"week {n}")
    monday = date.fromisocalendar(year, n, 1)
    return monday, monday + timedelta(days=6)


def latest_week_year(anchor: date, n: int) -> int:
    """The year of the latest week `n` begun by `anchor` ("tuần 31" asked in August)."""
    with contextlib.suppress(ValueError):
        if week(anchor.year, n)[0] <= anchor:
            return anchor.year
    return anchor.year - 1
