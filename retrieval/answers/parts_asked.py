"""Which of a sentence's figures or times the question asks, when it holds several of one
kind: the change, the one compared with what the question names, the new level, or one
end of a span of time.

- A change asked ("tăng bao nhiêu"): the number after "tăng"/"giảm" (`units.change_asked`).
- A comparison asked ("… tăng bao nhiêu so với cùng kỳ?"): a statistics report gives one
  figure per reference, "CPI tháng 10 tăng 0,41% so với tháng trước, tăng 1,18% so với
  tháng 12/2023 và tăng 2,86% so với cùng kỳ năm trước"; the one before the reference the
  question names answers (`compared_asked`). "cùng kỳ", "cùng kỳ năm trước" and "cùng kỳ
  năm ngoái" are one reference; "năm ngoái" is "năm trước".
- A new level asked ("nâng tiền ăn ca lên bao nhiêu?", "giảm xuống còn mấy?"): the number
  after "lên" or "xuống"/"còn", not the old one after "từ" (`level_asked`).
- The figure of the noun asked ("… với số dư bao nhiêu?"): the one right after that noun
  ("tổng số dư khoảng 3,7 tỷ đồng"), not a count before it (`named_figure`).
- The figure of a name the question asks it of, in brackets after it: "tập trung mua FPT
  (312 tỷ đồng) và MWG (205 tỷ đồng)" for "Khối ngoại mua ròng MWG bao nhiêu tỷ?"
  (`bracketed_figure`).
- What follows a breach ("… thì bị xử lý thế nào?"): what the sentence says after "bị"
  (`consequence`).
- One end of a span of time ("hoạt động đến ngày nào?", "hạn chót … là khi nào?", "bắt
  đầu từ ngày nào?"): the time after "đến"/"tới"/"hết" or after "từ" in "từ ngày
  25/12/2024 đến ngày 15/2/2025" (`edge_asked`).

Each returns the answer's span in the sentence, or None when the question asks none of
these or the sentence does not say it: the usual phrase is then looked for.
"""

from __future__ import annotations

import functools
import re

from retrieval.answers.asks import asked_head, lowered
from retrieval.answers.counted import with_counted_noun
from retrieval.answers.span import phrases
from retrieval.answers.units import change_asked
from retrieval.language.segmentation import is_word
from retrieval.language.text import fold, normalize
from retrieval.language.vocabulary import LETTERS

__all__ = [
    "compared_asked",
    "consequence",
    "edge_asked",
    "level_asked",
    "named_figure",
    "part_asked",
]

# A number with its magnitude words and unit ("2,86%", "30.000 đồng/bữa", "1,2 triệu
# cổ phiếu" keeps "triệu" only), as written, lowercase.
_FIGURE = (
    r"\d+(?:[.,]\d+)*(?:\s*%|(?:\s+(?:nghìn|ngàn|triệu|tỷ|tỉ))*"
    r"(?:\s+(?:đồng|usd|điểm|người|lượt|ha|tấn|km|m|giờ|ngày|tháng|năm)(?:/\w+)*)?)"
)


def part_asked(question: str, text: str) -> tuple[int, int] | None:
    """The span in `text` of the part the question asks (see the module), or None."""
    changed = change_asked(question, text)
    if changed is not None:  # with what it counts: "tăng 487 thí sinh"
        changed = changed[0], with_counted_noun(text, changed[1], asked_head(question))
    return (
        compared_asked(question, text)
        or level_asked(question, text)
        or changed
        or edge_asked(question, text)
        or named_figure(question, text)
        or bracketed_figure(question, text)
        or consequence(question, text)
    )


@functools.lru_cache(maxsize=256)
def _written(text: str) -> str | None:
    """`text` normalised and lowercase, read once for the several parts looked for; None
    when that changes its length (spans would not line up: rare, decomposed input)."""
    said = normalize(text).lower()
    return said if len(said) == len(text) else None


# --- what follows a breach ------------------------------------------------------------

# "… thì bị xử lý thế nào?", "… bị gì?", "… sẽ bị kỷ luật hình thức gì?", "… xử lý ra sao?"
_CONSEQUENCE_ASKED = re.compile(
    r"(?<!\w)(?:bị|xử lý|xử phạt)(?:\s+(?:xử lý|xử phạt|kỷ luật|phạt))?\s+(?:bằng\s+)?"
    r"(?:(?:như\s+)?thế nào|ra sao|gì|hình thức\s+(?:gì|nào))\s*\??$"
)
# What a rule says follows: after "(sẽ / thì) bị", up to its clause's end.
_CONSEQUENCE_SAID = re.compile(
    r"(?<!\w)(?:sẽ\s+|thì\s+)?bị\s+((?:(?!\s+(?:cho đến|trừ khi))[^,;.()])+)"
)
_MAX_CONSEQUENCE_WORDS = 14


def consequence(question: str, text: str) -> tuple[int, int] | None:
    """What a rule says follows the breach asked ("Nộp học phí trễ quá 15 ngày thì sinh
    viên bị gì?": "khóa tài khoản đăng ký học phần", of "… sẽ bị khóa tài khoản đăng ký
    học phần trên Cổng thông tin sinh viên cho đến khi …"): after "bị" in the sentence,
    to its clause's end, where the question does not already say it."""
    if _CONSEQUENCE_ASKED.search(lowered(question)) is None:
        return None
    said = _written(text)
    if said is None:
        return None
    asked = set(fold(lowered(question)).split())
    for found in _CONSEQUENCE_SAID.finditer(said):
        clause = found.group(1).rstrip()
        if set(fold(clause).split()) <= asked:
            continue
        # at most so many words (the group holds no punctuation that ends a clause)
        ends = [m.end() for m in re.finditer(r"\S+", clause)][:_MAX_CONSEQUENCE_WORDS]
        return found.start(1), found.start(1) + ends[-1]
    return None


# --- the figure of the noun asked -----------------------------------------------------

_NAMED_ASKED = re.compile(r"(?<!\w)(\w+)\s+(\w+)\s+(?:là\s+)?(?:bao nhiêu|mấy)\s*\??$")
# Words between a noun and its figure: "số dư khoảng 3,7 tỷ đồng", "diện tích là 120 m2".
_BETWEEN = r"(?:(?:là|đạt|ở mức|mức|vào|lên tới|tới|chỉ|của)\s+)*"
_BOUNDS = r"(?:(?:khoảng|hơn|gần|trên|dưới|tối đa|tối thiểu|không quá)\s+)?"


def named_figure(question: str, text: str) -> tuple[int, int] | None:
    """The figure right after the noun the question asks it of ("… với số dư bao nhiêu?":
    "tổng số dư khoảng 3,7 tỷ đồng", not the "18 tài khoản" before it): the two words
    before "bao nhiêu", a dictionary word, as the sentence writes them."""
    asked = _NAMED_ASKED.search(lowered(question))
    if asked is None or not is_word(asked.groups()) or " ".join(asked.groups()) in _NO_NOUNS:
        return None
    said = _written(text)
    if said is None:
        return None
    noun = re.escape(" ".join(asked.groups()))
    found = re.search(rf"(?<!\w){noun}\s+{_BETWEEN}(?={_BOUNDS}\d)", said)
    if found is None:
        return None
    # the number's own phrase, with its bound, unit or score ("khoảng 3,2 cm", "3-1")
    return next(
        ((p.start, p.end) for p in phrases(text) if p.kind == "number" and p.start == found.end()),
        None,
    )


def bracketed_figure(question: str, text: str) -> tuple[int, int] | None:
    """The figure in brackets right after a name or code the question writes ("MWG (205
    tỷ đồng)"), asked how much ("bao nhiêu", "mấy"); None otherwise."""
    if _HOW_MUCH.search(lowered(question)) is None:
        return None
    for name in _NAMED.findall(question):
        found = re.search(rf"(?<!\w){re.escape(name)}\s*\(\s*(?=\d)", text)
        if found is not None:
            return next(
                ((p.start, p.end) for p in phrases(text)
                 if p.kind == "number" and p.start == found.end()),
                None,
            )  # fmt: skip
    return None


# A name or code the question writes: two capitals or more ("MWG", "VN-Index", "LK01-03").
_NAMED = re.compile(r"(?<!\w)[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*(?![\w-])")
_HOW_MUCH = re.compile(r"(?<!\w)(?:bao nhiêu|mấy)(?!\w)")


# A bound the question states is no noun: "chi tối đa bao nhiêu", "tối thiểu bao nhiêu".
_NO_NOUNS = frozenset({"tối đa", "tối thiểu", "không quá", "ít nhất", "nhiều nhất"})


# --- a comparison ---------------------------------------------------------------------

_COMPARED_ASKED = re.compile(r"(?<!\w)so với\s+(.+?)(?:\s+(?:thì|là|đã|của)\s|[,?]|$)")
_COMPARED_SAID = re.compile(rf"({_FIGURE})\s+so với\s+([^,;.()]+?)(?=\s+(?:và|nhưng)\s|[,;.()]|$)")
# One reference, however it is said: "cùng kỳ (năm trước / năm ngoái)"; "năm ngoái" is
# "năm trước" (folded words).
_SAME_PERIOD = ("cung", "ky")
_SYNONYMS = {"ngoai": "truoc", "qua": "truoc"}
_FILLER = frozenset({"cua", "tai", "tren", "dia", "ban", "thanh", "pho", "tinh", "ca", "nuoc"})


def _reference(words: str) -> tuple[str, ...]:
    folded = [_SYNONYMS.get(w, w) for w in fold(words).split()]
    if tuple(folded[:2]) == _SAME_PERIOD:
        return _SAME_PERIOD
    return tuple(w for w in folded if w not in _FILLER)


@functools.lru_cache(maxsize=1024)
def _asked_reference(question: str) -> tuple[str, ...]:
    text = lowered(question).rstrip(" ?.!")
    if not re.search(r"(?<!\w)(?:bao nhiêu|mấy)(?!\w)", text):
        return ()
    found = _COMPARED_ASKED.search(text)
    return _reference(found.group(1)) if found else ()


def compared_asked(question: str, text: str) -> tuple[int, int] | None:
    """The figure compared with the reference the question names ("so với cùng kỳ"),
    where the sentence compares with several."""
    asked = _asked_reference(question)
    if not asked:
        return None
    said = _written(text)
    if said is None:
        return None
    found = [(m.span(1), _reference(m.group(2))) for m in _COMPARED_SAID.finditer(said)]
    if len(found) < 2:
        return None  # one figure: the usual phrase finds it
    for span, reference in found:
        if reference == asked or (asked != _SAME_PERIOD and set(asked) <= set(reference)):
            return span
    return None


# --- a new level ------------------------------------------------------------------------

# "còn bao nhiêu" alone asks what is left ("Toàn tỉnh còn bao nhiêu phòng học tạm?").
_LEVEL_ASKED = re.compile(
    r"(?<!\w)(lên|xuống|(?:giảm|hạ|rút ngắn) còn)(?:\s+(?:mức|thành|còn))?\s+(?:bao nhiêu|mấy)"
)
_LEVEL_SAID = {
    "lên": re.compile(rf"(?<!\w)lên\s+(?:mức\s+|thành\s+)?({_FIGURE})"),
    "xuống": re.compile(rf"(?<!\w)(?:xuống|còn)\s+(?:còn\s+|mức\s+)?({_FIGURE})"),
}


# A value asked, and not how it changed ("tăng bao nhiêu", "giảm mấy phần trăm").
_VALUE_ASKED = re.compile(r"(?<!\w)(?:bao nhiêu|mấy)(?!\w)")
_CHANGE_ASKED = re.compile(r"(?<!\w)(?:tăng|giảm|thay đổi|chênh lệch|hơn|so với|trước đó|từ)(?!\w)")
# "từ 3,12% xuống còn 2,05%", "từ 25.000 đồng lên 30.000 đồng": the old level, the new.
_MOVED = re.compile(
    rf"(?<!\w)từ\s+({_FIGURE})\s+(?:xuống|lên)\s+(?:còn\s+|mức\s+|thành\s+)?({_FIGURE})"
)


def _about(question: str, said: str, found: re.Match[str]) -> bool:
    """Whether the part of `said` (between semicolons) holding `found` shares the most of
    the question's words: "tỷ lệ hộ nghèo … từ 3,12% xuống còn 2,05%; tỷ lệ hộ cận nghèo
    còn 3,46%" moves the first, not the "cận nghèo" asked."""
    asked = set(LETTERS.findall(lowered(question)))
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^;]+", said)]
    shared = [len(asked & set(LETTERS.findall(said[a:b]))) for a, b in parts]
    own = next(i for i, (a, b) in enumerate(parts) if a <= found.start() < b)
    return shared[own] == max(shared)


def level_asked(question: str, text: str) -> tuple[int, int] | None:
    """The new level ("lên 30.000 đồng/bữa") for "… lên bao nhiêu?", "… xuống còn
    mấy?"; not the old one after "từ". So too for a value asked with no change ("Tỷ lệ hộ
    nghèo là bao nhiêu?" of "giảm từ 3,12% xuống còn 2,05%"): the level it is now."""
    read = lowered(question)
    asked = _LEVEL_ASKED.search(read)
    said = _written(text)
    if said is None:
        return None
    if asked is None:
        if not _VALUE_ASKED.search(read) or _CHANGE_ASKED.search(read):
            return None
        moved = _MOVED.search(said)
        return (moved.start(2), moved.end(2)) if moved and _about(question, said, moved) else None
    found = _LEVEL_SAID["lên" if asked.group(1) == "lên" else "xuống"].search(said)
    if found is None:
        return None
    # with what it counts: "lên 50 trạm" for "lên bao nhiêu trạm"
    return found.start(1), with_counted_noun(text, found.end(1), asked_head(question))


# --- one end of a span of time ----------------------------------------------------------

_END_ASKED = re.compile(
    r"(?<!\w)(?:(?:đến|tới|hết)\s+(?:ngày|khi|lúc|thời điểm|thời gian|tháng)\s+nào"
    r"|(?:đến|tới)\s+bao giờ|hạn chót|hạn cuối|thời hạn cuối|kết thúc (?:vào )?(?:ngày|khi) nào)"
)
_START_ASKED = re.compile(
    r"(?<!\w)(?:từ|bắt đầu(?:\s+từ)?)\s+(?:ngày|khi|lúc|thời điểm|tháng)\s+nào"
)
_DAY = r"(?:(?:\d{1,2}\s*(?:giờ|h)(?:\s*\d{2})?\s+)?(?:ngày\s+)?\d{1,2}/\d{1,2}(?:/\d{2,4})?)"
_SPAN_SAID = re.compile(rf"(?<!\w)từ\s+({_DAY})\s+(?:đến|tới)\s+(?:hết\s+)?({_DAY})")


def edge_asked(question: str, text: str) -> tuple[int, int] | None:
    """The end ("đến ngày nào?", "hạn chót") or the start ("từ ngày nào?") of the span
    of days the sentence gives ("từ ngày 25/12/2024 đến ngày 15/2/2025")."""
    read = lowered(question)
    group = 2 if _END_ASKED.search(read) else 1 if _START_ASKED.search(read) else 0
    if not group:
        return None
    said = _written(text)
    if said is None:
        return None
    found = _SPAN_SAID.search(said)
    return found.span(group) if found else None
