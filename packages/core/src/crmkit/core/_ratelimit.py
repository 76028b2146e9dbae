"""A client-side token bucket, so a client stays under a vendor's published rate limit.

The bucket is sans-IO: :meth:`TokenBucket.reserve` takes a token and returns how long the caller
must wait before using it; the sync client sleeps with ``time.sleep``, the async one with
``asyncio.sleep``. After a 429 the client calls :meth:`TokenBucket.pause` so every caller sharing
the bucket slows down, instead of each one retrying into the limit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

__all__ = ["TokenBucket"]


class TokenBucket:
    """Allow ``rate`` requests per ``per`` seconds on average, with bursts up to ``burst``.

    Args:
        rate: requests allowed per ``per`` seconds.
        per: the period in seconds (60 for "180 requests per minute").
        burst: the most requests sent back to back; defaults to ``rate`` capped at 10, so a
            fresh client does not fire a whole minute's budget in one instant.
        clock: a monotonic clock; injectable for tests.

    Example:
        >>> bucket = TokenBucket(180, per=60)   # ProsperWorks' limit
        >>> bucket.reserve()
        0.0
    """

    def __init__(
        self,
        rate: float,
        *,
        per: float = 1.0,
        burst: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate <= 0 or per <= 0:
            raise ValueError("rate and per must be > 0")
        self.rate = rate
        self.per = per
        self.burst = float(burst if burst is not None else min(rate, 10.0))
        if self.burst < 1:
            raise ValueError("burst must be >= 1")
        self._clock = clock
        self._tokens = self.burst
        self._stamp = clock()
        self._paused_until = 0.0
        self._lock = threading.Lock()

    @property
    def interval(self) -> float:
        """Seconds per token at the steady rate."""
        return self.per / self.rate

    def reserve(self) -> float:
        """Take one token; return the seconds to wait before sending (0 when one is free)."""
        with self._lock:
            now = self._clock()
            elapsed = max(0.0, now - self._stamp)
            self._stamp = now
            self._tokens = min(self.burst, self._tokens + elapsed / self.interval)
            self._tokens -= 1.0
            wait = 0.0 if self._tokens >= 0 else -self._tokens * self.interval
            return max(wait, self._paused_until - now)

    def pause(self, seconds: float) -> None:
        """Hold every reservation back for ``seconds`` (after the vendor answered 429)."""
        with self._lock:
            now = self._clock()
            self._paused_until = max(self._paused_until, now + seconds)
            self._tokens = min(self._tokens, 0.0)

    def __repr__(self) -> str:
        return f"TokenBucket(rate={self.rate}, per={self.per}, burst={self.burst})"
