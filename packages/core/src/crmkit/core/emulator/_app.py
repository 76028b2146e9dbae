"""The base class of every vendor emulator.

A vendor emulator subclasses :class:`Emulator`, registers its routes, implements
:meth:`Emulator.authenticate` (the vendor's exact auth failures) and the vendor's error body
(:meth:`Emulator.error_response`). The base does the rest for every request, in this order:

1. log it (``emulator.requests``, for tests);
2. draw a fault (latency, 429, 5xx, dropped connection, truncated body);
3. authenticate (open by default: any well-formed credential; ``credentials`` restricts it);
4. apply the per-credential rate limit;
5. route to the handler; an :class:`EmuError` raised there becomes the vendor's error body, and
   any other exception a 500, so a handler bug never kills the server.

With open auth every credential sees one shared account, so data seeded with ``records`` is
visible to any client.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ._faults import Faults, SlidingWindowLimit
from ._http import EmuRequest, EmuResponse, Router, json_response

__all__ = ["EmuError", "Emulator", "EmulatorOptions", "LoggedRequest"]


class EmuError(Exception):
    """Raise in a handler to answer with the vendor's error body.

    Args:
        status: the HTTP status.
        message: the vendor's message text.
        extra: further fields some vendors put in error bodies.
    """

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra


@dataclass
class EmulatorOptions:
    """How to start an emulator.

    Attributes:
        records: fake records to seed the shared (``demo``) account with.
        seed: makes the fake data and the faults reproducible.
        faults: fault injection; None for none.
        rate_limit: requests per minute per credential; None uses the vendor's published
            limit, 0 turns limiting off.
        credentials: when given, only these credentials are accepted (vendor-specific strings,
            one per credential, e.g. ``email:token``).
        clock: epoch-seconds clock used for timestamps and signatures.
        settings: vendor-specific switches; ``base_path`` overrides the emulator's path prefix.
    """

    records: int = 0
    seed: int = 0
    faults: Faults | None = None
    rate_limit: int | None = None
    credentials: Collection[str] | None = None
    clock: Callable[[], float] = time.time
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LoggedRequest:
    """One request the emulator received, and the status it answered."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    status: int | None
    fault: str | None

    def json(self) -> Any:
        """The body as JSON."""
        import json

        return json.loads(self.body) if self.body else None


class Emulator:
    """Base of the vendor emulators; see the module docstring.

    Class attributes a vendor sets:
        vendor: the vendor name.
        base_path: the URL path prefix routes live under (e.g. ``"/developer_api/v1"``).
        client_root: what a client's ``base_url`` path should be (defaults to ``base_path/``).
        default_rate_limit: the vendor's published limit as ``(requests, per_seconds)``.
        rate_limit_retry_after: whether the vendor's 429 carries a Retry-After header.
        trailing_slash: whether routes also match with a trailing slash.
    """

    vendor: ClassVar[str] = "emulator"
    base_path: str = ""  # per instance too: options.settings["base_path"] overrides it
    client_root: ClassVar[str | None] = None
    default_rate_limit: ClassVar[tuple[int, float] | None] = None
    rate_limit_retry_after: ClassVar[bool] = True
    trailing_slash: ClassVar[bool] = False

    def __init__(self, options: EmulatorOptions | None = None, **kwargs: Any) -> None:
        self.options = options or EmulatorOptions(**kwargs)
        self.base_path = str(self.options.settings.get("base_path", type(self).base_path))
        self.clock = self.options.clock
        self.faults = self.options.faults or Faults()
        self.allowed_credentials: frozenset[str] | None = (
            frozenset(self.options.credentials) if self.options.credentials is not None else None
        )
        self.limiter = self._make_limiter(self.options.rate_limit)
        self.requests: deque[LoggedRequest] = deque(maxlen=100_000)
        self.lock = threading.RLock()
        self.router = Router(trailing_slash=self.trailing_slash)
        self.setup_routes(self.router)
        if self.options.records:
            self.seed_data(self.options.records, self.options.seed)

    def _make_limiter(self, rate_limit: int | None) -> SlidingWindowLimit | None:
        if rate_limit == 0:
            return None
        if rate_limit is not None:
            return SlidingWindowLimit(rate_limit, 60.0)
        if self.default_rate_limit is None:
            return None
        limit, per = self.default_rate_limit
        return SlidingWindowLimit(limit, per)

    def set_rate_limit(self, limit: int | None, per: float = 60.0) -> None:
        """Change the per-credential limit at run time (None or 0 turns it off)."""
        self.limiter = SlidingWindowLimit(limit, per) if limit else None

    # -- to implement ---------------------------------------------------------------------------

    def setup_routes(self, router: Router) -> None:
        """Register the vendor's routes on ``router``."""

    def seed_data(self, records: int, seed: int) -> None:
        """Fill the shared account with ``records`` deterministic fake records."""

    def authenticate(self, request: EmuRequest) -> str | EmuResponse:
        """Return the credential identity, or the vendor's auth-failure response."""
        return "anonymous"

    def error_response(self, status: int, message: str, **extra: Any) -> EmuResponse:
        """The vendor's error body for ``status``."""
        return json_response({"message": message, **extra}, status=status)

    def rate_limited_response(self, retry_after: float | None) -> EmuResponse:
        """The vendor's 429 answer."""
        response = self.error_response(429, "Too many requests")
        if retry_after is not None and self.rate_limit_retry_after:
            response.headers["Retry-After"] = str(max(1, round(retry_after)))
        return response

    # -- the request pipeline ------------------------------------------------------------------

    def handle(self, request: EmuRequest) -> EmuResponse:
        """Answer one request (see the module docstring for the steps)."""
        decision = self.faults.decide(request.path)
        response = self._answer(request, decision.status, decision.drop == "before")
        if decision.drop == "after":
            response.fault = "drop"
        elif decision.truncate:
            response.fault = "truncate"
        response.delay = max(response.delay, decision.delay)
        self.requests.append(
            LoggedRequest(
                method=request.method,
                path=request.path,
                query=dict(request.query),
                headers=dict(request.headers),
                body=request.body,
                status=None if response.fault == "drop" else response.status,
                fault=response.fault,
            )
        )
        return response

    def _answer(self, request: EmuRequest, injected: int | None, drop_before: bool) -> EmuResponse:
        if drop_before:
            return EmuResponse(fault="drop")
        if injected == 429:
            return self.rate_limited_response(self.faults.retry_after)
        if injected is not None:
            return self.error_response(injected, "Injected server error")
        identity = self.authenticate(request)
        if isinstance(identity, EmuResponse):
            return identity
        request.identity = identity
        if self.limiter is not None:
            wait = self.limiter.check(identity)
            if wait is not None:
                return self.rate_limited_response(wait)
        found = self.router.match(request.method, request.path)
        if found == "not_found":
            return self.not_found(request)
        if found == "method_not_allowed":
            return self.method_not_allowed(request)
        assert not isinstance(found, str)
        handler, params = found
        request.path_params = params
        try:
            return handler(request)
        except EmuError as exc:
            return self.error_response(exc.status, exc.message, **exc.extra)
        except Exception as exc:  # a handler bug answers 500 rather than killing the server
            return self.error_response(500, f"Emulator error: {type(exc).__name__}")

    def not_found(self, request: EmuRequest) -> EmuResponse:
        """Answer for an unknown path."""
        return self.error_response(404, "Not found")

    def method_not_allowed(self, request: EmuRequest) -> EmuResponse:
        """Answer for a known path with the wrong method."""
        return self.error_response(405, "Method not allowed")

    # -- ways to run it --------------------------------------------------------------------------

    @property
    def root(self) -> str:
        """The path a client's base URL ends with."""
        return (
            self.client_root if self.client_root is not None else self.base_path.rstrip("/") + "/"
        )

    def transport(self) -> Any:
        """An in-process httpx transport (sync and async) answering from this emulator."""
        from ._transport import EmulatorTransport

        return EmulatorTransport(self)

    def serve(self, host: str = "127.0.0.1", port: int = 0, *, allow_remote: bool = False) -> Any:
        """A loopback HTTP server for this emulator (call ``.start()`` or use ``with``)."""
        from ._server import EmulatorServer

        return EmulatorServer(self, host=host, port=port, allow_remote=allow_remote)

    def requests_to(self, method: str, path_prefix: str = "") -> list[LoggedRequest]:
        """Logged requests with ``method`` whose path starts with ``path_prefix``."""
        return [
            r
            for r in self.requests
            if r.method == method.upper() and r.path.startswith(path_prefix)
        ]
