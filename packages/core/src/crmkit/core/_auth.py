"""Authentication strategies, each an :class:`httpx.Auth`.

- :class:`HeaderAuth`: fixed headers, some secret (an access token plus an account email, ...);
- :class:`BearerAuth`: ``Authorization: Bearer <token>``;
- :class:`BasicAuth`: HTTP Basic with an API key as user name and a fixed password, encoded as
  UTF-8 then base64, as RFC 7617 asks (Python 2 libraries often got this wrong on Python 3);
- :class:`WindowSignatureAuth`: an HMAC-SHA256 signature over a fixed time window and the request
  path, recomputed on every send (so a retry that lands in the next window is signed again).

Each strategy reports an ``identity`` (a one-way fingerprint of its credentials) for cache keys,
and registers its secret values and header names with the redactor. None prints a secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Callable, Generator, Mapping

import httpx

from ._secrets import Secret, register_secret, register_sensitive_header

__all__ = [
    "BasicAuth",
    "BearerAuth",
    "CredentialAuth",
    "HeaderAuth",
    "WindowSignatureAuth",
    "window_signature",
]


class CredentialAuth(httpx.Auth):
    """Base class of crmkit's auth strategies.

    Subclasses set headers in :meth:`auth_flow` and describe their credentials through
    :attr:`identity`, a fingerprint two connections share only when their credentials match.
    """

    @property
    def identity(self) -> str:
        """A stable one-way fingerprint of the credentials (never the credentials themselves)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} identity={self.identity}>"


def _as_secret(value: str | Secret) -> Secret:
    return value if isinstance(value, Secret) else Secret(value)


class HeaderAuth(CredentialAuth):
    """Send fixed headers on every request; values given as :class:`Secret` are masked in logs.

    Args:
        headers: header name to value. Wrap credential values in :class:`Secret`.

    Example:
        >>> auth = HeaderAuth({"X-Token": Secret("s3cr3t-token"), "X-User": "me@example.org"})
        >>> "s3cr3t" in repr(auth)
        False
    """

    def __init__(self, headers: Mapping[str, str | Secret]) -> None:
        self._headers = dict(headers)
        for name, value in self._headers.items():
            if isinstance(value, Secret):
                register_sensitive_header(name)

    @property
    def identity(self) -> str:
        digest = hashlib.sha256()
        for name in sorted(self._headers, key=str.lower):
            value = self._headers[name]
            raw = value.reveal() if isinstance(value, Secret) else value
            digest.update(f"{name.lower()}\0{raw}\0".encode())
        return digest.hexdigest()[:16]

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        for name, value in self._headers.items():
            request.headers[name] = value.reveal() if isinstance(value, Secret) else value
        yield request


class BearerAuth(HeaderAuth):
    """``Authorization: Bearer <token>``."""

    def __init__(self, token: str | Secret) -> None:
        self._token = _as_secret(token)
        bearer = Secret(f"Bearer {self._token.reveal()}")
        super().__init__({"Authorization": bearer})


class BasicAuth(CredentialAuth):
    """HTTP Basic auth, typically an API key as user name and a conventional password.

    Args:
        username: the user name or API key (secret).
        password: the password; APIs that authenticate by key alone conventionally use ``"X"``.

    Example:
        >>> BasicAuth("KEY123", "X").header_value()
        'Basic S0VZMTIzOlg='
    """

    def __init__(self, username: str | Secret, password: str | Secret = "X") -> None:
        self._username = _as_secret(username)
        self._password = _as_secret(password)
        raw = f"{self._username.reveal()}:{self._password.reveal()}".encode()
        self._header = Secret("Basic " + base64.b64encode(raw).decode("ascii"))
        register_secret(self._header.reveal().split(" ", 1)[1])

    @property
    def identity(self) -> str:
        return self._header.fingerprint()

    def header_value(self) -> str:
        """The ``Authorization`` header value (contains the credential: do not log it)."""
        return self._header.reveal()

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header.reveal()
        yield request


def window_signature(key: str | Secret, path: str, *, now: float, window: int = 900) -> str:
    """HMAC-SHA256 over ``str(window_start) + path``, keyed by ``key`` as UTF-8, base64-encoded.

    ``window_start`` is ``int(now)`` rounded down to a multiple of ``window`` seconds.
    """
    raw_key = key.reveal() if isinstance(key, Secret) else key
    t = int(now)
    start = t - (t % window)
    mac = hmac.new(raw_key.encode("utf-8"), f"{start}{path}".encode(), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode("ascii")


class WindowSignatureAuth(CredentialAuth):
    """Sign each request with an HMAC over a time window and the path below the API root.

    The path signed is the request's URL path with ``root_path`` removed from its front, without
    the query string. The signature is computed at send time on every attempt.

    Args:
        session_id: the session identifier sent in ``session_header``.
        key: the signing key (secret).
        session_header: header carrying the session id.
        signature_header: header carrying the signature.
        root_path: the URL path prefix that is not signed (e.g. ``"/api"``).
        window: window length in seconds.
        mode: ``"signature"`` signs; ``"key"`` sends the raw key in ``key_header`` instead.
        key_header: header for ``mode="key"``.
        extra_headers: further fixed headers (e.g. a forwarded agent id).
        clock: returns the current epoch time; injectable for tests.
    """

    def __init__(
        self,
        *,
        session_id: int | str,
        key: str | Secret,
        session_header: str,
        signature_header: str,
        root_path: str = "",
        window: int = 900,
        mode: str = "signature",
        key_header: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if mode not in ("signature", "key"):
            raise ValueError("mode must be 'signature' or 'key'")
        if mode == "key" and not key_header:
            raise ValueError("mode='key' needs key_header")
        self.session_id = str(session_id)
        self._key = _as_secret(key)
        self.session_header = session_header
        self.signature_header = signature_header
        self.key_header = key_header
        self.root_path = root_path.rstrip("/")
        self.window = window
        self.mode = mode
        self.extra_headers = dict(extra_headers or {})
        self.clock = clock
        for name in (session_header, signature_header, key_header):
            if name:
                register_sensitive_header(name)

    @property
    def identity(self) -> str:
        return hashlib.sha256(f"{self.session_id}\0{self._key.reveal()}".encode()).hexdigest()[:16]

    def signed_path(self, url: httpx.URL) -> str:
        """The part of ``url``'s path that is signed: below ``root_path``, no query."""
        path = url.path
        if self.root_path and (path == self.root_path or path.startswith(self.root_path + "/")):
            path = path[len(self.root_path) :]
        return path

    def sign(self, path: str, *, now: float | None = None) -> str:
        """The signature for ``path`` at time ``now`` (default: the clock)."""
        return window_signature(
            self._key, path, now=self.clock() if now is None else now, window=self.window
        )

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[self.session_header] = self.session_id
        if self.mode == "signature":
            request.headers[self.signature_header] = self.sign(self.signed_path(request.url))
        else:
            assert self.key_header is not None
            request.headers[self.key_header] = self._key.reveal()
        for name, value in self.extra_headers.items():
            request.headers[name] = value
        yield request
