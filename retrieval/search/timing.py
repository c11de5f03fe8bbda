"""Time in ranking: pure functions over the fused hits of one question, no I/O.

An organisation writes the same article every year (the review conference, the plan, the
safety month, the awards) with the same words, and mostly "năm nay", "năm qua", "trong
năm" instead of the year: BM25 and the dense model cannot tell the years apart (their
fused scores for the editions of one article differ by noise, up to ~0.5 after min-max),
the article's date can. `rerank(hits, asked, question)` does two things:

1. A boost on the fused scale, as a share of the best fused score:
   - the question names a time (`asked.period`): `TIME_MATCH * time_match(hit)`, where
     `time_match` asks whether the sentence of the passage that the question is about
     is about that time (its relative words counted from the article's date: "năm qua"
     in January 2020 is 2019), or the article is dated inside it;
   - it asks for the newest ("mới nhất", "gần đây", "hiện nay") and names no period:
     up to `RECENT`, linear in the date between the oldest and newest dated candidate;
   - no time at all: the same with `NEWER`, a tie-break.
   The sums are scaled back to the fused scores' range.
2. Editions (`editions`: dated differently, their texts alike) are reordered among the
   places they hold: the edition of the asked time first (of two matching it as well,
   the one dated in it: the December 2021 awards' "… trong năm tới" is about 2022 too);
   with no time, the newest of those that answer about equally well (cosine within
   `EQUAL_COSINE`, BM25 at least `EQUAL_BM25_RATIO` of the best edition's), all of them
   when the question asks for the newest. Other passages keep their places, so this
   cannot bury a passage that matches the words far better.

Cost: each candidate passage is folded and scanned once (cached by text); the sentence
match and the editions look at the first `EDITION_WINDOW` candidates only, and two of them
already in one series (through a third) are not compared again. Scores are reordered as
floats, and a Hit made at the end only for the passages returned. On the 400 bench
questions at 10,000 articles (bench/bench_answer.py; its generated articles are editions of
one another, 17 of the window's 20 on average), rerank + one_edition went 2.1 -> 0.42 ms
p50 on the busy 2-core machine, same output (hits and scores).

Undated passages get no date boost, no recency and are never editions: on xquad_vi and
the seed set (undated) only the explicit years a passage names count (73 of xquad_vi's
1,190 questions name a year), and hit@1 went 0.9336 -> 0.9353, MRR@10 0.9611 -> 0.9619.

Weights, few and round, measured on tests/data/dated (8 years of one company's yearly
articles, TODAY=2026-01-20; hit@1 without time 0.13): the boost alone (TIME_MATCH 0.3,
whole-passage match) reached hit@1 0.58 (sentences about "năm qua" matched the wrong
year); the sentence-level match and the editions' reordering 0.97, hit@3 1.0, follow-ups
with a new year 8/8 in the top 3. TIME_MATCH 0.3 is enough once editions are reordered
(it only decides between articles that are not editions); NEWER 0.04 a tie-break (it
must not reorder a news collection's different articles); RECENT 0.2 between the two.
EDITION_SIMILARITY 0.25: word-pair Jaccard is <= 0.16 between any two different xquad_vi
paragraphs (several are from one Wikipedia article) and >= 0.45 between editions in the
dated set; real editions written by different people share less, hence the margin.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Protocol, TypeVar

from retrieval.index.chunks import Hit
from retrieval.language.reported import reported
from retrieval.language.text import fold_plain, is_plain, normalize, rough_fold, split_sentences
from retrieval.language.timeexpr import (
    AskedTime,
    Period,
    mentioned_periods,
    placed_periods,
    published_period,
    without_time,
)
from retrieval.language.vocabulary import ANSWER_STOP_SYLLABLES, SEARCH_STOPWORDS, TIME_WORDS

__all__ = [
    "NEWER",
    "RECENT",
    "TIME_MATCH",
    "Ranked",
    "answer_question",
    "in_window",
    "not_yet_published",
    "one_edition",
    "question_words",
    "rerank",
    "time_match",
    "word_weights",
]

TIME_MATCH = 0.3
RECENT = 0.2
NEWER = 0.04
# Editions of one yearly article: word-pair Jaccard of their texts at least this.
EDITION_SIMILARITY = 0.25
# Editions are looked for among this many best candidates (the pairs cost time).
EDITION_WINDOW = 20
# Editions answer "about equally well": cosine within this of the best edition's, and
# BM25 at least this share of its.
EQUAL_COSINE = 0.02
EQUAL_BM25_RATIO = 0.8


class Ranked(Protocol):
    """What the ranking reads of a candidate passage: a `Hit`, or search's lighter
    `retrieval.search.snapshot.Candidate`, which decodes its text only when read and makes
    its Hit (`scored`) only when search keeps it."""

    @property
    def chunk_id(self) -> str: ...
    @property
    def article_id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def published(self) -> str: ...
    @property
    def score(self) -> float: ...
    def scored(self, score: float) -> Hit:
        """The passage's Hit with `score`."""
        ...


R = TypeVar("R", bound=Ranked)


def time_match(hit: Ranked, period: Period, words: Mapping[str, float] | None = None) -> float:
    """How much a passage is about `period`, in [0, 1], seen from the question's `words`
    (folded syllables with a weight, `word_weights`).

    Each sentence (the title first) is about the times it names, relative words counted
    from the article's date ("năm qua" in January 2020 is 2019), or, naming none, about
    the article's date; its coverage is the weighted share of the question's words it
    holds. Two pieces of evidence, the larger counts:

    - the sentences: the best coverage of a sentence about `period` against the best of
      any sentence (1 when the sentence the question is about is about that time; low
      when only a sentence on something else is: "Năm qua doanh thu …" beside the plan
      the question asks for);
    - the date: 1 when the article is dated inside `period` (a date known only to the
      month or year: may be), less the coverage of the best sentence about another time
      (the 2019 plan's "năm qua, doanh thu …" is about 2018, and that is the sentence a
      question on 2019's revenue matches).

    A report's date is the time its title says it reports on, when that is before the
    date it came out (`language.reported`): January's figures, out on 5 February, are no
    answer for February (on the blind sets: 12 questions better, 3 worse, of 3,366).
    A report of a part of a span asked of a quarter or more (the first quarter's, asked
    the first half) matches by the share of it its figures are for: the report of the
    whole span is the one asked for (blind sets: 3 questions better, 1 worse, of 3,721).
    """
    day = published_period(hit.published)
    published, reviewed = reported(hit.title, day) if day is not None else (None, None)
    on = off = best = 0.0
    named = False
    for syllables, named_times in _analysed(hit.title, hit.text, hit.published):
        # A report's dateline ("Ninh Bình, ngày 05/02/2025 – Sở Du lịch … công bố …") is
        # when it was published, not the time its figures are for.
        if day is not None and reviewed is not None:
            named_times = tuple(p for p in named_times if (p.start, p.end) != (day.start, day.end))
        times = named_times or ((published,) if published else ())
        coverage = _overlap(syllables, words or {})
        inside = [p for p in times if p.overlaps(period)]
        if inside:
            # A report's figures for a part of the span asked (the first quarter's, asked
            # the first half) are a part of the answer only: the report of the whole span
            # is the one asked for. The shortest time a sentence names is its figure's
            # ("Tính chung quý I/2025 … đạt 24,1% kế hoạch năm 2025").
            share = min(_share(p, period) for p in inside) if reviewed is not None else 1.0
            on, best, named = max(on, coverage * share), max(best, coverage), True
        else:
            off = max(off, coverage)
    by_sentences = on / max(best, off) if on > 0 else (1.0 if named and off == 0 else 0.0)
    if published is None or not period.overlaps(published):
        return by_sentences
    # A report of a part of the span asked is dated in it only in part.
    share = _share(published, period) if reviewed is not None else 1.0
    return max(by_sentences, share * (1.0 - off))


def _share(part: Period, period: Period) -> float:
    """How much of `period` a shorter `part` overlapping it covers (1 for a part as long
    or longer, or a period shorter than a quarter: a month's report answers its month)."""
    asked = (period.end - period.start).days + 1
    if asked < _SHARED_FROM:
        return 1.0
    days = (min(part.end, period.end) - max(part.start, period.start)).days + 1
    return min(1.0, max(days, 0) / asked)


# The shortest span asked whose parts a report's figures may be: a quarter.
_SHARED_FROM = 89


_Sentence = tuple[frozenset[str], tuple[Period, ...]]


@lru_cache(maxsize=4096)
def _analysed(title: str, text: str, published: str) -> tuple[_Sentence, ...]:
    """The title and each sentence of a passage: its folded syllables and the times it
    names (relative words counted from the article's date). One fold and one scan of
    the whole passage: it is read for every question it is a candidate of."""
    period = published_period(published)
    anchor = period.start if period is not None else None
    folded = rough_fold(text)
    placed = placed_periods(text, anchor)
    out: list[_Sentence] = []
    if title:
        title_times = tuple(p for _, p in placed_periods(title, anchor))
        out.append((_folded_syllables(title), title_times))
    for a, b in split_sentences(text):
        times = tuple(p for at, p in placed if a <= at < b)
        out.append((frozenset(_SYLLABLE.findall(folded[a:b])), times))
    return tuple(out)


def question_words(question: str, asked: AskedTime | None) -> frozenset[str]:
    """The folded content syllables of a question, without its time words."""
    text = rough_fold(question)
    for matched in asked.matched if asked is not None else ():
        text = text.replace(matched, " ")
    stop = _stop_syllables()
    return frozenset(
        rough_fold(w) for w in _SYLLABLE.findall(normalize(question).lower()) if w not in stop
    ) & frozenset(_SYLLABLE.findall(text))


@lru_cache(maxsize=1)
def _stop_syllables() -> frozenset[str]:
    return ANSWER_STOP_SYLLABLES | SEARCH_STOPWORDS | TIME_WORDS


_SYLLABLE = re.compile(r"[^\W\d_]+|\d+")


def _overlap(syllables: frozenset[str], words: Mapping[str, float]) -> float:
    total = sum(words.values())
    if total <= 0:
        return 0.0
    return sum(w for word, w in words.items() if word in syllables) / total


def word_weights(words: frozenset[str], hits: Sequence[Ranked]) -> dict[str, float]:
    """The question's words weighted by how rare they are among the candidates: a word
    every candidate has (the organisation's name) tells none of them apart, and weighs 0.
    All equal when every word is in every candidate."""
    texts = [_folded_syllables(f"{h.title} {h.text}") for h in hits]
    n = len(texts)
    weights = {w: math.log((n + 1) / (sum(w in t for t in texts) + 1)) for w in words}
    return weights if any(weights.values()) else dict.fromkeys(words, 1.0)


@lru_cache(maxsize=16384)
def _folded_syllables(text: str) -> frozenset[str]:
    return frozenset(_SYLLABLE.findall(rough_fold(text)))


@lru_cache(maxsize=16384)
def _mentions(text: str, anchor: date | None) -> tuple[Period, ...]:
    return tuple(mentioned_periods(text, anchor))


def rerank(
    hits: Sequence[Ranked],
    asked: AskedTime | None,
    question: str = "",
    *,
    dense: Mapping[str, float] | None = None,
    lexical: Mapping[str, float] | None = None,
    k: int | None = None,
    words: Mapping[str, float] | None = None,
) -> list[Hit]:
    """`hits` (fused scores, best first) reordered by time as the module docstring says:
    first a boost, then each series of editions reordered in its own places. `dense` and
    `lexical` (chunk id -> cosine, BM25) tell which editions answer about equally well.
    With `k`, only the `k` best are returned (a Hit is made, `Ranked.scored`, for each
    one returned, and search keeps only its top k). `words` weighs the question's words
    (default: `word_weights` among `hits`; a few editions of one article share them all)."""
    if not hits:
        return []
    period = asked.period if asked is not None else None
    recent = asked is not None and asked.recent
    matches: list[float] = []
    if period is not None:
        if words is None:
            words = word_weights(question_words(question, asked), hits)
        # The first EDITION_WINDOW candidates: those the reordering can lift to the top.
        matches = [time_match(h, period, words) for h in hits[:EDITION_WINDOW]]
        weight = TIME_MATCH
        boosts = [weight * m for m in matches] + [0.0] * (len(hits) - len(matches))
    else:
        weight = RECENT if recent else NEWER
        boosts = [weight * r for r in _recency(hits)]
    # Boosts are shares of the best fused score (1 with weighted fusion, ~1/61 with RRF),
    # and the sums are scaled back to the fused scores' range.
    top = max(h.score for h in hits)
    scale = 1.0 / (1.0 + weight) if any(boosts) and top > 0 else 1.0
    # Scores as plain floats, and a Hit per returned passage at the end (a Hit that kept
    # its score is itself): copying a Hit (dataclasses.replace) per candidate, twice, cost
    # more than the ranking itself.
    if scale != 1.0:
        scores = [(h.score + b * top) * scale for h, b in zip(hits, boosts, strict=True)]
    else:
        scores = [h.score for h in hits]
    match_of = {h.chunk_id: m for h, m in zip(hits, matches, strict=False)}
    # Best first; reverse keeps equal scores in their order, as a stable sort on -score.
    order = sorted(range(len(hits)), key=scores.__getitem__, reverse=True)
    out = [hits[i] for i in order]
    places = [scores[i] for i in order]
    for series in editions(out):
        members = [out[i] for i in series]
        if period is not None:
            # Matching as well, the edition dated in the period first: the 2021 awards'
            # "… nghỉ dưỡng trong năm tới" is about 2022 too, with the question's words.
            # Asked "đến nay" (`recent`), the newest of those: its figure is the latest.
            preferred = sorted(
                members,
                key=lambda h: (
                    -match_of.get(h.chunk_id, 0.0),
                    not _dated_in(h, period),
                    -(_day(h.published) or 0) if recent else 0,
                ),
            )
        else:
            preferred = _newest_first(members, recent, dense or {}, lexical or {})
        # The preferred edition takes the series' best place (and score), and so on down.
        for i, hit in zip(series, preferred, strict=True):
            out[i] = hit
    if k is not None:
        del out[k:], places[k:]
    return [h.scored(s) for h, s in zip(out, places, strict=True)]


def _dated_in(hit: Ranked, period: Period) -> bool:
    published = _reported(hit)
    return published is not None and period.overlaps(published)


def _reported(hit: Ranked) -> Period | None:
    """The time a dated article is about: what its title says it reports on, before its
    date ("… tháng 1/2025" published on 5/2/2025 is January's), else its date
    (`language.reported`); None when undated."""
    published = published_period(hit.published)
    return reported(hit.title, published)[0] if published is not None else None


def _newest_first(
    members: list[R], recent: bool, dense: Mapping[str, float], lexical: Mapping[str, float]
) -> list[R]:
    """Editions newest first, among those that answer about equally well (all of them when
    the question asks for the newest); the rest keep their order after them."""
    if recent or not dense:
        close = members
    else:
        best_dense = max(dense.get(h.chunk_id, 0.0) for h in members)
        best_lexical = max(lexical.get(h.chunk_id, 0.0) for h in members)
        close = [
            h
            for h in members
            if dense.get(h.chunk_id, 0.0) >= best_dense - EQUAL_COSINE
            and lexical.get(h.chunk_id, 0.0) >= EQUAL_BM25_RATIO * best_lexical
        ]
    ids = {h.chunk_id for h in close}
    newest = sorted(close, key=lambda h: -(_day(h.published) or 0))  # stable
    return newest + [h for h in members if h.chunk_id not in ids]


def editions(hits: Sequence[Ranked]) -> list[list[int]]:
    """Groups (positions in `hits`, ascending) of passages that are editions of one yearly
    article: dated differently, their texts alike (word-pair Jaccard >= `EDITION_SIMILARITY`).
    Only groups of two or more, among the first `EDITION_WINDOW` hits."""
    dated = [i for i, h in enumerate(hits[:EDITION_WINDOW]) if _day(h.published) is not None]
    # Each position's group, relabelled whole on a merge: the window is small, and a
    # label read is cheaper than a union-find's function calls over its ~190 pairs.
    group = list(range(EDITION_WINDOW))
    for x, i in enumerate(dated):
        a = hits[i]
        for j in dated[x + 1 :]:
            # Already in one group (through a third edition): the pair would change nothing.
            # Editions of one article fill most of the window, so most pairs stop here.
            if group[i] == group[j]:
                continue
            b = hits[j]
            if a.published == b.published or a.article_id == b.article_id:
                continue
            if _alike(_pairs(a.text), _pairs(b.text)):
                merged, into = group[j], group[i]
                for m in dated:
                    if group[m] == merged:
                        group[m] = into
    groups: dict[int, list[int]] = {}
    for i in dated:
        groups.setdefault(group[i], []).append(i)
    return [g for g in groups.values() if len(g) > 1]


def answer_question(
    question: str, hits: Sequence[Hit], asked: AskedTime | None, today: date
) -> str:
    """The question the extractive answer weighs sentences against: without the time it
    names when the best passage is dated and never spells that time out. Its sentences
    say "năm nay" instead; search already picked the year, and a "2019" they lack would
    only count against them (on the dated set: answer-hit 0.61 -> 0.71, declined
    0.13 -> 0.05). A passage that says "năm 2018" keeps the year in the question."""
    if asked is None or asked.period is None or not hits or not hits[0].published:
        return question
    if any(p.overlaps(asked.period) for p in _mentions(hits[0].text, None)):
        return question
    return without_time(question, today)


def one_edition(hits: Sequence[Hit]) -> list[Hit]:
    """`hits` without the passages that are other editions of a better-ranked one (see
    `editions`): an answer quotes one year's article, not a mix of several years'."""
    dropped = {i for series in editions(hits) for i in series[1:]}
    return [h for i, h in enumerate(hits) if i not in dropped]


@lru_cache(maxsize=4096)
def _pairs(text: str) -> frozenset[int]:
    """The passage's word pairs, as hashes: sets of ints intersect several times faster
    than sets of tuples, whose hashes are not kept."""
    # A plain passage (most are) has rough_fold's syllables folded a letter at a time:
    # a passage is seen for the first time on most questions, and folding it was half
    # of the editions' cost.
    folded = fold_plain(text) if is_plain(text, any_spaces=True) else rough_fold(text)
    return frozenset(map(hash, itertools.pairwise(_SYLLABLE.findall(folded))))


def _alike(a: frozenset[int], b: frozenset[int]) -> bool:
    """Word-pair Jaccard >= EDITION_SIMILARITY, without building the union (and without
    the intersection when the sizes alone rule it out)."""
    small, large = sorted((len(a), len(b)))
    if not large or small < EDITION_SIMILARITY * large:
        return False
    shared = len(a & b)
    return shared >= EDITION_SIMILARITY * (small + large - shared)


def _recency(hits: Sequence[Ranked]) -> list[float]:
    """Each hit's date between the oldest (0) and newest (1) dated hit; undated: 0."""
    days = [_day(h.published) for h in hits]
    known = [d for d in days if d is not None]
    if len(set(known)) < 2:
        return [0.0] * len(hits)
    low, high = min(known), max(known)
    return [(d - low) / (high - low) if d is not None else 0.0 for d in days]


@lru_cache(maxsize=16384)
def _day(published: str) -> int | None:
    if len(published) == 10 and published[4] == published[7] == "-":
        # The usual "YYYY-MM-DD": read at a tenth of published_period's cost (a
        # question sees ~55 dates, many for the first time); anything else goes there.
        try:
            return date.fromisoformat(published).toordinal()
        except ValueError:
            pass
    period = published_period(published)
    return period.start.toordinal() if period is not None else None


def in_window(hit: Ranked, since: date | None, until: date | None) -> bool:
    """Whether a hit's article date lies in [since, until] (an undated one never does
    when a bound is given)."""
    if since is None and until is None:
        return True
    published = published_period(hit.published)
    if published is None:
        return False
    return (since is None or published.end >= since) and (until is None or published.start <= until)


def not_yet_published(hit: Ranked, today: date) -> bool:
    """Whether a hit's article was published after `today` (an undated one never was)."""
    day = _day(hit.published)
    return day is not None and day > today.toordinal()
