"""The emulator's own request and response types, and its router.

Emulators are plain Python: :class:`EmuRequest` in, :class:`EmuResponse` out. The in-process
httpx transports and the loopback server translate to and from these, so a vendor emulator is
written once and runs both ways.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote

import httpx

__all__ = ["EmuRequest", "EmuResponse", "Handler", "Route", "Router", "json_response"]


@dataclass
class EmuRequest:
    """A request as an emulator sees it.

    Attributes:
        method: upper-case HTTP method.
        path: the decoded URL path, below the emulator's base path, starting with ``/``.
        raw_path: the full path as sent (percent-escapes kept).
        query: query parameters (last value wins); ``query_list`` keeps all values.
        headers: request headers (case-insensitive).
        body: the raw body.
        path_params: filled by the router from the route pattern.
        identity: the credential identity the emulator's auth check accepted.
    """

    method: str
    path: str
    raw_path: str
    query: dict[str, str]
    query_list: list[tuple[str, str]]
    headers: httpx.Headers
    body: bytes = b""
    path_params: dict[str, Any] = field(default_factory=dict)
    identity: str | None = None

    def json(self) -> Any:
        """The body as JSON (raises ``ValueError`` when it is not)."""
        return json.loads(self.body) if self.body else None

    @classmethod
    def build(
        cls, method: str, raw_path: str, query: str, headers: Any, body: bytes, base_path: str
    ) -> EmuRequest:
        """Build from raw parts; ``base_path`` is stripped from the path when present."""
        pairs = parse_qsl(query, keep_blank_values=True)
        path = unquote(raw_path)
        base = base_path.rstrip("/")
        if base and (path == base or path.startswith(base + "/")):
            path = path[len(base) :] or "/"
        elif base:
            path = "\0outside:" + path  # never matches a route: answered 404
        return cls(
            method=method.upper(),
            path=path,
            raw_path=raw_path,
            query=dict(pairs),
            query_list=pairs,
            headers=httpx.Headers(headers),
            body=body,
        )


@dataclass
class EmuResponse:
    """A response from an emulator.

    Attributes:
        status: HTTP status.
        body: raw body bytes.
        headers: response headers.
        delay: seconds to wait before answering (latency injection).
        fault: ``None``, ``"drop"`` (close without answering) or ``"truncate"`` (send half the
            body, then close).
    """

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    fault: str | None = None


def json_response(
    data: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> EmuResponse:
    """A JSON response (compact, UTF-8)."""
    body = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return EmuResponse(
        status=status,
        body=body,
        headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})},
    )


Handler = Callable[[EmuRequest], EmuResponse]

_PARAM = re.compile(r"\{(\w+)(?::(int|str|path))?\}")
_CONVERTERS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "int": (r"-?\d+", int),
    "str": (r"[^/]+", str),
    "path": (r".+", str),
}


@dataclass(frozen=True)
class Route:
    """One route: method, compiled pattern, converters, handler."""

    method: str
    pattern: re.Pattern[str]
    converters: dict[str, Callable[[str], Any]]
    handler: Handler
    template: str


class Router:
    """Match ``(method, path)`` against patterns such as ``/people/{id:int}``.

    Args:
        trailing_slash: also match each path with a trailing slash.
    """

    def __init__(self, *, trailing_slash: bool = False) -> None:
        self.routes: list[Route] = []
        self.trailing_slash = trailing_slash

    def add(self, method: str, template: str, handler: Handler) -> None:
        """Register ``handler`` for ``method`` (``"*"`` for any) on ``template``."""
        converters: dict[str, Callable[[str], Any]] = {}

        def repl(m: re.Match[str]) -> str:
            regex, conv = _CONVERTERS[m.group(2) or "str"]
            converters[m.group(1)] = conv
            return f"(?P<{m.group(1)}>{regex})"

        body = _PARAM.sub(repl, re.escape(template).replace(r"\{", "{").replace(r"\}", "}"))
        suffix = "/?" if self.trailing_slash else ""
        self.routes.append(
            Route(method.upper(), re.compile(f"^{body}{suffix}$"), converters, handler, template)
        )

    def route(self, method: str, template: str) -> Callable[[Handler], Handler]:
        """Decorator form of :meth:`add`."""

        def deco(fn: Handler) -> Handler:
            self.add(method, template, fn)
            return fn

        return deco

    def match(self, method: str, path: str) -> tuple[Handler, dict[str, Any]] | str:
        """The handler and path params, or ``"not_found"`` / ``"method_not_allowed"``."""
        path_matched = False
        for route in self.routes:
            m = route.pattern.match(path)
            if m is None:
                continue
            path_matched = True
            if route.method not in (method, "*"):
                continue
            params = {k: route.converters[k](v) for k, v in m.groupdict().items()}
            return route.handler, params
        return "method_not_allowed" if path_matched else "not_found"
