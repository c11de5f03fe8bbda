"""The chunk contract: what ingestion writes for a chunk, and what every search path reads.

Ingestion (`ingest.pipeline`) builds chunks with what is defined here; the store
(`retrieval.index.store`: Chroma, dense search) and the search snapshot
(`retrieval.search.snapshot`: BM25, the vector index, passages) read them back through the
same definitions, so the two sides cannot drift apart.

- The id of a chunk is "<article id>-<version>-<n>" (`chunk_id`, `split_chunk_id`). Article
  ids never hold "-" (see `ingest.article.article_id`), so the id alone tells which article
  version a chunk belongs to: that is how search decides visibility without a request
  (`retrieval.index.store.Visible`).
- What is embedded for a chunk, and what BM25 indexes, is one text: its article's title,
  its heading path when it has one, and the chunk (`embedding_text`). The stored document
  is the chunk alone, quoted as it is; `text_hash` of the embedded text lets a later run
  reuse a vector.
- Every chunk record carries, under the keys below, where it is (article, version, index,
  paragraph, span into the article text), its text hash, and its article's citation fields
  (`CITATION`, copied on every chunk so that a hit needs one read). An article record
  carries its version, the citation fields and its number of chunks; its document is the
  full article text. A chunk may also carry where it is in its document (`PLACE`: pages,
  heading path, a regulation's Điều/Khoản path); chunks without one have none of those keys.

Changing any of this changes stored data: existing indexes need `python -m ingest --rebuild`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from retrieval.index.scopes import DEFAULT_SCOPE

# Metadata keys of a chunk record (`chunk_meta`).
ARTICLE_ID = "article_id"
VERSION = "version"  # also on article records
INDEX = "index"
PARAGRAPH = "paragraph"
START = "start"
END = "end"
TEXT_HASH = "text_hash"
# The citation fields, on chunk and article records alike, in the order search keeps them.
TITLE = "title"
SOURCE = "source"
PUBLISHED = "published"
URL = "url"
ORIGIN = "origin"
# `PUBLISHED` is ISO at the precision found: "YYYY-MM-DD", "YYYY-MM" or "YYYY" ("" when the
# article's date could not be found); these say which ("day", "month", "year") and where
# the date came from ("meta", "feed", "url", "dateline", "text", "sidecar", ... see
# `ingest.dates.SOURCES`). Records written before they existed read back as "".
PUBLISHED_PRECISION = "published_precision"
PUBLISHED_SOURCE = "published_source"
# The pages of the article read by OCR from pictures (scans, photos), "," between page
# numbers ("" when none: the key is written only when there are some), so a citation can
# say "(OCR)": that text may hold misread characters. See `parse_ocr_pages` and `Hit.ocr`.
OCR_PAGES = "ocr_pages"
CITATION = (
    TITLE,
    SOURCE,
    PUBLISHED,
    URL,
    ORIGIN,
    PUBLISHED_PRECISION,
    PUBLISHED_SOURCE,
    OCR_PAGES,
)
# Article records only: how many chunks the version has.
CHUNKS = "chunks"
# Where a chunk is in its document, in the document's own terms (`Place`; chunk records
# only). Records written before they existed read back as 0 / "" (no place shown).
PAGE = "page"  # first page of the chunk, from 1 (0: the document has no pages)
PAGE_END = "page_end"  # its last page
# The headings the chunk sits under, outermost first, " > " between them (Markdown/HTML/docx
# headings, a plain report's part headings: `retrieval.language.sections`; for a
# regulation its Chương/Mục titles and the Điều's title). Embedded and
# indexed with the chunk (`embedding_text`), so a chunk read alone says what it is about.
HEADING = "heading"
# A regulation's Chương/Mục/Điều/Khoản/Điểm path, "|" between levels, each "<kind> <number>"
# with a range for several ("Chương II|Điều 5|Khoản 2-3"); see `legal_parts`.
LEGAL = "legal"
PLACE = (PAGE, PAGE_END, HEADING, LEGAL)
# The vectors of the chunk's sentences (`retrieval.index.sentence_vectors.pack`), for the
# answer step; chunk records only, "" / no key on those written before they existed.
SENTENCE_VECTORS = "sentence_vectors"


@dataclass(frozen=True)
class Place:
    """Where a chunk is: its pages, its heading path and its legal path (see `PLACE`)."""

    page: int = 0
    page_end: int = 0
    heading: str = ""
    legal: str = ""

    def __bool__(self) -> bool:
        return bool(self.page or self.heading or self.legal)


NOWHERE = Place()
# The knowledge scopes an article belongs to (`retrieval.index.scopes`), on article and
# chunk records alike: names joined by "," ("" when in none: admins only). Records
# written before scopes existed have no such key and read back as `DEFAULT_SCOPE`.
# Ingestion changes it in place when ACCESS_FILE changes: no version, no re-embedding.
SCOPES = "scopes"


@dataclass(frozen=True)
class ArticleRecord:
    id: str
    version: str
    title: str
    source: str
    published: str
    url: str
    origin: str
    chunks: int
    text: str = ""
    published_precision: str = ""
    published_source: str = ""
    scopes: tuple[str, ...] = ()  # see SCOPES
    ocr_pages: str = ""  # see OCR_PAGES


@dataclass(frozen=True)
class ChunkRecord:
    id: str
    article_id: str
    version: str
    index: int
    paragraph: int
    start: int
    end: int
    text: str
    text_hash: str
    place: Place = NOWHERE
    sentence_vectors: str = ""  # see SENTENCE_VECTORS


@dataclass(frozen=True)
class Hit:
    """One retrieved passage, with what a citation needs."""

    chunk_id: str
    article_id: str
    title: str
    source: str
    published: str
    url: str
    origin: str
    text: str
    start: int
    end: int
    paragraph: int
    # Cosine similarity from the store; the hybrid retriever replaces it with its fused
    # score (and keeps the cosine in HybridResult.dense_scores).
    score: float
    published_precision: str = ""  # see PUBLISHED_PRECISION
    published_source: str = ""  # see PUBLISHED_SOURCE
    # Where the passage is (see `PLACE`): 0 / "" when unknown.
    page: int = 0
    page_end: int = 0
    heading: str = ""
    legal: str = ""
    ocr_pages: str = ""  # see OCR_PAGES

    def rescored(self, score: float) -> Hit:
        """This passage with another score: `dataclasses.replace` at a sixth of its cost
        (it checks every field's init flag on each call), for the ~55 candidates a
        question's search copies."""
        return _made({**self.__dict__, "score": score})

    def scored(self, score: float) -> Hit:
        """This passage with `score`: itself when it has it (what search's ranking asks of
        any candidate, `retrieval.search.timing.Ranked`)."""
        return self if self.score == score else self.rescored(score)

    @property
    def ocr(self) -> bool:
        """Whether this passage's text was read by OCR: its pages are among its article's
        `OCR_PAGES` (any of them, for a passage whose page is unknown)."""
        pages = parse_ocr_pages(self.ocr_pages)
        if not pages:
            return False
        if not self.page:
            return True
        return any(n in pages for n in range(self.page, max(self.page, self.page_end) + 1))

    @property
    def place(self) -> Place:
        return Place(self.page, self.page_end, self.heading, self.legal)


# --- ids and text ------------------------------------------------------------------------
def chunk_id(article_id: str, version: str, n: int) -> str:
    """The id of the `n`th chunk of an article version."""
    return f"{article_id}-{version}-{n:04d}"


def split_chunk_id(chunk_id: str) -> tuple[str, str]:
    """(article id, version) of a chunk id (`chunk_id`); ("", "") when it is not one."""
    article, _, rest = chunk_id.partition("-")
    version = rest.rpartition("-")[0]
    return (article, version) if version else ("", "")


def embedding_text(title: str, chunk: str, heading: str = "") -> str:
    """What gets embedded for a chunk, and what BM25 indexes: its article title gives the
    passage its topic, and its `HEADING` (when it has one) the section it belongs to."""
    return "\n".join(part for part in (title, heading, chunk) if part)


def text_hash(text: str) -> str:
    """The `TEXT_HASH` of an embedded text (`embedding_text`)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


# --- reading a stored chunk's metadata ---------------------------------------------------
def indexed_text(meta: Mapping[str, Any], doc: str) -> str:
    """The `embedding_text` of a stored chunk (its metadata and document)."""
    return embedding_text(str(meta.get(TITLE, "")), doc, str(meta.get(HEADING, "") or ""))


def scopes_value(scopes: tuple[str, ...]) -> str:
    """The `SCOPES` metadata value of a set of scope names."""
    return ",".join(sorted(set(scopes)))


def scopes_from(meta: Mapping[str, Any]) -> tuple[str, ...]:
    """The scopes of a stored chunk or article (see `SCOPES`)."""
    value = meta.get(SCOPES)
    if value is None:
        return (DEFAULT_SCOPE,)
    return tuple(name for name in str(value).split(",") if name)


def owner(meta: Mapping[str, Any]) -> tuple[str, str]:
    """(article id, version) of a stored chunk."""
    return str(meta.get(ARTICLE_ID)), str(meta.get(VERSION))


def span(meta: Mapping[str, Any]) -> tuple[int, int, int]:
    """(start, end, paragraph) of a stored chunk."""
    return int(meta[START]), int(meta[END]), int(meta[PARAGRAPH])


def place(meta: Mapping[str, Any]) -> Place:
    """The `Place` of a stored chunk (`NOWHERE` for one written before places existed)."""
    if not any(key in meta for key in PLACE):
        return NOWHERE
    return Place(
        page=int(meta.get(PAGE) or 0),
        page_end=int(meta.get(PAGE_END) or 0),
        heading=str(meta.get(HEADING) or ""),
        legal=str(meta.get(LEGAL) or ""),
    )


def legal_parts(legal: str) -> list[tuple[str, str, str]]:
    """(kind, first, last) of each level of a `LEGAL` path: "Điều 5|Khoản 2-3" gives
    [("Điều", "5", "5"), ("Khoản", "2", "3")]."""
    parts: list[tuple[str, str, str]] = []
    for level in filter(None, legal.split("|")):
        kind, _, number = level.rpartition(" ")
        first, _, last = number.partition("-")
        parts.append((kind, first, last or first))
    return parts


def citation(meta: Mapping[str, Any]) -> tuple[str, ...]:
    """The `CITATION` fields of a stored chunk or article, in that order."""
    return tuple(str(meta.get(key, "")) for key in CITATION)


def _made(fields: dict[str, Any]) -> Hit:
    # A Hit from all its fields without the frozen __init__, which makes one
    # object.__setattr__ per field: Hit has no __post_init__, so this is the same object
    # at a third of the cost, and search makes one per candidate (~55 a question).
    new = object.__new__(Hit)
    new.__dict__.update(fields)
    return new


def padded(fields: tuple[str, ...]) -> tuple[str, ...]:
    """`citation` fields as `CITATION` lists them now: those kept before the last ones
    existed (a search snapshot's meta.json) read as ""."""
    if len(fields) == len(CITATION):
        return fields
    return (*fields, *("",) * (len(CITATION) - len(fields)))[: len(CITATION)]


def parse_ocr_pages(value: str) -> frozenset[int]:
    """The page numbers of an `OCR_PAGES` value ("1,3" -> {1, 3})."""
    return frozenset(int(part) for part in value.split(",") if part.strip().isdigit())


def ocr_pages_value(pages: tuple[int, ...]) -> str:
    """The `OCR_PAGES` value of page numbers."""
    return ",".join(str(n) for n in sorted(set(pages)))


def hit(
    chunk_id: str,
    article_id: str,
    fields: tuple[str, ...],
    text: str,
    where: tuple[int, int, int],
    score: float,
    at: Place = NOWHERE,
) -> Hit:
    """A Hit from a chunk's `citation` fields and `span`, however they were kept."""
    title, source, published, url, origin, precision, published_source, ocr = padded(fields)
    start, end, paragraph = where
    return _made(
        dict(
            chunk_id=chunk_id,
            article_id=article_id,
            title=title,
            source=source,
            published=published,
            url=url,
            origin=origin,
            text=text,
            start=start,
            end=end,
            paragraph=paragraph,
            score=score,
            published_precision=precision,
            published_source=published_source,
            page=at.page,
            page_end=at.page_end,
            heading=at.heading,
            legal=at.legal,
            ocr_pages=ocr,
        )
    )


# --- records <-> Chroma metadata ---------------------------------------------------------
def chunk_meta(c: ChunkRecord, a: ArticleRecord) -> dict[str, Any]:
    # Place keys only on chunks that have one: a news chunk's metadata stays as it was.
    where = (
        {
            PAGE: c.place.page,
            PAGE_END: c.place.page_end,
            HEADING: c.place.heading,
            LEGAL: c.place.legal,
        }
        if c.place
        else {}
    )
    return where | {
        ARTICLE_ID: c.article_id,
        VERSION: c.version,
        INDEX: c.index,
        PARAGRAPH: c.paragraph,
        START: c.start,
        END: c.end,
        TEXT_HASH: c.text_hash,
        TITLE: a.title,
        SOURCE: a.source,
        PUBLISHED: a.published,
        URL: a.url,
        ORIGIN: a.origin,
        PUBLISHED_PRECISION: a.published_precision,
        PUBLISHED_SOURCE: a.published_source,
        SCOPES: scopes_value(a.scopes),
        **_ocr_meta(a),
        # Only where there are some: a chunk without sentences stays as it was.
        **({SENTENCE_VECTORS: c.sentence_vectors} if c.sentence_vectors else {}),
    }


def _ocr_meta(a: ArticleRecord) -> dict[str, Any]:
    # Only on articles with OCR'd pages: other records' metadata stays as it was.
    return {OCR_PAGES: a.ocr_pages} if a.ocr_pages else {}


def article_meta(a: ArticleRecord) -> dict[str, Any]:
    return {
        VERSION: a.version,
        TITLE: a.title,
        SOURCE: a.source,
        PUBLISHED: a.published,
        URL: a.url,
        ORIGIN: a.origin,
        PUBLISHED_PRECISION: a.published_precision,
        PUBLISHED_SOURCE: a.published_source,
        CHUNKS: a.chunks,
        SCOPES: scopes_value(a.scopes),
        **_ocr_meta(a),
    }


def article_from(aid: str, meta: Mapping[str, Any], text: str) -> ArticleRecord:
    title, source, published, url, origin, precision, published_source, ocr = citation(meta)
    return ArticleRecord(
        id=aid,
        version=str(meta[VERSION]),
        title=title,
        source=source,
        published=published,
        url=url,
        origin=origin,
        chunks=int(meta.get(CHUNKS, 0)),
        text=text,
        published_precision=precision,
        published_source=published_source,
        scopes=scopes_from(meta),
        ocr_pages=ocr,
    )


def chunk_from(cid: str, meta: Mapping[str, Any], doc: str) -> ChunkRecord:
    start, end, paragraph = span(meta)
    return ChunkRecord(
        id=cid,
        article_id=str(meta[ARTICLE_ID]),
        version=str(meta[VERSION]),
        index=int(meta[INDEX]),
        paragraph=paragraph,
        start=start,
        end=end,
        text=doc,
        text_hash=str(meta.get(TEXT_HASH, "")),
        place=place(meta),
        sentence_vectors=str(meta.get(SENTENCE_VECTORS, "")),
    )


def hit_from(cid: str, meta: Mapping[str, Any], doc: str, distance: float) -> Hit:
    """A Hit from a stored chunk, scored by its cosine (1 - the cosine `distance`)."""
    return hit(
        cid,
        str(meta[ARTICLE_ID]),
        citation(meta),
        doc,
        span(meta),
        1.0 - float(distance),
        place(meta),
    )
