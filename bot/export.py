"""`/export [days]` and `python -m bot export --days N`: the journal's questions as a CSV
file for a spreadsheet. UTF-8 with a byte order mark, which Excel needs to read Vietnamese
as UTF-8 (without it, it guesses the local code page); one row per question, answered or
not, with its votes and 👎 reasons.

Who asked is left out (EXPORT_USER_IDS adds the asker's user id and the chat id); names
are never journalled at all. The file goes to the admin's private chat, even when asked
for in a group: the group's members must not receive everyone's questions.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
import time
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from telegram import InputFile, Update
from telegram.error import Forbidden

from bot import messages, stats_messages
from bot.access import admin_only
from bot.admin_stats import days_argument, ready_journal
from bot.flood import patiently
from bot.journal import Journal
from bot.reply import reply
from bot.state import Context

log = logging.getLogger(__name__)

__all__ = ["COLUMNS", "COMMANDS", "csv_bytes", "export"]

COMMANDS = (("export", "Tải câu hỏi về dạng CSV (quản trị viên)"),)
DEFAULT_DAYS = 30
MAX_DAYS = 3650
BOM = "\ufeff"
COLUMNS = (
    "time",
    "chat type",
    "question",
    "standalone question",
    "answer",
    "cited articles",
    "found",
    "vote",
    "reason",
)
ID_COLUMNS = ("user id", "chat id")


def rows(journal: Journal, since: float, tz: tzinfo, *, user_ids: bool = False) -> list[list[str]]:
    """One row per entry asked since `since` (unix time), oldest first; the header first."""
    entries = journal.read(
        lambda db: db.execute(
            "SELECT e.id, e.at, e.user_id, e.chat_id, e.thread_id, e.question, e.standalone,"
            " e.answer, e.found, e.citations,"
            " (SELECT GROUP_CONCAT(CASE WHEN f.vote > 0 THEN '+1' ELSE '-1' END, ' ')"
            "  FROM (SELECT vote FROM feedback WHERE entry_id = e.id ORDER BY at) f) AS votes,"
            " (SELECT GROUP_CONCAT(reason, ' ') FROM feedback"
            "  WHERE entry_id = e.id AND vote < 0 AND reason IS NOT NULL) AS reasons"
            " FROM entries e WHERE e.at >= ? ORDER BY e.at, e.id",
            (since,),
        ).fetchall()
    )
    header = [f"time ({getattr(tz, 'key', tz)})", *COLUMNS[1:]]
    out = [header + (list(ID_COLUMNS) if user_ids else [])]
    for e in entries:
        cited = json.loads(e["citations"]) if e["found"] else []
        row = [
            datetime.fromtimestamp(e["at"], tz).strftime("%Y-%m-%d %H:%M:%S"),
            _chat_type(e["chat_id"], e["thread_id"]),
            e["question"],
            e["standalone"],
            e["answer"],
            "; ".join(_cited(c) for c in cited),
            "yes" if e["found"] else "no",
            e["votes"] or "",
            "; ".join(messages.reason_label(r) for r in (e["reasons"] or "").split()),
        ]
        if user_ids:
            row += ["" if e["user_id"] is None else str(e["user_id"]), str(e["chat_id"])]
        out.append(row)
    return out


def csv_bytes(table: list[list[str]]) -> bytes:
    """The rows as CSV (Excel's dialect: commas, CRLF, quotes doubled), UTF-8 with a BOM."""
    text = io.StringIO()
    csv.writer(text, dialect="excel").writerows(table)
    return (BOM + text.getvalue()).encode("utf-8")


def export_days(journal: Journal, days: int, tz: tzinfo, *, user_ids: bool) -> list[list[str]]:
    """The last `days` days (counted back from now, in whole days of 24 hours)."""
    return rows(journal, time.time() - days * 86400, tz, user_ids=user_ids)


async def export(update: Update, context: Context) -> None:
    message = update.message
    if message is None or message.from_user is None or not await admin_only(message, context):
        return
    days = days_argument(context.args, DEFAULT_DAYS, MAX_DAYS)
    if days is None:
        await reply(message, stats_messages.EXPORT_USAGE)
        return
    state = context.bot_data
    journal = await ready_journal(message, state)
    if journal is None:
        return
    tz = ZoneInfo(state.settings.bot_timezone)
    table = await asyncio.to_thread(
        export_days, journal, days, tz, user_ids=state.settings.export_user_ids
    )
    data = await asyncio.to_thread(csv_bytes, table)
    name = f"hoidap-cau-hoi-{datetime.now(tz):%Y%m%d}-{days}-ngay.csv"
    admin = message.from_user.id

    async def send() -> object:
        return await context.bot.send_document(
            admin,
            InputFile(data, filename=name),  # text/csv, from the name
            caption=stats_messages.export_caption(days, len(table) - 1),
        )

    try:
        await patiently(send)
    except Forbidden:  # the admin never opened a private chat with the bot
        await reply(message, stats_messages.EXPORT_NEEDS_PRIVATE)
        return
    log.info("export of %d days (%d rows) sent to admin %s", days, len(table) - 1, admin)
    if message.chat.id != admin:
        await reply(message, stats_messages.EXPORT_SENT_PRIVATELY)


def _chat_type(chat_id: int, thread_id: int | None) -> str:
    if chat_id > 0:
        return "private"
    return "group topic" if thread_id is not None else "group"


def _cited(c: dict[str, object]) -> str:
    title = str(c.get("title") or c.get("article_id") or "")
    url = str(c.get("url") or "")
    return f"[{c.get('n')}] {title}" + (f" <{url}>" if url else "")
