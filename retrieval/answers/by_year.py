"""One answer per year for a question over a span of years: "Doanh thu của Phú An giai
đoạn 2019-2021 thế nào?", "Từ năm 2023 đến nay ai được vinh danh lao động xuất sắc
nhất?", "Năm 2021 doanh thu tăng hay giảm so với năm 2020?".

An organisation writes the same article every year (editions, `search.timing`), and each
edition answers for its own year: the review of January 2021 says "năm qua, doanh thu
đạt 760 tỷ đồng" for 2020. One sentence answers one year, so a question spanning several
is asked once per year (`extract` with that year as its period: a sentence about another
year is no candidate), and the years answered are quoted in order, each with its
article's date:

    Năm 2019: Theo bài ngày 11/01/2020: Theo báo cáo, năm qua … đạt 905 tỷ đồng … [1]
    Năm 2020: Theo bài ngày 16/01/2021: Theo báo cáo, năm qua … đạt 760 tỷ đồng … [2]

Only where it can be that: the span is closed ("trước năm 2019" is no list of years), the
retrieved passages are dated in two years or more, at least two years are answered, by
different sentences (or one sentence in two editions), each above the relevance floor,
and none of them is about several years ("mục tiêu giai đoạn 2021-2025 …" answers the
span as a whole). Otherwise the question is answered as any other (`ask`), from one
edition.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from datetime import date

from retrieval.answers.dating import with_source_date
from retrieval.answers.extractive import Extract, extract
from retrieval.answers.types import Citation
from retrieval.language.timeexpr import (
    AskedTime,
    Period,
    mentioned_periods,
    parse_date,
    without_time,
)
from retrieval.search.hybrid import HybridResult
from retrieval.search.timing import one_edition, question_words, rerank

__all__ = ["MAX_YEARS", "by_year", "years_asked"]

# The latest years of a longer span are answered ("từ năm 2015 đến nay": the last five):
# an answer of one sentence per year stays readable.
MAX_YEARS = 5

_MARKER = re.compile(r"\[(\d+)\]")


# No longer than a year, whatever month it starts in: one year asked, no span of years.
_YEAR_DAYS = 400


def years_asked(period: Period, today: date) -> list[int]:
    """The years a question's period spans, up to today's, when they are two or more
    (at most MAX_YEARS, the latest); [] for one year or an open span."""
    if period.start.year <= 1900:  # "trước năm 2019" reaches back to timeexpr's earliest
        return []
    if (period.end - period.start).days < _YEAR_DAYS:  # "năm học 2023-2024": one year
        return []
    last = min(period.end.year, today.year)
    first = max(period.start.year, last - MAX_YEARS + 1)
    return list(range(first, last + 1)) if last > first else []


def by_year(
    question: str,
    result: HybridResult,
    years: Sequence[int],
    *,
    today: date,
    floor: float,
    top_k: int,
) -> Extract | None:
    """The answer for each of `years` (`years_asked` of the question's time) from
    the passages `result` found, joined one line per year; None unless two years or more
    are answered (see the module's docstring). Each year is answered from its best
    `top_k` passages, one edition of each yearly article: the one about that year, as
    search orders them for a question naming it (`timing.rerank`)."""
    if len({h.published[:4] for h in result.hits if h.published[:4].isdigit()}) < 2:
        return None
    # Which edition is about a year is read from its sentences sharing the question's
    # other words ("doanh thu": the review of January 2021 says 2020's in its "năm qua"),
    # weighed by how rare they are in everything indexed: the passages found may all be
    # editions of one article, sharing every word.
    untimed = without_time(question, today)
    rarity = {w: result.term_idf.get(w, 0.0) for w in question_words(untimed, None)}
    words = rarity if any(rarity.values()) else None
    answered: list[tuple[int, Extract]] = []
    for year in years:
        period = Period(date(year, 1, 1), date(year, 12, 31), f"nam {year}")
        ordered = rerank(
            result.hits,
            AskedTime(period),
            untimed,
            dense=result.dense_scores,
            lexical=result.lexical_scores,
            words=words,
        )
        hits = one_edition(ordered)[:top_k]
        found = extract(
            question,
            hits,
            max_sentences=1,
            dense=[result.dense_scores[h.chunk_id] for h in hits],
            period=period,
            sentences=[result.sentence_cosines.get(h.chunk_id, ()) for h in hits],
            term_idf=result.term_idf,
        )
        if found.text and _spans_years(found):
            # "Mục tiêu giai đoạn 2021-2025 là …": the articles answer for the span as a
            # whole, not year by year.
            return None
        # Another year's answer quoting the same sentence of the same article says nothing
        # of this year.
        if (
            found.text
            and found.confidence >= floor
            and all(_quoted(found) != _quoted(other) for _, other in answered)
        ):
            answered.append((year, found))
    if len(answered) < 2:
        return None
    lines: list[str] = []
    citations: list[Citation] = []
    short = None
    for year, found in answered:
        label = f"Năm {year}: "
        dated = with_source_date(found.text, found.citations)
        offset = len(citations)
        if short is None and found.short is not None:
            # Where the first year's phrase now sits: after the lines before it, its
            # label and its date ("Theo bài ngày …: ").
            at = sum(len(line) + 1 for line in lines) + len(label) + len(dated) - len(found.text)
            short = dataclasses.replace(
                found.short,
                start=found.short.start + at,
                end=found.short.end + at,
                n=found.short.n + offset,
            )
        lines.append(label + _renumbered(dated, offset))
        citations += [dataclasses.replace(c, n=c.n + offset) for c in found.citations]
    return Extract(
        text="\n".join(lines),
        citations=citations,
        short=short,
        confidence=min(found.confidence for _, found in answered),
    )


def _quoted(found: Extract) -> tuple[str, tuple[str, ...]]:
    """The sentences an answer quotes, without their markers, and the articles they are
    from: two editions may say the same words of their own years ("Tổng giám đốc Lê Văn
    Khánh chủ trì hội nghị.")."""
    return _MARKER.sub("", found.text).strip(), tuple(c.article_id for c in found.citations)


def _renumbered(text: str, offset: int) -> str:
    """`text` with each marker [n] made [n + offset]."""
    return _MARKER.sub(lambda m: f"[{int(m.group(1)) + offset}]", text)


def _spans_years(found: Extract) -> bool:
    """Whether the sentences an answer quotes name a time of more than one year ("giai
    đoạn 2021-2025", "5 năm qua"), read from their article's date."""
    anchor = parse_date(found.citations[0].published) if found.citations else None
    return any(p.start.year < p.end.year for p in mentioned_periods(_quoted(found)[0], anchor))
