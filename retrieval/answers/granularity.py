"""How fine a time phrase is, against how fine the question asks it.

"Hội nghị diễn ra vào ngày nào?" wants a day ("8/2"), not a year; "tháng nào" a month;
"khung giờ nào", "mấy giờ" or "thời gian nào trong ngày" an hour ("từ 17h đến 22h"), and
no day answers those. An hour written with "h" ("17h", "7h30", "17h-22h") is a phrase of
its own (`CLOCK`); "8 giờ 30" is a number with its unit. Pure functions.
"""

from __future__ import annotations

import re

__all__ = ["CLOCK", "asks_hour", "fits_granularity"]

_HOUR = r"\d{1,2}h(?:\d{2})?"
CLOCK = re.compile(
    rf"(?<![\w.,/])(?:(?i:từ)\s+)?{_HOUR}(?:\s*(?:[-–]|(?i:đến|tới))\s*{_HOUR})?(?!\w)"
)
_HOUR_OF_DAY = frozenset({"thoi", "gian", "ngay"})
_HOUR_WORD = re.compile(rf"\b{_HOUR}\b")


def asks_hour(question_terms: frozenset[str]) -> bool:
    """ "khung giờ nào", "mấy giờ", "thời gian nào trong ngày": an hour is asked."""
    return "gio" in question_terms or question_terms >= _HOUR_OF_DAY


def fits_granularity(question_terms: frozenset[str], phrase: str) -> bool:
    """Whether a time phrase (folded) is as fine as the question asks: a day for "ngày
    nào", a month for "tháng nào"; any otherwise."""
    if asks_hour(question_terms):
        return _HOUR_WORD.search(phrase) is not None or "gio" in phrase
    if "ngay" in question_terms:
        return "/" in phrase or "ngay" in phrase
    if "thang" in question_terms:
        return "/" in phrase or "thang" in phrase
    return True
