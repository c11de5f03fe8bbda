""".docx files (python-docx). Named so as not to shadow the `docx` library."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from ingest.dates import FoundDate, make
from ingest.formats.common import (
    LoadError,
    LoadResult,
    clean_line,
    clean_text,
    file_article,
    reason,
    same_text,
    single,
    source_from_text,
    take_dateline,
)

log = logging.getLogger(__name__)


# --- .docx ---------------------------------------------------------------------------------

_TITLE_STYLES = frozenset({"title", "heading 1"})


def load_docx(path: Path) -> LoadResult:
    blocks, core_title, properties = _docx_blocks(path)
    title, blocks = _docx_title(blocks, core_title)
    dateline, lines = take_dateline([text for text, _ in blocks])
    text = clean_text("\n\n".join(lines))
    return single(
        file_article(
            path, dateline, properties, title=title, text=text, source=source_from_text(text)
        )
    )


def _property_date(core: Any) -> FoundDate | None:
    """The document's "created" date; "modified" only without one (it is often just the
    last save, or the day the file was copied)."""
    for name, source in (("created", "docx-properties"), ("modified", "docx-modified")):
        value = getattr(core, name, None)
        if isinstance(value, datetime):
            found = make(value.year, value.month, value.day)
            if found is not None:
                return found.from_source(source)
    return None


def _docx_blocks(path: Path) -> tuple[list[tuple[str, str]], str, FoundDate | None]:
    """(text, style name) for each paragraph and table row in document order, and the
    title and date from the document properties."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
        blocks: list[tuple[str, str]] = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                blocks.extend((_table_row(row), "") for row in item.rows)
            else:
                style = item.style.name if item.style is not None else ""
                blocks.append((item.text, (style or "").lower()))
        core_title = document.core_properties.title or ""
        properties = _property_date(document.core_properties)
    except Exception as exc:  # python-docx raises many types on damaged or non-Word files
        log.debug("python-docx failed", exc_info=True)
        raise LoadError(f"DOCX is damaged or not a Word file: {reason(exc)}") from exc
    return [(text, style) for text, style in blocks if text.strip()], core_title, properties


def _table_row(row: Any) -> str:
    cells: list[str] = []
    for cell in row.cells:
        text = clean_line(cell.text)
        if text and (not cells or cells[-1] != text):  # merged cells repeat their text
            cells.append(text)
    return " | ".join(cells)


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
