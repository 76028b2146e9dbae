"""The emulator kit: the base every vendor emulator is built on.

An emulator answers a vendor's API from memory. It runs in-process as an httpx transport
(``emulator.transport()``, sync and async) or on loopback as a real HTTP server
(``emulator.serve(port=0)``), injects faults on demand and enforces per-credential rate limits.
See :class:`Emulator`.
"""

from ._app import EmuError, Emulator, EmulatorOptions, LoggedRequest
from ._faults import FAULT_KINDS, FaultDecision, Faults, SlidingWindowLimit, parse_fault
from ._http import EmuRequest, EmuResponse, Handler, Router, json_response
from ._server import EmulatorServer
from ._store import FakeData, Table
from ._transport import EmulatorTransport

__all__ = [
    "FAULT_KINDS",
    "EmuError",
    "EmuRequest",
    "EmuResponse",
    "Emulator",
    "EmulatorOptions",
    "EmulatorServer",
    "EmulatorTransport",
    "FakeData",
    "FaultDecision",
    "Faults",
    "Handler",
    "LoggedRequest",
    "Router",
    "SlidingWindowLimit",
    "Table",
    "json_response",
    "parse_fault",
]
