"""Secrets: a wrapper that never prints its value, and redaction of text, headers and URLs.

Every credential crmkit holds is a :class:`Secret`. Creating one registers its value with a
process-wide redactor, so the value is masked wherever crmkit builds text from untrusted parts:
exception messages, log records (see :mod:`crmkit.core._logging`), reports and CLI output.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = [
    "MASK",
    "SENSITIVE_HEADERS",
    "Secret",
    "redact",
    "redact_data",
    "redact_headers",
    "redact_url",
    "register_secret",
    "register_sensitive_header",
    "sensitive_values",
]

MASK = "***"

# Secrets shorter than this are not redacted from free text: masking "X" (the conventional
# Basic-auth password) would mangle every message. Such values are still never printed by
# Secret itself.
_MIN_REDACT_LEN = 6

_lock = threading.Lock()
_registered: set[str] = set()
_pattern: re.Pattern[str] | None = None

SENSITIVE_HEADERS: set[str] = {
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
}

_SENSITIVE_QUERY = re.compile(
    r"(token|key|secret|password|passwd|signature|session|auth)", re.IGNORECASE
)


def register_sensitive_header(name: str) -> None:
    """Mark a header name (case-insensitive) as secret in logs and error messages."""
    SENSITIVE_HEADERS.add(name.lower())


def register_secret(value: str) -> None:
    """Make :func:`redact` mask ``value`` from now on (values under 6 characters are ignored)."""
    global _pattern
    if len(value) < _MIN_REDACT_LEN:
        return
    with _lock:
        if value in _registered:
            return
        _registered.add(value)
        # Longest first so a secret that contains another is masked whole.
        alternatives = sorted(_registered, key=len, reverse=True)
        _pattern = re.compile("|".join(re.escape(v) for v in alternatives))


def redact(text: str) -> str:
    """Return ``text`` with every registered secret replaced by ``***``."""
    pattern = _pattern
    if pattern is None or not text:
        return text
    return pattern.sub(MASK, text)


def redact_data(value: Any, also: Iterable[str] = ()) -> Any:
    """``value`` with every string in it redacted (dicts, lists and tuples are walked).

    Args:
        value: any decoded data (a JSON body, an error list...).
        also: further values to mask besides the registered secrets (e.g. the credential
            headers of one request, such as a per-request signature).
    """
    extra = tuple(v for v in also if len(v) >= _MIN_REDACT_LEN)
    if _pattern is None and not extra:
        return value
    return _redact_walk(value, extra)


def _redact_walk(value: Any, extra: tuple[str, ...]) -> Any:
    if isinstance(value, str):
        text = redact(value)
        for secret in extra:
            text = text.replace(secret, MASK)
        return text
    if isinstance(value, bytes):
        text = value.decode("utf-8", errors="replace")
        cleaned = _redact_walk(text, extra)
        return value if cleaned == text else cleaned.encode("utf-8")
    if isinstance(value, dict):
        return {_redact_walk(k, extra): _redact_walk(v, extra) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_walk(v, extra) for v in value]
    if isinstance(value, tuple):
        return tuple(_redact_walk(v, extra) for v in value)
    return value


def sensitive_values(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> list[str]:
    """The values of the sensitive headers in ``headers`` (and their credential parts).

    ``Authorization: Basic xyz`` gives both ``Basic xyz`` and ``xyz``. Used to mask what one
    request carried (per-request signatures are never registered as secrets).
    """
    items = headers.items() if isinstance(headers, Mapping) else headers
    out: list[str] = []
    for name, value in items:
        if name.lower() in SENSITIVE_HEADERS and value:
            out.append(value)
            _scheme, _, credential = value.partition(" ")
            if credential:
                out.append(credential)
    return sorted(set(out), key=len, reverse=True)


def redact_headers(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> dict[str, str]:
    """Return a copy of ``headers`` safe to log: sensitive headers are masked."""
    items = headers.items() if isinstance(headers, Mapping) else headers
    return {k: (MASK if k.lower() in SENSITIVE_HEADERS else redact(v)) for k, v in items}


def redact_url(url: str) -> str:
    """Mask a URL's password and any query parameter whose name looks like a credential."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact(url)
    netloc = parts.netloc
    if parts.password is not None:
        netloc = netloc.replace(f":{parts.password}@", f":{MASK}@")
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(_SENSITIVE_QUERY.search(k) for k, _ in pairs):
            query = urlencode(
                [(k, MASK if _SENSITIVE_QUERY.search(k) else v) for k, v in pairs], safe="*"
            )
    return redact(urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment)))


class Secret:
    """A credential that never shows its value in ``repr``, ``str`` or formatting.

    Call :meth:`reveal` where the value is really needed (building an auth header).

    Example:
        >>> token = Secret("1aefcc3f00d")
        >>> token
        Secret('***')
        >>> token.reveal()
        '1aefcc3f00d'
    """

    __slots__ = ("_value",)

    def __init__(self, value: str | Secret) -> None:
        if isinstance(value, Secret):
            value = value.reveal()
        if not isinstance(value, str):
            raise TypeError(f"a secret must be a str, not {type(value).__name__}")
        self._value = value
        register_secret(value)

    def reveal(self) -> str:
        """Return the secret value itself."""
        return self._value

    def fingerprint(self) -> str:
        """A short one-way digest, stable per value: safe to use in cache keys and state files."""
        return hashlib.sha256(self._value.encode("utf-8")).hexdigest()[:16]

    def __bool__(self) -> bool:
        return bool(self._value)

    def __len__(self) -> int:
        return len(self._value)

    def __repr__(self) -> str:
        return f"Secret('{MASK}')"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Secret):
            return hmac.compare_digest(self._value.encode(), other._value.encode())
        return NotImplemented

    def __hash__(self) -> int:
        return hash(("crmkit.Secret", self._value))

    def __reduce__(self) -> tuple[type[Secret], tuple[str]]:
        # Pickling (multiprocessing) must keep the value; it never reaches text.
        return (Secret, (self._value,))
