"""Names, slots and topics in Vietnamese questions and answers.

Recognises persons ("ông Ma Xuân Việt", "Nguyễn Thiện Nhân"), slot values ("năm 2018",
"quận 8", "khóa XII") and a question's topic ("nhiệm vụ trọng tâm năm 2018"), and sums a
turn up as its `key_terms`. The conversation's turns (`retrieval.dialogue.turns`) and the
follow-up rewriter (`retrieval.dialogue`) both use it; the words it knows (honorifics,
family names, slot heads, question phrases) are in `retrieval.language.vocabulary`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from retrieval.language.segmentation import is_word
from retrieval.language.text import fold, normalize, split_sentences
from retrieval.language.vocabulary import (
    ADMIN_UNITS,
    CODAS,
    EDGE_FUNCTION_WORDS,
    FOLD_AMBIGUOUS,
    HONORIFIC_WORDS,
    HONORIFICS,
    ONSETS,
    PARTICLES,
    PLACE_HEADS,
    PLACE_NAMES,
    RELATIVE_VALUES,
    ROLE_WORDS,
    SLOT_HEADS,
    SURNAMES,
    TOPIC_QUESTION_PHRASES,
    TOPIC_TRAILING_VERBS,
    VOWELS,
    WORD_NUMBER_OR_MARK,
)

__all__ = [
    "MARKERS",
    "YEAR",
    "Person",
    "Tok",
    "cap",
    "decap",
    "in_",
    "is_foreign",
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


YEAR = re.compile(r"(?:19|20)\d\d")


def _longest_first(parts: Iterable[str]) -> list[str]:
    return sorted(parts, key=lambda p: (-len(p), p))


# One Vietnamese syllable, accent-folded (the vocabulary's syllable parts, folded).
_FOLDED_SYLLABLE = re.compile(
    f"(?:{'|'.join(_longest_first({fold(o) for o in ONSETS}))})?"
    f"[{''.join(sorted({fold(v) for v in VOWELS}))}]{{1,3}}"
    f"(?:{'|'.join(_longest_first(c for c in CODAS if c))})?"
)

# Quotation markers the answers carry ("… bản lề. [2]").
MARKERS = re.compile(r"\s*\[\d+\]")
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
    for m in WORD_NUMBER_OR_MARK.finditer(text):
        key = fold(m.group()) if folded else m.group().lower()
        out.append(Tok(m.group(), m.start(), m.end(), key))
    return out


def is_foreign(tok: Tok) -> bool:
    """Whether a word is not a Vietnamese syllable: in Vietnamese text, a foreign word is
    a name ("Nixon", "Toyota")."""
    return _FOLDED_SYLLABLE.fullmatch(fold(tok.text)) is None


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


def cap(text: str) -> str:
    """Uppercase the first letter, for text that now opens a sentence."""
    return text[:1].upper() + text[1:]


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
                (k for k, t in enumerate(run) if t.key in SURNAMES and 2 <= len(run) - k <= 4),
                0,
            )
            start, run = i + k, run[k:]
        name = " ".join(t.text for t in run)
        is_place = fold(name) in _folded_place_names() or (
            start > 0 and not honorific and toks[start - 1].key in PLACE_HEADS
        )
        is_role = bool(run) and run[0].key in ROLE_WORDS
        if (
            2 <= len(run) <= 4
            and (honorific or run[0].key in SURNAMES)
            and not (is_place or is_role)
        ):
            out.append((start, j, Person(name, honorific, HONORIFICS.get(honorific))))
        i = j
    return out


@cache
def _folded_place_names() -> frozenset[str]:
    return frozenset(fold(p) for p in PLACE_NAMES)


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
    unit = phrase_at(toks, j, ADMIN_UNITS, folded)
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
            # "Bệnh viện Nhân dân 115": the lowercase rest of a word a capital begins, and
            # the number the name ends with (not a year after it)
            if end < len(toks) and toks[end].is_word and not toks[end].is_title:
                end += is_word([toks[end - 1].key, toks[end].key])
        number = end < len(toks) and toks[end].is_number and not YEAR.fullmatch(toks[end].text)
        return end + number
    if relative and in_(tok, RELATIVE_VALUES, folded):
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
        n = phrase_at(toks, i, TOPIC_QUESTION_PHRASES, False)
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
        elif n := phrase_before(kept, len(kept), TOPIC_TRAILING_VERBS, False):
            del kept[-n:]
        else:
            break
    return decap(join(kept))
