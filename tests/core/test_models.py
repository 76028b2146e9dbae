"""CrmModel: aliases, unknown fields kept, read-only fields not sent, change tracking."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import Field

from crmkit.core import CrmModel, ReadOnly, ValidationError, load_many


class Phone(CrmModel):
    number: str
    category: str | None = None


class Person(CrmModel):
    id: Annotated[int | None, ReadOnly] = None
    name: str
    first_name: Annotated[str | None, ReadOnly, Field(alias="firstName")] = None
    job_title: str | None = Field(default=None, alias="jobTitle")
    phones: list[Phone] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)


WIRE = {"id": 1, "name": "Ada", "firstName": "Ada", "jobTitle": "CEO", "tags": ["a"], "shoe": 9}


def test_from_wire_maps_aliases_and_keeps_unknown_fields() -> None:
    p = Person.from_wire(WIRE)
    assert p.job_title == "CEO" and p.first_name == "Ada"
    assert p.shoe == 9  # type: ignore[attr-defined]


def test_to_wire_uses_wire_names_and_leaves_read_only_out() -> None:
    wire = Person.from_wire(WIRE).to_wire()
    assert wire["jobTitle"] == "CEO" and wire["shoe"] == 9
    assert "id" not in wire and "firstName" not in wire


def test_loaded_record_has_no_changes() -> None:
    assert Person.from_wire(WIRE).changes() == {}


def test_assignment_is_tracked_with_wire_names() -> None:
    p = Person.from_wire(WIRE)
    p.job_title = "Chairman"
    assert p.changes() == {"jobTitle": "Chairman"}


def test_assigning_none_is_a_change_to_null() -> None:
    p = Person.from_wire(WIRE)
    p.job_title = None
    assert p.changes() == {"jobTitle": None}


def test_in_place_list_edit_is_a_change() -> None:
    p = Person.from_wire(WIRE)
    p.tags.append("b")
    assert p.changes() == {"tags": ["a", "b"]}


def test_unknown_field_assignment_is_tracked() -> None:
    p = Person.from_wire(WIRE)
    p.shoe = 10  # type: ignore[attr-defined]
    assert p.changes() == {"shoe": 10}


def test_read_only_assignment_is_not_a_change() -> None:
    p = Person.from_wire(WIRE)
    p.id = 5
    assert p.changes() == {}


def test_constructed_record_counts_given_fields_as_changes() -> None:
    assert Person(name="New", job_title="x").changes() == {"name": "New", "jobTitle": "x"}


def test_mark_clean_forgets_changes() -> None:
    p = Person.from_wire(WIRE)
    p.name = "B"
    p.mark_clean()
    assert not p.has_changes()


def test_assignment_is_validated() -> None:
    p = Person.from_wire(WIRE)
    with pytest.raises(Exception, match="list"):
        p.tags = "not a list"  # type: ignore[assignment]


def test_load_many_raises_crmkit_validation_error_with_raw_data() -> None:
    rows: list[Any] = [{"id": 1, "name": "ok"}, {"id": "not-an-integer"}]
    with pytest.raises(ValidationError) as info:
        load_many(Person, rows)
    assert info.value.raw_data == {"id": "not-an-integer"}
    assert info.value.model is Person and info.value.resource_cls is Person


def test_load_many_store_invalid_collects_and_skips() -> None:
    bad: list[ValidationError] = []
    loaded = load_many(Person, [{"id": 1, "name": "ok"}, {"id": "nope"}], invalid=bad)
    assert [p.id for p in loaded] == [1]
    assert len(bad) == 1 and bad[0].errors
    recovered = bad[0].resource_cls.from_wire({"id": 2, "name": "fixed"})  # type: ignore[union-attr]
    assert recovered.name == "fixed"


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=10,
)


@given(
    name=st.text(min_size=1, max_size=30),
    title=st.none() | st.text(max_size=30),
    extra=st.dictionaries(
        st.text(min_size=1, max_size=8).filter(
            lambda k: (
                k not in {"id", "name", "firstName", "jobTitle", "phones", "tags"}
                and not k.startswith("_")
            )
        ),
        _json,
        max_size=4,
    ),
)
def test_wire_round_trip_keeps_known_and_unknown_fields(
    name: str, title: str | None, extra: dict[str, Any]
) -> None:
    wire = {"name": name, "jobTitle": title, "phones": [], "tags": [], **extra}
    assert Person.from_wire(wire).to_wire() == {**wire}
