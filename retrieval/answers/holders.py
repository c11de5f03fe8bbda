"""Who holds an office is said by a sentence naming that office.

"Ai là Chủ tịch UBND huyện Đức Thạnh?" is not answered by "bà Nguyễn Thị Bích Ngọc,
Trưởng phòng Lao động - Thương binh và Xã hội huyện, cho biết …" however many of its words
the sentence shares, nor "Ai là Chủ nhiệm Ủy ban Kiểm tra Thành ủy?" by the Bí thư chairing
a conference: the best sentence within reach that names the office asked (its first two
words, three for a deputy's: "chủ tịch", "phó chủ tịch") leads, and with none the articles
do not say who holds it. A deputy's office is another office ("Phó Chủ tịch" does not
name "Chủ tịch"). Its holder is the person named right after the office ("… chất vấn Giám
đốc Sở Y tế Ngô Thị Hạnh", not the delegate asking) or right before it ("bà Nguyễn Thị Bích
Ngọc, Trưởng phòng …"): `holder_named`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from retrieval.answers.sentences import _Candidate
from retrieval.language.entities import person_spans, tokens
from retrieval.language.text import fold, rough_fold

__all__ = [
    "appointee", "asked_office", "holder_named", "holding", "names_office_asked", "office_pattern",
]  # fmt: skip

# "Ai là …?", "Ai đang giữ chức …?", "… là ai?", "… hiện nay là ai?"
_ASKED = (
    re.compile(
        r"^ai (?:hien nay |hien tai )?(?:dang )?(?:la|lam|giu chuc|giu|dam nhiem) (.+?)\s*\??$"
    ),
    re.compile(r"^(.+?) (?:hien nay |hien tai )?la ai\s*\??$"),
)
# The offices of a body (not a rank or a role: "đại biểu", "tiến sĩ", "ủy viên").
_OFFICES = tuple(
    fold(o)
    for o in (
        "chủ tịch", "giám đốc", "bí thư", "chủ nhiệm", "hiệu trưởng", "viện trưởng",
        "cục trưởng", "vụ trưởng", "bộ trưởng", "thứ trưởng", "chánh", "tổng giám đốc",
        "tổng bí thư", "trưởng ban", "trưởng phòng", "trưởng khoa", "tư lệnh", "thủ tướng",
        "huấn luyện viên trưởng", "hlv trưởng", "tổng biên tập", "chánh án",
    )
)  # fmt: skip


def asked_office(question: str) -> tuple[str, ...]:
    """The folded words that name the office whose holder `question` asks ("chu tich",
    "pho chu tich", "tong giam doc"); empty when it asks none."""
    return _office_asked(question)[0]


@functools.lru_cache(maxsize=1024)
def _office_asked(question: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The office asked (`asked_office`) and the folded words after it (the body's name)."""
    read = rough_fold(question.strip().lower())
    for pattern in _ASKED:
        found = pattern.match(read)
        if found is None:
            continue
        words = found.group(1).split()
        deputy = words[:1] == ["pho"]
        title = " ".join(words[1:] if deputy else words)
        # the longest office it opens with ("tong giam doc", not "tong giam")
        office = max((o for o in _OFFICES if f"{title} ".startswith(f"{o} ")), key=len, default="")
        if office:
            n = len(office.split()) + deputy
            return tuple(words[:n]), tuple(words[n:])
    return (), ()


@functools.lru_cache(maxsize=256)
def office_pattern(office: tuple[str, ...]) -> re.Pattern[str]:
    """The office as a sentence writes it, folded; a deputy's is another ("phó chủ tịch"
    is no "chủ tịch")."""
    return re.compile(rf"(?<!\w)(?<!pho ){' '.join(office)}(?!\w)")


def holding(
    question: str, scored: Sequence[tuple[float, _Candidate, tuple[float, ...]]]
) -> int | None:
    """The position in `scored` (best first) of the best candidate naming the office the
    question asks the holder of: 0 when it asks none or the best names it; None when none
    does."""
    if not asked_office(question):
        return 0
    return next(
        (i for i, (_, c, _) in enumerate(scored) if names_office_asked(question, c.sentence.text)),
        None,
    )


def names_office_asked(question: str, text: str) -> bool:
    """Whether `text` names the office `question` asks the holder of, of the body asked
    ("Trưởng phòng Đào tạo của trường" is not the office of another university's)."""
    office = asked_office(question)
    return bool(office) and _of_body(office_pattern(office), text, _asked_body(question))


def holder_named(question: str, text: str) -> tuple[int, int] | None:
    """The span in `text` of the person holding the office `question` asks the holder of:
    named right after the office's title, or right before it and a comma."""
    office = asked_office(question)
    folded = rough_fold(text.lower())
    if not office or len(folded) != len(text):
        return None
    names = _name_spans(text)
    appointed = _appointed(office, folded, names)
    if appointed is not None:
        return appointed
    for title in office_pattern(office).finditer(folded):
        after = [(a, b) for a, b in names if a >= title.end() and a - title.end() <= _TITLE_REACH]
        if after and not re.search(r"[,;:()]", text[title.end() : after[0][0]]):
            return after[0]
        before = [(a, b) for a, b in names if re.fullmatch(r"\s*,\s*", text[b : title.start()])]
        if before:
            return before[0]
    return None


def appointee(question: str, text: str) -> tuple[int, int] | None:
    """The span in `text` of the one appointed or elected to the office `question` asks
    the holder of: "bổ nhiệm HLV Trương Minh Khoa, cựu HLV trưởng đội U23 …, làm HLV
    trưởng" (not the club of the aside before "làm"); None when none is."""
    office = asked_office(question)
    folded = rough_fold(text.lower())
    if not office or len(folded) != len(text) or not _APPOINTS.search(folded):
        return None
    return _appointed(office, folded, _name_spans(text))


def _name_spans(text: str) -> list[tuple[int, int]]:
    """The character spans of the people `text` names, in order."""
    toks = tokens(text)
    return [
        (toks[end - len(person.name.split())].start, toks[end - 1].end)
        for _, end, person in person_spans(toks)
    ]


def _appointed(
    office: tuple[str, ...], folded: str, names: list[tuple[int, int]]
) -> tuple[int, int] | None:
    for verb in _APPOINTS.finditer(folded):
        named = [(a, b) for a, b in names if 0 <= a - verb.end() <= _VERB_REACH]
        if named and office_pattern(office).search(folded, named[0][1]):
            return named[0]
    return None


# Appointing, electing or assigning someone, folded ("cử" folds as "cũ", "cụ": left out);
# the name follows within _VERB_REACH characters
# (an honorific or a title between: "bầu đồng chí …", "bổ nhiệm HLV …").
_APPOINTS = re.compile(r"(?<!\w)(?:bo nhiem|bau|giao)(?!\w)")
_VERB_REACH = 16
# How far after its title's first words a holder's name may come ("Giám đốc Sở Lao động -
# Thương binh và Xã hội tỉnh Bình Giang Nguyễn Văn An").
_TITLE_REACH = 70


# Words many bodies' names share ("Sở", "Ủy ban", "tỉnh"): a body is told by the others.
_GENERIC = frozenset(
    {"tinh", "huyen", "xa", "phuong", "thanh", "pho", "quan", "thi", "tran", "cua", "va",
     "cac", "tp", "so", "ban", "uy", "hoi", "dong"}
)  # fmt: skip


@functools.lru_cache(maxsize=1024)
def _asked_body(question: str) -> tuple[frozenset[str], frozenset[str]]:
    """The distinctive folded words of the body whose office the question asks about: those
    it capitalises ("benh", "vien", "da", "khoa", "phuoc", "an" of "… Giám đốc Bệnh viện Đa
    khoa Phước An?"), and all of them ("to", "chuc", "le", "sen", "thap", "muoi" of "… trưởng
    ban tổ chức lễ hội sen Tháp Mười?"); acronyms aside, which a sentence may spell out in
    words no rule can tell ("TUMAS")."""
    office, rest = _office_asked(question)
    if not office:
        return frozenset(), frozenset()
    words = re.findall(r"\w+", question)
    acronyms = {rough_fold(w.lower()) for w in words if w.isupper()}
    capitals = {rough_fold(w.lower()) for w in words if w[:1].isupper()} - acronyms
    body = frozenset(rest) - _GENERIC - acronyms
    return body & capitals, body


def _of_body(
    named: re.Pattern[str], text: str, body: tuple[frozenset[str], frozenset[str]]
) -> bool:
    """Whether `text` names the office (`named`) of the body asked: the capitalised words
    after the title, to the next mark, share one with those the question capitalises (none
    said, or none asked: it may), or two of all its words."""
    capitals, every = body
    folded = rough_fold(text.lower())
    for found in named.finditer(folded):
        after = re.split(r"[,;:()]", text[found.end() : found.end() + _BODY_REACH])[0]
        # to the holder's name, which names no body ("Tổng giám đốc Lê Văn Khánh chủ trì")
        toks = tokens(after)
        people = person_spans(toks)
        after = after[: toks[people[0][0]].start] if people else after
        # acronyms aside too: "Sở GD&ĐT", "Chủ tịch HĐQT" may be of the body asked
        words = re.findall(r"\w+", after)[:_BODY_WORDS]
        said = {rough_fold(w.lower()) for w in words if w[:1].isupper() and not w.isupper()}
        said -= _GENERIC
        if not capitals or not said or not capitals.isdisjoint(said):
            return True
        if len(every & {rough_fold(w.lower()) for w in words}) >= _SHARED_WORDS:
            return True
    return False


# How far after an office's title its body's name is read ("Giám đốc Trung tâm Đột quỵ").
_BODY_REACH = 60
_BODY_WORDS = 6
_SHARED_WORDS = 2
