"""Emulator endpoint fidelity (vendor file §2, §5, §8), with raw httpx requests only."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from support.procuret import KEY, SESSION_ID, Clock, error_body, make_emulator, raw

from crmkit.core.emulator import EmulatorOptions
from crmkit.procuret.emulator import (
    BIG_SUPPLIER_ID,
    BUSINESS_EMAIL,
    PASSPHRASE,
    SUPPLIER_EMAIL,
    ProcuretEmulator,
    create_emulator,
)

AUTH = {"x-procuret-session-id": str(SESSION_ID), "x-procuret-api-key": KEY}
LINK_BODY: dict[str, Any] = {
    "supplier_id": 4000,
    "invoice_amount": "422.42",
    "invitee_email": "someone@great-domain.org",
    "invoice_identifier": "T 055",
    "communicate": True,
}


def _auth(emulator: ProcuretEmulator, email: str) -> dict[str, str]:
    state = emulator.issue_session(email)
    return {"x-procuret-session-id": str(state.session_id), "x-procuret-api-key": state.api_key}


# -- A, B: codes and sessions ---------------------------------------------------------------


def test_second_factor_code_answers_empty_object_and_emails_six_digits(
    emulator: ProcuretEmulator, http: httpx.Client
) -> None:
    body = {
        "email": BUSINESS_EMAIL,
        "plaintext_secret": PASSPHRASE,
        "agent_id": None,
        "perspective": 2,
    }
    response = http.post("/api/second-factor-code", json=body)
    assert (response.status_code, response.json()) == (200, {})
    code = emulator.latest_code(BUSINESS_EMAIL)
    assert code is not None and len(code) == 6 and code.isdigit()


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (
            {
                "email": BUSINESS_EMAIL,
                "plaintext_secret": "wrong",
                "agent_id": None,
                "perspective": 2,
            },
            401,
        ),
        (
            {
                "email": "nobody@x.y",
                "plaintext_secret": PASSPHRASE,
                "agent_id": None,
                "perspective": 2,
            },
            401,
        ),
        ({"email": BUSINESS_EMAIL, "plaintext_secret": PASSPHRASE, "perspective": 2}, 400),
        (
            {
                "email": BUSINESS_EMAIL,
                "plaintext_secret": PASSPHRASE,
                "agent_id": 1,
                "perspective": 2,
            },
            400,
        ),
    ],
)
def test_second_factor_code_errors(http: httpx.Client, body: dict[str, Any], status: int) -> None:
    response = http.post("/api/second-factor-code", json=body)
    assert response.status_code == status
    assert response.json()["response-code"] == status


def _login(http: httpx.Client, code: str, **extra: Any) -> httpx.Response:
    body = {
        "email": SUPPLIER_EMAIL,
        "secret": PASSPHRASE,
        "perspective": 1,
        "lifecycle": 2,
        "code": code,
        **extra,
    }
    return http.post("/api/session", json=body)


def _request_code(http: httpx.Client, emulator: ProcuretEmulator) -> str:
    http.post(
        "/api/second-factor-code",
        json={
            "email": SUPPLIER_EMAIL,
            "plaintext_secret": PASSPHRASE,
            "agent_id": None,
            "perspective": 1,
        },
    )
    code = emulator.latest_code(SUPPLIER_EMAIL)
    assert code is not None
    return code


def test_issued_code_logs_in_once(emulator: ProcuretEmulator, http: httpx.Client) -> None:
    code = _request_code(http, emulator)
    response = _login(http, code)
    assert response.status_code == 200
    session = response.json()
    assert set(session) == {
        "session_id",
        "session_key",
        "api_key",
        "lifecycle",
        "perspective",
        "agent",
    }
    assert session["session_id"] > 2**53 and len(session["api_key"]) == 32
    assert b'"session_id":' + str(session["session_id"]).encode() in response.content
    assert _login(http, code).json() == error_body(401, "Invalid second factor code")


def test_only_the_latest_code_counts(emulator: ProcuretEmulator, http: httpx.Client) -> None:
    first = _request_code(http, emulator)
    second = _request_code(http, emulator)
    if first != second:
        assert _login(http, first).status_code == 401
    assert _login(http, second).status_code == 200


def test_codes_expire(emulator: ProcuretEmulator, clock: Clock, http: httpx.Client) -> None:
    code = _request_code(http, emulator)
    clock.advance(601)
    assert _login(http, code).status_code == 401


def test_issued_mode_refuses_a_made_up_code(http: httpx.Client) -> None:
    assert _login(http, "12346").status_code == 401


def test_any_mode_accepts_the_seed_five_digit_code() -> None:
    with raw(make_emulator(second_factor_mode="any")) as http:
        assert _login(http, "12346").status_code == 200
        assert _login(http, "").status_code == 401


def test_fixed_mode_accepts_only_the_configured_code() -> None:
    with raw(make_emulator(second_factor_mode="fixed", fixed_code="424242")) as http:
        assert _login(http, "424242").status_code == 200
        assert _login(http, "123456").status_code == 401


def test_session_defaults_to_long_lived_and_accepts_digit_strings() -> None:
    with raw(make_emulator(second_factor_mode="any")) as http:
        body = {"email": SUPPLIER_EMAIL, "secret": PASSPHRASE, "perspective": "1", "code": "1"}
        response = http.post("/api/session", json=body)
    assert response.json()["lifecycle"] == 2


def test_session_refuses_a_perspective_the_account_lacks() -> None:
    with raw(make_emulator(second_factor_mode="any")) as http:
        response = _login(http, "1", perspective=3)
    assert response.json() == error_body(403, "Perspective not permitted")


def test_session_refuses_a_wrong_passphrase() -> None:
    with raw(make_emulator(second_factor_mode="any")) as http:
        response = _login(http, "1", secret="nope")
    assert response.json() == error_body(401, "Invalid credentials")


# -- C, D --------------------------------------------------------------------------------------


def test_get_own_session(http: httpx.Client) -> None:
    response = http.get(f"/api/session?session_id={SESSION_ID}", headers=AUTH)
    assert response.json()["session_id"] == SESSION_ID


def test_get_another_session_is_forbidden(http: httpx.Client) -> None:
    assert http.get("/api/session?session_id=1", headers=AUTH).status_code == 403


def test_put_session_changes_perspective_keeping_id_and_key() -> None:
    emulator = make_emulator()
    state = emulator.issue_session("staff@procuret.test", perspective=3)
    headers = {"x-procuret-session-id": str(state.session_id), "x-procuret-api-key": state.api_key}
    with raw(emulator) as http:
        response = http.put("/api/session", json={"perspective_id": 4}, headers=headers)
        assert response.json()["perspective"] == 4
        assert response.json()["api_key"] == state.api_key
        assert (
            http.put("/api/session", json={"perspective_id": 1}, headers=headers).status_code == 403
        )
        assert (
            http.put("/api/session", json={"perspective_id": "x"}, headers=headers).status_code
            == 400
        )


# -- E: create links ------------------------------------------------------------------------------


def test_create_link_answers_the_link_and_emails_the_customer(
    emulator: ProcuretEmulator, http: httpx.Client
) -> None:
    response = http.post("/api/instalment-link", json=LINK_BODY, headers=AUTH)
    assert response.status_code == 200
    link = response.json()
    assert link["opens"] == [] and link["mode"] == 1 and link["allow_edit"] is True
    assert link["created"] == "2023-11-14 22:13:20.000000"
    assert link["disposition"] == {"sequence": 1, "count": 1, "limit": 1, "offset": 0}
    assert len(link["public_id"]) == 16 and link["public_id"].isalnum()
    assert emulator.outbox[-1]["url"] == f"https://procuret.com/b?il={link['public_id']}"


def test_do_not_contact_sends_no_email(emulator: ProcuretEmulator, http: httpx.Client) -> None:
    before = len(emulator.outbox)
    http.post("/api/instalment-link", json={**LINK_BODY, "communicate": "false"}, headers=AUTH)
    assert len(emulator.outbox) == before


@pytest.mark.parametrize(
    ("amount", "stored"), [("1E+3", "1000"), ("422.420", "422.420"), ("420", "420")]
)
def test_amounts_are_stored_as_sent_except_exponents(
    http: httpx.Client, amount: str, stored: str
) -> None:
    response = http.post(
        "/api/instalment-link", json={**LINK_BODY, "invoice_amount": amount}, headers=AUTH
    )
    assert response.json()["invoice_amount"] == stored


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"invoice_amount": 422.42}, 400),
        ({"invoice_amount": "abc"}, 400),
        ({"invoice_amount": "Infinity"}, 400),
        ({"communicate": "maybe"}, 400),
        ({"supplier_id": None}, 400),
        ({"invoice_amount": "0"}, 422),
        ({"invoice_amount": "-5"}, 422),
        ({"supplier_id": 999}, 422),
        ({"supplier_id": 60641487079294574}, 422),
    ],
)
def test_create_link_validation(http: httpx.Client, change: dict[str, Any], status: int) -> None:
    response = http.post("/api/instalment-link", json={**LINK_BODY, **change}, headers=AUTH)
    assert response.status_code == status
    assert response.json()["response-code"] == status


def test_create_link_missing_key_is_400(http: httpx.Client) -> None:
    body = {k: v for k, v in LINK_BODY.items() if k != "invitee_email"}
    assert http.post("/api/instalment-link", json=body, headers=AUTH).status_code == 400


def test_create_link_for_an_inaccessible_supplier_is_403(
    emulator: ProcuretEmulator, http: httpx.Client
) -> None:
    headers = _auth(emulator, BUSINESS_EMAIL)
    assert http.post("/api/instalment-link", json=LINK_BODY, headers=headers).status_code == 403


def test_create_link_for_the_big_id_supplier_keeps_the_id(http: httpx.Client) -> None:
    response = http.post(
        "/api/instalment-link", json={**LINK_BODY, "supplier_id": BIG_SUPPLIER_ID}, headers=AUTH
    )
    assert b'"entity_id":9007199254740993' in response.content


# -- F, G, H: list, get, open -------------------------------------------------------------------


def test_list_defaults_disposition_and_descending_order(http: httpx.Client) -> None:
    rows = http.get("/api/instalment-link/list", headers=AUTH).json()
    assert len(rows) == 5
    assert [r["disposition"]["sequence"] for r in rows] == [1, 2, 3, 4, 5]
    assert {r["disposition"]["count"] for r in rows} == {5}
    assert [r["created"] for r in rows] == sorted((r["created"] for r in rows), reverse=True)


def test_list_pages_with_limit_and_offset(http: httpx.Client) -> None:
    rows = http.get(
        "/api/instalment-link/list?limit=2&offset=4&order=ascending", headers=AUTH
    ).json()
    assert len(rows) == 1
    assert rows[0]["disposition"] == {"sequence": 5, "count": 5, "limit": 2, "offset": 4}


def test_list_past_the_end_is_an_empty_array(http: httpx.Client) -> None:
    response = http.get("/api/instalment-link/list?offset=50", headers=AUTH)
    assert (response.status_code, response.json()) == (200, [])


def test_list_ties_break_by_insertion_order(http: httpx.Client) -> None:
    ids = [
        http.post("/api/instalment-link", json=LINK_BODY, headers=AUTH).json()["public_id"]
        for _ in range(3)
    ]
    rows = http.get("/api/instalment-link/list?order=ascending&limit=100", headers=AUTH).json()
    assert [r["public_id"] for r in rows][-3:] == ids


def test_list_filters_by_opened_and_public_id(
    emulator: ProcuretEmulator, http: httpx.Client
) -> None:
    opened = http.get("/api/instalment-link/list?opened=true&limit=100", headers=AUTH).json()
    assert opened and all(r["opens"] for r in opened)
    unopened = http.get("/api/instalment-link/list?opened=false&limit=100", headers=AUTH).json()
    assert len(opened) + len(unopened) == 5
    one = opened[0]["public_id"]
    rows = http.get(f"/api/instalment-link/list?public_id={one}", headers=AUTH).json()
    assert [r["public_id"] for r in rows] == [one]


def test_list_accepts_unencoded_and_encoded_queries(http: httpx.Client) -> None:
    http.post("/api/instalment-link", json=LINK_BODY, headers=AUTH)
    assert (
        http.get(
            "/api/instalment-link/list?order=descending&opened=false", headers=AUTH
        ).status_code
        == 200
    )


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=x", "offset=-1", "order=sideways", "order_by=amount", "opened=maybe"],
)
def test_list_refuses_bad_parameters(http: httpx.Client, query: str) -> None:
    assert http.get(f"/api/instalment-link/list?{query}", headers=AUTH).status_code == 400


def test_list_shows_only_accessible_suppliers(
    emulator: ProcuretEmulator, http: httpx.Client
) -> None:
    assert (
        http.get("/api/instalment-link/list", headers=_auth(emulator, BUSINESS_EMAIL)).json() == []
    )


def test_get_link_and_unknown_link(http: httpx.Client) -> None:
    created = http.post("/api/instalment-link", json=LINK_BODY, headers=AUTH).json()
    got = http.get(f"/api/instalment-link?public_id={created['public_id']}", headers=AUTH)
    assert got.json() == created
    missing = http.get("/api/instalment-link?public_id=nope", headers=AUTH)
    assert missing.json() == error_body(404, "Instalment link not found")


def test_open_appends_to_opens(clock: Clock, http: httpx.Client) -> None:
    created = http.post("/api/instalment-link", json=LINK_BODY, headers=AUTH).json()
    clock.advance(42.511208)
    response = http.post(
        "/api/instalment-link/open", json={"link_id": created["public_id"]}, headers=AUTH
    )
    assert (response.status_code, response.json()) == (200, {})
    link = http.get(f"/api/instalment-link?public_id={created['public_id']}", headers=AUTH).json()
    assert link["opens"] == [{"sequence": 1, "created": "2023-11-14 22:14:02.511208"}]


def test_open_unknown_link_is_404_and_missing_key_400(http: httpx.Client) -> None:
    assert (
        http.post("/api/instalment-link/open", json={"link_id": "nope"}, headers=AUTH).status_code
        == 404
    )
    assert http.post("/api/instalment-link/open", json={}, headers=AUTH).status_code == 400


# -- I, J: prospective payments -----------------------------------------------------------------


def test_prospective_payment_formula_without_a_session(http: httpx.Client) -> None:
    response = http.get(
        "/api/credit/prospective-payment?cycle=1&supplier_id=4000&principle=1000&periods=12"
    )
    # 1000 * (1 + 0.235 * 12/12) / 12 = 102.9166.. -> 102.92
    assert response.json() == {
        "payment": "102.92",
        "cycle": 1,
        "supplier_id": 4000,
        "periods": 12,
        "currency": {
            "indexid": 1,
            "name": "Australian Dollar",
            "iso_4217": "AUD",
            "exponent": 2,
            "symbol": "$",
        },
    }


@pytest.mark.parametrize("key", ["principle", "principal_magnitude"])
def test_prospective_list_has_one_entry_per_term(http: httpx.Client, key: str) -> None:
    rows = http.get(
        f"/api/credit/prospective-payment/list?cycle=1&supplier_id=4000&{key}=1000"
    ).json()
    assert [r["periods"] for r in rows] == [3, 6, 12]


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("supplier_id=4000&principle=499.99&periods=3", 422),
        ("supplier_id=4000&principle=1000&periods=5", 404),
        ("supplier_id=999&principle=1000&periods=3", 404),
        ("supplier_id=4000&principle=lots&periods=3", 400),
    ],
)
def test_prospective_payment_errors(http: httpx.Client, query: str, status: int) -> None:
    assert http.get(f"/api/credit/prospective-payment?cycle=1&{query}").status_code == status


# -- K, L: payment series -------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["any_fragment", "fragment"])
def test_series_fragment_matches_names_and_identifier(
    emulator: ProcuretEmulator, http: httpx.Client, key: str
) -> None:
    headers = _auth(emulator, BUSINESS_EMAIL)
    for fragment, expected in (("BUYER", 1), ("inv-0042", 1), ("nothing", 0)):
        rows = http.get(f"/api/payment/series/list?{key}={fragment}", headers=headers).json()
        assert len(rows) == expected


def test_series_rows_carry_what_swift_needs(emulator: ProcuretEmulator, http: httpx.Client) -> None:
    row = http.get("/api/payment/series/list", headers=_auth(emulator, BUSINESS_EMAIL)).json()[0]
    for key in (
        "mechanism",
        "completed",
        "commitment_id",
        "allows_self_serve_payments",
        "oldest_unpaid_instalment_due_24hrs_starting",
        "disposition",
    ):
        assert key in row
    assert row["amount"]["denomination"]["iso_4217"] == "AUD"


def test_series_by_public_id(http: httpx.Client) -> None:
    assert (
        http.get("/api/payment/series?public_id=FIdSXsANx4fj", headers=AUTH).json()["identifier"]
        == "INV-0042"
    )
    assert http.get("/api/payment/series?public_id=nope", headers=AUTH).status_code == 404


# -- M-S: single reads --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/term-rate/group?public_id=TRGx9Lq2Vb7NmP4s", 200),
        ("/api/term-rate/group?public_id=nope", 404),
        ("/api/xero/entity-map?entity_id=4000", 200),
        ("/api/xero/entity-map?entity_id=9007199254740993", 404),
        ("/api/xero/organisation?entity_id=4000", 200),
        ("/api/entity?entity_id=4000", 200),
        ("/api/entity?entity_id=60641487079294574", 403),
        ("/api/entity?entity_id=1", 404),
        ("/api/human?human_id=7001", 200),
        ("/api/human?human_id=7002", 403),
        ("/api/human?human_id=1", 404),
        ("/api/commitment?setup_id=kV7pQ2sLx9Tz", 200),
        ("/api/commitment?setup_id=nope", 404),
        ("/api/instalment-schedule?series_id=FIdSXsANx4fj", 200),
        ("/api/instalment-schedule?series_id=nope", 404),
        ("/api/entity", 400),
    ],
)
def test_single_reads(http: httpx.Client, path: str, status: int) -> None:
    response = http.get(path, headers=AUTH)
    assert response.status_code == status
    assert isinstance(response.json(), dict)


def test_term_rates_have_three_terms(http: httpx.Client) -> None:
    group = http.get("/api/term-rate/group?public_id=TRGx9Lq2Vb7NmP4s", headers=AUTH).json()
    assert [r["periods"] for r in group["rates"]] == [3, 6, 12]
    assert {r["periods_in_year"] for r in group["rates"]} == {"12"}


def test_entity_sends_both_identifier_pairs(http: httpx.Client) -> None:
    entity = http.get("/api/entity?entity_id=4000", headers=AUTH).json()
    ident = entity["entity_identifiers"][0]
    assert ident["id"] == ident["identifier"] and ident["id_type"] == ident["identifier_type"] == 1


# -- transport conventions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/instalment-link/"),
        ("GET", "/api/nowhere"),
        ("DELETE", "/api/session"),
        ("GET", "/instalment-link"),
    ],
)
def test_unknown_paths_and_methods_are_404_json(http: httpx.Client, method: str, path: str) -> None:
    response = http.request(method, path, headers=AUTH)
    assert response.status_code == 404
    assert response.json() == error_body(404, "Not found")


def test_malformed_json_body_is_400(http: httpx.Client) -> None:
    response = http.post("/api/instalment-link", content=b"{nope", headers=AUTH)
    assert response.status_code == 400


def test_every_success_has_a_json_body(emulator: ProcuretEmulator, http: httpx.Client) -> None:
    link_id = next(iter(emulator.links))
    responses = [
        http.post("/api/instalment-link/open", json={"link_id": link_id}, headers=AUTH),
        http.post(
            "/api/second-factor-code",
            json={
                "email": SUPPLIER_EMAIL,
                "plaintext_secret": PASSPHRASE,
                "agent_id": None,
                "perspective": None,
            },
        ),
        http.get("/api/instalment-link/list?public_id=none", headers=AUTH),
    ]
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert [r.json() for r in responses] == [{}, {}, []]
    assert all(r.headers["content-type"].startswith("application/json") for r in responses)


def test_empty_root_serves_at_the_host_root() -> None:
    emulator = create_emulator(EmulatorOptions(clock=Clock(), settings={"root": ""}))
    assert emulator.root == "/"
    with raw(emulator) as http:
        assert http.get("/instalment-link/list", headers=AUTH).status_code == 200
        assert http.get("/api/instalment-link/list", headers=AUTH).status_code == 404


def test_per_session_rate_limit_answers_429_with_retry_after() -> None:
    emulator = make_emulator(rate_limit=2)
    with raw(emulator) as http:
        statuses = [http.get("/api/instalment-link/list", headers=AUTH) for _ in range(3)]
    assert [r.status_code for r in statuses] == [200, 200, 429]
    assert statuses[-1].json() == error_body(429, "Too many requests")
    assert "retry-after" in statuses[-1].headers


def test_records_seed_links_deterministically() -> None:
    first = make_emulator(records=20)
    second = make_emulator(records=20)
    assert len(first.links) == 20
    assert [r["invoice_identifier"] for r in first.links.values()] == [
        r["invoice_identifier"] for r in second.links.values()
    ]


def test_loopback_server_serves_the_same_api() -> None:
    emulator = make_emulator(records=3)
    with emulator.serve(port=0) as server:
        assert server.base_url.endswith("/api/")
        response = httpx.get(server.base_url + "instalment-link/list", headers=AUTH, timeout=5)
    assert response.status_code == 200 and len(response.json()) == 3


def test_cli_built_emulator_prints_a_base_url_the_client_takes() -> None:
    from crmkit.cli._emulator import build_emulator
    from crmkit.procuret import Client, Session
    from crmkit.procuret.emulator import DEMO_API_KEY, DEMO_SESSION_ID

    emulator = build_emulator("procuret", records=4)
    with emulator.serve(port=0) as server:
        session = Session(DEMO_SESSION_ID, None, DEMO_API_KEY, 2, 1)
        with Client(session=session, base_url=server.base_url) as client:
            assert len(client.instalment_links.list()) == 4
