"""The exception hierarchy every crmkit package raises.

```
CrmError
├── ConfigurationError
│   └── VendorNotInstalled
├── InvalidArgument (also ValueError)          bad input, raised before any request
├── NotSupported                               the vendor cannot do this operation
├── TransportError                             the request got no HTTP answer
│   ├── ConnectError                           never reached the server: safe to retry
│   ├── TransportTimeout
│   └── RemoteProtocolError                    connection dropped, truncated body, ...
├── UnsafeRedirect                             a redirect to another origin was refused
├── AmbiguousWriteError                        a write may or may not have happened
├── MalformedResponse                          a 2xx body that could not be decoded
├── PaginationError                            a pager looped or went astray
├── ValidationError (also ValueError)          a record does not fit its model
└── APIError                                   the vendor answered with an error status
    ├── BadRequest                     400, 413
    │   └── UnprocessableEntity        422
    ├── AuthenticationError            401
    ├── PermissionDenied               402, 403
    ├── NotFound                       404
    ├── Conflict                       409
    ├── RateLimited                    429 (``retry_after``)
    └── ServerError                    5xx
```

Every message says what happened and what to try, and never contains a secret: messages pass
through :func:`crmkit.core.redact` when they are built.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from ._secrets import redact, redact_data

__all__ = [
    "APIError",
    "AmbiguousWriteError",
    "AuthenticationError",
    "BadRequest",
    "ConfigurationError",
    "Conflict",
    "ConnectError",
    "CrmError",
    "InvalidArgument",
    "MalformedResponse",
    "NotFound",
    "NotSupported",
    "PaginationError",
    "PermissionDenied",
    "RateLimited",
    "RemoteProtocolError",
    "ServerError",
    "TransportError",
    "TransportTimeout",
    "UnprocessableEntity",
    "UnsafeRedirect",
    "ValidationError",
    "VendorNotInstalled",
    "advice_for",
    "error_class_for_status",
]


E = TypeVar("E", bound="CrmError")


class CrmError(Exception):
    """Base class of every error crmkit raises.

    Attributes:
        message: the human-readable explanation (already redacted).
        vendor: the vendor the failing call went to, when known.
    """

    def __init__(self, message: str, *, vendor: str | None = None) -> None:
        self.message = redact(message)
        self.vendor = vendor
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    @classmethod
    def from_error(cls: type[E], error: CrmError) -> E:
        """A ``cls`` carrying every attribute of ``error`` (for vendor exception classes).

        Vendor packages use it in their client's ``error_hook`` to raise their own classes
        (which subclass the matching core class) with the same message, status and body.
        """
        new = cls.__new__(cls)
        Exception.__init__(new, error.message)
        new.__dict__.update(error.__dict__)
        new.__cause__ = error.__cause__
        return new


class ConfigurationError(CrmError):
    """crmkit is configured wrongly: a missing credential, a bad base URL, an unknown profile."""


class VendorNotInstalled(ConfigurationError):
    """The requested vendor package is not installed; the message names the extra to install."""

    def __init__(self, name: str, *, installed: Sequence[str] = ()) -> None:
        have = ", ".join(sorted(installed)) or "none"
        super().__init__(
            f"crmkit vendor {name!r} is not installed (installed: {have}). "
            f'Install it with: pip install "crmkit[{name}]"',
            vendor=name,
        )
        self.name = name


class InvalidArgument(CrmError, ValueError):
    """An argument is wrong; raised before any request is sent, so nothing reached the vendor."""


class NotSupported(CrmError):
    """The vendor does not offer this operation; raised before any request is sent."""

    def __init__(self, vendor: str, operation: str, *, hint: str | None = None) -> None:
        text = f"{vendor} does not support {operation}."
        if hint:
            text += f" {hint}"
        super().__init__(text, vendor=vendor)
        self.operation = operation


class TransportError(CrmError):
    """The request got no usable HTTP answer (connection, timeout or protocol failure).

    Attributes:
        method: the HTTP method of the failed request.
        url: the URL of the failed request (credentials in it are masked).
    """

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        url: str | None = None,
        vendor: str | None = None,
    ) -> None:
        super().__init__(message, vendor=vendor)
        self.method = method
        self.url = redact(url) if url is not None else None


class ConnectError(TransportError):
    """The connection could not be opened: the request never reached the server."""


class TransportTimeout(TransportError):
    """The server did not answer in time."""


class RemoteProtocolError(TransportError):
    """The connection broke mid-exchange (dropped, reset, truncated body)."""


class UnsafeRedirect(CrmError):
    """The vendor redirected to another origin; crmkit never sends credentials there."""

    def __init__(self, location: str, *, vendor: str | None = None) -> None:
        super().__init__(
            f"The server redirected to another origin ({location}); crmkit does not follow "
            "redirects that would carry your credentials to a different host. If the API moved, "
            "set base_url to the new address.",
            vendor=vendor,
        )
        self.location = redact(location)


class AmbiguousWriteError(CrmError):
    """A non-idempotent write failed after it may have reached the server.

    The vendor offers no idempotency mechanism for it, so crmkit did not retry (a retry could
    create a duplicate). Look the record up by its natural key before trying again.

    Attributes:
        method: the HTTP method.
        url: the URL (masked).
        request_id: the request id crmkit or the vendor attached, when there was one.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str,
        url: str,
        request_id: str | None = None,
        vendor: str | None = None,
    ) -> None:
        super().__init__(message, vendor=vendor)
        self.method = method
        self.url = redact(url)
        self.request_id = request_id


class MalformedResponse(CrmError):
    """A response body could not be decoded into what the endpoint expects.

    Attributes:
        status_code: the HTTP status of the response.
        content_type: its Content-Type header.
        snippet: the first bytes of the body, decoded leniently and redacted.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        content_type: str | None = None,
        snippet: str | None = None,
        vendor: str | None = None,
    ) -> None:
        super().__init__(message, vendor=vendor)
        self.status_code = status_code
        self.content_type = content_type
        self.snippet = redact(snippet) if snippet is not None else None


class PaginationError(CrmError):
    """A paginated listing went wrong, e.g. the server returned the same page twice."""


class ValidationError(CrmError, ValueError):
    """A record does not fit its model.

    Attributes:
        errors: pydantic's error list (``loc``, ``msg``, ``type``), without input values.
        raw_data: the record as received, so a caller can fix and reload it.
        model: the model class that rejected it (``resource_cls`` is an alias, for prospyr users).
    """

    def __init__(
        self,
        message: str,
        *,
        errors: Sequence[Mapping[str, Any]] = (),
        raw_data: Any = None,
        model: type[Any] | None = None,
        vendor: str | None = None,
    ) -> None:
        super().__init__(message, vendor=vendor)
        self.errors = [dict(e) for e in errors]
        self.raw_data = raw_data
        self.model = model

    @property
    def resource_cls(self) -> type[Any] | None:
        """The model class that rejected the record (prospyr's name for ``model``)."""
        return self.model


class APIError(CrmError):
    """The vendor answered with an error status.

    Attributes:
        status_code: the HTTP status.
        message: the vendor's message, normalised, or a description of the status.
        errors: structured error details from the body, when the vendor sends any.
        body: the decoded body (JSON value, or text when it was not JSON).
        request_id: the vendor's request id header, when present.
        method: the HTTP method of the request.
        url: the request URL (masked).
        response: the :class:`httpx.Response` (body already read), when there was one.
    """

    default_status: int | None = None

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        errors: Sequence[Any] = (),
        body: Any = None,
        request_id: str | None = None,
        method: str | None = None,
        url: str | None = None,
        vendor: str | None = None,
        response: Any = None,
    ) -> None:
        super().__init__(message, vendor=vendor)
        self.response = response
        self.status_code = status_code
        # A body may quote the request back (a gateway echoing headers): mask known secrets in
        # it too, since error reporters print exception attributes.
        self.errors = [redact_data(e) for e in errors]
        self.body = redact_data(body)
        self.request_id = request_id
        self.method = method
        self.url = redact(url) if url is not None else None

    @property
    def status(self) -> int:
        """Alias of ``status_code``."""
        return self.status_code


class BadRequest(APIError):
    """400 or 413: the vendor refused the request as malformed. Check the arguments."""


class AuthenticationError(APIError):
    """401: the credentials were refused. Check the token/key and that it is still valid."""


class PermissionDenied(APIError):
    """402 or 403: the credentials are valid but may not do this."""


class NotFound(APIError):
    """404: the record or path does not exist (or is not visible to these credentials)."""


class Conflict(APIError):
    """409: the request conflicts with the current state (e.g. a duplicate)."""


class UnprocessableEntity(BadRequest):
    """422: the vendor understood the request but its content breaks a rule.

    A kind of :class:`BadRequest`, so ``except BadRequest`` also catches it.
    """


class RateLimited(APIError):
    """429: too many requests.

    Attributes:
        retry_after: seconds the vendor asked to wait, or None when it did not say.
    """

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("status_code", 429)
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(APIError):
    """5xx: the vendor failed. crmkit already retried where it was safe to."""


_STATUS_CLASSES: dict[int, type[APIError]] = {
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


def error_class_for_status(status_code: int) -> type[APIError]:
    """Return the most specific :class:`APIError` subclass for an HTTP status."""
    if status_code in _STATUS_CLASSES:
        return _STATUS_CLASSES[status_code]
    return ServerError if status_code >= 500 else APIError


def advice_for(error: BaseException | type[BaseException]) -> str:
    """The sentence that tells the caller what to do about ``error`` (``""`` when none).

    crmkit appends it to the messages of the errors it builds; vendor packages that keep an old
    library's message format append it to theirs, so every message says what to try.

    Example:
        >>> advice_for(RateLimited)
        'Too many requests: crmkit retried within its limits; slow down or raise max_retries'
    """
    cls = error if isinstance(error, type) else type(error)
    for base, text in _ADVICE:
        if issubclass(cls, base):
            return text
    return ""


_ADVICE: tuple[tuple[type[CrmError], str], ...] = (
    (
        AuthenticationError,
        "Check the credentials (token, API key, session) and that they are still valid",
    ),
    (PermissionDenied, "These credentials are valid but not allowed to do this"),
    (
        RateLimited,
        "Too many requests: crmkit retried within its limits; slow down or raise max_retries",
    ),
    (ServerError, "The vendor failed; crmkit retried where that was safe. Try again later"),
)
