"""Clevertim errors: the old ``clevertimapi`` names on top of the crmkit error tree.

Every failure of a Clevertim call is a :class:`SessionError` (the old library's only exception)
*and* the matching :mod:`crmkit.core` class, so both ``except SessionError`` (old code) and
``except crmkit.core.NotFound`` (new code) work::

    CrmError
    └── SessionError                      clevertimapi.session.SessionError
        ├── BadRequest            400     also crmkit.core.BadRequest
        ├── AuthenticationError   401     also crmkit.core.AuthenticationError
        ├── PermissionDenied      403     also crmkit.core.PermissionDenied
        ├── NotFound              404     also crmkit.core.NotFound
        ├── RateLimited           429     also crmkit.core.RateLimited
        ├── ServerError           5xx     also crmkit.core.ServerError
        │   └── OperationNotSupported 501
        ├── OtherAPIError         other   also crmkit.core.APIError
        ├── TransportError                also crmkit.core.TransportError (and its subclasses)
        └── AmbiguousWriteError           also crmkit.core.AmbiguousWriteError

``str(error)`` keeps the old text, ``"HTTP <code> - <raw body>"``; ``error.message`` is the
vendor's ``error`` value, ``error.data`` the decoded body and ``error.status`` the status.

Checks the old library made with ``assert`` raise explicit exceptions here (``assert`` vanishes
under ``python -O``): :class:`ArgumentError` for bad values and :class:`ArgumentTypeError` for
values of the wrong Python type; both are also ``AssertionError`` so old handlers still match.
:class:`ValidationError` is the old ``clevertimapi.endpoint.ValidationError``.
"""

from __future__ import annotations

import json
from typing import Any

from crmkit import core

__all__ = [
    "AmbiguousWriteError",
    "ArgumentError",
    "ArgumentTypeError",
    "AuthenticationError",
    "BadRequest",
    "ConnectError",
    "NotFound",
    "OperationNotSupported",
    "OtherAPIError",
    "PermissionDenied",
    "RateLimited",
    "RemoteProtocolError",
    "ServerError",
    "SessionError",
    "TransportError",
    "TransportTimeout",
    "ValidationError",
    "api_error_class",
]


class SessionError(core.CrmError):
    """Base of every Clevertim failure (the old library raised only this class).

    Attributes:
        status: the HTTP status, when the failure was an HTTP answer.
        message: the vendor's ``error`` text (or crmkit's explanation).
        data: the decoded error body, or None.
    """

    _old_text: str | None = None

    @property
    def data(self) -> Any:
        """The decoded error body (``{"status": "ERROR", "error": ...}``), or None."""
        body = getattr(self, "body", None)
        return body if isinstance(body, dict | list) else None

    def __str__(self) -> str:
        return self._old_text if self._old_text is not None else self.message


class _HTTPSessionError(SessionError, core.APIError):
    """Shared construction of the HTTP error classes from a core :class:`~crmkit.core.APIError`."""

    detail: str = ""

    @classmethod
    def from_core(cls, error: core.APIError, raw_body: str) -> _HTTPSessionError:
        """Rebuild ``error`` as this class, keeping its attributes and the old ``str()``.

        Args:
            error: the core error.
            raw_body: the response body as text (for ``"HTTP <code> - <raw body>"``).
        """
        new = cls.from_error(error)
        new.detail = error.message
        vendor_message = _vendor_message(error.body)
        if vendor_message:
            new.message = core.redact(vendor_message)
        new._old_text = core.redact(f"HTTP {error.status_code} - {raw_body}")
        advice = core.advice_for(new)  # what to do, after the old library's format
        if advice:
            new._old_text += f". {advice}"
        return new


def _vendor_message(body: Any) -> str | None:
    if isinstance(body, dict):
        value = body.get("error")
        if isinstance(value, str) and value:
            return value
    return None


class BadRequest(_HTTPSessionError, core.BadRequest):
    """400: the request was refused as invalid (validation, a body that is not an object)."""


class AuthenticationError(_HTTPSessionError, core.AuthenticationError):
    """401: the API key was refused (missing, malformed, regenerated or revoked)."""


class PermissionDenied(_HTTPSessionError, core.PermissionDenied):
    """403: the key's user may not do this (e.g. a read-only user writing)."""


class NotFound(_HTTPSessionError, core.NotFound):
    """404: no such record or resource, or it is not visible to the key's user.

    Also raised (with the old text ``"Not found."``) when a 200 answer to a GET by id does not
    contain the requested record.
    """


class RateLimited(_HTTPSessionError, core.RateLimited):
    """429: too many requests (Clevertim documents no limit; seen only behind proxies)."""


class ServerError(_HTTPSessionError, core.ServerError):
    """5xx: Clevertim failed; a 500 usually means it could not parse the request JSON."""


class OperationNotSupported(ServerError):
    """501: the resource does not support this operation (e.g. writing users or groups)."""


class OtherAPIError(_HTTPSessionError):
    """Any other non-2xx status."""


def api_error_class(status: int) -> type[_HTTPSessionError]:
    """The Clevertim error class for an HTTP status."""
    if status == 501:
        return OperationNotSupported
    by_core: dict[type[core.APIError], type[_HTTPSessionError]] = {
        core.BadRequest: BadRequest,
        core.AuthenticationError: AuthenticationError,
        core.PermissionDenied: PermissionDenied,
        core.NotFound: NotFound,
        core.RateLimited: RateLimited,
        core.ServerError: ServerError,
    }
    return by_core.get(core.error_class_for_status(status), OtherAPIError)


class TransportError(SessionError, core.TransportError):
    """No usable HTTP answer (connection, timeout or protocol failure)."""


class ConnectError(TransportError, core.ConnectError):
    """The connection could not be opened: nothing was sent."""


class TransportTimeout(TransportError, core.TransportTimeout):
    """Clevertim did not answer in time."""


class RemoteProtocolError(TransportError, core.RemoteProtocolError):
    """The connection broke mid-exchange (dropped, reset, truncated body)."""


class AmbiguousWriteError(SessionError, core.AmbiguousWriteError):
    """A create failed after it may have reached Clevertim.

    Clevertim has no natural key or idempotency mechanism for creates, so crmkit neither retries
    nor reconciles: look for the record yourself (e.g. ``Contact.all``) before creating again.
    """


class ArgumentError(core.InvalidArgument, AssertionError):
    """A bad argument, refused before any request (the old library used ``assert``)."""


class ArgumentTypeError(core.InvalidArgument, TypeError, AssertionError):
    """An argument of the wrong Python type, refused before any request."""


class ValidationError(core.ValidationError):
    """A value failed a field's validator (the old ``clevertimapi.endpoint.ValidationError``)."""


def raw_body_text(body: Any) -> str:
    """The error body as text for the old ``"HTTP <code> - <body>"`` form."""
    if isinstance(body, str):
        return body
    if body is None:
        return ""
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)
