"""`/nguon`: what the bot knows — how many articles, the newest ones, and their sources —
counting only the articles the chat may see (its knowledge scopes, `bot.access`), with how
many each of its scopes holds."""

from __future__ import annotations

import asyncio
from html import escape

from telegram import Update
from telegram.ext import CommandHandler, filters

from bot import access, messages
from bot.reply import reply
from bot.state import BotApplication, Context
from retrieval.index.chunks import ArticleRecord
from retrieval.index.registry import Index
from retrieval.index.scopes import AccessPolicy, Visibility, sees

NEWEST = 5
COMMANDS = (("nguon", "Các bài viết đã có trong hệ thống"),)


def register(application: BotApplication) -> None:
    # Edited messages are ignored, as /help says.
    application.add_handler(CommandHandler("nguon", _nguon, filters=filters.UpdateType.MESSAGE))


def overview(
    index: Index, scopes: Visibility = None
) -> tuple[int, list[ArticleRecord], list[tuple[str, int]], int, dict[str, int]]:
    """(article count, the NEWEST latest by date, (source, count) most first, how many
    have no date, articles per scope), over the articles in `scopes` (None: all).

    Reads only the article records' metadata, never chunk vectors or texts. Articles without
    a date come after every dated one.
    """
    records = [r for r in index.active().committed().values() if sees(scopes, r.scopes)]
    dated = sorted(records, key=lambda r: (bool(r.published), r.published, r.title), reverse=True)
    counts: dict[str, int] = {}
    per_scope: dict[str, int] = {}
    for rec in records:
        counts[rec.source] = counts.get(rec.source, 0) + 1
        for name in rec.scopes or ("",):
            if scopes is None or name in scopes:
                per_scope[name] = per_scope.get(name, 0) + 1
    sources = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    undated = sum(1 for rec in records if not rec.published)
    return len(records), dated[:NEWEST], sources, undated, per_scope


def scopes_html(per_scope: dict[str, int], policy: AccessPolicy) -> str:
    """The "Theo phạm vi" block of /nguon: each scope's title (or name) and count."""
    if len(per_scope) < 2 and policy.path is None:
        return ""  # no ACCESS_FILE: one public scope, nothing to tell
    lines = ["", "<b>Theo phạm vi:</b>"]
    for name, n in sorted(per_scope.items(), key=lambda kv: (-kv[1], kv[0])):
        scope = policy.scopes.get(name)
        label = scope.label if scope is not None else name or "(chưa thuộc phạm vi nào)"
        lines.append(f"• {escape(label, quote=False)}: {n}")
    return "\n".join(lines)


async def _nguon(update: Update, context: Context) -> None:
    message = update.message
    if message is None:
        return
    state = context.bot_data
    services = state.services
    if services is None:
        await reply(message, messages.NOT_READY)
        return
    user_id = message.from_user.id if message.from_user else None
    scopes = access.visibility(state, user_id, message.chat.id)
    # Chroma reads are synchronous: off the event loop, like every search.
    count, newest, sources, undated, per_scope = await asyncio.to_thread(
        overview, services.index, scopes
    )
    html = messages.articles_overview(count, newest, sources, undated)
    if count:
        html += scopes_html(per_scope, state.access.current())
    await reply(message, html)
