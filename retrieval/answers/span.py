"""Typed phrases in a sentence, and the phrase that answers a question.

`phrases(text)` finds the phrases a question can ask for, each with its kind and character span:
numbers with their unit, bound and range ("308 điểm", "25%", "1,5 triệu đồng", "không quá 40 giờ",
"từ 3,20 đến 3,59", "từ 15 km trở lên"), times ("sáng 8/2", "tháng 6 năm 2018", "6 tháng đầu năm",
"những năm 1970", "thế kỷ XIX"), legal references ("Điều 5", "khoản 2", "Nghị định 15/2018/NĐ-CP"),
runs of capitalised words (names of persons, places, bodies: "Nguyễn Thiện Nhân", "Phó Trưởng Ban
Tổ chức Thành ủy": `names.py`), the place after "tại" or "ở" ("tại các trung tâm sát hạch"), and
the clause after a cue ("vì …", "là …", "thì …"). `short_span(question, kind, text)` picks the
phrase of the asked kind that is not already in the question and sits nearest to the question's
words in the sentence: the reader's eye goes there first. A bound the question states ("tối thiểu
bao nhiêu") is left out of its answer; one it does not state stays, since "không quá 40 giờ" and
"40 giờ" are different rules. On the regulations set (`bench/corpus/regulations`, `retrieval eval`)
bounds and ranges took short EM/F1 from 0.225/0.558 to 0.425/0.688; xquad_vi's phrases hardly have
any (0.190/0.384 = ). A count of a noun is not a lone "một" before another noun ("một khu rừng": "a
forest"), is a year-like number or "năm" before the noun ("2000 khách", "năm hoàng tử"); a fraction
in words is one number ("hai phần ba", "một nửa"): xquad_vi's 160 count questions
(`bench/tune_answer.py` replay) short F1 0.462 -> 0.494. A time opening the sentence ("Sáng 8/2,
…") is when all of it happened. "bao lâu một lần" is answered by how often ("hằng quý", "sau mỗi 5
năm", "định kỳ 6 tháng một lần") before any number (count questions 0.494 -> 0.507), and "Có 5
người …" opening a sentence is a count, not a name. Asked who, a capitalised run that reads as no
one's name (a body's or a place's first word: "Bảo tàng Sản xuất"; an acronym: "ASL"; a number in
it; half its words the question's) comes after one that may be a person ("Henry Cole"), and stands
when no one is named ("Ban Thường vụ Thành ủy"): xquad_vi replay short F1 0.425 -> 0.426,
answer-hit 0.816 -> 0.817 (through the gap's nearest typed phrase), the other replays unchanged. A
clock time keeps its minutes ("từ 7 giờ 30 đến 11 giờ 30", not "7 giờ"), how often is said with its
period before a bare "định kỳ" ("ít nhất 1 lần mỗi năm"), and a rate per another period than the
question's comes after the one per its own ("không quá 300 giờ trong một năm" for "Một năm … bao
nhiêu giờ?", not the "40 giờ trong một tháng" before it).

Long because `phrases` types every kind of phrase of a sentence in one pass, the kinds in
the order they claim their words (a span once taken is no other phrase), and the number
phrase's unit, rate and base level are part of that order.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from retrieval.answers.contrasts import other_side_folded
from retrieval.answers.counted import NUMBERED, counts, parts_of_wholes
from retrieval.answers.granularity import CLOCK, FREQUENCY, asks_hour, fits_granularity
from retrieval.answers.names import capitalised_runs, full_name, no_one
from retrieval.answers.nearness import (
    NEAR_BONUS,
    NEAR_WORDS,
    near_terms,
    nearest,
    part_of,
    part_terms,
)
from retrieval.answers.totals import a_part
from retrieval.answers.units import measures, per_other_period_after
from retrieval.language.entities import parse_person
from retrieval.language.text import fold, fold_sentence
from retrieval.language.vocabulary import (
    LIST_MARK,
    NUMBER_UNIT_PAIRS,
    NUMBER_UNITS,
)

__all__ = ["Phrase", "phrases", "short_span", "the_multiple"]


@dataclass(frozen=True)
class Phrase:
    kind: str  # "number", "time", "reference", "capitalised", "reason", "definition", …
    start: int
    end: int


_W = r"[^\W\d_]"
_TIME_HEAD = r"(?:(?:sáng|trưa|chiều|tối|đêm|rạng sáng|hôm|ngày|đầu|cuối|giữa)\s+)?"
_FRONTED = re.compile(r"(?:(?:vao|trong|tu|den|toi|hoi)\s+)?")  # before a time opening a sentence
_TIME = re.compile(
    rf"(?i:{_TIME_HEAD})(?:"
    r"\d{1,2}\s*(?:[-–]|(?i:đến|tới)\s)\s*\d{1,2}/\d{1,2}(?:/\d{2,4})?"  # (ngày) 29 đến 31/8
    r"|\d{1,2}/\d{1,2}(?:/\d{2,4})?"  # 8/2, 8/2/2018
    r"|(?i:ngày\s+\d{1,2}\s+)?(?i:tháng)\s+\d{1,2}(?:(?:\s+(?i:năm)\s+|/)\d{4})?"
    r"|(?i:những\s+năm)\s+(?:\d{2}|\d{3})0\b|\d{1,2}\s+(?i:tháng\s+(?:đầu|cuối)\s+năm)(?:\s+\d{4})?"
    r"|(?i:năm|niên khóa|nhiệm kỳ|giai đoạn)\s+\d{3,4}(?:\s*[-–]\s*\d{2,4})?"
    r"|(?i:thế kỷ|thế kỉ|thập niên|thập kỷ)\s+(?:(?i:thứ)\s+)?(?:[IVXLC]+|\d+)"
    r"|(?<![\d.,])(?:1[0-9]|20)\d{2}(?:\s*[-–]\s*\d{2,4})?(?![\d.,%])"
    r")"
)
# The words before a number that bound it ("không quá 40 giờ", "tối đa 14 tín chỉ", "trên
# 30 chỗ"): the bound is half of what a rule says, so the phrase keeps it.
# One list for the pattern, for leaving out a bound the question states (_unbounded) and
# for a phrase made of the question's words (_APPROXIMATORS).
_BOUND_WORDS = (
    *("không quá", "không vượt quá", "không dưới", "không ít hơn", "tối đa", "tối thiểu"),
    *("ít nhất", "chưa đến", "chưa tới", "khoảng", "gần", "hơn", "trên", "dưới", "quá"),
)
_BOUND = rf"(?:(?i:{'|'.join(_BOUND_WORDS)})\s+)?"
_DIGITS = r"\d+(?:[.,]\d+)*(?:\s*%)?"
# A span or ratio with a dash or colon is one number: "27-30%", "23-16", "20:1", "4:51",
# "5.600 – 5.700 đồng/kg".
# One period a rate is given per, after "trong", "mỗi" or "/": "300 giờ trong 01 năm".
_PER_PERIOD = re.compile(
    r"(?:(?<=trong )|(?<=/)|(?<=moi ))(?:0?1|mot) (?:ngay|tuan|thang|quy|nam)$"
)
# An ordinal keeps its "thứ": "thứ 3", "thứ ba", "thứ nhất" answer "đứng thứ mấy".
_ORDINAL = r"(?:(?i:thứ)\s+)?"
_NUMBER = re.compile(
    rf"(?<![\w.,/]){_ORDINAL}{_BOUND}{_DIGITS}(?:(?:[-–:]|\s[-–]\s)\d+(?:[.,]\d+)*%?)?(?!\w)"
    r"(?![.,/:]\d)"
)
# A range is one answer: "từ 3,20 đến 3,59", "từ 50 cm3 đến dưới 175 cm3", "từ 2,00 trở
# lên" (its unit and what follows are added after it as after any number).
_RANGE = re.compile(
    rf"(?<![\w.,/])(?i:từ)\s+{_DIGITS}(?:\s+{_W}+\d?(?:\s+[0-5]?\d(?=\s+(?i:đến|tới)))?)?"
    rf"(?:\s+(?i:đến|tới)\s+(?:(?i:dưới|trên|hết)\s+)?{_DIGITS}(?!\w)(?![.,/]\d)"
    rf"|(?=\s+(?i:trở lên|trở xuống)))"
)
# What a number can end with besides its unit: "từ 15 km trở lên".
_ONWARD_WORDS = ("trở lên", "trở xuống")
_ONWARD = re.compile(rf"\s+(?i:{'|'.join(_ONWARD_WORDS)})(?!\w)")
# A number in words: "hai", "ba trăm", "mười một", "hai mươi lăm", "hàng nghìn"; not
# "một" of "một trong những" (one of), "một số", "một vài" (some), "một bộ phận" (a part
# of) or "một cách" (an adverb's).
_TENS = (
    r"(?:mười|(?:hai|ba|bốn|năm|sáu|bảy|tám|chín)\s+mươi)"
    r"(?:\s+(?:mốt|một|hai|ba|bốn|tư|lăm|sáu|bảy|tám|chín))?"
)
# A fraction in words is one number: "hai phần ba", "một nửa", not the "ba" of them.
_UNITS = "một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười"
_FRACTION = rf"(?:(?:{_UNITS})\s+phần\s+(?:{_UNITS}|tư|trăm|nghìn)|(?:một\s+)?nửa)"
_SPELLED = re.compile(
    r"(?<!\w)(?:(?i:thứ)\s+(?i:nhất|tư)"
    rf"|(?i:{_FRACTION})"
    rf"|{_ORDINAL}(?i:{_TENS}|một(?!\s+(?:trong|số|cách|vài|bộ\s+phận)\b)"
    r"|hai|ba|bốn|sáu|bảy|tám|chín|hàng trăm|hàng nghìn|hàng triệu)"
    r"(?:\s+(?i:trăm|nghìn|ngàn|triệu|tỷ))?)(?!\w)"
)
_DIGIT = re.compile(r"\d")
# What stands before a unit symbol after a number: "500 MW", "230 triệu USD".
_BEFORE_UNIT = re.compile(r"\d\s+(?:(?i:nghìn|ngàn|triệu|tỷ|tỉ)\s+)?$")
# The words of the one kind of time `_TIME` finds without a digit ("thế kỷ XIX").
_ERA = re.compile(r"(?i:thế kỷ|thế kỉ|thập niên|thập kỷ)")
_REFERENCE = re.compile(  # not a score ("điểm 10") nor "kỷ luật 19 đảng viên"
    r"(?i:điều|khoản|chương|mục)\s+\d+[a-zđ]?"
    r"|(?<!(?i:kỷ) )(?i:nghị định|thông tư|quyết định|luật|nghị quyết|chỉ thị|công văn)"
    r"(?:\s+số)?\s+\d+(?:[/.-]?\w+)*"
    r"|\d+/\d{4}/[\w-]+"
)
# A point's or clause's own mark: "a) ", "đ) ", "2. " (a bullet is trimmed off the text).
_LIST_MARKER = re.compile(rf"{LIST_MARK}\s")
_INLINE_POINT = re.compile(r"[;:]\s+[a-zđ]\)\s+")
_REASON = re.compile(r"(?i)(?<!\w)(?:bởi vì|vì|do|nhờ|nhằm|để|bởi)\s+[^,.;:]{3,}")
# Where: "tại các trung tâm sát hạch lái xe", "ở khu công nghiệp Tân Phú" (to the clause's end).
_LOCATIVE = re.compile(r"(?i)(?<!\w)(?:tại|ở)\s+([^,.;:()]{3,80})")
_DEFINITION = re.compile(r"(?i)(?<!\w)(?:là|gồm|bao gồm|gồm có)\s+([^,.;:]{3,})")
_COMMENT = re.compile(r"(?i)(?<!\w)thì\s+([^,.;:]{3,})")  # "điều quan trọng nhất … thì …"
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{2,120}?)[”\"]")
_UNIT = re.compile(rf"\s+({_W}+[23]?(?!\w)|%)(?:\s+({_W}+))?")
# Unit symbols after a number ("500 MW", "20 kWh", "3 km2", "15 USD"), case-sensitive: an
# SI prefix with a base unit, or a currency code. No word list can hold every symbol.
_UNIT_SYMBOL = re.compile(r"[kMGTm]?(?:Wh?|V|A|Hz|J|Pa|m[23]?|g|[lL]|t)|ha|USD|VND|VNĐ|EUR|đ")


@functools.lru_cache(maxsize=8192)
def phrases(text: str) -> tuple[Phrase, ...]:
    """The typed phrases of `text` (one sentence), in order of their start."""
    out: list[Phrase] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, start: int, end: int) -> None:
        if end > start and not any(s < end and start < e for s, e in taken):
            out.append(Phrase(kind, start, end))
            taken.append((start, end))

    # Every legal reference and number has a digit, every time too but a century or
    # decade in Roman numerals: a sentence without digits (about half) skips the costliest
    # patterns, which try their case-insensitive words at every position.
    digits = _DIGIT.search(text) is not None
    # A clause's own number ("1. Tín chỉ là …") is its place in a list, no phrase, and the
    # word after a point's mark ("a) Người …") is capitalised as any first word is.
    marker = _LIST_MARKER.match(text)
    first = marker.end() if marker else 0
    if first:
        taken.append((0, first))
    # So is the first word of a point inside a run-on sentence ("…: a) Có một quốc tịch
    # …; b) Đủ 18 tuổi trở lên; …", a provision copied from a PDF).
    firsts = {first, *(m.end() for m in _INLINE_POINT.finditer(text))}
    for m in _REFERENCE.finditer(text) if digits else ():
        add("reference", m.start(), m.end())
    for start, end in parts_of_wholes(text) if digits else ():  # "41/68 trường"
        _add_number(add, text, start, end)
    for m in _TIME.finditer(text) if digits or _ERA.search(text) else ():
        add("time", m.start(), m.end())
    for m in CLOCK.finditer(text) if digits else ():
        add("clock", m.start(), m.end())  # "từ 17h đến 22h": no "17" nor "22h"
    numbers = list(_NUMBER.finditer(text)) if digits else []
    # A range or a bounded number ("Từ 3,20 đến 3,59", "Khoảng 120 người") before the
    # names: a capitalised bound word opening the sentence begins no name.
    for m in [*_RANGE.finditer(text), *numbers] if digits else ():
        if not m.group()[0].isdigit():
            _add_number(add, text, m.start(), m.end())
    for start, end in capitalised_runs(text):
        words = text[start:end].split(" ")
        if start in firsts and words[0].lower() in _BEFORE_COUNT and len(words) > 1:
            if len(words) == 2 and words[1][:1].isdigit():
                continue  # "Có 5 người bị thương": a count, not the name "Có 5"
            start, words = start + len(words[0]) + 1, words[1:]  # "Có Hà Nội 2": "Hà Nội 2"
            if not words[0][:1].isupper():
                continue  # "Có mặt lúc …": no name after the count word
        if start in firsts and (len(words) == 1 or words[1][:1].islower()):
            # The sentence's first word is capitalised as any first word is, with the rest
            # of its word ("Danh hiệu"): no name alone; before capitals, a title ("Chủ
            # tịch Ủy ban nhân dân cấp tỉnh", "Bộ trưởng Bộ Giao thông") but for a
            # person's own name after it ("Tiền vệ Nguyễn Quang Hải").
            if not any(w[:1].isupper() for w in words[1:]):
                continue
            start, end = full_name(text, start, end)
        if _is_unit(text[start:end]) and _BEFORE_UNIT.search(text, 0, start):
            continue  # "500 MW", "230 triệu USD": the unit of a number, not a name
        add("capitalised", start, end)  # before numbers: "Super Bowl 50" is a name
    for m in [*numbers, *_SPELLED.finditer(text)]:
        _add_number(add, text, m.start(), m.end())
    for m in _QUOTED.finditer(text):
        # A name, title or theme in quotation marks ("chủ đề “An toàn điện …”") is one
        # phrase, commas and all.
        out.append(Phrase("quoted", m.start(1), m.end(1)))
    for kind, pattern in (
        ("reason", _REASON),
        ("definition", _DEFINITION),
        ("comment", _COMMENT),
        ("locative", _LOCATIVE),
        ("frequency", FREQUENCY),
    ):
        for m in pattern.finditer(text):
            # What follows the cue ("là", "gồm") answers; the cue is the question's.
            start = m.start(1) if m.groups() else m.start()
            out.append(Phrase(kind, start, m.end()))
    return tuple(sorted(out, key=lambda p: p.start))


def _add_number(add: Callable[[str, int, int], None], text: str, start: int, end: int) -> None:
    """A number's phrase: with its unit, and "trở lên" after it ("từ 15 km trở lên")."""
    end = _with_unit(text, end)
    onward = _ONWARD.match(text, end)
    add("number", start, onward.end() if onward else end)


def _with_unit(text: str, end: int) -> int:
    """`end` moved past the unit after a number ("308 điểm", "1,5 triệu đồng") and what
    it is counted per ("150.000 đồng/người/ngày", "40.000 đồng/buổi/đại biểu"). A share
    has its unit: "82% năm 2024" is 82% in 2024, not "82% năm" and a year without one;
    a rate per a period is written after it ("4,7%/năm")."""
    if text[end - 1 : end] == "%":
        rate = _PER.match(text, end)
        return rate.end() if rate else end
    level = _BASE_LEVEL.match(text, end)
    if level:
        return level.end()  # "25 lần mức chuẩn trợ giúp xã hội", "0,25 mức lương cơ sở"
    m = _UNIT.match(text, end)
    if not m:
        return end
    if m.group(2) and f"{m.group(1)} {m.group(2)}".lower() in NUMBER_UNIT_PAIRS:
        end = m.end(2)
    elif _is_unit(m.group(1)):
        end = m.end(2) if m.group(2) and _is_unit(m.group(2)) else m.end(1)
    else:
        return end
    working = _WORKING.match(text, end)
    if working and m.group(1).lower() in ("ngày", "giờ"):
        return working.end()  # "15 ngày làm việc" is not "15 ngày"
    minutes = _MINUTES.match(text, end) if m.group(1).lower() == "giờ" else None
    if minutes:
        return minutes.end()  # "7 giờ 30" is half past seven, not seven
    smaller = _SMALLER.get(m.group(1).lower())
    part = smaller.match(text, end) if smaller else None
    if part:
        return part.end()  # "61 tuổi 03 tháng", "2 năm 6 tháng": one length of time
    rate = _PER.match(text, end)
    return rate.end() if rate else end


_WORKING = re.compile(r"\s+(?i:làm việc)(?!\w)")
# A sum set as a multiple of a base level: "lần mức chuẩn trợ giúp xã hội", "mức lương cơ
# sở", to a mark or a word that goes on with something else ("trong thời gian …").
_BASE_LEVEL = re.compile(
    r"(?:\s+(?i:lần))?\s+(?i:mức)(?:\s+(?!(?:trong|đối|cho|khi|nếu|và|của|theo|tại|được)(?!\w))"
    rf"{_W}+){{1,5}}"
)
# The minutes after "giờ": "7 giờ 30", "7 giờ 30 phút", "từ 7 giờ 30 đến 11 giờ 30"; not
# "12 giờ 5 người".
_MINUTES = re.compile(
    r"\s+[0-5]?\d(?:\s+(?i:phút)(?!\w)|(?=\s*(?:[,;)]|\.(?!\d)|$))"
    r"|(?=\s+(?i:đến|tới|sáng|trưa|chiều|tối|đêm|và|hoặc|thì|hằng|mỗi)(?!\w)))"
)
# The smaller unit that goes on a length of time ("61 tuổi 03 tháng", "2 năm 6 tháng tù",
# "1 tháng 15 ngày").
_SMALLER = {
    unit: re.compile(rf"\s+\d{{1,2}}\s+(?i:{smaller})(?!\w)")
    for unit, smaller in (("năm", "tháng"), ("tuổi", "tháng"), ("tháng", "ngày"))
}
# A rate's "per …" after its unit: one word after each slash, two for the last one when
# the clause ends there ("/đại biểu."), so "đồng/ngày trở lên" keeps "đồng/ngày".
_PER = re.compile(
    rf"(?:/(?:\d+\s?{_W}+[23]?|{_W}+[23]?(?!\d)(?:\s+{_W}+(?=\s*(?:[.,;:)]|$)))?))+"
)  # "đồng/m3", "lít/100 km"


def _is_unit(word: str) -> bool:
    # A unit of area or volume ("cm3", "km2", "m²") is its length unit's, squared or cubed.
    base = word[:-1] if len(word) > 1 and word[-1] in "23²³" else word
    return base.lower() in NUMBER_UNITS or _UNIT_SYMBOL.fullmatch(word) is not None


# The phrase kinds that answer each asked kind, best first. What "X là gì?" asks is
# often named in quotation marks ("chủ đề “Chăm sóc sức khỏe, …”"): that before a
# capitalised run, which would stop at the quotation's first words.
ANSWERING: dict[str, tuple[str, ...]] = {
    "person": ("capitalised",),
    "place": ("capitalised", "locative"),
    "name": ("capitalised",),
    "number": ("number", "clock"),
    "time": ("time", "clock"),
    "reference": ("reference",),
    "reason": ("reason",),
    "definition": ("definition", "comment", "quoted", "capitalised"),
}

_TOKEN = re.compile(r"\w+")


# The words of a number's bound or range (_BOUND, _RANGE: "khoảng 50", "trên 30", "từ …
# đến", "trở lên"), folded.
_APPROXIMATORS = frozenset(
    fold(" ".join((*_BOUND_WORDS, "từ", "đến", "tới", *_ONWARD_WORDS))).split()
)


def short_span(
    question_terms: frozenset[str],
    kind: str,
    text: str,
    head: frozenset[str] = frozenset(),
    unit: str = "",
) -> tuple[int, int] | None:
    """The span in `text` of the phrase answering a question asking for `kind`, whose
    folded content words are `question_terms`; None when the sentence has none.

    A phrase made only of the question's words is what the question names, not the
    answer; of the rest, a number followed by the noun the question counts (`head`,
    asks.asked_head: "10 tập thể" for "bao nhiêu tập thể") and in the unit asked (`unit`,
    units.unit_asked: "500.000 đồng/người/tháng", not "trên 10 ngày", for "được khoán bao
    nhiêu") first, then the one nearest the question's words, then the shorter.
    """
    # The answer's sentence is asked for two or three times per question (its features,
    # the short answer, the gate); NEAR_BONUS and NEAR_WORDS are in the key so that a
    # replay trying other values is not served the old spans.
    return _short_span(question_terms, kind, text, head, unit, NEAR_BONUS, NEAR_WORDS)


@functools.lru_cache(maxsize=4096)
def _short_span(
    question_terms: frozenset[str],
    kind: str,
    text: str,
    head: frozenset[str],
    unit: str,
    _bonus: float,
    _reach: int,
) -> tuple[int, int] | None:
    wanted = ANSWERING.get(kind)
    if not wanted:
        return None
    analysed = _words_of(text)
    if analysed is None:
        return None  # spans would not line up; rare (decomposed input)
    folded, tokens, typed = analysed
    if kind == "number" and _asks_how_often(question_terms):
        wanted = ("frequency", *wanted)  # "bao lâu một lần": "hằng quý" before any number
    candidates = [p for p in typed if p[0] in wanted]
    if kind == "time" and asks_hour(question_terms):  # a day answers no "khung giờ nào"
        candidates = [p for p in candidates if fits_granularity(question_terms, " ".join(p[3]))]
    if kind == "number" and head:
        # "2000 khách" reads as a year and "năm hoàng tử" as "year", but they count the
        # noun "bao nhiêu khách", "bao nhiêu hoàng tử" asks for.
        years = [(p[1], p[2], p[3]) for p in typed if p[0] == "time" and p[3][0].isdigit()]
        years += [(a, a + len(word), (word,)) for a, word in tokens if word == "nam"]
        candidates += [("number", a, b, w) for a, b, w in years if counts(head, folded, b, w)]
    if not candidates:
        return None
    anchors = [start for start, word in tokens if word in question_terms]
    starts = [start for start, _ in tokens]
    best: tuple[float, int, int] | None = None
    # Where "tại" says ("tại hội trường nhà máy số 1"), not when ("tại thời điểm đó"); "ở"
    # is as often no place ("ở mức cao").
    located = [
        (start, end)
        for phrase_kind, start, end, words in (candidates if kind == "place" else ())
        if phrase_kind == "locative"
        and folded.startswith("tai ", max(0, start - 4))
        and words[0] not in _WHEN_WORDS
        and not all(w in question_terms for w in words)
    ]
    # Asked who, a Vietnamese full name first ("Lâm Thị Ngọc Diệp", not "Mùa …" of her book)
    people = {(a, b) for k, a, b, _ in candidates if kind == "person" and k == "capitalised"
              and parse_person(text[a:b])}  # fmt: skip
    for phrase_kind, start, end, words in candidates:
        if all(w in question_terms or w in _APPROXIMATORS for w in words):
            continue  # "trên 30" in "xe trên 30 chỗ": the question names it
        rank = wanted.index(phrase_kind) + bool(people and (start, end) not in people)
        if kind == "place" and phrase_kind == "capitalised" and parse_person(text[start:end]):
            continue  # "Tổng giám đốc Trịnh Thu Hà chủ trì …" says who, not where
        if kind == "person" and no_one(text[start:end], words, question_terms):
            rank += 1  # "Bảo tàng Sản xuất", "ASL", "Super Bowls": a body, a thing, an event
        if kind == "place" and located:
            # "tại hội trường nhà máy số 1, Công ty … tổ chức": what "tại" says (or a name
            # in it, the nearer), then the other names (the organiser's), then "ở". The
            # replay on xquad_vi's 61 place questions: short F1 0.427 -> 0.438.
            inside = any(a <= start < b for a, b in located)
            rank = 0 if inside else 1 if phrase_kind == "capitalised" else 2
        if kind == "time" and not fits_granularity(question_terms, folded[start:end]):
            rank += 1  # "ngày nào" wants a day ("8/2"), not a year
        if unit and phrase_kind == "number" and not measures(unit, text[start:end]):
            rank += 1  # "trên 10 ngày" for "được khoán bao nhiêu": a sum is asked
        if kind == "number" and per_other_period_after(question_terms, folded, end):
            rank += 1  # "không quá 40 giờ trong một tháng" for "một năm … bao nhiêu giờ"
        if kind == "number" and _PER_PERIOD.match(folded, start, end) and unit != "time":
            rank += 1  # "300 giờ trong 01 năm": "01 năm" is the rate's period
        if phrase_kind == "frequency" and words == ("dinh", "ky"):
            rank += 1  # "khám sức khỏe định kỳ ít nhất 1 lần mỗi năm": how often, said
        if kind == "number" and "thu" in question_terms and words[0] != "thu":
            rank += 1  # "đứng thứ mấy" asks a rank: "thứ ba", not "hai triệu khách"
        if kind == "number" and words == ("mot",):
            # "một" alone is mostly "a": "một khu rừng" counts no forests.
            if head and not counts(head, folded, end, words):
                continue
            rank += 1
        if head and kind == "number" and not counts(head, folded, end, words):
            rank += 1  # "6 tập thể" does not answer "bao nhiêu đảng viên"
        if kind == "number" and a_part(folded, start, end, question_terms):
            rank += 1  # "15.280 tỷ đồng, trong đó thu nội địa 13.080 tỷ đồng": the total
        if ";" in folded and other_side_folded(question_terms, _words_in(folded, start, end)):
            rank += 1  # "tối thiểu là 14 tín chỉ; b) … tối đa là 25" for "tối đa bao nhiêu"
        changed = kind == "number" and _CHANGED.search(folded, max(0, start - 24), start)
        if changed and question_terms.isdisjoint(_CHANGE_WORDS):
            rank += 1  # "giảm nhẹ 100 đồng/kg, còn 6.100 – 6.300 đồng/kg": the level is asked
        old = kind == "number" and _OLD_VALUE.search(folded, max(0, start - 16), start)
        if old and "cu" not in question_terms:
            rank += 1  # "8.300 đồng/m3 (giá cũ 7.200 đồng/m3)": the old one is not asked
        if kind == "number" and NUMBERED.search(folded, 0, start):
            # "tổ may số 12" names a team ("tổng số 92 người" counts): no count of the
            # noun asked ("bao nhiêu người lao động"), at most a number asked ("số mấy").
            if head:
                continue
            rank += 1
        if kind == "time" and folded[end : end + 1] == "," and _FRONTED.fullmatch(folded, 0, start):
            # "Sáng 8/2, Thành ủy tổ chức …" opens the sentence: when all it tells happened.
            distance, near = 0, len({word for _, word in tokens if word in question_terms})
        else:
            distance = nearest(anchors, start)
            near = len(near_terms(folded, tokens, starts, question_terms, start, end))
            # a list run together with ";" ("… hành kinh được nghỉ 30 phút …; lao động nữ
            # nuôi con … được nghỉ 60 phút …"): the question's words in its own part
            near += len(part_terms(folded, tokens, question_terms, start, end))
        key = (rank * 1000 + distance - NEAR_BONUS * near + 0.01 * (end - start), start, end)
        if best is None or key < best:
            best = key
    return _unbounded(folded, question_terms, best[1], best[2]) if best else None


# A change, just before its figure (folded): "tăng 2,7 triệu", "giảm nhẹ 100 đồng/kg",
# "tăng thêm khoảng 5%"; what a question asking no change ("tăng", "giảm") does not ask.
_CHANGED = re.compile(
    r"\b(?:tang|giam)(?:\s+(?:nhe|manh|them|khoang|hon|gan|tren|duoi|lan luot|tuong ung))*\s*$"
)
_CHANGE_WORDS = frozenset({"tang", "giam", "chenh", "lech", "them", "bot", "nhich"})
# A value said to be the old one, just before it (folded): "(giá cũ 7.200 đồng/m3)",
# "mức cũ: 1,8 triệu", "trước đây là …".
_OLD_VALUE = re.compile(r"(?:\bcu|\btruoc day(?: la)?)\s*:?\s*$")


def the_multiple(question: str, text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Asked "gấp mấy lần", "bằng bao nhiêu lần": the multiple, not the level it multiplies
    ("02 lần", of "02 lần mức phạt tiền đối với cá nhân"); `span` otherwise."""
    if not _TIMES_ASKED.search(question.lower()):
        return span
    times = _TIMES_LEVEL.search(text.lower(), *span)
    return (span[0], times.start() + len(" lần")) if times else span


_TIMES_LEVEL = re.compile(r" lần mức(?!\w)")
_TIMES_ASKED = re.compile(r"(?<!\w)(?:mấy|bao nhiêu)\s+lần(?!\w)")


# Words opening a sentence before its count ("Có 5 người …", "Chỉ 3 đội …", "Đủ 18 tuổi
# trở lên"): not the first word of a name with a number ("Quận 8", "Điều 5", "Super Bowl
# 50").
_BEFORE_COUNT = frozenset(
    {"có", "chỉ", "còn", "đã", "được", "gồm", "cả", "thêm", "với", "và", "nhưng", "mới", "đủ"}
)


def _asks_how_often(question_terms: frozenset[str]) -> bool:
    """ "bao lâu một lần" (its content words, folded: "lâu", "lần")."""
    return {"lau", "lan"} <= question_terms


# What "tại" can open that is a time or a manner, not a place: "tại thời điểm đó", "tại
# chỗ".
_WHEN_WORDS = frozenset({"thoi", "luc", "nam", "thang", "ngay", "giai", "cho", "dot", "ky"})


# A number's bound or "trở lên" at the start or end of its phrase (_BOUND, _RANGE, _ONWARD).
_LEADING_BOUND = re.compile(rf"(?:{fold('|'.join(_BOUND_WORDS))})\s+")
_TRAILING_BOUND = re.compile(rf"\s+(?:{fold('|'.join(_ONWARD_WORDS))})$")


def _unbounded(
    folded: str, question_terms: frozenset[str], start: int, end: int
) -> tuple[int, int]:
    """The span without the bound the question states: "tối thiểu bao nhiêu" is answered
    by "5 mét", not "tối thiểu 5 mét"; a bound the question lacks stays."""
    lead = _LEADING_BOUND.match(folded, start, end)
    if lead and set(_TOKEN.findall(lead.group())) <= question_terms:
        start = lead.end()
    tail = _TRAILING_BOUND.search(folded, start, end)
    if tail and set(_TOKEN.findall(tail.group())) <= question_terms:
        end = tail.start()
        if folded.startswith("tu ", start):
            start += 3  # "từ 2,00 trở lên" without its "trở lên" is "2,00"
    return start, end


@functools.lru_cache(maxsize=8192)
def _words_of(
    text: str,
) -> (
    tuple[str, tuple[tuple[int, str], ...], tuple[tuple[str, int, int, tuple[str, ...]], ...]]
    | None
):
    """A sentence analysed once for every question: folded text, its words with their
    offsets, and its typed phrases with their folded words (cue clauses cut at 120
    characters); None when folding changes the text's length."""
    folded = fold_sentence(text)
    if len(folded) != len(text):
        return None
    tokens = tuple([(m.start(), m.group()) for m in _TOKEN.finditer(folded)])
    typed = []
    for phrase in phrases(text):
        end = phrase.end
        if phrase.kind in ("reason", "definition"):
            end = min(end, phrase.start + 120)
        words = tuple(_TOKEN.findall(folded[phrase.start : end]))
        typed.append((phrase.kind, phrase.start, end, words))
    return folded, tokens, tuple(typed)


def _words_in(folded: str, start: int, end: int) -> str:
    """The words of the part of a sentence a phrase is in (`nearness.part_of`)."""
    first, last = part_of(folded, start, end)
    return " ".join(_TOKEN.findall(folded[first:last]))
