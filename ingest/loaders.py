"""Files and URLs -> `Article`s with clean, quotable text.

Public API::

    load_file(path, *, max_bytes) -> LoadResult
    fetch_url(url, *, timeout, max_bytes, max_feed_items, allow_hosts=()) -> LoadResult
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
- .png/.jpg/.jpeg/.tif/.tiff: text read by OCR (`ingest.ocr`, Tesseract `vie`), a page per
  TIFF frame, marked `ocr_pages`; title from the first paragraph.
- .pdf: text per page, hyphenated and wrapped lines rejoined into paragraphs, page numbers
  dropped; title from the metadata (ignoring "Microsoft Word - x.docx"), else the first line.

`source` is the "(VOH) -" style prefix starting one of the first paragraphs when present (the
prefix stays in the text), else what the format offers (site name, front matter, JSON field,
feed title). Bytes are decoded by `ingest.decode` (UTF-8, UTF-16, Windows-1258, TCVN3); HTTP
lives in `ingest.fetch`.

`published` is ISO at the precision found ("2018-02-08", "2018-02", "2018") or "" when no
date could be found (never made up); `published_precision` says which ("day", "month",
"year") and `published_source` where it came from. Each format tries, most trusted first:
the metadata it has (HTML <meta>/itemprop, JSON-LD, <time>; the feed entry; a JSON field;
front matter; a date line at the top), the URL, the lede ("Sáng 8/2, ..." with the year of
the URL, the path or the text), then weaker hints (Word "created", then "modified"; PDF
CreationDate; the file's name or folders; trafilatura's guess for HTML). The parsing is
`ingest.dates` (pure functions). A date the admin set beside the file (`<file>.date`, or a
folder's `dates.toml`: `ingest.sidecar`) replaces whatever was found, source "sidecar".

This module dispatches by extension, checks sizes and turns fetch errors into `LoadError`;
each format's code lives in `ingest.formats` (one module per format, shared helpers in
`ingest.formats.common`, pages and feeds in `ingest.formats.web`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ingest import fetch, sidecar
from ingest.formats.common import (
    DEFAULT_LIMITS,
    Limits,
    LoadError,
    LoadResult,
    Skipped,
    clean_text,
    single,
)
from ingest.formats.common import iso_date as iso_date  # public helpers, re-exported as before
from ingest.formats.common import source_from_text as source_from_text
from ingest.formats.html import load_html
from ingest.formats.image import IMAGE_EXTENSIONS, load_image
from ingest.formats.markdown import load_md
from ingest.formats.pdf import load_pdf
from ingest.formats.plain import load_txt
from ingest.formats.records import load_json, load_jsonl
from ingest.formats.web import feed_articles, page_article
from ingest.formats.word import load_docx

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
    | IMAGE_EXTENSIONS
)
_MIB = 1024 * 1024


# --- files ---------------------------------------------------------------------------------


def iter_files(folder: Path) -> Iterator[Path]:
    """Every file under `folder`, sorted, skipping hidden files and folders.

    Office lock files ("~$name.docx") are skipped too: they appear while a document is open
    and are not documents; so are the admin's date files (`ingest.sidecar`).
    """
    if not folder.is_dir():
        raise LoadError(f"not a folder: {folder}")
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [name for name in dirs if not _hidden(name)]
        found.extend(
            Path(root) / name
            for name in files
            if not _hidden(name) and not sidecar.is_sidecar(Path(name))
        )
    yield from sorted(found)


def _hidden(name: str) -> bool:
    return name.startswith((".", "~$"))


def load_file(path: Path, *, max_bytes: int, limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    """The articles in one file (JSON files may hold many). Raises LoadError or Skipped.
    `limits`: the caps per file (`Limits.from_settings`); an article over
    MAX_ARTICLE_CHARS is refused with the reason."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        raise Skipped(
            f"skipped: unsupported extension {suffix}" if suffix else "skipped: no extension"
        )
    resolved = path.resolve()
    _check_size(resolved, max_bytes)
    try:
        limited = _LIMITED_LOADERS.get(suffix)
        result = limited(resolved, limits) if limited else _LOADERS[suffix](resolved)
    except RecursionError as exc:  # a library parser on deeply nested input
        raise LoadError("nested too deeply to read") from exc
    result = limits.within(result)
    articles, warning = sidecar.with_admin_date(resolved, result.articles)
    result = LoadResult(articles, result.warnings + ((warning,) if warning else ()))
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


_LOADERS: dict[str, Callable[[Path], LoadResult]] = {
    ".txt": load_txt,
    ".md": load_md,
    ".markdown": load_md,
    ".html": load_html,
    ".htm": load_html,
    ".json": load_json,
    ".jsonl": load_jsonl,
    ".docx": load_docx,
    ".pdf": load_pdf,
}
# Loaders that take the caps per file (`Limits`) themselves.
_LIMITED_LOADERS: dict[str, Callable[[Path, Limits], LoadResult]] = {
    ".json": load_json,
    ".jsonl": load_jsonl,
    ".docx": load_docx,
    ".pdf": load_pdf,
    **dict.fromkeys(IMAGE_EXTENSIONS, load_image),
}


# --- URLs ----------------------------------------------------------------------------------


def fetch_url(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    max_feed_items: int,
    allow_hosts: Iterable[str] = (),
) -> LoadResult:
    """An article page, or each item of an RSS/Atom feed (at most `max_feed_items`).

    Every fetch (the URL, its redirects, each item's page) follows `ingest.fetch`'s policy:
    internal addresses are refused unless `allow_hosts` (FETCH_ALLOW_HOSTS) names them.
    A feed item's page is fetched; when that fails, the feed's own content or summary for the
    item is used instead (with a warning), and when that is empty too the item is a warning.
    Any failure of this URL is a LoadError, never another exception.
    """
    url = url.strip()
    try:
        with fetch.http_client(timeout=timeout, allow_hosts=allow_hosts) as client:
            page = fetch.get(client, url, timeout=timeout, max_bytes=max_bytes)
            if fetch.is_feed(page):
                return feed_articles(client, page, timeout, max_bytes, max_feed_items)
            return single(page_article(page))
    except fetch.FetchError as exc:
        raise LoadError(str(exc)) from exc
    except LoadError:
        raise
    except Exception as exc:  # a bad URL or page costs this source only
        log.exception("fetching %s failed", url)
        raise LoadError(f"unexpected {type(exc).__name__}: {exc}") from exc
