"""The optional reason for a 👎: after a new 👎 the buttons under the answer gain a row of
reasons ("Sai thông tin", "Thiếu nguồn", "Khác", "Không trả lời đúng câu hỏi"); a tap
stores the reason with that user's 👎 in the journal.

The buttons under the answer are edited rather than a question sent: nothing new lands in
the chat (a group would see one message per 👎), and the reasons stay beside the vote they
explain. Their callback data carries the entry id, so they work after a restart. In a
private chat the reasons go away once one is given (or the 👎 becomes a 👍); in a group
they stay for the other members, and count only from someone whose 👎 stands.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import CallbackQuery, InlineKeyboardMarkup, Message
from telegram.error import TelegramError

from bot import buttons, messages
from bot.journal import Entry, Journal

log = logging.getLogger(__name__)


async def after_vote(query: CallbackQuery, entry: Entry, vote: int, previous: int | None) -> None:
    """A new 👎 shows the reasons; in a private chat a 👍 in its place hides them."""
    if vote < 0 and previous != -1:
        await _redraw(query, entry, with_reasons=True)
    elif vote > 0 and previous == -1 and entry.chat_id > 0:
        await _redraw(query, entry, with_reasons=False)


async def record(query: CallbackQuery, entry: Entry, reason: str, journal: Journal) -> None:
    """A tap on a reason: stored with the tapper's standing 👎, else they are told to 👎."""
    stored = await asyncio.to_thread(journal.set_reason, entry.id, query.from_user.id, reason)
    if not stored:
        await query.answer(messages.REASON_NEEDS_DOWN, show_alert=True)
        return
    await query.answer(messages.reason_ack(reason))
    log.info("reason %s from user %s on entry %d", reason, query.from_user.id, entry.id)
    if entry.chat_id > 0:
        await _redraw(query, entry, with_reasons=False)


def keyboard_of(entry: Entry, *, with_reasons: bool) -> InlineKeyboardMarkup | None:
    """The buttons under `entry`'s answer, drawn again from the journal."""
    return buttons.keyboard(
        entry.id,
        [c.n for c in entry.citations],
        found=entry.found,
        reasons=messages.REASON_LABELS if with_reasons else None,
    )


async def _redraw(query: CallbackQuery, entry: Entry, *, with_reasons: bool) -> None:
    if not isinstance(query.message, Message) or not entry.found:
        return
    # Only the buttons change; a failed edit (the answer deleted) costs nothing else.
    with contextlib.suppress(TelegramError):
        await query.edit_message_reply_markup(keyboard_of(entry, with_reasons=with_reasons))
