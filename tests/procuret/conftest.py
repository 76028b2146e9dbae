"""Fixtures for the Procuret tests: an emulator on a fixed clock and clients of each kind."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from support.procuret import Clock, make_emulator, raw

from crmkit.procuret import AsyncClient, Client, Session, reset
from crmkit.procuret.emulator import BUSINESS_EMAIL, SUPPLIER_EMAIL, ProcuretEmulator


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def emulator(clock: Clock) -> ProcuretEmulator:
    return make_emulator(clock, records=5)


@pytest.fixture
def http(emulator: ProcuretEmulator) -> Iterator[httpx.Client]:
    with raw(emulator) as client:
        yield client


@pytest.fixture
def supplier_session(emulator: ProcuretEmulator) -> Session:
    return Session.decode(emulator.issue_session(SUPPLIER_EMAIL).wire())


@pytest.fixture
def business_session(emulator: ProcuretEmulator) -> Session:
    return Session.decode(emulator.issue_session(BUSINESS_EMAIL).wire())


@pytest.fixture
def client(
    emulator: ProcuretEmulator, clock: Clock, supplier_session: Session, fake_sleep: object
) -> Iterator[Client]:
    with Client(
        session=supplier_session, transport=emulator.transport(), clock=clock, sleep=fake_sleep
    ) as c:
        yield c


@pytest.fixture
async def async_client(
    emulator: ProcuretEmulator, clock: Clock, supplier_session: Session, fake_sleep: object
) -> AsyncIterator[AsyncClient]:
    async with AsyncClient(
        session=supplier_session,
        transport=emulator.transport(),
        clock=clock,
        sleep=fake_sleep.async_sleep,  # type: ignore[attr-defined]
    ) as c:
        yield c


@pytest.fixture(autouse=True)
def _legacy_isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> Iterator[None]:
    """Every test starts with no legacy configuration, no env override, no config file."""
    monkeypatch.delenv("CRMKIT_PROCURET_BASE_URL", raising=False)
    monkeypatch.chdir(str(tmp_path))
    reset()
    yield
    reset()
