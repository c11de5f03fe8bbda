"""What the decline gate (`gate.py`) reads of an answer: `answer_evidence`.

The extractive answer (`extractive.extract`) ranks the sentences (`features._ranked`);
this sums the best one up as gate.GATE_FEATURES: the retrieval cosines, the best
sentence's score and margin, how much of the question it and its passage cover (words,
two-syllable phrases, and the words rare in the whole index: `term_idf`), the question's
names, numbers and counted noun missing from them, and whether it holds a phrase of the
kind asked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from retrieval.answers.evidence import missing
from retrieval.answers.features import _DETECTABLE, FEATURES, _Ranked, _ranked
from retrieval.answers.gate import UNACCENTED_COSINE_DROP
from retrieval.answers.sentences import _Candidate, _Query, _tokens
from retrieval.answers.span import short_span
from retrieval.index.chunks import Hit
from retrieval.language.text import fold, fold_words
from retrieval.language.timeexpr import Period
from retrieval.language.vocabulary import RELATIVE_VALUES, TIME_WORDS

__all__ = ["answer_evidence", "gate_features"]

_TIME_WORDS = frozenset(fold_words(sorted(TIME_WORDS | RELATIVE_VALUES)))


def gate_features(
    question: str,
    hits: Sequence[Hit],
    dense: Sequence[float],
    period: Period | None = None,
    sentences: Sequence[Sequence[float]] | None = None,
    term_idf: Mapping[str, float] | None = None,
) -> tuple[float, ...] | None:
    """gate.GATE_FEATURES of the answer to `question` (None when nothing matches): what
    bench/tune_answer.py fits the gate on."""
    ranked = _ranked(question, hits, dense, period=period, sentences=sentences) if hits else None
    if ranked is None:
        return None
    return answer_evidence(ranked, ranked.scored[0][1], dense, term_idf)


def answer_evidence(
    ranked: _Ranked,
    best: _Candidate,
    dense: Sequence[float],
    term_idf: Mapping[str, float] | None = None,
) -> tuple[float, ...]:
    """gate.GATE_FEATURES of an answer whose best sentence is `best`; `term_idf` is how
    rare each folded syllable of the question is in the whole index (HybridResult)."""
    query, by_hit, scored, kind, marks = ranked[:5]
    best_score, _, features = scored[0]
    margin = best_score - scored[1][0] if len(scored) > 1 else 5.0
    passage = frozenset[str]().union(*(s.folded for s in by_hit[best.rank]))
    everything = passage.union(*(s.folded for sentences in by_hit for s in sentences))
    # Every content term counts once here: idf is over this answer's sentences only.
    covered = sum(1 for term in query.folded if term in passage) / len(query.folded)
    by_name = dict(zip(FEATURES, features, strict=True))
    absent = sum(1 for term in query.folded if term not in everything) / len(query.folded)
    # How rare, in all that is indexed, the question's words its passage lacks are: a
    # passage lacking a rare word of the question is about something else. Without the
    # index's counts (a replay of an old cache), every word weighs the same.
    # The question's time ("năm kia") is read against each article's date (sentence_time),
    # not looked for as words.
    rare = query.folded - _TIME_WORDS
    weight = {t: term_idf.get(t, 0.0) for t in rare} if term_idf else {}
    weight = weight if sum(weight.values()) > 0 else dict.fromkeys(rare or query.folded, 1.0)
    rare_absent = sum(w for t, w in weight.items() if t not in passage) / sum(weight.values())
    passage_phrases = frozenset[tuple[str, str]]().union(*(s.phrases for s in by_hit[best.rank]))
    phrases = len(query.phrases & passage_phrases) / len(query.phrases) if query.phrases else 0.0
    # A question typed without diacritics is further from every passage in the e5 space
    # (gate.UNACCENTED_COSINE_DROP): its cosines are read as its accented form's would be.
    shift = 0.0 if query.accented else UNACCENTED_COSINE_DROP
    return (
        max(dense, default=0.0) + shift,
        best_score,
        margin,
        by_name["coverage"],
        covered,
        by_name["asked"],
        by_name["asked_missing"],
        missing(marks[0], passage),
        missing(marks[1], passage),
        missing(marks[0], everything),
        missing(marks[1], everything),
        by_name["phrase"],
        phrases,
        absent,
        dense[best.rank] + shift,
        by_name["head_missing"],
        missing(marks[2], passage),
        float(_answers_with_head(query, kind, best.sentence.text, marks[2])),
        ranked.cosines.best() + shift,
        ranked.cosines.of(best) + shift,
        rare_absent,
    )


def _answers_with_head(query: _Query, kind: str, text: str, head: frozenset[str]) -> bool:
    """The sentence holds a phrase of the asked kind with the noun the question counts
    or picks beside it ("10 tập thể" does not answer "bao nhiêu đảng viên")."""
    if kind not in _DETECTABLE:
        return False
    span = short_span(query.span_terms, kind, text)
    if span is None:
        return False
    if not head:
        return True
    near = fold(text[max(0, span[0] - 30) : span[1] + 30].lower())
    return head <= frozenset(_tokens(near))
