"""The unified layer: companies from GET /entity, both mappings, the backend and its adapter."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.procuret import Clock, make_emulator

from crmkit.core import (
    AsyncAPIClient,
    ConfigurationError,
    InvalidArgument,
    NotFound,
    NotSupported,
    Secret,
    SyncAPIClient,
    get_vendor,
)
from crmkit.core.unified import Address, Company
from crmkit.procuret import AsyncClient, Client
from crmkit.procuret.emulator import DEMO_API_KEY, DEMO_SESSION_ID, ProcuretEmulator
from crmkit.procuret.emulator._data import build_fixtures
from crmkit.procuret.unified import (
    COMPANY_CAPABILITIES,
    ProcuretBackend,
    backend,
    from_unified_company,
    to_unified_company,
)

ENTITY = build_fixtures().entities[4000]


def test_entity_maps_to_a_company() -> None:
    company = to_unified_company(ENTITY)
    assert (company.remote_id, company.vendor, company.name) == (
        "4000",
        "procuret",
        "Example Supplier Pty Ltd",
    )
    assert company.addresses == [
        Address(
            street="1 Example Street",
            city="Sydney",
            state="NSW",
            postal_code="2000",
            country="AU",
            label="business",
        )
    ]
    assert company.custom_fields == {"public_id_short": "EXS4000", "abn": "53004085616"}
    assert company.remote_data == ENTITY
    assert company.updated_at is None


def test_company_maps_back_reporting_what_procuret_cannot_hold() -> None:
    company = Company(
        name="Acme Pty Ltd",
        domain="acme.example",
        description="ours",
        addresses=[Address(street="1 A St\nLevel 2", city="Perth"), Address(city="Other")],
        custom_fields={"abn": "1234", "colour": "blue"},
    )
    mapped = from_unified_company(company)
    assert mapped.payload["legal_entity_name"] == "Acme Pty Ltd"
    assert mapped.payload["business_address"]["line_2"] == "Level 2"
    assert mapped.payload["entity_identifiers"] == [{"id": "1234", "id_type": 1}]
    assert set(mapped.dropped) == {
        "description",
        "domain",
        "addresses[1:]",
        "custom_fields.colour",
    }
    assert company.dropped_fields == mapped.dropped


_line = (
    st.text(alphabet="abcdefghij klmnop0123456789", min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)


@given(
    name=st.text(min_size=1, max_size=40),
    lines=st.lists(_line, min_size=1, max_size=4),
    city=_line,
    state=st.none() | st.sampled_from(["NSW", "VIC", "QLD"]),
    postal=st.from_regex(r"\d{4}", fullmatch=True),
    country=st.none() | st.sampled_from(["AU", "NZ"]),
    abn=st.none() | st.from_regex(r"\d{11}", fullmatch=True),
)
def test_unified_to_procuret_to_unified_keeps_what_procuret_holds(
    name: str,
    lines: list[str],
    city: str,
    state: str | None,
    postal: str,
    country: str | None,
    abn: str | None,
) -> None:
    original = Company(
        name=name,
        addresses=[
            Address(
                street="\n".join(lines),
                city=city,
                state=state,
                postal_code=postal,
                country=country,
                label="business",
            )
        ],
        custom_fields={"abn": abn} if abn else {},
    )
    mapped = from_unified_company(original)
    assert mapped.dropped == ()
    back = to_unified_company({"public_id": 1, **mapped.payload})
    assert back.content() == original.content()


# -- the adapter and backend against the emulator -----------------------------------------------


@pytest.fixture
def settings() -> dict[str, Any]:
    return dict(ProcuretBackend.demo_settings())


def test_capabilities_are_honest(settings: dict[str, Any]) -> None:
    caps = backend(settings).capabilities()
    assert set(caps) == {"companies"}
    assert caps["companies"] == COMPANY_CAPABILITIES
    assert caps["companies"].operations == frozenset({"get"})
    assert caps["companies"].updated_since == "none"


def test_get_company_sync(
    emulator: ProcuretEmulator, clock: Clock, settings: dict[str, Any]
) -> None:
    impl = backend(settings)
    api = impl.api_client(transport=emulator.transport(), clock=clock)
    assert isinstance(api, SyncAPIClient)
    company = api.send(impl.adapters["companies"].get("4000"))
    assert company.name == "Example Supplier Pty Ltd"
    with pytest.raises(NotFound):
        api.send(impl.adapters["companies"].get("1"))


async def test_get_company_async(
    emulator: ProcuretEmulator, clock: Clock, settings: dict[str, Any]
) -> None:
    impl = backend(settings)
    api = impl.api_client(asynchronous=True, transport=emulator.transport(), clock=clock)
    assert isinstance(api, AsyncAPIClient)
    company = await api.send(impl.adapters["companies"].get("9007199254740993"))
    assert company.remote_id == "9007199254740993"


@pytest.mark.parametrize(
    "call",
    [
        lambda a: a.list(),
        lambda a: a.create(Company(name="x")),
        lambda a: a.update("4000", Company(name="x")),
        lambda a: a.delete("4000"),
        lambda a: a.find("email", "a@b.c"),
    ],
)
def test_unsupported_operations_raise_before_any_request(
    call: Any, settings: dict[str, Any]
) -> None:
    with pytest.raises(NotSupported):
        call(backend(settings).adapters["companies"])


def test_bad_remote_id_is_refused(settings: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument):
        backend(settings).adapters["companies"].get("../4000")


def test_demo_settings_reach_the_seeded_links_through_the_vendor_client(
    settings: dict[str, Any], clock: Clock
) -> None:
    emulator = make_emulator(clock, records=12)
    impl = backend(settings)
    vendor = impl.vendor_client(impl.api_client(transport=emulator.transport(), clock=clock))
    assert isinstance(vendor, Client)
    assert len(vendor.instalment_links.list()) == 12


async def test_vendor_client_is_async_for_an_async_api(
    settings: dict[str, Any], emulator: ProcuretEmulator, clock: Clock
) -> None:
    impl = backend(settings)
    vendor = impl.vendor_client(
        impl.api_client(asynchronous=True, transport=emulator.transport(), clock=clock)
    )
    assert isinstance(vendor, AsyncClient)
    assert (await vendor.xero.entity_map(4000)).entity_id == 4000


def test_settings_accept_plain_strings_and_secrets() -> None:
    plain = backend({"session_id": str(DEMO_SESSION_ID), "api_key": DEMO_API_KEY}).session()
    secret = backend(
        {"session_id": DEMO_SESSION_ID, "api_key": Secret(DEMO_API_KEY), "lifecycle": "1"}
    ).session()
    assert plain.api_key == secret.api_key == DEMO_API_KEY
    assert int(secret.lifecycle) == 1


def test_missing_credentials_are_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="session_id and api_key"):
        backend({}).api_client()


def test_settings_base_url_is_honoured(settings: dict[str, Any]) -> None:
    api = backend({**settings, "base_url": "http://127.0.0.1:9/api/"}).api_client()
    assert str(api.base_url) == "http://127.0.0.1:9/api/"


def test_spec_names_every_part() -> None:
    spec = get_vendor("procuret")
    assert spec.load("client") is Client
    assert spec.load("async_client") is AsyncClient
    assert spec.load("emulator")().root == "/api/"
    assert isinstance(spec.load("unified")({}), ProcuretBackend)
    assert spec.entities == ("companies",)
