"""One retrieved passage holding a given text, for the answer step's unit tests."""

from __future__ import annotations

from retrieval.index.chunks import Hit


def passage(text: str, *, title: str, published: str = "", chunk_id: str = "a:0") -> Hit:
    """The whole of article `chunk_id`'s (its id before ":") text, as search returns it."""
    return Hit(
        chunk_id=chunk_id, article_id=chunk_id.split(":")[0], title=title, source="",
        published=published, url="", origin="", text=text, start=0, end=len(text),
        paragraph=0, score=1.0,
    )  # fmt: skip
