"""Ingestion: sources -> articles -> chunks -> vectors -> the store, losing nothing.

The order of writes is what keeps the index whole (see `retrieval.index.store`): for every batch
of new or changed articles, chunks are written first, then the article records flip to
the new versions, then stale chunks are deleted. Unchanged articles embed nothing, and
unchanged files are not even opened (`ingest.manifest`). What a chunk is (its id, the text
embedded for it, its metadata) is the chunk contract, `retrieval.index.chunks`, which
search reads back. Each article is stamped with its knowledge scopes (`ingest.scoping`).

Long because one job's steps (load, chunk, reuse vectors, write, commit, prune, clean up,
re-stamp scopes) share its state and its order of writes, which is the crash-safety
argument above: split, the order would be spread over modules.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ingest import scoping, sidecar
from ingest.article import Article
from ingest.chunking import chunk_records
from ingest.formats.common import Limits
from ingest.loaders import LoadError, LoadResult, Skipped, fetch_url, iter_files, load_file
from ingest.manifest import RACY_NS, FileEntry, Manifest, manifest_path, read_manifest
from retrieval.embedding.base import Embedder
from retrieval.index.chunks import (
    ARTICLE_ID,
    SENTENCE_VECTORS,
    TEXT_HASH,
    ArticleRecord,
    ChunkRecord,
    embedding_text,
    ocr_pages_value,
    parse_ocr_pages,
)
from retrieval.index.registry import Index
from retrieval.index.scopes import DEFAULT_SCOPE, AccessPolicy, load_policy
from retrieval.index.sentence_vectors import pack, sentence_texts
from retrieval.index.store import Store
from retrieval.search.snapshot import load_or_build, read_meta
from retrieval.settings import Settings

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
    sentences_embedded: int = 0  # their sentences too (retrieval.index.sentence_vectors)
    embed_seconds: float = 0.0  # chunks' and sentences' embedding
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
    # Of `seconds`, the search snapshot update that follows a change (BM25 terms, text and
    # vectors: only the changed articles are read and analysed).
    snapshot_seconds: float = 0.0
    rebuilt: bool = False
    # Knowledge scopes: articles of this run per scope ("" for those in none, which only
    # admins see), and how many unchanged articles changed scopes (metadata only).
    scopes: dict[str, int] = field(default_factory=dict)
    restamped: int = 0

    @property
    def articles_seen(self) -> int:
        return len(self.added) + len(self.updated) + len(self.unchanged)

    @property
    def undated(self) -> list[ArticleRecord]:
        """Articles of this run whose date could not be found (and no admin set one)."""
        return [r for r in (*self.added, *self.updated, *self.unchanged) if not r.published]

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
    rescan: bool = False,
    index: Index | None = None,
    progress: ProgressCallback | None = None,
    scopes: Sequence[str] = (),
) -> IngestReport:
    """Ingest `sources` (default: every scope's sources in ACCESS_FILE, or INGEST_SOURCES
    without one) into the index and report what changed.

    `rescan`: read every file, even those the manifest says are unchanged. Each article
    gets the scopes whose sources hold it (`retrieval.index.scopes`), plus `scopes` (an
    admin's upload into a chosen scope); an unchanged article whose scopes changed gets
    them in place, without re-embedding.
    """
    if index is None:
        with Index(settings) as own:
            return run(
                settings,
                embedder,
                sources,
                prune=prune,
                rebuild=rebuild,
                rescan=rescan,
                index=own,
                progress=progress,
                scopes=scopes,
            )
    policy = load_policy(settings.access_file, settings.ingest_sources)
    source_list = list(sources) if sources else policy.sources()
    with index.writer_lock():
        ident = embedder.identity
        if rebuild:
            old: Store | None = index.active()
            target = index.start_rebuild(ident)
        else:
            old = None
            target = index.open_for(ident)
        path = manifest_path(index, target.generation)
        # A rebuild fills a new generation from what the files hold now: read them all.
        manifest = Manifest(path, {} if rescan or rebuild else read_manifest(path))
        job = _Job(settings, embedder, target, progress, manifest)
        job.policy, job.forced = policy, tuple(scopes)
        job.ingest(source_list)
        if rebuild and old is not None:
            job.carry_over(old)
        job.restamp(everything=not sources)
        if prune:
            job.prune()
        job.clean_up()
        # The search snapshot (BM25 terms, passages, vectors) is derived from the store:
        # bring the saved one up to date now (only the changed articles are read), so the
        # next start-up (bot, CLI) loads it. Also when nothing changed but the saved one is
        # behind (an earlier run was killed).
        snapshot = None
        changed = job.report.changed or job.report.stale_chunks_deleted or rebuild
        folder = index.snapshot_folder(target.generation)
        if changed or not _snapshot_current(index, folder):
            snapshot_started = time.perf_counter()
            # The job's own record of what is committed is exact by now (it made or saw
            # every commit and removal, and holds the writer lease): no second read.
            committed = {aid: rec.version for aid, rec in job.committed.items()}
            snapshot = load_or_build(target, folder, committed=committed)
            job.report.snapshot_seconds = time.perf_counter() - snapshot_started
        if rebuild:
            index.switch_to(target)
            job.report.rebuilt = True
        if snapshot is not None:
            # Running readers (the bot) see this and load the saved snapshot, or update
            # their own when they do not share this disk (`retrieval.search.follow`).
            index.publish_snapshot(target.generation, snapshot.signature)
        # Last, so a run killed before this leaves the previous manifest, which stays
        # correct: its entries are checked against the committed versions when used.
        manifest.save(job.committed)
        if rebuild:  # the older generations are gone, and so is the use of their manifests
            manifest.remove_others(index)
        job.report.seconds = time.perf_counter() - job.started
        return job.report


class _Job:
    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        store: Store,
        progress: ProgressCallback | None,
        manifest: Manifest,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.store = store
        self.report = IngestReport()
        self.progress = IngestProgress()
        self.on_progress = progress
        self.started = time.perf_counter()
        self.max_bytes = int(settings.max_file_mb * 1024 * 1024)
        self.limits = Limits.from_settings(settings)  # caps per file (ingest.formats.common)
        self.committed = store.committed()
        self.seen: set[str] = set()  # article ids loaded in this run
        self.files_read: set[str] = set()  # resolved paths read without error
        self.manifest = manifest
        self.date_files = sidecar.DateFiles()
        self.pending: list[tuple[Article, list[ChunkRecord]]] = []
        self.pending_chunks = 0
        # Knowledge scopes: the policy, scopes given for the whole run, and the scopes of
        # every article seen (those of every source that gave it).
        self.policy = AccessPolicy.single(settings.ingest_sources)
        self.forced: tuple[str, ...] = ()
        self.wanted: dict[str, set[str]] = {}

    # --- loading -------------------------------------------------------------------------
    def ingest(self, sources: list[str]) -> None:
        items = list(_expand(sources, self.report))
        self.progress.items_total = len(items)
        self._tick()
        for item in items:
            self.progress.current = item
            self._tick()
            if _is_url(item):
                self._take(item, self._load(item))
            else:
                self._file(item)
            self.progress.items_done += 1
            self._tick()
        self._flush()

    def _file(self, item: str) -> None:
        """Load a file, unless the manifest vouches that it is unchanged."""
        path = os.path.realpath(item)  # = Path.resolve(), at half the cost per file
        # Looked at before reading: a file modified while it is read gets a newer mtime
        # than the one recorded, so the next run reads it again.
        looked = time.time_ns()
        try:
            info: os.stat_result | None = os.stat(path)
        except OSError:
            info = None  # the loader says what is wrong with it
        dates = self.date_files.fingerprint(path)
        known = self.manifest.vouches(path, info, self.committed, self.max_bytes, dates)
        if known is not None:
            self.files_read.add(path)  # for prune: its articles are the ones it holds
            self.manifest.looked_at[path] = known
            for aid, _ in known.articles:
                self._scope(aid, path)
                if self._first_sight(aid):
                    self.report.unchanged.append(self.committed[aid])
            return
        result = self._load(item)
        self.manifest.looked_at[path] = None
        if result is None:
            return
        self.files_read.add(path)
        self._take(item, result)
        # A file with warnings is read on every run, so they are reported on every run.
        if info is not None and not result.warnings and info.st_mtime_ns < looked - RACY_NS:
            pairs = tuple((a.id, a.version) for a in result.articles)
            entry = FileEntry(info.st_size, info.st_mtime_ns, pairs, dates)
            self.manifest.looked_at[path] = entry

    def _load(self, item: str) -> LoadResult | None:
        try:
            if _is_url(item):
                return fetch_url(
                    item,
                    timeout=self.settings.fetch_timeout,
                    max_bytes=int(self.settings.fetch_max_mb * 1024 * 1024),
                    max_feed_items=self.settings.fetch_max_feed_items,
                    allow_hosts=self.settings.fetch_allow_hosts,
                )
            return load_file(Path(item), max_bytes=self.max_bytes, limits=self.limits)
        except Skipped as exc:
            self.report.skipped.append(Problem(item, str(exc)))
        except LoadError as exc:
            self.report.failed.append(Problem(item, str(exc)))
        except Exception as exc:
            if not _is_url(item):
                raise
            # A URL's failure is that source's, never the run's (fetch_url should say why).
            log.exception("loading %s failed", item)
            self.report.failed.append(Problem(item, f"unexpected {type(exc).__name__}: {exc}"))
        return None

    def _take(self, item: str, result: LoadResult | None) -> None:
        if result is None:
            return
        for warning in result.warnings:
            self.report.failed.append(Problem(item, warning))
        location = item if _is_url(item) else os.path.realpath(item)
        for article in result.articles:
            self._scope(article.id, location)
            self._accept(article)

    def _scope(self, article_id: str, location: str) -> None:
        """Count the scopes of the source at `location` as the article's."""
        held = self.wanted.setdefault(article_id, set(self.forced))
        held.update(self.policy.scopes_of(location))
        if self.policy.path is None:  # no ACCESS_FILE: everything is public, as before
            held.add(DEFAULT_SCOPE)

    def _scopes_of(self, article_id: str) -> tuple[str, ...]:
        return tuple(sorted(self.wanted.get(article_id, ())))

    def _first_sight(self, article_id: str) -> bool:
        """Count an article as seen; False when it was already (a source named twice)."""
        if article_id in self.seen:
            return False
        self.seen.add(article_id)
        self.progress.articles += 1
        return True

    def _accept(self, article: Article) -> None:
        if not self._first_sight(article.id):
            return
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
        return chunk_records(article, self.settings.chunk_target_chars)

    # --- writing -------------------------------------------------------------------------
    def _flush(self) -> None:
        if not self.pending:
            return
        # The stored chunks of just these articles, visible or not (an older version, or
        # one written by a run that died before its commit): article id -> chunk id ->
        # (text hash, vector). Asked per batch, not read for the whole store up front: a run
        # that adds 100 articles to 10,000 would spend seconds reading what it never uses.
        # (text hash, vector, packed sentence vectors).
        existing: dict[str, dict[str, tuple[str, np.ndarray, str]]] = {}
        for cid, meta, _, vector in self.store.chunk_rows([a.id for a, _ in self.pending]):
            stored_hash = str(meta.get(TEXT_HASH, ""))
            sentences = str(meta.get(SENTENCE_VECTORS, ""))
            existing.setdefault(str(meta[ARTICLE_ID]), {})[cid] = (stored_hash, vector, sentences)

        n_rows = sum(len(chunks) for _, chunks in self.pending)
        vectors = np.zeros((n_rows, self.embedder.identity.dim), dtype=np.float32)
        rows: list[tuple[ChunkRecord, ArticleRecord]] = []
        texts: list[str] = []
        todo: list[int] = []  # rows whose vector no stored chunk can lend
        records: list[ArticleRecord] = []
        stale: list[str] = []  # chunks of these articles that the new versions drop
        for article, chunks in self.pending:
            record = _record(article, len(chunks), self._scopes_of(article.id))
            records.append(record)
            old = existing.get(article.id, {})
            reusable = {stored: (vector, sv) for stored, vector, sv in old.values() if stored}
            for chunk in chunks:
                # (vector, sentence vectors): written by a run that died, or of the same text
                lent = old[chunk.id][1:] if chunk.id in old else reusable.get(chunk.text_hash)
                if lent is None:
                    todo.append(len(rows))
                else:
                    vectors[len(rows)] = lent[0]
                    chunk = dataclasses.replace(chunk, sentence_vectors=lent[1])
                rows.append((chunk, record))
                texts.append(embedding_text(article.title, chunk.text, chunk.place.heading))
            keep = {chunk.id for chunk in chunks}
            stale.extend(cid for cid in old if cid not in keep)

        if todo:
            t0 = time.perf_counter()
            vectors[todo] = self.embedder.embed_passages([texts[i] for i in todo])
            self.progress.embed_seconds += time.perf_counter() - t0
            self.progress.chunks_embedded += len(todo)
        # Sentence vectors for every chunk without them: new chunks, and chunks whose
        # vector was lent by a record written before sentence vectors existed.
        bare = [i for i, (chunk, _) in enumerate(rows) if not chunk.sentence_vectors]
        if bare:
            t0 = time.perf_counter()
            packed = self._sentence_vectors([rows[i][0].text for i in bare])
            self.progress.embed_seconds += time.perf_counter() - t0
            for i, value in zip(bare, packed, strict=True):
                rows[i] = (dataclasses.replace(rows[i][0], sentence_vectors=value), rows[i][1])
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
        log.info("committed %d articles (%d chunks)", len(records), len(rows))
        self.pending.clear()
        self.pending_chunks = 0
        self._tick()

    def _sentence_vectors(self, chunk_texts: list[str]) -> list[str]:
        """Each chunk's sentences embedded, packed for its metadata (sentence_vectors)."""
        split = sentence_texts(chunk_texts)
        flat = [sentence for sentences in split for sentence in sentences]
        if not flat:
            return [""] * len(chunk_texts)
        vectors = self.embedder.embed_passages(flat)
        self.progress.sentences_embedded += len(flat)
        out: list[str] = []
        at = 0
        for sentences in split:
            out.append(pack(vectors[at : at + len(sentences)]))
            at += len(sentences)
        return out

    # --- after loading -------------------------------------------------------------------
    def carry_over(self, old: Store) -> None:
        """In a rebuild, re-embed indexed articles that no source produced this run.

        Articles added from a URL or a document sent to the bot live only in the index;
        a rebuild must not lose them.
        """
        missing = [aid for aid in old.committed() if aid not in self.seen]
        for start in range(0, len(missing), 500):
            for rec in old.article_texts(missing[start : start + 500]).values():
                self.wanted[rec.id] = set(rec.scopes)  # no source gave it: as it was
                self._accept(
                    Article(
                        id=rec.id,
                        title=rec.title,
                        text=rec.text,
                        origin=rec.origin,
                        source=rec.source,
                        published=rec.published,
                        url=rec.url,
                        published_precision=rec.published_precision,
                        published_source=rec.published_source,
                        ocr_pages=tuple(sorted(parse_ocr_pages(rec.ocr_pages))),
                    )
                )
        self._flush()

    def restamp(self, *, everything: bool) -> None:
        wanted = {aid: self._scopes_of(aid) for aid in self.seen}
        if everything:
            # Every scope's sources were read: an indexed file that none of them holds any
            # more (taken out of ACCESS_FILE, not deleted) loses its scopes now, unread.
            for aid, rec in self.committed.items():
                if aid not in self.seen and rec.origin and not _is_url(rec.origin):
                    self._scope(aid, rec.origin)
                    wanted[aid] = self._scopes_of(aid)
        found = scoping.restamp(self.store, self.committed, list(wanted), wanted)
        self.report.restamped, self.report.scopes = found

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
        """Delete chunks no committed version points at (left by a killed run).

        Each committed article has exactly its `chunks` chunks (they are written before the
        commit), so leftovers exist only when the store holds more chunks than that. Only
        then is every chunk's metadata read (~3 s at 36,000 chunks; the count takes ms).
        """
        expected = sum(rec.chunks for rec in self.committed.values())
        if self.store.chunks.count() == expected:
            return
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


def _snapshot_current(index: Index, folder: Path) -> bool:
    """The published search snapshot matches the store, and this host has it saved in the
    format this code reads (after an upgrade that changed it, it is built again now rather
    than by the next process that starts)."""
    state = index.state()
    saved = read_meta(folder)
    return (
        state.snapshot_current
        and saved is not None
        and saved.get("signature") == state.snapshot_signature
    )


def _record(article: Article, n_chunks: int, scopes: tuple[str, ...] = ()) -> ArticleRecord:
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
        published_precision=article.published_precision,
        published_source=article.published_source,
        scopes=scopes,
        ocr_pages=ocr_pages_value(article.ocr_pages),
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
