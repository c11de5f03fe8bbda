"""Which candidate leads, by what the question asks: who did the deed, or why.

- Asked who ("Ai chủ trì …?"): the sentence saying the deed (`deeds.doing`), else the best
  naming someone (`subject.someone_named`).
- Asked why ("Vì sao phường chưa đạt chỉ tiêu về trường chuẩn?"): a report names the
  shortfall in one sentence ("… hai chỉ tiêu chưa đạt là … số trường học đạt chuẩn quốc
  gia.") and gives its reason in the next ("Ông giải thích … do Trường Tiểu học Nguyễn
  Trãi đang được xây dựng lại"). When the best sentence says no reason ("do", "vì",
  "nhờ", "bởi", "để", "nhằm" and what follows) and the next sentence of its passage does,
  that one leads (the best is quoted after it).
Pure functions.
"""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.answers.deeds import doing
from retrieval.answers.features import _Ranked
from retrieval.answers.span import phrases
from retrieval.answers.subject import someone_named
from retrieval.index.chunks import Hit

__all__ = ["lead_for"]


def lead_for(kind: str, question: str, ranked: _Ranked, hits: Sequence[Hit]) -> int:
    """The position in `ranked.scored` of the candidate to lead with; 0 for the best."""
    if kind == "person":
        return doing(question, ranked.scored) or someone_named(question, ranked, hits)
    if kind == "reason":
        return _reason_next(ranked)
    return 0


def _says_why(text: str) -> bool:
    return any(p.kind == "reason" for p in phrases(text))


def _reason_next(ranked: _Ranked) -> int:
    best = ranked.scored[0][1]
    if _says_why(best.sentence.text):
        return 0
    return next(
        (
            i
            for i, (_, c, _) in enumerate(ranked.scored)
            if c.rank == best.rank
            and c.sentence.order == best.sentence.order + 1
            and _says_why(c.sentence.text)
        ),
        0,
    )
