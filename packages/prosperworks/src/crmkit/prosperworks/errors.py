"""The exceptions of crmkit.prosperworks: prospyr's names on top of crmkit's error tree.

Every class derives from both the old prospyr base and the matching core class, so an old
``except ApiError`` and a new ``except crmkit.core.NotFound`` both catch a 404::

    ProspyrException (CrmError)
    ├── MisconfiguredError (ConfigurationError)     bad URL, unknown connection name
    ├── ValidationError (core ValidationError)      a record does not fit its model
    ├── RecordNotFound (KeyError, core NotFound)    list-only get(id) found nothing
    └── ApiError (core APIError)                    any non-2xx answer; str "HTTP <s>: <text>"
        ├── BadRequest            400 and other 4xx  (core BadRequest)
        ├── AuthenticationError   401
        ├── PermissionDenied      403 (e.g. leads not enabled)
        ├── NotFound              404
        ├── UnprocessableEntity   422 (core UnprocessableEntity, itself a BadRequest)
        │   └── InvalidRecord     422 answering create()/update(): also ValueError, str = message
        ├── RateLimited           429 (ProsperWorks sends no Retry-After)
        └── ServerError           5xx

prospyr raised ``ValueError(message)`` for a 422 on create/update and ``ApiError(status, text)``
for every other failure; both shapes are kept (``args`` included).
"""

from __future__ import annotations

import json
from typing import Any

from crmkit import core
from crmkit.core import redact

__all__ = [
    "ApiError",
    "AuthenticationError",
    "BadRequest",
    "InvalidRecord",
    "MisconfiguredError",
    "NotFound",
    "PermissionDenied",
    "ProspyrException",
    "RateLimited",
    "RecordNotFound",
    "ServerError",
    "UnprocessableEntity",
    "ValidationError",
    "api_error_class",
    "convert_api_error",
]

VENDOR = "prosperworks"


class ProspyrException(core.CrmError):
    """Base of every prospyr-named error (also a :class:`crmkit.core.CrmError`)."""

    def __init__(self, message: str = "", *, vendor: str | None = VENDOR) -> None:
        super().__init__(message, vendor=vendor)


class MisconfiguredError(ProspyrException, core.ConfigurationError):
    """A connection is missing or misconfigured (bad URL, unknown connection name)."""


class ValidationError(ProspyrException, core.ValidationError):
    """A record from (or for) ProsperWorks does not fit its resource class.

    Attributes:
        errors: pydantic's error list (``loc``, ``msg``, ``type``), without input values.
        raw_data: the record as received; fix it and call ``resource_cls.from_api_data``.
        resource_cls: the resource class that rejected it (``model`` is the core name).
    """

    def __init__(
        self,
        message: str,
        errors: Any = (),
        raw_data: Any = None,
        resource_cls: type[Any] | None = None,
    ) -> None:
        core.ValidationError.__init__(
            self,
            message,
            errors=list(errors or ()),
            raw_data=raw_data,
            model=resource_cls,
            vendor=VENDOR,
        )


class RecordNotFound(ProspyrException, KeyError, core.NotFound):
    """``objects.get(id)`` on a list-only resource found no such record (prospyr: KeyError)."""

    def __init__(self, message: str) -> None:
        core.NotFound.__init__(self, message, status_code=404, vendor=VENDOR)
        self.args = (self.message,)

    def __str__(self) -> str:
        return self.message


def _body_text(body: Any) -> str:
    if body is None:
        return ""
    if isinstance(body, str):
        return body
    try:
        return json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    except (TypeError, ValueError):
        return str(body)


class ApiError(ProspyrException, core.APIError):
    """ProsperWorks answered with an error status.

    ``ApiError(status, text)`` as in prospyr: ``args == (status, text)`` and
    ``str(err) == "HTTP <status>: <text>"``; the core attributes (``status_code``,
    ``message``, ``body``, ``errors``...) are there too.

    Args:
        status_code: the HTTP status.
        text: the response body as text.
        message: the vendor's ``message`` (defaults to ``text``).
    """

    def __init__(
        self,
        status_code: int,
        text: str = "",
        *,
        message: str | None = None,
        errors: Any = (),
        body: Any = None,
        request_id: str | None = None,
        method: str | None = None,
        url: str | None = None,
    ) -> None:
        core.APIError.__init__(
            self,
            message or text or f"HTTP {status_code}",
            status_code=status_code,
            errors=list(errors or ()),
            body=body,
            request_id=request_id,
            method=method,
            url=url,
            vendor=VENDOR,
        )
        self.text = redact(text)
        self.args = (status_code, self.text)

    def __str__(self) -> str:
        text = f"HTTP {self.status_code}: {self.text}"
        advice = core.advice_for(self)  # what to do, after prospyr's format
        return f"{text}. {advice}" if advice else text


class BadRequest(ApiError, core.BadRequest):
    """400, or another 4xx without a more specific class."""


class AuthenticationError(ApiError, core.AuthenticationError):
    """401 ``Invalid credentials``: check the token, the email of its owner and the URL."""


class PermissionDenied(ApiError, core.PermissionDenied):
    """403: e.g. ``Feature not enabled`` when leads are off in the account."""


class NotFound(ApiError, core.NotFound):
    """404 ``Resource not found``: unknown id or route, deleted record, fetch-by-email miss."""


class UnprocessableEntity(ApiError, core.UnprocessableEntity):
    """422: the request broke a rule (missing name, bad enum, duplicate email, bad paging)."""


class InvalidRecord(UnprocessableEntity, ValueError):
    """422 answering ``create()`` or ``update()``; prospyr raised ``ValueError(message)``.

    ``str(err)`` is the vendor's message and ``args == (message,)``, as with prospyr.
    """

    def __init__(self, status_code: int, text: str = "", **kwargs: Any) -> None:
        super().__init__(status_code, text, **kwargs)
        self.args = (self.message,)

    def __str__(self) -> str:
        return self.message


class RateLimited(ApiError, core.RateLimited):
    """429: over 180 requests per minute for this key (no Retry-After is sent)."""

    def __init__(self, status_code: int = 429, text: str = "", **kwargs: Any) -> None:
        retry_after = kwargs.pop("retry_after", None)
        super().__init__(status_code, text, **kwargs)
        self.retry_after = retry_after


class ServerError(ApiError, core.ServerError):
    """5xx: ProsperWorks failed; crmkit already retried where that was safe."""


def api_error_class(status_code: int) -> type[ApiError]:
    """The prospyr-named class for an HTTP error status."""
    if status_code == 401:
        return AuthenticationError
    if status_code in (402, 403):
        return PermissionDenied
    if status_code == 404:
        return NotFound
    if status_code == 422:
        return UnprocessableEntity
    if status_code == 429:
        return RateLimited
    if status_code >= 500:
        return ServerError
    if 400 <= status_code < 500:
        return BadRequest
    return ApiError


def convert_api_error(exc: core.CrmError) -> core.CrmError:
    """Re-type a core error as its prospyr-named twin (the clients' ``error_hook``).

    A core :class:`~crmkit.core.APIError` becomes the matching :class:`ApiError` subclass with
    every attribute kept (``status_code``, ``body``, ``response``...) and prospyr's ``args``;
    a 422 answering a write (POST or PUT other than a search) becomes :class:`InvalidRecord`,
    also a ``ValueError`` whose ``str`` is the vendor's message. Other errors pass unchanged.
    """
    if isinstance(exc, ProspyrException) or not isinstance(exc, core.APIError):
        return exc
    cls = api_error_class(exc.status_code)
    path = exc.url or ""
    is_write = exc.method in ("POST", "PUT") and not path.rstrip("/").endswith("/search")
    if cls is UnprocessableEntity and is_write:
        cls = InvalidRecord
    new = cls.from_error(exc)
    new.text = redact(_body_text(exc.body))
    if isinstance(new, InvalidRecord):
        body = exc.body
        if isinstance(body, dict) and isinstance(body.get("message"), str):
            new.message = redact(body["message"])
        new.args = (new.message,)
    else:
        new.args = (exc.status_code, new.text)
    return new
