"""A sentence read in the context of the sentence that introduces it.

A news lead (a dateline: "Chiều 26/12, Công ty … tổ chức lễ …") says who did what and when
for the sentences after it; a lead-in ("… được quy định như sau:") does the same for the
points of its list. The question's words the introducing sentence holds are added to the
sentences it introduces, so that what each of them says decides between them
(`features._ranked` reads every passage through both).
"""

from __future__ import annotations

import dataclasses

from retrieval.answers.sentences import ITEM, _Query, _Sentence
from retrieval.language.timeexpr import is_dateline

__all__ = ["in_lead", "in_list", "lend"]


def in_lead(query: _Query, by_hit: list[tuple[_Sentence, ...]]) -> list[tuple[_Sentence, ...]]:
    """`by_hit` with what a news lead names added to the sentences after it. A passage
    that opens with a dateline ("Chiều 26/12, Công ty … Phú An tổ chức lễ tôn vinh …",
    `timeexpr.is_dateline`) states there who did what and when; the sentences after it
    report what came of it without repeating it ("Lao động xuất sắc nhất năm nay là …").
    The question's words the lead holds are the article's subject, shared by all its
    sentences, so they no longer make the lead the answer to every question about the
    article; what the question asks for decides. Measured (bench/dated_replay.py): dated
    set answer-hit 0.763 -> 0.974; xquad_vi replay unchanged (0.798; its paragraphs
    have no datelines). The article's title as the subject instead did as well on the
    dated set and cost xquad_vi 0.002 (its titles are Wikipedia's, in English)."""
    out = []
    for sentences in by_hit:
        if not sentences or sentences[0].order != 0 or not is_dateline(sentences[0].raw):
            out.append(sentences)
            continue
        terms = query.folded & sentences[0].folded
        out.append(tuple(lend(query, terms, s) for s in sentences))
    return out


def in_list(query: _Query, by_hit: list[tuple[_Sentence, ...]]) -> list[tuple[_Sentence, ...]]:
    """`by_hit` with what a lead-in names added to the points of its list. "Mức phụ cấp
    lưu trú được quy định như sau: a) Đi công tác trong ngày …: 150.000 đồng; b) …" is
    one sentence: point a) is the rate of "phụ cấp lưu trú" though it does not repeat it.
    The question's words the lead-in holds count for each of its points (as `in_lead`
    does for a news lead), so what the point itself says decides between them and the
    sentences elsewhere."""
    out = []
    for sentences in by_hit:
        lead_in: _Sentence | None = None
        read: list[_Sentence] = []
        for s in sentences:
            if lead_in is not None and ITEM.match(s.raw) and s.order > lead_in.order:
                s = lend(query, query.folded & lead_in.folded, s)
            elif s.lead_in:
                lead_in = s
            else:
                lead_in = None
            read.append(s)
        out.append(tuple(read))
    return out


def lend(query: _Query, terms: frozenset[str], sentence: _Sentence) -> _Sentence:
    """`sentence` holding the question's `terms` (folded), in the question's spellings: what
    its context says for it (a lead, a lead-in, or its article's date: sentence_time)."""
    if terms <= sentence.folded:
        return sentence
    exact = frozenset(x for t in terms for x in query.spellings.get(t, ()))
    return dataclasses.replace(
        sentence, folded=sentence.folded | terms, exact=sentence.exact | exact
    )
