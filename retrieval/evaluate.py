"""Retrieval evaluation on question sets in the GUIDE's format (passages + questions).

The passages are ingested into a temporary index, every question is asked, and a hit is a
retrieved chunk from the gold article that contains one of the gold answer texts
(compared after NFC and whitespace normalisation).
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from retrieval.embeddings import Embedder
from retrieval.search import search
from retrieval.settings import Settings
from retrieval.store import Hit, Index


@dataclass(frozen=True)
class Question:
    qid: str
    question: str
    pid: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class Metrics:
    n: int
    hit_at_1: float
    hit_at_3: float
    hit_at_5: float
    mrr_at_10: float
    latency_p50_ms: float
    latency_p95_ms: float
    chunks: int

    def as_dict(self) -> dict[str, object]:
        return {
            "n": self.n,
            "hit@1": round(self.hit_at_1, 4),
            "hit@3": round(self.hit_at_3, 4),
            "hit@5": round(self.hit_at_5, 4),
            "mrr@10": round(self.mrr_at_10, 4),
            "latency_ms": {
                "p50": round(self.latency_p50_ms, 1),
                "p95": round(self.latency_p95_ms, 1),
            },
            "chunks": self.chunks,
        }


def load_questions(path: Path) -> list[Question]:
    out = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        out.append(
            Question(
                qid=str(row["qid"]),
                question=row["question"],
                pid=str(row["pid"]),
                answers=tuple(a["text"] for a in row["answers"]),
            )
        )
    return out


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def is_hit(hit: Hit, question: Question) -> bool:
    pid = hit.origin.rsplit("#", 1)[-1]
    if pid != question.pid:
        return False
    text = _norm(hit.text)
    return any(_norm(answer) in text for answer in question.answers)


def evaluate(
    settings: Settings,
    embedder: Embedder,
    passages: Path,
    questions: Path,
    *,
    k: int = 10,
) -> Metrics:
    # The harness drives ingestion the way an admin would; imported here so that the
    # retrieval package itself does not depend on ingest.
    from ingest.pipeline import run

    qs = load_questions(questions)
    with tempfile.TemporaryDirectory(prefix="hoidap-eval-") as tmp:
        local = settings.model_copy(update={"chroma_path": Path(tmp) / "chroma"})
        report = run(local, embedder, [str(passages)])
        if report.exit_code:
            raise RuntimeError(f"could not ingest {passages}: {report.failed}")
        with Index(local) as index:
            store = index.open_for(embedder.identity)
            ranks: list[int | None] = []
            latencies: list[float] = []
            for q in qs:
                t0 = time.perf_counter()
                hits = search(q.question, embedder, store, k)
                latencies.append((time.perf_counter() - t0) * 1000)
                ranks.append(next((i for i, h in enumerate(hits, 1) if is_hit(h, q)), None))
            chunks = store.chunks.count()

    def hit_at(n: int) -> float:
        return sum(1 for r in ranks if r is not None and r <= n) / max(len(ranks), 1)

    mrr = sum(1 / r for r in ranks if r is not None and r <= 10) / max(len(ranks), 1)
    lat = sorted(latencies) or [0.0]
    return Metrics(
        n=len(qs),
        hit_at_1=hit_at(1),
        hit_at_3=hit_at(3),
        hit_at_5=hit_at(5),
        mrr_at_10=mrr,
        latency_p50_ms=statistics.median(lat),
        latency_p95_ms=lat[min(len(lat) - 1, int(0.95 * len(lat)))],
        chunks=chunks,
    )
