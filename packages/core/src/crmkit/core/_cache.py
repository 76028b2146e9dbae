"""The read cache: a small protocol, three implementations, and the per-client layer over them.

Any object with ``get``/``set``/``delete``/``clear`` is a :class:`Cache` (a Redis- or
memcached-backed one plugs in the same way). crmkit stores successful read responses (status,
headers and body bytes, never parsed objects, so a caller mutating a result cannot corrupt the
cache) and never stores errors.

:class:`CacheLayer` is what a client uses. Its keys start with the connection's identity (vendor,
base URL and a fingerprint of the credentials), so two accounts never share entries, and carry a
generation number per tag; a write bumps the generations of the tags it touches, which makes
every entry under them unreachable at once (an O(1) invalidation that works for any backend).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import cachetools

__all__ = [
    "DEFAULT_TTL",
    "Cache",
    "CacheLayer",
    "CachedResponse",
    "InMemoryCache",
    "NoOpCache",
    "TTLCache",
]

DEFAULT_TTL = 300.0


@runtime_checkable
class Cache(Protocol):
    """What crmkit needs from a cache backend."""

    def get(self, key: str) -> Any | None:
        """The value stored under ``key``, or None."""

    def set(self, key: str, value: Any) -> None:
        """Store ``value`` under ``key``."""

    def delete(self, key: str) -> None:
        """Forget ``key`` (no error when absent)."""

    def clear(self) -> None:
        """Forget everything."""


class _LockedCache:
    """A cachetools mapping behind a lock, exposing the :class:`Cache` protocol."""

    def __init__(self, store: cachetools.Cache[str, Any]) -> None:
        self._store = store
        self._lock = threading.Lock()

    def get(self, key: str) -> Any | None:
        with self._lock:
            return self._store.get(key)

    def set(self, key: str, value: Any) -> None:
        with self._lock:
            self._store[key] = value

    def delete(self, key: str) -> None:
        with self._lock:
            self._store.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._store.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._store)


class TTLCache(_LockedCache):
    """Entries expire ``ttl`` seconds after they were stored (default 300); at most ``size``.

    Args:
        ttl: lifetime of an entry in seconds.
        size: the most entries kept; the least recently used go first.
        timer: the clock, injectable for tests.
    """

    def __init__(self, ttl: float = DEFAULT_TTL, size: int = 1024, timer: Any = None) -> None:
        kwargs: dict[str, Any] = {"maxsize": size, "ttl": ttl}
        if timer is not None:
            kwargs["timer"] = timer
        super().__init__(cachetools.TTLCache(**kwargs))
        self.ttl = ttl
        self.size = size

    def __repr__(self) -> str:
        return f"TTLCache(ttl={self.ttl}, size={self.size})"


class InMemoryCache(_LockedCache):
    """Keep the ``size`` most recently used entries, without expiry."""

    def __init__(self, size: int = 1024) -> None:
        if size < 1:
            raise ValueError("size must be >= 1")
        super().__init__(cachetools.LRUCache(maxsize=size))
        self.size = size

    def __repr__(self) -> str:
        return f"InMemoryCache(size={self.size})"


class NoOpCache:
    """Cache nothing."""

    def get(self, key: str) -> Any | None:
        return None

    def set(self, key: str, value: Any) -> None:
        return None

    def delete(self, key: str) -> None:
        return None

    def clear(self) -> None:
        return None

    def __repr__(self) -> str:
        return "NoOpCache()"


@dataclass(frozen=True)
class CachedResponse:
    """What is stored for one successful read."""

    status_code: int
    headers: tuple[tuple[str, str], ...]
    content: bytes


class CacheLayer:
    """Keys, generations and invalidation for one client connection over a :class:`Cache`.

    Args:
        cache: the backend.
        identity: the connection identity (vendor, base URL, credential fingerprint).
    """

    def __init__(self, cache: Cache, identity: str) -> None:
        self.cache = cache
        self.identity = identity
        self._generations: dict[str, int] = {}
        self._lock = threading.Lock()

    def _generation_part(self, tags: Iterable[str]) -> str:
        with self._lock:
            return ",".join(f"{t}@{self._generations.get(t, 0)}" for t in sorted(set(tags)))

    def key(self, method: str, url: str, body: bytes, tags: Iterable[str]) -> str:
        """The cache key for a request."""
        digest = hashlib.sha256(body).hexdigest()[:16] if body else "-"
        return f"crmkit:{self.identity}:{self._generation_part(tags)}:{method} {url} {digest}"

    def get(self, key: str) -> CachedResponse | None:
        value = self.cache.get(key)
        return value if isinstance(value, CachedResponse) else None

    def set(self, key: str, value: CachedResponse) -> None:
        self.cache.set(key, value)

    def invalidate(self, tags: Iterable[str]) -> None:
        """Make every entry cached under any of ``tags`` unreachable."""
        with self._lock:
            for tag in tags:
                self._generations[tag] = self._generations.get(tag, 0) + 1

    def clear(self) -> None:
        """Drop every entry of the backend (it may be shared with other connections)."""
        self.cache.clear()
