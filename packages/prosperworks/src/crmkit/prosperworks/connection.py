"""prospyr's named connections: ``connect()``, ``get()``, :class:`Connection`, URL rules.

``connect(email, token)`` registers a :class:`Connection` under a name (``"default"``) without
any HTTP; resources and managers then use it by name (``using=``/``.use()``). Each connection
owns one typed :class:`~crmkit.prosperworks.Client`, built on first use, with its read cache,
retries and client-side rate limit.

The URL is the API *root* (``https://api.copper.com/developer_api/``); ``v1/`` is appended.
Without ``url=``, the root comes from ``CRMKIT_PROSPERWORKS_BASE_URL`` (so code written for
the real service runs against an emulator unchanged), else Copper's current host.
"""

from __future__ import annotations

import os
import re
import threading
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

from crmkit.core import Endpoint, Secret, is_loopback_host

from .cache import InMemoryCache
from .errors import MisconfiguredError

if TYPE_CHECKING:
    from ._client import Client

__all__ = [
    "DEFAULT_ROOT",
    "ENV_BASE_URL",
    "Connection",
    "connect",
    "disconnect",
    "get",
    "reset",
    "resolve_root",
    "url_join",
    "validate_url",
]

DEFAULT_ROOT = "https://api.copper.com/developer_api/"
"""Copper's current API root (prospyr defaulted to the retired api.prosperworks.com)."""

LEGACY_ROOT = "https://api.prosperworks.com/developer_api/"
"""The ProsperWorks-era root, redirected by Copper only until early 2022."""

ENV_BASE_URL = "CRMKIT_PROSPERWORKS_BASE_URL"
"""Environment variable holding the API root to use when ``url`` is not given."""

_connections: dict[str, Connection] = {}
_lock = threading.Lock()


def validate_url(url: str, *, allow_insecure_http: bool = False) -> str:
    """Check an API root the way prospyr did, and return it with a trailing slash.

    The root needs an ``http``/``https`` scheme and a hostname, and must not name an API
    version (``/v1`` is appended by crmkit). Plain ``http://`` is only allowed to loopback
    (an emulator) unless ``allow_insecure_http``: the token would travel in clear.

    Raises:
        MisconfiguredError: with what is wrong.
    """
    if not isinstance(url, str):
        raise MisconfiguredError(f"url must be a string, not {type(url).__name__}")
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        raise MisconfiguredError(f"{url!r} is not a valid URL: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise MisconfiguredError(f"{url!r} must start with https:// (e.g. {DEFAULT_ROOT})")
    if not host:
        raise MisconfiguredError(f"{url!r} has no hostname (e.g. {DEFAULT_ROOT})")
    if re.search(r"/v\d", parts.path):
        raise MisconfiguredError(
            f"{url!r} names an API version; give the root (e.g. {DEFAULT_ROOT}): crmkit "
            "appends v1/ itself"
        )
    if parts.query or parts.fragment:
        raise MisconfiguredError(f"{url!r} must not carry a query or fragment")
    if parts.scheme == "http" and not is_loopback_host(host) and not allow_insecure_http:
        raise MisconfiguredError(
            f"refusing plain http:// to {host}: the API token would travel unencrypted. "
            "Use https:// (plain http is allowed to loopback emulators), or pass "
            "allow_insecure_http=True if you really mean it"
        )
    return url if url.endswith("/") else url + "/"


def resolve_root(url: str | None = None, *, allow_insecure_http: bool = False) -> str:
    """The API root: ``url``, else ``$CRMKIT_PROSPERWORKS_BASE_URL``, else Copper's host."""
    chosen = url if url is not None else (os.environ.get(ENV_BASE_URL) or DEFAULT_ROOT)
    return validate_url(chosen, allow_insecure_http=allow_insecure_http)


def url_join(base: str, path: str) -> str:
    """Join like prospyr: a relative path appends (trailing slash kept), ``/x`` resets to the
    host root."""
    return str(httpx.URL(base).join(path))


class Connection:
    """A registered set of credentials and settings; owns one typed client.

    Args:
        url: the API root (see :func:`resolve_root`).
        email: the email of the API key's owner.
        token: the API key (held as a :class:`~crmkit.core.Secret`, never printed).
        name: the registration name.
        version: the API version (only ``"v1"`` exists).
        cache: a read cache (prospyr's :class:`~crmkit.prosperworks.cache.InMemoryCache` by
            default, 500 entries of 5 minutes); ``NoOpCache()`` disables caching.
        page_size: rows per search page (1-200, default 200).
        **client_options: passed to :class:`~crmkit.prosperworks.Client` (``transport``,
            ``max_retries``, ``rate_limit``, ``timeout``, ``sleep``, ``hooks``...).
    """

    def __init__(
        self,
        url: str | None,
        email: str,
        token: str | Secret,
        name: str = "default",
        version: str = "v1",
        cache: Any = None,
        page_size: int = 200,
        **client_options: Any,
    ) -> None:
        # Only emptiness is refused: the seed's own example connects with email='...', and
        # connect() sends nothing; a wrong address is answered 401 by ProsperWorks.
        if not isinstance(email, str) or not email.strip():
            raise MisconfiguredError("email must be the email address of the API key's owner")
        raw_token = token.reveal() if isinstance(token, Secret) else token
        if not isinstance(raw_token, str) or not raw_token.strip():
            raise MisconfiguredError("token must be a non-empty API key")
        if version != "v1":
            raise MisconfiguredError(f"ProsperWorks has one API version, v1 (not {version!r})")
        if isinstance(page_size, bool) or not isinstance(page_size, int):
            raise ValueError("page_size must be an int between 1 and 200")
        if not 1 <= page_size <= 200:
            raise ValueError(f"page_size must be between 1 and 200, not {page_size}")
        allow_http = bool(client_options.get("allow_insecure_http", False))
        self.base_url = resolve_root(url, allow_insecure_http=allow_http)
        self.api_url = url_join(self.base_url, f"{version}/")
        self.email = email
        self._token = Secret(raw_token)
        self.name = name
        self.version = version
        self.cache = cache if cache is not None else InMemoryCache(size=500)
        self.page_size = page_size
        self._client_options = client_options
        self._client: Client | None = None
        self._lock = threading.Lock()

    @property
    def token(self) -> Secret:
        """The API key, as a :class:`~crmkit.core.Secret` (``.reveal()`` gives the value)."""
        return self._token

    def same_credentials(self, other: Connection) -> bool:
        """Whether ``other`` has the same email, token and root."""
        return (self.email, self._token, self.base_url) == (
            other.email,
            other._token,
            other.base_url,
        )

    @property
    def client(self) -> Client:
        """The typed client this connection uses (built on first use)."""
        with self._lock:
            if self._client is None:
                from ._client import Client

                self._client = Client(
                    email=self.email,
                    token=self._token,
                    base_url=self.base_url,
                    cache=self.cache,
                    **self._client_options,
                )
            return self._client

    def build_absolute_url(self, path: str) -> str:
        """``path`` joined to the versioned API URL (``people/1`` -> ``<root>v1/people/1``)."""
        return url_join(self.api_url, path)

    def _relative(self, url: str) -> str:
        absolute = url_join(self.api_url, url)
        if not absolute.startswith(self.api_url):
            raise MisconfiguredError(f"{url!r} is outside this connection's API ({self.api_url})")
        return absolute[len(self.api_url) :]

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Send any request below the API URL and return the response, whatever its status.

        Auth, retries and the rate limit apply; the read cache does not. ``kwargs`` are
        ``json=``, ``params=`` and ``headers=``.
        """
        from crmkit.core import NO_BODY

        endpoint: Endpoint[httpx.Response] = Endpoint(
            method=method.upper(),
            path=self._relative(url),
            params=kwargs.get("params"),
            json=kwargs.get("json", NO_BODY),
            headers=kwargs.get("headers"),
            parse=lambda r: r,
            success=range(100, 600),
        )
        return self.client.api.send(endpoint)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        """``GET`` (see :meth:`request`)."""
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        """``POST`` (see :meth:`request`)."""
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> httpx.Response:
        """``PUT`` (see :meth:`request`)."""
        return self.request("PUT", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> httpx.Response:
        """``PATCH`` (see :meth:`request`)."""
        return self.request("PATCH", url, **kwargs)

    def options(self, url: str, **kwargs: Any) -> httpx.Response:
        """``OPTIONS`` (see :meth:`request`)."""
        return self.request("OPTIONS", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        """``DELETE`` (see :meth:`request`)."""
        return self.request("DELETE", url, **kwargs)

    def close(self) -> None:
        """Close the HTTP connection pool (the registration stays)."""
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def __repr__(self) -> str:
        return f"<Connection {self.name!r}: {self.email} at {self.api_url}>"


def connect(
    email: str,
    token: str | Secret,
    url: str | None = None,
    name: str = "default",
    cache: Any = None,
    **options: Any,
) -> Connection:
    """Register a connection under ``name`` (no HTTP happens here).

    Connecting again under the same name with the same email, token and URL replaces the
    registration (e.g. to change the cache); different credentials under a used name raise
    ``ValueError`` (prospyr raised it always).

    Args:
        email: the email of the API key's owner.
        token: the API key.
        url: the API root; default ``$CRMKIT_PROSPERWORKS_BASE_URL`` or Copper's host.
        name: the registration name (``"default"``).
        cache: the read cache (default ``InMemoryCache(size=500)``, entries live 5 minutes).
        **options: ``page_size`` (1-200) and :class:`~crmkit.prosperworks.Client` options
            (``transport``, ``max_retries``, ``rate_limit``, ``timeout``, ``sleep``...).

    Returns:
        The registered :class:`Connection`.

    Raises:
        MisconfiguredError: a bad URL, email or token.
        ValueError: ``name`` is taken by different credentials.
    """
    conn = Connection(url, email, token, name=name, cache=cache, **options)
    with _lock:
        existing = _connections.get(name)
        if existing is not None:
            if not existing.same_credentials(conn):
                raise ValueError(
                    f"A connection named {name!r} already exists with other credentials; "
                    "pick another name= or disconnect() it first"
                )
            existing.close()
        _connections[name] = conn
    return conn


def get(name: str = "default") -> Connection:
    """The connection registered as ``name``.

    Raises:
        MisconfiguredError: none is registered under that name.
    """
    with _lock:
        conn = _connections.get(name)
    if conn is None:
        hint = (
            "connect(email=..., token=...)"
            if name == "default"
            else (f"connect(email=..., token=..., name={name!r})")
        )
        raise MisconfiguredError(f"There is no connection named {name!r}; call {hint} first")
    return conn


def disconnect(name: str = "default") -> None:
    """Forget the connection ``name`` and close its HTTP pool (no error if absent)."""
    with _lock:
        conn = _connections.pop(name, None)
    if conn is not None:
        conn.close()


def reset() -> None:
    """Forget every connection (tests use this between cases)."""
    with _lock:
        conns = list(_connections.values())
        _connections.clear()
    for conn in conns:
        conn.close()
