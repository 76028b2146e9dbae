"""Typed models: hypothesis round trip wire -> model -> wire, and the old idiom's tracker rules."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit.contacthub import Customer, OperationNotPermitted, Properties, ReadOnlyList, Workspace
from crmkit.contacthub import types as t
from crmkit.contacthub._encoding import format_api_datetime, parse_api_datetime
from crmkit.contacthub.lib.utils import generate_mutation_tracker

text = st.none() | st.text(max_size=6)
stamps = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 1, 1)).map(
    lambda d: format_api_datetime(d.replace(microsecond=d.microsecond // 1000 * 1000))
)
contacts = st.fixed_dictionaries(
    {},
    optional={
        "email": text,
        "phone": text,
        "mobilePhone": text,
        "otherContacts": st.lists(
            st.fixed_dictionaries({"name": text, "type": text, "value": text}), max_size=2
        ),
    },
)
base = st.fixed_dictionaries(
    {},
    optional={
        "firstName": text,
        "lastName": text,
        "contacts": contacts,
        "jobs": st.lists(
            st.fixed_dictionaries({"id": st.text(max_size=4), "jobTitle": text}), max_size=2
        ),
        "unknownKey": text,
    },
)
customers = st.fixed_dictionaries(
    {"id": st.uuids().map(str)},
    optional={
        "nodeId": text,
        "externalId": text,
        "extra": text,
        "registeredAt": stamps,
        "updatedAt": stamps,
        "enabled": st.booleans(),
        "base": base,
        "extended": st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
        "tags": st.fixed_dictionaries(
            {
                "auto": st.lists(st.text(max_size=4), max_size=2),
                "manual": st.lists(st.text(max_size=4), max_size=2),
            }
        ),
    },
)


@settings(max_examples=80, deadline=None)
@given(customers)
def test_customer_round_trips_wire_model_wire(wire: dict[str, object]) -> None:
    model = t.Customer.from_wire(wire)
    assert model.to_wire(include_read_only=True, exclude_unset=True) == wire


@settings(max_examples=50, deadline=None)
@given(st.datetimes(timezones=st.just(UTC)))
def test_api_datetime_round_trip(value: datetime) -> None:
    value = value.replace(microsecond=value.microsecond // 1000 * 1000)
    assert parse_api_datetime(format_api_datetime(value)) == value


def test_read_only_fields_are_not_sent() -> None:
    model = t.Customer.from_wire(
        {"id": "x", "registeredAt": "2017-03-09T11:31:31.842+0000", "extra": "e"}
    )
    wire = model.to_wire(exclude_unset=True)
    assert wire == {"extra": "e"}
    assert model.to_wire(include_read_only=True, exclude_unset=True)["id"] == "x"


@pytest.fixture
def node() -> object:
    return Workspace("ws", "tok").get_node("n")


def test_tracker_replacing_contacts_nulls_old_leaves(node: object) -> None:
    c = Customer(
        node,
        base={
            "contacts": {
                "email": "a",
                "fax": None,
                "mobilePhone": None,
                "phone": None,
                "otherContacts": [],
                "mobileDevices": [],
            }
        },
    )
    c.base.contacts = Properties(email="email")
    assert c.get_mutation_tracker() == {
        "base": {
            "contacts": {
                "email": "email",
                "fax": None,
                "mobilePhone": None,
                "phone": None,
                "otherContacts": [],
                "mobileDevices": [],
            }
        }
    }


def test_generate_mutation_tracker_rules() -> None:
    old = {"prova": {"oggetto": "123", "list": [1]}}
    assert generate_mutation_tracker(old, {"a": 1, "prova": {"b": 1}}) == {
        "prova": {"b": 1, "oggetto": None, "list": []},
        "a": 1,
    }
    assert generate_mutation_tracker(old, {}) == {"prova": None}


def test_tracker_list_element_change_records_the_whole_list(node: object) -> None:
    c = Customer(node, base={"jobs": [{"id": "1", "jobTitle": "a"}, {"id": "2"}]})
    c.base.jobs[0].jobTitle = "CTO"
    assert c.get_mutation_tracker() == {
        "base": {"jobs": [{"id": "1", "jobTitle": "CTO"}, {"id": "2"}]}
    }


def test_properties_over_a_null_object_tracks_the_full_path(node: object) -> None:
    c = Customer(node, base={"address": None})
    c.base.address = Properties(city="Milano")
    c.prop5 = Properties(prop6="value5")
    assert c.get_mutation_tracker() == {
        "base": {"address": {"city": "Milano"}},
        "prop5": {"prop6": "value5"},
    }


def test_read_only_list_refuses_mutation_but_allows_plus_equals() -> None:
    items = ReadOnlyList([1])
    with pytest.raises(ValueError, match="Read Only list proxy"):
        items.append(2)
    items += [2]
    assert items == [1, 2]


def test_missing_attribute_and_events_of_a_new_customer(node: object) -> None:
    c = Customer(node)
    with pytest.raises(AttributeError, match="Customer object has no attribute 'nope'"):
        _ = c.nope
    with pytest.raises(OperationNotPermitted, match="Cannot retrieve events"):
        c.get_events()


def test_query_combination_rules(node: object) -> None:
    q = node.query(Customer)  # type: ignore[attr-defined]
    with pytest.raises(OperationNotPermitted, match=r"Cannot combine empty queries\."):
        q & q
    q1 = q.filter(Customer.base.a == 1)
    combined = q1 | q1
    with pytest.raises(OperationNotPermitted, match="Cannot apply a filter"):
        combined.filter(Customer.base.b == 2)
    chained = q1.filter(Customer.base.b == 2).filter(Customer.base.c == 3)
    condition = chained.condition_query["are"]["condition"]
    assert condition["conjunction"] == "and" and len(condition["conditions"]) == 3


def test_ini_errors(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "bad.ini"
    path.write_text("workspace_id = w\n")
    with pytest.raises(KeyError):
        Workspace.from_ini_file(path)
    with pytest.raises(FileNotFoundError):
        Workspace.from_ini_file(Path(str(tmp_path)) / "missing.ini")
    path.write_text("workspace_id = w\ntoken: 100%secret\nbase_url =\n")
    w = Workspace.from_ini_file(path)
    assert w.token == "100%secret" and w.base_url.endswith("/hub/v1/workspaces")


def test_get_customer_argument_checks(node: object) -> None:
    with pytest.raises(ValueError, match="both"):
        node.get_customer(id="a", external_id="b")  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="Insert an id"):
        node.get_customer()  # type: ignore[attr-defined]
