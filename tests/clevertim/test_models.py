"""The typed models: wire names, read-only fields, extras, helpers, and a hypothesis round trip
wire -> model -> wire for every resource model."""

from __future__ import annotations

import datetime as dt
import types
import typing
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from support.clevertim import SAMPLE_CONTACT, SAMPLE_NOTE, SAMPLE_TASK

from crmkit.clevertim import models
from crmkit.core import CrmModel

RESOURCE_MODELS = [
    models.Contact,
    models.Company,
    models.Case,
    models.Opportunity,
    models.Task,
    models.Note,
    models.Comment,
    models.CustomField,
    models.User,
    models.Group,
    models.Folder,
    models.File,
    models.LinkedFile,
]

_text = st.text(max_size=12)
_ids = st.integers(min_value=1, max_value=10**9)


def _strategy(annotation: Any) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(_strategy(a) for a in args))
    if annotation is type(None):
        return st.none()
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        return _ids
    if annotation is str:
        return _text
    if annotation is Any:
        return st.none() | _text
    if origin is list:
        return st.lists(_strategy(args[0]), max_size=3)
    if origin is dict:
        return st.dictionaries(st.integers(1, 99).map(str), _strategy(args[1]), max_size=3)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _wire(annotation, compact=True)
    raise AssertionError(f"no strategy for {annotation!r}")


def _wire(model: type[CrmModel], *, compact: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Complete wire records of ``model`` (compact nested objects omit absent keys)."""
    fields = {}
    for name, info in model.model_fields.items():
        strategy = _strategy(info.annotation)
        if compact:
            strategy = strategy.filter(lambda v: v is not None)
        fields[info.alias or name] = strategy
    if compact:
        return st.fixed_dictionaries({}, optional=fields)
    return st.fixed_dictionaries(fields)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_every_model_round_trips_wire_to_model_to_wire(data: st.DataObject) -> None:
    model = data.draw(st.sampled_from(RESOURCE_MODELS))
    wire = data.draw(_wire(model))
    extra = data.draw(st.dictionaries(st.text("xyz", min_size=5, max_size=8), _text, max_size=2))
    wire = {**wire, **extra}
    record = model.from_wire(wire)
    assert record.to_wire(include_read_only=True) == wire
    assert record.changes() == {}


def test_read_only_fields_are_not_sent() -> None:
    ada = models.Contact.from_wire(SAMPLE_CONTACT)
    body = ada.to_wire()
    assert not {"id", "notes", "opportunities", "tasks", "cases", "lc", "cphoto", "ao", "lm"} & set(
        body
    )
    assert body["fn"] == "Ada"


def test_unknown_fields_are_kept_and_sent() -> None:
    task = models.Task.from_wire({**SAMPLE_TASK, "atypet": "x"})
    assert task.to_wire()["atypet"] == "x"


def test_changes_list_only_what_changed() -> None:
    ada = models.Contact.from_wire(SAMPLE_CONTACT)
    ada.title = "CTO"
    ada.emails.append("ada@new.example")
    assert ada.changes() == {"title": "CTO", "email": ["ada@quill.example", "ada@new.example"]}


def test_a_single_note_customer_reads_as_a_list() -> None:
    assert models.Note.from_wire({**SAMPLE_NOTE, "cust": 812}).who == [812]


def test_task_dates_build_from_python_values() -> None:
    date = models.TaskDate.of(dt.date(2024, 3, 4), dt.time(9, 30, 59))
    assert date.to_wire() == {"y": 2024, "mo": 3, "d": 4, "h": 9, "mi": 30}
    assert models.TaskDate(y=2024, mo=2, d=30).date is None  # not a real date
    assert models.TaskDate(y=2024, mo=0, d=1).date is None


def test_opportunity_amount_is_a_decimal_and_never_a_float() -> None:
    deal = models.Opportunity(value="1000.50")
    assert deal.amount == Decimal("1000.50") and models.Opportunity(value="n/a").amount is None
    assert models.Opportunity.from_wire({"value": 4500}).value == "4500"


def test_timestamps_parse_as_utc() -> None:
    assert models.parse_timestamp("2024-03-02T10:00:00Z") == dt.datetime(
        2024, 3, 2, 10, tzinfo=dt.UTC
    )
    assert models.parse_timestamp("2024-03-02T10:00:00") == dt.datetime(
        2024, 3, 2, 10, tzinfo=dt.UTC
    )
    assert models.parse_timestamp("yesterday") is None and models.parse_timestamp(None) is None
