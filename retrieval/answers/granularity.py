"""How fine a time phrase is, against how fine the question asks it.

"Hội nghị diễn ra vào ngày nào?" wants a day ("8/2"), not a year; "tháng nào" a month;
"khung giờ nào", "lúc mấy giờ" or "thời gian nào trong ngày" an hour ("từ 17h đến 22h"),
and no day answers those. An hour written with "h" ("17h", "7h30", "17h-22h") or with its
minutes ("7 giờ 45 phút") is a phrase of its own (`CLOCK`); "8 giờ" alone is a number with
its unit ("làm việc 8 giờ" is a duration). Pure functions.
"""

from __future__ import annotations

import re

__all__ = [
    "CLOCK",
    "FREQUENCY",
    "asks_hour",
    "fits_granularity",
    "says_weekday",
    "writes_weekday",
]

_HOUR = r"\d{1,2}h(?:\d{2})?"
# "7 giờ 45 phút", "13 giờ 30": an hour with its minutes ("8 giờ" alone may be a duration).
# Minutes: two digits, or with "phút" ("12 giờ 5 người" counts people).
_MINUTES = r"(?:\d{1,2}\s+(?i:phút)|\d{2}(?!\d))"
_HOUR_MINUTES = rf"\d{{1,2}}\s+(?i:giờ)\s+{_MINUTES}"
_AN_HOUR = rf"(?:{_HOUR}|{_HOUR_MINUTES})"
# After "từ", "lúc" or "vào", "14 giờ" is the hour ("Ca 2: từ 14 giờ đến 22 giờ").
_SAID_HOUR = rf"(?:{_HOUR}|\d{{1,2}}\s+(?i:giờ)(?:\s+{_MINUTES})?)"
_UNTIL = r"\s*(?:[-–]|(?i:đến|tới))\s*"
CLOCK = re.compile(
    rf"(?<![\w.,/])(?:(?:(?i:từ)\s+|(?<=(?i:lúc|vào)\s)){_SAID_HOUR}(?:{_UNTIL}{_SAID_HOUR})?"
    rf"|{_AN_HOUR}(?:{_UNTIL}{_AN_HOUR})?)(?!\w)"
)
_HOUR_OF_DAY = frozenset({"thoi", "gian", "ngay"})
_HOUR_WORD = re.compile(rf"\b{_HOUR}\b")


def asks_hour(question_terms: frozenset[str]) -> bool:
    """ "khung giờ nào", "mấy giờ", "thời gian nào trong ngày": an hour is asked."""
    return "gio" in question_terms or question_terms >= _HOUR_OF_DAY


# A day of the week, folded: "thứ Sáu hằng tuần" says which day.
_WEEKDAY = re.compile(r"(?<!\w)(?:thu (?:hai|ba|tu|nam|sau|bay)|chu nhat)(?!\w)")


def says_weekday(folded: str) -> bool:
    """Whether folded text names a day of the week ("thu sau", "chu nhat")."""
    return _WEEKDAY.search(folded) is not None


# As written: folded, "vụ Hè Thu năm 2025" (the autumn crop of 2025) reads "thứ Năm".
_WRITTEN_WEEKDAY = re.compile(r"(?<!\w)(?:thứ (?:hai|ba|tư|năm|sáu|bảy)|chủ nhật)(?!\w)")


def writes_weekday(text: str) -> bool:
    """Whether text written with its diacritics names a day of the week ("thứ Sáu hằng
    tuần"), not "Hè Thu năm 2025"."""
    return _WRITTEN_WEEKDAY.search(text.lower()) is not None


def fits_granularity(question_terms: frozenset[str], phrase: str) -> bool:
    """Whether a time phrase (folded) is as fine as the question asks: a day for "ngày
    nào" or "hôm nào", a month for "tháng nào"; any otherwise."""
    if asks_hour(question_terms):
        return _HOUR_WORD.search(phrase) is not None or "gio" in phrase
    if "ngay" in question_terms or "hom" in question_terms:  # "ngày nào", "hôm nào"
        return "/" in phrase or "ngay" in phrase or says_weekday(phrase)
    if "thang" in question_terms:
        return "/" in phrase or "thang" in phrase
    return True


# How often: "hằng quý", "mỗi năm", "sau mỗi 5 năm", "định kỳ 6 tháng một lần", "6 tháng
# một lần": what "bao lâu một lần" asks (`span._asks_how_often`).
_PERIOD_UNIT = r"(?:ngày|tuần|tháng|quý|năm|kỳ|nhiệm kỳ)"
FREQUENCY = re.compile(
    rf"(?i)(?<!\w)(?:(?:hằng|hàng|mỗi|từng)\s+{_PERIOD_UNIT}"
    rf"|(?:sau\s+)?mỗi\s+\d+\s+{_PERIOD_UNIT}"
    rf"|(?:định kỳ\s+)?\d+\s+{_PERIOD_UNIT}\s+(?:một|1)\s+lần"
    rf"|(?:ít nhất\s+)?(?:\d+|một|hai|ba)\s+lần\s+(?:mỗi|một|trong một|/)\s*{_PERIOD_UNIT}"
    rf"|định kỳ)(?!\w)"
)
