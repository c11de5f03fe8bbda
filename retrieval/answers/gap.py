"""The phrase of a sentence that fills the question's gap: question-to-sentence alignment.

A question is a sentence with a hole where its question word stands ("Lady Gaga đã hát
bài gì?", "Cầu thủ nào có nhiều lần đoạt bóng nhất?"); the sentence that answers says the
same words around the hole and fills it. `gap_span(question, terms, kind, head, text)`
scores every candidate phrase of the sentence (a run of words between the question's
words and punctuation, any shorter run inside it, and the typed phrases of `span.py`) by
GAP_FEATURES with GAP_WEIGHTS and returns the best one's character span:

- alignment: the question's words before its question word found just before the
  phrase, those after it just after (`align`), and words on the wrong side counted
  against; the phrase right after or before a matched word (`left_q`, `right_q`);
- type: the phrase is (`kind_exact`) or holds (`kind_inside`) a phrase of the kind the
  question asks (a name for "ai", a number for "bao nhiêu", a date for "khi nào");
- shape: it begins or ends where its clause does, on a function word (a preposition or
  a connective rarely begins or ends an answer), with a capital, its length, and whether
  it repeats the question's words.

The weights are a conditional logit (softmax over one sentence's candidates, the
candidates with the best token F1 against the gold answer as the targets) fitted by
`python bench/tune_answer.py gap` on the xquad_vi questions whose first sentence holds
the answer, fitted on half the articles and checked on the other half; the table is in
GAP_WEIGHTS' comment.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.answers.span import ANSWERING, phrases, short_span
from retrieval.language.text import fold, normalize
from retrieval.language.vocabulary import EDGE_FUNCTION_WORDS, QUESTION_SYLLABLES

__all__ = ["GAP_FEATURES", "GAP_WEIGHTS", "gap_candidates", "gap_span", "uses_gap"]

GAP_FEATURES = (
    "kind_exact",  # the phrase is a typed phrase of the asked kind
    "kind_inside",  # it holds one, and more
    "typed",  # it is a typed phrase of any kind (a name, a number, a time, ...)
    "align",  # question words on the right side of it, near, minus those on the wrong side
    "near",  # closeness to the nearest question word
    "left_q",  # a question word just before it
    "right_q",  # a question word just after it
    "gap_start",  # it begins where its run of new words begins
    "gap_end",  # it ends where that run ends
    "edge_start",  # it begins on a function word
    "edge_end",  # it ends on one
    "capital",  # it begins with a capital letter (not the sentence's first word)
    "length",  # log of its words
    "single",  # one word
    "question_words",  # share of its words that are the question's
    "after_la",  # it follows "là"
    "clause",  # share of the question's words found that sit in its clause
    "name_asked",  # it begins with a capital and the question asks "ai" or "<noun> nào"
    "nearest_typed",  # the phrase of the asked kind nearest the question's words (span.py)
    "two_to_four",  # two to four words
    "five_up",  # five words or more
)
GAP_WEIGHTS = (
    0.536,
    0.552,
    1.267,
    0.366,
    0.853,
    -0.061,
    -1.057,
    0.979,
    1.778,
    -0.841,
    -2.158,
    0.413,
    0.030,
    -0.792,
    -2.546,
    1.090,
    1.724,
    1.449,
    0.611,
    0.670,
    0.122,
)

_WORD = re.compile(r"[^\W_]+(?:[.,/:\-–][^\W_]+)*%?")
_BREAK = re.compile(r"[,;:()\[\]\"“”!?]|\s[-–]\s|\.\s")
_EDGE_FOLDED = frozenset(fold(w) for w in EDGE_FUNCTION_WORDS)
_WH = frozenset(QUESTION_SYLLABLES)
_WH_FOLDED = frozenset({"gi", "ai", "nao", "dau"})
MAX_WORDS = 12
_REACH = 3.0  # words: how fast a question word's pull fades with distance


# Kinds whose typed phrase (span.short_span: the number, time, place, legal reference,
# reason or definition nearest the question's words) answers better than the alignment
# when the sentence has one; "yesno" has no phrase to mark.
TYPED_KINDS = frozenset({"number", "time", "place", "reference", "reason", "definition"})


def uses_gap(kind: str, typed_found: bool) -> bool:
    """Whether the alignment picks the phrase for a question asking `kind`."""
    if kind in ("yesno", "definition"):
        return False
    return not (typed_found and kind in TYPED_KINDS)


@dataclass(frozen=True)
class _Words:
    spans: tuple[tuple[int, int], ...]  # character spans of the words
    folded: tuple[str, ...]
    breaks: tuple[bool, ...]  # punctuation between word k and word k + 1
    capital: tuple[bool, ...]


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> _Words | None:
    folded_text = fold(normalize(text).lower())
    if len(folded_text) != len(text):
        return None  # spans would not line up; rare (decomposed input)
    spans, folded, capital = [], [], []
    for m in _WORD.finditer(text):
        spans.append((m.start(), m.end()))
        folded.append(folded_text[m.start() : m.end()].rstrip("%"))
        capital.append(m.group()[0].isupper())
    breaks = tuple(
        bool(_BREAK.search(text[spans[k][1] : spans[k + 1][0]] + " "))
        for k in range(len(spans) - 1)
    )
    return _Words(tuple(spans), tuple(folded), (*breaks, True), tuple(capital))


@functools.lru_cache(maxsize=4096)
def _sides(question: str, terms: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The question's content terms before its question word, and those after it."""
    text = normalize(question).lower()
    words = _WORD.findall(text)
    accented = fold(text) != text
    wh = len(words)
    for k, word in enumerate(words):
        if (word in _WH if accented else word in _WH_FOLDED) or (
            fold(word) == "nhieu" and k and fold(words[k - 1]) == "bao"
        ):
            wh = k
            break
    before = frozenset(fold(w) for w in words[:wh]) & terms
    after = frozenset(fold(w) for w in words[wh + 1 :]) & terms
    return before - after, after - before


def _asks_which(question: str) -> bool:
    words = fold(normalize(question).lower()).split()
    return any(w.strip("?") in ("nao", "ai") for w in words)


def gap_candidates(
    question: str,
    terms: frozenset[str],
    kind: str,
    head: frozenset[str],
    text: str,
) -> list[tuple[int, int, tuple[float, ...]]]:
    """Every candidate phrase of `text` as (start, end, GAP_FEATURES)."""
    words = _words(text)
    if words is None or not words.spans:
        return []
    n = len(words.spans)
    before, after = _sides(question, terms)
    matched = [k for k in range(n) if words.folded[k] in terms and words.folded[k] not in head]
    clause_of = [0] * n
    for k in range(1, n):
        clause_of[k] = clause_of[k - 1] + words.breaks[k - 1]
    found = {words.folded[k] for k in matched}
    in_clause: dict[int, int] = {}
    for c in set(clause_of):
        in_clause[c] = len({words.folded[k] for k in matched if clause_of[k] == c})
    names_asked = kind in ("person", "place", "name") or (
        kind == "" and bool(head or _asks_which(question))
    )
    in_question = [words.folded[k] in terms for k in range(n)]
    # Runs of words that are not the question's (its counted noun may sit inside).
    runs: list[tuple[int, int]] = []
    start = None
    for k in range(n):
        if in_question[k] and words.folded[k] not in head:
            if start is not None:
                runs.append((start, k))
            start = None
            continue
        if start is None:
            start = k
        if words.breaks[k]:
            runs.append((start, k + 1))
            start = None
    if start is not None:
        runs.append((start, n))
    spans: dict[tuple[int, int], tuple[int, int]] = {}  # word span -> its run
    for a, b in runs:
        for i in range(a, b):
            for j in range(i + 1, min(b, i + MAX_WORDS) + 1):
                spans[(i, j)] = (a, b)
    typed: dict[tuple[int, int], str] = {}
    starts = {s: k for k, (s, _) in enumerate(words.spans)}
    ends = {e: k for k, (_, e) in enumerate(words.spans)}
    for phrase in phrases(text):
        end = phrase.end
        if phrase.kind in ("reason", "definition"):
            end = phrase.start + len(text[phrase.start : phrase.start + 120].rstrip())
            end = max((e for e in ends if e <= end), default=-1)
        first, last = starts.get(phrase.start), ends.get(end)
        if first is None or last is None:
            continue
        typed[(first, last + 1)] = phrase.kind
        spans.setdefault((first, last + 1), (first, last + 1))
    wanted = ANSWERING.get(kind, ())
    nearest = short_span(terms, kind, text)
    out: list[tuple[int, int, tuple[float, ...]]] = []
    for (i, j), (a, b) in spans.items():
        right, wrong = 0.0, 0.0
        for k in matched:
            term = words.folded[k]
            crossed = abs(clause_of[k] - clause_of[i])
            if k < i:
                pull = math.exp(-(i - 1 - k) / _REACH - crossed)
                right += pull if term in before else 0.0
                wrong += pull if term in after else 0.0
            elif k >= j:
                pull = math.exp(-(k - j) / _REACH - crossed)
                right += pull if term in after else 0.0
                wrong += pull if term in before else 0.0
        distance = min(
            (i - 1 - k if k < i else k - j for k in matched if k < i or k >= j), default=n
        )
        kinds_inside = [
            kd for (ti, tj), kd in typed.items() if i <= ti and tj <= j and (ti, tj) != (i, j)
        ]
        exact = typed.get((i, j))
        features = (
            float(exact in wanted) if exact else 0.0,
            float(any(kd in wanted for kd in kinds_inside)),
            float(exact is not None),
            right - wrong,
            math.exp(-distance / _REACH),
            float(i > 0 and in_question[i - 1]),
            float(j < n and in_question[j]),
            float(i == a),
            float(j == b),
            float(words.folded[i] in _EDGE_FOLDED),
            float(words.folded[j - 1] in _EDGE_FOLDED),
            float(i > 0 and words.capital[i]),
            math.log(j - i),
            float(j - i == 1),
            sum(in_question[i:j]) / (j - i),
            float(i > 0 and words.folded[i - 1] == "la"),
            max(in_clause[clause_of[i]], in_clause[clause_of[j - 1]]) / max(len(found), 1),
            float(names_asked and words.capital[i] and i > 0),
            float(nearest == (words.spans[i][0], words.spans[j - 1][1])),
            float(2 <= j - i <= 4),
            float(j - i >= 5),
        )
        out.append((words.spans[i][0], words.spans[j - 1][1], features))
    return out


def gap_span(
    question: str,
    terms: frozenset[str],
    kind: str,
    head: frozenset[str],
    text: str,
    weights: Sequence[float] = GAP_WEIGHTS,
) -> tuple[int, int] | None:
    """The character span of the best candidate phrase of `text`; None when it has none."""
    best: tuple[float, int, int] | None = None
    for start, end, features in gap_candidates(question, terms, kind, head, text):
        score = sum(w * x for w, x in zip(weights, features, strict=True))
        if best is None or score > best[0]:
            best = (score, start, end)
    return (best[1], best[2]) if best else None
