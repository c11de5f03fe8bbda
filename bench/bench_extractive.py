"""Time of one extractive answer, cold (passage analyses cache cleared) and warm.

    python bench/bench_extractive.py [--questions 1190] [--rounds 3]

Every xquad_vi question (../shared/eval/xquad_vi) is answered by `extractive_answer`
from five passages: its gold passage at rank 1, 2 or 3 among the next passages of the
file (mostly the same Wikipedia article, so they share vocabulary the way retrieval's
distractors do). Cold clears `_analysed`'s cache before each call, as when the retrieved
passages were not seen recently: the honest case. Warm answers the same questions again
with the cache full. Times in ms; no model, no index.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from retrieval.answers.extractive import _analysed, extractive_answer
from retrieval.index.chunks import Hit

EVAL = REPO.parent / "shared" / "eval" / "xquad_vi"
PASSAGES_PER_ANSWER = 5


def load_cases(n: int) -> list[tuple[str, list[Hit]]]:
    passages = _jsonl(EVAL / "passages.jsonl")
    index = {p["pid"]: i for i, p in enumerate(passages)}
    cases = []
    for k, q in enumerate(_jsonl(EVAL / "questions.jsonl")[:n]):
        gold = index[q["pid"]]
        others = [passages[(gold + j) % len(passages)] for j in range(1, PASSAGES_PER_ANSWER)]
        others.insert(k % 3, passages[gold])
        cases.append((q["question"], [_hit(p, rank) for rank, p in enumerate(others)]))
    return cases


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _hit(passage: dict, rank: int) -> Hit:
    text = passage["text"]
    return Hit(
        chunk_id=passage["pid"],
        article_id=passage["pid"],
        title=passage["title"],
        source="xquad_vi",
        published="",
        url="",
        origin="",
        text=text,
        start=0,
        end=len(text),
        paragraph=0,
        score=1.0 - 0.1 * rank,
    )


def time_answers(cases: list[tuple[str, list[Hit]]], *, cold: bool) -> list[float]:
    times = []
    for question, hits in cases:
        if cold:
            _analysed.cache_clear()
        t0 = time.perf_counter()
        extractive_answer(question, hits)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=1190)
    parser.add_argument("--rounds", type=int, default=3, help="passes over the questions")
    args = parser.parse_args()
    cases = load_cases(args.questions)
    time_answers(cases, cold=False)  # warm-up: imports, token caches, the warm case's cache
    cold: list[float] = []
    warm: list[float] = []
    # Alternating passes, so both see the same machine load.
    for _ in range(args.rounds):
        cold += time_answers(cases, cold=True)
        time_answers(cases, cold=False)  # refill the cache the cold pass emptied
        warm += time_answers(cases, cold=False)
    print(f"{len(cases)} questions x {args.rounds} rounds, {PASSAGES_PER_ANSWER} passages each")
    for name, values in (("cold", cold), ("warm", warm)):
        p50, p95 = statistics.median(values), pct(values, 0.95)
        print(f"{name}: p50 {p50:.3f} ms  p95 {p95:.3f} ms")


if __name__ == "__main__":
    main()
