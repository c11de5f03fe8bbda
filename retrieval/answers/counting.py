"""Whether a sentence counts or measures what a "bao nhiêu" question asks, or something else.

A count is answered by a sentence that says how many of the noun asked (`counts`: "6 tập
thể" does not answer "bao nhiêu đảng viên"). A measure asked in a unit ("bao nhiêu giờ",
"mấy ngày", "bao nhiêu km", "bao nhiêu tiền", "bao nhiêu phần trăm", "bao nhiêu
tuổi", and "bao lâu": a duration) is answered by a number in a unit of the same kind
(`measures`; a duration also "từ 1870 đến 1939", "cho đến thế kỷ 19"): "1 tuần" answers
"trước mấy ngày", "chở tối đa hai người" does not answer "làm thêm tối đa bao nhiêu
giờ", however many other words the two share. And a rate asked per a period ("mỗi
tháng", "một tháng") is not answered by a sentence that gives it per another period only
("không quá 200 giờ trong một năm"): `per_other_period`.

`counting` finds the best candidate that passes all three and counts the side of a
thing the question names, not the other (`contrasts.py`: "6 tập thể" does not answer
"bao nhiêu cá nhân"); the answer is declined when none does. These were found asking
each regulation of bench/corpus the questions of the others (an index of one document,
the questions of the rest: staff asking about rules the collection does not hold), where
they answered with confidences up to 0.71.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from retrieval.answers.asks import folded_question, lowered
from retrieval.answers.contrasts import other_side, same_side
from retrieval.answers.evidence import says_how_many
from retrieval.answers.features import FEATURES
from retrieval.answers.sentences import _Candidate
from retrieval.language.text import fold, normalize
from retrieval.language.vocabulary import MEASURE_UNITS, PAYING_VERBS
from retrieval.search.terms import has_diacritics

__all__ = [
    "counting",
    "counts",
    "measures",
    "per_other_period",
    "unit_asked",
    "written_as_names",
]

_ASKED = FEATURES.index("asked")

# A number in digits or words.
_NUMBER = (
    r"(?:\d+(?:[.,]\d+)*|một|hai|ba|bốn|tư|năm|lăm|sáu|bảy|tám|chín|mười|mươi|mốt|trăm"
    r"|nghìn|ngàn|triệu|tỷ|tỉ|chục|vài|nhiều|nửa|rưỡi)"
)
# What else says a measure of a kind: the clock ("14h00", "7:30"), an age before its
# number ("ở tuổi 39"), a share in words ("hơn một nửa", "một phần ba"), a sum in
# millions without its currency ("905 tỷ", "$5").
_OTHER_WAYS = {
    "time": r"\d{1,2}\s*(?:h|giờ)\s*\d{1,2}|\d{1,2}h|\d{1,2}:\d{2}",
    "hours": r"\d{1,2}\s*(?:h|giờ)\s*\d{1,2}|\d{1,2}h|\d{1,2}:\d{2}",
    # "bao lâu": also from one year to another, or for good
    "duration": r"\d{1,2}:\d{2}|\d{4}\s*(?:-|–|đến|tới)\s*(?:năm\s+)?\d{4}|vĩnh viễn"
    r"|suốt đời|mãi mãi|lâu dài|cho (?:đến|tới)"
    r"|(?:đến|tới) (?:khi|nay|thế kỷ|năm|cuối|đầu|giữa|hết)"
    r"|hiếm khi|thường xuyên|hằng năm|hàng năm",
    "age": r"tuổi\s+\d+",
    "percent": r"nửa|phần\s+(?:ba|tư|năm|mười|lớn)|đa số",
    "money": rf"[$€£]\s*\d|{_NUMBER}\s+(?:nghìn|ngàn|triệu|tỷ|tỉ)(?![^\W_])",
}
_OTHER_WAYS["pay"] = f"{_OTHER_WAYS['money']}|{_OTHER_WAYS['percent']}"
# Words asking a measure without naming its unit: "bao nhiêu tiền" is asked in money.
_ASKING_UNIT = {"tiền": "money"}
# "bao lâu" asks a duration: in the units of time, or the other ways one is said.
_HOW_LONG = re.compile(r"(?<!\w)bao lâu(?!\w)")
_HOW_OFTEN = re.compile(r"(?<!\w)bao lâu(?!\w).*(?<!\w)(?:một|1) lần(?!\w)")
_SAME_UNITS = {"duration": "time"}
_KINDS = tuple(MEASURE_UNITS)
# A number and its magnitude words ("2 triệu", "mười lăm"), then a unit ("20%" joined).
_MEASURED = _NUMBER + r"(?:\s+" + _NUMBER + r"){0,3}\s*"


@functools.cache
def _unit_pattern(kind: str) -> re.Pattern[str]:
    units = "|".join(
        re.escape(u)
        for u in sorted(MEASURE_UNITS[_SAME_UNITS.get(kind, kind)], key=len, reverse=True)
    )
    other = f"|{_OTHER_WAYS[kind]}" if kind in _OTHER_WAYS else ""
    return re.compile(rf"(?<!\w)(?:{_MEASURED}(?:{units})(?![^\W_]){other})")


_ASKING = re.compile(r"(?<!\w)(?:bao nhiêu|mấy)\s+(.+)$")
# "… được trả bao nhiêu?", "… phạt bao nhiêu?": a sum (or a share of a pay) asked, no unit.
_PAID = re.compile(rf"(?<!\w)(?:{'|'.join(PAYING_VERBS)})\s+bao nhiêu$")
_PAID_PLAIN = re.compile(rf"(?<!\w)(?:{fold('|'.join(PAYING_VERBS))})\s+bao nhieu$")
_ASKING_PLAIN = re.compile(r"(?<!\w)(?:bao nhieu|may)\s+(.+)$")


@functools.lru_cache(maxsize=1024)
def unit_asked(question: str) -> str:
    """The kind of measure a question asks in ("hours" for "bao nhiêu giờ", "duration"
    for "bao lâu"); "" when it asks in no unit ("bao nhiêu đảng viên", "bao lâu một
    lần"). A question typed without diacritics is read folded ("bao nhieu gio")."""
    text = lowered(question).rstrip(" ?.!")
    if _HOW_LONG.search(text):
        # "bao lâu một lần" asks how often ("hằng quý", "hiếm khi"), no duration
        return "" if _HOW_OFTEN.search(text) else "duration"
    plain = not has_diacritics(text)
    if (_PAID_PLAIN if plain else _PAID).search(fold(text) if plain else text):
        return "pay"
    found = (_ASKING_PLAIN if plain else _ASKING).search(fold(text) if plain else text)
    if found is None:
        return ""
    words = found.group(1).split()
    for kind in _KINDS:
        for unit in MEASURE_UNITS[kind]:
            written = fold(unit) if plain else unit
            if len(unit) > 1 and " ".join(words[: unit.count(" ") + 1]) == written:
                return kind
    asking = {fold(w) if plain else w: kind for w, kind in _ASKING_UNIT.items()}
    return asking.get(words[0], "") if words else ""


@functools.lru_cache(maxsize=8192)
def measures(kind: str, text: str) -> bool:
    """Whether `text` holds a number in a unit of `kind` ("nghỉ 3 ngày", "250.000
    đồng/người/ngày", "quá 20%", "14h00")."""
    return _unit_pattern(kind).search(normalize(text).lower()) is not None


_PERIODS = r"(ngay|tuan|thang|quy|nam|hoc ky)"
_PER_ASKED = re.compile(rf"(?<!\w)(?:moi|hang|mot|/)\s*{_PERIODS}(?!\w)")
_PER_SAID = re.compile(rf"(?<!\w)(?:moi|hang|trong mot|trong 1|/)\s*{_PERIODS}(?!\w)")


@functools.lru_cache(maxsize=1024)
def _period_asked(question: str) -> str:
    found = _PER_ASKED.search(folded_question(question))
    return found.group(1) if found else ""


@functools.lru_cache(maxsize=8192)
def _periods_said(text: str) -> frozenset[str]:
    return frozenset(_PER_SAID.findall(fold(normalize(text).lower())))


def per_other_period(question: str, text: str) -> bool:
    """Whether the question asks a rate per a period ("mỗi tháng") and `text` gives rates
    per other periods only ("trong một năm")."""
    asked = _period_asked(question)
    if not asked:
        return False
    said = _periods_said(text)
    return bool(said) and asked not in said


def counts(
    entry: tuple[float, _Candidate, tuple[float, ...]],
    head: frozenset[str],
    asked_of: frozenset[str],
) -> bool:
    """Whether a scored candidate says how many, in words ("nhiều lần", "không có …
    nào") or with a number phrase ("11 km"), in a sentence naming the counted noun
    (`head`) or something else the question asks of it (`asked_of`): "nhiều tập thể …
    được khen thưởng" does not answer "bao nhiêu nhà máy". "6 tập thể … 10 tập
    thể … năm 2017" does not answer "Năm 2017 kết nạp bao nhiêu đảng viên mới?"; "bốn
    thành phần" answers "Aristotle … quả cầu … từ bao nhiêu yếu tố?" in a sentence
    about Aristotle's sphere."""
    _, candidate, features = entry
    if not (features[_ASKED] or says_how_many(candidate.sentence.text)):
        return False
    # The counted noun as the sentence itself says it: one a news lead lends it
    # (context.in_lead: "tại hội trường nhà máy số 1, …") is not what its number counts
    # ("… đạt 1.210 tỷ đồng" for "bao nhiêu nhà máy"). What else is asked of the count
    # may be lent ("tôn vinh" of the lead, for "Năm nay có 64 công nhân …").
    own = candidate.sentence.key.split(" ")
    words = candidate.sentence.folded
    return not (head.isdisjoint(own) and asked_of.isdisjoint(words))


def counting(
    question: str,
    head: frozenset[str],
    asked_of: frozenset[str],
    scored: Sequence[tuple[float, _Candidate, tuple[float, ...]]],
) -> int | None:
    """The position in `scored` (best first) of the best candidate that counts the noun
    asked (`counts`, when the question names one), in the unit asked (`measures`) and
    per the period asked (`per_other_period`): 0 when the best does; None when none
    does."""
    kind = unit_asked(question)
    # "bao nhiêu cá nhân" is not counted by "6 tập thể" (contrasts.py), and when the best
    # counts the other side, what counts in its place names the side asked
    sided = bool(scored) and other_side(question, scored[0][1].sentence.text)

    def answers(entry: tuple[float, _Candidate, tuple[float, ...]]) -> bool:
        text = entry[1].sentence.text
        return (
            (not head or counts(entry, head, asked_of))
            and (not kind or measures(kind, text))
            and not per_other_period(question, text)
            and not other_side(question, text)
            and (not sided or same_side(question, text))
        )

    return next((i for i, entry in enumerate(scored) if answers(entry)), None)


_WORD = re.compile(r"[^\W\d_]+")


def written_as_names(syllables: frozenset[str], texts: Sequence[str]) -> frozenset[str]:
    """Those of the question's folded `syllables` that the passages write capitalised
    wherever they write them, away from a sentence's start: a name, for a question typed
    in lowercase or without diacritics ("phu an co bao nhieu nha may"), where its casing
    cannot tell."""
    if not syllables:
        return frozenset()
    capital: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        for found in _WORD.finditer(text):
            word = fold(found.group().lower())
            if word not in syllables:
                continue
            before = text[max(0, found.start() - 2) : found.start()].strip()
            if found.group()[0].isupper():
                if before and before[-1] not in ".!?:\n":
                    capital.add(word)
            else:
                lower.add(word)
    return frozenset(capital - lower)
