"""The newest article's sentence, when a question names no time and several years say it.

An organisation's yearly articles say the same thing with another figure each year ("Công
ty hiện có 1.850 lao động, thu nhập bình quân 8,2 triệu đồng" in December 2022, "Tổng số
lao động hiện là 2.450 người, thu nhập bình quân 9,6 triệu đồng" in December 2024). Asked
"Lộc Điền Xanh hiện có bao nhiêu lao động?", staff want the newest. Search prefers the
newest edition of an article only when the texts are alike as a whole
(`retrieval.search.timing.editions`); articles written by different people each year are
not, and the older one's sentence may score a little better. `newest_alike` finds, among
the candidates scoring nearly as well as the best, a sentence of a newer dated article
that says the same (most of its words, every word of the question the best one has but
one, no other value of what the question names by a number) and returns its position to
lead with. Pure functions.

Asked for what holds now ("Hiện tại giá nước bậc 1 … bao nhiêu?", `recent`), the newer
article need not say it in the same words: a tariff notice's "Bậc 1 (10 m3 đầu tiên):
8.300 đồng/m3" answers in place of last year's news sentence giving 7.200, when it scores
nearly as well and lacks at most RECENT_MISSING of the question's words the best one has.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

from retrieval.answers.asks import folded_question
from retrieval.answers.deputies import by_deputy
from retrieval.answers.evidence import contradicts, identifiers, question_marks
from retrieval.answers.features import _Ranked
from retrieval.answers.holders import names_office_asked
from retrieval.answers.sentences import _Candidate, _Query
from retrieval.answers.subject import asks_holder
from retrieval.index.chunks import Hit
from retrieval.language.text import fold
from retrieval.language.vocabulary import RECENT_WORDS

__all__ = ["newest_alike"]

# How close to the best a newer article's sentence must score, as a share of its score.
SCORE_SHARE = 0.85
# The share of two sentences' words (numbers aside) they must share to say the same.
ALIKE = 0.4
# How many of the best candidates are looked at.
LOOK = 8
# Asked for what holds now: how many of the question's words the best one has a newer
# article's sentence may lack (its lead-in may say them: "1. Nước sinh hoạt hộ gia đình").
RECENT_MISSING = 2
# The words asking for now, which no sentence need say.
_NOW = frozenset(fold(w) for phrase in RECENT_WORDS for w in phrase.split())


def newest_alike(
    question: str,
    ranked: _Ranked,
    hits: Sequence[Hit],
    unpruned: Callable[[], _Ranked | None],
    recent: bool = False,
) -> _Ranked:
    """`ranked` led by the newest article's sentence saying what its best one says, found
    among all candidates (`unpruned`: the ranking keeps only those that may beat the
    best); as it is when the best is undated, or no newer article's passage was found.
    `recent`: the question asks what holds now (see the module's docstring)."""
    best = ranked.scored[0][1]
    day = hits[best.rank].published
    words = _words(best.sentence.folded)
    # Ranked again unpruned only when a newer article has a sentence that says the same.
    if not day or not any(
        hit.published > day and (recent or any(_alike(words, _words(s.folded)) for s in sentences))
        for hit, sentences in zip(hits, ranked.by_hit, strict=True)
    ):
        return ranked
    full = unpruned() or ranked
    chosen = _newest(question, full.query, ranked.scored[0], words, full.scored, hits, recent)
    return full.led_by(chosen) if chosen is not None else ranked


def _newest(
    question: str,
    query: _Query,
    first: tuple[float, _Candidate, tuple[float, ...]],
    words: frozenset[str],
    scored: Sequence[tuple[float, _Candidate, tuple[float, ...]]],
    hits: Sequence[Hit],
    recent: bool = False,
) -> int | None:
    """The position in `scored` of the newest article's sentence saying what the `first`
    one says (its `words`, numbers aside); None when none is newer."""
    top, best, _ = first
    day = hits[best.rank].published
    if top <= 0:
        return None
    asked = query.folded & best.sentence.folded - (_NOW if recent else frozenset())
    named = identifiers(question)
    folded = folded_question(question)
    holder = asks_holder(folded)
    # the question's names the best one's article holds, which a newer article saying
    # the same must hold too: "Thiệt hại vụ cháy kho Hưng Phát …" is not answered by a
    # flood's "Tổng thiệt hại ước tính khoảng 1.900 tỷ đồng" published later
    held = question_marks(question)[0] & _passage_words(hits[best.rank].text)
    chosen, newest = None, day
    for i, (score, candidate, _) in enumerate(scored[:LOOK]):
        hit = hits[candidate.rank]
        if score < SCORE_SHARE * top or not hit.published or hit.published <= newest:
            continue
        if hit.article_id == hits[best.rank].article_id:
            continue
        if recent:
            alike = len(asked - candidate.sentence.folded) <= RECENT_MISSING
        else:
            alike = _alike(words, _words(candidate.sentence.folded))
            alike = alike and len(asked - candidate.sentence.folded) <= 1
        if held and not held <= _passage_words(hit.text):
            continue
        # Asked who holds an office, a newer article's sentence that does not name it, or
        # names it only as a deputy's ("… bầu bổ sung Phó Chủ tịch UBND huyện", "Ông Ngô
        # Thanh Bình có trình độ thạc sĩ …"), says nothing newer of the holder
        if holder and (
            by_deputy(query, folded, candidate.sentence)
            or not names_office_asked(question, candidate.sentence.text)
        ):
            continue
        if alike and not contradicts(named, candidate.sentence.key):
            chosen, newest = i, hit.published
    return chosen


@functools.lru_cache(maxsize=256)
def _passage_words(text: str) -> frozenset[str]:
    return frozenset(_LETTERS.findall(fold(text.lower())))


_LETTERS = re.compile(r"[^\W\d_]+")


def _words(folded: frozenset[str]) -> frozenset[str]:
    return frozenset(w for w in folded if not w[:1].isdigit())


def _alike(a: frozenset[str], b: frozenset[str]) -> bool:
    return len(a & b) >= ALIKE * max(1, len(a | b))
