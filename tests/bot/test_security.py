"""What an attacker tries against the bot: the token leaking into logs in an encoded form,
an allowed user's question in a stranger's group, and floods of refusals and /id."""

from __future__ import annotations

import asyncio
import base64
import logging
from typing import Any
from urllib.parse import quote

import pytest

from bot import messages
from bot.redact import RedactToken
from bot.settings import BotSettings
from retrieval.services import Services
from retrieval.settings import Settings
from tests.bot.conftest import send
from tests.bot.test_bot import ADMIN, ALLOWED, GROUP, STRANGER, bot_settings, running
from tests.telegram_server import (
    BOT_ID,
    BOT_USERNAME,
    TelegramServer,
    callback_query,
    group_text,
    private_text,
)

__all__ = ["bot_settings"]  # the fixture: allowed and admin users, and no allowed group

TOKEN = "123456:AAH-x_yZ0kLmNoPqRsTuVwXyZ0123456789"


def _record(msg: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("httpx", logging.INFO, __file__, 1, msg, args, None)


@pytest.mark.parametrize(
    "spelling",
    [
        TOKEN,
        quote(TOKEN, safe=""),  # 123456%3AAAH-...: python-telegram-bot's file URLs
        quote(TOKEN, safe="").replace("%3A", "%3a"),
        quote(quote(TOKEN, safe=""), safe=""),  # 123456%253A...: a quoted URL quoted again
        base64.b64encode(TOKEN.encode()).decode(),
        base64.urlsafe_b64encode(TOKEN.encode()).decode().rstrip("="),
    ],
)
def test_every_spelling_of_the_token_is_redacted_in_message_args_and_traceback(
    spelling: str,
) -> None:
    url = f"http://127.0.0.1/file/bot{spelling}/documents/file_0.pdf"
    as_arg = _record('HTTP Request: %s %s "%s"', "GET", url, "HTTP/1.1 200 OK")
    in_message = _record(f"GET {url}")
    try:
        raise ValueError(f"failed {url}")
    except ValueError as exc:
        in_message.exc_info = (type(exc), exc, exc.__traceback__)
    handler_output = []
    for record in (as_arg, in_message):
        assert RedactToken(TOKEN).filter(record)
        handler_output.append(logging.Formatter().format(record))
    for text in handler_output:
        assert spelling not in text and "AAH-x_yZ0kLmNoPq" not in text
        assert "<token>" in text
    assert "documents/file_0.pdf" in handler_output[0]  # the rest of the line stays


def test_text_without_the_token_is_left_alone() -> None:
    record = _record("GET %s", "http://127.0.0.1/bot999:other/getMe")
    RedactToken(TOKEN).filter(record)
    assert record.args == ("http://127.0.0.1/bot999:other/getMe",)


def test_a_real_logger_with_the_installed_filter_writes_no_encoded_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from bot import redact

    logger = logging.getLogger("httpx")
    before = list(logger.filters)
    try:
        redact.install(TOKEN)
        with caplog.at_level(logging.INFO, logger="httpx"):
            logger.info("HTTP Request: GET %s", f"http://x/file/bot{quote(TOKEN, safe='')}/a")
        assert caplog.records and quote(TOKEN, safe="") not in caplog.text
        assert "<token>" in caplog.text
    finally:
        logger.filters[:] = before


# --- groups and rate limits, through the real Application and the local Bot API server ---

QUESTION = "Nhiệm vụ trọng tâm năm 2018 là gì?"


async def silence(server: TelegramServer, update: dict[str, Any]) -> None:
    """Push `update` and check that the bot sends nothing for it."""
    before = len(server.calls("sendMessage"))
    server.push(update)
    await asyncio.sleep(0.5)
    assert len(server.calls("sendMessage")) == before


async def test_allowed_users_are_not_answered_in_a_group_that_is_not_allowed(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    async with running(bot_settings, indexed[1]):
        hoi = await send(server, group_text(GROUP, ALLOWED, f"/hoi {QUESTION}"))
        mention = await send(server, group_text(GROUP, ALLOWED, f"@{BOT_USERNAME} {QUESTION}"))
        admin = await send(server, group_text(GROUP, ADMIN, f"/hoi@{BOT_USERNAME} {QUESTION}"))
        # Talk in the group that is not addressed to the bot gets nothing.
        await silence(server, group_text(GROUP, ALLOWED, QUESTION))
        # /id still works there: how an admin learns the group's id.
        ids = await send(server, group_text(GROUP, ADMIN, "/id"))
        # The same user is answered in private.
        private = await send(server, private_text(ALLOWED, QUESTION))
    for refused in (hoi, mention, admin):
        assert refused.params["chat_id"] == GROUP
        assert refused.params["text"] == messages.group_refusal(GROUP)
        assert "[1]" not in refused.params["text"]
    assert str(GROUP) in ids.params["text"] and str(ADMIN) in ids.params["text"]
    assert "[1]" in private.params["text"]
    # Only the private question was searched.
    assert [c.params["chat_id"] for c in server.calls("sendChatAction")] == [ALLOWED]
    assert not (bot_settings.bot_data_dir / "conversations" / f"{GROUP}.json").exists()


async def test_the_setting_lets_allowed_users_ask_in_any_group_and_strangers_still_not(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    settings = bot_settings.model_copy(update={"allow_users_in_any_group": True})
    async with running(settings, indexed[1]):
        answered = await send(server, group_text(GROUP, ALLOWED, f"/hoi {QUESTION}"))
        refused = await send(server, group_text(GROUP, STRANGER, f"/hoi {QUESTION}"))
    assert answered.params["chat_id"] == GROUP and "[1]" in answered.params["text"]
    assert refused.params["text"] == messages.refusal(STRANGER)


def test_the_setting_is_off_by_default_and_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ALLOW_USERS_IN_ANY_GROUP", raising=False)
    assert BotSettings(_env_file=None).allow_users_in_any_group is False  # type: ignore[call-arg]
    monkeypatch.setenv("ALLOW_USERS_IN_ANY_GROUP", "true")
    assert BotSettings(_env_file=None).allow_users_in_any_group is True  # type: ignore[call-arg]


async def test_refusals_and_id_share_the_rate_limit_with_questions(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    settings = bot_settings.model_copy(update={"rate_limit_per_minute": 2})
    async with running(settings, indexed[1]):
        # A stranger flooding: two refusals a minute, then nothing.
        for _ in range(2):
            refusal = await send(server, private_text(STRANGER, QUESTION))
            assert refusal.params["text"] == messages.refusal(STRANGER)
        await silence(server, private_text(STRANGER, QUESTION))
        await silence(server, group_text(GROUP, STRANGER, "/hoi x"))
        # An allowed user: /id counts like a question.
        first = await send(server, private_text(ALLOWED, "/id"))
        answered = await send(server, private_text(ALLOWED, QUESTION))
        limited = await send(server, private_text(ALLOWED, "/id"))
        await silence(server, private_text(ALLOWED, "/id"))  # told once per window
        await silence(server, private_text(ALLOWED, QUESTION))
        # Refusals in a group that is not allowed count too (ADMIN's own budget).
        for _ in range(2):
            refused = await send(server, group_text(GROUP, ADMIN, f"/hoi {QUESTION}"))
            assert refused.params["text"] == messages.group_refusal(GROUP)
        await silence(server, group_text(GROUP, ADMIN, f"/hoi {QUESTION}"))
    assert str(ALLOWED) in first.params["text"]
    assert "[1]" in answered.params["text"]
    assert limited.params["text"].startswith("Bạn đang hỏi hơi nhanh")


async def test_a_button_tapped_in_a_group_that_is_not_allowed_shows_no_passage(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    """A tap by an allowed user under a message in a stranger's group gets the group's
    refusal as an alert; nothing is sent to the group."""
    under = group_text(GROUP, BOT_ID, "Câu trả lời cũ [1]")
    async with running(bot_settings, indexed[1]):
        server.push(callback_query(ALLOWED, "src:1:1", under))
        alert = (await server.wait_for("answerCallbackQuery"))[0]
    assert alert.params["text"] == messages.group_refusal(GROUP, html=False)
    assert alert.params.get("show_alert") in (True, "true")
    assert server.calls("sendMessage") == []
