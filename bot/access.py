"""Who the bot serves. Secure by default: with no allow-list configured, only admins.

`gate` runs before every handler; `admin_only` guards the admin commands."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot import messages
from bot.reply import reply
from bot.settings import BotSettings
from bot.state import Context

log = logging.getLogger(__name__)


def is_admin(settings: BotSettings, user_id: int | None) -> bool:
    return user_id is not None and user_id in settings.admin_user_ids


def is_allowed(settings: BotSettings, user_id: int | None, chat_id: int | None) -> bool:
    if is_admin(settings, user_id):
        return True
    if user_id is not None and user_id in settings.allowed_user_ids:
        return True
    return chat_id is not None and chat_id in settings.allowed_chat_ids


async def gate(update: Update, context: Context) -> None:
    """Runs before every handler: strangers get one polite refusal and no search work."""
    settings = context.bot_data.settings
    user = update.effective_user
    chat = update.effective_chat
    if is_allowed(settings, user.id if user else None, chat.id if chat else None):
        return
    user_id = user.id if user else None
    log.info("refused user %s in chat %s", user_id, chat.id if chat else None)
    message = update.message
    if update.callback_query is not None:
        await update.callback_query.answer(messages.refusal(user_id, html=False), show_alert=True)
    elif message is not None and chat is not None:
        # In groups only what is addressed to the bot gets the refusal, not every message.
        addressed = chat.type == ChatType.PRIVATE or (message.text or "").startswith("/")
        if addressed:
            await reply(message, messages.refusal(user_id))
    raise ApplicationHandlerStop


async def admin_only(message: Message, context: Context) -> bool:
    """True for an admin (the list is read on every call); anyone else is told politely."""
    if is_admin(context.bot_data.settings, message.from_user.id if message.from_user else None):
        return True
    await reply(message, messages.ADMIN_ONLY)
    return False
