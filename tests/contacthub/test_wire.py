"""respx tests pinning the exact requests crmkit sends, and parsing the vendor's samples."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import respx
from support.contacthub import (
    ROOT,
    SAMPLE_CONFLICT,
    SAMPLE_CUSTOMER,
    SAMPLE_EVENT,
    SAMPLE_SUBSCRIPTION,
    TOKEN,
    page,
)

from crmkit.contacthub import Client, Customer, Properties, Workspace
from crmkit.contacthub import types as t
from crmkit.contacthub.errors import Conflict


@pytest.fixture
def node() -> object:
    return Workspace("ws", TOKEN, base_url=ROOT, max_retries=0).get_node("123")


@respx.mock
def test_every_request_carries_bearer_json_headers_and_user_agent(node: object) -> None:
    route = respx.get(f"{ROOT}/ws/customers/c1").mock(
        return_value=httpx.Response(200, json=SAMPLE_CUSTOMER)
    )
    node.get_customer(id="c1")  # type: ignore[attr-defined]
    sent = route.calls.last.request
    assert sent.headers["authorization"] == f"Bearer {TOKEN}"
    assert sent.headers["content-type"] == "application/json"
    assert sent.headers["accept"] == "application/json"
    assert sent.headers["user-agent"].startswith("crmkit/")


@respx.mock
def test_post_body_of_the_sample_customer(node: object) -> None:
    route = respx.post(f"{ROOT}/ws/customers").mock(
        return_value=httpx.Response(201, json=SAMPLE_CUSTOMER)
    )
    customer = Customer(node, base=Properties(contacts=Properties(email="email")))
    node.add_customer(**customer.to_dict())  # type: ignore[attr-defined]
    assert (
        route.calls.last.request.content
        == json.dumps(
            {
                "base": {"contacts": {"email": "email"}},
                "extended": {},
                "consents": {},
                "tags": {"auto": [], "manual": []},
                "nodeId": "123",
            },
            separators=(",", ":"),
        ).encode()
    )


@respx.mock
def test_list_query_parameters_honour_page_and_join_fields(node: object) -> None:
    route = respx.get(f"{ROOT}/ws/customers").mock(
        return_value=httpx.Response(200, json=page([], size=5))
    )
    node.get_customers(size=5, page=2, external_id=7, fields=["base.a", "base.b"])  # type: ignore[attr-defined]
    query = parse_qs(urlsplit(str(route.calls.last.request.url)).query)
    assert query == {
        "nodeId": ["123"],
        "externalId": ["7"],
        "fields": ["base.a,base.b"],
        "page": ["2"],
        "size": ["5"],
    }


@respx.mock
def test_page_zero_is_not_sent(node: object) -> None:
    route = respx.get(f"{ROOT}/ws/customers").mock(return_value=httpx.Response(200, json=page([])))
    node.get_customers(page=0)  # type: ignore[attr-defined]
    assert "page" not in str(route.calls.last.request.url)


@respx.mock
def test_query_parameter_is_the_old_sdks_exact_text(node: object) -> None:
    route = respx.get(f"{ROOT}/ws/customers").mock(return_value=httpx.Response(200, json=page([])))
    node.query(Customer).filter(
        (Customer.base.firstName == "Bruce") & (Customer.base.lastName == "Wayne")
    ).all()  # type: ignore[attr-defined]
    sent = parse_qs(urlsplit(str(route.calls.last.request.url)).query)["query"][0]
    assert sent == (
        '{"name": "query", "query": {"type": "simple", "name": "query", "are": {"condition": '
        '{"type": "composite", "conditions": [{"type": "atomic", "attribute": "base.firstName", '
        '"operator": "EQUALS", "value": "Bruce"}, {"type": "atomic", "attribute": '
        '"base.lastName", "operator": "EQUALS", "value": "Wayne"}], "conjunction": "and"}}}}'
    )


def test_between_and_in_values() -> None:
    from datetime import datetime

    from crmkit.contacthub.models.query import between_, in_

    assert between_(
        Customer.base.dob, datetime(2011, 12, 11), datetime(2015, 12, 11)
    ).to_condition()["value"] == [datetime(2011, 12, 11), datetime(2015, 12, 11)]
    from crmkit.contacthub._encoding import dumps

    text = dumps(
        between_(Customer.base.dob, datetime(2011, 12, 11), datetime(2015, 12, 11)).to_condition()
    )
    assert '"value": ["2011-12-11T00:00:00Z", "2015-12-11T00:00:00Z"]' in text
    assert in_("vip", Customer.tags.manual).to_condition() == {
        "type": "atomic",
        "attribute": "tags.manual",
        "operator": "IN",
        "value": "vip",
    }


@pytest.mark.parametrize("value", [0, "", False])
def test_falsy_query_values_are_sent(value: object) -> None:
    assert (Customer.base.x == value).to_condition()["value"] == value


@respx.mock
def test_force_update_patches_the_conflicting_customer_without_node_id(node: object) -> None:
    respx.post(f"{ROOT}/ws/customers").mock(return_value=httpx.Response(409, json=SAMPLE_CONFLICT))
    cid = SAMPLE_CONFLICT["data"]["customer"]["id"]
    patch = respx.patch(f"{ROOT}/ws/customers/{cid}").mock(
        return_value=httpx.Response(200, json=SAMPLE_CUSTOMER)
    )
    node.add_customer(extra="x", force_update=True)  # type: ignore[attr-defined]
    body = json.loads(patch.calls.last.request.content)
    assert body == {"extra": "x"} and "nodeId" not in body


@respx.mock
def test_conflict_error_exposes_the_vendor_body(node: object) -> None:
    respx.post(f"{ROOT}/ws/customers").mock(return_value=httpx.Response(409, json=SAMPLE_CONFLICT))
    with pytest.raises(Conflict) as info:
        node.add_customer(extra="x")  # type: ignore[attr-defined]
    error = info.value
    assert error.status_code == 409 and error.logref == SAMPLE_CONFLICT["logref"]
    assert error.existing_customer_id == SAMPLE_CONFLICT["data"]["customer"]["id"]
    assert str(error) == (
        f"Status code: 409. Message: {SAMPLE_CONFLICT['message']}. Errors: []. "
        f"Data: {SAMPLE_CONFLICT['data']}. Logref: {SAMPLE_CONFLICT['logref']}"
    )


@respx.mock
def test_non_json_error_body_still_gives_an_api_error(node: object) -> None:
    from crmkit.contacthub import APIError

    respx.get(f"{ROOT}/ws/customers/x").mock(
        return_value=httpx.Response(502, text="<html>bad</html>")
    )
    with pytest.raises(APIError) as info:
        node.get_customer(id="x")  # type: ignore[attr-defined]
    assert info.value.status_code == 502 and info.value.logref is None


@respx.mock
def test_delete_accepts_an_empty_body(node: object) -> None:
    respx.delete(f"{ROOT}/ws/customers/c1").mock(return_value=httpx.Response(200))
    assert node.delete_customer("c1").id == "c1"  # type: ignore[attr-defined]


@respx.mock
def test_add_event_injects_node_id_maps_wishlist_and_returns_the_id(node: object) -> None:
    route = respx.post(f"{ROOT}/ws/events").mock(
        return_value=httpx.Response(202, json={"id": SAMPLE_EVENT["id"]})
    )
    event = node.add_event(
        type="addedWishList",
        context="WEB",
        properties={"a": 1},  # type: ignore[attr-defined]
        bringBackProperties={"type": "SESSION_ID", "value": "v"},
    )
    body = json.loads(route.calls.last.request.content)
    assert body["bringBackProperties"]["nodeId"] == "123" and body["type"] == "addedWishlist"
    assert event.id == SAMPLE_EVENT["id"]


@respx.mock
def test_events_query_parameters(node: object) -> None:
    from datetime import datetime

    route = respx.get(f"{ROOT}/ws/events").mock(
        return_value=httpx.Response(200, json=page([SAMPLE_EVENT]))
    )
    events = node.get_events(
        "c1",
        event_type="viewedPage",
        context="WEB",
        event_mode="ACTIVE",  # type: ignore[attr-defined]
        date_from=datetime(2020, 1, 1),
        date_to="2020-02-01",
        page=1,
        size=5,
    )
    query = parse_qs(urlsplit(str(route.calls.last.request.url)).query)
    assert query == {
        "customerId": ["c1"],
        "type": ["viewedPage"],
        "context": ["WEB"],
        "mode": ["ACTIVE"],
        "dateFrom": ["2020-01-01T00:00:00Z"],
        "dateTo": ["2020-02-01"],
        "page": ["1"],
        "size": ["5"],
    }
    assert events[0].properties.extraProperties.a == "b"


@respx.mock
def test_ids_are_escaped_into_paths_and_bad_ids_refused_before_sending() -> None:
    from crmkit.core import InvalidArgument

    client = Client("ws", TOKEN, node_id="n", base_url=ROOT)
    with pytest.raises(InvalidArgument):
        client.customers.get("../x")
    assert not respx.calls


@respx.mock
def test_typed_client_parses_the_sample_customer_and_subscription() -> None:
    respx.get(f"{ROOT}/ws/customers/c1").mock(
        return_value=httpx.Response(200, json=SAMPLE_CUSTOMER)
    )
    respx.post(f"{ROOT}/ws/customers/c1/subscriptions").mock(
        return_value=httpx.Response(201, json=SAMPLE_SUBSCRIPTION)
    )
    client = Client("ws", TOKEN, node_id="n", base_url=ROOT)
    customer = client.customers.get("c1")
    assert customer.email == "email@email.email" and customer.registered_at.year == 2017  # type: ignore[union-attr]
    assert customer.tags.manual == ["manual"]  # type: ignore[union-attr]
    sub = client.subscriptions.create(
        "c1", t.Subscription(id="subscription", kind="DIGITAL_MESSAGE")
    )
    assert sub.subscribed is True and sub.start_date.microsecond == 215000  # type: ignore[union-attr]


@respx.mock
def test_typed_update_sends_only_changed_leaves() -> None:
    respx.get(f"{ROOT}/ws/customers/c1").mock(
        return_value=httpx.Response(200, json=SAMPLE_CUSTOMER)
    )
    patch = respx.patch(f"{ROOT}/ws/customers/c1").mock(
        return_value=httpx.Response(200, json=SAMPLE_CUSTOMER)
    )
    client = Client("ws", TOKEN, node_id="n", base_url=ROOT)
    customer = client.customers.get("c1")
    customer.base.first_name = "Ada"  # type: ignore[union-attr]
    client.customers.update("c1", customer)
    assert json.loads(patch.calls.last.request.content) == {"base": {"firstName": "Ada"}}


def test_sample_event_parses_into_the_typed_model() -> None:
    event = t.Event.from_wire(SAMPLE_EVENT)
    assert event.bring_back_properties.type == "EXTERNAL_ID"  # type: ignore[union-attr]
    assert event.to_wire(include_read_only=True, exclude_unset=True) == SAMPLE_EVENT
