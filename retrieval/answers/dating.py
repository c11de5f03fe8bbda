"""Whose date an answer is: "Theo bài ngày 14/01/2026, …" before an answer to a question
that names a time.

An organisation's yearly articles say "năm nay" and "năm qua"; an answer quoting one is
only right for that article's year, so the reader is told which it is. Pure functions.
"""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.answers.types import Citation
from retrieval.language.entities import decap

__all__ = ["date_label", "with_source_date"]


def date_label(published: str) -> str:
    """ "ngày 14/01/2026", "tháng 01/2026", "năm 2026" for an ISO date of that precision;
    "" for anything else."""
    parts = published.strip().split("-")
    if not parts[0].isdigit() or len(parts[0]) != 4 or not all(p.isdigit() for p in parts):
        return ""
    if len(parts) == 3:
        return f"ngày {int(parts[2]):02d}/{int(parts[1]):02d}/{parts[0]}"
    if len(parts) == 2:
        return f"tháng {int(parts[1]):02d}/{parts[0]}"
    return f"năm {parts[0]}" if len(parts) == 1 else ""


def with_source_date(text: str, citations: Sequence[Citation]) -> str:
    """`text` led by the date of the article its first sentence quotes (citation [1]);
    unchanged when that article has no date or the text already starts with one."""
    if not text or not citations or text.startswith("Theo bài"):
        return text
    first = min(citations, key=lambda c: c.n)
    label = date_label(first.published)
    return f"Theo bài {label}, {decap(text)}" if label else text
