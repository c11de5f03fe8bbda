"""What a time looks like in accent-folded text: the regular expressions `timeexpr` reads
questions and articles with ("năm 2018", "tháng 3/2019", "quý I", "2018-2020", "năm
ngoái", "hai năm trước", "Sáng 14/1", …), each with the word it cannot match without, so
that a passage lacking it is not searched. The words themselves are in
`retrieval.language.vocabulary`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from retrieval.language.text import fold
from retrieval.language.vocabulary import (
    AFTER_WORDS,
    AGO_HEADS,
    AGO_TAILS,
    BEFORE_WORDS,
    DAY_MONTH_HEADS,
    JUST_ENDED_YEAR,
    LAST_YEARS_TAILS,
    MONTH_NAMES,
    NOW_WORDS,
    RECENT_WORDS,
    RELATIVE_DAYS,
    RELATIVE_MONTHS,
    RELATIVE_QUARTERS,
    RELATIVE_WEEKS,
    RELATIVE_YEARS,
    ROMAN_QUARTERS,
    SINCE_WORDS,
    UNTIL_WORDS,
)

__all__ = [
    "COUNT_WORDS",
    "DIGIT",
    "END",
    "NEEDS",
    "START",
    "Y",
    "alternation",
    "patterns",
    "relative",
]

Y = r"((?:19|20)\d\d)"
# Not part of a longer number, a decimal ("2.018"), a code ("01/2018/TT", "2018-BGD").
END = r"(?![\w]|[.,/:-]\d|/\w|-[a-z])"
START = r"(?<![\w.,/:-])"
# Folded, the "tối" of "tối đa", "tối thiểu" is the "tới" of "tháng tới": "lương mỗi tháng
# tối đa bao nhiêu" asks no next month.
NOT_BOUND = r")\b(?!\s+(?:da|thieu)\b)"


def alternation(phrases: Iterable[str]) -> str:
    words = sorted({fold(p) for p in phrases}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


@cache
def patterns() -> dict[str, re.Pattern[str]]:
    roman = "|".join(sorted(ROMAN_QUARTERS, key=len, reverse=True))
    return {
        "day": re.compile(START + r"(\d{1,2})[/.-](\d{1,2})[/.-]" + Y + END),
        # "tuần 30/2024", "tuần thứ 31 năm 2024", "tuần 31": a numbered week of a year (not
        # "tuần 2 lần", twice a week, nor "tuần thứ 2 của tháng 3", a week of a month, nor
        # "tuần 20-24/10", the week of those days)
        "week": re.compile(
            r"\btuan\s+(?:thu\s+)?(\d{1,2})\b(?!\s*[-–]\s*\d)(?:\s*/\s*|\s+nam\s+)?(?:"
            + Y
            + END
            + r")?"
            r"(?!\s+(?:lan|buoi|ngay|gio|ca|tiet|cua|thang|dau|cuoi)\b)"
        ),
        # "từ đầu năm (2024) đến hết tuần 30(/2024)": the year so far, through that week
        "to_week": re.compile(
            r"\btu\s+dau\s+nam(?:\s+" + Y + r")?\s+(?:den|toi)\s+(?:het\s+)?tuan\s+"
            r"(?:thu\s+)?(\d{1,2})\b(?:\s*/\s*" + Y + END + ")?"
        ),
        # "từ (ngày) 22/7 đến (ngày) 28/7/2024": one span of days
        "day_range": re.compile(
            r"\btu\s+(?:ngay\s+)?(\d{1,2})/(\d{1,2})(?:/((?:19|20)\d\d))?\s+(?:den|toi)\s+"
            r"(?:het\s+)?(?:ngay\s+)?(\d{1,2})/(\d{1,2})/" + Y + END
        ),
        # "23 – 24/10/2025", "(ngày) 23-24/10": two days of a month, one span; without its
        # year only after "ngày" or an opening bracket ("Cả ngày (23 – 24/10): …")
        "day_pair": re.compile(
            START
            + r"(?:(?P<head>ngay\s+|\()\s*)?(\d{1,2})\s*[-–]\s*(\d{1,2})/(\d{1,2})"
            + r"(?:/"
            + Y
            + r")?"
            + END
        ),
        "month": re.compile(
            r"\bthang\s+(\d{1,2})\s*(?:[/-]\s*|\s+nam\s+|\s+)"
            + Y
            + END
            + "|"
            + START
            + r"(?<!quy )(\d{1,2})/"
            + Y
            + END
        ),
        # "Sáng 14/1", "ngày 8/2": a day without its year, after the time of day.
        # "đến 30/9 năm nay": so far, to a day of the year said after it
        "so_far_day": re.compile(
            r"\b(?:tinh\s+)?(?:den|toi)\s+(?:het\s+)?(?:ngay\s+)?(\d{1,2})/(\d{1,2})(?=\s+nam\s)"
        ),
        "day_month": re.compile(
            r"\b(?:" + alternation(DAY_MONTH_HEADS) + r")\s+(\d{1,2})/(\d{1,2})" + END
        ),
        # "tháng Ba năm 2024", "tháng Chạp/2023": a month by its name, with its year only
        # ("thắng ba trận" folds as "thang ba").
        "month_word": re.compile(
            r"\bthang\s+(" + alternation(MONTH_NAMES) + r")\s*(?:[/-]\s*|\s+nam\s+)" + Y + END
        ),
        # "từ đầu năm (đến nay)": this year so far.
        "year_to_date": re.compile(
            r"\btu\s+dau\s+nam\b(?!\s+(?:19|20)\d\d)(?:\s+(?:"
            + alternation(UNTIL_WORDS)
            + r")\s+(?:"
            + alternation(NOW_WORDS)
            + r")\b)?"
        ),
        "bare_month": re.compile(r"\bthang\s+(\d{1,2})\b(?!\s*[/-]\s*\d)(?!\s+nam\s+\d)"),
        # a school year, September to August: "năm học 2023-2024" is one year, no span of
        # two; "năm học này", "năm học trước", "năm học vừa qua", "năm học tới"
        "school_year": re.compile(r"\bnam\s+hoc\s+((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)\d\d)\b"),
        "relative_school_year": re.compile(
            r"\bnam\s+hoc\s+(nay|hien tai|truoc|vua qua|vua roi|qua|toi|sau)\b"
        ),
        "quarter": re.compile(
            r"\bquy\s+(" + roman + r"|[1-4])\b(?:\s*[/-]\s*|\s+nam\s+|\s+)?(?:" + Y + END + ")?"
        ),
        # "6 tháng đầu năm", "nửa cuối năm 2024", "9 tháng đầu năm": the first or last
        # months of a year.
        "half": re.compile(
            r"\b(\d{1,2}|ba|sau|chin)\s+thang\s+(dau|cuoi)\s+nam\b(?:\s+"
            + Y
            + END
            + ")?"
            + r"|\bnua\s+(dau|cuoi)\s+nam\b(?:\s+"
            + Y
            + END
            + ")?"
            # "tính chung 11 tháng năm 2024", "11 tháng năm nay": its first 11 months
            + r"|\b(\d{1,2})\s+thang\s+nam\b(?:\s+"
            + Y
            + END
            + ")?"
        ),
        # "2018-2020", "năm 2018 – năm 2020", "2018 đến 2020": the second year of a range is
        # one whatever follows it ("từ 2018 đến 2020 công ty …" is no "2020 công nhân").
        "range": re.compile(
            START
            + r"(?:nam\s+)?"
            + Y
            + r"(?:\s*(?:-|–|—)\s*|\s+(?:"
            + alternation(UNTIL_WORDS)
            + r")\s+)(?:nam\s+)?"
            + Y
            + END
        ),
        # "11 tháng qua", "6 tháng gần đây": the months up to now (not "tháng qua", last
        # month)
        "last_months": re.compile(
            r"\b(\d{1,2}|hai|ba|bon|nam|sau|bay|tam|chin|muoi)\s+thang\s+"
            r"(?:qua|vua qua|gan day|gan nhat|tro lai day)\b"
        ),
        "last_years": re.compile(
            r"\b(\d{1,2}|hai|ba|bon|nam|muoi)\s+(?:" + alternation(LAST_YEARS_TAILS) + r")\b"
        ),
        # "hai năm trước", "3 tháng về trước" (not "… trước đó", "… trước khi", nor "tháng
        # 3 năm trước": March of last year), "cách đây hai năm".
        "ago": re.compile(
            r"(?<!thang )(?<!quy )\b(\d{1,2}|"
            + COUNTED
            + r")\s+(nam|thang|quy)\s+(?:"
            + alternation(AGO_TAILS)
            + r")\b(?!\s+(?:do|khi)\b)"
        ),
        "ago_since": re.compile(
            r"\b(?:"
            + alternation(AGO_HEADS)
            + r")\s+(\d{1,2}|"
            + COUNTED
            + r")\s+(nam|thang|quy)\b"
        ),
        # "công tác được 12 năm rồi", "3 tháng nay": how long, no "năm rồi" (last year) nor
        # "năm nay" (not "tháng 3 năm nay", "đợt 2 năm nay": a month, a round of this year)
        "duration": re.compile(
            r"(?<!thang )(?<!quy )(?<!tuan )(?<!ngay )(?<!dot )(?<!lan )(?<!khoa )(?<!ky )"
            r"(?<![/.,\-–])\b\d{1,2}\s+(?:nam|thang|tuan|ngay)\s+(?:roi|nay)\b"
        ),
        # "kế hoạch năm mới": the year begun, or about to begin late in a year; not years
        # counted ("đóng tối thiểu mấy năm mới được hưởng lương hưu", "15 năm mới …")
        "new_year": re.compile(r"(?<!\d )(?<!may )(?<!vai )(?<!nhieu )\bnam\s+moi\b"),
        "year": re.compile(r"\bnam\s+" + Y + END),
        "bare_year": re.compile(START + Y + END),
        "relative_year": re.compile(r"\b(?:" + alternation(RELATIVE_YEARS) + NOT_BOUND),
        "just_ended": re.compile(r"\b(?:" + alternation(JUST_ENDED_YEAR) + r")\b"),
        "relative_month": re.compile(r"\b(?:" + alternation(RELATIVE_MONTHS) + NOT_BOUND),
        "relative_quarter": re.compile(r"\b(?:" + alternation(RELATIVE_QUARTERS) + NOT_BOUND),
        "relative_day": re.compile(r"\b(?:" + alternation(RELATIVE_DAYS) + NOT_BOUND),
        "relative_week": re.compile(r"\b(?:" + alternation(RELATIVE_WEEKS) + NOT_BOUND),
        "in_year": re.compile(r"\btrong\s+nam\b(?!\s+(?:\d|hoc|tai\s+chinh|nay|qua|toi|sau))"),
        # "xuất hiện tại" (appears at) is no "hiện tại" (now).
        "recent": re.compile(r"\b(?<!xuat )(?:" + alternation(RECENT_WORDS) + r")\b"),
        "before": re.compile(r"\b(?:" + alternation(BEFORE_WORDS) + r")\s+(?:nam\s+)?$"),
        "after": re.compile(r"\b(?:" + alternation(AFTER_WORDS) + r")\s+(?:nam\s+)?$"),
        "since": re.compile(r"\b(?:" + alternation(SINCE_WORDS) + r")\s+(?:dau\s+)?(?:nam\s+)?$"),
        "until": re.compile(r"\b(?:" + alternation(UNTIL_WORDS) + r")\s+(?:nam\s+)?"),
        # "(tính) đến hết tháng 6", "đến cuối quý III": the year so far, through that period
        "through": re.compile(r"\b(?:tinh\s+)?(?:den|toi)\s+(?:het|cuoi)\s+$"),
        # "(tính) đến (hết) ngày 30/6/2024", not "từ ngày 1/7 đến ngày 30/9": so far that year
        "through_day": re.compile(
            r"(?!.*\btu\s+(?:ngay\s+)?\d).*\b(?:tinh\s+)?(?:den|toi)\s+(?:het\s+)?(?:ngay\s+)?$"
        ),
        "until_now": re.compile(
            r"\s*(?:" + alternation(UNTIL_WORDS) + r")\s+(?:" + alternation(NOW_WORDS) + r")\b"
        ),
    }


DIGIT = re.compile(r"\d")
# What a pattern cannot match without ("digit": any digit; else a folded word).
NEEDS = {
    "day": "digit", "range": "digit", "month": "digit", "quarter": "quy", "half": "nam",
    "last_years": "nam", "year": "digit", "bare_year": "digit", "just_ended": "qua",
    "relative_year": "nam", "relative_month": "thang", "relative_quarter": "quy",
    "in_year": "trong", "bare_month": "thang", "day_month": "digit", "ago": "truoc",
    "ago_since": "cach", "new_year": "moi", "month_word": "digit", "year_to_date": "dau",
    "relative_day": "hom", "relative_week": "tuan", "so_far_day": "digit",
    "school_year": "hoc", "relative_school_year": "hoc", "week": "tuan", "to_week": "tuan",
    "day_range": "digit", "duration": "digit", "day_pair": "digit", "last_months": "thang",
}  # fmt: skip
COUNT_WORDS = {
    "mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9,
    "muoi": 10,
}  # fmt: skip
COUNTED = "|".join(COUNT_WORDS)


def relative(table: dict[str, int], matched: str) -> int:
    key = " ".join(matched.split())
    folded = {fold(k): v for k, v in table.items()}
    return folded[key]
