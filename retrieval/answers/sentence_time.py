"""Which time a sentence of a dated article is about, against the time a question asks.

An organisation writes the same article every year and says "năm nay", "năm qua", "trong
năm" rather than the year. `in_time` reads each sentence of the retrieved passages with
its article's date (`retrieval.language.timeexpr` counts the relative words from it): a
sentence about the time asked holds the question's time words; one about another time
only is no answer for it, however alike their words. `off_time` says whether a whole
passage is of another time. `features._ranked` reads every passage through `in_time` when
the question names a time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from retrieval.answers.aims import asks_target, sets_target
from retrieval.answers.asks import asks, lowered
from retrieval.answers.context import introducers, lend
from retrieval.answers.figure_time import compared_aside, figures_times
from retrieval.answers.granularity import fits_granularity, writes_weekday
from retrieval.answers.section_time import heading_times
from retrieval.answers.sentences import (
    _Candidate,
    _number_parts,
    _Query,
    _Sentence,
    _tokens,
)
from retrieval.answers.span import short_span
from retrieval.answers.within_reach import first_within
from retrieval.index.chunks import Hit
from retrieval.language.reported import reported as reported_time
from retrieval.language.reported import title_times
from retrieval.language.text import fold, fold_word
from retrieval.language.timeexpr import (
    Period,
    mentioned_periods,
    onward,
    parse_date,
    published_period,
    spells_year,
    time_spans,
)
from retrieval.language.vocabulary import LIST_MARK

__all__ = ["in_time", "off_time", "saying_when", "says_no_time", "spells_period"]

# A day, month or year asked by its unit ("vào ngày nào?", "năm mấy?", "tháng bao nhiêu?").
_UNIT_ASKED = re.compile(
    r"(?<!\w)(?:ngày|tháng|năm|thế kỷ|thế kỉ|thập niên|thập kỷ|thập kỉ)"
    r"\s+(?:nào|mấy|bao nhiêu)(?!\w)"
)


def says_no_time(question: str, kind: str, text: str) -> bool:
    """Whether a question asking a day, a month or a year by its unit is answered by a
    sentence naming no time and no number: "Tiền khoán được chi trả cùng kỳ lương hằng
    tháng" does not say on which day the pay comes ("Lương tháng được trả vào ngày
    nào?"); the articles do not say."""
    if kind != "time" or not _UNIT_ASKED.search(lowered(question)):
        return False
    return not _names_time(text)


def _names_time(text: str) -> bool:
    """Whether `text` names a time (`timeexpr.time_spans`), a day in words (`_SAID_WHEN`)
    or a number, its list's mark aside."""
    said = _LIST_MARK.sub("", lowered(text), count=1)
    return bool(time_spans(said) or _SAID_WHEN.search(said) or any(c.isdigit() for c in said))


# A list's mark ("2. ", "a) ") is no number of the text; what a dated article says of a
# day without digits ("sáng nay", "hôm qua", "thứ Hai", "vừa qua") tells when, from its
# date.
_LIST_MARK = re.compile(rf"^{LIST_MARK}\s+")
_SAID_WHEN = re.compile(
    r"(?<!\w)(?:(?:hôm|sáng|trưa|chiều|tối|đêm)\s+(?:nay|qua|kia|mai)|ngày mai"
    r"|(?:tuần|tháng|năm|quý)\s+(?:nay|này|trước|sau|tới|ngoái|qua)|vừa qua|mới đây"
    r"|gần đây|thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ nhật"
    r"|(?:thế kỷ|thế kỉ|thập niên)\s+(?:thứ\s+)?[ivxlc]+)(?!\w)"
)


def _time_terms(query: _Query, question: str) -> frozenset[str]:
    """The question's content terms that name its time ("năm 2019" -> nam, 2019)."""
    text = lowered(question)
    terms = set[str]()
    for start, end in time_spans(text):
        terms.update(fold_word(t) for t in _tokens(text[start:end]))
        terms.update(fold_word(t) for t in _number_parts(_tokens(text[start:end])))
    return frozenset(terms & query.folded)


def spells_period(text: str, period: Period, passage: Hit | None = None, start: int = 0) -> bool:
    """Whether `text` spells out a year in `period` ("năm 2024 công ty đạt …"): it gives
    its figure for that time, whatever another sentence says of another. So does a
    sentence naming no time under a heading that spells it ("VI. KẾ HOẠCH NĂM 2025"), the
    sentence starting at `start` in `passage`."""
    own = mentioned_periods(text, None)
    if not own and passage is not None:
        own = list(heading_times(passage.text, None, passage.place.heading).at(start))
    return any(p.overlaps(period) for p in own)


def off_time(period: Period, hit: Hit) -> bool:
    """Whether `hit` is from an article dated outside `period` that never names a time
    inside it (its relative words counted from its date): a question about 2015 is not
    answered by the 2020 edition of a yearly article, however alike their words."""
    published = published_period(hit.published) if hit.published else None
    if published is None:
        return False
    # An article whose title names a time before its date reports on that time: it
    # answers for the period asked when that holds it ("… tổng kết năm 2024" in January
    # 2025 for 2024; not a half year's report for its second quarter), or when the title
    # also names the period ahead ("…, triển khai nhiệm vụ năm 2025"); its date does not
    # count (November's CPI, published on 4 December, says nothing of December).
    past, ahead = title_times(hit.title, published)
    if not past and published.overlaps(period):
        return False
    # (at least as fine as the time asked: "… năm 2023" says nothing of its second quarter;
    # "… năm học 2024-2025" may say what holds in 2025)
    whole = (period.end - period.start).days >= _YEAR
    if any(period.contains(p) for p in past) or any(
        p.overlaps(period) and (whole or p.end - p.start <= period.end - period.start)
        for p in ahead
    ):
        return False
    anchor = parse_date(hit.published)
    # A time at least as fine as the one asked: a January article's "năm nay" says
    # nothing of a day in March ("Hôm qua …" asked on 19 March).
    return not any(
        p.overlaps(period) and p.end - p.start <= period.end - period.start
        for p in mentioned_periods(hit.text, anchor)
    )


def in_time(
    query: _Query,
    question: str,
    period: Period,
    hits: Sequence[Hit],
    by_hit: list[tuple[_Sentence, ...]],
) -> tuple[list[tuple[_Sentence, ...]], frozenset[tuple[int, int]]]:
    """`by_hit` with the question's time words added to each sentence of a dated article
    that is about the time asked: one whose own times (its "năm nay", "năm qua", dates,
    counted from the article's date by the time layer) fall in `period`, or that names
    no other time in an article dated inside it. An organisation's yearly article says
    "năm nay" where the question says "năm 2019": the year is there, and neither the
    sentence lacking the digits is held to lack it, nor the dateline ("Sáng 12/1/2019")
    rewarded for spelling it.

    Also the (passage rank, order) of the sentences about another time only: they name
    times, none in `period`. They answer for another year, however alike their words:
    the review of January 2020 says "năm qua, doanh thu đạt 820 tỷ đồng", which is 2019's
    figure, not the answer to "doanh thu năm 2020"; the 2025 plan's "trọng tâm công tác
    năm nay" is not 2024's. On the dated set with half its articles indexed (`retrieval
    eval --unanswerable`), such sentences were the answer to 6 of the 11 questions about
    a missing year that were answered."""
    terms = _time_terms(query, question)
    if not terms:
        return by_hit, frozenset()
    out = []
    elsewhen = set[tuple[int, int]]()
    anchors = [parse_date(hit.published) if hit.published else None for hit in hits]
    readings = [
        _timings(hit, sentences, anchor)
        for hit, anchor, sentences in zip(hits, anchors, by_hit, strict=True)
    ]
    timings = [times for times, _ in readings]
    # A sentence spelling the year asked ("năm 2024 công ty đạt doanh thu 1.610 tỷ đồng")
    # says its figure for that year: then one spelling only another year in an article
    # of the year asked ("năm 2023 doanh thu … đạt 1.415 tỷ đồng", in January 2024's
    # review) is about that other year, not what an award of it is for (`_elsewhen`).
    spelled = any(
        spells_year(p) and p.overlaps(period) for times in timings for ts in times for p in ts
    )
    # one time named: "Để đạt mục tiêu cả năm 2024 thì 6 tháng cuối năm …" asks of a half
    number = asks(question) == "number"
    counted = number and " … " not in period.text
    # A figure said for the very span asked ("Riêng quý IV/2024, thu ngân sách đạt 4.370
    # tỷ đồng" for "quý vừa rồi" in January 2025): then one said only for a longer span
    # holding it ("năm 2024 đạt 16.420 tỷ đồng") is that span's, not the one asked.
    exact = counted and any(_same_span(p, period) for times in timings for ts in times for p in ts)
    result = number and not asks_target(question)
    # Asked "đến nay": the span from the start asked that the newest report giving one
    # says is what is known so far (`_partial`); an older report's is a part of it.
    known = (
        max(
            (anchor for anchor, times in zip(anchors, timings, strict=True)
             if anchor is not None
             and any(p.start == period.start and p.end <= period.end for ts in times for p in ts)),
            default=None,
        )
        if counted and _SO_FAR_ASKED.search(period.text)
        else None
    )  # fmt: skip
    for rank, (hit, sentences) in enumerate(zip(hits, by_hit, strict=True)):
        anchor = anchors[rank]
        published = published_period(hit.published) if hit.published else None
        if anchor is None or published is None:
            out.append(_undated(query, terms, period, sentences, timings[rank], rank, elsewhen))
            continue
        reported, reviewed = reported_time(hit.title, published)
        dated = reported.overlaps(period)
        timed = []
        planned = readings[rank][1]
        for sentence, said, aim in zip(sentences, timings[rank], planned, strict=True):
            times = _in_review(said, reviewed)
            # "Lợi nhuận sau thuế: 104,5 tỷ đồng, tăng 7,1% so với cùng kỳ (quý III/2023
            # đạt 97,6 tỷ đồng)" in the report of Q3/2024: the bracket's time is the one
            # compared with, and the sentence is the article's as well.
            about = any(p.overlaps(period) for p in times) or (
                dated and set(times) <= set(compared_aside(sentence.raw, anchor))
            )
            if not (about or times) and reported is not published and published.overlaps(period):
                # "Sản lượng xuất khẩu đạt 57.300 tấn" in January 2024's review of 2023
                # (its title's year): 2023's figure, no answer for 2024 nor a rival.
                continue
            if (not about or (result and (aim or sets_target(sentence.text)))) and _ahead(
                times, reviewed or published
            ):
                # "Năm 2025, phường phấn đấu … ít nhất 1.000 lao động" on 18/12/2024: a
                # plan for another year than asked answers nothing of it, and is no rival
                # for the answer (a figure said of another year is); nor, for the year
                # asked, what it achieved ("… đạt bao nhiêu?" asks no target: aims.py).
                continue
            newest = known is not None and anchor == known
            if counted and _partial(times, period, sentence.key, newest):
                continue  # a figure of a part of the year asked is not the year's
            if exact and _longer(times, period):
                continue
            if not about and _elsewhen(times, dated and not spelled):
                elsewhen.add((rank, sentence.order))
            timed.append(lend(query, terms, sentence) if about else sentence)
        out.append(tuple(timed))
    return out, frozenset(elsewhen)


def _timings(
    hit: Hit, sentences: Sequence[_Sentence], anchor: date | None
) -> tuple[list[list[Period]], list[bool]]:
    """The times each sentence of a passage is about: its own (`figure_time.figures_times`), else
    its section heading's (`section_time`). Of an undated article, only the headings':
    a sentence spelling another year than asked is no rival there (measured on the blind
    sets: three more unanswerable questions declined, two answerable ones lost, among
    them "Năm học tới …" read from today rather than from the undated decision). And
    whether each is a point of a plan by its section's heading ("7. Nhiệm vụ trọng tâm
    năm học 2024-2025"), naming no time of its own, or that heading itself."""
    sections = heading_times(hit.text, anchor, hit.place.heading)
    times: list[list[Period]] = []
    planned: list[bool] = []
    # a field, a point or a title's points naming no time: its introducer's ("Địa điểm:
    # …" of "08h00 – Họp HĐQT thường kỳ quý III/2025"; "- Lý do: …" of "2. Thứ Năm, …")
    by = introducers(sentences, datelines=False) if anchor else {}
    for s in sentences:
        own = figures_times(s.raw, anchor) if anchor else []
        lent = [] if own else [p for i in by.get(s.order, ()) for p in figures_times(i.raw, anchor)]
        times.append(own or lent or list(sections.at(s.start)))
        planned.append(sections.plans(s.start) and (sections.heads(s.start) or not own))
    return times, planned


def _undated(
    query: _Query,
    terms: frozenset[str],
    period: Period,
    sentences: tuple[_Sentence, ...],
    timings: list[list[Period]],
    rank: int,
    elsewhen: set[tuple[int, int]],
) -> tuple[_Sentence, ...]:
    """`in_time` for a passage of an undated article: only the times its headings spell
    ("VI. KẾ HOẠCH NĂM 2025")."""
    timed = []
    for sentence, times in zip(sentences, timings, strict=True):
        about = any(p.overlaps(period) for p in times)
        if not about and times and _elsewhen(times, False):
            elsewhen.add((rank, sentence.order))
        timed.append(lend(query, terms, sentence) if about else sentence)
    return tuple(timed)


# The parts of a year a figure may be given for: a month to eleven months.
_PART_DAYS = range(27, 340)
# Spans a few days apart are one ("tháng 2" and "28 ngày"); a day asked is no span.
_SAME_SPAN = 3
_MONTH = 27
_WEEK = 6  # Monday to Sunday: six days apart
_QUARTER = 80
_YEAR = 364


def _partial(times: Sequence[Period], period: Period, key: str, newest: bool = False) -> bool:
    """Whether a sentence naming `times` gives its figure for another span than the one
    asked: a part of the year asked ("cao hơn mức tăng 5,86% của 6 tháng đầu năm 2023", "quý
    I/2023" for "Cả năm 2023, GRDP tăng bao nhiêu?"; not with "cả năm" said too), or of any
    span of a quarter or more ("tháng 11" for "Bình quân 11 tháng năm nay …"), or a
    longer span holding the one asked ("6 tháng đầu năm ước đạt 2.390 triệu USD" for "Kim
    ngạch xuất khẩu tháng 6/2024 đạt bao nhiêu?"), shorter than a year.
    Asked "đến nay", the span from the start asked that the `newest` report giving one
    says is no part: it is what is known so far."""
    # a rule's span with no end ("từ năm 2014 trở đi") holds each year's figure, none partial
    inside = [p for p in times if p.overlaps(period) and not onward(p)]
    # a dateline's day is when it was said, not what the figure is for
    inside = [p for p in inside if p.end > p.start] or inside
    asked = (period.end - period.start).days

    def other(p: Period) -> bool:
        days = (p.end - p.start).days
        # a part of a quarter or more asked: "tháng 11" of "11 tháng năm nay", "tuần 30" of
        # "từ đầu năm đến nay"; not, asked "đến nay", the span from the same start that a
        # recent report gives ("Tính chung 4 tháng" on 20 May): what is known so far
        so_far = newest and p.start == period.start and (period.end - p.end).days <= _SO_FAR_LAG
        part = (
            asked >= _QUARTER
            and period.contains(p)
            and _WEEK <= days < asked - _SAME_SPAN
            and not so_far
        )
        # a longer part of a year (a quarter, "6 tháng đầu năm"), not the year: "Năm nay
        # có 92 công nhân … được khen thưởng" at December's ceremony is December's too
        longer = _holds_longer(p, period) and days in _PART_DAYS
        # a year's for a quarter or more of it: "phấn đấu giải ngân 100% kế hoạch vốn năm
        # 2025" is not what is due by 30/6/2025
        year = _holds_longer(p, period) and days >= _YEAR and asked >= _QUARTER
        return part or year or (longer and asked >= _MONTH)

    # "cả năm" said: the year's figure, the answer when the year is asked, another span's
    # when a part of it is ("phấn đấu cả năm 2025 … đạt 8,5 tỷ USD" for "9 tháng đầu năm")
    whole_year = " ca nam " in f" {key} " and asked >= _YEAR
    return bool(inside) and not whole_year and all(map(other, inside))


# "từ đầu năm đến nay", "… tới giờ": up to the question's day; the last report before it
# ends up to a quarter and its publication earlier (a quarter's report comes out in the
# next month: the first half's, out on 8 July, is still the newest on 1 September).
_SO_FAR_ASKED = re.compile(r"(?<!\w)(?:den|toi) (?:nay|gio)(?!\w)")
_SO_FAR_LAG = 100


def _same_span(p: Period, period: Period) -> bool:
    """Whether `p` is the span `period` (a week or longer) within a few days."""
    return (
        (period.end - period.start).days >= _WEEK
        and abs((p.start - period.start).days) <= _SAME_SPAN
        and abs((p.end - period.end).days) <= _SAME_SPAN
    )


def _longer(times: Sequence[Period], period: Period) -> bool:
    """Whether every span a sentence names around `period` holds it and is longer."""
    inside = [p for p in times if p.overlaps(period) and p.end > p.start]
    return bool(inside) and all(_holds_longer(p, period) for p in inside)


def _holds_longer(p: Period, period: Period) -> bool:
    """Whether `p` holds `period` and is longer by more than a few days."""
    return (
        p.contains(period)
        and (p.end - p.start).days > (period.end - period.start).days + _SAME_SPAN
    )


def _in_review(times: list[Period], reviewed: Period | None) -> list[Period]:
    """`times` with a bare "trong năm" read as the year under review: "Trong năm, toàn
    Đảng bộ kết nạp 412 đảng viên mới" in January 2025's review of 2024 is 2024's."""
    if reviewed is None:
        return times
    return [reviewed if p.text == "trong nam" else p for p in times]


def _ahead(times: Sequence[Period], published: Period) -> bool:
    """Whether a sentence names only years spelled out after its article's date."""
    return bool(times) and all(spells_year(p) and p.start > published.end for p in times)


def _elsewhen(times: Sequence[Period], dated: bool) -> bool:
    """Whether a sentence naming `times`, none in the period asked, is about another
    time, in an article dated inside the period asked (`dated`) or not.

    A month or day without its year ("để tháng 6 triển khai", "ngày 15/3") is read as the
    latest one begun, which a plan's future month is not: it decides nothing here. In an
    article of the time asked, a year spelled out may be what the sentence is about, not
    when it happens ("Tại hội nghị [8/2/2018], … trao bằng khen cho 6 tập thể hoàn thành
    nhiệm vụ năm 2017" answers "năm 2018, bao nhiêu tập thể được khen"), and the reader
    sees it; "năm qua" hides it."""
    sure = [p for p in times if spells_year(p) or not _DIGIT_OR_QUARTER.search(p.text)]
    if not sure:
        return False
    return not (dated and all(spells_year(p) for p in sure))


# A time's words that need its year to be placed: a number ("tháng 6", "8/2") or a
# quarter ("quý II").
_DIGIT_OR_QUARTER = re.compile(r"\d|\bquy\b")


# A clause saying when by another event or a deadline: "chậm nhất 1 tháng sau khi kết
# thúc học kỳ", "trước khi thực hiện", "kể từ ngày công bố".
_WHEN_CLAUSE = re.compile(
    r"(?<!\w)(?:khi|chậm nhất|kể từ|sau|trước|trong|từ|đến|tới|lúc|hồi|thời|kỳ|kỷ|vào|cuối"
    r"|đầu|giữa|năm|tháng|ngày|tuần|mùa)(?!\w)"
)
# How a question asks when ("khi nào", "bao giờ", "lúc nào", "thời điểm nào").
_ASKS_WHEN = re.compile(r"(?<!\w)(?:khi nào|bao giờ|lúc nào|thời điểm nào)(?!\w)")


def saying_when(
    question: str, query: _Query, scored: Sequence[tuple[float, _Candidate, tuple[float, ...]]]
) -> int:
    """For a question asking when, the position in `scored` (best first) of the best
    candidate that says when (a time, a day said in words, a number, or a clause of time:
    "chậm nhất 1 tháng sau khi kết thúc học kỳ"); 0 when the best does or none does:
    "Hiệu trưởng ra quyết định buộc thôi học trên cơ sở …" does not say when the decision
    is sent. Only another sentence of the best one's passage, for a question asking "khi
    nào", "bao giờ", "lúc nào" or "thời điểm nào"; a sentence naming a time by an event
    ("sau Thế chiến I") or a period's word ("thời", "kỳ") says when. Asked a day, one
    within reach naming it leads over a best naming a coarser time (`_saying_the_day`);
    asked the hour, form_lead.py."""
    if not scored:
        return 0
    # "… hôm nào?": a sentence naming the day, not "cuối tháng 9"
    day = _saying_the_day(query, scored)
    if day is not None or not _ASKS_WHEN.search(lowered(question)):
        return day or 0
    best = scored[0][1].rank
    for i, (_, candidate, _) in enumerate(scored):
        if candidate.rank != best:
            continue
        text = candidate.sentence.text
        if _names_time(text) or _WHEN_CLAUSE.search(lowered(text)):
            return i
    return 0


def _saying_the_day(
    query: _Query, scored: Sequence[tuple[float, _Candidate, tuple[float, ...]]]
) -> int | None:
    """Asked a day (the unit asked is "hôm nào", "ngày nào"; not "bốn ngày" said in the
    question), the position of the first candidate within reach of the best that names a
    day, when the best names a coarser time only ("cuối tháng 9" for "Bão số 10 đổ bộ hôm
    nào?", beside "… rạng sáng 29/9"); None otherwise."""
    if query.unit.isdisjoint(_DAY_UNITS):
        return None
    terms = query.span_terms

    def names_day(candidate: _Candidate) -> bool:
        text = candidate.sentence.text
        span = short_span(terms, "time", text)
        return span is not None and fits_granularity(terms, fold(text[span[0] : span[1]].lower()))

    # a day of the week ("báo cáo vào thứ Sáu hằng tuần") is a day, typed or not
    if names_day(scored[0][1]) or writes_weekday(scored[0][1].sentence.text):
        return None
    return first_within(scored, _DAY_REACH, names_day)


_DAY_UNITS = frozenset({"ngay", "hom"})
# How far below the best a sentence naming the day asked may be (extractive.FOLLOWER_GAP).
_DAY_REACH = 1.5
