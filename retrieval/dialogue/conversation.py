"""One conversation per chat: its last turns, as the bot persists them.

`Conversation` keeps the last turns of a chat (question, standalone question, answer,
what it cited, key terms) and serialises to versioned JSON, so the bot can persist it.

The rewriter that turns a follow-up into a standalone question is `retrieval.dialogue.followup`
(its public names can still be imported from here); recognising persons, slots and key
terms, which both need, is `retrieval.language.entities`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from retrieval.answers.types import Answer
from retrieval.dialogue.followup import Condense as Condense
from retrieval.dialogue.followup import looks_like_follow_up as looks_like_follow_up
from retrieval.dialogue.followup import preferred_article_ids as preferred_article_ids
from retrieval.dialogue.followup import rewrite as rewrite
from retrieval.dialogue.followup import rewrite_with_llm as rewrite_with_llm
from retrieval.language.entities import MARKERS, unique
from retrieval.language.entities import key_terms as key_terms

__all__ = [
    "DEFAULT_MAX_TURNS",
    "FORMAT_VERSION",
    "Condense",
    "Conversation",
    "Turn",
    "key_terms",
    "looks_like_follow_up",
    "preferred_article_ids",
    "rewrite",
    "rewrite_with_llm",
]

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
DEFAULT_MAX_TURNS = 5
# A persisted answer longer than this is cut: the rewriter only reads its first sentences
# and the LLM hook its first _LLM_ANSWER_CHARS, and the bot stores one state per chat.
_MAX_ANSWER_CHARS = 4000
_LLM_ANSWER_CHARS = 600


# --- turns and conversations -----------------------------------------------------------


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
            chunk_ids=unique(c.chunk_id for c in answer.citations),
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


@dataclass
class Conversation:
    """The last `max_turns` turns of one chat, oldest first."""

    max_turns: int = DEFAULT_MAX_TURNS
    _turns: list[Turn] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if self.max_turns < 1:
            raise ValueError(f"max_turns must be at least 1, got {self.max_turns}")
        self._turns = list(self._turns)[-self.max_turns :]

    @property
    def turns(self) -> tuple[Turn, ...]:
        return tuple(self._turns)

    def add(self, answer: Answer) -> Turn:
        """Record the turn an answer closes; the oldest turn goes beyond `max_turns`."""
        turn = Turn.from_answer(answer)
        self.add_turn(turn)
        return turn

    def add_turn(self, turn: Turn) -> None:
        self._turns.append(turn)
        del self._turns[: -self.max_turns]

    def clear(self) -> None:
        self._turns.clear()

    def last_article_ids(self) -> tuple[str, ...]:
        """Articles cited by the last turn (empty when it found nothing)."""
        return self._turns[-1].article_ids if self._turns else ()

    def history_pairs(self) -> list[tuple[str, str]]:
        """(standalone question, answer without markers) per turn, oldest first."""
        return [(t.standalone, MARKERS.sub("", t.answer)[:_LLM_ANSWER_CHARS]) for t in self._turns]

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": FORMAT_VERSION,
                "max_turns": self.max_turns,
                "turns": [t.to_dict() for t in self._turns],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str, max_turns: int | None = None) -> Conversation:
        """Read a state written by `to_json` of this or any other version.

        Unknown fields are ignored and missing ones get defaults, so the bot can keep
        conversations across upgrades. `max_turns` overrides the stored cap (the bot's
        setting wins). Raises ValueError when `text` is not a conversation at all.
        """
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("A conversation is a JSON object with a 'turns' list")
        raw_turns = data.get("turns", [])
        if not isinstance(raw_turns, list):
            raise ValueError("A conversation's 'turns' must be a list")
        version = data.get("version", 0)
        if isinstance(version, int) and version > FORMAT_VERSION:
            log.info("Reading conversation format %s with reader %s", version, FORMAT_VERSION)
        cap = max_turns if max_turns is not None else _int(data.get("max_turns"))
        turns = [Turn.from_dict(t) for t in raw_turns if isinstance(t, dict)]
        return cls(max_turns=cap or DEFAULT_MAX_TURNS, _turns=turns)


def _str_tuple(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None
