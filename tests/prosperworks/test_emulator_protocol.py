"""Emulator fidelity (raw httpx, built from the vendor file): paths, auth, errors, limits."""

from __future__ import annotations

import httpx
import pytest
from support.prosperworks import API, EMAIL, HEADERS, TOKEN, FakeClock, make_emulator, raw_client

from crmkit.core.emulator import Faults
from crmkit.prosperworks.emulator import ProsperWorksEmulator

ERROR_KEYS = {"success", "status", "message"}


@pytest.mark.parametrize("host", ["api.copper.com", "api.prosperworks.com"])
def test_both_hosts_are_served_in_process(emu: ProsperWorksEmulator, host: str) -> None:
    with httpx.Client(transport=emu.transport()) as http:
        r = http.get(f"https://{host}/developer_api/v1/account", headers=HEADERS)
    assert r.status_code == 200
    assert r.json()["name"] == "So-and-so Company"


@pytest.mark.parametrize("path", ["account", "account/", "users", "users/"])
def test_paths_match_with_and_without_trailing_slash(emu: ProsperWorksEmulator, path: str) -> None:
    with raw_client(emu) as http:
        assert http.get(path).status_code == 200


def test_paths_outside_the_versioned_prefix_are_404(emu: ProsperWorksEmulator) -> None:
    with httpx.Client(transport=emu.transport()) as http:
        r = http.get("https://api.copper.com/developer_api/v2/account", headers=HEADERS)
    assert r.status_code == 404


@pytest.mark.parametrize("missing", ["X-PW-AccessToken", "X-PW-UserEmail", "X-PW-Application"])
def test_a_missing_auth_header_is_401_invalid_credentials(
    emu: ProsperWorksEmulator, missing: str
) -> None:
    headers = {k: v for k, v in HEADERS.items() if k != missing}
    with httpx.Client(transport=emu.transport(), base_url=API, headers=headers) as http:
        r = http.get("account")
    assert r.status_code == 401
    assert r.json() == {"success": False, "status": 401, "message": "Invalid credentials"}


def test_a_wrong_application_header_is_401(emu: ProsperWorksEmulator) -> None:
    with raw_client(emu, **{"X-PW-Application": "something_else"}) as http:
        assert http.get("account").status_code == 401


def test_auth_is_checked_on_every_route_including_unknown_ones(emu: ProsperWorksEmulator) -> None:
    with httpx.Client(transport=emu.transport(), base_url=API) as http:
        for method, path in [("GET", "people/1"), ("POST", "people/search"), ("GET", "nope")]:
            assert http.request(method, path).status_code == 401


def test_strict_mode_accepts_only_registered_email_token_pairs() -> None:
    emu = make_emulator(credentials=[f"{EMAIL}:{TOKEN}"])
    with raw_client(emu) as http:
        assert http.get("account").status_code == 200
    with raw_client(emu, **{"X-PW-AccessToken": "other-token"}) as http:
        assert http.get("account").status_code == 401
    with raw_client(emu, **{"X-PW-UserEmail": "someone@else.tld"}) as http:
        assert http.get("account").status_code == 401


def test_unknown_routes_answer_404_resource_not_found(emu: ProsperWorksEmulator) -> None:
    with raw_client(emu) as http:
        r = http.get("no_such_thing")
    assert r.status_code == 404
    assert r.json()["message"] == "Resource not found"


def test_a_body_that_is_not_a_json_object_is_400(emu: ProsperWorksEmulator) -> None:
    with raw_client(emu) as http:
        r1 = http.post("people", content=b"{not json")
        r2 = http.post("people", json=["a", "list"])
    assert r1.status_code == r2.status_code == 400
    assert r1.json() == {"success": False, "status": 400, "message": "Invalid JSON"}


def test_error_bodies_carry_success_status_and_message(emu: ProsperWorksEmulator) -> None:
    with raw_client(emu) as http:
        body = http.post("people", json={}).json()
    assert set(body) == ERROR_KEYS
    assert body["success"] is False and body["status"] == 422


def test_the_rate_limit_is_180_per_minute_per_key_with_429_and_no_retry_after() -> None:
    emu = make_emulator(rate_limit=None)  # the vendor's published limit
    with raw_client(emu) as http:
        statuses = [http.get("account").status_code for _ in range(181)]
        last = http.get("account")
    assert statuses[:180] == [200] * 180
    assert statuses[180] == 429
    assert last.json() == {"success": False, "status": 429, "message": "Rate limit exceeded"}
    assert "retry-after" not in last.headers


def test_the_limit_is_counted_per_key() -> None:
    emu = make_emulator(rate_limit=2)
    with raw_client(emu) as a, raw_client(emu, **{"X-PW-AccessToken": "second-key"}) as b:
        assert [a.get("account").status_code for _ in range(3)] == [200, 200, 429]
        assert b.get("account").status_code == 200


def test_the_legacy_profile_has_a_burst_limit_of_36() -> None:
    emu = make_emulator(rate_limit=None, rate_limit_profile="legacy")
    with raw_client(emu) as http:
        statuses = [http.get("account").status_code for _ in range(37)]
    assert statuses[-1] == 429 and statuses.count(200) == 36


def test_the_off_profile_never_limits() -> None:
    emu = make_emulator(rate_limit=None, rate_limit_profile="off")
    with raw_client(emu) as http:
        assert all(http.get("account").status_code == 200 for _ in range(200))


def test_injected_faults_use_the_vendor_error_body() -> None:
    emu = make_emulator(faults=Faults(rates={"500": 1.0}))
    with raw_client(emu) as http:
        r = http.get("account")
    assert r.status_code == 500
    assert set(r.json()) == ERROR_KEYS


def test_injected_429s_carry_no_retry_after_either() -> None:
    emu = make_emulator(faults=Faults(rates={"429": 1.0}, retry_after=3))
    with raw_client(emu) as http:
        r = http.get("account")
    assert r.status_code == 429 and "retry-after" not in r.headers


def test_the_request_log_keeps_method_path_and_json_body(emu: ProsperWorksEmulator) -> None:
    with raw_client(emu) as http:
        http.post("people/search", json={"page_size": 5})
    logged = emu.requests[-1]
    assert (logged.method, logged.path, logged.json()) == (
        "POST",
        "/people/search",
        {"page_size": 5},
    )


def test_server_timestamps_come_from_the_injected_clock() -> None:
    clock = FakeClock(1_900_000_000)
    emu = make_emulator(clock=clock)
    with raw_client(emu) as http:
        created = http.post("people", json={"name": "Ann Example"}).json()
        clock.advance(60)
        updated = http.put(f"people/{created['id']}", json={"title": "CTO"}).json()
    assert created["date_created"] == created["date_modified"] == 1_900_000_000
    assert updated["date_modified"] == 1_900_000_060


def test_loopback_server_prints_a_root_that_connect_accepts(emu: ProsperWorksEmulator) -> None:
    with emu.serve(port=0) as server:
        assert server.base_url.endswith("/developer_api/")
        r = httpx.get(server.base_url + "v1/account", headers=HEADERS)
    assert r.status_code == 200 and r.json()["id"] == 100624


@pytest.mark.parametrize("profile", ["empty", "demo", "prospyr-tests"])
def test_every_profile_has_the_reference_lists(profile: str) -> None:
    emu = make_emulator(profile)
    with raw_client(emu) as http:
        for path in (
            "users",
            "activity_types",
            "pipelines",
            "pipeline_stages",
            "loss_reasons",
            "customer_sources",
            "contact_types",
            "lead_statuses",
        ):
            body = http.get(path).json()
            assert body, path


def test_an_unknown_profile_is_refused() -> None:
    with pytest.raises(ValueError, match="profile"):
        make_emulator("bogus")
