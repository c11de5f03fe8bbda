"""Evidence that a sentence answers a question, beyond sharing its words.

Pure functions over tokens, used by the extractive answer's sentence choice and by the
gate (`gate.py`):

- `question_marks(question)`: what the question pins down that an answer must share:
  its names (capitalised words after the first: "Jared Allen", "Panthers", "TPHCM") and
  its numbers ("2017", "8/2"), folded. A sentence or passage without them is about
  something else, however many other words it shares ("Năm 2017 kết nạp bao nhiêu đảng
  viên mới?" against a passage on 2018);
- `missing(marks, tokens)`: the share of them a text lacks;
- `identifiers(question)` and `contradicts(identifiers, text)`: what a number or a name
  names after a word ("quận 3", "Ca 2", "Apollo 11", "quận Bình Thạnh"); a sentence naming
  the same word with another value ("Chủ tịch UBND quận 5 …", "Ca 1: …; Ca 3: …", "Quận
  ủy quận 8") and never the question's is about another one;
- `says_how_many(text)`: a sentence without a number that still answers "bao nhiêu"
  ("nhiều lần", "không có hiệp ước nào");
- `density(sequence, terms)`: the question's words near each other: matched distinct
  terms over the length of the shortest window holding them all ("trọng tâm năm 2018"
  together rather than scattered over a long sentence).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence

from retrieval.answers.names import capitalised_runs
from retrieval.index.chunks import Hit
from retrieval.language.segmentation import is_word
from retrieval.language.text import fold, fold_sentence, normalize
from retrieval.language.vocabulary import (
    ANSWER_STOP_SYLLABLES,
    HONORIFIC_WORDS,
    LETTERS_OR_DIGITS,
    QUANTITY_WORDS,
    REFERENCE_HEADS,
    SURNAMES,
    SYLLABLE_OR_NUMBER,
    TIME_UNITS,
    TIME_WORDS,
)

__all__ = [
    "contradicts",
    "density",
    "headed_value",
    "identifiers",
    "missing",
    "named_pairs",
    "names_by_number",
    "picked_head",
    "question_marks",
    "says_how_many",
    "says_milestone",
    "unwritten_code",
]

_HOW_MANY = re.compile(r"(?<!\w)(?:" + "|".join(QUANTITY_WORDS) + r")(?!\w)")

_WORD = re.compile(r"\d+(?:[.,/:-]\d+)*|[^\W\d_]+")
_NOT_NAMES = ANSWER_STOP_SYLLABLES | HONORIFIC_WORDS


@functools.lru_cache(maxsize=4096)
def question_marks(question: str) -> tuple[frozenset[str], frozenset[str]]:
    """(names, numbers) of `question`, folded: capitalised words but the first (and the
    first too when the next is capitalised: "Jared Allen có …"), and digit runs."""
    words = _WORD.findall(normalize(question))
    names: set[str] = set()
    numbers: set[str] = set()
    called = _called_by(words)
    for i, word in enumerate(words):
        if word[0].isdigit():
            numbers.update(re.findall(r"\d+", word))
            continue
        if not word[0].isupper() or i in called:
            continue
        if i == 0 and not (len(words) > 1 and words[1][:1].isupper()):
            continue
        if word.lower() not in _NOT_NAMES:
            names.add(fold(word.lower()))
    return frozenset(names), frozenset(numbers)


def _called_by(words: Sequence[str]) -> frozenset[int]:
    """The positions of the surname and middle names of each Vietnamese full name in
    `words` ("Phạm Minh" of "Phạm Minh Hoàng"): a report calls the person by the last
    word ("ông Hoàng", "Theo ông Hoàng, …"), which alone must be there."""
    out: set[int] = set()
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and words[j][:1].isupper() and not words[j][0].isdigit():
            j += 1
        first = i + 1 if words[i].lower() in HONORIFIC_WORDS else i  # "Ông Phạm Minh Hoàng"
        if 2 <= j - first <= _LONGEST_NAME and words[first].lower() in SURNAMES:
            out.update(range(first, j - 1))
        i = max(j, i + 1)
    return frozenset(out)


_LONGEST_NAME = 4


def missing(marks: frozenset[str], tokens: frozenset[str]) -> float:
    """The share of `marks` not among `tokens` (0 when there are none)."""
    if not marks:
        return 0.0
    return len(marks - tokens) / len(marks)


def density(sequence: Sequence[str], terms: frozenset[str]) -> float:
    """Distinct `terms` found in `sequence` over the length of the shortest window of it
    that holds all of them (1.0: side by side; 0 when none is found)."""
    wanted = {t for t in sequence if t in terms}
    if not wanted:
        return 0.0
    need = len(wanted)
    counts: dict[str, int] = {}
    have = 0
    best = len(sequence)
    left = 0
    for right, token in enumerate(sequence):
        if token in wanted:
            counts[token] = counts.get(token, 0) + 1
            if counts[token] == 1:
                have += 1
        while have == need:
            best = min(best, right - left + 1)
            gone = sequence[left]
            if gone in wanted:
                counts[gone] -= 1
                if counts[gone] == 0:
                    have -= 1
            left += 1
    return need / best


def says_how_many(text: str) -> bool:
    """Whether `text` says how many in words ("nhiều lần", "vài năm", "không có … nào",
    "duy nhất"): with a number, the answer to "bao nhiêu" a sentence can hold."""
    return _HOW_MANY.search(normalize(text).lower()) is not None


# The words that name a thing by a number after them ("quận 3", "Ca 2", "tổ 5", "hạng
# B2" …); a capitalised word does too ("Apollo 11", "Quốc lộ 1A"). Others before a
# number count or measure ("khoảng 30", "tối thiểu 4", "phát triển 100 năm"), and a
# year is left to sentence_time, a provision ("Điều 12") to provisions.py.
_NAMING_WORDS = frozenset(
    w
    for w in ("quận", "phường", "huyện", "xã", "thôn", "ấp", "tổ", "khu", "ca", "lớp", "khóa",
              "khoá", "đội", "tuyến", "số", "cấp", "hạng", "phòng", "tầng", "nhà", "máy",
              "xưởng", "kho", "cổng", "hiệp", "vòng", "bảng", "bậc", "nhóm", "thứ", "lần",
              "đợt", "kỳ", "kì", "đoạn", "giai", "quốc", "lộ", "tỉnh", "đường", "block", "lô",
              "ô", "cụm", "xe", "tàu", "sân", "trạm", "lứa", "chặng")
)  # fmt: skip
# … typed without diacritics ("quan 3"): "doi" may be "đội" or "đổi".
_PLAIN_NAMING_WORDS = frozenset(fold(w) for w in _NAMING_WORDS)
_NOT_NAMING = frozenset(
    fold(w) for w in (*TIME_WORDS, *REFERENCE_HEADS, *TIME_UNITS) if " " not in w
)
# A number that names: 1 to 3 digits, maybe a letter after ("quận 3", "Quốc lộ 1A"), or
# a letter and a digit or two ("hạng A1", "hạng B2", "lớp C3").
_NAMING_NUMBER = re.compile(r"\d{1,3}[a-z]?|[a-z]\d{1,2}")
# A road's milestone, lowercase: "km 1.045+300", "km15", "km 27 + 500".
_MILESTONE = re.compile(r"(?<!\w)km ?\d{1,4}(?:[.,]\d{3})?(?: ?\+ ?\d{1,3})?(?![\d.,]*\d)")
_QUESTION_WORD = re.compile(r"\w+")
# The words a capital letter alone after them names by ("hạng C", "khối A", "nhóm B"):
# "d) Hạng C cấp cho …" is another licence than "hạng B2". Folded, a letter alone may be a
# word ("nhà ở", "ý kiến"): not "o" nor "y".
_LETTER_CODE_WORDS = frozenset({"hạng", "loại", "nhóm", "khối", "khu", "bảng", "tòa", "dãy"})
_FOLDED_LETTER_CODE_WORDS = frozenset(fold(w) for w in _LETTER_CODE_WORDS)
_NOT_LETTER_CODES = frozenset("oy")


# A prize or medal named by its rank ("giải Nhất", "hai giải Nhì", "huy chương vàng"),
# folded: the winner of another rank does not answer "Ai đoạt giải Nhất?".
RANKS_AFTER = {
    "giai": frozenset({"nhat", "nhi", "ba", "tu", "khuyen", "dac"}),
    "chuong": frozenset({"vang", "bac", "dong"}),
}


def ranked_prizes(folded_words: Sequence[str]) -> set[tuple[str, str]]:
    """The (word, rank) pairs of prizes named in `folded_words`: ("giai", "nhat")."""
    return {
        (word, rank)
        for word, rank in itertools.pairwise(folded_words)
        if rank in RANKS_AFTER.get(word, ())
    }


def _letter_code(word: str, code: str) -> bool:
    """Whether `code` (as written) after `word` is a capital letter naming a thing."""
    return len(code) == 1 and code.isupper() and word.lower() in _LETTER_CODE_WORDS


def names_by_number(word: str) -> bool:
    """Whether `word` (as written) names a thing by a number after it."""
    lowered = word.lower()
    folded = fold(lowered)
    if folded in _NOT_NAMING:
        return False
    if word[:1].isupper() or lowered in _NAMING_WORDS:
        return True
    return lowered == folded and folded in _PLAIN_NAMING_WORDS


# The words a name after them names a place by ("quận Bình Thạnh", "tỉnh Đồng Nai"), or a
# field of study ("ngành Dược học"): a sentence on "quận 8" is not about "quận Bình Thạnh".
# Other words before a name are too often part of it ("đội Broncos", "máy Turing", "dân
# số Warsaw").
_PLACE_HEADS = frozenset({"quận", "huyện", "phường", "xã", "tỉnh", "thôn", "ấp", "ngành"})
_FOLDED_PLACE_HEADS = frozenset(fold(w) for w in _PLACE_HEADS)
# A name's words kept: "Thừa Thiên Huế"; "tỉnh Long An Nguyễn Văn Út" runs into a person's.
_NAME_WORDS = 3


def _places(text: str) -> set[tuple[str, str]]:
    """(head, name) of each place named after a lowercase place head (or the first word:
    "Quận Bình Thạnh có …"), folded, the name's first words: ("tinh", "quang ngai"). The
    name follows the head after a space: "địa bàn tỉnh (GRDP)" names no "tỉnh GRDP"."""
    text = normalize(text)
    words = list(_QUESTION_WORD.finditer(text))
    out = set()
    for k, (head, name) in enumerate(itertools.pairwise(words)):
        if (
            name.group()[:1].isupper()
            and (head.group().islower() or k == 0)
            and head.group().lower() in _PLACE_HEADS
            and text[head.end() : name.start()].isspace()
        ):
            run = [name]
            for word in words[k + 2 : k + 1 + _NAME_WORDS]:
                if not (word.group()[:1].isupper() and text[run[-1].end() : word.start()] == " "):
                    break
                run.append(word)
            value = " ".join(fold(w.group().lower()) for w in run)
            out.add((fold(head.group().lower()), value))
    return out


def _same_name(a: str, b: str) -> bool:
    """Whether two names' first words agree as far as both go ("long an", "long an
    nguyen"): a name may run into the next."""
    x, y = a.split(), b.split()
    n = min(len(x), len(y))
    return x[:n] == y[:n]


@functools.lru_cache(maxsize=4096)
def identifiers(question: str) -> frozenset[tuple[str, str]]:
    """The (word, value) pairs of `question`, folded, where a number or a place's name
    after a word names a thing: ("quan", "3") of "Chủ tịch UBND quận 3 đề nghị gì?",
    ("quan", "binh thanh") of "Quận Bình Thạnh có kinh nghiệm gì?"."""
    words = _QUESTION_WORD.findall(normalize(question))
    numbered = {
        (fold(word.lower()), number.lower())
        for word, number in itertools.pairwise(words)
        if (_NAMING_NUMBER.fullmatch(number.lower()) and names_by_number(word))
        or _letter_code(word, number)
    }
    ranks = ranked_prizes([fold(w.lower()) for w in words])
    return frozenset(numbered | ranks | _places(question) | _levels(question))


# The level of a people's committee or council, said of its office with no place named:
# "Chủ tịch UBND huyện", "UBND cấp xã", "HĐND cấp tỉnh" (what a decree empowers). Each
# level's words, folded, and the one it is read as: a district's is "quận" or "huyện".
_LEVELS = {
    "xa": "xa", "phuong": "xa", "thi tran": "xa", "huyen": "huyen", "quan": "huyen",
    "thi xa": "huyen", "tinh": "tinh", "thanh pho": "tinh",
}  # fmt: skip
_LEVEL = re.compile(
    r"(?<!\w)(?:ubnd|hdnd|uy ban nhan dan|hoi dong nhan dan)\s+(?:cap\s+)?"
    r"(xa|phuong|thi tran|huyen|quan|thi xa|tinh|thanh pho)(?!\w)(?!\s+\d)"
)


def _levels(text: str) -> set[tuple[str, str]]:
    """("cap", level) of each people's committee or council `text` names by its level
    alone: "UBND huyện" ("cap", "huyen"), not "UBND huyện Củ Chi" (a place, `_places`)
    nor "UBND quận 3" (a numbered one)."""
    written = normalize(text)
    out = set()
    for m in _LEVEL.finditer(fold(written.lower())):
        after = written[m.end() : m.end() + 2].strip()
        if not after[:1].isupper():
            out.add(("cap", _LEVELS[m.group(1)]))
    return out


@functools.lru_cache(maxsize=8192)
def contradicts(asked: frozenset[tuple[str, str]], key: str, text: str = "") -> bool:
    """Whether a sentence (its folded `key`, and its `text` for the places it names)
    names a word of `asked` with other values only: "quận 5" and no "quận 3" for ("quan",
    "3"); "quận 8" and no "quận Bình Thạnh" for ("quan", "binh thanh")."""
    if not asked:
        return False
    if text and _FORMER.search(text):
        # "đồng chí Lê Văn Nhân, nguyên Phó Chủ nhiệm … xã Phước Thạnh, được bầu giữ chức
        # Chủ nhiệm …": a former post names where the person was, not what is said
        text = _FORMER.sub("", text)
        key = " ".join(SYLLABLE_OR_NUMBER.findall(fold_sentence(text)))  # as _Sentence.key
    said = set(named_pairs(key)) | (_places(text) | _levels(text) if text else set())
    # a place may be named without its word: "tỉnh Quảng Ngãi sơ tán 3.150 hộ, Bình Định
    # sơ tán 2.460 hộ" names "tỉnh Bình Định" too
    words = f" {' '.join(_QUESTION_WORD.findall(fold(normalize(text).lower())))} "
    onward = _onward(key)
    return any(
        not any(w == word and _names_value(v, value, (w, v) in onward) for w, v in said)
        and not (word in _FOLDED_PLACE_HEADS and f" {value} " in words)
        and any(w == word and v != value for w, v in said)
        for word, value in asked
    )


def _names_value(said: str, asked: str, onward: bool) -> bool:
    """Whether a sentence's value `said` names the value `asked`: the same name, the same
    number ("lần thứ 04" is "lần thứ 4"), or a number and all after it (`onward`: "từ lần
    thứ 04 trở đi" holds "lần thứ 5")."""
    if _same_name(said, asked):
        return True
    if not (said.isdigit() and asked.isdigit()):
        return False
    return int(said) == int(asked) or (onward and int(asked) >= int(said))


# A number and all after it: "từ lần thứ 04 trở đi", "tầng 5 trở lên" (folded).
_ONWARD = re.compile(r"(?<!\w)(\w+) (\d{1,3}) tro (?:di|len)(?!\w)")


def _onward(key: str) -> frozenset[tuple[str, str]]:
    return frozenset(_ONWARD.findall(key))


# A former post, in apposition: "nguyên Phó Chủ nhiệm Ủy ban Kiểm tra …" up to its comma.
_FORMER = re.compile(r"(?<!\w)[Nn]guyên\s+(?=[A-ZĐ])[^,;()]{3,120}(?=[,;)]|$)")


# No number names a province, a district or a commune: "Bộ đội Biên phòng tỉnh 402 vụ"
# counts cases.
_NEVER_NUMBERED = frozenset({"tinh", "huyen", "xa"})


@functools.lru_cache(maxsize=8192)
def named_pairs(key: str) -> frozenset[tuple[str, str]]:
    """The (word, number) pairs of a sentence's folded `key` where a number names
    ("quan 5"), codes joined again: the key cuts "hạng A2" as "hang a 2", "Quốc lộ 1K" as
    "quoc lo 1 k"."""
    words = key.split(" ")
    # "mỗi lớp 45 em" counts per class, it names no "lớp 45" (a sentence on "lớp 10")
    pairs = {
        (w, n)
        for k, (w, n) in enumerate(itertools.pairwise(words))
        if _NAMING_NUMBER.fullmatch(n) and w not in _NEVER_NUMBERED and words[k - 1 : k] != ["moi"]
    }
    for w, letter, after in zip(words, words[1:], [*words[2:], ""], strict=False):
        if letter.isdigit() and len(after) == 1 and after.isalpha() and (w, letter) in pairs:
            pairs.add((w, letter + after))  # "quoc lo 1 k": "Quốc lộ 1K"
        if len(letter) != 1 or not letter.isalpha():
            continue
        if after.isdigit() and len(after) <= 2:
            pairs.add((w, letter + after))
        elif w in _FOLDED_LETTER_CODE_WORDS and letter not in _NOT_LETTER_CODES:
            pairs.add((w, letter))  # "hang c cap cho": "hạng C"
    return frozenset(pairs | ranked_prizes(words))


def picked_head(question: str) -> str:
    """The naming word a question picks one by ("quận" of "Quận nào chia sẻ …?", "ca" of
    "… làm ca nào?", "khóa" of "… khóa mấy?"), as written, lowercase; "" when it picks
    none so. Not the last syllable of a dictionary word ("vệ tinh nào", "cơ quan nào")."""
    words = LETTERS_OR_DIGITS.findall(normalize(question).lower())
    for k in range(len(words) - 1):
        if words[k] == "km" and (words[k + 1] in ("nào", "mấy", "số") or words[k + 1 : k + 3]
                                 == ["bao", "nhiêu"]):  # fmt: skip
            return "km"  # "Tai nạn xảy ra ở Km bao nhiêu?": a milestone, "Km 1.045+300"
        if words[k + 1] not in ("nào", "mấy") or words[k] not in _NAMING_WORDS:
            continue
        if k == 0 or not is_word(words[k - 1 : k + 1]):
            return words[k]
    return ""


def without_milestones(text: str) -> str:
    """`text` with its roads' milestones blanked ("Km 1045+300" names a place on the road,
    it counts nothing), case and length kept."""
    spans = [m.span() for m in _MILESTONE.finditer(text.lower())]
    for a, b in spans:  # lowercasing keeps the length of Vietnamese text
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def says_milestone(text: str) -> bool:
    """Whether `text` names a road's milestone ("tại Km 1.045+300"): what "Km bao nhiêu"
    asks (`picked_head` "km"), however many "4 km" of a jam it also gives."""
    return _MILESTONE.search(text.lower()) is not None


# A code the question writes: letters and digits, a capital among them ("RON95-V", "E10",
# "ST25", "LK02-10", "U15"); a number alone is none.
_CODE = re.compile(
    r"(?<![\w-])(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Z])[A-Z0-9][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*"
    r"(?![\w-])"
)
_CODE_GAPS = re.compile(r"[\s.-]+")
# Letters that shorten a word before its number, written out in full by the article: "HK2"
# (học kỳ 2), "Q3" (quý 3), "T10" (tháng 10), "K2022" (khóa), "QL1A" (quốc lộ), "P5"
# (phường).
_SHORTHANDS = frozenset({"hk", "q", "t", "k", "ql", "tl", "dt", "p", "kp", "n"})


def unwritten_code(question: str, hits: Sequence[Hit], rank: int) -> bool:
    """Whether the question writes a code ("Giá xăng RON95-V …", "Lô LK02-10 …") that the
    article of `hits[rank]` (its passages found, its title) does not write, spaces, dots
    and dashes aside ("RON 95-V", "QL1A" for "1A"): the article is about another grade,
    lot or product, however alike its words ("HK2", "Q3" only shorten words). Measured on
    the blind sets: nine questions about a product or lot no article names declined, no
    answer lost."""
    codes = [
        c for c in _CODE.findall(question)
        if not c.isdigit() and re.sub(r"[\d-]", "", c).lower() not in _SHORTHANDS
    ]  # fmt: skip
    if not codes:
        return False
    article = hits[rank].article_id
    texts = [hits[rank].title, *(h.text for h in hits if h.article_id == article)]
    written = _CODE_GAPS.sub("", " ".join(texts).lower())
    return any(_CODE_GAPS.sub("", code.lower()) not in written for code in codes)


def headed_value(text: str, head: str, asked: frozenset[str]) -> tuple[int, int] | None:
    """The span of "<head> <value>" in `text` for a question picking one by `head`
    (`picked_head`: "quận 8" of "… Phó Bí thư Quận ủy quận 8 cho biết …" for "Quận nào
    …?"): the head as written and a number or a capitalised name after it, the first
    whose value the question does not say (`asked`, folded); None when there is none.
    "Quận ủy" names no district: "ủy" is no value."""
    if not head:
        return None
    lowered = text.lower()
    if len(lowered) != len(text):
        return None  # positions would not line up
    if head == "km":  # a milestone: "Km 1.045+300", "Km15"
        milestone = _MILESTONE.search(lowered)
        return milestone.span() if milestone else None
    for found in re.finditer(rf"(?<!\w){re.escape(head)} (\S+)", lowered):
        start = found.start(1)
        value = text[start : found.end(1)].rstrip(".,;:!?)")
        end = start + len(value)
        if _NAMING_NUMBER.fullmatch(value.lower()):
            pass
        elif value[:1].isupper():
            # a name runs on as names do (names.capitalised_runs): "quận Bình Thạnh",
            # "Phòng Tài chính - Kế toán"
            end = next((b for a, b in capitalised_runs(text) if a <= start < b), end)
        else:
            continue
        if not set(fold(text[start:end].lower()).split()) <= asked:
            return found.start(), end
    return None
