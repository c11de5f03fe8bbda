"""`build_application(settings)`: the Telegram bot, wired like python-telegram-bot's own
examples. Heavy objects (model, Chroma, search snapshot) are built in `post_init`, off the
event loop; handlers reach them through a typed `context.bot_data` (`bot.state`). The
handlers live in modules named after what they do; this one registers them, in order."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import (
    access,
    admin_ingest,
    admin_stats,
    articles,
    commands,
    export,
    messages,
    questions,
    redact,
    retention,
    taps,
)
from bot.journal import JOURNAL_FILE, Journal
from bot.settings import BotSettings
from bot.state import BotApplication, BotState, Context
from retrieval.services import Services, build_services
from retrieval.settings import Settings

log = logging.getLogger(__name__)

COMMANDS = (
    ("start", "Giới thiệu bot"),
    ("help", "Cách hỏi và ví dụ"),
    ("new", "Bắt đầu cuộc trò chuyện mới"),
    ("id", "Xem mã người dùng và mã cuộc trò chuyện"),
    ("hoi", "Đặt câu hỏi (dùng trong nhóm)"),
    *admin_stats.COMMANDS,
    *export.COMMANDS,
    *articles.COMMANDS,
    *admin_ingest.COMMANDS,
    commands.AS_CHAT_COMMAND,
)
ServicesFactory = Callable[[Settings], Services]


def build_application(
    settings: BotSettings,
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
        state.journal = await asyncio.to_thread(Journal, settings.bot_data_dir / JOURNAL_FILE)
        await application.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
        log.info("bot ready as @%s", application.bot.username)

    async def post_shutdown(application: BotApplication) -> None:
        state = application.bot_data
        if state.services is not None and state.close_services:
            state.services.close()
        state.services = None
        if state.journal is not None:
            state.journal.close()
            state.journal = None

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
    application.bot_data.configure(settings, close_services=close_services)

    application.add_handler(TypeHandler(Update, access.gate), group=-1)
    # Before the question handlers of group 0: an admin's document or URL is ingested.
    admin_ingest.register(application)
    articles.register(application)
    application.add_handler(CommandHandler("start", commands.start))
    application.add_handler(CommandHandler("help", commands.help_))
    application.add_handler(CommandHandler("new", commands.new))
    application.add_handler(CommandHandler("id", commands.ids))
    application.add_handler(
        CommandHandler("xem_nhu", commands.as_chat, filters=filters.UpdateType.MESSAGE)
    )
    # Edited messages are ignored (as /help says): commands too, not only questions.
    new_message = filters.UpdateType.MESSAGE
    application.add_handler(CommandHandler("hoi", questions.hoi, filters=new_message))
    application.add_handler(CommandHandler("stats", admin_stats.stats, filters=new_message))
    application.add_handler(
        CommandHandler("unanswered", admin_stats.unanswered, filters=new_message)
    )
    application.add_handler(CommandHandler("export", export.export, filters=new_message))
    text = new_message & filters.TEXT & ~filters.COMMAND
    application.add_handler(MessageHandler(text & filters.ChatType.PRIVATE, questions.private_text))
    application.add_handler(MessageHandler(text & filters.ChatType.GROUPS, questions.group_text))
    application.add_handler(CallbackQueryHandler(taps.tap))
    # Anything else staff send in private (a sticker, a photo, a voice message) gets a hint;
    # not an admin's document: that is an upload for ingestion (admin_ingest, above). The
    # filter says so itself rather than relying on the order of registration.
    admin_document = (filters.Document.ALL | filters.PHOTO) & filters.User(
        user_id=settings.admin_user_ids
    )
    application.add_handler(
        MessageHandler(
            new_message
            & filters.ChatType.PRIVATE
            & ~filters.TEXT
            & ~filters.StatusUpdate.ALL
            & ~admin_document,
            questions.non_text,
        )
    )
    retention.schedule(application)
    application.add_error_handler(_on_error)
    return application


def _file_url(base_url: str) -> str:
    # https://api.telegram.org/bot -> https://api.telegram.org/file/bot
    head, sep, tail = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}" if sep else base_url


async def _on_error(update: object, context: Context) -> None:
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, messages.ERROR)
        except TelegramError:
            log.warning("could not tell the user about the error", exc_info=True)
