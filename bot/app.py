"""`build_application(settings)`: the Telegram bot, wired like python-telegram-bot's own
examples. Heavy objects (model, Chroma, lexical index) are built in `post_init`, off the
event loop; handlers reach them through a typed `context.bot_data`."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import re
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import (
    BotCommand,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import admin_ingest, articles, buttons, redact, replies
from bot.access import is_admin, is_allowed
from bot.conversations import ConversationStore, Key
from bot.flood import patiently
from bot.journal import Journal, period_starts
from bot.ratelimit import RateLimiter
from bot.split import split_html
from retrieval.answers.types import Answer
from retrieval.ask import ask
from retrieval.index.store import StoreUnavailable
from retrieval.services import Services, build_services
from retrieval.settings import Settings

log = logging.getLogger(__name__)

COMMANDS = (
    ("start", "Giới thiệu bot"),
    ("help", "Cách hỏi và ví dụ"),
    ("new", "Bắt đầu cuộc trò chuyện mới"),
    ("id", "Xem mã người dùng và mã cuộc trò chuyện"),
    ("hoi", "Đặt câu hỏi (dùng trong nhóm)"),
    ("stats", "Thống kê câu hỏi và kho bài viết (quản trị viên)"),
    ("unanswered", "Câu hỏi chưa trả lời được hoặc bị 👎 (quản trị viên)"),
    *articles.COMMANDS,
    *admin_ingest.COMMANDS,
)
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
JOURNAL_FILE = "journal.sqlite3"
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])")


class BotState:
    """`context.bot_data`: what every handler needs, one instance per Application."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.services: Services | None = None
        self.conversations: ConversationStore | None = None
        self.journal: Journal | None = None  # opened in post_init
        self.rate_limiter = RateLimiter(0)
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
    state = application.bot_data
    state.settings = settings
    state.conversations = ConversationStore(settings.bot_data_dir / "conversations")
    state.rate_limiter = RateLimiter(settings.rate_limit_per_minute)
    state.close_services = close_services

    application.add_handler(TypeHandler(Update, _gate), group=-1)
    # Before the question handlers of group 0: an admin's document or URL is ingested.
    admin_ingest.register(application)
    articles.register(application)
    application.add_handler(CommandHandler("start", _start))
    application.add_handler(CommandHandler("help", _help))
    application.add_handler(CommandHandler("new", _new))
    application.add_handler(CommandHandler("id", _id))
    # Edited messages are ignored (as /help says): commands too, not only questions.
    new_message = filters.UpdateType.MESSAGE
    application.add_handler(CommandHandler("hoi", _hoi, filters=new_message))
    application.add_handler(CommandHandler("stats", _stats, filters=new_message))
    application.add_handler(CommandHandler("unanswered", _unanswered, filters=new_message))
    text = new_message & filters.TEXT & ~filters.COMMAND
    application.add_handler(MessageHandler(text & filters.ChatType.PRIVATE, _question))
    application.add_handler(MessageHandler(text & filters.ChatType.GROUPS, _group_text))
    application.add_handler(CallbackQueryHandler(_button))
    # Anything else staff send in private (a sticker, a photo, a voice message) gets a hint;
    # not an admin's document: that is an upload for ingestion (admin_ingest, above). The
    # filter says so itself rather than relying on the order of registration.
    admin_document = filters.Document.ALL & filters.User(user_id=settings.admin_user_ids)
    application.add_handler(
        MessageHandler(
            new_message
            & filters.ChatType.PRIVATE
            & ~filters.TEXT
            & ~filters.StatusUpdate.ALL
            & ~admin_document,
            _non_text,
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
    """Reply in HTML (in the message's forum topic, if any), waiting out Telegram's flood
    limit instead of failing. A reply too long for one message goes in several, split at
    paragraph breaks (`bot.split`); `reply_markup` goes under the last part, and only the
    first part quotes the message (in groups). Returns the last message sent."""
    markup = kwargs.pop("reply_markup", None)
    parts = split_html(html)
    sent: Message | None = None
    for i, part in enumerate(parts):
        extra = dict(kwargs)
        if i > 0:
            extra["do_quote"] = False
        if i == len(parts) - 1 and markup is not None:
            extra["reply_markup"] = markup
        sent = await patiently(functools.partial(message.reply_html, part, **extra))
    assert sent is not None
    return sent


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
    """In a private chat every text is a question."""
    message = update.message
    if message is not None and message.text:
        await _answer(message, context, message.text)


async def _group_text(update: Update, context: Context) -> None:
    """In a group only what is addressed to the bot: a mention of it (left out of the
    question), or a reply to one of its messages."""
    message = update.message
    if message is None or not message.text:
        return
    question, mentioned = _without_mentions(message, context.bot.username, context.bot.id)
    if not (mentioned or _replies_to(message, context.bot.id)):
        return
    if not question:
        await _reply(message, replies.ASK_USAGE)
        return
    await _answer(message, context, question)


async def _hoi(update: Update, context: Context) -> None:
    """`/hoi <câu hỏi>` (or `/hoi@bot ...`): a question, in any chat."""
    message = update.message
    if message is None or not message.text:
        return
    commands = [e for e in message.entities if e.type == MessageEntity.BOT_COMMAND]
    question = _cut(message.text, commands[:1]).strip()
    if not question:
        await _reply(message, replies.ASK_USAGE)
        return
    await _answer(message, context, question)


async def _answer(message: Message, context: Context, question: str) -> None:
    question = question.strip()
    if len(question) > replies.MAX_QUESTION_CHARS:
        await _reply(message, replies.TOO_LONG)
        return
    state = context.bot_data
    settings, conversations = _state(context)
    services, journal = state.services, state.journal
    if services is None or journal is None:
        await _reply(message, replies.NOT_READY)
        return
    user_id = message.from_user.id if message.from_user else message.chat.id
    allowed = state.rate_limiter.check(user_id)
    if not allowed.allowed:
        log.info("rate limit: question from user %s not answered", user_id)
        if allowed.warn:
            limit = settings.rate_limit_per_minute
            await _reply(message, replies.rate_limited(limit, allowed.retry_after))
        return
    key = _key(message)
    async with state.lock(key):
        # Only a courtesy: a failed typing indicator must not cost the answer.
        with contextlib.suppress(TelegramError):
            await message.reply_chat_action(ChatAction.TYPING)
        conversation = conversations.get(key)
        try:
            # ask() is CPU-bound (embedding, search): off the event loop.
            answer = await asyncio.to_thread(ask, question, conversation, services)
        except StoreUnavailable as exc:
            # The Chroma server is down (CHROMA_URL): the admin reads why in the log, the
            # user is asked to come back; the next question tries the server again.
            log.warning("question in chat %s not answered: %s", key[0], exc)
            await _reply(message, replies.UNAVAILABLE)
            return
        await asyncio.to_thread(conversations.save, key)
        markup = await _journal(journal, answer, message, key)
        await _reply(
            message,
            replies.answer_html(answer),
            reply_markup=markup,
            link_preview_options=_NO_PREVIEW,
        )


async def _journal(
    journal: Journal, answer: Answer, message: Message, key: Key
) -> InlineKeyboardMarkup | None:
    """Journal the answer; the buttons that point to its entry."""
    user_id = message.from_user.id if message.from_user else None
    try:
        entry_id = await asyncio.to_thread(
            journal.record, answer, user_id=user_id, chat_id=key[0], thread_id=key[1]
        )
    except sqlite3.Error:
        # A full disk costs the answer its buttons, not the answer itself.
        log.exception("could not journal the answer in chat %s; sent without buttons", key[0])
        return None
    return buttons.answer_keyboard(entry_id, answer)


async def _button(update: Update, context: Context) -> None:
    """A tap on a button under an answer: show a cited passage, or record a 👍 / 👎.

    A passage is sent as a reply to the answer rather than in a pop-up: a pop-up holds at
    most 200 characters (passages run to about a thousand) and vanishes, while a reply can
    be read at leisure, copied, and seen by everyone in a group the answer was for."""
    query = update.callback_query
    if query is None:
        return
    chat = update.effective_chat
    journal = context.bot_data.journal
    tap = buttons.parse(query.data)
    entry = None
    if tap is not None and journal is not None:
        entry = await asyncio.to_thread(journal.get, tap.entry_id)
    # Callback data comes from the client: an entry of another chat is not shown here.
    if tap is None or entry is None or journal is None or chat is None or entry.chat_id != chat.id:
        await query.answer(replies.BUTTON_EXPIRED, show_alert=True)
        return
    if tap.vote is not None:
        # In the chat's order, like its questions: of two quick taps the last one must win.
        async with context.bot_data.lock((chat.id, entry.thread_id)):
            previous = await asyncio.to_thread(journal.vote, entry.id, query.from_user.id, tap.vote)
        log.info("feedback %+d from user %s on entry %d", tap.vote, query.from_user.id, entry.id)
        await query.answer(replies.feedback_ack(tap.vote, previous))
        return
    cited = entry.cited(tap.source or 0)
    if cited is None:
        await query.answer(replies.BUTTON_EXPIRED, show_alert=True)
        return
    await query.answer()
    passage = replies.passage_html(cited)
    if isinstance(query.message, Message):
        await _reply(query.message, passage, do_quote=True, link_preview_options=_NO_PREVIEW)
    else:  # the answer was deleted: the passage still goes to its chat and topic
        for part in split_html(passage):
            await patiently(
                functools.partial(
                    context.bot.send_message,
                    chat.id,
                    part,
                    parse_mode=ParseMode.HTML,
                    message_thread_id=entry.thread_id,
                    link_preview_options=_NO_PREVIEW,
                )
            )


async def _stats(update: Update, context: Context) -> None:
    message = update.message
    if message is None or not await _admin_only(message, context):
        return
    settings, _ = _state(context)
    services, journal = context.bot_data.services, context.bot_data.journal
    if services is None or journal is None:
        await _reply(message, replies.NOT_READY)
        return
    today, week = period_starts(datetime.now(ZoneInfo(settings.bot_timezone)))
    try:
        store = await asyncio.to_thread(lambda: services.index.active().stats())
    except StoreUnavailable as exc:
        log.warning("/stats without the index: %s", exc)
        await _reply(message, replies.UNAVAILABLE)
        return
    questions = await asyncio.to_thread(journal.stats, today, week)
    await _reply(message, replies.stats_html(store.articles, store.chunks, questions))


async def _unanswered(update: Update, context: Context) -> None:
    message = update.message
    if message is None or not await _admin_only(message, context):
        return
    settings, _ = _state(context)
    journal = context.bot_data.journal
    if journal is None:
        await _reply(message, replies.NOT_READY)
        return
    entries = await asyncio.to_thread(journal.unanswered, replies.UNANSWERED_LIMIT)
    html = replies.unanswered_html(entries, ZoneInfo(settings.bot_timezone))
    await _reply(message, html)


async def _non_text(update: Update, context: Context) -> None:
    if update.message is not None:
        await _reply(update.message, replies.NON_TEXT)


async def _admin_only(message: Message, context: Context) -> bool:
    """True for an admin (the list is read on every call); anyone else is told politely."""
    settings, _ = _state(context)
    if is_admin(settings, message.from_user.id if message.from_user else None):
        return True
    await _reply(message, replies.ADMIN_ONLY)
    return False


def _without_mentions(message: Message, username: str, bot_id: int) -> tuple[str, bool]:
    """The text without mentions of the bot, and whether there was one."""
    text = message.text or ""
    mentions = [
        entity
        for entity, value in message.parse_entities(
            [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
        ).items()
        if (entity.type == MessageEntity.MENTION and value.lower() == f"@{username}".lower())
        or (entity.user is not None and entity.user.id == bot_id)
    ]
    if not mentions:
        return text.strip(), False
    question = " ".join(_cut(text, mentions).split())
    # "Cho hỏi @bot, ..." leaves "Cho hỏi , ...".
    question = _SPACE_BEFORE_PUNCT.sub(r"\1", question).strip(" ,:;-–—")
    return question, True


def _replies_to(message: Message, bot_id: int) -> bool:
    replied = message.reply_to_message
    # In a forum topic every message "replies" to the topic's first (service) message.
    return (
        replied is not None
        and replied.from_user is not None
        and replied.from_user.id == bot_id
        and replied.forum_topic_created is None
    )


def _cut(text: str, entities: list[MessageEntity]) -> str:
    """`text` without the spans of `entities`. Their offsets count UTF-16 code units, so an
    emoji before a mention would shift a cut made on Python's string indices."""
    units = text.encode("utf-16-le", "surrogatepass")
    kept = bytearray()
    position = 0
    for entity in sorted(entities, key=lambda e: e.offset):
        kept += units[2 * position : 2 * entity.offset] + " ".encode("utf-16-le")
        position = entity.offset + entity.length
    kept += units[2 * position :]
    return kept.decode("utf-16-le", "surrogatepass")


async def _on_error(update: object, context: Context) -> None:
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, replies.ERROR)
        except TelegramError:
            log.warning("could not tell the user about the error", exc_info=True)
