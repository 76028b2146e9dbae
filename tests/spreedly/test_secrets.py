"""The API token never appears in reprs, error messages or DEBUG logs of a full scenario."""

from __future__ import annotations

import base64
import logging

import pytest
from support.spreedly import TOKEN, make_emulator

from crmkit.core import CrmError, Secret
from crmkit.spreedly import AsyncSpreedly, HTTPError, Spreedly
from crmkit.spreedly.api import AsyncClient, Client
from crmkit.spreedly.emulator import FREE_TRIAL_PLAN_ID
from crmkit.spreedly.unified import backend

ENCODED = base64.b64encode(f"{TOKEN}:X".encode()).decode()


def _clean(text: str) -> None:
    assert TOKEN not in text
    assert ENCODED not in text


def test_reprs_of_clients_sessions_and_auth_hide_the_token() -> None:
    emulator = make_emulator(0)
    objects = [
        Spreedly(TOKEN, "demo", transport=emulator.transport()),
        AsyncSpreedly(TOKEN, "demo", transport=emulator.transport()),
        Client(TOKEN, "demo", transport=emulator.transport()),
        AsyncClient(TOKEN, "demo", transport=emulator.transport()),
    ]
    for obj in objects:
        _clean(repr(obj))
        _clean(str(obj))
        api = obj.api
        _clean(repr(api))
        _clean(repr(api.auth))
        _clean(repr(vars(api)))
    old = objects[2]
    assert isinstance(old, Client)
    _clean(repr(old.auth) + str(old.auth) + f"{old.auth}")
    b = backend({"token": Secret(TOKEN), "site_name": "demo"})
    _clean(repr(b.settings))


def test_error_messages_hide_the_token() -> None:
    emulator = make_emulator(0)
    emulator.add_site("locked", token="another-token-123")
    with Spreedly(TOKEN, "locked", transport=emulator.transport()) as client:
        with pytest.raises(HTTPError) as info:
            client.plans.list()
    error = info.value
    _clean(str(error))
    _clean(repr(error))
    _clean(str(error.url))
    assert error.response is not None
    _clean(str(error.response.headers))


def test_a_full_scenario_at_debug_logs_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    emulator = make_emulator(5)
    caplog.set_level(logging.DEBUG)  # every logger, crmkit's and httpx's included
    with Client(TOKEN, "demo-test", transport=emulator.transport()) as old:
        old.create_subscriber(1, "test")
        old.subscribe(1, FREE_TRIAL_PLAN_ID)
        old.set_info(old.get_info(1))
        old.get_plans()
        old.add_fee(1, "Overage", "x", "Bandwidth", 1.0)
        old.delete_subscriber(1)
        try:
            old.get_info(1)
        except CrmError as exc:
            _clean(str(exc))
    with Spreedly(TOKEN, "demo", transport=emulator.transport()) as client:
        list(client.subscribers.list())
    assert caplog.records, "the scenario should have logged at DEBUG"
    for record in caplog.records:
        _clean(record.getMessage())
    _clean(caplog.text)
