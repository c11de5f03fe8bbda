"""What every handler reaches through its typed context: `context.bot_data` is a `BotState`
(settings, services, the journal, conversations, the rate limiter, per-chat locks), one per
Application, filled in by `bot.app.build_application` and its `post_init`."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Message
from telegram.ext import Application, CallbackContext, ExtBot

from bot.conversations import ConversationStore, Key
from bot.journal import Journal
from bot.ratelimit import RateLimiter
from bot.settings import BotSettings
from retrieval.index.scopes import AccessFile
from retrieval.services import Services


class BotState:
    """`context.bot_data`. python-telegram-bot makes it with no arguments; `configure` gives
    it the settings before any handler runs."""

    def __init__(self) -> None:
        self._settings: BotSettings | None = None
        self._conversations: ConversationStore | None = None
        self.services: Services | None = None  # built in post_init
        self.journal: Journal | None = None  # opened in post_init
        self.rate_limiter = RateLimiter(0)
        self.close_services = True
        # Questions of one chat are answered in order; different chats concurrently.
        self._locks: dict[Key, asyncio.Lock] = {}
        # Taps of one chat are handled in the order they arrive, apart from its questions:
        # a 👍 should not wait for an answer being written.
        self._tap_locks: dict[int, asyncio.Lock] = {}
        # Knowledge scopes: ACCESS_FILE, read again when it changes (`bot.access`), and the
        # chat each admin asks as (`/xem_nhu`), by admin user id.
        self._access: AccessFile | None = None
        self.as_chat: dict[int, int] = {}

    def configure(self, settings: BotSettings, *, close_services: bool) -> None:
        self._settings = settings
        self._conversations = ConversationStore(settings.bot_data_dir / "conversations")
        self.rate_limiter = RateLimiter(settings.rate_limit_per_minute)
        self.close_services = close_services
        # A wrong ACCESS_FILE stops the start-up here, with its line (AccessError).
        self._access = AccessFile(settings.access_file, settings.ingest_sources)

    @property
    def settings(self) -> BotSettings:
        assert self._settings is not None, "build_application configures the state"
        return self._settings

    @property
    def conversations(self) -> ConversationStore:
        assert self._conversations is not None, "build_application configures the state"
        return self._conversations

    @property
    def access(self) -> AccessFile:
        assert self._access is not None, "build_application configures the state"
        return self._access

    def lock(self, key: Key) -> asyncio.Lock:
        return self._locks.setdefault(key, asyncio.Lock())

    def tap_lock(self, chat_id: int) -> asyncio.Lock:
        return self._tap_locks.setdefault(chat_id, asyncio.Lock())


Context = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotState]
BotApplication = Application[ExtBot[None], Context, dict[Any, Any], dict[Any, Any], BotState, Any]


def chat_key(message: Message) -> Key:
    """The conversation a message belongs to: its chat, and its forum topic if any."""
    thread = message.message_thread_id if message.is_topic_message else None
    return (message.chat.id, thread)
