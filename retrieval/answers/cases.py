"""Whether a lettered point of a list is about another case than the one a question asks.

Rules and price lists give one case per point, named first: "a) Viện trưởng: 500.000
đồng/tháng; b) Phó Viện trưởng: 400.000 đồng/tháng; c) Trưởng phòng, …: 250.000 đồng/
tháng", "a) Vào ngày thường: bằng 150% …; b) Vào ngày nghỉ hằng tuần: bằng 200% …",
"b) Hạng A2 cấp cho người lái xe mô tô … và các loại xe quy định cho giấy phép lái xe hạng
A1". The lead-in lends every point the question's words (`context.in_lead`), and the
points of one list differ in a word or two, so the ranker cannot tell a sibling from the
point asked; the point's head can. A point is about another case (`other_case`) when:

- its head before a colon ("Viện trưởng:") shares a word with the question, and has, in
  every one of its alternatives ("Trưởng phòng, Giám đốc trung tâm trực thuộc:" has
  two), more than a quarter of its content words missing from the question: "Viện
  trưởng" for "Trưởng phòng được khoán cước điện thoại bao nhiêu?", "Vào ngày thường"
  for "… vào ngày nghỉ hằng tuần …", but not "Đi công tác có nghỉ qua đêm" for "Đi công
  tác qua đêm được khoán bao nhiêu?";
- or its first words name another of what the question names by a number or code
  ("Hạng A2 cấp cho …" for "Giấy phép lái xe hạng A1 cấp cho ai?").

A head of numbers and range words only ("Từ 7,0 đến 7,9:") is a range: the point is
about another case when it holds none of the numbers the question asks about
(`out_of_range`: "a) Từ 8,5 đến 10,0: điểm A" for "Điểm 8,2 là điểm chữ gì?", whose case
is "b) Từ 8,0 đến 8,4: điểm B+"). Then the best point about the case asked leads
(`subject.on_subject`), and with none, the articles do not say: the question about the
point a document lacks is declined, not answered by its neighbour.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence

from retrieval.answers.evidence import contradicts
from retrieval.answers.sentences import POINT_MARK, _Candidate, _Sentence
from retrieval.answers.within_reach import first_within
from retrieval.language.text import fold, normalize
from retrieval.language.vocabulary import (
    ANSWER_STOP_SYLLABLES,
    LETTERS_OR_DIGITS,
    LIST_MARK,
    NUMBER_UNITS,
    TIME_WORDS,
)

__all__ = ["excepts_asked", "held_amounts", "keyed_point", "other_case", "out_of_range"]

# A head is short: "Con đẻ, con nuôi kết hôn:", "Đi công tác tại thành phố là đô thị loại
# I thuộc tỉnh:"; a colon further on ends a clause, not a head.
HEAD_MAX_WORDS = 16
# The share of an alternative's content words the question may lack and still name it
# ("Đi công tác có nghỉ qua đêm" lacks "nghỉ" of six for "… công tác qua đêm …", "con
# nuôi kết hôn" lacks "nuôi" of four for "Con kết hôn …").
MISSING_SHARE = 0.25
# The first words of a point, its letter past, that name its case by a code ("Hạng A2").
CODE_WORDS = 3
# A head's words that say no case: "Vào ngày thường" is the case of "ngày thường", and
# "Hàng thừa kế thứ hai gồm" that of "hàng thừa kế thứ hai".
_HEAD_FUNCTION_WORDS = frozenset({"vào", "đối", "với", "gồm"})
# The value a question asks by "mấy" or "nào" ("… thuộc hàng thừa kế thứ mấy?"): a head's
# number word is the answer, not a word of another case (folded).
_NUMBER_WORDS = frozenset(
    {"mot", "nhat", "hai", "ba", "bon", "tu", "nam", "sau", "bay", "tam", "chin", "muoi"}
)
_ALTERNATIVES = re.compile(r",|;|\s(?:và|hoặc|hay)\s", re.IGNORECASE)
_PLACE_KIND = re.compile(r"(?<!\w)(?:TP\.?|Tp\.|[Tt]hành phố|[Tt]ỉnh)\s+(?=[A-ZĐÀ-Ỹ])")
# Nor is a vehicle's ("Xe mô tô" is the "mô tô" asked, "xe ô tô tải" the "ô tô tải").
_VEHICLE_KIND = re.compile(
    r"(?<!\w)[Xx]e\s+(?=(?:mô tô|ô tô|gắn máy|máy|buýt|tải|khách|con|đạp)(?!\w))"
)


def other_case(
    asked: frozenset[tuple[str, str]],
    question_words: frozenset[str],
    text: str,
    key: str,
    unsaid: bool,
) -> bool:
    """Whether the sentence `text` (folded `key`) is a lettered point about another case
    than the question's, whose folded syllables are `question_words` and whose numbered
    names (`evidence.identifiers`) are `asked`. `unsaid`: the question has content words
    that neither the point nor its lead-in says ("hằng tuần" of "… vào ngày nghỉ hằng
    tuần …" against "c) Vào ngày nghỉ lễ, …"); without, a head lacking a word of it
    ("nghỉ" of "ngày nghỉ lễ" for "… vào ngày lễ …") is still the case asked."""
    mark = POINT_MARK.match(text)
    if mark is None:
        return False
    if asked and contradicts(asked, " ".join(key.split(" ")[: 1 + CODE_WORDS])):
        return True
    if not unsaid:
        return False
    alternatives = _head_alternatives(text[mark.end() :])
    answered = _NUMBER_WORDS if _asks_number_word(question_words) else frozenset[str]()
    # A question sharing no word with the head asks what the head is ("Trường hợp nào
    # được nghỉ 3 ngày?" of "a) Kết hôn: nghỉ 3 ngày"), not about another case.
    return any(words & question_words for words in alternatives) and all(
        len(words - question_words - answered) > MISSING_SHARE * len(words)
        for words in alternatives
    )


def _asks_number_word(question_words: frozenset[str]) -> bool:
    """Whether a question asks the value a head's number word gives ("thứ mấy", "hàng
    thừa kế nào"): not "thế nào" (how), nor when it names a number itself ("thứ nhất")."""
    asks = "may" in question_words or ("nao" in question_words and "the" not in question_words)
    return asks and not question_words & _NUMBER_WORDS


_BRACKETED = re.compile(r"\([^()]*\)")


@functools.lru_cache(maxsize=4096)
def _head_alternatives(point: str) -> tuple[frozenset[str], ...]:
    """The folded content words of each alternative of a point's head ("Trưởng phòng,
    Giám đốc trung tâm trực thuộc: …"); () without a head, or with one of numbers and
    function words only."""
    head, colon, _ = point.partition(":")
    if not colon or ";" in head or len(head.split()) > HEAD_MAX_WORDS:
        return ()
    # an aside in brackets names no case: "Chương trình chất lượng cao (áp dụng chung cho
    # các ngành):" is the case of "chương trình chất lượng cao"
    head = _BRACKETED.sub(" ", head)
    alternatives = []
    for part in _ALTERNATIVES.split(head):
        # A place's kind is no word of the case: "TP Đà Nẵng" is the "Đà Nẵng" asked.
        part = _VEHICLE_KIND.sub(" ", _PLACE_KIND.sub(" ", part))
        # Function words dropped as written: folded, "còn" and "để" would take "con đẻ".
        written = [
            w
            for w in LETTERS_OR_DIGITS.findall(normalize(part).lower())
            if w not in ANSWER_STOP_SYLLABLES and w not in _HEAD_FUNCTION_WORDS
        ]
        # A time heads no case ("b) Năm 2025: nam đủ 61 tuổi 03 tháng, …"): whether it is
        # the time asked is for the time rules (sentence_time), not a word the question lacks.
        if any(not w.isdigit() and w not in TIME_WORDS for w in written):
            alternatives.append(frozenset(fold(w) for w in written))
    return tuple(alternatives)


# A point headed by a range of numbers ("a) Từ 8,5 đến 10,0: điểm A", "h) Dưới 4,0: điểm
# F", "Từ 2,00 trở lên:"): the case of the numbers in it.
_N = r"(\d+(?:,\d+)?)"
_RANGE_HEAD = re.compile(
    rf"(?i:từ)\s+{_N}\s+(?i:đến|tới)\s+(?:(?i:dưới)\s+)?{_N}\s*:"
    rf"|(?i:dưới)\s+{_N}\s*:|(?i:trên)\s+{_N}\s*:|(?i:từ)\s+{_N}\s+(?i:trở lên)\s*:"
)
# A point's or a numbered clause's mark: "a) ", "3. " ("3. Phạt tiền … đối với người điều
# khiển xe chạy quá tốc độ quy định từ 10 km/h đến 20 km/h" is the case of 15 km/h).
_MARK = re.compile(rf"{LIST_MARK}\s+")
# The numbers a question asks about ("Điểm 8,2 là điểm chữ gì?"), not a year.
_QUESTION_NUMBER = re.compile(r"(?<![\w.,/])\d{1,3}(?:,\d+)?(?![\w.,/]\d)")


def out_of_range(question: str, text: str) -> bool:
    """Whether the sentence `text` is a point (or a numbered clause, or a bulleted point
    read without its bullet) headed by a range of numbers that holds none
    of the numbers the question asks about: "a) Từ 8,5 đến 10,0: điểm A" for "Điểm 8,2 là
    điểm chữ gì?" (the case of 8,2 is "b) Từ 8,0 đến 8,4: điểm B+"); or a point whose
    ranges in a unit hold none of the question's numbers in that unit: "a) … chạy quá tốc
    độ quy định từ 05 km/h đến dưới 10 km/h" for "… chạy quá tốc độ 15 km/h …?"."""
    mark = _MARK.match(text)
    if mark is not None and _out_of_unit_ranges(question, text[mark.end() :]):
        return True
    # a bulleted point is read without its bullet: "Từ 8,0 đến 8,4: điểm B+, …"
    head = _RANGE_HEAD.match(text, mark.end() if mark else 0)
    numbers = [_number(n) for n in _QUESTION_NUMBER.findall(question)]
    if head is None or not numbers:
        return False
    a, b, below, above, onward = (_number(g) if g else None for g in head.groups())
    low = a if a is not None else above if above is not None else onward
    high = b if b is not None else below
    return not any((low is None or n >= low) and (high is None or n <= high) for n in numbers)


# A range in a unit ("từ 10 km/h đến 20 km/h", "trên 20 km/h đến 35 km/h", "từ 05 km/h
# đến dưới 10 km/h", "từ đủ 15 năm đến dưới 30 năm", "trên 20 km/h", "dưới 20 triệu
# đồng"), and a number in a unit a question asks about ("15 km/h"; "trên 35 km/h": past
# it; "dưới 10 km/h": short of it).
# The unit: the non-space run after the number; an amount of money in thousands, millions
# or billions ("200 triệu đồng", "1 tỷ đồng", "50 triệu") is counted in đồng.
_AMOUNT = r"(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*([^\s\d;,.:?]+)(?:\s+(?i:đồng)(?!\w))?"
_UNIT_RANGE = re.compile(
    rf"(?i:(từ|trên|dưới))\s+(?:(?i:đủ)\s+)?{_AMOUNT}"
    rf"(?:\s+(?i:đến|tới)\s+((?i:dưới)\s+)?{_AMOUNT}|\s+(?i:(trở lên)))?"
)
_BARE_RANGE = re.compile(
    rf"(?i:(từ|trên))\s+(?:(?i:đủ)\s+)?(\d+(?:,\d+)?)\s+(?i:đến|tới)\s+((?i:dưới)\s+)?{_AMOUNT}"
)
_EXCEEDING = re.compile(
    rf"(?i:(chưa)\s+)?(?i:vượt\s+)?(?i:quá)\s+{_AMOUNT}(?:\s+(?i:đến|tới)\s+{_AMOUNT})?"
)
_ASKED_IN_UNIT = re.compile(rf"(?<![\w.,/])(?:((?i:trên|quá|hơn))\s+|((?i:dưới))\s+)?{_AMOUNT}")
_PAST = 0.001
# A unit a question names before its bare number ("Tổng điểm rèn luyện 82 thì …").
# Not a time's unit: "năm 2025", "ngày 15" name a date.
_UNIT_BEFORE = re.compile(r"(?<!\w)(điểm|tuổi|km|tấn|người)(?!\w)", re.I)
# Money's scale words, and what they count in đồng.
_SCALES = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}


def _out_of_unit_ranges(question: str, point: str) -> bool:
    asked = _asked_amounts(question)
    ranges = _ranges(point, closed=False)
    shared = {unit for _, _, unit in asked} & ranges.keys()
    return bool(shared) and not any(
        low <= n <= high for _, n, unit in asked if unit in shared for low, high in ranges[unit]
    )


@functools.lru_cache(maxsize=4096)
def held_amounts(question: str, text: str) -> tuple[str, ...]:
    """The amounts the question asks about (as written: "750 triệu đồng", "2,5 tỷ") that a
    range of `text` in their unit holds: "c) Trên 200 triệu đồng đến 1 tỷ đồng: Tổng Giám
    đốc phê duyệt" holds "750 triệu đồng", though it never writes 750. Only ranges closed
    at both ends, or open by their words ("dưới 20 triệu đồng", "trên 3 tỷ đồng", "từ 20
    triệu đồng trở lên"): a bare "từ 20 triệu đồng" may be where a change starts."""
    if not any(c.isdigit() for c in question):
        return ()
    asked = _asked_amounts(question)
    ranges = _ranges(text, closed=True) if asked else {}
    return tuple(
        written
        for written, n, unit in asked
        if any(low <= n <= high for low, high in ranges.get(unit, ()))
    )


# An alcohol concentration's unit, however written, as one word: in the breath ("0,25
# miligam/1 lít khí thở", "0,3 mg/lít khí thở", "0,3mg/l") or in the blood ("50
# miligam/100 mililít máu", "70 mg/100 ml máu"); "miligam" alone ("vượt quá 0,25 miligam
# đến 0,4 miligam/1 lít khí thở") is the unit the range's other end names.
_BREATH = re.compile(r"(?i:mg|miligam)\s*/\s*(?:1\s*)?(?i:lít|lit|l)(?:\s+(?i:khí thở))?(?!\w)")
_BLOOD = re.compile(r"(?i:mg|miligam)\s*/\s*100\s*(?i:ml|mililít|mililit)(?:\s+(?i:máu))?(?!\w)")
_MILLIGRAMS = re.compile(r"(?i:miligam)(?![\w/])")


# People counted at work, however named: "120 công nhân", "từ 101 người đến 300 người lao
# động", "50 lao động", "10 nhân viên" count "người".
_WORKERS = re.compile(r"(?<=\d )(?:người lao động|lao động|công nhân|nhân viên)(?!\w)")


def _units_one_way(text: str) -> str:
    """`text` with each alcohol concentration's unit written one way ("mgkhí", "mgmáu"),
    and people counted at work as "người"."""
    text = _WORKERS.sub("người", text)
    if "mg" not in text and "miligam" not in text.lower():
        return text
    return _MILLIGRAMS.sub("mg", _BLOOD.sub("mgmáu", _BREATH.sub("mgkhí", text)))


@functools.lru_cache(maxsize=1024)
def _asked_amounts(question: str) -> tuple[tuple[str, float, str], ...]:
    """Each number in a unit the question asks about: as written, its value (a step past
    it for "trên 35 km/h", short of it for "dưới 10 km/h") and its unit."""
    out = []
    question = _units_one_way(question)
    for m in _ASKED_IN_UNIT.finditer(question):
        past, below, n, unit = m.groups()
        if unit.lower() not in NUMBER_UNITS and unit[:1].isalpha():
            # "Tổng điểm rèn luyện 82 thì …": its unit named before it, not "thì"
            named = _UNIT_BEFORE.findall(question, 0, m.start())
            unit = named[-1] if named else unit
        value, unit = _in_unit(n, unit)
        step = value * _PAST if past else -value * _PAST if below else 0.0
        out.append((m.group(0), value + step, unit))
    return tuple(out)


def _ranges(text: str, *, closed: bool) -> dict[str, list[tuple[float, float]]]:
    """The ranges `text` states, by unit (`held_amounts` says what `closed` keeps)."""
    ranges: dict[str, list[tuple[float, float]]] = {}
    text = _units_one_way(text)
    # "chưa vượt quá 0,25 mgkhí", "vượt quá 0,25 mg đến 0,4 mgkhí", "vượt quá 0,4 mgkhí"
    for below, a, unit, b, unit_b in _EXCEEDING.findall(text):
        low, unit = _in_unit(a, unit)
        if b:
            high, unit_b = _in_unit(b, unit_b)
            if not unit_b.startswith(unit):
                continue
            low, high, unit = low + _PAST * low, high, unit_b
        elif below:
            low, high = 0.0, low
        else:
            low, high = low + _PAST * low, float("inf")
        ranges.setdefault(unit, []).append((low, high))
    for start, a, unit, below, b, unit_b, onward in _UNIT_RANGE.findall(text):
        first = start.lower()
        low, unit = _in_unit(a, unit)
        if b:
            high, unit_b = _in_unit(b, unit_b)
            if unit_b != unit:
                continue
            high -= _PAST * high if below else 0.0
        elif closed and first == "từ" and not onward:
            continue
        else:
            high = float("inf")
        if first == "dưới":
            low, high = -float("inf"), low - _PAST * low
        elif first == "trên":
            low += _PAST * low
        ranges.setdefault(unit, []).append((low, high))
    # "Nghỉ từ 03 đến 05 ngày", "từ 200 đến 500 triệu đồng": the unit said once, at the end
    for start, a, below, b, unit_b in _BARE_RANGE.findall(text):
        high, unit = _in_unit(b, unit_b)
        low = _in_unit(a, unit_b)[0]
        low += _PAST * low if start.lower() == "trên" else 0.0
        ranges.setdefault(unit, []).append((low, high - (_PAST * high if below else 0.0)))
    return ranges


def _in_unit(number: str, unit: str) -> tuple[float, str]:
    """A number and its unit as compared: money in đồng ("200 triệu" -> 2e8, "đồng")."""
    unit = unit.lower()
    if unit in _SCALES:
        return _number(number) * _SCALES[unit], "đồng"
    return _number(number), unit


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def _point_key(sentence: _Sentence) -> frozenset[str]:
    """The first words of a lettered point after its mark ("Hạng B2 cấp" of "c) Hạng B2
    cấp cho …"), folded: what the point is about. Empty for any other sentence, a
    numbered clause ("3. Người điều khiển …") included: a provision, whose first words
    are its subject, not its key."""
    if not POINT_MARK.match(sentence.text):
        return frozenset()
    # The key's first token is the point's letter. A number in it is the point's value,
    # not what it is about: "a) 12 ngày làm việc đối với người có dưới 05 năm công tác"
    # is no point keyed by the "12" of "công tác được 12 năm".
    words = sentence.key.split(" ")[1 : 1 + POINT_KEY_WORDS]
    return frozenset(w for w in words if not w.isdigit())


POINT_KEY_WORDS = 3


def keyed_point(
    terms: frozenset[str],
    scored: Sequence[tuple[float, _Candidate, tuple[float, ...]]],
    reach: float,
) -> int | None:
    """The position of a point of the best point's passage whose key words hold more of
    the question's `terms` than the best point's do, scored within `reach` of it:
    "c) Hạng B2 cấp cho …" answers "Giấy phép hạng B2 cấp cho ai?", not "e) Hạng E cấp
    cho …, hạng B2 …"; "a) Chở người bệnh đi cấp cứu" (the cases where two passengers
    are allowed) answers "Trường hợp nào xe mô tô … được chở tối đa hai người?", not "a)
    Đi xe dàn hàng ngang" of the next clause's list."""
    best = scored[0][1]
    key = _point_key(best.sentence)
    if not key:
        return None
    have = len(key & terms)
    return first_within(
        scored,
        reach,
        lambda c: c.rank == best.rank and len(_point_key(c.sentence) & terms) > have,
    )


# A thing excepted: "(trừ đường cao tốc)", ", trừ xe buýt", "ngoại trừ …", "không kể …", to a
# comma or bracket. Not "giảm trừ", "khấu trừ", "được trừ" (deducted), nor a case excepted
# ("trừ trường hợp được Trưởng khoa đồng ý", "trừ khi …"): what it allows may be asked.
_EXCEPT = re.compile(
    r"(?:[(,]\s*trừ|(?<!\w)ngoại trừ|(?<!\w)không kể)(?!\w)(?!\s+(?:trường hợp|khi|các trường hợp))"
    r"([^,;.()]*)"
)


def excepts_asked(question: str, text: str) -> bool:
    """Whether a sentence names two words the question says in a row only inside an
    exception: "Tốc độ tối đa cho phép ngoài khu vực đông dân cư (trừ đường cao tốc) …"
    is about every road but the "đường cao tốc" asked."""
    lowered = normalize(text).lower()
    spans = [m.span(1) for m in _EXCEPT.finditer(lowered)]
    if not spans:
        return False
    asked = _pairs(fold(normalize(question).lower()))
    inside = set[tuple[str, str]]()
    for start, end in spans:
        inside |= _pairs(fold(lowered[start:end])) & asked
    if not inside:
        return False
    outside = lowered
    for start, end in reversed(spans):
        outside = outside[:start] + " , " + outside[end:]
    return not inside & _pairs(fold(outside))


def _pairs(folded: str) -> set[tuple[str, str]]:
    words = LETTERS_OR_DIGITS.findall(folded)
    return set(itertools.pairwise(words))
