"""Whose date an answer is: "Theo bài ngày 14/01/2026: …" before an answer to a question
that names a time, and which time a declined one found nothing for.

An organisation's yearly articles say "năm nay" and "năm qua"; an answer quoting one is
only right for that article's year, so the reader is told which it is. Pure functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from retrieval.answers.types import Citation
from retrieval.language.timeexpr import Period

__all__ = ["date_label", "not_found_for", "period_label", "with_source_date"]


def date_label(published: str) -> str:
    """ "ngày 14/01/2026", "tháng 01/2026", "năm 2026" for an ISO date of that precision;
    "" for anything else."""
    parts = published.strip().split("-")
    if not parts[0].isdigit() or len(parts[0]) != 4 or not all(p.isdigit() for p in parts):
        return ""
    if len(parts) == 3:
        return f"ngày {int(parts[2]):02d}/{int(parts[1]):02d}/{parts[0]}"
    if len(parts) == 2:
        return f"tháng {int(parts[1]):02d}/{parts[0]}"
    return f"năm {parts[0]}" if len(parts) == 1 else ""


def with_source_date(text: str, citations: Sequence[Citation]) -> str:
    """`text` led by the date of the article its first sentence quotes (citation [1]);
    unchanged when that article has no date or the text already starts with one."""
    if not text or not citations or text.startswith("Theo bài"):
        return text
    first = min(citations, key=lambda c: c.n)
    label = date_label(first.published)
    # a colon, the sentence as written: "Theo bài ngày 08/09/2025: Ngày 04/9/2025, …",
    # "…: Công ty TNHH Điện tử Sao Việt …" (decapitalised, a name read as a common noun)
    return f"Theo bài {label}: {text}" if label else text


def period_label(period: Period, today: date) -> str:
    """The period in words, whatever the question called it: "năm 2024" for "năm kia",
    "tháng 03/2019", "quý II/2024", "giai đoạn 2018-2020", "giai đoạn từ năm 2019 đến
    nay", "thời gian trước năm 2019"."""
    start, end = period.start, period.end
    month_start = start.day == 1
    month_end = (end + timedelta(days=1)).day == 1
    if start.year <= 1900:  # "trước năm 2019" reaches back to timeexpr's earliest day
        return f"thời gian trước {_bound(end + timedelta(days=1))}"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        if start.year == end.year:
            return f"năm {start.year}"
        return f"giai đoạn {start.year}-{end.year}"
    if month_start and month_end and start.year == end.year:
        if start.month == end.month:
            return _month(start)
        if start.month % 3 == 1 and end.month == start.month + 2:
            return f"quý {_ROMAN[start.month // 3]}/{start.year}"
    if start == end:
        return _day(start)
    if end == today:
        return f"giai đoạn từ {_bound(start)} đến nay"
    if month_start and month_end:
        return f"giai đoạn từ {_month(start)} đến {_month(end)}"
    return f"giai đoạn từ {_day(start)} đến {_day(end)}"


_ROMAN = ("I", "II", "III", "IV")


# Written as an article's date is (date_label): "ngày 08/02/2018", "tháng 02/2018".
def _day(day: date) -> str:
    return date_label(day.isoformat())


def _month(day: date) -> str:
    return date_label(day.isoformat()[:7])


def _bound(day: date) -> str:
    """A range's first day as its unit: "năm 2019", "tháng 03/2019", or the day."""
    if (day.month, day.day) == (1, 1):
        return date_label(str(day.year))
    return _month(day) if day.day == 1 else _day(day)


def not_found_for(period: Period, today: date) -> str:
    """What a declined answer to a question naming a time says: "Xin lỗi, tôi không tìm
    thấy câu trả lời cho năm 2019 trong các bài viết hiện có." The passages offered with
    it are of other times (their dates show which): the reader learns that the topic is
    there and that time is not. Not "thông tin về năm 2019": the articles may say other
    things of that year ("mục tiêu doanh thu năm nay" when this year's article has none)."""
    return (
        f"Xin lỗi, tôi không tìm thấy câu trả lời cho {period_label(period, today)} "
        "trong các bài viết hiện có."
    )
