"""Fixtures for the ContactHub tests: a fresh emulator, raw requests, typed clients."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from support.contacthub import TOKEN, Raw, make_emulator

from crmkit.contacthub import AsyncClient, Client
from crmkit.contacthub.emulator import ContactHubEmulator


@pytest.fixture
def emulator() -> ContactHubEmulator:
    return make_emulator()


@pytest.fixture
def raw(emulator: ContactHubEmulator) -> Raw:
    return Raw(emulator)


@pytest.fixture
def client(emulator: ContactHubEmulator, fake_sleep: object) -> Iterator[Client]:
    with Client("ws", TOKEN, node_id="node", transport=emulator.transport(), sleep=fake_sleep) as c:
        yield c


@pytest.fixture
async def aclient(emulator: ContactHubEmulator, fake_sleep: object) -> AsyncIterator[AsyncClient]:
    async with AsyncClient(
        "ws", TOKEN, node_id="node", transport=emulator.transport(), sleep=fake_sleep.async_sleep
    ) as c:  # type: ignore[attr-defined]
        yield c
