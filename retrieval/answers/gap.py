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
the answer, fitted on half the articles and checked on the other half. What it printed
(token F1 against the gold answers, on the 601 of them whose question asks no typed kind
or whose sentence has no typed phrase of the kind: `uses_gap`):

    phrase                                              F1      EM
    the whole sentence, or span.py's typed phrase       0.257
    the best candidate (the ceiling)                    0.905
    GAP_FEATURES, fitted on one half, checked on other  0.381   0.176

The best candidate's edges are then settled (`edges.py`): whole words, whole names,
without the question's function words at its ends.

The picked noun ("sân bay nào": the answer begins with it or follows it) added 0.04,
the clause features 0.04, what quotation marks enclose 0.01; letting a phrase hold the
question's words, or taking the noun before "gì" too, lowered it. The typed phrase
stays where the kind has one: the alignment picked worse numbers and places (0.414 vs
0.463 on numbers).

A word is the question's when spelled as the question spells it, or folding to a word it
typed plain: "Thu" of "Nguyễn Thị Thu Hà" is not the "thư" of "Bí thư". An abstract noun
picked ("nhiệm vụ trọng tâm nào") is the question's word; a speaker's titles end before
a reporting verb ("… quận 8 | cho biết"); "bà X," is in its title's clause (`apposed`).
xquad_vi replay short EM/F1 0.220/0.409 -> 0.223/0.411 (38 phrases changed; the weights
were fitted on folded matches, and were kept), `retrieval eval` 0.213/0.401 ->
0.216/0.403; dated, legal, regulations and seed phrases unchanged; `apposed` changed none.

A question's word said again outside the question's phrases is not the question's when
another occurrence sits in one (`asked_words.question_words`): for "Ban Thường vụ Thành
ủy trao bằng khen cho ai?", the "vụ" of "… hoàn thành nhiệm vụ …" does not cut "6 tập
thể hoàn thành …". The best candidate's F1 (the ceiling) 0.927 -> 0.943, cross-checked
0.403 -> 0.416 (settled 0.423 -> 0.434); replayed with GAP_WEIGHTS as they were, xquad_vi
short F1 0.4150 -> 0.4193 (70 phrases changed), legal one better and one worse ("người"
of "phải có người dắt"), dated, regulations and seed unchanged. The weights refitted
with it replayed worse (0.4143) and were not taken; unmarking only a repeat inside a
dictionary word with another syllable ("nhiệm vụ"), as the sample article needs, kept
0.0005 of the gain.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from retrieval.answers.asked_words import question_words, sides
from retrieval.answers.asks import asks_abstract, asks_which
from retrieval.answers.cloze import cloze_span
from retrieval.answers.doing import asks_doing, doing_span
from retrieval.answers.edges import past_time_rest, settled
from retrieval.answers.names import apposed
from retrieval.answers.saying import asked_saying, saying_span
from retrieval.answers.span import ANSWERING, phrases, short_span
from retrieval.language.text import fold, fold_sentence, retone
from retrieval.language.vocabulary import (
    EDGE_FUNCTION_WORDS,
    REPORTING_VERBS,
    SENTENCE_WORD,
)

__all__ = ["GAP_FEATURES", "GAP_WEIGHTS", "cloze_in", "gap_candidates", "gap_span", "uses_gap"]

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
    "head_start",  # it begins with the noun the question picks ("sân bay" of "sân bay nào")
    "after_head",  # it follows that noun
    "quoted",  # it is what quotation marks enclose
)
GAP_WEIGHTS = (
    0.630, 0.561, 1.272, 0.334, 1.217, -0.695, -1.148, 1.227,
    1.796, -0.765, -2.117, 0.361, -0.407, -1.071, -3.304, 0.624,
    1.798, 1.537, 0.561, 0.679, 0.392, 2.722, 2.525, 2.749,
)  # fmt: skip

_WORD = SENTENCE_WORD
_BREAK = re.compile(r"[,;:()\[\]\"“”!?]|\s[-–]\s|\.\s")
_EDGE_FOLDED = frozenset(fold(w) for w in EDGE_FUNCTION_WORDS)
MAX_WORDS = 12
_QUESTION_WORDS = GAP_FEATURES.index("question_words")
# A "sentence" of a text without punctuation (a table, a list run together) can be
# thousands of words: only its first MAX_SENTENCE_WORDS are read, so the candidates stay
# a few thousand at most.
MAX_SENTENCE_WORDS = 200
_REACH = 3.0  # words: how fast a question word's pull fades with distance


# Kinds whose typed phrase (span.short_span: the number, time, place, legal reference,
# reason or definition nearest the question's words) answers better than the alignment
# when the sentence has one; "yesno" has no phrase to mark, and "topic" ("Điều 24 quy
# định gì?") is answered by the sentence (the provision's title or its first rule).
TYPED_KINDS = frozenset({"number", "time", "place", "reference", "reason", "definition"})


def uses_gap(kind: str, typed_found: bool) -> bool:
    """Whether the alignment picks the phrase for a question asking `kind`."""
    if kind in ("yesno", "definition", "topic"):
        return False
    if kind == "number" and not typed_found:
        # "bao nhiêu đảng bộ" is answered by a number: a sentence without one has no
        # phrase to mark (the alignment marked "năm 2017"). xquad_vi replay: short F1
        # unchanged, 0.5% fewer phrases shown.
        return False
    return not (typed_found and kind in TYPED_KINDS)


@dataclass(frozen=True)
class _Words:
    """A sentence's words and what the features read of them alone, kept per sentence
    (`_words` is cached): the question-dependent rest is computed per question."""

    spans: tuple[tuple[int, int], ...]  # character spans of the words
    folded: tuple[str, ...]
    breaks: tuple[bool, ...]  # punctuation between word k and word k + 1
    capital: tuple[bool, ...]
    syllables: tuple[str, ...]  # lowercase, tone placed as the dictionary's (`retone`)
    clause_of: npt.NDArray[np.int64]  # each word's clause (breaks before it)
    starts: npt.NDArray[np.int64]  # the words' first and last character offsets
    ends: npt.NDArray[np.int64]
    first_of: dict[int, int]  # character offset -> the word starting there
    last_of: dict[int, int]  # character offset -> the word ending there
    edge: npt.NDArray[np.float64]  # a function word
    capital_after_first: npt.NDArray[np.float64]  # capitalised, not the first word
    after_la: npt.NDArray[np.float64]  # follows "là"


_Candidates = tuple[_Words, npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> _Words | None:
    folded_text = fold_sentence(text)
    if len(folded_text) != len(text):
        return None  # spans would not line up; rare (decomposed input)
    spans = [m.span() for m in itertools.islice(_WORD.finditer(text), MAX_SENTENCE_WORDS)]
    folded = [folded_text[a:b].rstrip("%") for a, b in spans]
    capital = [text[a].isupper() for a, _ in spans]
    gaps = [text[b:a] for (_, b), (a, _) in itertools.pairwise(spans)]
    # Most words are one space apart, which is no break.
    breaks = tuple(gap != " " and bool(_BREAK.search(gap + " ")) for gap in gaps)
    syllables = tuple(retone(text[a:b].lower()) for a, b in spans)
    capital_after_first = np.array(capital, dtype=float)
    if spans:
        capital_after_first[0] = 0.0  # the sentence's first word is capitalised as any is
    return _Words(
        spans=tuple(spans),
        folded=tuple(folded),
        breaks=(*breaks, True),
        capital=tuple(capital),
        syllables=syllables,
        clause_of=np.array(apposed(breaks, capital, syllables), dtype=np.int64),
        starts=np.array([a for a, _ in spans], dtype=np.int64),
        ends=np.array([b for _, b in spans], dtype=np.int64),
        first_of={a: k for k, (a, _) in enumerate(spans)},
        last_of={b: k for k, (_, b) in enumerate(spans)},
        edge=np.array([f in _EDGE_FOLDED for f in folded], dtype=float),
        capital_after_first=capital_after_first,
        after_la=np.array([0.0] + [float(f == "la") for f in folded[:-1]]),
    )


def gap_candidates(
    question: str,
    terms: frozenset[str],
    kind: str,
    head: frozenset[str],
    text: str,
) -> tuple[list[tuple[int, int]], npt.NDArray[np.float64]]:
    """Every candidate phrase of `text`: their character spans, and their GAP_FEATURES
    as the rows of a matrix."""
    found = _candidates(question, terms, kind, head, text)
    if found is None:
        return [], np.zeros((0, len(GAP_FEATURES)))
    words, si, sj, features = found
    starts, ends = words.starts[si].tolist(), words.ends[sj - 1].tolist()
    return list(zip(starts, ends, strict=True)), features


def _candidates(
    question: str,
    terms: frozenset[str],
    kind: str,
    head: frozenset[str],
    text: str,
) -> _Candidates | None:
    """`gap_candidates` as word spans [si, sj) (None when `text` has no words): the
    answer needs the character span of the best one only."""
    words = _words(text)
    if words is None or not words.spans:
        return None
    n = len(words.spans)
    if n == MAX_SENTENCE_WORDS:
        text = text[: words.spans[-1][1]]  # what MAX_SENTENCE_WORDS leaves
    before, after = sides(question, terms)
    in_question = question_words(question, terms, words.folded, words.syllables)
    # The counted or picked noun may sit inside the answer ("10 tập thể"), but an abstract
    # one is not what answers ("nhiệm vụ trọng tâm nào": what follows it, not it).
    abstract = asks_abstract(question)
    is_head_word = [f in head and not abstract for f in words.folded]
    matched = [k for k in range(n) if in_question[k] and not is_head_word[k]]
    clause_of = words.clause_of
    found = {words.folded[k] for k in matched}
    in_clause: dict[int, int] = {}
    for c in set(clause_of[matched].tolist()):
        in_clause[c] = len({words.folded[k] for k in matched if clause_of[k] == c})
    names_asked = kind in ("person", "place", "name") or (
        kind == "" and bool(head or asks_which(question)) and not asks_abstract(question)
    )
    # Runs of words that are not the question's (its counted noun may sit inside).
    runs: list[tuple[int, int]] = []
    start = None
    for k in range(n):
        if in_question[k] and not is_head_word[k]:
            if start is not None:
                runs.append((start, k))
            start = None
            continue
        if start is not None and tuple(words.syllables[k : k + 2]) in REPORTING_VERBS:
            runs.append((start, k))  # "Phó Bí thư Quận ủy quận 8 | cho biết …"
            start = None
        if start is None:
            start = k
        if words.breaks[k]:
            runs.append((start, k + 1))
            start = None
    if start is not None:
        runs.append((start, n))
    # The candidates: every run of up to MAX_WORDS words inside a run, in order (run,
    # first word, last word), built with numpy (a dict of ~500 pairs per question cost
    # more than the features); then the typed phrases that are not among them.
    run_of = np.full(n, -1, dtype=np.int64)  # each word's run
    run_a = np.zeros(n, dtype=np.int64)
    run_b = np.zeros(n, dtype=np.int64)
    for r, (a, b) in enumerate(runs):
        run_of[a:b], run_a[a:b], run_b[a:b] = r, a, b
    members = np.flatnonzero(run_of >= 0)
    count = np.minimum(run_b[members], members + MAX_WORDS) - members
    first_pair = np.cumsum(count) - count  # of each member's pairs
    pair_of = np.full(n, -1, dtype=np.int64)  # each member's first pair
    pair_of[members] = first_pair
    total = int(count.sum())
    si = np.repeat(members, count)
    sj = si + 1 + np.arange(total, dtype=np.int64) - np.repeat(first_pair, count)
    ra = run_a[si]
    rb = run_b[si]
    extra: dict[tuple[int, int], int] = {}  # typed phrases beyond the runs' candidates

    def at(i: int, j: int) -> int | None:
        """The position of candidate [i, j) (None when it is none)."""
        if run_of[i] >= 0 and run_of[i] == run_of[j - 1] and j - i <= MAX_WORDS:
            return int(pair_of[i]) + j - i - 1
        return extra.get((i, j))

    typed: dict[tuple[int, int], str] = {}
    enclosed: set[tuple[int, int]] = set()  # what quotation marks enclose
    starts, ends = words.first_of, words.last_of
    for phrase in phrases(text):
        end = phrase.end
        if phrase.kind in ("reason", "definition"):
            end = phrase.start + len(text[phrase.start : phrase.start + 120].rstrip())
            end = max((e for e in ends if e <= end), default=-1)
        first, last = starts.get(phrase.start), ends.get(end)
        if first is None or last is None or phrase.kind == "comment":
            continue  # what "thì" says of a topic answers "… là gì?", a typed kind
        if phrase.kind == "quoted":
            enclosed.add((first, last + 1))
        else:
            typed[(first, last + 1)] = phrase.kind
        if at(first, last + 1) is None:
            extra[(first, last + 1)] = total + len(extra)
    if extra:
        added = np.array(list(extra), dtype=np.int64)
        si = np.concatenate((si, added[:, 0]))
        sj = np.concatenate((sj, added[:, 1]))
        ra = np.concatenate((ra, added[:, 0]))
        rb = np.concatenate((rb, added[:, 1]))
    wanted = ANSWERING.get(kind, ())
    nearest = short_span(terms, kind, text)
    # Every candidate at once (numpy): this runs for the answer's sentence on each question.
    m = len(si)
    if not m:
        return None
    clause = clause_of
    mk = np.array(matched, dtype=int)
    terms_at = [words.folded[k] for k in matched]
    is_before = np.array([t in before for t in terms_at], dtype=float)
    is_after = np.array([t in after for t in terms_at], dtype=float)
    left = mk[None, :] < si[:, None]
    right = mk[None, :] >= sj[:, None]
    beside = left | right
    distance = np.where(left, si[:, None] - 1 - mk[None, :], mk[None, :] - sj[:, None])
    crossed = np.abs(clause[mk][None, :] - clause[si][:, None])
    pull = np.where(beside, np.exp(-distance / _REACH - crossed), 0.0)
    aligned = pull * (left * is_before + right * is_after)
    misaligned = pull * (left * is_after + right * is_before)
    outside = np.where(beside, distance, n)
    nearest_distance = outside.min(axis=1) if len(matched) else np.full(m, n)
    exact = np.zeros(m)
    typed_any = np.zeros(m)
    quoted = np.zeros(m)
    inside = np.zeros(m, bool)
    for i, j in enclosed:
        quoted[at(i, j)] = 1.0
    for (ti, tj), typed_kind in typed.items():
        typed_any[at(ti, tj)] = 1.0
        if typed_kind in wanted:
            exact[at(ti, tj)] = 1.0
            inside |= (si <= ti) & (tj <= sj) & ((si != ti) | (sj != tj))
    asked_words = np.array(in_question, dtype=float)
    is_head = np.array(is_head_word, dtype=float)
    cumulative = np.concatenate(([0.0], np.cumsum(asked_words)))
    edge = words.edge
    capital = words.capital_after_first
    shares = np.array([in_clause.get(c, 0) for c in clause_of.tolist()], dtype=float) / max(
        len(found), 1
    )
    length = sj - si
    chosen = np.zeros(m)
    if nearest is not None:
        first, last = starts.get(nearest[0]), ends.get(nearest[1])
        if first is not None and last is not None:
            position = at(first, last + 1)
            if position is not None:
                chosen[position] = 1.0
    asked_before = np.concatenate(([0.0], asked_words))[si]  # word si - 1 is the question's
    asked_after = np.concatenate((asked_words, [0.0]))[sj]
    # The columns as rows of one array, then transposed into a C-ordered matrix: a third
    # of column_stack's time, and the same matrix for the product with the weights.
    features = np.ascontiguousarray(
        np.array(
            (
                exact,
                inside.astype(float),
                typed_any,
                aligned.sum(axis=1) - misaligned.sum(axis=1),
                np.exp(-nearest_distance / _REACH),
                asked_before,
                asked_after,
                (si == ra).astype(float),
                (sj == rb).astype(float),
                edge[si],
                edge[sj - 1],
                capital[si],
                np.log(length),
                (length == 1).astype(float),
                (cumulative[sj] - cumulative[si]) / length,
                words.after_la[si],
                np.maximum(shares[si], shares[sj - 1]),
                capital[si] * float(names_asked),
                chosen,
                ((length >= 2) & (length <= 4)).astype(float),
                (length >= 5).astype(float),
                is_head[si],
                np.concatenate(([0.0], is_head))[si],
                quoted,
            ),
            dtype=float,
        ).T
    )
    return words, si, sj, features


def cloze_in(question: str, text: str, *, after_ai: bool = False) -> tuple[int, int] | None:
    """`cloze.cloze_span` of `text` (one sentence): the span the question's "gì" or "ai"
    stands for, when the question repeats the sentence's words around it (`after_ai`: a
    final "ai" too)."""
    words = _words(text)
    if words is None:
        return None
    found = cloze_span(question, words.spans, words.folded, words.syllables, words.breaks,
                       after_ai=after_ai)  # fmt: skip
    return past_time_rest(text, *found) if found is not None else None


def gap_span(
    question: str,
    terms: frozenset[str],
    kind: str,
    head: frozenset[str],
    text: str,
    weights: Sequence[float] = GAP_WEIGHTS,
) -> tuple[int, int] | None:
    """The character span of the best candidate phrase of `text`; None when it has none.
    Whichever way it was found, it starts after the rest of the article's time phrase it
    may start in (`edges.past_time_rest`)."""
    found = _phrase(question, terms, kind, head, text, weights)
    return past_time_rest(text, *found) if found is not None else None


def _phrase(
    question: str,
    terms: frozenset[str],
    kind: str,
    head: frozenset[str],
    text: str,
    weights: Sequence[float],
) -> tuple[int, int] | None:
    words = _words(text)
    if words is not None and not kind and asks_doing(question):
        # "… đã làm gì?": what the subject does, which may repeat the question's words.
        doing = doing_span(question, terms, words.spans, words.folded, words.syllables,
                           words.breaks)  # fmt: skip
        if doing is not None:
            return doing
    verb = asked_saying(question) if words is not None and kind in ("", "manner") else None
    reported = kind == "" and not head and not asks_which(question)
    if words is not None and verb is not None:
        # "Ông X đề nghị gì?": what follows the verb, however many of the question's words
        # it repeats.
        said = saying_span(question, verb, terms, words.spans, words.folded, words.syllables,
                           words.breaks)  # fmt: skip
        if said is not None:
            return said
    if words is not None and kind in ("", "manner"):
        # "Cấp ủy đảng phải duy trì việc gì?", "Quận 8 tổ chức sinh hoạt chi bộ mẫu như thế
        # nào?": what follows those words in the sentence; before what a reporting verb
        # introduces ("Ông X báo cáo về nội dung gì?" of "Báo cáo về kết quả …, ông X cho
        # biết …": what he reported on).
        cloze = cloze_span(question, words.spans, words.folded, words.syllables, words.breaks,
                           how_only=kind == "manner")  # fmt: skip
        if cloze is not None:
            return cloze
    if words is not None and verb is None and reported:
        said = saying_span(question, None, terms, words.spans, words.folded, words.syllables,
                           words.breaks)  # fmt: skip
        if said is not None:
            return said
    found = _candidates(question, terms, kind, head, text)
    if found is None:
        return None
    words, si, sj, features = found
    scores = features @ np.asarray(weights)
    # A phrase made only of the question's words is what the question names ("Virgin
    # Media" in "Công ty nào … với Virgin Media?"), not its answer (as in span.short_span),
    # however well it sits. xquad_vi replay: short F1 0.392 -> 0.394.
    named = features[:, _QUESTION_WORDS] >= 1.0
    if not named.all():
        scores[named] = -np.inf
    # Function words alone ("vào") answer nothing.
    content = np.concatenate(([0.0], np.cumsum(1.0 - words.edge)))
    scores[content[sj] == content[si]] = -np.inf
    if kind in ("", "person", "place", "name"):
        # A date or year alone answers no "gì", "ai" or "ở đâu": on xquad_vi's 407 "… gì?"
        # questions no gold answer is one, and the 10 phrases that were scored F1 0.
        # Nor a part of one, with function words only around it ("vào sáng 8/2").
        for phrase in phrases(text):
            first, last = words.first_of.get(phrase.start), words.last_of.get(phrase.end)
            if phrase.kind == "time" and first is not None and last is not None:
                lo, hi = np.maximum(si, first), np.minimum(sj, last + 1)
                inside = content[np.maximum(hi, lo)] - content[lo]
                scores[(hi > lo) & (content[sj] - content[si] == inside)] = -np.inf
    if np.isneginf(scores).all():
        return None
    best = int(np.argmax(scores))
    return settled(question, kind, text, words.spans, words.breaks, words.capital,
                   words.syllables, int(si[best]), int(sj[best]))  # fmt: skip
