"""HTTP for ingestion: fetch one page with hard limits, tell feeds from pages, read feeds.

This module knows about URLs, bytes and feed entries, not about articles; `ingest.loaders`
turns what it returns into `Article`s. Every failure is a `FetchError` whose message is a short
reason an admin can act on.

Limits: only http/https; at most `MAX_REDIRECTS` redirects; `timeout` bounds each network
wait and also the whole download (so a server trickling bytes cannot hold a worker forever);
the body is streamed and abandoned as soon as it passes `max_bytes`.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import feedparser
import httpx

__all__ = [
    "MAX_REDIRECTS",
    "USER_AGENT",
    "Feed",
    "FeedItem",
    "FetchError",
    "Page",
    "check_url",
    "get",
    "http_client",
    "is_feed",
    "normalise_url",
    "parse_feed",
]

log = logging.getLogger(__name__)

USER_AGENT = "hoidap-ingest/0.1 (news article ingestion for a question-answering bot)"
MAX_REDIRECTS = 5
_MIB = 1024 * 1024

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml"}
)
# Generic XML may be a feed or not; the body decides.
XML_TYPES = frozenset({"application/xml", "text/xml"})
_ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,*/*;q=0.5"

_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]")
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html)[\s>]", re.I)


class FetchError(Exception):
    """A URL could not be fetched or read; the message says why."""


@dataclass(frozen=True)
class Page:
    url: str  # as requested
    final_url: str  # after redirects; relative links resolve against it
    content_type: str  # media type only, lowercase ("" when the server sent none)
    charset: str | None  # from the Content-Type header
    body: bytes


@dataclass(frozen=True)
class FeedItem:
    link: str  # absolute, or "" when the item has none
    title: str
    published: str  # "YYYY-MM-DD" or ""
    content: str  # the item's own HTML or text (full content, else summary), may be ""
    key: str  # the item's guid/id, else its link, else its position


@dataclass(frozen=True)
class Feed:
    title: str
    items: tuple[FeedItem, ...]


def normalise_url(url: str) -> str:
    """The URL as an identity: lowercase scheme and host, no default port, fragment or utm_*."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"  # IPv6 literal
    try:
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"invalid URL: {exc}") from exc
    if port and (scheme, port) not in {("http", 80), ("https", 443)}:
        host = f"{host}:{port}"
    # Filter the raw query rather than re-encoding it, so the rest stays byte-identical.
    query = "&".join(
        param
        for param in parts.query.split("&")
        if param and not param.split("=", 1)[0].lower().startswith("utm_")
    )
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def check_url(url: str) -> None:
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in {"http", "https"}:
        raise FetchError(f"only http:// and https:// URLs can be fetched, not {url!r}")
    if not parts.hostname:
        raise FetchError(f"URL has no host: {url!r}")


@contextmanager
def http_client(*, timeout: float) -> Iterator[httpx.Client]:
    """One client per ingestion run, so a feed's item pages reuse connections."""
    with httpx.Client(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=timeout,
        headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT},
    ) as client:
        yield client


def get(client: httpx.Client, url: str, *, timeout: float, max_bytes: int) -> Page:
    """GET an HTML page or a feed, refusing other content and anything over `max_bytes`."""
    check_url(url)
    log.debug("fetching %s", url)
    try:
        with client.stream("GET", url.strip()) as response:
            _check_response(response, max_bytes)
            body = _read_capped(response, max_bytes=max_bytes, timeout=timeout)
            content_type, charset = _content_type(response)
            return Page(url, str(response.url), content_type, charset, body)
    except httpx.TimeoutException as exc:
        raise FetchError(_timed_out(timeout)) from exc
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})") from exc
    except httpx.UnsupportedProtocol as exc:
        raise FetchError(f"redirected to a URL that is not http/https: {exc}") from exc
    except httpx.ConnectError as exc:
        raise FetchError(f"cannot connect: {exc}") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"request failed: {type(exc).__name__}: {exc}") from exc


def is_feed(page: Page) -> bool:
    """RSS/Atom by content type, or by the document's root element: servers often label
    feeds text/xml or even text/html."""
    return page.content_type in FEED_TYPES or _sniff_feed(page.body)


def parse_feed(body: bytes, *, base_url: str) -> Feed:
    """Entries of an RSS 2.0 / RSS 1.0 / Atom document; FetchError when it has none."""
    try:
        # Bytes, never a URL: feedparser.parse() would fetch a URL by itself, without our limits.
        parsed = feedparser.parse(body, response_headers={"content-location": base_url})
    except Exception as exc:  # feedparser wraps most errors in `bozo`, but not all of them
        raise FetchError(f"feed could not be parsed: {type(exc).__name__}: {exc}") from exc
    if not parsed.entries:
        reason = f": {parsed.bozo_exception}" if parsed.get("bozo") else ""
        raise FetchError(f"feed has no items{reason}")
    title = str(parsed.feed.get("title", "")).strip()
    items = tuple(_feed_item(entry, base_url, index) for index, entry in enumerate(parsed.entries))
    return Feed(title, items)


def _check_response(response: httpx.Response, max_bytes: int) -> None:
    if response.status_code >= 400:
        raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
    content_type, _ = _content_type(response)
    known = HTML_TYPES | FEED_TYPES | XML_TYPES
    if content_type and content_type not in known:
        raise FetchError(f"not a web page or feed (content type {content_type})")
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise FetchError(_too_large(max_bytes))


def _read_capped(response: httpx.Response, *, max_bytes: int, timeout: float) -> bytes:
    # httpx's timeout bounds each wait, not the download, so a trickling server needs this too.
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > max_bytes:
            raise FetchError(_too_large(max_bytes))
        if time.monotonic() > deadline:
            raise FetchError(_timed_out(timeout))
        chunks.append(chunk)
    return b"".join(chunks)


def _timed_out(timeout: float) -> str:
    return f"timed out after {timeout:g} s (FETCH_TIMEOUT)"


def _too_large(max_bytes: int) -> str:
    return f"page larger than FETCH_MAX_MB={max_bytes / _MIB:g} (raise it to ingest this page)"


def _content_type(response: httpx.Response) -> tuple[str, str | None]:
    header = response.headers.get("content-type", "")
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media.strip().lower(), charset


def _sniff_feed(body: bytes) -> bool:
    head = body[:2048]
    feed = _FEED_ROOT.search(head)
    if not feed:
        return False
    html = _HTML_ROOT.search(head)
    return html is None or html.start() > feed.start()


def _feed_item(entry: feedparser.FeedParserDict, base_url: str, index: int) -> FeedItem:
    link = urljoin(base_url, str(entry.get("link", "")).strip())
    if urlsplit(link).scheme not in {"http", "https"}:
        link = ""  # feedparser falls back to an Atom id such as "urn:uuid:..."; not a page
    key = str(entry.get("id", "")).strip() or link or f"item-{index}"
    return FeedItem(
        link=link,
        title=str(entry.get("title", "")).strip(),
        published=_entry_date(entry),
        content=_entry_content(entry),
        key=key,
    )


def _entry_content(entry: feedparser.FeedParserDict) -> str:
    # Full content (Atom <content>, RSS <content:encoded>) says more than the summary.
    for content in entry.get("content", []) or []:
        value = str(content.get("value", "")).strip()
        if value:
            return value
    return str(entry.get("summary", "")).strip()


def _entry_date(entry: feedparser.FeedParserDict) -> str:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return ""
