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
named person or the sentence does not name them with a title. Pure functions.
"""

from __future__ import annotations

import itertools
import re

from retrieval.language.text import fold, rough_fold
from retrieval.language.vocabulary import (
    HONORIFIC_WORDS,
    REPORTING_VERBS,
    SURNAMES,
    TITLE_OPENERS,
)

__all__ = ["office_of"]

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
    words = _WORD.findall(question)
    for k, word in enumerate(words):
        if word.lower() in SURNAMES and word[:1].isupper():
            run = list(itertools.takewhile(lambda w: w[:1].isupper(), words[k:]))
            if len(run) >= 2:
                return " ".join(run[:4])
    for before, word in itertools.pairwise(words):
        if before.lower() in HONORIFIC_WORDS and word[:1].isupper():
            return word
    return None


def _is_title(phrase: str) -> bool:
    folded = fold(phrase.lower())
    return len(phrase.split()) <= _MAX_TITLE_WORDS and (
        phrase[:1].isupper() or folded.startswith(_FOLDED_OPENERS)
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
    asked = set(fold(question.lower()).split())
    named = [(a, b) for a, b in spans if _names_body(fold(text[a:b].lower()), asked)]
    return named[0] if len(named) == 1 else (spans[0][0], spans[-1][1])


def _names_body(folded_title: str, asked: set[str]) -> bool:
    """Whether a title's body (its words after its opener) shares two words with the
    question ("Hội Nhà văn" of "… trong Hội Nhà văn TP.HCM?")."""
    return len(set(folded_title.split()[2:]) & asked) >= 2


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
