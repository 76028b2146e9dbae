"""Where Spreedly lives: the service root, a site's API root, and the hosted (browser) pages.

Spreedly addresses everything by *site*: the API of site ``mysite`` is at
``{base_url}api/v4/mysite/`` and its hosted pages at ``{base_url}mysite/...``, where
``base_url`` is the service root (``https://spreedly.com/`` by default; the
``CRMKIT_SPREEDLY_BASE_URL`` environment variable or the ``base_url``/``base_host`` argument
override it, e.g. with ``http://127.0.0.1:8002/`` for the emulator). A root that already ends in
``api/v4/<site_name>/`` is accepted too.

The hosted pages are plain URLs built here without any request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

import httpx

from crmkit.core import (
    InvalidArgument,
    email_param,
    path_param,
    resolve_base_url,
    text_param,
)

__all__ = [
    "API_VERSION",
    "DEFAULT_BASE_URL",
    "account_url",
    "api_root",
    "resolve_service_root",
    "signup_url",
    "site_segment",
]

API_VERSION = "v4"
# UNCERTAIN host: the service later moved to Pin Payments (subs.pinpayments.com) and nothing
# answers at spreedly.com now; the vendor file recommends this default, overridable.
DEFAULT_BASE_URL = "https://spreedly.com/"


def site_segment(site_name: Any) -> str:
    """Validate a site name and escape it as one path segment.

    Raises:
        InvalidArgument: for an empty name or one with ``/ ? # %`` or ``..``.
    """
    if not isinstance(site_name, str):
        raise InvalidArgument(f"site_name must be a string, not {type(site_name).__name__}")
    return path_param(site_name, name="site_name")


def resolve_service_root(
    base_url: str | httpx.URL | None, site_name: str, *, allow_insecure_http: bool = False
) -> httpx.URL:
    """The service root: the argument, else ``CRMKIT_SPREEDLY_BASE_URL``, else spreedly.com.

    A root that ends in this site's ``api/v4/<site_name>/`` has that suffix removed.

    Raises:
        ConfigurationError: for a malformed URL or plain http to a remote host.
    """
    root = resolve_base_url(
        "spreedly", base_url, default=DEFAULT_BASE_URL, allow_insecure_http=allow_insecure_http
    )
    suffix = f"/api/{API_VERSION}/{site_segment(site_name)}/".encode()
    if root.raw_path.endswith(suffix):
        root = root.copy_with(raw_path=root.raw_path[: -len(suffix) + 1])
    return root


def api_root(service_root: httpx.URL, site_name: str) -> httpx.URL:
    """``{service_root}api/v4/{site_name}/``."""
    return service_root.join(f"api/{API_VERSION}/{site_segment(site_name)}/")


def _free_text_segment(value: Any, name: str) -> str:
    text = text_param(value, name=name, max_length=512, allow_empty=False)
    return quote(text, safe="")


def _with_query(url: str, query: Mapping[str, Any]) -> str:
    pairs = []
    for key, value in query.items():
        if value is None:
            continue
        if key == "email":
            pairs.append((key, email_param(value, name=key)))
        else:
            pairs.append((key, text_param(value, name=key, max_length=2048)))
    return f"{url}?{urlencode(pairs)}" if pairs else url


def signup_url(
    service_root: httpx.URL,
    site_name: str,
    customer_id: Any,
    plan_id: Any,
    screen_name: Any = None,
    *,
    token: str | None = None,
    return_url: str | None = None,
    email: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    legacy: bool = False,
) -> str:
    """The hosted subscribe page for a subscriber and plan (no request is made).

    Without ``token``: ``{root}{site}/subscribers/{cid}/subscribe/{plan}/{screen_name}`` (the
    screen-name segment is left out when there is none). With the subscriber's ``token``:
    ``{root}{site}/subscribers/{cid}/{token}/subscribe/{plan}`` (the form is pre-filled from
    the stored data, so the screen name is not used). Segments are percent-encoded.
    ``legacy=True`` puts the path under ``api/v4/`` as pyspreedly 2.0.1 did.

    Raises:
        InvalidArgument: for an id that cannot be a path segment.
    """
    root = str(service_root).rstrip("/")
    site = site_segment(site_name)
    cid = path_param(customer_id, name="customer_id")
    if isinstance(plan_id, bool) or not isinstance(plan_id, int):
        raise InvalidArgument(f"plan_id must be an int, not {plan_id!r:.40}")
    plan = path_param(plan_id, name="plan_id")
    prefix = f"{root}/api/{API_VERSION}/{site}" if legacy else f"{root}/{site}"
    if token is not None:
        url = f"{prefix}/subscribers/{cid}/{path_param(token, name='token')}/subscribe/{plan}"
    else:
        url = f"{prefix}/subscribers/{cid}/subscribe/{plan}"
        if screen_name is not None and str(screen_name) != "":
            url += "/" + _free_text_segment(screen_name, "screen_name")
    return _with_query(
        url,
        {
            "return_url": return_url,
            "email": email,
            "first_name": first_name,
            "last_name": last_name,
        },
    )


def account_url(
    service_root: httpx.URL, site_name: str, token: str, return_url: str | None = None
) -> str:
    """The hosted page where a subscriber manages their subscription (no request is made)."""
    root = str(service_root).rstrip("/")
    url = f"{root}/{site_segment(site_name)}/subscriber_accounts/{path_param(token, name='token')}"
    return _with_query(url, {"return_url": return_url})
