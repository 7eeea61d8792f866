"""Per-address token buckets, in memory (a restart forgets them, which is fine for abuse limits)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

_MAX_KEYS = 100_000


class TokenBuckets:
    """``rate`` tokens a second up to ``burst`` per key; ``take`` says how long to wait if empty.

    Only used from the event loop's thread, so it needs no lock.
    """

    def __init__(
        self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = max(rate, 1e-6)
        self.burst = max(burst, 1.0)
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def take(self, key: str, cost: float = 1.0) -> float:
        """0 if allowed (and spent), else the seconds until ``cost`` tokens are back."""
        now = self._clock()
        tokens, last = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens < cost:
            self._buckets[key] = (tokens, now)
            return (cost - tokens) / self.rate
        if len(self._buckets) >= _MAX_KEYS and key not in self._buckets:
            self._forget_full(now)
        self._buckets[key] = (tokens - cost, now)
        return 0.0

    def _forget_full(self, now: float) -> None:
        """Drop the buckets that have refilled (they hold nothing a new one would not)."""
        self._buckets = {
            key: (tokens, last)
            for key, (tokens, last) in self._buckets.items()
            if tokens + (now - last) * self.rate < self.burst
        }
        if len(self._buckets) >= _MAX_KEYS:  # under attack from very many addresses
            self._buckets.clear()


def retry_after(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))
