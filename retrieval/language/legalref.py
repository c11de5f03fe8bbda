"""The article of a law or regulation a question names: "Điều 5 quy định gì?",
"khoản 2 điều 14", "theo Điều 5 khoản 2", "dieu 5 khoan 2 diem a".

`legal_reference` finds the "Điều" number (required: a clause number alone names nothing
without its article) and the "Khoản" and "Điểm" that go with it, typed with or without
diacritics, in either order. Search then puts the chunks whose legal path matches first
(`retrieval.search.legal`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from retrieval.language.text import fold
from retrieval.language.vocabulary import LEGAL_LEVELS

__all__ = ["LegalRef", "legal_reference"]

# "điều 5", "điều 5a", "khoản 2", "điểm a", "điểm đ" (folded: "d"), after folding.
_LEVEL = re.compile(
    r"\b(" + "|".join(LEGAL_LEVELS) + r")\s+(?:so\s+)?(\d{1,4}[a-z]?|[a-z])(?![\w/.,]\d)\b"
)


@dataclass(frozen=True)
class LegalRef:
    """An Điều, and within it a Khoản and an Điểm when the question names them."""

    article: str  # "5"
    clause: str = ""  # "2"
    point: str = ""  # "a"

    def levels(self) -> list[tuple[str, str]]:
        """(level name as in a legal path, number): [("Điều", "5"), ("Khoản", "2")]."""
        pairs = [("Điều", self.article), ("Khoản", self.clause), ("Điểm", self.point)]
        return [(kind, number) for kind, number in pairs if number]


@functools.lru_cache(maxsize=1024)
def legal_reference(question: str) -> LegalRef | None:
    """The Điều (with its Khoản and Điểm) the question names, or None. The first of each
    level counts; a Khoản or Điểm that is not a number or a letter is ignored.

    Cached: search and the answer step read it three times per question (~15 us each);
    what it returns is immutable (a frozen LegalRef of strings, or None)."""
    found: dict[str, str] = {}
    for match in _LEVEL.finditer(fold(question)):
        level, number = LEGAL_LEVELS[match.group(1)], match.group(2)
        if level == "Điểm" and not number.isalpha():
            continue
        if level != "Điểm" and not number[0].isdigit():
            continue
        found.setdefault(level, number)
    if "Điều" not in found:
        return None
    return LegalRef(found["Điều"], found.get("Khoản", ""), found.get("Điểm", ""))
