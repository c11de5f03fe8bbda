"""Where ask() spends its time beyond the query embedding, and a dump of what it answers.

    python bench/profile_answer.py [--articles 10000] [--questions 400] [--scope-share 0.05]
        [--passes 2] [--profile 30] [--dump /tmp/answers.json]
    python bench/profile_answer.py --set seed --dump /tmp/seed.json
    python bench/profile_answer.py --set dated --dump /tmp/dated.json
    python bench/profile_answer.py --record /tmp/steps.pkl   # then, as often as needed:
    python bench/profile_answer.py --replay /tmp/steps.pkl [--replay-passes 3]

The bench questions are answered on bench_answer's cached index (data/bench, built by
`bench/bench_answer.py --fill cached`), the sets' on an index of tests/data/<set> built
once under /tmp/profile_answer (TODAY 2026-01-20, as their eval is run). The query
embedding is memoised (each distinct question embedded once, before timing), so what is
timed is everything ask() does besides it: each step's p50 and p95 (Answer.timings_ms),
the time of the extractive answer's parts (perf counters around them), and with
`--profile N` cProfile's top N functions by own time. `--dump` writes every answer (text,
citations, short answer and its spans, confidence, related passages, hits and scores) as
JSON, to diff before and after a change meant to keep outputs: they must be identical.

`--record` keeps what the time rerank and the extractive answer got and gave for each
question; `--replay` runs them again in a fresh process (cold caches, as a bench run
starts: its first pass is bench_answer's case, the questions seen once), prints each
one's p50 and says whether every output is still the recorded one. Seconds per try,
without loading the index.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import json
import pstats
import statistics
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.bench_answer import sample_questions
from retrieval.answers.types import Answer
from retrieval.ask import ask
from retrieval.dialogue.conversation import Conversation
from retrieval.embedding.base import Embedder
from retrieval.index.scopes import Visibility
from retrieval.services import Services, build_services
from retrieval.settings import Settings

SETS = REPO / "tests" / "data"
SET_INDEXES = Path("/tmp/profile_answer")
TODAY = date(2026, 1, 20)


def memoise_queries(embedder: Embedder, saved: Path | None = None) -> dict[str, np.ndarray]:
    """Each distinct question embedded once: the rest of ask() is what is measured. With
    `saved` (a pickle, written by main when new), the vectors of an earlier run: ONNX
    Runtime's threads may change a vector's last bits from one run to the next, and the
    answers with them."""
    import pickle

    inner = embedder.embed_queries
    seen: dict[str, np.ndarray] = pickle.loads(saved.read_bytes()) if saved else {}

    def embed_queries(texts: Sequence[str]) -> np.ndarray:
        todo = [t for t in texts if t not in seen]
        if todo:
            for text, vector in zip(todo, inner(todo), strict=True):
                seen[text] = vector
        return np.stack([seen[t] for t in texts])

    embedder.embed_queries = embed_queries  # type: ignore[method-assign]
    return seen


# Parts of ask() timed with perf counters (--parts): "module:function", patched where
# it is called from. Each question's time in each part is summed; a part the code does not
# have (an older or newer version of it) is left out.
PARTS = (
    "retrieval.search.hybrid:HybridRetriever.search",
    "retrieval.search.hybrid:HybridRetriever._nearest",
    "retrieval.search.lexical:LexicalIndex.scores",
    "retrieval.search.lexical:LexicalIndex.top",
    "retrieval.search.lexical:LexicalIndex.pick",
    "retrieval.search.hybrid:HybridRetriever._cosines",
    "retrieval.search.hybrid:HybridRetriever._named",
    "retrieval.search.hybrid:weighted",  # before weighted_all
    "retrieval.search.hybrid:weighted_all",
    "retrieval.search.hybrid:rerank",
    "retrieval.search.hybrid:HybridRetriever._hits",  # before _candidates
    "retrieval.search.hybrid:HybridRetriever._candidates",
    "retrieval.search.hybrid:asked_time",
    "retrieval.ask:one_edition",
    "retrieval.ask:extract",
    "retrieval.ask:answer_by_article",
    "retrieval.answers.extractive:_ranked",
    "retrieval.answers.extractive:named_scope",
    "retrieval.answers.extractive:_short",
    "retrieval.answers.gate_evidence:answer_evidence",
    "retrieval.answers.rendering:render_quotes",
    "retrieval.answers.features:_analysed",
    "retrieval.answers.features:asks",
    "retrieval.answers.features:question_marks",
    "retrieval.answers.features:asked_head",
    "retrieval.answers.features:_features",
    "retrieval.answers.features:_cheap_score",
    "retrieval.answers.features:gap_span",
)
PART_MS: dict[str, float] = {}
TIMED: list[str] = []  # the parts this code has


def time_parts() -> None:
    import importlib

    for part in PARTS:
        module_name, name = part.split(":")
        owner: Any = importlib.import_module(module_name)
        *path, attr = name.split(".")
        for step in path:
            owner = getattr(owner, step)
        inner = getattr(owner, attr, None)
        if inner is None:
            continue
        TIMED.append(part)

        def timed(*args: Any, _inner: Any = inner, _part: str = part, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return _inner(*args, **kwargs)
            finally:
                PART_MS[_part] = PART_MS.get(_part, 0.0) + (time.perf_counter() - t0) * 1000

        setattr(owner, attr, timed)


def record(services: Services, threads: list[list[str]], path: Path) -> None:
    """Each question's rerank and extract calls (arguments and result), pickled."""
    import importlib
    import pickle

    # The modules (the package re-exports a function named `ask`).
    asking: Any = importlib.import_module("retrieval.ask")
    hybrid: Any = importlib.import_module("retrieval.search.hybrid")
    calls: list[tuple[str, tuple[Any, ...], dict[str, Any], Any]] = []

    def recorded(name: str, inner: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            result = inner(*args, **kwargs)
            calls.append((name, args, kwargs, result))
            return result

        return call

    hybrid.rerank = recorded("rerank", hybrid.rerank)
    asking.one_edition = recorded("one_edition", asking.one_edition)
    asking.extract = recorded("extract", asking.extract)
    run_all(services, threads, None, {}, {})
    path.write_bytes(pickle.dumps(calls))
    print(f"{len(calls)} calls recorded in {path}")


def replay(path: Path, passes: int) -> None:
    import pickle

    from retrieval.answers.extractive import extract
    from retrieval.search.timing import one_edition, rerank

    functions: dict[str, Any] = {"rerank": rerank, "one_edition": one_edition, "extract": extract}
    calls = pickle.loads(path.read_bytes())
    for p in range(passes):
        times: dict[str, list[float]] = {}
        changed: dict[str, int] = {}
        for name, args, kwargs, result in calls:
            t0 = time.perf_counter()
            got = functions[name](*args, **kwargs)
            times.setdefault(name, []).append((time.perf_counter() - t0) * 1000)
            changed[name] = changed.get(name, 0) + (got != result)
        summary = ", ".join(
            f"{name} p50 {statistics.median(v):.3f} mean {statistics.mean(v):.3f}"
            for name, v in times.items()
        )
        print(f"replay pass {p + 1}: {summary} ms; outputs changed: {changed}")


def as_json(answer: Answer) -> dict[str, Any]:
    return {
        "question": answer.question,
        "standalone": answer.standalone,
        "text": answer.text,
        "found": answer.found,
        "mode": answer.mode,
        "confidence": answer.confidence,
        "short": dataclasses.asdict(answer.short) if answer.short else None,
        "citations": [dataclasses.asdict(c) for c in answer.citations],
        "related": [dataclasses.asdict(c) for c in answer.related],
        "hits": [(h.chunk_id, h.score) for h in answer.hits],
    }


def bench_services(articles: int, scope_share: float | None) -> Services:
    workdir = REPO / "data" / "bench"
    path = workdir / f"chroma-answer-{articles}-cached"
    if scope_share:
        path = path.with_name(f"{path.name}-scopes-{scope_share:g}")
    if not path.exists():
        sys.exit(f"No index at {path}: run bench/bench_answer.py --fill cached first")
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        chroma_path=path,
        ingest_sources=[str(workdir / f"corpus-{articles}")],
        model_cache_dir=REPO / "data" / "models",
        today=TODAY,  # the same answers on either side of midnight
    )
    return build_services(settings)


def set_services(name: str) -> Services:
    from ingest.pipeline import run
    from retrieval.embedding.factory import load_embedder

    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        chroma_path=SET_INDEXES / name,
        model_cache_dir=REPO / "data" / "models",
        today=TODAY,
    )
    embedder = load_embedder(settings)
    if not settings.chroma_path.exists():
        run(settings, embedder, [str(SETS / name / "passages.jsonl")])
    return build_services(settings, embedder)


def set_asks(name: str) -> list[list[str]]:
    """The set's questions (each its own conversation) and dialogues (turns in order)."""
    folder = SETS / name
    lines = (folder / "questions.jsonl").read_text("utf-8").splitlines()
    asks = [[json.loads(line)["question"]] for line in lines]
    dialogues = folder / "dialogues.jsonl"
    if dialogues.exists():
        for line in dialogues.read_text("utf-8").splitlines():
            asks.append([turn["question"] for turn in json.loads(line)["turns"]])
    return asks


def run_all(
    services: Services,
    threads: list[list[str]],
    scopes: Visibility,
    steps: dict[str, list[float]],
    parts: dict[str, list[float]],
) -> list[dict[str, Any]]:
    out = []
    for turns in threads:
        conversation = Conversation() if len(turns) > 1 else None
        for question in turns:
            PART_MS.clear()
            answer = ask(question, conversation, services, scopes=scopes)
            for part in TIMED:
                parts.setdefault(part, []).append(PART_MS.get(part, 0.0))
            for step, ms in answer.timings_ms.items():
                steps.setdefault(step, []).append(ms)
            out.append(as_json(answer))
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--questions", type=int, default=400)
    parser.add_argument("--scope-share", type=float, default=None)
    parser.add_argument("--set", choices=("seed", "dated"), default=None)
    parser.add_argument("--passes", type=int, default=2, help="timed passes (the first warms)")
    parser.add_argument("--profile", type=int, default=0, help="cProfile: print the top N")
    parser.add_argument("--dump", type=Path, default=None)
    parser.add_argument("--parts", action="store_true", help="time the parts of ask()")
    parser.add_argument("--record", type=Path, default=None, help="pickle rerank/extract calls")
    parser.add_argument("--replay", type=Path, default=None, help="time the recorded calls")
    parser.add_argument("--replay-passes", type=int, default=2)
    parser.add_argument(
        "--vectors", type=Path, default=None, help="the question vectors (made when missing)"
    )
    args = parser.parse_args()
    if args.parts:
        time_parts()
    if args.replay:
        replay(args.replay, args.replay_passes)
        return

    if args.set:
        services = set_services(args.set)
        threads = set_asks(args.set)
        views: list[tuple[str, Visibility]] = [("all", None)]
    else:
        services = bench_services(args.articles, args.scope_share)
        threads = [[q] for q in sample_questions(args.questions)]
        views = [("all", None)]
        if args.scope_share:
            views += [("nho", frozenset({"nho"})), ("nho+lon", frozenset({"nho", "lon"}))]
    saved = args.vectors if args.vectors and args.vectors.exists() else None
    vectors = memoise_queries(services.retriever.embedder, saved)
    for turns in threads:  # embedded once, outside the timing
        services.retriever.embedder.embed_queries(turns)

    if args.record:
        record(services, threads, args.record)
        services.close()
        return
    dump: dict[str, list[dict[str, Any]]] = {}
    for label, scopes in views:
        for p in range(args.passes):
            steps: dict[str, list[float]] = {}
            parts: dict[str, list[float]] = {}
            profiler = cProfile.Profile() if args.profile and p == args.passes - 1 else None
            t0 = time.perf_counter()
            if profiler:
                profiler.enable()
            answers = run_all(services, threads, scopes, steps, parts)
            if profiler:
                profiler.disable()
            total = (time.perf_counter() - t0) * 1000 / len(answers)
            summary = ", ".join(
                f"{k} {statistics.median(v):.2f}/{pct(v, 0.95):.2f}" for k, v in steps.items()
            )
            print(f"{label} pass {p + 1}: {total:.2f} ms per ask; p50/p95 ms {summary}")
            dump[label] = answers
            for part, values in parts.items() if args.parts else ():
                print(
                    f"  {part:<48} mean {statistics.mean(values):6.3f}  "
                    f"p50 {statistics.median(values):6.3f}  p95 {pct(values, 0.95):6.3f} ms"
                )
            if profiler:
                stats = pstats.Stats(profiler)
                stats.sort_stats("tottime").print_stats(args.profile)
                stats.sort_stats("cumulative").print_stats(args.profile)
    services.close()
    if args.vectors and saved is None:  # with the follow-ups' standalone questions
        import pickle

        args.vectors.write_bytes(pickle.dumps(vectors))
    if args.dump:
        args.dump.write_text(json.dumps(dump, ensure_ascii=False, indent=1), "utf-8")
        print(f"answers written to {args.dump}")


if __name__ == "__main__":
    main()
