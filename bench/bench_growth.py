"""How the product grows: 1,000, 10,000 and 30,000 generated articles, one table.

    python bench/bench_growth.py [--articles 1000 --articles 10000 --articles 30000]

For each size:

- the index is filled once and cached under data/bench (`--fill cached`, as in
  bench_answer.py: the product's model embeds each distinct paragraph once, so 30,000
  articles fill in minutes; fine for latency and size, not for quality);
- **ingest**: 100 new articles (never seen by the index) are ingested into a copy of the
  index with the product's own embedder and pipeline, as an admin's `/reindex` or a cron
  job would: articles/s and chunks/s, and how much of it was the search snapshot update that
  follows every ingestion;
- **disk**: the Chroma folder plus the search snapshot;
- **start-up**: a fresh Python process, timed by the parent from `exec` until its first
  answer is printed (imports, model load, Chroma, search snapshot, one question), as the
  bot or `python -m retrieval ask` would pay it;
- **RSS**: that process's peak resident memory after answering all questions;
- **answer p50/p95**: `ask()` (hybrid retrieval + extractive answer, no LLM) in that
  process, next to one query embedding measured alternately.

The child process is this script with `--serve`; it prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

INCREMENT = 100  # new articles per ingest measurement


def _settings(chroma: Path, sources: list[str]):  # type: ignore[no-untyped-def,unused-ignore]
    from retrieval.settings import Settings

    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        chroma_path=chroma,
        ingest_sources=sources,
        model_cache_dir=REPO / "data" / "models",
    )


def serve(chroma: Path, corpus: Path, n_questions: int) -> None:
    """Child: start as the bot does, answer, report."""
    from bench.bench_answer import answer_and_embed_ms, pct, sample_questions
    from bot import app as _bot_app  # noqa: F401  # the bot's imports count in its start-up
    from retrieval.ask import ask
    from retrieval.services import build_services

    questions = sample_questions(n_questions)
    services = build_services(_settings(chroma, [str(corpus)]))
    first = ask(questions[0], None, services)
    print(json.dumps({"first_answer": bool(first.text)}), flush=True)
    answer_ms, embed_ms = answer_and_embed_ms(services, questions)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    chunks = services.retriever.store.chunks.count()
    services.close()
    print(
        json.dumps(
            {
                "chunks": chunks,
                "rss_mb": rss_mb,
                "answer_p50": statistics.median(answer_ms),
                "answer_p95": pct(answer_ms, 0.95),
                "embed_p50": statistics.median(embed_ms),
            }
        ),
        flush=True,
    )


def _du_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def fill(size: int, work: Path) -> tuple[Path, Path]:
    from bench.bench_answer import CachedBodyEmbedder
    from bench.make_corpus import make_corpus
    from ingest.pipeline import run
    from retrieval.embedding.factory import load_embedder

    corpus = work / f"corpus-{size}"
    if not corpus.exists():
        make_corpus(corpus, size)
    chroma = work / f"chroma-answer-{size}-cached"
    if (chroma / "chroma.sqlite3").exists():
        return corpus, chroma  # filled by an earlier run (delete the folder to refill)
    settings = _settings(chroma, [str(corpus)])
    t0 = time.perf_counter()
    report = run(settings, CachedBodyEmbedder(load_embedder(settings)))
    if report.added:
        print(f"filled {size} articles in {time.perf_counter() - t0:.0f} s", flush=True)
    return corpus, chroma


def ingest_increment(size: int, chroma: Path, corpus: Path, work: Path) -> dict[str, float]:
    """INCREMENT new articles into a copy of the index, with the product's embedder."""
    from bench.make_corpus import make_corpus
    from ingest.pipeline import run
    from retrieval.embedding.factory import load_embedder

    extra = work / "corpus-increment"
    if not extra.exists():
        # A different seed: new titles and paragraph mixes, so every article is new.
        make_corpus(extra, INCREMENT, seed=99)
        for path in extra.glob("*.txt"):
            path.rename(path.with_name("new_" + path.name))
    copy = work / f"chroma-growth-{size}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(chroma, copy)
    settings = _settings(copy, [str(corpus), str(extra)])
    embedder = load_embedder(settings)
    _ = embedder.identity
    embedder.embed_passages(["khởi động"])  # warm-up outside the timing

    t0 = time.perf_counter()
    report = run(settings, embedder)
    total_s = time.perf_counter() - t0
    assert len(report.added) == INCREMENT, report.added
    disk = _du_mb(copy)
    shutil.rmtree(copy, ignore_errors=True)
    return {
        "ingest_s": total_s,
        "articles_s": INCREMENT / total_s,
        "chunks_s": report.chunks_embedded / total_s,
        "snapshot_s": report.snapshot_seconds,
        "disk_after_mb": disk,
    }


def measure_child(chroma: Path, corpus: Path, n_questions: int) -> dict[str, float]:
    t0 = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(chroma), str(corpus), str(n_questions)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "TOKENIZERS_PARALLELISM": "false"},
    )
    assert child.stdout is not None
    first = json.loads(child.stdout.readline())
    startup_s = time.perf_counter() - t0
    assert first["first_answer"], "the first question got no answer"
    result: dict[str, float] = json.loads(child.stdout.readline())
    child.wait(timeout=600)
    result["startup_s"] = startup_s
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, action="append")
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--workdir", type=Path, default=REPO / "data" / "bench")
    parser.add_argument("--skip-ingest", action="store_true", help="no increment timing")
    parser.add_argument("--serve", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(Path(args.serve[0]), Path(args.serve[1]), int(args.serve[2]))
        return

    sizes = args.articles or [1000, 10000, 30000]
    rows = []
    for size in sizes:
        corpus, chroma = fill(size, args.workdir)
        row: dict[str, float] = {"articles": size, "disk_mb": _du_mb(chroma)}
        row.update(measure_child(chroma, corpus, args.questions))
        if not args.skip_ingest:
            row.update(ingest_increment(size, chroma, corpus, args.workdir))
        rows.append(row)
        print(json.dumps(row), flush=True)

    print(f"\n{args.questions} xquad_vi questions; ingest = {INCREMENT} new articles added")
    head = (
        "| articles | chunks | disk MB | start-up s | RSS MB | answer p50 ms | p95 ms "
        "| embed p50 ms | p50/embed | ingest art/s | chunks/s | of which snapshot s |"
    )
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for r in rows:
        ingest = (
            f"{r['articles_s']:.2f} | {r['chunks_s']:.1f} | {r['snapshot_s']:.1f}"
            if "articles_s" in r
            else "– | – | –"
        )
        print(
            f"| {int(r['articles']):,} | {int(r['chunks']):,} | {r['disk_mb']:.0f} "
            f"| {r['startup_s']:.1f} | {r['rss_mb']:.0f} | {r['answer_p50']:.1f} "
            f"| {r['answer_p95']:.1f} | {r['embed_p50']:.1f} "
            f"| {r['answer_p50'] / r['embed_p50']:.2f} | {ingest} |"
        )
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        growth = b["articles"] / a["articles"]
        print(
            f"\n{growth:.0f}x the articles: disk {b['disk_mb'] / a['disk_mb']:.1f}x, "
            f"start-up {b['startup_s'] / a['startup_s']:.2f}x, "
            f"RSS {b['rss_mb'] / a['rss_mb']:.2f}x, "
            f"answer p50 {b['answer_p50'] / a['answer_p50']:.2f}x"
        )


if __name__ == "__main__":
    main()
