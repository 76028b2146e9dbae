"""``APIError``: what the old SDK raised for a non-2xx answer, now part of crmkit's error tree.

Each status gets a class that is both this package's :class:`APIError` and the matching core
class, so ``except crmkit.contacthub.errors.api_error.APIError`` (old code) and
``except crmkit.core.Conflict`` (new code) both catch a 409. The old class derived from
``requests.HTTPError``; crmkit's does not (an accepted break, vendor file §9 item 14).

``str(error)`` keeps the old format,
``"Status code: 409. Message: <message>. Errors: []. Data: {...}. Logref: <logref>"``, followed
by what to do for statuses crmkit has advice for (401, 403, 429, 5xx), and the
attributes ``status_code``, ``message``, ``errors``, ``data`` and ``logref`` come from the
ContactHub error body (``{"message", "logref", "data", "errors"}``). Fields missing from a
partial or non-JSON body are None.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crmkit import core

__all__ = [
    "APIError",
    "AuthenticationError",
    "BadRequest",
    "Conflict",
    "Locked",
    "NotFound",
    "PermissionDenied",
    "RateLimited",
    "ServerError",
    "UnprocessableEntity",
    "from_core_error",
]


class APIError(core.APIError):
    """ContactHub answered with an error status.

    Attributes:
        status_code: the HTTP status.
        message: the ``message`` of the error body (or a description of the status).
        errors: the body's ``errors`` list (``{"message", "path", "data", "code"}`` items).
        data: the body's ``data`` (for a 409: ``{"customer": {"id", "href"}}``).
        logref: the body's ``logref``, ContactHub's id for the failure (quote it to support).
        description: crmkit's longer explanation (method, path, advice).
    """

    def __init__(
        self,
        message: str,
        *,
        data: Any = None,
        logref: str | None = None,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("vendor", "contacthub")
        super().__init__(message, **kwargs)
        self.data = data
        self.logref = logref
        self.description = description or self.message

    def __str__(self) -> str:
        text = (
            f"Status code: {self.status_code}. Message: {self.message}. "
            f"Errors: {self.errors}. Data: {self.data}. Logref: {self.logref}"
        )
        advice = core.advice_for(self)  # what to do, after the old SDK's format
        return f"{text}. {advice}" if advice else text


class BadRequest(APIError, core.BadRequest):
    """400: ContactHub refused the request (``source customer is not valid``...)."""


class AuthenticationError(APIError, core.AuthenticationError):
    """401: the token was refused."""


class PermissionDenied(APIError, core.PermissionDenied):
    """403: the workspace is unknown or not visible to this token."""


class NotFound(APIError, core.NotFound):
    """404: unknown node, customer, entity, session or event."""


class Conflict(APIError, core.Conflict):
    """409: a duplicate; ``data["customer"]["id"]`` names the existing customer."""

    @property
    def existing_customer_id(self) -> str | None:
        """The id of the customer this one conflicts with, when ContactHub named it."""
        if isinstance(self.data, Mapping):
            customer = self.data.get("customer")
            if isinstance(customer, Mapping) and customer.get("id") is not None:
                return str(customer["id"])
        return None


class UnprocessableEntity(APIError, core.UnprocessableEntity):
    """422: the request was understood but breaks a rule."""


class Locked(APIError):
    """423: the workspace's customers are being re-processed; crmkit retried, try later."""


class RateLimited(APIError, core.RateLimited):
    """429: too many requests (``retry_after`` seconds, when ContactHub said)."""


class ServerError(APIError, core.ServerError):
    """5xx: ContactHub failed; crmkit retried where that was safe."""


_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequest,
    401: AuthenticationError,
    403: PermissionDenied,
    404: NotFound,
    409: Conflict,
    413: BadRequest,
    422: UnprocessableEntity,
    423: Locked,
    429: RateLimited,
}


def _class_for(status: int) -> type[APIError]:
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return ServerError if status >= 500 else APIError


def from_core_error(exc: core.APIError) -> APIError:
    """The ContactHub error for a core ``APIError`` (the same object if it already is one)."""
    if isinstance(exc, APIError):
        return exc
    body = exc.body if isinstance(exc.body, Mapping) else {}
    message = body.get("message") or body.get("error")
    kwargs: dict[str, Any] = {
        "status_code": exc.status_code,
        "errors": body.get("errors") if isinstance(body.get("errors"), list) else exc.errors,
        "body": exc.body,
        "request_id": exc.request_id,
        "method": exc.method,
        "url": exc.url,
        "vendor": exc.vendor or "contacthub",
        "data": body.get("data"),
        "logref": body.get("logref"),
        "description": exc.message,
    }
    cls = _class_for(exc.status_code)
    if cls is RateLimited:
        kwargs["retry_after"] = getattr(exc, "retry_after", None)
    error = cls(str(message) if message is not None else exc.message, **kwargs)
    error.__cause__ = exc.__cause__
    return error
