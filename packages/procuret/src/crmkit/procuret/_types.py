"""Procuret's wire encodings: times, dates, decimal strings, open enums and exact JSON.

Everything here is about how a value looks on the wire (shared/vendors/procuret.md §1 and §4):

- times are ``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC with a space, six fractional digits and no
  zone. crmkit also reads ``T`` separators, a ``Z`` or ``±HH:MM`` suffix (converted to UTC, which
  the old decoder did not do) and a missing fraction;
- amounts are JSON strings holding decimals; crmkit sends ``format(amount, "f")`` so it never
  produces ``"1E+3"`` and never a float;
- entity, agent and session ids are JSON numbers above 2**53: :func:`loads` keeps them ``int``
  and turns any JSON fraction into :class:`~decimal.Decimal`, never ``float``;
- int enums keep values they do not know (``OpenEnum``), because Procuret adds cases.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from enum import IntEnum
from typing import Annotated, Any, TypeVar

import httpx
from pydantic import BeforeValidator, PlainSerializer

from crmkit.core import read_json

__all__ = [
    "TIME_FORMAT",
    "DecimalString",
    "ProcuretDate",
    "ProcuretTime",
    "decimal_from_wire",
    "decimal_to_wire",
    "enum_or_int",
    "format_date",
    "format_time",
    "loads",
    "parse_date",
    "parse_time",
    "read_exact_json",
]

TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
"""The wire format of a time (always UTC)."""

_TIME = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[ T_](?P<time>\d{2}:\d{2}:\d{2})(?:\.(?P<frac>\d{1,9}))?"
    r"(?P<zone>Z|[+-]\d{2}:?\d{2})?$"
)


def parse_time(value: Any) -> datetime:
    """Decode a Procuret time into a UTC-aware datetime.

    Accepts the wire format and its common variants: ``T`` instead of the space, a ``Z`` or
    ``±HH:MM`` suffix (converted to UTC), and no or fewer fractional digits. A datetime is
    returned in UTC (a naive one is taken to be UTC, as Procuret's are).

    Raises:
        ValueError: for anything else.
    """
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if not isinstance(value, str):
        raise ValueError(f"a Procuret time must be a string, not {type(value).__name__}")
    match = _TIME.match(value.strip())
    if match is None:
        raise ValueError(f"{value!r} is not a Procuret time (YYYY-MM-DD HH:MM:SS.ffffff)")
    frac = (match.group("frac") or "0")[:6].ljust(6, "0")
    naive = datetime.strptime(
        f"{match.group('date')} {match.group('time')}.{frac}", "%Y-%m-%d %H:%M:%S.%f"
    )
    zone = match.group("zone")
    if zone in (None, "Z"):
        return naive.replace(tzinfo=UTC)
    sign = -1 if zone.startswith("-") else 1
    digits = zone[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return naive.replace(tzinfo=timezone(sign * offset)).astimezone(UTC)


def format_time(value: datetime) -> str:
    """Encode a datetime in the wire format, in UTC (a naive datetime is taken as UTC)."""
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return aware.strftime(TIME_FORMAT)


def parse_date(value: Any) -> date:
    """Decode a ``YYYY-MM-DD`` date (a trailing ``T...`` time part is ignored)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"a Procuret date must be a string, not {type(value).__name__}")
    return date.fromisoformat(value.split("T", 1)[0].strip()[:10])


def format_date(value: date) -> str:
    """Encode a date as ``YYYY-MM-DD``."""
    return value.strftime("%Y-%m-%d")


def decimal_from_wire(value: Any) -> Decimal:
    """Decode an amount: a decimal string (or a JSON number, tolerated); never via float.

    Raises:
        ValueError: for a float (binary rounding), a bool, or a non-finite or malformed value.
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool | float):
        raise ValueError(
            "an amount must be a Decimal or a decimal string, not a float (binary rounding)"
        )
    elif isinstance(value, int | str):
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a decimal amount") from None
    else:
        raise ValueError(f"an amount must be a decimal string, not {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"{value!r} is not a finite amount")
    return result


def decimal_to_wire(value: Decimal) -> str:
    """Encode an amount as a fixed-point string: ``Decimal("1E+3")`` becomes ``"1000"``.

    The old client sent ``str(Decimal)``, which can be exponent notation (bug #6).
    """
    return format(value, "f")


ProcuretTime = Annotated[
    datetime,
    BeforeValidator(parse_time),
    PlainSerializer(format_time, return_type=str, when_used="json"),
]
"""A UTC datetime that travels in Procuret's time format."""

ProcuretDate = Annotated[
    date,
    BeforeValidator(parse_date),
    PlainSerializer(format_date, return_type=str, when_used="json"),
]
"""A date that travels as ``YYYY-MM-DD``."""

DecimalString = Annotated[
    Decimal,
    BeforeValidator(decimal_from_wire),
    PlainSerializer(decimal_to_wire, return_type=str, when_used="json"),
]
"""A :class:`~decimal.Decimal` that travels as a fixed-point decimal string."""

E = TypeVar("E", bound=IntEnum)


def enum_or_int(enum: type[E]) -> BeforeValidator:
    """A validator giving the enum case for a known value and the plain int for an unknown one.

    The old library failed to decode an unknown enum value (bug #8); Procuret adds cases over
    time (``SaleNomenclature.QUOTE`` arrived in 0.0.48), so crmkit keeps the raw int.
    """

    def convert(value: Any) -> Any:
        if isinstance(value, enum):
            return value
        if isinstance(value, bool):
            raise ValueError(f"{enum.__name__} must be an int, not a bool")
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, int):
            try:
                return enum(value)
            except ValueError:
                return value
        raise ValueError(f"{enum.__name__} must be an int, not {type(value).__name__}")

    return BeforeValidator(convert)


def loads(data: str | bytes) -> Any:
    """Decode JSON keeping big integers exact and fractions as :class:`~decimal.Decimal`."""
    return json.loads(data, parse_float=Decimal)


def read_exact_json(response: httpx.Response) -> Any:
    """Decode a response body with :func:`loads`; a non-JSON body raises ``MalformedResponse``."""
    try:
        return loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return read_json(response)  # raises crmkit's MalformedResponse with a helpful message
