"""prospyr's read caches (``from crmkit.prosperworks.cache import InMemoryCache, NoOpCache``).

- :class:`InMemoryCache` keeps at most ``size`` entries, each with its own ``max_age``
  (seconds; 0 never ages). Every ``get``/``set`` first drops expired entries, then evicts the
  oldest-created beyond ``size`` (so ``size=1`` keeps the newer of two entries).
- :class:`NoOpCache` stores nothing.

Any object with ``get(key)``, ``set(key, value)`` and ``clear(key)`` works too (e.g. a small
Redis or memcached wrapper); ``set`` is given ``max_age`` when it accepts it.

The connection stores successful GET responses for 300 seconds (prospyr's five minutes),
keyed by the absolute URL and the credentials; searches and errors are never cached, and
``update()``/``delete()`` drop what they made stale (prospyr did neither).

:func:`as_core_cache` adapts any of these to the protocol crmkit's core client uses.
"""

from __future__ import annotations

import inspect
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from crmkit import core

__all__ = ["DEFAULT_MAX_AGE", "CacheMeta", "InMemoryCache", "NoOpCache", "as_core_cache"]

DEFAULT_MAX_AGE = 300
"""Seconds a cached read stays fresh (prospyr's five minutes)."""


@dataclass(frozen=True)
class CacheMeta:
    """What :meth:`InMemoryCache.meta` reports about one entry."""

    created: float
    max_age: float


class InMemoryCache:
    """A bounded in-memory cache with per-entry expiry (prospyr's default, ``size=500``).

    Args:
        size: the most entries kept; the oldest-created are evicted first.
        clock: seconds since the epoch; injectable for tests.

    Example:
        >>> cache = InMemoryCache(size=1)
        >>> cache.set("a", 1) and cache.set("b", 2)
        True
        >>> cache.get("a"), cache.get("b")
        (None, 2)
    """

    def __init__(self, size: int = 500, clock: Callable[[], float] = time.time) -> None:
        if size < 1:
            raise ValueError("size must be >= 1")
        self.size = size
        self._clock = clock
        self._entries: OrderedDict[str, tuple[Any, float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def _expire(self) -> None:
        now = self._clock()
        stale = [
            k for k, (_, created, age) in self._entries.items() if age and created + age <= now
        ]
        for key in stale:
            del self._entries[key]
        while len(self._entries) > self.size:
            oldest = min(self._entries, key=lambda k: self._entries[k][1])
            del self._entries[oldest]

    def get(self, key: str) -> Any | None:
        """The value under ``key``, or None when absent or expired."""
        with self._lock:
            self._expire()
            entry = self._entries.get(key)
            return entry[0] if entry is not None else None

    def set(self, key: str, value: Any, max_age: float = 0) -> bool:
        """Store ``value`` for ``max_age`` seconds (0: until evicted). Returns True."""
        with self._lock:
            self._entries.pop(key, None)
            self._entries[key] = (value, self._clock(), max_age)
            self._expire()
        return True

    def clear(self, key: str | None = None) -> bool:
        """Remove ``key`` (prospyr: one key). With no key, remove everything. Returns True."""
        with self._lock:
            if key is None:
                self._entries.clear()
            else:
                self._entries.pop(key, None)
        return True

    def delete(self, key: str) -> None:
        """Remove ``key`` (crmkit's cache protocol)."""
        self.clear(key)

    def meta(self, key: str) -> CacheMeta | None:
        """When ``key`` was stored and for how long, or None."""
        with self._lock:
            entry = self._entries.get(key)
            return CacheMeta(entry[1], entry[2]) if entry is not None else None

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._entries)

    def __repr__(self) -> str:
        return f"InMemoryCache(size={self.size})"


class NoOpCache:
    """A cache that stores nothing: every read goes to ProsperWorks."""

    def get(self, key: str) -> None:
        """Always None."""
        return

    def set(self, key: str, value: Any, max_age: float = 0) -> bool:
        """Stores nothing. Returns True."""
        return True

    def clear(self, key: str | None = None) -> bool:
        """Nothing to clear. Returns True."""
        return True

    def delete(self, key: str) -> None:
        """Nothing to delete."""
        return

    def meta(self, key: str) -> None:
        """Always None."""
        return

    def __repr__(self) -> str:
        return "NoOpCache()"


def _accepts_max_age(fn: Any) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return "max_age" in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


class _ProspyrCacheAdapter:
    """Presents a prospyr-style cache (``set(key, value, max_age)``, ``clear(key)``) as a
    :class:`crmkit.core.Cache`, giving every entry ``max_age`` seconds."""

    def __init__(self, cache: Any, max_age: float) -> None:
        self.cache = cache
        self.max_age = max_age
        self._with_age = _accepts_max_age(cache.set)

    def get(self, key: str) -> Any | None:
        return self.cache.get(key)

    def set(self, key: str, value: Any) -> None:
        if self._with_age:
            self.cache.set(key, value, max_age=self.max_age)
        else:
            self.cache.set(key, value)

    def delete(self, key: str) -> None:
        if hasattr(self.cache, "delete"):
            self.cache.delete(key)
        else:
            self.cache.clear(key)

    def clear(self) -> None:
        try:
            self.cache.clear()
        except TypeError:  # clear(key) only: nothing to do for "everything"
            pass

    def __repr__(self) -> str:
        return f"{self.cache!r} (max_age={self.max_age:g}s)"


def as_core_cache(cache: Any, max_age: float = DEFAULT_MAX_AGE) -> core.Cache | None:
    """Adapt ``cache`` for crmkit's core client.

    crmkit's own caches (``crmkit.core.TTLCache`` and friends) pass through; prospyr-style
    caches (these, or any object with ``get``/``set``/``clear(key)``) are wrapped so each
    entry lives ``max_age`` seconds. ``None`` stays None (no caching).
    """
    if cache is None:
        return None
    if isinstance(cache, core.TTLCache | core.InMemoryCache | core.NoOpCache):
        return cache
    for attr in ("get", "set", "clear"):
        if not callable(getattr(cache, attr, None)):
            raise TypeError(f"a cache needs get/set/clear methods; {cache!r} has no {attr}()")
    return _ProspyrCacheAdapter(cache, max_age)
