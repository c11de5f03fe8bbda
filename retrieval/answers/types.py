"""What a question gets back: an answer text with [n] markers and its numbered sources."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from retrieval.index.chunks import Hit


@dataclass(frozen=True)
class Citation:
    """Source [n] of an answer: where the quoted passage lives, exactly."""

    n: int
    chunk_id: str
    article_id: str
    title: str
    source: str
    published: str
    url: str
    origin: str
    start: int  # character span of the cited chunk in the article text
    end: int
    quote: str  # the passage shown to the user (the chunk text)
    score: float

    @classmethod
    def from_hit(cls, n: int, hit: Hit) -> Citation:
        return cls(
            n=n,
            chunk_id=hit.chunk_id,
            article_id=hit.article_id,
            title=hit.title,
            source=hit.source,
            published=hit.published,
            url=hit.url,
            origin=hit.origin,
            start=hit.start,
            end=hit.end,
            quote=hit.text,
            score=hit.score,
        )


@dataclass(frozen=True)
class ShortAnswer:
    """The phrase that answers (a name, a number, a date, a place, a short definition)
    inside one cited sentence of the answer: shown in bold by the bot, highlighted by the
    console, and scored against gold answers by the evaluation (`short_em`, `short_f1`)."""

    text: str
    start: int  # character span in `Answer.text`
    end: int
    n: int  # the citation number of the sentence it sits in
    article_start: int  # character span in that article's text
    article_end: int


@dataclass(frozen=True)
class Answer:
    question: str  # as asked
    standalone: str  # what was searched, after follow-up rewriting
    text: str  # the answer with [n] markers, or the "not found" message
    citations: tuple[Citation, ...] = ()
    found: bool = True  # False when nothing relevant enough was retrieved
    mode: str = "extractive"  # "extractive", "llm" or "none"
    hits: tuple[Hit, ...] = ()  # everything retrieved, best first (for evaluation and logs)
    timings_ms: dict[str, float] = field(default_factory=dict)
    short: ShortAnswer | None = None  # the phrase that answers, when one was found
    # When the answer is declined (found=False): the closest passages, offered to the
    # reader as "có thể liên quan", never as an answer.
    related: tuple[Citation, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["hits"] = [asdict(h) for h in self.hits]
        return data
