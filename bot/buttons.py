"""The inline buttons under an answer and their callback data.

Telegram gives callback data 64 bytes, far too little for a passage or even a chunk id
plus a question, so a button carries only the journal entry id and what to do with it:
"s:<entry>:<n>" shows the cited passages of source [n] (or related passage n of a declined
answer), "f:<entry>:+" / "f:<entry>:-" is a 👍 / 👎, "r:<entry>:<k>" the k-th reason
(journal.REASONS) given with a 👎, "u:<entry>:0" an admin's look at the whole entry
(under /unanswered). The rest is read back from the journal
(on disk), so buttons keep working after a restart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.journal import REASONS
from retrieval.answers.types import Answer

__all__ = [
    "Tap",
    "answer_keyboard",
    "entries_keyboard",
    "keyboard",
    "parse",
    "related_label",
]

MAX_CALLBACK_BYTES = 64
# Source buttons per row: five "[n]" buttons still fit a phone's width.
_PER_ROW = 5
_DATA = re.compile(r"(?P<kind>[sfru]):(?P<entry>\d{1,18}):(?P<arg>\d{1,3}|[+-])")
UP = "👍"
DOWN = "👎"


@dataclass(frozen=True)
class Tap:
    """A decoded button tap: a source to show (`source` = n), a vote (+1 / -1), the
    reason for a 👎 (one of journal.REASONS), or an admin's look at the entry (`detail`)."""

    entry_id: int
    source: int | None = None
    vote: int | None = None
    reason: str | None = None
    detail: bool = False


def answer_keyboard(entry_id: int, answer: Answer) -> InlineKeyboardMarkup | None:
    """One button per cited source, then 👍 / 👎. A declined answer gets one "Xem đoạn n"
    button per related passage it offers and no vote (the question is already on
    /unanswered); None when it offers none."""
    shown = answer.citations if answer.found else answer.related
    return keyboard(entry_id, [c.n for c in shown], found=answer.found)


def keyboard(
    entry_id: int,
    sources: list[int],
    *,
    found: bool,
    reasons: Mapping[str, str] | None = None,
) -> InlineKeyboardMarkup | None:
    """The buttons under an answer (see `answer_keyboard`) from its sources' numbers, so
    they can be drawn again from the journal; `reasons` (reason -> label,
    messages.REASON_LABELS) adds the optional reasons for a 👎 under the votes."""
    if not found:
        related = [
            InlineKeyboardButton(related_label(n), callback_data=_data("s", entry_id, str(n)))
            for n in sources
        ]
        if not related:
            return None
        return InlineKeyboardMarkup(
            [related[i : i + _PER_ROW] for i in range(0, len(related), _PER_ROW)]
        )
    buttons = [
        InlineKeyboardButton(f"[{n}]", callback_data=_data("s", entry_id, str(n))) for n in sources
    ]
    rows = [buttons[i : i + _PER_ROW] for i in range(0, len(buttons), _PER_ROW)]
    rows.append(
        [
            InlineKeyboardButton(UP, callback_data=_data("f", entry_id, "+")),
            InlineKeyboardButton(DOWN, callback_data=_data("f", entry_id, "-")),
        ]
    )
    if reasons is not None:
        rows.extend(_reason_rows(entry_id, reasons))
    return InlineKeyboardMarkup(rows)


def _reason_rows(entry_id: int, labels: Mapping[str, str]) -> list[list[InlineKeyboardButton]]:
    """The reasons, short ones three to a row and the long one alone (labels are cut short
    on a phone past about a third of its width)."""
    buttons = {
        code: InlineKeyboardButton(labels[code], callback_data=_data("r", entry_id, str(k)))
        for k, code in enumerate(REASONS, 1)
    }
    return [
        [buttons["wrong"], buttons["no_source"], buttons["other"]],
        [buttons["off_question"]],
    ]


def entries_keyboard(entry_ids: list[int]) -> InlineKeyboardMarkup | None:
    """Under /unanswered: button i shows entry i of the list in full (to admins only)."""
    numbered = [
        InlineKeyboardButton(str(i), callback_data=_data("u", entry_id, "0"))
        for i, entry_id in enumerate(entry_ids, 1)
    ]
    if not numbered:
        return None
    return InlineKeyboardMarkup(
        [numbered[i : i + _PER_ROW] for i in range(0, len(numbered), _PER_ROW)]
    )


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
    kind = match["kind"]
    if kind == "s" and arg.isdigit():
        return Tap(entry_id, source=int(arg))
    if kind == "f" and arg in "+-":
        return Tap(entry_id, vote=1 if arg == "+" else -1)
    if kind == "r" and arg.isdigit() and 1 <= int(arg) <= len(REASONS):
        return Tap(entry_id, reason=REASONS[int(arg) - 1])
    if kind == "u" and arg == "0":
        return Tap(entry_id, detail=True)
    return None


def _data(kind: str, entry_id: int, arg: str) -> str:
    data = f"{kind}:{entry_id}:{arg}"
    assert len(data.encode()) <= MAX_CALLBACK_BYTES
    return data
