"""The default answer: one to three sentences quoted from the retrieved passages, cited,
with the phrase that answers and the gate's confidence.

`extract(question, hits, dense=...)` scores every sentence of the retrieved passages
(`features.py`: the question's content terms the sentence covers, weighed by inverse
frequency; its phrases; what the question asks for against what the sentence holds;
names and numbers of the question it lacks; the passage's rank and cosine) and quotes the
best ones with [n] markers; the best leads. The phrase of the asked kind in it (a name, a
number with its unit, a date, a place, a legal reference) is the short answer
(`span.py`), and the gate (`gate.py`) says how sure the evidence is that the passages
answer at all. No model call: a few set operations and regular expressions per
sentence, far less than the query embedding retrieval already paid for.

Measured with `python bench/tune_answer.py` (the answer step replayed over cached top-5
hits; xquad_vi, 1,190 questions, all articles indexed): first sentence holds the answer
0.776 before, 0.800 now; short answer (Answer.short, else the first sentence) EM 0.12,
F1 0.29 with typed phrases alone, EM 0.18, F1 0.36 with the phrase filling the question's
gap (`gap.py`) where the question asks no typed kind or the sentence has none. The
sentence weights and their table are in `features.py`.

A question naming an article ("Điều 60 quy định gì?", "khoản 2 điều 14 …") is answered
from the passages of that provision when search retrieved one (`provisions.py`), not
from another article that cites it; asking what it says ("topic"), with its start (its
title, first lines). Its citation names it ("Điều 30, khoản 3"). Legal excerpt
(bench/corpus/legal, `retrieval eval`): answer-hit 0.438 -> 0.531 (questions naming
their article 4/12 -> 7/12, the others unchanged), none declined (was 2).

Long because `extract` is where the answer step's rules meet, in the order they apply
(each lives in a module of its own and is called here in one or two lines): splitting the
sequence would hide that order, which is what a reader of the answer step needs.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from retrieval.answers.antecedent import antecedent
from retrieval.answers.asks import asks_list, counted_words, topic_asking
from retrieval.answers.cases import keyed_point
from retrieval.answers.context import TIME_SYLLABLES
from retrieval.answers.counting import counting, written_as_names
from retrieval.answers.day_named import on_the_day
from retrieval.answers.evidence import unwritten_code
from retrieval.answers.features import FEATURES, _ranked, _short
from retrieval.answers.field_lead import field_led, item_led
from retrieval.answers.form_lead import form_led, lacks_the_form
from retrieval.answers.gate import confidence
from retrieval.answers.gate_evidence import answer_evidence
from retrieval.answers.holders import holding
from retrieval.answers.labels import labelling
from retrieval.answers.leads import lead_for
from retrieval.answers.lists import (
    announced,
    began_before,
    lead_in_of,
    lead_in_text,
    list_phrase,
    next_sentence,
    points_after,
    render_list,
    title_person,
)
from retrieval.answers.measure_lead import measuring
from retrieval.answers.newest import newest_alike
from retrieval.answers.persons_asked import about_someone_else, names_asked_person
from retrieval.answers.provisions import (
    Scope,
    citing,
    document_words,
    named_scope,
    opening,
    reference_terms,
)
from retrieval.answers.rendering import render_quotes
from retrieval.answers.saying import speaking
from retrieval.answers.section_time import with_headings
from retrieval.answers.sentence_time import off_time, saying_when, says_no_time, spells_period
from retrieval.answers.sentences import (  # noqa: F401  (tests and benches read these here)
    _TERMINAL,
    ITEM,
    MIN_SENTENCE_TOKENS,
    POINT_MARK,
    _analysed,
    _Candidate,
    _is_accented,
    _is_fragment,
    _piece,
    _Sentence,
    _tokens,
    _trim,
)
from retrieval.answers.steps import step_led
from retrieval.answers.subject import (
    about_asked,
    lists_other_thing,
    lists_others,
    names_no_holder,
    naming_listed,
)
from retrieval.answers.successor import successor
from retrieval.answers.table_cells import row_asked
from retrieval.answers.targets import aiming, sets_asked_target
from retrieval.answers.types import Citation, ShortAnswer
from retrieval.answers.units import in_unit_asked
from retrieval.answers.within_reach import first_within
from retrieval.answers.wording import as_passages_say
from retrieval.index.chunks import Hit
from retrieval.language.text import fold_words
from retrieval.language.timeexpr import Period
from retrieval.language.vocabulary import MORE_WORDS

__all__ = ["Extract", "extract", "extractive_answer"]

# A further sentence is quoted only if it scores near the best one, and the answer stays
# short.
FOLLOWER_GAP = 1.5  # in score units (SENTENCE_WEIGHTS): a probability ratio of ~0.2
MAX_ANSWER_CHARS = 700
NEAR_DUPLICATE = 0.8  # Jaccard of folded tokens
# The confidence of an answer to what a named provision says when a retrieved passage is
# that provision and the question names nothing its document lacks (`_topic_lead`).
NAMED_PROVISION_CONFIDENCE = 0.9

_NAME_MISSING = FEATURES.index("name_missing")


@dataclass(frozen=True)
class Extract:
    """An extractive answer with what `ask` needs beside its text."""

    text: str  # sentences with [n] markers; "" when nothing matched
    citations: list[Citation]
    short: ShortAnswer | None  # the phrase that answers, inside the first sentence
    confidence: float  # gate.confidence: that the passages answer the question at all
    # When the passages answer for another time than the one asked (confidence 0 then),
    # the confidence had the time not mattered: high, the topic is there, the time not.
    other_time: float | None = None


_NOTHING = Extract("", [], None, 0.0)


def extractive_answer(
    question: str,
    hits: Sequence[Hit],
    *,
    max_sentences: int = 3,
    dense: Sequence[float] | None = None,
) -> tuple[str, list[Citation]]:
    """Answer `question` with at most `max_sentences` sentences quoted from `hits`
    (`extract`, without the short answer and confidence)."""
    found = extract(question, hits, max_sentences=max_sentences, dense=dense)
    return found.text, found.citations


def extract(
    question: str,
    hits: Sequence[Hit],
    *,
    max_sentences: int = 3,
    dense: Sequence[float] | None = None,
    period: Period | None = None,
    sentences: Sequence[Sequence[float]] | None = None,
    said: str = "",
    term_idf: Mapping[str, float] | None = None,
    recent: bool = False,
) -> Extract:
    """Answer `question` with at most `max_sentences` sentences quoted from `hits`.

    `dense` holds each hit's cosine with the question (HybridResult.dense_scores), a
    feature of both the sentence choice and the gate; without it all count as equal.
    `period` is the time the question asks about (`timeexpr.asked_time`): a dated
    article's sentences about that time count as naming it (sentence_time.in_time), and
    when the best sentence's article is dated outside it and never names a time inside it
    (sentence_time.off_time), the confidence is 0: the passages do not answer for that time.
    Sentences about another time (their own times all outside it) are no candidates, and
    when one of them would score better than every candidate, the confidence is 0 too:
    "năm qua, doanh thu đạt 820 tỷ đồng" in January 2019's review is 2018's figure, and
    the articles hold the answer for 2018, not for 2019.
    The best sentence comes first (followed by the next sentence when it is a lead-in
    ending in ":"), then the other chosen sentences in reading order: by passage rank,
    then position in the article. Each sentence is followed by the marker [n] of its
    passage, numbered by first use. The text is "" when nothing in `hits` matches the
    question. A sentence `said` holds (the last answer's text, for a follow-up asking
    for more: "Ông ấy còn nói gì nữa?") is no candidate, and the text is "" when the
    best of the others lacks a name the question says or all its words but the time.
    `recent`: the question asks what holds now ("hiện nay": newest.py).
    """
    if not hits or max_sentences < 1:
        return _NOTHING
    # "Thành phố Hồ Chí Minh" read "TPHCM" where the passages write that (wording.py)
    question = as_passages_say(question, [hit.text for hit in hits])
    dense = list(dense) if dense is not None else [0.0] * len(hits)
    # A question naming "Điều 60" is answered from Điều 60 when a passage holds it
    # (provisions.py); from all the passages, as any question, when none does.
    scope = named_scope(question, hits)
    said = said.casefold()
    ranked = (
        _ranked(
            question,
            hits,
            dense,
            period=period,
            scope=scope,
            sentences=sentences,
            said=said,
        )
        if scope
        else None
    )
    if ranked is None:
        scope = {}
        ranked = _ranked(question, hits, dense, period=period, sentences=sentences, said=said)
    if ranked is None:
        return _NOTHING
    # No passage is the article named: a sentence citing it, or the articles do not say.
    cites = 0 if scope else citing(question, [c.sentence.text for _, c, _ in ranked.scored])
    unanswered = cites is None
    ranked = ranked.led_by(cites) if cites else ranked
    query, by_hit, scored, kind, marks, rival, _ = ranked
    if said and (
        scored[0][2][_NAME_MISSING] > 0
        or (query.folded - query.numbers - TIME_SYLLABLES - _MORE).isdisjoint(
            scored[0][1].sentence.folded
        )
    ):
        # "Ông ấy còn đề nghị gì nữa?": what the person said is quoted already, and a
        # sentence without their name is somebody else's; "Về nhiệm vụ trọng tâm năm 2018,
        # còn gì nữa?": a sentence sharing only the year is about something else.
        return _NOTHING
    # "Ông ấy còn nói gì nữa?": what else the person said, not what else they did.
    spoke = speaking(question, scored, _NAME_MISSING) if said else None
    ranked = ranked.led_by(spoke) if spoke else ranked
    # A count ("dài bao nhiêu km") is answered by a sentence that counts: the best of those
    # within reach leads ("Tuyến dài 11 km", not the lead naming the line); with none, the
    # articles do not count it and the answer is declined below.
    head = marks[2]
    # What else the question asks of the count ("kết nạp", "mới" in "Năm 2017 kết nạp bao
    # nhiêu đảng viên mới?"): a sentence sharing only the year with it counts something else.
    # The question's names are no such thing: "Phú An" is in every sentence of its
    # articles, "1.210 tỷ đồng" among them, which counts no "nhà máy".
    asked_of = query.folded - head - counted_words(question) - query.numbers - TIME_SYLLABLES
    asked_of -= marks[0]
    if kind == "number" and head and question.islower():  # "phu an co …": names by casing
        asked_of -= written_as_names(asked_of, [hit.text for hit in hits])
    # "Học phí mỗi tín chỉ là bao nhiêu?" is not answered by a sentence without "học phí"
    # (measure_lead.measuring): the best naming it leads, with none the articles do not say.
    # Asked a label ("… mang chủ đề gì?"), by one naming a label (labels.labelling).
    measures = measuring(question, scored) if kind == "number" else labelling(question, scored)
    if measures:
        ranked = ranked.led_by(measures)
        scored = ranked.scored
    announcing = lead_in_text(hits)  # a point's quantity or target may be its lead-in's
    # a target its section's heading ("VI. KẾ HOẠCH NĂM 2025", "Các chỉ tiêu chủ yếu")
    aimed = (
        aiming(question, scored, with_headings(announcing, hits), began_before(hits))
        if kind == "number"
        else 0
    )
    unanswered = unanswered or aimed is None
    ranked = ranked.led_by(aimed) if aimed else ranked
    scored = ranked.scored
    # A count of the noun asked, in the unit asked, per the period asked (counting.py).
    counted = counting(question, head, asked_of, scored, announcing) if kind == "number" else 0
    if counted:
        ranked = ranked.led_by(counted)
    unpruned = functools.partial(_ranked, question, hits, dense, prune=False, period=period,
                                 scope=scope, sentences=sentences, said=said)  # fmt: skip
    when = saying_when(question, query, ranked.scored) if kind == "time" else 0  # says when
    ranked = ranked.led_by(when) if when else ranked
    # "… lúc mấy giờ?", "ở Km bao nhiêu?": written further down than pruning keeps (form_lead)
    articles, formed = [h.article_id for h in hits], kind in ("time", "number") and not when
    timed = form_led(question, ranked, unpruned, articles) if formed else None
    untimed, ranked = ranked, timed[0] if timed is not None else ranked
    # "Hôm 3/11 giá vàng bao nhiêu?": the sentence giving the 3rd's, not the 14th's (day_named)
    dated = on_the_day(question, ranked.scored)
    ranked = ranked.led_by(dated) if dated else ranked
    # "Huyện Thuận Bắc có bao nhiêu hộ …?": the table's row for Thuận Bắc (table_cells.py)
    tabled = row_asked(question, query.span_terms, ranked.scored, hits) if kind == "number" else 0
    ranked = ranked.led_by(tabled) if tabled else ranked
    # "Chủ tịch UBND quận 3 đề nghị gì?" is not answered by a sentence on "quận 5", nor
    # "Ai là Bí thư Quận ủy quận 8?" by its Phó Bí thư's (subject.py): the best sentence
    # about the thing asked leads, and with none the articles do not say.
    before = ranked
    # Asked a count, the one about the thing asked that counts it, when one does.
    numbered = kind == "number" and counted is not None
    counts = (lambda entry: counting(question, head, asked_of, [entry]) == 0) if numbered else None
    ranked, about = about_asked(question, ranked, unpruned, counts, articles)
    if numbered and ranked is not before:
        # The sentence about the thing asked stands in for the one counting it: it must
        # count it too ("a) Vào ngày thường: 150% …" is another case, and "không quá 200
        # giờ" after it pays nothing).
        about = about and counting(question, head, asked_of, ranked.scored[:1]) == 0
    now = ranked.scored[0][1]  # a lead-in whose points are all another "hạng" than asked
    listed_now = points_after(now, hits) if now.sentence.lead_in else []
    elsewise = bool(listed_now) and lists_others(question, query, now.sentence, listed_now)
    elsewise = elsewise or lists_other_thing(question, hits[now.rank].text)  # "X gồm gì?"
    unanswered = unanswered or not about or elsewise
    # Another sentence of the best one's passage, the one about the thing asked: the
    # passage answers as surely as the gate read it ("Ngài X, chủ tịch …" after the
    # sentence naming the body asked about).
    same_passage = ranked is not before and ranked.scored[0][1].rank == before.scored[0][1].rank
    keyed = keyed_point(query.folded, ranked.scored, FOLLOWER_GAP)
    # "Hội nghị họp ở đâu?": the invitation's "2. Địa điểm: …" (fields.py)
    fielded = None if keyed else field_led(question, kind, ranked, hits, unpruned)
    unfielded = ranked
    # none of the candidates kept names the thing measured or counts the noun asked: the
    # articles do not say, unless a field found further down does ("5. Giá trúng thầu:
    # 5.318.200.000 đồng", pruned among the fields of a long notice)
    field = fielded.scored[:1] if fielded is not None else []
    unanswered = unanswered or (
        measures is None and not (field and measuring(question, field) == 0)
    )
    unanswered = unanswered or (
        counted is None and not (field and counting(question, head, asked_of, field) == 0)
    )
    if fielded is not None:
        ranked = fielded
    else:
        # "Phú An tôn vinh ai?": the best sentence naming someone leads, not the one
        # naming the company that held the ceremony (subject.names_no_holder); who did
        # it, or why (leads.py).
        # "… họp hội đồng gì?": the item, not its "Địa điểm: …" (field_lead.item_led)
        keyed = keyed or item_led(question, kind, ranked)
        keyed = keyed or lead_for(kind, question, ranked, hits)
        # "Quận 3 gặp những khó khăn gì?": the best sentence naming "khó khăn" within reach.
        keyed = keyed or naming_listed(question, ranked.scored, FOLLOWER_GAP)
        if keyed:
            ranked = ranked.led_by(keyed)
        elif period is None:  # what yearly articles all say, from the newest (newest.py)
            ranked = newest_alike(question, ranked, hits, unpruned, recent)
    # "Tổng giám đốc … hiện nay là ai?": the one appointed, not the one relieved (holders.py)
    succeeded = successor(question, kind, ranked, hits, unpruned)
    unsucceeded, ranked = ranked, succeeded or ranked
    # "… đối với bị cáo Nguyễn Văn Sơn?" is not answered by what was asked for "bị cáo
    # Khải" (persons_asked.py): the best within reach naming him leads; with none, declined.
    if about_someone_else(question, ranked.scored[0][1].sentence.text):
        named = first_within(
            ranked.scored, FOLLOWER_GAP, lambda c: names_asked_person(question, c.sentence.text)
        )
        ranked = ranked.led_by(named) if named else ranked
        unanswered = unanswered or named is None
    # "… bước đầu tiên phải làm gì?": that step of the procedure found (steps.py), which
    # answers as surely as the step that found it
    stepped = step_led(question, ranked, unpruned)
    unstepped, ranked = ranked, stepped or ranked
    scored = ranked.scored
    best_score, best, _ = scored[0]
    lead = [best]
    topic = _topic_lead(kind, scope, hits, max_sentences)
    if topic:
        # What a named provision says: its start (title, first lines), no phrase of it.
        text, citations = render_quotes(topic, _located(hits, scope))
        sure = confidence(answer_evidence(ranked, best, dense, term_idf))
        # The question's words beyond the provision's name and how it asks ("… của Quy
        # chế đào tạo") are all in its document: the provision asked is the one found.
        # The gate cannot tell: such a question has no other words to cover.
        rest = query.folded - reference_terms(question) - topic_asking(question)
        if rest <= document_words(hits[topic[0].rank]):
            sure = max(sure, NAMED_PROVISION_CONFIDENCE)
        return Extract(text=text, citations=citations, short=None, confidence=sure)
    # A lead-in's points, quoted with it as one sentence (lists.py): `every` point of its
    # list, the `points` quoted.
    every: list[_Sentence] = []
    points: list[_Sentence] = []
    if best.sentence.lead_in and max_sentences > 1:
        every = points_after(best, hits)
        points = announced(every, query)
        follower = None if points else next_sentence(best, by_hit, hits)
        if follower is not None:
            lead.append(follower)
    shown = len(lead) + (1 if points else 0)  # a lead-in with its points counts as two
    others: list[_Candidate] = []
    length = sum(len(s.text) for s in (*(c.sentence for c in lead), *points))
    for score, candidate, _ in scored[1:]:
        sentence = candidate.sentence
        if shown + len(others) >= max_sentences or score < best_score - FOLLOWER_GAP:
            break
        if length + len(sentence.text) > MAX_ANSWER_CHARS or sentence.lead_in:
            continue
        quoted = (*(c.sentence for c in (*lead, *others)), *points)
        if any(_similar(sentence, other) for other in quoted):
            continue
        others.append(candidate)
        length += len(sentence.text)
    first = lead[0]
    short = _short(question, query, kind, marks[2], best, hits[best.rank], period)
    # "Ai là Hiệu trưởng?" is not answered by "… trình Hiệu trưởng xem xét" (subject.py).
    unanswered = unanswered or names_no_holder(question, kind, short, best.sentence.text)
    unanswered = unanswered or says_no_time(question, kind, best.sentence.text)  # "ngày nào?"
    unanswered = unanswered or lacks_the_form(question, best)  # "Km bao nhiêu?": no milestone
    unanswered = unanswered or unwritten_code(question, hits, best.rank)  # "RON95-V", "LK02-10"
    # "Ai là Chủ tịch UBND huyện?" is not answered by a sentence naming no "Chủ tịch" (holders.py)
    unanswered = unanswered or (
        kind == "person" and succeeded is None and holding(question, scored[:1]) is None
    )
    listed = None if points else lead_in_of(best, hits)
    phrased = best.sentence  # the sentence holding the phrase
    if listed is not None:
        # A point is quoted after its lead-in, with the other points of its list the
        # answer quotes, as one sentence; its phrase moves with it.
        lead_in, every = listed
        first = _Candidate(best.rank, lead_in)
        if kind == "number" and not (short and in_unit_asked(question, short.text)):
            # what a point ("c) Không thắt dây đai …") is fined, its lead-in says
            lead_short = _short(question, query, kind, marks[2], first, hits[best.rank])
            short, phrased = (lead_short, lead_in) if lead_short else (short, phrased)
        elif titled := title_person(question, kind, lead_in, best.sentence.text, hits[best.rank]):
            short, phrased = titled, lead_in  # "3. Phó Giám đốc Phan Thị Thu Hà" names who
        orders = {p.order for p in every}
        siblings = [c for c in others if c.rank == best.rank and c.sentence.order in orders]
        others = [c for c in others if c not in siblings]
        # The whole list when it is short (lists.announced), and always the points chosen.
        chosen = {p.order: p for p in announced(every, query)}
        chosen.update((c.sentence.order, c.sentence) for c in (best, *siblings))
        points = sorted(chosen.values(), key=lambda p: p.order)
    unlisted = listed is None and not points  # a point is quoted with its lead-in instead
    back = (
        antecedent(question, kind, marks[2], best.sentence, by_hit[best.rank]) if unlisted else None
    )
    if back is not None:
        # "Anh ấy cũng là …": who or what it is, the sentence before says (antecedent.py).
        first = _Candidate(best.rank, back)
        lead = [first, best]
        others = [c for c in others if c.sentence.key != back.key][: max(0, max_sentences - 2)]
        short = _short(question, query, kind, marks[2], first, hits[best.rank])
    unit = render_list(first.sentence, points, every) if points else None
    if unit is not None and asks_list(question):
        # "Các hình thức kỷ luật gồm những gì?": the points quoted are the answer, all of
        # them, not a phrase of the one that scored best.
        short = list_phrase(unit, first.sentence, points, hits[best.rank])
    elif listed is not None and short is not None and unit is not None:
        shift = unit.find(phrased.text.rstrip(" .;,"))
        short = (
            dataclasses.replace(short, start=short.start + shift, end=short.end + shift)
            if shift >= 0
            else None
        )
    # The best sentence leads: it is the answer, and putting it after context sentences of
    # the same passage cost 7 points of first-sentence accuracy on xquad_vi (0.70 vs 0.76).
    # The rest read in article order (within a hit, passage order is article order), so
    # context does not jump around.
    others.sort(key=lambda c: (c.rank, c.sentence.start))
    text, citations = render_quotes([first, *lead[1:], *others], _located(hits, scope), unit)
    sure = confidence(answer_evidence(ranked, best, dense, term_idf))
    if same_passage:
        sure = max(sure, confidence(answer_evidence(before, before.scored[0][1], dense, term_idf)))
    if stepped is not None:
        found = unstepped.scored[0][1]
        sure = max(sure, confidence(answer_evidence(unstepped, found, dense, term_idf)))
    if timed and timed[1]:  # the hour or milestone of what the best one found: as sure
        sure = max(
            sure, confidence(answer_evidence(untimed, untimed.scored[0][1], dense, term_idf))
        )
    if succeeded is not None:  # who was appointed, in the article that found who left
        found = unsucceeded.scored[0][1]
        sure = max(sure, confidence(answer_evidence(unsucceeded, found, dense, term_idf)))
    if fielded is not None:  # a field of the article the best sentence found: as sure
        found = unfielded.scored[0][1]
        sure = max(sure, confidence(answer_evidence(unfielded, found, dense, term_idf)))
    # The passage is of another year than the one asked, or a sentence about another
    # time answers better than any about the time asked (sentence_time.in_time): the
    # articles have it for another year, not this one.
    elsewhen = period is not None and (
        off_time(period, hits[best.rank])
        or (
            rival is not None
            and rival > best_score
            and not spells_period(best.sentence.raw, period, hits[best.rank], best.sentence.start)
            and not sets_asked_target(question, best)
        )
    )
    # "Thành ủy có bao nhiêu đảng bộ trực thuộc?" is not answered by a sentence that holds
    # no number and says no "nhiều" or "không có", nor "Ai là Bí thư …?" by the Phó Bí
    # thư's (`unanswered`, above): the articles do not say.
    return Extract(
        text=text,
        citations=citations,
        short=short,
        confidence=0.0 if elsewhen or unanswered else sure,
        other_time=sure if elsewhen else None,
    )


# How a follow-up asks for more ("còn … nữa", "thêm", "khác"), folded: no topic words.
_MORE = frozenset(fold_words(list(MORE_WORDS)))


def _topic_lead(
    kind: str, scope: Mapping[int, Scope], hits: Sequence[Hit], max_sentences: int
) -> list[_Candidate]:
    """For a question asking what the named provision says ("Điều 24 quy định gì?"), the
    first sentences of the best-ranked passage where it starts; [] otherwise."""
    if kind != "topic":
        return []
    starts = [rank for rank, span in scope.items() if span.opens]
    if not starts:
        return []
    rank = min(starts)
    out: list[_Candidate] = []
    length = 0
    for sentence in opening(hits[rank], scope[rank], max_sentences):
        if out and length + len(sentence.text) > MAX_ANSWER_CHARS:
            break
        out.append(_Candidate(rank, sentence))
        length += len(sentence.text)
    return out


def _located(hits: Sequence[Hit], scope: Mapping[int, Scope]) -> list[Hit]:
    """`hits` with the named provision's legal path (provisions.Scope.legal) on those
    that hold it, so a citation says "Điều 30, khoản 3" of a chunk holding all Điều 30."""
    return [
        dataclasses.replace(hit, legal=scope[rank].legal) if rank in scope else hit
        for rank, hit in enumerate(hits)
    ]


def _similar(a: _Sentence, b: _Sentence) -> bool:
    union = a.folded | b.folded
    return bool(union) and len(a.folded & b.folded) / len(union) >= NEAR_DUPLICATE
