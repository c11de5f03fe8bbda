"""Where a loader's pages and headings end up in an article's cleaned text.

Loaders read a document as paragraphs with where each came from (a PDF page, a heading
style); the article text is those paragraphs cleaned and joined (`clean_text`), less a
title or dateline taken off the top. These functions find the paragraphs again in that
text, in order, so `Article.pages` and `Article.headings` hold offsets into it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.formats.common import clean_line

__all__ = ["heading_offsets", "page_starts"]


def _paragraph_at(text: str, paragraph: str, pos: int, *, whole: bool = False) -> int:
    """Offset of the first paragraph of `text` at or after `pos` that starts with
    `paragraph` (cleaned), or is it (`whole`), or -1."""
    wanted = clean_line(paragraph)
    if not wanted:
        return -1
    at = text.find(wanted, pos)
    while at >= 0 and not _fits(text, at, at + len(wanted), whole):
        at = text.find(wanted, at + 1)
    return at


def _fits(text: str, start: int, end: int, whole: bool) -> bool:
    starts = start == 0 or text[start - 1] == "\n"
    return starts and (not whole or end == len(text) or text[end] == "\n")


def page_starts(text: str, firsts: Sequence[str | None]) -> tuple[int, ...]:
    """`Article.pages` for a text whose page i + 1 begins with paragraph `firsts[i]`
    (None: no paragraph begins on that page; it is empty or only continues the one
    before). A page whose paragraph cannot be found (it became the title) starts where
    the next one does, so every offset maps to the last page that starts at or before it.
    Empty when no page is found at all."""
    found: list[int] = []
    pos = 0
    for first in firsts:
        at = _paragraph_at(text, first, pos) if first else -1
        found.append(at)
        if at >= 0:
            pos = at + 1
    if all(at < 0 for at in found):
        return ()
    starts = [0] * len(found)
    following = len(text)
    for i in range(len(found) - 1, -1, -1):
        following = found[i] if found[i] >= 0 else following
        starts[i] = following
    starts[0] = 0  # whatever precedes the first found paragraph is on page 1
    return tuple(starts)


def heading_offsets(
    text: str, headings: Sequence[tuple[str, int]]
) -> tuple[tuple[int, int, str], ...]:
    """`Article.headings` from (heading text, level) in document order: those found as a
    paragraph of `text`, with their offset."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for heading, level in headings:
        at = _paragraph_at(text, heading, pos, whole=True)
        if at >= 0:
            out.append((at, level, clean_line(heading)))
            pos = at + 1
    return tuple(out)
