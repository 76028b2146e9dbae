"""When to retry a request and how long to wait, as a tenacity policy.

:class:`RetryPolicy` holds the knobs (``max_retries``, backoff, the Retry-After cap). Its
:meth:`RetryPolicy.retrying` builds a :class:`tenacity.Retrying` whose predicates encode crmkit's
rules; the request flow drives it through tenacity's action protocol (``iter`` returns
``DoAttempt``, ``DoSleep`` or the final outcome), so the sync and the async client share every
decision and differ only in how they send and sleep.

The rules:

- a connect failure (the request never left) is retried for every method;
- a timeout, a dropped connection or a truncated body is retried only for idempotent requests;
- statuses 408, 429, 500, 502, 503 and 504 are retried for idempotent requests; a
  non-idempotent one is retried only on 429 (refused before processing) or when the vendor
  gives an idempotency key;
- ``Retry-After`` (seconds, HTTP date, or ``retry-after-ms``) is honoured up to
  ``max_retry_after``; a longer requested wait stops retrying and raises ``RateLimited``;
- otherwise the wait is exponential with full jitter: ``uniform(0, min(cap, initial * 2**n))``,
  never below ``min_backoff``.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    import tenacity

__all__ = ["RetryPolicy", "parse_retry_after"]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})

# Exceptions after which the request may have been processed by the server.
_AMBIGUOUS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
# Exceptions after which it certainly was not.
_NEVER_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
)


def parse_retry_after(headers: httpx.Headers, *, now: float | None = None) -> float | None:
    """Seconds to wait according to ``retry-after-ms`` or ``Retry-After``, or None.

    ``Retry-After`` may be a number of seconds or an HTTP date; a date in the past gives 0.
    """
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            value = float(ms) / 1000.0
        except ValueError:
            value = -1.0
        if value >= 0:
            return value
    raw = headers.get("retry-after")
    if raw is None:
        return None
    raw = raw.strip()
    try:
        seconds = float(raw)
    except ValueError:
        parsed = email.utils.parsedate_tz(raw)
        if parsed is None:
            return None
        when = email.utils.mktime_tz(parsed)
        current = time.time() if now is None else now
        return max(0.0, when - current)
    return seconds if seconds >= 0 else None


def _never_sent(exc: BaseException) -> bool:
    return isinstance(exc, _NEVER_SENT)


@dataclass(frozen=True)
class RetryPolicy:
    """How crmkit retries failed requests.

    Args:
        max_retries: retries after the first attempt (0 disables retrying).
        initial_backoff: the base of the exponential backoff, in seconds.
        max_backoff: the cap of one backoff wait, in seconds.
        min_backoff: the floor of one jittered backoff wait, in seconds.
        max_retry_after: the longest ``Retry-After`` honoured; a longer one raises at once.
        retry_statuses: the statuses retried for idempotent requests.
        jitter: draws the jitter; replace it for deterministic tests.

    Example:
        >>> RetryPolicy(max_retries=5).with_(max_backoff=2.0).max_backoff
        2.0
    """

    max_retries: int = 2
    initial_backoff: float = 0.5
    max_backoff: float = 8.0
    min_backoff: float = 0.05
    max_retry_after: float = 60.0
    retry_statuses: frozenset[int] = frozenset({408, 429, 500, 502, 503, 504})
    jitter: Callable[[float, float], float] = field(default=random.uniform, compare=False)

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if self.initial_backoff < 0 or self.max_backoff < 0 or self.max_retry_after < 0:
            raise ValueError("backoff and retry-after limits must be >= 0")

    def with_(self, **changes: Any) -> RetryPolicy:
        """A copy with some fields changed."""
        return replace(self, **changes)

    # -- decisions -----------------------------------------------------------------------------

    def should_retry_exception(self, exc: BaseException, *, idempotent: bool) -> bool:
        """Whether a transport exception is retried for a request of this kind."""
        if _never_sent(exc):
            return True
        return idempotent and isinstance(exc, _AMBIGUOUS)

    def should_retry_response(self, response: httpx.Response, *, idempotent: bool) -> bool:
        """Whether a response is retried for a request of this kind."""
        status = response.status_code
        if status not in self.retry_statuses:
            return False
        if not idempotent and status != 429:
            return False
        wait = parse_retry_after(response.headers)
        return wait is None or wait <= self.max_retry_after

    def backoff(self, retry_number: int) -> float:
        """The jittered wait before retry ``retry_number`` (1-based) with no Retry-After."""
        ceiling = min(self.max_backoff, self.initial_backoff * (2 ** (retry_number - 1)))
        return max(self.min_backoff, self.jitter(0.0, ceiling)) if ceiling > 0 else 0.0

    def wait_for(self, response: httpx.Response | None, retry_number: int) -> float:
        """The wait before retry ``retry_number`` after ``response`` (None after an exception)."""
        if response is not None:
            requested = parse_retry_after(response.headers)
            if requested is not None:
                return min(requested, self.max_retry_after)
        return self.backoff(retry_number)

    # -- tenacity --------------------------------------------------------------------------------

    def retrying(
        self,
        *,
        idempotent: bool,
        max_retries: int | None = None,
        before_sleep: Callable[[tenacity.RetryCallState], None] | None = None,
    ) -> tenacity.Retrying:
        """A tenacity controller applying this policy to one logical request.

        The request flow drives it with ``retrying.iter(state)``; attempts return an
        :class:`httpx.Response` (any status) or raise an :class:`httpx.TransportError`.
        """
        import tenacity

        limit = self.max_retries if max_retries is None else max_retries

        def retry(state: tenacity.RetryCallState) -> bool:
            outcome = state.outcome
            assert outcome is not None
            if outcome.failed:
                exc = outcome.exception()
                return exc is not None and self.should_retry_exception(exc, idempotent=idempotent)
            return self.should_retry_response(outcome.result(), idempotent=idempotent)

        def wait(state: tenacity.RetryCallState) -> float:
            outcome = state.outcome
            response = None if outcome is None or outcome.failed else outcome.result()
            return self.wait_for(response, state.attempt_number)

        def give_up(state: tenacity.RetryCallState) -> Any:
            # Hand the last outcome back: a response is turned into a typed error by the
            # caller, an exception is re-raised unchanged.
            assert state.outcome is not None
            return state.outcome.result()

        return tenacity.Retrying(
            stop=tenacity.stop_after_attempt(limit + 1),
            wait=wait,
            retry=retry,
            retry_error_callback=give_up,
            before_sleep=before_sleep,
            reraise=True,
        )
