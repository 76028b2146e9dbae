"""Per-client defaults and per-call options: timeouts, retries, headers, hooks.

- :data:`DEFAULT_TIMEOUT`: 5 s to connect, 30 s to read/write, 10 s to get a pooled connection.
  ``timeout=None`` disables timeouts, but only when passed explicitly.
- :class:`RequestOptions`: keyword options every call accepts (``timeout``, ``max_retries``,
  ``extra_headers``, ``extra_query``, ``idempotency_key``, ``use_cache``).
- :class:`Hooks`: callbacks on request, response and retry, for logging and metrics.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict

import httpx

__all__ = ["DEFAULT_TIMEOUT", "Hooks", "RequestOptions", "RetryEvent", "TimeoutTypes", "to_timeout"]

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0, pool=10.0)

TimeoutTypes = float | httpx.Timeout | None


def to_timeout(value: TimeoutTypes) -> httpx.Timeout:
    """Normalise a timeout argument (seconds, an :class:`httpx.Timeout`, or None for none)."""
    if isinstance(value, httpx.Timeout):
        return value
    if value is None:
        return httpx.Timeout(None)
    if value <= 0:
        raise ValueError("timeout must be > 0 seconds (or None to disable timeouts)")
    return httpx.Timeout(float(value), connect=min(5.0, float(value)))


class RequestOptions(TypedDict, total=False):
    """Options for one call, overriding the client's defaults.

    Keys:
        timeout: seconds, an :class:`httpx.Timeout`, or None for no timeout.
        max_retries: retries after the first attempt.
        extra_headers: headers added to the request.
        extra_query: query parameters added to the request.
        idempotency_key: a key reused on every retry of this call, for vendors that accept one.
        use_cache: False bypasses the read cache for this call; ``"refresh"`` skips the
            lookup but stores the fresh answer.
    """

    timeout: TimeoutTypes
    max_retries: int
    extra_headers: Mapping[str, str]
    extra_query: Mapping[str, Any]
    idempotency_key: str
    use_cache: bool | Literal["refresh"]


@dataclass(frozen=True)
class RetryEvent:
    """Passed to ``on_retry`` hooks before crmkit sleeps and retries.

    Attributes:
        request: the request being retried.
        attempt: the attempt that just failed (1-based).
        wait: seconds crmkit will sleep before the next attempt.
        reason: the status code or exception name that caused the retry.
    """

    request: httpx.Request
    attempt: int
    wait: float
    reason: str


@dataclass(frozen=True)
class Hooks:
    """Callbacks crmkit calls around each HTTP exchange (exceptions in them propagate).

    Attributes:
        on_request: called with each :class:`httpx.Request` before it is sent (every attempt).
        on_response: called with each :class:`httpx.Response` received (body already read).
        on_retry: called with a :class:`RetryEvent` before sleeping for a retry.
    """

    on_request: tuple[Callable[[httpx.Request], None], ...] = field(default=())
    on_response: tuple[Callable[[httpx.Response], None], ...] = field(default=())
    on_retry: tuple[Callable[[RetryEvent], None], ...] = field(default=())
