"""Telegram's flood limit (429 with retry_after) waited out instead of failing a reply."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from telegram.error import RetryAfter

log = logging.getLogger(__name__)

T = TypeVar("T")
ATTEMPTS = 3


async def patiently(call: Callable[[], Awaitable[T]], attempts: int = ATTEMPTS) -> T:
    """`await call()`, sleeping out up to `attempts - 1` flood limits."""
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
    raise AssertionError("unreachable")
