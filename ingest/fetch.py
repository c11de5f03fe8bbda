"""HTTP for ingestion: fetch one page under the outbound-fetch policy, read feeds.

This module knows about URLs, bytes and feed entries, not about articles; `ingest.loaders`
turns what it returns into `Article`s. Every failure is a `FetchError` whose message is a short
reason an admin can act on; nothing else escapes `get` for a bad URL or a hostile server.

The policy, the same for every fetch (an admin's URL, a feed, each feed item, each redirect):

- only http:// and https://; redirects are followed by hand, each hop checked again, at most
  `MAX_REDIRECTS`;
- every address the host resolves to is checked when the connection is made, and the
  connection goes to a checked address, so DNS rebinding cannot swap it (`ingest.outbound`:
  loopback, private, link-local, multicast, reserved, unspecified and cloud-metadata
  addresses are refused however they are written; `FETCH_ALLOW_HOSTS` lists exceptions);
- one deadline (`timeout`, FETCH_TIMEOUT) from the host name lookup to the last byte,
  redirects and slowly sent headers included; no proxy from the environment;
- the body is decoded here, not by httpx, in pieces of at most 64 KiB whatever the
  Content-Encoding chain (gzip, deflate, in any order and number), and abandoned as soon as
  the decoded bytes pass `max_bytes` (FETCH_MAX_MB), so a compression bomb costs no memory.
"""

from __future__ import annotations

import logging
import re
import socket
import ssl
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import feedparser
import httpcore
import httpx

from ingest import outbound

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
_PIECE = 64 * 1024  # the most bytes one decoding step may produce

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
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"invalid URL: {exc}") from exc
    if ":" in host:
        host = f"[{host}]"  # IPv6 literal
    if port and (scheme, port) not in {("http", 80), ("https", 443)}:
        host = f"{host}:{port}"
    # Filter the raw query rather than re-encoding it, so the rest stays byte-identical.
    query = "&".join(
        param
        for param in parts.query.split("&")
        if param and not param.split("=", 1)[0].lower().startswith("utm_")
    )
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def check_url(url: str) -> str:
    """The URL, stripped, if it may be requested (http/https, a host, a valid port)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for "port 99999" or "port x"
    except ValueError as exc:
        raise FetchError(f"invalid URL {url!r}: {exc}") from exc
    if parts.scheme.lower() not in {"http", "https"}:
        raise FetchError(f"only http:// and https:// URLs can be fetched, not {url!r}")
    if not host:
        raise FetchError(f"URL has no host: {url!r}")
    return url


@contextmanager
def http_client(
    *,
    timeout: float,
    allow_hosts: Iterable[str] = (),
    resolve: outbound.Resolver = socket.getaddrinfo,
    verify: ssl.SSLContext | bool = True,
) -> Iterator[httpx.Client]:
    """One client per ingestion run, so a feed's item pages reuse connections.

    Every connection it opens goes through the policy's address check (`allow_hosts` =
    FETCH_ALLOW_HOSTS) on the addresses `resolve` gives for the host, and connects to one of
    them; TLS still sends and verifies the URL's host name (`verify`: the certificates
    trusted, certifi's by default). Redirects are `get`'s to follow, hop by hop.
    """
    transport = httpx.HTTPTransport(retries=0, verify=verify)
    pool = transport._pool  # the one place httpx lets a connect step be checked
    if not isinstance(pool, httpcore.ConnectionPool) or not hasattr(pool, "_network_backend"):
        raise RuntimeError("httpx/httpcore changed: the fetch policy cannot check connections")
    pool._network_backend = outbound.CheckedBackend(outbound.AllowList(allow_hosts), resolve)
    with httpx.Client(
        transport=transport,
        follow_redirects=False,
        trust_env=False,  # a proxy from the environment would connect where we cannot check
        timeout=timeout,
        headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": "gzip, deflate"},
    ) as client:
        yield client


def get(client: httpx.Client, url: str, *, timeout: float, max_bytes: int) -> Page:
    """GET an HTML page or a feed, refusing other content and anything over `max_bytes`."""
    requested = url.strip()
    try:
        with outbound.deadline(timeout):
            return _get(client, requested, timeout=timeout, max_bytes=max_bytes)
    except FetchError:
        raise
    except outbound.Refused as exc:
        raise FetchError(str(exc)) from exc
    except httpx.TimeoutException as exc:
        raise FetchError(_timed_out(timeout)) from exc
    except httpx.ConnectError as exc:
        raise FetchError(f"cannot connect: {exc}") from exc
    except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError, UnicodeError) as exc:
        raise FetchError(f"invalid URL {requested!r}: {exc}") from exc
    except (httpx.HTTPError, httpx.StreamError, OSError, ssl.SSLError) as exc:
        raise FetchError(f"request failed: {type(exc).__name__}: {exc}") from exc


def _get(client: httpx.Client, url: str, *, timeout: float, max_bytes: int) -> Page:
    current = check_url(url)
    for _hop in range(MAX_REDIRECTS + 1):
        log.debug("fetching %s", current)
        response = client.send(client.build_request("GET", current), stream=True)
        try:
            if response.is_redirect:
                location = response.headers["location"].strip()
                try:
                    target = urljoin(current, location)
                except ValueError as exc:
                    raise FetchError(f"redirected to an invalid URL {location!r}") from exc
                try:
                    current = check_url(target)
                except FetchError as exc:
                    raise FetchError(f"redirected from {current}: {exc}") from exc
                continue
            _check_response(response, max_bytes)
            body = _read_capped(response, max_bytes=max_bytes, timeout=timeout)
            content_type, charset = _content_type(response)
            return Page(url, str(response.url), content_type, charset, body)
        finally:
            response.close()
    raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})")


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
    # Decoded here in bounded pieces, so the cap holds for compressed bodies too.
    codings = [c.strip().lower() for c in response.headers.get_list("content-encoding", True)]
    chunks: list[bytes] = []
    total = 0
    raw = 0

    def counted() -> Iterator[bytes]:
        nonlocal raw
        for chunk in response.iter_raw(_PIECE):
            raw += len(chunk)
            if raw > max_bytes:
                raise FetchError(_too_large(max_bytes))
            yield chunk

    for piece in _decoded(counted(), codings):
        total += len(piece)
        if total > max_bytes:
            raise FetchError(_too_large(max_bytes))
        chunks.append(piece)
    return b"".join(chunks)


def _decoded(chunks: Iterator[bytes], codings: list[str]) -> Iterator[bytes]:
    """The body with its Content-Encodings undone, last applied first."""
    for coding in reversed(codings):
        if coding in {"", "identity"}:
            continue
        if coding not in {"gzip", "x-gzip", "deflate"}:
            raise FetchError(f"unsupported Content-Encoding {coding!r}")
        chunks = _inflate(chunks, gzip=coding != "deflate")
    return chunks


def _inflate(chunks: Iterator[bytes], *, gzip: bool) -> Iterator[bytes]:
    """zlib/raw deflate or gzip (several members too), never more than _PIECE bytes a step."""
    decoder: Any = None
    finished = False  # a member ended; what follows is another gzip member or ignored
    for chunk in chunks:
        data = chunk
        while data:
            if decoder is None:
                if finished and not (gzip and data.startswith(b"\x1f\x8b")):
                    break  # bytes after the stream: ignored, as browsers do
                decoder = zlib.decompressobj(_wbits(data, gzip=gzip))
            try:
                out = decoder.decompress(data, _PIECE)
                if out:
                    yield out
                if decoder.eof:
                    data, decoder, finished = decoder.unused_data, None, True
                    continue
                data = decoder.unconsumed_tail
                while not data and len(out) == _PIECE:  # output still pending inside zlib
                    out = decoder.decompress(b"", _PIECE)
                    if out:
                        yield out
            except zlib.error as exc:
                raise FetchError(f"the body could not be decompressed: {exc}") from exc
    if decoder is not None:
        try:
            out = decoder.flush(_PIECE)
        except zlib.error as exc:
            raise FetchError(f"the body could not be decompressed: {exc}") from exc
        if out:
            yield out


def _wbits(head: bytes, *, gzip: bool) -> int:
    if gzip:
        return 16 + zlib.MAX_WBITS
    # "deflate" is meant to be zlib-wrapped, but servers send raw deflate too.
    zlib_header = len(head) >= 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0
    return zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS


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
