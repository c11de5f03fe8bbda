"""/stats with its chart, end to end: a journal filled by the test, the real Application
long-polling the local Bot API server, the chart arriving as a sendPhoto upload (checked as
a PNG of the right size), its caption's numbers against the journal's, what does not fit a
caption in a message after it; admins only. Plus the caption split and the chart alone."""

from __future__ import annotations

import asyncio
import struct
import subprocess
import sys
import threading
import time
import zlib
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot import charts, messages, retention, stats_messages
from bot.admin_stats import CAPTION_LIMIT, split_caption
from bot.journal import JOURNAL_FILE, Journal
from bot.settings import BotSettings
from bot.split import utf16_length, visible_text
from bot.usage import DayCount
from retrieval.answers.types import Answer, Citation, CitedPassage
from retrieval.services import Services
from retrieval.settings import Settings
from tests.bot.conftest import make_bot_settings
from tests.bot.test_bot import ADMIN, ALLOWED, GROUP, running
from tests.telegram_html import assert_valid_html
from tests.telegram_server import (
    Call,
    TelegramServer,
    Upload,
    group_text,
    png_size,
    private_text,
)

QUESTION = "Nhiệm vụ trọng tâm năm 2018 là gì?"
ANSWER_PART = "nghiên cứu đề xuất mô hình tổ chức đảng ở các doanh nghiệp nhà nước"

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
LONG_TITLE = "Báo cáo tổng kết công tác xây dựng Đảng và hệ thống chính trị " * 6


@pytest.fixture
def bot_settings(
    indexed: tuple[Settings, Services], server: TelegramServer, tmp_path: Path
) -> BotSettings:
    return make_bot_settings(
        indexed[0],
        server,
        tmp_path,
        users=[ALLOWED],
        admins=[ADMIN],
        chats=[GROUP],
        bot_timezone="Asia/Ho_Chi_Minh",
    )


def answer(question: str, found: bool, article: str = "") -> Answer:
    citations = (
        Citation(
            n=1,
            article_id=article,
            title=f"{article}: {LONG_TITLE}",
            source="Báo",
            published="2024-05-01",
            url="",
            origin="test",
            passages=(CitedPassage(f"{article}-c", 0, 10, "Đoạn trích", 0.9),),
        ),
    )
    return Answer(
        question=question,
        standalone=question,
        text=f"Trả lời: {question}" if found else "Không tìm thấy thông tin.",
        citations=citations if found and article else (),
        found=found,
        mode="extractive" if found else "none",
    )


def fill(path: Path) -> dict[str, int]:
    """A journal over the last 40 days: what /stats must count."""
    journal = Journal(path)
    now = time.time()
    today = datetime.now(TZ).replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
    counts = {"today": 0, "today_not_found": 0, "period": 0, "not_found": 0, "down": 0}
    for day in range(40):
        for k in range(3 if day == 0 else day % 5):
            found = k != 2
            at = min(now - 1, today - day * 86400 + 3600 * (k + 1))
            entry = journal.record(
                answer(f"Nhiệm vụ trọng tâm năm {2000 + day} là gì?", found, f"art-{k}"),
                user_id=ALLOWED,
                chat_id=ALLOWED,
                thread_id=None,
                at=at,
            )
            down = found and day % 3 == 0
            if down:
                journal.vote(entry, ALLOWED, -1)
            if day < 30:
                counts["period"] += 1
                counts["not_found"] += not found
                counts["down"] += down
            if at >= today:
                counts["today"] += 1
                counts["today_not_found"] += not found
    journal.close()
    return counts


def assert_png(data: bytes, width: int, height: int) -> None:
    """A whole PNG: signature, IHDR of that size, every chunk's CRC right, IEND last."""
    assert png_size(data) == (width, height)
    i, kinds = 8, []
    while i < len(data):
        (length,) = struct.unpack(">I", data[i : i + 4])
        kind, body = data[i + 4 : i + 8], data[i + 8 : i + 8 + length]
        (crc,) = struct.unpack(">I", data[i + 8 + length : i + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        kinds.append(kind)
        i += 12 + length
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND" and b"IDAT" in kinds


async def stats_of(server: TelegramServer, user_id: int, text: str) -> Call:
    before = len(server.calls("sendPhoto"))
    server.push(private_text(user_id, text))
    return (await server.wait_for("sendPhoto", count=before + 1))[before]


async def test_stats_sends_a_chart_whose_caption_counts_the_journal(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    counts = fill(bot_settings.bot_data_dir / JOURNAL_FILE)
    async with running(bot_settings, indexed[1]):
        photo = await stats_of(server, ADMIN, "/stats")
        # What did not fit the caption follows it, as a message.
        after = (await server.wait_for("sendMessage"))[0]
        week = await stats_of(server, ADMIN, "/stats 7")
        for text in ("/stats", "/stats 90"):
            server.push(private_text(ALLOWED, text))
        refused = await server.wait_for(
            "sendMessage", count=2, where=lambda c: c.params["chat_id"] == ALLOWED
        )
        usage_call = len(server.calls("sendMessage"))
        server.push(private_text(ADMIN, "/stats mười"))
        usage = (await server.wait_for("sendMessage", count=usage_call + 1))[-1]

    upload = photo.params["photo"]
    assert isinstance(upload, Upload) and upload.file_name.endswith(".png")
    assert_png(upload.data, charts.WIDTH, charts.HEIGHT)
    assert photo.params["chat_id"] == ADMIN and photo.params["parse_mode"] == "HTML"
    caption = photo.params["caption"]
    assert_valid_html(caption)
    assert utf16_length(visible_text(caption)) <= CAPTION_LIMIT
    store = indexed[1].index.active().stats()
    assert f"Kho bài viết: {store.articles} bài, {store.chunks} đoạn" in caption
    share = round(100 * counts["today_not_found"] / counts["today"])
    today = f"Câu hỏi hôm nay: {counts['today']}"
    assert today + (f" (không trả lời được: {counts['today_not_found']}, {share}%)") in caption
    assert counts["today"] == 3 and counts["today_not_found"] == 1
    total, not_found = counts["period"], counts["not_found"]
    assert "<b>30 ngày</b> (" in caption
    assert (
        f"{total} câu hỏi, không tìm thấy {not_found}, {round(100 * not_found / total)}%,"
        f" 👎 {counts['down']}" in caption
    )
    size = (bot_settings.bot_data_dir / JOURNAL_FILE).stat().st_size
    assert "Nhật ký câu hỏi: " in caption and size > 0
    # The overflow: the subjects and articles of the period, long titles clipped.
    rest = after.params["text"]
    assert_valid_html(rest)
    assert "Chủ đề hỏi nhiều:" in caption + rest and "• nhiệm vụ (" in caption + rest
    assert "Bài được trích dẫn nhiều:</b>\n• art-0: Báo cáo" in rest  # a section kept whole
    assert "Bài chưa được trích dẫn:</b> 2/2" in rest  # the index's articles: never cited
    assert "<b>7 ngày</b>" in week.params["caption"]
    assert_png(week.params["photo"].data, charts.WIDTH, charts.HEIGHT)
    assert [r.params["text"] for r in refused] == [messages.ADMIN_ONLY] * 2
    assert len(server.calls("sendPhoto")) == 2  # none for the refused
    assert usage.params["text"] == stats_messages.STATS_USAGE


def test_a_caption_takes_whole_lines_up_to_its_limit() -> None:
    lines = [f"<b>Dòng {i}</b> " + "ư" * 90 for i in range(20)]
    caption, rest = split_caption("\n".join(lines), limit=CAPTION_LIMIT)
    assert utf16_length(visible_text(caption)) <= CAPTION_LIMIT
    assert caption.split("\n") + rest.split("\n") == lines
    assert len(caption.split("\n")) == 10  # 10 lines of 97-98 characters fit, 11 do not
    assert split_caption("ngắn") == ("ngắn", "")
    # A section (between blank lines) that does not fit whole goes whole to the message.
    sections = "\n".join(lines[:3]) + "\n\n" + "\n".join(lines[3:15])
    caption, rest = split_caption(sections)
    assert caption == "\n".join(lines[:3]) and rest == "\n".join(lines[3:15])


def test_the_chart_is_a_phone_sized_png_for_any_period() -> None:
    start = date(2024, 1, 1)
    for n in (1, 30, 90):
        days = [DayCount(start + timedelta(days=i), i % 7, i % 3, i % 2) for i in range(n)]
        assert_png(charts.daily_png(days, subtitle="Câu hỏi mỗi ngày"), charts.WIDTH, charts.HEIGHT)
    empty = [DayCount(start + timedelta(days=i)) for i in range(30)]
    assert_png(charts.daily_png(empty), charts.WIDTH, charts.HEIGHT)


def test_the_bot_loads_matplotlib_only_to_draw() -> None:
    code = "import sys, bot.app, bot.admin_stats, bot.charts\nprint('matplotlib' in sys.modules)\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


async def test_questions_are_answered_while_the_chart_is_drawn(
    server: TelegramServer,
    bot_settings: BotSettings,
    indexed: tuple[Settings, Services],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The real chart, held until the question is answered: drawn on the event loop, it
    # would hold the answer back and the test would time out.
    drawing, release = threading.Event(), threading.Event()
    draw = charts.daily_png

    def held(*args: object, **kwargs: object) -> bytes:
        drawing.set()
        assert release.wait(60)
        return draw(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(charts, "daily_png", held)
    async with running(bot_settings, indexed[1]):
        try:
            server.push(private_text(ADMIN, "/stats 90"))
            assert await asyncio.to_thread(drawing.wait, 60)
            server.push(private_text(ALLOWED, QUESTION))
            answer = await server.wait_for(
                "sendMessage", where=lambda c: c.params["chat_id"] == ALLOWED
            )
        finally:
            release.set()
        photo = (await server.wait_for("sendPhoto"))[0]
    assert ANSWER_PART in answer[0].params["text"]
    assert answer[0].at < photo.at
    assert_png(photo.params["photo"].data, charts.WIDTH, charts.HEIGHT)


async def test_the_retention_job_prunes_the_journal_of_a_running_bot(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    assert bot_settings.journal_retention_days == 365  # the default
    path = bot_settings.bot_data_dir / JOURNAL_FILE
    journal = Journal(path)
    now = time.time()
    old = journal.record(
        answer("Cũ?", True, "a"), user_id=1, chat_id=1, thread_id=None, at=now - 366 * 86400
    )
    kept = journal.record(
        answer("Mới?", True, "a"), user_id=1, chat_id=1, thread_id=None, at=now - 364 * 86400
    )
    journal.vote(old, 1, -1)
    async with running(bot_settings, indexed[1]) as app:
        retention.schedule(app, first=0.5)  # as at start-up, without the minute's wait
        for _ in range(100):
            if journal.get(old) is None:
                break
            await asyncio.sleep(0.1)
    assert journal.get(old) is None and journal.get(kept) is not None
    journal.close()


async def test_stats_in_a_group_leaves_out_subjects_and_articles(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    fill(bot_settings.bot_data_dir / JOURNAL_FILE)
    async with running(bot_settings, indexed[1]):
        server.push(group_text(GROUP, ADMIN, "/stats"))
        photo = (await server.wait_for("sendPhoto"))[0]
        await asyncio.sleep(0.3)  # time for a message after it, if one were sent
    caption = photo.params["caption"]
    assert photo.params["chat_id"] == GROUP and "<b>30 ngày</b>" in caption
    assert stats_messages.STATS_DETAILS_IN_PRIVATE in caption
    assert "Chủ đề" not in caption.replace(stats_messages.STATS_DETAILS_IN_PRIVATE, "")
    assert "art-0" not in caption and server.calls("sendMessage") == []


async def test_admin_commands_ask_to_wait_until_the_journal_and_services_are_open(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    async def told(command: str) -> str:
        before = len(server.calls("sendMessage"))
        server.push(private_text(ADMIN, command))
        return str((await server.wait_for("sendMessage", count=before + 1))[before].params["text"])

    async with running(bot_settings, indexed[1]) as app:
        state = app.bot_data
        journal, state.journal = state.journal, None  # as before post_init opens it
        no_journal = [await told(c) for c in ("/stats", "/unanswered", "/export")]
        state.journal = journal
        services, state.services = state.services, None
        no_services = await told("/stats")
        state.services = services
    assert no_journal == [messages.NOT_READY] * 3
    assert no_services == messages.NOT_READY
    assert server.calls("sendPhoto") == [] and server.calls("sendDocument") == []
