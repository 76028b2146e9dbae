"""The unified layer: mappings both ways (vendor-note samples and hypothesis round trips) and
every adapter operation against the emulator through a core client, sync and async."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.clevertim import (
    SAMPLE_COMPANY,
    SAMPLE_CONTACT,
    SAMPLE_NOTE,
    SAMPLE_OPPORTUNITY,
    SAMPLE_TASK,
    emulator,
)

import crmkit
from crmkit.clevertim import AsyncClient, Client
from crmkit.clevertim.emulator import ClevertimEmulator
from crmkit.clevertim.unified import (
    ClevertimBackend,
    CustomFieldMap,
    from_unified_company,
    from_unified_contact,
    from_unified_deal,
    from_unified_event,
    to_unified_company,
    to_unified_contact,
    to_unified_deal,
    to_unified_event,
)
from crmkit.core import (
    AsyncPager,
    ConfigurationError,
    InvalidArgument,
    NotFound,
    NotSupported,
    Pager,
    get_vendor,
)
from crmkit.core.unified import (
    Address,
    Company,
    Contact,
    Deal,
    EmailAddress,
    Event,
    PhoneNumber,
    Website,
)

UTC = dt.UTC


# -- mappings: samples --------------------------------------------------------------------------


def test_contact_sample_to_unified() -> None:
    ada = to_unified_contact(SAMPLE_CONTACT)
    assert (ada.remote_id, ada.vendor, ada.name) == ("812", "clevertim", "Ada Quill")
    assert ada.emails == [EmailAddress(address="ada@quill.example")]
    assert ada.phones == [PhoneNumber(number="+44 7700 900123", label="mobile")]
    assert ada.addresses == [
        Address(
            street="1 High St", city="Leeds", state="GB-LDS", postal_code="LS1 1AA", country="GB"
        )
    ]
    assert ada.websites == [Website(url="https://quill.example")] and ada.company_id == "811"
    assert ada.custom_fields == {"4": "2024-03-01", "8": "Gold"} and ada.tags == ["expo"]
    assert ada.created_at == dt.datetime(2024, 3, 1, 9, tzinfo=UTC)
    assert ada.updated_at == dt.datetime(2024, 3, 2, 10, tzinfo=UTC)
    assert ada.remote_data == SAMPLE_CONTACT


def test_company_sample_to_unified() -> None:
    company = to_unified_company(SAMPLE_COMPANY)
    assert (company.remote_id, company.name, company.description) == (
        "811",
        "Quill Ltd",
        "met at expo",
    )


def test_opportunity_sample_to_unified() -> None:
    deal = to_unified_deal(SAMPLE_OPPORTUNITY)
    assert (deal.name, deal.amount, deal.currency, deal.status) == (
        "Pilot",
        Decimal("2500"),
        "GBP",
        "open",
    )
    assert (deal.contact_id, deal.company_id, deal.owner_id) == ("812", None, "3")
    as_company = to_unified_deal({**SAMPLE_OPPORTUNITY, "cust": 811}, company_ids={811})
    assert (as_company.contact_id, as_company.company_id) == (None, "811")
    assert to_unified_deal({**SAMPLE_OPPORTUNITY, "status": "Closed"}).status == "Closed"


def test_task_and_note_samples_to_unified() -> None:
    task = to_unified_event(SAMPLE_TASK, kind="task")
    assert (task.remote_id, task.type, task.subject, task.status) == (
        "task:7",
        "call",
        "Call back",
        "open",
    )
    assert task.due_at == dt.datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
    assert (task.contact_id, task.deal_id, task.owner_id) == ("812", "31", "3")
    note = to_unified_event(SAMPLE_NOTE, kind="note", company_ids=set())
    assert (note.remote_id, note.type, note.subject, note.body) == (
        "note:40",
        "email",
        "Pricing",
        "Sent pricing",
    )
    assert (note.contact_id, note.deal_id) == ("812", "31")


def test_contact_from_unified_reports_what_clevertim_cannot_hold() -> None:
    record = Contact(
        name="Ada Quill",
        emails=[EmailAddress(address="a@q.example", label="work")],
        phones=[PhoneNumber(number="1", label="satellite")],
        addresses=[Address(city="Leeds", label="home"), Address(city="York")],
        owner_id="3",
        external_id="x-1",
        company_name="Quill",
    )
    mapped = from_unified_contact(record)
    assert mapped.payload["fn"] == "Ada" and mapped.payload["ln"] == "Quill"
    assert mapped.payload["phones"] == [{"type": "Work", "no": "1"}]
    assert mapped.payload["city"] == "Leeds"
    assert set(mapped.dropped) == {
        "emails.label",
        "phones.label",
        "addresses.label",
        "addresses[1:]",
        "owner_id",
        "external_id",
        "company_name",
    }


def test_a_partial_record_maps_only_its_fields() -> None:
    assert from_unified_contact(Contact(title="CTO")).payload == {"title": "CTO"}
    assert from_unified_company(Company(name="Acme")).payload == {"cn": "Acme"}


def test_bad_ids_in_records_are_refused() -> None:
    with pytest.raises(InvalidArgument):
        from_unified_contact(Contact(first_name="A", company_id="acme"))
    with pytest.raises(InvalidArgument):
        from_unified_deal(Deal(name="x", contact_id="12a"))


def test_deal_from_unified() -> None:
    mapped = from_unified_deal(
        Deal(
            name="Big",
            amount=Decimal("1000.50"),
            status="won",
            contact_id="5",
            company_id="6",
            probability=50,
        )
    )
    assert mapped.payload == {"name": "Big", "value": "1000.50", "status": "Won", "cust": 5}
    assert set(mapped.dropped) == {"company_id", "probability"}


def test_events_from_unified_pick_task_or_note() -> None:
    kind, mapped = from_unified_event(
        Event(
            type="meeting",
            subject="Sync",
            due_at=dt.datetime(2024, 5, 1, 10, 0, tzinfo=UTC),
            status="completed",
            body="agenda",
        )
    )
    assert kind == "task" and mapped.payload["atype"] == "Meeting"
    assert mapped.payload["startDate"] == {"y": 2024, "mo": 5, "d": 1, "h": 10, "mi": 0}
    assert mapped.payload["is_completed"] is True and mapped.dropped == ("body",)
    kind, mapped = from_unified_event(
        Event(type="sms", body="hi", subject="s", contact_id="1", company_id="2")
    )
    assert kind == "note" and mapped.payload == {"type": "M", "desc": "hi", "cust": [1, 2]}
    assert mapped.dropped == ("subject",)


DEFINITIONS = [
    {"id": 1, "name": "Birthday", "elemType": "date", "modelType": ["customers"]},
    {
        "id": 2,
        "name": "Tier",
        "elemType": "select",
        "modelType": ["customers", "companies"],
        "values": ["Gold", "Silver"],
    },
    {"id": 3, "name": "Manager", "elemType": "user", "modelType": ["customers"]},
    {"id": 5, "name": "Watchers", "elemType": "user", "modelType": ["customers"], "multiple": True},
    {"id": 9, "name": "Budget", "elemType": "input", "modelType": ["opportunities"]},
]


def test_custom_fields_are_keyed_by_name_when_definitions_are_known() -> None:
    fields = CustomFieldMap(DEFINITIONS, "customers")
    wire = {**SAMPLE_CONTACT, "cf": {"1": "1980-05-17", "2": "Gold", "77": "orphan"}}
    contact = to_unified_contact(wire, custom_fields=fields)
    assert contact.custom_fields == {"Birthday": "1980-05-17", "Tier": "Gold", "77": "orphan"}


def test_writes_keep_only_custom_values_the_account_can_hold() -> None:
    fields = CustomFieldMap(DEFINITIONS, "customers")
    record = Contact(
        first_name="A",
        custom_fields={
            "Birthday": dt.date(1990, 1, 2),
            "Tier": "Platinum",  # not an allowed value
            "Manager": "3",
            "Watchers": ["1", "3"],
            "2": "Silver",  # a field id works too
            "Budget": "10",  # an opportunities field
            "Shoe size": "44",  # no such field
        },
    )
    mapped = from_unified_contact(record, custom_fields=fields)
    assert mapped.payload["cf"] == {"1": "1990-01-02", "3": "3", "5": ["1", "3"], "2": "Silver"}
    assert set(mapped.dropped) == {
        "custom_fields.Tier",
        "custom_fields.Budget",
        "custom_fields.Shoe size",
    }
    deal = from_unified_deal(
        Deal(name="d", custom_fields={"Budget": 10}),
        custom_fields=CustomFieldMap(DEFINITIONS, "opportunities"),
    )
    assert deal.payload["cf"] == {"9": "10"} and deal.dropped == ()


# -- mappings: hypothesis round trips unified -> Clevertim -> unified ---------------------------

_word = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
_opt_word = st.none() | _word
_digits = st.integers(1, 10**6).map(str)
_emails = st.builds(lambda a, b: EmailAddress(address=f"{a}@{b}.example"), _word, _word)
_phones = st.builds(
    lambda n, label: PhoneNumber(number=n, label=label),
    st.text("0123456789 +", min_size=1, max_size=12).filter(str.strip),
    st.sampled_from(["work", "home", "mobile", "fax", "pager"]),
)
_address = st.builds(
    Address,
    street=_opt_word,
    city=_opt_word,
    state=_opt_word,
    postal_code=_opt_word,
    country=_opt_word,
).filter(lambda a: any(a.model_dump().values()))
_custom = st.dictionaries(_digits, _word | st.lists(_word, max_size=2), max_size=3)
_customer = {
    "emails": st.lists(_emails, max_size=3),
    "phones": st.lists(_phones, max_size=2),
    "addresses": st.lists(_address, max_size=1),
    "websites": st.lists(
        st.builds(lambda w: Website(url=f"https://{w}.example"), _word), max_size=2
    ),
    "tags": st.lists(_word, max_size=3),
    "description": _opt_word,
    "custom_fields": _custom,
}
_CUSTOMER_FIELDS = tuple(_customer)


@settings(max_examples=60, deadline=None)
@given(
    st.builds(
        Contact,
        first_name=_word,
        last_name=_opt_word,
        title=_opt_word,
        company_id=st.none() | _digits,
        **_customer,
    )
)
def test_contacts_round_trip(record: Contact) -> None:
    mapped = from_unified_contact(record)
    back = to_unified_contact({"id": 1, **mapped.payload})
    fields = ("first_name", "last_name", "title", "company_id", *_CUSTOMER_FIELDS)
    assert {f: getattr(back, f) for f in fields} == {f: getattr(record, f) for f in fields}
    assert mapped.dropped == ()


@settings(max_examples=40, deadline=None)
@given(st.builds(Company, name=_word, **_customer))
def test_companies_round_trip(record: Company) -> None:
    mapped = from_unified_company(record)
    back = to_unified_company({"id": 2, **mapped.payload})
    fields = ("name", *_CUSTOMER_FIELDS)
    assert {f: getattr(back, f) for f in fields} == {f: getattr(record, f) for f in fields}


@settings(max_examples=60, deadline=None)
@given(
    st.builds(
        Deal,
        name=_word,
        amount=st.none() | st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
        currency=st.none() | st.sampled_from(["EUR", "GBP", "USD"]),
        status=st.sampled_from(["open", "won", "lost", "Closed", "On hold"]),
        owner_id=st.none() | _digits,
        tags=st.lists(_word, max_size=2),
        description=_opt_word,
        custom_fields=_custom,
    ),
    st.sampled_from(["contact", "company", "none"]),
    _digits,
)
def test_deals_round_trip(record: Deal, who: str, cust: str) -> None:
    if who == "contact":
        record.contact_id = cust
    elif who == "company":
        record.company_id = cust
    mapped = from_unified_deal(record)
    back = to_unified_deal(
        {"id": 3, **mapped.payload}, company_ids={int(cust)} if who == "company" else set()
    )
    fields = (
        "name",
        "amount",
        "currency",
        "status",
        "owner_id",
        "tags",
        "description",
        "custom_fields",
        "contact_id",
        "company_id",
    )
    assert {f: getattr(back, f) for f in fields} == {f: getattr(record, f) for f in fields}


_minute = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 12, 31), timezones=st.just(UTC)
).map(lambda d: d.replace(second=0, microsecond=0))


@settings(max_examples=60, deadline=None)
@given(
    st.builds(
        Event,
        type=st.sampled_from(["task", "call", "meeting", "appointment", "follow_up", "email_task"]),
        subject=_opt_word,
        due_at=st.none() | _minute,
        status=st.sampled_from(["open", "completed"]),
        contact_id=st.none() | _digits,
        deal_id=st.none() | _digits,
        owner_id=st.none() | _digits,
    )
)
def test_task_events_round_trip(record: Event) -> None:
    kind, mapped = from_unified_event(record)
    assert kind == "task"
    back = to_unified_event({"id": 4, **mapped.payload}, kind="task", company_ids=set())
    fields = ("type", "subject", "due_at", "status", "contact_id", "deal_id", "owner_id")
    assert {f: getattr(back, f) for f in fields} == {f: getattr(record, f) for f in fields}


@settings(max_examples=40, deadline=None)
@given(
    st.builds(
        Event,
        type=st.sampled_from(["note", "email", "sms"]),
        body=_opt_word,
        contact_id=st.none() | _digits,
        company_id=st.none() | _digits,
        deal_id=st.none() | _digits,
    )
)
def test_note_events_round_trip(record: Event) -> None:
    kind, mapped = from_unified_event(record)
    assert kind == "note"
    companies = {int(record.company_id)} if record.company_id else set()
    if record.contact_id and record.contact_id == record.company_id:
        return  # one id cannot be both a contact and a company in Clevertim
    back = to_unified_event({"id": 5, **mapped.payload}, kind="note", company_ids=companies)
    fields = ("type", "body", "contact_id", "company_id", "deal_id")
    assert {f: getattr(back, f) for f in fields} == {f: getattr(record, f) for f in fields}


# -- the backend and adapters against the emulator -----------------------------------------------


@pytest.fixture
def backend() -> ClevertimBackend:
    return ClevertimBackend(ClevertimBackend.demo_settings())


@pytest.fixture
def api(backend: ClevertimBackend, emu: ClevertimEmulator, fake_sleep: Any) -> Any:
    client = backend.api_client(transport=emu.transport(), sleep=fake_sleep)
    yield client
    client.close()


def test_the_spec_names_the_backend_and_its_capabilities() -> None:
    spec = get_vendor("clevertim")
    backend_cls = spec.load("unified")
    assert backend_cls is ClevertimBackend
    caps = backend_cls(backend_cls.demo_settings()).capabilities()
    assert set(caps) == set(spec.entities) == {"contacts", "companies", "deals", "events"}
    assert all(c.updated_since == "client" for c in caps.values())
    assert caps["contacts"].match_keys == ("email",) and caps["contacts"].supports("find")
    assert "whole collection" in caps["contacts"].notes


def test_api_client_settings(emu: ClevertimEmulator) -> None:
    backend = ClevertimBackend({"api_key": "K1", "base_url": "http://127.0.0.1:9/api"})
    api = backend.api_client()
    assert str(api.base_url) == "http://127.0.0.1:9/api/"
    assert isinstance(backend.vendor_client(api), Client)
    assert isinstance(backend.vendor_client(backend.api_client(asynchronous=True)), AsyncClient)
    with pytest.raises(ConfigurationError):
        ClevertimBackend({}).api_client()


def test_contacts_adapter_every_operation(
    backend: ClevertimBackend, api: Any, emu: ClevertimEmulator
) -> None:
    contacts = backend.adapters["contacts"]
    everyone = list(Pager(api, contacts.list()))
    assert len(everyone) == 20 and everyone[0].remote_id == "1234"
    joe = api.send(contacts.get("1234"))
    assert joe.name == "Joe Dorian" and joe.company_id == "1233"
    assert joe.custom_fields == {"Birthday": "1980-05-17", "Tier": "Silver", "Account manager": "1"}
    created = api.send(
        contacts.create(
            Contact(first_name="Ann", emails=[EmailAddress(address="ann@x.example")], owner_id="1")
        )
    )
    assert created.remote_id and created.dropped_fields == ("owner_id",)
    tiered = api.send(
        contacts.create(Contact(first_name="Tia", custom_fields={"Tier": "Gold", "Colour": "red"}))
    )
    assert tiered.custom_fields == {"Tier": "Gold"}
    assert tiered.dropped_fields == ("custom_fields.Colour",)
    assert emu.account.get("contact", int(tiered.remote_id))["cf"] == {"2": "Gold"}
    updated = api.send(contacts.update(created.remote_id, Contact(title="CEO")))
    assert (updated.title, updated.first_name) == ("CEO", "Ann")
    found = api.send(contacts.find("email", "ANN@x.example "))
    assert [c.remote_id for c in found] == [created.remote_id]
    api.send(contacts.delete(created.remote_id))
    with pytest.raises(NotFound):
        api.send(contacts.get(created.remote_id))


def test_companies_adapter(backend: ClevertimBackend, api: Any) -> None:
    companies = backend.adapters["companies"]
    created = api.send(
        companies.create(Company(name="Acme", emails=[EmailAddress(address="hi@acme.example")]))
    )
    assert api.send(companies.get(created.remote_id)).name == "Acme"
    assert [c.name for c in api.send(companies.find("email", "hi@acme.example"))] == ["Acme"]
    assert (
        api.send(companies.update(created.remote_id, Company(description="d"))).description == "d"
    )
    api.send(companies.delete(created.remote_id))


def test_deals_adapter(backend: ClevertimBackend, api: Any) -> None:
    deals = backend.adapters["deals"]
    listed = list(Pager(api, deals.list()))
    assert [d.remote_id for d in listed] == ["1", "2"]
    assert listed[0].contact_id == "1234"
    created = api.send(deals.create(Deal(name="New", amount=Decimal("99.95"), company_id="1233")))
    assert (created.company_id, created.contact_id, created.amount) == (
        "1233",
        None,
        Decimal("99.95"),
    )
    got = api.send(deals.get(created.remote_id))
    assert got.company_id == "1233"
    updated = api.send(deals.update(created.remote_id, Deal(status="won")))
    assert (updated.status, updated.name) == ("won", "New")
    api.send(deals.delete(created.remote_id))


def test_events_adapter(backend: ClevertimBackend, api: Any) -> None:
    events = backend.adapters["events"]
    listed = list(Pager(api, events.list()))
    assert [e.remote_id for e in listed][:2] == ["task:1", "task:2"]
    assert listed[1].company_id == "1233"  # task 2 belongs to the demo company
    assert any(e.remote_id == "note:2" and e.type == "email" for e in listed)
    call = api.send(
        events.create(
            Event(
                type="call",
                subject="Ring",
                contact_id="1234",
                due_at=dt.datetime(2024, 5, 1, 10, tzinfo=UTC),
            )
        )
    )
    assert call.remote_id.startswith("task:") and call.contact_id == "1234"
    done = api.send(events.update(call.remote_id, Event(status="completed")))
    assert done.status == "completed" and done.subject == "Ring"
    note = api.send(events.create(Event(type="note", body="hello", company_id="1233")))
    assert note.remote_id.startswith("note:") and note.company_id == "1233"
    assert api.send(events.get(note.remote_id)).body == "hello"
    api.send(events.delete(call.remote_id))
    api.send(events.delete(note.remote_id))


def test_updated_since_is_filtered_client_side(backend: ClevertimBackend, api: Any) -> None:
    since = dt.datetime(2024, 3, 2, tzinfo=UTC)
    recent = list(Pager(api, backend.adapters["contacts"].list(updated_since=since)))
    assert recent and all(c.updated_at is None or c.updated_at >= since for c in recent)
    assert len(recent) < 20


def test_unsupported_and_bad_input_raise_before_any_request(
    backend: ClevertimBackend, emu: ClevertimEmulator
) -> None:
    contacts = backend.adapters["contacts"]
    with pytest.raises(NotSupported):
        contacts.find("external_id", "x")
    with pytest.raises(NotSupported):
        backend.adapters["deals"].find("email", "x")
    with pytest.raises(InvalidArgument):
        contacts.get("../1")
    with pytest.raises(InvalidArgument):
        backend.adapters["events"].get("meeting:1")
    with pytest.raises(InvalidArgument):
        contacts.create(Contact(title="no name"))
    assert not emu.requests


async def test_adapters_run_on_the_async_client(
    backend: ClevertimBackend, emu: ClevertimEmulator, fake_sleep: Any
) -> None:
    api = backend.api_client(
        asynchronous=True, transport=emu.transport(), sleep=fake_sleep.async_sleep
    )
    try:
        contacts = backend.adapters["contacts"]
        names = [c.name async for c in AsyncPager(api, contacts.list())]
        assert len(names) == 20
        created = await api.send(contacts.create(Contact(name="Async Person")))
        assert (created.first_name, created.last_name) == ("Async", "Person")
        assert (await api.send(contacts.update(created.remote_id, Contact(title="X")))).title == "X"
        assert len(await api.send(contacts.find("email", "joe@dorian-trading.example"))) == 1
        await api.send(contacts.delete(created.remote_id))
        deals = [d async for d in AsyncPager(api, backend.adapters["deals"].list())]
        assert deals[0].contact_id == "1234"
        events = [e async for e in AsyncPager(api, backend.adapters["events"].list())]
        assert {e.remote_id.split(":")[0] for e in events} == {"task", "note"}
        assert (await api.send(backend.adapters["events"].get("task:1"))).type == "call"
        assert (await api.send(backend.adapters["deals"].get("1"))).amount == Decimal("2500")
    finally:
        await api.aclose()


def test_crmkit_connect_reaches_the_demo_data(emu: ClevertimEmulator) -> None:
    crm = crmkit.connect("clevertim", transport=emu.transport(), **ClevertimBackend.demo_settings())
    assert crm.contacts.get("1234").name == "Joe Dorian"
    since = dt.datetime(2024, 3, 2, tzinfo=UTC)
    recent = list(crm.events.list(updated_since=since))
    assert "note:2" in {e.remote_id for e in recent} and "task:1" not in {
        e.remote_id for e in recent
    }
    assert all(e.updated_at is not None and e.updated_at >= since for e in recent)
    assert isinstance(crm.vendor_client, Client)
    assert [c.remote_id for c in crm.contacts.search(email="joe@dorian-trading.example")] == [
        "1234"
    ]


def test_the_demo_settings_work_with_any_emulator() -> None:
    emu = emulator(1, credentials=None)
    backend = ClevertimBackend(ClevertimBackend.demo_settings())
    with backend.api_client(transport=emu.transport()) as api:
        assert api.send(backend.adapters["contacts"].get("1234")).first_name == "Joe"
