"""Sessions: Procuret's credentials, created by email + passphrase + a second-factor code.

A :class:`Session` holds ``session_id`` and ``api_key`` (and the unused ``session_key``), its
:class:`~crmkit.procuret.Lifecycle` and :class:`~crmkit.procuret.Perspective`. The API key and
session key are held as :class:`crmkit.core.Secret`: they never appear in ``repr``, logs or
errors (the ``api_key`` property still returns the string, as the old class did).

``save_to_file`` writes the old library's format byte for byte (standard base64 of
``json.dumps`` of ``{session_id, session_key, api_key, lifecycle, perspective}``), now with file
mode 0600.
"""

from __future__ import annotations

import base64
import getpass as _getpass
import json
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from crmkit.core import MalformedResponse, Secret

from ._types import loads
from .enums import Lifecycle, Perspective

__all__ = ["AbstractSession", "Session"]

_STAFF_PERSPECTIVES = (
    "1 supplier, 2 business (customer), 3 administrator, 4 sales, "
    "5 treasury, 6 investor, 7 customer support"
)


class AbstractSession(ABC):
    """What a session offers to the code that authenticates requests."""

    @property
    @abstractmethod
    def session_id(self) -> int:
        """The session's id."""

    @property
    @abstractmethod
    def api_key(self) -> str:
        """The raw API key (secret)."""

    @property
    @abstractmethod
    def lifecycle(self) -> Lifecycle | int:
        """The session's lifecycle."""

    @property
    @abstractmethod
    def on_behalf_of(self) -> int | None:
        """The agent this session acts for, if any."""

    @property
    def acts_for_another_agent(self) -> bool:
        """Whether requests carry ``x-procuret-forwarded-agent``."""
        return self.on_behalf_of is not None


def _as_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
        raise ValueError(f"{name} must be an integer")
    return value


def _enum_or_int(enum: type[Lifecycle] | type[Perspective], value: Any) -> Any:
    number = _as_int(value, enum.__name__.lower())
    try:
        return enum(number)
    except ValueError:
        return number  # unknown values are kept (bug #8)


class Session(AbstractSession):
    """A Procuret session.

    Args:
        session_id: the session's id (up to 63 bits).
        session_key: an opaque key no client uses; may be None (bug #7 fixed).
        api_key: the 32-character key that signs requests (secret).
        lifecycle: ``Lifecycle.SHORT_LIVED`` or ``LONG_LIVED``.
        perspective: the session's :class:`Perspective`.
        on_behalf_of: an agent id to act for (``x-procuret-forwarded-agent``).

    Example:
        >>> s = Session(36284293055983192, None, "QpFNziCBG3l5HXV3jyUB8GP2K0ALDyVy",
        ...             Lifecycle.LONG_LIVED, Perspective.SUPPLIER)
        >>> "QpFN" in repr(s)
        False
    """

    PATH = "/session"

    def __init__(
        self,
        session_id: int,
        session_key: str | Secret | None,
        api_key: str | Secret,
        lifecycle: Lifecycle | int,
        perspective: Perspective | int | None,
        on_behalf_of: int | None = None,
        *,
        agent_id: int | None = None,
    ) -> None:
        self._session_id = _as_int(session_id, "session_id")
        self._session_key = None if session_key is None else Secret(session_key)
        self._api_key = Secret(api_key)
        self._lifecycle: Lifecycle | int = _enum_or_int(Lifecycle, lifecycle)
        self._perspective: Perspective | int | None = (
            None if perspective is None else _enum_or_int(Perspective, perspective)
        )
        self._on_behalf_of = None if on_behalf_of is None else _as_int(on_behalf_of, "agent")
        self._agent_id = agent_id

    # -- properties (read-only, as before) ---------------------------------------------------

    @property
    def session_id(self) -> int:
        """The session's id."""
        return self._session_id

    @property
    def session_key(self) -> str | None:
        """The opaque session key (secret), or None when Procuret sent none."""
        return None if self._session_key is None else self._session_key.reveal()

    @property
    def api_key(self) -> str:
        """The raw API key. It is a credential: do not log it."""
        return self._api_key.reveal()

    @property
    def secret_api_key(self) -> Secret:
        """The API key as a :class:`~crmkit.core.Secret` (what crmkit's auth takes)."""
        return self._api_key

    @property
    def lifecycle(self) -> Lifecycle | int:
        """The lifecycle (an int when Procuret sent a value crmkit does not know)."""
        return self._lifecycle

    @property
    def perspective(self) -> Perspective | int | None:
        """The perspective."""
        return self._perspective

    @property
    def on_behalf_of(self) -> int | None:
        """The agent this session acts for (see :meth:`acting_for`)."""
        return self._on_behalf_of

    @property
    def agent_id(self) -> int | None:
        """The session owner's agent id, when Procuret sent it (``agent``)."""
        return self._agent_id

    def acting_for(self, agent: int) -> Session:
        """A copy that sends ``x-procuret-forwarded-agent: <agent>`` with every request."""
        return Session(
            self._session_id,
            self._session_key,
            self._api_key,
            self._lifecycle,
            self._perspective,
            on_behalf_of=agent,
            agent_id=self._agent_id,
        )

    def __repr__(self) -> str:
        lifecycle = getattr(self._lifecycle, "name", self._lifecycle)
        perspective = getattr(self._perspective, "name", self._perspective)
        extra = f", on_behalf_of={self._on_behalf_of}" if self._on_behalf_of is not None else ""
        return (
            f"Session(session_id={self._session_id}, lifecycle={lifecycle}, "
            f"perspective={perspective}, api_key=***{extra})"
        )

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Session):
            return NotImplemented
        return (
            self._session_id == other._session_id
            and self._api_key == other._api_key
            and self._lifecycle == other._lifecycle
            and self._perspective == other._perspective
            and self._on_behalf_of == other._on_behalf_of
        )

    def __hash__(self) -> int:
        return hash((self._session_id, self._on_behalf_of))

    # -- encoding ---------------------------------------------------------------------------------

    def encode(self) -> dict[str, Any]:
        """``{session_id, session_key, api_key, lifecycle, perspective}`` with int enums.

        Contains the credentials in clear: store it as carefully as a password.
        """
        return {
            "session_id": self._session_id,
            "session_key": self.session_key,
            "api_key": self.api_key,
            "lifecycle": int(self._lifecycle),
            "perspective": None if self._perspective is None else int(self._perspective),
        }

    @classmethod
    def decode(cls, data: Mapping[str, Any]) -> Session:
        """Build from a session response (B, C, D) or from :meth:`encode`'s form.

        ``session_key`` may be missing or null; a missing ``lifecycle`` is taken as
        LONG_LIVED; ``agent`` (``{"agent_id": ...}`` or a full human) gives :attr:`agent_id`.

        Raises:
            MalformedResponse: when ``session_id`` or ``api_key`` is missing or mistyped.
        """
        if not isinstance(data, Mapping):
            raise MalformedResponse(f"a Procuret session must be an object, not {type(data)}")
        try:
            session_id = _as_int(data.get("session_id"), "session_id")
            api_key = data.get("api_key")
            if not isinstance(api_key, str) or not api_key:
                raise ValueError("api_key must be a non-empty string")
            session_key = data.get("session_key")
            if session_key is not None and not isinstance(session_key, str):
                raise ValueError("session_key must be a string")
            lifecycle = data.get("lifecycle")
            perspective = data.get("perspective")
            agent = data.get("agent")
            agent_id = agent.get("agent_id") if isinstance(agent, Mapping) else None
            return cls(
                session_id,
                session_key,
                api_key,
                Lifecycle.LONG_LIVED if lifecycle is None else lifecycle,
                perspective,
                agent_id=agent_id if isinstance(agent_id, int) else None,
            )
        except ValueError as exc:
            raise MalformedResponse(f"not a Procuret session: {exc}") from exc

    def _to_storage_format(self) -> str:
        return base64.b64encode(json.dumps(self.encode()).encode("utf-8")).decode("utf-8")

    @classmethod
    def _from_storage_format(cls, data: str) -> Session:
        return cls.decode(loads(base64.b64decode(data.strip()).decode("utf-8")))

    def save_to_file(self, filepath: str | os.PathLike[str]) -> None:
        """Write the session to ``filepath`` in the old format, readable only by you (0600).

        The file holds the API key in clear (base64 is not encryption): keep it private.
        """
        path = os.fspath(filepath)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.fchmod(fd, 0o600)  # an existing file keeps its old mode otherwise
            os.write(fd, self._to_storage_format().encode("utf-8"))
        finally:
            os.close(fd)

    @classmethod
    def load_from_file(cls, filepath: str | os.PathLike[str]) -> Session:
        """Read a session written by :meth:`save_to_file` (or by the old library)."""
        return cls._from_storage_format(Path(filepath).read_text(encoding="utf-8"))

    # -- the old library's calls --------------------------------------------------------------

    @classmethod
    def create_with_email(
        cls,
        email: str,
        plaintext_secret: str,
        perspective: Perspective | int,
        code: str,
        lifecycle: Lifecycle | int = Lifecycle.LONG_LIVED,
    ) -> Session:
        """Log in: ``POST /session`` with email, passphrase, perspective and a code.

        Get the code with :meth:`SecondFactorCode.create_with_email
        <crmkit.procuret.SecondFactorCode.create_with_email>`. Creating a session is not
        idempotent and is never retried once it may have reached Procuret.

        Raises:
            ProcuretTypeError: a wrong argument type, before any request.
            InconsistentState: Procuret answered 404.
            ProcuretApiError: any other error status (401 for bad credentials or code).
        """
        from . import _legacy

        return _legacy.create_session(
            email=email,
            plaintext_secret=plaintext_secret,
            perspective=perspective,
            code=code,
            lifecycle=lifecycle,
        )

    @classmethod
    def from_interactive_prompt(
        cls,
        *,
        input: Callable[[str], str] | None = None,
        getpass: Callable[[str], str] | None = None,
        output: Callable[[str], None] | None = None,
    ) -> Session:
        """Create a session interactively: perspective, lifecycle, email, passphrase, code.

        The prompts read with ``input`` and ``getpass`` (replaceable, for tests and GUIs) and
        write with ``print``. The passphrase is never echoed or printed.
        """
        from .security.second_factor_code import SecondFactorCode

        ask = input or _builtin_input
        ask_secret = getpass or _getpass.getpass
        say = output or print
        say("\nInteractive Procuret Session Creation Prompt\n")
        say(
            "*** Be careful with Sessions! Never store them where someone else could access "
            "them. Never give them to anyone who asks, even if they say they are from "
            "Procuret. Always keep your passphrase a secret. ***"
        )
        say(f"\nWhat perspective would you like the Session to have? ({_STAFF_PERSPECTIVES})")
        perspective = Perspective(int(ask("perspective: ").strip()))
        say(
            "\nWould you like the Session to be long lived, or short lived? If unsure, choose "
            'short-lived.\n"1" for short lived\n"2" for long lived'
        )
        lifecycle = Lifecycle(int(ask("lifecycle: ").strip()))
        say("Now, input your Procuret account credentials.")
        email = ask("email: ").strip()
        secret = ask_secret("password: ")
        say("Requesting second factor code...")
        SecondFactorCode.create_with_email(
            email=email, plaintext_secret=secret, perspective=perspective
        )
        say(f"Enter the six digit code Procuret just sent to {email}")
        code = ask("code: ").strip()
        say("Creating Session...")
        session = cls.create_with_email(
            email=email,
            plaintext_secret=secret,
            perspective=perspective,
            code=code,
            lifecycle=lifecycle,
        )
        say(f"Session created with ID {session.session_id}")
        return session

    def interactively_to_file(
        self,
        *,
        input: Callable[[str], str] | None = None,
        output: Callable[[str], None] | None = None,
    ) -> None:
        """Ask for a file path and save the session there (mode 0600)."""
        ask = input or _builtin_input
        say = output or print
        say("Enter the filepath into which you wish to save this Session.")
        filepath = ask("filepath: ").strip()
        self.save_to_file(filepath)
        say(f"This Session has been saved to {filepath}")


def _builtin_input(prompt: str) -> str:
    # Looked up at call time so that tests (and users) can patch builtins.input.
    import builtins

    return builtins.input(prompt)
