"""The errors crmkit.spreedly raises, and pyspreedly's exception names.

pyspreedly 2.0.1 raised ``requests.HTTPError`` for an unexpected status. Here every error status
raises :class:`HTTPError` (a :class:`crmkit.core.APIError`), or rather one of its per-status
subclasses, each of which is *also* the matching core class, so both kinds of ``except`` work::

    HTTPError (crmkit.core.APIError)
    ├── BadRequest            400, 413    (also crmkit.core.BadRequest)
    ├── AuthenticationError   401         (also crmkit.core.AuthenticationError)
    ├── PermissionDenied      402, 403    (also crmkit.core.PermissionDenied)
    ├── NotFound              404         (also crmkit.core.NotFound)
    ├── Conflict              409         (also crmkit.core.Conflict)
    ├── UnprocessableEntity   422         (also crmkit.core.UnprocessableEntity and BadRequest)
    ├── RateLimited           429         (also crmkit.core.RateLimited)
    └── ServerError           5xx         (also crmkit.core.ServerError)

    MalformedXML (crmkit.core.MalformedResponse)   a body that is not well-formed XML
    └── UnsafeXML                                  a DTD or entity (billion laughs, XXE)

Every :class:`HTTPError` has ``.code`` and ``.status`` (the HTTP status), ``.response`` (a
:class:`~crmkit.spreedly.api.Response`), ``.body`` (the raw body text) and ``.errors`` (the
``<error>`` texts of an ``<errors>`` body); its message reads
``status code: 404, text: There is no subscriber with a customer id of 401 (GET /api/v4/...)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

from crmkit.core import (
    APIError,
    MalformedResponse,
    advice_for,
)
from crmkit.core import (
    AuthenticationError as _CoreAuthenticationError,
)
from crmkit.core import (
    BadRequest as _CoreBadRequest,
)
from crmkit.core import (
    Conflict as _CoreConflict,
)
from crmkit.core import (
    NotFound as _CoreNotFound,
)
from crmkit.core import (
    PermissionDenied as _CorePermissionDenied,
)
from crmkit.core import (
    RateLimited as _CoreRateLimited,
)
from crmkit.core import (
    ServerError as _CoreServerError,
)
from crmkit.core import (
    UnprocessableEntity as _CoreUnprocessableEntity,
)

if TYPE_CHECKING:
    from ._response import Response

__all__ = [
    "AuthenticationError",
    "BadRequest",
    "Conflict",
    "HTTPError",
    "MalformedXML",
    "NotFound",
    "PermissionDenied",
    "RateLimited",
    "ServerError",
    "UnprocessableEntity",
    "UnsafeXML",
    "from_api_error",
]


class MalformedXML(MalformedResponse):
    """A body that should be XML is not well-formed XML (or is not XML at all)."""


class UnsafeXML(MalformedXML):
    """An XML body carries a DTD or entity declarations; crmkit never expands them.

    Billion-laughs (entity expansion) and external-entity (XXE) documents land here instead
    of exhausting memory or reading local files.
    """


class HTTPError(APIError):
    """Spreedly answered with an error status (pyspreedly's ``HTTPError``, now a crmkit error).

    Attributes:
        code: the HTTP status (also ``status`` and ``status_code``).
        response: the response, as a :class:`~crmkit.spreedly.api.Response`.
        body: the raw body text.
        errors: the ``<error>`` texts of an ``<errors>`` body (empty for a text body).
    """

    def __init__(self, message: str, *, response: Response | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.response = response

    @property
    def code(self) -> int:
        """The HTTP status code (pyspreedly's attribute name)."""
        return self.status_code


class BadRequest(HTTPError, _CoreBadRequest):
    """400 or 413."""


class AuthenticationError(HTTPError, _CoreAuthenticationError):
    """401: the site's API token was refused (``HTTP Basic: Access denied.``)."""


class PermissionDenied(HTTPError, _CorePermissionDenied):
    """403: refused in the current state (a duplicate customer id, a non-trial plan...)."""


class NotFound(HTTPError, _CoreNotFound):
    """404: no such subscriber, plan or invoice."""


class Conflict(HTTPError, _CoreConflict):
    """409."""


class UnprocessableEntity(HTTPError, _CoreUnprocessableEntity, _CoreBadRequest):
    """422: invalid or missing data, or a fee refused.

    Also a :class:`crmkit.core.BadRequest`, the core class the vendor file names for 422.
    """


class RateLimited(HTTPError, _CoreRateLimited):
    """429 (Spreedly documents no rate limit; proxies may still send one)."""


class ServerError(HTTPError, _CoreServerError):
    """5xx, including 504 when the payment gateway timed out."""


_BY_STATUS: dict[int, type[HTTPError]] = {
    400: BadRequest,
    401: AuthenticationError,
    402: PermissionDenied,
    403: PermissionDenied,
    404: NotFound,
    409: Conflict,
    413: BadRequest,
    422: UnprocessableEntity,
    429: RateLimited,
}


def error_class(status_code: int) -> type[HTTPError]:
    """The :class:`HTTPError` subclass for ``status_code``."""
    if status_code in _BY_STATUS:
        return _BY_STATUS[status_code]
    return ServerError if status_code >= 500 else HTTPError


def _text_of(exc: APIError) -> str:
    if exc.errors:
        return "; ".join(str(e) for e in exc.errors)
    body = exc.body
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    text = str(body).strip() if body is not None else ""
    if text[:15].lower().startswith(("<html", "<!doctype html")):
        return "an HTML error page (probably from a proxy or gateway, not Spreedly)"
    return text[:500] if text else "(empty body)"


def from_api_error(exc: APIError) -> HTTPError:
    """Re-issue a core :class:`~crmkit.core.APIError` as the matching :class:`HTTPError`.

    Core maps statuses to its own classes; this gives them pyspreedly's shape (``.code``,
    ``.response``, the ``status code: N, text: ...`` message) without losing the core class.
    An error that already is an :class:`HTTPError` is returned unchanged.
    """
    if isinstance(exc, HTTPError):
        return exc
    from ._response import Response

    cls = error_class(exc.status_code)
    where = f" ({exc.method} {httpx.URL(exc.url).path})" if exc.method and exc.url else ""
    message = f"status code: {exc.status_code}, text: {_text_of(exc)}{where}"
    advice = advice_for(cls)
    if advice:  # what to do, after pyspreedly's prefix
        message += f". {advice}"
    body = exc.body if isinstance(exc.body, str) else ("" if exc.body is None else str(exc.body))
    request = httpx.Request(exc.method or "GET", exc.url or "https://spreedly.invalid/")
    response = Response(httpx.Response(exc.status_code, content=body.encode(), request=request))
    kwargs: dict[str, Any] = {
        "status_code": exc.status_code,
        "errors": exc.errors,
        "body": exc.body,
        "request_id": exc.request_id,
        "method": exc.method,
        "url": exc.url,
        "vendor": exc.vendor or "spreedly",
        "response": response,
    }
    if issubclass(cls, _CoreRateLimited):
        kwargs["retry_after"] = getattr(exc, "retry_after", None)
    new = cls(message, **kwargs)
    new.__cause__ = exc.__cause__
    return new
