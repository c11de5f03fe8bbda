"""The field of an article that answers leads the answer: `field_led` (fields.py reads
the fields)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from retrieval.answers.asks import folded_question
from retrieval.answers.context import introducers
from retrieval.answers.features import _Ranked
from retrieval.answers.fields import field_fit, field_label, label_kind
from retrieval.answers.sentences import ITEM, _analysed, _Candidate
from retrieval.answers.span import phrases
from retrieval.answers.units import measures, unit_asked
from retrieval.index.chunks import Hit
from retrieval.language.text import fold

__all__ = ["field_led", "item_led"]

# The typed phrase (span.phrases) that says what a kind asks: with one, the best
# sentence answers itself.
_TYPED = {"place": frozenset({"locative"}), "time": frozenset({"time", "clock"})}


def field_led(
    question: str,
    kind: str,
    ranked: _Ranked,
    hits: Sequence[Hit],
    every: Callable[[], _Ranked | None],
) -> _Ranked | None:
    """`ranked` led by the field of its best sentence's article that answers the
    question (`fields.field_fit`), when the best sentence is no such field; None when
    there is none. One whose label the question names comes first, then the best scored;
    one that only says what is asked ("Địa điểm: …" for "ở đâu?") not when the best
    sentence says it itself. A field shares few words with the question, so it may not
    have been scored (`features._ranked` prunes what cannot come near the best): then
    `every` candidate is read again."""
    asked = folded_question(question)
    best = ranked.scored[0][1]
    if field_fit(best, kind, asked):
        return None
    # "… phải đăng ký trước ít nhất 02 ngày làm việc" says when: no "Thời gian: …" needed
    itself = _says_itself(kind, best.sentence.text, asked)
    article = hits[best.rank].article_id
    # asked in a unit ("bao nhiêu phần trăm"), a field in another answers nothing
    unit = unit_asked(question) if kind == "number" else ""

    def fits(candidate: _Candidate) -> int:
        fit = field_fit(candidate, kind, asked)
        if fit == 2 and _says_more(best, candidate, asked):
            # the best says the label too, and more of the question: "4. Ông, bà nội và
            # ông, bà ngoại của đoàn viên từ trần: …" for "Ông ngoại đoàn viên từ trần …?",
            # not "1. Đoàn viên từ trần: …"
            return 0
        return fit if fit and (not unit or measures(unit, candidate.sentence.text)) else 0

    # Most articles have no field that fits: then nothing is scored again.
    if not any(
        fits(_Candidate(rank, sentence))
        for rank, hit in enumerate(hits)
        if hit.article_id == article
        for sentence in _analysed(hit.text)
    ):
        return None
    for candidates in (ranked, None):
        candidates = candidates or every()
        if candidates is None:
            return None
        fields = [
            (-fit, i)
            for i, (_, candidate, _) in enumerate(candidates.scored)
            if hits[candidate.rank].article_id == article
            and (fit := fits(candidate))
            and (fit == 2 or not itself)
        ]
        if fields:
            return candidates.led_by(min(fields)[1])
    return None


def item_led(question: str, kind: str, ranked: _Ranked) -> int:
    """The position in `ranked` of the item whose field leads it, when the field says a
    place, a time or the people present and the question asks none of that ("Chiều
    24/10 chị Hà họp hội đồng gì?" is not answered by "Địa điểm: Phòng họp tầng 2" after
    "14h00: PGĐ Phan Thị Thu Hà: Họp Hội đồng sơ tuyển …"), nor names a word of the field
    its item lacks (for "… ở phòng nào?" the "Phòng họp HĐQT" of one does): the field
    held the question's words only as its item's (context.introducers). 0 otherwise."""
    best = ranked.scored[0][1]
    if not label_kind(field_label(best.sentence.text)):
        return 0
    if field_fit(best, kind, folded_question(question)):
        return 0
    sentences = ranked.by_hit[best.rank]
    items = [s for s in introducers(sentences).get(best.sentence.order, ()) if ITEM.match(s.raw)]
    if not items or not (ranked.query.folded & best.sentence.own) <= items[-1].own:
        return 0
    order = items[-1].order
    return next(
        (
            i
            for i, (_, candidate, _) in enumerate(ranked.scored)
            if candidate.rank == best.rank and candidate.sentence.order == order
        ),
        0,
    )


def _says_more(best: _Candidate, field: _Candidate, asked: str) -> bool:
    """Whether `best` holds the label of `field` and more of the question's words."""
    label = set(field_label(field.sentence.text).split())
    words = set(asked.split())
    said = best.sentence.own  # their own words, not those lent them
    return label <= said and len(words & said) > len(words & field.sentence.own)


def _says_itself(kind: str, text: str, asked: str) -> bool:
    """Whether `text` holds a typed phrase of the kind asked (a place, a time) that the
    question (`asked`, folded) does not say itself."""
    typed = _TYPED.get(kind)
    if typed is None:
        return False
    said = frozenset(asked.split())
    return any(
        p.kind in typed and not set(fold(text[p.start : p.end].lower()).split()) <= said
        for p in phrases(text)
    )
