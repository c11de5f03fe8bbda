""".docx files, their XML streamed by `docx_xml` (python-docx's reading, without its
whole-document tree). Named so as not to shadow the `docx` library.

Headings ("Heading 1".."Heading 9" styles) are kept as the article's heading path, and a
table's rows come out one per paragraph with each cell under its column's header
("Chỉ tiêu: Sản lượng điện | Năm 2024: 5,1 tỷ kWh"), so that a row read alone (a chunk, a
quoted passage) still says what its numbers are."""

from __future__ import annotations

import logging
import re
import zipfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from ingest.dates import FoundDate, make
from ingest.formats import docx_xml
from ingest.formats.common import (
    DEFAULT_LIMITS,
    Limits,
    LoadError,
    LoadResult,
    clean_line,
    clean_text,
    file_article,
    reason,
    same_text,
    single,
    source_from_text,
    table_rows,
    take_dateline,
)
from ingest.layout import heading_offsets

log = logging.getLogger(__name__)


# --- .docx ---------------------------------------------------------------------------------

_TITLE_STYLES = frozenset({"title", "heading 1"})


def load_docx(path: Path, limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    _check_zip(path, limits)
    blocks, core_title, properties = _docx_blocks(path, limits.max_article_chars)
    title, blocks = _docx_title(blocks, core_title)
    dateline, lines = take_dateline([text for text, _ in blocks])
    text = clean_text("\n\n".join(lines))
    article = file_article(
        path, dateline, properties, title=title, text=text, source=source_from_text(text)
    )
    headings = [(line, level) for line, style in blocks if (level := _heading_level(style))]
    return single(replace(article, headings=heading_offsets(text, headings)))


_HEADING_STYLE = re.compile(r"^heading ([1-9])$")


def _heading_level(style: str) -> int:
    match = _HEADING_STYLE.match(style)
    return int(match.group(1)) if match else 0


def _property_date(core: docx_xml.Core) -> FoundDate | None:
    """The document's "created" date; "modified" only without one (it is often just the
    last save, or the day the file was copied)."""
    for value, source in ((core.created, "docx-properties"), (core.modified, "docx-modified")):
        if isinstance(value, datetime):
            found = make(value.year, value.month, value.day)
            if found is not None:
                return found.from_source(source)
    return None


def _check_zip(path: Path, limits: Limits) -> None:
    """Refuse a .docx whose zip holds more entries than DOCX_MAX_ENTRIES or unpacks to
    more than DOCX_MAX_UNCOMPRESSED_MB, as declared or as actually inflated (read in
    1 MiB pieces and counted, so a bomb costs at most a piece of memory)."""
    cap = limits.docx_max_bytes
    too_big = f"DOCX unpacks to over {cap / 2**20:g} MB, over DOCX_MAX_UNCOMPRESSED_MB"
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > limits.docx_max_entries:
                raise LoadError(
                    f"DOCX holds {len(entries):,} zip entries, over"
                    f" DOCX_MAX_ENTRIES={limits.docx_max_entries:,}"
                )
            declared = sum(info.file_size for info in entries)
            if declared > cap:
                raise LoadError(f"{too_big} (declares {declared / 2**20:,.0f} MB)")
            total = 0
            for info in entries:
                with archive.open(info) as member:
                    while piece := member.read(1 << 20):
                        total += len(piece)
                        if total > cap:
                            raise LoadError(f"{too_big} (inflated past it)")
    except LoadError:
        raise
    except Exception as exc:  # BadZipFile, zlib.error, NotImplementedError (compression)
        raise LoadError(f"DOCX is damaged or not a Word file: {reason(exc)}") from exc


def _docx_blocks(path: Path, max_chars: int) -> tuple[list[tuple[str, str]], str, FoundDate | None]:
    """(text, style name) for each paragraph and table row in document order, and the
    title and date from the document properties. The XML is streamed (`docx_xml`): past
    `max_chars` of text the file is refused at once (MAX_ARTICLE_CHARS), not read on."""
    too_long = LoadError(
        f"article is over {max_chars:,} characters, over MAX_ARTICLE_CHARS"
        " (split the file or raise the setting)"
    )
    blocks: list[tuple[str, str]] = []
    try:
        with zipfile.ZipFile(path) as archive:
            package = docx_xml.Package(archive)
            core = package.read_core()
            styles, default = package.read_styles()
            chars = 0
            for block in package.blocks(max_chars):
                counted = len(blocks)
                if isinstance(block, docx_xml.Table):
                    blocks.extend((row, "") for row in table_rows(block.rows))
                else:
                    style = styles.get(block.style, default) if block.style else default
                    blocks.append((block.text, style))
                # each kept block is joined to the next by a blank line
                chars += sum(len(text) + 2 for text, _ in blocks[counted:] if text.strip())
                if chars > max_chars + 2:
                    raise too_long
    except docx_xml.TooLong:
        raise too_long from None
    except LoadError:
        raise
    except Exception as exc:  # zipfile, expat, DocxXmlError on damaged or non-Word files
        log.debug("reading the .docx XML failed", exc_info=True)
        raise LoadError(f"DOCX is damaged or not a Word file: {reason(exc)}") from exc
    kept = [(text, style) for text, style in blocks if text.strip()]
    return kept, core.title, _property_date(core)


def _docx_title(
    blocks: list[tuple[str, str]], core_title: str
) -> tuple[str, list[tuple[str, str]]]:
    core_title = clean_line(core_title)
    head = blocks[:3]
    for i, (text, style) in enumerate(head):
        if (core_title and same_text(text, core_title)) or (
            not core_title and style in _TITLE_STYLES
        ):
            return core_title or clean_line(text), blocks[:i] + blocks[i + 1 :]
    if core_title:
        return core_title, blocks
    if blocks:
        return clean_line(blocks[0][0]), blocks[1:]
    return "", blocks
