"""The staff's simple commands: /start, /help, /new (forget the conversation) and /id."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot import messages
from bot.reply import reply
from bot.state import Context, chat_key


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
    message = update.message
    if message is None:
        return
    user = update.effective_user
    thread = message.message_thread_id if message.is_topic_message else None
    await reply(message, messages.ids(user.id if user else None, message.chat.id, thread))
