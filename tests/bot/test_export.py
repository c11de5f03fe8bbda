"""/export and `python -m bot export`: the journal as a CSV file a spreadsheet opens, sent
to the admin's private chat through the local Bot API server (sendDocument, a multipart
upload); UTF-8 with a BOM, the columns in order, Vietnamese and awkward text intact, no
user ids unless EXPORT_USER_IDS; admins only."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot import messages, stats_messages
from bot.export import BOM, COLUMNS, csv_bytes, export_days
from bot.journal import JOURNAL_FILE, Journal
from bot.settings import BotSettings
from retrieval.answers.types import Answer, Citation, CitedPassage
from retrieval.services import Services
from retrieval.settings import Settings
from tests.bot.conftest import make_bot_settings
from tests.bot.test_bot import ADMIN, ALLOWED, GROUP, running
from tests.conftest import REPO
from tests.telegram_server import TelegramServer, Upload, group_text, private_text

ASKED = 'Ông Ma Xuân Việt nói gì về "chi bộ", dấu phẩy, và\nxuống dòng?'
ANSWER = "Ông nhấn mạnh: nâng cao chất lượng sinh hoạt chi bộ; “đảng viên” là gốc [1]."


@pytest.fixture
def bot_settings(
    indexed: tuple[Settings, Services], server: TelegramServer, tmp_path: Path
) -> BotSettings:
    return make_bot_settings(
        indexed[0], server, tmp_path, users=[ALLOWED], admins=[ADMIN], chats=[GROUP]
    )


def fill(path: Path) -> None:
    """Three questions: one answered with a 👎 and its reason, one declined in a group
    topic, one older than the export's period."""
    journal = Journal(path)
    cited = Citation(
        n=1,
        article_id="voh-1",
        title="Chú trọng nâng cao chất lượng tổ chức Cơ sở Đảng",
        source="VOH",
        published="2018-02-08",
        url="https://voh.com.vn/tin/1.html",
        origin="test",
        passages=(CitedPassage("voh-1-0", 0, 10, "Đoạn trích", 0.9),),
    )
    answered = Answer(
        question=ASKED,
        standalone="Ông Ma Xuân Việt nói gì về chi bộ?",
        text=ANSWER,
        citations=(cited,),
        found=True,
        mode="extractive",
    )
    declined = Answer(
        question="Giá vàng hôm nay?",
        standalone="Giá vàng hôm nay?",
        text="Không tìm thấy thông tin trong các bài viết.",
        related=(cited,),
        found=False,
        mode="none",
    )
    now = time.time()
    first = journal.record(answered, user_id=ALLOWED, chat_id=ALLOWED, thread_id=None, at=now - 60)
    journal.vote(first, ALLOWED, -1)
    journal.set_reason(first, ALLOWED, "no_source")
    journal.vote(first, ADMIN, 1)
    journal.record(declined, user_id=ALLOWED, chat_id=GROUP, thread_id=7, at=now - 30)
    journal.record(declined, user_id=ALLOWED, chat_id=ALLOWED, thread_id=None, at=now - 40 * 86400)
    journal.close()


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM.encode("utf-8"))
    # What Excel and LibreOffice do with such a file: UTF-8 because of the BOM, then CSV.
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), dialect="excel"))


def check_rows(table: list[list[str]]) -> None:
    header, *rows = table
    assert header[1:] == list(COLUMNS[1:]) and header[0].startswith("time (")
    assert len(rows) == 2  # the 40-day-old question is outside 30 days
    first, second = (dict(zip(header, row, strict=True)) for row in rows)
    assert first["question"] == ASKED  # quotes, commas and the line break survive
    assert first["answer"] == ANSWER and first["standalone question"].endswith("chi bộ?")
    assert first["cited articles"] == (
        "[1] Chú trọng nâng cao chất lượng tổ chức Cơ sở Đảng <https://voh.com.vn/tin/1.html>"
    )
    assert (first["found"], first["vote"], first["reason"]) == ("yes", "-1 +1", "Thiếu nguồn")
    assert (first["chat type"], second["chat type"]) == ("private", "group topic")
    assert (second["found"], second["vote"], second["cited articles"]) == ("no", "", "")
    assert first[header[0]] < second[header[0]]  # oldest first, sortable as text
    everything = "\n".join(",".join(row) for row in table)
    assert str(ALLOWED) not in everything and str(GROUP) not in everything  # no ids


async def test_export_sends_a_csv_to_the_admin_and_refuses_others(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    fill(bot_settings.bot_data_dir / JOURNAL_FILE)
    async with running(bot_settings, indexed[1]):
        server.push(private_text(ALLOWED, "/export"))
        refused = (await server.wait_for("sendMessage"))[0]
        server.push(group_text(GROUP, ADMIN, "/export 30"))  # asked in a group
        sent = (await server.wait_for("sendDocument"))[0]
        told = (await server.wait_for("sendMessage", count=2))[1]
        server.push(private_text(ADMIN, "/export ba"))
        usage = (await server.wait_for("sendMessage", count=3))[2]

    assert refused.params["text"] == messages.ADMIN_ONLY
    assert sent.params["chat_id"] == ADMIN  # to the admin, not to the group
    assert told.params["chat_id"] == GROUP
    assert told.params["text"] == stats_messages.EXPORT_SENT_PRIVATELY
    assert usage.params["text"] == stats_messages.EXPORT_USAGE
    assert len(server.calls("sendDocument")) == 1
    document = sent.params["document"]
    assert isinstance(document, Upload)
    assert document.file_name.endswith("-30-ngay.csv") and document.mime_type == "text/csv"
    assert sent.params["caption"] == stats_messages.export_caption(30, 2)
    check_rows(read_csv(document.data))


def test_user_ids_only_when_the_setting_allows(tmp_path: Path) -> None:
    from zoneinfo import ZoneInfo

    path = tmp_path / JOURNAL_FILE
    fill(path)
    journal = Journal(path)
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    plain = export_days(journal, 30, tz, user_ids=False)
    with_ids = export_days(journal, 30, tz, user_ids=True)
    journal.close()
    check_rows(read_csv(csv_bytes(plain)))
    assert with_ids[0][-2:] == ["user id", "chat id"]
    assert [row[-2:] for row in with_ids[1:]] == [
        [str(ALLOWED), str(ALLOWED)],
        [str(ALLOWED), str(GROUP)],
    ]


def test_export_on_the_command_line(tmp_path: Path) -> None:
    data_dir = tmp_path / "bot"
    fill(data_dir / JOURNAL_FILE)
    env = {**os.environ, "BOT_DATA_DIR": str(data_dir), "EXPORT_USER_IDS": "false"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "export", "--days", "30"],
        cwd=tmp_path,  # no .env here
        env={**env, "PYTHONPATH": str(REPO)},
        capture_output=True,
        check=True,
    )
    check_rows(read_csv(done.stdout))
    assert b"2 questions of the last 30 days written." in done.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "bot", "export"],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(REPO), "BOT_DATA_DIR": str(tmp_path / "none")},
        capture_output=True,
    )
    assert missing.returncode == 1 and b"No question journal at" in missing.stderr
    assert missing.stdout == b""
