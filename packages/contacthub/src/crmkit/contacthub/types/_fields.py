"""Field types shared by the models: the API's date-time and date forms.

``ApiDateTime`` loads any ISO 8601 form into an aware UTC datetime and writes the API's own form
(``2017-03-02T12:12:53.074+0000``). ``LenientDateTime`` / ``LenientDate`` do the same but keep
a value that does not parse as the string it was: old data holds values such as
``"1994-02-11 14:05"`` or ``"1994"`` that ContactHub stored as given (vendor file §3.3), and one
odd sub-entity must not make a whole customer unreadable.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer

from .._encoding import format_api_datetime, parse_api_date, parse_api_datetime

__all__ = ["ApiDate", "ApiDateTime", "LenientDate", "LenientDateTime", "LenientInt"]


def _to_datetime(value: Any) -> Any:
    if isinstance(value, str | datetime):
        return parse_api_datetime(value)
    return value


def _to_date(value: Any) -> Any:
    if isinstance(value, str | date):
        return parse_api_date(value)
    return value


def _lenient(parse: Any) -> Any:
    def attempt(value: Any) -> Any:
        if isinstance(value, str):
            try:
                return parse(value)
            except ValueError:
                return value
        return value

    return attempt


def _dump_datetime(value: Any) -> Any:
    return format_api_datetime(value) if isinstance(value, datetime) else value


def _dump_date(value: Any) -> Any:
    if isinstance(value, datetime):
        return format_api_datetime(value)
    return value.isoformat() if isinstance(value, date) else value


def _to_int(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return value


ApiDateTime = Annotated[
    datetime, BeforeValidator(_to_datetime), PlainSerializer(_dump_datetime, return_type=str)
]
"""A date-time: aware UTC in Python, ``YYYY-MM-DDTHH:MM:SS.SSS+0000`` on the wire."""

ApiDate = Annotated[date, BeforeValidator(_to_date), PlainSerializer(_dump_date, return_type=str)]
"""A date: ``YYYY-MM-DD`` on the wire."""

LenientDateTime = Annotated[
    datetime | str,
    BeforeValidator(_lenient(parse_api_datetime)),
    PlainSerializer(_dump_datetime),
]
"""A date-time, or the original text when it is not one."""

LenientDate = Annotated[
    date | str, BeforeValidator(_lenient(parse_api_date)), PlainSerializer(_dump_date)
]
"""A date, or the original text when it is not one."""

LenientInt = Annotated[int | str, BeforeValidator(_to_int)]
"""An integer; numeric strings (``'1994'``) become ints, other text is kept."""
