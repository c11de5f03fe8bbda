"""Where an answer's time goes, and whether embedding the question beside other work pays.

    python bench/answer_steps.py [--articles 10000] [--questions 200] [--threads 0]

Reads the index `bench/bench_answer.py --fill cached` built under data/bench (run that
first). Each question is answered with `ask()`; the query embedding, the time rerank and
the extractive answer inside it are timed by wrapping them here (the product is not
changed), and one embedding alone is timed after it. Then, per question, the embedding
is run in turn with the question-only work search does next (BM25 over every chunk and
its top candidates) and on a second thread beside it: on two cores ONNX Runtime uses both
(`--threads 0`), and the overlap does not pay; `--threads 1` shows the embedding alone on
one core. Medians in ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import retrieval.ask as asking
import retrieval.search.hybrid as hybrid
from bench.bench_answer import sample_questions
from retrieval.services import build_services
from retrieval.settings import Settings


def _timed(times: list[float], function: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            times.append((time.perf_counter() - t0) * 1000)

    return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--threads", type=int, default=0, help="EMBEDDING_THREADS (0: all)")
    args = parser.parse_args()
    data = REPO / "data" / "bench"
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        chroma_path=data / f"chroma-answer-{args.articles}-cached",
        ingest_sources=[str(data / f"corpus-{args.articles}")],
        model_cache_dir=REPO / "data" / "models",
        embedding_threads=args.threads,
    )
    if not settings.chroma_path.exists():
        raise SystemExit(
            f"No index at {settings.chroma_path}: run python bench/bench_answer.py "
            f"--fill cached --articles {args.articles} first"
        )
    services = build_services(settings)
    questions = sample_questions(args.questions)
    embedder, lexical = services.embedder, services.retriever.lexical
    asking.ask(questions[0], None, services)  # warm-up
    steps: dict[str, list[float]] = {"embed in ask": [], "rerank": [], "extract": []}
    embed = embedder.embed_queries
    embedder.embed_queries = _timed(steps["embed in ask"], embed)  # type: ignore[method-assign]
    rerank, extract = hybrid.rerank, asking.extract
    hybrid.rerank = _timed(steps["rerank"], rerank)  # type: ignore[assignment]
    asking.extract = _timed(steps["extract"], extract)  # type: ignore[assignment]
    answers, alone = [], []
    try:
        for question in questions:
            t0 = time.perf_counter()
            asking.ask(question, None, services)
            answers.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            embed([question])
            alone.append((time.perf_counter() - t0) * 1000)
    finally:
        embedder.embed_queries = embed  # type: ignore[method-assign]
        hybrid.rerank, asking.extract = rerank, extract  # type: ignore[assignment]

    def question_only(question: str) -> None:
        lexical.top(lexical.scores(question), 100)

    in_turn, beside = [], []
    with ThreadPoolExecutor(1) as pool:
        for question in questions:
            t0 = time.perf_counter()
            embed([question])
            question_only(question)
            in_turn.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            future = pool.submit(embed, [question])
            question_only(question)
            future.result()
            beside.append((time.perf_counter() - t0) * 1000)
    services.close()

    median = statistics.median
    print(f"{len(questions)} questions, {args.articles} articles, embedding threads "
          f"{args.threads or 'all'} (medians, ms)")  # fmt: skip
    print(f"ask() {median(answers):.2f}; one embedding alone {median(alone):.2f}; "
          f"ratio {median(answers) / median(alone):.2f}")  # fmt: skip
    for step, times in steps.items():
        print(f"  {step:13s} {median(times):.2f}")
    rest = [a - e for a, e in zip(answers, steps["embed in ask"], strict=True)]
    print(f"  {'all but embed':13s} {median(rest):.2f}")
    print(f"embedding then BM25 {median(in_turn):.2f}; both at once {median(beside):.2f}")


if __name__ == "__main__":
    main()
