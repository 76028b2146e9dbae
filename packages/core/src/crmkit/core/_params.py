"""Argument checks every vendor package shares, run before any request is built.

Each function returns the value in the form to send, or raises
:class:`~crmkit.core.InvalidArgument` (a ``ValueError``) naming the argument and what is wrong:

- :func:`text_param`: a ``str`` (not bytes), valid Unicode (no lone surrogates, so it can be
  sent as UTF-8), at most ``max_length`` characters;
- :func:`email_param`: a text of at most 254 characters with one ``@`` (RFC 5321's limit);
- :func:`id_param`: an identifier sent in a query or a body, with the rules of
  :func:`~crmkit.core.path_param` (no ``/ ? # \\ %``, no ``..``, at most 512 characters);
- :func:`int_param`: an ``int`` (not a bool, not a float, not a numeric string);
- :func:`money_param`: a finite ``Decimal`` from a Decimal, an int or a decimal string, never
  a float (binary floats cannot hold 0.10 exactly);
- :func:`aware_datetime_param`: a ``datetime`` with a time zone.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from ._errors import InvalidArgument
from ._urls import path_param

__all__ = [
    "MAX_EMAIL_LENGTH",
    "MAX_TEXT_LENGTH",
    "aware_datetime_param",
    "email_param",
    "id_param",
    "int_param",
    "money_param",
    "text_param",
]

MAX_TEXT_LENGTH = 65_536
MAX_EMAIL_LENGTH = 254


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def text_param(
    value: Any,
    *,
    name: str,
    max_length: int = MAX_TEXT_LENGTH,
    allow_empty: bool = True,
) -> str:
    """Check ``value`` is text that can be sent: a ``str``, valid Unicode, not too long.

    Raises:
        InvalidArgument: bytes or any other type, a lone surrogate, too long, or empty when
            ``allow_empty`` is False.
    """
    if isinstance(value, bytes | bytearray):
        raise InvalidArgument(
            f"{name} must be a str, not bytes: decode it first (crmkit sends UTF-8 text)"
        )
    if not isinstance(value, str):
        raise InvalidArgument(f"{name} must be a str, not {type(value).__name__}")
    if not allow_empty and not value.strip():
        raise InvalidArgument(f"{name} must not be empty")
    if len(value) > max_length:
        raise InvalidArgument(
            f"{name} is {len(value)} characters long; at most {max_length} are allowed"
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidArgument(
            f"{name} {_shown(value)} is not valid Unicode text (it holds a lone surrogate, "
            "typically from bytes decoded with errors='surrogateescape')"
        ) from None
    return value


def email_param(value: Any, *, name: str = "email") -> str:
    """Check ``value`` looks like an email address (text, at most 254 characters, one ``@``)."""
    text = text_param(value, name=name, max_length=MAX_EMAIL_LENGTH, allow_empty=False)
    local, at, domain = text.strip().rpartition("@")
    if not at or not local or not domain or any(c.isspace() for c in text.strip()):
        raise InvalidArgument(f"{name} {_shown(value)} is not an email address")
    return text


def id_param(value: Any, *, name: str = "id") -> str:
    """Check an identifier sent in a query or a body (the rules of ``path_param``)."""
    if isinstance(value, bytes | bytearray):
        raise InvalidArgument(f"{name} must be a str or an int, not bytes")
    path_param(value, name=name)
    return str(value)


def int_param(
    value: Any, *, name: str, minimum: int | None = None, maximum: int | None = None
) -> int:
    """Check ``value`` is an ``int`` (a bool, float or string is refused) within bounds."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{name} must be an int, not {_shown(value)}")
    if minimum is not None and value < minimum:
        raise InvalidArgument(f"{name} must be >= {minimum}, not {value}")
    if maximum is not None and value > maximum:
        raise InvalidArgument(f"{name} must be <= {maximum}, not {value}")
    return value


def money_param(value: Any, *, name: str = "amount") -> Decimal:
    """Check a money amount: a finite Decimal, an int or a decimal string; never a float."""
    if isinstance(value, bool | float):
        raise InvalidArgument(
            f"{name} must be a Decimal (or an int or a decimal string), not a "
            f"{type(value).__name__}: binary floats cannot hold amounts like 0.10 exactly"
        )
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            value = Decimal(text_param(value, name=name, max_length=64).strip())
        except InvalidOperation:
            raise InvalidArgument(f"{name} {_shown(value)} is not a decimal amount") from None
    if not isinstance(value, Decimal):
        raise InvalidArgument(f"{name} must be a Decimal, not {type(value).__name__}")
    if not value.is_finite():
        raise InvalidArgument(f"{name} must be a finite amount, not {value}")
    return value


def aware_datetime_param(value: Any, *, name: str) -> datetime:
    """Check ``value`` is a timezone-aware ``datetime`` (a naive one is ambiguous)."""
    if not isinstance(value, datetime):
        raise InvalidArgument(f"{name} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidArgument(
            f"{name} must be timezone-aware (e.g. datetime.now(timezone.utc)): a naive "
            "datetime is ambiguous"
        )
    return value
