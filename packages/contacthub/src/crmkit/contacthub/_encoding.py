"""Dates and JSON the way ContactHub and the old SDK write them.

Two formats meet here:

- the **API's** date-times, ``"2017-03-02T12:12:53.074+0000"`` (millis, offset without colon),
  which responses carry and :func:`parse_api_datetime` reads (also ``Z``, ``+00:00`` and forms
  without millis);
- the **old SDK's** ``DateEncoder`` output for request bodies and query values,
  ``"YYYY-MM-DDTHH:MM:SSZ"`` for a datetime and ``"YYYY-MM-DD"`` for a date. crmkit keeps that
  output for naive datetimes (old tests pin it) and converts aware ones to UTC first (the old
  library wrote an aware local time with a ``Z``, i.e. the wrong instant: vendor file §2.1 FIX).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

__all__ = [
    "DateEncoder",
    "dumps",
    "format_api_datetime",
    "format_sdk_date",
    "parse_api_date",
    "parse_api_datetime",
    "to_jsonable",
]

_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?"
    r"\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$"
)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_api_datetime(value: str | datetime) -> datetime:
    """Parse an API date-time into an aware UTC datetime.

    Accepts ``2017-03-02T12:12:53.074+0000`` (the API's form), ``...Z``, ``...+00:00``, no
    millis, no seconds, and a bare date (midnight UTC). A value without an offset is taken as
    UTC. Raises ``ValueError`` for anything else.
    """
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    text = value.strip()
    m = _DATETIME.match(text)
    if m is None:
        d = _DATE.match(text)
        if d is None:
            raise ValueError(f"{value!r} is not an ISO 8601 date-time")
        return datetime(int(d[1]), int(d[2]), int(d[3]), tzinfo=UTC)
    year, month, day, hour, minute = (int(m[i]) for i in range(1, 6))
    second = int(m[6] or 0)
    micro = int((m[7] or "0")[:6].ljust(6, "0"))
    tz: timezone = UTC
    offset = m[8]
    if offset and offset not in ("Z", "z"):
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
        tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=tz).astimezone(UTC)


def parse_api_date(value: str | date) -> date:
    """Parse ``YYYY-MM-DD`` (a date-time is cut to its UTC date)."""
    if isinstance(value, datetime):
        return parse_api_datetime(value).date()
    if isinstance(value, date):
        return value
    m = _DATE.match(value.strip())
    if m is None:
        return parse_api_datetime(value).date()
    return date(int(m[1]), int(m[2]), int(m[3]))


def format_api_datetime(value: datetime) -> str:
    """The API's own form: ``2017-03-02T12:12:53.074+0000`` (UTC, millis)."""
    utc = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    # Built by hand: strftime's %Y does not zero-pad years before 1000 on every platform.
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc.hour:02d}:{utc.minute:02d}:"
        f"{utc.second:02d}.{utc.microsecond // 1000:03d}+0000"
    )


def format_sdk_date(value: date) -> str:
    """The old SDK's ``DateEncoder`` form: ``YYYY-MM-DDTHH:MM:SSZ`` or ``YYYY-MM-DD``.

    Aware datetimes are converted to UTC first (FIX); naive ones are written as they are.
    """
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.tzinfo.utcoffset(value) is not None:
            value = value.astimezone(UTC)
        return (
            f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:"
            f"{value.minute:02d}:{value.second:02d}Z"
        )
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


class DateEncoder(json.JSONEncoder):
    """``json.JSONEncoder`` writing datetimes and dates as the old SDK did.

    Any other value JSON does not know raises ``TypeError``, as before.
    """

    def default(self, o: Any) -> Any:
        if isinstance(o, date):
            return format_sdk_date(o)
        return super().default(o)


def to_jsonable(value: Any) -> Any:
    """A deep copy of ``value`` with datetimes and dates written as :class:`DateEncoder` does.

    Objects with a ``to_dict()`` method (the idiom's ``Properties`` and entities) are converted
    first. Anything else JSON cannot hold raises ``TypeError`` before a request is built.
    """
    if isinstance(value, date):
        return format_sdk_date(value)
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_jsonable(to_dict())
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps(value: Any) -> str:
    """``json.dumps(value, cls=DateEncoder)`` with the default separators (``", "``, ``": "``).

    This is how the old SDK wrote the ``query`` parameter; its tests compare the exact text.
    """
    return json.dumps(to_jsonable(value))
