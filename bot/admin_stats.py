"""`/stats` and `/unanswered`: what admins learn from the question journal.

`/stats [days]` sends a chart of the questions per day (`bot.charts`, drawn in a worker
thread) with the numbers as its caption; what passes a caption's 1,024 characters (the
subjects asked most, the articles cited most and never) follows as a message.
`/unanswered` lists recent questions that failed, with a button per question that shows
an admin the whole question and answer (the admin list is checked again at the tap)."""

from __future__ import annotations

import asyncio
import functools
import logging
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from telegram import CallbackQuery, InputFile, Message, Update
from telegram.constants import ChatType, ParseMode

from bot import buttons, charts, messages, scope_stats, stats_messages
from bot.access import admin_only, is_admin
from bot.flood import patiently
from bot.journal import Journal, period_starts
from bot.reply import reply
from bot.split import utf16_length, visible_text
from bot.state import BotState, Context
from bot.usage import report
from retrieval.index.chunks import ArticleRecord
from retrieval.index.errors import StoreUnavailable
from retrieval.index.store import StoreStats

log = logging.getLogger(__name__)

# /stats without a number covers this many days; at most MAX_DAYS.
DEFAULT_DAYS = 30
MAX_DAYS = 365
CAPTION_LIMIT = 1024  # characters of a photo's caption, as Telegram counts them

COMMANDS = (
    ("stats", "Thống kê câu hỏi và kho bài viết (quản trị viên)"),
    ("unanswered", "Câu hỏi chưa trả lời được hoặc bị 👎 (quản trị viên)"),
)


async def stats(update: Update, context: Context) -> None:
    message = update.message
    if message is None or not await admin_only(message, context):
        return
    state = context.bot_data
    services, journal = state.services, await ready_journal(message, state, services=True)
    if services is None or journal is None:  # the admin has been told
        return
    # `/stats [days] [scope]`: the chart and the period's numbers of one knowledge scope.
    args = context.args or []
    days = days_argument([a for a in args if a.isdigit()], DEFAULT_DAYS, MAX_DAYS)
    policy = state.access.current()
    known = sorted(policy.scopes) if policy.path is not None else []  # none without ACCESS_FILE
    named = [a.lstrip("#") for a in args if not a.isdigit()]
    scope = named[0] if named else None
    if days is None or len(named) > 1 or (scope is not None and scope not in known):
        await reply(message, stats_messages.stats_usage(known))
        return
    tz = ZoneInfo(state.settings.bot_timezone)
    now = datetime.now(tz)
    today, week = period_starts(now)

    def indexed() -> tuple[StoreStats, dict[str, ArticleRecord]]:
        active = services.index.active()
        return active.stats(), active.committed()

    try:
        store, articles_of = await asyncio.to_thread(indexed)
        articles = {
            a: r.title
            for a, r in articles_of.items()
            if scope is None or scope in (r.scopes or ("",))
        }
    except StoreUnavailable as exc:
        log.warning("/stats without the index: %s", exc)
        await reply(message, messages.UNAVAILABLE)
        return
    questions = await asyncio.to_thread(journal.stats, today, week)
    period = await asyncio.to_thread(
        functools.partial(report, journal, now.date(), days, tz, articles, scope=scope)
    )
    subtitle = stats_messages.chart_subtitle(period)
    png = await asyncio.to_thread(charts.daily_png, period.days, subtitle=subtitle)
    numbers = messages.stats_html(store.articles, store.chunks, questions)
    records = list(articles_of.values())
    per_scope = await asyncio.to_thread(scope_stats.scopes_html, records, journal, week, policy)
    numbers += f"\n\n{per_scope}" if per_scope else ""
    private = message.chat.type == ChatType.PRIVATE
    period_html = stats_messages.stats_period_html(period, details=private)
    caption, rest = split_caption(f"{numbers}\n\n{period_html}")
    await send_photo(message, png, caption)
    if rest:
        await reply(message, rest, do_quote=False)


async def ready_journal(
    message: Message, state: BotState, *, services: bool = False
) -> Journal | None:
    """The question journal (with `services`: if the services are there too); None, after
    telling the admin to try again, while they are not open (post_init opens them)."""
    if state.journal is None or (services and state.services is None):
        await reply(message, messages.NOT_READY)
        return None
    return state.journal


def days_argument(args: list[str] | None, default: int, most: int) -> int | None:
    """`/stats 90`: the number of days, `default` without one; None when it is not a
    whole number from 1 to `most`."""
    if not args:
        return default
    if len(args) > 1 or not args[0].isdigit() or not 1 <= int(args[0]) <= most:
        return None
    return int(args[0])


def split_caption(html: str, limit: int = CAPTION_LIMIT) -> tuple[str, str]:
    """The lines of `html` that fit a caption, and the rest (for a message after it).
    Lines are whole (each holds its own tags), and so are sections (lines between blank
    lines) when the first one fits."""
    lines = html.split("\n")
    taken = 0
    for i in range(len(lines), 0, -1):
        if utf16_length(visible_text("\n".join(lines[:i]))) <= limit:
            taken = i
            break
    if taken < len(lines) and lines[taken].strip():
        blanks = [j for j in range(1, taken) if not lines[j].strip()]
        taken = blanks[-1] if blanks else taken
    return "\n".join(lines[:taken]).strip(), "\n".join(lines[taken:]).strip()


async def send_photo(message: Message, png: bytes, caption: str) -> Message:
    """Reply with a PNG (a fresh upload at each attempt: a retry re-sends the bytes)."""

    async def attempt() -> Message:
        return await message.reply_photo(
            InputFile(png, filename="thong-ke.png"),
            caption=caption or None,
            parse_mode=ParseMode.HTML,
            do_quote=False,
        )

    return await patiently(attempt)


async def unanswered(update: Update, context: Context) -> None:
    message = update.message
    if message is None or not await admin_only(message, context):
        return
    state = context.bot_data
    journal = await ready_journal(message, state)
    if journal is None:
        return
    scope, problem = scope_stats.unanswered_scope(context.args, state.access.current())
    if problem:
        await reply(message, problem)
        return
    entries = await asyncio.to_thread(journal.unanswered, messages.UNANSWERED_LIMIT, scope)
    html = messages.unanswered_html(entries, ZoneInfo(state.settings.bot_timezone))
    if scope is not None:
        html = f"Phạm vi <b>{escape(scope, quote=False)}</b>:\n{html}"
    await reply(message, html, reply_markup=buttons.entries_keyboard([e.id for e in entries]))


async def show_entry(query: CallbackQuery, entry_id: int, context: Context) -> None:
    """A button under /unanswered: the whole question and answer, to an admin only (the
    list is read at every tap: an admin removed since /unanswered sees nothing)."""
    state = context.bot_data
    if not is_admin(state.settings, query.from_user.id):
        await query.answer(messages.ADMIN_ONLY, show_alert=True)
        return
    journal = state.journal
    entry = None if journal is None else await asyncio.to_thread(journal.get, entry_id)
    if entry is None:
        await query.answer(messages.BUTTON_EXPIRED, show_alert=True)
        return
    await query.answer()
    html = stats_messages.entry_html(entry, ZoneInfo(state.settings.bot_timezone))
    if isinstance(query.message, Message):
        await reply(query.message, html, do_quote=False)
