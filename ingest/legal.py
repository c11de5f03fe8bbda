"""The structure of a Vietnamese regulation, law or decision, read from its paragraphs.

Legal and regulatory text is numbered the same way everywhere: "Chương II" (often with its
title on the next line), "Mục 1", "Điều 5. Title" (or "Điều 5:"), then inside an Điều
clauses "1." / "Khoản 1" and points "a)". `structure` finds those headings; a text with
fewer than two "Điều" headings is not treated as structured (news, a memo), and chunks as
any other text, unless it starts with one (a passage holding one article).

Everything here is pure: paragraphs in, a list of `Article`s (one per Điều, with its
clauses and points) out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["Clause", "LegalArticle", "Structure", "is_heading", "starts_item", "structure"]

Span = tuple[int, int]

_ROMAN_OR_NUMBER = r"(?:[IVXLCDM]+|\d{1,3})"
# "Chương II", "CHƯƠNG 2", "Chương II. QUY ĐỊNH CHUNG"; "Phần thứ nhất" is too rare to bother.
_CHAPTER = re.compile(
    rf"^(?:Chương|CHƯƠNG)\s+({_ROMAN_OR_NUMBER})(?=$|[\s.:\-–—])\s*[.:\-–—]?\s*(.*)$"
)
_SECTION = re.compile(rf"^(?:Mục|MỤC)\s+({_ROMAN_OR_NUMBER})(?=$|[\s.:\-–—])\s*[.:\-–—]?\s*(.*)$")
# "Điều 5. Title", "Điều 5: Title", "ĐIỀU 5 - Title", "Điều 5a.", "Điều 5" alone, "Điều 5 Title"
# (a capital letter next: "Điều 5 của Luật ..." at a paragraph start is a sentence).
_ARTICLE = re.compile(
    r"^(?:Điều|ĐIỀU)\s+(\d{1,4}[a-zđ]?)(?:\s*[.:\-–—]\s*(.*)|\s*$|\s+(?=[^\W\d_a-zđ])(.*))$"
)
_ARTICLE_LINE = re.compile(r"^(?:Điều|ĐIỀU)\s+\d{1,4}[a-zđ]?\s*[.:]")
# "1. ...", "1) ...", "Khoản 1. ..." inside an Điều; not "1.000" nor "1.2." (no space after).
_CLAUSE = re.compile(r"^(?:(?:Khoản|KHOẢN)\s+(\d{1,3})\s*[.:\-–—]?\s*|(\d{1,3})[.)]\s+)\S")
# "a) ...", "đ) ...", "a. ..." inside a clause.
_POINT = re.compile(r"^([a-zđ])[)]\s+\S|^([a-zđ])\.\s+(?=[^\W\d_a-zđ])")
# A chapter title on its own paragraph: short, and not itself a heading or a clause.
_TITLE_MAX = 200
_TITLE_CUT = 100
# The structure is believed from this many Điều headings on.
MIN_ARTICLES = 2


@dataclass(frozen=True)
class Clause:
    """A "Khoản" of an Điều: its number, its span, and its points (letter, span)."""

    number: str
    start: int
    end: int
    points: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True)
class LegalArticle:
    """One "Điều": from its heading to the next Điều, Mục or Chương heading."""

    number: str
    title: str  # "Điều 5. Học phần và tín chỉ" (the heading as written)
    start: int  # where its chunk starts: a Chương/Mục heading right before it included
    heading_start: int  # where the "Điều" line starts
    end: int
    chapter: str = ""  # "Chương II" ("" when none)
    chapter_title: str = ""  # "Chương II. TỔ CHỨC ĐÀO TẠO"
    section: str = ""  # "Mục 1"
    section_title: str = ""
    clauses: tuple[Clause, ...] = ()

    def path(self) -> list[str]:
        """The legal path down to this Điều: ["Chương II", "Mục 1", "Điều 5"]."""
        return [p for p in (self.chapter, self.section, f"Điều {self.number}") if p]

    def headings(self) -> list[str]:
        """The titles above and of this Điều, outermost first."""
        return [t for t in (self.chapter_title, self.section_title, self.title) if t]


@dataclass(frozen=True)
class Structure:
    articles: tuple[LegalArticle, ...] = ()
    # What comes before the first Chương/Mục/Điều (the preamble: "Căn cứ ...", the title).
    preamble: Span | None = None
    paragraphs: tuple[Span, ...] = field(default=(), repr=False)


def structure(text: str, paragraphs: Sequence[Span]) -> Structure:
    """The Điều of `text` (paragraph spans `paragraphs`), or an empty `Structure` when
    the text is not numbered that way."""
    heads = [_ARTICLE.match(text[s:e]) for s, e in paragraphs]
    # Several Điều; or one that the text starts with (a passage holding one article), then
    # written as a heading is ("Điều 5." / "Điều 5:"), not "Điều 5 Luật ..." opening a story.
    if sum(1 for m in heads if m) < MIN_ARTICLES and not (
        heads[0] and _ARTICLE_LINE.match(text[paragraphs[0][0] : paragraphs[0][1]])
    ):
        return Structure()
    articles: list[LegalArticle] = []
    chapter = chapter_title = section = section_title = ""
    pending: int | None = None  # start of Chương/Mục headings waiting for their first Điều
    current: dict[str, object] | None = None
    clauses: list[Clause] = []
    points: list[tuple[str, int, int]] = []
    clause_head: tuple[str, int] | None = None
    first_marker: int | None = None

    def close_clause(end: int) -> None:
        nonlocal clause_head, points
        if clause_head is not None:
            closed = tuple(_closed(points, end))
            clauses.append(Clause(clause_head[0], clause_head[1], end, closed))
        clause_head, points = None, []

    def close_article(end: int) -> None:
        nonlocal current, clauses
        if current is None:
            return
        close_clause(end)
        articles.append(LegalArticle(end=end, clauses=tuple(clauses), **current))  # type: ignore[arg-type]
        current, clauses = None, []

    last_end = paragraphs[0][0]  # end of the paragraph before this one
    i = 0
    while i < len(paragraphs):
        start, end = paragraphs[i]
        para = text[start:end]
        chapter_match = _CHAPTER.match(para)
        section_match = None if chapter_match else _SECTION.match(para)
        article_match = heads[i]
        if chapter_match or section_match:
            close_article(last_end)
            match = chapter_match or section_match
            assert match is not None
            label = ("Chương " if chapter_match else "Mục ") + match.group(1)
            title_text = match.group(2).strip()
            title = f"{label}. {title_text}" if title_text else label
            # The title on the next paragraph ("Chương I" / "QUY ĐỊNH CHUNG").
            if not title_text and i + 1 < len(paragraphs):
                ns, ne = paragraphs[i + 1]
                following = text[ns:ne]
                if len(following) <= _TITLE_MAX and not _is_marker(following):
                    title = f"{label}. {following}"
                    i += 1
                    end = ne
            if chapter_match:
                chapter, chapter_title, section, section_title = label, title, "", ""
            else:
                section, section_title = label, title
            if pending is None:
                pending = start
            if first_marker is None:
                first_marker = start
        elif article_match:
            close_article(last_end)
            if first_marker is None:
                first_marker = start
            current = {
                "number": article_match.group(1),
                "title": _title(para),
                "start": start if pending is None else pending,
                "heading_start": start,
                "chapter": chapter,
                "chapter_title": chapter_title,
                "section": section,
                "section_title": section_title,
            }
            pending = None
        elif current is not None:
            clause_match = _CLAUSE.match(para)
            point_match = None if clause_match else _POINT.match(para)
            if clause_match:
                close_clause(last_end)
                clause_head = (clause_match.group(1) or clause_match.group(2), start)
            elif point_match and clause_head is not None:
                letter = point_match.group(1) or point_match.group(2)
                points = _closed(points, last_end)
                points.append((letter, start, -1))
        last_end = end
        i += 1
    close_article(paragraphs[-1][1])
    preamble = None
    if first_marker is not None and first_marker > paragraphs[0][0]:
        last = max(e for s, e in paragraphs if e <= first_marker)
        preamble = (paragraphs[0][0], last)
    return Structure(tuple(articles), preamble, tuple(paragraphs))


def _title(heading: str) -> str:
    """The Điều's heading line; its first words when the paragraph runs on into the text
    (a loader that joined the lines)."""
    if len(heading) <= _TITLE_MAX:
        return heading
    return heading[:_TITLE_CUT].rsplit(" ", 1)[0] + " …"


def _closed(points: list[tuple[str, int, int]], end: int) -> list[tuple[str, int, int]]:
    """`points` with the last one (still open, end -1) ended at `end`."""
    if points and points[-1][2] < 0:
        letter, start, _ = points[-1]
        return [*points[:-1], (letter, start, end)]
    return points


def _is_marker(paragraph: str) -> bool:
    return bool(_CHAPTER.match(paragraph) or _SECTION.match(paragraph) or _ARTICLE.match(paragraph))


def is_heading(line: str) -> bool:
    """Whether `line` starts a Chương, Mục or Điều (loaders that rejoin wrapped lines end
    a paragraph before one)."""
    return _is_marker(line)


def starts_item(line: str) -> bool:
    """Whether `line` starts a clause ("1.", "Khoản 1") or a point ("a)")."""
    return bool(_CLAUSE.match(line) or _POINT.match(line))


def number_range(numbers: Sequence[str]) -> str:
    """ "2" for one, "2-4" for several (first and last)."""
    if not numbers:
        return ""
    return numbers[0] if numbers[0] == numbers[-1] else f"{numbers[0]}-{numbers[-1]}"
