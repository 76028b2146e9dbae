"""Run an emulator in-process, as an httpx transport for sync and async clients.

Faults become what httpx itself would raise on a real connection: a dropped connection raises
:class:`httpx.RemoteProtocolError` while sending, a truncated body raises it while the body is
read, and latency sleeps (``time.sleep`` or ``asyncio.sleep``).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import httpx

from ._http import EmuRequest, EmuResponse

if TYPE_CHECKING:
    from ._app import Emulator

__all__ = ["EmulatorTransport"]


class _TruncatedStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    def __init__(self, body: bytes) -> None:
        self._half = body[: len(body) // 2]

    def __iter__(self) -> Iterator[bytes]:
        yield self._half
        raise httpx.RemoteProtocolError(
            "peer closed connection without sending complete message body (incomplete chunked read)"
        )

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self._half
        raise httpx.RemoteProtocolError(
            "peer closed connection without sending complete message body (incomplete chunked read)"
        )


class EmulatorTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """An httpx transport that answers every request from ``emulator``, whatever the host."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    def _to_emu(self, request: httpx.Request, body: bytes) -> EmuRequest:
        return EmuRequest.build(
            request.method,
            request.url.raw_path.split(b"?", 1)[0].decode("ascii"),
            request.url.query.decode("ascii"),
            request.headers,
            body,
            self.emulator.base_path,
        )

    @staticmethod
    def _to_httpx(response: EmuResponse, request: httpx.Request) -> httpx.Response:
        if response.fault == "drop":
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        headers = dict(response.headers)
        if response.fault == "truncate":
            headers["Content-Length"] = str(len(response.body))
            return httpx.Response(
                response.status,
                headers=headers,
                stream=_TruncatedStream(response.body),
                request=request,
            )
        return httpx.Response(
            response.status, headers=headers, content=response.body, request=request
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        answer = self.emulator.handle(self._to_emu(request, request.read()))
        if answer.delay:
            time.sleep(answer.delay)
        return self._to_httpx(answer, request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        answer = self.emulator.handle(self._to_emu(request, await request.aread()))
        if answer.delay:
            await asyncio.sleep(answer.delay)
        return self._to_httpx(answer, request)
