"""`/stats` and `/unanswered`: what admins learn from the question journal."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import Update

from bot import messages
from bot.access import admin_only
from bot.journal import period_starts
from bot.reply import reply
from bot.state import Context
from retrieval.index.errors import StoreUnavailable

log = logging.getLogger(__name__)

COMMANDS = (
    ("stats", "Thống kê câu hỏi và kho bài viết (quản trị viên)"),
    ("unanswered", "Câu hỏi chưa trả lời được hoặc bị 👎 (quản trị viên)"),
)


async def stats(update: Update, context: Context) -> None:
    message = update.message
    if message is None or not await admin_only(message, context):
        return
    state = context.bot_data
    services, journal = state.services, state.journal
    if services is None or journal is None:
        await reply(message, messages.NOT_READY)
        return
    today, week = period_starts(datetime.now(ZoneInfo(state.settings.bot_timezone)))
    try:
        store = await asyncio.to_thread(lambda: services.index.active().stats())
    except StoreUnavailable as exc:
        log.warning("/stats without the index: %s", exc)
        await reply(message, messages.UNAVAILABLE)
        return
    questions = await asyncio.to_thread(journal.stats, today, week)
    await reply(message, messages.stats_html(store.articles, store.chunks, questions))


async def unanswered(update: Update, context: Context) -> None:
    message = update.message
    if message is None or not await admin_only(message, context):
        return
    state = context.bot_data
    journal = state.journal
    if journal is None:
        await reply(message, messages.NOT_READY)
        return
    entries = await asyncio.to_thread(journal.unanswered, messages.UNANSWERED_LIMIT)
    html = messages.unanswered_html(entries, ZoneInfo(state.settings.bot_timezone))
    await reply(message, html)
