"""Model round trips keep every known and every unknown field (APIs grow).

Each case loads a real record from a vendor's emulator through the typed client, takes its
wire form, adds random fields the model does not know (at the top and inside nested objects)
and checks that loading and dumping again gives back every known value unchanged and every
unknown field verbatim, and that a second round trip is stable. Spreedly records also make the
trip through their XML form.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability.kit import (
    CLEVERTIM_TYPED,
    CONTACTHUB_TYPED,
    PROCURET_TYPED,
    PROSPERWORKS_TYPED,
    SPREEDLY_TYPED,
    Emulator,
    Surface,
)

from crmkit.core import CrmModel

EXAMPLES = 30

unknown_keys = st.from_regex(r"zz[a-z][a-z0-9_]{0,10}", fullmatch=True)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(unknown_keys, children, max_size=3)
    ),
    max_leaves=8,
)
xml_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20
).filter(lambda s: s.strip() == s and s.strip())


@dataclass(frozen=True)
class Sample:
    id: str
    surface: Surface
    load: Callable[[Any, Emulator], CrmModel]


SAMPLES = [
    Sample(
        "prosperworks-person",
        PROSPERWORKS_TYPED,
        lambda c, e: c.people.get(next(iter(e.people.items()))[0]),
    ),
    Sample(
        "prosperworks-company",
        PROSPERWORKS_TYPED,
        lambda c, e: c.companies.get(next(iter(e.companies.items()))[0]),
    ),
    Sample(
        "prosperworks-opportunity",
        PROSPERWORKS_TYPED,
        lambda c, e: c.opportunities.get(next(iter(e.opportunities.items()))[0]),
    ),
    Sample("prosperworks-pipeline", PROSPERWORKS_TYPED, lambda c, e: c.pipelines.list()[0]),
    Sample(
        "spreedly-subscriber",
        SPREEDLY_TYPED,
        lambda c, e: c.subscribers.get(next(iter(e.sites["demo"].subscribers))),
    ),
    Sample("spreedly-plan", SPREEDLY_TYPED, lambda c, e: c.plans.list()[0]),
    Sample(
        "contacthub-customer",
        CONTACTHUB_TYPED,
        lambda c, e: c.customers.get(next(iter(e.workspaces["demo"].customers))),
    ),
    Sample(
        "procuret-link",
        PROCURET_TYPED,
        lambda c, e: c.instalment_links.retrieve(next(iter(e.links))),
    ),
    Sample("procuret-entity", PROCURET_TYPED, lambda c, e: c.entities.retrieve(4000)),
    Sample(
        "clevertim-contact",
        CLEVERTIM_TYPED,
        lambda c, e: c.contacts.get(next(k for k, _ in e.account.rows("contact"))),
    ),
    Sample(
        "clevertim-opportunity",
        CLEVERTIM_TYPED,
        lambda c, e: next(iter(c.opportunities.list())),
    ),
]


def _loaded(sample: Sample) -> CrmModel:
    emulator = sample.surface.emulator()
    client = sample.surface.build(emulator, "sync")
    try:
        return sample.load(client, emulator)
    finally:
        client.close()


def _model_paths(record: CrmModel, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Wire paths of ``record`` and of every model nested in it (where unknown fields go)."""
    out = [prefix]
    for name, field in type(record).model_fields.items():
        value = getattr(record, name, None)
        wire_name = field.alias or name
        if isinstance(value, CrmModel):
            out += _model_paths(value, (*prefix, wire_name))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, CrmModel):
                    out += _model_paths(item, (*prefix, wire_name, index))
    return out


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.id for s in SAMPLES])
def test_round_trip_keeps_known_and_unknown_fields(sample: Sample) -> None:
    record = _loaded(sample)
    model = type(record)
    wire = record.to_wire(include_read_only=True)
    paths = [p for p in _model_paths(record) if isinstance(_at(wire, p), dict)]
    assert paths, "a record without an object to extend"

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        extended = copy.deepcopy(wire)
        added: list[tuple[tuple[Any, ...], str, Any]] = []
        for _ in range(data.draw(st.integers(1, 4), label="unknown fields")):
            path = data.draw(st.sampled_from(paths), label="where")
            key = data.draw(unknown_keys, label="key")
            value = data.draw(json_values, label="value")
            _at(extended, path)[key] = value
            added.append((path, key, value))
        loaded = model.from_wire(copy.deepcopy(extended))
        dumped = loaded.to_wire(include_read_only=True)
        stripped = copy.deepcopy(dumped)
        for path, key, _ in reversed(added):
            expected = _at(extended, path)[key]
            assert _at(dumped, path)[key] == expected, f"unknown {(*path, key)} changed"
            _at(stripped, path).pop(key, None)
        for key, value in wire.items():
            assert stripped[key] == value, f"known {key} changed: {value!r} -> {stripped[key]!r}"
        assert set(stripped) == set(wire), "fields appeared or disappeared"
        again = model.from_wire(copy.deepcopy(dumped)).to_wire(include_read_only=True)
        assert again == dumped, "a second round trip changed the record"
        assert not loaded.has_changes(), "a freshly loaded record reports changes"

    run()


def test_spreedly_xml_round_trip_keeps_known_and_unknown_elements() -> None:
    from crmkit.spreedly import Subscriber

    record = _loaded(SAMPLES[4])
    assert isinstance(record, Subscriber)
    wire = record.to_wire(include_read_only=True)

    @settings(max_examples=EXAMPLES, deadline=None, database=None)
    @given(
        extras=st.dictionaries(
            unknown_keys.map(lambda k: k.replace("_", "-")),
            st.integers(-(2**40), 2**40) | st.booleans() | xml_text,
            min_size=1,
            max_size=4,
        )
    )
    def run(extras: dict[str, Any]) -> None:
        loaded = Subscriber.from_wire({**wire, **extras})
        back = Subscriber.from_xml(loaded.to_xml(include_read_only=True))
        dumped = back.to_wire(include_read_only=True)
        for key, value in extras.items():
            assert dumped.get(key) == value, f"unknown <{key}> changed: {dumped.get(key)!r}"
        for key, value in wire.items():
            assert dumped[key] == value, f"known <{key}> changed: {value!r} -> {dumped[key]!r}"

    run()
