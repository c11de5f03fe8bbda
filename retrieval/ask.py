"""`ask(question, conversation, services) -> Answer`: the one way a question is answered.

Follow-up rewriting, hybrid retrieval, the decline gate (the extractive answer's
confidence against RELEVANCE_FLOOR: below it the answer is "not found", with the two
closest passages offered as related), then an LLM answer with checked citations when one
is configured (the model may decline too), and the extractive answer otherwise (or when
the LLM fails or runs out of time). The time the question asks goes to the extractive
answer, which reads a dated article's "năm nay" as that year (answers/features.py).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Sequence
from datetime import date

from retrieval.answers.by_year import by_year, years_asked
from retrieval.answers.citations import answer_by_article
from retrieval.answers.dating import not_found_for, with_source_date
from retrieval.answers.extractive import Extract, extract
from retrieval.answers.signer import SIGNED_CONFIDENCE, asks_signer, document_asked, signed_answer
from retrieval.answers.types import Answer, Citation
from retrieval.dialogue.condense import rewrite_with_llm
from retrieval.dialogue.conversation import Conversation
from retrieval.dialogue.followup import (
    asks_for_more,
    needs_history,
    preferred_article_ids,
    rewrite,
)
from retrieval.index.chunks import Hit
from retrieval.index.scopes import Visibility
from retrieval.language.date_filter import take_window
from retrieval.language.text import scrub_surrogates
from retrieval.language.timeexpr import asked_time
from retrieval.search.hybrid import HybridResult
from retrieval.search.timing import one_edition
from retrieval.services import Services

log = logging.getLogger(__name__)

NOT_FOUND = (
    "Xin lỗi, tôi không tìm thấy câu trả lời trong các bài viết hiện có. "
    "Bạn thử hỏi lại cụ thể hơn hoặc dùng từ khóa khác nhé."
)
# A follow-up ("Năm 2019 thì sao?", "Còn gì nữa?") asked with no question before it: any
# sentence quoted would answer a question nobody asked.
NO_QUESTION_BEFORE = (
    "Câu hỏi này nối tiếp một câu hỏi trước, nhưng chúng ta chưa trao đổi câu nào. "
    "Bạn hỏi đầy đủ hơn nhé, ví dụ: “Nhiệm vụ trọng tâm năm 2019 là gì?”"
)

# A follow-up asking for more ("Ông ấy còn nói gì nữa?") when the articles say nothing
# beyond the last answer.
NOTHING_MORE = (
    "Tôi không tìm thấy thêm thông tin nào khác ngoài câu trả lời trước trong các bài viết hiện có."
)


def ask(
    question: str,
    conversation: Conversation | None,
    services: Services,
    *,
    k: int | None = None,
    since: date | None = None,
    until: date | None = None,
    scopes: Visibility = None,
    today: date | None = None,
) -> Answer:
    """Answer `question` (in `conversation`, which records the turn, when given), from
    the articles of knowledge `scopes` only (None: every article), asked on `today` (what
    "năm nay", "tháng trước" count from; an article published after it is not known yet;
    None: TODAY, else the real date, which leaves no article out).

    `k` retrieves more passages than the answer uses (SEARCH_TOP_K), for evaluation; the
    answer itself always draws on the best SEARCH_TOP_K.
    """
    settings = services.settings
    # The question is kept as asked (in the Answer, the conversation state, the logs), and
    # all of those are written as UTF-8, which a lone surrogate cannot be.
    question = scrub_surrogates(question)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    # A typed date filter ("năm:2019", "từ:2019-03", "đến:2020") narrows the search.
    unfiltered, typed_since, typed_until = take_window(question)
    since, until = since or typed_since, until or typed_until
    standalone = _standalone(unfiltered, conversation, services)
    # A day given (here or TODAY) is a day asked on: search drops what was published
    # after it (`HybridRetriever.search`); the real date drops nothing.
    asked_on = today or settings.today
    today = asked_on or date.today()
    when = asked_time(standalone, today)
    timings["rewrite"] = _ms(t0)

    t0 = time.perf_counter()
    # Through Services: it first picks up what an ingestion changed. A lost Chroma server
    # raises StoreUnavailable here, for the caller (the bot) to tell the user.
    # A span of years ("giai đoạn 2019-2021") is answered year by year (answers/by_year.py),
    # from enough passages to hold each year's edition of a yearly article.
    years = years_asked(when.period, today) if when is not None and when.period else []
    wanted = max(k or 0, settings.search_top_k, YEAR_PASSAGES * len(years))
    result = services.search(
        standalone, wanted, since=since, until=until, scopes=scopes, today=asked_on
    )
    if conversation is not None and standalone != unfiltered:
        result = _prefer(result, preferred_article_ids(conversation))
    timings["retrieve"] = _ms(t0)
    # An answer quotes one edition of a yearly article, not a mix of years: the asked
    # year's, or with no time the one search put first (the newest of those that answer
    # equally well, search.timing).
    kept = one_edition(result.hits)
    # Other years' editions were left out: their facts may differ, so the answer says
    # which year it answers for even when the question named none.
    other_years = len(kept) < len(result.hits)
    hits = kept[: settings.search_top_k]
    dense = [result.dense_scores[h.chunk_id] for h in hits]
    log.info(
        "question %r searched as %r%s: best cosine %.3f",
        question,
        standalone,
        f" (read as {result.restored!r})" if result.restored else "",
        max(dense, default=0),
    )

    # The extractive evidence decides whether the passages answer at all (gate.py), for
    # the LLM too: a model handed near-miss passages writes a confident near-miss answer.
    t0 = time.perf_counter()
    # "Ông ấy còn nói gì nữa?": more than the last answer quoted (when it quoted any).
    last = conversation.turns[-1] if conversation is not None and conversation.turns else None
    said = (
        last.answer if last is not None and last.article_ids and asks_for_more(unfiltered) else ""
    )
    # A span of years asked, answered year by year from each year's edition (by_year.py);
    # these are quoted (and handed to the LLM), not the one edition kept above.
    yearly = (
        by_year(
            result.restored or standalone,
            result,
            years,
            today=today,
            floor=settings.relevance_floor,
            top_k=settings.search_top_k,
        )
        if years and not said
        else None
    )
    if yearly is not None:
        cited = {p.chunk_id for c in yearly.citations for p in c.passages}
        extracted, hits = yearly, [h for h in result.hits if h.chunk_id in cited]
    else:
        # A dated article's "năm nay" is the year asked when its date says so (features.py).
        extracted = extract(
            result.restored or standalone,
            hits,
            max_sentences=settings.answer_max_sentences,
            dense=dense,
            period=when.period if when is not None else None,
            sentences=[result.sentence_cosines.get(h.chunk_id, ()) for h in hits],
            said=said,
            term_idf=result.term_idf,
            recent=when is not None and when.recent,
        )
    kind = asks_signer(standalone) if yearly is None else ""
    signed = _signed(kind, hits, services) if kind else None
    extracted = signed or extracted
    alone = (conversation is None or not conversation.turns) and needs_history(unfiltered)
    confident = (
        bool(extracted.text) and extracted.confidence >= settings.relevance_floor and not alone
    )
    text, citations, short, mode = "", list[Citation](), None, "none"
    if confident and services.chat_model is not None:
        from retrieval.answers.llm import DECLINED, generate_answer

        generated = generate_answer(
            standalone, hits, services.chat_model, timeout=settings.llm_timeout
        )
        if generated == DECLINED:
            confident = False  # the model read the passages and found no answer
        elif generated is not None:
            (text, citations), mode = generated, "llm"
    if confident and not text:
        text, citations, short = extracted.text, extracted.citations, extracted.short
        mode = "extractive"
    if text and yearly is None and (when is not None or since or until or other_years):
        # Whose date it is ("Theo bài ngày 14/01/2026: …"): the short answer moves with it.
        dated = with_source_date(text, citations)
        if short is not None:
            shift = len(dated) - len(text)
            short = dataclasses.replace(short, start=short.start + shift, end=short.end + shift)
        text = dated
    if hits:
        timings["answer"] = _ms(t0)
    declined = NO_QUESTION_BEFORE if alone else NOTHING_MORE if said else NOT_FOUND
    period = when.period if when is not None else None
    other_time = extracted.other_time
    if (
        period is not None
        and other_time is not None
        and other_time >= settings.relevance_floor
        and not alone
    ):
        # The passages answer for other years, not the one asked: "… câu trả lời cho năm
        # 2019 …", and the closest passages (of those years) are offered.
        declined = not_found_for(period, today)
    answer = Answer(
        question=question,
        standalone=standalone,
        text=text or declined,
        citations=tuple(citations),
        found=bool(text),
        mode=mode,
        hits=tuple(result.hits),
        timings_ms=timings,
        short=short,
        related=() if text or alone else _related(hits),
        confidence=extracted.confidence if extracted.text else 0.0,
    )
    answer = answer_by_article(answer)  # one source [n] per article
    # A follow-up with nothing before it is no turn a next follow-up could refer to.
    if conversation is not None and not alone:
        conversation.add(answer)
    return answer


def _signed(kind: str, hits: Sequence[Hit], services: Services) -> Extract | None:
    """Who signed the document of `kind` among `hits`, quoted from its signature block
    (answers/signer.py); None when no such document is found or its end has no block."""
    document = document_asked(kind, hits)
    passages = services.retriever.passages
    if document is None or passages is None:
        return None
    last = passages.last_of(document.chunk_id)
    signed = signed_answer(last) if last is not None else None
    if signed is None:
        return None
    text, citation, short = signed
    return Extract(text=text, citations=[citation], short=short, confidence=SIGNED_CONFIDENCE)


# Passages searched per year of a span of years asked (answers/by_year.py).
YEAR_PASSAGES = 4

# Offered when the answer is declined: the closest passages, "có thể liên quan".
RELATED_PASSAGES = 2


def _related(hits: Sequence[Hit]) -> tuple[Citation, ...]:
    return tuple(Citation.from_hit(n, hit) for n, hit in enumerate(hits[:RELATED_PASSAGES], 1))


# A follow-up is most likely about the article the previous answer cited: its passages
# get this much on the fused [0, 1] scale. Small on purpose: enough to win a near tie,
# not to bury a clearly better passage from another article.
FOLLOW_UP_BOOST = 0.05


def _prefer(result: HybridResult, article_ids: tuple[str, ...]) -> HybridResult:
    if not article_ids:
        return result
    boosted = [
        dataclasses.replace(h, score=h.score + FOLLOW_UP_BOOST)
        if h.article_id in article_ids
        else h
        for h in result.hits
    ]
    boosted.sort(key=lambda h: -h.score)  # stable: equal scores keep their order
    return dataclasses.replace(result, hits=boosted)


def _standalone(question: str, conversation: Conversation | None, services: Services) -> str:
    if conversation is None or not conversation.turns:
        return question
    model = services.chat_model
    if model is None:
        return rewrite(question, conversation)[0]
    from retrieval.answers.llm import condense_question

    def condense(q: str, history: list[tuple[str, str]]) -> str | None:
        return condense_question(q, history, model, timeout=services.settings.llm_timeout)

    return rewrite_with_llm(question, conversation, condense)[0]


def _ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000


__all__ = ["NOTHING_MORE", "NOT_FOUND", "Answer", "Citation", "ask"]
