"""A tap on a button under an answer: show the cited passages of a source (or a related
passage of a declined answer), or record a 👍 / 👎.

Passages are sent as a reply to the answer rather than in a pop-up: a pop-up holds at most
200 characters (passages run to about a thousand) and vanishes, while a reply can be read
at leisure, copied, and seen by everyone in a group the answer was for. A source quoted in
several passages sends them together, split in several messages past Telegram's limit."""

from __future__ import annotations

import asyncio
import logging

from telegram import CallbackQuery, Message, Update

from bot import admin_stats, buttons, messages, reasons
from bot.access import may_see, visibility
from bot.reply import reply, send
from bot.state import Context

log = logging.getLogger(__name__)


async def tap(update: Update, context: Context) -> None:
    query = update.callback_query
    if query is None:
        return
    chat = update.effective_chat
    if chat is None:  # a button of an inline message: this bot sends none
        await query.answer(messages.BUTTON_EXPIRED, show_alert=True)
        return
    tapped = buttons.parse(query.data)
    if tapped is not None and tapped.detail:  # under /unanswered: any chat's entry, to admins
        await admin_stats.show_entry(query, tapped.entry_id, context)
        return
    # Taken before the first await: of two quick 👍/👎 taps the last one must win, and
    # each acknowledgement tells what its tap replaced, so they must be handled (and
    # acknowledged) in the order they arrived. A lock taken after looking the entry up
    # let a later tap overtake an earlier one while the journal was read.
    async with context.bot_data.tap_lock(chat.id):
        await _handle(query, chat.id, context)


async def _handle(query: CallbackQuery, chat_id: int, context: Context) -> None:
    journal = context.bot_data.journal
    tapped = buttons.parse(query.data)
    entry = None
    if tapped is not None and journal is not None:
        entry = await asyncio.to_thread(journal.get, tapped.entry_id)
    # Callback data comes from the client: an entry of another chat is not shown here.
    if tapped is None or entry is None or journal is None or entry.chat_id != chat_id:
        await query.answer(messages.BUTTON_EXPIRED, show_alert=True)
        return
    if tapped.vote is not None:
        previous = await asyncio.to_thread(journal.vote, entry.id, query.from_user.id, tapped.vote)
        await query.answer(messages.feedback_ack(tapped.vote, previous))
        log.info("feedback %+d from user %s on entry %d", tapped.vote, query.from_user.id, entry.id)
        await reasons.after_vote(query, entry, tapped.vote, previous)
        return
    if tapped.reason is not None:
        await reasons.record(query, entry, tapped.reason, journal)
        return
    cited = entry.cited(tapped.source or 0)
    if cited is None:
        await query.answer(messages.BUTTON_EXPIRED, show_alert=True)
        return
    # Callback data can be forged or replayed, and scopes change: the passages are shown
    # only when the tapper may see their article now (bot.access).
    scopes = visibility(context.bot_data, query.from_user.id, chat_id)
    state = context.bot_data
    if not await asyncio.to_thread(may_see, state, scopes, [cited.article_id]):
        log.info("source button of entry %d refused to user %s", entry.id, query.from_user.id)
        await query.answer(messages.BUTTON_EXPIRED, show_alert=True)
        return
    await query.answer()
    passage = messages.passages_html(cited, related=not entry.found)
    if isinstance(query.message, Message):
        await reply(query.message, passage, do_quote=True)
    else:  # the answer was deleted: the passage still goes to its chat and topic
        await send(context.bot, chat_id, passage, thread_id=entry.thread_id)
