"""The unified mapping (both ways, on the vendor file's samples), its round trip, and every
adapter operation against the emulator through a core client (sync and async)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.spreedly import TOKEN, sample

import crmkit.core as core
from crmkit.core import AsyncAPIClient, AsyncPager, Pager, SyncAPIClient, get_vendor
from crmkit.core.unified import (
    Address,
    Company,
    Contact,
    EmailAddress,
    PhoneNumber,
    Subscription,
    Website,
)
from crmkit.spreedly import AsyncSpreedly, Spreedly, _xml
from crmkit.spreedly.emulator import FREE_TRIAL_PLAN_ID, MONTHLY_PLAN_ID, SpreedlyEmulator
from crmkit.spreedly.unified import (
    SpreedlyBackend,
    backend,
    from_unified_contact,
    to_unified_contact,
    to_unified_plan,
    to_unified_subscription,
)

# -- mappings on the vendor samples ---------------------------------------------------------------


def _wire(name: str) -> Any:
    return _xml.decode(_xml.parse(sample(name)))


def test_sample_subscriber_to_contact() -> None:
    contact = to_unified_contact(_wire("create_reply"))
    assert contact.remote_id == "3" and contact.external_id == "3"
    assert contact.vendor == "spreedly"
    assert contact.name == "tester"
    assert contact.first_name is None and contact.emails == [] and contact.addresses == []
    assert contact.created_at == datetime(2013, 1, 28, 4, 2, 36, tzinfo=UTC)
    assert contact.remote_data is not None
    assert contact.remote_data["store-credit"] == "0.0"  # the untouched wire text
    assert contact.remote_data["created-at"] == "2013-01-28T04:02:36Z"


def test_full_subscriber_to_contact() -> None:
    wire = {
        **_wire("create_reply"),
        "email": "ada@example.org",
        "billing-first-name": "Ada",
        "billing-last-name": "Lovelace",
        "billing-address1": "12 St James's Sq",
        "billing-city": "London",
        "billing-zip": "SW1Y 4JH",
        "billing-country": "GB",
        "billing-phone-number": "+44 20 7946 0000",
    }
    contact = to_unified_contact(wire)
    assert contact.emails == [EmailAddress(address="ada@example.org")]
    assert contact.phones == [PhoneNumber(number="+44 20 7946 0000")]
    assert contact.addresses == [
        Address(street="12 St James's Sq", city="London", postal_code="SW1Y 4JH", country="GB")
    ]
    assert contact.display_name == "tester"


def test_an_email_that_is_not_an_address_is_kept_in_custom_fields() -> None:
    contact = to_unified_contact({**_wire("create_reply"), "email": "not-an-email"})
    assert contact.emails == [] and contact.custom_fields == {"email": "not-an-email"}


def test_contact_to_subscriber_fields_and_dropped() -> None:
    contact = Contact(
        name="ada",
        first_name="Ada",
        last_name="Lovelace",
        emails=[EmailAddress(address="ada@example.org"), EmailAddress(address="a2@example.org")],
        phones=[PhoneNumber(number="+44 1")],
        addresses=[Address(city="London", country="GB")],
        title="Countess",
        tags=["math"],
        websites=[Website(url="https://ada.example")],
    )
    mapped = from_unified_contact(contact)
    assert mapped.payload == {
        "screen-name": "ada",
        "billing-first-name": "Ada",
        "billing-last-name": "Lovelace",
        "email": "ada@example.org",
        "billing-phone-number": "+44 1",
        "billing-address1": "",
        "billing-city": "London",
        "billing-state": "",
        "billing-zip": "",
        "billing-country": "GB",
    }
    assert set(mapped.dropped) == {"emails", "title", "tags", "websites"}


def test_partial_contact_maps_only_the_fields_set() -> None:
    mapped = from_unified_contact(Contact(first_name="Ada", emails=[]))
    assert mapped.payload == {"billing-first-name": "Ada", "email": ""}
    assert mapped.dropped == ()


def test_subscriber_on_a_plan_to_subscription() -> None:
    wire = {
        **_wire("create_reply"),
        "active": True,
        "recurring": True,
        "active-until": datetime(2013, 2, 28, tzinfo=UTC),
        "subscription-plan-name": "Standard Monthly",
        "feature-level": "Standard",
        "subscription-plan-version": {
            "id": 30002,
            "subscription-plan-id": MONTHLY_PLAN_ID,
            "amount": Decimal("29.0"),
            "currency-code": "USD",
        },
    }
    sub = to_unified_subscription(wire)
    assert (sub.remote_id, sub.contact_id, sub.plan_id) == ("3", "3", str(MONTHLY_PLAN_ID))
    assert sub.status == "active" and sub.auto_renew is True
    assert sub.amount == Decimal("29.0") and sub.currency == "USD"
    assert sub.active_until == datetime(2013, 2, 28, tzinfo=UTC)


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({}, "inactive"),
        ({"active": True, "on-trial": True}, "trial"),
        ({"active-until": datetime(2013, 1, 1, tzinfo=UTC)}, "lapsed"),
        ({"in-grace-period": True}, "grace"),
    ],
)
def test_subscription_status(changes: dict[str, Any], status: str) -> None:
    assert to_unified_subscription({**_wire("create_reply"), **changes}).status == status


def test_sample_plan_to_plan() -> None:
    [plan_wire] = _wire("plans_reply")
    plan = to_unified_plan(plan_wire)
    assert plan.remote_id == "12345" and plan.name == "Trial"
    assert plan.trial is True and plan.active is True
    assert plan.amount == Decimal("0.0")  # from price when amount is absent
    assert (plan.interval_count, plan.interval_unit) == (0, "days")
    assert plan.custom_fields["terms"] == "Lifetime"


# -- round trip: unified -> vendor -> unified (hypothesis) ----------------------------------------

_word = (
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ éü-'", min_size=1, max_size=12)
    .map(str.strip)
    .filter(bool)
)
_holdable_contact = st.builds(
    Contact,
    name=st.one_of(st.none(), _word),
    first_name=st.one_of(st.none(), _word),
    last_name=st.one_of(st.none(), _word),
    emails=st.lists(
        st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.example", fullmatch=True).map(
            lambda a: EmailAddress(address=a)
        ),
        max_size=1,
    ),
    phones=st.lists(
        st.from_regex(r"\+[0-9]{2} [0-9]{3} [0-9]{4}", fullmatch=True).map(
            lambda n: PhoneNumber(number=n)
        ),
        max_size=1,
    ),
    addresses=st.lists(
        st.builds(Address, street=_word, city=st.one_of(st.none(), _word), country=_word),
        max_size=1,
    ),
)

_HELD = ("name", "first_name", "last_name", "emails", "phones", "addresses")


@given(_holdable_contact)
def test_contact_round_trips_through_subscriber_fields(contact: Contact) -> None:
    mapped = from_unified_contact(contact)
    assert mapped.dropped == ()
    # What Spreedly stores and sends back: the create reply with these fields set.
    wire = {**_wire("create_reply"), **mapped.payload}
    body = _xml.document("subscriber", wire)
    again = to_unified_contact(_xml.decode(_xml.parse(body)))
    assert again.model_dump(include=set(_HELD)) == contact.model_dump(include=set(_HELD))


# -- adapters against the emulator ----------------------------------------------------------------


@pytest.fixture
def backend_(emulator: SpreedlyEmulator) -> SpreedlyBackend:
    return backend({"token": core.Secret(TOKEN), "site_name": "demo-test"})


@pytest.fixture
def api(
    backend_: SpreedlyBackend, emulator: SpreedlyEmulator, mode: str
) -> SyncAPIClient | AsyncAPIClient:
    return backend_.api_client(
        asynchronous=mode == "async", transport=emulator.transport(), max_retries=0
    )


def run(api: SyncAPIClient | AsyncAPIClient, op: Any) -> Any:
    if isinstance(api, AsyncAPIClient):
        return asyncio.run(_send(api, op))
    return api.send(op)


async def _send(api: AsyncAPIClient, op: Any) -> Any:
    return await api.send(op)


def listing(api: SyncAPIClient | AsyncAPIClient, paginator: Any) -> list[Any]:
    if isinstance(api, AsyncAPIClient):
        return asyncio.run(AsyncPager(api, paginator).to_list())
    return Pager(api, paginator).to_list()


def _contacts(backend_: SpreedlyBackend) -> Any:
    return backend_.adapters["contacts"]


def test_capabilities(backend_: SpreedlyBackend) -> None:
    caps = backend_.capabilities()
    assert set(caps) == {"contacts", "subscriptions", "plans"}
    assert caps["contacts"].updated_since == "client"
    assert caps["contacts"].match_keys == ("external_id", "email")
    assert caps["subscriptions"].operations == frozenset({"list", "get", "find"})
    assert "companies" not in backend_.adapters


def test_contact_create_get_update_find_delete(
    backend_: SpreedlyBackend, api: Any, emulator: SpreedlyEmulator
) -> None:
    contacts = _contacts(backend_)
    created = run(
        api,
        contacts.create(
            Contact(
                external_id="crm-1",
                name="Ada",
                emails=[EmailAddress(address="ada@example.org")],
                title="Countess",
            )
        ),
    )
    assert created.remote_id == "crm-1" and created.dropped_fields == ("title",)
    assert run(api, contacts.get("crm-1")).primary_email == "ada@example.org"
    updated = run(api, contacts.update("crm-1", Contact(last_name="Lovelace")))
    assert updated.last_name == "Lovelace" and updated.primary_email == "ada@example.org"
    assert [c.remote_id for c in run(api, contacts.find("external_id", "crm-1"))] == ["crm-1"]
    assert run(api, contacts.find("external_id", "nobody")) == []
    assert [c.remote_id for c in run(api, contacts.find("email", "ADA@example.org"))] == ["crm-1"]
    run(api, contacts.delete("crm-1"))
    assert run(api, contacts.find("external_id", "crm-1")) == []


def test_contact_without_external_id_gets_a_fresh_customer_id(
    backend_: SpreedlyBackend, api: Any
) -> None:
    created = run(api, _contacts(backend_).create(Contact(first_name="Anon")))
    assert len(created.remote_id) == 32
    assert created.name == "Anon"  # the screen name falls back to the display name


def test_contact_update_with_a_new_external_id_renames(backend_: SpreedlyBackend, api: Any) -> None:
    contacts = _contacts(backend_)
    run(api, contacts.create(Contact(external_id="old", name="x")))
    renamed = run(api, contacts.update("old", Contact(external_id="new")))
    assert renamed.remote_id == "new"


def test_contact_create_reconciles_an_ambiguous_failure(
    backend_: SpreedlyBackend, api: Any, emulator: SpreedlyEmulator
) -> None:
    from support.spreedly import ScriptedFaults

    from crmkit.core.emulator import FaultDecision

    emulator.faults = ScriptedFaults(FaultDecision(drop="after"))
    created = run(api, _contacts(backend_).create(Contact(external_id="amb", name="a")))
    assert created.remote_id == "amb"
    assert len(emulator.site("demo-test").subscribers) == 1


def test_contact_list_filters_on_updated_since(
    emulator: SpreedlyEmulator, mode: str, clock: Any
) -> None:
    b = backend({**SpreedlyBackend.demo_settings(), "token": TOKEN})
    api = b.api_client(asynchronous=mode == "async", transport=emulator.transport())
    everyone = listing(api, b.adapters["contacts"].list())
    assert len(everyone) == 10
    cutoff = sorted(c.updated_at for c in everyone)[5]
    recent = listing(api, b.adapters["contacts"].list(updated_since=cutoff))
    assert recent and all(c.updated_at >= cutoff for c in recent)
    assert len(recent) < len(everyone)


def test_subscriptions_list_get_find(emulator: SpreedlyEmulator, mode: str) -> None:
    b = backend({**SpreedlyBackend.demo_settings(), "token": TOKEN})
    api = b.api_client(asynchronous=mode == "async", transport=emulator.transport())
    subs = b.adapters["subscriptions"]
    listed = listing(api, subs.list())
    assert listed and all(isinstance(s, Subscription) for s in listed)
    assert len(listed) < 10  # never-subscribed subscribers are left out
    statuses = {s.status for s in listed}
    assert {"trial", "active"} <= statuses
    trial = next(s for s in listed if s.status == "trial")
    assert trial.plan_id == str(FREE_TRIAL_PLAN_ID)
    assert run(api, subs.get(trial.remote_id)).status == "trial"
    assert [s.contact_id for s in run(api, subs.find("contact_id", trial.contact_id))] == [
        trial.contact_id
    ]
    assert run(api, subs.find("contact_id", "nobody")) == []


def test_plans_list_and_get(backend_: SpreedlyBackend, api: Any) -> None:
    plans = backend_.adapters["plans"]
    listed = listing(api, plans.list())
    assert len(listed) == 6
    monthly = run(api, plans.get(str(MONTHLY_PLAN_ID)))
    assert monthly.amount == Decimal("29.0") and monthly.trial is False
    with pytest.raises(core.NotFound):
        run(api, plans.get("9"))
    future = datetime.now(UTC) + timedelta(days=1)
    assert listing(api, plans.list(updated_since=future)) == []


@pytest.mark.parametrize(
    ("entity", "call"),
    [
        ("subscriptions", lambda a: a.create(Subscription(plan_id="1"))),
        ("subscriptions", lambda a: a.delete("1")),
        ("plans", lambda a: a.update("1", core.unified.Plan(name="x"))),
        ("plans", lambda a: a.find("name", "x")),
        ("contacts", lambda a: a.find("phone", "1")),
    ],
)
def test_unsupported_operations_raise_before_any_request(
    backend_: SpreedlyBackend, emulator: SpreedlyEmulator, entity: str, call: Any
) -> None:
    with pytest.raises(core.NotSupported):
        call(backend_.adapters[entity])
    assert len(emulator.requests) == 0


def test_no_companies_adapter(backend_: SpreedlyBackend) -> None:
    assert Company.entity not in backend_.adapters


# -- the backend ----------------------------------------------------------------------------------


def test_demo_settings_reach_the_seeded_demo_site(emulator: SpreedlyEmulator) -> None:
    b = backend(SpreedlyBackend.demo_settings())
    with b.api_client(transport=emulator.transport()) as api:
        assert len(listing(api, b.adapters["contacts"].list())) == 10


def test_vendor_client_is_the_typed_client(emulator: SpreedlyEmulator) -> None:
    b = backend(SpreedlyBackend.demo_settings())
    sync_api = b.api_client(transport=emulator.transport())
    typed = b.vendor_client(sync_api)
    assert isinstance(typed, Spreedly) and typed.site_name == "demo"
    assert typed.subscribers.get("1").customer_id == "1"
    async_api = b.api_client(asynchronous=True, transport=emulator.transport())
    assert isinstance(b.vendor_client(async_api), AsyncSpreedly)


def test_api_client_honours_base_url_and_options_override_it() -> None:
    b = backend({**SpreedlyBackend.demo_settings(), "base_url": "http://127.0.0.1:8002/"})
    assert str(b.api_client().base_url) == "http://127.0.0.1:8002/api/v4/demo/"
    other = b.api_client(base_url="https://subs.example/")
    assert str(other.base_url) == "https://subs.example/api/v4/demo/"


def test_missing_site_name_is_a_configuration_error() -> None:
    with pytest.raises(core.ConfigurationError):
        backend({"token": TOKEN})


def test_spec_names_every_part() -> None:
    spec = get_vendor("spreedly")
    assert spec.load("client") is Spreedly
    assert spec.load("async_client") is AsyncSpreedly
    assert spec.load("unified") is SpreedlyBackend
    emulator = spec.load("emulator")(core.emulator.EmulatorOptions(records=3))
    assert len(emulator.site("demo").subscribers) == 3
    assert emulator.root == "/"


def test_crmkit_connect_lists_creates_and_gets_contacts(emulator: SpreedlyEmulator) -> None:
    import crmkit

    crm = crmkit.connect(
        "spreedly", transport=emulator.transport(), **SpreedlyBackend.demo_settings()
    )
    with crm:
        assert len(crm.contacts.list()) == 10
        created = crm.contacts.create(
            Contact(external_id="via-connect", name="Vic", emails=[EmailAddress(address="v@x.io")])
        )
        assert crm.contacts.get(created.remote_id).primary_email == "v@x.io"
        assert crm.contacts.find("email", "v@x.io")[0].remote_id == "via-connect"
        recent = crm.contacts.list(updated_since=datetime(2024, 3, 10, 11, tzinfo=UTC))
        assert [c.remote_id for c in recent] == ["via-connect"]
        assert crm.plans.get(str(FREE_TRIAL_PLAN_ID)).trial is True
        assert isinstance(crm.vendor_client, Spreedly)


async def test_crmkit_aconnect_lists_subscriptions(emulator: SpreedlyEmulator) -> None:
    import crmkit

    async with crmkit.aconnect(
        "spreedly", transport=emulator.transport(), **SpreedlyBackend.demo_settings()
    ) as crm:
        subs = await crm.subscriptions.list().to_list()
        assert subs and {s.status for s in subs} <= {"trial", "active", "lapsed", "grace"}
