"""Field types of the ProsperWorks wire format, as pydantic annotations.

- :data:`UnixTime`: Unix seconds on the wire, a tz-aware UTC ``datetime`` in Python. Assign a
  datetime (naive ones are taken as UTC), an int/float, an ISO 8601 string, or ``M/D/YYYY``;
  it always dumps as an int. ``"potato"`` is refused.
- :data:`CloseDate`: Opportunity ``close_date``: ``"M/D/YYYY"`` on the wire, ``datetime.date``
  in Python (prospyr typed it as Unix seconds although the wire sends a string; ints are still
  accepted).
- :data:`Money`: a JSON number on the wire (ProsperWorks sends ``77000.0``), a ``Decimal`` in
  Python so no binary rounding creeps into amounts; dumped back as an int when whole.
- :class:`Email`, :class:`PhoneNumber`, :class:`Social`, :class:`Website`: prospyr's contact
  namedtuples; assign dicts or tuples, they dump as ``{"email"|"number"|"url", "category"}``.
  ``category`` may be null (real data has it) or any string.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, NamedTuple

from pydantic import BeforeValidator, GetCoreSchemaHandler, PlainSerializer
from pydantic_core import core_schema

__all__ = [
    "CloseDate",
    "Money",
    "Email",
    "PhoneNumber",
    "Social",
    "UnixTime",
    "Website",
    "format_close_date",
    "parse_close_date",
    "to_unix",
    "to_utc_datetime",
]

_SLASH_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def _slash_date(text: str) -> date | None:
    """``M/D/YYYY``; ``D/M/YYYY`` when the first number cannot be a month (account locale)."""
    m = _SLASH_DATE.match(text)
    if m is None:
        return None
    first, second, year = (int(g) for g in m.groups())
    if first > 12 >= second:
        first, second = second, first
    return date(year, first, second)


def to_utc_datetime(value: Any) -> datetime:
    """Coerce a wire or user value to a tz-aware UTC datetime.

    Raises:
        ValueError: for anything that is not a time.
    """
    if isinstance(value, bool):
        raise ValueError("a boolean is not a timestamp")
    if isinstance(value, datetime):
        if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        text = value.strip()
        try:
            return datetime.fromtimestamp(float(text), UTC)
        except ValueError:
            pass
        slash = _slash_date(text)
        if slash is not None:
            return datetime(slash.year, slash.month, slash.day, tzinfo=UTC)
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(
                f"{value[:40]!r} is not a Unix timestamp, an ISO 8601 time or M/D/YYYY"
            ) from None
        return to_utc_datetime(parsed)
    raise ValueError(f"{type(value).__name__} is not a timestamp")


def to_unix(value: datetime) -> int:
    """Whole Unix seconds of an aware datetime (what ProsperWorks stores)."""
    return int(value.timestamp())


def parse_close_date(value: Any) -> date:
    """Coerce a ``close_date`` (``M/D/YYYY``, ISO date, Unix seconds, date) to a date."""
    if isinstance(value, datetime):
        return to_utc_datetime(value).date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        slash = _slash_date(value)
        if slash is not None:
            return slash
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        return to_utc_datetime(value).date()
    raise ValueError(f"{value!r} is not a date (expected M/D/YYYY)")


def format_close_date(value: date) -> str:
    """``M/D/YYYY`` without leading zeros, as ProsperWorks writes it (``"1/23/2017"``)."""
    return f"{value.month}/{value.day}/{value.year}"


def _before_datetime(value: Any) -> Any:
    return None if value is None else to_utc_datetime(value)


def _before_close_date(value: Any) -> Any:
    return None if value is None or value == "" else parse_close_date(value)


UnixTime = Annotated[
    datetime,
    BeforeValidator(_before_datetime),
    PlainSerializer(to_unix, return_type=int),
]
"""Unix seconds on the wire, tz-aware UTC datetime in Python."""

CloseDate = Annotated[
    date,
    BeforeValidator(_before_close_date),
    PlainSerializer(format_close_date, return_type=str),
]
"""``M/D/YYYY`` on the wire, ``datetime.date`` in Python."""


def to_decimal(value: Any) -> Decimal:
    """Coerce a wire amount to Decimal (a float goes through its shortest repr: 0.1 -> 0.1)."""
    if isinstance(value, bool):
        raise ValueError("a boolean is not an amount")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, int | str):
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(f"{value!r} is not an amount") from None
    else:
        raise ValueError(f"{type(value).__name__} is not an amount")
    if not result.is_finite():
        raise ValueError("an amount must be finite")
    return result


def decimal_to_number(value: Decimal) -> int | float:
    """The JSON number ProsperWorks expects: an int when whole, else a float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _before_money(value: Any) -> Any:
    return None if value is None else to_decimal(value)


Money = Annotated[
    Decimal,
    BeforeValidator(_before_money),
    PlainSerializer(decimal_to_number),
]
"""A JSON number on the wire, ``Decimal`` in Python."""


def _contact_schema(
    cls: type[Any], key: str, make: Callable[[str, str | None], Any]
) -> core_schema.CoreSchema:
    def validate(value: Any) -> Any:
        if isinstance(value, cls):
            return value
        if isinstance(value, Mapping):
            if key not in value:
                raise ValueError(f"a {cls.__name__} needs {key!r}")
            main, category = value[key], value.get("category")
        elif isinstance(value, tuple | list) and 1 <= len(value) <= 2:
            main, category = value[0], (value[1] if len(value) > 1 else None)
        else:
            raise ValueError(f"a {cls.__name__} is a dict or a ({key}, category) tuple")
        if not isinstance(main, str):
            raise ValueError(f"{cls.__name__}.{key} must be a string")
        if category is not None and not isinstance(category, str):
            raise ValueError(f"{cls.__name__}.category must be a string or null")
        return make(main, category)

    def serialize(value: Any) -> dict[str, Any]:
        return {key: value[0], "category": value[1]}

    return core_schema.no_info_plain_validator_function(
        validate,
        serialization=core_schema.plain_serializer_function_ser_schema(serialize),
    )


class Email(NamedTuple):
    """An email address and its category (work, personal, other, or null)."""

    email: str
    category: str | None = None

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return _contact_schema(cls, "email", cls)


class PhoneNumber(NamedTuple):
    """A phone number as written and its category (mobile, work, home, other, or null)."""

    number: str
    category: str | None = None

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return _contact_schema(cls, "number", cls)


class Social(NamedTuple):
    """A social profile URL and its category (linkedin, twitter, facebook, ..., or null)."""

    url: str
    category: str | None = None

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return _contact_schema(cls, "url", cls)


class Website(NamedTuple):
    """A website URL and its category (work, personal, other, or null)."""

    url: str
    category: str | None = None

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return _contact_schema(cls, "url", cls)
