"""Models: the vendor file's sample payloads, derived properties, money, round trips."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.procuret import LINK, SERIES

from crmkit.procuret import (
    Amount,
    Codable,
    CodingDefinition,
    Currencies,
    Currency,
    EntityHeadline,
    HumanHeadline,
    InstalmentLink,
    InstalmentLinkMode,
    PaymentMechanism,
    PaymentSeries,
    SaleNomenclature,
)


def test_sample_link_parses_with_derived_properties() -> None:
    link = InstalmentLink.decode(LINK)
    assert link.url == "https://procuret.com/b?il=Zq3TbL9wKx2mPa7R"
    assert link.invoice_amount == Decimal("422.42")
    assert link.created == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert (link.has_been_opened, link.open_count) == (True, 1)
    assert link.currency == Currencies.AUD
    assert link.amount.as_denominated_pretty_string == "AUD $422.42"
    assert link.disposition is not None and link.disposition.count == 1
    assert link.sale_name is SaleNomenclature.INVOICE


def test_link_wire_round_trip_is_exact() -> None:
    assert InstalmentLink.decode(LINK).encode() == LINK


def test_link_read_only_fields_are_not_sent() -> None:
    wire = InstalmentLink.decode(LINK).to_wire()
    assert not {"public_id", "created", "opens", "disposition"} & set(wire)


def test_link_unknown_fields_are_kept() -> None:
    link = InstalmentLink.decode({**LINK, "brand_new": {"a": 1}})
    assert link.encode()["brand_new"] == {"a": 1}


def test_link_mode_is_optional_and_unknown_enum_values_are_kept() -> None:
    data = {k: v for k, v in LINK.items() if k != "mode"}
    link = InstalmentLink.decode({**data, "sale_name": 9})
    assert link.mode is InstalmentLinkMode.APPLICATION  # bug #17: optional, default 1
    assert link.sale_name == 9 and not isinstance(link.sale_name, SaleNomenclature)  # bug #8


def test_series_accepts_bare_currency_ids_and_big_ids() -> None:
    series = PaymentSeries.decode(SERIES)
    assert series.customer.entity_id == 60641487079294574
    assert series.sum_payments.denomination == Currencies.AUD
    assert series.total_payable - series.sum_payments == Amount(Decimal("1041.00"), Currencies.AUD)
    assert series.mechanism is PaymentMechanism.ON_PLATFORM


def test_human_headline_reads_name_or_full_name() -> None:
    assert HumanHeadline.decode({"agent_id": 1, "name": "Sam"}).full_name == "Sam"
    assert HumanHeadline.decode({"agent_id": 1, "full_name": "Sam"}).full_name == "Sam"


def test_value_types_take_positional_arguments() -> None:
    assert EntityHeadline("Example Pty Ltd", 4000).entity_id == 4000
    assert Amount(Decimal("1"), Currencies.NZD).denomination.iso_4217 == "NZD"


def test_amount_arithmetic_and_ordering_within_one_currency() -> None:
    a, b = Amount(Decimal("1000.25"), Currencies.AUD), Amount(Decimal("0.75"), Currencies.AUD)
    assert (a + b).magnitude == Decimal("1001.00")
    assert sum([a, b]).magnitude == Decimal("1001.00")
    assert (a * 2).as_denominated_pretty_string == "AUD $2,000.50"
    assert b < a
    assert a.string_magnitude == "1000.25"  # the old property returned a lambda's repr (#12)


def test_amount_refuses_mixed_currencies_and_floats() -> None:
    with pytest.raises(ValueError, match="different currencies"):
        _ = Amount(Decimal(1), Currencies.AUD) + Amount(Decimal(1), Currencies.NZD)
    with pytest.raises(TypeError):
        _ = Amount(Decimal(1), Currencies.AUD) * 1.5  # type: ignore[operator]


def test_currency_lookups() -> None:
    assert Currency.with_id(2) == Currencies.NZD
    assert Currency.with_iso4217("aud") == Currencies.AUD
    assert Currency.with_id(99) is None
    with pytest.raises(LookupError):
        Currency.assertively_with_id(99)
    assert Currencies.AUD.encode() == 1


def test_models_are_codable_and_old_style_codables_work() -> None:
    class Thing(Codable):
        coding_map = {"n": CodingDefinition(int), "amount": CodingDefinition(Decimal)}

        def __init__(self, n: int, amount: Decimal) -> None:
            self._n, self._amount = n, amount

    thing = Thing.decode({"n": 1, "amount": "2.50"})
    assert thing.encode() == {"n": 1, "amount": "2.50"}
    assert isinstance(InstalmentLink.decode(LINK), Codable)


_ids = st.integers(min_value=1, max_value=2**63 - 1)
_amounts = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2, allow_nan=False
).map(lambda d: format(d, "f"))
_times = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(
    lambda d: d.strftime("%Y-%m-%d %H:%M:%S.%f")
)
_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@given(
    public_id=st.text(alphabet="abcdefghijkLMNOPQ0123456789", min_size=12, max_size=16),
    created=_times,
    supplier_id=_ids,
    name=_text,
    amount=_amounts,
    identifier=st.none() | _text,
    email=st.none() | st.emails(),
    opens=st.lists(_times, max_size=3),
    sale_name=st.integers(min_value=1, max_value=9),
    mode=st.integers(min_value=1, max_value=4),
)
def test_link_round_trips_wire_model_wire(
    public_id: str,
    created: str,
    supplier_id: int,
    name: str,
    amount: str,
    identifier: str | None,
    email: str | None,
    opens: list[str],
    sale_name: int,
    mode: int,
) -> None:
    wire = copy.deepcopy(LINK)
    wire.update(
        public_id=public_id,
        created=created,
        supplier={"entity_id": supplier_id, "legal_entity_name": name},
        invoice_amount=amount,
        invoice_identifier=identifier,
        invitee_email=email,
        opens=[{"sequence": i + 1, "created": t} for i, t in enumerate(opens)],
        sale_name=sale_name,
        mode=mode,
    )
    assert InstalmentLink.decode(wire).encode() == wire


@given(magnitude=_amounts, customer=_ids, mechanism=st.integers(min_value=1, max_value=6))
def test_series_round_trips_wire_model_wire(magnitude: str, customer: int, mechanism: int) -> None:
    wire = copy.deepcopy(SERIES)
    wire["amount"]["magnitude"] = magnitude
    wire["customer"]["entity_id"] = customer
    wire["mechanism"] = mechanism
    full = dict(SERIES["amount"]["denomination"])
    wire["sum_payments"]["denomination"] = full  # decoders expand bare ids; compare full objects
    wire["total_payable"]["denomination"] = full
    assert PaymentSeries.decode(wire).encode() == wire
