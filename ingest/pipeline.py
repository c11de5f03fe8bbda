"""Ingestion: sources -> articles -> chunks -> vectors -> the store, losing nothing.

The order of writes is what keeps the index whole (see `retrieval.store`): for every batch
of new or changed articles, chunks are written first, then the article records flip to
the new versions, then stale chunks are deleted. Unchanged articles embed nothing.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ingest.article import Article
from ingest.chunking import chunk_text
from ingest.loaders import LoadError, Skipped, fetch_url, iter_files, load_file
from retrieval.embeddings import Embedder
from retrieval.settings import Settings
from retrieval.snapshot import load_or_build
from retrieval.store import ArticleRecord, ChunkRecord, Index, Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    origin: str
    reason: str


@dataclass
class IngestProgress:
    """A snapshot for progress displays (CLI bar, bot message)."""

    items_done: int = 0
    items_total: int = 0
    articles: int = 0
    chunks_embedded: int = 0
    embed_seconds: float = 0.0
    current: str = ""

    @property
    def chunks_per_second(self) -> float:
        return self.chunks_embedded / self.embed_seconds if self.embed_seconds else 0.0


ProgressCallback = Callable[[IngestProgress], None]


@dataclass
class IngestReport:
    added: list[ArticleRecord] = field(default_factory=list)
    updated: list[ArticleRecord] = field(default_factory=list)
    unchanged: list[ArticleRecord] = field(default_factory=list)
    removed: list[ArticleRecord] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    chunks_embedded: int = 0
    chunks_reused: int = 0
    stale_chunks_deleted: int = 0
    seconds: float = 0.0
    # Of `seconds`, the search snapshot update that follows a change (lexical index, text and
    # vectors: only the changed articles are read and analysed).
    lexical_seconds: float = 0.0
    rebuilt: bool = False

    @property
    def articles_seen(self) -> int:
        return len(self.added) + len(self.updated) + len(self.unchanged)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    @property
    def exit_code(self) -> int:
        # Non-zero only when nothing at all could be ingested.
        return 0 if self.articles_seen else 1


def run(
    settings: Settings,
    embedder: Embedder,
    sources: Iterable[str] | None = None,
    *,
    prune: bool = False,
    rebuild: bool = False,
    index: Index | None = None,
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Ingest `sources` (default: INGEST_SOURCES) into the index and report what changed."""
    if index is None:
        with Index(settings) as own:
            return run(
                settings,
                embedder,
                sources,
                prune=prune,
                rebuild=rebuild,
                index=own,
                progress=progress,
            )
    source_list = list(sources) if sources else list(settings.ingest_sources)
    with index.writer_lock():
        ident = embedder.identity
        if rebuild:
            old: Store | None = index.active()
            target = index.start_rebuild(ident)
        else:
            old = None
            target = index.open_for(ident)
        job = _Job(settings, embedder, target, progress)
        job.ingest(source_list)
        if rebuild and old is not None:
            job.carry_over(old)
        if prune:
            job.prune()
        job.clean_up()
        # The search snapshot (lexical index, passages, vectors) is derived from the store:
        # bring the saved one up to date now (only the changed articles are read), so the
        # next start-up (bot, CLI) loads it. Also when nothing changed but the saved one is
        # behind (an earlier run was killed).
        lexical = None
        changed = job.report.changed or job.report.stale_chunks_deleted or rebuild
        if changed or not index.state().lexical_current:
            lexical_started = time.perf_counter()
            lexical = load_or_build(target, index.lexical_folder(target.generation))
            job.report.lexical_seconds = time.perf_counter() - lexical_started
        if rebuild:
            index.switch_to(target)
            job.report.rebuilt = True
        if lexical is not None:
            # Running readers (the bot) see this and load the saved index, or rebuild
            # their own when they do not share this disk (`Services.refresh_if_changed`).
            index.publish_lexical(target.generation, lexical.signature)
        job.report.seconds = time.perf_counter() - job.started
        return job.report


class _Job:
    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        store: Store,
        progress: ProgressCallback | None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.store = store
        self.report = IngestReport()
        self.progress = IngestProgress()
        self.on_progress = progress
        self.started = time.perf_counter()
        self.committed = store.committed()
        # article id -> {chunk id: text hash}, for every chunk in the store, visible or not
        self.chunks_by_article: dict[str, dict[str, str]] = {}
        for cid, (aid, _, text_hash) in store.chunk_index().items():
            self.chunks_by_article.setdefault(aid, {})[cid] = text_hash
        self.seen: set[str] = set()  # article ids loaded in this run
        self.files_read: set[str] = set()  # resolved paths read without error
        self.pending: list[tuple[Article, list[ChunkRecord]]] = []
        self.pending_chunks = 0

    # --- loading -------------------------------------------------------------------------
    def ingest(self, sources: list[str]) -> None:
        items = list(_expand(sources, self.report))
        self.progress.items_total = len(items)
        self._tick()
        for item in items:
            self.progress.current = item
            self._tick()
            for article in self._load(item):
                self._accept(article)
            self.progress.items_done += 1
            self._tick()
        self._flush()

    def _load(self, item: str) -> list[Article]:
        try:
            if _is_url(item):
                result = fetch_url(
                    item,
                    timeout=self.settings.fetch_timeout,
                    max_bytes=int(self.settings.fetch_max_mb * 1024 * 1024),
                    max_feed_items=self.settings.fetch_max_feed_items,
                )
            else:
                result = load_file(
                    Path(item), max_bytes=int(self.settings.max_file_mb * 1024 * 1024)
                )
                self.files_read.add(str(Path(item).resolve()))
        except Skipped as exc:
            self.report.skipped.append(Problem(item, str(exc)))
            return []
        except LoadError as exc:
            self.report.failed.append(Problem(item, str(exc)))
            return []
        for warning in result.warnings:
            self.report.failed.append(Problem(item, warning))
        return list(result.articles)

    def _accept(self, article: Article) -> None:
        if article.id in self.seen:
            return  # the same file or URL named twice
        self.seen.add(article.id)
        self.progress.articles += 1
        current = self.committed.get(article.id)
        if current is not None and current.version == article.version:
            self.report.unchanged.append(current)
            return
        chunks = self._chunk(article)
        if not chunks:
            self.report.failed.append(Problem(article.origin, "no article text found"))
            return
        self.pending.append((article, chunks))
        self.pending_chunks += len(chunks)
        if self.pending_chunks >= self.settings.ingest_batch_chunks:
            self._flush()

    def _chunk(self, article: Article) -> list[ChunkRecord]:
        out = []
        for c in chunk_text(article.text, self.settings.chunk_target_chars):
            out.append(
                ChunkRecord(
                    id=f"{article.id}-{article.version}-{c.index:04d}",
                    article_id=article.id,
                    version=article.version,
                    index=c.index,
                    paragraph=c.paragraph,
                    start=c.start,
                    end=c.end,
                    text=c.text,
                    text_hash=_text_hash(embedding_text(article.title, c.text)),
                )
            )
        return out

    # --- writing -------------------------------------------------------------------------
    def _flush(self) -> None:
        if not self.pending:
            return
        rows: list[tuple[ChunkRecord, ArticleRecord]] = []
        texts: list[str] = []
        reuse: dict[int, str] = {}  # row -> existing chunk id with the same embedded text
        records: list[ArticleRecord] = []
        stale: list[str] = []  # chunks of these articles that the new versions drop
        for article, chunks in self.pending:
            record = _record(article, len(chunks))
            records.append(record)
            existing = self.chunks_by_article.get(article.id, {})
            reusable = {h: cid for cid, h in existing.items() if h}
            for chunk in chunks:
                if chunk.id in existing:
                    reuse[len(rows)] = chunk.id  # written by a run that died before commit
                elif chunk.text_hash in reusable:
                    reuse[len(rows)] = reusable[chunk.text_hash]
                rows.append((chunk, record))
                texts.append(embedding_text(article.title, chunk.text))
            keep = {chunk.id for chunk in chunks}
            stale.extend(cid for cid in existing if cid not in keep)

        vectors = np.zeros((len(rows), self.embedder.identity.dim), dtype=np.float32)
        old_vectors = self.store.vectors(sorted(set(reuse.values())))
        todo = [i for i in range(len(rows)) if reuse.get(i) not in old_vectors]
        for i, cid in reuse.items():
            if cid in old_vectors:
                vectors[i] = old_vectors[cid]
        if todo:
            t0 = time.perf_counter()
            vectors[todo] = self.embedder.embed_passages([texts[i] for i in todo])
            self.progress.embed_seconds += time.perf_counter() - t0
            self.progress.chunks_embedded += len(todo)
        self.report.chunks_embedded += len(todo)
        self.report.chunks_reused += len(rows) - len(todo)

        # 1. new chunks (invisible), 2. flip versions, 3. drop what the flip made stale.
        self.store.write_chunks(rows, vectors)
        log.info("wrote %d chunks of %d articles", len(rows), len(self.pending))
        self.store.commit(records)
        self.store.delete_chunks(stale)
        self.report.stale_chunks_deleted += len(stale)

        for record in records:
            (self.report.updated if record.id in self.committed else self.report.added).append(
                record
            )
            self.committed[record.id] = record
        for article, chunks in self.pending:
            self.chunks_by_article[article.id] = {c.id: c.text_hash for c in chunks}
        log.info("committed %d articles (%d chunks)", len(records), len(rows))
        self.pending.clear()
        self.pending_chunks = 0
        self._tick()

    # --- after loading -------------------------------------------------------------------
    def carry_over(self, old: Store) -> None:
        """In a rebuild, re-embed indexed articles that no source produced this run.

        Articles added from a URL or a document sent to the bot live only in the index;
        a rebuild must not lose them.
        """
        missing = [aid for aid in old.committed() if aid not in self.seen]
        for start in range(0, len(missing), 500):
            for rec in old.article_texts(missing[start : start + 500]).values():
                self._accept(
                    Article(
                        id=rec.id,
                        title=rec.title,
                        text=rec.text,
                        origin=rec.origin,
                        source=rec.source,
                        published=rec.published,
                        url=rec.url,
                    )
                )
        self._flush()

    def prune(self) -> None:
        """Remove articles whose file is gone, or whose record left a file read this run."""
        for aid, rec in list(self.committed.items()):
            if aid in self.seen or _is_url(rec.origin) or not rec.origin:
                continue
            path = rec.origin.split("#", 1)[0]
            gone = not Path(path).exists()
            record_dropped = "#" in rec.origin and path in self.files_read
            if gone or record_dropped:
                self.store.remove_article(aid)
                del self.committed[aid]
                self.report.removed.append(rec)

    def clean_up(self) -> None:
        """Delete chunks no committed version points at (left by a killed run)."""
        current = {aid: rec.version for aid, rec in self.store.committed().items()}
        orphans = [
            cid
            for cid, (aid, version, _) in self.store.chunk_index().items()
            if current.get(aid) != version
        ]
        if orphans:
            log.info("removing %d chunks left over by an interrupted run", len(orphans))
            self.store.delete_chunks(orphans)
            self.report.stale_chunks_deleted += len(orphans)

    def _tick(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.progress)


def embedding_text(title: str, chunk: str) -> str:
    """What gets embedded for a chunk: its article title gives the passage its topic."""
    return f"{title}\n{chunk}" if title else chunk


def _text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _record(article: Article, n_chunks: int) -> ArticleRecord:
    return ArticleRecord(
        id=article.id,
        version=article.version,
        title=article.title,
        source=article.source,
        published=article.published,
        url=article.url,
        origin=article.origin,
        chunks=n_chunks,
        text=article.text,
    )


def _is_url(item: str) -> bool:
    return item.startswith(("http://", "https://"))


def _expand(sources: list[str], report: IngestReport) -> Iterator[str]:
    """Files, folders and URLs -> a list of files and URLs to load."""
    for source in sources:
        if _is_url(source):
            yield source
            continue
        path = Path(source).expanduser()
        if path.is_dir():
            yield from (str(p) for p in iter_files(path))
        elif path.is_file():
            yield str(path)
        else:
            report.failed.append(Problem(source, "no such file, folder or URL"))
