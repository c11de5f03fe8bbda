"""What a loader produces: one article, its cleaned text and its metadata."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    """One article as loaded from a file, a URL or a JSON record.

    `text` is the article body as it should be quoted: NFC, non-breaking and zero-width
    characters cleaned, paragraphs separated by one blank line ("\\n\\n"), no title line.
    Character spans of chunks point into this string.
    """

    id: str  # stable: the same file / URL / record gives the same id on every run
    title: str
    text: str
    origin: str  # where it came from: an absolute file path (with "#key" for records) or a URL
    source: str = ""  # publisher, e.g. "VOH" from a leading "(VOH) -"
    # ISO "YYYY-MM-DD", "YYYY-MM" or "YYYY" at the precision found ("" when none was), the
    # precision ("day", "month", "year") and where it came from (`ingest.dates.SOURCES`).
    published: str = ""
    url: str = ""
    published_precision: str = ""
    published_source: str = ""
    # Where things are in `text`, for chunks to say where they are (`ingest.chunking`):
    # `pages[i]` is the offset at which page i + 1 starts (PDFs); `headings` holds
    # (offset of the heading's paragraph, level from 1, heading text) of each heading.
    pages: tuple[int, ...] = ()
    headings: tuple[tuple[int, int, str], ...] = ()
    # The pages (numbered from 1, as in `pages`) whose text was read by OCR from a picture
    # (`ingest.ocr`): a scanned PDF page, or each page of an image file. Citations of
    # passages on them say "(OCR)": the text may hold misread characters.
    ocr_pages: tuple[int, ...] = ()

    @property
    def version(self) -> str:
        """Content hash: changes whenever anything that is stored or embedded changes."""
        h = hashlib.sha256()
        parts = (self.title, self.text, self.source, self.published, self.url)
        for part in (*parts, self.published_precision, self.published_source):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        # Only when present, so that versions of articles without them stay as they were.
        if self.pages or self.headings:
            h.update(repr((self.pages, self.headings)).encode("utf-8"))
        if self.ocr_pages:
            h.update(repr(("ocr", self.ocr_pages)).encode("utf-8"))
        return h.hexdigest()[:16]


def article_id(location: str) -> str:
    """Stable id from where an article lives (a resolved path, a path#record key, or a URL)."""
    return hashlib.sha1(location.encode("utf-8")).hexdigest()[:16]
