"""Auth strategies: headers set, Basic encoded right, window signatures match the vendor file."""

from __future__ import annotations

import httpx
import pytest

from crmkit.core import (
    BasicAuth,
    BearerAuth,
    HeaderAuth,
    Secret,
    WindowSignatureAuth,
    window_signature,
)

KEY = "QpFNziCBG3l5HXV3jyUB8GP2K0ALDyVy"  # the worked example of shared/vendors/procuret.md §3.3


def _apply(auth: httpx.Auth, url: str = "https://api.example/api/instalment-link") -> httpx.Request:
    request = httpx.Request("POST", url)
    flow = auth.sync_auth_flow(request)
    return next(flow)


def test_header_auth_sets_every_header() -> None:
    auth = HeaderAuth(
        {"X-PW-AccessToken": Secret("tok-abcdef"), "X-PW-Application": "developer_api"}
    )
    request = _apply(auth)
    assert request.headers["X-PW-AccessToken"] == "tok-abcdef"
    assert request.headers["X-PW-Application"] == "developer_api"


def test_bearer_auth_header() -> None:
    assert (
        _apply(BearerAuth("bearer-secret-1")).headers["Authorization"] == "Bearer bearer-secret-1"
    )


def test_basic_auth_is_base64_of_utf8_key_and_x() -> None:
    # shared/vendors/clevertim.md: key KEY123 gives "Basic S0VZMTIzOlg=".
    assert _apply(BasicAuth("KEY123")).headers["Authorization"] == "Basic S0VZMTIzOlg="


def test_basic_auth_spreedly_example() -> None:
    # shared/vendors/spreedly.md: token abc123 -> Basic YWJjMTIzOlg=
    assert BasicAuth("abc123", "X").header_value() == "Basic YWJjMTIzOlg="


def test_basic_auth_encodes_non_ascii_as_utf8() -> None:
    assert BasicAuth("clé", "X").header_value() == "Basic Y2zDqTpY"


@pytest.mark.parametrize(
    ("now", "path", "expected"),
    [
        (1700000000, "/instalment-link", "DJTBqxYZLoGUOHwBzz3WUNFeKxGhZSEIm+8f54CP/x0="),
        (1700000099, "/instalment-link", "DJTBqxYZLoGUOHwBzz3WUNFeKxGhZSEIm+8f54CP/x0="),
        (1700000100, "/instalment-link", "vveJKn7hFgtlARAetgh0hqzQyKKX0LHwpqr3XwcYavI="),
        (1699999199, "/instalment-link", "S7/kCKFIH9cDoAcbOo6OFSzefVWwOtUkWnwiPAj9+7k="),
        (1699998000, "/instalment-link", "ZKoUecMC28oz1kvftHKuTyw7PjmZtENGlJStmOfdE34="),
        (1700000000, "/instalment-link/list", "RU53iZmceNuzy5SAC/9rXtJXykmQc72VPFNq8yth3xo="),
    ],
)
def test_window_signature_matches_worked_examples(now: int, path: str, expected: str) -> None:
    assert window_signature(KEY, path, now=now, window=900) == expected


def _procuret_auth(**kwargs: object) -> WindowSignatureAuth:
    return WindowSignatureAuth(
        session_id=36284293055983192,
        key=Secret(KEY),
        session_header="x-procuret-session-id",
        signature_header="x-procuret-signature",
        key_header="x-procuret-api-key",
        root_path="/api",
        clock=lambda: 1700000000,
        **kwargs,  # type: ignore[arg-type]
    )


def test_window_auth_signs_path_below_root_without_query() -> None:
    request = _apply(
        _procuret_auth(),
        "https://procuret.com/api/instalment-link/list?limit=20&offset=0&order=ascending&order_by=created",
    )
    assert request.headers["x-procuret-session-id"] == "36284293055983192"
    assert request.headers["x-procuret-signature"] == "RU53iZmceNuzy5SAC/9rXtJXykmQc72VPFNq8yth3xo="


def test_window_auth_worked_example_headers() -> None:
    request = _apply(_procuret_auth(), "https://procuret.com/api/instalment-link")
    assert request.headers["x-procuret-signature"] == "DJTBqxYZLoGUOHwBzz3WUNFeKxGhZSEIm+8f54CP/x0="
    assert "x-procuret-api-key" not in request.headers


@pytest.mark.parametrize(
    "wrong",
    [
        "dWE0WFcYG2Bbhvs76q7xcgqwvqnQ/8w+/By1yRA+SzI=",  # decoded key
        "A4rtOYebFwqsG95NOGeVKY/8jFDmxX3FYjtPhN2qPrI=",  # path with /api
        "fvBhrC9brcCOm8UEyMW/6aoraVVulW+s7+8IXJFcwH8=",  # path with query
        "OeMa8DQLoO/H1EDdqIsNRiAycAKa/UXKxW16ca5YQ+Y=",  # trailing slash
    ],
)
def test_window_auth_never_produces_the_wrong_variants(wrong: str) -> None:
    request = _apply(_procuret_auth(), "https://procuret.com/api/instalment-link?x=1")
    assert request.headers["x-procuret-signature"] != wrong


def test_window_auth_resigns_on_every_send() -> None:
    clock = iter([1700000000, 1700000100])
    auth = _procuret_auth()
    auth.clock = lambda: next(clock)
    first = _apply(auth).headers["x-procuret-signature"]
    second = _apply(auth).headers["x-procuret-signature"]
    assert first != second


def test_window_auth_key_mode_sends_raw_key() -> None:
    request = _apply(_procuret_auth(mode="key"))
    assert request.headers["x-procuret-api-key"] == KEY
    assert "x-procuret-signature" not in request.headers


@pytest.mark.parametrize(
    "auth",
    [
        HeaderAuth({"X-Token": Secret("canary-secret-111")}),
        BearerAuth("canary-secret-111"),
        BasicAuth("canary-secret-111"),
        WindowSignatureAuth(
            session_id=1, key="canary-secret-111", session_header="s", signature_header="g"
        ),
    ],
)
def test_no_auth_shows_its_secret_in_repr(auth: httpx.Auth) -> None:
    assert "canary-secret-111" not in repr(auth)
    assert "canary-secret-111" not in str(auth)


def test_identity_differs_per_credential_and_hides_it() -> None:
    a, b = BearerAuth("token-aaaaaa"), BearerAuth("token-bbbbbb")
    assert a.identity != b.identity
    assert a.identity == BearerAuth("token-aaaaaa").identity
    assert "token-aaaaaa" not in a.identity
