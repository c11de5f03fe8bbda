"""The inline buttons under an answer and their callback data.

Telegram gives callback data 64 bytes, far too little for a passage or even a chunk id
plus a question, so a button carries only the journal entry id and what to do with it:
"s:<entry>:<n>" shows the cited passages of source [n] (or related passage n of a declined
answer), "f:<entry>:+" / "f:<entry>:-" is a 👍 / 👎. The rest is read back from the journal
(on disk), so buttons keep working after a restart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from retrieval.answers.types import Answer

__all__ = ["Tap", "answer_keyboard", "parse", "related_label"]

MAX_CALLBACK_BYTES = 64
# Source buttons per row: five "[n]" buttons still fit a phone's width.
_PER_ROW = 5
_DATA = re.compile(r"(?P<kind>[sf]):(?P<entry>\d{1,18}):(?P<arg>\d{1,3}|[+-])")
UP = "👍"
DOWN = "👎"


@dataclass(frozen=True)
class Tap:
    """A decoded button tap: a source to show (`source` = n) or a vote (+1 / -1)."""

    entry_id: int
    source: int | None = None
    vote: int | None = None


def answer_keyboard(entry_id: int, answer: Answer) -> InlineKeyboardMarkup | None:
    """One button per cited source, then 👍 / 👎. A declined answer gets one "Xem đoạn n"
    button per related passage it offers and no vote (the question is already on
    /unanswered); None when it offers none."""
    if not answer.found:
        related = [
            InlineKeyboardButton(related_label(c.n), callback_data=_data("s", entry_id, str(c.n)))
            for c in answer.related
        ]
        if not related:
            return None
        return InlineKeyboardMarkup(
            [related[i : i + _PER_ROW] for i in range(0, len(related), _PER_ROW)]
        )
    sources = [
        InlineKeyboardButton(f"[{c.n}]", callback_data=_data("s", entry_id, str(c.n)))
        for c in answer.citations
    ]
    rows = [sources[i : i + _PER_ROW] for i in range(0, len(sources), _PER_ROW)]
    rows.append(
        [
            InlineKeyboardButton(UP, callback_data=_data("f", entry_id, "+")),
            InlineKeyboardButton(DOWN, callback_data=_data("f", entry_id, "-")),
        ]
    )
    return InlineKeyboardMarkup(rows)


def related_label(n: int) -> str:
    """The button of related passage n under a declined answer: no "[n]", which would
    read as a citation."""
    return f"Xem đoạn {n}"


def parse(data: str | None) -> Tap | None:
    """The tap behind callback data, or None for data this bot never wrote."""
    match = _DATA.fullmatch(data or "")
    if match is None:
        return None
    entry_id, arg = int(match["entry"]), match["arg"]
    if match["kind"] == "s":
        return Tap(entry_id, source=int(arg))
    return Tap(entry_id, vote=1 if arg == "+" else -1)


def _data(kind: str, entry_id: int, arg: str) -> str:
    data = f"{kind}:{entry_id}:{arg}"
    assert len(data.encode()) <= MAX_CALLBACK_BYTES
    return data
