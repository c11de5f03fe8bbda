"""The extractive answer's text: quoted sentences, each followed by the [n] of its
passage, numbered in order of first use."""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.answers.sentences import _Candidate
from retrieval.answers.types import Citation
from retrieval.index.chunks import Hit

__all__ = ["render_quotes"]


def render_quotes(
    ordered: Sequence[_Candidate], hits: Sequence[Hit], first: str | None = None
) -> tuple[str, list[Citation]]:
    """The quoted sentences with their [n] markers, numbered by passage in order of first
    use; `first`, when given, is how the first one reads (a lead-in with its points,
    lists.render_list)."""
    numbers: dict[int, int] = {}
    parts: list[str] = []
    for k, (rank, sentence) in enumerate(ordered):
        n = numbers.setdefault(rank, len(numbers) + 1)
        if k == 0 and first is not None:
            text = first
        else:
            text = sentence.text if sentence.terminal or sentence.lead_in else sentence.text + "."
        parts.append(f"{text} [{n}]")
    citations = [Citation.from_hit(n, hits[rank]) for rank, n in numbers.items()]
    return " ".join(parts), citations
