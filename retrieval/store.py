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
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.embeddings import ModelIdentity
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
    pass


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
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    # Telemetry off: staff questions and documents stay on the organisation's machines.
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


class Store:
    """One generation of the index: its chunks and articles collections."""

    def __init__(self, client: Any, prefix: str, generation: int) -> None:
        self.client = client
        self.prefix = prefix
        self.generation = generation
        self.chunks = _collection(client, f"{prefix}-chunks-g{generation}")
        self.articles = _collection(client, f"{prefix}-articles-g{generation}")

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
        for start in range(0, len(articles), _PAGE):
            part = articles[start : start + _PAGE]
            self.articles.upsert(
                ids=[a.id for a in part],
                embeddings=[_ARTICLE_VECTOR] * len(part),
                documents=[a.text for a in part],
                metadatas=[_article_meta(a) for a in part],
            )

    def remove_article(self, article_id: str) -> None:
        # Record first: from that moment its chunks are invisible, even if we die here.
        self.articles.delete(ids=[article_id])
        self.chunks.delete(where={"article_id": article_id})

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None:
        for start in range(0, len(chunk_ids), _PAGE):
            self.chunks.delete(ids=list(chunk_ids[start : start + _PAGE]))

    # --- search --------------------------------------------------------------------------
    def search(self, query_vector: np.ndarray, k: int) -> list[Hit]:
        """Nearest visible chunks; invisible (uncommitted or stale) ones are skipped."""
        total = self.chunks.count()
        if total == 0:
            return []
        n = min(total, max(k * 2, k + 10))
        while True:
            res = self.chunks.query(
                query_embeddings=[np.asarray(query_vector, dtype=np.float32)],
                n_results=n,
                include=["metadatas", "documents", "distances"],
            )
            # A vector index loaded by this process can still list a chunk that another
            # process deleted; such rows come back without metadata and are skipped.
            rows = [
                row
                for row in zip(
                    res["ids"][0],
                    res["metadatas"][0],
                    res["documents"][0],
                    res["distances"][0],
                    strict=True,
                )
                if row[1] is not None
            ]
            versions = self._versions({str(meta["article_id"]) for _, meta, _, _ in rows})
            hits = [
                _hit_from(cid, meta, doc or "", dist)
                for cid, meta, doc, dist in rows
                if versions.get(str(meta["article_id"])) == meta["version"]
            ]
            if len(hits) >= k or n >= total:
                return hits[:k]
            n = min(total, n * 4)

    def hits_by_id(self, chunk_ids: Sequence[str], query_vector: np.ndarray) -> dict[str, Hit]:
        """Visible chunks by id, as Hits scored by their cosine with `query_vector`.

        For chunks another search (BM25) found: invisible ones (an uncommitted version, or
        ids from a lexical index older than the store) are left out.
        """
        if not chunk_ids:
            return {}
        got = self.chunks.get(ids=list(chunk_ids), include=["metadatas", "documents", "embeddings"])
        rows = [
            row
            for row in zip(
                got["ids"], got["metadatas"], got["documents"], got["embeddings"], strict=True
            )
            if row[1] is not None
        ]
        versions = self._versions({str(meta["article_id"]) for _, meta, _, _ in rows})
        out: dict[str, Hit] = {}
        for cid, meta, doc, emb in rows:
            if versions.get(str(meta["article_id"])) != meta["version"]:
                continue
            cosine = float(np.dot(np.asarray(emb, dtype=np.float32), query_vector))
            out[cid] = _hit_from(cid, meta, doc or "", 1.0 - cosine)
        return out

    def _versions(self, article_ids: set[str]) -> dict[str, str]:
        if not article_ids:
            return {}
        got = self.articles.get(ids=sorted(article_ids), include=["metadatas"])
        return {
            aid: str(meta["version"])
            for aid, meta in zip(got["ids"], got["metadatas"], strict=True)
        }


class Index:
    """The registry: which generation answers questions, and generation switching."""

    def __init__(self, settings: Settings, client: Any | None = None) -> None:
        self.settings = settings
        self.client = client if client is not None else make_client(settings)
        self.prefix = settings.chroma_collection
        self.registry = _collection(self.client, f"{self.prefix}-registry")

    def close(self) -> None:
        """Release this process's handle on the database (the last close frees it)."""
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
        return Store(self.client, self.prefix, self.active_generation())

    def open_for(self, ident: ModelIdentity) -> Store:
        """The active store, checked against the model that will read or write it."""
        store = self.active()
        store.check_identity(ident)
        return store

    def start_rebuild(self, ident: ModelIdentity) -> Store:
        """A generation to fill next to the active one.

        A rebuild killed half-way is resumed (its chunks are reused) when the model is the
        same; otherwise the leftover generation is dropped and started afresh.
        """
        active = self.active_generation()
        for gen in self._generations():
            if gen <= active:
                continue
            store = Store(self.client, self.prefix, gen)
            stored = store.identity()
            if stored is not None and stored.agrees_with(ident):
                log.info("resuming the unfinished rebuild in generation %d", gen)
                return store
            self._drop(gen)
        gen = max([active, *self._generations()]) + 1
        store = Store(self.client, self.prefix, gen)
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
        """Where the lexical index of a generation is saved, next to Chroma's files."""
        return Path(self.settings.chroma_path) / f"lexical-{self.prefix}-g{generation}"

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
        shutil.rmtree(self.lexical_folder(gen), ignore_errors=True)

    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]:
        """One writer at a time per Chroma folder; a second one is refused, not queued."""
        path = Path(self.settings.chroma_path) / ".ingest.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a+") as fh:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                fh.seek(0)
                holder = fh.read().strip() or "another process"
                raise StoreBusyError(
                    f"Another ingestion ({holder}) is writing to {self.settings.chroma_path}. "
                    "Wait for it to finish and run again."
                ) from None
            fh.seek(0)
            fh.truncate()
            fh.write(f"pid {os.getpid()}")
            fh.flush()
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _collection(client: Any, name: str) -> Any:
    # embedding_function=None: Chroma must never compute vectors itself (its default
    # function downloads a model); every vector comes from our Embedder.
    return client.get_or_create_collection(
        name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
    )


def _pages(collection: Any, include: list[str]) -> Iterator[tuple[list[str], list[Any], Any]]:
    offset = 0
    while True:
        got = collection.get(include=include, limit=_PAGE, offset=offset)
        ids = got["ids"]
        if not ids:
            return
        yield ids, got.get("metadatas") or [], got.get("documents")
        if len(ids) < _PAGE:
            return
        offset += len(ids)


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
