"""The unanswerable protocol: which articles are indexed, and answered/declined over the
decision threshold.

Only a part of the articles is indexed (`split_passages`); the questions about indexed
articles must be answered, those about the others must be declined. They come from the
same set, so they are same-domain and same-style: the hard case (off-topic questions are
easy to decline). Each question is asked once with the product's settings, and the score
its decline gate uses is recorded (`gate_score`); the curve then says, for any threshold
t, which fraction of answerable questions scores >= t (answered) and which fraction of
unanswerable ones scores < t (declined).
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from collections.abc import Iterable, Sequence
from typing import Any

from retrieval.answers.types import Answer
from retrieval.services import Services

# The operating point: answer at least this fraction of answerable questions.
MIN_ANSWERED = 0.97


def split_passages(pids: Iterable[str], fraction: float, seed: int) -> set[str]:
    """The pids to index: the `round(fraction * n)` pids (at least one, never all) that
    come first when ordered by sha256 of "<seed>:<pid>".

    Deterministic, independent of the order of the file, exactly the fraction asked for,
    and another seed gives another split.
    """
    unique = sorted(set(pids))
    if len(unique) < 2:
        raise ValueError(
            "the unanswerable protocol needs at least 2 passages (some indexed, some not); "
            f"got {len(unique)}"
        )
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"--index-fraction must be between 0 and 1, got {fraction}")
    count = min(len(unique) - 1, max(1, round(fraction * len(unique))))
    ranked = sorted(unique, key=lambda pid: hashlib.sha256(f"{seed}:{pid}".encode()).digest())
    return set(ranked[:count])


def gate_score(answer: Answer, services: Services, k: int) -> float:
    """The score the decline gate compares with its threshold (higher = more confident).

    `Answer.confidence` when the answer carries it; until then the signal
    retrieval/ask.py's relevance floor uses: the best dense cosine among the passages the
    answer draws on (the first SEARCH_TOP_K of the same search `ask` made with this `k`).
    """
    confidence = getattr(answer, "confidence", None)
    if confidence is not None:
        return float(confidence)
    top_k = services.settings.search_top_k
    result = services.search(answer.standalone, max(k, top_k))
    return max((result.dense_scores[h.chunk_id] for h in result.hits[:top_k]), default=0.0)


def gate_score_name() -> str:
    """What `gate_score` reads, for the report (curves of different scores differ)."""
    if "confidence" in {f.name for f in dataclasses.fields(Answer)}:
        return "Answer.confidence"
    return "best dense cosine of the top SEARCH_TOP_K passages"


def at_threshold(
    answerable: Sequence[float], unanswerable: Sequence[float], threshold: float
) -> dict[str, float]:
    """Answered (score >= threshold) among answerable, declined (score < threshold) among
    unanswerable."""
    return {
        "threshold": threshold,
        "answered": _fraction(sum(s >= threshold for s in answerable), len(answerable)),
        "declined": _fraction(sum(s < threshold for s in unanswerable), len(unanswerable)),
    }


def curve(
    answerable: Sequence[float], unanswerable: Sequence[float], steps: int = 20
) -> list[dict[str, float]]:
    """`at_threshold` at round thresholds, lowest first, from at most the lowest score
    (everything answered) to at least the highest (hardly anything answered).

    The step is 1, 2 or 5 times a power of ten, the smallest that needs at most `steps`
    steps: a score spread over [0, 1] gets 0.05, a cosine over [0.77, 0.94] gets 0.01.
    """
    scores = [*answerable, *unanswerable]
    if not scores:
        return []
    low, high = min(scores), max(scores)
    step = next(
        m * 10.0**e
        for e in range(-4, 3)
        for m in (1, 2, 5)
        if (high - low) / (m * 10.0**e) <= steps + 1e-9 or e == 2
    )
    first = math.floor(low / step)
    count = math.ceil(high / step) - first
    decimals = max(0, -math.floor(math.log10(step)))
    thresholds = [round((first + i) * step, decimals) for i in range(count + 1)]
    return [at_threshold(answerable, unanswerable, t) for t in thresholds]


def operating_point(
    answerable: Sequence[float], unanswerable: Sequence[float], min_answered: float = MIN_ANSWERED
) -> dict[str, float] | None:
    """The threshold that declines the most unanswerable questions while answering at
    least `min_answered` of the answerable ones: the highest threshold that still keeps
    that many (declined only grows with the threshold). None without answerable ones."""
    if not answerable:
        return None
    keep = math.ceil(min_answered * len(answerable) - 1e-9)
    best = sorted(answerable, reverse=True)[max(keep, 1) - 1]
    # Rounded down, so that the threshold as printed keeps the same questions.
    return at_threshold(answerable, unanswerable, _floor(best, 4))


def summary(
    answerable: Sequence[dict[str, Any]], unanswerable: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    """The top-level `unanswerable` object from per-question records (`found`,
    `answer_hit`, `score`)."""
    pos = [r["score"] for r in answerable]
    neg = [r["score"] for r in unanswerable]
    return {
        "gate_score": gate_score_name(),
        "n_answerable": len(answerable),
        "n_unanswerable": len(unanswerable),
        "answered": _fraction(sum(r["found"] for r in answerable), len(answerable)),
        "declined": _fraction(sum(not r["found"] for r in unanswerable), len(unanswerable)),
        "answer_hit": _fraction(sum(r["answer_hit"] for r in answerable), len(answerable)),
        "operating_point": operating_point(pos, neg),
        "curve": curve(pos, neg),
    }


def _floor(value: float, decimals: int) -> float:
    scale = 10**decimals
    return math.floor(value * scale) / scale


def _fraction(count: int, total: int) -> float:
    return round(count / max(total, 1), 4)
