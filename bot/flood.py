"""Sends that survive Telegram's bad moments: the flood limit (429 with retry_after) is
waited out, and a transient failure (a 5xx, a timeout, a dropped connection) is retried,
instead of losing the reply."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from telegram.error import BadRequest, NetworkError, RetryAfter

log = logging.getLogger(__name__)

T = TypeVar("T")
ATTEMPTS = 3
# Seconds before the second attempt after a transient failure; doubled each time.
BACKOFF = 0.5


async def patiently(call: Callable[[], Awaitable[T]], attempts: int = ATTEMPTS) -> T:
    """`await call()`, sleeping out up to `attempts - 1` flood limits or transient errors.

    A retry after a timeout can, rarely, deliver a message twice (the first request may
    have arrived); a staff member seeing an answer twice is better than seeing none.
    A 400 (BadRequest, also a NetworkError in python-telegram-bot) is our mistake: never
    retried."""
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except RetryAfter as exc:
            if attempt == attempts:
                raise
            wait = exc.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            log.warning("flood limit: retrying in %.1f s", seconds)
            await asyncio.sleep(seconds)
        except NetworkError as exc:
            if isinstance(exc, BadRequest) or attempt == attempts:
                raise
            seconds = BACKOFF * 2 ** (attempt - 1)
            log.warning("Bot API failed (%s): retrying in %.1f s", exc, seconds)
            await asyncio.sleep(seconds)
    raise AssertionError("unreachable")
