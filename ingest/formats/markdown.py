""".md / .markdown files. "#" headings are kept as the article's heading path."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ingest.dates import first, parse_date
from ingest.formats.common import (
    LoadResult,
    absolute_url,
    clean_line,
    clean_text,
    file_article,
    read_text,
    same_text,
    single,
    source_from_text,
    take_dateline,
)
from ingest.layout import heading_offsets

# --- .md -----------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_ATX_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_RULE = re.compile(r"^\s{0,3}(?:(?:[-*_]\s*){3,}|=+\s*)$")
_REF_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]\s+|(\d{1,3}[.)])\s+)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_INLINE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]", ""),  # images
        (r"\[([^\]]+)\]\([^)]*\)", r"\1"),  # inline links
        (r"\[([^\]]+)\]\[[^\]]*\]", r"\1"),  # reference links
        (r"<(https?://[^>\s]+)>", r"\1"),  # autolinks
        (r"</?[A-Za-z][^>\n]*>", ""),  # inline HTML tags
        (r"`([^`]+)`", r"\1"),  # code spans
        (r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2"),  # strong
        (r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"\1"),  # emphasis
        (r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)", r"\1"),  # emphasis
        (r"~~(.+?)~~", r"\1"),  # strikethrough
        (r"\\([\\`*_{}\[\]()#+\-.!>|])", r"\1"),  # escapes
    )
)


def load_md(path: Path) -> LoadResult:
    meta, lines = _front_matter(read_text(path))
    title, lines = _md_title(lines, meta.get("title", ""))
    body = _md_plain(lines)
    dateline, body_lines = take_dateline(body.split("\n"))
    text = clean_text("\n".join(body_lines))
    stated = parse_date(meta.get("published", meta.get("date", "")), "front-matter")
    article = file_article(
        path,
        first(stated, dateline),
        title=title,
        text=text,
        source=source_from_text(text) or meta.get("source", ""),
        # only an absolute http(s) URL becomes the citation's link
        url=absolute_url(meta.get("url", "")),
    )
    return single(replace(article, headings=heading_offsets(text, _md_headings(lines))))


def _md_headings(lines: list[str]) -> list[tuple[str, int]]:
    """(text, level) of the "#" headings outside code fences, in order."""
    out: list[tuple[str, int]] = []
    in_fence = False
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and (heading := _ATX_HEADING.match(line)):
            out.append((_md_inline(heading.group(2)), len(heading.group(1))))
    return out


def _front_matter(text: str) -> tuple[dict[str, str], list[str]]:
    match = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        return {}, text.splitlines()
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, text[match.end() :].splitlines()


def _md_title(lines: list[str], given: str) -> tuple[str, list[str]]:
    """Title from front matter, else the first "# " heading, else the first line; the title
    line leaves the body."""
    for i, line in enumerate(lines):
        heading = _ATX_HEADING.match(line)
        if heading and len(heading.group(1)) == 1:
            text = _md_inline(heading.group(2))
            if not given or same_text(given, text):
                return clean_line(given or text), lines[:i] + lines[i + 1 :]
            break
    if given:
        return clean_line(given), lines
    for i, line in enumerate(lines):
        text = _md_inline(_ATX_HEADING.sub(r"\2", line)).strip()
        if text:
            return clean_line(text), lines[i + 1 :]
    return "", lines


def _md_plain(lines: list[str]) -> str:
    """Markdown -> plain text with blank lines between paragraphs."""
    out: list[str] = []
    in_fence = False
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append("")
        elif in_fence:
            out.append(line)  # code is kept as text, untouched
        else:
            out.extend(_md_block_line(line))
    return "\n".join(out)


def _md_block_line(line: str) -> list[str]:
    if _RULE.match(line) or _REF_DEFINITION.match(line) or _TABLE_RULE.match(line):
        return [""]
    line = re.sub(r"^\s{0,3}(?:>\s?)+", "", line)
    heading = _ATX_HEADING.match(line)
    if heading:
        return ["", _md_inline(heading.group(2)), ""]  # a heading is its own paragraph
    item = _LIST_ITEM.match(line)
    if item:
        number = f"{item.group(1)} " if item.group(1) else ""
        return ["", number + _md_inline(line[item.end() :])]  # each item its own paragraph
    if line.lstrip().startswith("|"):
        return ["", _md_inline(line.strip().strip("|").strip())]  # table row
    return [_md_inline(line)]


def _md_inline(text: str) -> str:
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return text
