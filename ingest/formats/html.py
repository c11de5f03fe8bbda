""".html / .htm files, and the HTML -> article extraction fetched pages use too."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ingest.article import Article, article_id
from ingest.decode import sniff_html_charset
from ingest.formats.common import (
    LoadError,
    LoadResult,
    clean_line,
    clean_text,
    decode,
    iso_date,
    read_bytes,
    reason,
    same_text,
    short_title,
    single,
    source_from_text,
)

log = logging.getLogger(__name__)


# --- .html ---------------------------------------------------------------------------------


def load_html(path: Path) -> LoadResult:
    data = read_bytes(path)
    html = decode(data, declared=sniff_html_charset(data))
    return single(html_article(html, location=str(path), ident=article_id(str(path))))


def html_article(html: str, *, location: str, ident: str, page_url: str | None = None) -> Article:
    """Main text and metadata of an HTML document. `page_url` is set for fetched pages."""
    doc = _extract_html(html, page_url)
    paragraphs = [line for line in (doc.get("text") or "").split("\n") if line.strip()]
    title = clean_line(doc.get("title") or "")
    if paragraphs and title and same_text(paragraphs[0], title):
        paragraphs = paragraphs[1:]  # the page's <h1> repeats the title
    text = clean_text("\n\n".join(paragraphs))
    if not text:
        raise LoadError("no article text found")
    return Article(
        id=ident,
        title=title or short_title(text),
        text=text,
        origin=location,
        source=source_from_text(text) or clean_line(doc.get("sitename") or ""),
        published=iso_date(doc.get("date") or ""),
        url=page_url or clean_line(doc.get("url") or ""),
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
        raise LoadError(f"HTML could not be parsed: {reason(exc)}") from exc
    if not (fields.get("text") or "").strip():
        raise LoadError("no article text found")
    return fields


def fragment_text(fragment: str) -> str:
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
