"""Vietnamese words of more than one syllable: a word is one to several syllables written
apart ("giao thông", "trung học cơ sở"), so a phrase cut at a space can still cut a word
("Bộ Giao" of "Bộ Giao thông vận tải").

`is_word(syllables)` looks them up in a dictionary of the words of two syllables or more
(`data/words.txt`: 25,406 words, from pyvi's word list, MIT licence, see
`data/README.md`), read on first use, not at import.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

__all__ = ["WORDS_FILE", "is_word", "syllables"]

WORDS_FILE = Path(__file__).with_name("data") / "words.txt"


@functools.cache
def _dictionary() -> frozenset[tuple[str, ...]]:
    """The dictionary's words as tuples of syllables (normalised, lowercase)."""
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(tuple(line.split()) for line in lines)


def is_word(syllables: Sequence[str]) -> bool:
    """Whether the syllables (normalised as `text.normalize` does, lowercase) are one
    dictionary word: ("giao", "thông") is, ("thông", "vận") is not."""
    return tuple(syllables) in _dictionary()


@functools.cache
def syllables() -> dict[str, int]:
    """Every syllable of the dictionary's words (normalised, lowercase), with the number
    of its words it is part of."""
    counts: dict[str, int] = {}
    for word in sorted(_dictionary()):
        for syllable in word:
            counts[syllable] = counts.get(syllable, 0) + 1
    return counts
