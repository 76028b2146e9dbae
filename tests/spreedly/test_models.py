"""The pydantic models: wire names, types, read-only fields, unknown fields, round trips."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.spreedly import sample

from crmkit.spreedly import _xml
from crmkit.spreedly.errors import MalformedXML
from crmkit.spreedly.models import (
    WRITABLE_SUBSCRIBER_FIELDS,
    ComplimentarySubscription,
    CreditCard,
    Fee,
    Invoice,
    Payment,
    Subscriber,
    SubscriptionPlan,
)


@pytest.fixture
def subscriber() -> Subscriber:
    return Subscriber.from_xml(sample("create_reply"))


def test_subscriber_loads_the_vendor_sample(subscriber: Subscriber) -> None:
    assert subscriber.customer_id == "3"
    assert subscriber.screen_name == "tester"
    assert subscriber.created_at == datetime(2013, 1, 28, 4, 2, 36, tzinfo=UTC)
    assert subscriber.store_credit == Decimal("0.0")
    assert subscriber.recurring is None
    assert subscriber.billing_city == ""
    assert subscriber.pagination_id == "1123014"
    assert not subscriber.has_changes()


def test_customer_id_given_as_int_is_a_string() -> None:
    assert Subscriber(customer_id=42).customer_id == "42"


def test_blank_customer_id_is_refused() -> None:
    with pytest.raises(pydantic.ValidationError):
        Subscriber(customer_id="  ")


def test_unknown_elements_are_kept_and_written_back() -> None:
    body = b"<subscriber><customer-id>1</customer-id><shoe-size>9</shoe-size></subscriber>"
    s = Subscriber.from_xml(body)
    assert s.to_wire(exclude_unset=True) == {"shoe-size": "9"}


def test_read_only_fields_are_never_sent(subscriber: Subscriber) -> None:
    wire = subscriber.to_wire()
    assert set(wire) == {_xml.dasherize(n) for n in WRITABLE_SUBSCRIBER_FIELDS}


def test_writable_changes_hold_only_what_changed(subscriber: Subscriber) -> None:
    subscriber.email = "tester@example.org"
    assert subscriber.writable_changes() == {"email": "tester@example.org"}


def test_wrong_root_is_refused() -> None:
    with pytest.raises(MalformedXML):
        Subscriber.from_xml(sample("plans_reply"))


def test_plan_and_versions_load_from_the_vendor_listing() -> None:
    root = _xml.parse(sample("plans_reply"))
    plan = SubscriptionPlan.from_xml(root[0])
    assert plan.id == 12345
    assert plan.is_free_trial and plan.is_lifetime
    assert plan.price == Decimal("0.0")
    assert plan.versions[0].id == 24680
    assert plan.versions[0].subscription_plan_id == 12345


def test_subscriber_plan_id_comes_from_the_plan_version() -> None:
    s = Subscriber.from_wire(
        {"customer-id": "1", "subscription-plan-version": {"id": 9, "subscription-plan-id": 21431}}
    )
    assert s.plan_id == 21431


def test_invoice_embeds_a_subscriber_and_line_items() -> None:
    invoice = Invoice.from_wire(
        {
            "token": "t",
            "closed": False,
            "price": "$29.00",
            "line-items": [{"amount": Decimal("-1.5"), "description": "Every 1 month"}],
            "subscriber": {"customer-id": "5"},
        }
    )
    assert invoice.line_items[0].amount == Decimal("-1.5")
    assert invoice.subscriber is not None and invoice.subscriber.customer_id == "5"


def test_naive_datetimes_are_taken_as_utc() -> None:
    s = Subscriber(customer_id="1", created_at=datetime(2013, 1, 1, 12))
    assert s.created_at == datetime(2013, 1, 1, 12, tzinfo=UTC)


def test_float_amounts_keep_what_was_typed() -> None:
    assert Fee(name="n", group="g", amount=24.1).amount == Decimal("24.1")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"duration_quantity": 2, "duration_units": "weeks", "feature_level": "Pro"},
        {"duration_quantity": 0, "duration_units": "days", "feature_level": "Pro"},
        {"duration_quantity": 2, "duration_units": "days", "feature_level": ""},
        {
            "duration_quantity": 2,
            "duration_units": "days",
            "feature_level": "Pro",
            "amount": Decimal(1),
        },
    ],
)
def test_complimentary_subscription_refuses_bad_input(kwargs: dict[str, Any]) -> None:
    with pytest.raises(pydantic.ValidationError):
        ComplimentarySubscription(**kwargs)


def test_payment_takes_exactly_one_method() -> None:
    with pytest.raises(pydantic.ValidationError):
        Payment()
    assert Payment(account_type="on-file").to_body() == {"account-type": "on-file"}


def test_card_number_and_cvv_never_show_in_repr() -> None:
    card = CreditCard(
        number="4111111111111111",
        verification_value="123",
        month=1,
        year=2030,
        first_name="A",
        last_name="B",
    )
    assert "4111111111111111" not in repr(card) and "123" not in repr(card)


# -- wire -> model -> wire (hypothesis) --------------------------------------------------------

_opt_text = st.one_of(
    st.none(), st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF), max_size=20)
)
_opt_bool = st.one_of(st.none(), st.booleans())
_opt_time = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0, tzinfo=UTC)
    ),
)
_subscriber_wire = st.fixed_dictionaries(
    {"customer-id": st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,15}", fullmatch=True)},
    optional={
        "screen-name": _opt_text,
        "email": _opt_text,
        "billing-first-name": _opt_text,
        "billing-city": _opt_text,
        "token": _opt_text,
        "active": _opt_bool,
        "recurring": _opt_bool,
        "active-until": _opt_time,
        "created-at": _opt_time,
        "store-credit": st.decimals(places=2, min_value=0, max_value=10**6),
        "feature-level": _opt_text,
        "pagination-id": st.integers(min_value=1, max_value=10**9).map(str),
        "favourite-colour": _opt_text,
        "subscription-plan-version": st.fixed_dictionaries(
            {"id": st.integers(1, 10**6), "subscription-plan-id": st.integers(1, 10**6)},
            optional={"amount": st.decimals(places=2, min_value=0, max_value=1000)},
        ),
    },
)


@given(_subscriber_wire)
def test_subscriber_round_trips_wire_model_wire(wire: dict[str, Any]) -> None:
    body = _xml.document("subscriber", wire)
    model = Subscriber.from_xml(body)
    again = model.to_wire(include_read_only=True, exclude_unset=True)
    assert again == _xml.decode(_xml.parse(body))
    assert Subscriber.from_xml(model.to_xml(include_read_only=True, exclude_unset=True)) == model
