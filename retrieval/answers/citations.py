"""One source per article: an answer's [n] markers renumbered so that every article it
quotes has one number, and that article's cited passages merged into one Citation.

The answer step (extractive or LLM) numbers passages: three sentences from three chunks of
one article come out as "[1] … [2] … [3]" with the same title listed three times. Here,

    by_article("A. [1] B. [2] C. [3]", [c1, c2, c3])   # c1, c3 of article X, c2 of Y
    -> "A. [1] B. [2] C. [1]", [X (c1, c3), Y (c2)]

Numbers go to articles in order of first appearance in the text; a run of markers that
names one article twice ("[1][3]" above) keeps it once ("[1]"). A marker is a bracketed
number that is one of the citations' numbers: other bracketed numbers (a footnote "[12]"
inside a quoted Wikipedia sentence) are text and stay as they are. Citations no marker
names keep their place after the named ones. The short answer (`ShortAnswer`: a span of
`Answer.text` and the number of its sentence) moves with the text; a span that a marker
cuts through cannot be shown as one phrase and is dropped.

Pure functions: nothing here searches, reads settings or logs.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import NamedTuple

from retrieval.answers.types import Answer, Citation, CitedPassage, ShortAnswer

__all__ = ["ByArticle", "answer_by_article", "by_article", "merge_articles"]

_MARKER = re.compile(r"\[(\d{1,4})\]")
# What may stand between two markers of one run: "[1][2]", "[1] [2]".
_RUN_GAP = re.compile(r"[^\S\n]*")


class ByArticle(NamedTuple):
    text: str
    citations: tuple[Citation, ...]
    short: ShortAnswer | None


class _Edit(NamedTuple):
    start: int  # span of the old text replaced
    end: int
    new: str  # what replaces it


def by_article(
    text: str, citations: Sequence[Citation], short: ShortAnswer | None = None
) -> ByArticle:
    """`text` with one marker number per article, the merged citations numbered 1..k, and
    `short` moved to its place in the new text (None if it cannot be placed)."""
    by_n = {c.n: c for c in citations}
    key_of = {c.n: _article_key(c) for c in citations}
    number: dict[str, int] = {}  # article key -> new number, in order of first marker
    edits: list[_Edit] = []
    run_end = -1  # end of the previous marker, while a run of markers goes on
    in_run: set[int] = set()  # new numbers already written in the current run
    for match in _MARKER.finditer(text):
        old = int(match.group(1))
        if old not in by_n:
            continue
        if run_end < 0 or _RUN_GAP.fullmatch(text, run_end, match.start()) is None:
            in_run = set()
        new = number.setdefault(key_of[old], len(number) + 1)
        if new in in_run:
            # Drop the repeat with the gap before it: "[1] [1]" -> "[1]".
            edits.append(_Edit(run_end, match.end(), ""))
        else:
            in_run.add(new)
            if new != old:
                edits.append(_Edit(match.start(), match.end(), f"[{new}]"))
        run_end = match.end()
    for c in citations:  # cited but never named in the text: after the named ones
        number.setdefault(key_of[c.n], len(number) + 1)

    merged: dict[int, list[Citation]] = {}
    for c in citations:
        merged.setdefault(number[key_of[c.n]], []).append(c)
    new_citations = tuple(_merge(n, merged[n]) for n in sorted(merged))
    new_text = _apply(text, edits)
    new_short = None
    if short is not None and short.n in key_of:
        new_short = _move(short, edits, number[key_of[short.n]], new_text)
    return ByArticle(new_text, new_citations, new_short)


def merge_articles(citations: Sequence[Citation]) -> tuple[Citation, ...]:
    """Citations without markers (the passages offered when an answer is declined): one
    per article, numbered 1..k in order of first appearance."""
    groups: dict[str, list[Citation]] = {}
    for c in citations:
        groups.setdefault(_article_key(c), []).append(c)
    return tuple(_merge(n, group) for n, group in enumerate(groups.values(), start=1))


def answer_by_article(answer: Answer) -> Answer:
    """`answer` with `by_article` applied to its text, citations and short answer, and its
    related passages merged per article. The "not found" text has no markers to move."""
    result = by_article(answer.text, answer.citations, answer.short)
    return dataclasses.replace(
        answer,
        text=result.text,
        citations=result.citations,
        short=result.short,
        related=merge_articles(answer.related),
    )


def _article_key(c: Citation) -> str:
    # Every indexed chunk has an article id; a hand-built citation without one stays alone.
    return c.article_id or f"\x00{c.n}"


def _merge(n: int, group: Sequence[Citation]) -> Citation:
    first = group[0]
    passages: dict[str, CitedPassage] = {}
    for c in group:
        for p in c.passages:
            passages.setdefault(p.chunk_id, p)
    return dataclasses.replace(first, n=n, passages=tuple(passages.values()))


def _apply(text: str, edits: Sequence[_Edit]) -> str:
    parts: list[str] = []
    position = 0
    for edit in edits:  # in text order, never overlapping
        parts.append(text[position : edit.start])
        parts.append(edit.new)
        position = edit.end
    parts.append(text[position:])
    return "".join(parts)


def _move(short: ShortAnswer, edits: Sequence[_Edit], n: int, text: str) -> ShortAnswer | None:
    if any(e.start < short.end and e.end > short.start for e in edits):
        return None
    shift_start = sum(len(e.new) - (e.end - e.start) for e in edits if e.end <= short.start)
    shift_end = sum(len(e.new) - (e.end - e.start) for e in edits if e.end <= short.end)
    start, end = short.start + shift_start, short.end + shift_end
    if not 0 <= start <= end <= len(text):
        return None
    return dataclasses.replace(short, start=start, end=end, n=n)
