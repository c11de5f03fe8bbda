"""How `ask` and `chat` show an answer: text for a person (the phrase that answers
highlighted, one source per article with its quoted passages, or for a declined answer the
passages that may be related), and the JSON of `ask --json`.

The JSON of an answer:

    {"question", "standalone", "answer", "found", "mode",
     "short": {"text", "span": [start, end] in "answer", "n", "article_span"} or null,
     "citations": [{"n", "article_id", "title", "source", "published", "url",
                    "chunk_id", "span", "score", "quote", "location",   # its first passage
                    "passages": [{"chunk_id", "span", "score", "quote", "location"}, ...]}],
     "related": [... as "citations", offered when found is false; no [n] in the text],
     "timings_ms": {...}}

One entry of "citations" per article (its number [n] in "answer"); "passages" holds every
passage of it the answer quotes, in order of first citation; "chunk_id", "span", "score"
and "quote" at the top are those of the first passage, as before articles were merged.
"location" says where a passage is in its document ("Điều 5, khoản 2, trang 12"); it is
left out when that is unknown (no pages, headings or legal structure). "ocr": true marks a
passage whose text was read by OCR from a scanned page or a photo (left out otherwise).
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from retrieval.answers.types import Answer, Citation

__all__ = ["answer_json", "print_answer"]

RELATED = "Có thể liên quan:"
SHORT_STYLE = "bold reverse"


def print_answer(out: Console, answer: Answer) -> None:
    if answer.standalone != answer.question:
        out.print(Text(f"(đã tìm: {answer.standalone})", style="dim"))
    out.print(_answer_text(answer))
    if answer.found and answer.citations:
        out.print(Text("\nNguồn:", style="bold"))
        for c in answer.citations:
            _print_source(out, Text(f"[{c.n}]", style="bold cyan"), c)
    elif not answer.found and answer.related:
        out.print(Text(f"\n{RELATED}", style="bold"))
        for c in answer.related:
            _print_source(out, Text(f"{c.n}.", style="bold"), c)


def _answer_text(answer: Answer) -> Text:
    """The answer, with the short answer highlighted when its span is where it says."""
    text, short = answer.text, answer.short
    if (
        not answer.found
        or short is None
        or not 0 <= short.start < short.end <= len(text)
        or text[short.start : short.end] != short.text
    ):
        return Text(text)
    return Text.assemble(text[: short.start], (short.text, SHORT_STYLE), text[short.end :])


def _print_source(out: Console, label: Text, c: Citation) -> None:
    meta = " · ".join(x for x in (c.source, c.published, c.url) if x)
    where = f", {c.location}" if c.location else ""
    ocr = " (OCR)" if c.ocr else ""  # quoted text read from a scan or photo: may hold misreads
    out.print(
        Text.assemble(label, " ", (c.title, "bold"), where, f" — {meta}" if meta else "", ocr)
    )
    for p in c.passages:
        if p.location and p.location != c.location:
            out.print(Text(f"    ({p.location})", style="dim"))
        out.print(Text(f"    “{p.quote}”", style="dim"))


def answer_json(answer: Answer) -> dict[str, Any]:
    short = answer.short
    return {
        "question": answer.question,
        "standalone": answer.standalone,
        "answer": answer.text,
        "found": answer.found,
        "mode": answer.mode,
        "confidence": round(answer.confidence, 4),  # the decline gate's; vs RELEVANCE_FLOOR
        "short": None
        if short is None
        else {
            "text": short.text,
            "span": [short.start, short.end],
            "n": short.n,
            "article_span": [short.article_start, short.article_end],
        },
        "citations": [_citation_json(c) for c in answer.citations],
        "related": [_citation_json(c) for c in answer.related],
        "timings_ms": {k: round(v, 1) for k, v in answer.timings_ms.items()},
    }


def _citation_json(c: Citation) -> dict[str, Any]:
    passages = [
        {
            "chunk_id": p.chunk_id,
            "span": [p.start, p.end],
            "score": round(p.score, 4),
            "quote": p.quote,
            **({"location": p.location} if p.location else {}),
            **({"ocr": True} if p.ocr else {}),
        }
        for p in c.passages
    ]
    return {
        "n": c.n,
        "article_id": c.article_id,
        "title": c.title,
        "source": c.source,
        "published": c.published,
        "url": c.url,
        **passages[0],
        "passages": passages,
    }
