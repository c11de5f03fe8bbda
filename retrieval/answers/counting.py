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

A count or measure is said by a number that is no label ("nhà máy số 1", "quận 8",
"Apollo 11" name things) or by words ("nhiều", "hằng quý"): `holds_quantity`; a question
picking a label ("khóa mấy", "thứ mấy") is answered by one. xquad_vi replay: answer-hit
0.817 -> 0.818; one answerable question of the half index declined, its best sentence now
the right one at 0.06 (a wrong one at 0.31 before).

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
from collections.abc import Callable, Sequence

from retrieval.answers.asks import folded_question, lowered
from retrieval.answers.contrasts import other_side, same_side, side_terms
from retrieval.answers.counted import labelled
from retrieval.answers.evidence import (
    names_by_number,
    picked_head,
    question_marks,
    says_how_many,
    without_milestones,
)
from retrieval.answers.features import FEATURES
from retrieval.answers.names import capitalised_runs
from retrieval.answers.sentences import TABLE_ROW, _Candidate
from retrieval.answers.span import phrases
from retrieval.answers.subject import measured, names_thing
from retrieval.answers.units import (
    asks_change,
    measures,
    only_changes,
    says_result,
    unit_asked,
    without_measures,
)
from retrieval.language.text import fold, normalize
from retrieval.language.vocabulary import ADMIN_UNITS, CLASSIFIERS, LETTERS

__all__ = [
    "counting",
    "counts",
    "holds_quantity",
    "measures",
    "per_other_period",
    "unit_asked",
    "written_as_names",
]

_ASKED = FEATURES.index("asked")

# and the other things a sum is paid per: "bao nhiêu tiền một ca" is not answered by
# "35.000 đồng/suất", nor "mỗi đêm" by "… đồng/người/ngày"
_PERIODS = r"(ngay|tuan|thang|quy|nam|hoc ky|ca|suat|phien|dem|luot|buoi|tin chi)"
# ("/" right after its unit: "đồng/tháng")
_PER_ASKED = re.compile(rf"(?:(?<!\w)(?:moi|hang|mot)\s*|/\s*){_PERIODS}(?!\w)")
_PER_SAID = re.compile(rf"(?:(?<!\w)(?:moi|hang|trong mot|trong 1)\s*|/\s*){_PERIODS}(?!\w)")


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
    own = candidate.sentence.own
    words = candidate.sentence.folded
    # all of the noun but its classifier: "Bệnh viện Chợ Rẫy tiếp nhận 1.870 ca" counts
    # no "giường bệnh"; "118 lần húc" counts "cú húc"
    return (head - _CLASSIFIERS) <= own or not asked_of.isdisjoint(words)


# Another asking word before the count's: "… là gì và kinh phí bao nhiêu?", "Ai … và
# bao nhiêu người …?".
_ASKS_ELSE = re.compile(r"(?<!\w)(?:gì|ai|nào|đâu|sao)(?!\w).*(?<!\w)(?:bao nhiêu|mấy)(?!\w)")


def counting(
    question: str,
    head: frozenset[str],
    asked_of: frozenset[str],
    scored: Sequence[tuple[float, _Candidate, tuple[float, ...]]],
    lead_in: Callable[[_Candidate], str] = lambda _: "",
) -> int | None:
    """The position in `scored` (best first) of the best candidate that counts the noun
    asked (`counts`, when the question names one), in the unit asked (`measures`) and
    per the period asked (`per_other_period`): 0 when the best does; None when none
    does. A question asking something else too ("Nhiệm vụ trọng tâm là gì và kinh phí
    bao nhiêu?") may be answered in part: 0. Of those that pass, one within _COUNT_REACH
    of the first is preferred when the first gives only a rise or fall of the level asked,
    or counts the noun asked by other words than a number before it. A point's quantity
    may be its list's `lead_in` (the text of the one announcing it): "c) Không thắt dây
    đai an toàn …" is fined what "2. Phạt tiền từ 800.000 đồng đến 1.000.000 đồng đối với
    … sau đây:" says."""
    if _ASKS_ELSE.search(lowered(question)):
        return 0
    # "Quận 3 có bao nhiêu phường?": "quận 3" says whose wards are counted, not what else
    # is asked of the count ("UBND quận 3 đã tặng giấy khen cho 15 tập thể" counts none)
    asked_of = asked_of - _place_labels(question) - _named(question)
    kind = unit_asked(question)
    # "bao nhiêu cá nhân" is not counted by "6 tập thể" (contrasts.py), and when the best
    # counts the other side, what counts in its place names the side asked
    sided = bool(scored) and other_side(question, scored[0][1].sentence.text)

    # "khóa mấy", "số mấy", "thứ mấy" ask a label or a rank ("khóa XII"), not a quantity
    picks_label = bool(picked_head(question)) or "thứ mấy" in lowered(question)
    # the thing whose value is asked ("Số lao động … là bao nhiêu?"), as
    # measure_lead.measuring reads it: what counts in the best one's place names it too, or
    # half its words and the question's names the best holds ("Lớp chuyên Toán lấy 36,75
    # điểm" gives the "điểm chuẩn" of "lớp chuyên Toán"; "Lớp chuyên Tiếng Anh có điểm
    # chuẩn …" does not)
    thing = frozenset(measured(question).split())
    # the sentence's own words, not those a news lead lends it (`counts`)
    named = question_marks(question)[0] & scored[0][1].sentence.own if scored else frozenset()

    def names_asked(candidate: _Candidate) -> bool:
        words = candidate.sentence.own
        if names_thing(thing, candidate.sentence):
            return True
        return bool(named) and named <= words and 2 * len(thing & words) >= len(thing)

    # A noun counted ("bao nhiêu điều dưỡng") is no measure: "gần 6 tháng", "85 tỷ đồng"
    # count none of it.
    counted_noun = bool(head) and not kind and not picks_label

    # "vượt mốc 1 tỷ USD" is a mark passed, not the value asked, unless one is asked
    marks_passed = _MARK_ASKED.search(lowered(question)) is None

    def quantity(text: str) -> bool:
        # "mấy giờ" asks the clock: "trước 08 giờ 15" says it, though it counts nothing
        if kind == "hours" and measures(kind, text):
            return True
        text = _MARK_PASSED.sub(" ", text) if marks_passed else text
        return holds_quantity(without_measures(text) if counted_noun else text)

    def answers(entry: tuple[float, _Candidate, tuple[float, ...]]) -> bool:
        text = entry[1].sentence.text
        fits = (picks_label or quantity(text)) and (not kind or measures(kind, text))
        quantified = text if fits else f"{lead_in(entry[1])} {text}"
        return (
            (picks_label or quantity(quantified))
            and (not thing or names_asked(entry[1]))
            and (not head or counts(entry, head, asked_of))
            and (
                not kind
                or measures(kind, quantified)
                or headed_in(kind, question, text, lead_in(entry[1]))
            )
            and not per_other_period(question, text)
            and not other_side(question, text)
            # on the side asked itself, or by its lead-in ("c) Trẻ em dưới 14 tuổi" of
            # "Người điều khiển xe mô tô hai bánh, xe gắn máy … được chở tối đa hai người:")
            and (
                not sided
                or same_side(question, text)
                or any(side <= entry[1].sentence.folded for side in side_terms(question))
            )
        )

    found = next((i for i, entry in enumerate(scored) if answers(entry)), None)
    if found is not None and not asks_change(question) and "so với" not in lowered(question):
        # A level asked ("Điểm chuẩn … là bao nhiêu?"): not a sentence giving only a rise or
        # fall of it ("… giảm 0,45 điểm so với năm 2024") when one close behind gives one.
        found = _near(scored, found, lambda e: answers(e) and not only_changes(e[1].sentence.text))
    if found is not None and kind == "score" and not says_result(scored[found][1].sentence.text):
        # A match's score asked: its result ("với chiến thắng 3-1"), not a goal on the way
        # ("nâng tỉ số lên 2-1 ở phút 57") that names more of the question; the article
        # telling the goals tells the result, however far down its lead ranks.
        rank = scored[found][1].rank
        found = next(
            (i for i, entry in enumerate(scored) if entry[1].rank == rank and answers(entry)
             and says_result(entry[1].sentence.text)),
            found,
        )  # fmt: skip
    if found is None or not counted_noun:
        return found
    # One that counts by something else the question asks of it ("dự án … dài 6,2 km"
    # for "Bao nhiêu hộ phải dời đi … dự án …?"): one close behind that gives the count of
    # the noun itself ("847 hộ phải di dời toàn bộ") answers.
    return _near(scored, found, lambda e: answers(e) and _says_count_of(head, e[1].sentence.text))


# A mark passed or reached, with its figure: "vượt mốc 1 tỷ USD", "chạm ngưỡng 134 triệu
# đồng/lượng" ("Đây là lần đầu tiên giá vàng miếng vượt ngưỡng 134 triệu đồng/lượng" gives
# no price of the day). Not a road's milestone ("Km 1045+300"): evidence.without_milestones.
_MARK_PASSED = re.compile(
    r"(?<!\w)(?:mốc|ngưỡng)\s+[\d.,]+(?:\s+(?:nghìn|ngàn|triệu|tỷ|tỉ))?(?:\s+\S+)?"
)
_MARK_ASKED = re.compile(r"(?<!\w)(?:mốc|ngưỡng|moc|nguong)(?!\w)")


# How far behind a count by other words one giving the count of the noun asked may be.
_COUNT_REACH = 1.0


def headed_in(kind: str, question: str, row: str, header: str) -> bool:
    """Whether a table's `row` gives figures its `header` says are in a unit of `kind`
    ("Nhóm 1 | Hà Nội, TP.HCM | 300.000" under "… | Mức phụ cấp (đồng/người/ngày)"), in
    a row naming something of the question's that the header does not ("Hà Nội"): the
    first row is no answer for "Singapore"."""
    if not (header and TABLE_ROW.search(row) and holds_quantity(row)):
        return False
    if not any(measures(kind, f"1 {unit}") for unit in _HEADER_UNIT.findall(header)):
        return False
    words = frozenset(fold(normalize(question).lower()).split())
    row_words = frozenset(fold(normalize(row).lower()).split())
    header_words = frozenset(fold(normalize(header).lower()).split())
    return bool((row_words - header_words) & (words - _QUESTION_STOP))


# Words any question may share with a row: they name nothing of it.
_QUESTION_STOP = frozenset({"thi", "duoc", "bao", "nhieu", "la", "co", "mot", "cua", "va", "o"})
# A column's unit, in brackets after its name: "Mức phụ cấp (đồng/người/ngày)".
_HEADER_UNIT = re.compile(r"\(([^()\d]{1,30})\)")


def _near(
    scored: Sequence[tuple[float, _Candidate, tuple[float, ...]]],
    found: int,
    fits: Callable[[tuple[float, _Candidate, tuple[float, ...]]], bool],
) -> int:
    """`found`, or when it does not `fit`, the first after it within _COUNT_REACH that does."""
    if fits(scored[found]):
        return found
    near = scored[found][0] - _COUNT_REACH
    return next(
        (i for i in range(found + 1, len(scored)) if scored[i][0] >= near and fits(scored[i])),
        found,
    )


def _says_count_of(head: frozenset[str], text: str) -> bool:
    """Whether `text` writes a number right before the noun counted ("847 hộ")."""
    if not head:
        return False
    folded = fold(normalize(text).lower())
    return any(set(m.group(1).split()) >= head for m in _NUMBER_NOUN.finditer(folded))


# A number, its scale if any ("4,6 triệu lượt khách"), and the two words after them.
_NUMBER_NOUN = re.compile(
    r"\d[\d.,]*\s+(?:(?:nghin|ngan|van|trieu|ty|ti|tram|chuc)\s+)?((?:[^\W\d_]+\s*){1,2})"
)


@functools.lru_cache(maxsize=1024)
def _named(question: str) -> frozenset[str]:
    """The folded words of the names the question writes of two words or more ("Bệnh
    viện Nhân dân 115 có bao nhiêu giường bệnh?"): whose count it is, not what else is
    asked of it, even where the first is not taken for a name (`question_marks`)."""
    words = []
    for a, b in capitalised_runs(question):
        run = question[a:b].split()
        # a sentence's first word is capitalised whatever it is ("Doanh thu năm 2019 …")
        if len(run) > 1 and (a > 0 or sum(w[0].isupper() for w in run) > 1):
            words += fold(" ".join(run).lower()).split()
    return frozenset(words)


def _place_labels(question: str) -> frozenset[str]:
    """The folded words of the administrative units the question names by a number or a
    name ("quận 3", "tỉnh Đồng Nai", "thành phố Thủ Đức")."""
    return frozenset(
        word
        for m in _PLACE_LABEL.finditer(normalize(question))
        for word in fold(m.group(1)).split()
    )


_PLACE_LABEL = re.compile(
    rf"(?<!\w)((?i:{'|'.join(sorted(ADMIN_UNITS, key=len, reverse=True))}))(?= (?:\d|[A-ZĐ]))"
)
_CLASSIFIERS = frozenset(fold(word) for word in CLASSIFIERS)
_LAST_WORD = re.compile(r"([^\W\d_]+)\s*$")


_BARE_NUMBER = re.compile(r"[\d.,]+[a-zA-Z]?")


# A telephone number ("1900 6868", "0983 116 542"): no quantity.
_PHONE = re.compile(r"(?<![\w,.])(?:0|1900|1800|\+84)[\d .]{3,}\d(?![\w,])")


@functools.lru_cache(maxsize=8192)
def holds_quantity(text: str) -> bool:
    """Whether `text` says how many or how much: a number that is no label ("nhà máy số
    1", "quận 8", "tổ 5" name a thing) and no time, or a quantity in words ("nhiều",
    "không có … nào"). "Sáng 14/1, tại hội trường nhà máy số 1, Công ty … tổ chức hội nghị
    người lao động" does not say how many workers Phú An has."""
    if says_how_many(text):
        return True
    text = without_milestones(text)  # "tại Trạm thu phí Sông Trà (Km 1045+300, …)"
    # a telephone number ("đường dây nóng 1900 6868", "0915 284 617") counts nothing
    phones = [m.span() for m in _PHONE.finditer(text)]
    for phrase in phrases(text):
        if any(a <= phrase.start < b for a, b in phones):
            continue
        if phrase.kind == "frequency":
            return True  # "hằng quý": how often
        if phrase.kind != "number":
            continue
        before = text[: phrase.start]
        last = _LAST_WORD.search(before)
        # The sentence's first word is capitalised as any first word is ("Có 5 người …").
        word = last.group(1) if last else ""
        if last and not before[: last.start()].strip(" -–•*"):
            word = word.lower()
        # a name numbers in digits ("Apollo 11"), a count may be spelled ("Grammy sáu lần"),
        # and a number with its unit measures ("trong vòng 48 giờ" is no round 48)
        said = text[phrase.start : phrase.end]
        named = bool(word) and said[:1].isdigit() and _BARE_NUMBER.fullmatch(said) is not None
        if labelled(before) or (named and names_by_number(word)):
            continue
        return True
    return False


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
        for found in LETTERS.finditer(text):
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
