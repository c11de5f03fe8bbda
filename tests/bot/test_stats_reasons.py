"""A reason with 👎, end to end across restarts: the buttons under the answer gain the
reasons after a 👎 (edited, no new message), a reason tap is stored with that user's 👎,
refused without one, and /unanswered shows it with a button that gives admins, and only
admins, the whole question and answer."""

from __future__ import annotations

from typing import Any

from bot import messages
from bot.journal import JOURNAL_FILE, Journal
from bot.settings import BotSettings
from retrieval.services import Services
from retrieval.settings import Settings
from tests.bot.test_bot import ADMIN, ALLOWED, bot_settings, running
from tests.telegram_html import assert_valid_html
from tests.telegram_server import Call, TelegramServer, callback_query, private_text

__all__ = ["bot_settings"]  # the fixture, imported for this module's tests

QUESTION = "Lịch cắt điện của Công ty Điện lực A&B?"


def labels(markup: dict[str, Any] | None) -> list[list[str]]:
    assert markup is not None
    return [[b["text"] for b in row] for row in markup["inline_keyboard"]]


def data_of(markup: dict[str, Any], text: str) -> str:
    return next(
        b["callback_data"] for row in markup["inline_keyboard"] for b in row if b["text"] == text
    )


async def tap(server: TelegramServer, user_id: int, data: str, under: dict[str, Any]) -> Call:
    """Tap a button; the bot's answerCallbackQuery."""
    before = len(server.calls("answerCallbackQuery"))
    server.push(callback_query(user_id, data, under))
    return (await server.wait_for("answerCallbackQuery", count=before + 1))[before]


async def test_a_reason_for_a_down_vote_works_across_restarts_and_reaches_unanswered(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    async with running(bot_settings, indexed[1]):
        server.push(private_text(ALLOWED, QUESTION))
        answer = (await server.wait_for("sendMessage"))[0]
    markup = answer.params["reply_markup"]
    under = {"message": server.result_of(answer)}
    reasons = list(messages.REASON_LABELS.values())

    async with running(bot_settings, indexed[1]):  # a restart: the journal is on disk
        no_down = await tap(server, ALLOWED, data_of_reason(markup), under)  # not shown yet
        down = await tap(server, ALLOWED, data_of(markup, "👎"), under)
        edited = (await server.wait_for("editMessageReplyMarkup"))[0]
    shown = edited.params["reply_markup"]
    assert labels(shown)[: len(labels(markup))] == labels(markup)  # sources and votes kept
    added = [label for row in labels(shown)[len(labels(markup)) :] for label in row]
    assert sorted(added) == sorted(reasons)
    assert edited.params["message_id"] == under["message"]["message_id"]
    assert down.params["text"] == messages.feedback_ack(-1, None)
    assert no_down.params["text"] == messages.REASON_NEEDS_DOWN  # no 👎 yet: nothing stored

    async with running(bot_settings, indexed[1]):  # another restart
        stored = await tap(server, ALLOWED, data_of(shown, "Sai thông tin"), under)
        hidden = (await server.wait_for("editMessageReplyMarkup", count=2))[1]
        stranger = await tap(server, ADMIN, data_of(shown, "Thiếu nguồn"), under)  # no 👎
        server.push(private_text(ADMIN, "/unanswered"))
        listed = (await server.wait_for("sendMessage", count=2))[1]
        detail = data_of(listed.params["reply_markup"], "1")
        below = {"message": server.result_of(listed)}
        refused = await tap(server, ALLOWED, detail, below)
        await tap(server, ADMIN, detail, below)
        full = (await server.wait_for("sendMessage", count=3))[2]

    assert stored.params["text"] == messages.reason_ack("wrong")
    assert labels(hidden.params["reply_markup"]) == labels(markup)  # private: reasons go
    assert stranger.params["text"] == messages.REASON_NEEDS_DOWN
    assert stranger.params["show_alert"] is True
    text = listed.params["text"]
    assert_valid_html(text)
    assert "(👎 1: Sai thông tin)" in text and "\n1. " in text
    assert refused.params["text"] == messages.ADMIN_ONLY and refused.params["show_alert"]
    assert full.params["chat_id"] == ADMIN
    assert_valid_html(full.params["text"])
    assert "Lịch cắt điện của Công ty Điện lực A&amp;B?" in full.params["text"]
    assert "bảo trì trạm biến áp 110kV" in full.params["text"]  # the whole answer
    assert "Lý do: Sai thông tin" in full.params["text"]
    journal = Journal(bot_settings.bot_data_dir / JOURNAL_FILE)
    entry = journal.get(1)
    journal.close()
    assert entry is not None and entry.reasons == ("wrong",) and entry.down == 1


def data_of_reason(markup: dict[str, Any]) -> str:
    """The callback data of the first reason of the entry under `markup` (its buttons
    are not shown before a 👎, but a stale or forged tap may still come)."""
    entry = data_of(markup, "👎").split(":")[1]
    return f"r:{entry}:1"
