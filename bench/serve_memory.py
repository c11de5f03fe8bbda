"""Memory of a process that only serves, as the bot does: no ingestion in it.

    python bench/serve_memory.py [--chroma data/bench/chroma-answer-10000-cached] [--questions 400]

`bench/bench_answer.py` fills (or checks) its index in the same process that answers, so
its peak resident memory also holds what ingestion left allocated. This starts the
services on an existing index, answers xquad_vi questions with `ask()` (hybrid +
extractive, no LLM) and prints the start-up time and the process's peak resident memory
(ru_maxrss): what the bot needs for that index. Run bench_answer.py first to build the
index of 10,000 articles.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.bench_answer import sample_questions
from retrieval.ask import ask
from retrieval.services import build_services
from retrieval.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--chroma", type=Path, default=REPO / "data" / "bench" / "chroma-answer-10000-cached"
    )
    parser.add_argument("--questions", type=int, default=400)
    args = parser.parse_args()
    if not args.chroma.exists():
        sys.exit(f"no index at {args.chroma}: build it with python bench/bench_answer.py first")
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        chroma_path=args.chroma,
        model_cache_dir=REPO / "data" / "models",
    )
    t0 = time.perf_counter()
    services = build_services(settings)
    startup_s = time.perf_counter() - t0
    questions = sample_questions(args.questions)  # the ones bench_answer.py asks
    for question in questions:
        ask(question, None, services)
    chunks = services.retriever.store.chunks.count()
    services.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{chunks} chunks, start-up {startup_s:.1f} s, {len(questions)} answers: "
        f"peak RSS {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
