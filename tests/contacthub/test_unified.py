"""Unified mapping both ways, a hypothesis round trip, and every adapter operation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.contacthub import SAMPLE_CUSTOMER, SAMPLE_EVENT, make_emulator

from crmkit.contacthub.unified import (
    ContactHubBackend,
    from_unified_contact,
    from_unified_event,
    to_unified_contact,
    to_unified_event,
)
from crmkit.core import AsyncPager, NotSupported, Pager
from crmkit.core.unified import Address, Contact, EmailAddress, Event, PhoneNumber, Website


def test_sample_customer_to_unified() -> None:
    contact = to_unified_contact(SAMPLE_CUSTOMER)
    assert contact.remote_id == SAMPLE_CUSTOMER["id"] and contact.vendor == "contacthub"
    assert contact.primary_email == "email@email.email"
    assert contact.tags == ["manual"] and contact.description == "extra"
    assert contact.created_at == datetime(2017, 3, 9, 11, 31, 31, 842000, tzinfo=UTC)
    assert contact.remote_data == SAMPLE_CUSTOMER


def test_contact_to_vendor_reports_what_it_cannot_hold() -> None:
    mapped = from_unified_contact(
        Contact(
            first_name="Ada",
            emails=[EmailAddress(address="a@x.io"), EmailAddress(address="b@x.io", label="work")],
            phones=[PhoneNumber(number="1", label="mobile"), PhoneNumber(number="2", label="home")],
            addresses=[Address(city="Milano", state="MI"), Address(city="Roma")],
            websites=[Website(url="https://x", label="blog")],
            owner_id="7",
        )
    )
    base = mapped.payload["base"]
    assert base["contacts"]["email"] == "a@x.io" and base["contacts"]["mobilePhone"] == "1"
    assert {"name": "work", "type": "EMAIL", "value": "b@x.io"} in base["contacts"]["otherContacts"]
    assert {"name": "home", "type": "PHONE", "value": "2"} in base["contacts"]["otherContacts"]
    assert base["address"]["province"] == "MI"
    assert set(mapped.dropped) == {"addresses[1:]", "websites[https://x]", "owner_id"}


def test_sample_event_both_ways() -> None:
    event = to_unified_event(SAMPLE_EVENT)
    assert event.contact_id == SAMPLE_EVENT["customerId"] and event.type == "viewedProductCategory"
    assert event.custom_fields == {"category": "category", "context": "IOT"}
    payload = from_unified_event(event).payload
    assert payload["context"] == "IOT" and payload["properties"] == {"category": "category"}
    assert payload["date"] == SAMPLE_EVENT["date"]


names = st.text(st.characters(min_codepoint=97, max_codepoint=122), min_size=1, max_size=8)
emails = st.builds(lambda a, b: EmailAddress(address=f"{a}@{b}.io"), names, names)
phones = st.builds(
    lambda n, label: PhoneNumber(number=n, label=label),
    st.text("0123456789", min_size=1, max_size=8),
    st.sampled_from(["home", "work", "other"]),
)


@settings(max_examples=60, deadline=None)
@given(
    first=names,
    last=names,
    mails=st.lists(emails, max_size=3),
    others=st.lists(phones, max_size=3),
    tags=st.lists(names, max_size=3),
    external=st.none() | names,
    custom=st.dictionaries(names, st.integers() | names, max_size=3),
)
def test_round_trip_unified_vendor_unified(
    first: str,
    last: str,
    mails: list[EmailAddress],
    others: list[PhoneNumber],
    tags: list[str],
    external: str | None,
    custom: dict[str, object],
) -> None:
    original = Contact(
        first_name=first,
        last_name=last,
        emails=mails,
        phones=others,
        tags=tags,
        external_id=external,
        custom_fields=custom,
    )
    payload = from_unified_contact(original).payload
    back = to_unified_contact({"id": "x", **payload})
    assert (back.first_name, back.last_name, back.tags, back.external_id) == (
        first,
        last,
        tags,
        external,
    )
    assert [e.address for e in back.emails] == [e.address for e in mails]
    assert sorted((p.number, p.label) for p in back.phones) == sorted(
        (p.number, p.label) for p in others
    )
    assert back.custom_fields == custom


@pytest.fixture
def backend() -> ContactHubBackend:
    return ContactHubBackend(ContactHubBackend.demo_settings())


def test_capabilities(backend: ContactHubBackend) -> None:
    caps = backend.capabilities()
    assert caps["contacts"].updated_since == "server" and caps["contacts"].sorted_by_updated
    assert caps["contacts"].match_keys == ("external_id", "email")
    assert caps["events"].updated_since == "client"
    with pytest.raises(NotSupported):
        backend.adapters["events"].find("email", "x")


def test_contact_adapter_operations_sync(backend: ContactHubBackend) -> None:
    emulator = make_emulator(records=12)
    api = backend.api_client(transport=emulator.transport())
    adapter = backend.adapters["contacts"]
    everything = list(Pager(api, adapter.list(page_size=5)))  # type: ignore[arg-type]
    assert len(everything) == 12
    stamps = [c.updated_at for c in everything]
    assert stamps == sorted(stamps)  # type: ignore[type-var]
    since = stamps[6]
    recent = list(Pager(api, adapter.list(updated_since=since)))  # type: ignore[arg-type]
    assert recent and all(c.updated_at >= since for c in recent)  # type: ignore[operator]
    created = api.send(
        adapter.create(
            Contact(
                first_name="Ada",
                external_id="u1",
                title="CTO",
                emails=[EmailAddress(address="ada@x.io")],
            )
        )
    )
    assert created.remote_id and created.title == "CTO"
    assert api.send(adapter.get(created.remote_id)).first_name == "Ada"
    updated = api.send(adapter.update(created.remote_id, Contact(last_name="L", title="CEO")))
    assert (updated.first_name, updated.last_name, updated.title) == ("Ada", "L", "CEO")
    assert [c.remote_id for c in api.send(adapter.find("email", "ada@x.io"))] == [created.remote_id]
    assert [c.remote_id for c in api.send(adapter.find("external_id", "u1"))] == [created.remote_id]
    api.send(adapter.delete(created.remote_id))
    assert api.send(adapter.find("external_id", "u1")) == []


async def test_adapter_operations_async(backend: ContactHubBackend) -> None:
    emulator = make_emulator(records=4)
    api = backend.api_client(asynchronous=True, transport=emulator.transport())
    contacts, events = backend.adapters["contacts"], backend.adapters["events"]
    rows = [c async for c in AsyncPager(api, contacts.list())]  # type: ignore[arg-type]
    assert len(rows) == 4
    created = await api.send(
        events.create(
            Event(
                type="loggedIn",
                contact_id=rows[0].remote_id,
                occurred_at=datetime(2024, 5, 1, tzinfo=UTC),
                custom_fields={"context": "WEB"},
            )
        )
    )
    fetched = await api.send(events.get(created.remote_id))
    assert fetched.contact_id == rows[0].remote_id and fetched.custom_fields["context"] == "WEB"
    changed = await api.send(events.update(created.remote_id, Event(type="loggedOut")))
    assert changed.type == "loggedOut"
    listed = [e async for e in AsyncPager(api, events.list())]  # type: ignore[arg-type]
    assert created.remote_id in {e.remote_id for e in listed}
    await api.send(events.delete(created.remote_id))
    await api.aclose()  # type: ignore[union-attr]


def test_vendor_client_wraps_the_api_client(backend: ContactHubBackend) -> None:
    from crmkit.contacthub import Client

    emulator = make_emulator(records=2)
    vendor = backend.vendor_client(backend.api_client(transport=emulator.transport()))
    assert isinstance(vendor, Client) and len(vendor.customers.list()) == 2


def test_spec_names_the_parts() -> None:
    from crmkit.core import get_vendor

    spec = get_vendor("contacthub")
    assert spec.load("unified") is ContactHubBackend
    assert spec.load("emulator")(None).client_root == "/hub/v1/workspaces"
