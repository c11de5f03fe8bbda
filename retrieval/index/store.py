"""One generation of the index in Chroma: its chunks and articles, and what search may see.

Inside one Chroma database (collection names start with CHROMA_COLLECTION, "hoidap"), a
generation N is two collections:

- `hoidap-chunks-g<N>`: one record per chunk: its vector, its original text (for quoting)
  and metadata (article id, article version, span, paragraph, title, source, ...: the
  chunk contract, `retrieval.index.chunks`). The collection's metadata records the model
  identity its vectors came from.
- `hoidap-articles-g<N>`: one record per article: the full article text and the *committed*
  version. A chunk is visible to search only when its article's committed version equals
  the chunk's version. That one rule is what makes re-ingestion crash-safe: new chunks
  are written first, then the article record flips to the new version (one atomic write),
  then the old chunks are deleted. A process killed anywhere leaves every article
  answering with exactly its old or its new version; the next run removes leftovers.

Which generation answers, and who may write, is the registry's business
(`retrieval.index.registry`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from retrieval.embedding.base import ModelIdentity
from retrieval.index.chunks import (
    ARTICLE_ID,
    SCOPES,
    SENTENCE_VECTORS,
    TEXT_HASH,
    VERSION,
    ArticleRecord,
    ChunkRecord,
    Hit,
    article_from,
    article_meta,
    chunk_from,
    chunk_id,
    chunk_meta,
    hit_from,
    scopes_from,
    scopes_value,
    split_chunk_id,
)
from retrieval.index.client import PAGE, RECORD_VECTOR, open_collection, pages, raw_pages
from retrieval.index.errors import ModelMismatchError
from retrieval.index.scopes import Visibility
from retrieval.index.sentence_vectors import cosines, unpack


@dataclass
class StoreStats:
    articles: int
    chunks: int
    generation: int
    model: str
    fingerprint: str
    sources: dict[str, int] = field(default_factory=dict)


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
        self.chunks = open_collection(client, f"{prefix}-chunks-g{generation}")
        self.articles = open_collection(client, f"{prefix}-articles-g{generation}")
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
        for ids, metas, _ in pages(self.articles, include=["metadatas"]):
            for aid, meta in zip(ids, metas, strict=True):
                out[aid] = article_from(aid, meta, "")
        return out

    def article_texts(self, ids: Sequence[str]) -> dict[str, ArticleRecord]:
        out: dict[str, ArticleRecord] = {}
        for start in range(0, len(ids), PAGE):
            got = self.articles.get(
                ids=list(ids[start : start + PAGE]), include=["metadatas", "documents"]
            )
            for aid, meta, doc in zip(got["ids"], got["metadatas"], got["documents"], strict=True):
                out[aid] = article_from(aid, meta, doc or "")
        return out

    def chunk_index(self) -> dict[str, tuple[str, str, str]]:
        """chunk id -> (article id, version, text hash) for every chunk, visible or not."""
        out: dict[str, tuple[str, str, str]] = {}
        for ids, metas, _ in pages(self.chunks, include=["metadatas"]):
            for cid, meta in zip(ids, metas, strict=True):
                out[cid] = (
                    str(meta[ARTICLE_ID]),
                    str(meta[VERSION]),
                    str(meta.get(TEXT_HASH, "")),
                )
        return out

    def chunks_of(self, article_id: str) -> list[ChunkRecord]:
        got = self.chunks.get(where={ARTICLE_ID: article_id}, include=["metadatas", "documents"])
        return [
            chunk_from(cid, meta, doc or "")
            for cid, meta, doc in zip(got["ids"], got["metadatas"], got["documents"], strict=True)
        ]

    def chunk_rows(
        self, article_ids: Sequence[str] | None = None
    ) -> Iterator[tuple[str, dict[str, Any], str, np.ndarray]]:
        """(chunk id, metadata, text, vector) of every chunk, visible or not, or of the
        given articles' chunks only; paged, so memory stays flat."""
        include = ["metadatas", "documents", "embeddings"]
        if article_ids is None:
            batches: Iterable[dict[str, Any]] = raw_pages(self.chunks, include)
        else:
            ids = list(article_ids)
            # Per group of articles: an article has a few chunks, so a page stays small.
            batches = (
                self.chunks.get(where={ARTICLE_ID: {"$in": ids[i : i + 500]}}, include=include)
                for i in range(0, len(ids), 500)
            )
        for got in batches:
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

    def sentence_cosines(
        self, chunk_ids: Sequence[str], vector: np.ndarray
    ) -> dict[str, tuple[float, ...]]:
        """The cosine with `vector` of each sentence of these chunks, for those stored
        with sentence vectors (`retrieval.index.sentence_vectors`)."""
        if not chunk_ids:
            return {}
        got = self.chunks.get(ids=list(chunk_ids), include=["metadatas"])
        dim = len(vector)
        out: dict[str, tuple[float, ...]] = {}
        for cid, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
            stored = unpack(str((meta or {}).get(SENTENCE_VECTORS, "")), dim)
            if stored is not None:
                out[cid] = cosines(stored, vector)
        return out

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
        for start in range(0, len(rows), PAGE):
            part = rows[start : start + PAGE]
            self.chunks.upsert(
                ids=[c.id for c, _ in part],
                embeddings=np.asarray(vectors[start : start + PAGE], dtype=np.float32),
                documents=[c.text for c, _ in part],
                metadatas=[chunk_meta(c, a) for c, a in part],
            )

    def commit(self, articles: Sequence[ArticleRecord]) -> None:
        """Make each article's version the visible one: one atomic write per batch."""
        self._before_write()
        for start in range(0, len(articles), PAGE):
            part = articles[start : start + PAGE]
            self.articles.upsert(
                ids=[a.id for a in part],
                embeddings=[RECORD_VECTOR] * len(part),
                documents=[a.text for a in part],
                metadatas=[article_meta(a) for a in part],
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
        self.chunks.delete(where={ARTICLE_ID: article_id})

    def restamp(self, articles: Sequence[ArticleRecord]) -> None:
        """Give committed articles the scopes their records now hold (`ArticleRecord.scopes`):
        the article records and their chunks' metadata change in place, nothing is
        re-embedded. The article records first: search reads scopes from them (`Visible`)."""
        if not articles:
            return
        self._before_write()
        for start in range(0, len(articles), PAGE):
            part = articles[start : start + PAGE]
            self.articles.update(
                ids=[a.id for a in part],
                metadatas=[{SCOPES: scopes_value(a.scopes)} for a in part],
            )
        self.visible.restamped({a.id: tuple(a.scopes) for a in articles})
        self._after_change()
        ids: list[str] = []
        metas: list[dict[str, Any]] = []
        for a in articles:
            for n in range(a.chunks):
                ids.append(chunk_id(a.id, a.version, n))
                metas.append({SCOPES: scopes_value(a.scopes)})
        for start in range(0, len(ids), PAGE):
            self.chunks.update(ids=ids[start : start + PAGE], metadatas=metas[start : start + PAGE])

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None:
        # Only invisible chunks are deleted this way (stale or orphaned): no change to tell.
        if chunk_ids:
            self._before_write()
        for start in range(0, len(chunk_ids), PAGE):
            self.chunks.delete(ids=list(chunk_ids[start : start + PAGE]))

    # --- search --------------------------------------------------------------------------
    def search(self, query_vector: np.ndarray, k: int, scopes: Visibility = None) -> list[Hit]:
        """Nearest visible chunks; invisible (uncommitted or stale) ones are skipped, and
        so are those of articles outside `scopes` (None: every scope)."""
        nearest = self.nearest(query_vector, k, scopes)
        hits = self.hits(dict(nearest))
        return [hits[cid] for cid, _ in nearest if cid in hits][:k]

    def nearest(
        self, query_vector: np.ndarray, k: int, scopes: Visibility = None
    ) -> list[tuple[str, float]]:
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
            query, lambda ids: self.visible.filter(self, ids, scopes), k, max(k * 2, k + 10)
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
            cid: hit_from(cid, meta, doc or "", 1.0 - scores[cid])
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
    (server mode) are picked up when the search follower
    (`retrieval.search.follow.IndexFollower`) sees the registry's change token move and
    calls `Index.forget_versions()`; until then new versions stay invisible, as they are to
    the search snapshot, and chunks deleted meanwhile are skipped by `Store.hits`.
    """

    def __init__(self) -> None:
        self._versions: dict[str, str] | None = None
        # Each committed article's scopes (`retrieval.index.chunks.SCOPES`), loaded with
        # the versions; `stamp` changes whenever any may have changed (search caches its
        # per-scope masks by it).
        self._scopes: dict[str, tuple[str, ...]] = {}
        self.stamp = 0
        self._lock = threading.Lock()

    def filter(self, store: Store, chunk_ids: Sequence[str], scopes: Visibility = None) -> set[str]:
        versions = self.load(store)
        out = set()
        for cid in chunk_ids:
            article, version = split_chunk_id(cid)
            if (
                version
                and versions.get(article) == version
                and (scopes is None or not scopes.isdisjoint(self._scopes.get(article, ())))
            ):
                out.add(cid)
        return out

    def scopes(self, store: Store) -> dict[str, tuple[str, ...]]:
        """Article id -> its scopes, for every committed article (do not modify)."""
        self.load(store)
        return self._scopes

    def committed(self, articles: Sequence[ArticleRecord]) -> None:
        versions = self._versions
        if versions is not None:  # not loaded yet: the load will read them
            for a in articles:
                versions[a.id] = a.version
                self._scopes[a.id] = tuple(a.scopes)
            self.stamp += 1

    def restamped(self, scopes: dict[str, tuple[str, ...]]) -> None:
        if self._versions is not None:
            self._scopes.update(scopes)
            self.stamp += 1

    def removed(self, article_id: str) -> None:
        versions = self._versions
        if versions is not None:
            versions.pop(article_id, None)
            self._scopes.pop(article_id, None)
            self.stamp += 1

    def forget(self) -> None:
        self._versions = None
        self.stamp += 1

    def load(self, store: Store) -> dict[str, str]:
        versions = self._versions
        if versions is None:
            with self._lock:
                if self._versions is None:
                    loaded: dict[str, str] = {}
                    scopes: dict[str, tuple[str, ...]] = {}
                    for ids, metas, _ in pages(store.articles, include=["metadatas"]):
                        for aid, meta in zip(ids, metas, strict=True):
                            loaded[aid] = str(meta[VERSION])
                            scopes[aid] = scopes_from(meta)
                    self._scopes = scopes
                    self.stamp += 1
                    self._versions = loaded
                versions = self._versions
        return versions


def _nothing() -> None:
    pass


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
