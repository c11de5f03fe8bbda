"""The bot's settings: `Settings` (what retrieval and ingestion read) plus the Telegram ones.

`python -m bot` builds one `BotSettings()` at start-up, from the environment and `.env`,
and passes it down; retrieval and ingestion take it as the `Settings` it extends, so they
never see a bot field. Every field is documented, with its default, in `.env.example`.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import NoDecode

from retrieval.settings import Settings

_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([dhms])")
_DURATION_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


class BotSettings(Settings):
    # SecretStr: never printed by repr() or logs. None: `python -m bot` explains what to set.
    telegram_bot_token: SecretStr | None = None
    # The token is appended to this (a self-hosted telegram-bot-api, or the tests' server).
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    # Who is served. Secure by default: with no allow-list, only admins.
    allowed_user_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    allowed_chat_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    admin_user_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    # False: in a group, the bot answers only when the group is in ALLOWED_CHAT_IDS; an
    # allowed user (or admin) asking in any other group is refused there, since everyone
    # in that group would read the passages. True: allowed users are answered in any group.
    allow_users_in_any_group: bool = False
    # Conversations (one JSON file per chat or forum topic) and other bot state.
    bot_data_dir: Path = Path("data/bot")
    # Questions one user may ask in any 60 seconds; 0 turns the limit off.
    rate_limit_per_minute: int = Field(default=20, ge=0)
    # Time zone of "today" and "this week" in /stats and of the times in /unanswered.
    bot_timezone: str = "Asia/Ho_Chi_Minh"
    # Journal entries (questions, answers, votes) older than this many days are deleted,
    # at start-up and daily; 0 keeps them for ever.
    journal_retention_days: int = Field(default=365, ge=0)
    # /export and `python -m bot export` add the asker's user id and the chat id: off,
    # since a spreadsheet travels further than the journal. (Names are never journalled.)
    export_user_ids: bool = False
    # The bot re-ingests INGEST_SOURCES this often and tells the admins when something
    # changed or failed. None (empty, "0", "off"): never. "6h", "30m", "1d", "90" (seconds).
    reindex_interval: timedelta | None = None
    # /reindex edits its progress message at most this often (Telegram limits edits).
    reindex_progress_seconds: float = Field(default=2.0, gt=0)
    # Webhook mode (`python -m bot` serves HTTP instead of long polling) when set: the
    # public HTTPS URL Telegram posts updates to. Its path is also the local path served.
    webhook_url: str = ""
    # Where the webhook server listens. 127.0.0.1: behind a reverse proxy (which does
    # TLS) nothing else should reach it; 0.0.0.0 only when Telegram connects directly.
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    # Telegram sends it in every webhook request and the bot rejects requests without it.
    # None (empty): a fresh random one at each start (it is registered by setWebhook).
    webhook_secret_token: SecretStr | None = None

    @field_validator("bot_timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"BOT_TIMEZONE {value!r} is not a known time zone: use an IANA name "
                "such as Asia/Ho_Chi_Minh or UTC"
            ) from None
        return value

    @field_validator("reindex_interval", mode="before")
    @classmethod
    def _parse_interval(cls, value: object) -> object:
        return parse_duration(value)

    @field_validator("webhook_secret_token", mode="before")
    @classmethod
    def _check_secret(cls, value: object) -> object:
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str):
            if not value.strip():
                return None
            if not _WEBHOOK_SECRET.fullmatch(value):
                raise ValueError(
                    "WEBHOOK_SECRET_TOKEN must be 1-256 characters of A-Z, a-z, 0-9, _ and - "
                    "(Telegram's rule); leave it empty to get a random one at each start"
                )
        return value

    @field_validator("webhook_url")
    @classmethod
    def _check_webhook_url(cls, value: str) -> str:
        value = value.strip()
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("WEBHOOK_URL must be a full URL such as https://bot.example.org/tg")
        return value

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, value: object) -> object:
        # `TELEGRAM_BOT_TOKEN=` (as in .env.example) means "no bot configured".
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("allowed_user_ids", "allowed_chat_ids", "admin_user_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        # "1,2" or "1 2" or a JSON list; an empty string is an empty list.
        if isinstance(value, int) and not isinstance(value, bool):
            return [value]
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [int(part) for part in text.replace(",", " ").split()]
        return value


def parse_duration(value: object) -> object:
    """A duration setting: `6h`, `1h30m`, `90s`, `1d`, `3600` (seconds) or a number ->
    timedelta; empty, `0` and `off` -> None. Anything else is left to pydantic (ISO 8601
    `PT6H`, `06:00:00`)."""
    if value is None or isinstance(value, timedelta):
        return value or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return timedelta(seconds=value) if value > 0 else None
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("", "0", "off", "none", "false"):
            return None
        try:
            seconds = float(text)
        except ValueError:
            pass
        else:
            return timedelta(seconds=seconds) if seconds > 0 else None
        parts = _DURATION_PART.findall(text)
        if parts and _DURATION_PART.sub("", text).strip() == "":
            return timedelta(seconds=sum(float(n) * _DURATION_UNITS[u] for n, u in parts))
    return value
