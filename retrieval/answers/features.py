"""The evidence of each candidate sentence, its score, and the gate's features.

`_ranked(question, hits, dense)` scores every sentence of the retrieved passages that
shares a word with the question: a linear score over FEATURES with SENTENCE_WEIGHTS, a
conditional logit (softmax over one question's candidates) fitted by
`python bench/tune_answer.py sentences` on xquad_vi with all its articles indexed, 5-fold
cross-validated by article. What it printed (share of questions whose best sentence holds
a gold answer; the answer is in some candidate for 0.981):

    model                                             best sentence holds the answer
    syllable overlap + phrase bonus + small priors    0.776  (before; `retrieval eval`)
    coverage alone (ties by coverage)                 0.755
    passage rank, then coverage                       0.785
    conditional logit over FEATURES, cross-validated  0.800  (without "cosine")
    + the question's cosine with the sentence         0.813  (free signs)
    the same, weights signed (FEATURE_SIGNS)          0.808  (SENTENCE_WEIGHTS)
    the cosine alone                                  0.717

Most of the gain is the retrieval scores (passage rank, cosine gap) weighed against the
sentence's coverage; what the question asks for (`asks.py`) and the words around a
phrase of that kind add a little. Paraphrases (the question and the answer sentence share
few words: "mở lại" / "tái lập") are what the sentence's own cosine sees
(`sentence_cosines.SentenceCosines`, from the sentence vectors stored at ingestion:
`retrieval.index.sentence_vectors`). Signed weights cost 0.005 on xquad_vi, whose
translated names are often spelled otherwise in the answer (free, a missing name
weighed +0.99: for the sentence); questions staff write name what they mean.

Each sentence is read in its article's context before it is scored (the same for the
gate): in a dated article, a sentence about the time the question asks (its "năm nay",
"năm qua" and dates counted from the article's date by `timeexpr`) holds the question's
time words, so "năm 2019" is not missing from the article of 2019 that says "năm nay",
and its dateline is not rewarded for spelling the date (`sentence_time.in_time`, which
also keeps a sentence about another time from answering); and a news lead
("Chiều 26/12, Công ty … tổ chức lễ …", `datelines.is_dateline`) lends the question's
words it holds to the sentences after it, so the answer is the sentence with what the
question asks, not the one announcing the event (`context.in_lead`). On the dated set
(`python bench/dated_replay.py`, TODAY 2026-01-20) answer-hit 0.711 -> 0.974; the
xquad_vi replay is unchanged (undated, no datelines). A lead-in lends its words to the
points of its list the same way (`context.in_lead`).

`gate_evidence.py` sums the best answer up for the decline gate (`gate.py`).

Long because the features, the cheap bound that prunes the candidates and the phrase
each candidate is scored with (`_short`) read one analysis of the question and passages;
split, each would take that analysis as arguments across modules.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from retrieval.answers.abbreviations import spelled_out
from retrieval.answers.asked_words import predicate
from retrieval.answers.asks import asked_head, asks, asks_list, folded_question
from retrieval.answers.basis import asks_basis, cites_basis
from retrieval.answers.cases import held_amounts
from retrieval.answers.choice import chosen_option
from retrieval.answers.contacts import contact_asked
from retrieval.answers.context import in_lead, introducers, lend, lends_lead
from retrieval.answers.counted import with_counted_noun
from retrieval.answers.deputies import without_deputies
from retrieval.answers.edges import past_named_lead, within_brackets
from retrieval.answers.evidence import (
    density,
    headed_value,
    missing,
    picked_head,
    question_marks,
)
from retrieval.answers.fields import field_value
from retrieval.answers.figure_time import figure_for
from retrieval.answers.gap import cloze_in, gap_span, uses_gap
from retrieval.answers.lists import inline_list, short_point
from retrieval.answers.names import apposed_name, full_name, leading_name, with_titles_after
from retrieval.answers.offices import holder_of, office_of
from retrieval.answers.ordinal import ordinal_item
from retrieval.answers.parts_asked import part_asked
from retrieval.answers.provisions import Scope, in_scope
from retrieval.answers.replies import asks_reply, raises
from retrieval.answers.sentence_cosines import SentenceCosines
from retrieval.answers.sentence_time import in_time
from retrieval.answers.sentences import (
    FOLDED_ONLY_CREDIT,
    TABLE_ROW,
    _analysed,
    _Candidate,
    _eligible,
    _number_parts,
    _Query,
    _query,
    _Sentence,
    _tokens,
    _unique,
    _Weights,
    _weights,
)
from retrieval.answers.span import short_span, the_multiple
from retrieval.answers.table_cells import cell_asked, header_of
from retrieval.answers.types import ShortAnswer
from retrieval.answers.units import unit_asked
from retrieval.answers.verdict import verdict
from retrieval.index.chunks import Hit
from retrieval.language.entities import parse_person
from retrieval.language.text import fold
from retrieval.language.timeexpr import Period
from retrieval.language.vocabulary import (
    EMPTY_PHRASE_SYLLABLES,
    NUMBER_WORDS,
    SYLLABLE_OR_NUMBER,
)

__all__ = ["FEATURES", "SENTENCE_WEIGHTS", "sentence_features"]

FEATURES = (
    "coverage",  # idf-weighted share of the question's content terms in the sentence
    "phrase",  # share of the question's two-syllable phrases found as phrases
    "density",  # the question's terms near each other (evidence.density)
    "asked",  # holds a phrase of the kind asked for, not made of the question's words
    "asked_missing",  # the question asks for a kind (with a detector) that it lacks
    "name_missing",  # share of the question's names the sentence lacks
    "number_missing",  # share of the question's numbers the sentence lacks
    "rank",  # 1 - passage rank / number of passages
    "dense_gap",  # passage cosine minus the best passage's cosine
    "terminal",  # ends like a sentence
    "new_words",  # says something beyond the question: >= 3 other words, or the phrase asked
    "previous",  # coverage of the sentence before it ("Nó được …"); a point's: its lead-in
    "around_asked",  # coverage by the words around the best phrase of the asked kind
    "length",  # log of the number of tokens
    "head_missing",  # share of the counted/picked noun ("bao nhiêu đảng viên") it lacks
    "cosine",  # the question's cosine with the sentence (SentenceCosines)
)
SENTENCE_WEIGHTS = (
    5.385,
    -0.072,
    0.107,
    0.822,
    -0.822,
    0.000,
    -0.002,
    4.625,
    20.440,
    -0.952,
    1.131,
    0.375,
    1.489,
    -0.186,
    -0.258,
    24.242,
)
# The sign each weight may take (+1, -1; 0: either), as gate.GATE_SIGNS: evidence for the
# sentence never counts against it, what it lacks of the question never for it.
FEATURE_SIGNS = (1, 0, 0, 1, -1, -1, -1, 1, 1, 0, 0, 0, 1, 0, -1, 1)
_CLOZE_KINDS = frozenset({"person", "name", "place"})
_DETECTABLE = frozenset({"person", "place", "name", "number", "time", "reference"})


def _features(
    query: _Query,
    candidate: _Candidate,
    weights: _Weights,
    n_hits: int,
    dense_gap: float,
    kind: str,
    marks: tuple[frozenset[str], frozenset[str]],
    previous: float,
    head: frozenset[str],
    cosine: float,
) -> tuple[float, ...]:
    sentence = candidate.sentence
    coverage = _coverage(query, sentence, weights)
    phrase = 0.0
    if weights.phrases:
        found = query.phrases & sentence.phrases
        phrase = sum(weights.idf.get(a, 0.0) + weights.idf.get(b, 0.0) for a, b in found)
        phrase /= weights.phrases
    sequence = sentence.key.split(" ")
    detectable = kind in _DETECTABLE
    span = short_span(query.span_terms, kind, sentence.text, head) if detectable else None
    asked = span is not None
    around = 0.0
    if span is not None and weights.total:
        text = sentence.text
        window = fold(text[max(0, span[0] - 60) : span[0]] + " " + text[span[1] : span[1] + 60])
        near = frozenset(_tokens(window.lower()))
        around = sum(w for t, w in weights.terms.items() if t in near) / weights.total
    # The phrase asked for is news enough: "a) Kết hôn: nghỉ 3 ngày" answers "kết hôn được
    # nghỉ mấy ngày" with one word the question lacks.
    new_words = asked or sum(1 for t in set(sequence) if t not in query.folded) >= 3
    return (
        coverage,
        phrase,
        density(sequence, query.folded),
        float(asked),
        float(detectable and not asked),
        missing(marks[0], sentence.folded),
        missing(marks[1], sentence.folded),
        1 - candidate.rank / max(n_hits, 1),
        dense_gap,
        float(sentence.terminal),
        float(new_words),
        previous,
        around,
        math.log(len(sequence)),
        missing(head, sentence.folded),
        cosine,
    )


def _coverage(query: _Query, sentence: _Sentence, weights: _Weights) -> float:
    if not weights.total:
        return 0.0
    matched = 0.0
    aside = sentence.aside if "ngoai" not in query.folded else frozenset()
    for term, weight in weights.terms.items():
        if term not in sentence.folded or term in aside:
            continue
        if not query.accented or not query.spellings[term].isdisjoint(sentence.exact):
            matched += weight
        else:
            matched += FOLDED_ONLY_CREDIT * weight
    return matched / weights.total


def _previous_coverage(
    query: _Query, by_hit: Sequence[Sequence[_Sentence]], weights: _Weights
) -> dict[tuple[int, int], float]:
    out: dict[tuple[int, int], float] = {}
    for rank, sentences in enumerate(by_hit):
        lead_ins = {order: by[-1] for order, by in introducers(sentences).items() if by[-1].lead_in}
        for before, after in itertools.pairwise(sentences):
            # A list's point reads after its lead-in, not after the sibling point above it:
            # "b) Con đẻ … kết hôn: nghỉ 1 ngày" is no sequel of "a) Kết hôn: nghỉ 3 ngày".
            before = lead_ins.get(after.order, before)
            if not query.folded.isdisjoint(before.folded):
                out[(rank, after.order)] = _coverage(query, before, weights)
    return out


def sentence_features(
    question: str,
    hits: Sequence[Hit],
    dense: Sequence[float],
    period: Period | None = None,
    sentences: Sequence[Sequence[float]] | None = None,
) -> list[tuple[int, str, tuple[float, ...]]]:
    """(passage rank, sentence as shown, FEATURES) of every candidate sentence, best
    first: what bench/tune_answer.py fits SENTENCE_WEIGHTS on."""
    ranked = (
        _ranked(question, hits, dense, prune=False, period=period, sentences=sentences)
        if hits
        else None
    )
    if ranked is None:
        return []
    return [(c.rank, c.sentence.text, features) for _, c, features in ranked[2]]


# Letters and digits apart ("A1": "a", "1"), as the question's terms are cut; not
# vocabulary.LETTERS_OR_DIGITS, which keeps "a1" whole.
_LETTER_OR_DIGIT_RUNS = re.compile(r"[0-9]+|[^\W\d_]+")


def _asked(query: _Query, text: str, start: int, end: int) -> bool:
    """Whether the phrase `text[start:end]` is made of the question's words only, its
    letters and digits read apart as the question's terms are ("A1": "a", "1")."""
    parts = _LETTER_OR_DIGIT_RUNS.findall(fold(text[start:end].lower()))
    return bool(parts) and all(part in query.span_terms for part in parts)


def _short(
    question: str,
    query: _Query,
    kind: str,
    head: frozenset[str],
    best: _Candidate,
    hit: Hit,
    period: Period | None = None,
) -> ShortAnswer | None:
    """The phrase answering the question in the best sentence (the answer's first): the
    typed phrase of the asked kind (span.py) where the kind has one, else the phrase
    filling the question's gap (gap.py); of the figures, the one for `period` (the time
    asked: figure_time.py)."""
    text = best.sentence.text
    # A phrase that stands as found (`fixed`: no name, edge or counted noun looked for in
    # it): "Hồ sơ gồm những giấy tờ gì?" is answered by all the points a sentence lists.
    fixed = inline_list(text) if asks_list(question) else None
    # "… là quận hay huyện?" by the option the sentence says; "Quận nào …?" by the
    # district the sentence names ("quận 8", not "Ban" of the capitalised names near).
    fixed = fixed or chosen_option(question, text) or contact_asked(question, text)
    fixed = fixed or office_of(question, text) or holder_of(question, text)  # offices.py
    fixed = fixed or ordinal_item(question, text) or part_asked(question, text)  # parts_asked
    fixed = fixed or headed_value(text, picked_head(question), query.span_terms)
    fixed = fixed or field_value(question, kind, text)  # "Địa điểm: …" (fields.py)
    fixed = fixed or (verdict(question, text) if kind == "yesno" else None)  # "không được …"
    if kind == "number" and fixed is None and TABLE_ROW.search(text):
        # a table's row: the figure under the header the question names (table_cells.py)
        header = header_of(best.sentence.start, hit.text)
        fixed = cell_asked(query.span_terms, text, header) if header else None
    # "Quận 8 giao cho ai tham mưu …?": the words the question repeats around its "ai"
    # say where the answer is, before any name nearest them (the "" kind: gap.py).
    cloze = cloze_in(question, text) if fixed is None and kind in _CLOZE_KINDS else None
    span = fixed or cloze or short_span(query.span_terms, kind, text, head, unit_asked(question))
    # "… trường hợp lô hàng vi phạm có giá trị từ 70.000.000 đồng trở lên" is the case of
    # "lô hàng trên 70 triệu" the question names, and a table row's first cell ("Xe bán
    # tải 2 cầu | 12 lít/100 km") what the row is about: the answer is another figure.
    if kind == "number" and span and not (fixed or cloze):
        row = TABLE_ROW.search(text)
        key_end = text.index("|", row.start()) if row else 0
        if span[0] < key_end:
            masked: str | None = _masked(text, 0, key_end)
        elif held_amounts(question, text[slice(*span)]):
            masked = _masked(text, *span)
        else:
            masked = None
        if masked is not None:
            span = short_span(query.span_terms, kind, masked, head, unit_asked(question)) or span
    if kind == "number" and period is not None and span and not (fixed or cloze):
        span = figure_for(text, span, period, hit.published)
    if kind == "number" and span and not (fixed or cloze):
        span = the_multiple(question, text, span)
    if kind == "person" and not (fixed or cloze) and span and _asked(query, text, *span):
        # "Giấy phép lái xe hạng A1 cấp cho ai?": "Hạng A1" is the question's own ("A1" is
        # its "a" and "1"); what follows "hạng A1 cấp cho" answers ("người lái xe …"), as
        # it stands.
        span = fixed = cloze_in(question, text, after_ai=True)
    # A Vietnamese full name asked who ("Lâm Thị Ngọc Diệp") stands; the gap would pick nearer.
    person = kind == "person" and span is not None and parse_person(text[span[0] : span[1]])
    if fixed is None and cloze is None and not person and uses_gap(kind, span is not None):
        # A lead-in ("… các hành vi sau đây:") announces the answer, the sentences after it
        # hold it: its words around the question's gap are not the answer.
        lead_in = best.sentence.lead_in
        span = None if lead_in else gap_span(question, query.folded, kind, head, text)
        # A short point of a list ("a) Chở người bệnh đi cấp cứu;") is one answer, whole:
        # the gap would leave out its words the question shares ("chở người"). A "key:
        # value" point ("c) Từ 7,0 đến 7,9: điểm B") keeps the gap's phrase, its value.
        whole = short_point(text) if span is not None else None
        span = whole or span
    if span is None:
        return None
    if fixed is None:
        span = within_brackets(text, *span)
        if kind == "person":
            span = full_name(text, *leading_name(text, *span))  # the name, no titles, no deeds
            # A title after the name between commas: the name, unless the question names
            # it ("Nguyễn Thiện Nhân là ai?" is answered by the title).
            named = apposed_name(text, *span)
            if not query.folded.issuperset(_tokens(fold(text[named[0] : named[1]].lower()))):
                span = named
        else:  # "Võ Thị Thu, tổ trưởng …" for "Chị Võ Thị Thu làm gì?": not the name again
            span = past_named_lead(text, *span, query.folded)
        if kind in ("person", "name"):
            span = with_titles_after(text, *span)  # "Ủy viên Bộ Chính trị, Bí thư Thành ủy"
        elif kind == "number" and unit_asked(question) != "pay":
            # "Năm 2024 có bao nhiêu người được khen thưởng?" ("người" names no head) is
            # answered "86 công nhân", not "86", as one counting a noun is ("1,5 tỷ đồng"
            # measures the "kinh phí" asked: no noun after it)
            span = span[0], with_counted_noun(text, span[1], head)
    phrase = text[span[0] : span[1]].rstrip(" .,;:")
    if phrase.endswith(('"', "”")) and not any(q in phrase[:-1] for q in '"“'):
        phrase = phrase[:-1].rstrip(" .,;:")  # a quotation's end, not its start: no part
    if not phrase or _empty(phrase, kind):
        return None
    found = best.sentence.raw.find(phrase)
    article_start = hit.start + best.sentence.start + max(found, 0)
    return ShortAnswer(
        text=phrase,
        start=span[0],
        end=span[0] + len(phrase),
        n=1,  # the best sentence's passage is cited first
        article_start=article_start,
        article_end=article_start + len(phrase),
    )


def _empty(phrase: str, kind: str) -> bool:
    """The phrase says nothing on its own ("của mình", "tuy nhiên", "Luật này"): a wrong
    phrase in bold reads as the answer, none leaves the quoted sentence to say it."""
    words = SYLLABLE_OR_NUMBER.findall(phrase.casefold())
    if kind == "number" and any(w in NUMBER_WORDS for w in words):
        return False
    # "Luật này", "quốc gia này": what was said before, not what it is
    pointing = len(words) <= _POINTING_WORDS and words[-1:] in (["này"], ["đó"], ["ấy"])
    return pointing or all(w in EMPTY_PHRASE_SYLLABLES for w in words)


_POINTING_WORDS = 4


class _Ranked(NamedTuple):
    query: _Query
    by_hit: list[tuple[_Sentence, ...]]
    scored: list[tuple[float, _Candidate, tuple[float, ...]]]  # best first
    kind: str  # what the question asks for (asks.py)
    marks: tuple[frozenset[str], frozenset[str], frozenset[str]]  # names, numbers, head
    # The best score of a sentence about another time (sentence_time.in_time) when it
    # may beat the best candidate's, else None.
    rival: float | None
    cosines: SentenceCosines

    def led_by(self, i: int) -> _Ranked:
        """This ranking with its scored candidate at position `i` first, the rest in order."""
        scored = self.scored
        return self._replace(scored=[scored[i], *scored[:i], *scored[i + 1 :]])


def in_range(
    query: _Query, question: str, by_hit: list[tuple[_Sentence, ...]]
) -> list[tuple[_Sentence, ...]]:
    """`by_hit` with the question's amounts lent to each sentence whose range holds them
    (`cases.held_amounts`): "c) Trên 200 triệu đồng đến 1 tỷ đồng: Tổng Giám đốc phê
    duyệt" is about "750 triệu đồng" (a rule names bands, a question its own figure), and
    lacks neither its number nor its words."""
    out = []
    for sentences in by_hit:
        lent = []
        for s in sentences:
            held = held_amounts(question, s.text)
            terms = frozenset(
                t for written in held for t in _folded_tokens(written) if t in query.folded
            )
            lent.append(lend(query, terms, s) if terms else s)
        out.append(tuple(lent))
    return out


def _folded_tokens(text: str) -> list[str]:
    tokens = _tokens(text.lower())
    return [fold(t) for t in (*tokens, *_number_parts(tokens))]


def _masked(text: str, start: int, end: int) -> str:
    """`text` with [start, end) blanked by a mark (a run of spaces would be collapsed, and
    the offsets of what follows with it)."""
    return f"{text[:start]}{'#' * (end - start)}{text[end:]}"


def _ranked(
    question: str,
    hits: Sequence[Hit],
    dense: Sequence[float],
    *,
    prune: bool = True,
    period: Period | None = None,
    scope: Mapping[int, Scope] | None = None,  # provisions.named_scope: only those sentences
    sentences: Sequence[Sequence[float]] | None = None,  # SentenceCosines
    said: str = "",  # casefolded: what the last answer quoted ("… còn … nữa?"), no candidate
) -> _Ranked | None:
    """The candidate sentences sharing a word with the question, best first, with their
    score and FEATURES; None when there is none."""
    # With `prune`, only the sentences that can still come within FOLLOWER_REACH of the
    # best are scored in full: the cheap part of the score (coverage, rank, cosine gap,
    # ending, length) plus the most the other features can add bounds the rest. `period`
    # is the time asked (timeexpr.asked_time): a dated article's sentences about it hold
    # the question's time words, those about another time are no candidates (in_time).
    query = _query(question)
    if not query.folded:
        return None
    by_hit = [_analysed(h.text) for h in hits]
    by_hit = spelled_out(query, hits, without_deputies(query, folded_question(question), by_hit))
    elsewhen = frozenset[tuple[int, int]]()
    if period is not None:
        by_hit, elsewhen = in_time(query, question, period, hits, by_hit)
    if query.numbers:
        by_hit = in_range(query, question, by_hit)
    kind = asks(question)
    # "… phát động gì?": the sentence saying what was launched, not one borrowing "phát động"
    own = predicate(question, query.folded) if not kind else frozenset()
    titles = [h.title for h in hits]
    replies = asks_reply(question)  # "… trả lời thế nào?": not "Cử tri X phản ánh …"
    by_hit = in_lead(
        query, by_hit, datelines=lends_lead(kind), own=own, titles=titles, replies=replies
    )
    by_hit = in_scope(query, question, scope, by_hit) if scope else by_hit
    candidates = _unique(_Candidate(r, s) for r, sentences in enumerate(by_hit) for s in sentences)
    basis = asks_basis(question)  # else "Căn cứ Quyết định số …;" answers nothing (basis.py)
    candidates = [
        c
        for c in candidates
        if _eligible(query, c.sentence)
        and not (said and c.sentence.text.casefold() in said)
        and not (replies and raises(c.sentence.key))
        and (basis or not cites_basis(c.sentence.text))
    ]
    others = [c for c in candidates if (c.rank, c.sentence.order) in elsewhen]
    if others:
        candidates = [c for c in candidates if (c.rank, c.sentence.order) not in elsewhen]
    if not candidates:
        return None
    weights = _weights(query, candidates)
    marks = question_marks(question)
    head = asked_head(question)
    top = max(dense, default=0.0)
    previous = _previous_coverage(query, by_hit, weights)
    n = len(hits)
    cosines = SentenceCosines(hits, dense, sentences, by_hit, datelines=lends_lead(kind), own=own)

    def cheap_score(c: _Candidate) -> float:
        return _cheap_score(query, c, weights, n, dense[c.rank] - top, cosines.of(c))

    cheap = sorted(
        ((cheap_score(c), c) for c in candidates),
        key=lambda t: (-t[0], t[1].rank, t[1].sentence.order),
    )

    def scoring(c: _Candidate) -> tuple[float, _Candidate, tuple[float, ...]]:
        features = _features(
            query, c, weights, n, dense[c.rank] - top, kind, marks,
            previous.get((c.rank, c.sentence.order), 0.0), head, cosines.of(c),
        )  # fmt: skip
        return sum(w * x for w, x in zip(SENTENCE_WEIGHTS, features, strict=True)), c, features

    scored = []
    best = -math.inf
    for bound, c in cheap:
        if prune and bound + _MOST_ADDED < best - FOLLOWER_REACH:
            break
        scored.append(scoring(c))
        best = max(best, scored[-1][0])
    scored.sort(key=lambda t: (-t[0], t[1].rank, t[1].sentence.order))
    # The best a sentence about another time scores, on the same scale, when it can beat
    # the best candidate (all that matters of it: extract declines then).
    top_score = scored[0][0]
    rival = max(
        (scoring(c)[0] for c in others if cheap_score(c) + _MOST_ADDED > top_score),
        default=None,
    )
    return _Ranked(query, by_hit, scored, kind, (*marks, head), rival, cosines)


# The part of the score computed for every candidate, and the most the other features
# (each in [0, 1]) can add to it.
_CHEAP = ("coverage", "rank", "dense_gap", "terminal", "length", "cosine")
_MOST_ADDED = sum(
    max(w, 0.0) for name, w in zip(FEATURES, SENTENCE_WEIGHTS, strict=True) if name not in _CHEAP
)
# Sentences scored this far below the best may still be quoted after it (extractive's
# FOLLOWER_GAP is 1.5) or set the gate's margin.
FOLLOWER_REACH = 3.0


def _cheap_score(
    query: _Query,
    candidate: _Candidate,
    weights: _Weights,
    n_hits: int,
    dense_gap: float,
    cosine: float,
) -> float:
    sentence = candidate.sentence
    values = {
        "coverage": _coverage(query, sentence, weights),
        "rank": 1 - candidate.rank / max(n_hits, 1),
        "dense_gap": dense_gap,
        "terminal": float(sentence.terminal),
        "length": math.log(sentence.key.count(" ") + 1),
        "cosine": cosine,
    }
    return sum(
        w * values[name]
        for name, w in zip(FEATURES, SENTENCE_WEIGHTS, strict=True)
        if name in values
    )
