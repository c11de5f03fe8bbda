"""The office a named person holds, when a question asks for it.

"Thượng tá Lê Quang Huy đang giữ chức vụ gì?" is answered by the title the sentence
gives him: after his name between commas ("Thượng tá Lê Quang Huy, Phó trưởng Phòng Cảnh
sát giao thông Công an tỉnh, cho biết …") or before it ("Bí thư Thành ủy TPHCM Nguyễn
Thiện Nhân chủ trì …"). A title mixes capitals and lowercase ("Phó trưởng Phòng …
giao thông Công an tỉnh"), so the capitalised names a "gì" reading finds are pieces of it,
or another name of the sentence ("TP.HCM – Long Thành – Dầu Giây"). Of several titles
after the name ("Phó Chủ tịch Hội Nhà văn TP.HCM, Trưởng Ban giám khảo"), the one naming
the body the question names ("… trong Hội Nhà văn TP.HCM?"), else all of them.
`office_of(question, text)` is that span, or None when the question asks no office of a
named person or the sentence does not name them with a title.

The other way round, "Ai làm Chủ tịch Hội đồng xét tốt nghiệp?" is answered by who the
sentence says holds it, in a rule's words: "X làm Chủ tịch", "X là Ủy viên thường trực",
"Chủ tịch Hội đồng là X" (`holder_of`), where X is often an office itself ("Phó Hiệu
trưởng phụ trách đào tạo"), lowercase words and all. Pure functions.
"""

from __future__ import annotations

import itertools
import re

from retrieval.answers.appointed import appointed
from retrieval.answers.holders import appointee, holder_named
from retrieval.language.entities import _persons
from retrieval.language.text import fold, rough_fold
from retrieval.language.vocabulary import HONORIFIC_WORDS, REPORTING_VERBS, TITLE_OPENERS

__all__ = ["by_office", "holder_of", "office_of"]

_ASKS_OFFICE = re.compile(r"\b(?:chuc vu|chuc danh|cuong vi|giu chuc|dam nhiem chuc)\b")
_WORD = re.compile(r"\w+")
# One apposed title: up to the next comma, semicolon, bracket or sentence end.
_SEGMENT = re.compile(
    r"\s*,\s*([^,;()]+?)(?=\s*(?:[,;()]|\.(?:\s|$)|$)|\s+(?:"
    + "|".join(" ".join(verb) for verb in sorted(REPORTING_VERBS))
    + r")(?!\w))"
)
_FOLDED_OPENERS = tuple(fold(t) for t in TITLE_OPENERS)
_OPENER = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, _FOLDED_OPENERS)) + r")(?!\w)")
# A title is a few words; a clause after a comma is longer.
_MAX_TITLE_WORDS = 14


def office_of(question: str, text: str) -> tuple[int, int] | None:
    """The span in `text` of the title of the person `question` asks the office of."""
    if not _ASKS_OFFICE.search(fold(question.lower())):
        return None
    name = _asked_name(question)
    if name is None:
        return None
    found = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)
    if found is None:
        return None
    after = _titles_after(question, text, found.end())
    return after or _title_before(text, found.start())


def _asked_name(question: str) -> str | None:
    """The person's name in `question`: a capitalised run from a surname ("Lê Quang Huy"
    of "Thượng tá Lê Quang Huy"), else the capitalised word after an honorific ("Huy" of
    "Ông Huy")."""
    people = _persons(question)
    if people:
        return people[0].name
    # "Ông Huy …" opening a question reads as a pronoun to `_persons`
    for before, word in itertools.pairwise(_WORD.findall(question)):
        if before.lower() in HONORIFIC_WORDS and word[:1].isupper():
            return word
    return None


def _is_title(phrase: str) -> bool:
    folded = fold(phrase.lower())
    return len(phrase.split()) <= _MAX_TITLE_WORDS and (
        phrase[:1].isupper() or _opens_title(folded)
    )


def _titles_after(question: str, text: str, end: int) -> tuple[int, int] | None:
    """The titles apposed after the name ending at `end`: the one naming a body the
    question names, else all of them, up to the first phrase that is no title."""
    spans: list[tuple[int, int]] = []
    for _ in range(3):
        segment = _SEGMENT.match(text, end)
        if segment is None or not _is_title(segment.group(1)):
            break
        spans.append(segment.span(1))
        end = segment.end(1)
    if not spans:
        return None
    asked = set(_WORD.findall(fold(question.lower())))
    named = [(a, b) for a, b in spans if _names_body(fold(text[a:b].lower()), asked)]
    return named[0] if len(named) == 1 else (spans[0][0], spans[-1][1])


def _names_body(folded_title: str, asked: set[str]) -> bool:
    """Whether a title's body (its words after its opener) shares two words with the
    question ("Hội Nhà văn" of "… trong Hội Nhà văn TP.HCM?")."""
    return len(set(_WORD.findall(folded_title)[2:]) & asked) >= 2


def _title_before(text: str, start: int) -> tuple[int, int] | None:
    """The title right before a name starting at `start`, from its opening word back to
    the start of its clause ("Bí thư Thành ủy TPHCM" of "… , Bí thư Thành ủy TPHCM
    Nguyễn Thiện Nhân chủ trì")."""
    clause = max(text.rfind(mark, 0, start) for mark in (",", ";", ":", "(", ". ")) + 1
    at = _OPENER.search(rough_fold(text[clause:start]))  # one character for one
    if at is None:
        return None
    begin = clause + at.start()
    title = text[begin:start].rstrip()
    return (begin, begin + len(title)) if len(title.split()) <= _MAX_TITLE_WORDS else None


# "Ai làm Chủ tịch Hội đồng …?", "Ai là Ủy viên thường trực …?", "Thư ký hội đồng là ai?"
_WHO_HOLDS = re.compile(r"^ai (?:la|lam|giu|dam nhiem) (.+?)\??$|^(.+?) (?:la|do) ai\??$")
# How many of the office's words a sentence must say after "làm" / "là" ("Chủ tịch" of
# "Chủ tịch Hội đồng xét tốt nghiệp"), or before "là".
_OFFICE_WORDS = 2
_CLAUSE_MARKS = re.compile(r"[,;:.(]")
# A board's offices besides a person's titles (vocabulary.TITLE_OPENERS), folded.
_BOARD_OFFICES = ("thu ky", "thu quy", "ke toan truong")


def holder_of(question: str, text: str) -> tuple[int, int] | None:
    """The span in `text` of who holds the office `question` asks the holder of."""
    asked = _WHO_HOLDS.match(rough_fold(question.strip()))
    if asked is None:
        return appointed(question, text)  # "Ai được bầu làm …?"
    # "bổ nhiệm HLV X, cựu HLV trưởng đội U23 của một CLB, làm HLV trưởng": X, not the club
    chosen = appointee(question, text)
    if chosen is not None:
        return chosen
    office = (asked.group(1) or asked.group(2)).split()
    opens = _opens_title(fold(" ".join(office)), _BOARD_OFFICES)
    if len(office) < _OFFICE_WORDS or not opens:
        return None
    said = " ".join(office[:_OFFICE_WORDS])
    folded = rough_fold(text)  # one character for one
    # "X làm Chủ tịch": X back to the start of its clause
    before = re.search(rf"(?<!\w)(?:lam|la) {re.escape(said)}(?!\w)", folded)
    if before is not None:
        marks = list(_CLAUSE_MARKS.finditer(text, 0, before.start()))
        holder = _holder(text, marks[-1].end() if marks else 0, before.start())
        if holder is not None:
            return holder
    # "Chủ tịch Hội đồng là X": X up to the end of its clause
    after = re.search(rf"(?<!\w){re.escape(said)}(?:\s+\w+){{0,6}}? la ", folded)
    if after is not None:
        end = _CLAUSE_MARKS.search(text, after.end())
        return _holder(text, after.end(), end.start() if end else len(text))
    return holder_named(question, text)  # "… Giám đốc Sở Y tế Ngô Thị Hạnh"


def _holder(text: str, start: int, end: int) -> tuple[int, int] | None:
    """`text[start:end]` without the spaces around it, when it is short enough to name
    who holds an office."""
    holder = text[start:end].strip()
    if not holder or len(holder.split()) > _MAX_TITLE_WORDS:
        return None
    begin = text.index(holder, start)
    return begin, begin + len(holder)


def by_office(question: str, phrase: str) -> bool:
    """Whether `phrase` names whoever holds an office ("Trưởng phòng Công tác sinh
    viên"), other than the one `question` asks the holder of: a rule's answer to who."""
    folded = fold(phrase.lower())
    asked = set(_WORD.findall(fold(question.lower())))
    return _opens_title(folded) and not set(folded.split()) <= asked


def _opens_title(folded: str, more: tuple[str, ...] = ()) -> bool:
    """Whether folded words open with a title's first words ("pho hieu truong …"; not
    "phong …", which opens with "pho" only as letters)."""
    return f"{folded} ".startswith(tuple(f"{o} " for o in (*_FOLDED_OPENERS, *more)))
