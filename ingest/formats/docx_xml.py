"""A .docx's text read straight from its XML parts with a streaming parser (expat).

python-docx builds the whole document tree first and spends ~0.1 ms of XPath per paragraph
(a 61 KB file of 200,000 paragraphs took 15-37 s and ~200 MB); here the main part is fed
to expat in 64 KiB pieces and each paragraph or table comes out as soon as it ends, so a
reader that stops at MAX_ARTICLE_CHARS stops parsing there too.

What is read is what python-docx reads (`Document.iter_inner_content()`, `Paragraph.text`,
`Row.cells`, `Cell.text`, the styles and core properties), so the text is the same:

- blocks are the `w:p` and `w:tbl` children of `w:body`, nothing nested deeper (text boxes,
  content controls, tracked insertions, nested tables);
- a paragraph's text is its runs' (`w:r`, and `w:r` in `w:hyperlink`): `w:t`, `w:tab` and
  `w:ptab` as a tab, `w:br` (line breaks only) and `w:cr` as a newline, `w:noBreakHyphen`
  as "-";
- a table row has one cell per grid column a `w:tc` spans (`w:gridSpan`), and a cell that
  continues a vertical merge (`w:vMerge`) repeats the cell above; a cell's text is its
  paragraphs' joined by newlines.

A DOCTYPE declaration is refused: Word never writes one, and without it no entity can be
declared, so nothing can expand."""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import IO, Any
from xml.parsers import expat

_W = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main}",
    "http://purl.oclc.org/ooxml/wordprocessingml/main}",  # Strict OOXML
)
_DC_TITLE = "http://purl.org/dc/elements/1.1/}title"
_DCTERMS = "http://purl.org/dc/terms/}"
_PIECE = 1 << 16
# Word has at most 63 columns; a larger gridSpan would only repeat a cell that many times.
_MAX_SPAN = 64
# Without a styles part python-docx falls back to its template's styles: the ones that matter.
_TEMPLATE_STYLES = {f"Heading{n}": f"heading {n}" for n in range(1, 10)} | {"Title": "title"}


class DocxXmlError(Exception):
    """The package or one of its parts cannot be read as Word XML."""


class TooLong(Exception):
    """One block (a paragraph or a whole table) holds more than the characters allowed."""


@dataclass(frozen=True)
class Core:
    """docProps/core.xml: title, created and modified (UTC, as python-docx reads them)."""

    title: str = ""
    created: datetime | None = None
    modified: datetime | None = None


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str  # the style's name, lower case ("heading 1"); the default style's without one


@dataclass(frozen=True)
class Table:
    rows: list[list[str]]  # each row's cell texts, a spanned or merged cell repeated


Block = Paragraph | Table


class Package:
    """The parts of an open .docx that hold text: the main document, its styles, the core
    properties, found through the package's relationships."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive
        self._names = {name.lower(): name for name in archive.namelist()}
        rels = self._relationships("", "_rels/.rels")
        document = rels.get("officeDocument") or "word/document.xml"
        if document.lower() not in self._names:
            raise DocxXmlError(f"no main document part ({document})")
        self.document = self._names[document.lower()]
        self.core = rels.get("core-properties", "")
        folder, name = posixpath.split(self.document)
        rels = self._relationships(folder, posixpath.join(folder, "_rels", f"{name}.rels"))
        self.styles = rels.get("styles", "")

    def read_core(self) -> Core:
        if not self._has(self.core):
            return Core()
        texts: dict[str, str] = {}
        done: set[str] = set()  # python-docx reads the first element of each name
        stack: list[str] = []

        def start(name: str, attrs: dict[str, str]) -> None:
            stack.append(name)

        def end(name: str) -> None:
            if len(stack) == 2:
                done.add(name)
            stack.pop()

        def text(data: str) -> None:
            if len(stack) == 2 and stack[1] not in done:
                texts[stack[1]] = texts.get(stack[1], "") + data

        self._parse(self.core, start, end, text)
        return Core(
            title=texts.get(_DC_TITLE, ""),
            created=_w3cdtf(texts.get(_DCTERMS + "created", "")),
            modified=_w3cdtf(texts.get(_DCTERMS + "modified", "")),
        )

    def read_styles(self) -> tuple[dict[str, str], str]:
        """Style names (lower case) by style id, and the default paragraph style's name."""
        if not self._has(self.styles):
            return dict(_TEMPLATE_STYLES), "normal"
        names: dict[str, str] = {}
        defaults: list[str] = []
        depth = 0
        current: dict[str, str] = {}

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal depth, current
            depth += 1
            local = _local(name)
            if depth == 2 and local == "style":
                current = {_local(k): v for k, v in attrs.items()}
                current["name"] = ""
            elif depth == 3 and local == "name" and current.get("name") == "":
                current["name"] = _attr(attrs, "val").lower()

        def end(name: str) -> None:
            nonlocal depth
            if depth == 2 and _local(name) == "style":
                names[current.get("styleId", "")] = current["name"]
                if current.get("type") == "paragraph" and current.get("default") in _ON:
                    defaults.append(current["name"])
            depth -= 1

        self._parse(self.styles, start, end, None)
        return names, defaults[-1] if defaults else ""

    def blocks(self, max_chars: int) -> Iterator[Block]:
        """The body's paragraphs and tables in document order, each as soon as it ends;
        `TooLong` as soon as one holds more than `max_chars` characters."""
        body = _Body(max_chars)
        with self._archive.open(self.document) as member:
            parser = _parser(body.start, body.end, body.text)
            while piece := member.read(_PIECE):
                parser.Parse(piece, False)
                ready, body.ready = body.ready, []
                yield from ready
            parser.Parse(b"", True)
            yield from body.ready

    def _has(self, name: str) -> bool:
        return bool(name) and name.lower() in self._names

    def _relationships(self, folder: str, rels: str) -> dict[str, str]:
        """Targets by relationship type (its last path segment), relative to the root."""
        found: dict[str, str] = {}
        if not self._has(rels):
            return found

        def start(name: str, attrs: dict[str, str]) -> None:
            if _local(name) != "Relationship" or attrs.get("TargetMode") == "External":
                return
            kind = attrs.get("Type", "").rsplit("/", 1)[-1]
            target = attrs.get("Target", "")
            if kind and target and kind not in found:
                joined = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
                found[kind] = posixpath.normpath(joined.lstrip("/"))

        self._parse(rels, start, None, None)
        return found

    def _parse(
        self,
        name: str,
        start: Callable[[str, dict[str, str]], None] | None,
        end: Callable[[str], None] | None,
        text: Callable[[str], None] | None,
    ) -> None:
        with self._archive.open(self._names[name.lower()]) as member:
            _feed(_parser(start, end, text), member)


_ON = frozenset({"1", "true", "on"})


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _attr(attrs: dict[str, str], local: str) -> str:
    for prefix in _W:
        value = attrs.get(prefix + local)
        if value is not None:
            return value
    return ""


def _refuse_doctype(*_: Any) -> None:
    raise DocxXmlError("a DOCTYPE declaration (Word never writes one)")


def _parser(
    start: Callable[[str, dict[str, str]], None] | None,
    end: Callable[[str], None] | None,
    text: Callable[[str], None] | None,
) -> Any:
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    if start is not None:
        parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    return parser


def _feed(parser: Any, member: IO[bytes]) -> None:
    while piece := member.read(_PIECE):
        parser.Parse(piece, False)
    parser.Parse(b"", True)


def _w3cdtf(value: str) -> datetime | None:
    """A W3CDTF date as python-docx reads it: "2003", "2003-12", "2003-12-31" or
    "2003-12-31T10:14:55" and an optional "Z" or "±hh:mm" (turned into UTC)."""
    if not value:
        return None
    head, offset = value[:19], value[19:]
    found = None
    for template in ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            found = datetime.strptime(head, template)
        except ValueError:
            continue
    if found is None:
        return None
    if len(offset) == 6:
        sign, hours, minutes = offset[0], offset[1:3], offset[4:6]
        if sign not in "+-" or offset[3] != ":" or not (hours + minutes).isdigit():
            return None
        shift = timedelta(hours=int(hours), minutes=int(minutes))
        found = found - shift if sign == "+" else found + shift
    return found.replace(tzinfo=UTC)


@dataclass
class _Cell:
    offset: int  # the grid column it starts at
    span: int  # how many it spans (w:gridSpan)
    cells: list[str]  # what it gives the row: its text once per spanned column


class _Body:
    """expat handlers for word/document.xml: collect the body's blocks into `ready`."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.ready: list[Block] = []
        self.stack: list[str] = []  # local names of the open elements ("" outside w:)
        self.chars = 0  # characters of the open block
        # the open paragraph: its depth (0: none), style id, text pieces
        self.p_depth = 0
        self.style: str | None = None
        self.parts: list[str] = []
        self.run_depth = 0
        self.in_text = False
        # the open table (depth 2 when open), row and cell
        self.rows: list[list[str]] | None = None
        self.above: list[_Cell] = []
        self.row: list[_Cell] = []
        self.grid_before = 0
        self.span = 1
        self.merge: str | None = None
        self.cell_paragraphs: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = ""
        for prefix in _W:
            if name.startswith(prefix):
                local = name[len(prefix) :]
                break
        stack = self.stack
        depth = len(stack)
        stack.append(local)
        if self.p_depth:
            self._in_paragraph(local, depth, attrs)
        elif depth == 2 and stack[1] == "body":
            if local == "p":
                self._open_paragraph(depth)
            elif local == "tbl":
                self.rows, self.above, self.chars = [], [], 0
        elif self.rows is not None:
            self._in_table(local, depth, attrs)

    def _in_paragraph(self, local: str, depth: int, attrs: dict[str, str]) -> None:
        p = self.p_depth
        stack = self.stack
        if self.run_depth and depth == self.run_depth + 1:
            if local == "t":
                self.in_text = True
            elif local in ("tab", "ptab"):
                self._add("\t")
            elif local == "br":
                if _attr(attrs, "type") in ("", "textWrapping"):
                    self._add("\n")
            elif local == "cr":
                self._add("\n")
            elif local == "noBreakHyphen":
                self._add("-")
        elif local == "r" and (depth == p + 1 or (depth == p + 2 and stack[p + 1] == "hyperlink")):
            self.run_depth = depth
        elif local == "pStyle" and depth == p + 2 and stack[p + 1] == "pPr" and self.style is None:
            self.style = _attr(attrs, "val")

    def _in_table(self, local: str, depth: int, attrs: dict[str, str]) -> None:
        stack = self.stack
        if depth == 3 and local == "tr":
            self.row, self.grid_before = [], 0
        elif depth == 4 and local == "tc" and stack[3] == "tr":
            self.span, self.merge, self.cell_paragraphs = 1, None, []
        elif depth == 5 and local == "p" and stack[4] == "tc":
            self._open_paragraph(depth)
        elif depth == 5 and local == "gridBefore" and stack[4] == "trPr":
            self.grid_before = _number(_attr(attrs, "val"), 0)
        elif depth == 6 and stack[5] == "tcPr" and stack[4] == "tc":
            if local == "gridSpan":
                self.span = max(1, min(_number(_attr(attrs, "val"), 1), _MAX_SPAN))
            elif local == "vMerge" and self.merge is None:
                self.merge = _attr(attrs, "val") or "continue"

    def _open_paragraph(self, depth: int) -> None:
        self.p_depth, self.style, self.parts, self.run_depth = depth, None, [], 0
        if depth == 2:
            self.chars = 0

    def _add(self, text: str) -> None:
        self.chars += len(text)
        if self.chars > self.max_chars:
            raise TooLong
        self.parts.append(text)

    def text(self, data: str) -> None:
        if self.in_text and len(self.stack) == self.run_depth + 2:
            self._add(data)

    def end(self, name: str) -> None:
        stack = self.stack
        depth = len(stack) - 1
        local = stack.pop()
        if self.in_text and depth == self.run_depth + 1:
            self.in_text = False
        elif depth == self.run_depth:
            self.run_depth = 0
        elif depth == self.p_depth:
            self.p_depth = 0
            text = "".join(self.parts)
            if depth == 2:
                self.ready.append(Paragraph(text, self.style or ""))
            else:
                self.cell_paragraphs.append(text)
        elif self.rows is not None:
            if depth == 4 and local == "tc":
                self._close_cell()
            elif depth == 3 and local == "tr":
                self.rows.append([text for cell in self.row for text in cell.cells])
                self.above = self.row
            elif depth == 2:
                self.ready.append(Table(self.rows))
                self.rows = None

    def _close_cell(self) -> None:
        row = self.row
        offset = row[-1].offset + row[-1].span if row else self.grid_before
        text = "\n".join(self.cell_paragraphs)
        cells = [text] * self.span
        if self.merge == "continue":  # the cell above, as python-docx's `_tc_above`
            cells = next((c.cells for c in self.above if c.offset == offset), cells)
        self.chars += sum(len(cell) for cell in cells) - len(text)
        if self.chars > self.max_chars:
            raise TooLong
        row.append(_Cell(offset, self.span, cells))


def _number(value: str, default: int) -> int:
    return int(value) if value.isdigit() and len(value) < 10 else default
