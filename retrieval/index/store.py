"""All access to Chroma goes through this module.

Layout inside one Chroma database (collection names start with CHROMA_COLLECTION, "hoidap"):

- `hoidap-registry`: holds no records; its metadata names the active generation.
- `hoidap-chunks-g<N>`: one record per chunk: its vector, its original text (for quoting)
  and metadata (article id, article version, span, paragraph, title, source, ...).
  The collection's metadata records the model identity its vectors came from.
- `hoidap-articles-g<N>`: one record per article: the full article text and the *committed*
  version. A chunk is visible to search only when its article's committed version equals
  the chunk's version. That one rule is what makes re-ingestion crash-safe: new chunks
  are written first, then the article record flips to the new version (one atomic write),
  then the old chunks are deleted. A process killed anywhere leaves every article
  answering with exactly its old or its new version; the next run removes leftovers.

`--rebuild` fills generation N+1 while N keeps answering, and flips the registry when done.

Two ways to reach Chroma (`make_client`):

- embedded (the default): a `PersistentClient` on CHROMA_PATH. It serves one process at a
  time: a process that has it open keeps its own in-memory view, so it would not see what
  another process writes. An ingestion is therefore refused while another process writes
  *or reads* the same folder (`Index.writer_lock`, `retrieval.index.locks`), and the message
  names server mode.
- server (CHROMA_URL): an `HttpClient` to `chroma run --path … --port …`, shared by the bot
  and scheduled ingestion, possibly on several hosts. A lost server raises
  `StoreUnavailable` (bounded by CHROMA_TIMEOUT); the next call after the server is back
  simply works (no state is kept in the client).

Besides its collection metadata (`active`), the registry holds three small records that let
other processes follow along:

- `writer`: the lease of the one ingestion allowed to write (see `Index.writer_lock`);
- `changes`: a token replaced whenever an article version is committed or removed;
- `lexical`: the signature of the search snapshot (`retrieval.search.snapshot`) the last ingestion
  saved, with the `changes` token it matches. A reader (`Services.refresh_if_changed`)
  compares the two to learn, in two small requests, whether its snapshot is current, whether
  the writer's saved copy (CHROMA_PATH/lexical-…, on a shared disk) can be loaded, or whether
  it must update its own from the store.

The search snapshot and lock files are local files under CHROMA_PATH in both modes.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from retrieval.embedding.base import ModelIdentity
from retrieval.index import locks
from retrieval.settings import Settings

log = logging.getLogger(__name__)

_PAGE = 5000  # rows per get(): keeps memory flat on large collections
# The articles collection only needs ids and metadata; Chroma still wants a vector per
# record, so each gets this constant one (and Chroma never computes one itself).
_ARTICLE_VECTOR = [1.0]


class StoreError(RuntimeError):
    """A problem with the index that an admin can fix; the message names the fix."""


class ModelMismatchError(StoreError):
    pass


class StoreBusyError(StoreError):
    """Another process writes (or, in embedded mode, has the index open); try again later."""


class IndexInUseError(StoreBusyError):
    """Embedded mode: other processes have CHROMA_PATH open, so no ingestion may write."""


class StoreUnavailable(StoreError):
    """The Chroma server (CHROMA_URL) cannot be reached or does not answer in time.

    Nothing is wrong with the index: the next call after the server is back works.
    """


class CollectionGone(StoreError):
    """A collection this process was using has been dropped (a rebuild switched
    generations); reopen the active generation."""


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


@dataclass
class StoreStats:
    articles: int
    chunks: int
    generation: int
    model: str
    fingerprint: str
    sources: dict[str, int] = field(default_factory=dict)


def make_client(settings: Settings) -> Any:
    """An embedded client on CHROMA_PATH, or an HTTP client to CHROMA_URL; either way its
    failures come out as this module's errors (`_Guarded`)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    # Telemetry off: staff questions and documents stay on the organisation's machines.
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if not settings.chroma_url:
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
        return _Guarded(client, "")
    url = settings.chroma_url
    host, port, ssl = parse_chroma_url(url)
    # Our own bounded heartbeat first: the client's constructor already talks to the server,
    # without any time limit.
    _heartbeat(url, settings.chroma_timeout)
    try:
        client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=chroma_settings)
    except ValueError as exc:  # "Could not connect to a Chroma server"
        raise StoreUnavailable(_unreachable(url, exc)) from exc
    _bound_requests(client, settings.chroma_timeout)
    return _Guarded(client, url)


def parse_chroma_url(url: str) -> tuple[str, int, bool]:
    """CHROMA_URL -> (host, port, ssl); a URL without a port means Chroma's 8000 (443 for
    https)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(
            f"CHROMA_URL={url!r} is not a server URL such as http://127.0.0.1:8000 "
            "(leave it empty for the embedded database in CHROMA_PATH)."
        )
    if parts.path.strip("/"):
        raise StoreError(f"CHROMA_URL={url!r}: give the server's root URL, without a path.")
    ssl = parts.scheme == "https"
    try:
        port = parts.port or (443 if ssl else 8000)
    except ValueError as exc:
        raise StoreError(f"CHROMA_URL={url!r} has an invalid port.") from exc
    return parts.hostname, port, ssl


def _heartbeat(url: str, timeout: float) -> None:
    import httpx

    try:
        httpx.get(f"{url.rstrip('/')}/api/v2/heartbeat", timeout=timeout).raise_for_status()
    except httpx.HTTPError as exc:
        raise StoreUnavailable(_unreachable(url, exc)) from exc


def _bound_requests(client: Any, seconds: float) -> None:
    """Give the HTTP client's requests a time limit (chromadb creates them without one)."""
    import httpx

    # chromadb offers no setting for it; its client keeps a plain httpx.Client. If a future
    # version hides it, say so rather than hang silently.
    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(seconds, connect=min(seconds, 5.0))
    else:
        log.warning(
            "this chromadb version hides its HTTP session: requests to the Chroma server "
            "have no time limit (CHROMA_TIMEOUT is not applied)"
        )


def _unreachable(url: str, exc: BaseException) -> str:
    return (
        f"The Chroma server at {url} (CHROMA_URL) cannot be reached "
        f"({type(exc).__name__}: {exc}). Start it (`chroma run --path … --port …`), check "
        "CHROMA_URL, or raise CHROMA_TIMEOUT if the server is only slow."
    )


class _Guarded:
    """A Chroma client or collection whose failures come out as this module's errors.

    A server that is down, unreachable or too slow -> `StoreUnavailable`; a collection
    dropped by another process (a rebuild switched generations) -> `CollectionGone`.
    Collections it returns are guarded too, so every Chroma call in the code (this module's
    and the search snapshot's reads through `Store`) is covered in one place.
    """

    def __init__(self, target: Any, url: str) -> None:
        self._target = target
        self._url = url

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if not callable(attr):
            return attr

        @functools.wraps(attr)
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                out = attr(*args, **kwargs)
            except Exception as exc:
                translated = self._translate(exc)
                if translated is exc:
                    raise
                raise translated from exc
            return _Guarded(out, self._url) if _is_collection(out) else out

        return call

    def _translate(self, exc: Exception) -> Exception:
        import httpx
        from chromadb.errors import NotFoundError

        if isinstance(exc, httpx.TransportError):
            return StoreUnavailable(_unreachable(self._url, exc))
        if isinstance(exc, NotFoundError):
            return CollectionGone(f"{exc} (another process dropped it: reopen the index)")
        return exc


def _is_collection(value: Any) -> bool:
    from chromadb.api.models.Collection import Collection

    return isinstance(value, Collection)


class Store:
    """One generation of the index: its chunks and articles collections."""

    def __init__(
        self,
        client: Any,
        prefix: str,
        generation: int,
        *,
        before_write: Callable[[], None] | None = None,
        after_change: Callable[[], None] | None = None,
        visible: Visible | None = None,
    ) -> None:
        self.client = client
        self.prefix = prefix
        self.generation = generation
        self.chunks = _collection(client, f"{prefix}-chunks-g{generation}")
        self.articles = _collection(client, f"{prefix}-articles-g{generation}")
        # Set by `Index`: stop a writer that lost its lease; tell readers what changed.
        self._before_write = before_write or _nothing
        self._after_change = after_change or _nothing
        self.visible = visible or Visible()

    # --- model identity ------------------------------------------------------------------
    def identity(self) -> ModelIdentity | None:
        meta = self.client.get_collection(self.chunks.name, embedding_function=None).metadata or {}
        if "model_name" not in meta:
            return None
        return ModelIdentity(
            name=str(meta["model_name"]),
            dim=int(meta["model_dim"]),
            probe=tuple(json.loads(str(meta["model_probe"]))),
        )

    def set_identity(self, ident: ModelIdentity) -> None:
        self.chunks.modify(
            metadata={
                "model_name": ident.name,
                "model_dim": ident.dim,
                "model_fingerprint": ident.fingerprint,
                "model_probe": json.dumps(list(ident.probe)),
            }
        )

    def check_identity(self, ident: ModelIdentity) -> None:
        """Refuse to mix vectors of two models in one index."""
        stored = self.identity()
        if stored is None:
            if self.chunks.count() == 0:
                self.set_identity(ident)
                return
            raise ModelMismatchError(
                "The index has vectors but no record of the model that made them. "
                "Run `python -m ingest --rebuild` to re-embed it with the configured model."
            )
        if not stored.agrees_with(ident):
            raise ModelMismatchError(
                f"The index was built with embedding model {stored.name!r} "
                f"(dim {stored.dim}, fingerprint {stored.fingerprint}), but the configured "
                f"model is {ident.name!r} (dim {ident.dim}, fingerprint {ident.fingerprint}). "
                "Run `python -m ingest --rebuild` to re-embed the articles with the "
                "configured model, or set EMBEDDING_MODEL back to the one the index uses."
            )

    # --- reading -------------------------------------------------------------------------
    def committed(self) -> dict[str, ArticleRecord]:
        """Every committed article (without its text), by id."""
        out: dict[str, ArticleRecord] = {}
        for ids, metas, _ in _pages(self.articles, include=["metadatas"]):
            for aid, meta in zip(ids, metas, strict=True):
                out[aid] = _article_from(aid, meta, "")
        return out

    def article_texts(self, ids: Sequence[str]) -> dict[str, ArticleRecord]:
        out: dict[str, ArticleRecord] = {}
        for start in range(0, len(ids), _PAGE):
            got = self.articles.get(
                ids=list(ids[start : start + _PAGE]), include=["metadatas", "documents"]
            )
            for aid, meta, doc in zip(got["ids"], got["metadatas"], got["documents"], strict=True):
                out[aid] = _article_from(aid, meta, doc or "")
        return out

    def chunk_index(self) -> dict[str, tuple[str, str, str]]:
        """chunk id -> (article id, version, text hash) for every chunk, visible or not."""
        out: dict[str, tuple[str, str, str]] = {}
        for ids, metas, _ in _pages(self.chunks, include=["metadatas"]):
            for cid, meta in zip(ids, metas, strict=True):
                out[cid] = (
                    str(meta["article_id"]),
                    str(meta["version"]),
                    str(meta.get("text_hash", "")),
                )
        return out

    def chunks_of(self, article_id: str) -> list[ChunkRecord]:
        got = self.chunks.get(where={"article_id": article_id}, include=["metadatas", "documents"])
        return [
            _chunk_from(cid, meta, doc or "")
            for cid, meta, doc in zip(got["ids"], got["metadatas"], got["documents"], strict=True)
        ]

    def chunk_rows(
        self, article_ids: Sequence[str] | None = None
    ) -> Iterator[tuple[str, dict[str, Any], str, np.ndarray]]:
        """(chunk id, metadata, text, vector) of every chunk, visible or not, or of the
        given articles' chunks only; paged, so memory stays flat."""
        include = ["metadatas", "documents", "embeddings"]
        if article_ids is None:
            pages: Iterable[dict[str, Any]] = _raw_pages(self.chunks, include)
        else:
            ids = list(article_ids)
            # Per group of articles: an article has a few chunks, so a page stays small.
            pages = (
                self.chunks.get(where={"article_id": {"$in": ids[i : i + 500]}}, include=include)
                for i in range(0, len(ids), 500)
            )
        for got in pages:
            embeddings = got["embeddings"]
            for i, (cid, meta, doc) in enumerate(
                zip(got["ids"], got["metadatas"], got["documents"], strict=True)
            ):
                if meta is not None:
                    yield cid, dict(meta), doc or "", np.asarray(embeddings[i], dtype=np.float32)

    @property
    def collection_id(self) -> str:
        """The chunks collection's id: a new one (even under the same name) is new data."""
        return str(self.chunks.id)

    def vectors(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        if not chunk_ids:
            return {}
        got = self.chunks.get(ids=list(chunk_ids), include=["embeddings"])
        return {
            cid: np.asarray(vec, dtype=np.float32)
            for cid, vec in zip(got["ids"], got["embeddings"], strict=True)
        }

    def stats(self) -> StoreStats:
        ident = self.identity()
        sources: dict[str, int] = {}
        committed = self.committed()
        for rec in committed.values():
            key = rec.source or "(unknown)"
            sources[key] = sources.get(key, 0) + 1
        return StoreStats(
            articles=len(committed),
            chunks=self.chunks.count(),
            generation=self.generation,
            model=ident.name if ident else "",
            fingerprint=ident.fingerprint if ident else "",
            sources=dict(sorted(sources.items(), key=lambda kv: -kv[1])),
        )

    # --- writing -------------------------------------------------------------------------
    def write_chunks(
        self, rows: Sequence[tuple[ChunkRecord, ArticleRecord]], vectors: np.ndarray
    ) -> None:
        """Write chunks (invisible until their article version is committed)."""
        self._before_write()
        for start in range(0, len(rows), _PAGE):
            part = rows[start : start + _PAGE]
            self.chunks.upsert(
                ids=[c.id for c, _ in part],
                embeddings=np.asarray(vectors[start : start + _PAGE], dtype=np.float32),
                documents=[c.text for c, _ in part],
                metadatas=[_chunk_meta(c, a) for c, a in part],
            )

    def commit(self, articles: Sequence[ArticleRecord]) -> None:
        """Make each article's version the visible one: one atomic write per batch."""
        self._before_write()
        for start in range(0, len(articles), _PAGE):
            part = articles[start : start + _PAGE]
            self.articles.upsert(
                ids=[a.id for a in part],
                embeddings=[_ARTICLE_VECTOR] * len(part),
                documents=[a.text for a in part],
                metadatas=[_article_meta(a) for a in part],
            )
        self.visible.committed(articles)
        if articles:
            self._after_change()

    def remove_article(self, article_id: str) -> None:
        # Record first: from that moment its chunks are invisible, even if we die here.
        self._before_write()
        self.articles.delete(ids=[article_id])
        self.visible.removed(article_id)
        self._after_change()
        self.chunks.delete(where={"article_id": article_id})

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None:
        # Only invisible chunks are deleted this way (stale or orphaned): no change to tell.
        if chunk_ids:
            self._before_write()
        for start in range(0, len(chunk_ids), _PAGE):
            self.chunks.delete(ids=list(chunk_ids[start : start + _PAGE]))

    # --- search --------------------------------------------------------------------------
    def search(self, query_vector: np.ndarray, k: int) -> list[Hit]:
        """Nearest visible chunks; invisible (uncommitted or stale) ones are skipped."""
        nearest = self.nearest(query_vector, k)
        hits = self.hits(dict(nearest))
        return [hits[cid] for cid, _ in nearest if cid in hits][:k]

    def nearest(self, query_vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """The `k` nearest visible chunk ids with their cosine, best first.

        Only ids and distances come back from Chroma (the vector index alone, ~1.5 ms at
        36,000 chunks; asking for metadata and text as well costs ~6 ms more), and
        visibility is decided from the chunk id (`Visible`): text is fetched only for the
        few passages that are finally shown (`hits`).
        """
        vector = np.asarray(query_vector, dtype=np.float32)

        def query(n: int) -> list[tuple[str, float]]:
            res = self.chunks.query(query_embeddings=[vector], n_results=n, include=["distances"])
            return [
                (cid, 1.0 - float(d))
                for cid, d in zip(res["ids"][0], res["distances"][0], strict=True)
            ]

        # Chroma also holds stale and uncommitted chunks: ask for some spares from the start.
        return visible_nearest(
            query, lambda ids: self.visible.filter(self, ids), k, max(k * 2, k + 10)
        )

    def cosines(self, chunk_ids: Sequence[str], query_vector: np.ndarray) -> dict[str, float]:
        """Cosine with `query_vector` of the visible chunks among `chunk_ids` (ids another
        search found, such as BM25); invisible or missing ones are left out."""
        visible = self.visible.filter(self, chunk_ids)
        wanted = [cid for cid in chunk_ids if cid in visible]
        if not wanted:
            return {}
        got = self.chunks.get(ids=wanted, include=["embeddings"])
        vector = np.asarray(query_vector, dtype=np.float32)
        return {
            cid: float(np.dot(np.asarray(emb, dtype=np.float32), vector))
            for cid, emb in zip(got["ids"], got["embeddings"], strict=True)
        }

    def hits(self, scores: dict[str, float]) -> dict[str, Hit]:
        """Text and metadata of the chunks in `scores` (chunk id -> score), as Hits. A chunk
        deleted since its id was found (another process's ingestion) is left out."""
        if not scores:
            return {}
        got = self.chunks.get(ids=list(scores), include=["metadatas", "documents"])
        return {
            cid: _hit_from(cid, meta, doc or "", 1.0 - scores[cid])
            for cid, meta, doc in zip(got["ids"], got["metadatas"], got["documents"], strict=True)
            if meta is not None
        }

    def hits_by_id(self, chunk_ids: Sequence[str], query_vector: np.ndarray) -> dict[str, Hit]:
        """Visible chunks by id, as Hits scored by their cosine with `query_vector`."""
        return self.hits(self.cosines(chunk_ids, query_vector))


class Visible:
    """The committed version of every article of one generation, shared by the `Store`s
    of one `Index`: search decides whether a chunk is visible from its id ("<article id>-
    <version>-<n>") instead of asking Chroma for the article records on every question
    (two requests, ~6 ms at 10,000 articles).

    Loaded on first use (one paged read: ~0.8 s at 10,000 articles). Commits and removals
    made through this process's `Store`s keep it exact. Changes made by another process
    (server mode) are picked up when `Services` sees the registry's change token move and
    calls `forget()`; until then new versions stay invisible, as they are to the lexical
    index, and chunks deleted meanwhile are skipped by `Store.hits`.
    """

    def __init__(self) -> None:
        self._versions: dict[str, str] | None = None
        self._lock = threading.Lock()

    def filter(self, store: Store, chunk_ids: Sequence[str]) -> set[str]:
        versions = self.load(store)
        out = set()
        for cid in chunk_ids:
            article, version = split_chunk_id(cid)
            if version and versions.get(article) == version:
                out.add(cid)
        return out

    def committed(self, articles: Sequence[ArticleRecord]) -> None:
        versions = self._versions
        if versions is not None:  # not loaded yet: the load will read them
            for a in articles:
                versions[a.id] = a.version

    def removed(self, article_id: str) -> None:
        versions = self._versions
        if versions is not None:
            versions.pop(article_id, None)

    def forget(self) -> None:
        self._versions = None

    def load(self, store: Store) -> dict[str, str]:
        versions = self._versions
        if versions is None:
            with self._lock:
                if self._versions is None:
                    self._versions = {
                        aid: str(meta["version"])
                        for ids, metas, _ in _pages(store.articles, include=["metadatas"])
                        for aid, meta in zip(ids, metas, strict=True)
                    }
                versions = self._versions
        return versions


# Registry records (see the module docstring).
_WRITER, _CHANGES, _LEXICAL = "writer", "changes", "lexical"
# A lease not renewed for this long (by the Chroma server's clock, so hosts need not agree
# on the time) belongs to a writer that died or lost the server: another host may take
# over. On the writer's own host a dead process is recognised at once (its pid), so a killed
# ingestion never blocks the next one.
LEASE_SECONDS = 30.0
_RENEW_SECONDS = 5.0
# Between writing a claim and reading it back. Chroma has no compare-and-set: two writers
# starting together both write their claim, and the one whose claim was overwritten backs
# off. (A writer stalled for longer than this between its check and its write could still
# slip in; the lease renewal then finds one of the two out before its next write.)
_SETTLE_SECONDS = 0.5
# Tokens of the leases this process holds right now (a lease record naming this process
# but not listed here was left by an earlier run whose release failed).
_HELD: set[str] = set()
_HELD_LOCK = threading.Lock()


@dataclass(frozen=True)
class WriterLease:
    """The registry's `writer` record: who may write, and when it last said so."""

    token: str
    process: locks.ProcessId
    started_ns: int
    renewed_ns: int

    def live(self, now_ns: Callable[[], int]) -> bool:
        me = locks.ProcessId.current()
        if self.process.host == me.host and self.process.pid == me.pid:
            with _HELD_LOCK:
                return self.token in _HELD
        if self.process.on_this_host():
            return self.process.alive()
        return now_ns() - self.renewed_ns < LEASE_SECONDS * 1e9

    def to_meta(self) -> dict[str, Any]:
        p = self.process
        return {
            "token": self.token,
            "host": p.host,
            "pid": p.pid,
            "pid_start": p.start,
            "command": p.command,
            "started_ns": self.started_ns,
            "renewed_ns": self.renewed_ns,
        }

    @classmethod
    def from_meta(cls, meta: Any) -> WriterLease | None:
        if not meta or not meta.get("token"):
            return None
        process = locks.ProcessId(
            str(meta.get("host", "")),
            int(meta.get("pid", 0)),
            str(meta.get("pid_start", "")),
            str(meta.get("command", "")),
        )
        return cls(
            str(meta["token"]), process, int(meta.get("started_ns", 0)), int(meta["renewed_ns"])
        )


@dataclass(frozen=True)
class IndexState:
    """What a reader needs, read in one go, to tell whether what it loaded is current."""

    generation: int
    # Replaced whenever an article version is committed or removed.
    changes: str
    # The search snapshot the last ingestion saved (in `Index.lexical_folder(generation)`):
    # its signature, and the `changes` token it matches.
    lexical_generation: int
    lexical_signature: str
    lexical_changes: str
    # The writer at work now, if any.
    writer: WriterLease | None

    @property
    def lexical_current(self) -> bool:
        """The last saved lexical index matches what search can see now."""
        return (
            bool(self.lexical_signature)
            and self.lexical_generation == self.generation
            and self.lexical_changes == self.changes
        )

    def key(self) -> tuple[object, ...]:
        """Equal keys: nothing a reader cares about has changed."""
        return (
            self.generation,
            self.changes,
            self.lexical_generation,
            self.lexical_signature,
            self.lexical_changes,
            self.writer is not None,
        )


class Index:
    """The registry: which generation answers questions, generation switching, and who
    writes."""

    def __init__(self, settings: Settings, client: Any | None = None) -> None:
        self.settings = settings
        self.client = client if client is not None else make_client(settings)
        self.prefix = settings.chroma_collection
        self.registry = _collection(self.client, f"{self.prefix}-registry")
        # Embedded mode: this process has the database open (see `retrieval.index.locks`).
        self._reader = None if self.server_mode else locks.ReaderMark(self._readers_folder())
        self._lease_lost = ""
        self._visible: dict[int, Visible] = {}

    @property
    def server_mode(self) -> bool:
        return bool(self.settings.chroma_url)

    def where(self) -> str:
        """The index, for messages: the server's URL or the embedded folder."""
        return self.settings.chroma_url or str(self.settings.chroma_path)

    def close(self) -> None:
        """Release this process's handle on the database (the last close frees it)."""
        if self._reader is not None:
            self._reader.release()
            self._reader = None
        self.client.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def active_generation(self) -> int:
        # Re-read every time: another process (a rebuild) may have switched generations.
        meta = self.client.get_collection(self.registry.name, embedding_function=None).metadata
        return int((meta or {}).get("active", 1))

    def active(self) -> Store:
        return self._store(self.active_generation())

    def open_for(self, ident: ModelIdentity) -> Store:
        """The active store, checked against the model that will read or write it."""
        store = self.active()
        store.check_identity(ident)
        return store

    def state(self) -> IndexState:
        """The registry's view for readers: two small requests."""
        generation = self.active_generation()
        records = self._records(_CHANGES, _LEXICAL, _WRITER)
        lexical = records.get(_LEXICAL) or {}
        lease = WriterLease.from_meta(records.get(_WRITER))
        return IndexState(
            generation=generation,
            changes=str((records.get(_CHANGES) or {}).get("token", "")),
            lexical_generation=int(lexical.get("generation", 0)),
            lexical_signature=str(lexical.get("signature", "")),
            lexical_changes=str(lexical.get("changes", "")),
            writer=lease if lease is not None and lease.live(self._now_ns) else None,
        )

    def publish_lexical(self, generation: int, signature: str) -> None:
        """Tell readers that the search snapshot saved in `lexical_folder(generation)` (with
        this signature) matches the store as it is now."""
        changes = str((self._records(_CHANGES).get(_CHANGES) or {}).get("token", ""))
        self.registry.upsert(
            ids=[_LEXICAL],
            embeddings=[_ARTICLE_VECTOR],
            metadatas=[{"generation": generation, "signature": signature, "changes": changes}],
        )

    def start_rebuild(self, ident: ModelIdentity) -> Store:
        """A generation to fill next to the active one.

        A rebuild killed half-way is resumed (its chunks are reused) when the model is the
        same; otherwise the leftover generation is dropped and started afresh.
        """
        active = self.active_generation()
        for gen in self._generations():
            if gen <= active:
                continue
            store = self._store(gen)
            stored = store.identity()
            if stored is not None and stored.agrees_with(ident):
                log.info("resuming the unfinished rebuild in generation %d", gen)
                return store
            self._drop(gen)
        gen = max([active, *self._generations()]) + 1
        store = self._store(gen)
        store.set_identity(ident)
        return store

    def switch_to(self, store: Store) -> None:
        """Make `store` the answering generation, then drop the older ones."""
        old = self.active_generation()
        self.registry.modify(metadata={"active": store.generation})
        for gen in self._generations():
            if gen != store.generation and gen <= max(old, store.generation):
                self._drop(gen)

    def lexical_folder(self, generation: int) -> Path:
        """Where the lexical index of a generation is saved: a local folder in both modes
        (processes on one host share it; a reader elsewhere builds its own copy)."""
        return Path(self.settings.chroma_path) / f"lexical-{self.prefix}-g{generation}"

    def _store(self, generation: int) -> Store:
        return Store(
            self.client,
            self.prefix,
            generation,
            before_write=self._check_lease,
            after_change=self._changed,
            visible=self._visible.setdefault(generation, Visible()),
        )

    def forget_versions(self) -> None:
        """Another process changed the index: re-read committed versions on next use."""
        for visible in self._visible.values():
            visible.forget()

    def _generations(self) -> list[int]:
        gens: set[int] = set()
        head = f"{self.prefix}-chunks-g"
        for col in self.client.list_collections():
            name = col if isinstance(col, str) else col.name
            if name.startswith(head) and name[len(head) :].isdigit():
                gens.add(int(name[len(head) :]))
        return sorted(gens)

    def _drop(self, gen: int) -> None:
        for kind in ("chunks", "articles"):
            with contextlib.suppress(Exception):  # already gone is fine
                self.client.delete_collection(f"{self.prefix}-{kind}-g{gen}")
        self._visible.pop(gen, None)
        shutil.rmtree(self.lexical_folder(gen), ignore_errors=True)

    # --- one writer ----------------------------------------------------------------------
    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]:
        """One writer at a time; a second one is refused, not queued.

        Embedded: an flock on CHROMA_PATH/.ingest.lock (exact, and the kernel frees it when
        the writer dies, however it dies); and no other process may have the folder open.

        Server: the flock cannot help (writers may run on other hosts, and the server's
        folder is not ours to lock), so the writer holds a lease record in the registry,
        renewed every few seconds by a thread; see `LEASE_SECONDS` and `_SETTLE_SECONDS`
        for how a dead writer's lease is recognised and how a race between two starts ends.
        A writer that finds its lease taken stops before its next write.

        The lease is written in embedded mode too, for readers: it tells them a writer is
        at work and will publish a fresh lexical index when it is done.
        """
        me = locks.ProcessId.current()
        with contextlib.ExitStack() as stack:
            if not self.server_mode:
                path = Path(self.settings.chroma_path)
                try:
                    stack.enter_context(locks.exclusive(path / ".ingest.lock", me.describe()))
                except locks.Busy as busy:
                    raise StoreBusyError(
                        f"Another ingestion ({busy}) is writing to {path}. Only one ingestion "
                        "may write at a time: wait for it to finish and run again. To ingest "
                        "on a schedule while the bot answers, use Chroma's server mode: "
                        f"`chroma run --path {path} --port 8000`, then "
                        "CHROMA_URL=http://127.0.0.1:8000 for the bot and the ingestion."
                    ) from None
                readers = locks.other_readers(self._readers_folder())
                if readers:
                    raise IndexInUseError(
                        f"Other processes have the embedded index in {path} open: "
                        f"{'; '.join(readers)}. Embedded Chroma serves one process at a time: "
                        "they would go on answering from what they loaded, and writing beside "
                        "them risks the files. Stop them and run again, ingest from the bot "
                        "itself (/reindex), or run Chroma as a server for all of them: "
                        f"`chroma run --path {path} --port 8000` and set "
                        "CHROMA_URL=http://127.0.0.1:8000."
                    )
            lease = self._claim(me)
            renewal = _Renewal(self, lease)
            try:
                yield
            finally:
                renewal.stop()
                try:
                    self._release(lease)
                except StoreError as exc:  # the server is gone: the lease will expire
                    log.warning("could not release the writer lease: %s", exc)

    def _claim(self, me: locks.ProcessId) -> WriterLease:
        current = self._read_lease()
        if current is not None and current.live(self._now_ns):
            raise StoreBusyError(self._busy(current))
        now = self._now_ns()
        lease = WriterLease(uuid.uuid4().hex, me, now, now)
        with _HELD_LOCK:
            _HELD.add(lease.token)
        self._lease_lost = ""
        self._write_lease(lease)
        if self.server_mode:  # embedded: the flock already decided
            time.sleep(_SETTLE_SECONDS)
            current = self._read_lease()
            if current is None or current.token != lease.token:
                with _HELD_LOCK:
                    _HELD.discard(lease.token)
                raise StoreBusyError(self._busy(current) if current else "lost a race")
        return lease

    def _renew(self, lease: WriterLease, stopping: threading.Event) -> bool:
        """Renew `lease`; False once another writer has it (this one must stop)."""
        current = self._read_lease()
        if current is None or current.token != lease.token:
            self._lease_lost = current.process.describe() if current else "nobody"
            log.error("this ingestion lost its writer lease to %s", self._lease_lost)
            return False
        now = self._now_ns()
        if not stopping.is_set():  # never re-create a lease that is being released
            self._write_lease(WriterLease(lease.token, lease.process, lease.started_ns, now))
        return True

    def _release(self, lease: WriterLease) -> None:
        with _HELD_LOCK:
            _HELD.discard(lease.token)
        current = self._read_lease()
        if current is not None and current.token == lease.token:
            self.registry.delete(ids=[_WRITER])

    def _check_lease(self) -> None:
        if self._lease_lost:
            raise StoreBusyError(
                f"This ingestion lost its right to write to {self.where()} to "
                f"{self._lease_lost}: it could not renew its lease for {LEASE_SECONDS:.0f} s "
                "(was the Chroma server unreachable?). It stopped before writing more; what "
                "it committed is complete. Run it again when the other one is done."
            )

    def _busy(self, holder: WriterLease) -> str:
        age = max(0.0, (self._now_ns() - holder.renewed_ns) / 1e9)
        message = (
            f"Another ingestion is writing to {self.where()} ({holder.process.describe()}, "
            f"last seen {age:.0f} s ago). Only one ingestion may write at a time: wait for it "
            "to finish and run again."
        )
        if not holder.process.on_this_host():
            message += (
                f" If that process is gone, its lease expires "
                f"{max(0.0, LEASE_SECONDS - age):.0f} s from now."
            )
        return message

    def _changed(self) -> None:
        self.registry.upsert(
            ids=[_CHANGES], embeddings=[_ARTICLE_VECTOR], metadatas=[{"token": uuid.uuid4().hex}]
        )

    def _read_lease(self) -> WriterLease | None:
        return WriterLease.from_meta(self._records(_WRITER).get(_WRITER))

    def _write_lease(self, lease: WriterLease) -> None:
        self.registry.upsert(
            ids=[_WRITER], embeddings=[_ARTICLE_VECTOR], metadatas=[lease.to_meta()]
        )

    def _records(self, *ids: str) -> dict[str, Any]:
        got = self.registry.get(ids=list(ids), include=["metadatas"])
        return dict(zip(got["ids"], got["metadatas"], strict=True))

    def _now_ns(self) -> int:
        # The Chroma server's clock (embedded: this host's): lease ages need one clock.
        return int(self.client.heartbeat())

    def _readers_folder(self) -> Path:
        return Path(self.settings.chroma_path) / ".readers"


class _Renewal:
    """The writer's lease, renewed every `_RENEW_SECONDS` by a daemon thread."""

    def __init__(self, index: Index, lease: WriterLease) -> None:
        self._stopping = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(index, lease), name="writer-lease", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        # Unbounded on purpose: a renewal in flight (bounded by CHROMA_TIMEOUT) must finish
        # before the release, or it could write the lease back after it.
        self._thread.join()

    def _run(self, index: Index, lease: WriterLease) -> None:
        while not self._stopping.wait(_RENEW_SECONDS):
            try:
                if not index._renew(lease, self._stopping):
                    return
            except StoreError as exc:
                log.warning("could not renew the writer lease: %s", exc)


def _nothing() -> None:
    pass


def _collection(client: Any, name: str) -> Any:
    # embedding_function=None: Chroma must never compute vectors itself (its default
    # function downloads a model); every vector comes from our Embedder.
    return client.get_or_create_collection(
        name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
    )


def _pages(collection: Any, include: list[str]) -> Iterator[tuple[list[str], list[Any], Any]]:
    for got in _raw_pages(collection, include):
        yield got["ids"], got.get("metadatas") or [], got.get("documents")


def _raw_pages(collection: Any, include: list[str]) -> Iterator[dict[str, Any]]:
    offset = 0
    while True:
        got = collection.get(include=include, limit=_PAGE, offset=offset)
        ids = got["ids"]
        if not ids:
            return
        yield got
        if len(ids) < _PAGE:
            return
        offset += len(ids)


def visible_nearest(
    search: Callable[[int], list[tuple[str, float]]],
    visible: Callable[[list[str]], set[str]],
    k: int,
    first: int,
) -> list[tuple[str, float]]:
    """The `k` best of `search(n)` (chunk id, cosine, best first) that are `visible`,
    asking for `first` and then four times as many while too few are visible and the
    search has more to give."""
    n = first
    while True:
        found = search(n)
        shown = visible([cid for cid, _ in found])
        out = [(cid, cosine) for cid, cosine in found if cid in shown]
        if len(out) >= k or len(found) < n:  # fewer than asked for: there are no more
            return out[:k]
        n *= 4


def split_chunk_id(chunk_id: str) -> tuple[str, str]:
    """(article id, version) of a chunk id "<article id>-<version>-<n>"; ("", "") when it
    is not one. Article ids never hold "-" (see `ingest.article.article_id`)."""
    article, _, rest = chunk_id.partition("-")
    version = rest.rpartition("-")[0]
    return (article, version) if version else ("", "")


def _chunk_meta(c: ChunkRecord, a: ArticleRecord) -> dict[str, Any]:
    return {
        "article_id": c.article_id,
        "version": c.version,
        "index": c.index,
        "paragraph": c.paragraph,
        "start": c.start,
        "end": c.end,
        "text_hash": c.text_hash,
        "title": a.title,
        "source": a.source,
        "published": a.published,
        "url": a.url,
        "origin": a.origin,
    }


def _article_meta(a: ArticleRecord) -> dict[str, Any]:
    return {
        "version": a.version,
        "title": a.title,
        "source": a.source,
        "published": a.published,
        "url": a.url,
        "origin": a.origin,
        "chunks": a.chunks,
    }


def _article_from(aid: str, meta: Any, text: str) -> ArticleRecord:
    return ArticleRecord(
        id=aid,
        version=str(meta["version"]),
        title=str(meta.get("title", "")),
        source=str(meta.get("source", "")),
        published=str(meta.get("published", "")),
        url=str(meta.get("url", "")),
        origin=str(meta.get("origin", "")),
        chunks=int(meta.get("chunks", 0)),
        text=text,
    )


def _chunk_from(cid: str, meta: Any, doc: str) -> ChunkRecord:
    return ChunkRecord(
        id=cid,
        article_id=str(meta["article_id"]),
        version=str(meta["version"]),
        index=int(meta["index"]),
        paragraph=int(meta["paragraph"]),
        start=int(meta["start"]),
        end=int(meta["end"]),
        text=doc,
        text_hash=str(meta.get("text_hash", "")),
    )


def _hit_from(cid: str, meta: Any, doc: str, distance: float) -> Hit:
    return Hit(
        chunk_id=cid,
        article_id=str(meta["article_id"]),
        title=str(meta.get("title", "")),
        source=str(meta.get("source", "")),
        published=str(meta.get("published", "")),
        url=str(meta.get("url", "")),
        origin=str(meta.get("origin", "")),
        text=doc,
        start=int(meta["start"]),
        end=int(meta["end"]),
        paragraph=int(meta["paragraph"]),
        score=1.0 - float(distance),
    )
