"""Serve an emulator over HTTP on loopback, with real sockets.

Built on the standard library's threading HTTP server (HTTP/1.1 keep-alive), because faults
need control of the socket: a dropped connection closes it without a byte, a truncated body
announces the full ``Content-Length`` and then closes half-way. Binding to anything but a
loopback address is refused unless ``allow_remote`` is set.
"""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from .._urls import is_loopback_host
from ._http import EmuRequest

if TYPE_CHECKING:
    from ._app import Emulator

__all__ = ["EmulatorServer"]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle's algorithm on, the body waits for
    # the client's delayed ACK of the headers (about 40 ms per keep-alive request on Linux).
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests and demos
        return

    def _serve(self) -> None:
        emulator = self.server.emulator
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        raw_path, _, query = self.path.partition("?")
        request = EmuRequest.build(
            self.command, raw_path, query, self.headers.items(), body, emulator.base_path
        )
        answer = emulator.handle(request)
        if answer.delay:
            time.sleep(answer.delay)
        if answer.fault == "drop":
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            if name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        if answer.fault == "truncate":
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(answer.body[: len(answer.body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], emulator: Emulator) -> None:
        self.emulator = emulator
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that disconnects mid-exchange (killed, timed out) is normal here.
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class EmulatorServer:
    """A running (or ready-to-run) loopback server for one emulator.

    Example:
        >>> with emulator.serve(port=0) as server:      # doctest: +SKIP
        ...     httpx.get(server.base_url + "people/1")
    """

    def __init__(
        self,
        emulator: Emulator,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        allow_remote: bool = False,
    ) -> None:
        if not is_loopback_host(host) and not allow_remote:
            raise ValueError(
                f"refusing to serve the {emulator.vendor} emulator on {host}: only loopback "
                "addresses (127.0.0.1, ::1, localhost) are allowed without allow_remote=True"
            )
        self.emulator = emulator
        self._server = _Server((host, port), emulator)
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        return str(self._server.server_address[0])

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """The URL a client's ``base_url`` takes (with the vendor's path prefix)."""
        host = self.host if ":" not in self.host else f"[{self.host}]"
        return f"http://{host}:{self.port}{self.emulator.root}"

    def start(self) -> EmulatorServer:
        """Serve from a background thread."""
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"crmkit-emulator-{self.emulator.vendor}",
            daemon=True,
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until :meth:`stop` is called from another."""
        self._server.serve_forever(poll_interval=0.1)

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
