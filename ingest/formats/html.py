""".html / .htm files, and the HTML -> article extraction fetched pages use too."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from ingest import dates
from ingest.article import Article, article_id
from ingest.decode import sniff_html_charset
from ingest.formats.common import (
    LoadError,
    LoadResult,
    clean_line,
    clean_text,
    date_fields,
    decode,
    read_bytes,
    reason,
    same_text,
    short_title,
    single,
    source_from_text,
    take_dateline,
    text_date,
)
from ingest.layout import heading_offsets

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
    url = page_url or clean_line(doc.get("url") or "")
    found = dates.first(
        markup_date(html),
        dates.date_from_url(url),
        take_dateline(text.split("\n\n"))[0],
        text_date(text, url=url, path="" if page_url else location),
        None if page_url else dates.date_from_path(location),
        dates.parse_date(doc.get("date") or "", "htmldate"),
    )
    article = Article(
        id=ident,
        title=title or short_title(text),
        text=text,
        origin=location,
        source=source_from_text(text) or clean_line(doc.get("sitename") or ""),
        url=url,
        **date_fields(found),
    )
    headings = heading_offsets(text, _headings(html))
    return replace(article, headings=headings) if headings else article


def _headings(html: str) -> list[tuple[str, int]]:
    """(text, level) of the page's <h1>..<h6> in document order; those that made it into
    the extracted text become the article's heading path (`ingest.layout`)."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    out: list[tuple[str, int]] = []
    for element in root.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        text = clean_line(element.text_content())
        if text:
            out.append((text, int(str(element.tag)[1])))
    return out


# <meta> names and properties that hold the publication date, most standard first.
_META_NAMES = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "published_time",
    "article:published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
    "date",
)
_META_RANK = {name: rank for rank, name in enumerate(_META_NAMES)}


def markup_date(html: str) -> dates.FoundDate | None:
    """The publication date the page's markup states: a <meta> tag or itemprop
    "datePublished" (source "meta"), JSON-LD "datePublished" ("json-ld"), else the first
    <time datetime> of the article ("html-time"). Modification dates are not used."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None
    return dates.first(_meta_date(root), _json_ld_date(root), _time_date(root))


def _meta_date(root: Any) -> dates.FoundDate | None:
    ranked: list[tuple[int, str]] = []
    for meta in root.iter("meta"):
        for attr in ("property", "name", "itemprop"):
            key = (meta.get(attr) or "").strip().lower()
            if key in _META_RANK and meta.get("content"):
                ranked.append((_META_RANK[key], meta.get("content")))
    for element in root.xpath('//*[@itemprop="datePublished"]'):
        value = element.get("content") or element.get("datetime") or element.text_content()
        ranked.append((_META_RANK["datepublished"], value or ""))
    for _, value in sorted(ranked, key=lambda item: item[0]):
        found = dates.parse_date(value, "meta")
        if found:
            return found
    return None


def _json_ld_date(root: Any) -> dates.FoundDate | None:
    for script in root.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "null")
        except ValueError:
            continue
        for value in _json_values(data, "datePublished"):
            found = dates.parse_date(value, "json-ld")
            if found:
                return found
    return None


def _json_values(data: Any, key: str) -> list[str]:
    """Every string under `key` in a JSON-LD document (objects, lists, @graph), in order."""
    out: list[str] = []
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, dict):
            value = item.get(key)
            if isinstance(value, str):
                out.append(value)
            stack.extend(v for k, v in item.items() if k != key and isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend(item)
    return out


def _time_date(root: Any) -> dates.FoundDate | None:
    scopes = root.xpath("//article") or [root]
    for scope in scopes:
        for element in scope.iter("time"):
            found = dates.parse_date(element.get("datetime") or "", "html-time")
            if found:
                return found
    return None


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
