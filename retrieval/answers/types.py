"""What a question gets back: an answer text with [n] markers and its numbered sources."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from retrieval.answers.location import place_label
from retrieval.index.chunks import Hit


@dataclass(frozen=True)
class CitedPassage:
    """One passage (chunk) of an article that an answer quotes."""

    chunk_id: str
    start: int  # character span of the chunk in the article text
    end: int
    quote: str  # the passage shown to the user (the chunk text)
    score: float
    ocr: bool = False  # its text was read by OCR from a picture (`Hit.ocr`)
    # Where it is in its document ("Điều 5, khoản 2, trang 12"; "" when unknown).
    location: str = ""

    @classmethod
    def from_hit(cls, hit: Hit) -> CitedPassage:
        where = place_label(hit.place)
        return cls(
            hit.chunk_id, hit.start, hit.end, hit.text, hit.score, ocr=hit.ocr, location=where
        )


@dataclass(frozen=True)
class Citation:
    """Source [n] of an answer: one article, and the passages of it the answer quotes.

    The answer step cites passages (`from_hit`: one passage each); `citations.by_article`
    then gives every article one number and merges its passages, in order of first
    citation. `chunk_id`, `start`, `end`, `quote` and `score` are those of the first
    passage: for readers that need one passage (and all there is of a one-passage
    citation); `passages` holds them all.
    """

    n: int
    article_id: str
    title: str
    source: str
    published: str
    url: str
    origin: str
    passages: tuple[CitedPassage, ...]
    published_precision: str = ""  # "day", "month", "year" ("" when `published` is "")
    published_source: str = ""  # where the date came from ("meta", "url", "text", ...)

    def __post_init__(self) -> None:
        if not self.passages:
            raise ValueError("a citation quotes at least one passage")

    @classmethod
    def from_hit(cls, n: int, hit: Hit) -> Citation:
        return cls(
            n=n,
            article_id=hit.article_id,
            title=hit.title,
            source=hit.source,
            published=hit.published,
            url=hit.url,
            origin=hit.origin,
            passages=(CitedPassage.from_hit(hit),),
            published_precision=hit.published_precision,
            published_source=hit.published_source,
        )

    @property
    def chunk_id(self) -> str:
        return self.passages[0].chunk_id

    @property
    def location(self) -> str:
        """Where its first passage is ("Điều 5, khoản 2, trang 12"; "" when unknown)."""
        return self.passages[0].location

    @property
    def ocr(self) -> bool:
        """Whether a quoted passage was read by OCR (citations say "(OCR)")."""
        return any(passage.ocr for passage in self.passages)

    @property
    def start(self) -> int:
        return self.passages[0].start

    @property
    def end(self) -> int:
        return self.passages[0].end

    @property
    def quote(self) -> str:
        return self.passages[0].quote

    @property
    def score(self) -> float:
        return self.passages[0].score

    @property
    def chunk_ids(self) -> tuple[str, ...]:
        return tuple(p.chunk_id for p in self.passages)


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
    # How sure the extractive evidence is that the articles answer the question, in [0, 1]
    # (retrieval/answers/gate.py); the answer is declined below RELEVANCE_FLOOR.
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["hits"] = [asdict(h) for h in self.hits]
        return data
