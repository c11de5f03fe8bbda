"""How a text becomes BM25 terms, for lexical search in Vietnamese.

Terms, per text (`Analyzer.terms`):

- syllables: `normalize`d, lowercased runs of letters, and numbers kept whole (see
  `_number_terms`);
- question phrases and a few function words are dropped (`SEARCH_QUESTION_PHRASES`,
  `SEARCH_STOPWORDS` and their folded forms, in `retrieval.language.vocabulary`), so "là
  gì", "bao nhiêu", "như thế nào" never decide which passage wins;
- adjacent-syllable bigrams ("nhiệm_vụ", "trọng_tâm", "năm_2018") stand in for word
  segmentation: Vietnamese words are mostly one or two syllables, and bigrams need no
  model and work on text typed without diacritics, where a segmenter is lost;
- every term also in accent-folded form, prefixed "~" ("~nhiem_vu"), in the same index.

Measured with `bench/tune_hybrid.py` (BM25 alone, xquad_vi, 1,190 questions, hit@1 as
asked / typed without diacritics): syllables 0.914 / 0.864, syllables + bigrams 0.909 /
0.902, pyvi words 0.879 / 0.408, pyvi words + syllables 0.898 / 0.865. Bigrams are the
only variant that holds up without diacritics. The stop lists are neutral on that set
(0.910 / 0.907 without them: question words rarely occur in its passages) and are kept
for news text, where quotes and interviews are full of them; the weight of folded terms
for a question with diacritics made no measurable difference between 0 and 1.

A question typed with diacritics is scored on its exact terms plus its folded terms at a
lower weight (`Analyzer.fold_weight`), so "tâm" beats "tám" but a half-accented question
still finds its passage; a question typed without any diacritics is scored on folded terms
only (its exact terms would match only the ASCII words of a passage: numbers and foreign
names would count twice).

The index that scores these terms is `retrieval.search.lexical`.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from retrieval.language.text import fold, normalize
from retrieval.language.vocabulary import (
    FOLDED_SEARCH_QUESTION_WORDS,
    FOLDED_SEARCH_STOPWORDS,
    NUMBER_SEPARATOR,
    SEARCH_QUESTION_PHRASES,
    SEARCH_QUESTION_WORDS,
    SEARCH_STOPWORDS,
    SYLLABLE_OR_NUMBER,
)

__all__ = [
    "TERMS_VERSION",
    "Analyzer",
    "Terms",
    "fold_terms",
    "has_diacritics",
    "tokenize",
]

# --- tokens ----------------------------------------------------------------------------

_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_YEAR_LIKE = 4  # digits in a part of a compound number that is also indexed alone
_FOLD_PREFIX = "~"
_BIGRAM_JOIN = "_"

# Bump when the terms of a text change (a change to the search lists of
# retrieval.language.vocabulary included): saved indexes are then rebuilt (see
# retrieval.search.snapshot, which records it).
TERMS_VERSION = 1


def _number_terms(number: str) -> list[str]:
    """Numbers are kept whole so "8/2" matches the date and not every "8" and "2".

    "1.000" (Vietnamese thousands separator) becomes "1000", so both spellings match. A
    compound number also yields its parts of four or more digits, the years people ask
    about alone: "2020-2025" -> "2020-2025", "2020", "2025"; "8/2/2018" -> ..., "2018".
    """
    if _THOUSANDS.fullmatch(number):
        return [number.replace(".", "")]
    parts = NUMBER_SEPARATOR.split(number)
    if len(parts) == 1:
        return [number]
    return [number, *(p for p in parts if len(p) >= _YEAR_LIKE)]


@functools.cache
def _fold_table() -> dict[int, str | None]:
    """`str.translate` table equal to `fold` on lowercase NFC text, one character at a
    time: folding a whole text in one C call is what keeps indexing fast."""
    table: dict[int, str | None] = {}
    for code in range(0x80, 0x2000):
        char = chr(code)
        if unicodedata.combining(char):
            table[code] = None  # a mark left uncomposed by NFC
            continue
        folded = fold(char)
        if folded != char and len(folded) == 1:
            table[code] = folded
    for code in range(0x1E00, 0x1F00):  # Latin Extended Additional: "ạ", "ế", "ữ", ...
        folded = fold(chr(code))
        if len(folded) == 1:
            table[code] = folded
    for low, high in ((0x1AB0, 0x1B00), (0x1DC0, 0x1E00), (0x20D0, 0x2100), (0xFE20, 0xFE30)):
        table.update(dict.fromkeys(range(low, high)))
    return table


def _fold_fast(text: str) -> str:
    return text.translate(_fold_table())


@functools.cache
def _diacritic() -> re.Pattern[str]:
    """Any character that `fold` changes, once lowercased (a diacritic, "đ")."""
    chars = "".join(sorted(chr(c) for c in _fold_table()))
    return re.compile(f"[{re.escape(chars)}]")


@functools.lru_cache(maxsize=4096)
def has_diacritics(text: str) -> bool:
    """Whether `text` was typed with Vietnamese diacritics (any accent, or "đ")."""
    return _diacritic().search(normalize(text).lower()) is not None


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    # Longest first, so "như thế nào" goes whole rather than leaving "như".
    ordered = sorted(set(phrases), key=lambda p: (-len(p.split()), p))
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")


_ACCENTED_PHRASES = _phrase_pattern(SEARCH_QUESTION_PHRASES)
_FOLDED_PHRASES = _phrase_pattern(fold(p) for p in SEARCH_QUESTION_PHRASES)
# What a question phrase is replaced by: a break, so no bigram spans the gap it leaves.
_PHRASE_GAP = " | "

# Where a run of adjacent syllables breaks: any punctuation except "-", and ". , / :"
# unless they stand between two digits (inside "8/2", "1.000", "3,5", "7:30"). Inside a
# run, tokens are separated only by spaces, "_" or "-" ("Rịa-Vũng", "Super_Bowl").
_BREAK = re.compile(r"[^\w\s\-.,/:]+|[.,/:](?!\d)|(?<!\d)[.,/:]")
_DIGIT = re.compile(r"\d")


def _runs(text: str) -> Iterator[list[str]]:
    """Runs of syllables and numbers that stand next to each other (bigram candidates)."""
    for segment in _BREAK.split(text):
        tokens = SYLLABLE_OR_NUMBER.findall(segment)
        if not tokens:
            continue
        if not _DIGIT.search(segment):
            yield tokens
            continue
        run: list[str] = []
        for token in tokens:
            if not token[0].isdigit():
                run.append(token)
                continue
            terms = _number_terms(token)
            run.append(terms[0])
            if len(terms) > 1:
                yield run  # the parts of a compound number are unigrams only
                yield from ([part] for part in terms[1:])
                run = []
        if run:
            yield run


@dataclass(frozen=True)
class Terms:
    """The terms of one text, split by kind so a query can weight them."""

    exact: list[str]
    folded: list[str]  # "~"-prefixed
    accented: bool  # the text has diacritics somewhere

    @property
    def all(self) -> list[str]:
        return self.exact + self.folded


@dataclass(frozen=True)
class Analyzer:
    """How text becomes BM25 terms. Saved with the index: a change means a rebuild.

    The defaults are the measured choice (see the module docstring).
    """

    bigrams: bool = True
    stopwords: bool = True
    # Weight of folded terms in a question typed with diacritics (1 would let "tám"
    # match "tâm" as well as "tâm" itself does).
    fold_weight: float = 0.5

    def terms(self, text: str) -> Terms:
        exact, accented = self.exact_terms(text)
        return Terms(exact=exact, folded=fold_terms(exact), accented=accented)

    def exact_terms(self, text: str) -> tuple[list[str], bool]:
        """The terms of `text` before folding, and whether it has diacritics."""
        lowered = normalize(text).lower()
        # A text typed without any diacritics is read with the folded lists: there "trong"
        # may be "trọng" and "o dau" is "ở đâu"; with diacritics, "ở đầu" is not a question.
        accented = _diacritic().search(lowered) is not None
        stopwords: frozenset[str] = frozenset()
        questions: frozenset[str] = frozenset()
        if self.stopwords:
            phrases = _ACCENTED_PHRASES if accented else _FOLDED_PHRASES
            lowered = phrases.sub(_PHRASE_GAP, lowered)
            stopwords = SEARCH_STOPWORDS if accented else FOLDED_SEARCH_STOPWORDS
            questions = SEARCH_QUESTION_WORDS if accented else FOLDED_SEARCH_QUESTION_WORDS
        exact: list[str] = []
        for run in _runs(lowered):
            exact += [s for s in run if s not in stopwords]
            if self.bigrams and len(run) > 1:
                stops = [s in stopwords for s in run]
                asks = [s in questions for s in run]
                exact += [
                    a + _BIGRAM_JOIN + b
                    for (a, b), (stop_a, stop_b), (ask_a, ask_b) in zip(
                        itertools.pairwise(run),
                        itertools.pairwise(stops),
                        itertools.pairwise(asks),
                        strict=True,
                    )
                    if not (ask_a or ask_b or (stop_a and stop_b))
                ]
        return exact, accented

    def query_weights(self, query: str) -> dict[str, float]:
        """Term -> weight for a question (repeated terms add up, as in Lucene)."""
        terms = self.terms(query)
        weights: dict[str, float] = {}
        accented = terms.accented
        if accented:
            for term in terms.exact:
                weights[term] = weights.get(term, 0.0) + 1.0
        fold_weight = self.fold_weight if accented else 1.0
        if fold_weight > 0:
            for term in terms.folded:
                weights[term] = weights.get(term, 0.0) + fold_weight
        return weights

    def to_json(self) -> dict[str, Any]:
        return {"kind": type(self).__name__, **dataclasses.asdict(self)}


def fold_terms(terms: list[str]) -> list[str]:
    """ "~" + the folded form of every term ("~nhiem_vu"), in one translate call."""
    if not terms:
        return []
    # "\n" never occurs in a term: terms are cut at whitespace.
    joined = _FOLD_PREFIX + ("\n" + _FOLD_PREFIX).join(terms)
    return _fold_fast(joined).split("\n")


def tokenize(text: str, analyzer: Analyzer | None = None) -> list[str]:
    """Every BM25 term of `text`: exact terms, then "~"-prefixed folded ones."""
    return (analyzer or Analyzer()).terms(text).all
