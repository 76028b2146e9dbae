"""The core API clients configured for Clevertim: auth, headers, retry rules and error classes.

- Auth is HTTP Basic with the API key as user name and ``X`` as password, encoded as UTF-8
  (the old library sent ``Basic b'...'`` on Python 3, which no server accepts).
- Every request carries ``Content-Type`` and ``Accept: application/json``, as the old library
  sent them (GET and DELETE too).
- Retries follow the vendor notes (§5): connection failures, 429 and 502/503/504 on repeatable
  requests; never a 500 on a request with a body (Clevertim answers 500 when it cannot parse the
  JSON, which no retry fixes); never a POST once it may have reached the server (core's rule).
- Errors come out as :mod:`crmkit.clevertim.errors` classes, which are also the core classes
  (through core's ``error_hook``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import httpx

from crmkit import core
from crmkit.core import AsyncAPIClient, BasicAuth, RetryPolicy, Secret, SyncAPIClient

from . import errors
from ._envelope import error_details
from ._version import __version__

__all__ = [
    "DEFAULT_BASE_URL",
    "JSON_HEADERS",
    "VENDOR",
    "ClevertimRetryPolicy",
    "async_api_client",
    "clevertim_auth",
    "convert_error",
    "sync_api_client",
]

VENDOR = "clevertim"
DEFAULT_BASE_URL = "https://www.clevertim.com/api"
JSON_HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}

_RAW_BODY_LIMIT = 2000


@dataclasses.dataclass(frozen=True)
class ClevertimRetryPolicy(RetryPolicy):
    """Core's policy, plus: a 500 answer to a request with a body is never retried.

    Clevertim documents 500 as "the request JSON could not be parsed": repeating the same body
    gets the same answer. A policy (rather than ``Endpoint.retry_statuses``) so the rule also
    covers ``raw_request`` bodies; a plain ``RetryPolicy`` a caller passes is converted.
    """

    def should_retry_response(self, response: httpx.Response, *, idempotent: bool) -> bool:
        if response.status_code == 500 and response.request.content:
            return False
        return super().should_retry_response(response, idempotent=idempotent)


def _as_clevertim_policy(policy: RetryPolicy | None) -> ClevertimRetryPolicy:
    if isinstance(policy, ClevertimRetryPolicy):
        return policy
    if policy is None:
        return ClevertimRetryPolicy()
    values = {f.name: getattr(policy, f.name) for f in dataclasses.fields(policy)}
    return ClevertimRetryPolicy(**values)


def convert_error(error: core.CrmError) -> core.CrmError:
    """The core client's ``error_hook``: core errors become their Clevertim classes.

    HTTP errors keep every attribute and gain the old ``str()`` (``"HTTP <code> - <body>"``);
    transport and ambiguous-write errors become the Clevertim subclasses; errors that already
    are Clevertim's, and anything else, pass through.
    """
    if isinstance(error, errors.SessionError):
        return error
    if isinstance(error, core.APIError):
        response = getattr(error, "response", None)
        raw = (
            response.content[:_RAW_BODY_LIMIT].decode("utf-8", errors="replace")
            if isinstance(response, httpx.Response)
            else errors.raw_body_text(error.body)
        )
        return errors.api_error_class(error.status_code).from_core(error, raw)
    if isinstance(error, core.AmbiguousWriteError):
        return errors.AmbiguousWriteError.from_error(error)
    if isinstance(error, core.TransportError):
        cls: type[errors.TransportError] = errors.TransportError
        if isinstance(error, core.ConnectError):
            cls = errors.ConnectError
        elif isinstance(error, core.TransportTimeout):
            cls = errors.TransportTimeout
        elif isinstance(error, core.RemoteProtocolError):
            cls = errors.RemoteProtocolError
        return cls.from_error(error)
    return error


def clevertim_auth(api_key: str | Secret | bytes) -> BasicAuth:
    """Basic auth with the API key as user name and ``X`` as password.

    Raises:
        ArgumentError: for an empty key (before any request).
        ArgumentTypeError: for a key that is not a string.
    """
    if isinstance(api_key, bytes):
        # Old Python 3 callers sometimes passed bytes; decode them as UTF-8.
        api_key = api_key.decode("utf-8")
    if not isinstance(api_key, str | Secret):
        raise errors.ArgumentTypeError(
            f"api_key must be a str, not {type(api_key).__name__}", vendor=VENDOR
        )
    if not api_key or not (api_key.reveal() if isinstance(api_key, Secret) else api_key).strip():
        raise errors.ArgumentError("Empty API key", vendor=VENDOR)
    return BasicAuth(api_key, "X")


def _client_kwargs(
    api_key: str | Secret,
    base_url: str | httpx.URL | None,
    options: Mapping[str, Any],
) -> dict[str, Any]:
    kwargs = dict(options)
    kwargs["retry"] = _as_clevertim_policy(kwargs.get("retry"))
    headers = dict(JSON_HEADERS)
    headers.update(kwargs.pop("headers", None) or {})
    return {
        "vendor": VENDOR,
        "vendor_version": __version__,
        "default_base_url": DEFAULT_BASE_URL,
        "base_url": base_url,
        "auth": clevertim_auth(api_key),
        "headers": headers,
        "error_details": error_details,
        "error_hook": convert_error,
        **kwargs,
    }


def sync_api_client(
    api_key: str | Secret, *, base_url: str | httpx.URL | None = None, **options: Any
) -> SyncAPIClient:
    """Build the blocking core client for Clevertim.

    Args:
        api_key: the user's API key.
        base_url: the API root; else ``CRMKIT_CLEVERTIM_BASE_URL``; else production.
        **options: core client options (``transport``, ``timeout``, ``max_retries``, ``retry``,
            ``cache``, ``rate_limit``, ``hooks``, ``sleep``, ``http_client``, ``proxy``...).
    """
    return SyncAPIClient(**_client_kwargs(api_key, base_url, options))


def async_api_client(
    api_key: str | Secret, *, base_url: str | httpx.URL | None = None, **options: Any
) -> AsyncAPIClient:
    """Build the asyncio core client for Clevertim (same arguments as :func:`sync_api_client`)."""
    return AsyncAPIClient(**_client_kwargs(api_key, base_url, options))
