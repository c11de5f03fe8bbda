"""What staff send becomes a question, answered with the cited answer and its buttons: any
text in a private chat, in a group a mention of the bot or a reply to it, `/hoi` anywhere.
Anything else sent in private (a sticker, a photo) gets a hint."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sqlite3

from telegram import InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError

from bot import access, buttons, messages
from bot.conversations import Key
from bot.journal import Journal
from bot.reply import reply
from bot.state import Context, chat_key
from retrieval.answers.types import Answer
from retrieval.ask import ask
from retrieval.index.errors import StoreUnavailable
from retrieval.index.scopes import Visibility

log = logging.getLogger(__name__)

_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])")


async def private_text(update: Update, context: Context) -> None:
    """In a private chat every text is a question."""
    message = update.message
    if message is not None and message.text:
        await answer(message, context, message.text)


async def group_text(update: Update, context: Context) -> None:
    """In a group only what is addressed to the bot: a mention of it (left out of the
    question), or a reply to one of its messages."""
    message = update.message
    if message is None or not message.text:
        return
    question, mentioned = _without_mentions(message, context.bot.username, context.bot.id)
    if not (mentioned or _replies_to(message, context.bot.id)):
        return
    if not question:
        await reply(message, messages.ASK_USAGE)
        return
    await answer(message, context, question)


async def hoi(update: Update, context: Context) -> None:
    """`/hoi <câu hỏi>` (or `/hoi@bot ...`): a question, in any chat."""
    message = update.message
    if message is None or not message.text:
        return
    commands = [e for e in message.entities if e.type == MessageEntity.BOT_COMMAND]
    question = _cut(message.text, commands[:1]).strip()
    if not question:
        await reply(message, messages.ASK_USAGE)
        return
    await answer(message, context, question)


async def non_text(update: Update, context: Context) -> None:
    if update.message is not None:
        await reply(update.message, messages.NON_TEXT)


async def answer(message: Message, context: Context, question: str) -> None:
    question = question.strip()
    if len(question) > messages.MAX_QUESTION_CHARS:
        await reply(message, messages.TOO_LONG)
        return
    state = context.bot_data
    services, journal = state.services, state.journal
    if services is None or journal is None:
        await reply(message, messages.NOT_READY)
        return
    user_id = message.from_user.id if message.from_user else message.chat.id
    allowed = state.rate_limiter.check(user_id)
    if not allowed.allowed:
        log.info("rate limit: question from user %s not answered", user_id)
        if allowed.warn:
            limit = state.settings.rate_limit_per_minute
            await reply(message, messages.rate_limited(limit, allowed.retry_after))
        return
    key = chat_key(message)
    # What this chat may see (ACCESS_FILE, read again when it changed): the search itself
    # selects from these scopes only, and the journal keeps them with the entry.
    scopes = access.visibility(
        state, message.from_user.id if message.from_user else None, message.chat.id
    )
    async with state.lock(key):
        # Only a courtesy: a failed typing indicator must not cost the answer.
        with contextlib.suppress(TelegramError):
            await message.reply_chat_action(ChatAction.TYPING)
        conversation = state.conversations.get(key)
        try:
            # ask() is CPU-bound (embedding, search): off the event loop.
            answered = await asyncio.to_thread(ask, question, conversation, services, scopes=scopes)
        except StoreUnavailable as exc:
            # The Chroma server is down (CHROMA_URL): the admin reads why in the log, the
            # user is asked to come back; the next question tries the server again.
            log.warning("question in chat %s not answered: %s", key[0], exc)
            await reply(message, messages.UNAVAILABLE)
            return
        await asyncio.to_thread(state.conversations.save, key)
        markup = await _journal(journal, answered, message, key, scopes)
        await reply(message, messages.answer_html(answered), reply_markup=markup)


async def _journal(
    journal: Journal, answer: Answer, message: Message, key: Key, scopes: Visibility
) -> InlineKeyboardMarkup | None:
    """Journal the answer; the buttons that point to its entry."""
    user_id = message.from_user.id if message.from_user else None
    try:
        entry_id = await asyncio.to_thread(
            journal.record,
            answer,
            user_id=user_id,
            chat_id=key[0],
            thread_id=key[1],
            scopes=scopes,
        )
    except (sqlite3.Error, OSError):
        # A full disk costs the answer its buttons, not the answer itself.
        log.exception("could not journal the answer in chat %s; sent without buttons", key[0])
        return None
    return buttons.answer_keyboard(entry_id, answer)


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
