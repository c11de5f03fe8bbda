"""Evidence that a sentence answers a question, beyond sharing its words.

Pure functions over tokens, used by the extractive answer's sentence choice and by the
gate (`gate.py`):

- `question_marks(question)`: what the question pins down that an answer must share:
  its names (capitalised words after the first: "Jared Allen", "Panthers", "TPHCM") and
  its numbers ("2017", "8/2"), folded. A sentence or passage without them is about
  something else, however many other words it shares ("Năm 2017 kết nạp bao nhiêu đảng
  viên mới?" against a passage on 2018);
- `missing(marks, tokens)`: the share of them a text lacks;
- `says_how_many(text)`: a sentence without a number that still answers "bao nhiêu"
  ("nhiều lần", "không có hiệp ước nào");
- `density(sequence, terms)`: the question's words near each other: matched distinct
  terms over the length of the shortest window holding them all ("trọng tâm năm 2018"
  together rather than scattered over a long sentence).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from retrieval.language.text import fold, normalize
from retrieval.language.vocabulary import (
    ANSWER_STOP_SYLLABLES,
    HONORIFIC_WORDS,
    QUANTITY_WORDS,
)

__all__ = ["density", "missing", "question_marks", "says_how_many"]

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
    for i, word in enumerate(words):
        if word[0].isdigit():
            numbers.update(re.findall(r"\d+", word))
            continue
        if not word[0].isupper():
            continue
        if i == 0 and not (len(words) > 1 and words[1][:1].isupper()):
            continue
        if word.lower() not in _NOT_NAMES:
            names.add(fold(word.lower()))
    return frozenset(names), frozenset(numbers)


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
