"""A canary API key never shows in repr/str of clients, sessions and auth, in error messages,
or in DEBUG logs of a full scenario (crmkit's, httpx's and httpcore's)."""

from __future__ import annotations

import base64
import logging
from typing import Any

import pytest
from support.clevertim import emulator

from crmkit.clevertim import (
    AsyncClient,
    AuthenticationError,
    Client,
    Contact,
    NotFound,
    Session,
)
from crmkit.clevertim.unified import ClevertimBackend
from crmkit.core.emulator import Faults

CANARY = "CanaryKey7f3b9e2d41"
CANARY_B64 = base64.b64encode(f"{CANARY}:X".encode()).decode()


def _clean(text: str) -> None:
    assert CANARY not in text and CANARY_B64 not in text


def test_reprs_hide_the_key() -> None:
    session = Session(api_key=CANARY)
    client = Client(CANARY)
    aclient = AsyncClient(CANARY)
    backend = ClevertimBackend({"api_key": CANARY})
    for obj in (
        session,
        client,
        aclient,
        client.api,
        client.api.auth,
        session.api,
        backend,
        backend.api_client(),
    ):
        _clean(repr(obj))
        _clean(str(obj))


def test_error_messages_hide_the_key(fake_sleep: Any) -> None:
    emu = emulator(1, credentials=["SOMEONEELSE"])
    with Client(CANARY, transport=emu.transport(), sleep=fake_sleep) as client:
        with pytest.raises(AuthenticationError) as info:
            client.contacts.get(1234)
    error = info.value
    for text in (str(error), repr(error), error.message, error.detail, str(error.url)):
        _clean(text)


def test_debug_logs_of_a_full_scenario_hide_the_key(
    caplog: pytest.LogCaptureFixture, fake_sleep: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    emu = emulator(5)
    with emu.serve(port=0) as server:
        session = Session(CANARY, endpoint_url=server.base_url, sleep=fake_sleep)
        contact = Contact(session, key=1234)
        contact.emails.add("canary@example.org")
        contact.save()
        new = Contact(session)
        new.first_name = "Temp"
        new.save()
        new.delete()
        with pytest.raises(NotFound) as info:
            Contact(session, key=999)
        _clean(str(info.value))
        emu.faults = Faults(rates={"503": 0.5}, seed=3)
        with Client(CANARY, base_url=server.base_url, sleep=fake_sleep, max_retries=5) as client:
            assert client.contacts.list().count() == 5
            client.contacts.get(1234)
        session.close()
    assert caplog.records, "the scenario should have logged at DEBUG"
    _clean(caplog.text)
    for record in caplog.records:
        _clean(record.getMessage())
