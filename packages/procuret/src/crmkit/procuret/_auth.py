"""Session authentication: core's :class:`~crmkit.core.WindowSignatureAuth` with Procuret's
header names (vendor file §3).

- ``auth_mode="auto"`` (default) keeps the old client's rule: a SHORT_LIVED session sends the
  raw key in ``x-procuret-api-key``, a LONG_LIVED one signs (quirk #1, kept);
- ``"signature"`` always signs (as the Swift and .NET SDKs do), ``"api_key"`` always sends the
  key (as the JS SDK does).

The signature is base64(HMAC-SHA256(api_key, str(window_start) + path)) over 900-second
epoch-aligned windows, where ``path`` is the request path below the API root (``/api`` by
default, taken from the base URL) without the query. It is computed when each attempt is sent,
so a retry landing in the next window is signed again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Literal

from crmkit.core import ConfigurationError, WindowSignatureAuth

from .enums import Lifecycle
from .session import Session

__all__ = [
    "API_KEY_HEADER",
    "AUTH_MODES",
    "FORWARDED_AGENT_HEADER",
    "SESSION_ID_HEADER",
    "SIGNATURE_HEADER",
    "WINDOW_SECONDS",
    "AuthMode",
    "session_auth",
]

SESSION_ID_HEADER = "x-procuret-session-id"
SIGNATURE_HEADER = "x-procuret-signature"
API_KEY_HEADER = "x-procuret-api-key"
FORWARDED_AGENT_HEADER = "x-procuret-forwarded-agent"
WINDOW_SECONDS = 900

AuthMode = Literal["auto", "signature", "api_key"]
AUTH_MODES: tuple[str, ...] = ("auto", "signature", "api_key")


def _mechanism(session: Session, auth_mode: str) -> str:
    if auth_mode == "signature":
        return "signature"
    if auth_mode == "api_key":
        return "key"
    if auth_mode != "auto":
        raise ConfigurationError(
            f"auth_mode must be one of {', '.join(AUTH_MODES)}, not {auth_mode!r}",
            vendor="procuret",
        )
    if session.lifecycle == Lifecycle.SHORT_LIVED:
        return "key"
    if session.lifecycle == Lifecycle.LONG_LIVED:
        return "signature"
    # The old client raised NotImplementedError for any other lifecycle; so does "auto".
    raise NotImplementedError(
        f"auth_mode='auto' cannot choose for lifecycle {session.lifecycle!r}; pass "
        "auth_mode='signature' or 'api_key'"
    )


def session_auth(
    session: Session,
    *,
    root_path: str = "/api",
    auth_mode: str = "auto",
    clock: Callable[[], float] = time.time,
) -> WindowSignatureAuth:
    """The httpx auth for ``session`` (signing or raw key per ``auth_mode``).

    Args:
        session: the session whose id and key authenticate.
        root_path: the base URL's path, which is not signed (``"/api"``; ``""`` for none).
        auth_mode: ``"auto"``, ``"signature"`` or ``"api_key"``.
        clock: epoch seconds; tests inject a fixed clock.
    """
    extra = {}
    if session.on_behalf_of is not None:
        extra[FORWARDED_AGENT_HEADER] = str(session.on_behalf_of)
    return WindowSignatureAuth(
        session_id=session.session_id,
        key=session.secret_api_key,
        session_header=SESSION_ID_HEADER,
        signature_header=SIGNATURE_HEADER,
        key_header=API_KEY_HEADER,
        root_path=root_path,
        window=WINDOW_SECONDS,
        mode=_mechanism(session, auth_mode),
        extra_headers=extra,
        clock=clock,
    )
