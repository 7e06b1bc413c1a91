"""A token bucket per connection: a steady rate with some burst, and a line for floods."""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import Enum


class Verdict(Enum):
    ALLOW = "allow"
    LIMIT = "limit"
    FLOOD = "flood"


class TokenBucket:
    """`rate` messages a second on average, `burst` at once; past `flood` more, a flood."""

    def __init__(
        self,
        rate: float = 30.0,
        burst: float = 30.0,
        flood: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.flood = flood
        self._clock = clock
        self._tokens = burst
        self._last = clock()

    def take(self) -> Verdict:
        self._refill()
        self._tokens -= 1
        if self._tokens >= 0:
            return Verdict.ALLOW
        if self._tokens > -self.flood:
            return Verdict.LIMIT
        return Verdict.FLOOD

    def try_take(self) -> bool:
        """Take a token if one is there; unlike `take`, a refusal costs nothing."""
        self._refill()
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now
