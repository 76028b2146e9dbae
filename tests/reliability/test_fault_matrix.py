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

from dataclasses import dataclass

import pytest
from reliability.kit import (
    SURFACES,
    FaultScript,
    FaultyTransport,
    Sleeps,
    Step,
    Surface,
    assert_no_canary,
    run_op,
)

from crmkit.core import (
    AmbiguousWriteError,
    ConnectError,
    CrmError,
    MalformedResponse,
    RateLimited,
    ServerError,
    TransportTimeout,
    UnsafeRedirect,
)

MAX_RETRIES = 2
ATTEMPTS = MAX_RETRIES + 1


@dataclass(frozen=True)
class Fault:
    id: str
    steps: tuple[Step, ...]
    always: bool = False


FAULTS = [
    Fault("429-retry-after", (Step("429", retry_after=2),)),
    Fault("429-no-retry-after", (Step("429", retry_after=None),)),
    Fault("429-always", (Step("429", retry_after=1),), always=True),
    Fault("500", (Step("500"),)),
    Fault("502", (Step("502"),)),
    Fault("503", (Step("503"),)),
    Fault("504", (Step("504"),)),
    Fault("503-always", (Step("503"),), always=True),
    Fault("connection-refused", (Step("refused"),)),
    Fault("connection-refused-always", (Step("refused"),), always=True),
    Fault("dropped-before-processing", (Step("drop"),)),
    Fault("reset-mid-body", (Step("truncate"),)),
    Fault("reset-after-processing", (Step("drop-after"),)),
    Fault("read-timeout", (Step("timeout"),)),
    Fault("read-timeout-always", (Step("timeout"),), always=True),
    Fault("truncated-body", (Step("cut-body"),)),
    Fault("wrong-content-type", (Step("wrong-ctype"),)),
    Fault("text-body", (Step("text-200"),)),
    Fault("proxy-html-502", (Step("html-502"),)),
    Fault("proxy-html-502-always", (Step("html-502"),), always=True),
    Fault("proxy-html-200", (Step("html-200"),)),
    Fault("empty-200", (Step("empty-200"),)),
    Fault("redirect-other-host", (Step("redirect-offsite"),)),
    Fault("redirect-to-plain-http", (Step("redirect-downgrade"),)),
    Fault("redirect-same-origin", (Step("redirect-same"),)),
]

ADVICE: dict[type[CrmError], str] = {
    RateLimited: "slow down",
    ServerError: "try again later",
    AmbiguousWriteError: "look the record up",
    ConnectError: "check the network",
    TransportTimeout: "raise the timeout",
    UnsafeRedirect: "set base_url",
}


@dataclass(frozen=True)
class Expect:
    error: type[CrmError] | None  # None: success
    attempts: int  # matching requests in the emulator's log
    created: int = 0  # store delta (creates)


def expect_read(fault: Fault) -> Expect:
    kind = fault.steps[0].kind
    if kind == "refused":
        return Expect(ConnectError, 0) if fault.always else Expect(None, 1)
    if fault.always:
        error = {"429": RateLimited, "503": ServerError, "html-502": ServerError}.get(kind)
        return Expect(error or TransportTimeout, ATTEMPTS)
    if kind in ("cut-body", "text-200", "html-200", "empty-200"):
        return Expect(MalformedResponse, 1)
    if kind in ("redirect-offsite", "redirect-downgrade"):
        return Expect(UnsafeRedirect, 1)
    if kind == "wrong-ctype":
        return Expect(None, 1)
    return Expect(None, 2)  # retried once, then answered


def expect_create(fault: Fault, surface: Surface) -> Expect:
    kind = fault.steps[0].kind
    five = "5xx" in surface.reconciles
    ambiguous = "ambiguous" in surface.reconciles
    if kind == "429":
        return Expect(RateLimited, ATTEMPTS) if fault.always else Expect(None, 2, 1)
    if kind == "refused":
        return Expect(ConnectError, 0) if fault.always else Expect(None, 1, 1)
    if kind in ("500", "502", "503", "504", "html-502"):
        if not five:
            return Expect(ServerError, 1)
        # looked up (not found), then sent once more
        return Expect(ServerError, 2) if fault.always else Expect(None, 2, 1)
    if kind == "drop":  # the server never processed it, but the client cannot know
        return Expect(None, 2, 1) if ambiguous else Expect(AmbiguousWriteError, 1)
    if kind in ("truncate", "drop-after", "timeout"):  # processed, answer lost
        return Expect(None, 1, 1) if ambiguous else Expect(AmbiguousWriteError, 1, 1)
    if kind in ("cut-body", "text-200", "empty-200"):  # processed, answer unreadable
        return Expect(MalformedResponse, 1, 1)
    if kind == "html-200":  # a portal answered instead of the API
        return Expect(MalformedResponse, 1)
    if kind in ("redirect-offsite", "redirect-downgrade"):
        return Expect(UnsafeRedirect, 1)
    if kind == "redirect-same":
        return Expect(None, 2, 1)
    assert kind == "wrong-ctype"
    return Expect(None, 1, 1)


def _check_error(exc: CrmError, expect: Expect, op: str) -> None:
    assert isinstance(exc, expect.error), f"expected {expect.error.__name__}, got {exc!r}"
    message = str(exc).lower()
    assert_no_canary(str(exc), repr(exc), repr(vars(exc)), where="the exception")
    advice = ADVICE.get(expect.error)
    if expect.error is MalformedResponse:
        advice = "look the record up" if op == "create" else "check base_url"
    assert advice is not None and advice in message, f"no advice ({advice!r}) in: {exc}"


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
    method, path = ("GET", surface.read_path) if op == "read" else ("POST", surface.create_path)
    script = FaultScript(emulator, list(fault.steps), method=method, path=path, repeat=fault.always)
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
        _check_error(error, expect, op)

    matching = surface.reads(emulator) if op == "read" else surface.creates(emulator)
    assert len(matching) == expect.attempts, [(r.method, r.path, r.status) for r in matching]
    assert script.applied, "the fault was never applied"
    if op == "create":
        assert surface.count(emulator) - before == expect.created, "duplicate or lost create"
    # Nothing ever reaches another host, credentials included.
    hosts = {r.headers.get("host", "") for r in emulator.requests}
    assert not any("attacker" in h for h in hosts), hosts
    if fault.id == "429-retry-after":
        assert sleeps.calls[:1] == [2.0]
    if expect.error in (AmbiguousWriteError, UnsafeRedirect, MalformedResponse):
        assert not sleeps.calls, "a request that must not be retried was waited for"
