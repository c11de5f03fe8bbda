""".pdf files (pypdf): text per page, wrapped lines rejoined into paragraphs; the article
keeps where each page starts (`Article.pages`), so a chunk can say "trang 12"."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from ingest.dates import FoundDate, pdf_date
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
    source_from_text,
    take_dateline,
)
from ingest.formats.image import ocr_scanned_pages
from ingest.formats.pdf_tables import RunPositions, page_text
from ingest.layout import page_starts
from ingest.legal import is_heading, starts_item

log = logging.getLogger(__name__)


# --- .pdf ----------------------------------------------------------------------------------

# "3", "- 3 -", "Trang 3", "Page 3 of 10", "3/10": page furniture, not text.
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:trang|page)?\s*\d{1,4}(?:\s*(?:/|of|trên)\s*\d{1,4})?(?:\s*[-–—])?$",
    re.I,
)
_SENTENCE_END = (".", "!", "?", ":", ";", "…", '"', "”", ")", "»")
_JUNK_PDF_TITLES = re.compile(r"^(?:untitled|microsoft word\b.*|.*\.(?:docx?|pdf|odt|rtf))$", re.I)


def load_pdf(path: Path, limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    _check_pdf_complete(path)
    reader = _pdf_reader(path)
    pages, plains, rows, warnings = _pdf_pages(reader)
    # Scanned pages (no text layer, an image) are read by OCR in place: numbers hold.
    pages, ocr_pages, ocr_warnings = ocr_scanned_pages(reader.pages, pages, limits)
    warnings += ocr_warnings
    paragraphs, firsts = _join_pages(
        [
            _page_paragraphs(page, widths_from=plain or page)
            for page, plain in zip(pages, plains, strict=True)
        ],
        rows,
    )
    if not paragraphs:
        raise LoadError("no text in PDF (a scanned PDF needs OCR first)")
    title = _pdf_meta_title(reader)
    if not title or same_text(paragraphs[0], title):
        title, paragraphs = clean_line(paragraphs[0]), paragraphs[1:]
    dateline, paragraphs = take_dateline(paragraphs)
    text = clean_text("\n\n".join(paragraphs))
    article = file_article(
        path,
        dateline,
        _pdf_meta_date(reader),
        title=title,
        text=text,
        source=source_from_text(text),
    )
    article = replace(article, pages=page_starts(text, firsts), ocr_pages=ocr_pages)
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
        raise LoadError(f"PDF is damaged: {reason(exc)}") from exc
    return reader


def _pdf_meta_title(reader: Any) -> str:
    try:
        raw = (reader.metadata or {}).get("/Title") or ""
    except Exception:  # a broken Info dictionary should not sink a readable PDF
        log.debug("PDF metadata unreadable", exc_info=True)
        return ""
    title = clean_line(str(raw))
    return "" if _JUNK_PDF_TITLES.match(title) else title


def _pdf_meta_date(reader: Any) -> FoundDate | None:
    """The PDF's CreationDate (when the file was made: weaker than a date in its text)."""
    try:
        raw = (reader.metadata or {}).get("/CreationDate") or ""
    except Exception:  # a broken Info dictionary should not sink a readable PDF
        log.debug("PDF metadata unreadable", exc_info=True)
        return None
    found = pdf_date(str(raw))
    return found.from_source("pdf-properties") if found else None


def _pdf_pages(reader: Any) -> tuple[list[str], list[str], frozenset[str], list[str]]:
    """The text of every page, one entry per page ("" for a page that gave none), so that
    page numbers hold; each page's plain text (its tables not rewritten); the table rows
    found; and a warning for each page that failed."""
    pages: list[str] = []
    plains: list[str] = []
    rows: set[str] = set()
    warnings: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            plain, text, found = _page_text(page)
        except Exception as exc:  # one bad page should not lose the others
            log.debug("PDF page %d failed", number, exc_info=True)
            warnings.append(f"page {number}: text could not be extracted ({reason(exc)})")
            plain, text, found = "", "", []
        pages.append(text)
        plains.append(plain)
        rows.update(clean_line(row) for row in found)
    return pages, plains, frozenset(rows), warnings


def _page_text(page: Any) -> tuple[str, str, list[str]]:
    """The plain text of one pypdf page (an image-only page gives ""), the same with its
    tables as rows whose cells keep their header (`pdf_tables`), and those rows."""
    runs = RunPositions()
    plain = str(page.extract_text(visitor_text=runs) or "")
    text, rows = page_text(plain, runs.runs, lambda: _layout_text(page))
    return plain, text, rows


def _layout_text(page: Any) -> str:
    try:
        return str(page.extract_text(extraction_mode="layout") or "")
    except Exception:  # layout mode is only for tables: the plain text still stands
        log.debug("pypdf layout mode failed", exc_info=True)
        return ""


def _page_paragraphs(page_text: str, *, widths_from: str = "") -> list[str]:
    """Rejoin a page's wrapped lines into paragraphs (the full line width measured on
    `widths_from`, when given: the page's plain text, before its tables became rows).

    PDF text has a line break at every visual line end. A break is a paragraph end when the
    line is blank, or ends a sentence well short of the full line width, or is a short
    heading-like line before a capitalised one; otherwise the lines are joined, removing a
    hyphen that split a word.
    """
    lines = [clean_line(line) for line in page_text.splitlines()]
    lines = [line if not _PAGE_NUMBER.match(line) else "" for line in lines]
    if widths_from and widths_from != page_text:
        width_lines = [clean_line(line) for line in widths_from.splitlines()]
        width_lines = [line if not _PAGE_NUMBER.match(line) else "" for line in width_lines]
    else:
        width_lines = lines
    widths = sorted(len(line) for line in width_lines if line)
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
    # A regulation's headings ("Chương II", "Điều 5. Title") are paragraphs of their own,
    # and a clause ("1.", "a)") after a finished sentence starts one.
    if is_heading(following) or (is_heading(line) and not following[:1].islower()):
        return True
    if line.endswith(_SENTENCE_END) and starts_item(following):
        return True
    if len(line) < 0.85 * full and line.endswith(_SENTENCE_END):
        return True
    # Wrapped lines run to the margin; a much shorter one is a heading or a forced break,
    # unless the next line visibly carries on the sentence.
    return len(line) < 0.6 * full and not line.endswith((",", "-")) and not following[:1].islower()


def _join_pages(
    pages: list[list[str]], rows: frozenset[str] = frozenset()
) -> tuple[list[str], list[str | None]]:
    """The paragraphs of all pages, and for each page the first paragraph that begins on
    it (None when none does)."""
    # A paragraph that does not end a sentence at the foot of a page continues on the next
    # (a table row, which ends none, does not).
    paragraphs: list[str] = []
    firsts: list[str | None] = []
    for page in pages:
        if (
            paragraphs
            and page
            and not paragraphs[-1].endswith(_SENTENCE_END)
            and paragraphs[-1] not in rows
            and page[0] not in rows
        ):
            paragraphs[-1] = _join_wrapped(paragraphs[-1], page[0])
            page = page[1:]
        firsts.append(page[0] if page else None)
        paragraphs.extend(page)
    return paragraphs, firsts
