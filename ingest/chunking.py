"""Cut an article's text into chunks for retrieval: whole paragraphs when they fit, runs of
whole sentences when a paragraph is too long, and never an overlap.

Spans point into the article text, so a chunk can be quoted and cited exactly.
`chunk_article` also says where each chunk is (`retrieval.index.chunks.Place`: its pages,
its heading path, a regulation's Điều/Khoản path) and cuts a regulation by its structure
(`ingest.legal`): an Điều whole when it fits, else by Khoản. Text with no such structure
is cut exactly as `chunk_text` cuts it.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ingest.article import Article
from ingest.legal import LegalArticle, number_range, structure
from ingest.records import record_start
from retrieval.index.chunks import NOWHERE, ChunkRecord, Place, chunk_id, embedding_text, text_hash
from retrieval.language.sections import is_part_heading, part_level
from retrieval.language.text import split_sentences

__all__ = ["Chunk", "chunk_article", "chunk_records", "chunk_text"]

Span = tuple[int, int]

# A blank line (possibly holding spaces) separates paragraphs; "\n" alone does not.
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
# Where a very long sentence may be cut: after a comma/semicolon that is followed by a space
# (not inside "3,5"), otherwise at a space.
_CLAUSE_END = re.compile(r"[,;](?=\s)")
_SPACE = re.compile(r"\s")
# Characters that attach to the one before (joiners, variation selectors, enclosing marks).
_JOINS_PREVIOUS = frozenset("\u200c\u200d\ufe0e\ufe0f\u20dd\u20de\u20df\u20e0\u20e2\u20e3\u20e4")
# A remainder shorter than this fraction of the target joins the previous chunk, as long
# as the merged chunk stays within MERGE_LIMIT x target: a chunk of a few words retrieves
# poorly and cites badly.
SMALL_FRACTION = 0.25
MERGE_LIMIT = 1.5
# A sentence longer than this many targets is cut inside, as a last resort.
LONG_SENTENCE = 2


@dataclass(frozen=True)
class Chunk:
    index: int  # 0.. in article order
    paragraph: int  # index of the paragraph the chunk starts in
    start: int  # character span in the article text: article_text[start:end] == text
    end: int
    text: str
    place: Place = NOWHERE


@dataclass(frozen=True)
class _Paragraph:
    index: int
    units: tuple[Span, ...]  # sentences (or pieces of over-long sentences), in order

    @property
    def start(self) -> int:
        return self.units[0][0]

    @property
    def end(self) -> int:
        return self.units[-1][1]


def chunk_text(text: str, target_chars: int) -> list[Chunk]:
    """Split `text` (paragraphs separated by blank lines) into chunks of about
    `target_chars` characters.

    Chunks never cut a sentence (except a sentence over 2 x target, cut at a comma,
    semicolon or space; a "word" longer than the target is cut where it must). Short
    paragraphs are packed greedily while the chunk stays within the target; a long
    paragraph is split into balanced runs of sentences; a chunk under a quarter of the
    target joins the previous chunk if the result stays within 1.5 x target. Chunks are
    trimmed, ordered, disjoint, and cover every non-space character exactly once.
    """
    if target_chars < 1:
        raise ValueError(f"target_chars must be at least 1, got {target_chars}")
    paragraphs = _paragraphs(text, target_chars)
    spans = _merge_small(_pack(paragraphs, target_chars, text), target_chars)
    return [
        Chunk(index=i, paragraph=paragraph, start=start, end=end, text=text[start:end])
        for i, (paragraph, start, end) in enumerate(spans)
    ]


def _paragraph_spans(text: str) -> list[Span]:
    spans: list[Span] = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _paragraphs(text: str, target: int) -> list[_Paragraph]:
    """Paragraphs with their sentences; sentences never cross a newline, so each belongs
    to exactly one paragraph."""
    sentences = split_sentences(text)
    paragraphs: list[_Paragraph] = []
    i = 0
    for _, end in _paragraph_spans(text):
        units: list[Span] = []
        while i < len(sentences) and sentences[i][0] < end:
            units.extend(_cut_long_sentence(text, sentences[i], target))
            i += 1
        if units:
            paragraphs.append(_Paragraph(index=len(paragraphs), units=tuple(units)))
    return paragraphs


def _pack(
    paragraphs: Sequence[_Paragraph], target: int, text: str = ""
) -> list[tuple[int, int, int]]:
    """(paragraph index, start, end) of chunks: greedy runs of whole paragraphs, and
    balanced runs of sentences for a paragraph longer than the target. A chunk is cut
    before a numbered title rather than between it and its points (`records.py`)."""
    chunks: list[tuple[int, int, int]] = []
    group: list[_Paragraph] = []
    for paragraph in paragraphs:
        if group and paragraph.end - group[0].start <= target:
            group.append(paragraph)
            continue
        title = (
            record_start(text, [(p.start, p.end) for p in group], paragraph.start) if group else 0
        )
        if title and paragraph.end - group[title].start <= target:
            chunks.append((group[0].index, group[0].start, group[title - 1].end))
            group = [*group[title:], paragraph]
            continue
        if group:
            chunks.append((group[0].index, group[0].start, group[-1].end))
            group = []
        if paragraph.end - paragraph.start <= target:
            group = [paragraph]
        else:
            for run in _balanced_runs(paragraph.units, target):
                chunks.append((paragraph.index, run[0][0], run[-1][1]))
    if group:
        chunks.append((group[0].index, group[0].start, group[-1].end))
    return chunks


def _balanced_runs(units: Sequence[Span], target: int) -> list[Sequence[Span]]:
    """Split `units` into as few runs as keep each within `target` (a unit longer than
    the target stands alone), sized as equally as the unit boundaries allow."""
    count = _greedy_run_count(units, target)
    runs = _runs_near_even_cuts(units, count)
    limit = max(target, max(end - start for start, end in units))
    if all(run[-1][1] - run[0][0] <= limit for run in runs):
        return runs
    # The even cuts overshot somewhere (uneven sentence lengths): use the smallest cap that
    # still gives `count` runs, which bounds every run by the target.
    low, high = 1, target
    while low < high:
        cap = (low + high) // 2
        if _greedy_run_count(units, cap) <= count:
            high = cap
        else:
            low = cap + 1
    return _greedy_runs(units, low)


def _greedy_runs(units: Sequence[Span], cap: int) -> list[Sequence[Span]]:
    runs: list[Sequence[Span]] = []
    first = 0
    for i in range(1, len(units)):
        if units[i][1] - units[first][0] > cap:
            runs.append(units[first:i])
            first = i
    runs.append(units[first:])
    return runs


def _greedy_run_count(units: Sequence[Span], cap: int) -> int:
    count, first_start = 1, units[0][0]
    for start, end in units[1:]:
        if end - first_start > cap:
            count, first_start = count + 1, start
    return count


def _runs_near_even_cuts(units: Sequence[Span], count: int) -> list[Sequence[Span]]:
    """`count` runs, cutting at the unit boundaries nearest to evenly spaced positions."""
    start, end = units[0][0], units[-1][1]
    cuts: list[int] = []  # run k ends before units[cuts[k]]
    i = 1
    for k in range(1, count):
        ideal = start + (end - start) * k / count
        # Leave at least one unit for each remaining run.
        last_allowed = len(units) - (count - k)
        i = max(i, (cuts[-1] + 1) if cuts else 1)
        while i < last_allowed and abs(units[i + 1][0] - ideal) < abs(units[i][0] - ideal):
            i += 1
        cuts.append(i)
    bounds = [0, *cuts, len(units)]
    return [units[a:b] for a, b in itertools.pairwise(bounds)]


def _cut_long_sentence(text: str, sentence: Span, target: int) -> list[Span]:
    """The sentence itself, or, past LONG_SENTENCE x target, balanced pieces cut after
    the last comma/semicolon (or else space) before each piece's limit."""
    start, end = sentence
    if end - start <= LONG_SENTENCE * target:
        return [sentence]
    pieces: list[Span] = []
    while end - start > target:
        goal = math.ceil((end - start) / math.ceil((end - start) / target))
        piece_end, next_start = _cut_point(text, start, start + goal, end)
        pieces.append((start, piece_end))
        if next_start >= end:
            return pieces
        start = next_start
    pieces.append((start, end))
    return pieces


def _cut_point(text: str, start: int, limit: int, end: int) -> Span:
    """(end of this piece, start of the next) for a piece of text[start:end] that should
    end by `limit`."""
    clause = _last_match(_CLAUSE_END, text, start + (limit - start) // 2, limit + 1)
    if clause is not None:
        return clause + 1, _skip_spaces(text, clause + 1)
    space = _last_match(_SPACE, text, start + 1, limit + 1)
    if space is not None:
        piece_end = space
        while text[piece_end - 1].isspace():
            piece_end -= 1
        return piece_end, _skip_spaces(text, space)
    # One "word" longer than the target (a URL, base64, garbage) has to be cut somewhere:
    # at the limit, moved so that it does not split a letter from its combining marks or
    # an emoji sequence.
    cut = limit
    while cut > start + 1 and not _can_cut(text, cut):
        cut -= 1
    if not _can_cut(text, cut):
        cut = limit
        while cut < end and not _can_cut(text, cut):
            cut += 1
    return cut, _skip_spaces(text, cut)


def _can_cut(text: str, pos: int) -> bool:
    """Whether a cut between text[pos - 1] and text[pos] keeps characters that render as
    one together."""
    char = text[pos]
    return not (
        unicodedata.combining(char)
        or char in _JOINS_PREVIOUS
        or "\U0001f3fb" <= char <= "\U0001f3ff"  # emoji skin-tone modifiers
        or text[pos - 1] == "\u200d"  # zero-width joiner inside an emoji sequence
    )


def _last_match(pattern: re.Pattern[str], text: str, low: int, high: int) -> int | None:
    """Start of the last match of `pattern` in text[low:high], if any."""
    last = None
    for match in pattern.finditer(text, max(low, 0), high):
        last = match.start()
    return last


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _merge_small(chunks: list[tuple[int, int, int]], target: int) -> list[tuple[int, int, int]]:
    """A chunk under SMALL_FRACTION x target (the remainder left after packing) joins the
    previous chunk when the merged chunk stays within MERGE_LIMIT x target. It never joins
    the next one: that would glue a tiny paragraph to the front of a big one."""
    small, limit = SMALL_FRACTION * target, MERGE_LIMIT * target
    merged: list[tuple[int, int, int]] = []
    for paragraph, start, end in chunks:
        if merged and end - start < small and end - merged[-1][1] <= limit:
            merged[-1] = (merged[-1][0], merged[-1][1], end)
        else:
            merged.append((paragraph, start, end))
    return merged


def chunk_records(article: Article, target_chars: int) -> list[ChunkRecord]:
    """The chunk records of an article (`chunk_article`), as the chunk contract has them."""
    chunks = chunk_article(
        article.text, target_chars, pages=article.pages, headings=article.headings
    )
    return [
        ChunkRecord(
            id=chunk_id(article.id, article.version, c.index),
            article_id=article.id,
            version=article.version,
            index=c.index,
            paragraph=c.paragraph,
            start=c.start,
            end=c.end,
            text=c.text,
            text_hash=text_hash(embedding_text(article.title, c.text, c.place.heading)),
            place=c.place,
        )
        for c in chunks
    ]


# --- where a chunk is, and regulations cut by their structure --------------------------------

Heading = tuple[int, int, str]  # offset of the heading paragraph, level from 1, its text
# (start, end, legal path levels, heading path) of a chunk of a regulation
_Piece = tuple[int, int, list[str], str]


def chunk_article(
    text: str,
    target_chars: int,
    *,
    pages: Sequence[int] = (),
    headings: Sequence[Heading] = (),
) -> list[Chunk]:
    """Chunks of an article, each with its `Place`: pages from `pages` (`pages[i]` is
    where page i + 1 starts), the heading path from `headings` (chunks then never cross a
    heading), and for a regulation (`ingest.legal.structure`) its Chương/Mục/Điều/Khoản
    path, cut so that an Điều stays whole when it fits (up to MERGE_LIMIT x target) and is
    split by Khoản when it does not. Text with neither headings nor structure gives
    `chunk_text`'s chunks as they are (with their pages).
    """
    if target_chars < 1:
        raise ValueError(f"target_chars must be at least 1, got {target_chars}")
    spans = [(s, e) for s, e in _paragraph_spans(text) if text[s:e].strip()]
    legal = structure(text, spans) if spans else None
    pieces: list[_Piece] = []
    if (legal is None or not legal.articles) and headings and spans:
        pieces = _section_pieces(text, spans[0][0], headings, target_chars)
    elif legal is None or not legal.articles:
        chunks = chunk_text(text, target_chars)
        # A plain text's part headings ("II. TÌNH HÌNH HOẠT ĐỘNG NĂM 2024") name the part
        # a chunk is in, as a Word heading would; the chunks are cut as before.
        parts = _part_headings(text, spans)
        if not pages and not parts:
            return chunks
        return [replace(c, place=_place(c.start, c.end, pages, parts)) for c in chunks]
    elif legal.preamble is not None:
        first, last = legal.preamble
        pieces.extend((s, e, [], "") for s, e in _sub_chunks(text, first, last, target_chars))
    for article in legal.articles if legal is not None else ():
        pieces.extend(_article_pieces(text, article, target_chars))
    starts = [s for s, _ in spans]
    out: list[Chunk] = []
    for i, (start, end, path, heading) in enumerate(pieces):
        at = _place(start, end, pages, headings)
        at = replace(at, heading=heading or at.heading, legal="|".join(path))
        paragraph = max(0, bisect.bisect_right(starts, start) - 1)
        out.append(Chunk(i, paragraph, start, end, text[start:end], at))
    return out


def _part_headings(text: str, spans: Sequence[tuple[int, int]]) -> list[Heading]:
    """The paragraphs of `text` (`spans`) that are a report's part headings
    (`retrieval.language.sections`): "Phần …" over "I. …"."""
    return [
        (start, part_level(line), line)
        for start, end in spans
        if is_part_heading(line := text[start:end].strip())
    ]


def _place(start: int, end: int, pages: Sequence[int], headings: Sequence[Heading]) -> Place:
    page = bisect.bisect_right(pages, start) if pages else 0
    page_end = max(page, bisect.bisect_right(pages, end - 1)) if pages else 0
    path: list[tuple[int, str]] = []  # (level, text), outermost first
    for offset, level, heading in headings:
        if offset > start:
            break
        while path and path[-1][0] >= level:
            path.pop()
        path.append((level, heading))
    return Place(page=page, page_end=page_end, heading=" > ".join(h for _, h in path))


def _section_pieces(
    text: str, first: int, headings: Sequence[Heading], target: int
) -> list[_Piece]:
    """Chunks that never cross a heading: each section (a heading to the next one) cut as
    `chunk_text` cuts a text, under its heading path. A section too short to stand alone
    (a heading with a subheading right after it) opens the next one's first chunk."""
    bounds = sorted({first, *(offset for offset, _, _ in headings if offset > first)})
    pieces: list[_Piece] = []
    carried: int | None = None
    for n, start in enumerate(bounds):
        end = len(text[: bounds[n + 1]].rstrip()) if n + 1 < len(bounds) else len(text.rstrip())
        if end <= start:
            continue
        if n + 1 < len(bounds) and end - start < SMALL_FRACTION * target:
            carried = start if carried is None else carried
            continue
        heading = _place(start, end, (), headings).heading
        for s, e in _sub_chunks(text, start, end, target):
            pieces.append((s if carried is None else carried, e, [], heading))
            carried = None
    return pieces


def _sub_chunks(text: str, start: int, end: int, target: int) -> list[tuple[int, int]]:
    """`chunk_text`'s spans of text[start:end], as spans of `text`."""
    return [(start + c.start, start + c.end) for c in chunk_text(text[start:end], target)]


def _article_pieces(text: str, article: LegalArticle, target: int) -> list[_Piece]:
    """`_cut_article`'s pieces; the one that holds the Điều's own heading line does not
    repeat it in its heading path (it is in the chunk)."""
    outer = " > ".join(article.headings()[:-1])
    return [
        (s, e, path, outer if s <= article.heading_start < e else heading)
        for s, e, path, heading in _cut_article(text, article, target)
    ]


def _cut_article(text: str, article: LegalArticle, target: int) -> list[_Piece]:
    """An Điều whole when it fits within MERGE_LIMIT x target; else its opening and its
    Khoản packed greedily in order within the target, a Khoản longer than that cut by
    sentences (each piece naming its Điểm when it holds some)."""
    heading = " > ".join(article.headings())
    path = article.path()
    if article.end - article.start <= MERGE_LIMIT * target or not article.clauses:
        if article.end - article.start <= MERGE_LIMIT * target:
            return [(article.start, article.end, path, heading)]
        spans = _sub_chunks(text, article.start, article.end, target)
        return [(s, e, path, heading) for s, e in spans]
    # (start, end, clause) units in order: the opening (the Điều line, and any text before
    # its first Khoản) and each Khoản.
    first = article.clauses[0].start
    opening_end = len(text[:first].rstrip()) if first > article.start else article.start
    units: list[tuple[int, int, str]] = []
    if opening_end > article.start:
        units.append((article.start, opening_end, ""))
    clauses = {c.start: c for c in article.clauses}
    units.extend((c.start, c.end, c.number) for c in article.clauses)
    groups: list[list[tuple[int, int, str]]] = []
    for unit in units:
        if groups and unit[1] - groups[-1][0][0] <= target:
            groups[-1].append(unit)
        else:
            groups.append([unit])
    # A small last group joins the one before when the two stay within the merge limit.
    if (
        len(groups) > 1
        and groups[-1][-1][1] - groups[-1][0][0] < SMALL_FRACTION * target
        and groups[-1][-1][1] - groups[-2][0][0] <= MERGE_LIMIT * target
    ):
        groups[-2].extend(groups.pop())
    pieces: list[_Piece] = []
    carried: int | None = None  # start of a short opening that goes with the next piece
    for n, group in enumerate(groups):
        start, end = group[0][0], group[-1][1]
        numbers = [number for _, _, number in group if number]
        if not numbers and n + 1 < len(groups) and end - start < SMALL_FRACTION * target:
            carried = start  # "Điều 5. Title" alone says nothing: it opens the next piece
            continue
        level = [f"Khoản {number_range(numbers)}"] if numbers else []
        if end - start <= MERGE_LIMIT * target or len(group) > 1:
            pieces.append((start if carried is None else carried, end, path + level, heading))
            carried = None
            continue
        clause = clauses.get(start)
        for s, e in _sub_chunks(text, start, end, target):
            letters = [p[0] for p in clause.points if s <= p[1] < e] if clause else []
            point = [f"Điểm {number_range(letters)}"] if letters else []
            pieces.append((s if carried is None else carried, e, path + level + point, heading))
            carried = None
    return pieces
