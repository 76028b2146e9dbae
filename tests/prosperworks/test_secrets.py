"""A canary token never shows: not in reprs, not in error messages, not in DEBUG logs."""

from __future__ import annotations

import logging

import pytest
from support.prosperworks import EMAIL, make_async_client, make_client, make_emulator

from crmkit import core
from crmkit.core.emulator import Faults
from crmkit.prosperworks import Person, ProspyrException, connect, connection
from crmkit.prosperworks._client import make_auth
from crmkit.prosperworks.unified import ProsperWorksBackend, backend

CANARY = "canary-7f3e9d2b-secret-token"


def _texts(*objects: object) -> str:
    return "\n".join(f"{o!r} {o!s}" for o in objects)


def test_the_token_is_absent_from_reprs_of_clients_connections_and_auth() -> None:
    emu = make_emulator()
    conn = connect(EMAIL, CANARY, transport=emu.transport(), rate_limit=None)
    with make_client(emu, token=CANARY) as client:
        pass
    b = backend({"email": EMAIL, "token": CANARY})
    api = b.api_client(transport=emu.transport())
    text = _texts(
        conn,
        conn.client,
        conn.token,
        client,
        client.api,
        make_auth(EMAIL, CANARY),
        api,
        api.auth,
        b,
        vars(conn),
    )
    assert CANARY not in text


def test_the_token_is_absent_from_error_messages() -> None:
    emu = make_emulator(credentials=["x@y.example:other"])
    connect(EMAIL, CANARY, transport=emu.transport(), rate_limit=None)
    with pytest.raises(ProspyrException) as info:
        Person.objects.get(id=1)
    err = info.value
    assert CANARY not in _texts(err, err.args, err.body, err.url, err.message)


def test_the_token_is_absent_from_transport_errors() -> None:
    emu = make_emulator(faults=Faults(rates={"drop": 1.0}))
    with (
        make_client(emu, token=CANARY, max_retries=0) as client,
        pytest.raises(core.CrmError) as info,
    ):
        client.account.get()
    assert CANARY not in _texts(info.value, info.value.args)


async def test_the_async_client_repr_hides_the_token() -> None:
    async with make_async_client(make_emulator(), token=CANARY) as client:
        assert CANARY not in _texts(client, client.api, client.api.auth)


def test_the_token_is_absent_from_debug_logs_of_a_full_scenario(
    caplog: pytest.LogCaptureFixture,
) -> None:
    emu = make_emulator("demo", faults=Faults(rates={"503": 0.3}, seed=3))
    caplog.set_level(logging.DEBUG)
    connect(
        EMAIL,
        CANARY,
        transport=emu.transport(),
        rate_limit=None,
        sleep=lambda s: None,
        max_retries=5,
    )
    people = list(Person.objects.order_by("-date_modified"))
    steve = Person.objects.get(email="steve@example.org")
    steve.title = "Chairman"
    steve.update()
    with pytest.raises(ProspyrException):
        Person.objects.get(id=99_999)
    connection.reset()
    assert len(people) == 250
    assert caplog.records, "the scenario should have logged something"
    for record in caplog.records:
        assert CANARY not in record.getMessage()
    assert CANARY not in caplog.text
    assert ProsperWorksBackend.demo_settings()["token"] != CANARY
