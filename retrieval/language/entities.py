"""Names, slots and topics in Vietnamese questions and answers.

Recognises persons ("ông Ma Xuân Việt", "Nguyễn Thiện Nhân"), slot values ("năm 2018",
"quận 8", "khóa XII") and a question's topic ("nhiệm vụ trọng tâm năm 2018"), and sums a
turn up as its `key_terms`. The conversation state (`Turn.from_answer`) and the follow-up
rewriter (`retrieval.dialogue.followup`) both use it; it imports neither.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from retrieval.language.text import fold, normalize, split_sentences

__all__ = [
    "EDGE_FUNCTION_WORDS",
    "FOLD_AMBIGUOUS",
    "HONORIFICS",
    "HONORIFIC_WORDS",
    "MARKERS",
    "PARTICLES",
    "ROLE_WORDS",
    "SLOT_HEADS",
    "YEAR",
    "Person",
    "Tok",
    "decap",
    "in_",
    "join",
    "key_terms",
    "parse_person",
    "person_spans",
    "phrase_at",
    "phrase_before",
    "tokens",
    "topic",
    "unique",
    "value_end",
]

_MAX_KEY_TERMS = 8


# --- vocabulary ------------------------------------------------------------------------
# All entries are lowercase NFC. Phrases are space-separated syllables.

# Honorifics that stand before a personal name, with the gender they imply (None: either).
HONORIFICS: dict[str, str | None] = {
    "ông": "m", "anh": "m", "chú": "m", "ngài": "m",
    "bà": "f", "chị": "f", "cô": "f",
    "bác": None, "cụ": None, "em": None, "đồng chí": None,
}  # fmt: skip
HONORIFIC_WORDS = frozenset(HONORIFICS)
# Interrogative phrases (longest first when matched). A turn's topic is its question
# without them; an ellipsis X holding one is a full question ("Còn bao nhiêu cán bộ…?").
_QUESTION_PHRASES = (
    "như thế nào", "thế nào", "ra sao", "là gì", "là ai", "là bao nhiêu", "cái gì",
    "những gì", "bao nhiêu", "bao giờ", "bao lâu", "khi nào", "lúc nào", "vào ngày nào",
    "ngày nào", "năm nào", "tháng nào", "tháng mấy", "năm mấy", "ở đâu", "tại đâu",
    "vì sao", "tại sao", "phải không", "đúng không", "hay không", "có phải", "đâu", "sao",
    "gì", "ai", "nào", "mấy", "không", "chưa",
)  # fmt: skip
# Sentence-final particles: they change the tone, never the content.
PARTICLES = frozenset(
    {"vậy", "thế", "nhỉ", "nhé", "ạ", "à", "ư", "hả", "hở", "chứ", "nha", "nhá", "ơi"}
)
# Function words trimmed from both ends of a topic ("… diễn ra vào" -> "… diễn ra").
EDGE_FUNCTION_WORDS = frozenset(
    {"là", "vào", "ở", "tại", "có", "được", "đã", "của", "cho", "về", "và", "với", "thì",
     "mà", "để", "các", "những", "trong", "bị", "do"}
)  # fmt: skip
# Verbs of happening left at the end of a topic once "khi nào" / "ở đâu" is removed
# ("hội nghị … diễn ra"): they add nothing to "Về <topic>, …".
_TOPIC_TRAILING_VERBS = ("diễn ra", "xảy ra", "được tổ chức")
# Words that, written before "X này", name a kind of slot whose value follows in the
# previous turn ("năm đó" -> "năm 2018", "quận đó" -> "quận 8").
SLOT_HEADS = frozenset(
    {"năm", "tháng", "quý", "ngày", "tuần", "quận", "huyện", "phường", "xã", "tỉnh",
     "thành phố", "thị xã", "thị trấn", "khóa", "nhiệm kỳ", "giai đoạn", "đợt", "kỳ",
     "lần", "số", "điều", "khoản", "chương"}
)  # fmt: skip
# An admin unit inside a value: "Quận ủy quận 8" -> the value of "Quận ủy" is "quận 8".
_ADMIN_UNITS = frozenset({"quận", "huyện", "phường", "xã", "tỉnh", "thành phố", "thị xã"})
# Relative values after a time head: "năm nay", "năm ngoái", "tháng trước".
_RELATIVE_VALUES = frozenset({"nay", "ngoái", "trước", "sau", "tới", "kia", "rồi"})
YEAR = re.compile(r"(?:19|20)\d\d")

# Common Vietnamese family names. A run of 2–4 capitalised syllables counts as a person
# only after an honorific or when it starts with one of these; place names that start
# with one are excluded below.
_SURNAMES = frozenset(
    {"nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi",
     "đỗ", "hồ", "ngô", "dương", "lý", "lương", "trương", "đinh", "đoàn", "trịnh", "mai",
     "đào", "cao", "lâm", "hà", "tô", "tạ", "chu", "châu", "quách", "lưu", "thái", "tôn",
     "kiều", "từ", "hứa", "giang", "nông", "lò", "lục", "khổng", "mạc", "triệu", "la",
     "diệp", "vương", "đàm", "thân", "tăng", "nghiêm", "âu", "hàn", "doãn", "phùng",
     "quan", "văn", "đồng", "trang", "mã", "ma", "tất", "lã", "lại", "khúc", "ninh",
     "hầu", "thạch", "kim", "viên", "bạch", "tiêu", "tống", "lữ", "đường"}
)  # fmt: skip
# Capitalised words that open titles and bodies, never names: "Phó Bí thư", "Ban Tổ
# chức", "Chủ tịch", "Bộ Chính trị" are capitalised runs too.
ROLE_WORDS = frozenset(
    {"phó", "trưởng", "bí", "chủ", "ban", "bộ", "sở", "tổng", "giám", "ủy", "thủ", "phòng",
     "hội", "đảng", "công", "trung", "tòa", "viện", "cục", "vụ", "thường", "tổ",
     "đại", "chính", "nhà", "quốc", "quận", "huyện", "tỉnh", "sáng", "chiều",
     "tối", "ngày", "tháng", "năm", "theo", "tại", "trong", "về", "khi"}
)  # fmt: skip
_PLACE_NAMES = frozenset(
    {"hà nội", "hồ chí minh", "hà tĩnh", "hà giang", "hà nam", "cao bằng", "lâm đồng",
     "thái bình", "thái nguyên", "châu đốc", "hoàng sa", "đồng nai", "đồng tháp",
     "kim bôi", "mai châu", "văn phòng", "văn hóa", "đồng bằng", "quan hệ", "kiều bào",
     "la hán"}
)  # fmt: skip
# A capitalised run right after one of these is a place, not a person ("TP Hồ Chí Minh").
_PLACE_HEADS = frozenset(
    {"tp", "thành", "phố", "tỉnh", "quận", "huyện", "xã", "phường", "thị", "trấn",
     "đường", "sông", "núi", "cầu", "chợ", "trường", "làng", "ấp", "viện", "hồ", "đảo",
     "biển", "vịnh", "đèo", "cảng", "khu", "miền", "vùng", "nước", "bến"}
)  # fmt: skip

# When a question is typed without accents these folded words stand for several words
# ("nay" is "này" or "nay", "do" is "đó" or "do", "ho" is "họ" or "hộ"), so they are not
# taken as follow-up signals.
FOLD_AMBIGUOUS = frozenset(
    {"nay", "do", "ho", "tren", "day", "the", "vay", "no", "con", "va", "voi", "ta"}
)

# Quotation markers the answers carry ("… bản lề. [2]").
MARKERS = re.compile(r"\s*\[\d+\]")
# Numbers ("8/2", "2020-2025", "21.000"), words with their digits ("E5", "U23"), or one
# other character.
_TOKEN = re.compile(r"\d+(?:[.,/:-]\d+)*(?![^\W_])|[^\W_]+|\S")
_LEADING_VE = re.compile(r"^Về (.+?), ", re.IGNORECASE)


# --- tokens ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tok:
    text: str
    start: int
    end: int
    key: str  # lowercase; also accent-folded when the question was typed without accents

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_number(self) -> bool:
        return self.text[0].isdigit()

    @property
    def is_title(self) -> bool:
        """A capitalised syllable ("Nhân", "Ý"), not an acronym ("TPHCM")."""
        return self.is_word and self.text[0].isupper() and self.text[1:] == self.text[1:].lower()

    @property
    def is_caps(self) -> bool:
        return self.is_word and len(self.text) >= 2 and self.text.isupper()


def tokens(text: str, folded: bool = False) -> list[Tok]:
    out = []
    for m in _TOKEN.finditer(text):
        key = fold(m.group()) if folded else m.group().lower()
        out.append(Tok(m.group(), m.start(), m.end(), key))
    return out


@cache
def _phrases(
    table: tuple[str, ...] | frozenset[str], folded: bool, ambiguous: bool = False
) -> tuple[tuple[str, ...], ...]:
    """A phrase table as token-key tuples, longest first; when folded, without the
    single words that folding makes ambiguous (unless `ambiguous`)."""
    out = set()
    for phrase in table:
        keys = tuple(fold(w) if folded else w for w in phrase.split())
        if folded and not ambiguous and len(keys) == 1 and keys[0] in FOLD_AMBIGUOUS:
            continue
        out.add(keys)
    return tuple(sorted(out, key=lambda p: (-len(p), p)))


@cache
def _phrases_by_first(
    table: tuple[str, ...] | frozenset[str], folded: bool, ambiguous: bool = False
) -> dict[str, tuple[tuple[str, ...], ...]]:
    """`_phrases` grouped by their first key (each group still longest first): a lookup
    per token instead of a scan of the whole table, which made rewriting a long text
    slow (about 20 microseconds a character)."""
    groups: dict[str, list[tuple[str, ...]]] = {}
    for phrase in _phrases(table, folded, ambiguous):
        if phrase:
            groups.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(group) for first, group in groups.items()}


def phrase_at(
    toks: Sequence[Tok], i: int, table: Any, folded: bool, ambiguous: bool = False
) -> int:
    """Length of the longest phrase of `table` starting at token i, or 0."""
    if i >= len(toks):
        return 0
    for phrase in _phrases_by_first(table, folded, ambiguous).get(toks[i].key, ()):
        if tuple(t.key for t in toks[i : i + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def phrase_before(toks: Sequence[Tok], end: int, table: Any, folded: bool) -> int:
    """Length of the longest phrase of `table` ending just before token `end`, or 0."""
    for phrase in _phrases(table, folded):
        n = len(phrase)
        if n <= end and tuple(t.key for t in toks[end - n : end]) == phrase:
            return n
    return 0


def in_(tok: Tok, words: frozenset[str], folded: bool) -> bool:
    return phrase_at([tok], 0, words, folded) == 1


def join(toks: Sequence[Tok]) -> str:
    """Tokens back into text: one space between words, none before closing punctuation."""
    out = ""
    for tok in toks:
        if out and not (tok.text in ",.;:!?)]}…" or out.endswith(("(", "[", "{"))):
            out += " "
        out += tok.text
    return out


def unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def decap(text: str) -> str:
    """Lowercase the first letter for use mid-sentence, unless it starts a name."""
    toks = tokens(text)
    if not toks or not toks[0].is_title:
        return text
    honorific = toks[0].key in HONORIFICS
    name_follows = len(toks) > 1 and toks[1].is_title
    if name_follows and not honorific:
        return text
    return text[:1].lower() + text[1:]


# --- persons ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str  # "Ma Xuân Việt"
    honorific: str = ""  # lowercase, "" when unknown
    gender: str | None = None

    @property
    def display(self) -> str:
        return f"{self.honorific} {self.name}" if self.honorific else self.name


def _honorific_before(toks: Sequence[Tok], i: int) -> tuple[int, str] | None:
    """(number of tokens, honorific) when an honorific ends just before token i."""
    n = phrase_before(toks, i, HONORIFIC_WORDS, False)
    return (n, " ".join(t.key for t in toks[i - n : i])) if n else None


def person_spans(toks: Sequence[Tok]) -> list[tuple[int, int, Person]]:
    """(first token incl. honorific, end token, person) for each personal name: a run of
    2–4 capitalised syllables after an honorific or starting with a family name."""
    out: list[tuple[int, int, Person]] = []
    i = 0
    while i < len(toks):
        if not toks[i].is_title:
            i += 1
            continue
        j = i
        while j < len(toks) and toks[j].is_title:
            j += 1
        start, run = i, list(toks[i:j])
        honorific = ""
        if len(run) >= 3 and run[0].key in HONORIFICS:  # "Ông Ma Xuân Việt" opening a sentence
            honorific, run = run[0].key, run[1:]
        elif found := _honorific_before(toks, i):
            start, honorific = i - found[0], found[1]
        else:
            # A place or body written just before the name joins its run: "UBND TP Hà
            # Nội Trần Sỹ Thanh". The name starts at the first family name that leaves
            # 2–4 syllables.
            k = next(
                (k for k, t in enumerate(run) if t.key in _SURNAMES and 2 <= len(run) - k <= 4),
                0,
            )
            start, run = i + k, run[k:]
        name = " ".join(t.text for t in run)
        is_place = fold(name) in _folded_place_names() or (
            start > 0 and not honorific and toks[start - 1].key in _PLACE_HEADS
        )
        is_role = bool(run) and run[0].key in ROLE_WORDS
        if (
            2 <= len(run) <= 4
            and (honorific or run[0].key in _SURNAMES)
            and not (is_place or is_role)
        ):
            out.append((start, j, Person(name, honorific, HONORIFICS.get(honorific))))
        i = j
    return out


@cache
def _folded_place_names() -> frozenset[str]:
    return frozenset(fold(p) for p in _PLACE_NAMES)


def _persons(text: str) -> list[Person]:
    return [p for _, _, p in person_spans(tokens(text))]


def parse_person(term: str) -> Person | None:
    spans = person_spans(tokens(term))
    if len(spans) == 1 and spans[0][0] == 0 and spans[0][1] == len(tokens(term)):
        return spans[0][2]
    return None


# --- key terms -------------------------------------------------------------------------


def key_terms(standalone: str, answer: str = "") -> tuple[str, ...]:
    """Persons, then slot values ("năm 2018", "quận 8"), named by the standalone question
    and the answer's first sentence, without repeats."""
    texts = [normalize(standalone)]
    first = _first_sentence(answer)
    if first:
        texts.append(first)
    persons: dict[str, Person] = {}
    for text in texts:
        for person in _persons(text):
            known = persons.get(person.name)
            if known is None or (not known.honorific and person.honorific):
                persons[person.name] = person  # a gendered mention beats a bare one
    slots = [s for text in texts for s in _slot_values(tokens(text))]
    return unique([p.display for p in persons.values()] + slots)[:_MAX_KEY_TERMS]


def _first_sentence(answer: str) -> str:
    text = normalize(MARKERS.sub("", answer))
    spans = split_sentences(text)
    return text[spans[0][0] : spans[0][1]] if spans else ""


def _slot_values(toks: Sequence[Tok]) -> list[str]:
    """Phrases such as "năm 2018", "quận 8", "khóa XII" in a tokenised text."""
    out = []
    for i in range(len(toks)):
        n = phrase_at(toks, i, SLOT_HEADS, False)
        if n:
            end = value_end(toks, i + n, relative=False)
            if end > i + n:  # "Năm 2018" -> "năm 2018", "tỉnh Quảng Ninh" kept
                out.append(join(toks[i : i + n]).lower() + " " + join(toks[i + n : end]))
        elif (
            toks[i].is_number
            and YEAR.fullmatch(toks[i].text)
            and (i == 0 or toks[i - 1].key != "năm")
        ):
            out.append(f"năm {toks[i].text}")
    return out


def value_end(toks: Sequence[Tok], j: int, relative: bool, folded: bool = False) -> int:
    """End of the value starting at token j ("8", "2018", "XII", "Bình Thạnh", "quận 8",
    "nay" when `relative`), or j when there is none."""
    if j >= len(toks):
        return j
    unit = phrase_at(toks, j, _ADMIN_UNITS, folded)
    if unit and j + unit < len(toks):
        after = value_end(toks, j + unit, relative=False)
        if after > j + unit:
            return after
    tok = toks[j]
    if tok.is_caps and j + 1 < len(toks) and toks[j + 1].is_number:
        return j + 2  # "RON 95"
    if tok.is_number or tok.is_caps:
        return j + 1
    if tok.is_title:
        end = j
        while end < len(toks) and end - j < 4 and toks[end].is_title:
            end += 1
        return end
    if relative and in_(tok, _RELATIVE_VALUES, folded):
        return j + 1
    return j


# --- topics ----------------------------------------------------------------------------


def topic(question: str) -> str:
    """The question without its interrogative words and particles: "Nhiệm vụ trọng tâm
    năm 2018 là gì?" -> "nhiệm vụ trọng tâm năm 2018"."""
    text = normalize(question)
    m = _LEADING_VE.match(text)
    if m:  # already "Về <topic>, …"
        return m.group(1)
    toks = tokens(text)
    kept: list[Tok] = []
    i = 0
    while i < len(toks):
        n = phrase_at(toks, i, _QUESTION_PHRASES, False)
        if n:
            i += n
            continue
        if toks[i].is_word or toks[i].is_number:
            if toks[i].key not in PARTICLES:
                kept.append(toks[i])
        elif kept and toks[i].text in ",;:":
            kept.append(toks[i])
        i += 1
    while kept and (
        kept[0].key in EDGE_FUNCTION_WORDS or not (kept[0].is_word or kept[0].is_number)
    ):
        kept.pop(0)
    while kept:
        if kept[-1].key in EDGE_FUNCTION_WORDS or kept[-1].text in ",;:":
            kept.pop()
        elif n := phrase_before(kept, len(kept), _TOPIC_TRAILING_VERBS, False):
            del kept[-n:]
        else:
            break
    return decap(join(kept))
