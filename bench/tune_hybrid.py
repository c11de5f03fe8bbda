"""Measure lexical tokenisation and dense + BM25 fusion on the shared question sets.

    python bench/tune_hybrid.py [--all] [--workdir DIR] [--no-pyvi]   # the table
    python bench/tune_hybrid.py scale --articles 10000 [--store]

`tune` ingests each set's passages into a temporary index with `ingest.pipeline.run`,
embeds every question once (as asked, and accent-folded with `fold`), and ranks the
index's chunks with each method: dense alone (exact cosine over the stored vectors),
BM25 alone for each tokenisation, and the fusions. A hit is a chunk of the gold article
that holds a gold answer (the GUIDE's rule, as in `retrieval.cli.evaluate`); hit@1/3/5 and
MRR@10 per set and form. The last row runs the real `HybridRetriever` with its defaults,
to check that the emulated fusion and the product agree. `--all` adds the fusions over
syllables alone; `--workdir` keeps the indexes and question vectors for the next run; the
pyvi rows appear when pyvi is installed (it is not a dependency of the project).

`scale` builds the lexical index of a generated corpus (`bench/make_corpus.py`) and reports
build, save and load times and memory; `--store` also writes the chunks (with random
vectors: nothing is embedded) into a temporary Chroma store and times the signature check,
`build_from_store` and `load_or_build`.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib.util
import json
import re
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from retrieval.cli.evaluate import Question, Retrieved, load_questions, pid_of
from retrieval.cli.evaluate import is_hit as _is_hit
from retrieval.embedding.base import Embedder
from retrieval.index.chunks import Hit
from retrieval.index.registry import Index
from retrieval.index.store import Store
from retrieval.language.text import fold, normalize
from retrieval.language.vocabulary import SEARCH_QUESTION_PHRASES as QUESTION_PHRASES
from retrieval.search.fusion import Normalization, rrf, weighted
from retrieval.search.lexical import LexicalIndex
from retrieval.search.terms import Analyzer, has_diacritics
from retrieval.settings import Settings

EVAL = REPO.parent / "shared" / "eval"
SETS = ("xquad_vi", "seed")
CANDIDATES = 30  # per run, as HybridRetriever's default
DEPTH = 10  # ranks looked at: hit@1/3/5 and MRR@10


# --- a word-segmenting analyzer, for comparison only ------------------------------------


@dataclass(frozen=True)
class PyviAnalyzer(Analyzer):
    """pyvi word segmentation ("nhiệm_vụ trọng_tâm") instead of syllable bigrams.

    `syllables=True` also indexes every syllable of a multi-syllable word. The stop lists
    apply to one-syllable words; a segmented question phrase ("bao_nhiêu") is dropped.
    """

    syllables: bool = False

    def exact_terms(self, text: str) -> tuple[list[str], bool]:
        from pyvi import ViTokenizer

        singles, accented = Analyzer(bigrams=False, stopwords=self.stopwords).exact_terms(text)
        words = ViTokenizer.tokenize(normalize(text)).lower().split()
        phrases = {p.replace(" ", "_") for p in QUESTION_PHRASES}
        phrases |= {fold(p) for p in phrases}
        multi = [w for w in words if "_" in w and re.search(r"\w", w) and w not in phrases]
        if not self.syllables:
            in_multi = {s for w in multi for s in w.split("_")}
            singles = [t for t in singles if t not in in_multi]
        return singles + multi, accented


# --- data ------------------------------------------------------------------------------


def is_hit(hit: Hit, question: Question) -> bool:
    """The GUIDE's rule, exactly as the evaluation harness applies it."""
    return _is_hit(Retrieved(pid_of(hit), hit.text), question)


@dataclass
class Corpus:
    ids: list[str]
    texts: list[str]  # title + chunk, as embedded
    hits: dict[str, Hit]
    vectors: np.ndarray  # unit rows, in `ids` order


@dataclass
class QuestionSet:
    name: str
    corpus: Corpus
    questions: list[Question]
    forms: dict[str, list[str]]  # "as asked" / "folded" -> question texts
    vectors: dict[str, np.ndarray]


def _ingest(
    name: str, settings: Settings, embedder: Embedder, tmp: Path
) -> tuple[QuestionSet, Index, Store]:
    from ingest.pipeline import run
    from retrieval.index.chunks import embedding_text
    from retrieval.index.chunks import hit_from as _hit_from

    passages = EVAL / name / "passages.jsonl"
    local = settings.model_copy(update={"chroma_path": tmp / name})
    report = run(local, embedder, [str(passages)])
    if report.exit_code:
        raise SystemExit(f"could not ingest {passages}: {report.failed}")
    index = Index(local)
    store = index.open_for(embedder.identity)
    committed = {aid: rec.version for aid, rec in store.committed().items()}
    got = store.chunks.get(include=["metadatas", "documents", "embeddings"])
    ids, texts, hits, vectors = [], [], {}, []
    for cid, meta, doc, emb in sorted(
        zip(got["ids"], got["metadatas"], got["documents"], got["embeddings"], strict=True)
    ):
        if committed.get(meta["article_id"]) != meta["version"]:
            continue
        ids.append(cid)
        texts.append(embedding_text(str(meta.get("title", "")), doc))
        hits[cid] = _hit_from(cid, meta, doc, 0.0)
        vectors.append(np.asarray(emb, dtype=np.float32))
    questions = load_questions(EVAL / name / "questions.jsonl")
    forms = {
        "as asked": [q.question for q in questions],
        "folded": [fold(q.question) for q in questions],
    }
    qvecs = {}
    for form, texts_ in forms.items():
        cache = tmp / f"{name}-{form.replace(' ', '_')}-questions.npz"
        key = np.frombuffer(
            hashlib.sha1(json.dumps([embedder.name, texts_]).encode()).digest(), dtype=np.uint8
        )
        if cache.exists():
            with np.load(cache, allow_pickle=False) as npz:
                if np.array_equal(npz["key"], key):
                    qvecs[form] = npz["vectors"]
                    continue
        qvecs[form] = embedder.embed_queries(texts_)
        np.savez(cache, key=key, vectors=qvecs[form])
    corpus = Corpus(ids, texts, hits, np.vstack(vectors))
    return QuestionSet(name, corpus, questions, forms, qvecs), index, store


# --- metrics ---------------------------------------------------------------------------

Ranking = list[str]


def _metrics(qs: QuestionSet, rankings: Sequence[Ranking]) -> tuple[float, float, float, float]:
    ranks: list[int | None] = []
    for q, ranking in zip(qs.questions, rankings, strict=True):
        ranks.append(
            next(
                (i for i, cid in enumerate(ranking[:DEPTH], 1) if is_hit(qs.corpus.hits[cid], q)),
                None,
            )
        )
    n = max(len(ranks), 1)

    def at(k: int) -> float:
        return sum(1 for r in ranks if r is not None and r <= k) / n

    mrr = sum(1 / r for r in ranks if r is not None) / n
    return at(1), at(3), at(5), mrr


def _top(ids: list[str], scores: np.ndarray, k: int) -> list[tuple[str, float]]:
    order = np.lexsort((np.arange(len(scores)), -scores))
    return [(ids[i], float(scores[i])) for i in order[:k] if scores[i] > -np.inf]


def _top_positive(ids: list[str], scores: np.ndarray, k: int) -> list[tuple[str, float]]:
    return [(cid, s) for cid, s in _top(ids, scores, k) if s > 0]


# (dense scores, BM25 scores, chunk ids, question) -> ranking
Method = Callable[[np.ndarray, np.ndarray, list[str], str], list[str]]


def _fuse(
    kind: str, dense_weight: float, normalization: str = "minmax", plain: float | None = None
) -> Method:
    """A fusion as HybridRetriever runs it; `plain` is the dense weight for questions
    typed without diacritics (None: the same as `dense_weight`)."""

    def method(dense: np.ndarray, bm25: np.ndarray, ids: list[str], question: str) -> list[str]:
        d_run = _top(ids, dense, CANDIDATES)
        l_run = _top_positive(ids, bm25, CANDIDATES)
        w = dense_weight if plain is None or has_diacritics(question) else plain
        weights = [w, 1 - w]
        if kind == "rrf":
            return [c for c, _ in rrf([d_run, l_run], k=60, weights=weights)]
        norm: Normalization = "zscore" if normalization == "zscore" else "minmax"
        if kind == "weighted-nofill":
            return [c for c, _ in weighted([d_run, l_run], weights, normalization=norm)]
        # Every candidate with both of its scores, as HybridRetriever does.
        row = {cid: i for i, cid in enumerate(ids)}
        both = {row[c] for c, _ in d_run} | {row[c] for c, _ in l_run}
        d_full = sorted(((ids[i], float(dense[i])) for i in both), key=lambda x: -x[1])
        l_full = sorted(((ids[i], float(bm25[i])) for i in both), key=lambda x: -x[1])
        return [c for c, _ in weighted([d_full, l_full], weights, normalization=norm)]

    return method


# --- tune ------------------------------------------------------------------------------


def tune(args: argparse.Namespace) -> None:
    from retrieval.embedding.factory import load_embedder
    from retrieval.search.hybrid import HybridRetriever

    settings = Settings(_env_file=None, model_cache_dir=REPO / "data" / "models")  # type: ignore[call-arg]
    embedder = load_embedder(settings)
    analyzers: dict[str, Analyzer] = {
        "syllables": Analyzer(bigrams=False),
        "syllables+bigrams": Analyzer(),
        "syllables+bigrams, no stopwords": Analyzer(stopwords=False),
        "syllables+bigrams, fold weight 0": Analyzer(fold_weight=0.0),
        "syllables+bigrams, fold weight 0.25": Analyzer(fold_weight=0.25),
        "syllables+bigrams, fold weight 1": Analyzer(fold_weight=1.0),
    }
    if not args.no_pyvi and importlib.util.find_spec("pyvi") is not None:
        analyzers["pyvi words"] = PyviAnalyzer(bigrams=False)
        analyzers["pyvi words+syllables"] = PyviAnalyzer(bigrams=False, syllables=True)
    fusions: dict[str, Method] = {
        "rrf k=60 (1:1)": _fuse("rrf", 0.5),
        "rrf k=60 (dense 0.7)": _fuse("rrf", 0.7),
        "weighted minmax 0.3": _fuse("weighted", 0.3),
        "weighted minmax 0.5": _fuse("weighted", 0.5),
        "weighted minmax 0.7": _fuse("weighted", 0.7),
        "weighted minmax 0.5 no fill": _fuse("weighted-nofill", 0.5),
        "weighted zscore 0.3": _fuse("weighted", 0.3, "zscore"),
        "weighted zscore 0.5": _fuse("weighted", 0.5, "zscore"),
        "weighted zscore 0.7": _fuse("weighted", 0.7, "zscore"),
        "weighted minmax 0.5, no diacritics 0.3": _fuse("weighted", 0.5, plain=0.3),
        "weighted zscore 0.5, no diacritics 0.3": _fuse("weighted", 0.5, "zscore", 0.3),
        "rrf k=60 (1:1), no diacritics 0.3": _fuse("rrf", 0.5, plain=0.3),
    }
    fusion_analyzers = ["syllables+bigrams"] + (["syllables"] if args.all else [])

    rows: dict[str, dict[tuple[str, str], tuple[float, float, float, float]]] = {}
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="tune-hybrid-") as tmp:
        work = args.workdir or Path(tmp)
        for name in args.sets:
            t0 = time.perf_counter()
            qs, index, store = _ingest(name, settings, embedder, work)
            counts[name] = len(qs.questions)
            print(
                f"{name}: {len(qs.corpus.ids)} chunks, {len(qs.questions)} questions "
                f"(ingested in {time.perf_counter() - t0:.0f}s)",
                file=sys.stderr,
            )
            ids = qs.corpus.ids
            lexical = {
                label: LexicalIndex.from_texts(zip(ids, qs.corpus.texts, strict=True), analyzer=a)
                for label, a in analyzers.items()
            }
            for form, questions in qs.forms.items():
                key = (name, form)
                dense = qs.vectors[form] @ qs.corpus.vectors.T
                rows.setdefault("dense", {})[key] = _metrics(
                    qs, [[c for c, _ in _top(ids, d, DEPTH)] for d in dense]
                )
                bm25 = {label: [ix.scores(q) for q in questions] for label, ix in lexical.items()}
                for label in analyzers:
                    rows.setdefault(f"bm25 {label}", {})[key] = _metrics(
                        qs, [[c for c, _ in _top_positive(ids, s, DEPTH)] for s in bm25[label]]
                    )
                for label in fusion_analyzers:
                    suffix = "" if label == "syllables+bigrams" else f" [{label}]"
                    for fname, method in fusions.items():
                        rankings = [
                            method(d, s, ids, q)
                            for d, s, q in zip(dense, bm25[label], questions, strict=True)
                        ]
                        rows.setdefault(fname + suffix, {})[key] = _metrics(qs, rankings)
                retriever = HybridRetriever(
                    store=store, embedder=embedder, lexical=lexical["syllables+bigrams"]
                )
                rows.setdefault("HybridRetriever (defaults)", {})[key] = _metrics(
                    qs, [[h.chunk_id for h in retriever.retrieve(q, DEPTH)] for q in questions]
                )
            index.close()
    _print_table(rows, args.sets, counts)


def _print_table(
    rows: dict[str, dict[tuple[str, str], tuple[float, float, float, float]]],
    sets: Sequence[str],
    counts: dict[str, int],
) -> None:
    keys = [(s, f) for s in sets for f in ("as asked", "folded")]
    width = max(len(r) for r in rows) + 1
    head1 = " " * width + "".join(f"| {f'{s} {f} (n={counts[s]})':<27}" for s, f in keys)
    head2 = f"{'method':<{width}}" + "| h@1   h@3   h@5   mrr@10 " * len(keys)
    print(head1)
    print(head2)
    print("-" * len(head2))
    for label, cells in rows.items():
        line = f"{label:<{width}}"
        for key in keys:
            h1, h3, h5, mrr = cells.get(key, (np.nan,) * 4)
            line += f"| {h1:.3f} {h3:.3f} {h5:.3f} {mrr:.3f}  "
        print(line)


# --- scale -----------------------------------------------------------------------------


def scale(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from make_corpus import make_corpus

    from ingest.chunking import chunk_text

    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    with tempfile.TemporaryDirectory(prefix="lexical-scale-") as tmp:
        paths = make_corpus(Path(tmp) / "corpus", args.articles)
        articles = []
        for path in paths:
            title, _, body = path.read_text("utf-8").partition("\n\n")
            articles.append((path.stem, title.strip(), body.strip()))
        items = [
            (f"{aid}-{c.index:04d}", f"{title}\n{c.text}")
            for aid, title, body in articles
            for c in chunk_text(body, settings.chunk_target_chars)
        ]
        chars = sum(len(t) for _, t in items)
        print(f"{len(articles)} articles, {len(items)} chunks, {chars / 1e6:.1f}M characters")

        gc.collect()
        rss_before = _peak_rss_mb()
        t0 = time.perf_counter()
        index = LexicalIndex.from_texts(items)
        build = time.perf_counter() - t0
        build_peak = _peak_rss_mb() - rss_before  # growth of the process's peak RSS
        folder = Path(tmp) / "lexical"
        folder.mkdir()
        t0 = time.perf_counter()
        arrays, meta = index.to_files()
        payload: dict[str, Any] = dict(arrays)
        np.savez(folder / "terms.npz", **payload)
        (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
        save = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in folder.iterdir())
        nnz = index.weights.nnz
        terms = len(index.vocabulary)
        del index
        gc.collect()

        tracemalloc.start()
        t0 = time.perf_counter()
        with np.load(folder / "terms.npz", allow_pickle=False) as npz:
            loaded = LexicalIndex.from_files(
                {n: npz[n] for n in npz.files},
                json.loads((folder / "meta.json").read_text("utf-8")),
            )
        load = time.perf_counter() - t0
        held, load_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        queries = [
            "Nhiệm vụ trọng tâm năm 2018 là gì?",
            "Đội thủ Panthers đã thua bao nhiêu điểm?",
            "nguoi hut tackle trong doi thu tham gia pro bowl",
        ]
        t0 = time.perf_counter()
        for _ in range(20):
            for q in queries:
                loaded.search(q, 30)
        query_ms = (time.perf_counter() - t0) / (20 * len(queries)) * 1000
        print(f"terms {terms:,}, stored weights {nnz:,}, files {size / 1e6:.1f} MB")
        print(f"build {build:.1f}s (peak RSS grew {build_peak:.0f} MB), save {save:.2f}s")
        print(
            f"load {load:.2f}s, held after load {held / 1e6:.0f} MB (peak {load_peak / 1e6:.0f} MB)"
        )
        print(f"one BM25 query (k=30): {query_ms:.1f} ms")
        if args.store:
            _scale_store(Path(tmp), articles, settings)


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _scale_store(tmp: Path, articles: list[tuple[str, str, str]], settings: Settings) -> None:
    from ingest.chunking import chunk_text
    from retrieval.index.chunks import ArticleRecord, ChunkRecord
    from retrieval.search.snapshot import Snapshot, load_or_build, store_signature

    local = settings.model_copy(update={"chroma_path": tmp / "chroma"})
    rng = np.random.default_rng(0)
    t0 = time.perf_counter()
    with Index(local) as index:
        store = index.active()
        records, rows = [], []
        for aid, title, body in articles:
            chunks = chunk_text(body, settings.chunk_target_chars)
            rec = ArticleRecord(aid, "v1", title, "", "", "", f"{aid}.txt", len(chunks), body)
            records.append(rec)
            for c in chunks:
                cr = ChunkRecord(
                    f"{aid}-v1-{c.index:04d}", aid, "v1", c.index, c.paragraph, c.start,
                    c.end, c.text, f"h{aid}{c.index}",
                )  # fmt: skip
                rows.append((cr, rec))
        vectors = rng.standard_normal((len(rows), 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        store.write_chunks(rows, vectors)
        store.commit(records)
        print(f"wrote {len(rows)} chunks to Chroma in {time.perf_counter() - t0:.0f}s")
        t0 = time.perf_counter()
        store_signature(store)
        sig = time.perf_counter() - t0
        t0 = time.perf_counter()
        Snapshot.empty(store.collection_id).updated(store)
        build = time.perf_counter() - t0
        folder = tmp / "lexical-store"
        t0 = time.perf_counter()
        load_or_build(store, folder)
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        load_or_build(store, folder)
        second = time.perf_counter() - t0
        print(f"store signature {sig:.2f}s, snapshot build {build:.1f}s")
        print(f"load_or_build: first (builds and saves) {first:.1f}s, next (loads) {second:.2f}s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    t = sub.add_parser("tune", help="the measurement table (default)")
    t.add_argument("--sets", nargs="+", default=list(SETS))
    t.add_argument("--no-pyvi", action="store_true", help="skip the pyvi rows")
    t.add_argument("--all", action="store_true", help="fusions with syllables alone too")
    t.add_argument(
        "--workdir", type=Path, help="keep the indexes here and reuse them on the next run"
    )
    s = sub.add_parser("scale", help="lexical index build / load at N generated articles")
    s.add_argument("--articles", type=int, default=10000)
    s.add_argument("--store", action="store_true", help="also through a Chroma store")
    argv = sys.argv[1:]
    if not argv or argv[0].startswith("-"):
        argv = ["tune", *argv]
    args = parser.parse_args(argv)
    if args.command == "scale":
        scale(args)
    else:
        tune(args)


if __name__ == "__main__":
    main()
