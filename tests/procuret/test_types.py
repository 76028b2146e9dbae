"""Wire encodings: Procuret times, decimal strings, exact JSON, open enums."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from crmkit.procuret import Perspective, format_time, loads, parse_time
from crmkit.procuret._types import decimal_from_wire, decimal_to_wire, parse_date


def test_time_in_wire_format_is_utc() -> None:
    assert parse_time("2023-11-14 22:13:20.000000") == datetime(
        2023, 11, 14, 22, 13, 20, tzinfo=UTC
    )


@pytest.mark.parametrize(
    "text",
    [
        "2023-11-14T22:13:20.000000",
        "2023-11-14 22:13:20Z",
        "2023-11-14 22:13:20",
        "2023-11-15 09:13:20.000000+11:00",
        "2023-11-14 17:13:20-05:00",
    ],
)
def test_time_variants_convert_to_utc(text: str) -> None:
    # The old decoder dropped offsets without converting and refused Z and no fraction (#9).
    assert parse_time(text) == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)


def test_time_keeps_microseconds() -> None:
    assert parse_time("2023-11-14 22:14:02.511208").microsecond == 511208


def test_time_rejects_garbage() -> None:
    with pytest.raises(ValueError):
        parse_time("yesterday")


def test_format_time_is_exact_wire_format_in_utc() -> None:
    local = datetime(2023, 11, 15, 9, 13, 20, tzinfo=timezone(timedelta(hours=11)))
    assert format_time(local) == "2023-11-14 22:13:20.000000"


def test_date_parses_and_ignores_time_part() -> None:
    assert parse_date("2023-06-03T00:00:00").isoformat() == "2023-06-03"


def test_decimal_from_string_is_exact() -> None:
    assert decimal_from_wire("422.42") == Decimal("422.42")


def test_decimal_refuses_float() -> None:
    with pytest.raises(ValueError, match="float"):
        decimal_from_wire(422.42)


def test_decimal_refuses_non_finite() -> None:
    with pytest.raises(ValueError):
        decimal_from_wire("NaN")


def test_decimal_to_wire_is_fixed_point() -> None:
    # str(Decimal("1E+3")) is "1E+3", which the old client sent (#6).
    assert decimal_to_wire(Decimal("1E+3")) == "1000"
    assert decimal_to_wire(Decimal("422.40")) == "422.40"


def test_loads_keeps_ids_above_2_53_exact_and_fractions_decimal() -> None:
    data = loads('{"id": 60641487079294574, "big": 9007199254740993, "x": 0.1}')
    assert data["id"] == 60641487079294574
    assert data["big"] == 2**53 + 1
    assert data["x"] == Decimal("0.1")


def test_perspective_values_match_the_wire() -> None:
    assert [int(p) for p in Perspective] == [1, 2, 3, 4, 5, 6, 7]
