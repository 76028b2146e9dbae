"""Typed models: field types, read-only and unknown fields, prospyr's value objects, and a
hypothesis round trip wire -> model -> wire."""

from __future__ import annotations

import string
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.prosperworks import sample

from crmkit import core
from crmkit.prosperworks import (
    Activity,
    Company,
    Email,
    Identifier,
    Lead,
    Opportunity,
    Person,
    PhoneNumber,
    Placeholder,
    Project,
    Task,
    ValidationError,
    Webhook,
)

# -- field types -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        1420070400,
        1420070400.0,
        "1420070400",
        "2015-01-01T00:00:00Z",
        "2015-01-01T01:00:00+01:00",
        datetime(2015, 1, 1, tzinfo=UTC),
        datetime(2015, 1, 1),  # naive: taken as UTC
    ],
)
def test_timestamps_accept_unix_iso_and_datetimes(value: Any) -> None:
    p = Person(date_modified=value)
    assert p.date_modified == datetime(2015, 1, 1, tzinfo=UTC)
    assert p.date_modified.utcoffset() == timedelta(0)
    assert p.to_wire(include_read_only=True)["date_modified"] == 1420070400


def test_a_timestamp_that_is_not_one_is_refused() -> None:
    with pytest.raises(pydantic.ValidationError):
        Task(due_date="potato")


def test_task_dates_also_load_m_d_yyyy() -> None:
    assert Task(due_date="6/7/2017").due_date == datetime(2017, 6, 7, tzinfo=UTC)


def test_aware_datetimes_are_converted_to_utc() -> None:
    plus2 = timezone(timedelta(hours=2))
    task = Task(due_date=datetime(2020, 1, 1, 12, tzinfo=plus2))
    assert task.due_date == datetime(2020, 1, 1, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1/23/2017", date(2017, 1, 23)),
        ("01/23/2017", date(2017, 1, 23)),
        ("23/01/2017", date(2017, 1, 23)),  # DD/MM/YYYY accounts
        ("2017-01-23", date(2017, 1, 23)),
        (1485129600, date(2017, 1, 23)),  # prospyr typed it as Unix seconds
        (date(2017, 1, 23), date(2017, 1, 23)),
    ],
)
def test_close_date_loads_every_form_and_dumps_m_d_yyyy(value: Any, expected: date) -> None:
    o = Opportunity(name="x", close_date=value)
    assert o.close_date == expected
    assert o.to_wire()["close_date"] == "1/23/2017"


def test_money_is_decimal_and_dumps_as_a_json_number() -> None:
    o = Opportunity(name="x", monetary_value=0.1)
    assert o.monetary_value == Decimal("0.1")
    assert o.to_wire()["monetary_value"] == 0.1
    assert Opportunity(name="x", monetary_value="1500.00").to_wire()["monetary_value"] == 1500


def test_contact_lists_are_namedtuples_built_from_dicts_or_tuples() -> None:
    p = Person(
        emails=[{"email": " spaced@example.org ", "category": None}, ("b@example.org", "work")],
        phone_numbers=[("555",)],
    )
    assert p.emails[0] == Email(" spaced@example.org ", None)
    assert p.emails[1].category == "work"
    assert p.phone_numbers == [PhoneNumber("555", None)]
    assert p.to_wire()["emails"][0] == {"email": " spaced@example.org ", "category": None}


@pytest.mark.parametrize("bad", [{"category": "work"}, 42, ("a", "b", "c"), {"email": 5}])
def test_malformed_contact_entries_are_refused(bad: Any) -> None:
    with pytest.raises(pydantic.ValidationError):
        Person(emails=[bad])


def test_unknown_wire_fields_are_kept_as_attributes() -> None:
    p = Person.from_api_data({**sample("PERSON_SAMPLE"), "favourite_colour": "teal"})
    assert p.favourite_colour == "teal"
    assert p.to_wire()["favourite_colour"] == "teal"


def test_read_only_fields_load_but_are_left_out_of_write_bodies() -> None:
    p = Person.from_api_data({**sample("PERSON_SAMPLE"), "first_name": "Jon"})
    assert p.first_name == "Jon" and p.interaction_count is None
    wire = p.to_wire()
    for key in ("id", "date_created", "date_modified", "company_name", "first_name"):
        assert key not in wire


def test_loaded_records_have_no_changes_even_with_tolerated_forms() -> None:
    o = Opportunity.from_api_data({**sample("OPPORTUNITY_SAMPLE"), "close_date": 1485129600})
    assert o.changes() == {}


def test_webhook_accepts_activity_log_and_created_at() -> None:
    hook = Webhook.from_api_data(
        {
            "id": 1,
            "target": "https://x.example",
            "type": "activity_log",
            "event": "new",
            "created_at": 1,
        }
    )
    assert hook.type == "activity_log" and hook.created_at is not None


def test_nullable_fields_prospyr_refused_now_load() -> None:
    o = Opportunity.from_api_data(
        {
            "id": 1,
            "name": "x",
            "primary_contact_id": None,
            "win_probability": None,
            "status": "Brand New Status",
        }
    )
    assert o.primary_contact_id is None and o.status == "Brand New Status"


# -- prospyr's resource behaviour ------------------------------------------------------------


def test_an_unsaved_instance_has_id_none_and_unset_fields_read_none() -> None:
    steve = Person(name="Steve Cognito")
    assert steve.id is None and steve.title is None


def test_str_and_repr_follow_prospyr() -> None:
    assert str(Person(name="Ann")) == "Ann"
    assert str(Person(id=5)) == "5"
    assert str(Person()) == "(unsaved)"
    assert repr(Person(name="Ann")) == "<Person: Ann>"
    assert repr(Company()) == "<Company: (unsaved)>"


def test_activity_str_never_raises_and_names_deleted_stubs() -> None:
    assert str(Activity.from_api_data({"id": 5, "is_deleted": True})) == "Deleted activity"
    # No connection exists: the type name cannot be fetched, str still works.
    text = str(Activity.from_api_data(sample("ACTIVITY_SAMPLE")))
    assert text.startswith("user activity 190711 on 2017-06-06")


def test_validate_checks_prospyr_required_fields() -> None:
    with pytest.raises(ValidationError) as info:
        Person(name="A").validate()
    assert info.value.errors[0]["loc"] == ("emails",)
    Person(name="A", emails=[]).validate()


def test_validation_error_is_prospyr_s_and_core_s_and_a_value_error() -> None:
    with pytest.raises(ValidationError) as info:
        Person.from_api_data({"invalid": "data"})
    err = info.value
    assert isinstance(err, core.ValidationError) and isinstance(err, ValueError)
    fixed = {**err.raw_data, "name": "Fixed", "emails": []}
    assert err.resource_cls.from_api_data(fixed).name == "Fixed"


def test_from_api_data_keeps_the_raw_data() -> None:
    raw = sample("PERSON_SAMPLE")
    assert Person.from_api_data(raw)._orig_data is raw


def test_objects_is_class_only() -> None:
    assert Person.objects.resource_cls is Person
    with pytest.raises(AttributeError, match=r"Person\.objects"):
        Person(name="x").objects  # noqa: B018


def test_opportunity_stage_is_an_alias_of_status() -> None:
    o = Opportunity(name="x")
    o.stage = "Won"
    assert o.status == "Won"
    assert o.changes() == {"name": "x", "status": "Won"}


def test_create_on_a_saved_instance_is_refused_before_any_request() -> None:
    with pytest.raises(ValueError, match="already has an id"):
        Person(id=3, name="x").create()


@pytest.mark.parametrize("method", ["read", "update", "delete"])
def test_read_update_delete_need_an_id(method: str) -> None:
    with pytest.raises(ValueError, match="needs an id"):
        getattr(Person(name="x"), method)()


def test_assigning_a_related_record_needs_a_saved_one() -> None:
    person = Person(name="x")
    with pytest.raises(ValueError, match="saved Company"):
        person.company = Company(name="unsaved")
    person.company = Company(id=4, name="saved")
    assert person.company_id == 4
    person.company = None
    assert person.company_id is None


def test_a_null_related_id_reads_none_without_a_request() -> None:
    assert Person(name="x").company is None
    assert Opportunity(name="x").primary_contact is None


# -- identifiers and placeholders --------------------------------------------------------------


def test_identifier_constructors_and_str() -> None:
    person = Person.from_api_data(sample("PERSON_SAMPLE"))
    assert Identifier.from_instance(person) == Identifier(type="person", id=1)
    assert str(Identifier.from_resource_and_id(Opportunity, 12)) == "Opportunity 12"
    with pytest.raises(ValueError):
        Identifier.from_resource_and_id(Task, 1)
    with pytest.raises(ValueError):
        Identifier.from_instance("not a resource")


def test_identifier_is_not_a_collection() -> None:
    for call in (Identifier.objects.all, lambda: Identifier.objects.filter(id=1)):
        with pytest.raises(NotImplementedError, match="cannot be treated as a collection"):
            call()


@pytest.mark.parametrize(
    ("kind", "name"), [("lead", "Lead"), ("project", "Project"), ("task", "Task")]
)
def test_unresolved_identifier_types_give_placeholders(kind: str, name: str) -> None:
    task = Task(name="t", related_resource={"id": 5, "type": kind})
    placeholder = task.related_resource
    assert isinstance(placeholder, Placeholder)
    assert type(placeholder).__name__ == name
    assert repr(placeholder) == f"<{name}: 5 (placeholder)>"


def test_an_empty_identifier_reads_none() -> None:
    assert Task(name="t", related_resource={"id": None, "type": None}).related_resource is None


def test_a_placeholder_can_be_assigned_back() -> None:
    task = Task(name="t")
    task.related_resource = Placeholder.of("project")(9)
    assert task.to_wire()["related_resource"] == {"id": 9, "type": "project"}


def test_activity_type_accepts_an_activity_type_instance() -> None:
    from crmkit.prosperworks import ActivityType

    activity = Activity(details="x")
    activity.type = ActivityType(id=2, category="user", name="Meeting")
    assert activity.to_wire()["type"] == {"id": 2, "category": "user"}


def test_project_is_a_full_resource() -> None:
    project = Project.from_api_data({"id": 1, "name": "P", "status": "Open"})
    assert project.name == "P" and "update" in Project._ops


# -- hypothesis: wire -> model -> wire ---------------------------------------------------------

_text = st.text(alphabet=string.ascii_letters + string.digits + " .-@", max_size=20)
_opt_text = st.none() | _text
_ids = st.integers(min_value=1, max_value=2**31)
_opt_ids = st.none() | _ids
_unix = st.integers(min_value=0, max_value=2**32)
_category = st.none() | st.sampled_from(["work", "personal", "other", "mobile", "linkedin"])


def _contact(key: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({key: _text, "category": _category})


_address = st.none() | st.fixed_dictionaries(
    dict.fromkeys(("street", "city", "state", "postal_code", "country"), _opt_text)
)
_custom = st.lists(
    st.fixed_dictionaries(
        {
            "custom_field_definition_id": _ids,
            "value": st.none() | _text | st.integers() | st.booleans(),
        }
    ),
    max_size=3,
)
_extra = st.dictionaries(
    st.sampled_from(["x_future", "x_flag", "x_nested"]),
    st.none() | _text | st.integers() | st.lists(st.integers(), max_size=2),
    max_size=2,
)

_person = st.fixed_dictionaries(
    {
        "id": _ids,
        "name": _text.filter(bool),
        "emails": st.lists(_contact("email"), max_size=3),
        "phone_numbers": st.lists(_contact("number"), max_size=2),
        "socials": st.lists(_contact("url"), max_size=2),
        "websites": st.lists(_contact("url"), max_size=2),
        "address": _address,
        "assignee_id": _opt_ids,
        "company_id": _opt_ids,
        "company_name": _opt_text,
        "title": _opt_text,
        "details": _opt_text,
        "tags": st.lists(_text, max_size=3),
        "custom_fields": _custom,
        "interaction_count": st.integers(min_value=0, max_value=10_000),
        "date_created": _unix,
        "date_modified": _unix,
        "date_last_contacted": st.none() | _unix,
    }
)

_close_dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)).map(
    lambda d: f"{d.month}/{d.day}/{d.year}"
)
_money = (
    st.none()
    | st.integers(min_value=0, max_value=10**9)
    | st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False).map(float)
)

_opportunity = st.fixed_dictionaries(
    {
        "id": _ids,
        "name": _text.filter(bool),
        "close_date": st.none() | _close_dates,
        "monetary_value": _money,
        "monetary_unit": st.none() | st.sampled_from(["USD", "EUR"]),
        "priority": st.sampled_from(["None", "Low", "Medium", "High"]),
        "status": st.sampled_from(["Open", "Won", "Lost", "Abandoned"]),
        "win_probability": st.none() | st.integers(min_value=0, max_value=100),
        "primary_contact_id": _opt_ids,
        "pipeline_stage_id": _opt_ids,
        "tags": st.lists(_text, max_size=2),
        "custom_fields": _custom,
        "date_created": _unix,
        "date_modified": _unix,
    }
)

_identifier = st.fixed_dictionaries(
    {"id": _ids, "type": st.sampled_from(["person", "company", "opportunity", "lead", "project"])}
) | st.just({"id": None, "type": None})

_task = st.fixed_dictionaries(
    {
        "id": _ids,
        "name": _text,
        "related_resource": _identifier,
        "due_date": st.none() | _unix,
        "reminder_date": st.none() | _unix,
        "priority": st.sampled_from(["None", "High"]),
        "status": st.sampled_from(["Open", "Completed"]),
        "tags": st.lists(_text, max_size=2),
        "date_created": _unix,
        "date_modified": _unix,
    }
)

_lead = st.fixed_dictionaries(
    {
        "id": _ids,
        "name": _text,
        "email": st.none() | _contact("email"),
        "monetary_value": _money,
        "status": st.sampled_from(["New", "Contacted"]),
        "status_id": _opt_ids,
        "date_created": _unix,
        "date_modified": _unix,
    }
)


def _round_trip(model: type[Any], wire: dict[str, Any]) -> None:
    dumped = model.from_api_data(wire).to_wire(include_read_only=True)
    for key, value in wire.items():
        assert dumped[key] == value, (key, dumped[key], value)


@settings(max_examples=60, deadline=None)
@given(_person, _extra)
def test_person_round_trips_wire_model_wire(wire: dict[str, Any], extra: dict[str, Any]) -> None:
    _round_trip(Person, {**wire, **extra})


@settings(max_examples=60, deadline=None)
@given(_opportunity)
def test_opportunity_round_trips_wire_model_wire(wire: dict[str, Any]) -> None:
    _round_trip(Opportunity, wire)


@settings(max_examples=40, deadline=None)
@given(_task)
def test_task_round_trips_wire_model_wire(wire: dict[str, Any]) -> None:
    _round_trip(Task, wire)


@settings(max_examples=40, deadline=None)
@given(_lead)
def test_lead_round_trips_wire_model_wire(wire: dict[str, Any]) -> None:
    _round_trip(Lead, wire)


@settings(max_examples=40, deadline=None)
@given(_person)
def test_a_loaded_record_has_no_changes(wire: dict[str, Any]) -> None:
    assert Person.from_api_data(wire).changes() == {}


def test_records_are_equal_when_their_data_is_whatever_loaded_them() -> None:
    a = Person.from_api_data(sample("PERSON_SAMPLE"))
    b = Person.from_api_data(sample("PERSON_SAMPLE"))
    b._using = "elsewhere"
    assert a == b
    b.title = "Changed"
    assert a != b
