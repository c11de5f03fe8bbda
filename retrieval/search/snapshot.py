"""What search keeps of the store in this process: a snapshot of the visible chunks.

For every chunk search may show (its article's committed version, see `retrieval.index.store`)
a snapshot holds its BM25 terms (`LexicalIndex`, over the text the chunk contract says is
indexed: `retrieval.index.chunks.embedding_text`), its text and citation fields, and its
vector, with an HNSW index over the vectors (`Passages`, `retrieval.search.nearest`). With them
at hand a question needs no Chroma request at all: the nearest chunks, the cosine of a
chunk only BM25 found and the text of the passages shown would otherwise take three round
trips to the embedded client, ~2 ms each at 10,000 articles on a quiet machine and 5-6 ms
under load, more than one query embedding. Chroma stays the store of record; search falls
back to it for a snapshot without a vector index and for chunks newer than the snapshot.

A snapshot is derived from the store and named by its signature: the committed version of
every article, in this collection, read by this analyzer (`store_signature`).
`load_or_build` returns the saved snapshot when it is current; otherwise it brings the
saved one up to date, reading and analysing only the articles whose committed version
changed (`Snapshot.updated`); with nothing saved it builds from scratch. The chunks of a
committed version never change (ingestion writes all of them before it commits the
version, and a change of chunking takes a `--rebuild` into a new collection), which is
what makes an update equal to a fresh build (a test checks this).

Files, in `Index.snapshot_folder(generation)`: one folder per save, `<stamp>/` with
`meta.json` (ids, vocabulary, citation fields), `terms.npz` (numbers only, read with
allow_pickle=False), `texts.npy`, `vectors.npy`, `sentences.npy` (each chunk's sentence
vectors, int8: `retrieval.index.sentence_vectors`) and `nearest.bin` (the HNSW index, in
hnswlib's own format); and `CURRENT`, which names the newest
and is replaced atomically, so a reader never pairs halves of two saves. Texts and vectors
are memory-mapped: start-up reads neither, and a question touches a few pages.

Damage (a disk error, a copy cut short, a file emptied or overwritten by hand) never stops
a start-up: meta.json records each file's size and the digest of `nearest.bin` (hnswlib
trusts the sizes its file states, so a damaged one could crash or exhaust memory in the
library), `load` checks them and names the damaged file in its `SnapshotError`, and
`load_or_build` then builds the snapshot again from the store, with a warning naming the
file. Texts and vectors are not hashed (that would read them all at start-up); their size
is checked, and a text that does not decode is shown with replacement characters.

Long because the snapshot's three concerns are one contract: what it holds (`Passages`),
how it follows the store (`Snapshot.updated`) and its files (save, load, the checks against
damage); split, each part would have to restate the row layout the others rely on.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.index.chunks import (
    NOWHERE,
    SENTENCE_VECTORS,
    Hit,
    Place,
    citation,
    hit,
    indexed_text,
    owner,
    padded,
    place,
    span,
    split_chunk_id,
)
from retrieval.index.chunks import chunk_id as make_chunk_id
from retrieval.index.sentence_vectors import SentenceVectors, cosines, unpack
from retrieval.index.store import Store
from retrieval.search.lexical import LexicalIndex
from retrieval.search.nearest import NearestIndex, exact_nearest, label_of
from retrieval.search.terms import TERMS_VERSION, Analyzer

__all__ = [
    "Candidate",
    "Passages",
    "Snapshot",
    "SnapshotError",
    "load_or_build",
    "read_meta",
    "store_signature",
]

log = logging.getLogger(__name__)

# bump when the files change: older saves are then rebuilt (4: the citation fields carry
# the date's precision and source; 5: meta.json holds each file's size and nearest.bin's
# digest; 6: sentences.npy, each chunk's sentence vectors)
_FORMAT = 6
_FILES = ("terms.npz", "texts.npy", "vectors.npy", "sentences.npy", "nearest.bin")
_CURRENT = "CURRENT"
# A save folder or pointer still unfinished after this long was left by a killed process.
_ABANDONED = 3600.0
# Changed articles are fetched by id up to this share of the collection; past it, one
# paged read of everything is faster than many filtered ones.
_FETCH_BY_ID_SHARE = 0.5


class SnapshotError(RuntimeError):
    pass


@dataclass(frozen=True)
class Passages:
    """Text, citation fields and vector of each chunk, in the rows of a `LexicalIndex`."""

    chunk_ids: list[str]  # by row (the LexicalIndex's own list)
    row: dict[str, int]  # chunk id -> row (the LexicalIndex's own map)
    offsets: np.ndarray  # int64, rows + 1: row i's UTF-8 text is texts[offsets[i]:offsets[i+1]]
    texts: np.ndarray  # uint8
    spans: np.ndarray  # int32, rows x 3: start, end, paragraph
    # article id -> its `retrieval.index.chunks.citation` (every chunk of an article has
    # the same one)
    articles: dict[str, tuple[str, ...]]
    vectors: np.ndarray  # float32, rows x dim
    labels: np.ndarray  # int64 per row: `label_of(chunk id)`, its label in `index`
    index: NearestIndex | None  # over `vectors`; None: ask the store
    # chunk id -> its `retrieval.index.chunks.Place`, for the chunks that have one (pages,
    # headings, a legal path); kept in meta.json, so older saves load with none.
    places: dict[str, Place] = field(default_factory=dict)
    # The chunks' sentence vectors (`retrieval.index.sentence_vectors`): row i's are
    # sentences[sentence_offsets[i]:sentence_offsets[i+1]] (none for a chunk written
    # before they existed); `sentence_scales` holds each one's scale.
    sentence_offsets: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    sentences: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int8))
    sentence_scales: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))

    def __contains__(self, chunk_id: str) -> bool:
        return chunk_id in self.row

    @functools.cached_property
    def _row_of_label(self) -> dict[int, int]:
        return {int(label): row for row, label in enumerate(self.labels)}

    def nearest(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """The `k` chunks nearest to `vector` with their cosine, best first (all of them
        when there are fewer). Needs `index`."""
        if self.index is None:
            raise SnapshotError("this snapshot has no vector index")
        try:
            labels, cosines = self.index.search(vector, min(k, len(self.chunk_ids)))
        except RuntimeError:
            # hnswlib found fewer than k: many identical chunks (an article filed twice,
            # boilerplate) leave parts of the graph unreachable. Every row, exactly.
            best, sims = exact_nearest(self.vectors, vector, k)
            return [
                (self.chunk_ids[int(row)], float(sim)) for row, sim in zip(best, sims, strict=True)
            ]
        rows = self._row_of_label
        return [
            (self.chunk_ids[rows[int(label)]], float(cosine))
            for label, cosine in zip(labels, cosines, strict=True)
        ]

    def text(self, row: int) -> str:
        start, end = int(self.offsets[row]), int(self.offsets[row + 1])
        # "replace": bytes damaged on disk show as "�", they do not fail the question.
        return self.texts[start:end].tobytes().decode("utf-8", errors="replace")

    @functools.cached_property
    def _text_bytes(self) -> memoryview:
        # Slices of a memoryview decode directly: a slice of the memory-mapped array
        # goes through numpy's memmap subclass (~7 us per passage).
        return np.ascontiguousarray(self.texts).data.cast("B")

    def last_of(self, chunk_id: str) -> Hit | None:
        """The last passage held of `chunk_id`'s article version (where a document ends,
        with its signer: `retrieval.answers.signer`); None when `chunk_id` is not held."""
        if chunk_id not in self.row:
            return None
        article, version = split_chunk_id(chunk_id)
        n, last = int(chunk_id.rpartition("-")[2]), chunk_id
        while (following := make_chunk_id(article, version, n + 1)) in self.row:
            n, last = n + 1, following
        return self.hits({last: 0.0}).get(last)

    def hits(self, scores: dict[str, float]) -> dict[str, Hit]:
        """Hits for the chunks of `scores` (chunk id -> cosine) held here."""
        return {cid: c.scored(c.score) for cid, c in self.candidates(scores).items()}

    def candidates(self, scores: dict[str, float]) -> dict[str, Candidate]:
        """The chunks of `scores` (chunk id -> score) held here, as search ranks them: a
        `Candidate` decodes its text when first read and makes its Hit when kept (search
        reads the text of ~20 of a question's ~55 candidates and keeps 5; a Hit for each
        cost 0.42 ms)."""
        row_of = self.row
        held = [(cid, row_of[cid], score) for cid, score in scores.items() if cid in row_of]
        if not held:
            return {}
        # One gather for the offsets of all of them.
        rows = np.fromiter((row for _, row, _ in held), dtype=np.int64, count=len(held))
        starts = self.offsets[rows].tolist()
        ends = self.offsets[rows + 1].tolist()
        articles = self.articles
        out: dict[str, Candidate] = {}
        for (cid, row, score), lo, hi in zip(held, starts, ends, strict=True):
            article_id = split_chunk_id(cid)[0]
            out[cid] = Candidate(cid, article_id, score, articles[article_id], row, lo, hi, self)
        return out

    def cosines(self, chunk_ids: Sequence[str], vector: np.ndarray) -> dict[str, float]:
        """Cosine with `vector` of the chunks among `chunk_ids` held here."""
        held = [cid for cid in chunk_ids if cid in self.row]
        if not held:
            return {}
        rows = np.asarray([self.row[cid] for cid in held], dtype=np.int64)
        sims = self.vectors[rows] @ np.asarray(vector, dtype=np.float32)
        return {cid: float(s) for cid, s in zip(held, sims, strict=True)}

    def sentence_cosines(
        self, chunk_ids: Sequence[str], vector: np.ndarray
    ) -> dict[str, tuple[float, ...]]:
        """The cosine with `vector` of each sentence of the chunks among `chunk_ids` held
        here with sentence vectors."""
        bounds = self.sentence_offsets
        out: dict[str, tuple[float, ...]] = {}
        for cid in chunk_ids:
            row = self.row.get(cid)
            if row is None or row + 1 >= len(bounds):
                continue
            lo, hi = int(bounds[row]), int(bounds[row + 1])
            if hi > lo:
                part = SentenceVectors(self.sentences[lo:hi], self.sentence_scales[lo:hi])
                out[cid] = cosines(part, vector)
        return out


class Candidate:
    """A chunk of a snapshot as search ranks it (`retrieval.search.timing.Ranked`): its id,
    article, date and score at hand, its text decoded from the snapshot when first read,
    and a Hit made (`scored`) only for the passages search keeps."""

    __slots__ = (
        "_fields",
        "_hi",
        "_lo",
        "_passages",
        "_row",
        "_text",
        "article_id",
        "chunk_id",
        "published",
        "score",
        "title",
    )

    def __init__(
        self,
        chunk_id: str,
        article_id: str,
        score: float,
        fields: tuple[str, ...],
        row: int,
        lo: int,
        hi: int,
        passages: Passages,
    ) -> None:
        fields = padded(fields)
        self.chunk_id = chunk_id
        self.article_id = article_id
        self.score = score
        self.title = fields[0]
        self.published = fields[2]
        self._fields = fields
        self._row = row
        self._lo = lo
        self._hi = hi
        self._passages = passages
        self._text: str | None = None

    @property
    def text(self) -> str:
        text = self._text
        if text is None:
            # "replace": bytes damaged on disk show as "�", they do not fail the question.
            text = str(self._passages._text_bytes[self._lo : self._hi], "utf-8", "replace")
            self._text = text
        return text

    def scored(self, score: float) -> Hit:
        """This passage's Hit, scored `score`."""
        p = self._passages
        return hit(
            self.chunk_id,
            self.article_id,
            self._fields,
            self.text,
            p.spans[self._row].tolist(),
            score,
            p.places.get(self.chunk_id, NOWHERE),
        )


@dataclass(frozen=True)
class Snapshot:
    lexical: LexicalIndex
    passages: Passages
    collection: str  # the chunks collection's id (`Store.collection_id`)

    @property
    def signature(self) -> str:
        return self.lexical.signature

    def __len__(self) -> int:
        return len(self.lexical)

    @classmethod
    def empty(cls, collection: str, analyzer: Analyzer | None = None) -> Snapshot:
        lexical = LexicalIndex.from_texts([], analyzer=analyzer)
        passages = Passages(
            chunk_ids=lexical.chunk_ids,
            row=lexical.row,
            offsets=np.zeros(1, dtype=np.int64),
            texts=np.zeros(0, dtype=np.uint8),
            spans=np.zeros((0, 3), dtype=np.int32),
            articles={},
            vectors=np.zeros((0, 0), dtype=np.float32),
            labels=np.zeros(0, dtype=np.int64),
            index=None,
        )
        return cls(lexical, passages, collection)

    # --- keeping up with the store -------------------------------------------------------
    def updated(self, store: Store, committed: dict[str, str] | None = None) -> Snapshot:
        """This snapshot brought up to what `store` lets search see now: chunks of
        versions no longer committed leave, chunks of newly committed versions are read
        (with their vectors) and analysed; everything else is kept as it is."""
        if store.collection_id != self.collection:
            raise SnapshotError("a snapshot is only updated from its own collection")
        committed = _committed_versions(store) if committed is None else committed
        analyzer = self.lexical.analyzer
        signature = _signature(store, committed, analyzer)
        if signature == self.signature:
            return self
        held: dict[str, str] = {}
        drop: list[str] = []
        for cid in self.lexical.chunk_ids:
            aid, version = split_chunk_id(cid)
            held[aid] = version
            if committed.get(aid) != version:
                drop.append(cid)
        wanted = sorted(aid for aid, version in committed.items() if held.get(aid) != version)
        added = sorted(_visible(store, wanted, committed), key=lambda r: r[0])
        dropped = set(drop)
        kept = [cid for cid in self.lexical.chunk_ids if cid not in dropped]
        order = sorted(kept + [cid for cid, *_ in added])
        lexical = self.lexical.replaced(
            drop,
            ((cid, indexed_text(meta, doc)) for cid, meta, doc, _ in added),
            order=order,
            signature=signature,
        )
        passages = _merged_passages(self.passages, drop, added, lexical)
        return Snapshot(lexical, passages, self.collection)

    # --- files ---------------------------------------------------------------------------
    def save(self, folder: Path) -> None:
        """Write a new save folder, then point `CURRENT` at it, and remove older saves
        (a process that has one loaded keeps its memory-mapped files; one still loading it
        starts over, see `load`)."""
        folder.mkdir(parents=True, exist_ok=True)
        stamp = f"{time.time_ns():x}-{os.getpid()}"
        work = folder / f".{stamp}"
        work.mkdir()
        arrays, meta = self.lexical.to_files()
        p = self.passages
        payload: dict[str, Any] = {
            **arrays,
            "offsets": p.offsets,
            "spans": p.spans,
            "labels": p.labels,
            "sentence_offsets": p.sentence_offsets,
            "sentence_scales": p.sentence_scales,
        }
        np.savez(work / "terms.npz", **payload)
        np.save(work / "texts.npy", np.ascontiguousarray(p.texts))
        np.save(work / "vectors.npy", np.ascontiguousarray(p.vectors, dtype=np.float32))
        np.save(work / "sentences.npy", np.ascontiguousarray(p.sentences, dtype=np.int8))
        if p.index is not None:
            p.index.save(work / "nearest.bin")
        meta |= {
            "format": _FORMAT,
            "terms": TERMS_VERSION,
            "signature": self.signature,
            "collection": self.collection,
            "articles": p.articles,
            "places": {
                cid: [at.page, at.page_end, at.heading, at.legal] for cid, at in p.places.items()
            },
            "files": {
                name: (work / name).stat().st_size for name in _FILES if (work / name).exists()
            },
        }
        if p.index is not None:
            meta["nearest_digest"] = _digest(work / "nearest.bin")
        (work / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        work.rename(folder / stamp)
        pointer = folder / f".{_CURRENT}.{stamp}"
        pointer.write_text(stamp, encoding="utf-8")
        os.replace(pointer, folder / _CURRENT)
        for old in folder.iterdir():
            if old.name in {stamp, _CURRENT}:
                continue
            try:
                if old.name.startswith(".") and time.time() - old.stat().st_mtime < _ABANDONED:
                    continue  # another process's save in progress
                # Earlier saves, abandoned ones, and the files of the format before this one
                # (lexical.npz, lexical.json): the folder is the snapshot's alone.
                if old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)
                else:
                    old.unlink(missing_ok=True)
            except OSError:
                continue  # removed by another process meanwhile

    @classmethod
    def load(cls, folder: Path) -> Snapshot:
        """The save `CURRENT` names. Raises `SnapshotError` when there is none of this
        format, or it is incomplete."""
        for _ in range(3):
            tried = _current_name(folder)
            try:
                return cls._load(folder)
            except SnapshotError:
                if _current_name(folder) == tried:
                    raise
                # Replaced and removed while this process was reading it: read the new one.
        return cls._load(folder)

    @classmethod
    def _load(cls, folder: Path) -> Snapshot:
        meta = read_meta(folder)
        if meta is None:
            raise SnapshotError(f"no usable search snapshot in {folder}")
        where = folder / meta["_folder"]
        sizes = meta.get("files")
        if not isinstance(sizes, dict):
            raise SnapshotError(f"{where / 'meta.json'} lists no file sizes")
        for name, size in sizes.items():
            _check_size(where / str(name), size)
        try:
            with (
                _reading(where / "terms.npz"),
                np.load(where / "terms.npz", allow_pickle=False) as npz,
            ):
                arrays = {name: npz[name] for name in npz.files}
            with _reading(where / "texts.npy"):
                texts = np.load(where / "texts.npy", mmap_mode="r", allow_pickle=False)
            with _reading(where / "vectors.npy"):
                vectors = np.load(where / "vectors.npy", mmap_mode="r", allow_pickle=False)
            with _reading(where / "sentences.npy"):
                sentences = np.load(where / "sentences.npy", mmap_mode="r", allow_pickle=False)
            with _reading(where / "meta.json"):
                lexical = LexicalIndex.from_files(arrays, meta, signature=str(meta["signature"]))
                articles = {aid: tuple(fields) for aid, fields in meta["articles"].items()}
                places = {
                    cid: Place(int(at[0]), int(at[1]), str(at[2]), str(at[3]))
                    for cid, at in (meta.get("places") or {}).items()
                }
                offsets, spans, labels = arrays["offsets"], arrays["spans"], arrays["labels"]
                bounds, scales = arrays["sentence_offsets"], arrays["sentence_scales"]
        except FileNotFoundError as exc:
            raise SnapshotError(f"the search snapshot in {where} is incomplete: {exc}") from exc
        index = None
        nearest = where / "nearest.bin"
        if nearest.exists() and vectors.ndim == 2 and len(vectors):
            if "nearest.bin" not in sizes or meta.get("nearest_digest") != _digest(nearest):
                raise SnapshotError(f"{nearest} is damaged (its digest differs from meta.json's)")
            with _reading(nearest):
                index = NearestIndex.load(nearest, int(vectors.shape[1]))
        passages = Passages(
            chunk_ids=lexical.chunk_ids,
            row=lexical.row,
            offsets=offsets,
            texts=texts,
            spans=spans,
            articles=articles,
            vectors=vectors,
            labels=labels,
            index=index,
            places=places,
            sentence_offsets=bounds,
            sentences=sentences,
            sentence_scales=scales,
        )
        if (
            len(passages.offsets) != len(lexical) + 1
            or len(vectors) != len(lexical)
            or len(labels) != len(lexical)
            or (len(offsets) and int(offsets[-1]) != len(texts))
            or len(bounds) != len(lexical) + 1
            or int(bounds[-1]) != len(sentences)
            or len(scales) != len(sentences)
        ):
            raise SnapshotError(f"the search snapshot in {where} is inconsistent")
        return cls(lexical, passages, str(meta["collection"]))


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[None]:
    """Turns any failure to read `path` (a damaged file: BadZipFile, EOFError, ValueError,
    hnswlib's RuntimeError...) into a `SnapshotError` naming it; a missing file stays a
    FileNotFoundError."""
    try:
        yield
    except (FileNotFoundError, SnapshotError):
        raise
    except Exception as exc:
        raise SnapshotError(f"{path} cannot be read: {type(exc).__name__}: {exc}") from exc


def _check_size(path: Path, size: object) -> None:
    try:
        actual = path.stat().st_size
    except FileNotFoundError as exc:
        raise SnapshotError(f"{path} is missing") from exc
    except OSError as exc:
        raise SnapshotError(f"{path} cannot be read: {exc}") from exc
    if actual != size:
        raise SnapshotError(f"{path} is damaged: {actual} bytes, {size} when saved")


def _digest(path: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def _current_name(folder: Path) -> str:
    try:
        return (folder / _CURRENT).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def read_meta(folder: Path) -> dict[str, Any] | None:
    """The current save's meta.json (with "_folder": its folder's name), or None when there
    is none of this format."""
    name = _current_name(folder)
    if not name:
        return None
    try:
        meta = json.loads((folder / name / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("format") != _FORMAT:
        return None
    if meta.get("terms") != TERMS_VERSION:
        return None
    if meta.get("analyzer", {}).get("kind") != Analyzer.__name__:
        return None  # a benchmark's subclass: not ours to load
    meta["_folder"] = name
    return meta


def load_or_build(
    store: Store,
    folder: Path,
    analyzer: Analyzer | None = None,
    *,
    committed: dict[str, str] | None = None,
) -> Snapshot:
    """The saved snapshot when it matches the store; otherwise the saved one updated, or
    a new one built, then saved. `committed` (article id -> committed version) spares a
    read of the store when the caller knows it exactly (the ingestion that just wrote it)."""
    analyzer = analyzer or Analyzer()
    committed = _committed_versions(store) if committed is None else committed
    wanted = _signature(store, committed, analyzer)
    base: Snapshot | None = None
    meta = read_meta(folder)
    if meta is None and _current_name(folder):
        log.warning(
            "building the search snapshot again: %s is unreadable or of another format",
            folder / _current_name(folder) / "meta.json",
        )
    if meta is not None and meta.get("collection") == store.collection_id:
        try:
            base = Snapshot.load(folder)
        except Exception as exc:  # any damage: the store has everything to build it again
            log.warning("building the search snapshot again: %s", exc)
    if base is not None and base.lexical.analyzer != analyzer:
        base = None
    if base is not None and base.signature == wanted:
        return base
    started = time.perf_counter()
    how = "updated" if base is not None else "built"
    snapshot = (base or Snapshot.empty(store.collection_id, analyzer)).updated(store, committed)
    snapshot.save(folder)
    log.info(
        "%s the search snapshot (%d chunks, %d terms) in %.1fs",
        how,
        len(snapshot),
        len(snapshot.lexical.vocabulary),
        time.perf_counter() - started,
    )
    bare = int(np.count_nonzero(np.diff(snapshot.passages.sentence_offsets) == 0))
    if bare:
        log.warning(
            "%d of %d chunks were indexed before sentence vectors existed: answers to "
            "questions on them choose their sentence and decline less well until "
            "`python -m ingest --rebuild`",
            bare,
            len(snapshot),
        )
    return snapshot


def store_signature(store: Store, analyzer: Analyzer | None = None) -> str:
    """A cheap fingerprint of what the store lets search see (article records only: no
    chunk is read). A saved snapshot with the same signature is up to date."""
    return _signature(store, _committed_versions(store), analyzer or Analyzer())


# --- helpers ---------------------------------------------------------------------------

_Row = tuple[str, dict[str, Any], str, np.ndarray]  # chunk id, metadata, text, vector


def _committed_versions(store: Store) -> dict[str, str]:
    return {aid: rec.version for aid, rec in store.committed().items()}


def _signature(store: Store, committed: dict[str, str], analyzer: Analyzer) -> str:
    """The committed version of every article, in this collection, read by this analyzer,
    in a few bytes."""
    head = [_FORMAT, TERMS_VERSION, analyzer.to_json(), store.chunks.name, store.collection_id]
    h = hashlib.sha1(json.dumps(head).encode())
    for aid, version in sorted(committed.items()):
        h.update(f"{aid}\x00{version}\n".encode())
    return h.hexdigest()[:20]


def _visible(store: Store, article_ids: list[str], committed: dict[str, str]) -> list[_Row]:
    """The chunks of the committed versions of `article_ids`."""
    if not article_ids:
        return []
    everything = len(article_ids) > _FETCH_BY_ID_SHARE * max(1, len(committed))
    wanted = set(article_ids)
    rows = store.chunk_rows(None if everything else article_ids)
    out: list[_Row] = []
    for cid, meta, doc, vector in rows:
        aid, version = owner(meta)
        if aid in wanted and committed.get(aid) == version:
            out.append((cid, meta, doc, vector))
    return out


def _merged_passages(
    old: Passages, drop: list[str], added: list[_Row], lexical: LexicalIndex
) -> Passages:
    """`old` without the `drop` chunks and with the `added` ones, in `lexical`'s rows."""
    order = lexical.chunk_ids
    new_at = {r[0]: i for i, r in enumerate(added)}
    from_old = np.asarray([cid not in new_at for cid in order], dtype=bool)
    old_rows = np.asarray([old.row[cid] for cid in order if cid not in new_at], dtype=np.int64)
    dim = old.vectors.shape[1] if len(old_rows) else (len(added[0][3]) if added else 0)
    vectors = np.zeros((len(order), dim), dtype=np.float32)
    spans = np.zeros((len(order), 3), dtype=np.int32)
    labels = np.zeros(len(order), dtype=np.int64)
    if len(old_rows):
        vectors[from_old] = old.vectors[old_rows]
        spans[from_old] = old.spans[old_rows]
        labels[from_old] = old.labels[old_rows]
    texts: list[bytes] = []
    articles: dict[str, tuple[str, ...]] = {}
    places: dict[str, Place] = {}
    values: list[np.ndarray] = []
    scales: list[np.ndarray] = []
    for i, cid in enumerate(order):
        aid = split_chunk_id(cid)[0]
        j = new_at.get(cid)
        if j is None:
            r = old.row[cid]
            texts.append(old.texts[old.offsets[r] : old.offsets[r + 1]].tobytes())
            articles.setdefault(aid, old.articles[aid])
            if cid in old.places:
                places[cid] = old.places[cid]
            lo, hi = int(old.sentence_offsets[r]), int(old.sentence_offsets[r + 1])
            values.append(old.sentences[lo:hi])
            scales.append(old.sentence_scales[lo:hi])
        else:
            _, meta, doc, vector = added[j]
            # Chroma holds valid UTF-8 only; "replace" is for a text that never came from it.
            texts.append(doc.encode("utf-8", errors="replace"))
            spans[i] = span(meta)
            vectors[i] = vector
            labels[i] = label_of(cid)
            articles[aid] = citation(meta)
            if at := place(meta):
                places[cid] = at
            stored = unpack(str(meta.get(SENTENCE_VECTORS, "")), dim)
            values.append(stored.values if stored else np.zeros((0, dim), dtype=np.int8))
            scales.append(stored.scales if stored else np.zeros(0, dtype=np.float32))
    offsets = np.zeros(len(order) + 1, dtype=np.int64)
    np.cumsum([len(t) for t in texts], out=offsets[1:])
    blob = np.frombuffer(b"".join(texts), dtype=np.uint8)
    bounds = np.zeros(len(order) + 1, dtype=np.int64)
    np.cumsum([len(v) for v in scales], out=bounds[1:])
    wide = [v for v in values if len(v)]
    sentences = np.concatenate(wide) if wide else np.zeros((0, dim), dtype=np.int8)
    return Passages(
        chunk_ids=order,
        row=lexical.row,
        offsets=offsets,
        texts=blob,
        spans=spans,
        articles=articles,
        vectors=vectors,
        labels=labels,
        index=_nearest_index(old, drop, added, vectors, labels),
        places=places,
        sentence_offsets=bounds,
        sentences=sentences,
        sentence_scales=np.concatenate(scales) if scales else np.zeros(0, dtype=np.float32),
    )


def _nearest_index(
    old: Passages, drop: list[str], added: list[_Row], vectors: np.ndarray, labels: np.ndarray
) -> NearestIndex | None:
    """`old`'s vector index with the dropped chunks out and the added ones in; built
    afresh when `old` has none. None (search then asks the store) when two chunk ids hash
    to one label, which 64-bit hashes make vanishingly rare."""
    if len(np.unique(labels)) != len(labels):
        log.warning("two chunk ids share a vector index label: search asks Chroma instead")
        return None
    if not len(labels):
        return None
    if old.index is None or old.index.dim != vectors.shape[1]:
        return NearestIndex.build(vectors, labels)
    added_labels = np.asarray([label_of(cid) for cid, *_ in added], dtype=np.int64)
    added_vectors = np.asarray([v for *_, v in added], dtype=np.float32).reshape(
        -1, vectors.shape[1]
    )
    dropped = np.asarray([label_of(cid) for cid in drop], dtype=np.int64)
    return old.index.updated(dropped, added_labels, added_vectors, total=len(labels))
