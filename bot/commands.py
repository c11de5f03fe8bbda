"""The staff's simple commands: /start, /help, /new (forget the conversation) and /id; and
the admins' /xem_nhu <chat id> (ask "as" a chat, to check what its knowledge scopes let it
see)."""

from __future__ import annotations

import asyncio
import logging
from html import escape

from telegram import Update

from bot import messages
from bot.access import admin_only
from bot.reply import reply
from bot.state import Context, chat_key

log = logging.getLogger(__name__)

AS_CHAT_COMMAND = ("xem_nhu", "Hỏi như một cuộc trò chuyện khác (quản trị viên)")
AS_CHAT_USAGE = (
    "Cách dùng: <code>/xem_nhu &lt;mã cuộc trò chuyện&gt;</code> (mã nhóm là số âm, mã người "
    "dùng là số dương; xem bằng /id). Gõ <code>/xem_nhu</code> để thôi."
)
AS_CHAT_PRIVATE_ONLY = "Lệnh /xem_nhu chỉ dùng trong cuộc trò chuyện riêng với bot."
AS_CHAT_OFF = "Đã thôi hỏi thay. Bạn lại thấy mọi bài viết."


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


async def as_chat(update: Update, context: Context) -> None:
    """`/xem_nhu <chat id>`: an admin's questions in their private chat are answered, from
    now on, as in that chat (its knowledge scopes); `/xem_nhu` alone stops it. The admin's
    conversation starts afresh either way, so no passage crosses over."""
    message = update.message
    if message is None or not await admin_only(message, context):
        return
    if message.chat.id <= 0 or message.from_user is None:
        await reply(message, AS_CHAT_PRIVATE_ONLY)
        return
    state = context.bot_data
    admin = message.from_user.id
    words = (message.text or "").split()[1:]
    if len(words) > 1 or (words and not words[0].lstrip("-").isdigit()):
        await reply(message, AS_CHAT_USAGE)
        return
    key = chat_key(message)
    async with state.lock(key):
        await asyncio.to_thread(state.conversations.clear, key)
        if not words:
            state.as_chat.pop(admin, None)
            log.info("admin %s asks as themselves again", admin)
            await reply(message, AS_CHAT_OFF)
            return
        target = int(words[0])
        state.as_chat[admin] = target
    policy = state.access.current()
    names = sorted(policy.visible_as(target))
    labels = ", ".join(escape(policy.scopes[n].label, quote=False) for n in names) or "không có"
    log.info("admin %s asks as chat %s (scopes %s)", admin, target, names)
    await reply(
        message,
        f"Từ giờ câu hỏi của bạn ở đây được trả lời như trong cuộc trò chuyện "
        f"<code>{target}</code>, với các phạm vi: {labels}. Gõ /xem_nhu để thôi.",
    )
