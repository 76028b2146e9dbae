"""The XML codec: safe parsing, Rails typing both ways, pyspreedly's compat shape."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.spreedly import sample

from crmkit.core import MalformedResponse
from crmkit.spreedly import _xml
from crmkit.spreedly.errors import MalformedXML, UnsafeXML
from crmkit.spreedly.objectify import objectify_spreedly

# -- parsing safely ---------------------------------------------------------------------------


def test_billion_laughs_is_refused_as_unsafe_xml() -> None:
    with pytest.raises(UnsafeXML) as info:
        _xml.parse(sample("billion_laughs"))
    assert "billion laughs" in str(info.value)


def test_external_entity_is_refused_as_unsafe_xml() -> None:
    with pytest.raises(UnsafeXML):
        _xml.parse(sample("xxe"))


def test_a_dtd_without_entities_is_refused_too() -> None:
    with pytest.raises(UnsafeXML):
        _xml.parse(b'<?xml version="1.0"?><!DOCTYPE subscriber><subscriber/>')


def test_unsafe_xml_is_a_malformed_response() -> None:
    assert issubclass(UnsafeXML, MalformedXML)
    assert issubclass(MalformedXML, MalformedResponse)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"HTTP Basic: Access denied.", "text"),
        (b"<subscriber><customer-id>1</subscriber>", "not well-formed"),
    ],
)
def test_bodies_that_are_not_xml_raise_malformed_xml(body: bytes, words: str) -> None:
    with pytest.raises(MalformedXML) as info:
        _xml.parse(body)
    assert words in str(info.value)
    assert not isinstance(info.value, UnsafeXML)


def test_underscored_names_are_read_as_dashes() -> None:
    root = _xml.parse(b"<subscriber><in_grace_period>true</in_grace_period></subscriber>")
    assert [child.tag for child in root] == ["in-grace-period"]


def test_non_ascii_text_is_read() -> None:
    root = _xml.parse("<subscriber><screen-name>Zoë Ørsted 東京</screen-name></subscriber>")
    assert _xml.decode(root) == {"screen-name": "Zoë Ørsted 東京"}


# -- decoding -----------------------------------------------------------------------------------


def test_the_vendor_create_reply_decodes_to_typed_values() -> None:
    data = _xml.decode(_xml.parse(sample("create_reply")))
    assert len(data) == 35
    assert data["customer-id"] == "3"
    assert data["created-at"] == datetime(2013, 1, 28, 4, 2, 36, tzinfo=UTC)
    assert data["store-credit"] == Decimal("0.0")
    assert data["eligible-for-free-trial"] is True
    assert data["recurring"] is None
    assert data["email"] is None
    assert data["feature-level"] == ""
    assert data["pagination-id"] == "1123014"


def test_arrays_and_records_decode_with_rails_artefact_types() -> None:
    plans = _xml.decode(_xml.parse(sample("plans_reply")))
    assert isinstance(plans, list) and len(plans) == 1
    version = plans[0]["versions"][0]
    assert version["id"] == 24680
    assert version["version"] == 1  # the <version> record holds a <version> leaf
    assert version["name"] == "Trial"  # type="SubscriptionPlan::Version" is a string


def test_nil_classes_decodes_to_an_empty_list() -> None:
    assert _xml.decode(_xml.parse(sample("nil_classes"))) == []


def test_self_closing_nil_is_none() -> None:
    assert _xml.decode(_xml.parse(b'<x><a type="integer" nil="true"/></x>')) == {"a": None}


@pytest.mark.parametrize("type_", ["integer", "decimal", "boolean", "datetime"])
def test_empty_typed_leaves_are_none(type_: str) -> None:
    assert _xml.decode_leaf("", type_) is None


@pytest.mark.parametrize(
    ("text", "type_"), [("abc", "integer"), ("1.2.3", "decimal"), ("yes", "boolean")]
)
def test_typed_leaves_that_do_not_fit_raise(text: str, type_: str) -> None:
    with pytest.raises(MalformedXML):
        _xml.decode_leaf(text, type_)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2013-01-28T04:02:36Z", datetime(2013, 1, 28, 4, 2, 36, tzinfo=UTC)),
        ("2013-01-28T04:02:36.250Z", datetime(2013, 1, 28, 4, 2, 36, 250000, tzinfo=UTC)),
        ("2013-01-28T06:02:36+02:00", datetime(2013, 1, 28, 4, 2, 36, tzinfo=UTC)),
        ("2013-01-28T04:02:36", datetime(2013, 1, 28, 4, 2, 36, tzinfo=UTC)),
    ],
)
def test_datetimes_become_aware_utc(text: str, expected: datetime) -> None:
    value = _xml.parse_datetime(text)
    assert value == expected
    assert value.utcoffset() == timedelta(0)


def test_raw_decoding_keeps_the_wire_texts() -> None:
    data = _xml.decode(_xml.parse(sample("create_reply")), raw=True)
    assert data["store-credit"] == "0.0"
    assert data["created-at"] == "2013-01-28T04:02:36Z"
    assert data["email"] is None


# -- pyspreedly's shape -------------------------------------------------------------------------


def test_compat_shape_of_a_subscriber() -> None:
    data = objectify_spreedly(sample("create_reply"))
    assert data["customer_id"] == 3
    assert data["pagination_id"] == 1123014
    assert data["subscription_plan_name"] is None  # empty string -> None
    assert data["feature_level"] is None
    assert data["recurring"] is None  # nil
    assert data["in_grace_period"] is False
    assert data["store_credit"] == Decimal("0.0")
    assert len(data) == 35


def test_compat_arrays_are_lists_of_one_key_dicts() -> None:
    plans = objectify_spreedly(sample("plans_reply"))
    assert list(plans[0]) == ["subscription_plan"]
    assert plans[0]["subscription_plan"]["versions"] == [
        {
            "version": {
                "id": 24680,
                "version": 1,
                "subscription_plan_id": 12345,
                "name": "Trial",
                "terms": "Lifetime",
            }
        }
    ]


def test_compat_empty_list_is_an_empty_python_list() -> None:
    assert objectify_spreedly(sample("nil_classes")) == []


def test_compat_empty_boolean_is_false_as_in_pyspreedly() -> None:
    assert objectify_spreedly('<x><a type="boolean"></a></x>') == {"a": False}


@pytest.mark.parametrize("cid", ["ab-12", "007", "x"])
def test_compat_keeps_non_canonical_customer_ids_as_strings(cid: str) -> None:
    data = objectify_spreedly(f"<subscriber><customer-id>{cid}</customer-id></subscriber>")
    assert data["customer_id"] == cid


def test_compat_empty_integer_is_none_instead_of_crashing() -> None:
    assert objectify_spreedly('<x><n type="integer"></n></x>') == {"n": None}


# -- encoding -----------------------------------------------------------------------------------


def test_values_are_escaped_by_elementtree() -> None:
    body = _xml.document("subscriber", {"screen_name": "</screen-name><x>&'\""})
    root = _xml.parse(body)
    assert root[0].tag == "screen-name"
    assert root[0].text == "</screen-name><x>&'\""


def test_encoding_writes_rails_types_and_nil() -> None:
    el = _xml.encode(
        "subscriber",
        {"n": 1, "d": Decimal("24.0"), "b": True, "t": datetime(2013, 1, 2, 3, 4, 5), "z": None},
    )
    assert ET.tostring(el, encoding="unicode") == (
        '<subscriber><n type="integer">1</n><d type="decimal">24.0</d>'
        '<b type="boolean">true</b><t type="datetime">2013-01-02T03:04:05Z</t>'
        '<z nil="true" /></subscriber>'
    )


def test_untyped_encoding_writes_plain_texts() -> None:
    el = _xml.encode("fee", {"amount": 24.0, "n": 2}, typed=False)
    assert ET.tostring(el, encoding="unicode") == "<fee><amount>24.0</amount><n>2</n></fee>"


def test_floats_use_their_shortest_repr() -> None:
    assert _xml.leaf_text(0.1) == ("decimal", "0.1")


@pytest.mark.parametrize("bad", ["a\x00b", "\x0b", float("nan"), {1}, object()])
def test_values_xml_cannot_carry_are_refused(bad: Any) -> None:
    with pytest.raises(ValueError):
        _xml.encode("x", {"v": bad})


def test_document_has_the_declaration_and_no_self_closing_tags() -> None:
    body = _xml.document("subscriber", {"email": None})
    assert body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<subscriber>')
    assert b'<email nil="true"></email>' in body


def test_type_overrides_apply_to_nil_elements() -> None:
    el = _xml.encode("s", {"grace-until": None}, types={"grace-until": "datetime"})
    assert el[0].attrib == {"type": "datetime", "nil": "true"}


@pytest.mark.parametrize(
    ("plural", "single"),
    [("subscription-plans", "subscription-plan"), ("line-items", "line-item"), ("tags", "tag")],
)
def test_array_items_take_the_singular_name(plural: str, single: str) -> None:
    assert _xml.singular(plural) == single


# -- round trip (hypothesis) -----------------------------------------------------------------------

_names = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)
_texts = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff"
    ).filter(lambda c: c >= " " or c in "\t\n\r"),
    max_size=30,
)
_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.decimals(
        allow_nan=False, allow_infinity=False, places=4, max_value=10**12, min_value=-(10**12)
    ),
    st.datetimes(
        min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
    ).map(lambda d: d.replace(microsecond=0)),
    st.dates(min_value=date(1971, 1, 1), max_value=date(2200, 1, 1)),
    _texts,
)
_records = st.recursive(
    st.dictionaries(_names, _leaves, min_size=1, max_size=5),
    lambda children: st.one_of(
        st.dictionaries(_names, children, min_size=1, max_size=4),
        st.dictionaries(
            _names.map(lambda n: n + "s"), st.lists(children, max_size=3), min_size=1, max_size=2
        ),
    ),
    max_leaves=15,
)


def _normalise(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    return value


@given(_records)
def test_typed_values_round_trip_through_xml(record: dict[str, Any]) -> None:
    body = _xml.document("record", record)
    assert _xml.decode(_xml.parse(body)) == _normalise(record)


@given(_texts)
def test_any_text_round_trips_exactly(text: str) -> None:
    body = _xml.document("x", {"t": text})
    assert _xml.decode(_xml.parse(body)) == {"t": text}


def test_offsets_are_converted_to_utc_when_written() -> None:
    tz = timezone(timedelta(hours=2))
    assert _xml.format_datetime(datetime(2013, 1, 28, 6, 2, 36, tzinfo=tz)) == (
        "2013-01-28T04:02:36Z"
    )
