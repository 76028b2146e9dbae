"""The exact auth headers the client sends (respx), against vendor file §3.3's worked example."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import httpx
import pytest
import respx
from support.procuret import KEY, SESSION_ID, WORKED_SIGNATURE, Clock

from crmkit.procuret import Client, Lifecycle, Perspective, Session

LINK = {
    "public_id": "Zq3TbL9wKx2mPa7R",
    "created": "2023-11-14 22:13:20.000000",
    "supplier": {"entity_id": 4000, "legal_entity_name": "Example Supplier Pty Ltd"},
    "invitee_email": "someone@great-domain.org",
    "invoice_amount": "422.42",
    "invoice_identifier": "T 055",
    "opens": [],
    "sale_name": 1,
    "allow_edit": True,
    "mode": 1,
    "denomination_id": 1,
    "disposition": {"sequence": 1, "count": 1, "limit": 1, "offset": 0},
}


def _session(lifecycle: Lifecycle = Lifecycle.LONG_LIVED) -> Session:
    return Session(SESSION_ID, None, KEY, lifecycle, Perspective.SUPPLIER)


def _create(client: Client) -> None:
    client.instalment_links.create(
        supplier=4000,
        invoice_amount=Decimal("422.42"),
        invitee_email="someone@great-domain.org",
        invoice_identifier="T 055",
    )


def _headers(route: respx.Route) -> httpx.Headers:
    return route.calls.last.request.headers


@respx.mock
def test_worked_example_headers_exactly() -> None:
    route = respx.post("https://procuret.com/api/instalment-link").respond(200, json=LINK)
    _create(Client(session=_session(), clock=lambda: 1700000000))
    headers = _headers(route)
    assert headers["x-procuret-session-id"] == "36284293055983192"
    assert headers["x-procuret-signature"] == WORKED_SIGNATURE
    assert "x-procuret-api-key" not in headers


@pytest.mark.parametrize(
    ("now", "path", "expected"),
    [
        (1700000099, "instalment-link", WORKED_SIGNATURE),
        (1700000100, "instalment-link", "vveJKn7hFgtlARAetgh0hqzQyKKX0LHwpqr3XwcYavI="),
        (1699999199, "instalment-link", "S7/kCKFIH9cDoAcbOo6OFSzefVWwOtUkWnwiPAj9+7k="),
        (1699998000, "instalment-link", "ZKoUecMC28oz1kvftHKuTyw7PjmZtENGlJStmOfdE34="),
    ],
)
@respx.mock
def test_signature_per_window(now: int, path: str, expected: str) -> None:
    route = respx.post(f"https://procuret.com/api/{path}").respond(200, json=LINK)
    _create(Client(session=_session(), clock=lambda: now))
    assert _headers(route)["x-procuret-signature"] == expected


@respx.mock
def test_list_signature_leaves_out_root_and_query() -> None:
    route = respx.get("https://procuret.com/api/instalment-link/list").respond(200, json=[])
    Client(session=_session(), clock=lambda: 1700000000).instalment_links.list_page(
        order="ascending"  # type: ignore[arg-type]
    )
    request = route.calls.last.request
    assert request.url.query == b"limit=20&offset=0&order=ascending&order_by=created"
    assert request.headers["x-procuret-signature"] == "RU53iZmceNuzy5SAC/9rXtJXykmQc72VPFNq8yth3xo="


@respx.mock
def test_short_lived_session_sends_the_raw_key() -> None:
    route = respx.post("https://procuret.com/api/instalment-link").respond(200, json=LINK)
    _create(Client(session=_session(Lifecycle.SHORT_LIVED)))
    headers = _headers(route)
    assert headers["x-procuret-api-key"] == KEY
    assert "x-procuret-signature" not in headers


@pytest.mark.parametrize(
    ("mode", "lifecycle", "header"),
    [
        ("signature", Lifecycle.SHORT_LIVED, "x-procuret-signature"),
        ("api_key", Lifecycle.LONG_LIVED, "x-procuret-api-key"),
    ],
)
@respx.mock
def test_auth_mode_overrides_the_lifecycle(mode: Any, lifecycle: Lifecycle, header: str) -> None:
    route = respx.post("https://procuret.com/api/instalment-link").respond(200, json=LINK)
    _create(Client(session=_session(lifecycle), auth_mode=mode))
    assert header in _headers(route)


def test_auto_mode_refuses_an_unknown_lifecycle() -> None:
    with pytest.raises(NotImplementedError):
        Client(session=Session(SESSION_ID, None, KEY, 7, 1))


@respx.mock
def test_forwarded_agent_header_after_acting_for() -> None:
    route = respx.post("https://procuret.com/api/instalment-link").respond(200, json=LINK)
    _create(Client(session=_session().acting_for(5171001234567890), clock=lambda: 1700000000))
    assert _headers(route)["x-procuret-forwarded-agent"] == "5171001234567890"


@respx.mock
def test_empty_root_signs_the_whole_path() -> None:
    route = respx.post("https://procuret.test/instalment-link").respond(200, json=LINK)
    _create(Client(session=_session(), base_url="https://procuret.test", clock=lambda: 1700000000))
    assert _headers(route)["x-procuret-signature"] == WORKED_SIGNATURE


@respx.mock
def test_retry_is_signed_again_in_the_next_window() -> None:
    clock = Clock(1700000099)
    signatures: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        signatures.append(request.headers["x-procuret-signature"])
        if len(signatures) == 1:
            clock.advance(1)  # the retry lands in the next window
            return httpx.Response(503, json={"error-information": "busy", "response-code": 503})
        return httpx.Response(200, json=[])

    respx.get("https://procuret.com/api/instalment-link/list").mock(side_effect=answer)
    client = Client(session=_session(), clock=clock, sleep=lambda s: None)
    client.instalment_links.list_page()
    assert signatures[0] != signatures[1]


@respx.mock
def test_unauthenticated_calls_carry_no_auth_headers() -> None:
    route = respx.post("https://procuret.com/api/second-factor-code").respond(200, json={})
    Client().second_factor_codes.create(email="a@b.c", plaintext_secret="pw")
    assert not [h for h in _headers(route) if h.startswith("x-procuret")]
    assert json.loads(route.calls.last.request.content)["agent_id"] is None
