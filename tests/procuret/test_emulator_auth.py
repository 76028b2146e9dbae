"""Emulator auth fidelity, with raw httpx requests built from vendor file §3 (no crmkit client)."""

from __future__ import annotations

import httpx
import pytest
from support.procuret import (
    KEY,
    SESSION_ID,
    WORKED_SIGNATURE,
    Clock,
    error_body,
    make_emulator,
    raw,
    signature,
)

from crmkit.procuret.emulator import ADMIN_EMAIL, SUPPLIER_AGENT_ID, ProcuretEmulator

LIST = "/api/instalment-link/list"
QUERY = "?limit=20&offset=0&order=ascending&order_by=created"


def _get(http: httpx.Client, headers: dict[str, str], path: str = LIST) -> httpx.Response:
    return http.get(path + QUERY, headers=headers)


def _post_link(http: httpx.Client, headers: dict[str, str]) -> httpx.Response:
    body = {
        "supplier_id": 4000,
        "invoice_amount": "422.42",
        "invitee_email": "someone@great-domain.org",
        "invoice_identifier": "T 055",
        "communicate": False,
    }
    return http.post("/api/instalment-link", json=body, headers=headers)


def test_worked_example_is_accepted(http: httpx.Client) -> None:
    headers = {"x-procuret-session-id": str(SESSION_ID), "x-procuret-signature": WORKED_SIGNATURE}
    response = _post_link(http, headers)
    assert response.status_code == 200
    assert response.json()["invoice_amount"] == "422.42"


def test_header_names_are_case_insensitive(http: httpx.Client) -> None:
    headers = {"X-Procuret-Session-ID": str(SESSION_ID), "X-procuret-signature": WORKED_SIGNATURE}
    assert _post_link(http, headers).status_code == 200


def test_list_signature_excludes_the_query(http: httpx.Client) -> None:
    headers = {
        "x-procuret-session-id": str(SESSION_ID),
        "x-procuret-signature": "RU53iZmceNuzy5SAC/9rXtJXykmQc72VPFNq8yth3xo=",
    }
    response = _get(http, headers)
    assert response.status_code == 200
    assert isinstance(response.json(), list)


@pytest.mark.parametrize(
    "wrong",
    [
        "ZKoUecMC28oz1kvftHKuTyw7PjmZtENGlJStmOfdE34=",  # two windows back
        "dWE0WFcYG2Bbhvs76q7xcgqwvqnQ/8w+/By1yRA+SzI=",  # key base64-decoded to 24 bytes
        "A4rtOYebFwqsG95NOGeVKY/8jFDmxX3FYjtPhN2qPrI=",  # path includes /api
        "fvBhrC9brcCOm8UEyMW/6aoraVVulW+s7+8IXJFcwH8=",  # path includes the query
        "OeMa8DQLoO/H1EDdqIsNRiAycAKa/UXKxW16ca5YQ+Y=",  # trailing slash
    ],
)
def test_wrong_signatures_are_refused_with_the_vendor_body(http: httpx.Client, wrong: str) -> None:
    headers = {"x-procuret-session-id": str(SESSION_ID), "x-procuret-signature": wrong}
    response = _post_link(http, headers)
    assert response.status_code == 401
    assert response.json() == error_body(401, "Invalid signature")


@pytest.mark.parametrize("offset", [-900, 900])
def test_neighbouring_windows_are_tolerated(http: httpx.Client, offset: int) -> None:
    sig = signature(KEY, "/instalment-link", 1700000000 + offset)
    headers = {"x-procuret-session-id": str(SESSION_ID), "x-procuret-signature": sig}
    assert _post_link(http, headers).status_code == 200


def test_zero_tolerance_is_strict() -> None:
    emulator = make_emulator(signature_tolerance=0)
    sig = signature(KEY, "/instalment-link", 1700000000 - 900)
    with raw(emulator) as http:
        response = _post_link(
            http, {"x-procuret-session-id": str(SESSION_ID), "x-procuret-signature": sig}
        )
    assert response.status_code == 401


def test_a_stale_window_is_refused_as_the_clock_moves(clock: Clock, http: httpx.Client) -> None:
    headers = {"x-procuret-session-id": str(SESSION_ID), "x-procuret-signature": WORKED_SIGNATURE}
    clock.advance(1800)  # two windows later
    assert _post_link(http, headers).json() == error_body(401, "Invalid signature")


def test_replay_within_the_window_is_accepted(http: httpx.Client) -> None:
    headers = {"x-procuret-session-id": str(SESSION_ID), "x-procuret-signature": WORKED_SIGNATURE}
    assert [_post_link(http, headers).status_code for _ in range(2)] == [200, 200]


def test_raw_key_is_accepted(http: httpx.Client) -> None:
    headers = {"x-procuret-session-id": str(SESSION_ID), "x-procuret-api-key": KEY}
    assert _get(http, headers).status_code == 200


def test_wrong_key_is_refused(http: httpx.Client) -> None:
    headers = {"x-procuret-session-id": str(SESSION_ID), "x-procuret-api-key": "x" * 32}
    assert _get(http, headers).json() == error_body(401, "Invalid signature")


def test_signature_decides_when_both_are_sent(http: httpx.Client) -> None:
    headers = {
        "x-procuret-session-id": str(SESSION_ID),
        "x-procuret-api-key": KEY,
        "x-procuret-signature": "A4rtOYebFwqsG95NOGeVKY/8jFDmxX3FYjtPhN2qPrI=",
    }
    assert _get(http, headers).status_code == 401


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "Authentication required"),
        ({"x-procuret-session-id": str(SESSION_ID)}, "Authentication required"),
        (
            {"x-procuret-session-id": "abc", "x-procuret-api-key": KEY},
            "Session not found or expired",
        ),
        (
            {"x-procuret-session-id": "12345", "x-procuret-api-key": KEY},
            "Session not found or expired",
        ),
    ],
)
def test_missing_or_unknown_session(
    http: httpx.Client, headers: dict[str, str], message: str
) -> None:
    response = _get(http, headers)
    assert response.status_code == 401
    assert response.json() == error_body(401, message)


def test_short_lived_sessions_expire_after_idle_time(
    emulator: ProcuretEmulator, clock: Clock, http: httpx.Client
) -> None:
    state = emulator.issue_session("me@somedomain.com", lifecycle=1)
    headers = {"x-procuret-session-id": str(state.session_id), "x-procuret-api-key": state.api_key}
    clock.advance(1700)
    assert _get(http, headers).status_code == 200  # use resets the idle timer
    clock.advance(1700)
    assert _get(http, headers).status_code == 200
    clock.advance(1801)
    assert _get(http, headers).json() == error_body(401, "Session not found or expired")


def test_long_lived_sessions_do_not_expire(
    emulator: ProcuretEmulator, clock: Clock, http: httpx.Client
) -> None:
    state = emulator.issue_session("me@somedomain.com", lifecycle=2)
    clock.advance(86400 * 365)
    headers = {"x-procuret-session-id": str(state.session_id), "x-procuret-api-key": state.api_key}
    assert _get(http, headers).status_code == 200


@pytest.mark.parametrize("control", ["delete_session", "expire_session"])
def test_deleted_or_expired_sessions_are_refused(
    emulator: ProcuretEmulator, http: httpx.Client, control: str
) -> None:
    getattr(emulator, control)(SESSION_ID)
    headers = {"x-procuret-session-id": str(SESSION_ID), "x-procuret-api-key": KEY}
    assert _get(http, headers).status_code == 401


def test_forwarded_agent_must_be_an_integer(emulator: ProcuretEmulator, http: httpx.Client) -> None:
    state = emulator.issue_session(ADMIN_EMAIL, perspective=3)
    headers = {
        "x-procuret-session-id": str(state.session_id),
        "x-procuret-api-key": state.api_key,
        "x-procuret-forwarded-agent": "someone",
    }
    assert _get(http, headers).status_code == 400


def test_forwarded_agent_needs_a_staff_perspective(http: httpx.Client) -> None:
    headers = {
        "x-procuret-session-id": str(SESSION_ID),
        "x-procuret-api-key": KEY,
        "x-procuret-forwarded-agent": str(SUPPLIER_AGENT_ID),
    }
    response = _get(http, headers)
    assert response.json() == error_body(403, "Perspective not permitted")


def test_forwarded_agent_is_evaluated_as_that_agent(
    emulator: ProcuretEmulator, http: httpx.Client
) -> None:
    state = emulator.issue_session(ADMIN_EMAIL, perspective=3)
    own = {"x-procuret-session-id": str(state.session_id), "x-procuret-api-key": state.api_key}
    assert _get(http, own).json() == []  # staff see no supplier of their own
    forwarded = {**own, "x-procuret-forwarded-agent": str(SUPPLIER_AGENT_ID)}
    assert len(_get(http, forwarded).json()) == 5


def test_credentials_option_replaces_the_demo_session() -> None:
    emulator = make_emulator(credentials=["777:only-this-api-key-0123456789ab"])
    with raw(emulator) as http:
        assert (
            _get(
                http, {"x-procuret-session-id": str(SESSION_ID), "x-procuret-api-key": KEY}
            ).status_code
            == 401
        )
        allowed = {
            "x-procuret-session-id": "777",
            "x-procuret-api-key": "only-this-api-key-0123456789ab",
        }
        assert _get(http, allowed).status_code == 200
