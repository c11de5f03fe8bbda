"""The bot's settings extend the engine's: one object per process, the bot's fields unseen
by retrieval and ingestion, and every field documented once in .env.example."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.settings import BotSettings
from retrieval.settings import Settings
from tests.conftest import REPO


def test_bot_fields_are_read_by_bot_settings_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:secret")
    monkeypatch.setenv("ADMIN_USER_IDS", "1, 2")
    monkeypatch.setenv("REINDEX_INTERVAL", "1h30m")
    monkeypatch.setenv("CHUNK_TARGET_CHARS", "700")
    settings = BotSettings(_env_file=None)  # type: ignore[call-arg]
    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == "123:secret"
    assert "123:secret" not in repr(settings) and "123:secret" not in str(settings)
    assert settings.admin_user_ids == [1, 2]
    assert settings.reindex_interval == timedelta(hours=1, minutes=30)
    assert settings.chunk_target_chars == 700  # the engine's fields, in the same object
    engine = Settings(_env_file=None)  # type: ignore[call-arg]
    assert not hasattr(engine, "telegram_bot_token") and not hasattr(engine, "bot_data_dir")


def test_env_example_lists_every_setting_once_the_bots_under_their_heading() -> None:
    text = (REPO / ".env.example").read_text("utf-8")
    names = re.findall(r"^([A-Z0-9_]+)=", text, re.MULTILINE)
    assert sorted(names) == sorted(name.upper() for name in BotSettings.model_fields)
    heading = text.index("# --- Telegram bot")
    bot_only = set(BotSettings.model_fields) - set(Settings.model_fields)
    for name in names:
        under_heading = text.index(f"\n{name}=") > heading
        assert under_heading == (name.lower() in bot_only), name
