"""`build_application(settings)`: the Telegram bot, wired like python-telegram-bot's own
examples. Heavy objects (model, Chroma, lexical index) are built in `post_init`, off the
event loop; handlers reach them through a typed `context.bot_data`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from telegram import BotCommand, LinkPreviewOptions, Message, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import RetryAfter, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackContext,
    CommandHandler,
    ContextTypes,
    ExtBot,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import redact, replies
from bot.access import is_allowed
from bot.conversations import ConversationStore, Key
from retrieval.ask import ask
from retrieval.services import Services, build_services
from retrieval.settings import Settings

log = logging.getLogger(__name__)

COMMANDS = (
    ("start", "Giới thiệu bot"),
    ("help", "Cách hỏi và ví dụ"),
    ("new", "Bắt đầu cuộc trò chuyện mới"),
    ("id", "Xem mã người dùng và mã cuộc trò chuyện"),
)
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
# Telegram's flood limit (429 with retry_after) is waited out this many times per reply.
_SEND_ATTEMPTS = 3


class BotState:
    """`context.bot_data`: what every handler needs, one instance per Application."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.services: Services | None = None
        self.conversations: ConversationStore | None = None
        self.close_services = True
        # Questions of one chat are answered in order; different chats concurrently.
        self._locks: dict[Key, asyncio.Lock] = {}

    def lock(self, key: Key) -> asyncio.Lock:
        return self._locks.setdefault(key, asyncio.Lock())


Context = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotState]
BotApplication = Application[ExtBot[None], Context, dict[Any, Any], dict[Any, Any], BotState, Any]
ServicesFactory = Callable[[Settings], Services]


def build_application(
    settings: Settings,
    services_factory: ServicesFactory = build_services,
    *,
    close_services: bool = True,
) -> BotApplication:
    """The bot, not yet running. `close_services=False` when the caller owns the services
    (tests share one across several applications)."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")

    async def post_init(application: BotApplication) -> None:
        state = application.bot_data
        # The model load is CPU-bound and slow: never on the event loop.
        state.services = await asyncio.to_thread(services_factory, settings)
        await application.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
        log.info("bot ready as @%s", application.bot.username)

    async def post_shutdown(application: BotApplication) -> None:
        state = application.bot_data
        if state.services is not None and state.close_services:
            state.services.close()
        state.services = None

    token = settings.telegram_bot_token.get_secret_value()
    redact.install(token)
    base_url = settings.telegram_api_base_url
    application: BotApplication = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url)
        .base_file_url(_file_url(base_url))
        .context_types(ContextTypes(bot_data=BotState))
        .concurrent_updates(True)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    state = application.bot_data
    state.settings = settings
    state.conversations = ConversationStore(settings.bot_data_dir / "conversations")
    state.close_services = close_services

    application.add_handler(TypeHandler(Update, _gate), group=-1)
    application.add_handler(CommandHandler("start", _start))
    application.add_handler(CommandHandler("help", _help))
    application.add_handler(CommandHandler("new", _new))
    application.add_handler(CommandHandler("id", _id))
    application.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND,
            _question,
        )
    )
    application.add_error_handler(_on_error)
    return application


def _file_url(base_url: str) -> str:
    # https://api.telegram.org/bot -> https://api.telegram.org/file/bot
    head, sep, tail = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}" if sep else base_url


def _key(message: Message) -> Key:
    thread = message.message_thread_id if message.is_topic_message else None
    return (message.chat.id, thread)


def _state(context: Context) -> tuple[Settings, ConversationStore]:
    state = context.bot_data
    assert state.settings is not None and state.conversations is not None
    return state.settings, state.conversations


async def _reply(message: Message, html: str, **kwargs: Any) -> Message:
    """Reply in HTML, waiting out Telegram's flood limit instead of failing."""
    for attempt in range(1, _SEND_ATTEMPTS + 1):
        try:
            return await message.reply_html(html, **kwargs)
        except RetryAfter as exc:
            if attempt == _SEND_ATTEMPTS:
                raise
            wait = exc.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            log.warning("flood limit in chat %s: retrying in %.1f s", message.chat.id, seconds)
            await asyncio.sleep(seconds)
    raise AssertionError("unreachable")


# --- handlers --------------------------------------------------------------------------


async def _gate(update: Update, context: Context) -> None:
    """Runs before every handler: strangers get one polite refusal and no search work."""
    settings, _ = _state(context)
    user = update.effective_user
    chat = update.effective_chat
    if is_allowed(settings, user.id if user else None, chat.id if chat else None):
        return
    user_id = user.id if user else None
    log.info("refused user %s in chat %s", user_id, chat.id if chat else None)
    message = update.message
    if update.callback_query is not None:
        await update.callback_query.answer(replies.refusal(user_id, html=False), show_alert=True)
    elif message is not None and chat is not None:
        # In groups only what is addressed to the bot gets the refusal, not every message.
        addressed = chat.type == ChatType.PRIVATE or (message.text or "").startswith("/")
        if addressed:
            await _reply(message, replies.refusal(user_id))
    raise ApplicationHandlerStop


async def _start(update: Update, context: Context) -> None:
    if update.message:
        await _reply(update.message, replies.START + replies.HELP)


async def _help(update: Update, context: Context) -> None:
    if update.message:
        await _reply(update.message, replies.HELP)


async def _new(update: Update, context: Context) -> None:
    message = update.message
    if message is None:
        return
    _, conversations = _state(context)
    key = _key(message)
    async with context.bot_data.lock(key):
        await asyncio.to_thread(conversations.clear, key)
    await _reply(message, replies.NEW)


async def _id(update: Update, context: Context) -> None:
    message = update.message
    if message is None:
        return
    user = update.effective_user
    thread = message.message_thread_id if message.is_topic_message else None
    await _reply(message, replies.ids(user.id if user else None, message.chat.id, thread))


async def _question(update: Update, context: Context) -> None:
    message = update.message
    if message is None or not message.text:
        return
    question = message.text.strip()
    if len(question) > replies.MAX_QUESTION_CHARS:
        await _reply(message, replies.TOO_LONG)
        return
    services = context.bot_data.services
    if services is None:
        await _reply(message, replies.NOT_READY)
        return
    _, conversations = _state(context)
    key = _key(message)
    async with context.bot_data.lock(key):
        await message.reply_chat_action(ChatAction.TYPING)
        conversation = conversations.get(key)
        # ask() is CPU-bound (embedding, search): off the event loop.
        answer = await asyncio.to_thread(ask, question, conversation, services)
        await asyncio.to_thread(conversations.save, key)
        await _reply(message, replies.answer_html(answer), link_preview_options=_NO_PREVIEW)


async def _on_error(update: object, context: Context) -> None:
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, replies.ERROR)
        except TelegramError:
            log.warning("could not tell the user about the error", exc_info=True)
