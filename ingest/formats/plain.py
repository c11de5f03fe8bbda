""".txt files."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.formats.common import (
    BLANK_LINES,
    LoadError,
    LoadResult,
    clean_line,
    clean_text,
    file_article,
    read_text,
    single,
    source_from_text,
    take_dateline,
)

# --- .txt ----------------------------------------------------------------------------------

# "Chờ...", "Loading...", "Đang tải…": a placeholder a scraper saved before the page loaded.
_RESIDUE = re.compile(r"^[^\W\d_]+(?:\s+[^\W\d_]+){0,2}\s*(?:\.{2,}|…)$")


def load_txt(path: Path) -> LoadResult:
    lines = read_text(path).splitlines()
    start = _skip_residue(lines)
    if start >= len(lines):
        raise LoadError("empty file")
    title = clean_line(lines[start])
    found, body_lines = take_dateline(lines[start + 1 :])
    text = clean_text(_txt_paragraphs(body_lines))
    return single(file_article(path, found, title=title, text=text, source=source_from_text(text)))


def _skip_residue(lines: list[str]) -> int:
    i = 0
    while i < len(lines):
        line = clean_line(lines[i])
        if line and not (len(line) <= 30 and _RESIDUE.match(line)):
            break
        i += 1
    return i


def _txt_paragraphs(lines: list[str]) -> str:
    # Without any blank line, a text file's line breaks are its paragraph breaks.
    body = "\n".join(lines).strip()
    if not BLANK_LINES.search(body):
        return body.replace("\n", "\n\n")
    return body
