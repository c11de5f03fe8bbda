"""Damage under BOT_DATA_DIR never stops the bot (issue 15, items 9 and 10): a journal that
cannot be opened is moved aside and a new one started (counted in /stats), and a
conversation that cannot be saved still gets its answer. Real Application, local Bot API
server, real services."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.journal import JOURNAL_FILE, Journal
from bot.settings import BotSettings
from retrieval.services import Services
from retrieval.settings import Settings
from tests.bot.test_bot import ADMIN, ALLOWED, ask_bot, bot_settings, running
from tests.telegram_html import assert_valid_html
from tests.telegram_server import TelegramServer, private_text

__all__ = ["bot_settings"]  # the fixture, imported for this module's tests

QUESTION = "Nhiệm vụ trọng tâm năm 2018 là gì?"
ANSWER = "nghiên cứu đề xuất mô hình tổ chức đảng ở các doanh nghiệp nhà nước"


def _journal_with_entries(path: Path) -> None:
    journal = Journal(path)
    for i in range(300):  # several pages, so that half of the file loses some
        journal._db.execute(
            "INSERT INTO entries (at, chat_id, question, standalone, answer, found, mode,"
            " chunk_ids, citations) VALUES (?, 1, ?, ?, ?, 1, 'extractive', '', '[]')",
            (i, "q" * 200, "q", "a" * 500),
        )
    journal.close()


def _overwrite_head(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(b"\xff" * 100 + data[100:])


def _cut_in_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize("damage", [_overwrite_head, _cut_in_half], ids=["head", "half"])
async def test_a_damaged_journal_is_moved_aside_and_counted_in_stats(
    server: TelegramServer,
    bot_settings: BotSettings,
    indexed: tuple[Settings, Services],
    caplog: pytest.LogCaptureFixture,
    damage: object,
) -> None:
    path = bot_settings.bot_data_dir / JOURNAL_FILE
    _journal_with_entries(path)
    assert callable(damage)
    damage(path)
    caplog.set_level(logging.WARNING, logger="bot.journal")
    async with running(bot_settings, indexed[1]):
        reply = await ask_bot(server, ALLOWED, QUESTION)
        server.push(private_text(ADMIN, "/stats"))  # a chart, the numbers as its caption
        stats = (await server.wait_for("sendPhoto"))[0]
    assert ANSWER in reply.params["text"]
    assert "reply_markup" in reply.params, "journalled in the new journal: buttons"
    assert str(path) in caplog.text and "moved aside" in caplog.text
    aside = sorted(p.name for p in path.parent.glob("journal.damaged-*.sqlite3"))
    assert len(aside) == 1
    text = stats.params["caption"]
    assert_valid_html(text)
    assert "Tất cả: 1 câu hỏi" in text
    assert "1 nhật ký hỏng" in text


async def test_a_conversation_that_cannot_be_saved_still_gets_its_answer(
    server: TelegramServer,
    bot_settings: BotSettings,
    indexed: tuple[Settings, Services],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # As root, permissions stop no write: a folder where the conversation file should be
    # makes every save fail with an OSError, as a full disk would.
    blocked = bot_settings.bot_data_dir / "conversations" / f"{ALLOWED}_0.json"
    blocked.mkdir(parents=True)
    caplog.set_level(logging.WARNING, logger="bot.conversations")
    async with running(bot_settings, indexed[1]):
        first = await ask_bot(server, ALLOWED, QUESTION)
        again = await ask_bot(server, ALLOWED, "/new")
    assert ANSWER in first.params["text"] and "reply_markup" in first.params
    assert again.params["text"]  # /new answered too
    assert "could not save the conversation" in caplog.text
    assert blocked.is_dir() and not list(blocked.parent.glob("*.tmp"))
