"""Emulator fidelity for customers, with raw httpx requests built from the vendor file."""

from __future__ import annotations

import json

import pytest
from support.contacthub import Raw, make_emulator

from crmkit.contacthub.emulator import ContactHubEmulator, create_emulator
from crmkit.core.emulator import EmulatorOptions


def test_missing_token_is_401_with_the_vendor_message(emulator: ContactHubEmulator) -> None:
    response = Raw(emulator, token=None)("GET", "/ws/customers", params={"nodeId": "n"})
    assert response.status_code == 401
    body = response.json()
    assert body["message"] == "The client is not authorized to access the API"
    assert set(body) == {"message", "logref", "data", "errors"}


def test_unknown_token_is_401_when_credentials_are_restricted() -> None:
    emulator = ContactHubEmulator(EmulatorOptions(credentials=["good-token"]))
    assert Raw(emulator, "bad")("GET", "/ws/customers", params={"nodeId": "n"}).status_code == 401
    assert (
        Raw(emulator, "good-token")("GET", "/ws/customers", params={"nodeId": "n"}).status_code
        == 200
    )


def test_token_scoped_to_another_workspace_is_403() -> None:
    emulator = ContactHubEmulator(EmulatorOptions(credentials=["mine:tok123"]))
    response = Raw(emulator, "tok123")("GET", "/other/customers", params={"nodeId": "n"})
    assert response.status_code == 403
    assert response.json()["message"] == "workspace not found: other"


def test_unknown_workspace_is_403_when_workspaces_are_closed() -> None:
    emulator = make_emulator(open_workspaces=False)
    response = Raw(emulator)("GET", "/nope/customers", params={"nodeId": "n"})
    assert response.status_code == 403


def test_unknown_node_of_demo_is_404_node_not_found(raw: Raw) -> None:
    response = raw("GET", "/demo/customers", params={"nodeId": "elsewhere"})
    assert response.status_code == 404
    assert response.json()["message"] == "node not found elsewhere"


def test_list_without_node_id_is_400(raw: Raw) -> None:
    assert raw("GET", "/ws/customers").status_code == 400


def test_create_returns_201_with_the_normalised_customer(raw: Raw) -> None:
    response = raw(
        "POST",
        "/ws/customers",
        json_body={
            "nodeId": "node",
            "extra": "extra",
            "base": {"contacts": {"email": "e@x.io"}},
            "tags": {"manual": ["manual"], "auto": []},
            "consents": {},
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert list(body)[:7] == [
        "id",
        "nodeId",
        "externalId",
        "extra",
        "registeredAt",
        "updatedAt",
        "enabled",
    ]
    assert body["base"]["contacts"] == {
        "email": "e@x.io",
        "fax": None,
        "mobilePhone": None,
        "phone": None,
        "otherContacts": [],
        "mobileDevices": [],
    }
    assert body["base"]["address"] is None and body["base"]["jobs"] == []
    assert body["registeredAt"].endswith("+0000") and len(body["registeredAt"]) == 28


def test_create_without_node_id_is_400(raw: Raw) -> None:
    assert raw("POST", "/ws/customers", json_body={"base": {}}).status_code == 400


def test_invalid_base_property_is_400_source_customer_is_not_valid(raw: Raw) -> None:
    response = raw("POST", "/ws/customers", json_body={"nodeId": "n", "base": {"secondName": "x"}})
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "source customer is not valid"
    assert body["errors"][0]["path"] == "/base/secondName"


@pytest.mark.parametrize(
    "base",
    [
        {"timezone": "UTC"},
        {"locale": "italian"},
        {"contacts": {"email": "nope"}},
        {"address": {"geo": {"lat": 91, "lon": 0}}},
        {"contacts": {"mobileDevices": [{"type": "APN"}]}},
    ],
)
def test_schema_violations_are_400(raw: Raw, base: dict[str, object]) -> None:
    assert raw("POST", "/ws/customers", json_body={"nodeId": "n", "base": base}).status_code == 400


def test_duplicate_email_is_409_naming_the_existing_customer(raw: Raw) -> None:
    first = raw.customer(base={"contacts": {"email": "Dup@x.io"}})
    response = raw(
        "POST",
        "/ws/customers",
        json_body={"nodeId": "node", "base": {"contacts": {"email": "dup@X.io"}}},
    )
    assert response.status_code == 409
    body = response.json()
    assert body["message"] == f"Conflict with exiting customer {first['id']}"
    assert body["data"]["customer"]["id"] == first["id"]
    assert body["data"]["customer"]["href"].endswith(f"/ws/customers/{first['id']}")
    assert body["errors"] == []


def test_duplicate_external_id_is_409(raw: Raw) -> None:
    raw.customer(externalId="x1")
    response = raw("POST", "/ws/customers", json_body={"nodeId": "node", "externalId": "x1"})
    assert response.status_code == 409


def test_same_email_in_another_node_is_allowed(raw: Raw) -> None:
    raw.customer(node="a", base={"contacts": {"email": "e@x.io"}})
    raw.customer(node="b", base={"contacts": {"email": "e@x.io"}})


def test_get_by_id_and_unknown_id_404(raw: Raw) -> None:
    created = raw.customer()
    assert raw("GET", f"/ws/customers/{created['id']}").json() == created
    response = raw("GET", "/ws/customers/nope")
    assert response.status_code == 404
    assert set(response.json()) == {"message", "logref", "data", "errors"}


def test_patch_deep_merges_and_returns_the_whole_customer(raw: Raw) -> None:
    created = raw.customer(
        base={"firstName": "Ada", "contacts": {"email": "a@x.io"}},
        tags={"manual": ["a", "b"], "auto": []},
    )
    response = raw(
        "PATCH",
        f"/ws/customers/{created['id']}",
        json_body={"base": {"contacts": {"email": "b@x.io"}}, "tags": {"manual": ["c"]}},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["base"]["firstName"] == "Ada"
    assert body["base"]["contacts"]["email"] == "b@x.io"
    assert body["tags"]["manual"] == ["c"]


def test_patch_null_clears_a_property(raw: Raw) -> None:
    created = raw.customer(base={"firstName": "Ada"})
    body = raw(
        "PATCH", f"/ws/customers/{created['id']}", json_body={"base": {"firstName": None}}
    ).json()
    assert body["base"]["firstName"] is None


def test_put_replaces_keeps_registered_at_and_refuses_a_different_id(raw: Raw) -> None:
    created = raw.customer(base={"firstName": "Ada", "lastName": "L"})
    response = raw(
        "PUT",
        f"/ws/customers/{created['id']}",
        json_body={
            "id": created["id"],
            "nodeId": "node",
            "registeredAt": "1999-01-01",
            "base": {"firstName": "Bea"},
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["base"]["lastName"] is None and body["base"]["firstName"] == "Bea"
    assert body["registeredAt"] == created["registeredAt"]
    other = raw("PUT", f"/ws/customers/{created['id']}", json_body={"id": "other"})
    assert other.status_code == 400


def test_delete_returns_the_customer_then_404(raw: Raw) -> None:
    created = raw.customer()
    response = raw("DELETE", f"/ws/customers/{created['id']}")
    assert response.status_code == 200 and response.json()["id"] == created["id"]
    assert raw("GET", f"/ws/customers/{created['id']}").status_code == 404


def test_list_envelope_defaults_and_total_unfiltered(raw: Raw) -> None:
    for i in range(12):
        raw.customer(base={"firstName": "Ada" if i < 3 else "Bob"})
    response = raw("GET", "/ws/customers", params={"nodeId": "node"})
    body = response.json()
    assert body["page"] == {
        "size": 10,
        "totalElements": 12,
        "totalUnfilteredElements": 12,
        "totalPages": 2,
        "number": 0,
    }
    assert len(body["elements"]) == 10
    query = {
        "name": "q",
        "query": {
            "type": "simple",
            "name": "query",
            "are": {
                "condition": {
                    "type": "atomic",
                    "attribute": "base.firstName",
                    "operator": "EQUALS",
                    "value": "Ada",
                }
            },
        },
    }
    filtered = raw(
        "GET", "/ws/customers", params={"nodeId": "node", "query": json.dumps(query)}
    ).json()
    assert filtered["page"]["totalElements"] == 3
    assert filtered["page"]["totalUnfilteredElements"] == 12


def test_size_is_clamped_to_50_and_past_the_end_is_empty(emulator: ContactHubEmulator) -> None:
    seeded = create_emulator(EmulatorOptions(records=60))
    raw = Raw(seeded)
    body = raw("GET", "/demo/customers", params={"nodeId": "demo", "size": 100}).json()
    assert body["page"]["size"] == 50 and len(body["elements"]) == 50
    empty = raw("GET", "/demo/customers", params={"nodeId": "demo", "page": 9}).json()
    assert empty["elements"] == [] and empty["page"]["number"] == 9


def test_external_id_filter_and_fields(raw: Raw) -> None:
    raw.customer(externalId="e1", base={"firstName": "Ada", "lastName": "L"})
    raw.customer(externalId="e2")
    body = raw(
        "GET",
        "/ws/customers",
        params={"nodeId": "node", "externalId": "e1", "fields": "base.firstName"},
    ).json()
    (only,) = body["elements"]
    assert only["base"]["firstName"] == "Ada" and only["base"]["lastName"] is None
    assert only["id"] and only["nodeId"] == "node" and only["externalId"] is None


def test_sort_by_path_descending(raw: Raw) -> None:
    for name in ("b", "c", "a"):
        raw.customer(base={"firstName": name})
    body = raw(
        "GET", "/ws/customers", params={"nodeId": "node", "sort": "base.firstName,desc"}
    ).json()
    assert [e["base"]["firstName"] for e in body["elements"]] == ["c", "b", "a"]


def test_bad_query_json_is_400(raw: Raw) -> None:
    response = raw("GET", "/ws/customers", params={"nodeId": "node", "query": "{not json"})
    assert response.status_code == 400


def test_query_text_with_plus_for_spaces_is_decoded(raw: Raw) -> None:
    raw.customer(base={"firstName": "Ada"})
    text = (
        '{"name": "query", "query": {"type": "simple", "name": "query", "are": '
        '{"condition": {"type": "atomic", "attribute": "base.firstName", '
        '"operator": "EQUALS", "value": "Ada"}}}}'
    )
    from urllib.parse import quote_plus

    response = raw.http.get(
        f"/hub/v1/workspaces/ws/customers?nodeId=node&query={quote_plus(text)}",
        headers={"Authorization": "Bearer t0ken123"},
    )
    assert response.json()["page"]["totalElements"] == 1


def test_demo_workspace_holds_the_seeded_customers() -> None:
    raw = Raw(create_emulator(EmulatorOptions(records=7, seed=3)))
    body = raw("GET", "/demo/customers", params={"nodeId": "demo"}).json()
    assert body["page"]["totalElements"] == 7
    assert all(e["base"]["contacts"]["email"] for e in body["elements"])
    empty = raw("GET", "/other/customers", params={"nodeId": "demo"}).json()
    assert empty["page"]["totalElements"] == 0


def test_seeded_data_is_deterministic() -> None:
    def ids() -> list[str]:
        raw = Raw(create_emulator(EmulatorOptions(records=5, seed=11)))
        body = raw("GET", "/demo/customers", params={"nodeId": "demo"}).json()
        return [e["id"] for e in body["elements"]]

    assert ids() == ids()


def test_client_root_is_the_workspaces_segment(emulator: ContactHubEmulator) -> None:
    with emulator.serve(port=0) as server:
        assert server.base_url.endswith("/hub/v1/workspaces")
