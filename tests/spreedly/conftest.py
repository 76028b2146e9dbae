"""Fixtures for the crmkit.spreedly tests: an emulator on a fake clock, and clients on it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from support.spreedly import TOKEN, FakeClock, Synced, make_emulator

from crmkit.spreedly import AsyncSpreedly, Spreedly
from crmkit.spreedly.api import AsyncClient, Client
from crmkit.spreedly.emulator import SpreedlyEmulator


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def emulator(clock: FakeClock) -> SpreedlyEmulator:
    return make_emulator(records=10, clock=clock)


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def client(emulator: SpreedlyEmulator, mode: str, fake_sleep: Any) -> Iterator[Any]:
    """The typed client for site demo-test (plans, deletes allowed), sync or async."""
    if mode == "sync":
        with Spreedly(TOKEN, "demo-test", transport=emulator.transport(), sleep=fake_sleep) as c:
            yield c
    else:
        yield Synced(
            AsyncSpreedly(
                TOKEN, "demo-test", transport=emulator.transport(), sleep=fake_sleep.async_sleep
            )
        )


@pytest.fixture
def old(emulator: SpreedlyEmulator, mode: str, fake_sleep: Any) -> Iterator[Any]:
    """pyspreedly's Client for site demo-test, sync or async."""
    if mode == "sync":
        with Client(TOKEN, "demo-test", transport=emulator.transport(), sleep=fake_sleep) as c:
            yield c
    else:
        yield Synced(
            AsyncClient(
                TOKEN, "demo-test", transport=emulator.transport(), sleep=fake_sleep.async_sleep
            )
        )
