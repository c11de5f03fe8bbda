"""The staff's simple commands: /start, /help, /new (forget the conversation) and /id."""

from __future__ import annotations

import asyncio
import logging

from telegram import Update

from bot import messages
from bot.reply import reply
from bot.state import Context, chat_key

log = logging.getLogger(__name__)


async def start(update: Update, context: Context) -> None:
    if update.message:
        await reply(update.message, messages.START + messages.HELP)


async def help_(update: Update, context: Context) -> None:
    if update.message:
        await reply(update.message, messages.HELP)


async def new(update: Update, context: Context) -> None:
    message = update.message
    if message is None:
        return
    state = context.bot_data
    key = chat_key(message)
    async with state.lock(key):
        await asyncio.to_thread(state.conversations.clear, key)
    await reply(message, messages.NEW)


async def ids(update: Update, context: Context) -> None:
    """The user's, chat's and topic's ids. It counts against the rate limit like a question
    (it is open to allowed users in any group, so it must not be a free way to flood)."""
    message = update.message
    if message is None:
        return
    user = update.effective_user
    if user is not None:
        decision = context.bot_data.rate_limiter.check(user.id)
        if not decision.allowed:
            log.info("rate limit: /id from user %s not answered", user.id)
            if decision.warn:
                limit = context.bot_data.settings.rate_limit_per_minute
                await reply(message, messages.rate_limited(limit, decision.retry_after))
            return
    thread = message.message_thread_id if message.is_topic_message else None
    await reply(message, messages.ids(user.id if user else None, message.chat.id, thread))
