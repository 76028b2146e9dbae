"""Typed clients against the emulator, sync and async: every operation, errors, retries."""

from __future__ import annotations

from typing import Any

import pytest
from support.contacthub import TOKEN, make_emulator

from crmkit.contacthub import (
    AsyncClient,
    AuthenticationError,
    BadRequest,
    Client,
    Conflict,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
)
from crmkit.contacthub import types as t
from crmkit.contacthub.emulator import ContactHubEmulator
from crmkit.core import InvalidArgument
from crmkit.core import RateLimited as CoreRateLimited
from crmkit.core.emulator import EmulatorOptions, Faults


def test_customer_lifecycle(client: Client) -> None:
    created = client.customers.create(
        t.Customer(
            external_id="e1",
            base=t.BaseProperties(first_name="Ada", contacts=t.Contacts(email="ada@x.io")),
        )
    )
    assert created.id and created.node_id == "node"
    fetched = client.customers.get(created.id)  # type: ignore[arg-type]
    fetched.base.last_name = "Lovelace"  # type: ignore[union-attr]
    updated = client.customers.update(fetched.id, fetched)  # type: ignore[arg-type]
    assert updated.base.first_name == "Ada" and updated.base.last_name == "Lovelace"  # type: ignore[union-attr]
    replaced = client.customers.replace(
        updated.id, {"externalId": "e1", "base": {"firstName": "Bea"}}
    )  # type: ignore[arg-type]
    assert replaced.base.last_name is None  # type: ignore[union-attr]
    assert client.customers.find_by_external_id("e1")[0].id == created.id
    deleted = client.customers.delete(created.id)  # type: ignore[arg-type]
    assert deleted is not None and deleted.id == created.id
    with pytest.raises(NotFound):
        client.customers.get(created.id)  # type: ignore[arg-type]


def test_list_pages_lazily_and_knows_the_total(
    client: Client, emulator: ContactHubEmulator
) -> None:
    for i in range(23):
        client.customers.create({"base": {"firstName": f"n{i:02d}"}})
    listing = client.customers.list(page_size=10)
    assert len(listing) == 23
    assert [c.base.first_name for c in listing][-1] == "n22"  # type: ignore[union-attr]
    assert client.customers.page(page=2, size=10).page.total_unfiltered_elements == 23


def test_query_dsl_and_find_by_email(client: Client) -> None:
    from crmkit.contacthub import Customer

    client.customers.create({"base": {"firstName": "Ada", "contacts": {"email": "a@x.io"}}})
    client.customers.create({"base": {"firstName": "Bob"}})
    found = client.customers.list(query=Customer.base.firstName == "Ada").to_list()
    assert [c.base.first_name for c in found] == ["Ada"]  # type: ignore[union-attr]
    assert len(client.customers.find_by_email("a@x.io")) == 1


def test_tags_sessions_entities_events(client: Client) -> None:
    customer = client.customers.create({"base": {"firstName": "Ada"}})
    cid = customer.id
    assert client.customers.add_tag(cid, "vip").tags.manual == ["vip"]  # type: ignore[arg-type, union-attr]
    assert client.customers.remove_tag(cid, "vip").tags.manual == []  # type: ignore[arg-type, union-attr]
    with pytest.raises(ValueError, match="Tag not in"):
        client.customers.remove_tag(cid, "vip")  # type: ignore[arg-type]
    session = client.sessions.create(cid)  # type: ignore[arg-type]
    assert client.sessions.list(cid) == [session]  # type: ignore[arg-type]
    assert client.sessions.get(cid, session.id) == session  # type: ignore[arg-type]
    client.sessions.delete(cid, session.id)  # type: ignore[arg-type]
    job = client.jobs.create(cid, t.Job(id="j", job_title="CTO"))  # type: ignore[arg-type]
    assert client.jobs.get(cid, "j").job_title == "CTO"  # type: ignore[arg-type]
    assert client.jobs.update(cid, "j", {"jobTitle": "CEO"}).job_title == "CEO"  # type: ignore[arg-type]
    client.jobs.delete(cid, job.id)  # type: ignore[arg-type]
    accepted = client.events.create(
        t.Event(customer_id=cid, type="loggedIn", context="WEB", properties={})
    )
    assert client.events.get(accepted.id).type == "loggedIn"
    assert [e.id for e in client.events.list(customer_id=cid)] == [accepted.id]
    client.events.replace(
        accepted.id, {"customerId": cid, "type": "loggedOut", "context": "WEB", "properties": {}}
    )
    client.events.delete(accepted.id)
    with pytest.raises(NotFound):
        client.events.get(accepted.id)


def test_force_update_returns_the_existing_customer(client: Client) -> None:
    first = client.customers.create({"base": {"contacts": {"email": "a@x.io"}}})
    with pytest.raises(Conflict):
        client.customers.create({"base": {"contacts": {"email": "a@x.io"}}})
    again = client.customers.create(
        {"base": {"contacts": {"email": "a@x.io"}, "lastName": "L"}}, force_update=True
    )
    assert again.id == first.id and again.base.last_name == "L"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.customers.create({"base": {"nope": 1}}), BadRequest),
        (lambda c: c.customers.get("missing"), NotFound),
    ],
)
def test_error_statuses_are_typed(client: Client, call: Any, error: type) -> None:
    with pytest.raises(error):
        call(client)


def test_401_and_403(emulator: ContactHubEmulator) -> None:
    closed = ContactHubEmulator(EmulatorOptions(credentials=["ws:good-token"]))
    with (
        Client("ws", "bad-token", node_id="n", transport=closed.transport()) as c,
        pytest.raises(AuthenticationError),
    ):
        c.customers.page()
    with (
        Client("other", "good-token", node_id="n", transport=closed.transport()) as c,
        pytest.raises(PermissionDenied),
    ):
        c.customers.page()


def test_5xx_on_a_read_is_retried_then_succeeds(fake_sleep: Any) -> None:
    emulator = make_emulator()
    emulator.faults = Faults(rates={"503": 1.0})
    with Client(
        "ws", TOKEN, node_id="n", transport=emulator.transport(), sleep=fake_sleep, max_retries=2
    ) as c:
        with pytest.raises(ServerError):
            c.customers.page()
        assert len(emulator.requests) == 3 and len(fake_sleep.calls) == 2


def test_429_is_retried_after_retry_after(fake_sleep: Any) -> None:
    emulator = make_emulator()
    emulator.faults = Faults(rates={"429": 1.0}, retry_after=2)
    with Client(
        "ws", TOKEN, node_id="n", transport=emulator.transport(), sleep=fake_sleep, max_retries=1
    ) as c:
        with pytest.raises(RateLimited) as info:
            c.customers.page()
        assert isinstance(info.value, CoreRateLimited) and info.value.retry_after == 2
        assert fake_sleep.calls == [2.0]


def test_bad_input_is_refused_before_any_request(
    client: Client, emulator: ContactHubEmulator
) -> None:
    with pytest.raises(InvalidArgument):
        client.customers.list(page_size=51)
    with pytest.raises(InvalidArgument):
        client.events.create({"type": "x", "context": "WEB"})
    with pytest.raises(InvalidArgument):
        client.customers.get("a/b")
    with pytest.raises(InvalidArgument):
        Client("ws", TOKEN, transport=emulator.transport()).customers.page()
    assert len(emulator.requests) == 0


async def test_async_customer_lifecycle_and_listing(aclient: AsyncClient) -> None:
    created = await aclient.customers.create({"externalId": "e", "base": {"firstName": "Ada"}})
    assert (await aclient.customers.get(created.id)).external_id == "e"  # type: ignore[arg-type]
    await aclient.customers.update(created.id, {"base": {"lastName": "L"}})  # type: ignore[arg-type]
    assert [c.id async for c in aclient.customers.list()] == [created.id]
    assert (await aclient.customers.find_by_external_id("e"))[0].id == created.id
    await aclient.customers.add_tag(created.id, "vip")  # type: ignore[arg-type]
    session = await aclient.sessions.create(created.id, "s1")  # type: ignore[arg-type]
    assert session.value == "s1"
    like = await aclient.likes.create(created.id, {"id": "l", "name": "x"})  # type: ignore[arg-type]
    assert (await aclient.likes.get(created.id, like.id)).name == "x"  # type: ignore[arg-type]
    accepted = await aclient.events.create(
        {"customerId": created.id, "type": "loggedIn", "context": "WEB", "properties": {}}
    )
    assert (await aclient.events.get(accepted.id)).customer_id == created.id
    assert await aclient.events.list(customer_id=created.id).total() == 1
    assert (await aclient.customers.delete(created.id)) is not None  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        await aclient.customers.get(created.id)  # type: ignore[arg-type]


async def test_async_errors_and_retry(fake_sleep: Any) -> None:
    emulator = make_emulator()
    emulator.faults = Faults(rates={"429": 1.0}, retry_after=1)
    async with AsyncClient(
        "ws",
        TOKEN,
        node_id="n",
        transport=emulator.transport(),
        sleep=fake_sleep.async_sleep,
        max_retries=1,
    ) as c:
        with pytest.raises(RateLimited):
            await c.customers.page()
    assert len(emulator.requests) == 2 and fake_sleep.calls == [1.0]


async def test_async_conflict(aclient: AsyncClient) -> None:
    await aclient.customers.create({"base": {"contacts": {"email": "a@x.io"}}})
    with pytest.raises(Conflict):
        await aclient.customers.create({"base": {"contacts": {"email": "a@x.io"}}})


def test_ambiguous_create_is_reconciled_by_external_id(fake_sleep: Any) -> None:
    emulator = make_emulator()
    emulator.faults = Faults(rates={"drop-after": 1.0}, only_paths=("/ws/customers",))

    with Client("ws", TOKEN, node_id="n", transport=emulator.transport(), sleep=fake_sleep) as c:
        original = emulator.faults.decide

        def first_only(path: str) -> Any:
            decision = original(path)
            emulator.faults = Faults()
            return decision

        emulator.faults.decide = first_only  # type: ignore[method-assign]
        created = c.customers.create({"externalId": "k1"})
    assert created.external_id == "k1"
    assert len(emulator.workspaces["ws"].customers) == 1
