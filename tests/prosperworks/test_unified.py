"""The unified mapping: both directions on the vendor file's samples, a hypothesis round trip,
and every adapter operation against the emulator through core clients (sync and async)."""

from __future__ import annotations

import string
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.prosperworks import make_emulator, sample

from crmkit.core import (
    AsyncAPIClient,
    AsyncPager,
    InvalidArgument,
    NotFound,
    NotSupported,
    Pager,
    SyncAPIClient,
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
from crmkit.prosperworks import AsyncClient, Client
from crmkit.prosperworks.emulator import ProsperWorksEmulator
from crmkit.prosperworks.unified import (
    ProsperWorksBackend,
    backend,
    from_unified_company,
    from_unified_contact,
    from_unified_deal,
    from_unified_event,
    to_unified_activity,
    to_unified_company,
    to_unified_contact,
    to_unified_deal,
    to_unified_event,
    to_unified_task,
)

# -- mappings on the samples -----------------------------------------------------------------


def test_person_sample_to_contact() -> None:
    c = to_unified_contact(sample("PERSON_SAMPLE"))
    assert (c.remote_id, c.vendor, c.name) == ("1", "prosperworks", "Jon Lee")
    assert c.emails[0] == EmailAddress(address="support@prosperworks.com", label="work")
    assert c.phones[1] == PhoneNumber(number="415-555-1212", label="work")
    assert c.addresses == [
        Address(
            street="221 Main Street Suite 1350",
            city="San Francisco",
            state="CA",
            postal_code="94107",
            country="US",
        )
    ]
    assert Website(url="https://www.facebook.com/ProsperWorks", label="facebook") in c.websites
    assert (c.company_id, c.company_name, c.owner_id) == ("1", "ProsperWorks", "1")
    assert c.description == "Founder of the simple CRM for Google Apps"
    assert c.custom_fields == {"123": "string value", "456": "06/20/2015"}
    assert c.created_at == datetime(2015, 1, 1, tzinfo=UTC)
    assert c.updated_at is not None and c.updated_at.tzinfo is UTC
    assert c.remote_data == sample("PERSON_SAMPLE")


def test_contact_to_person_payload() -> None:
    contact = to_unified_contact(sample("PERSON_SAMPLE"))
    mapped = from_unified_contact(contact)
    wire = sample("PERSON_SAMPLE")
    for key in (
        "name",
        "emails",
        "phone_numbers",
        "address",
        "title",
        "tags",
        "details",
        "custom_fields",
        "company_id",
        "websites",
        "socials",
    ):
        assert mapped.payload[key] == wire[key], key
    assert mapped.payload["assignee_id"] == 1
    assert mapped.dropped == ("company_name",)  # derived by ProsperWorks, not writable


def test_contact_fields_prosperworks_cannot_hold_are_reported() -> None:
    contact = Contact(
        name="Ann",
        external_id="crm-7",
        addresses=[Address(city="A", label="home"), Address(city="B")],
        custom_fields={"Region": "EU", "5": "x"},
        company_id="not-a-number",
    )
    mapped = from_unified_contact(contact)
    assert set(mapped.dropped) == {
        "external_id",
        "addresses[0].label",
        "addresses[1:]",
        "custom_fields.Region",
        "company_id",
    }
    assert mapped.payload["address"]["city"] == "A"
    assert mapped.payload["custom_fields"] == [{"custom_field_definition_id": 5, "value": "x"}]


def test_only_set_fields_are_written() -> None:
    assert from_unified_contact(Contact(title="CTO")).payload == {"title": "CTO"}
    assert from_unified_contact(Contact(title=None)).payload == {"title": None}


def test_first_and_last_name_become_the_name() -> None:
    assert from_unified_contact(Contact(first_name="Ada", last_name="Lovelace")).payload == {
        "name": "Ada Lovelace"
    }
    mapped = from_unified_contact(Contact(name="Ada King", first_name="Ada", last_name="Lovelace"))
    assert mapped.payload == {"name": "Ada King"} and mapped.dropped == ("first_name", "last_name")


def test_company_both_ways() -> None:
    wire = {
        "id": 3,
        "name": "Vandelay",
        "email_domain": "vandelay.example",
        "phone_numbers": [{"number": "1", "category": "work"}],
        "tags": ["import"],
        "address": None,
        "assignee_id": None,
        "details": None,
        "websites": [],
        "socials": [],
        "date_created": 1,
        "date_modified": 2,
    }
    company = to_unified_company(wire)
    assert (company.name, company.domain, company.tags) == (
        "Vandelay",
        "vandelay.example",
        ["import"],
    )
    mapped = from_unified_company(company)
    assert mapped.payload["email_domain"] == "vandelay.example"
    assert from_unified_company(Company(emails=[EmailAddress(address="a@b.c")])).dropped == (
        "emails",
    )


def test_opportunity_sample_to_deal_and_back() -> None:
    deal = to_unified_deal(sample("OPPORTUNITY_SAMPLE"))
    assert deal.amount == Decimal("77000") and isinstance(deal.amount, Decimal)
    assert (deal.currency, deal.status, deal.stage, deal.pipeline) == (
        "USD",
        "open",
        "2607171",
        "531482",
    )
    assert deal.close_date == date(2018, 11, 10)
    assert (deal.contact_id, deal.company_id, deal.probability) == ("67243374", "28729196", None)
    payload = from_unified_deal(deal).payload
    assert payload["close_date"] == "11/10/2018" and payload["monetary_value"] == 77000
    assert payload["status"] == "Open" and payload["pipeline_stage_id"] == 2607171
    assert from_unified_deal(Deal(status="pending")).dropped == ("status",)


def test_task_sample_to_event() -> None:
    event = to_unified_task(sample("TASK_SAMPLE"))
    assert (event.remote_id, event.type, event.subject, event.status) == (
        "task:3716920",
        "task",
        "My First Task",
        "open",
    )
    assert event.due_at == datetime.fromtimestamp(1496799000, UTC)
    assert event.owner_id == "137658"
    assert event.contact_id is event.company_id is event.deal_id is None  # a project parent
    assert to_unified_event(sample("TASK_SAMPLE")) == event


def test_activity_sample_to_event() -> None:
    event = to_unified_activity(sample("ACTIVITY_SAMPLE"))
    assert (event.remote_id, event.type, event.body) == (
        "activity:3061844454",
        "user:190711",
        "Demo phone call",
    )
    assert event.company_id == "9607580"
    assert event.occurred_at == datetime.fromtimestamp(1496710783, UTC)
    assert to_unified_event(sample("ACTIVITY_SAMPLE")) == event


def test_default_activity_types_get_words() -> None:
    wire = {**sample("ACTIVITY_SAMPLE"), "type": {"id": 1, "category": "user"}}
    assert to_unified_activity(wire).type == "call"


def test_a_deleted_activity_stub_is_a_deleted_event() -> None:
    event = to_unified_activity({"id": 5, "is_deleted": True})
    assert event.remote_was_deleted is True and event.remote_id == "activity:5"


def test_events_to_task_and_activity_payloads() -> None:
    due = datetime(2030, 1, 1, tzinfo=UTC)
    task = from_unified_event(
        Event(
            type="task", subject="Call", due_at=due, status="completed", deal_id="9", contact_id="3"
        )
    )
    assert task.payload == {
        "name": "Call",
        "due_date": int(due.timestamp()),
        "status": "Completed",
        "related_resource": {"id": 9, "type": "opportunity"},
    }
    assert task.dropped == ("contact_id",)
    activity = from_unified_event(
        Event(type="meeting", body="Met", contact_id="3", subject="ignored")
    )
    assert activity.payload == {
        "type": {"id": 2, "category": "user"},
        "details": "Met",
        "parent": {"id": 3, "type": "person"},
    }
    assert activity.dropped == ("subject",)
    odd = from_unified_event(Event(type="email", body="x", company_id="4"))
    assert odd.payload["type"] == {"id": 0, "category": "user"} and "type" in odd.dropped


# -- hypothesis: unified -> vendor -> unified ----------------------------------------------------

_word = st.text(alphabet=string.ascii_letters, min_size=1, max_size=10)
_label = st.none() | st.sampled_from(["work", "personal", "other", "mobile"])
_email = st.builds(
    lambda a, b, label: EmailAddress(address=f"{a}@{b}.example", label=label), _word, _word, _label
)
_phone = st.builds(
    lambda n, label: PhoneNumber(number=n, label=label),
    st.text(alphabet=string.digits + " +-", min_size=1, max_size=15),
    _label,
)
_site = st.builds(
    lambda w, label: Website(url=f"https://{w}.example", label=label),
    _word,
    st.none() | st.sampled_from(["work", "other", "linkedin", "twitter"]),
)
_address = st.builds(
    lambda s, c, p, n: Address(street=s, city=c, postal_code=p, country=n),
    st.none() | _word,
    st.none() | _word,
    st.none() | _word,
    st.none() | _word,
).filter(lambda a: any((a.street, a.city, a.postal_code, a.country)))
_ids = st.none() | st.integers(min_value=1, max_value=10**9).map(str)


def _as_wire(payload: dict[str, Any], rid: int = 7) -> dict[str, Any]:
    wire = {"id": rid, "date_created": 1_700_000_000, "date_modified": 1_700_000_100, **payload}
    return wire


@settings(max_examples=60, deadline=None)
@given(
    name=_word,
    emails=st.lists(_email, max_size=3),
    phones=st.lists(_phone, max_size=2),
    websites=st.lists(_site, max_size=3),
    addresses=st.lists(_address, max_size=1),
    title=st.none() | _word,
    company_id=_ids,
    owner_id=_ids,
    tags=st.lists(_word, max_size=3),
    description=st.none() | _word,
)
def test_contact_round_trips_unified_vendor_unified(**fields: Any) -> None:
    contact = Contact(**fields)
    mapped = from_unified_contact(contact)
    assert mapped.dropped == ()
    back = to_unified_contact(_as_wire(mapped.payload))
    for key, value in fields.items():
        got = getattr(back, key)
        if key == "websites":
            assert sorted(got, key=repr) == sorted(value, key=repr)
        else:
            assert got == value, key


@settings(max_examples=60, deadline=None)
@given(
    name=_word,
    amount=st.none() | st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False),
    currency=st.none() | st.sampled_from(["USD", "EUR"]),
    status=st.none() | st.sampled_from(["open", "won", "lost", "abandoned"]),
    stage=_ids,
    pipeline=_ids,
    probability=st.none() | st.integers(min_value=0, max_value=100),
    close_date=st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    company_id=_ids,
    contact_id=_ids,
    owner_id=_ids,
    tags=st.lists(_word, max_size=2),
    description=st.none() | _word,
)
def test_deal_round_trips_unified_vendor_unified(**fields: Any) -> None:
    if fields["status"] is None:
        del fields["status"]  # ProsperWorks always has a status
    mapped = from_unified_deal(Deal(**fields))
    assert mapped.dropped == ()
    back = to_unified_deal(_as_wire(mapped.payload))
    for key, value in fields.items():
        assert getattr(back, key) == value, key


@settings(max_examples=40, deadline=None)
@given(
    subject=_word,
    body=st.none() | _word,
    due_at=st.none()
    | st.integers(min_value=0, max_value=2**32).map(lambda s: datetime.fromtimestamp(s, UTC)),
    status=st.sampled_from(["open", "completed"]),
    owner_id=_ids,
    deal_id=_ids,
    tags=st.lists(_word, max_size=2),
)
def test_task_events_round_trip_unified_vendor_unified(**fields: Any) -> None:
    mapped = from_unified_event(Event(type="task", **fields))
    assert mapped.dropped == ()
    back = to_unified_task(_as_wire(mapped.payload))
    for key, value in fields.items():
        assert getattr(back, key) == value, key


# -- backend and capabilities --------------------------------------------------------------------


def test_the_registry_names_the_backend_client_and_emulator() -> None:
    spec = get_vendor("prosperworks")
    assert spec.load("client") is Client and spec.load("async_client") is AsyncClient
    assert isinstance(spec.load("unified")({"email": "a@b.c", "token": "t"}), ProsperWorksBackend)
    emu = spec.load("emulator")(None)
    assert isinstance(emu, ProsperWorksEmulator)


def test_capabilities() -> None:
    caps = backend(ProsperWorksBackend.demo_settings()).capabilities()
    assert set(caps) == {"contacts", "companies", "deals", "events"}
    assert caps["contacts"].updated_since == "server" and caps["contacts"].sorted_by_updated
    assert caps["contacts"].match_keys == ("email",) and caps["contacts"].supports("find")
    assert caps["companies"].match_keys == ("domain",)
    assert not caps["deals"].supports("find") and caps["deals"].max_page_size == 200
    assert caps["events"].updated_since == "client" and not caps["events"].sorted_by_updated


def test_unsupported_operations_raise_before_any_request() -> None:
    adapters = backend(ProsperWorksBackend.demo_settings()).adapters
    with pytest.raises(NotSupported):
        adapters["deals"].find("email", "x@y.z")
    with pytest.raises(NotSupported):
        adapters["contacts"].find("external_id", "7")


def test_bad_remote_ids_and_naive_datetimes_are_refused() -> None:
    adapters = backend(ProsperWorksBackend.demo_settings()).adapters
    with pytest.raises(InvalidArgument):
        adapters["contacts"].get("abc")
    with pytest.raises(InvalidArgument):
        adapters["events"].get("7")
    with pytest.raises(InvalidArgument):
        adapters["contacts"].list(updated_since=datetime(2024, 1, 1))


# -- adapters against the emulator -------------------------------------------------------------


@pytest.fixture
def api(demo: ProsperWorksEmulator) -> Iterator[SyncAPIClient]:
    b = backend(ProsperWorksBackend.demo_settings())
    client = b.api_client(transport=demo.transport(), rate_limit=None, max_retries=0)
    assert isinstance(client, SyncAPIClient)
    with client:
        yield client


@pytest.fixture
async def aapi(demo: ProsperWorksEmulator) -> AsyncIterator[AsyncAPIClient]:
    b = backend(ProsperWorksBackend.demo_settings())
    client = b.api_client(asynchronous=True, transport=demo.transport(), rate_limit=None)
    assert isinstance(client, AsyncAPIClient)
    async with client:
        yield client


@pytest.fixture
def adapters() -> Any:
    return backend(ProsperWorksBackend.demo_settings()).adapters


def test_contacts_list_is_sorted_by_updated_and_filtered(api: SyncAPIClient, adapters: Any) -> None:
    everyone = list(Pager(api, adapters["contacts"].list(page_size=100)))
    assert len(everyone) == 250
    stamps = [c.updated_at for c in everyone]
    assert stamps == sorted(stamps)
    since = datetime(2025, 1, 1, tzinfo=UTC) - timedelta(hours=3)
    recent = list(Pager(api, adapters["contacts"].list(updated_since=since)))
    assert [c.name for c in recent][-2:] == ["Bones Johannson", "Steve Cognito"]
    assert all(c.updated_at >= since for c in recent)


def test_contacts_crud_and_find(
    api: SyncAPIClient, adapters: Any, demo: ProsperWorksEmulator
) -> None:
    contacts = adapters["contacts"]
    created = api.send(
        contacts.create(
            Contact(
                name="Ada Lovelace",
                external_id="x-1",
                emails=[EmailAddress(address="ada@x.example")],
            )
        )
    )
    assert created.remote_id == "251" and created.dropped_fields == ("external_id",)
    assert api.send(contacts.get("251")).first_name == "Ada"
    updated = api.send(contacts.update("251", Contact(title="Countess")))
    assert (updated.title, updated.name) == ("Countess", "Ada Lovelace")
    assert [c.remote_id for c in api.send(contacts.find("email", "ADA@x.example"))] == ["251"]
    assert api.send(contacts.find("email", "nobody@x.example")) == []
    assert api.send(contacts.delete("251")) is None
    with pytest.raises(NotFound):
        api.send(contacts.get("251"))


def test_companies_crud_and_find(api: SyncAPIClient, adapters: Any) -> None:
    companies = adapters["companies"]
    created = api.send(companies.create(Company(name="Vandelay", domain="vandelay.example")))
    found = api.send(companies.find("domain", "vandelay.example"))
    assert [c.remote_id for c in found] == [created.remote_id]
    assert api.send(companies.update(created.remote_id, Company(tags=["import"]))).tags == [
        "import"
    ]
    assert len(list(Pager(api, companies.list()))) == 51
    api.send(companies.delete(created.remote_id))


def test_deals_crud(api: SyncAPIClient, adapters: Any) -> None:
    deals = adapters["deals"]
    created = api.send(
        deals.create(
            Deal(
                name="Latex",
                amount=Decimal("1234.50"),
                contact_id="1",
                close_date=date(2027, 1, 23),
                status="won",
            )
        )
    )
    assert (created.amount, created.status, created.stage) == (Decimal("1234.5"), "won", "1")
    assert created.company_id == api.send(adapters["contacts"].get("1")).company_id
    moved = api.send(deals.update(created.remote_id, Deal(stage="3")))
    assert (moved.stage, moved.probability) == ("3", 50)
    assert api.send(deals.get(created.remote_id)).close_date == date(2027, 1, 23)
    api.send(deals.delete(created.remote_id))


def test_events_list_chains_tasks_then_activities(
    api: SyncAPIClient, adapters: Any, demo: ProsperWorksEmulator
) -> None:
    events = list(Pager(api, adapters["events"].list(page_size=25)))
    kinds = [e.remote_id.split(":")[0] for e in events]
    assert kinds.count("task") == len(demo.tasks) and kinds.count("activity") == len(
        demo.activities
    )
    assert kinds.index("activity") == len(demo.tasks)  # all tasks first


def test_events_crud_for_tasks_and_activities(api: SyncAPIClient, adapters: Any) -> None:
    events = adapters["events"]
    task = api.send(events.create(Event(type="task", subject="Ring", contact_id="1")))
    assert task.remote_id.startswith("task:") and task.contact_id == "1"
    done = api.send(events.update(task.remote_id, Event(status="completed")))
    assert done.status == "completed" and done.completed_at is not None
    note = api.send(events.create(Event(type="note", body="Met at the fair", company_id="2")))
    assert note.remote_id.startswith("activity:") and note.type == "note"
    assert api.send(events.get(note.remote_id)).body == "Met at the fair"
    assert api.send(events.update(note.remote_id, Event(body="edited"))).body == "edited"
    api.send(events.delete(note.remote_id))
    assert api.send(events.get(note.remote_id)).remote_was_deleted is True
    api.send(events.delete(task.remote_id))


async def test_adapters_run_on_the_async_client(aapi: AsyncAPIClient, adapters: Any) -> None:
    contacts = adapters["contacts"]
    names = [c.name async for c in AsyncPager(aapi, contacts.list())]
    assert len(names) == 250 and names[-1] == "Steve Cognito"
    created = await aapi.send(contacts.create(Contact(name="Async Ann")))
    assert (await aapi.send(contacts.get(created.remote_id))).name == "Async Ann"
    await aapi.send(contacts.update(created.remote_id, Contact(title="CTO")))
    found = await aapi.send(contacts.find("email", "steve@example.org"))
    assert [c.remote_id for c in found] == ["1"]
    await aapi.send(contacts.delete(created.remote_id))
    events = [e async for e in AsyncPager(aapi, adapters["events"].list(page_size=50))]
    assert events[0].remote_id.startswith("task:")
    deal = await aapi.send(adapters["deals"].create(Deal(name="D", contact_id="2")))
    assert deal.status == "open"
    company = await aapi.send(adapters["companies"].create(Company(name="Async Co")))
    await aapi.send(adapters["companies"].delete(company.remote_id))


def test_vendor_client_wraps_the_same_core_client(api: SyncAPIClient) -> None:
    b = backend(ProsperWorksBackend.demo_settings())
    typed = b.vendor_client(api)
    assert isinstance(typed, Client) and typed.api is api
    assert typed.people.get(1).name == "Steve Cognito"
    assert b.rate_limit == (180.0, 60.0)


def test_demo_settings_reach_the_seeded_demo_data() -> None:
    emu = make_emulator("demo", rate_limit=None)
    b = backend(ProsperWorksBackend.demo_settings())
    with b.api_client(transport=emu.transport()) as client:
        assert isinstance(client, SyncAPIClient)
        assert client.send(b.adapters["contacts"].get("1")).name == "Steve Cognito"


def test_errors_from_adapters_are_prospyr_classes_too(api: SyncAPIClient, adapters: Any) -> None:
    from crmkit.prosperworks import NotFound as ProspyrNotFound

    with pytest.raises(ProspyrNotFound) as info:
        api.send(adapters["deals"].get("99999"))
    assert isinstance(info.value, NotFound)


def test_the_unified_client_serves_contacts_from_the_emulator() -> None:
    import crmkit

    emu = make_emulator("demo", rate_limit=None)
    crm = crmkit.connect(
        "prosperworks",
        transport=emu.transport(),
        rate_limit=None,
        **ProsperWorksBackend.demo_settings(),
    )
    with crm:
        newest = list(crm.contacts.list())[-1]
        assert newest.name == "Steve Cognito"
        created = crm.contacts.create(
            Contact(name="Via Unified", emails=[EmailAddress(address="u@x.example")])
        )
        assert crm.contacts.get(created.remote_id).emails[0].address == "u@x.example"
        assert isinstance(crm.vendor_client, Client)


async def test_the_async_unified_client_serves_events() -> None:
    import crmkit

    emu = make_emulator("demo", rate_limit=None)
    async with crmkit.aconnect(
        "prosperworks",
        transport=emu.transport(),
        rate_limit=None,
        **ProsperWorksBackend.demo_settings(),
    ) as crm:
        events = [e async for e in crm.events.list()]
        assert len(events) == len(emu.tasks) + len(emu.activities)


def test_settings_base_url_is_the_root() -> None:
    b = ProsperWorksBackend(
        {**ProsperWorksBackend.demo_settings(), "base_url": "http://127.0.0.1:8001/developer_api/"}
    )
    with b.api_client() as client:
        assert str(client.base_url) == "http://127.0.0.1:8001/developer_api/v1/"
