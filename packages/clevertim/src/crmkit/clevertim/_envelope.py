"""Clevertim's response envelope, decoded whole or incrementally.

Every success is HTTP 200 with ``{"status": "OK", "content": [...]}`` (DELETE: just
``{"status": "OK"}``); every failure is ``{"status": "ERROR", "error": "<message>"}``.

:func:`read_content` decodes a whole body; :class:`EnvelopeStream` decodes one chunk at a time
with ijson's push interface, yielding each element of ``content`` as soon as it is complete, so
listing a 100,000-record collection never holds more than one record plus ijson's buffer. It does
no I/O: the sync and async listings feed it from ``iter_bytes()`` / ``aiter_bytes()``.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import ijson  # type: ignore[import-untyped]  # ijson ships no type hints

from crmkit.core import ErrorDetails, MalformedResponse, body_snippet, read_json

__all__ = ["EnvelopeStream", "error_details", "read_content", "read_status_only"]


def _malformed(response: httpx.Response | None, why: str) -> MalformedResponse:
    where = (
        f"{response.request.method} {response.request.url.path} (HTTP {response.status_code})"
        if response is not None
        else "a listing request"
    )
    return MalformedResponse(
        f"Clevertim's answer to {where} is not the expected envelope: {why}.",
        status_code=response.status_code if response is not None else None,
        content_type=response.headers.get("content-type") if response is not None else None,
        snippet=body_snippet(response) if response is not None else None,
        vendor="clevertim",
    )


def read_content(response: httpx.Response) -> list[Any]:
    """The ``content`` list of a success envelope.

    Raises:
        MalformedResponse: for a body that is not JSON, not an object, whose ``status`` is not
            ``"OK"`` or whose ``content`` is not a list.
    """
    body = read_json(response)
    if not isinstance(body, dict):
        raise _malformed(response, "the body is not a JSON object")
    if body.get("status") != "OK":
        raise _malformed(response, f"status is {body.get('status')!r}, not 'OK'")
    content = body.get("content", [])
    if not isinstance(content, list):
        raise _malformed(response, "'content' is not a list")
    return content


def read_status_only(response: httpx.Response) -> None:
    """Accept a DELETE answer: ``{"status": "OK"}`` (an empty 2xx body is tolerated too)."""
    if not response.content.strip():
        return
    body = read_json(response)
    if not isinstance(body, dict) or body.get("status") != "OK":
        raise _malformed(response, 'expected {"status": "OK"}')


def error_details(response: httpx.Response) -> ErrorDetails:
    """Normalise an error body: the ``error`` value is the message."""
    try:
        body: Any = json.loads(response.content) if response.content else None
    except (ValueError, UnicodeDecodeError):
        return ErrorDetails(message=None, body=body_snippet(response))
    message = None
    if isinstance(body, dict):
        value = body.get("error")
        if isinstance(value, str) and value:
            message = value
    return ErrorDetails(message=message, errors=[], body=body)


MAX_DEPTH = 256
"""The deepest nesting a listing may have (Clevertim's records are a few levels deep)."""

_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_NOT_STRUCTURAL = bytes(c for c in range(256) if c not in b'[]{}"')
_STRINGS = re.compile(rb'"[^"]*"')


class _DepthGuard:
    """Refuses JSON nested deeper than ``limit``, at C speed for ordinary bodies.

    ijson's cost grows with the square of the nesting depth (each event carries its whole
    prefix), so a 400 kB body of ``[[[[...`` would keep a listing busy for minutes. This scan
    drops escapes, everything but brackets and quotes, then the strings, all with C-level
    bytes operations; it walks character by character only where the limit could be reached.
    """

    def __init__(self, limit: int = MAX_DEPTH) -> None:
        self.limit = limit
        self.depth = 0
        self.in_string = False
        self._carry = b""

    def feed(self, chunk: bytes) -> None:
        data = self._carry + chunk
        trailing = len(data) - len(data.rstrip(b"\\"))
        if trailing % 2:  # an escape split across chunks: finish it with the next one
            data, self._carry = data[:-1], b"\\"
        else:
            self._carry = b""
        # Escapes gone, only brackets and quotes are left: strings are now '"' + brackets + '"'.
        reduced = _ESCAPE.sub(b"", data).translate(None, _NOT_STRUCTURAL)
        if self.in_string:
            end = reduced.find(b'"')
            if end < 0:
                return
            reduced, self.in_string = reduced[end + 1 :], False
        outside = _STRINGS.sub(b"", reduced)
        opened = outside.find(b'"')  # a string still open at the end of the chunk
        if opened >= 0:
            outside, self.in_string = outside[:opened], True
        opens = outside.count(b"[") + outside.count(b"{")
        if self.depth + opens <= self.limit:
            self.depth += opens - (len(outside) - opens)
            return
        for byte in outside:
            self.depth += 1 if byte in b"[{" else -1
            if self.depth > self.limit:
                raise _malformed(None, f"it is nested more than {self.limit} levels deep")


class EnvelopeStream:
    """Incremental decoder of a success envelope (sans-IO).

    Example:
        >>> stream = EnvelopeStream()
        >>> stream.feed(b'{"status":"OK","content":[{"id":1},')
        [{'id': 1}]
        >>> stream.feed(b'{"id":2}]}')
        [{'id': 2}]
        >>> stream.close()
        []
    """

    def __init__(self) -> None:
        self._items: list[Any] = ijson.sendable_list()
        self._status: list[Any] = ijson.sendable_list()
        # Two C-level parsers, so no Python code runs per JSON token: one builds the content
        # elements; the other only looks for "status" and is dropped once it has found it
        # (Clevertim sends it first, so it usually costs one chunk; if it came last, the
        # second parser would read the whole body, still correctly).
        self._item_parser = ijson.items_coro(self._items, "content.item", use_float=True)
        self._status_parser: Any = ijson.items_coro(self._status, "status", use_float=True)
        self._closed = False
        self._depth = _DepthGuard()

    def feed(self, chunk: bytes) -> list[Any]:
        """Parse ``chunk``; return the content elements it completed."""
        if not chunk:
            return []
        self._depth.feed(chunk)
        try:
            self._item_parser.send(chunk)
            if self._status_parser is not None:
                self._status_parser.send(chunk)
                if self._status:
                    self._status_parser = None
        except ijson.common.IncompleteJSONError as exc:
            raise _malformed(None, f"invalid JSON ({exc})") from exc
        return self._drain()

    def close(self) -> list[Any]:
        """Finish parsing; return the last elements and check the envelope's ``status``."""
        if self._closed:
            return []
        self._closed = True
        try:
            self._item_parser.close()
            if self._status_parser is not None:
                self._status_parser.close()
        except ijson.common.IncompleteJSONError as exc:
            raise _malformed(None, f"the body ended early or is not JSON ({exc})") from exc
        items = self._drain()
        status = self._status[0] if self._status else None
        if status != "OK":
            raise _malformed(None, f"status is {status!r}, not 'OK'")
        return items

    def _drain(self) -> list[Any]:
        out = list(self._items)
        del self._items[:]
        return out
