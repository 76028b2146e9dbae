"""Emulator fidelity for records (raw httpx): CRUD statuses, shapes, rules, related items."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from support.prosperworks import make_emulator, raw_client

from crmkit.prosperworks.emulator import ProsperWorksEmulator


@pytest.fixture
def http(emu: ProsperWorksEmulator) -> Iterator[httpx.Client]:
    with raw_client(emu) as c:
        yield c


def _person(
    http: httpx.Client, name: str = "Steve Cognito", email: str = "steve@example.org"
) -> dict:
    r = http.post("people", json={"name": name, "emails": [{"email": email, "category": "work"}]})
    assert r.status_code == 200, r.text
    return r.json()


def test_create_answers_200_with_the_full_record_and_ids_start_at_1(http: httpx.Client) -> None:
    body = _person(http)
    assert body["id"] == 1
    for key in ("prefix", "middle_name", "suffix", "address", "title", "date_last_contacted"):
        assert body[key] is None
    assert body["interaction_count"] == 0
    assert body["date_created"] == body["date_modified"]
    assert body["custom_fields"] == [{"custom_field_definition_id": 1, "value": None}]


def test_name_is_split_into_first_and_last(http: httpx.Client) -> None:
    body = _person(http, "Mary Ann Example")
    assert (body["first_name"], body["last_name"]) == ("Mary", "Ann Example")


def test_ids_are_never_reused(http: httpx.Client) -> None:
    first = _person(http)
    http.delete(f"people/{first['id']}")
    assert _person(http, email="other@example.org")["id"] == 2


@pytest.mark.parametrize(
    ("entity", "body"),
    [
        ("people", {}),
        ("people", {"name": "  "}),
        ("companies", {"details": "x"}),
        ("leads", {}),
        ("opportunities", {"primary_contact_id": 1}),
        ("tasks", {}),
        ("projects", {}),
    ],
)
def test_create_without_a_name_is_422(http: httpx.Client, entity: str, body: dict) -> None:
    r = http.post(entity, json=body)
    assert r.status_code == 422
    assert r.json()["message"] == "Name can't be blank"


def test_get_put_delete_of_an_unknown_id_are_404(http: httpx.Client) -> None:
    for method in ("GET", "PUT", "DELETE"):
        kwargs = {"json": {"name": "x"}} if method == "PUT" else {}
        assert http.request(method, "people/999", **kwargs).status_code == 404


def test_put_changes_only_present_keys_null_clears_and_bumps_date_modified() -> None:
    clock = [1_900_000_000.0]
    emu = make_emulator(clock=lambda: clock[0])
    with raw_client(emu) as http:
        rid = http.post(
            "people", json={"name": "Ann Example", "title": "CTO", "details": "keep me"}
        ).json()["id"]
        clock[0] += 10
        body = http.put(f"people/{rid}", json={"title": None}).json()
    assert body["title"] is None
    assert body["details"] == "keep me"
    assert body["date_modified"] == 1_900_000_010


def test_put_of_an_empty_body_is_a_no_op(http: httpx.Client) -> None:
    before = _person(http)
    after = http.put(f"people/{before['id']}", json={}).json()
    assert after == before


def test_read_only_keys_in_bodies_are_ignored(http: httpx.Client) -> None:
    body = http.post(
        "people", json={"name": "Ann Example", "id": 77, "date_created": 5, "first_name": "Zed"}
    ).json()
    assert body["id"] == 1 and body["date_created"] != 5 and body["first_name"] == "Ann"


def test_a_wrong_type_is_422(http: httpx.Client) -> None:
    r = http.post("people", json={"name": "Ann", "emails": "ann@example.org"})
    assert r.status_code == 422


def test_delete_answers_id_and_is_deleted_then_the_record_is_gone(http: httpx.Client) -> None:
    rid = _person(http)["id"]
    assert http.delete(f"people/{rid}").json() == {"id": rid, "is_deleted": True}
    assert http.get(f"people/{rid}").status_code == 404


def test_duplicate_person_email_is_422_case_insensitively(http: httpx.Client) -> None:
    _person(http, email="Steve@Example.org")
    r = http.post("people", json={"name": "Other", "emails": [{"email": "steve@EXAMPLE.org"}]})
    assert r.status_code == 422


def test_a_person_may_keep_its_own_email_on_update(http: httpx.Client) -> None:
    rid = _person(http)["id"]
    r = http.put(
        f"people/{rid}", json={"emails": [{"email": "steve@example.org", "category": None}]}
    )
    assert r.status_code == 200


def test_duplicate_company_email_domain_is_422(http: httpx.Client) -> None:
    assert (
        http.post("companies", json={"name": "A", "email_domain": "a.example"}).status_code == 200
    )
    assert (
        http.post("companies", json={"name": "B", "email_domain": "A.example"}).status_code == 422
    )


def test_put_company_id_refreshes_company_name(http: httpx.Client) -> None:
    cid = http.post("companies", json={"name": "Vandelay Industries"}).json()["id"]
    rid = _person(http)["id"]
    body = http.put(f"people/{rid}", json={"company_id": cid}).json()
    assert body["company_name"] == "Vandelay Industries"
    assert http.put(f"people/{rid}", json={"company_id": None}).json()["company_name"] is None


def test_fetch_by_email_finds_a_person_or_answers_404(http: httpx.Client) -> None:
    _person(http)
    found = http.post("people/fetch_by_email", json={"email": "STEVE@example.org"})
    assert found.status_code == 200 and found.json()["name"] == "Steve Cognito"
    missing = http.post("people/fetch_by_email/", json={"email": "nobody@example.org"})
    assert missing.status_code == 404
    assert missing.json()["message"] == "Resource not found"


def test_opportunity_create_defaults_come_from_the_first_pipeline_and_contact(
    http: httpx.Client,
) -> None:
    cid = http.post("companies", json={"name": "Vandelay"}).json()["id"]
    pid = http.post("people", json={"name": "Art V", "company_id": cid}).json()["id"]
    body = http.post("opportunities", json={"name": "Latex", "primary_contact_id": pid}).json()
    assert (body["status"], body["priority"]) == ("Open", "None")
    assert (body["pipeline_id"], body["pipeline_stage_id"], body["win_probability"]) == (1, 1, 10)
    assert (body["company_id"], body["company_name"]) == (cid, "Vandelay")


def test_opportunity_requires_a_primary_contact_unless_switched_off() -> None:
    strict, lenient = make_emulator(), make_emulator(require_primary_contact=False)
    with raw_client(strict) as a, raw_client(lenient) as b:
        assert a.post("opportunities", json={"name": "X"}).status_code == 422
        assert b.post("opportunities", json={"name": "X"}).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"priority": "Urgent"},
        {"status": "Pending"},
        {"win_probability": 101},
        {"close_date": "2017-01-23"},
        {"pipeline_stage_id": 999},
    ],
)
def test_opportunity_rules_are_422(http: httpx.Client, body: dict) -> None:
    r = http.post("opportunities", json={"name": "X", "primary_contact_id": 1, **body})
    assert r.status_code == 422


def test_opportunity_close_date_is_m_d_yyyy_on_the_wire(http: httpx.Client) -> None:
    body = http.post(
        "opportunities", json={"name": "X", "primary_contact_id": 1, "close_date": "01/23/2017"}
    ).json()
    assert body["close_date"] == "1/23/2017"


def test_unknown_related_ids_are_refused_when_switched_on() -> None:
    emu = make_emulator(check_related_ids=True)
    with raw_client(emu) as http:
        r = http.post("people", json={"name": "Ann", "company_id": 42})
    assert r.status_code == 422


def test_task_completed_date_is_set_on_completion_and_cleared_on_reopen(http: httpx.Client) -> None:
    rid = http.post("tasks", json={"name": "Call back", "due_date": "6/7/2017"}).json()["id"]
    done = http.put(f"tasks/{rid}", json={"status": "Completed"}).json()
    assert isinstance(done["completed_date"], int)
    assert done["due_date"] == 1496793600  # M/D/YYYY accepted, emitted as Unix seconds
    assert http.put(f"tasks/{rid}", json={"status": "Open"}).json()["completed_date"] is None


def test_task_without_a_related_resource_has_a_null_identifier(http: httpx.Client) -> None:
    body = http.post("tasks", json={"name": "x"}).json()
    assert body["related_resource"] == {"id": None, "type": None}


def test_activities_need_a_user_type_a_parent_and_details(http: httpx.Client) -> None:
    pid = _person(http)["id"]
    ok = {
        "type": {"id": 1, "category": "user"},
        "parent": {"id": pid, "type": "person"},
        "details": "Called",
    }
    assert http.post("activities", json=ok).status_code == 200
    for broken in (
        {**ok, "type": {"id": 1, "category": "system"}},
        {**ok, "details": None},
        {k: v for k, v in ok.items() if k != "parent"},
    ):
        assert http.post("activities", json=broken).status_code == 422


def test_deleted_activities_stay_readable_as_stubs_and_cannot_change(http: httpx.Client) -> None:
    pid = _person(http)["id"]
    aid = http.post(
        "activities",
        json={
            "type": {"id": 0, "category": "user"},
            "parent": {"id": pid, "type": "person"},
            "details": "note",
        },
    ).json()["id"]
    http.delete(f"activities/{aid}")
    assert http.get(f"activities/{aid}").json() == {"id": aid, "is_deleted": True}
    assert http.put(f"activities/{aid}", json={"details": "x"}).status_code == 404


def test_leads_default_to_the_default_status_and_refuse_unknown_ones(http: httpx.Client) -> None:
    body = http.post(
        "leads", json={"name": "Lead One", "email": {"email": "l@x.example", "category": "work"}}
    ).json()
    assert (body["status"], body["status_id"]) == ("New", 1)
    assert body["email"] == {"email": "l@x.example", "category": "work"}
    assert http.post("leads", json={"name": "L", "status": "Hot"}).status_code == 422


def test_leads_answer_403_when_the_feature_is_off() -> None:
    emu = make_emulator(leads_enabled=False)
    with raw_client(emu) as http:
        r = http.post("leads/search", json={})
        assert http.get("account").json()["settings"]["setting_enable_leads"] is False
    assert r.status_code == 403 and r.json()["message"] == "Feature not enabled"


def test_lead_upsert_creates_then_updates_and_refuses_ambiguous_matches(http: httpx.Client) -> None:
    body = {
        "properties": {"name": "Lee", "email": {"email": "lee@x.example", "category": "work"}},
        "match": {"field_name": "email", "field_value": "lee@x.example"},
    }
    created = http.put("leads/upsert", json=body).json()
    body["properties"] = {"title": "Buyer"}
    updated = http.put("leads/upsert", json=body).json()
    assert updated["id"] == created["id"] and updated["title"] == "Buyer"
    http.post("leads", json={"name": "Lee Two", "title": "Buyer"})
    ambiguous = http.put(
        "leads/upsert",
        json={"properties": {}, "match": {"field_name": "title", "field_value": "Buyer"}},
    )
    assert ambiguous.status_code == 422 and len(ambiguous.json()["ids"]) == 2


def test_lead_convert_makes_a_person_company_and_opportunity(http: httpx.Client) -> None:
    lead = http.post(
        "leads",
        json={
            "name": "Lee Lead",
            "company_name": "Leeco",
            "email": {"email": "lee@leeco.example", "category": "work"},
        },
    ).json()
    out = http.post(
        f"leads/{lead['id']}/convert", json={"details": {"opportunity": {"name": "Leeco deal"}}}
    ).json()
    assert out["person"]["emails"] == [{"email": "lee@leeco.example", "category": "work"}]
    assert out["company"]["name"] == "Leeco"
    assert out["opportunity"]["primary_contact_id"] == out["person"]["id"]
    assert http.get(f"leads/{lead['id']}").status_code == 404


def test_related_items_can_be_added_listed_filtered_and_removed(http: httpx.Client) -> None:
    pid = _person(http)["id"]
    cid = http.post("companies", json={"name": "C"}).json()["id"]
    added = http.post(f"people/{pid}/related", json={"resource": {"id": cid, "type": "company"}})
    assert added.json() == {"added": True, "resource": {"id": cid, "type": "company"}}
    assert http.get(f"people/{pid}/related").json() == [{"id": cid, "type": "company"}]
    assert http.get(f"companies/{cid}/related/people").json() == [{"id": pid, "type": "person"}]
    assert http.get(f"people/{pid}/related/opportunities").json() == []
    removed = http.request(
        "DELETE", f"people/{pid}/related", json={"resource": {"id": cid, "type": "company"}}
    )
    assert removed.json()["removed"] is True
    assert http.get(f"people/{pid}/related").json() == []


def test_activities_of_a_record_can_be_listed_by_type(http: httpx.Client) -> None:
    pid = _person(http)["id"]
    for type_id in (0, 1):
        http.post(
            "activities",
            json={
                "type": {"id": type_id, "category": "user"},
                "parent": {"id": pid, "type": "person"},
                "details": "d",
            },
        )
    calls = http.post(
        f"people/{pid}/activities", json={"activity_types": [{"id": 1, "category": "user"}]}
    ).json()
    assert [a["type"]["id"] for a in calls] == [1]


def test_users_are_listed_searched_and_read(http: httpx.Client) -> None:
    assert http.get("users").json()[0]["email"] == "demo@example.org"
    page = http.post("users/search", json={"page_size": 1, "page_number": 1})
    assert page.headers["X-PW-TOTAL"] == "1" and len(page.json()) == 1
    assert http.get("users/1").json()["name"] == "Demo User"
    assert http.get("users/me").json()["id"] == 1
    assert http.get("users/99").status_code == 404


def test_pipelines_stages_and_activity_types_have_the_documented_shapes(
    http: httpx.Client,
) -> None:
    pipelines = http.get("pipelines").json()
    assert set(pipelines[0]) == {"id", "name", "stages"}
    assert set(pipelines[0]["stages"][0]) == {"id", "name", "win_probability"}
    stages = http.get("pipeline_stages").json()
    assert [s["name"] for s in stages[:2]] == ["Qualifying", "Quoted"]
    assert set(stages[0]) == {"id", "name", "pipeline_id", "win_probability"}
    assert {s["pipeline_id"] for s in http.get("pipeline_stages/pipeline/2").json()} == {2}
    types = http.get("activity_types").json()
    assert set(types) == {"user", "system"}
    assert types["system"][0]["name"] == "Property Changed"


def test_webhooks_are_created_listed_read_and_deleted(http: httpx.Client) -> None:
    body = {
        "target": "https://hooks.example/in",
        "type": "activity_log",
        "event": "new",
        "secret": {"secret": "s", "key": "k"},
    }
    created = http.post("webhooks", json=body).json()
    assert isinstance(created["created_at"], int) and created["type"] == "activity_log"
    assert http.get(f"webhooks/{created['id']}").json() == created
    assert http.get("webhooks").json() == [created]
    assert http.delete(f"webhooks/{created['id']}").json() == {"id": created["id"]}
    assert http.get(f"webhooks/{created['id']}").status_code == 404


@pytest.mark.parametrize(
    "change", [{"target": "http://plain.example"}, {"type": "invoice"}, {"event": "merge"}]
)
def test_webhook_rules_are_422(http: httpx.Client, change: dict) -> None:
    body = {"target": "https://hooks.example/in", "type": "lead", "event": "new", **change}
    assert http.post("webhooks", json=body).status_code == 422


def test_an_account_holds_at_most_100_webhooks(http: httpx.Client) -> None:
    body = {"target": "https://hooks.example/in", "type": "lead", "event": "new"}
    statuses = [http.post("webhooks", json=body).status_code for _ in range(101)]
    assert statuses[-1] == 422 and statuses.count(200) == 100


def test_tags_and_custom_lists_are_served(http: httpx.Client) -> None:
    http.post("people", json={"name": "Ann", "tags": ["vip"]})
    assert http.get("tags").json() == [{"name": "vip", "count": 1}]
    assert http.get("custom_field_definitions").json()[0]["name"] == "Region"
    assert http.get("custom_activity_types").json()[0]["id"] == 12345
