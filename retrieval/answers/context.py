"""A sentence read in the context of the sentence that introduces it.

A news lead (a dateline: "Chiều 26/12, Công ty … tổ chức lễ …") says who did what and when
for the sentences after it; a lead-in ("… được quy định như sau:") does the same for the
points of its list. The question's words the introducing sentence holds are added to the
sentences it introduces, so that what each of them says decides between them
(`features._ranked` reads every passage through `in_lead`), and so does its cosine with
the question (`sentence_cosines.SentenceCosines`).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence

from retrieval.answers.antecedent import names_them, opens_with_pronoun
from retrieval.answers.lists import BULLETS, UNIT_NOTE, heads_points
from retrieval.answers.names import capitalised_runs
from retrieval.answers.replies import raises
from retrieval.answers.sentences import ITEM, TABLE_ROW, _Query, _Sentence
from retrieval.language.datelines import is_dateline
from retrieval.language.entities import parse_person
from retrieval.language.text import fold
from retrieval.language.vocabulary import LETTERS, TIME_WORDS

__all__ = [
    "TIME_SYLLABLES",
    "in_lead",
    "introducers",
    "lend",
    "lends_lead",
    "named_before",
    "titled",
]


def lends_lead(kind: str) -> bool:
    """Whether a news lead lends its words to the sentences after it for a question asking
    for `kind` (asks.asks): not when it asks a time, which the lead's dateline is, nor a
    place, which it says too ("Ngày 19/10/2024, tại Quảng trường Trung tâm Hội nghị, Sở …
    tổ chức Ngày hội việc làm": the "ở Nhật Bản" of a sentence after it is no answer to
    where the fair was held)."""
    return kind not in ("time", "place")


def introducers(
    sentences: Sequence[_Sentence],
    *,
    datelines: bool = True,
    own: frozenset[str] = frozenset(),
    replies: bool = False,
) -> dict[int, tuple[_Sentence, ...]]:
    """The sentences that introduce each sentence of a passage, by its order: the news
    lead of a passage that opens with one (`in_lead`; not with `datelines` False, nor
    when the lead alone holds the `own` terms: see `in_lead`), the question before it
    that it answers (an interview's "- Theo ông, nguyên nhân … là gì?" for "- Có nhiều
    nguyên nhân, nhưng cốt lõi là …"), and the lead-in of the list it is a point of
    (`in_list`), and the numbered task whose labelled fields follow it ("Cơ quan chủ trì:
    …", "Thời hạn hoàn thành: …"). Asked how a matter was answered (`replies`), the
    sentence raising it ("Cử tri X phản ánh …") introduces the reply after it likewise
    (`replies.py`)."""
    lead = (
        sentences[0]
        if datelines and sentences and sentences[0].order == 0 and is_dateline(sentences[0].raw)
        else None
    )
    if (
        lead is not None
        and own
        and own <= lead.folded
        and not any(own <= s.folded for s in sentences[1:])
    ):
        lead = None
    out: dict[int, tuple[_Sentence, ...]] = {}
    lead_in: _Sentence | None = None
    asked: _Sentence | None = None  # an interviewer's question, answered by what follows
    item: _Sentence | None = None  # a numbered task, whose labelled fields follow it
    item_end = -1  # the order of the task's last sentence so far: itself, or its last field
    title: _Sentence | None = None  # a numbered title over points of another mark
    header: tuple[_Sentence, ...] = ()  # a table's header row, and the lead-in before it
    last_row = -2
    for s in sentences:
        by = () if lead is None else (lead,)
        if TABLE_ROW.search(s.raw):
            # "Loại xe | Định mức" heads the rows after it ("Xe 7 chỗ | 10,5 lít/100 km"),
            # as a lead-in does its points ("… áp dụng như sau:" before the table)
            if s.order != last_row + 1:
                before = lead_in if lead_in is not None and lead_in.order == s.order - 1 else None
                header = (s,) + ((before,) if before is not None else ())
                by = (*by, *header[1:])
            else:
                by = (*by, *header)
            last_row = s.order
        marked = ITEM.match(s.raw)
        if marked and heads_points(s.raw, ""):
            title = s  # "3. Phó Giám đốc Phan Thị Thu Hà", then "- Phụ trách lĩnh vực …"
        elif marked and title is not None and marked.group()[0] in BULLETS:
            by = (*by, title)  # each of its points is said of what it names
        elif marked:
            title = None
        if marked:
            item, item_end = s, s.order
        elif item is not None and _FIELD.match(s.raw) and s.order == item_end + 1:
            # "1. Cải cách thể chế: Rà soát … Cơ quan chủ trì: Sở Tư pháp. Thời hạn hoàn
            # thành: …": the task's fields, each said of it
            by, item_end = (*by, item), s.order
        else:
            item = None
        if s.asking or (replies and raises(s.key)):
            asked = s
        elif asked is not None:
            by = (*by, asked)
        if lead_in is not None and ITEM.match(s.raw) and s.order > lead_in.order:
            by = (*by, lead_in)
        elif s.lead_in:
            lead_in = s
        elif not UNIT_NOTE.match(s.raw):  # "Đơn vị tính: đồng/m2." before the points
            lead_in = None
        if by:
            out[s.order] = by
    return out


def in_lead(
    query: _Query,
    by_hit: list[tuple[_Sentence, ...]],
    *,
    datelines: bool = True,
    own: frozenset[str] = frozenset(),
    titles: Sequence[str] = (),
    replies: bool = False,
) -> list[tuple[_Sentence, ...]]:
    """`by_hit` with what a news lead names added to the sentences after it, and what
    the `titles` of their articles name to all of them (`titled`). A passage
    that opens with a dateline ("Chiều 26/12, Công ty … Phú An tổ chức lễ tôn vinh …",
    `datelines.is_dateline`) states there who did what and when; the sentences after it
    report what came of it without repeating it ("Lao động xuất sắc nhất năm nay là …").
    The question's words the lead holds are the article's subject, shared by all its
    sentences, so they no longer make the lead the answer to every question about the
    article; what the question asks for decides. Measured (bench/dated_replay.py): dated
    set answer-hit 0.763 -> 0.974; xquad_vi replay unchanged (0.798; its paragraphs
    have no datelines). The article's title as the subject instead did as well on the
    dated set and cost xquad_vi 0.002 (its titles are Wikipedia's, in English).

    A list's lead-in ("… được quy định như sau:") does the same for the points of its
    list: "Mức phụ cấp lưu trú được quy định như sau: a) Đi công tác trong ngày …:
    150.000 đồng; b) …" is one sentence, and point a) is the rate of "phụ cấp lưu trú"
    though it does not repeat it. Both through `introducers`.

    A question asking when (`datelines` False: `lends_lead`) is answered by the lead
    itself: its dateline is when the event it announces happened, and a sentence after
    it holding the lead's words would say no time ("Phú An tổ chức hội nghị người lao
    động năm 2020 vào ngày nào?" quoted what the conference decided). So is a question
    asking the object of what only the lead says was done (`own`, the words before its
    "gì": "Tháng 5 năm ngoái Phú An phát động gì?" quoted the safety board's reminder,
    which borrowed "phát động" from the lead that says what was launched)."""
    by_hit = titled(query, titles, by_hit) if titles else by_hit
    out = []
    for sentences in by_hit:
        by = introducers(sentences, datelines=datelines, own=own, replies=replies)
        named = named_before(sentences)
        if not by and not named:
            out.append(sentences)
            continue
        lent = []
        for s in sentences:
            terms = frozenset[str]().union(*(query.folded & i.folded for i in by.get(s.order, ())))
            terms |= query.folded & named.get(s.order, frozenset())
            lent.append(lend(query, terms, s) if terms else s)
        out.append(tuple(lent))
    return out


def named_before(sentences: Sequence[_Sentence]) -> dict[int, frozenset[str]]:
    """The capitalised words (folded) of the person a sentence opening with a pronoun
    means, by its order: "Bà đề nghị quận tập trung …" after "… đồng chí Lê Thị Hồng
    Nhung ghi nhận …" is what Nhung proposed ("Bà Nhung đề nghị gì?"), and "Ông còn …"
    after it, too (`antecedent.opens_with_pronoun`, `antecedent.names_them`)."""
    out: dict[int, frozenset[str]] = {}
    previous: _Sentence | None = None
    for s in sentences:
        if (
            previous is not None
            and s.order == previous.order + 1
            and opens_with_pronoun(s.text)
            and names_them(previous.text, s.text)
        ):
            names = LETTERS.findall(previous.text)[1:]
            words = frozenset(fold(w.lower()) for w in names if w[0].isupper())
            out[s.order] = words | out.get(previous.order, frozenset())
        previous = s
    return out


# A labelled field: a short capitalised label, a colon, its value ("Cơ quan chủ trì: …").
_FIELD = re.compile(r"[A-ZĐÀ-Ỹ][^:.;\d]{2,40}:\s+\S")
# The words of time, folded ("nam", "thang", "quy" …).
TIME_SYLLABLES = frozenset(fold(w) for w in TIME_WORDS)


def lend(query: _Query, terms: frozenset[str], sentence: _Sentence) -> _Sentence:
    """`sentence` holding the question's `terms` (folded), in the question's spellings: what
    its context says for it (a lead, a lead-in, or its article's date: sentence_time)."""
    if terms <= sentence.folded:
        return sentence
    exact = frozenset(x for t in terms for x in query.spellings.get(t, ()))
    return dataclasses.replace(
        sentence, folded=sentence.folded | terms, exact=sentence.exact | exact
    )


def titled(
    query: _Query, titles: Sequence[str], by_hit: list[tuple[_Sentence, ...]]
) -> list[tuple[_Sentence, ...]]:
    """`by_hit` with the question's words among its article title's names added to every
    sentence of the passage: a title names what the whole article is about ("Cao tốc
    Phước Hòa – Tân Lộc lỡ hẹn …"), and its sentences about it do not repeat the name
    ("Dự án do … làm chủ đầu tư"). The subject then no longer makes the article's lead
    the answer to every question about it; what the question asks decides. Only names
    (not a person's: "Bổ nhiệm bà Lê Thị Minh Nguyệt …" is not about her in every
    sentence), not the title's other words ("thu ngân sách" is not said of "chi")."""
    out = []
    for title, sentences in zip(titles, by_hit, strict=True):
        terms = query.folded & _title_names(title)
        out.append(tuple(lend(query, terms, s) for s in sentences) if terms else sentences)
    return out


@functools.lru_cache(maxsize=1024)
def _title_names(title: str) -> frozenset[str]:
    """The folded capitalised words of a title's names, but a person's (a name of three
    words or more: "Ninh Bình" is a province), its first word (capitalised as any
    title's is: "Cao tốc …") and the words of time ("Tháng an toàn lao động" names an
    event, but "tháng" in a question asks a time)."""
    words = set[str]()
    for start, end in capitalised_runs(title):
        run_text = title[start:end]
        if parse_person(run_text) and run_text.count(" ") >= 2:  # "Ninh Bình" is a place
            continue
        for m in LETTERS.finditer(title, start, end):
            if m.start() > 0 and m.group()[0].isupper():
                words.add(fold(m.group().lower()))
    return frozenset(words) - TIME_SYLLABLES
