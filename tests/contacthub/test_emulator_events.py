"""Emulator fidelity for sessions, sub-entities and events (raw httpx, vendor file §2.3-2.4)."""

from __future__ import annotations

import pytest
from support.contacthub import Raw, make_emulator

from crmkit.contacthub.emulator import ContactHubEmulator
from crmkit.core.emulator import EmulatorOptions


def test_session_add_list_get_delete(raw: Raw) -> None:
    customer = raw.customer()
    created = raw("POST", f"/ws/customers/{customer['id']}/sessions", json_body={"value": "s1"})
    assert created.status_code == 201
    record = created.json()
    assert record["value"] == "s1" and record["id"] != "s1"
    listed = raw("GET", f"/ws/customers/{customer['id']}/sessions").json()
    assert listed == {"elements": [record]}
    path = f"/ws/customers/{customer['id']}/sessions/{record['id']}"
    assert raw("GET", path).json() == record
    assert raw("DELETE", path).status_code == 200
    assert raw("GET", path).status_code == 404


def test_reused_session_value_in_a_node_is_409(raw: Raw) -> None:
    a, b = raw.customer(externalId="a"), raw.customer(externalId="b")
    raw("POST", f"/ws/customers/{a['id']}/sessions", json_body={"value": "same"})
    response = raw("POST", f"/ws/customers/{b['id']}/sessions", json_body={"value": "same"})
    assert response.status_code == 409


@pytest.mark.parametrize("kind", ["educations", "jobs", "likes"])
def test_entity_post_returns_200_with_every_schema_key(raw: Raw, kind: str) -> None:
    customer = raw.customer()
    response = raw("POST", f"/ws/customers/{customer['id']}/{kind}", json_body={"id": "01"})
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == "01" and None in body.values()
    stored = raw("GET", f"/ws/customers/{customer['id']}").json()
    assert stored["base"][kind] == [body]


def test_subscription_post_is_201_with_empty_preferences(raw: Raw) -> None:
    customer = raw.customer()
    response = raw(
        "POST",
        f"/ws/customers/{customer['id']}/subscriptions",
        json_body={"id": "s", "kind": "SERVICE", "subscribed": True},
    )
    assert response.status_code == 201
    assert response.json()["preferences"] == [] and response.json()["kind"] == "SERVICE"


def test_entity_leniency_numeric_strings_and_dates(raw: Raw) -> None:
    customer = raw.customer()
    body = raw(
        "POST",
        f"/ws/customers/{customer['id']}/educations",
        json_body={"id": "e", "startYear": "1994"},
    ).json()
    assert body["startYear"] == 1994
    like = raw(
        "POST",
        f"/ws/customers/{customer['id']}/likes",
        json_body={"id": "l", "createdTime": "2018-06-05T10:00:00Z"},
    ).json()
    assert like["createdTime"] == "2018-06-05T10:00:00.000+0000"


def test_entity_without_id_gets_one_and_duplicate_id_is_409(raw: Raw) -> None:
    customer = raw.customer()
    made = raw("POST", f"/ws/customers/{customer['id']}/jobs", json_body={"jobTitle": "x"})
    assert len(made.json()["id"]) == 36
    again = raw("POST", f"/ws/customers/{customer['id']}/jobs", json_body={"id": made.json()["id"]})
    assert again.status_code == 409


def test_entity_put_replaces_and_delete_removes(raw: Raw) -> None:
    customer = raw.customer()
    path = f"/ws/customers/{customer['id']}/jobs"
    raw("POST", path, json_body={"id": "j", "jobTitle": "a", "companyName": "c"})
    updated = raw("PUT", path + "/j", json_body={"jobTitle": "b"}).json()
    assert updated["jobTitle"] == "b" and updated["companyName"] is None and updated["id"] == "j"
    assert raw("DELETE", path + "/j").status_code == 200
    assert raw("GET", path + "/j").status_code == 404


def test_invalid_entity_enum_is_400_and_unknown_kind_404(raw: Raw) -> None:
    customer = raw.customer()
    bad = raw(
        "POST",
        f"/ws/customers/{customer['id']}/educations",
        json_body={"id": "e", "schoolType": "KINDERGARTEN"},
    )
    assert bad.status_code == 400
    assert raw("POST", f"/ws/customers/{customer['id']}/pets", json_body={}).status_code == 404


def _event(**extra: object) -> dict[str, object]:
    return {"type": "viewedPage", "context": "WEB", "properties": {"url": "u"}, **extra}


def test_event_post_is_202_with_an_id_and_get_returns_it(raw: Raw) -> None:
    customer = raw.customer()
    response = raw("POST", "/ws/events", json_body=_event(customerId=customer["id"]))
    assert response.status_code == 202
    event_id = response.json()["id"]
    event = raw("GET", f"/ws/events/{event_id}").json()
    assert event["customerId"] == customer["id"] and event["mode"] == "ACTIVE"
    assert event["contextInfo"]["client"]["ip"]
    assert event["date"].endswith("+0000")


@pytest.mark.parametrize(
    "body",
    [
        {"context": "WEB", "properties": {}, "customerId": "x"},
        {"type": "t", "context": "WEB", "properties": {}},
        {"type": "t", "context": "SPACE", "properties": {}, "bringBackProperties": {"value": "v"}},
        {"type": "t", "context": "WEB", "bringBackProperties": {"value": "v"}},
    ],
)
def test_invalid_events_are_400(raw: Raw, body: dict[str, object]) -> None:
    assert raw("POST", "/ws/events", json_body=body).status_code == 400


def test_session_events_attach_to_the_customer_retroactively(raw: Raw) -> None:
    event_id = raw(
        "POST",
        "/ws/events",
        json_body=_event(
            bringBackProperties={"type": "SESSION_ID", "value": "sess", "nodeId": "node"}
        ),
    ).json()["id"]
    assert raw("GET", f"/ws/events/{event_id}").json()["customerId"] is None
    customer = raw.customer()
    raw("POST", f"/ws/customers/{customer['id']}/sessions", json_body={"value": "sess"})
    assert raw("GET", f"/ws/events/{event_id}").json()["customerId"] == customer["id"]


def test_external_id_bring_back_accepts_the_seed_spelling(raw: Raw) -> None:
    customer = raw.customer(externalId="e_id")
    event_id = raw(
        "POST",
        "/ws/events",
        json_body=_event(
            bringBackProperties={"type": "externalId", "value": "e_id", "nodeId": "node"}
        ),
    ).json()["id"]
    assert raw("GET", f"/ws/events/{event_id}").json()["customerId"] == customer["id"]


def test_event_list_filters_and_orders_newest_first(raw: Raw) -> None:
    customer = raw.customer()
    cid = customer["id"]
    for day, (etype, ctx) in enumerate(
        [("viewedPage", "WEB"), ("loggedIn", "WEB"), ("viewedPage", "MOBILE")], start=1
    ):
        raw(
            "POST",
            "/ws/events",
            json_body={
                "type": etype,
                "context": ctx,
                "properties": {},
                "customerId": cid,
                "date": f"2020-01-0{day}T10:00:00Z",
            },
        )
    body = raw("GET", "/ws/events", params={"customerId": cid}).json()
    assert [e["date"][:10] for e in body["elements"]] == ["2020-01-03", "2020-01-02", "2020-01-01"]
    assert body["page"]["totalUnfilteredElements"] == 3
    typed = raw(
        "GET", "/ws/events", params={"customerId": cid, "type": "viewedPage", "context": "WEB"}
    ).json()
    assert typed["page"]["totalElements"] == 1
    dated = raw(
        "GET",
        "/ws/events",
        params={"customerId": cid, "dateFrom": "2020-01-02", "dateTo": "2020-01-02"},
    ).json()
    assert [e["type"] for e in dated["elements"]] == ["loggedIn"]


def test_event_mode_is_derived_or_stored(raw: Raw) -> None:
    customer = raw.customer()
    passive = raw(
        "POST",
        "/ws/events",
        json_body={
            "type": "campaignSent",
            "context": "OTHER",
            "properties": {},
            "customerId": customer["id"],
        },
    )
    event = raw("GET", f"/ws/events/{passive.json()['id']}").json()
    assert event["mode"] == "PASSIVE"
    listed = raw("GET", "/ws/events", params={"mode": "PASSIVE"}).json()
    assert listed["page"]["totalElements"] == 1


def test_old_wishlist_spelling_is_stored_as_the_api_spelling(raw: Raw) -> None:
    customer = raw.customer()
    eid = raw(
        "POST",
        "/ws/events",
        json_body={
            "type": "addedWishList",
            "context": "WEB",
            "properties": {},
            "customerId": customer["id"],
        },
    )
    assert raw("GET", f"/ws/events/{eid.json()['id']}").json()["type"] == "addedWishlist"


def test_event_put_202_and_delete_204(raw: Raw) -> None:
    customer = raw.customer()
    eid = raw("POST", "/ws/events", json_body=_event(customerId=customer["id"])).json()["id"]
    assert (
        raw(
            "PUT", f"/ws/events/{eid}", json_body=_event(customerId=customer["id"], type="loggedIn")
        ).status_code
        == 202
    )
    assert raw("GET", f"/ws/events/{eid}").json()["type"] == "loggedIn"
    assert raw("DELETE", f"/ws/events/{eid}").status_code == 204
    assert raw("GET", f"/ws/events/{eid}").status_code == 404


def test_event_visibility_delay_uses_the_clock() -> None:
    now = [1000.0]
    emulator = ContactHubEmulator(
        EmulatorOptions(clock=lambda: now[0], settings={"event_delay": 30})
    )
    raw = Raw(emulator)
    customer = raw.customer()
    eid = raw("POST", "/ws/events", json_body=_event(customerId=customer["id"])).json()["id"]
    assert raw("GET", f"/ws/events/{eid}").status_code == 404
    now[0] += 31
    assert raw("GET", f"/ws/events/{eid}").status_code == 200


def test_injected_429_carries_retry_after_and_the_vendor_body() -> None:
    from crmkit.core.emulator import Faults

    emulator = ContactHubEmulator(EmulatorOptions(faults=Faults(rates={"429": 1.0})))
    response = Raw(emulator)("GET", "/ws/customers", params={"nodeId": "n"})
    assert response.status_code == 429 and response.headers["Retry-After"] == "1"
    assert set(response.json()) == {"message", "logref", "data", "errors"}


def test_unknown_path_is_404_with_the_error_body() -> None:
    response = Raw(make_emulator())("GET", "/ws/nothing")
    assert response.status_code == 404 and "logref" in response.json()
