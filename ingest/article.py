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

    @property
    def version(self) -> str:
        """Content hash: changes whenever anything that is stored or embedded changes."""
        h = hashlib.sha256()
        parts = (self.title, self.text, self.source, self.published, self.url)
        for part in (*parts, self.published_precision, self.published_source):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()[:16]


def article_id(location: str) -> str:
    """Stable id from where an article lives (a resolved path, a path#record key, or a URL)."""
    return hashlib.sha1(location.encode("utf-8")).hexdigest()[:16]
