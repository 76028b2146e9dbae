"""Fixtures for the ProsperWorks tests: emulators, typed clients and prospyr connections."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from support.prosperworks import (
    EMAIL,
    TOKEN,
    make_async_client,
    make_client,
    make_emulator,
)

from crmkit.prosperworks import AsyncClient, Client, connection
from crmkit.prosperworks.emulator import ProsperWorksEmulator


@pytest.fixture(autouse=True)
def _no_leaked_connections(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts without registered connections or a base-URL override."""
    monkeypatch.delenv("CRMKIT_PROSPERWORKS_BASE_URL", raising=False)
    connection.reset()
    yield
    connection.reset()


@pytest.fixture
def emu() -> ProsperWorksEmulator:
    """The ``empty`` profile: reference lists only; ids start at 1."""
    return make_emulator("empty")


@pytest.fixture
def demo() -> ProsperWorksEmulator:
    """The ``demo`` profile (250 people, Steve Cognito newest)."""
    return make_emulator("demo")


@pytest.fixture
def client(emu: ProsperWorksEmulator) -> Iterator[Client]:
    with make_client(emu) as c:
        yield c


@pytest.fixture
def demo_client(demo: ProsperWorksEmulator) -> Iterator[Client]:
    with make_client(demo) as c:
        yield c


@pytest.fixture
async def aclient(emu: ProsperWorksEmulator) -> AsyncIterator[AsyncClient]:
    async with make_async_client(emu) as c:
        yield c


@pytest.fixture
async def demo_aclient(demo: ProsperWorksEmulator) -> AsyncIterator[AsyncClient]:
    async with make_async_client(demo) as c:
        yield c


@pytest.fixture
def connected(demo: ProsperWorksEmulator) -> ProsperWorksEmulator:
    """The default prospyr connection registered on the demo emulator."""
    connection.connect(
        EMAIL, TOKEN, transport=demo.transport(), rate_limit=None, sleep=lambda s: None
    )
    return demo


@pytest.fixture
def connected_empty(emu: ProsperWorksEmulator) -> ProsperWorksEmulator:
    """The default prospyr connection registered on the empty emulator."""
    connection.connect(
        EMAIL, TOKEN, transport=emu.transport(), rate_limit=None, sleep=lambda s: None
    )
    return emu
