"""Sans-IO endpoints: a typed call as a request description plus a response parser.

An :class:`Endpoint` says what to send (method, path below the base URL, query, body, headers)
and how to turn a successful response into a value (``parse``). It performs no I/O, so the
sync client, the async client, the cache and tests all use the same object.

A :data:`Flow` is a generator of endpoints for operations that need several requests (create
then read back, look up then write): it yields an endpoint, receives its parsed result (or has
the typed error thrown into it), and finally returns its value. Both clients drive flows.

Helpers here decode bodies into crmkit errors: :func:`read_json` raises
:class:`~crmkit.core.MalformedResponse` for a body that is not JSON, and
:func:`default_error_details` extracts a message from common error-body shapes.
"""

from __future__ import annotations

import json as _json
from collections.abc import Callable, Collection, Generator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import httpx

from ._errors import MalformedResponse

__all__ = [
    "Endpoint",
    "ErrorDetails",
    "Flow",
    "NO_BODY",
    "body_snippet",
    "default_error_details",
    "read_json",
]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class _NoBody:
    def __repr__(self) -> str:
        return "NO_BODY"


NO_BODY: Any = _NoBody()
"""Sentinel for "no JSON body" (``json=None`` sends the JSON literal ``null``)."""


@dataclass(frozen=True)
class ErrorDetails:
    """What a vendor's error body says, normalised.

    Attributes:
        message: the main message, or None when the body had none.
        errors: structured details (field errors, codes).
        body: the decoded body (JSON value, or text).
    """

    message: str | None = None
    errors: list[Any] = field(default_factory=list)
    body: Any = None


@dataclass(frozen=True, kw_only=True)
class Endpoint(Generic[T]):
    """One API call, described without doing it.

    Attributes:
        method: HTTP method.
        path: path relative to the client's base URL, already escaped (see ``build_path``).
        parse: turns a successful response into the call's result.
        params: query parameters.
        json: a JSON body (``NO_BODY`` for none).
        content: a raw body (e.g. XML bytes); exclusive with ``json``.
        headers: extra request headers.
        idempotent: whether a retry after an ambiguous failure is safe; defaults by method
            (GET, PUT, DELETE... are; POST and PATCH are not). Set it to True for a POST the
            vendor makes idempotent (a search, or a create with an idempotency key).
        cache_tags: makes the call a cacheable read, filed under these tags.
        invalidates: tags whose cached reads a success makes stale.
        success: statuses that count as success (default: any 2xx).
        error_details: overrides the client's error-body parser for this call.
        natural_key: for creates, a description of the record's natural key, shown in an
            ``AmbiguousWriteError`` so the caller knows what to look it up by.
        retry_statuses: overrides the client's retryable statuses for this call (e.g. a vendor
            whose 500 means "unparseable body" must not retry it for requests with a body).
    """

    method: str
    path: str
    parse: Callable[[httpx.Response], T]
    params: Mapping[str, Any] | None = None
    json: Any = NO_BODY
    content: bytes | None = None
    headers: Mapping[str, str] | None = None
    idempotent: bool | None = None
    cache_tags: tuple[str, ...] = ()
    invalidates: tuple[str, ...] = ()
    success: Collection[int] | None = None
    error_details: Callable[[httpx.Response], ErrorDetails] | None = None
    natural_key: str | None = None
    retry_statuses: Collection[int] | None = None

    @property
    def has_json(self) -> bool:
        """Whether a JSON body is sent."""
        return self.json is not NO_BODY

    def is_success(self, status_code: int) -> bool:
        """Whether ``status_code`` counts as success for this call."""
        if self.success is not None:
            return status_code in self.success
        return 200 <= status_code < 300


Flow = Generator[Endpoint[Any], Any, T]
"""A multi-request operation: yields endpoints, receives their results, returns a value."""


def body_snippet(response: httpx.Response, limit: int = 200) -> str:
    """The first ``limit`` characters of the body, decoded leniently."""
    return response.content[:limit].decode("utf-8", errors="replace")


def read_json(response: httpx.Response) -> Any:
    """Decode a JSON body; a body that is not JSON raises :class:`MalformedResponse`."""
    content = response.content
    try:
        return _json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        ctype = response.headers.get("content-type", "")
        hint = (
            "an HTML page (probably from a proxy or gateway, not the API)"
            if "html" in ctype or content.lstrip()[:1] == b"<"
            else "an empty body"
            if not content
            else "a body that is not valid JSON (truncated or corrupted?)"
        )
        # Retrying is only advice for a read: a write was processed (see the client's note).
        retry = (
            "Retry later; if it persists, check"
            if _idempotent(response)
            else "If it persists, check"
        )
        raise MalformedResponse(
            f"Expected JSON from {response.request.method} {response.request.url.path} "
            f"(HTTP {response.status_code}) but got {hint}. {retry} base_url and any proxy "
            "between you and the API.",
            status_code=response.status_code,
            content_type=ctype,
            snippet=body_snippet(response),
        ) from exc


def _idempotent(response: httpx.Response) -> bool:
    return response.request.method in ("GET", "HEAD", "OPTIONS", "PUT", "DELETE")


_MESSAGE_KEYS = ("message", "error", "error-information", "error_description", "detail", "msg")


def default_error_details(response: httpx.Response) -> ErrorDetails:
    """Best-effort message extraction from common JSON error shapes, else the text."""
    try:
        body: Any = _json.loads(response.content) if response.content else None
    except (ValueError, UnicodeDecodeError):
        text = body_snippet(response)
        return ErrorDetails(message=None, body=text)
    message: str | None = None
    errors: list[Any] = []
    if isinstance(body, Mapping):
        for key in _MESSAGE_KEYS:
            value = body.get(key)
            if isinstance(value, str) and value:
                message = value
                break
            if isinstance(value, Mapping) and isinstance(value.get("message"), str):
                message = value["message"]
                break
        raw_errors = body.get("errors")
        if isinstance(raw_errors, list):
            errors = raw_errors
        elif isinstance(raw_errors, Mapping):
            errors = [raw_errors]
        if message is None and errors:
            first = errors[0]
            if isinstance(first, Mapping) and isinstance(first.get("message"), str):
                message = first["message"]
            elif isinstance(first, str):
                message = first
    elif isinstance(body, str):
        message = body
    return ErrorDetails(message=message, errors=errors, body=body)
