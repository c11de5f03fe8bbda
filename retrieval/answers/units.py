"""The unit a "bao nhiêu" question asks a measure in, and whether a text holds one.

`unit_asked(question)`: "bao nhiêu giờ" asks hours, "mấy ngày" a time, "bao nhiêu tiền"
money, "bao lâu" a duration (not "bao lâu một lần": how often), and what is paid with no
unit named ("được trả bao nhiêu?", "Thưởng cuối năm là bao nhiêu?") a sum or a share of a
pay. `measures(kind, text)`: a number in a unit of that kind ("1 tuần" is a time,
"250.000 đồng/người/ngày" money, "bằng 200% tiền lương" a pay). `counting.py` answers a
count with them, and `span.py` picks the number in the unit asked.
"""

from __future__ import annotations

import functools
import itertools
import re

from retrieval.answers.asks import asked_head, lowered
from retrieval.language.text import fold, normalize
from retrieval.language.vocabulary import (
    MEASURE_UNITS,
    MONEY_NOUNS,
    PAY_NOUNS,
    PAYING_VERBS,
    VOLUME_MATERIALS,
)
from retrieval.search.terms import has_diacritics

__all__ = [
    "change_asked",
    "figure_unit",
    "in_unit_asked",
    "measures",
    "per_other_period_after",
    "says_result",
    "unit_asked",
    "without_measures",
]

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
    # "bao lâu": also from one year to another, or for good
    "duration": r"\d{1,2}:\d{2}|\d{4}\s*(?:-|–|đến|tới)\s*(?:năm\s+)?\d{4}|vĩnh viễn"
    r"|suốt đời|mãi mãi|lâu dài|cho (?:đến|tới)"
    r"|(?:đến|tới) (?:khi|nay|thế kỷ|năm|cuối|đầu|giữa|hết)"
    r"|hiếm khi|thường xuyên|hằng năm|hàng năm",
    "age": r"tuổi\s+\d+",
    # a match's score: "3-1", "2 – 2" (not a date's "12/8" nor a range in a unit)
    "score": r"(?<![\d/.,])\d{1,2}\s*[-–]\s*\d{1,2}(?![\d/.,%])"
    r"(?!\s*(?:giờ|h|phút|tháng|năm|ngày|tuổi)(?!\w))",
    "percent": r"nửa|phần\s+(?:ba|tư|năm|mười|lớn)|đa số",
    # and a sum set as a multiple of a base level: "bằng 25 lần mức chuẩn trợ giúp xã
    # hội", "với hệ số 1,0", "0,25 mức lương cơ sở"
    "money": rf"[$€£]\s*\d|{_NUMBER}\s+(?:nghìn|ngàn|triệu|tỷ|tỉ)(?![^\W_])"
    r"|\d+(?:[.,]\d+)?\s+lần\s+(?:mức|tiền|lương)|hệ số\s+\d|\d+(?:[.,]\d+)?\s+mức\s+lương",
}
_OTHER_WAYS["hours"] = _OTHER_WAYS["time"]  # the clock, as for any time
_OTHER_WAYS["pay"] = f"{_OTHER_WAYS['money']}|{_OTHER_WAYS['percent']}"
# Words asking a measure without naming its unit: "bao nhiêu tiền" is asked in money.
_ASKING_UNIT = {"tiền": "money", "tỷ": "money", "tỉ": "money"}
# "bao nhiêu tỷ", "mấy triệu đồng", "bao nhiêu nghìn tỷ": a sum in its magnitude ("bao nhiêu
# triệu người" counts people).
_MAGNITUDES = frozenset(
    {"nghìn", "ngàn", "triệu", "tỷ", "tỉ", "nghin", "ngan", "trieu", "ty", "ti"}
)
_AFTER_SUM = frozenset(
    {"một", "mỗi", "để", "cho", "thì", "vậy", "trong", "mot", "moi", "de", "thi"}
)  # "bao nhiêu tỷ trong phiên đó": a sum
# A sum of money the question names: "tiền" (as written, or typed plain: "tien") but in
# words that are not money ("tiền vệ", "tiền đạo", "tiền thân", "tiền lệ", "tiền đề" …);
# not "tiến độ".
_MONEY_NAMED = re.compile(
    r"(?<!\w)tien(?!\s+(?:ve|dao|than|le|de|do|tuyen|su|canh|phong|nhiem|boi|to|kiep|te|hon))(?!\w)"
)


def _names_money(read: str, plain: bool) -> bool:
    """Whether the question (`read`: lowercase, folded when typed `plain`) names "tiền"."""
    if plain:
        return _MONEY_NAMED.search(read) is not None
    return any(
        _MONEY_NAMED.match(fold(read[m.start() : m.start() + 12]))
        for m in re.finditer(r"(?<!\w)tiền(?!\w)", read)
    )


# "bao lâu" asks a duration: in the units of time, or the other ways one is said.
_HOW_LONG = re.compile(r"(?<!\w)bao lâu(?!\w)")
_HOW_OFTEN = re.compile(r"(?<!\w)bao lâu(?!\w).*(?<!\w)(?:một|1) lần(?!\w)")
_SAME_UNITS = {"duration": "time"}
_MATERIALS = frozenset(fold(word) for word in VOLUME_MATERIALS)
_KINDS = tuple(MEASURE_UNITS)
# A number and its magnitude words ("2 triệu", "mười lăm"), then a unit ("20%" joined).
_MEASURED = _NUMBER + r"(?:\s+" + _NUMBER + r"){0,3}\s*"


@functools.cache
def _unit_pattern(kind: str) -> re.Pattern[str]:
    if kind not in MEASURE_UNITS and kind not in _SAME_UNITS:
        return re.compile(rf"(?<!\w)(?:{_OTHER_WAYS[kind]})")  # a score has no unit word
    units = "|".join(
        re.escape(u)
        for u in sorted(MEASURE_UNITS[_SAME_UNITS.get(kind, kind)], key=len, reverse=True)
    )
    other = f"|{_OTHER_WAYS[kind]}" if kind in _OTHER_WAYS else ""
    return re.compile(rf"(?<!\w)(?:{_MEASURED}(?:{units})(?![^\W_]){other})")


# A match's score asked: "tỉ số" (or "tỷ số") of a match, a half or a final, and how many
# or how it ended; folded. "Tỷ số nợ trên vốn" names no match.
_SCORE_ASKED = re.compile(
    r"(?=.*(?<!\w)t[iy] so(?!\w))(?=.*(?<!\w)(?:tran|hiep|chung ket|ban ket|doi|thang"
    r"|thua|hoa|giai|vong|luot|san)(?!\w))(?=.*(?<!\w)(?:bao nhieu|may|the nao|ra sao)(?!\w))"
)
# A score said as a match's result: after "thắng", "thua", "hòa" (not "gỡ hòa", a goal on
# the way), "chung cuộc", "kết thúc", "đánh bại", "vượt qua", "ấn định", a few words
# before it, with no "gỡ" between ("Khánh Hòa có bàn gỡ hòa 1-1"); folded.
_RESULT_SCORE = re.compile(
    r"(?<!\w)(?<!go )(?:thang|thua|hoa|chung cuoc|ket thuc|danh bai|vuot qua|an dinh)"
    r"(?:\s+(?!go\s)[^\W\d_]+){0,4}\s+\d{1,2}\s*[-–]\s*\d{1,2}(?![\d/.,%])"
)


def says_result(text: str) -> bool:
    """Whether `text` gives a match's result ("với chiến thắng 3-1", "hòa 2-2"), not a
    score on the way ("gỡ hòa 1-1 ở phút 34", "nâng tỉ số lên 2-1")."""
    return _RESULT_SCORE.search(fold(normalize(text))) is not None


# A rate named by the question: asked with no unit after "bao nhiêu", it is a percentage.
_RATE = re.compile(r"(?<!\w)(?:tỷ lệ|tỉ lệ|ty le|ti le)(?!\w)")
_ASKING = re.compile(r"(?<!\w)(?:bao nhiêu|mấy)\s+(.+)$")
_ASKING_PLAIN = re.compile(r"(?<!\w)(?:bao nhieu|may)\s+(.+)$")
# "bao nhiêu" with no unit after it, but a period ("… bao nhiêu một tháng?").
_NO_UNIT = r"(?:bao nhiêu|bao nhieu)(?:\s+(?:một|mot|mỗi|moi|1)\s+\w+)?$"


@functools.cache
def _paid(plain: bool) -> re.Pattern[str]:
    """What is paid asked with no unit: a paying verb a few words before "bao nhiêu"
    ("được trả bao nhiêu", "được phụ cấp lưu trú bao nhiêu"), or the sum named ("Thưởng
    cuối năm … là bao nhiêu?", "Học phí … bao nhiêu?")."""
    verbs = "|".join(fold(v) if plain else v for v in PAYING_VERBS)
    nouns = "|".join(fold(n) if plain else n for n in PAY_NOUNS)
    return re.compile(
        rf"(?<!\w)(?:(?:{verbs})(?:\s+\w+){{0,3}}\s+(?:là\s+|la\s+)?|(?:{nouns})(?!\w).*\s){_NO_UNIT}"
    )


@functools.cache
def _money_named(plain: bool) -> re.Pattern[str]:
    nouns = "|".join(fold(n) if plain else n for n in MONEY_NOUNS)
    return re.compile(rf"(?<!\w)(?:{nouns})(?!\w)")


# A change or a share asked of a sum ("Doanh thu tăng bao nhiêu?", "… chiếm bao nhiêu?",
# "Tiến độ giải ngân vốn đầu tư … đạt bao nhiêu so với kế hoạch?") may be a percentage.
_CHANGE_OR_SHARE = re.compile(
    r"(?<!\w)(?:tăng|giảm|chiếm|vượt|bằng|so với|tỷ lệ|tiến độ"
    r"|tang|giam|chiem|vuot|so voi|ty le|tien do)(?!\w)"
)


@functools.lru_cache(maxsize=1024)
def unit_asked(question: str) -> str:
    """The kind of measure a question asks in ("hours" for "bao nhiêu giờ", "duration"
    for "bao lâu", "pay" for what is paid: "được trả bao nhiêu?"); "" when it asks in no
    unit ("bao nhiêu đảng viên", "bao lâu một lần"). A question typed without diacritics
    is read folded ("bao nhieu gio")."""
    text = lowered(question).rstrip(" ?.!")
    if _SCORE_ASKED.search(fold(text)):
        return "score"  # "Trận chung kết kết thúc với tỉ số bao nhiêu?": "3-1"
    if _HOW_LONG.search(text):
        # "bao lâu một lần" asks how often ("hằng quý", "hiếm khi"), no duration
        return "" if _HOW_OFTEN.search(text) else "duration"
    plain = not has_diacritics(text)
    read = fold(text) if plain else text
    found = (_ASKING_PLAIN if plain else _ASKING).search(read)
    words = found.group(1).split() if found else []
    # "bao nhiêu km/h" is asked in a speed; "bao nhiêu tấn/ha" in tấn, "đồng/tháng" in đồng
    for said in (words, " ".join(words).replace("/", " / ").split()):
        for kind in _KINDS:
            for unit in MEASURE_UNITS[kind]:
                written = fold(unit) if plain else unit
                if len(unit) > 1 and " ".join(said[: unit.count(" ") + 1]) == written:
                    return kind
    if fold(" ".join(words[:1])) == "khoi" and (len(words) == 1 or fold(words[1]) in _MATERIALS):
        return "volume"  # "bao nhiêu khối cát": cubic metres, not "khối ngành"
    if " ".join(words[:2]) in ("thời gian", "thoi gian"):
        return "duration"  # "còn lại bao nhiêu thời gian": how long
    asking = {fold(w) if plain else w: kind for w, kind in _ASKING_UNIT.items()}
    if words and words[0] in asking and (len(words) == 1 or words[1] in _AFTER_SUM):
        return asking[words[0]]  # "bao nhiêu tiền?", not "bao nhiêu tiền vệ?"
    said = " ".join(words) + " "
    if any(said.startswith(f"{fold(n) if plain else n} ") for n in (*MONEY_NOUNS, *PAY_NOUNS)):
        return "pay"  # "giảm bao nhiêu lệ phí?", "bổ sung bao nhiêu kinh phí?": a sum or a share
    magnitudes = list(itertools.takewhile(_MAGNITUDES.__contains__, words))
    after = words[len(magnitudes) : len(magnitudes) + 1]
    money = MEASURE_UNITS["money"] if not plain else tuple(map(fold, MEASURE_UNITS["money"]))
    if magnitudes and after and after[0] in money:
        return "money"  # "bao nhiêu triệu đồng", "mấy tỷ USD"
    if words[:1] == ["%"] or (fold if plain else str)(" ".join(words[:2])) in _SHARES:
        # "Tiền điện tăng bao nhiêu %?": the unit asked, whatever it names; "chiếm bao
        # nhiêu thị phần", "bao nhiêu tỷ trọng": a share, said in per cent ("24,7%")
        return "percent"
    if _counts_noun(question, words):
        # "Vận chuyển tiền mặt … phải có mấy bảo vệ?", "Có bao nhiêu người được nhận tiền
        # hỗ trợ?": people or things counted, however the question names "tiền" elsewhere
        return ""
    if _names_money(read, plain):
        return "money"  # "Tiền thưởng … là bao nhiêu?": a sum of money, not "15%"
    if _money_named(plain).search(read) and not (_CHANGE_OR_SHARE.search(text) or words):
        return "money"  # "Dự án có tổng mức đầu tư bao nhiêu?": a sum, not "62%"
    if not words and _RATE.search(read):
        return "percent"  # "Tỷ lệ giải ngân … là bao nhiêu?": a share, not "7 dự án"
    return "pay" if _paid(plain).search(read) else ""


# Counted whatever else the question names: people ("bao nhiêu người"), and not the
# "đối" of "bao nhiêu đối với …", which asks a sum for someone.
_PEOPLE = frozenset({"người", "nguoi"})
# as written, and typed plain: "tỷ trọng" (a share), not "tỷ trong …" (a sum in a period)
_SHARES = frozenset(
    {"thị phần", "tỷ trọng", "tỉ trọng", "tỷ lệ", "tỉ lệ", "thi phan", "ty trong", "ti trong",
     "ty le", "ti le"}
)  # fmt: skip
_FOR_WHOM = (["đối", "với"], ["doi", "voi"])
_SUMS = frozenset(fold(word) for word in _ASKING_UNIT)


def _counts_noun(question: str, words: list[str]) -> bool:
    """Whether the question counts a noun after its asking word (`words`): "mấy bảo vệ",
    "bao nhiêu người", not "bao nhiêu đối với …" nor "bao nhiêu một tháng"."""
    if not words or words[:2] in _FOR_WHOM or fold(words[0]) in _SUMS:
        return False  # "bao nhiêu tiền hỗ trợ" asks a sum
    return words[0] in _PEOPLE or bool(asked_head(question))


# A figure's digits and their separators ("15.280", "5,38").
_DIGITS = re.compile(r"[\d.,]+")


def figure_unit(phrase: str) -> str:
    """A figure's unit: what its phrase says after its last number, lowercase ("5,38%" ->
    "%", "120 tỷ đồng" -> "tỷ đồng", "khoảng 108.000 đồng/kg" -> "đồng/kg")."""
    return _DIGITS.split(phrase)[-1].strip().casefold()


@functools.lru_cache(maxsize=8192)
def measures(kind: str, text: str) -> bool:
    """Whether `text` holds a number in a unit of `kind` ("nghỉ 3 ngày", "250.000
    đồng/người/ngày", "quá 20%", "14h00")."""
    return _unit_pattern(kind).search(normalize(text).lower()) is not None


@functools.lru_cache(maxsize=8192)
def without_measures(text: str) -> str:
    """`text` with each number in a unit of measure blanked ("gần 6 tháng", "85 tỷ đồng",
    "58%", "2 cm"): what is left counts things, if anything does. "Sau gần 6 tháng vận hành
    …" counts no nurses, however much of the question it names."""
    written = normalize(text)
    lowered_text = written.lower()
    if len(lowered_text) != len(written):
        return written
    out = list(written)
    for m in _IN_A_UNIT.finditer(lowered_text):
        out[m.start() : m.end()] = " " * (m.end() - m.start())
    return "".join(out)


def in_unit_asked(question: str, text: str) -> bool:
    """Whether `text` holds a number in the unit `question` asks one in (any, when it
    asks none)."""
    kind = unit_asked(question)
    return not kind or measures(kind, text)


# A rate's period after its number ("40 giờ trong một tháng", "30 phút mỗi ngày"), folded.
_PER_TAIL = re.compile(r"\s+(?:trong\s+)?(?:mot|1|moi)\s+(ngay|tuan|thang|quy|nam)(?!\w)")
_PERIOD_WORDS = frozenset({"ngay", "tuan", "thang", "quy", "nam"})


def per_other_period_after(question_terms: frozenset[str], folded: str, end: int) -> bool:
    """Whether the number ending at `end` is a rate per another period than the one the
    question names."""
    asked = question_terms & _PERIOD_WORDS
    tail = _PER_TAIL.match(folded, end) if asked else None
    return tail is not None and tail.group(1) not in asked


# A change asked: "tăng bao nhiêu", "giảm mấy phần trăm", "tăng thêm bao nhiêu", as
# written; and said: "tăng 10,6%", "ước tăng 6,98%", "giảm 0,18%", "tăng thêm 1.200 tỷ
# đồng", the number with its magnitude words and unit.
_CHANGE_ASKED = re.compile(
    r"(?<!\w)(tăng|giảm)(?:\s+(?:thêm|lên|xuống))?\s+(?:bao nhiêu|mấy)(?!\w)"
)
_UNITS = "|".join(
    re.escape(u)
    for u in sorted({u for units in MEASURE_UNITS.values() for u in units}, key=len, reverse=True)
)
_MAGNITUDE = r"(?:\s+(?:nghìn|ngàn|triệu|tỷ|tỉ))*"
_WORDS = re.compile(r"[^\W_]+")


# A number in any unit ("gần 6 tháng", "85 tỷ đồng", "58%"); not a bare magnitude ("1,2
# triệu cổ phiếu" counts shares).
_IN_A_UNIT = re.compile(rf"(?<!\w)(?:{_MEASURED}(?:{_UNITS})(?![^\W_])|tuổi\s+\d+)")


@functools.cache
def _change_said(verb: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?<!\w){verb}(?:\s+(?:thêm|khoảng|hơn|gần|lên|xuống|mạnh|nhẹ))*\s+"
        rf"(\d+(?:[.,]\d+)*{_MAGNITUDE}(?:\s*%|\s+(?:{_UNITS})(?!\w)(?:/\w+)*)?)"
    )


def asks_change(question: str) -> bool:
    """Whether the question asks how much something rose or fell ("tăng bao nhiêu")."""
    return _CHANGE_ASKED.search(lowered(question)) is not None


def only_changes(text: str) -> bool:
    """Whether every figure `text` gives is a rise or a fall ("… giảm 0,45 điểm so với năm
    2024"), no level: no answer to what the level is. Years and dates aside."""
    written = normalize(text).lower()
    changes = [m.span(1) for m in _change_said("(?:tăng|giảm)").finditer(written)]
    if not changes:
        return False
    return all(any(a <= m.start() < b for a, b in changes) for m in _FIGURE.finditer(written))


# A figure: digits not part of a date or a year ("28,15", "5.200", not "2024", "12/8").
_FIGURE = re.compile(r"(?<![\d/.,])(?!(?:19|20)\d\d(?![\d.,]))\d+(?:[.,]\d+)*(?![\d/])")


def change_asked(question: str, text: str) -> tuple[int, int] | None:
    """The span in `text` of the change a question asks ("Bán lẻ … quý I tăng bao nhiêu so
    với cùng kỳ?": "10,6%" of "… đạt 18.240 tỷ đồng, tăng 10,6% so với cùng kỳ"), not the
    level the sentence also gives; None when it asks none or the sentence says none."""
    asked = _CHANGE_ASKED.search(lowered(question))
    if asked is None:
        return None
    written = normalize(text).lower()
    said = _change_said(asked.group(1)).finditer(written)
    # in the unit asked: "giảm 41 vụ (giảm 11,6%)" for "giảm bao nhiêu phần trăm?"
    found = [m.span(1) for m in said if in_unit_asked(question, m.group(1))]
    if len(found) < 2:
        return found[0] if found else None
    # of several, the one whose part of the sentence names most of the question's words:
    # "xăng E5 RON92 giảm 220 đồng/lít …; xăng RON95-III giảm 320 đồng/lít" for "Xăng
    # RON95-III giảm bao nhiêu?"
    words = set(_WORDS.findall(fold(lowered(question))))

    def named(span: tuple[int, int]) -> int:
        first = max(written.rfind(";", 0, span[0]), written.rfind(",", 0, span[0])) + 1
        return len(words & set(_WORDS.findall(fold(written[first : span[0]]))))

    return max(found, key=named)
