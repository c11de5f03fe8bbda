"""A table written as text, a row a line under its header ("STT | Đơn vị | Diện tích cây
trồng bị thiệt hại (ha) | Số hộ thiếu nước sinh hoạt (hộ)", then "4 | Huyện Thuận Bắc |
446 | 1.120"): which row answers a figure asked, and which of its cells.

Asked "Huyện Thuận Bắc có bao nhiêu hộ thiếu nước sinh hoạt?", the row naming Thuận Bắc
leads over a sentence within reach that names it beside another figure ("có 4.870 hộ …
thiếu nước sinh hoạt, nhiều nhất tại huyện Thuận Bắc": `row_asked`), and its figure is
the cell under the header sharing the most words with the question ("1.120", not the
nearer "446": `cell_asked`). The header is the table's first line; the rows are a
paragraph each (ingest/formats/common.py).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from retrieval.answers.evidence import question_marks
from retrieval.answers.sentences import TABLE_ROW, _Candidate
from retrieval.answers.within_reach import first_within
from retrieval.index.chunks import Hit
from retrieval.language.text import fold, normalize

__all__ = ["cell_asked", "header_of", "row_asked"]

_FIGURE = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_]+")
# How far below the best a row naming what the question names may be (FOLLOWER_GAP).
_ROW_REACH = 1.5


def _cells(line: str) -> list[tuple[int, int]]:
    """The spans of a row's cells in `line`, trimmed (an empty cell: an empty span)."""
    spans, at = [], 0
    for part in line.split("|"):
        stripped = part.strip()
        start = at + (part.find(stripped) if stripped else 0)
        spans.append((start, start + len(stripped)))
        at += len(part) + 1
    return spans


def header_of(row_start: int, text: str) -> str:
    """The first line of the table whose row begins at `row_start` in `text` (a passage):
    its header, "" when the row has no line of cells above it without a figure."""
    lines = [line.strip() for line in text[:row_start].split("\n")]
    lines = [line for line in lines if line]
    header = ""
    for line in reversed(lines):
        if not TABLE_ROW.search(line) and not line.startswith("|"):
            break
        header = line
    if not header:
        return ""
    cells = [header[a:b] for a, b in _cells(header)]
    # a header names its columns ("Kế hoạch năm 2025 | Thực hiện 9 tháng": words first); a
    # row before the one asked holds figures
    figures = sum(bool(_FIGURE.match(c.strip())) for c in cells)
    return header if figures <= len(cells) // 3 else ""


@functools.lru_cache(maxsize=4096)
def _folded_words(text: str) -> frozenset[str]:
    return frozenset(fold(w) for w in _WORD.findall(normalize(text).lower()))


def cell_asked(question_terms: frozenset[str], row: str, header: str) -> tuple[int, int] | None:
    """The span in `row` of the figure under the header cell sharing the most of
    `question_terms` (folded); None when no column shares any, or two share as many, or
    the row and the header do not line up."""
    cells, heads = _cells(row), _cells(header)
    if len(cells) != len(heads) or len(cells) < 3:
        return None
    scored = []
    for (a, b), (ha, hb) in zip(cells, heads, strict=True):
        if not _FIGURE.search(row[a:b]):
            continue
        shared = len(_folded_words(header[ha:hb]) & question_terms)
        scored.append((shared, a, b))
    if not scored:
        return None
    scored.sort(reverse=True)
    best = scored[0]
    if best[0] == 0 or (len(scored) > 1 and scored[1][0] == best[0]):
        return _done(question_terms, row, cells, heads, header)
    return best[1], best[2]


def _done(
    question_terms: frozenset[str],
    row: str,
    cells: list[tuple[int, int]],
    heads: list[tuple[int, int]],
    header: str,
) -> tuple[int, int] | None:
    """A report's table names no column the question does: the figure done ("Thực hiện",
    "Ước thực hiện", "Kết quả"), not the plan beside it, unless the question asks a plan
    or target ("kế hoạch", "chỉ tiêu", "phấn đấu"), then the plan's."""
    planned = bool(question_terms & _PLAN_WORDS)
    for (a, b), (ha, hb) in zip(cells, heads, strict=True):
        label = fold(normalize(header[ha:hb]).lower()).strip()
        if _FIGURE.search(row[a:b]) and label.startswith(_PLAN if planned else _DONE):
            return a, b
    return None


_DONE = ("thuc hien", "uoc thuc hien", "uoc th", "ket qua", "thuc te", "da thuc hien")
_PLAN = ("ke hoach", "chi tieu", "muc tieu")
_PLAN_WORDS = frozenset({"hoach", "tieu"})  # kế hoạch, chỉ tiêu, mục tiêu


def _labels(row: str) -> frozenset[str]:
    """The folded words of a row's cells without figures: what the row is about."""
    words: set[str] = set()
    for a, b in _cells(row):
        if not _FIGURE.search(row[a:b]):
            words |= _folded_words(row[a:b])
    return frozenset(words)


def row_asked(
    question: str,
    question_terms: frozenset[str],
    scored: Sequence[tuple[float, _Candidate, tuple[float, ...]]],
    hits: Sequence[Hit],
) -> int:
    """Asked a figure of something the question names, the position in `scored` (best
    first) of the first table row within reach of the best whose cells name it and whose
    header says which figure is asked (`cell_asked`), when the best is no such row; 0
    otherwise."""
    names = question_marks(question)[0]
    if not names or not scored:
        return 0

    def answers(candidate: _Candidate) -> bool:
        sentence = candidate.sentence
        if not TABLE_ROW.search(sentence.raw) or not names <= _labels(sentence.raw):
            return False
        header = header_of(sentence.start, hits[candidate.rank].text)
        return bool(header) and cell_asked(question_terms, sentence.raw, header) is not None

    if answers(scored[0][1]):
        return 0
    return first_within(scored, _ROW_REACH, answers) or 0
