"""Knowledge scopes at ingestion: each article gets the scopes whose sources hold it
(`retrieval.index.scopes`), and an article whose scopes changed in ACCESS_FILE gets the new
ones in place: its records' metadata change, its vectors and version do not."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from retrieval.index.chunks import ArticleRecord
from retrieval.index.store import Store


def restamp(
    store: Store,
    committed: dict[str, ArticleRecord],
    seen: Iterable[str],
    wanted: dict[str, tuple[str, ...]],
) -> tuple[int, dict[str, int]]:
    """Give the `seen` articles whose stored scopes differ from `wanted` their new scopes
    (`committed` is updated); how many changed, and the seen articles per scope ("" for
    those in none)."""
    seen = list(seen)
    changed = []
    for aid in seen:
        rec = committed.get(aid)
        if rec is not None and tuple(sorted(rec.scopes)) != wanted.get(aid, ()):
            changed.append(dataclasses.replace(rec, scopes=wanted.get(aid, ())))
    store.restamp(changed)
    for rec in changed:
        committed[rec.id] = rec
    counts: dict[str, int] = {}
    for aid in seen:
        rec = committed.get(aid)
        if rec is None:
            continue
        for name in rec.scopes or ("",):
            counts[name] = counts.get(name, 0) + 1
    return len(changed), dict(sorted(counts.items()))
