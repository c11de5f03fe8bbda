"""An article's date from what a source offers: pure functions, no I/O.

A found date is a `FoundDate`: the ISO value at its precision ("2018-02-08" day, "2018-02"
month, "2018" year) and where it came from (`source`, one of `SOURCES`). Nothing here ever
makes a date up: a string that does not say a date gives `None`, and an article whose date
cannot be found keeps an empty one.

- `parse_date(value)`: a metadata value meant to be a date (a meta tag, a JSON field, a
  front-matter line, a sidecar): ISO dates and datetimes, day-first "08/02/2018", "8-2-2018",
  "ngày 8 tháng 2 năm 2018", "Thứ Năm, 08/02/2018 - 14:30", "tháng 2/2018", "2/2018",
  "năm 2018", "2018", RFC 2822 ("Thu, 08 Feb 2018 10:00:00 +0700").
- `date_in_line(line)`: a full date (day, month and year) inside a line of text;
  `leading_date(line)`: one that starts the line (a lede's date, not one the text mentions).
- `date_from_url(url)`: "/2018/02/08/", "/2018/02/", "/2018-02-08", "?date=2018-02-08", and
  the "-20180208103254.htm" stamps of Vietnamese news sites.
- `date_from_path(path)`: the same rules on a file's name and its nearest folders
  ("2018/02/08/x.txt", "2018-02-08-hoi-nghi.md", "bao-cao/2018/x.pdf" -> 2018).
- `lede_date(text, year=None)`: "(VOH) - Sáng 8/2, ..." / "TP.HCM, ngày 8/2/2018 ..." at the
  start of the first paragraph; a day and month without a year take `year` (from the source,
  e.g. the URL) or else the latest year the text names that is not a plan or a range
  ("năm 2018", not "đến năm 2020" or "2020-2025"); of a December review setting the next
  year's tasks ("tổng kết năm 2024 và triển khai nhiệm vụ năm 2025"), the year reviewed.
- `first(*candidates)`: the first found one, in the order of trust the caller gives.

Day and month are Vietnamese order (day first). Years outside 1900-2099 are not dates.
What must NOT parse: a day and month alone in running text ("tỷ lệ 8/2"), version numbers
("1.2.3"), phone numbers ("0903.123.456"), ranges of years ("2020-2025").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_tz

DAY, MONTH, YEAR = "day", "month", "year"
# Where a date came from, most trusted first within each kind of source.
SOURCES = (
    "sidecar",  # set by an admin: <file>.date or the folder's dates.toml
    "feed",  # the RSS/Atom entry's published (else updated) date
    "meta",  # HTML <meta> (article:published_time, ...) or itemprop="datePublished"
    "json-ld",  # HTML JSON-LD datePublished
    "html-time",  # HTML <time datetime=...>
    "front-matter",  # Markdown front matter date/published
    "json-field",  # a JSON/JSONL record's published/date/... field
    "url",  # the article's URL
    "dateline",  # a line near the top that is (or starts with) a full date
    "text",  # the lede's "Sáng 8/2", the year from the text or the source
    "docx-properties",  # Word's core property "created"
    "docx-modified",  # Word's "modified" (often only the last save): used when nothing else
    "pdf-properties",  # the PDF's CreationDate
    "path",  # the file's name or folder
    "htmldate",  # trafilatura/htmldate's guess from the page, when nothing above was found
)
MIN_YEAR, MAX_YEAR = 1900, 2099


@dataclass(frozen=True)
class FoundDate:
    value: str  # "YYYY-MM-DD", "YYYY-MM" or "YYYY"
    precision: str  # DAY, MONTH or YEAR
    source: str = ""  # one of SOURCES

    @property
    def year(self) -> int:
        return int(self.value[:4])

    def from_source(self, source: str) -> FoundDate:
        return FoundDate(self.value, self.precision, source)


def make(year: int, month: int | None = None, day: int | None = None) -> FoundDate | None:
    """A valid date at the precision given, or None (31/2, month 13, year 1850)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month is None:
        return FoundDate(f"{year:04d}", YEAR)
    if not 1 <= month <= 12:
        return None
    if day is None:
        return FoundDate(f"{year:04d}-{month:02d}", MONTH)
    try:
        return FoundDate(date(year, month, day).isoformat(), DAY)
    except ValueError:
        return None


def first(*candidates: FoundDate | None) -> FoundDate | None:
    for candidate in candidates:
        if candidate is not None:
            return candidate
    return None


# --- patterns ------------------------------------------------------------------------------

_Y = r"((?:19|20)\d{2})"
_NGAY = r"ng[àa]y"
_THANG = r"th[áa]ng"
_NAM = r"n[ăa]m"
# 2018-02-08, 2018-2-8, 2018/02/08, 2018.02.08, with an optional time after it ("T10:00").
_ISO = re.compile(rf"(?<![\d.,/-]){_Y}([-/.])(\d{{1,2}})\2(\d{{1,2}})(?![\d/])(?!\.\d)")
# 08/02/2018, 8-2-2018, 8.2.2018: day first; not inside longer number runs ("1.500.2000.5").
_DMY = re.compile(rf"(?<![\d.,/-])(\d{{1,2}})([/.-])(\d{{1,2}})\2{_Y}(?![\d/])(?![.,-]\d)")
# ngày 8 tháng 2 năm 2018
_WORDS_DMY = re.compile(
    rf"(?<!\w)(?:{_NGAY}\s+)?(\d{{1,2}})\s+{_THANG}\s+(\d{{1,2}})\s*(?:,\s*)?{_NAM}\s+{_Y}(?!\d)",
    re.I,
)
# tháng 2/2018, tháng 02-2018, tháng 2 năm 2018, tháng 2.2018
_MONTH_YEAR = re.compile(
    rf"(?<!\w){_THANG}\s+(\d{{1,2}})\s*(?:[/.-]\s*|,?\s*{_NAM}\s+){_Y}(?!\d)", re.I
)
_YEAR_WORD = re.compile(rf"(?<!\w){_NAM}\s+{_Y}(?![\d/.-]\d)", re.I)
# Whole-value forms a metadata field may hold: "2/2018", "2018-02", "2018".
_VALUE_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})\s*[/.-]\s*{_Y}$")
_VALUE_YEAR_MONTH = re.compile(rf"^{_Y}-(\d{{1,2}})$")
_VALUE_YEAR = re.compile(rf"^{_Y}$")
_COMPACT = re.compile(rf"^{_Y}(\d{{2}})(\d{{2}})(?:T?\d{{2,6}}(?:\.\d+)?Z?)?$")


# --- values --------------------------------------------------------------------------------


def parse_date(value: str, source: str = "") -> FoundDate | None:
    """The date a metadata value states, at the precision it states it; None if it states
    none. The first full date wins; else a month; else a year."""
    value = " ".join(value.split())
    if not value:
        return None
    found = date_in_line(value)
    if found is None:
        found = _compact_or_rfc(value) or _month_in(value) or _whole_partial(value)
    return found.from_source(source) if found else None


def date_in_line(line: str) -> FoundDate | None:
    """The first full date (day, month, year) written in a line of text, else None."""
    found = _first_full_date(line)
    return found[1] if found else None


def leading_date(line: str, within: int = 30) -> FoundDate | None:
    """A full date that starts within the first `within` characters of a line ("Ngày
    08/02/2018, Thành ủy ...", "TP.HCM, ngày 8/2/2018"): the date of a lede. A date further
    into a paragraph is what the text talks about, not when it was written."""
    # "1. Thời gian: từ ngày 15/4/2025 đến ngày 18/4/2025": a point of a notice, and the
    # time of what it announces, not when it was written
    if _LIST_POINT.match(line) or _SPAN_FROM.search(line[: within + 40]):
        return None
    found = _first_full_date(line[: within + 40])
    return found[1] if found and found[0] <= within else None


_LIST_POINT = re.compile(r"^\s*(?:\d{1,2}|[a-zđ])[.)]\s")
_SPAN_FROM = re.compile(r"\b(?:từ|tu)\s+(?:ngày\s+|ngay\s+)?\d{1,2}[/.-]\d{1,2}[/.-]\d{4}", re.I)


def _first_full_date(line: str) -> tuple[int, FoundDate] | None:
    best: tuple[int, FoundDate] | None = None
    for pattern, order in ((_ISO, (1, 3, 4)), (_DMY, (4, 3, 1)), (_WORDS_DMY, (3, 2, 1))):
        for match in pattern.finditer(line):
            year, month, day = (int(match.group(i)) for i in order)
            found = make(year, month, day)
            if found is not None:
                if best is None or match.start() < best[0]:
                    best = (match.start(), found)
                break
    return best


def _month_in(text: str) -> FoundDate | None:
    for match in _MONTH_YEAR.finditer(text):
        found = make(int(match.group(2)), int(match.group(1)))
        if found:
            return found
    return None


def _whole_partial(value: str) -> FoundDate | None:
    bare = value.strip(" .,")
    if m := _VALUE_MONTH_YEAR.match(bare):
        return make(int(m.group(2)), int(m.group(1)))
    if m := _VALUE_YEAR_MONTH.match(bare):
        return make(int(m.group(1)), int(m.group(2)))
    if m := _VALUE_YEAR.match(bare):
        return make(int(m.group(1)))
    if m := _YEAR_WORD.search(bare):
        return make(int(m.group(1)))
    return None


def _compact_or_rfc(value: str) -> FoundDate | None:
    if m := _COMPACT.match(value):
        return make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if re.search(r"[A-Za-z]{3}", value):
        parsed = parsedate_tz(value)
        if parsed is not None:
            return make(parsed[0], parsed[1], parsed[2])
    return None


def pdf_date(value: str) -> FoundDate | None:
    """A PDF date "D:20180208103000+07'00'" (or a plain one)."""
    m = re.match(r"^\s*(?:D:)?((?:19|20)\d{2})(\d{2})?(\d{2})?", value)
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) and month else None
    return make(year, month, day)


# --- URLs and paths ------------------------------------------------------------------------

_URL_YMD = re.compile(rf"/{_Y}/(\d{{1,2}})/(\d{{1,2}})(?=/|$|[-_.])")
_URL_YM = re.compile(rf"/{_Y}/(\d{{1,2}})(?=/|$)")
_URL_ISO = re.compile(rf"(?<![\d]){_Y}-(\d{{2}})-(\d{{2}})(?!\d)")
_URL_QUERY = re.compile(r"[?&](?:date|ngay|published|pubdate|d)=([0-9][0-9./-]{5,9})(?:&|$)", re.I)
# "-20180208103254428.htm": a date, then a time and a counter (tuoitre, plo, ...).
_URL_STAMP = re.compile(rf"[-_/]{_Y}(\d{{2}})(\d{{2}})(\d{{4,9}})?(?=\.\w{{2,5}}$|$|[/?#_-])")
_URL_YEAR = re.compile(rf"/{_Y}(?=/)")


def date_from_url(url: str, source: str = "url") -> FoundDate | None:
    """The date a URL's path or query says: a full date, else a year and month."""
    if not url:
        return None
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url.strip(), flags=re.I)
    path, _, _ = path.partition("#")
    for match in _URL_YMD.finditer(path):
        found = make(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if found:
            return found.from_source(source)
    for match in _URL_ISO.finditer(path):
        found = make(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if found:
            return found.from_source(source)
    if m := _URL_QUERY.search(path):
        found = parse_date(m.group(1), source)
        if found and found.precision == DAY:
            return found
    for match in _URL_STAMP.finditer(path.partition("?")[0]):
        found = make(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if found:
            return found.from_source(source)
    for match in _URL_YM.finditer(path):
        found = make(int(match.group(1)), int(match.group(2)))
        if found:
            return found.from_source(source)
    return None


def date_from_path(path: str) -> FoundDate | None:
    """A date in a file's name or its three nearest folders ("2018/02/08/x.txt",
    "2018-02-08-hoi-nghi.md", "tin-tuc/2018/x.pdf" -> year 2018)."""
    parts = path.replace("\\", "/").split("/")
    tail = "/" + "/".join(parts[-4:])
    found = date_from_url(tail, "path")
    if found:
        return found
    # A folder named only by a year: the year, nothing finer.
    for m in reversed(list(_URL_YEAR.finditer(tail))):
        year = make(int(m.group(1)))
        if year:
            return year.from_source("path")
    return None


# --- the text ------------------------------------------------------------------------------

# What may open a lede before its date: "(VOH) -", "TTO - ", then "TP.HCM, ", "Hà Nội -".
_LEDE_SOURCE = re.compile(r"^\(\s*[^()\n]{1,40}?\s*\)\s*[-–—:]\s*|^[A-ZĐ]{2,8}\s*[-–—:]\s*")
_LEDE_PLACE = re.compile(r"^[^\W\d][^\W\d. ]*(?:[. ]+[^\W\d]+){0,4}\s*[-–—,:]\s*")
_DAYPART = (
    r"(?:(?:s[áa]ng|chi[ềe]u|t[ốo]i|tr[ưu]a|[đd][êe]m|r[ạa]ng\s+s[áa]ng)(?:\s+(?:nay|qua))?\s+)"
)
_LEDE_DATE = re.compile(
    rf"^(?:{_DAYPART}(?:{_NGAY}\s+)?|{_NGAY}\s+|(?:h[ôo]m\s+nay|h[ôo]m\s+qua)\s*\(\s*)"
    r"(\d{1,2})\s*[/-]\s*(\d{1,2})(?:\s*[/-]\s*((?:19|20)\d{2}))?(?![\d/-])",
    re.I,
)
_LEDE_WORDS = re.compile(
    rf"^(?:{_DAYPART})?(?:{_NGAY}\s+)(\d{{1,2}})\s+{_THANG}\s+(\d{{1,2}})"
    rf"(?:\s*(?:,\s*)?{_NAM}\s+((?:19|20)\d{{2}}))?(?!\d)",
    re.I,
)
# A year said as a plan, a deadline, a range or a period is not the year of writing.
_NOT_NOW = re.compile(
    r"(?:đến|tới|den|toi|trước|truoc|sau|tầm\s+nhìn|tam\s+nhin|giai\s+đoạn|giai\s+doan"
    r"|nhiệm\s+kỳ|nhiem\s+ky|kế\s+hoạch|ke\s+hoach)\s+(?:năm\s+|nam\s+)?$",
    re.I,
)
_YEAR_IN_TEXT = re.compile(r"(?<![\d,])((?:19|20)\d{2})(?![\d])")
# A year whose tasks or targets are set ("triển khai nhiệm vụ năm 2025", "mục tiêu năm
# 2025"): the year of writing early in it, the next one late in the year before.
_PLANNED = re.compile(
    r"(?:nhiệm\s+vụ|nhiem\s+vu|mục\s+tiêu|muc\s+tieu|phương\s+hướng|phuong\s+huong"
    r"|chỉ\s+tiêu|chi\s+tieu|định\s+hướng|dinh\s+huong)(?:\s+[^\W\d_]+){0,2}\s+"
    r"(?:năm\s+|nam\s+)$",
    re.I,
)
# A lede dated up to June with a year's tasks set: that year ("Sáng 8/2, … tổng kết năm
# 2017, triển khai nhiệm vụ năm 2018"); from July, the year reviewed ("Chiều 20/12, …
# tổng kết năm 2024 và triển khai nhiệm vụ năm 2025").
_PLANS_AHEAD_UNTIL = 6


def lede_date(text: str, year: int | None = None) -> FoundDate | None:
    """The date at the start of the first paragraph, source "text" (or None).

    "(VOH) - Sáng 8/2, ..." gives 8 February of `year` when given (the source's year), else
    of `text_year(text)`; with no year to be had, nothing. A full date there
    ("TP.HCM, ngày 8/2/2018, ...") is taken as it is.
    """
    lede = text.lstrip().split("\n", 1)[0]
    source = _LEDE_SOURCE.match(lede)
    after_source = lede[source.end() :] if source else lede
    place = _LEDE_PLACE.match(after_source)
    heads = [after_source[place.end() :]] if place else []
    for head in [*heads, after_source]:
        for pattern in (_LEDE_DATE, _LEDE_WORDS):
            m = pattern.match(head)
            if not m:
                continue
            day, month = int(m.group(1)), int(m.group(2))
            if m.group(3):
                return _dated(make(int(m.group(3)), month, day))
            the_year = year if year is not None else text_year(text, lede, month)
            if the_year is None:
                return None
            return _dated(make(the_year, month, day))
    return None


def _dated(found: FoundDate | None) -> FoundDate | None:
    return found.from_source("text") if found else None


def text_year(text: str, lede: str = "", month: int | None = None) -> int | None:
    """The year an article is written in, as far as its text tells: the latest year the
    lede names, else the latest the text names, leaving out plans, deadlines and ranges
    ("đến năm 2030", "giai đoạn 2020-2025", "2021-2025"). None when it names none.

    With the lede's `month`, a year whose tasks are set right after the latest other one
    ("tổng kết năm 2024 và triển khai nhiệm vụ năm 2025") is the year of writing up to
    June, and the one before it from July (a December review)."""
    for part in (lede, text):
        years, planned = _years_now(part)
        if not years and not planned:
            continue
        if not years or month is None:
            return max(years | planned)
        now = max(years)
        if now + 1 in planned:
            return now + 1 if month <= _PLANS_AHEAD_UNTIL else now
        return max(years | planned)
    return None


def _years_now(text: str) -> tuple[set[int], set[int]]:
    """The years `text` names but for deadlines and ranges: the others, and those whose
    tasks or targets are set (`_PLANNED`)."""
    years: set[int] = set()
    planned: set[int] = set()
    for m in _YEAR_IN_TEXT.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        after = text[m.end() : m.end() + 6]
        if _NOT_NOW.search(before[-20:]) or re.match(r"\s*[-–—]\s*(?:19|20)\d{2}", after):
            continue
        if re.search(r"(?:19|20)\d{2}\s*[-–—]\s*$", before):
            continue
        (planned if _PLANNED.search(before) else years).add(int(m.group(1)))
    return years, planned
