"""A conversation's turns, and what the follow-up rules read of them.

`Turn` is one question with its answer, as a conversation keeps and persists it
(`retrieval.dialogue.conversation`). The rewriter reads a conversation through `Thread`
(its turns, and question/answer pairs for an LLM) and the recent turns through
`RecentTurns` (the person, group or phrase a follow-up may point at), so it never
imports `conversation`: the imports run conversation -> turns <- followup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from retrieval.answers.types import Answer
from retrieval.language.entities import (
    MARKERS,
    Person,
    Tok,
    key_terms,
    parse_person,
    tokens,
    topic,
    unique,
)
from retrieval.language.text import normalize, split_sentences

__all__ = ["RecentTurns", "Thread", "Turn"]

# A persisted answer longer than this is cut: the rewriter only reads its first sentences
# and the LLM hook its first characters (`Conversation.history_pairs`), and the bot stores
# one state per chat.
_MAX_ANSWER_CHARS = 4000


@dataclass(frozen=True)
class Turn:
    """One question and its answer, as the rewriter and the persisted state need them."""

    question: str  # as asked
    standalone: str  # what was searched
    answer: str  # the answer text (with its [n] markers)
    chunk_ids: tuple[str, ...] = ()
    article_ids: tuple[str, ...] = ()  # cited articles, in citation order, no repeats
    titles: tuple[str, ...] = ()
    # Persons ("ông Ma Xuân Việt", "Nguyễn Thiện Nhân") then slot values ("năm 2018",
    # "quận 8") named by the standalone question and the answer's first sentence.
    key_terms: tuple[str, ...] = ()

    @classmethod
    def from_answer(cls, answer: Answer) -> Turn:
        article_ids = unique(c.article_id for c in answer.citations)
        titles = unique(c.title for c in answer.citations if c.title)
        text = answer.text[:_MAX_ANSWER_CHARS]
        # A "not found" message names nothing the next question could refer to.
        cited = answer.found and bool(answer.citations)
        return cls(
            question=answer.question,
            standalone=answer.standalone or answer.question,
            answer=text,
            chunk_ids=unique(cid for c in answer.citations for cid in c.chunk_ids),
            article_ids=article_ids,
            titles=titles,
            key_terms=key_terms(answer.standalone or answer.question, text if cited else ""),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "standalone": self.standalone,
            "answer": self.answer,
            "chunk_ids": list(self.chunk_ids),
            "article_ids": list(self.article_ids),
            "titles": list(self.titles),
            "key_terms": list(self.key_terms),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Turn:
        """Read a turn written by any version: unknown fields are ignored, missing ones
        get defaults, and key terms missing from older states are recomputed."""
        question = str(data.get("question") or "")
        standalone = str(data.get("standalone") or question)
        answer = str(data.get("answer") or data.get("text") or "")[:_MAX_ANSWER_CHARS]
        chunk_ids = _str_tuple(data.get("chunk_ids"))
        terms = data.get("key_terms")
        return cls(
            question=question,
            standalone=standalone,
            answer=answer,
            chunk_ids=chunk_ids,
            article_ids=_str_tuple(data.get("article_ids")),
            titles=_str_tuple(data.get("titles")),
            key_terms=(
                _str_tuple(terms)
                if isinstance(terms, list)
                else key_terms(standalone, answer if chunk_ids else "")
            ),
        )


def _str_tuple(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


class Thread(Protocol):
    """What the rewriter reads of a conversation (`Conversation` is one): its turns,
    oldest first, and (standalone question, answer) pairs for an LLM condenser."""

    @property
    def turns(self) -> tuple[Turn, ...]: ...

    def history_pairs(self) -> list[tuple[str, str]]: ...


# --- what the rules read ---------------------------------------------------------------


def _answer_sentences(answer: str) -> list[str]:
    text = normalize(MARKERS.sub("", answer))
    return [text[a:b] for a, b in split_sentences(text)]


class RecentTurns:
    """What the rules read from the recent turns (newest first)."""

    def __init__(self, turns: Sequence[Turn]) -> None:
        self.turns = list(reversed(turns))
        self.last = self.turns[0]

    def person(self, gender: str | None) -> Person | None:
        """The most recent person compatible with `gender`: within a turn, one whose
        honorific says that gender beats one whose gender is unknown."""
        for turn in self.turns:
            persons = [p for p in map(parse_person, turn.key_terms) if p is not None]
            if gender is None and persons:
                return persons[0]
            exact = [p for p in persons if p.gender == gender]
            unknown = [p for p in persons if p.gender is None]
            if exact or unknown:
                return (exact or unknown)[0]
        return None

    def group(self) -> list[Person]:
        """The persons of the most recent turn naming two or more ("họ" = they)."""
        for turn in self.turns:
            persons = [p for p in map(parse_person, turn.key_terms) if p is not None]
            if persons:
                return persons if len(persons) >= 2 else []
        return []

    def sources(self) -> list[list[Tok]]:
        """Texts a reference may be expanded from: each turn's standalone question,
        answer sentences and cited titles, the last turn first."""
        out = []
        for turn in self.turns:
            texts = [turn.standalone]
            if turn.chunk_ids:
                texts += _answer_sentences(turn.answer)
            texts += list(turn.titles)
            out += [tokens(normalize(t)) for t in texts]
        return out

    def topic(self) -> str:
        """The last turn's subject, for "Về <topic>, …"."""
        return topic(self.last.standalone) or ", ".join(self.last.key_terms[:3])
