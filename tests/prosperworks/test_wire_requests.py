"""The exact requests crmkit sends (respx): method, URL, headers and JSON bodies.

Rows refer to the vendor file's section 7.6 table (the seed examples' wire traffic).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx
from support.prosperworks import API, EMAIL, TOKEN, make_client, sample

from crmkit.prosperworks import (
    Account,
    Company,
    Identifier,
    Person,
    PipelineStage,
    Task,
    Webhook,
    connect,
)
from crmkit.prosperworks.cache import NoOpCache


def _person(rid: int = 1, **extra: Any) -> dict[str, Any]:
    return {**sample("PERSON_SAMPLE"), "id": rid, **extra}


def _body(call: Any) -> Any:
    return json.loads(call.request.content)


@pytest.fixture
def mock() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=API, assert_all_called=False) as router:
        yield router


@pytest.fixture
def default_connection() -> None:
    connect(EMAIL, TOKEN, rate_limit=None, sleep=lambda s: None)


def test_every_request_carries_the_three_auth_headers_and_json_headers(
    mock: respx.MockRouter,
) -> None:
    route = mock.get("account").respond(json={"id": 1, "name": "A"})
    with make_client() as client:
        client.account.get()
    headers = route.calls.last.request.headers
    assert headers["X-PW-AccessToken"] == TOKEN
    assert headers["X-PW-UserEmail"] == EMAIL
    assert headers["X-PW-Application"] == "developer_api"
    assert headers["Content-Type"] == "application/json"
    assert headers["Accept"] == "application/json"
    assert headers["User-Agent"].startswith("crmkit/")


def test_the_default_root_is_copper_with_v1_appended() -> None:
    with make_client() as client:
        assert str(client.base_url) == "https://api.copper.com/developer_api/v1/"


def test_the_root_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRMKIT_PROSPERWORKS_BASE_URL", "http://127.0.0.1:8001/developer_api/")
    with make_client() as client:
        assert str(client.base_url) == "http://127.0.0.1:8001/developer_api/v1/"


def test_row_2_order_by_sends_the_sort_and_page_200(
    mock: respx.MockRouter, default_connection: None
) -> None:
    route = mock.post("people/search").respond(json=[_person()])
    Person.objects.order_by("-date_modified")[0]
    assert route.calls.last.request.url == API + "people/search"  # no trailing slash
    assert _body(route.calls.last) == {
        "page_size": 200,
        "sort_by": "date_modified",
        "sort_direction": "desc",
        "page_number": 1,
    }
    assert list(_body(route.calls.last)) == [
        "page_size",
        "sort_by",
        "sort_direction",
        "page_number",
    ]


def test_row_3_create_sends_name_and_emails_and_sets_the_id(
    mock: respx.MockRouter, default_connection: None
) -> None:
    route = mock.post("people").respond(json=_person(7, name="Art Vandelay"))
    art = Person(
        name="Art Vandelay",
        emails=[{"email": "art@vandelayindustries.net", "category": "work"}],
    )
    assert art.create() is True
    assert _body(route.calls.last) == {
        "name": "Art Vandelay",
        "emails": [{"email": "art@vandelayindustries.net", "category": "work"}],
    }
    assert art.id == 7


def test_row_4_assigning_a_company_puts_only_company_id(
    mock: respx.MockRouter, default_connection: None
) -> None:
    search = mock.post("companies/search").respond(json=[{"id": 42, "name": "Vandelay"}])
    put = mock.put("people/7").respond(json=_person(7, company_id=42))
    art = Person.from_api_data(_person(7))
    art.company = Company.objects.all()[0]
    assert art.update() is True
    assert _body(search.calls.last) == {"page_size": 200, "page_number": 1}
    assert _body(put.calls.last) == {"company_id": 42}


def test_row_5_delete(mock: respx.MockRouter, default_connection: None) -> None:
    route = mock.delete("people/7").respond(json={"id": 7, "is_deleted": True})
    assert Person.from_api_data(_person(7)).delete() is True
    assert route.calls.last.request.method == "DELETE"


def test_row_8_get_by_id_then_read_hits_the_cache(
    mock: respx.MockRouter, default_connection: None
) -> None:
    route = mock.get("people/1").respond(json=_person(1, name="Steve Cognito"))
    assert Person.objects.get(id=1).name == "Steve Cognito"
    steve = Person(id=1)
    assert steve.read() is True and steve.name == "Steve Cognito"
    assert route.call_count == 1


def test_reads_are_not_cached_with_the_no_op_cache(mock: respx.MockRouter) -> None:
    connect(EMAIL, TOKEN, cache=NoOpCache(), rate_limit=None)
    route = mock.get("people/1").respond(json=_person(1))
    Person.objects.get(id=1)
    Person.objects.get(id=1)
    assert route.call_count == 2


def test_row_9_get_by_email_posts_fetch_by_email(
    mock: respx.MockRouter, default_connection: None
) -> None:
    route = mock.post("people/fetch_by_email").respond(json=_person(1))
    Person.objects.get(email="steve@example.org")
    assert _body(route.calls.last) == {"email": "steve@example.org"}


def test_row_10_update_puts_only_the_changed_title(
    mock: respx.MockRouter, default_connection: None
) -> None:
    mock.get("people/1").respond(json=_person(1))
    put = mock.put("people/1").respond(json=_person(1, title="Chairman"))
    steve = Person.objects.get(id=1)
    steve.title = "Chairman"
    assert steve.update() is True
    assert _body(put.calls.last) == {"title": "Chairman"}


def test_an_update_invalidates_the_cached_read(
    mock: respx.MockRouter, default_connection: None
) -> None:
    get = mock.get("people/1").respond(json=_person(1))
    mock.put("people/1").respond(json=_person(1, title="Chairman"))
    steve = Person.objects.get(id=1)
    steve.title = "Chairman"
    steve.update()
    Person.objects.get(id=1)
    assert get.call_count == 2


def test_row_12_index_200_fetches_page_2_and_index_1_nothing(
    mock: respx.MockRouter, default_connection: None
) -> None:
    def page(request: httpx.Request) -> httpx.Response:
        number = json.loads(request.content)["page_number"]
        start = (number - 1) * 200
        rows = [_person(i + 1) for i in range(start, min(start + 200, 250))]
        return httpx.Response(200, json=rows, headers={"X-PW-TOTAL": "250"})

    route = mock.post("people/search").mock(side_effect=page)
    rs = Person.objects.order_by("-date_modified")
    assert route.call_count == 0  # lazy
    assert rs[0].id == 1 and route.call_count == 1
    assert rs[1].id == 2 and route.call_count == 1
    assert rs[200].id == 201 and route.call_count == 2
    assert _body(route.calls.last)["page_number"] == 2


def test_row_13_chained_filters_make_one_body(
    mock: respx.MockRouter, default_connection: None
) -> None:
    route = mock.post("companies/search").respond(json=[])
    list(Company.objects.filter(minimum_interaction_count=10).filter(country="CN"))
    assert _body(route.calls.last) == {
        "page_size": 200,
        "minimum_interaction_count": 10,
        "country": "CN",
        "page_number": 1,
    }


def test_row_14_and_15_lists_and_account_are_plain_gets(
    mock: respx.MockRouter, default_connection: None
) -> None:
    stages = mock.get("pipeline_stages").respond(
        json=[{"id": 1, "name": "Qualifying", "pipeline_id": 1, "win_probability": 10}]
    )
    account = mock.get("account").respond(json={"id": 1, "name": "So-and-so Company"})
    assert [s.name for s in PipelineStage.objects.all()] == ["Qualifying"]
    assert Account.objects.get().name == "So-and-so Company"
    assert stages.call_count == account.call_count == 1


def test_row_16_iteration_stops_on_a_short_page_whatever_x_pw_total_says(
    mock: respx.MockRouter,
) -> None:
    connect(EMAIL, TOKEN, rate_limit=None, page_size=2)
    route = mock.post("people/search").mock(
        side_effect=[
            httpx.Response(200, json=[_person(1), _person(2)], headers={"X-PW-TOTAL": "99"}),
            httpx.Response(200, json=[_person(3)], headers={"X-PW-TOTAL": "99"}),
        ]
    )
    assert [p.id for p in Person.objects.all()] == [1, 2, 3]
    assert route.call_count == 2


def test_iteration_stops_on_an_empty_page(mock: respx.MockRouter) -> None:
    connect(EMAIL, TOKEN, rate_limit=None, page_size=2)
    route = mock.post("people/search").mock(
        side_effect=[
            httpx.Response(200, json=[_person(1), _person(2)]),
            httpx.Response(200, json=[]),
        ]
    )
    assert len(list(Person.objects.all())) == 2
    assert route.call_count == 2


def test_row_17_using_sends_through_the_named_connection(mock: respx.MockRouter) -> None:
    connect(EMAIL, TOKEN, rate_limit=None)
    connect("other@domain.tld", "second-token-xyz", name="second", rate_limit=None)
    route = mock.get("people/1").respond(json=_person(1))
    Person.objects.get(id=1, using="second")
    assert route.calls.last.request.headers["X-PW-UserEmail"] == "other@domain.tld"
    Person.objects.use("second").get(id=1)
    assert route.calls.last.request.headers["X-PW-AccessToken"] == "second-token-xyz"


def test_create_sends_exactly_the_set_fields(
    mock: respx.MockRouter, default_connection: None
) -> None:
    route = mock.post("people").respond(json=_person(3, name="Slithey Tove"))
    Person(name="Slithey Tove").create()
    assert _body(route.calls.last) == {"name": "Slithey Tove"}


def test_create_omits_empty_contact_lists_but_sends_empty_tags(
    mock: respx.MockRouter, default_connection: None
) -> None:
    route = mock.post("companies").respond(json={"id": 3, "name": "C"})
    Company(name="C", phone_numbers=[], tags=[]).create()
    assert _body(route.calls.last) == {"name": "C", "tags": []}


def test_update_sends_only_the_fields_set_at_construction(
    mock: respx.MockRouter, default_connection: None
) -> None:
    route = mock.put("people/1").respond(json=_person(1))
    Person(id=1, name="Nantucket Terwilliger").update()
    assert _body(route.calls.last) == {"name": "Nantucket Terwilliger"}


def test_update_sends_explicit_none_as_null_and_explicit_empty_lists(
    mock: respx.MockRouter, default_connection: None
) -> None:
    route = mock.put("people/1").respond(json=_person(1))
    person = Person.from_api_data(_person(1))
    person.title = None
    person.tags = []
    person.update()
    assert _body(route.calls.last) == {"title": None, "tags": []}


def test_emails_survive_create_and_update(mock: respx.MockRouter, default_connection: None) -> None:
    # prospyr 0.8.0 sent every email address as null (vendor file bug 13).
    post = mock.post("people").respond(json=_person(5))
    put = mock.put("people/5").respond(json=_person(5))
    person = Person(name="Ann", emails=[("ann@example.org", "work")])
    person.create()
    person.emails = [*person.emails, {"email": "ann@home.example", "category": "personal"}]
    person.update()
    assert _body(post.calls.last)["emails"] == [{"email": "ann@example.org", "category": "work"}]
    assert {"email": "ann@home.example", "category": "personal"} in _body(put.calls.last)["emails"]


def test_read_only_fields_are_never_sent(mock: respx.MockRouter, default_connection: None) -> None:
    route = mock.put("people/1").respond(json=_person(1))
    person = Person.from_api_data(_person(1))
    person.interaction_count = 99
    person.company_name = "Other"
    person.details = "changed"
    person.update()
    assert _body(route.calls.last) == {"details": "changed"}


def test_unknown_fields_round_trip_when_changed(
    mock: respx.MockRouter, default_connection: None
) -> None:
    route = mock.put("people/1").respond(json=_person(1))
    person = Person.from_api_data(_person(1, shoe_size=44))
    assert person.shoe_size == 44
    person.shoe_size = 45
    person.update()
    assert _body(route.calls.last) == {"shoe_size": 45}


def test_task_identifier_dumps_type_and_id(
    mock: respx.MockRouter, default_connection: None
) -> None:
    route = mock.post("tasks").respond(json=sample("TASK_SAMPLE"))
    person = Person.from_api_data(_person(12))
    Task(name="Ring", related_resource=person).create()
    assert _body(route.calls.last) == {
        "name": "Ring",
        "related_resource": {"id": 12, "type": "person"},
    }


def test_clearing_an_identifier_sends_nulls(
    mock: respx.MockRouter, default_connection: None
) -> None:
    route = mock.put("tasks/3716920").respond(json=sample("TASK_SAMPLE"))
    task = Task.from_api_data(sample("TASK_SAMPLE"))
    task.related_resource = None
    task.update()
    assert _body(route.calls.last) == {"related_resource": {"id": None, "type": None}}


def test_typed_client_search_pages_with_filters(mock: respx.MockRouter) -> None:
    route = mock.post("opportunities/search").respond(json=[])
    with make_client() as client:
        list(client.opportunities.search(status_ids=[0], sort_by="close_date", page_size=50))
    assert _body(route.calls.last) == {
        "page_size": 50,
        "status_ids": [0],
        "sort_by": "close_date",
        "sort_direction": "asc",
        "page_number": 1,
    }


def test_typed_client_related_items(mock: respx.MockRouter) -> None:
    listing = mock.get("people/1/related/opportunities").respond(
        json=[{"id": 9, "type": "opportunity"}]
    )
    add = mock.post("people/1/related").respond(
        json={"added": True, "resource": {"id": 9, "type": "opportunity"}}
    )
    remove = mock.delete("people/1/related").respond(json={"removed": True, "resource": {}})
    with make_client() as client:
        found = client.people.related(1, "opportunities")
        client.people.add_related(1, Identifier(id=9, type="opportunity"))
        client.people.remove_related(1, {"id": 9, "type": "opportunity"})
    assert found == [Identifier(id=9, type="opportunity")]
    assert listing.called
    assert _body(add.calls.last) == {"resource": {"id": 9, "type": "opportunity"}}
    assert _body(remove.calls.last) == {"resource": {"id": 9, "type": "opportunity"}}


def test_typed_client_webhooks(mock: respx.MockRouter) -> None:
    created = sample("WEBHOOK_SAMPLE")
    post = mock.post("webhooks").respond(json=created)
    delete = mock.delete("webhooks/17065").respond(json={"id": 17065})
    with make_client() as client:
        hook = client.webhooks.create(
            Webhook(
                target="https://your.endpoint.here",
                type="lead",
                event="update",
                secret={"secret": "hook_source", "key": "copper_notifications"},
            )
        )
        client.webhooks.delete(hook.id)
    assert _body(post.calls.last) == {
        k: v for k, v in created.items() if k not in ("id", "created_at")
    }
    assert delete.called


def test_typed_client_lead_upsert_and_convert(mock: respx.MockRouter) -> None:
    upsert = mock.put("leads/upsert").respond(json=sample("LEAD_SAMPLE"))
    convert = mock.post("leads/8894157/convert").respond(
        json={"person": _person(3), "company": None, "opportunity": None}
    )
    with make_client() as client:
        client.leads.upsert({"name": "Lee"}, "email", "lee@x.example")
        out = client.leads.convert(8894157, {"person": {"title": "Buyer"}})
    assert _body(upsert.calls.last) == {
        "properties": {"name": "Lee"},
        "match": {"field_name": "email", "field_value": "lee@x.example"},
    }
    assert _body(convert.calls.last) == {"details": {"person": {"title": "Buyer"}}}
    assert out["person"].id == 3 and out["company"] is None


def test_typed_client_users_and_stages_of_a_pipeline(mock: respx.MockRouter) -> None:
    search = mock.post("users/search").respond(json=[sample("USER_SAMPLE")])
    me = mock.get("users/me").respond(json=sample("USER_SAMPLE"))
    stages = mock.get("pipeline_stages/pipeline/213214").respond(json=[])
    with make_client() as client:
        assert [u.name for u in client.users.search()] == ["Demo User"]
        assert client.users.me().id == 159258
        assert client.pipeline_stages.list(pipeline_id=213214) == []
    assert _body(search.calls.last) == {"page_size": 200, "page_number": 1}
    assert me.called and stages.called


def test_activities_of_a_person(mock: respx.MockRouter) -> None:
    route = mock.post("people/1/activities").respond(json=[sample("ACTIVITY_SAMPLE")])
    with make_client() as client:
        rows = client.people.activities(1, [{"id": 1, "category": "user"}])
    assert _body(route.calls.last) == {"activity_types": [{"id": 1, "category": "user"}]}
    assert rows[0].details == "Demo phone call"
