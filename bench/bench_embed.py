"""Embedding backends side by side: PyTorch float32, ONNX Runtime float32, ONNX Runtime int8.

    python bench/bench_embed.py [--reps 200] [--rounds 3] [--chunks 200] [--threads 0]

One run, interleaved (blocks of 10 questions, or one round of chunks, per backend in a
rotating order, with a pause between backends), so a busy machine slows all of them
alike. Prints a markdown table:

- one query: p50 / p95 of `embed_queries([question])` on typical Vietnamese questions
  (xquad_vi), `--reps` times after a warm-up;
- passages: chunks/s over `--chunks` real ~1000-character chunks (xquad_vi paragraphs
  chunked by `ingest.chunking` at CHUNK_TARGET_CHARS), median of `--rounds` rounds;
- load: wall time of a fresh `python` that imports what the backend needs, loads the model
  and embeds one question (a cold start as the bot and CLI see it), and its peak RSS;
- cosine: mean / min against PyTorch float32 on the chunks and 100 questions.

The ONNX files are exported first if this machine has none (not timed).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from ingest.chunking import chunk_text
from retrieval.embedding.base import Embedder
from retrieval.embedding.factory import load_embedder
from retrieval.embedding.onnx_backend import BATCH_TOKENS, OnnxEmbedder
from retrieval.settings import Settings

PASSAGES = REPO / "bench" / "corpus" / "xquad_vi" / "passages.jsonl"
QUESTIONS = REPO.parent / "shared" / "eval" / "xquad_vi" / "questions.jsonl"
BACKENDS = ("torch", "onnx", "onnx-int8")
BLOCK = 10
PAUSE_S = 0.5
LABELS = {"torch": "torch fp32", "onnx": "onnx fp32", "onnx-int8": "onnx int8"}

_COLD = """
import sys, time
t0 = time.perf_counter()
from retrieval.embedding.factory import load_embedder
from retrieval.settings import Settings
s = Settings(_env_file=None, model_cache_dir={cache!r}, embedding_backend={backend!r},
             embedding_threads={threads})
e = load_embedder(s)
e.embed_queries(["Nhiệm vụ trọng tâm năm 2018 là gì?"])
# VmHWM, not ru_maxrss: the latter starts from the parent's size after fork.
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
print(time.perf_counter() - t0, int(status["VmHWM"].split()[0]) / 1024, "torch" in sys.modules)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--chunks", type=int, default=200)
    parser.add_argument("--threads", type=int, default=0, help="EMBEDDING_THREADS (0: all)")
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument(
        "--batch-tokens",
        default="",
        help="also compare padded tokens per ONNX forward pass, e.g. 512,1024,2048,4096,16384",
    )
    args = parser.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]

    chunks = _chunks(args.chunks)
    questions = _questions(max(100, min(args.reps, 400)))
    print(
        f"{len(chunks)} chunks (mean {np.mean([len(c) for c in chunks]):.0f} chars), "
        f"{len(questions)} questions"
    )

    embedders: dict[str, Embedder] = {}
    for backend in backends:
        embedders[backend] = load_embedder(_settings(backend, args.threads))  # exports if needed

    cold = {b: _cold_start(b, args.threads) for b in backends}

    # Warm-up: first calls allocate arenas and pick kernels.
    for e in embedders.values():
        e.embed_passages(chunks[:8])
        for q in questions[:10]:
            e.embed_queries([q])

    # Blocks of BLOCK questions per backend, rotating, with a pause between backends: a
    # thread pool that is still spinning (ONNX Runtime's, PyTorch's OpenMP) would
    # otherwise slow the next backend down, which no single-backend process sees.
    query_ms: dict[str, list[float]] = {b: [] for b in backends}
    for block in range(0, args.reps, BLOCK):
        for b in _rotate(backends, block // BLOCK):
            time.sleep(PAUSE_S)
            for rep in range(block, min(block + BLOCK, args.reps)):
                question = questions[rep % len(questions)]
                t0 = time.perf_counter()
                embedders[b].embed_queries([question])
                query_ms[b].append((time.perf_counter() - t0) * 1000)

    rates: dict[str, list[float]] = {b: [] for b in backends}
    vectors: dict[str, np.ndarray] = {}
    for rnd in range(args.rounds):
        for b in _rotate(backends, rnd):
            time.sleep(PAUSE_S)
            t0 = time.perf_counter()
            vectors[b] = embedders[b].embed_passages(chunks)
            rates[b].append(len(chunks) / (time.perf_counter() - t0))

    cosines: dict[str, np.ndarray] = {}
    if "torch" in embedders:
        q_ref = embedders["torch"].embed_queries(questions[:100])
        for b in backends:
            q_vec = embedders[b].embed_queries(questions[:100])
            cosines[b] = np.concatenate(
                [(vectors[b] * vectors["torch"]).sum(1), (q_vec * q_ref).sum(1)]
            )

    print()
    print(
        "| backend | query p50 ms | query p95 ms | chunks/s | cold start s | peak RSS MB "
        "| torch imported | cosine vs torch mean / min |"
    )
    print("|---|---:|---:|---:|---:|---:|---|---|")
    for b in backends:
        ms = np.asarray(query_ms[b])
        cos = cosines.get(b)
        cos_text = f"{cos.mean():.4f} / {cos.min():.4f}" if cos is not None else "-"
        load_s, rss_mb, torch_loaded = cold[b]
        print(
            f"| {LABELS.get(b, b)} | {np.percentile(ms, 50):.1f} | {np.percentile(ms, 95):.1f} "
            f"| {statistics.median(rates[b]):.1f} | {load_s:.1f} | {rss_mb:.0f} "
            f"| {'yes' if torch_loaded else 'no'} | {cos_text} |"
        )
    sweep = [int(x) for x in args.batch_tokens.split(",") if x.strip()]
    if sweep:
        _sweep(embedders, chunks, sweep, args.rounds)
    print(
        f"\n{args.reps} single-question embeddings and {args.rounds} rounds of "
        f"{len(chunks)} chunks per backend, interleaved; "
        f"threads={args.threads or 'all'}; batch size {_settings('torch', 0).embedding_batch_size}"
    )


def _sweep(
    embedders: dict[str, Embedder], chunks: list[str], sizes: list[int], rounds: int
) -> None:
    """chunks/s of each ONNX backend per padded-token budget (OnnxEmbedder.batch_tokens)."""
    onnx = {b: e for b, e in embedders.items() if isinstance(e, OnnxEmbedder)}
    rates: dict[tuple[str, int], list[float]] = {(b, n): [] for b in onnx for n in sizes}
    for rnd in range(rounds):
        for label in _rotate([str(size) for size in sizes], rnd):
            for b, e in onnx.items():
                e.batch_tokens = int(label)
                time.sleep(PAUSE_S)
                t0 = time.perf_counter()
                e.embed_passages(chunks)
                rates[(b, int(label))].append(len(chunks) / (time.perf_counter() - t0))
    print("\n| batch tokens | " + " | ".join(f"{LABELS[b]} chunks/s" for b in onnx) + " |")
    print("|---:|" + "---:|" * len(onnx))
    for n in sizes:
        cells = " | ".join(f"{statistics.median(rates[(b, n)]):.1f}" for b in onnx)
        print(f"| {n} | {cells} |")
    for e in onnx.values():
        e.batch_tokens = BATCH_TOKENS


def _settings(backend: str, threads: int) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        model_cache_dir=REPO / "data" / "models",
        embedding_backend=backend,  # type: ignore[arg-type]
        embedding_threads=threads,
    )


def _cold_start(backend: str, threads: int) -> tuple[float, float, bool]:
    code = _COLD.format(cache=str(REPO / "data" / "models"), backend=backend, threads=threads)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    seconds, rss, torch_loaded = out.stdout.split()[-3:]
    return float(seconds), float(rss), torch_loaded == "True"


def _rotate(items: list[str], n: int) -> list[str]:
    k = n % len(items)
    return items[k:] + items[:k]


def _chunks(limit: int) -> list[str]:
    # One long run of sentences, so every chunk is cut near the target (paragraphs alone
    # are ~800 characters); sentence boundaries as in ingestion.
    target = Settings(_env_file=None).chunk_target_chars  # type: ignore[call-arg]
    texts = [json.loads(line)["text"] for line in PASSAGES.open(encoding="utf-8")]
    return [c.text for c in chunk_text(" ".join(texts), target)][:limit]


def _questions(limit: int) -> list[str]:
    rows = [json.loads(line)["question"] for line in QUESTIONS.open(encoding="utf-8")]
    return rows[:: max(1, len(rows) // limit)][:limit]


if __name__ == "__main__":
    main()
