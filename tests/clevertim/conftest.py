"""Fixtures for the Clevertim tests: a seeded emulator (in-process and on loopback), the typed
clients and an old-style Session over it, and a retry policy with deterministic jitter."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from support.clevertim import KEY, emulator

from crmkit.clevertim import AsyncClient, Client, Session
from crmkit.clevertim.emulator import ClevertimEmulator
from crmkit.core import RetryPolicy
from crmkit.core.emulator import EmulatorServer


@pytest.fixture
def emu() -> ClevertimEmulator:
    """A freshly seeded emulator (20 contacts plus the demo records)."""
    return emulator(20)


@pytest.fixture
def policy() -> RetryPolicy:
    """Retries with jitter pinned to the ceiling, so waits are predictable."""
    return RetryPolicy(jitter=lambda low, high: high)


@pytest.fixture
def client(emu: ClevertimEmulator, fake_sleep: Any, policy: RetryPolicy) -> Iterator[Client]:
    with Client(KEY, transport=emu.transport(), sleep=fake_sleep, retry=policy) as c:
        yield c


@pytest.fixture
async def aclient(
    emu: ClevertimEmulator, fake_sleep: Any, policy: RetryPolicy
) -> AsyncIterator[AsyncClient]:
    async with AsyncClient(
        KEY, transport=emu.transport(), sleep=fake_sleep.async_sleep, retry=policy
    ) as c:
        yield c


@pytest.fixture
def session(emu: ClevertimEmulator, fake_sleep: Any, policy: RetryPolicy) -> Iterator[Session]:
    with Session(KEY, transport=emu.transport(), sleep=fake_sleep, retry=policy) as s:
        yield s


@pytest.fixture
def server(emu: ClevertimEmulator) -> Iterator[EmulatorServer]:
    """The emulator on a loopback port."""
    with emu.serve(port=0) as running:
        yield running
