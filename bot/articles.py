"""`/nguon`: what the bot knows — how many articles, the newest ones, and their sources."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import CommandHandler, filters

from bot import messages
from bot.reply import reply
from bot.state import BotApplication, Context
from retrieval.index.chunks import ArticleRecord
from retrieval.index.registry import Index

NEWEST = 5
COMMANDS = (("nguon", "Các bài viết đã có trong hệ thống"),)


def register(application: BotApplication) -> None:
    # Edited messages are ignored, as /help says.
    application.add_handler(CommandHandler("nguon", _nguon, filters=filters.UpdateType.MESSAGE))


def overview(index: Index) -> tuple[int, list[ArticleRecord], list[tuple[str, int]], int]:
    """(article count, the NEWEST latest by date, (source, count) most first, how many
    have no date).

    Reads only the article records' metadata, never chunk vectors or texts. Articles without
    a date come after every dated one.
    """
    records = list(index.active().committed().values())
    dated = sorted(records, key=lambda r: (bool(r.published), r.published, r.title), reverse=True)
    counts: dict[str, int] = {}
    for rec in records:
        counts[rec.source] = counts.get(rec.source, 0) + 1
    sources = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    undated = sum(1 for rec in records if not rec.published)
    return len(records), dated[:NEWEST], sources, undated


async def _nguon(update: Update, context: Context) -> None:
    message = update.message
    if message is None:
        return
    services = context.bot_data.services
    if services is None:
        await reply(message, messages.NOT_READY)
        return
    # Chroma reads are synchronous: off the event loop, like every search.
    count, newest, sources, undated = await asyncio.to_thread(overview, services.index)
    html = messages.articles_overview(count, newest, sources, undated)
    await reply(message, html)
