"""Tables in a PDF page, best effort: rows whose cells keep their header, like a docx
table's ("Chỉ tiêu: Sản lượng điện | Năm 2024: 5,1 tỷ kWh").

A PDF has no tables, only text drawn at places. pypdf's plain text joins a row's cells with
spaces, so "Sản lượng điện 4,8 tỷ kWh 5,1 tỷ kWh" no longer says which number is which
year. Its layout mode keeps the columns apart (runs of spaces), but costs about 1.7 times
the plain reading, so it is asked for only on pages whose text runs show the sign of a
table (`looks_tabular`: text starting at the same x on several lines, after other text on
the line). A table is then a header line and at least `MIN_ROWS` lines cut into the same
columns (`table_blocks`); only where a run of plain lines holds exactly the table's
characters is the plain text changed (`with_tables`): everything else stays as it was.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ingest.formats.common import table_rows

# Data rows a table needs under its header: fewer is too easily two lines of a letterhead.
MIN_ROWS = 2
# Text runs of a page (x, y) starting at the same x after other text on the same line, on
# this many lines: the plain text may hide a table there.
_SIGNAL_LINES = 3
# Cells are separated by this many spaces or more in layout text; words by fewer.
_CELL = re.compile(r"\S+(?: {1,2}\S+)*")
# How far (characters) a column's cells may wander from each other and still be one column.
_SPREAD = 1
# A Vietnamese official letterhead or signature block ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
# NAM / Độc lập - Tự do - Hạnh phúc", "Nơi nhận: ... HIỆU TRƯỞNG") is laid out in two
# columns on every decision and circular, and is not a table.
_NOT_A_TABLE = ("xã hội chủ nghĩa", "hạnh phúc", "nơi nhận")


class RunPositions:
    """A `visitor_text` for pypdf's plain `extract_text`: where each text run starts."""

    def __init__(self) -> None:
        self.runs: list[tuple[float, float]] = []

    def __call__(self, text: str, cm: Sequence[float], tm: Sequence[float], *_: Any) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            self.runs.append((x, y))


def looks_tabular(runs: Sequence[tuple[float, float]]) -> bool:
    """Whether some x (to a point) starts a run that is not the first of its line on at
    least `_SIGNAL_LINES` lines: a column, or a table's cells drawn one by one."""
    lines: dict[int, list[int]] = {}
    for x, y in runs:
        lines.setdefault(round(y), []).append(round(x))
    column_lines: Counter[int] = Counter()
    for xs in lines.values():
        column_lines.update(set(sorted(xs)[1:]))
    return any(n >= _SIGNAL_LINES for n in column_lines.values())


@dataclass(frozen=True)
class _Cell:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Table:
    """A table found in layout text: its lines as laid out, and its rows of cells."""

    lines: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # the header first


def table_blocks(layout: str) -> list[Table]:
    """The tables of a page's layout text: a line cut into two or more cells (the
    header), then at least `MIN_ROWS` rows of as many cells, each under its header's column,
    each column's cells aligned (left, right or centre). A row is a band of lines between
    blank lines whose cells all fall in the columns (a wrapped cell spans lines); in a band
    with several full lines, each starts a row and the lines after it continue it."""
    lines = layout.splitlines()
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        table, end = _table_at(lines, i) if lines[i].strip() else (None, i + 1)
        if table is None:
            i += 1
        else:
            tables.append(table)
            i = end
    return tables


def with_tables(plain: str, tables: Sequence[Table]) -> tuple[str, list[str]]:
    """`plain` with each table's lines replaced by its rows, each cell under its header,
    a blank line around each (a paragraph of its own); and those rows. A table whose lines
    are not found in order in `plain` leaves it as it is."""
    lines = plain.splitlines()
    out: list[str] = []
    rows: list[str] = []
    at = 0
    for table in tables:
        span = _find(lines, at, _chars("".join(table.lines)))
        if span is None:
            continue
        start, end = span
        out.extend(lines[at:start])
        for row in table_rows([list(row) for row in table.rows]):
            out.extend(("", row))
            rows.append(row)
        out.append("")
        at = end
    if not rows:
        return plain, []
    out.extend(lines[at:])
    return "\n".join(out), rows


def page_text(
    plain: str, runs: Sequence[tuple[float, float]], layout: Callable[[], str]
) -> tuple[str, list[str]]:
    """A page's text: `plain`, with tables as header-keyed rows when its `runs` look
    tabular and `layout()` (the page's layout-mode text) shows them; and those rows."""
    if not looks_tabular(runs):
        return plain, []
    tables = table_blocks(layout())
    return with_tables(plain, tables) if tables else (plain, [])


def _table_at(lines: Sequence[str], i: int) -> tuple[Table | None, int]:
    """The table whose header is line `i`, and the index of the line after it."""
    header = _cells(lines[i])
    if len(header) < 2:
        return None, i + 1
    # Column k may start anywhere after header cell k-1 ends, up to where k+1 starts.
    lows = [0, *(cell.end + 1 for cell in header[:-1])]
    highs = [cell.start - 1 for cell in header[1:]] + [10**9]
    rows: list[list[str]] = []
    fulls: list[list[_Cell]] = []  # the lines holding every cell of a row, for alignment
    end = i + 1
    band: list[list[_Cell]] = []
    for j in range(i + 1, len(lines) + 1):
        line = lines[j] if j < len(lines) else ""
        cells = _cells(line)
        if cells and _inside(cells, lows, highs):
            band.append(cells)
            continue
        if band:
            found = _band_rows(band, len(header), lows, highs)
            if found is None:
                break
            rows.extend(found)
            fulls.extend(cells for cells in band if len(cells) == len(header))
            end, band = j, []
        if cells:  # a line outside the columns ends the table
            break
    if len(rows) < MIN_ROWS or not _aligned(fulls):
        return None, i + 1
    texts = [[cell.text for cell in header], *rows]
    words = unicodedata.normalize("NFC", " ".join(" ".join(row) for row in texts)).casefold()
    if any(sign in words for sign in _NOT_A_TABLE):
        return None, i + 1
    kept = tuple(line for line in lines[i:end] if line.strip())
    return Table(kept, tuple(tuple(row) for row in texts)), end


def _cells(line: str) -> list[_Cell]:
    return [_Cell(m.start(), m.end(), m.group()) for m in _CELL.finditer(line)]


def _column(cell: _Cell, lows: Sequence[int], highs: Sequence[int]) -> int | None:
    for k, (low, high) in enumerate(zip(lows, highs, strict=True)):
        # A cell may be wider than its header, but not run under the next one.
        if low <= cell.start <= high and cell.end <= high + 1:
            return k
    return None


def _inside(cells: Sequence[_Cell], lows: Sequence[int], highs: Sequence[int]) -> bool:
    columns = [_column(cell, lows, highs) for cell in cells]
    return None not in columns and len(set(columns)) == len(columns)


def _band_rows(
    band: Sequence[Sequence[_Cell]], width: int, lows: Sequence[int], highs: Sequence[int]
) -> list[list[str]] | None:
    """The rows of a band of lines (None when it is not rows of this table): one row when
    at most one line is full, else one per full line, with the partial lines around."""
    full = [n for n, cells in enumerate(band) if len(cells) == width]
    starts = full[1:] if len(full) > 1 else []
    groups = [band[a:b] for a, b in zip([0, *starts], [*starts, len(band)], strict=True)]
    rows: list[list[str]] = []
    for group in groups:
        row = [""] * width
        for cells in group:
            for cell in cells:
                k = _column(cell, lows, highs)
                if k is not None:
                    row[k] = f"{row[k]} {cell.text}".strip()
        if sum(1 for text in row if text) < 2:  # one cell is a note, not a row
            return None
        rows.append(row)
    return rows


def _aligned(rows: Sequence[Sequence[_Cell]]) -> bool:
    """Whether each column's cells line up at their left, right or centre (on the lines
    that hold a whole row; wrapped rows are not measured)."""
    if len(rows) < 2:
        return True
    for k in range(len(rows[0])):
        column = [row[k] for row in rows]
        edges = (
            [c.start for c in column],
            [c.end for c in column],
            [c.start + c.end for c in column],  # twice the centre
        )
        spreads = (max(e) - min(e) for e in edges)
        if not any(s <= _SPREAD * (2 if n == 2 else 1) for n, s in enumerate(spreads)):
            return False
    return True


def _chars(text: str) -> Counter[str]:
    return Counter("".join(text.split()))


def _find(lines: Sequence[str], at: int, block: Counter[str]) -> tuple[int, int] | None:
    """Plain lines [start, end) from `at` on that hold the characters of `block` (spaces
    aside), no more and no fewer: the table's text, in whatever order pypdf read it."""
    for start in range(at, len(lines)):
        seen: Counter[str] = Counter()
        for end in range(start, len(lines)):
            seen += _chars(lines[end])
            if seen == block:
                return start, end + 1
            if seen - block:  # characters the table does not hold
                break
    return None
