"""The old library's exceptions, wired into crmkit's error tree (vendor file §5).

``procuret.errors`` exported ``ProcuretError``, ``ProcuretApiError``, ``InconsistentState`` and
``ProcuretTypeError``; they keep their names and bases here, so old ``except`` clauses work.

- :class:`ProcuretApiError` is still a ``RuntimeError`` and a ``ProcuretError`` whose message
  embeds the HTTP code, and now also a :class:`crmkit.core.APIError`. The legacy layer raises
  the subclass matching the status (``ProcuretAuthenticationError`` is also a core
  ``AuthenticationError``...). It reads the error body the old client ignored (bug #3):
  ``.message`` is the ``error-information`` text and ``.response_code`` its ``response-code``.
- :class:`InconsistentState` means Procuret answered 404 where the call needs a record.
- :class:`ProcuretTypeError` is raised for a bad argument before any request; it is a
  ``TypeError`` as before and also a crmkit ``InvalidArgument``.

The typed clients (``crmkit.procuret.Client``) raise the plain core errors instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from crmkit.core import (
    APIError,
    AuthenticationError,
    BadRequest,
    Conflict,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    UnprocessableEntity,
    redact,
)

__all__ = [
    "InconsistentState",
    "ProcuretApiError",
    "ProcuretAuthenticationError",
    "ProcuretBadRequest",
    "ProcuretConflict",
    "ProcuretError",
    "ProcuretNotFound",
    "ProcuretPermissionDenied",
    "ProcuretRateLimited",
    "ProcuretServerError",
    "ProcuretTypeError",
    "ProcuretUnprocessableEntity",
    "api_error_from",
]

_SUPPORT = (
    "There may be a bug in the Procuret Python library, or Procuret API may be experiencing a "
    "temporary disruption. If this happens repeatedly, please contact us at support@procuret.com"
)


class ProcuretError(Exception):
    """Base class of the old library's exceptions."""


class ProcuretApiError(RuntimeError, ProcuretError, APIError):
    """Procuret answered with an error status (other than 404, which the legacy layer maps).

    Args:
        http_code: the HTTP status.
        error_information: the ``error-information`` text of the body, when there was one.
        response_code: the ``response-code`` of the body, when there was one.
        body: the decoded body.

    Attributes:
        status: the HTTP status (also ``status_code``).
        message: the ``error-information`` text (or None when the body had none).
        response_code: the body's ``response-code`` (None when absent).
    """

    def __init__(
        self,
        http_code: int,
        *,
        error_information: str | None = None,
        response_code: int | None = None,
        body: Any = None,
        errors: Sequence[Any] = (),
        request_id: str | None = None,
        method: str | None = None,
        url: str | None = None,
    ) -> None:
        text = f"Procuret API responded to your request with an error code - {http_code}."
        if error_information:
            text += f" Procuret said: {error_information}."
        text += f" {_SUPPORT}"
        APIError.__init__(
            self,
            text,
            status_code=http_code,
            errors=errors,
            body=body,
            request_id=request_id,
            method=method,
            url=url,
            vendor="procuret",
        )
        self._text = self.message
        self.message = redact(error_information) if error_information else None  # type: ignore[assignment]
        self.response_code = response_code

    def __str__(self) -> str:
        return self._text


class ProcuretBadRequest(ProcuretApiError, BadRequest):
    """400 or 413."""


class ProcuretAuthenticationError(ProcuretApiError, AuthenticationError):
    """401: session unknown, expired or deleted, or a bad signature or key."""


class ProcuretPermissionDenied(ProcuretApiError, PermissionDenied):
    """402 or 403: a subscription problem, or not authorised."""


class ProcuretNotFound(ProcuretApiError, NotFound):
    """404 (the legacy calls turn a 404 into None, [] or InconsistentState instead)."""


class ProcuretConflict(ProcuretApiError, Conflict):
    """409."""


class ProcuretUnprocessableEntity(ProcuretApiError, UnprocessableEntity, BadRequest):
    """422: breaks a processing condition (the vendor file files it under BadRequest)."""


class ProcuretRateLimited(ProcuretApiError, RateLimited):
    """429; ``retry_after`` holds the Retry-After seconds when Procuret sent one."""

    retry_after: float | None = None


class ProcuretServerError(ProcuretApiError, ServerError):
    """5xx."""


_BY_STATUS: dict[int, type[ProcuretApiError]] = {
    400: ProcuretBadRequest,
    401: ProcuretAuthenticationError,
    402: ProcuretPermissionDenied,
    403: ProcuretPermissionDenied,
    404: ProcuretNotFound,
    409: ProcuretConflict,
    413: ProcuretBadRequest,
    422: ProcuretUnprocessableEntity,
    429: ProcuretRateLimited,
}


def api_error_from(exc: APIError) -> ProcuretApiError:
    """The legacy exception for a core :class:`~crmkit.core.APIError` (same status and body)."""
    status = exc.status_code
    cls = _BY_STATUS.get(status) or (ProcuretServerError if status >= 500 else ProcuretApiError)
    info: str | None = None
    code: int | None = None
    if isinstance(exc.body, Mapping):
        raw_info = exc.body.get("error-information")
        info = raw_info if isinstance(raw_info, str) else None
        raw_code = exc.body.get("response-code")
        code = raw_code if isinstance(raw_code, int) and not isinstance(raw_code, bool) else None
    error = cls(
        status,
        error_information=info,
        response_code=code,
        body=exc.body,
        errors=exc.errors,
        request_id=exc.request_id,
        method=exc.method,
        url=exc.url,
    )
    if isinstance(error, ProcuretRateLimited) and isinstance(exc, RateLimited):
        error.retry_after = exc.retry_after
    return error


class InconsistentState(RuntimeError, ProcuretError):
    """Procuret answered in a way the call cannot make sense of (a 404 on a create)."""

    def __init__(self, detail: str | None = None) -> None:
        text = (
            "Procuret API responded in a manner inconsistent with Procuret Python's "
            "expectations. This may indicate that there is a bug in the Procuret Python "
            "library, or that Procuret API has responded in a manner inconsistent with its "
            "documentation. Please contact us at support@procuret.com"
        )
        if detail:
            text += f" ({detail})"
        super().__init__(redact(text))


class ProcuretTypeError(TypeError, ProcuretError, InvalidArgument):
    """An argument has the wrong type; raised before any request is sent.

    Args:
        valid_types: the accepted type name, or a tuple of names.
        supplied_variable: the value given.
        variable_name: the argument's name.

    Example:
        >>> str(ProcuretTypeError(("int", "EntityHeadline"), "x", "supplier"))
        "supplier must be an instance of one of types int or EntityHeadline, not <class 'str'>"
    """

    def __init__(
        self,
        valid_types: tuple[str, ...] | str,
        supplied_variable: Any,
        variable_name: str,
    ) -> None:
        shown = str(type(supplied_variable))
        if isinstance(valid_types, tuple) and len(valid_types) > 1:
            # The old message joined the characters of a tuple's repr (bug #10).
            head = ", ".join(valid_types[:-1])
            text = (
                f"{variable_name} must be an instance of one of types {head} or "
                f"{valid_types[-1]}, not {shown}"
            )
        else:
            name = valid_types[0] if isinstance(valid_types, tuple) else valid_types
            text = f"{variable_name} must be an instance of type {name}, not {shown}"
        InvalidArgument.__init__(self, text, vendor="procuret")
        self.valid_types = valid_types
        self.variable_name = variable_name
