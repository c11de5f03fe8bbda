"""One conversation per chat: its last turns, as the bot persists them.

`Conversation` keeps the last turns of a chat (`retrieval.dialogue.turns.Turn`: question,
standalone question, answer, what it cited, key terms) and serialises to versioned JSON,
so the bot can persist it.

Turning a follow-up into a standalone question is `retrieval.dialogue.followup` (rules)
and `retrieval.dialogue.condense` (an LLM, the rules as its fallback). Both read a
conversation through `turns.Thread`, so neither imports this module.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from retrieval.answers.types import Answer
from retrieval.dialogue.turns import Turn
from retrieval.language.entities import MARKERS

__all__ = ["DEFAULT_MAX_TURNS", "FORMAT_VERSION", "Conversation"]

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
DEFAULT_MAX_TURNS = 5
# What the LLM hook sees of each answer (`history_pairs`).
_LLM_ANSWER_CHARS = 600


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


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None
