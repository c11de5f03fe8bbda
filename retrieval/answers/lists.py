"""The points a lead-in announces, quoted with it as one unit.

A regulation says what applies in a lead-in and its points: "Người lái xe … phải mang
theo các giấy tờ sau: a) Đăng ký xe; b) …; d) Giấy chứng nhận bảo hiểm …". The lead-in
alone answers nothing, and one point alone loses what it is a point of, so an answer
whose best sentence is a lead-in quotes the points after it in the same passage as the
rest of that sentence, with one citation marker after them. A long list keeps the
points that share most words with the question, in list order, and marks the points
left out with "…". An answer whose best sentence is a point is quoted the same way: its
lead-in first, then that point and the other points of the list the answer quotes
(`lead_in_of`), so "c) Sinh viên đang bị cảnh báo … 14 tín chỉ" reads as a limit on
what "mỗi học kỳ chính" allows. A question asking for several things ("… gồm những
gì?", `asks.asks_list`) has all the points quoted as its phrase, or all the points a
sentence lists after its colon (`inline_list`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from retrieval.answers.asks import asks_which
from retrieval.answers.names import capitalised_runs, full_name
from retrieval.answers.passage_lines import TERMINAL
from retrieval.answers.sentences import (
    ITEM,
    MIN_SENTENCE_TOKENS,
    POINT_MARK,
    TABLE_ROW,
    _Candidate,
    _piece,
    _Query,
    _Sentence,
)
from retrieval.answers.table_cells import header_of
from retrieval.answers.types import ShortAnswer
from retrieval.index.chunks import Hit
from retrieval.language.entities import parse_person
from retrieval.language.text import fold, split_sentences
from retrieval.language.vocabulary import LIST_MARK

__all__ = [
    "BULLETS",
    "MAX_LIST_CHARS",
    "announced",
    "began_before",
    "heads_points",
    "inline_list",
    "lead_in_of",
    "lead_in_text",
    "list_phrase",
    "next_sentence",
    "points_after",
    "render_list",
    "short_point",
    "title_person",
]

# The points quoted after a lead-in, in characters: a list of six short points fits whole,
# the rest of the answer (MAX_ANSWER_CHARS in all) keeps room for another sentence.
MAX_LIST_CHARS = 450
# A gap in the quoted list.
SKIPPED = "…"


def points_after(lead_in: _Candidate, hits: Sequence[Hit]) -> list[_Sentence]:
    """Every point of the list right after `lead_in` in its passage ([] when none)."""
    hit = hits[lead_in.rank]
    return _points(hit, split_sentences(hit.text), lead_in.sentence.order)


def announced(points: Sequence[_Sentence], query: _Query) -> list[_Sentence]:
    """The points of a list (`points_after`) that the answer quotes, in list order: all
    when they fit MAX_LIST_CHARS, else those sharing most words with the question."""
    if sum(len(p.text) + 2 for p in points) <= MAX_LIST_CHARS:
        return list(points)
    # Most of the question's words first, then list order; kept while they fit.
    by_match = sorted(points, key=lambda p: (-len(query.folded & p.folded), p.order))
    kept: list[_Sentence] = []
    length = 0
    for point in by_match:
        if length + len(point.text) + 2 > MAX_LIST_CHARS:
            continue
        kept.append(point)
        length += len(point.text) + 2
    return sorted(kept, key=lambda p: p.order)


def lead_in_of(point: _Candidate, hits: Sequence[Hit]) -> tuple[_Sentence, list[_Sentence]] | None:
    """The lead-in announcing the list `point` belongs to, in the same passage, with every
    point of that list; None when `point` is no point or its lead-in is not in the
    passage (a chunk that starts inside the list)."""
    if not ITEM.match(point.sentence.raw):
        return None
    hit = hits[point.rank]
    pieces = split_sentences(hit.text)
    style = _style(ITEM.match(point.sentence.raw).group())  # type: ignore[union-attr]
    for order in range(point.sentence.order - 1, -1, -1):
        start, end = pieces[order]
        raw = hit.text[start:end].strip()
        lead_in = _piece(raw, order, start + hit.text[start:end].find(raw))
        if heads_points(raw, style):
            # "3. Phó Giám đốc Phan Thị Thu Hà" over its "- Phụ trách lĩnh vực …": quoted
            # as a lead-in is, its points after a colon
            lead_in = _piece(f"{raw}:", order, lead_in.start)
        elif not lead_in.lead_in:
            if ITEM.match(raw) or UNIT_NOTE.match(raw):
                continue  # an earlier point of the same list, or of a list inside it
            return None
        points = _points(hit, pieces, order)
        return (lead_in, points) if any(p.order == point.sentence.order for p in points) else None
    return None


def began_before(hits: Sequence[Hit]) -> Callable[[_Candidate], bool]:
    """Whether a point is of a list that began before its passage: every sentence before
    it in the passage is a point, and the passage does not open its article (the list's
    lead-in, "Các chỉ tiêu chủ yếu:", is in the chunk before, unseen)."""

    def began(point: _Candidate) -> bool:
        hit = hits[point.rank]
        if hit.start == 0 or not ITEM.match(point.sentence.raw):
            return False
        pieces = split_sentences(hit.text)[: point.sentence.order]
        return all(ITEM.match(hit.text[a:b].strip()) for a, b in pieces)

    return began


def lead_in_text(hits: Sequence[Hit]) -> Callable[[_Candidate], str]:
    """The text of the lead-in announcing a point's list, in `hits` ("" for no point); of
    a table's row, its header ("… | Mức phụ cấp (đồng/người/ngày)" says what "Nhóm 1 | Hà
    Nội, TP.HCM | 300.000" is paid in)."""

    def lead_in(point: _Candidate) -> str:
        if TABLE_ROW.search(point.sentence.raw):
            return header_of(point.sentence.start, hits[point.rank].text)
        return ((listed := lead_in_of(point, hits)) and listed[0].text) or ""

    return lead_in


def _points(hit: Hit, pieces: list[tuple[int, int]], order: int) -> list[_Sentence]:
    """The points of the list after sentence `order` of `hit` (its sentences' spans
    `pieces`), as long as their marker is of one kind: "a) …; b) …" after "1. … sau:"
    ends before "2. …", the next clause."""
    points: list[_Sentence] = []
    style = ""
    for k in range(order + 1, len(pieces)):
        start, end = pieces[k]
        raw = hit.text[start:end].strip()
        marker = ITEM.match(raw)
        if not marker and not points and UNIT_NOTE.match(raw):
            continue  # "Đơn vị tính: đồng/m2." between the lead-in and its points
        if not marker or (style and _style(marker.group()) != style):
            break
        style = _style(marker.group())
        points.append(_piece(raw.rstrip(" ;,"), k, start + hit.text[start:end].find(raw)))
    return points


# The unit a list's or a table's figures are in, said on a line of its own between the
# lead-in and its points ("… như sau:", "Đơn vị tính: đồng/m2.", "1. Đường Trần Phú: …"):
# the points are still the lead-in's.
UNIT_NOTE = re.compile(r"\(?\s*(?:[Đđ]ơn vị(?: tính)?|ĐVT|Đvt)\s*:")

# The marks of points that are no number nor letter.
BULLETS = ("-", "–", "•", "+")
# A numbered title over points of another mark: "2. Thứ Năm, ngày 18/7/2024" over "-
# Thời gian: …", "- Lý do: …"; a line of at most this many words, with no closing mark.
_TITLE_WORDS = 15


def heads_points(raw: str, style: str) -> bool:
    """Whether the line `raw` is a numbered title ("3. Phó Giám đốc Phan Thị Thu Hà") of
    the points under it, whose mark is of `style` (`_style`: "-" for "- Phụ trách …"):
    what it names, each of them is said of."""
    marker = ITEM.match(raw)
    text = raw.rstrip()
    return (
        marker is not None
        and _style(marker.group()) not in (style, *BULLETS)
        and text[-1:] not in TERMINAL
        and text[-1:] not in ":;,"
        and len(text.split()) <= _TITLE_WORDS
    )


def title_person(
    question: str, kind: str, title: _Sentence, point: str, hit: Hit
) -> ShortAnswer | None:
    """The person a numbered `title` names ("3. Phó Giám đốc Phan Thị Thu Hà" over "- Phụ
    trách lĩnh vực … sở hữu trí tuệ"), asked who ("ai phụ trách …", "Phó giám đốc nào
    …?") of a `point` that names no one; None otherwise."""
    if not (kind == "person" or asks_which(question)) or _person_in(point) is not None:
        return None
    span = _person_in(title.text)
    if span is None or fold(title.text[span[0] : span[1]]).split()[-1] in fold(question).split():
        return None  # "Chị Hà phó GĐ theo dõi địa bàn nào?" names her, asks the place
    phrase = title.text[span[0] : span[1]]
    article_start = hit.start + title.start + max(title.raw.find(phrase), 0)
    return ShortAnswer(phrase, span[0], span[1], 1, article_start, article_start + len(phrase))


def _person_in(text: str) -> tuple[int, int] | None:
    """The last full name `text` writes, without the titles before it."""
    people = [full_name(text, a, b) for a, b in capitalised_runs(text)]
    return next((p for p in reversed(people) if parse_person(text[p[0] : p[1]])), None)


def _style(marker: str) -> str:
    """The kind of a list marker: "a" (a letter), "1" (a number) or the bullet itself."""
    head = marker.strip()[:1]
    return "1" if head.isdigit() else "a" if head.isalpha() else head


def render_list(
    lead_in: _Sentence, quoted: Sequence[_Sentence], points: Sequence[_Sentence]
) -> str:
    """The lead-in and the `quoted` ones of its `points` as one sentence: "… sau: a) …;
    c) …; … d) …." (a gap where points are left out, at the end too)."""
    parts: list[str] = []
    previous = lead_in.order
    for point in quoted:
        if point.order != previous + 1:
            parts.append(SKIPPED)
        parts.append(point.text.rstrip(" .;,"))  # a point may end in ";" or "."
        previous = point.order
    if len(points) > previous - lead_in.order:
        parts.append(SKIPPED)
    listed = "; ".join(parts).replace(f"{SKIPPED}; ", f"{SKIPPED} ")
    return f"{lead_in.text} {listed}" + ("" if listed.endswith(SKIPPED) else ".")


# A list written inside one sentence: "… gồm: 1. Khiển trách; 2. …", "… sau: a) …; b) …".
_INLINE_POINT = re.compile(rf"(?:^|[:;]\s*|\s)({LIST_MARK})\s")


def inline_list(text: str) -> tuple[int, int] | None:
    """The span of the points a sentence lists after its colon, all of them ("1. Khiển
    trách; 2. Kéo dài …; 3. Cách chức; 4. Sa thải"), when it has two or more; else None."""
    colon = text.find(":")
    if colon < 0:
        return None
    marks = [m.start(1) for m in _INLINE_POINT.finditer(text, colon)]
    if len(marks) < 2 or text[colon + 1 : marks[0]].strip():
        return None  # not points, or words between the colon and the first point
    return marks[0], len(text.rstrip(" .;,"))


def next_sentence(
    lead_in: _Candidate, by_hit: Sequence[Sequence[_Sentence]], hits: Sequence[Hit]
) -> _Candidate | None:
    """The sentence after a lead-in ("... như sau:") whose list has no marked points
    (those are quoted with it, lists.py): next in its passage (an unmarked item ending in
    ";" too: it is the first thing the lead-in announces, not the first whole sentence
    after the list), or the first of the retrieved passage that continues the same
    article."""
    hit = hits[lead_in.rank]
    order = lead_in.sentence.order + 1
    same = [s for s in by_hit[lead_in.rank] if s.order >= order]
    if same and same[0].order == order:
        return _Candidate(lead_in.rank, same[0])
    item = _list_item(hit.text, order)
    if item is not None:
        return _Candidate(lead_in.rank, item)
    if same:
        return _Candidate(lead_in.rank, same[0])
    following = [
        rank
        for rank, other in enumerate(hits)
        if other.article_id == hit.article_id and other.start >= hit.end and by_hit[rank]
    ]
    if not following:
        return None
    nearest = min(following, key=lambda rank: hits[rank].start)
    return _Candidate(nearest, by_hit[nearest][0])


def _list_item(text: str, order: int) -> _Sentence | None:
    """Sentence `order` of `text` when it is a list item ending in ";" or ",", which the
    analysis drops as a piece of a sentence."""
    pieces = split_sentences(text)
    if order >= len(pieces):
        return None
    start, end = pieces[order]
    raw = text[start:end].strip()
    if raw[-1:] not in ";,":
        return None
    item = _piece(raw.rstrip(" ;,"), order, start)
    return item if len(item.key.split(" ")) >= MIN_SENTENCE_TOKENS else None


WHOLE_POINT_WORDS = 12  # gap.MAX_WORDS: as long as the gap's own longest phrase
_CLOSING = re.compile(r"[\s.;,:]*$")


def short_point(text: str) -> tuple[int, int] | None:
    """The span of a lettered point's own words (no mark, no closing punctuation) when
    it is short and no "key: value" point; None otherwise."""
    mark = POINT_MARK.match(text)
    if mark is None:
        return None
    point = _CLOSING.sub("", text[mark.end() :])
    if not point or ":" in point or len(point.split()) > WHOLE_POINT_WORDS:
        return None
    return mark.end(), mark.end() + len(point)


def list_phrase(unit: str, lead_in: _Sentence, points: list[_Sentence], hit: Hit) -> ShortAnswer:
    """The points of a rendered list (`lists.render_list`: the lead-in, a space, the points)
    as its phrase; in the article, from the first point quoted to the end of the last."""
    start = len(lead_in.text) + 1
    end = len(unit.rstrip(" ."))
    return ShortAnswer(
        text=unit[start:end],
        start=start,
        end=end,
        n=1,
        article_start=hit.start + points[0].start,
        article_end=hit.start + points[-1].start + len(points[-1].raw.rstrip(" .;,")),
    )
