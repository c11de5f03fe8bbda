"""Per-user question rate limit: at most N questions in any 60 seconds (a sliding window).

A user over the limit is told once per window, not once per message: someone pasting
twenty questions gets one explanation, not twenty.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

WINDOW_SECONDS = 60.0
# Users tracked before idle ones are dropped.
_MAX_TRACKED = 1000


@dataclass(frozen=True)
class Decision:
    allowed: bool
    warn: bool = False  # over the limit and not yet told in this window
    retry_after: float = 0.0  # seconds until a question is accepted again


class RateLimiter:
    def __init__(
        self,
        per_minute: int,
        *,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_minute = per_minute  # 0: no limit
        self.window = window
        self.clock = clock
        self._accepted: dict[int, deque[float]] = {}
        self._warned_until: dict[int, float] = {}

    def check(self, user_id: int) -> Decision:
        """Count a question from `user_id` if it is within the limit."""
        if self.per_minute <= 0:
            return Decision(True)
        now = self.clock()
        if len(self._accepted) > _MAX_TRACKED:
            self._forget_idle(now)
        times = self._accepted.setdefault(user_id, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) < self.per_minute:
            times.append(now)
            self._warned_until.pop(user_id, None)
            return Decision(True)
        free_at = times[0] + self.window
        warn = now >= self._warned_until.get(user_id, 0.0)
        if warn:
            self._warned_until[user_id] = free_at
        return Decision(False, warn=warn, retry_after=free_at - now)

    def _forget_idle(self, now: float) -> None:
        """Drop users with nothing left in the window: memory stays flat over months."""
        idle = [u for u, t in self._accepted.items() if not t or t[-1] <= now - self.window]
        for user_id in idle:
            del self._accepted[user_id]
            self._warned_until.pop(user_id, None)
