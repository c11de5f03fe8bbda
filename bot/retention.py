"""JOURNAL_RETENTION_DAYS: journal entries older than that are deleted, once soon after
start-up and then once a day, by a job of python-telegram-bot's job queue, in a worker
thread (a large delete must not stall answers)."""

from __future__ import annotations

import asyncio
import logging
import time

from bot.journal import Journal
from bot.state import BotApplication, Context

log = logging.getLogger(__name__)

DAY = 86400.0
# After start-up: time for the first questions to be answered before the delete.
FIRST_DELAY = 60.0


def schedule(application: BotApplication, first: float = FIRST_DELAY) -> None:
    """Register the daily prune (none when the retention is 0: kept for ever). `first`
    must be in the future when the job is added: a repeating job whose first run is
    already past waits a whole interval (APScheduler's interval trigger)."""
    days = application.bot_data.settings.journal_retention_days
    if days == 0:
        return
    if application.job_queue is None:
        raise RuntimeError(
            "JOURNAL_RETENTION_DAYS needs python-telegram-bot's job queue: run "
            "`pip install -e .` (it installs python-telegram-bot[job-queue]), or set "
            "JOURNAL_RETENTION_DAYS=0 to keep the journal for ever"
        )
    application.job_queue.run_repeating(_prune_job, interval=DAY, first=first, name="retention")


async def _prune_job(context: Context) -> None:
    state = context.bot_data
    if state.journal is not None:
        await asyncio.to_thread(prune, state.journal, state.settings.journal_retention_days)


def prune(journal: Journal, days: int, now: float | None = None) -> int:
    """Delete the entries older than `days` days; how many went."""
    before = (time.time() if now is None else now) - days * DAY
    removed = journal.prune(before)
    if removed:
        log.info("journal: %d entries older than %d days deleted", removed, days)
    return removed
