"""A full disk under BOT_DATA_DIR costs an answer its buttons, not the answer (issue 15,
item 10): the journal's write fails (SQLite: "database or disk is full") and so does the
conversation's save (OSError: no space left on device), and the bot still answers, again
and again. The disk is really full: BOT_DATA_DIR is a 2 MB tmpfs, filled up after the
bot started (mounting needs root; the test is skipped without it). Real Application,
local Bot API server, real services."""

from __future__ import annotations

import errno
import logging
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import BotSettings
from retrieval.services import Services
from retrieval.settings import Settings
from tests.bot.test_bot import ALLOWED, ask_bot, bot_settings, running
from tests.telegram_server import TelegramServer

__all__ = ["bot_settings"]  # the fixture, imported for this module's tests

QUESTION = "Nhiệm vụ trọng tâm năm 2018 là gì?"
ANSWER = "nghiên cứu đề xuất mô hình tổ chức đảng ở các doanh nghiệp nhà nước"


@pytest.fixture
def small_disk(bot_settings: BotSettings) -> Iterator[Path]:
    """BOT_DATA_DIR on a tmpfs of its own, 2 MB."""
    folder = bot_settings.bot_data_dir
    folder.mkdir(parents=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs as BOT_DATA_DIR needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path) -> None:
    """Write to `folder` until its file system has no space left."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, bytes(4096))
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    with pytest.raises(OSError, match="No space left"):
        (folder / "probe").write_bytes(b"x" * 4096)


async def test_answers_go_out_when_the_disk_under_the_journal_is_full(
    server: TelegramServer,
    bot_settings: BotSettings,
    indexed: tuple[Settings, Services],
    small_disk: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    async with running(bot_settings, indexed[1]):
        before = await ask_bot(server, ALLOWED, QUESTION)
        _fill(small_disk)
        full = [await ask_bot(server, ALLOWED, QUESTION) for _ in range(2)]
        after_new = await ask_bot(server, ALLOWED, "/new")
    # Journaled while there was room: its buttons point to its entry.
    assert ANSWER in before.params["text"] and "reply_markup" in before.params
    for sent in full:
        assert ANSWER in sent.params["text"]
        assert "reply_markup" not in sent.params  # no entry for the buttons to point to
    assert after_new.params["text"]
    assert "could not journal the answer" in caplog.text
    assert "database or disk is full" in caplog.text
    assert "could not save the conversation" in caplog.text
