"""No credential in clear: reprs, errors and DEBUG logs of a full scenario."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest
from support.procuret import Clock

from crmkit.core import AuthenticationError, NotFound
from crmkit.procuret import (
    AsyncClient,
    Client,
    CommunicationOption,
    InstalmentLink,
    Lifecycle,
    Perspective,
    ProcuretApiError,
    Session,
    configure,
)
from crmkit.procuret._auth import session_auth
from crmkit.procuret.emulator import ProcuretEmulator

CANARY_KEY = "CANARYkeyCANARYkeyCANARYkey12345"
CANARY_SESSION_KEY = "CANARYsessionKEYCANARYsession999"
SID = 4242424242424242424


@pytest.fixture
def canary(emulator: ProcuretEmulator) -> Session:
    emulator.add_session(SID, CANARY_KEY, lifecycle=1)
    return Session(SID, CANARY_SESSION_KEY, CANARY_KEY, Lifecycle.SHORT_LIVED, Perspective.SUPPLIER)


def _clean(text: str) -> None:
    assert CANARY_KEY not in text
    assert CANARY_SESSION_KEY not in text


def test_reprs_hide_the_keys(canary: Session, emulator: ProcuretEmulator) -> None:
    client = Client(session=canary, transport=emulator.transport())
    aclient = AsyncClient(session=canary, transport=emulator.transport())
    auth = session_auth(canary)
    for obj in (canary, client, aclient, auth, client.api, client.api.auth):
        _clean(repr(obj))
        _clean(str(obj))


def test_errors_do_not_carry_the_key(canary: Session, emulator: ProcuretEmulator) -> None:
    client = Client(session=canary, transport=emulator.transport())
    with pytest.raises(NotFound) as caught:
        client.instalment_links.retrieve("missing")
    _clean(str(caught.value))
    _clean(repr(caught.value))
    emulator.delete_session(SID)
    with pytest.raises(AuthenticationError) as denied:
        client.instalment_links.list_page()
    _clean(str(denied.value))


def test_legacy_errors_do_not_carry_the_key(canary: Session, emulator: ProcuretEmulator) -> None:
    configure(transport=emulator.transport())
    emulator.delete_session(SID)
    with pytest.raises(ProcuretApiError) as caught:
        InstalmentLink.retrieve_many(canary)
    _clean(str(caught.value))
    _clean(repr(caught.value))


def test_debug_logs_of_a_full_scenario_are_clean(
    canary: Session,
    emulator: ProcuretEmulator,
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
    fake_sleep: object,
) -> None:
    caplog.set_level(logging.DEBUG)
    configure(transport=emulator.transport(), clock=clock)
    client = Client(session=canary, transport=emulator.transport(), clock=clock, sleep=fake_sleep)
    link = client.instalment_links.create(
        supplier=4000,
        invoice_amount=Decimal("10.00"),
        invitee_email="a@b.co",
        invoice_identifier="1",
    )
    client.instalment_links.open(link.public_id)
    list(client.instalment_links.list(page_size=2))
    InstalmentLink.create(
        supplier=4000,
        invoice_amount=Decimal("11.00"),
        invitee_email="c@d.co",
        invoice_identifier="2",
        communication=CommunicationOption.DO_NOT_CONTACT_CUSTOMER,
        session=canary,
    )
    with pytest.raises(NotFound):
        client.instalment_links.retrieve("missing")
    assert caplog.records  # the scenario did log at DEBUG
    _clean(caplog.text)
    for record in caplog.records:
        _clean(record.getMessage())
