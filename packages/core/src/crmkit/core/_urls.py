"""Base URLs and path parameters: where requests go, checked before anything is sent.

- :func:`resolve_base_url` picks the base URL (argument, then ``CRMKIT_<VENDOR>_BASE_URL``, then
  the vendor default) and refuses plain ``http://`` to anything but loopback unless allowed.
- :func:`path_param` validates one id or name for use as a path segment and escapes it; an id
  containing ``/``, ``?``, ``#``, ``..`` or a control character is refused (path injection).
- :func:`build_path` fills a template such as ``"people/{id}"``.
"""

from __future__ import annotations

import ipaddress
import os
import re
from typing import Any
from urllib.parse import quote

import httpx

from ._errors import ConfigurationError, InvalidArgument

__all__ = [
    "base_url_env_var",
    "build_path",
    "is_loopback_host",
    "path_param",
    "resolve_base_url",
]


def base_url_env_var(vendor: str) -> str:
    """The environment variable that overrides a vendor's base URL."""
    return f"CRMKIT_{vendor.upper()}_BASE_URL"


def is_loopback_host(host: str) -> bool:
    """True for ``localhost`` and any address in 127.0.0.0/8 or ``::1``."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def resolve_base_url(
    vendor: str,
    base_url: str | httpx.URL | None,
    *,
    default: str,
    allow_insecure_http: bool = False,
) -> httpx.URL:
    """Return the base URL a client of ``vendor`` should use, with a trailing slash.

    Args:
        vendor: the vendor name, used for the environment variable.
        base_url: the caller's explicit choice, or None.
        default: the vendor's production base URL.
        allow_insecure_http: allow ``http://`` to a non-loopback host.

    Raises:
        ConfigurationError: for a URL that is not http(s), has no host, or is plain http to a
            remote host without ``allow_insecure_http``.
    """
    raw = base_url if base_url is not None else os.environ.get(base_url_env_var(vendor)) or default
    try:
        url = httpx.URL(str(raw))
    except (httpx.InvalidURL, TypeError) as exc:
        raise ConfigurationError(
            f"{vendor}: base URL {str(raw)!r} is not a valid URL: {exc}"
        ) from exc
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(
            f"{vendor}: base URL {str(raw)!r} must be an absolute http(s) URL with a host, "
            "e.g. https://api.example.com/v1/"
        )
    if url.scheme == "http" and not is_loopback_host(url.host) and not allow_insecure_http:
        raise ConfigurationError(
            f"{vendor}: refusing plain http:// to {url.host}: credentials would travel "
            "unencrypted. Use https://, or pass allow_insecure_http=True if you really mean it."
        )
    if url.query or url.fragment:
        raise ConfigurationError(
            f"{vendor}: base URL {str(raw)!r} must not carry a query or fragment"
        )
    if not url.raw_path.endswith(b"/"):
        url = url.copy_with(raw_path=url.raw_path + b"/")
    return url


_FORBIDDEN = set("/?#\\%")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def path_param(value: Any, *, name: str = "id") -> str:
    """Validate ``value`` as one path segment and percent-escape it.

    Ints (not bools) are accepted as they are; strings must be non-empty, at most 512
    characters, free of ``/ ? # \\ %``, ``..``, control characters and whitespace at the ends,
    and valid Unicode (no lone surrogates).

    Raises:
        InvalidArgument: describing what is wrong, before any request is sent.
    """
    if isinstance(value, bool) or value is None:
        raise InvalidArgument(f"{name} must be an int or a non-empty string, not {value!r}")
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        raise InvalidArgument(
            f"{name} must be an int or a non-empty string, not {type(value).__name__}"
        )
    if not value or value.strip() != value:
        raise InvalidArgument(f"{name} must be a non-empty string without surrounding spaces")
    if len(value) > 512:
        raise InvalidArgument(f"{name} is {len(value)} characters long; at most 512 are allowed")
    if value == "." or ".." in value:
        raise InvalidArgument(f"{name} {value[:40]!r} is not allowed in a URL path ('..' or '.')")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidArgument(
            f"{name} {value[:40]!r} is not valid Unicode text (it holds a lone surrogate)"
        ) from None
    bad = _FORBIDDEN.intersection(value)
    if bad or _CONTROL.search(value):
        shown = "".join(sorted(bad)) or "a control character"
        raise InvalidArgument(
            f"{name} {value[:40]!r} contains {shown!r}, which cannot appear in an id "
            "(it would change the request path)"
        )
    return quote(value, safe="-._~@:+=,;!$&'()*")


def build_path(template: str, **params: Any) -> str:
    """Fill ``template`` (e.g. ``"people/{id}/related"``) with validated, escaped params."""
    return template.format(**{k: path_param(v, name=k) for k, v in params.items()})
