"""Emulator fidelity for ``POST <entity>/search`` (raw httpx): paging, totals, filters, sort."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from support.prosperworks import make_emulator, raw_client

from crmkit.prosperworks.emulator import ProsperWorksEmulator


@pytest.fixture
def http(emu: ProsperWorksEmulator) -> Iterator[httpx.Client]:
    with raw_client(emu) as c:
        for i, (name, city, tags) in enumerate(
            [
                ("Zed Alpha", "Berlin", ["vip"]),
                ("Amy Beta", "Paris", []),
                ("Bob Gamma", None, ["partner", "vip"]),
            ]
        ):
            c.post(
                "people",
                json={
                    "name": name,
                    "emails": [{"email": f"p{i}@example.org", "category": "work"}],
                    "phone_numbers": [{"number": f"+1 (415) 555-12{i}0", "category": "work"}],
                    "address": {"city": city, "country": "DE" if city else None},
                    "tags": tags,
                },
            )
        yield c


@pytest.fixture
def demo_http(demo: ProsperWorksEmulator) -> Iterator[httpx.Client]:
    with raw_client(demo) as c:
        yield c


def _names(response: httpx.Response) -> list[str]:
    return [r["name"] for r in response.json()]


def test_search_answers_a_bare_array_and_x_pw_total(http: httpx.Client) -> None:
    r = http.post("people/search", json={})
    assert r.status_code == 200
    assert isinstance(r.json(), list)
    assert r.headers["X-PW-TOTAL"] == "3"


def test_default_people_order_is_first_name(http: httpx.Client) -> None:
    assert _names(http.post("people/search", json={})) == ["Amy Beta", "Bob Gamma", "Zed Alpha"]


def test_default_page_size_is_20(demo_http: httpx.Client) -> None:
    assert len(demo_http.post("people/search", json={}).json()) == 20


def test_paging_past_the_end_is_200_and_empty(http: httpx.Client) -> None:
    r = http.post("people/search", json={"page_size": 2, "page_number": 3})
    assert r.status_code == 200 and r.json() == []


def test_pages_do_not_overlap(demo_http: httpx.Client) -> None:
    body = {"page_size": 200, "sort_by": "date_modified", "sort_direction": "desc"}
    first = demo_http.post("people/search", json={**body, "page_number": 1}).json()
    second = demo_http.post("people/search", json={**body, "page_number": 2}).json()
    assert len(first) == 200 and len(second) == 50
    assert not {r["id"] for r in first} & {r["id"] for r in second}


@pytest.mark.parametrize(
    "paging",
    [
        {"page_size": 0},
        {"page_size": 201},
        {"page_number": 0},
        {"page_size": "many"},
        {"page_size": True},
    ],
)
def test_bad_paging_is_422(http: httpx.Client, paging: dict) -> None:
    assert http.post("people/search", json=paging).status_code == 422


def test_query_string_paging_is_accepted_and_the_body_wins(http: httpx.Client) -> None:
    assert len(http.post("people/search?page_size=1", json={}).json()) == 1
    assert len(http.post("people/search?page_size=1", json={"page_size": 2}).json()) == 2


def test_sort_by_and_direction(http: httpx.Client) -> None:
    r = http.post("people/search", json={"sort_by": "name", "sort_direction": "desc"})
    assert _names(r) == ["Zed Alpha", "Bob Gamma", "Amy Beta"]


def test_nulls_sort_last_in_both_directions(http: httpx.Client) -> None:
    for direction in ("asc", "desc"):
        r = http.post("people/search", json={"sort_by": "city", "sort_direction": direction})
        assert _names(r)[-1] == "Bob Gamma"


def test_an_unknown_sort_by_is_ignored(http: httpx.Client) -> None:
    r = http.post("people/search", json={"sort_by": "shoe_size", "sort_direction": "desc"})
    assert _names(r) == ["Amy Beta", "Bob Gamma", "Zed Alpha"]


def test_unknown_filter_keys_are_ignored(http: httpx.Client) -> None:
    assert len(http.post("people/search", json={"shoe_size": 44}).json()) == 3


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"name": "BETA"}, ["Amy Beta"]),
        ({"emails": ["P2@example.org"]}, ["Bob Gamma"]),
        ({"city": "berlin"}, ["Zed Alpha"]),
        ({"city": ""}, ["Bob Gamma"]),
        ({"country": "DE"}, ["Amy Beta", "Zed Alpha"]),
        ({"tags": ["partner"]}, ["Bob Gamma"]),
        ({"ids": [1, 2]}, ["Amy Beta", "Zed Alpha"]),
        ({"assignee_ids": [-2]}, ["Amy Beta", "Bob Gamma", "Zed Alpha"]),
        ({"phone_number": "1210"}, ["Amy Beta"]),
        ({"phone_number": {"value": "4155551220", "match": "partial"}}, ["Bob Gamma"]),
        ({"phone_number": "914155551200"}, ["Zed Alpha"]),
        ({"name": "a", "tags": ["vip"]}, ["Bob Gamma", "Zed Alpha"]),
    ],
)
def test_people_filters(http: httpx.Client, filters: dict, expected: list[str]) -> None:
    assert _names(http.post("people/search", json=filters)) == expected


def test_minimum_and_maximum_are_inclusive() -> None:
    clock = [1000.0]
    emu = make_emulator(clock=lambda: clock[0])
    with raw_client(emu) as http:
        for name in ("A One", "B Two", "C Three"):
            http.post("people", json={"name": name})
            clock[0] += 100
        r = http.post(
            "people/search", json={"minimum_modified_date": 1100, "maximum_modified_date": 1200}
        )
        assert _names(r) == ["B Two", "C Three"]
        assert _names(http.post("people/search", json={"minimum_created_date": 1200})) == [
            "C Three"
        ]


def test_age_is_created_within_n_seconds() -> None:
    clock = [1000.0]
    emu = make_emulator(clock=lambda: clock[0])
    with raw_client(emu) as http:
        http.post("people", json={"name": "Old One"})
        clock[0] += 500
        http.post("people", json={"name": "New One"})
        assert _names(http.post("people/search", json={"age": 100})) == ["New One"]


def test_seeded_companies_match_the_seed_filter_example(demo_http: httpx.Client) -> None:
    r = demo_http.post(
        "companies/search",
        json={"page_size": 200, "minimum_interaction_count": 10, "country": "CN", "page_number": 1},
    )
    rows = r.json()
    assert rows and int(r.headers["X-PW-TOTAL"]) == len(rows)
    assert all(c["interaction_count"] >= 10 and c["address"]["country"] == "CN" for c in rows)


def test_companies_filter_by_email_domain(demo_http: httpx.Client) -> None:
    domain = demo_http.post("companies/search", json={"page_size": 1}).json()[0]["email_domain"]
    rows = demo_http.post("companies/search", json={"email_domains": [domain.upper()]}).json()
    assert [c["email_domain"] for c in rows] == [domain]


def test_opportunity_filters_by_status_and_stage(demo_http: httpx.Client) -> None:
    won = demo_http.post("opportunities/search", json={"status_ids": [1], "page_size": 200})
    assert won.json() and all(o["status"] == "Won" for o in won.json())
    staged = demo_http.post(
        "opportunities/search", json={"pipeline_stage_ids": [2], "page_size": 200}
    ).json()
    assert staged and {o["pipeline_stage_id"] for o in staged} == {2}


def test_opportunity_name_filter_is_exact(demo_http: httpx.Client) -> None:
    name = demo_http.post("opportunities/search", json={"page_size": 1}).json()[0]["name"]
    assert demo_http.post("opportunities/search", json={"name": name[:-1]}).json() == []
    assert demo_http.post("opportunities/search", json={"name": name.lower()}).json()


def test_tasks_filter_by_statuses_and_opportunity(demo_http: httpx.Client) -> None:
    rows = demo_http.post("tasks/search", json={"statuses": ["Completed"], "page_size": 200})
    assert rows.json() and all(t["status"] == "Completed" for t in rows.json())
    one = demo_http.post("tasks/search", json={"page_size": 200}).json()
    opp = next(t for t in one if t["related_resource"]["type"] == "opportunity")
    oid = opp["related_resource"]["id"]
    matched = demo_http.post("tasks/search", json={"opportunity_ids": [oid]}).json()
    assert opp["id"] in [t["id"] for t in matched]


def test_activities_default_to_newest_first_and_filter_by_parent(demo_http: httpx.Client) -> None:
    rows = demo_http.post("activities/search", json={"page_size": 50}).json()
    dates = [a["activity_date"] for a in rows]
    assert dates == sorted(dates, reverse=True)
    parent = rows[0]["parent"]
    same = demo_http.post("activities/search", json={"parent": parent}).json()
    assert same and all(a["parent"] == parent for a in same)


def test_leads_filter_by_one_email_string(demo_http: httpx.Client) -> None:
    lead = demo_http.post("leads/search", json={"page_size": 1}).json()[0]
    rows = demo_http.post("leads/search", json={"emails": lead["email"]["email"]}).json()
    assert [r["id"] for r in rows] == [lead["id"]]


def test_a_planted_malformed_row_appears_in_searches() -> None:
    emu = make_emulator("demo", malformed_row="people")
    with raw_client(emu) as http:
        ids = [r["id"] for r in http.post("people/search", json={"page_size": 5}).json()]
    assert "not-an-integer" in ids


def test_one_search_reaches_at_most_100000_matches(demo_http: httpx.Client) -> None:
    r = demo_http.post("people/search", json={"page_size": 200, "page_number": 501})
    assert r.status_code == 200 and r.json() == []
