"""Files and URLs -> `Article`s with clean, quotable text.

Public API::

    load_file(path, *, max_bytes) -> LoadResult
    fetch_url(url, *, timeout, max_bytes, max_feed_items) -> LoadResult
    iter_files(folder) -> Iterator[Path]
    clean_text(raw) -> str
    SUPPORTED_EXTENSIONS, LoadResult, LoadError, Skipped

`LoadResult` carries the articles plus `warnings`: one short sentence per part of a source that
was left out while the rest loaded (a broken line in a .jsonl, a feed item whose page and feed
text both failed, an unreadable PDF page). A source that yields no article at all raises
`LoadError` instead, so "nothing happened" is never silent. Unsupported files raise `Skipped`.
Both messages are short English reasons for an admin. Nothing else escapes for a per-file
problem: library exceptions are caught at the call and turned into `LoadError`.

Sizes: pass `max_bytes = int(MAX_FILE_MB * 1024 * 1024)` (and the same for FETCH_MAX_MB); the
messages convert back and name the setting.

What each format gives (title / text / source / published / url):

- .txt: drops leading scraping residue ("Chờ...", "Loading..."); the first line is the title;
  a standalone date line near the top ("Ngày 08/02/2018", "08/02/2018 10:30", "2018-02-08")
  gives `published` and is dropped; if the file has no blank lines, each line is a paragraph.
- .md/.markdown: YAML-ish front matter (title/date/source/url) if present, else the first
  "# " heading, else the first line; markup removed, links -> text, images dropped, code kept.
- .html/.htm: trafilatura main text (paragraphs kept, boilerplate gone), title, date,
  site name, canonical/og:url; the charset of a <meta> is honoured.
- .json (an object or a list of objects), .jsonl (an object per line): `title`, `text`/`body`/
  `content`, optional `url`, `published`/`date`, `source`, `id`/`pid`.
- .docx: paragraphs and table rows in order; title from the document properties, else a
  Title/Heading style paragraph, else the first paragraph.
- .pdf: text per page, hyphenated and wrapped lines rejoined into paragraphs, page numbers
  dropped; title from the metadata (ignoring "Microsoft Word - x.docx"), else the first line.

`source` is the "(VOH) -" style prefix starting one of the first paragraphs when present (the
prefix stays in the text), else what the format offers (site name, front matter, JSON field,
feed title). `published` is an ISO date or "". Bytes are decoded by `ingest.decode` (UTF-8,
UTF-16, Windows-1258, TCVN3); HTTP lives in `ingest.fetch`.
"""

from __future__ import annotations

import json
import logging
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from ingest import fetch
from ingest.article import Article, article_id
from ingest.decode import DecodeError, decode_text, sniff_html_charset

__all__ = [
    "SUPPORTED_EXTENSIONS",
    "LoadError",
    "LoadResult",
    "Skipped",
    "clean_text",
    "fetch_url",
    "iter_files",
    "load_file",
]

log = logging.getLogger(__name__)

SUPPORTED_EXTENSIONS: frozenset[str] = frozenset(
    {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".docx", ".pdf"}
)
_MIB = 1024 * 1024


class LoadError(Exception):
    """A file or URL could not be turned into articles; the message is the reason."""


class Skipped(Exception):
    """A file that is not meant to be ingested (unsupported extension)."""


@dataclass(frozen=True)
class LoadResult:
    """What one file or URL gave: its articles, and what was left out and why."""

    articles: tuple[Article, ...]
    warnings: tuple[str, ...] = ()


# --- text cleaning -------------------------------------------------------------------------

# Control characters (C0/C1 but tab and newline) and invisible format characters: zero-width
# space/joiners, word joiner, BOM, soft hyphen, bidi marks and embeddings.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
_BLANK_LINES = re.compile(r"\n\s*\n")
_WHITESPACE = re.compile(r"\s+")  # inside a paragraph: newlines, tabs, NBSP, U+2000.. alike


def clean_text(raw: str) -> str:
    """Quotable body text: NFC, plain spaces, no invisible characters, "\\n\\n" paragraphs.

    Lines within a paragraph are joined with a space; a form feed (page break) ends a
    paragraph. Tone-mark conventions are left as they are (matching normalises those
    elsewhere).
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2029", "\n\n").replace("\u2028", "\n").replace("\f", "\n\n")
    # Invisible characters go before NFC: one between a letter and its tone mark blocks
    # composition.
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    paragraphs = (_WHITESPACE.sub(" ", part).strip() for part in _BLANK_LINES.split(text))
    return "\n\n".join(p for p in paragraphs if p)


def _clean_line(raw: str) -> str:
    return clean_text(raw).replace("\n\n", " ")


# --- metadata found in the text ------------------------------------------------------------

_SOURCE_PREFIX = re.compile(r"^\(\s*([^()\n]{1,40}?)\s*\)\s*[-–—:]")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DMY_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
# What may surround a date on a dateline: weekday, "Ngày", a time, a time zone, "cập nhật".
_DATELINE_NOISE = re.compile(
    r"thứ\s+(?:hai|ba|tư|năm|sáu|bảy|\d)|chủ\s+nhật|cập\s+nhật|ngày|lúc|đăng"
    r"|T?\d{1,2}\s*[:h]\s*\d{2}(?:\s*:\s*\d{2})?(?:\.\d+)?(?:Z|\s*[+-]\d{2}:?\d{2})?"
    r"|(?:gmt|utc)\s*[+-]?\s*\d{0,2}|[ap]m",
    re.I,
)
_DATE_SCAN_LINES = 3  # how far down the top of an article metadata is looked for


def source_from_text(text: str) -> str:
    """The publisher named by a "(VOH) - ..." lede, i.e. "VOH"; "" otherwise.

    The lede is looked for in the first few paragraphs: a caption or a stray line sometimes
    comes before it.
    """
    for paragraph in text.split("\n\n", _DATE_SCAN_LINES)[:_DATE_SCAN_LINES]:
        match = _SOURCE_PREFIX.match(paragraph.lstrip())
        if match:
            return match.group(1).strip()
    return ""


def iso_date(value: str) -> str:
    """The first valid ISO or day-first date in `value` as "YYYY-MM-DD", else ""."""
    for pattern, order in ((_ISO_DATE, (1, 2, 3)), (_DMY_DATE, (3, 2, 1))):
        for match in pattern.finditer(value):
            year, month, day = (int(match.group(i)) for i in order)
            try:
                return date(year, month, day).isoformat()
            except ValueError:
                continue
    return ""


def _is_dateline(line: str) -> bool:
    if not iso_date(line):
        return False
    rest = _DATELINE_NOISE.sub(" ", _DMY_DATE.sub(" ", _ISO_DATE.sub(" ", line)))
    return not rest.strip(" \t,.-–—|()/[]")


def _take_dateline(lines: list[str]) -> tuple[str, list[str]]:
    """The published date from the top lines, and the lines without a standalone dateline.

    A line that is only a date is metadata and leaves the text; a date inside a sentence
    ("Ngày 08/02/2018, Thành ủy ...") stays in the text and still dates the article.
    """
    nonblank = [i for i, line in enumerate(lines) if line.strip()][:_DATE_SCAN_LINES]
    for i in nonblank:
        found = iso_date(lines[i])
        if found:
            kept = lines[:i] + lines[i + 1 :] if _is_dateline(lines[i]) else lines
            return found, kept
    return "", lines


def _same_text(a: str, b: str) -> bool:
    return _clean_line(a).casefold().rstrip(".") == _clean_line(b).casefold().rstrip(".")


def _short_title(text: str, limit: int = 80) -> str:
    first = text.split("\n\n", 1)[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


# --- files ---------------------------------------------------------------------------------


def iter_files(folder: Path) -> Iterator[Path]:
    """Every file under `folder`, sorted, skipping hidden files and folders.

    Office lock files ("~$name.docx") are skipped too: they appear while a document is open
    and are not documents.
    """
    if not folder.is_dir():
        raise LoadError(f"not a folder: {folder}")
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [name for name in dirs if not _hidden(name)]
        found.extend(Path(root) / name for name in files if not _hidden(name))
    yield from sorted(found)


def _hidden(name: str) -> bool:
    return name.startswith((".", "~$"))


def load_file(path: Path, *, max_bytes: int) -> LoadResult:
    """The articles in one file (JSON files may hold many). Raises LoadError or Skipped."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        raise Skipped(
            f"skipped: unsupported extension {suffix}" if suffix else "skipped: no extension"
        )
    resolved = path.resolve()
    _check_size(resolved, max_bytes)
    result = _LOADERS[suffix](resolved)
    log.debug("loaded %s: %d article(s)", resolved, len(result.articles))
    return result


def _check_size(path: Path, max_bytes: int) -> None:
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise LoadError("file not found") from exc
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror}") from exc
    if not path.is_file():
        raise LoadError("not a regular file")
    if info.st_size == 0:
        raise LoadError("empty file")
    if info.st_size > max_bytes:
        raise LoadError(
            f"file is {info.st_size / _MIB:.1f} MB, over MAX_FILE_MB={max_bytes / _MIB:g}"
            " (raise it to ingest this file)"
        )


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}") from exc


def _read_text(path: Path) -> str:
    return _decode(_read_bytes(path))


def _decode(data: bytes, *, declared: str | None = None) -> str:
    try:
        text = decode_text(data, declared=declared)
    except DecodeError as exc:
        raise LoadError(str(exc)) from exc
    # The prefix answers for almost every file; only an all-blank one is cleaned in full.
    if not clean_text(text[:4096]) and not clean_text(text):
        raise LoadError("empty file")
    return text


def _file_article(path: Path, **fields: str) -> Article:
    if not fields.get("text"):
        raise LoadError("no article text found")
    location = str(path)
    title = fields.pop("title", "") or _short_title(fields["text"])
    return Article(id=article_id(location), title=title, origin=location, **fields)


def _single(article: Article) -> LoadResult:
    return LoadResult((article,))


def _reason(exc: Exception) -> str:
    """A library exception as a one-line reason; library messages can be long."""
    message = " ".join(str(exc).split())
    reason = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return reason if len(reason) <= 160 else reason[:159] + "…"


# --- .txt ----------------------------------------------------------------------------------

# "Chờ...", "Loading...", "Đang tải…": a placeholder a scraper saved before the page loaded.
_RESIDUE = re.compile(r"^[^\W\d_]+(?:\s+[^\W\d_]+){0,2}\s*(?:\.{2,}|…)$")


def _load_txt(path: Path) -> LoadResult:
    lines = _read_text(path).splitlines()
    start = _skip_residue(lines)
    if start >= len(lines):
        raise LoadError("empty file")
    title = _clean_line(lines[start])
    published, body_lines = _take_dateline(lines[start + 1 :])
    text = clean_text(_txt_paragraphs(body_lines))
    return _single(
        _file_article(
            path, title=title, text=text, source=source_from_text(text), published=published
        )
    )


def _skip_residue(lines: list[str]) -> int:
    i = 0
    while i < len(lines):
        line = _clean_line(lines[i])
        if line and not (len(line) <= 30 and _RESIDUE.match(line)):
            break
        i += 1
    return i


def _txt_paragraphs(lines: list[str]) -> str:
    # Without any blank line, a text file's line breaks are its paragraph breaks.
    body = "\n".join(lines).strip()
    if not _BLANK_LINES.search(body):
        return body.replace("\n", "\n\n")
    return body


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


def _load_md(path: Path) -> LoadResult:
    meta, lines = _front_matter(_read_text(path))
    title, lines = _md_title(lines, meta.get("title", ""))
    body = _md_plain(lines)
    published, body_lines = _take_dateline(body.split("\n"))
    text = clean_text("\n".join(body_lines))
    return _single(
        _file_article(
            path,
            title=title,
            text=text,
            source=source_from_text(text) or meta.get("source", ""),
            published=iso_date(meta.get("published", meta.get("date", ""))) or published,
            url=meta.get("url", ""),
        )
    )


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
            if not given or _same_text(given, text):
                return _clean_line(given or text), lines[:i] + lines[i + 1 :]
            break
    if given:
        return _clean_line(given), lines
    for i, line in enumerate(lines):
        text = _md_inline(_ATX_HEADING.sub(r"\2", line)).strip()
        if text:
            return _clean_line(text), lines[i + 1 :]
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


# --- .html ---------------------------------------------------------------------------------


def _load_html(path: Path) -> LoadResult:
    data = _read_bytes(path)
    html = _decode(data, declared=sniff_html_charset(data))
    return _single(_html_article(html, location=str(path), ident=article_id(str(path))))


def _html_article(html: str, *, location: str, ident: str, page_url: str | None = None) -> Article:
    """Main text and metadata of an HTML document. `page_url` is set for fetched pages."""
    doc = _extract_html(html, page_url)
    paragraphs = [line for line in (doc.get("text") or "").split("\n") if line.strip()]
    title = _clean_line(doc.get("title") or "")
    if paragraphs and title and _same_text(paragraphs[0], title):
        paragraphs = paragraphs[1:]  # the page's <h1> repeats the title
    text = clean_text("\n\n".join(paragraphs))
    if not text:
        raise LoadError("no article text found")
    return Article(
        id=ident,
        title=title or _short_title(text),
        text=text,
        origin=location,
        source=source_from_text(text) or _clean_line(doc.get("sitename") or ""),
        published=iso_date(doc.get("date") or ""),
        url=page_url or _clean_line(doc.get("url") or ""),
    )


def _extract_html(html: str, url: str | None) -> dict[str, Any]:
    import trafilatura  # heavy (lxml, htmldate, courlan): load on first HTML, not at import

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            # "Please enable JavaScript" is not the article a script-built page would show.
            prune_xpath="//noscript",
        )
        if doc is None or isinstance(doc, dict):
            fields: dict[str, Any] = doc or {}
        else:
            fields = doc.as_dict()
    except Exception as exc:  # lxml and trafilatura raise many types on broken markup
        log.debug("trafilatura failed", exc_info=True)
        raise LoadError(f"HTML could not be parsed: {_reason(exc)}") from exc
    if not (fields.get("text") or "").strip():
        raise LoadError("no article text found")
    return fields


def _fragment_text(fragment: str) -> str:
    """Plain text of a small HTML fragment (a feed item's content), paragraphs kept."""
    if "<" not in fragment:
        return clean_text(fragment)
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in root.xpath(".//script|.//style"):
        element.drop_tree()
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "blockquote", "tr"):
        element.text = "\n\n" + (element.text or "")
        element.tail = "\n\n" + (element.tail or "")
    return clean_text(root.text_content())


# --- .json / .jsonl ------------------------------------------------------------------------

_TEXT_KEYS = ("text", "body", "content")
_ID_KEYS = ("id", "pid")


class _BadRecord(ValueError):
    pass


def _load_json(path: Path) -> LoadResult:
    text = _read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise LoadError("JSON must be an object or a list of objects")
    return _records(path, ((f"index-{i}", f"item {i}", record) for i, record in enumerate(data)))


def _load_jsonl(path: Path) -> LoadResult:
    return _records(path, _jsonl_records(_read_text(path)))


def _jsonl_records(text: str) -> Iterator[tuple[str, str, object]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record: object = json.loads(line)
        except json.JSONDecodeError as exc:
            record = _BadRecord(f"invalid JSON: {exc.msg} at column {exc.colno}")
        yield f"line-{number}", f"line {number}", record


def _records(path: Path, records: Iterable[tuple[str, str, object]]) -> LoadResult:
    """Articles from (position key, position label, record); bad records become warnings."""
    articles: list[Article] = []
    warnings: list[str] = []
    seen: set[str] = set()
    for position, label, record in records:
        try:
            article = _record_article(path, record, position)
            if article.id in seen:
                key = article.origin[len(str(path)) + 1 :]
                raise _BadRecord(f"duplicate id or url {key!r}; kept the first")
        except _BadRecord as exc:
            warnings.append(f"{label}: {exc}")
            continue
        seen.add(article.id)
        articles.append(article)
    if not articles:
        reasons = "; ".join(warnings[:3]) or "no records"
        raise LoadError(f"no article text found ({reasons})")
    return LoadResult(tuple(articles), tuple(warnings))


def _record_article(path: Path, record: object, position: str) -> Article:
    if isinstance(record, _BadRecord):
        raise record
    if not isinstance(record, dict):
        raise _BadRecord(f"expected an object, got {type(record).__name__}")
    text = clean_text(_field(record, _TEXT_KEYS))
    if not text:
        raise _BadRecord("no text (expected a 'text' or 'body' field)")
    url = _field(record, ("url", "link")).strip()
    key = _field(record, _ID_KEYS).strip() or url or position
    location = f"{path}#{key}"
    return Article(
        id=article_id(location),
        title=_clean_line(_field(record, ("title",))) or _short_title(text),
        text=text,
        origin=location,
        source=source_from_text(text) or _clean_line(_field(record, ("source",))),
        published=iso_date(_field(record, ("published", "date"))),
        url=url,
    )


def _field(record: dict[str, object], keys: tuple[str, ...]) -> str:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)  # numeric ids are common in exports
    return ""


# --- .docx ---------------------------------------------------------------------------------

_TITLE_STYLES = frozenset({"title", "heading 1"})


def _load_docx(path: Path) -> LoadResult:
    blocks, core_title = _docx_blocks(path)
    title, blocks = _docx_title(blocks, core_title)
    published, lines = _take_dateline([text for text, _ in blocks])
    text = clean_text("\n\n".join(lines))
    return _single(
        _file_article(
            path, title=title, text=text, source=source_from_text(text), published=published
        )
    )


def _docx_blocks(path: Path) -> tuple[list[tuple[str, str]], str]:
    """(text, style name) for each paragraph and table row in document order, and the
    title from the document properties."""
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
    except Exception as exc:  # python-docx raises many types on damaged or non-Word files
        log.debug("python-docx failed", exc_info=True)
        raise LoadError(f"DOCX is damaged or not a Word file: {_reason(exc)}") from exc
    return [(text, style) for text, style in blocks if text.strip()], core_title


def _table_row(row: Any) -> str:
    cells: list[str] = []
    for cell in row.cells:
        text = _clean_line(cell.text)
        if text and (not cells or cells[-1] != text):  # merged cells repeat their text
            cells.append(text)
    return " | ".join(cells)


def _docx_title(
    blocks: list[tuple[str, str]], core_title: str
) -> tuple[str, list[tuple[str, str]]]:
    core_title = _clean_line(core_title)
    head = blocks[:3]
    for i, (text, style) in enumerate(head):
        if (core_title and _same_text(text, core_title)) or (
            not core_title and style in _TITLE_STYLES
        ):
            return core_title or _clean_line(text), blocks[:i] + blocks[i + 1 :]
    if core_title:
        return core_title, blocks
    if blocks:
        return _clean_line(blocks[0][0]), blocks[1:]
    return "", blocks


# --- .pdf ----------------------------------------------------------------------------------

# "3", "- 3 -", "Trang 3", "Page 3 of 10", "3/10": page furniture, not text.
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:trang|page)?\s*\d{1,4}(?:\s*(?:/|of|trên)\s*\d{1,4})?(?:\s*[-–—])?$",
    re.I,
)
_SENTENCE_END = (".", "!", "?", ":", ";", "…", '"', "”", ")", "»")
_JUNK_PDF_TITLES = re.compile(r"^(?:untitled|microsoft word\b.*|.*\.(?:docx?|pdf|odt|rtf))$", re.I)


def _load_pdf(path: Path) -> LoadResult:
    _check_pdf_complete(path)
    reader = _pdf_reader(path)
    pages, warnings = _pdf_pages(reader)
    paragraphs = _join_pages([_page_paragraphs(page) for page in pages])
    if not paragraphs:
        raise LoadError("no text in PDF (a scanned PDF needs OCR first)")
    title = _pdf_meta_title(reader)
    if not title or _same_text(paragraphs[0], title):
        title, paragraphs = _clean_line(paragraphs[0]), paragraphs[1:]
    published, paragraphs = _take_dateline(paragraphs)
    text = clean_text("\n\n".join(paragraphs))
    article = _file_article(
        path, title=title, text=text, source=source_from_text(text), published=published
    )
    return LoadResult((article,), tuple(warnings))


def _check_pdf_complete(path: Path) -> None:
    # pypdf quietly recovers what it can from a truncated file; half an article is worse
    # than a clear error, so insist on the end-of-file marker.
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 8192))
        tail = handle.read()
    if b"%%EOF" not in tail:
        raise LoadError("PDF is damaged: truncated (no %%EOF marker); download or export it again")


def _pdf_reader(path: Path) -> Any:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise LoadError("PDF is encrypted and needs a password; save an unprotected copy")
        len(reader.pages)  # reads the page tree now, so damage shows up here
    except LoadError:
        raise
    except DependencyError as exc:
        # AES-encrypted PDFs (often only "protected" against editing) need `cryptography`.
        raise LoadError(f"PDF is encrypted with a method pypdf cannot open here: {exc}") from exc
    except Exception as exc:  # pypdf raises many types on damaged files
        log.debug("pypdf failed", exc_info=True)
        raise LoadError(f"PDF is damaged: {_reason(exc)}") from exc
    return reader


def _pdf_meta_title(reader: Any) -> str:
    try:
        raw = (reader.metadata or {}).get("/Title") or ""
    except Exception:  # a broken Info dictionary should not sink a readable PDF
        log.debug("PDF metadata unreadable", exc_info=True)
        return ""
    title = _clean_line(str(raw))
    return "" if _JUNK_PDF_TITLES.match(title) else title


def _pdf_pages(reader: Any) -> tuple[list[str], list[str]]:
    pages: list[str] = []
    warnings: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            pages.append(page.extract_text() or "")
        except Exception as exc:  # one bad page should not lose the others
            log.debug("PDF page %d failed", number, exc_info=True)
            warnings.append(f"page {number}: text could not be extracted ({_reason(exc)})")
    return pages, warnings


def _page_paragraphs(page_text: str) -> list[str]:
    """Rejoin a page's wrapped lines into paragraphs.

    PDF text has a line break at every visual line end. A break is a paragraph end when the
    line is blank, or ends a sentence well short of the full line width, or is a short
    heading-like line before a capitalised one; otherwise the lines are joined, removing a
    hyphen that split a word.
    """
    lines = [_clean_line(line) for line in page_text.splitlines()]
    lines = [line if not _PAGE_NUMBER.match(line) else "" for line in lines]
    widths = sorted(len(line) for line in lines if line)
    if not widths:
        return []
    full = widths[int(0.9 * (len(widths) - 1))]
    paragraphs: list[str] = []
    current = ""
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        current = _join_wrapped(current, line)
        if _ends_paragraph(line, following, full):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _join_wrapped(current: str, line: str) -> str:
    if not current:
        return line
    if current.endswith("-") and current[-2:-1].isalpha() and line[:1].islower():
        return current[:-1] + line
    return f"{current} {line}"


def _ends_paragraph(line: str, following: str, full: int) -> bool:
    if not following:
        return False
    if len(line) < 0.85 * full and line.endswith(_SENTENCE_END):
        return True
    # Wrapped lines run to the margin; a much shorter one is a heading or a forced break,
    # unless the next line visibly carries on the sentence.
    return len(line) < 0.6 * full and not line.endswith((",", "-")) and not following[:1].islower()


def _join_pages(pages: list[list[str]]) -> list[str]:
    # A paragraph that does not end a sentence at the foot of a page continues on the next.
    paragraphs: list[str] = []
    for page in pages:
        if paragraphs and page and not paragraphs[-1].endswith(_SENTENCE_END):
            paragraphs[-1] = _join_wrapped(paragraphs[-1], page[0])
            page = page[1:]
        paragraphs.extend(page)
    return paragraphs


_LOADERS: dict[str, Callable[[Path], LoadResult]] = {
    ".txt": _load_txt,
    ".md": _load_md,
    ".markdown": _load_md,
    ".html": _load_html,
    ".htm": _load_html,
    ".json": _load_json,
    ".jsonl": _load_jsonl,
    ".docx": _load_docx,
    ".pdf": _load_pdf,
}


# --- URLs ----------------------------------------------------------------------------------


def fetch_url(url: str, *, timeout: float, max_bytes: int, max_feed_items: int) -> LoadResult:
    """An article page, or each item of an RSS/Atom feed (at most `max_feed_items`).

    A feed item's page is fetched; when that fails, the feed's own content or summary for the
    item is used instead (with a warning), and when that is empty too the item is a warning.
    """
    url = url.strip()
    try:
        with fetch.http_client(timeout=timeout) as client:
            page = fetch.get(client, url, timeout=timeout, max_bytes=max_bytes)
            if fetch.is_feed(page):
                return _feed_articles(client, page, timeout, max_bytes, max_feed_items)
            return _single(_page_article(page))
    except fetch.FetchError as exc:
        raise LoadError(str(exc)) from exc


def _page_article(page: fetch.Page) -> Article:
    declared = page.charset or sniff_html_charset(page.body)
    html = _decode(page.body, declared=declared)
    return _html_article(
        html, location=page.url, ident=article_id(fetch.normalise_url(page.url)), page_url=page.url
    )


def _feed_articles(
    client: httpx.Client, page: fetch.Page, timeout: float, max_bytes: int, limit: int
) -> LoadResult:
    feed = fetch.parse_feed(page.body, base_url=page.final_url)
    articles: list[Article] = []
    warnings: list[str] = []
    seen: set[str] = set()
    for item in feed.items[:limit]:
        label = f"item {item.link or item.key}"
        try:
            article, warning = _feed_item_article(client, page, feed, item, timeout, max_bytes)
        except LoadError as exc:
            warnings.append(f"{label}: {exc}")
            continue
        if warning:
            warnings.append(f"{label}: {warning}")
        if article.id not in seen:
            seen.add(article.id)
            articles.append(article)
    if not articles:
        raise LoadError(f"no article could be read from the feed ({'; '.join(warnings[:3])})")
    return LoadResult(tuple(articles), tuple(warnings))


def _feed_item_article(
    client: httpx.Client,
    feed_page: fetch.Page,
    feed: fetch.Feed,
    item: fetch.FeedItem,
    timeout: float,
    max_bytes: int,
) -> tuple[Article, str]:
    """The item's article and a warning ("" if none); LoadError when there is no text."""
    failure = "the item has no link"
    if item.link:
        try:
            page = fetch.get(client, item.link, timeout=timeout, max_bytes=max_bytes)
            if fetch.is_feed(page):
                raise LoadError("link points to a feed, not an article")
            article = _page_article(page)
            return _with_item_metadata(article, item, feed), ""
        except (fetch.FetchError, LoadError) as exc:
            failure = f"page failed ({exc})"
    text = _fragment_text(item.content)
    if not text:
        raise LoadError(f"{failure} and the feed has no text for it")
    location = item.link or f"{feed_page.url}#{item.key}"
    ident = fetch.normalise_url(item.link) if item.link else location
    article = Article(
        id=article_id(ident),
        title=_clean_line(item.title) or _short_title(text),
        text=text,
        origin=location,
        source=source_from_text(text) or _clean_line(feed.title),
        published=item.published,
        url=item.link,
    )
    return article, f"{failure}; used the feed's own text"


def _with_item_metadata(article: Article, item: fetch.FeedItem, feed: fetch.Feed) -> Article:
    # The feed's title and date are the publisher's own metadata; the page's are guesses.
    return replace(
        article,
        title=_clean_line(item.title) or article.title,
        published=item.published or article.published,
        source=article.source or _clean_line(feed.title),
    )
