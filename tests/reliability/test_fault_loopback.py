"""The network faults of the matrix on real sockets: each emulator served on loopback.

In-process, refused connections and timeouts are simulated by the transport; here they are
real: a port nobody listens on, an answer that arrives after the client's read timeout, a
connection the server cuts mid-body or closes after processing, a redirect to another origin.
Outcomes, attempt counts and store deltas follow the same rules as the in-process matrix.
"""

from __future__ import annotations

import itertools
import socket
from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest
from reliability.kit import (
    FAULTS,
    SURFACES,
    ConnectError,
    CrmError,
    Emulator,
    Fault,
    Sleeps,
    Surface,
    check_error,
    expect_create,
    expect_read,
    run_op,
)

LOOPBACK_FAULTS = {
    "429-retry-after",
    "dropped-before-processing",
    "reset-mid-body",
    "reset-after-processing",
    "read-timeout",
    "truncated-body",
    "proxy-html-502",
    "redirect-other-host",
}
TYPED = [s for s in SURFACES if s.id.endswith("-typed")]
TIMEOUT = httpx.Timeout(10.0, read=0.3)
LATE = 1.0  # seconds the late answer takes (well beyond the read timeout)

CASES = [
    pytest.param(surface, fault, op, mode, id=f"{surface.id}-{fault.id}-{op}-{mode}")
    for surface in TYPED
    for fault in FAULTS
    if fault.id in LOOPBACK_FAULTS
    for op in ("read", "create")
    for mode in ("sync", "async")
]


@pytest.fixture(scope="module")
def served() -> Iterator[dict[str, tuple[Emulator, str]]]:
    """One emulator per vendor on loopback for the whole module (each test scripts its own)."""
    running: dict[str, tuple[Emulator, str]] = {}
    servers = []
    try:
        for surface in TYPED:
            emulator = surface.emulator()
            server = emulator.serve().start()
            servers.append(server)
            running[surface.id] = (emulator, server.base_url)
        yield running
    finally:
        for server in servers:
            server.stop()


@pytest.mark.parametrize(("surface", "fault", "op", "mode"), CASES)
def test_fault_on_loopback(
    served: dict[str, tuple[Emulator, str]], surface: Surface, fault: Fault, op: str, mode: str
) -> None:
    emulator, base_url = served[surface.id]
    steps = [
        replace(step, delay=LATE if step.kind == "timeout" else step.delay) for step in fault.steps
    ]
    sleeps = Sleeps()
    before = surface.count(emulator)
    expect = expect_read(fault) if op == "read" else expect_create(fault, surface)
    n = next(_numbers)
    emulator.requests.clear()
    with surface.script(emulator, op, steps, fault.always) as script:
        make = surface.make(
            emulator,
            mode,
            base_url=base_url,
            sleep=sleeps.for_mode(mode),
            max_retries=2,
            timeout=TIMEOUT,
        )
        error: CrmError | None = None
        try:
            run_op(
                mode,
                make,
                lambda c: surface.read(c, emulator) if op == "read" else surface.create(c, n),
            )
        except CrmError as exc:
            error = exc
    if expect.error is None:
        assert error is None, f"expected success, got {error!r}"
    else:
        assert error is not None, f"expected {expect.error.__name__}, got success"
        check_error(error, expect, op)
    matching = surface.reads(emulator) if op == "read" else surface.creates(emulator)
    assert len(matching) == expect.attempts, [(r.method, r.path, r.status) for r in matching]
    assert script.applied
    if op == "create":
        assert surface.count(emulator) - before == expect.created, "duplicate or lost create"
    assert not any("attacker" in r.headers.get("host", "") for r in emulator.requests)


_numbers = itertools.count(1000)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again on exit: nothing listens there


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("op", ["read", "create"])
@pytest.mark.parametrize("surface", SURFACES, ids=[s.id for s in SURFACES])
def test_connection_refused_for_real(surface: Surface, op: str, mode: str) -> None:
    emulator = surface.emulator()
    before = surface.count(emulator)
    sleeps = Sleeps()
    url = f"http://127.0.0.1:{_closed_port()}{emulator.root}"
    make = surface.make(emulator, mode, base_url=url, sleep=sleeps.for_mode(mode), max_retries=2)
    with pytest.raises(ConnectError) as info:
        run_op(
            mode,
            make,
            lambda c: surface.read(c, emulator) if op == "read" else surface.create(c, 1),
        )
    # Nothing was sent, so even the create was retried: three attempts, two waits.
    assert len(sleeps.calls) == 2
    message = str(info.value).lower()
    assert "nothing was sent" in message and "check the network" in message
    assert surface.count(emulator) == before
