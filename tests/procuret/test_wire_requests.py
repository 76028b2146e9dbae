"""Every request the client sends, pinned with respx: method, URL, query order, headers, body."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
import respx
from support.procuret import KEY, LINK, SERIES, SESSION_ID

from crmkit.core import AuthenticationError, BadRequest, NotFound, UnprocessableEntity
from crmkit.procuret import (
    Client,
    CommunicationOption,
    EntityHeadline,
    InstalmentLink,
    Lifecycle,
    Perspective,
    SecondFactorCode,
    Session,
    configure,
)

API = "https://procuret.com/api"
SESSION_BODY = {
    "session_id": 36284293055983192,
    "session_key": "b3Jc1aK0x9QpLm2vT7yWn4Rz8eHs6uGd",
    "api_key": KEY,
    "lifecycle": 2,
    "perspective": 1,
    "agent": {"agent_id": 5171001234567890},
}


@pytest.fixture
def client() -> Client:
    session = Session(SESSION_ID, None, KEY, Lifecycle.LONG_LIVED, Perspective.SUPPLIER)
    return Client(session=session, clock=lambda: 1700000000, max_retries=0)


def _body(route: respx.Route) -> Any:
    return json.loads(route.calls.last.request.content)


def _query(route: respx.Route) -> str:
    return route.calls.last.request.url.query.decode()


# -- the seed examples on the wire (vendor file §6) ----------------------------------------------


@respx.mock
def test_seed_session_body_exactly() -> None:
    route = respx.post(f"{API}/session").respond(200, json=SESSION_BODY)
    session = Session.create_with_email(
        email="me@somedomain.com",
        plaintext_secret="excellent passphrase",
        perspective=Perspective.SUPPLIER,
        code="123456",
    )
    request = route.calls.last.request
    assert request.headers["content-type"] == "application/json"
    assert list(_body(route).items()) == [
        ("email", "me@somedomain.com"),
        ("secret", "excellent passphrase"),
        ("perspective", 1),
        ("lifecycle", 2),
        ("code", "123456"),
    ]
    assert session.lifecycle is Lifecycle.LONG_LIVED


@respx.mock
def test_seed_second_factor_body_exactly() -> None:
    route = respx.post(f"{API}/second-factor-code").respond(200, json={})
    result = SecondFactorCode.create_with_email(
        email="someone@somewhere.com",
        plaintext_secret="excellent passphrase",
        perspective=Perspective.BUSINESS,
    )
    assert result is None
    assert list(_body(route).items()) == [
        ("email", "someone@somewhere.com"),
        ("plaintext_secret", "excellent passphrase"),
        ("agent_id", None),
        ("perspective", 2),
    ]


@respx.mock
def test_second_factor_by_agent_id() -> None:
    route = respx.post(f"{API}/second-factor-code").respond(200, json={})
    SecondFactorCode.create_with_agent_id(5171001234567890, "pw", None)
    assert _body(route) == {
        "email": None,
        "plaintext_secret": "pw",
        "agent_id": 5171001234567890,
        "perspective": None,
    }


@respx.mock
def test_seed_link_body_exactly() -> None:
    route = respx.post(f"{API}/instalment-link").respond(200, json=LINK)
    session = Session(SESSION_ID, None, KEY, Lifecycle.LONG_LIVED, Perspective.SUPPLIER)
    link = InstalmentLink.create(
        supplier=4000,
        invoice_amount=Decimal("422.42"),
        invitee_email="someone@great-domain.org",
        invoice_identifier="T 055",
        communication=CommunicationOption.EMAIL_CUSTOMER,
        session=session,
    )
    assert list(_body(route).items()) == [
        ("supplier_id", 4000),
        ("invoice_amount", "422.42"),
        ("invitee_email", "someone@great-domain.org"),
        ("invoice_identifier", "T 055"),
        ("communicate", True),
    ]
    assert link.url == "https://procuret.com/b?il=Zq3TbL9wKx2mPa7R"


# -- typed client requests -------------------------------------------------------------------


@respx.mock
def test_create_link_sends_fixed_point_amount_headline_supplier_and_extras(client: Client) -> None:
    route = respx.post(f"{API}/instalment-link").respond(200, json=LINK)
    client.instalment_links.create(
        supplier=EntityHeadline("Example Supplier Pty Ltd", 2**53 + 1),
        invoice_amount=Decimal("1E+3"),
        invitee_email="a@b.co",
        invoice_identifier=None,
        communication=CommunicationOption.DO_NOT_CONTACT_CUSTOMER,
        denomination=2,
        sale_name=5,
        invitee_phone="+61 400 000 000",
    )
    assert _body(route) == {
        "supplier_id": 9007199254740993,
        "invoice_amount": "1000",
        "invitee_email": "a@b.co",
        "invoice_identifier": None,
        "communicate": False,
        "denomination": 2,
        "nomenclature": 5,
        "invitee_phone": "+61 400 000 000",
    }
    assert b"9007199254740993" in route.calls.last.request.content


@respx.mock
def test_list_links_query_order_and_encoding(client: Client) -> None:
    route = respx.get(f"{API}/instalment-link/list").respond(200, json=[LINK])
    links = client.instalment_links.list_page(
        limit=5, offset=10, opened=True, public_id="a b&c", supplier_id=4000
    )
    assert _query(route) == (
        "limit=5&offset=10&order=descending&order_by=created&opened=true"
        "&public_id=a+b%26c&supplier_id=4000"
    )
    assert links[0].disposition is not None and links[0].disposition.count == 1


@respx.mock
def test_legacy_list_defaults_to_ascending(client: Client) -> None:
    route = respx.get(f"{API}/instalment-link/list").respond(200, json=[])
    session = Session(SESSION_ID, None, KEY, Lifecycle.LONG_LIVED, Perspective.SUPPLIER)
    assert InstalmentLink.retrieve_many(session=session) == []
    assert _query(route) == "limit=20&offset=0&order=ascending&order_by=created"


@pytest.mark.parametrize(
    ("call", "method", "path", "query", "body", "response"),
    [
        (
            lambda c: c.sessions.retrieve(),
            "GET",
            "session",
            "session_id=36284293055983192",
            None,
            SESSION_BODY,
        ),
        (
            lambda c: c.sessions.update_perspective(Perspective.BUSINESS),
            "PUT",
            "session",
            "",
            {"perspective_id": 2},
            SESSION_BODY,
        ),
        (
            lambda c: c.instalment_links.retrieve("Zq3TbL9wKx2mPa7R"),
            "GET",
            "instalment-link",
            "public_id=Zq3TbL9wKx2mPa7R",
            None,
            LINK,
        ),
        (
            lambda c: c.instalment_links.open("Zq3TbL9wKx2mPa7R"),
            "POST",
            "instalment-link/open",
            "",
            {"link_id": "Zq3TbL9wKx2mPa7R"},
            {},
        ),
        (
            lambda c: c.payment_series.retrieve("FIdSXsANx4fj"),
            "GET",
            "payment/series",
            "public_id=FIdSXsANx4fj",
            None,
            SERIES,
        ),
        (
            lambda c: c.term_rate_groups.retrieve("TRG1"),
            "GET",
            "term-rate/group",
            "public_id=TRG1",
            None,
            {
                "public_id": "TRG1",
                "rates": [],
                "created": "2023-05-03 03:05:52.826162",
                "active": True,
            },
        ),
        (
            lambda c: c.xero.entity_map(4000),
            "GET",
            "xero/entity-map",
            "entity_id=4000",
            None,
            {"entity_id": 4000},
        ),
        (
            lambda c: c.xero.organisation(4000),
            "GET",
            "xero/organisation",
            "entity_id=4000",
            None,
            {"short_code": "!k3Lp9", "entity_id": 4000},
        ),
        (
            lambda c: c.entities.retrieve(60641487079294574),
            "GET",
            "entity",
            "entity_id=60641487079294574",
            None,
            {"public_id": 60641487079294574, "legal_entity_name": "B"},
        ),
        (
            lambda c: c.humans.retrieve(7001),
            "GET",
            "human",
            "human_id=7001",
            None,
            {
                "public_id": 7001,
                "agent_id": 1,
                "first_name": "A",
                "last_name": "B",
                "email_address": {"email_address": "a@b.c"},
            },
        ),
        (
            lambda c: c.instalment_schedules.retrieve("FIdSXsANx4fj"),
            "GET",
            "instalment-schedule",
            "series_id=FIdSXsANx4fj",
            None,
            {
                "series_id": "FIdSXsANx4fj",
                "has_interest": False,
                "lines": [],
                "total_row": {
                    "total_payments": "0",
                    "total_principal": "0",
                    "total_principal_discount": "0",
                    "total_interest": "0",
                    "denomination": 1,
                },
            },
        ),
        (
            lambda c: c.prospective_payments.retrieve(
                supplier_id=4000, principal=Decimal("1000.00"), periods=6
            ),
            "GET",
            "credit/prospective-payment",
            "cycle=1&supplier_id=4000&principle=1000.00&periods=6",
            None,
            {"payment": "184.17", "cycle": 1, "supplier_id": 4000, "periods": 6, "currency": 1},
        ),
        (
            lambda c: c.prospective_payments.list(supplier_id=4000, principal=Decimal(1000)),
            "GET",
            "credit/prospective-payment/list",
            "cycle=1&supplier_id=4000&principle=1000",
            None,
            [],
        ),
    ],
)
@respx.mock
def test_each_endpoint_request(
    client: Client, call: Any, method: str, path: str, query: str, body: Any, response: Any
) -> None:
    route = respx.route(method=method, url=f"{API}/{path}").respond(200, json=response)
    call(client)
    assert _query(route) == query
    request = route.calls.last.request
    assert request.headers["x-procuret-session-id"] == str(SESSION_ID)
    if body is None:
        assert request.content == b""
    else:
        assert _body(route) == body


@respx.mock
def test_commitment_query_is_setup_id(client: Client) -> None:
    human = {
        "public_id": 7002,
        "agent_id": 2,
        "first_name": "S",
        "last_name": "B",
        "email_address": {"email_address": "s@b.c"},
    }
    route = respx.get(f"{API}/commitment").respond(
        200, json={"public_id": "c8", "committed_human": human}
    )
    assert client.commitments.retrieve("kV7pQ2sLx9Tz").committed_human.full_name == "S B"
    assert _query(route) == "setup_id=kV7pQ2sLx9Tz"


@respx.mock
def test_payment_series_list_sends_any_fragment(client: Client) -> None:
    route = respx.get(f"{API}/payment/series/list").respond(200, json=[SERIES])
    series = client.payment_series.list(text_fragment="buyer", business_id=60641487079294574)
    assert series[0].public_id == "FIdSXsANx4fj"
    assert _query(route) == (
        "limit=20&offset=0&order=descending&order_by=created&any_fragment=buyer"
        "&business_id=60641487079294574"
    )


@respx.mock
def test_user_agent_names_crmkit_and_the_prefix() -> None:
    route = respx.post(f"{API}/second-factor-code").respond(200, json={})
    Client(agent_prefix="acme-erp").second_factor_codes.create(email="a@b.c", plaintext_secret="p")
    agent = route.calls.last.request.headers["user-agent"]
    assert agent.startswith("acme-erp;crmkit-procuret/")
    assert " crmkit/" in agent


@respx.mock
def test_legacy_configure_agent_prefix() -> None:
    configure(agent_prefix="legacy-app")
    route = respx.post(f"{API}/second-factor-code").respond(200, json={})
    SecondFactorCode.create_with_email("a@b.c", "p", None)
    assert route.calls.last.request.headers["user-agent"].startswith("legacy-app;")


# -- responses and errors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error"),
    [(400, BadRequest), (401, AuthenticationError), (404, NotFound), (422, UnprocessableEntity)],
)
@respx.mock
def test_error_bodies_become_core_errors(client: Client, status: int, error: type) -> None:
    respx.get(f"{API}/instalment-link").respond(
        status, json={"error-information": "Nope, said Procuret", "response-code": status}
    )
    with pytest.raises(error) as caught:
        client.instalment_links.retrieve("X1")
    assert "Nope, said Procuret" in str(caught.value)
    assert caught.value.body == {
        "error-information": "Nope, said Procuret",
        "response-code": status,
    }


@respx.mock
def test_open_accepts_an_empty_body(client: Client) -> None:
    respx.post(f"{API}/instalment-link/open").respond(200, content=b"")
    assert client.instalment_links.open("X1") is None


@respx.mock
def test_big_ids_in_responses_stay_exact(client: Client) -> None:
    body = b'{"entity_id": 9007199254740993}'
    respx.get(f"{API}/xero/entity-map").respond(200, content=body)
    assert client.xero.entity_map(4000).entity_id == 9007199254740993


@respx.mock
def test_a_non_json_success_is_malformed(client: Client) -> None:
    from crmkit.core import MalformedResponse

    respx.get(f"{API}/instalment-link").respond(200, content=b"<html>proxy</html>")
    with pytest.raises(MalformedResponse):
        client.instalment_links.retrieve("X1")
