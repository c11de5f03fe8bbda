"""Fetched pages and RSS/Atom feed items -> articles. HTTP itself lives in `ingest.fetch`.

Each feed item's link goes through the same fetch policy as the feed (`fetch.get` with the
run's client); an item whose link is refused, invalid or failing falls back to the feed's own
text for it, and an item that fails in any other way is a warning: never the end of the feed.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import httpx

from ingest import dates, fetch, outbound
from ingest.article import Article, article_id
from ingest.decode import sniff_html_charset
from ingest.formats.common import (
    LoadError,
    LoadResult,
    clean_line,
    date_fields,
    decode,
    short_title,
    source_from_text,
    take_dateline,
    text_date,
)
from ingest.formats.html import fragment_text, html_article

log = logging.getLogger(__name__)


def page_article(page: fetch.Page) -> Article:
    declared = page.charset or sniff_html_charset(page.body)
    html = decode(page.body, declared=declared)
    return html_article(
        html, location=page.url, ident=article_id(fetch.normalise_url(page.url)), page_url=page.url
    )


def feed_articles(
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
        except (LoadError, fetch.FetchError) as exc:
            warnings.append(f"{label}: {exc}")
            continue
        except Exception as exc:  # one bad item costs that item, never the feed or the run
            log.exception("feed item %s failed", label)
            warnings.append(f"{label}: unexpected {type(exc).__name__}: {exc}")
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
    link = item.link
    if item.link:
        try:
            page = fetch.get(client, item.link, timeout=timeout, max_bytes=max_bytes)
            if fetch.is_feed(page):
                raise LoadError("link points to a feed, not an article")
            article = page_article(page)
            return _with_item_metadata(article, item, feed), ""
        except (fetch.FetchError, LoadError) as exc:
            failure = f"page failed ({exc})"
            if _refused(exc):
                # A link the policy refuses (an internal host) must not become a link in
                # citations either: staff would open the internal page from the answer.
                link = ""
    text = fragment_text(item.content)
    if not text:
        raise LoadError(f"{failure} and the feed has no text for it")
    location = item.link or f"{feed_page.url}#{item.key}"
    ident = _identity(item.link) if item.link else location
    found = dates.first(
        _feed_date(item),
        dates.date_from_url(item.link),
        take_dateline(text.split("\n\n"))[0],
        text_date(text, url=item.link),
    )
    article = Article(
        id=article_id(ident),
        title=clean_line(item.title) or short_title(text),
        text=text,
        origin=location,
        source=source_from_text(text) or clean_line(feed.title),
        url=link,
        **date_fields(found),
    )
    return article, f"{failure}; used the feed's own text"


def _refused(exc: BaseException) -> bool:
    """Whether the outbound policy refused the fetch (anywhere in the exception's causes)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, outbound.Refused) or str(seen).startswith("refused"):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _identity(link: str) -> str:
    try:
        return fetch.normalise_url(link)
    except fetch.FetchError:  # a link too broken to normalise is still the item's identity
        return link


def _feed_date(item: fetch.FeedItem) -> dates.FoundDate | None:
    return dates.parse_date(item.published, "feed")


def _with_item_metadata(article: Article, item: fetch.FeedItem, feed: fetch.Feed) -> Article:
    # The feed's title and date are the publisher's own metadata; the page's may be guesses.
    found = _feed_date(item)
    return replace(
        article if found is None else replace(article, **date_fields(found)),
        title=clean_line(item.title) or article.title,
        source=article.source or clean_line(feed.title),
    )
