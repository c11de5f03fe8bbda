"""Time in a question or an article: years, months, quarters, ranges and relative words.

`asked_time(question, today)` reads the time a question asks about ("năm 2018", "tháng 3/2019",
"quý I/2019", "từ 2018 đến 2020", "giai đoạn 2020-2025", "năm ngoái", "tháng trước", "hai năm
trước", "cách đây 3 tháng") as one `Period` (the span of everything it names), and whether it
wants the newest articles ("mới nhất", "gần đây", "hiện nay"). Relative words count from
`today`, which callers take from the `TODAY` setting, so tests and replays can fix it.

`mentioned_periods(text, anchor)` lists every time an article's passage names, with its relative
words ("năm nay", "năm qua", "trong năm", "năm mới") counted from the article's own date: "Năm
qua, doanh thu đạt …" in an article of 14/01/2026 is about 2025, and its lead "Sáng 14/1, …" is
that day (a day without its year is the latest by the article's date, or shortly after it; in a
question it is no time, as it may be of any year).

Pure functions over accent-folded text (so "nam ngoai" typed without diacritics counts). A
four-digit number is a year after "năm", "tháng …/", "quý …" or inside a range; alone it is one
unless the words around it say otherwise ("Điều 2018", "2018 người", "1.000", "số
01/2018/TT-BGDĐT"). The words are in `retrieval.language.vocabulary`.

Long because every time pattern is read in one scan of the text (`_scan`), whose spans the
readers here (asked, mentioned, placed, compared with) all share.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache

from retrieval.language.calendar_units import (
    day_span,
    latest_day,
    latest_week_year,
    shift_month,
    week,
    years_ago,
)
from retrieval.language.school_years import relative_school_year, school_year
from retrieval.language.text import fold, normalize, rough_fold
from retrieval.language.time_patterns import COUNT_WORDS, DIGIT, NEEDS, patterns, relative
from retrieval.language.vocabulary import (
    MONTH_NAMES,
    NOT_YEAR_AFTER,
    NOT_YEAR_BEFORE,
    RELATIVE_DAYS,
    RELATIVE_MONTHS,
    RELATIVE_QUARTERS,
    RELATIVE_WEEKS,
    RELATIVE_YEARS,
    ROMAN_QUARTERS,
)

__all__ = [
    "AskedTime",
    "Period",
    "asked_time",
    "mentioned_periods",
    "onward",
    "parse_date",
    "placed_periods",
    "published_period",
    "rough_fold",
    "spells_year",
    "time_spans",
    "without_time",
]

# Open ends of "trước năm 2019" / "từ năm 2019".
_EARLIEST = date(1900, 1, 1)
# "năm qua" in the first months of a year is the year just ended (a January review).
_JUST_ENDED_MONTHS = 4


@dataclass(frozen=True)
class Period:
    """Days `start` to `end`, both included; `text` is what named it (folded)."""

    start: date
    end: date
    text: str = ""

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class AskedTime:
    """The time a question asks about: a period, a wish for the newest, or both."""

    period: Period | None
    recent: bool = False
    matched: tuple[str, ...] = ()


# --- dates ------------------------------------------------------------------------------


def parse_date(text: str) -> date | None:
    """The first day an ISO date ("2026-01-14", "2026-01", "2026") stands for."""
    period = published_period(text)
    return period.start if period else None


@lru_cache(maxsize=8192)
def published_period(text: str) -> Period | None:
    """The period an article's `published` value covers: a day, a month or a year."""
    m = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*", text or "")
    if not m:
        return None
    try:
        year = int(m.group(1))
        if m.group(3):
            day = date(year, int(m.group(2)), int(m.group(3)))
            return Period(day, day, text)
        if m.group(2):
            return _month(year, int(m.group(2)), text)
        return _year(year, text)
    except ValueError:
        return None


def _year(year: int, text: str = "") -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), text)


def _month(year: int, month: int, text: str = "") -> Period:
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return Period(first, following - timedelta(days=1), text)


def _quarter(year: int, quarter: int, text: str = "") -> Period:
    return Period(_month(year, 3 * quarter - 2).start, _month(year, 3 * quarter).end, text)


def _ago(anchor: date, n: int, unit: str, text: str) -> Period:
    """The year, month or quarter `n` of them before `anchor`'s."""
    if unit == "nam":
        return _year(anchor.year - n, text)
    if unit == "thang":
        return _month(*shift_month(anchor, -n), text)
    q = anchor.year * 4 + (anchor.month - 1) // 3 - n
    return _quarter(q // 4, q % 4 + 1, text)


# --- what a match means (the patterns: time_patterns.py) --------------------------------

# A year read from "năm mới" in its second half is the next one ("Chúc mừng năm mới" on
# 30/12).
_NEW_YEAR_FROM_MONTH = 7
_WORD = re.compile(r"[^\W\d_]+|%|\d+")


# --- reading --------------------------------------------------------------------------


def _scan(
    folded: str, anchor: date, *, article: bool, spans: list[tuple[int, int]] | None = None
) -> tuple[list[Period], bool]:
    """Every period `folded` names, in text order, and whether it asks for the newest;
    `spans` (when given) receives the character span of each."""
    p = patterns()
    taken = [False] * len(folded)
    found: list[tuple[int, Period]] = []

    def free(m: re.Match[str]) -> bool:
        return not any(taken[m.start() : m.end()])

    def take(m: re.Match[str], period: Period | None, end: int = 0) -> None:
        end = max(end, m.end())  # past the match: the year said after it (`_year_after`)
        for i in range(m.start(), end):
            taken[i] = True
        if period is not None and period.start <= period.end:
            found.append((m.start(), period))
            if spans is not None:
                spans.append((m.start(), end))

    has_digit, now = DIGIT.search(folded) is not None, False

    def each(name: str) -> list[re.Match[str]]:
        # Most patterns need a digit or a word: a passage without them is not searched.
        needs = NEEDS.get(name)
        if (needs == "digit" and not has_digit) or (
            needs and needs != "digit" and needs not in folded
        ):
            return []
        return [m for m in p[name].finditer(folded) if free(m)]

    # Weeks and spans of days first: "tuần 12/2024" is no December, "từ ngày 22/7 đến ngày
    # 28/7/2024" one span, not two days; "từ đầu năm 2024 đến hết tuần 30" ends on its Sunday.
    for m in each("to_week"):
        n, said_year = int(m.group(2)), m.group(1) or m.group(3)
        with contextlib.suppress(ValueError):
            first = int(said_year) if said_year else latest_week_year(anchor, n)
            take(m, Period(date(first, 1, 1), week(first, n)[1], m.group()))
    for m in each("week"):
        n = int(m.group(1))
        with contextlib.suppress(ValueError):
            take(m, Period(*week(int(m.group(2) or latest_week_year(anchor, n)), n), m.group()))
    for m in each("day_range"):
        with contextlib.suppress(ValueError):
            last = date(int(m.group(6)), int(m.group(5)), int(m.group(4)))
            d, mo = int(m.group(1)), int(m.group(2))
            begin = date(int(m.group(3)), mo, d) if m.group(3) else day_span(d, mo, last)
            take(m, Period(begin, last, m.group()))
    for m in each("day_pair"):
        one, two, mo, y = (int(g) if g else 0 for g in m.group(2, 3, 4, 5))
        if not one < two or not (y or (article and m.group("head"))):
            continue  # "10 – 15/100", or a year-less pair in a question: of any year
        with contextlib.suppress(ValueError):
            later = date(y, mo, two) if y else latest_day(anchor, two, mo)
            take(m, Period(day_span(one, mo, later), later, m.group()))
    for m in each("day"):
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        # "31/02/2020": no date; "(tính) đến ngày 30/6/2024 đạt …" is the year so far
        so_far = p["through_day"].match(folded, max(0, m.start() - 40), m.start())
        with contextlib.suppress(ValueError):
            day = date(y, mo, d)
            take(m, Period(date(y, 1, 1) if so_far else day, day, m.group()))
    for m in each("so_far_day") if not article else ():
        # "Đến 30/9 năm nay …?": the year said, so far (a day alone may be of any year)
        with contextlib.suppress(ValueError):
            if said := _year_after(folded, m, anchor):
                day = date(said[0], int(m.group(2)), int(m.group(1)))
                take(m, Period(date(said[0], 1, 1), day, folded[m.start() : said[1]]), said[1])
    for m in each("school_year"):
        a, b = int(m.group(1)), int(m.group(2))
        if b == a + 1:
            take(m, Period(*school_year(a), m.group()))
    for m in each("relative_school_year"):
        take(m, Period(*school_year(relative_school_year(anchor, m.group(1))), m.group()))
    for m in each("range"):
        a, b = int(m.group(1)), int(m.group(2))
        if a < b:
            take(m, Period(_year(a).start, _year(b).end, m.group()))
    for m in each("month"):
        month, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if 1 <= int(month) <= 12:
            take(m, _month(int(year), int(month), m.group()))
    for m in each("month_word"):
        take(m, _month(int(m.group(2)), relative(MONTH_NAMES, m.group(1)), m.group()))
    for m in each("quarter"):
        q = ROMAN_QUARTERS.get(m.group(1)) or int(m.group(1))
        if m.group(2):
            take(m, _quarter(int(m.group(2)), q, m.group()))
        elif said := _year_after(folded, m, anchor):
            take(m, _quarter(said[0], q, folded[m.start() : said[1]]), said[1])
        else:
            # The latest such quarter that has begun.
            y = anchor.year if 3 * q - 2 <= anchor.month else anchor.year - 1
            take(m, _quarter(y, q, m.group()))
    for m in each("half"):
        n = _count(m.group(1) or m.group(6) or "6")
        if not 1 <= n <= 11:
            continue
        part = m.group(2) or m.group(4) or "dau"
        y_text = m.group(3) or m.group(5) or m.group(7)
        said = None if y_text else _year_after(folded, m, anchor)
        if m.group(6) and not (y_text or said):  # "3 tháng năm …" says no year
            continue
        y = int(y_text) if y_text else said[0] if said else anchor.year
        months = (1, n) if part == "dau" else (13 - n, 12)
        if not (y_text or said or article) and _month(y, months[1]).end > anchor + _REPORT_LAG:
            # "nửa đầu năm" asked in January is last year's: this year's is not reported yet
            y -= 1
        end = said[1] if said else m.end()
        take(
            m,
            Period(_month(y, months[0]).start, _month(y, months[1]).end, folded[m.start() : end]),
            end,
        )
    for m in each("year_to_date"):  # "… đến nay" asks the newest figure too
        now = now or m.group() != "tu dau nam"
        take(m, Period(date(anchor.year, 1, 1), anchor, m.group()))
    for m in each("duration"):
        take(m, None)  # how long ("12 năm rồi"), no time
    # Before the relative years: "tháng 3 năm ngoái" is one month, not a month and a year.
    for m in each("relative_day"):
        day = anchor + timedelta(days=relative(RELATIVE_DAYS, m.group()))
        take(m, Period(day, day, m.group()))
    for m in each("relative_week"):
        if m.group().endswith("qua"):  # "tuần (vừa) qua": the seven days up to the date
            take(m, Period(anchor - timedelta(days=6), anchor, m.group()))
            continue
        weeks = relative(RELATIVE_WEEKS, m.group())
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=weeks)
        take(m, Period(monday, monday + timedelta(days=6), m.group()))
    for m in each("bare_month"):
        mo = int(m.group(1))
        if 1 <= mo <= 12 and (said := _year_after(folded, m, anchor)):
            take(m, _month(said[0], mo, folded[m.start() : said[1]]), said[1])
        elif 1 <= mo <= 12:
            # The latest such month that has begun (a month ahead allowed in an article:
            # "tháng 2" in a January plan is next month).
            ahead = 1 if article else 0
            y = anchor.year if mo <= anchor.month + ahead else anchor.year - 1
            take(m, _month(y, mo, m.group()))
    for m in [*each("ago"), *each("ago_since")]:
        n = _count(m.group(1))
        if 1 <= n <= 50:
            take(m, _ago(anchor, n, m.group(2), m.group()))
    # A day without its year in a question may be of any year the articles cover ("Sáng
    # 8/2 ai chủ trì hội nghị?"); in an article, it is near the article's date.
    for m in each("day_month") if article else ():
        with contextlib.suppress(ValueError):
            day = latest_day(anchor, int(m.group(1)), int(m.group(2)))
            take(m, Period(day, day, m.group()))
    for m in each("new_year"):
        y = anchor.year + (anchor.month >= _NEW_YEAR_FROM_MONTH)
        take(m, _year(y, m.group()))
    for m in each("last_months"):
        n = _count(m.group(1))
        if 1 <= n <= 24:
            take(m, Period(date(*shift_month(anchor, -n), 1), anchor, m.group()))
    for m in each("last_years"):
        n = _count(m.group(1))
        if 1 <= n <= 50:
            take(m, Period(years_ago(anchor, n), anchor, m.group()))
    for m in each("year"):
        take(m, _year(int(m.group(1)), m.group()))
    for m in each("bare_year"):
        if _is_year(folded, m):
            take(m, _year(int(m.group(1)), m.group()))
    for m in each("just_ended"):
        y = anchor.year - 1 if anchor.month <= _JUST_ENDED_MONTHS else anchor.year
        take(m, _year(y, m.group()))
    for m in each("relative_year"):
        take(m, _year(anchor.year + relative(RELATIVE_YEARS, m.group()), m.group()))
    for m in each("relative_month"):
        y, mo = shift_month(anchor, relative(RELATIVE_MONTHS, m.group()))
        take(m, _month(y, mo, m.group()))
    for m in each("relative_quarter"):
        q = (anchor.month - 1) // 3 + 1 + relative(RELATIVE_QUARTERS, m.group())
        take(m, _quarter(anchor.year + (q - 1) // 4, (q - 1) % 4 + 1, m.group()))
    if article:
        for m in each("in_year"):
            take(m, _year(anchor.year, m.group()))
    recent = not article and (now or any(True for _ in each("recent")))
    periods = [period for _, period in sorted(found, key=lambda x: x[0])]
    return periods, recent


def _count(said: str) -> int:
    """A count written in digits or in words, folded ("11", "hai", "muoi")."""
    return int(said) if said.isdigit() else COUNT_WORDS[said]


def _year_after(folded: str, m: re.Match[str], anchor: date) -> tuple[int, int] | None:
    """The year a relative phrase just after a quarter, half or month names ("quý 3 năm
    ngoái", "6 tháng đầu năm nay", "tháng 3 năm trước"), and where that phrase ends; None
    when none follows. The match may have taken the phrase's "năm" already."""
    p = patterns()
    start = max(m.start(), m.end() - len("nam "))
    for name in ("relative_year", "just_ended"):
        r = p[name].search(folded, start, m.end() + 24)
        if r is None or r.start() > m.end() + 1:
            continue
        if name == "just_ended":
            return (anchor.year - 1 if anchor.month <= _JUST_ENDED_MONTHS else anchor.year), r.end()
        return anchor.year + relative(RELATIVE_YEARS, r.group()), r.end()
    return None


def _is_year(folded: str, m: re.Match[str]) -> bool:
    """A bare four-digit number is a year unless the word before or after says it counts
    something or numbers an item ("Điều 2018", "2018 người")."""
    before = _WORD.findall(folded[max(0, m.start() - 20) : m.start()])
    after = _WORD.findall(folded[m.end() : m.end() + 20])
    if before and before[-1] in _folded_set(NOT_YEAR_BEFORE):
        return False
    return not (after and after[0] in _folded_set(NOT_YEAR_AFTER))


@cache
def _folded_set(words: frozenset[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


def _open_end(folded: str, periods: list[Period], anchor: date) -> Period | None:
    """ "trước năm 2019", "sau năm 2019", "từ năm 2019" (with no "đến", or "đến nay"): an
    open range; "đến hết tháng 6 năm 2024": January to June."""
    if len(periods) != 1 or not periods[0].text:
        return None
    period = periods[0]
    at = folded.find(period.text)
    if at < 0:
        return None
    head = folded[:at]
    p = patterns()
    if p["before"].search(head):
        return Period(_EARLIEST, period.start - timedelta(days=1), "trước " + period.text)
    if p["after"].search(head):
        return Period(period.end + timedelta(days=1), max(anchor, period.end), "sau " + period.text)
    if p["through"].search(head) and (period.end - period.start).days < 360:
        return Period(date(period.end.year, 1, 1), period.end, "đến hết " + period.text)
    # From its start: "đến" inside the period ("từ 2018 đến 2020") closes it too, and
    # "đến nay" ends it today.
    rest = folded[at + len(period.text) :]
    if p["since"].search(head) and (
        not p["until"].search(folded[at:]) or p["until_now"].match(rest)
    ):
        return Period(period.start, max(anchor, period.end), "từ " + period.text)
    return None


# How long after the first or last months of a year ("6 tháng đầu năm") their report can
# come: before, a question names last year's.
_REPORT_LAG = timedelta(days=31)
# The words before a time a question compares with: "so với (cùng kỳ) năm trước", "cao
# hơn năm trước", and prices' base year ("theo giá so sánh 2010"). Not "cùng kỳ" alone:
# "Cùng kỳ năm ngoái có bao nhiêu vụ?" asks last year's. Nor is the time of the figure
# compared with: "tăng 18,2% so với mức 81,9 tỷ đồng của quý II/2023" (within the "so
# với" phrase: no punctuation between but a number's).
_COMPARED = re.compile(
    r"\b(?:so voi(?:\s+cung\s+(?:ky|vu|thang|quy|thoi diem|giai doan))?|hon|gia so sanh)"
    r"(?:\s+(?:cuoi|dau|giua|het|thoi diem))?\s+$"  # "giảm so với cuối quý 3"
    r"|\bso voi\s+muc\b(?:[^,;.()]|(?<=\d)[.,](?=\d)){0,40}\bcua\s+$"
    # a record's frame: "tỷ lệ 99,59% – mức cao nhất trong 5 năm gần đây"
    r"|\b(?:cao|thap|lon|nhieu|tot)\s+nhat\s+(?:trong|tu)\s+$"
)


# A figure in brackets right after a time: "(khoảng 108.000 đồng/kg)", "(162 ca)".
_FIGURE_IN_BRACKETS = re.compile(r"\s*\(\s*(?:[^\W\d_]+\s+){0,2}\d")
# A figure compared with, said before its time (folded): "so với mức 93 tỷ đồng của quý
# III/2024", "so với mức 145 tỷ đồng của 6 tháng đầu năm 2024".
_FIGURE_BEFORE = re.compile(
    r"\bso voi\s+muc\s+(\d(?:[\d.,]*\d)?\s*(?:%|[^\W\d_]+(?:\s+[^\W\d_]+){0,2})?)\s+cua\s+$"
)


# Search and the answer both read the question's time: the second reading is free.
@lru_cache(maxsize=1024)
def asked_time(question: str, today: date) -> AskedTime | None:
    """The time `question` asks about, or None when it names none; several times give
    their span ("từ 2018 đến 2020", "năm 2018 và 2019")."""
    folded = fold(question)
    spans: list[tuple[int, int]] = []
    periods, recent = _scan(folded, today, article=False, spans=spans)
    # "… tăng bao nhiêu so với năm trước?": the time compared with alone is not the one
    # asked. Beside another ("Năm 2021 tăng hay giảm so với năm 2020?"), both are: the
    # answer gives each year's figure (answers/by_year.py).
    starts = sorted(start for start, _ in spans)
    compared = [bool(_COMPARED.search(folded, 0, at)) for at in starts]
    how_much = len(periods) == len(starts) and re.search(r"\b(?:bao nhieu|may)\b", folded)
    if all(compared):
        periods = []
    elif any(compared) and how_much:
        # "CPI tháng 11/2024 tăng bao nhiêu so với tháng trước?" asks of November only
        kept = zip(periods, compared, strict=True)
        periods = [p for p, vs in kept if not vs or DIGIT.search(p.text)]
    if not periods and not recent:
        return None
    matched = tuple(p.text for p in periods)
    if not periods:
        return AskedTime(None, recent=True, matched=matched)
    period = _open_end(folded, periods, today) or Period(
        min(p.start for p in periods), max(p.end for p in periods), " … ".join(matched)
    )
    return AskedTime(period, recent=recent, matched=matched)


def mentioned_periods(text: str, anchor: date | None) -> list[Period]:
    """Every time a passage names; its relative words count from `anchor` (the article's
    date), and are left out when the article has none."""
    return [period for _, period in placed_periods(text, anchor)]


def placed_periods(text: str, anchor: date | None) -> list[tuple[int, Period]]:
    """`mentioned_periods` with where each starts in `text` (exact when `rough_fold`
    keeps its length, as it does for Vietnamese text)."""
    folded = rough_fold(text)
    spans: list[tuple[int, int]] = []
    # Without a date any anchor will do: only the times the passage spells out are kept.
    periods, _ = _scan(folded, anchor or date(2000, 6, 15), article=True, spans=spans)
    starts = sorted(start for start, _ in spans)
    # "95% hồ sơ, cao hơn 12% so với năm 2023" tells of the year before 2023's figure:
    # the time compared with is none the sentence is about.
    ends = {start: end for start, end in spans}
    placed = [
        (at, p)
        for at, p in zip(starts, periods, strict=True)
        if not _COMPARED.search(folded, max(0, at - 40), at)
        # but its own figure in brackets after it is that time's: "so với cùng thời điểm
        # năm 2024 (khoảng 108.000 đồng/kg)", "so với tuần 29 (162 ca)"; so is the one
        # before it: "so với mức 93 tỷ đồng của quý III/2024"
        or _FIGURE_IN_BRACKETS.match(folded, ends[at])
        or _FIGURE_BEFORE.search(folded, max(0, at - 60), at)
    ]
    # "từ năm 2014 trở đi": from that time on, open-ended (a rule's years of contribution)
    placed = [
        (at, Period(p.start, _OPEN_FUTURE, p.text) if _ONWARD.match(folded, at + len(p.text))
         and _SINCE_BEFORE.search(folded, max(0, at - 8), at) else p)
        for at, p in placed
    ]  # fmt: skip
    return placed if anchor is not None else [(at, p) for at, p in placed if spells_year(p)]


# "… trở đi", "… trở về sau" after a time that "từ" or "kể từ" opens: no end (folded).
_ONWARD = re.compile(r"\s+tro (?:di|ve sau)(?!\w)")
_SINCE_BEFORE = re.compile(r"(?<!\w)tu\s+$")
_OPEN_FUTURE = date(2099, 12, 31)


def onward(period: Period) -> bool:
    """Whether `period` has no end ("từ năm 2014 trở đi": a rule for each year from then)."""
    return period.end == _OPEN_FUTURE


def compared_figures(
    text: str, placed: Sequence[tuple[int, Period]]
) -> list[tuple[Period, int, int]]:
    """Of `placed` (`placed_periods(text, …)`), the times `text` compares with whose own
    figure it gives, with where that figure's text starts and ends: in brackets after the
    time ("so với cùng thời điểm năm 2024 (khoảng 108.000 đồng/kg)" gives 2024's price,
    not the sentence's) or before it ("tăng 8,6% so với mức 93 tỷ đồng của quý III/2024").
    Read from the one scan the caller made."""
    folded = rough_fold(text)
    if len(folded) != len(text) or ("(" not in text and "muc" not in folded):
        return []
    out = []
    for at, period in placed:
        before = _FIGURE_BEFORE.search(folded, max(0, at - 60), at)
        if before is not None:
            out.append((period, before.start(1), before.end(1)))
            continue
        end = at + len(period.text)
        inside = _FIGURE_IN_BRACKETS.match(folded, end)
        if inside is None or not _COMPARED.search(folded, max(0, at - 40), at):
            continue
        close = folded.find(")", inside.end())
        if close > 0:
            out.append((period, folded.index("(", end) + 1, close))
    return out


def spells_year(period: Period) -> bool:
    """Whether the words that named `period` spell its year ("năm 2017", "8/2/2018"), as
    "năm qua" or "sáng 8/2" do not."""
    return bool(re.search(r"(?:19|20)\d\d", period.text))


def time_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the times `text` names ("năm 2019", "quý II/2021", "năm
    ngoái"), in order; [] when there are none or `text` is not normalised (the spans
    count in it as given)."""
    folded = fold(text)
    if len(folded) != len(text):
        return []
    spans: list[tuple[int, int]] = []
    # The spans do not depend on the anchor; the periods found are not used.
    _scan(folded, date(2000, 6, 15), article=False, spans=spans)
    return sorted(spans)


def without_time(question: str, today: date) -> str:
    """The question without the times it names ("Doanh thu năm 2019 là bao nhiêu?" ->
    "Doanh thu là bao nhiêu?"); unchanged when it names none."""
    text = normalize(question)
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    _scan(folded, today, article=False, spans=spans)
    if not spans or len(folded) != len(text):  # positions would not line up
        return question
    out, done = [], 0
    for start, end in sorted(spans):
        out.append(text[done:start])
        done = max(done, end)
    out.append(text[done:])
    rest = _SPACE_BEFORE_MARK.sub(r"\1", " ".join("".join(out).split())).strip(" ,")
    if not rest:
        return question
    return rest[:1].upper() + rest[1:] if text[:1].isupper() else rest


_SPACE_BEFORE_MARK = re.compile(r"\s+([,.;:!?])")
