""".json / .jsonl files: one article per record; a bad record is a warning."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from ingest import dates
from ingest.article import Article, article_id
from ingest.formats.common import (
    DEFAULT_LIMITS,
    Limits,
    LoadError,
    LoadResult,
    absolute_url,
    clean_line,
    clean_text,
    date_fields,
    read_text,
    reason,
    short_title,
    source_from_text,
    take_dateline,
    text_date,
)
from retrieval.language.text import scrub_surrogates

# --- .json / .jsonl ------------------------------------------------------------------------

_TEXT_KEYS = ("text", "body", "content")
_ID_KEYS = ("id", "pid")
# Publication date fields, most specific first; never "updated"/"modified".
_DATE_KEYS = (
    "published",
    "published_at",
    "publish_date",
    "published_date",
    "pubDate",
    "datePublished",
    "date",
    "created",
    "created_at",
    "time",
)


class _BadRecord(ValueError):
    pass


def load_json(path: Path, limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    text = read_text(path)
    limits.check_json_depth(text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    except (ValueError, RecursionError) as exc:  # a 100,000-digit number; nesting
        raise LoadError(f"invalid JSON: {reason(exc)}") from exc
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise LoadError("JSON must be an object or a list of objects")
    records = ((f"index-{i}", f"item {i}", record) for i, record in enumerate(data))
    return _records(path, records, limits)


def load_jsonl(path: Path, limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    return _records(path, _jsonl_records(read_text(path), limits), limits)


def _jsonl_records(text: str, limits: Limits) -> Iterator[tuple[str, str, object]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            limits.check_json_depth(line)
            record: object = json.loads(line)
        except json.JSONDecodeError as exc:
            record = _BadRecord(f"invalid JSON: {exc.msg} at column {exc.colno}")
        except LoadError as exc:
            record = _BadRecord(str(exc))
        except (ValueError, RecursionError) as exc:
            record = _BadRecord(f"invalid JSON: {reason(exc)}")
        yield f"line-{number}", f"line {number}", record


def _records(path: Path, records: Iterable[tuple[str, str, object]], limits: Limits) -> LoadResult:
    """Articles from (position key, position label, record); bad records become warnings."""
    articles: list[Article] = []
    warnings: list[str] = []
    seen: set[str] = set()
    for position, label, record in records:
        try:
            article = _record_article(path, record, position)
            too_long = limits.too_long(article)
            if too_long:
                raise _BadRecord(too_long)
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
    given_url = _field(record, ("url", "link")).strip()
    # Only an absolute http(s) URL becomes the citation's link; a relative or javascript:
    # one still keys the record (as before), but is not kept as its link.
    url = absolute_url(given_url)
    key = _field(record, _ID_KEYS).strip() or given_url or position
    location = f"{path}#{key}"
    found = dates.first(
        dates.parse_date(_field(record, _DATE_KEYS), "json-field"),
        dates.date_from_url(url),
        take_dateline(text.split("\n\n"))[0],
        text_date(text, url=url),
    )
    return Article(
        id=article_id(location),
        title=clean_line(_field(record, ("title",))) or short_title(text),
        text=text,
        origin=location,
        source=source_from_text(text) or clean_line(_field(record, ("source",))),
        url=url,
        **date_fields(found),
    )


def _field(record: dict[str, object], keys: tuple[str, ...]) -> str:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            # A "\ud800" escape is valid JSON but gives a lone surrogate, which no article
            # id, hash or Chroma write can encode: the whole run would stop on it.
            return scrub_surrogates(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)  # numeric ids are common in exports
    return ""
