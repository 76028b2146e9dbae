"""The fault matrix: every vendor surface, sync and async, reads and creates, against every fault.

Each case scripts one fault (or a persistent one) on the vendor's emulator, runs one read of an
existing record or one create, and checks:

- the outcome: the record (after a retry where that is safe) or the right typed exception;
- the number of attempts, counted in the emulator's request log;
- no duplicate: the emulator's store grew by exactly what the server really processed;
- the exception message says what to do, and never contains the credential;
- a redirect to another origin (or to plain http) is refused and nothing reaches it.

The expected outcome follows crmkit's rules (docs/retries.md): idempotent reads are retried on
429, 5xx, refused and broken connections and timeouts; a create is retried only when it
provably never reached the server (refused, 429), and otherwise raises, unless the vendor's
create flow reconciles it by looking the record up by its natural key first.
"""

from __future__ import annotations

import pytest
from reliability.kit import (
    FAULTS,
    SURFACES,
    AmbiguousWriteError,
    CrmError,
    Fault,
    FaultyTransport,
    MalformedResponse,
    Sleeps,
    Surface,
    UnsafeRedirect,
    check_error,
    expect_create,
    expect_read,
    run_op,
)

MAX_RETRIES = 2

CASES = [
    pytest.param(surface, fault, op, mode, id=f"{surface.id}-{fault.id}-{op}-{mode}")
    for surface in SURFACES
    for fault in FAULTS
    for op in ("read", "create")
    for mode in ("sync", "async")
]


@pytest.mark.parametrize(("surface", "fault", "op", "mode"), CASES)
def test_fault(surface: Surface, fault: Fault, op: str, mode: str) -> None:
    emulator = surface.emulator()
    script = surface.script(emulator, op, list(fault.steps), fault.always)
    sleeps = Sleeps()
    make = surface.make(
        emulator,
        mode,
        transport=FaultyTransport(emulator, script),
        sleep=sleeps.for_mode(mode),
        max_retries=MAX_RETRIES,
    )
    before = surface.count(emulator)
    emulator.requests.clear()
    expect = expect_read(fault) if op == "read" else expect_create(fault, surface)

    def act(client: object) -> object:
        if op == "read":
            return surface.read(client, emulator)
        return surface.create(client, 1)

    error: CrmError | None = None
    try:
        result = run_op(mode, make, act)
    except CrmError as exc:
        error = exc
    else:
        assert result is not None

    if expect.error is None:
        assert error is None, f"expected success, got {error!r}"
    else:
        assert error is not None, f"expected {expect.error.__name__}, got success"
        check_error(error, expect, op)

    matching = surface.reads(emulator) if op == "read" else surface.creates(emulator)
    assert len(matching) == expect.attempts, [(r.method, r.path, r.status) for r in matching]
    assert script.applied, "the fault was never applied"
    if op == "create":
        assert surface.count(emulator) - before == expect.created, "duplicate or lost create"
    # Nothing ever reaches another host, credentials included.
    hosts = {r.headers.get("host", "") for r in emulator.requests}
    assert not any("attacker" in h for h in hosts), hosts
    if fault.id == "429-retry-after" and type(emulator).rate_limit_retry_after:
        assert sleeps.calls[:1] == [2.0]  # the vendor said how long: exactly that
    if expect.error in (AmbiguousWriteError, UnsafeRedirect, MalformedResponse):
        assert not sleeps.calls, "a request that must not be retried was waited for"
