"""A question that names an article of a regulation ("Điều 5 quy định gì?", "khoản 2 điều
14") gets that article first.

`named_chunks` finds, among the chunks that carry a legal path (`retrieval.index.chunks.LEGAL`),
those of the Điều the question names; hybrid search adds them to its candidates (so they
get both scores even when neither run found them) and `named_first` puts them ahead of the
rest, best fused first: when several documents have a "Điều 5", the question's other words
still choose between them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from retrieval.index.chunks import Hit, Place, legal_parts
from retrieval.language.legalref import LegalRef
from retrieval.language.text import fold

__all__ = ["named_chunks", "named_first"]

# How well a chunk matches: its Khoản (and Điểm) is the one asked, or it holds the whole
# Điều; or it is another Khoản of the same Điều.
EXACT = 2
SAME_ARTICLE = 1


def named_chunks(places: Mapping[str, Place], ref: LegalRef) -> dict[str, int]:
    """chunk id -> EXACT or SAME_ARTICLE for the chunks of the Điều `ref` names."""
    out: dict[str, int] = {}
    for chunk_id, place in places.items():
        if place.legal:
            tier = _match(place.legal, ref)
            if tier:
                out[chunk_id] = tier
    return out


def named_first(hits: Sequence[Hit], named: Mapping[str, int]) -> list[Hit]:
    """`hits` with the named chunks first (EXACT before SAME_ARTICLE), each group in its
    order."""
    if not named:
        return list(hits)
    return sorted(hits, key=lambda h: -named.get(h.chunk_id, 0))


def _match(legal: str, ref: LegalRef) -> int:
    levels = {kind: (first, last) for kind, first, last in legal_parts(legal)}
    article = levels.get("Điều")
    if article is None or fold(article[0]) != fold(ref.article):
        return 0
    for kind, number in ref.levels()[1:]:
        held = levels.get(kind)
        if held is None:
            return EXACT  # the chunk holds the whole Điều (or the whole Khoản)
        if not _within(number, held):
            return SAME_ARTICLE
    return EXACT


def _within(number: str, held: tuple[str, str]) -> bool:
    first, last = (_order(x) for x in held)
    return first <= _order(number) <= last


def _order(number: str) -> tuple[int, str]:
    """Clause numbers compare as numbers, point letters as letters ("đ" after "d")."""
    folded = fold(number)
    digits = "".join(c for c in folded if c.isdigit())
    return (int(digits) if digits else 0, number.lower())
