"""Shared machinery of the reliability suite: canary secrets, scripted faults, vendor surfaces.

- :data:`CANARY` and friends: credentials no test output may ever contain;
- :class:`FaultScript`: wraps an emulator so the next matching requests meet scripted faults
  (the emulator's own 429/5xx/drop/truncate, plus what a proxy or a broken network does:
  HTML error pages, cut bodies, empty bodies, wrong content types, off-site redirects, read
  timeouts and refused connections); every request that reaches the emulator is in its log;
- :class:`FaultyTransport`: the in-process transport with refused connections and timeouts;
- :class:`Surface`: one vendor API surface (typed client or unified client) as the suite needs
  it: build a client (sync or async), read one record, create one, count the store.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import httpx

import crmkit
from crmkit.core import (
    AmbiguousWriteError,
    ConnectError,
    CrmError,
    MalformedResponse,
    RateLimited,
    ServerError,
    TransportTimeout,
    UnsafeRedirect,
    get_vendor,
)
from crmkit.core.emulator import (
    Emulator,
    EmulatorOptions,
    EmuRequest,
    EmuResponse,
    FaultDecision,
    Faults,
    LoggedRequest,
)

# -- canaries ---------------------------------------------------------------------------------

CANARY = "CANARYs3cr3t7f1d9c2b"
"""A credential value (token, API key, password, session key) that must never be printed."""

CANARY_SESSION_ID = 777000111222333
"""Procuret session id used with :data:`CANARY` as its API key."""


def canary_token(vendor: str) -> str:
    """A well-formed credential for ``vendor`` that contains :data:`CANARY`."""
    return f"{CANARY}-{vendor}"


def assert_no_canary(*texts: object, where: str = "") -> None:
    """Fail if any text (or ``repr`` of a non-string) contains the canary."""
    for text in texts:
        shown = text if isinstance(text, str) else repr(text)
        assert CANARY not in shown, (
            f"canary secret leaked{' in ' + where if where else ''}: {shown[:400]!r}"
        )


# -- sleeping ---------------------------------------------------------------------------------


class Sleeps:
    """Records the sleeps a client asks for instead of sleeping (sync and async)."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.calls.append(seconds)

    def for_mode(self, mode: str) -> Callable[[float], Any]:
        return self.async_sleep if mode == "async" else self


# -- scripted faults --------------------------------------------------------------------------

# Faults the emulator itself injects (its own 429/5xx bodies, dropped connections, cut streams).
NATIVE = {"429", "500", "502", "503", "504", "drop", "drop-after", "truncate"}
# What a proxy answers instead of the API: the request never reaches the emulator's handler.
BEFORE = {"html-502", "html-200", "redirect-offsite", "redirect-downgrade", "redirect-same"}
# The vendor refuses the credentials; "echo-401" also quotes every request header back, as a
# careless gateway might: crmkit must still print none of them.
AUTH = {"401", "echo-401"}
# The API processes the request, then its answer is damaged on the way back.
AFTER = {"cut-body", "empty-200", "wrong-ctype", "text-200", "timeout"}
# Never reaches the emulator at all (in-process: FaultyTransport; loopback: a closed port).
REFUSED = "refused"

KINDS = NATIVE | BEFORE | AFTER | AUTH | {REFUSED}

TIMEOUT_MARKER = "x-reliability-timeout"
HTML_PAGE = (
    b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
    b"</center><hr><center>nginx</center></body></html>"
)
OFFSITE = "https://collector.attacker.example"


@dataclass
class Step:
    """One scripted fault."""

    kind: str
    retry_after: float | None = None
    delay: float = 0.0

    def __post_init__(self) -> None:
        assert self.kind in KINDS, self.kind


class _ScriptFaults(Faults):
    """Hands the emulator the decision the script picked for the current request."""

    def __init__(self) -> None:
        super().__init__()
        self.local = threading.local()

    @property
    def active(self) -> bool:
        return True

    def decide(self, path: str) -> FaultDecision:
        decision = getattr(self.local, "decision", None)
        self.local.decision = None
        return decision or FaultDecision()


class FaultScript:
    """Scripted faults for the next requests to ``emulator`` that match.

    Args:
        emulator: the emulator to wrap (its ``handle`` and ``faults`` are replaced).
        steps: the faults, in order; each matching request takes the next one.
        method: only requests with this method match (None: any).
        path: only requests whose path contains this match (None: any).
        suffix: only requests whose path ends with this match (None: any).
        repeat: keep applying the last step forever ("always fails").
    """

    def __init__(
        self,
        emulator: Emulator,
        steps: list[Step] | None = None,
        *,
        method: str | None = None,
        path: str | None = None,
        suffix: str | None = None,
        repeat: bool = False,
    ) -> None:
        self.emulator = emulator
        self.steps = list(steps or [])
        self.method = method
        self.path = path
        self.suffix = suffix
        self.repeat = repeat
        self.applied: list[str] = []
        self._lock = threading.Lock()
        self._faults = _ScriptFaults()
        emulator.faults = self._faults
        self._original = emulator.handle
        emulator.handle = self._handle  # type: ignore[method-assign]

    def remove(self) -> None:
        """Give the emulator back its own request handling (and no faults)."""
        self.emulator.handle = self._original  # type: ignore[method-assign]
        self.emulator.faults = Faults()

    def __enter__(self) -> FaultScript:
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()

    def matches(self, method: str, path: str) -> bool:
        return (
            (self.method is None or method == self.method)
            and (self.path is None or self.path in path)
            and (self.suffix is None or path.rstrip("/").endswith(self.suffix))
        )

    def next_step(self, method: str, path: str) -> Step | None:
        with self._lock:
            if not self.steps or not self.matches(method, path):
                return None
            step = self.steps[0] if self.repeat and len(self.steps) == 1 else self.steps.pop(0)
            self.applied.append(step.kind)
            return step

    def _log(self, request: EmuRequest, response: EmuResponse, fault: str) -> None:
        self.emulator.requests.append(
            LoggedRequest(
                method=request.method,
                path=request.path,
                query=dict(request.query),
                headers=dict(request.headers),
                body=request.body,
                status=response.status,
                fault=fault,
            )
        )

    def _handle(self, request: EmuRequest) -> EmuResponse:
        step = self.next_step(request.method, request.path)
        if step is None:
            return self._original(request)
        kind = step.kind
        if kind == REFUSED:  # over loopback a refused connection cannot be scripted here
            raise AssertionError("'refused' is done by FaultyTransport or a closed port")
        if kind in NATIVE:
            self._faults.retry_after = step.retry_after
            self._faults.local.decision = _native(kind, step)
            return self._original(request)
        if kind in BEFORE:
            response = _proxy_answer(kind, request)
            self._log(request, response, kind)
            return response
        if kind in AUTH:
            message = "Invalid credentials"
            if kind == "echo-401":
                message += ": " + "; ".join(f"{k}={v}" for k, v in request.headers.items())
            response = self.emulator.error_response(401, message)
            self._log(request, response, kind)
            return response
        response = self._original(request)
        return _damage(kind, response, step)


def _native(kind: str, step: Step) -> FaultDecision:
    if kind == "drop":
        return FaultDecision(drop="before", delay=step.delay)
    if kind == "drop-after":
        return FaultDecision(drop="after", delay=step.delay)
    if kind == "truncate":
        return FaultDecision(truncate=True, delay=step.delay)
    return FaultDecision(status=int(kind), delay=step.delay)


def _proxy_answer(kind: str, request: EmuRequest) -> EmuResponse:
    if kind == "html-502":
        return EmuResponse(502, HTML_PAGE, {"Content-Type": "text/html"})
    if kind == "html-200":
        page = b"<html><body><h1>Please log in to the guest network</h1></body></html>"
        return EmuResponse(200, page, {"Content-Type": "text/html; charset=utf-8"})
    status = 307 if request.method not in ("GET", "HEAD") else 302
    target = request.raw_path
    if request.query_list:
        target += "?" + urlencode(request.query_list)
    if kind == "redirect-offsite":
        location = OFFSITE + target
    elif kind == "redirect-downgrade":
        host = request.headers.get("host", "localhost")
        location = f"http://{host}{target}"
    else:  # redirect-same: relative, same origin
        location = target
    return EmuResponse(status, b"", {"Location": location})


def _damage(kind: str, response: EmuResponse, step: Step) -> EmuResponse:
    if kind == "cut-body":
        # A complete HTTP message whose body was cut (by a proxy, a full disk...): the length
        # matches, so only the parser can notice.
        response.body = response.body[: max(1, len(response.body) // 2)]
    elif kind == "empty-200":
        response.status, response.body = 200, b""
    elif kind == "wrong-ctype":
        response.headers = {
            k: v for k, v in response.headers.items() if k.lower() != "content-type"
        }
        response.headers["Content-Type"] = "text/html; charset=iso-8859-1"
    elif kind == "text-200":
        response.status, response.body = 200, b"OK"
        response.headers = {"Content-Type": "text/plain"}
    elif kind == "timeout":
        # Processed; the answer arrives too late. Over loopback the delay makes the client
        # time out for real; in-process FaultyTransport turns the marker into a ReadTimeout.
        response.headers[TIMEOUT_MARKER] = "1"
        response.delay = max(response.delay, step.delay)
    return response


class FaultyTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """An emulator's in-process transport plus refused connections and read timeouts.

    ``refusals`` requests matching ``script`` are refused before reaching the emulator (the
    emulator's log never sees them); a response the script marked as late raises
    :class:`httpx.ReadTimeout` after the emulator processed the request.
    """

    def __init__(self, emulator: Emulator, script: FaultScript | None = None) -> None:
        self.inner = emulator.transport()
        self.emulator = emulator
        self.script = script
        self.refused = 0

    def _refuse(self, request: httpx.Request) -> None:
        script = self.script
        if script is None or not script.steps:
            return
        base = self.emulator.base_path.rstrip("/")
        path = request.url.path
        path = path[len(base) :] if base and path.startswith(base) else path
        with script._lock:
            if script.steps[0].kind != REFUSED or not script.matches(request.method, path):
                return
            if not (script.repeat and len(script.steps) == 1):
                script.steps.pop(0)
            script.applied.append(REFUSED)
        self.refused += 1
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    @staticmethod
    def _late(response: httpx.Response, request: httpx.Request) -> None:
        if TIMEOUT_MARKER in response.headers:
            raise httpx.ReadTimeout("The read operation timed out", request=request)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._refuse(request)
        response = self.inner.handle_request(request)
        self._late(response, request)
        return response

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._refuse(request)
        response = await self.inner.handle_async_request(request)
        self._late(response, request)
        return response


# -- running sync or async --------------------------------------------------------------------


async def _resolve(value: Any) -> Any:
    if inspect.isawaitable(value):
        return await value
    if hasattr(value, "__aiter__"):
        return [item async for item in value]
    return value


def run_op(mode: str, make: Callable[[], Any], op: Callable[[Any], Any]) -> Any:
    """Build a client with ``make()``, run ``op(client)``, close it; raise what ``op`` raised.

    In ``async`` mode the client is built, used and closed inside one event loop.
    """
    if mode == "sync":
        client = make()
        try:
            result = op(client)
            if hasattr(result, "__iter__") and not isinstance(result, str | bytes | dict):
                result = list(result) if not hasattr(result, "model_dump") else result
            return result
        finally:
            close(client)

    async def main() -> Any:
        client = make()
        try:
            return await _resolve(op(client))
        finally:
            await aclose(client)

    return asyncio.run(main())


def close(client: Any) -> None:
    for name in ("close",):
        fn = getattr(client, name, None)
        if fn is not None:
            fn()
            return


async def aclose(client: Any) -> None:
    for name in ("aclose", "close"):
        fn = getattr(client, name, None)
        if fn is not None:
            result = fn()
            if inspect.isawaitable(result):
                await result
            return


# -- vendor surfaces --------------------------------------------------------------------------


def emulator_for(vendor: str, records: int = 3, **options: Any) -> Emulator:
    """The vendor's emulator with ``records`` seeded records, rate limiting off."""
    options.setdefault("rate_limit", 0)
    factory = get_vendor(vendor).load("emulator")
    return factory(EmulatorOptions(records=records, seed=5, **options))  # type: ignore[no-any-return]


def unified_settings(vendor: str, emulator: Emulator) -> dict[str, Any]:
    """Demo settings of ``vendor`` with the canary as the secret, accepted by ``emulator``."""
    backend = get_vendor(vendor).load("unified")
    settings: dict[str, Any] = dict(backend.demo_settings())
    if vendor == "procuret":
        emulator.add_session(CANARY_SESSION_ID, CANARY)  # type: ignore[attr-defined]
        settings.update(session_id=str(CANARY_SESSION_ID), api_key=CANARY)
    else:
        spec = get_vendor(vendor)
        for cred in spec.credentials:
            if cred.secret:
                settings[cred.name] = canary_token(vendor)
    return settings


@dataclass
class Surface:
    """One vendor API surface as the suite drives it.

    Attributes:
        id: test id (``spreedly-typed``).
        vendor: the vendor name.
        build: ``build(emulator, mode, **client_options)`` -> a sync or async client.
        read: ``read(client, emulator)`` -> one existing record (value or awaitable).
        create: ``create(client, n)`` -> a new record ``n`` (value or awaitable).
        count: records in the emulator's store (what ``create`` adds to).
        create_path: a fragment of the create request's path (method POST).
        read_path: a fragment of the read request's path (method GET).
        reconciles: the create flow looks the record up after which failures:
            ``"ambiguous"`` (timeouts, dropped connections), ``"5xx"`` (server errors).
        records: records to seed.
    """

    id: str
    vendor: str
    build: Callable[..., Any]
    read: Callable[[Any, Emulator], Any]
    create: Callable[[Any, int], Any]
    count: Callable[[Emulator], int]
    create_path: str
    read_path: str
    reconciles: frozenset[str] = frozenset()
    records: int = 3
    base_url: Callable[[str], str] = field(default=lambda url: url)

    def emulator(self, records: int | None = None, **options: Any) -> Emulator:
        return emulator_for(self.vendor, self.records if records is None else records, **options)

    def script(self, emulator: Emulator, op: str, steps: list[Step], repeat: bool) -> FaultScript:
        """Script ``steps`` on this surface's read (GET) or create (POST) requests."""
        if op == "read":
            return FaultScript(emulator, steps, method="GET", path=self.read_path, repeat=repeat)
        return FaultScript(emulator, steps, method="POST", suffix=self.create_path, repeat=repeat)

    def make(self, emulator: Emulator, mode: str, **options: Any) -> Callable[[], Any]:
        return lambda: self.build(emulator, mode, **options)

    def creates(self, emulator: Emulator) -> list[LoggedRequest]:
        return [
            r
            for r in emulator.requests
            if r.method == "POST" and r.path.rstrip("/").endswith(self.create_path)
        ]

    def reads(self, emulator: Emulator) -> list[LoggedRequest]:
        return [r for r in emulator.requests if r.method == "GET" and self.read_path in r.path]


def _unified(vendor: str, entity: str) -> Callable[..., Any]:
    def build(emulator: Emulator, mode: str, **options: Any) -> Any:
        settings = unified_settings(vendor, emulator)
        if "transport" not in options and "base_url" not in options:
            options["transport"] = emulator.transport()
        connect = crmkit.aconnect if mode == "async" else crmkit.connect
        return connect(vendor, **settings, **options)

    return build


# spreedly ----------------------------------------------------------------------------------


def _spreedly_typed(emulator: Emulator, mode: str, **options: Any) -> Any:
    from crmkit.spreedly import AsyncSpreedly, Spreedly

    if "transport" not in options and "base_url" not in options:
        options["transport"] = emulator.transport()
    cls = AsyncSpreedly if mode == "async" else Spreedly
    return cls(canary_token("spreedly"), "demo", **options)


def _spreedly_count(emulator: Emulator) -> int:
    return len(emulator.sites["demo"].subscribers)  # type: ignore[attr-defined]


def _spreedly_first(emulator: Emulator) -> str:
    return str(next(iter(emulator.sites["demo"].subscribers)))  # type: ignore[attr-defined]


SPREEDLY_TYPED = Surface(
    id="spreedly-typed",
    vendor="spreedly",
    build=_spreedly_typed,
    read=lambda c, e: c.subscribers.get(_spreedly_first(e)),
    create=lambda c, n: c.subscribers.create(f"rel-{n}", f"rel{n}", email=f"rel{n}@example.org"),
    count=_spreedly_count,
    create_path="/subscribers.xml",
    read_path="/subscribers/",
    reconciles=frozenset({"ambiguous", "5xx"}),
)

SPREEDLY_UNIFIED = Surface(
    id="spreedly-unified",
    vendor="spreedly",
    build=_unified("spreedly", "contacts"),
    read=lambda c, e: c.contacts.get(_spreedly_first(e)),
    create=lambda c, n: c.contacts.create(
        {
            "first_name": "Rel",
            "last_name": f"N{n}",
            "emails": [{"address": f"rel{n}@example.org"}],
            "external_id": f"rel-{n}",
        }
    ),
    count=_spreedly_count,
    create_path="/subscribers.xml",
    read_path="/subscribers/",
    reconciles=frozenset({"ambiguous", "5xx"}),
)

# contacthub --------------------------------------------------------------------------------


def _contacthub_typed(emulator: Emulator, mode: str, **options: Any) -> Any:
    from crmkit.contacthub import AsyncClient, Client

    if "transport" not in options and "base_url" not in options:
        options["transport"] = emulator.transport()
    cls = AsyncClient if mode == "async" else Client
    return cls("demo", canary_token("contacthub"), node_id="demo", **options)


def _contacthub_count(emulator: Emulator) -> int:
    return len(emulator.workspaces["demo"].customers)  # type: ignore[attr-defined]


def _contacthub_first(emulator: Emulator) -> str:
    return str(next(iter(emulator.workspaces["demo"].customers)))  # type: ignore[attr-defined]


def _contacthub_customer(n: int) -> dict[str, Any]:
    return {
        "externalId": f"rel-{n}",
        "base": {
            "firstName": "Rel",
            "lastName": f"N{n}",
            "contacts": {"email": f"rel{n}@example.org"},
        },
    }


CONTACTHUB_TYPED = Surface(
    id="contacthub-typed",
    vendor="contacthub",
    build=_contacthub_typed,
    read=lambda c, e: c.customers.get(_contacthub_first(e)),
    create=lambda c, n: c.customers.create(_contacthub_customer(n)),
    count=_contacthub_count,
    create_path="/customers",
    read_path="/customers/",
    reconciles=frozenset({"ambiguous"}),
)

CONTACTHUB_UNIFIED = Surface(
    id="contacthub-unified",
    vendor="contacthub",
    build=_unified("contacthub", "contacts"),
    read=lambda c, e: c.contacts.get(_contacthub_first(e)),
    create=lambda c, n: c.contacts.create(
        {
            "first_name": "Rel",
            "last_name": f"N{n}",
            "emails": [{"address": f"rel{n}@example.org"}],
            "external_id": f"rel-{n}",
        }
    ),
    count=_contacthub_count,
    create_path="/customers",
    read_path="/customers/",
    reconciles=frozenset({"ambiguous"}),
)

# procuret ----------------------------------------------------------------------------------


def _procuret_typed(emulator: Emulator, mode: str, **options: Any) -> Any:
    from crmkit.procuret import AsyncClient, Client

    emulator.add_session(CANARY_SESSION_ID, CANARY)  # type: ignore[attr-defined]
    if "transport" not in options and "base_url" not in options:
        options["transport"] = emulator.transport()
    cls = AsyncClient if mode == "async" else Client
    return cls(session_id=CANARY_SESSION_ID, api_key=CANARY, **options)


def _procuret_count(emulator: Emulator) -> int:
    return len(emulator.links)  # type: ignore[attr-defined]


def _procuret_first(emulator: Emulator) -> str:
    return str(next(iter(emulator.links)))  # type: ignore[attr-defined]


PROCURET_TYPED = Surface(
    id="procuret-typed",
    vendor="procuret",
    build=_procuret_typed,
    read=lambda c, e: c.instalment_links.retrieve(_procuret_first(e)),
    create=lambda c, n: c.instalment_links.create(
        supplier=4000,
        invoice_amount=Decimal("100.00") + n,
        invitee_email=f"rel{n}@example.org",
        invoice_identifier=f"REL-{n}",
    ),
    count=_procuret_count,
    create_path="/instalment-link",
    read_path="/instalment-link",
)


# prosperworks ------------------------------------------------------------------------------


def _prosperworks_typed(emulator: Emulator, mode: str, **options: Any) -> Any:
    from crmkit.prosperworks import AsyncClient, Client

    if "transport" not in options and "base_url" not in options:
        options["transport"] = emulator.transport()
    options.setdefault("rate_limit", None)
    cls = AsyncClient if mode == "async" else Client
    return cls(email="ops@example.org", token=canary_token("prosperworks"), **options)


def _prosperworks_count(emulator: Emulator) -> int:
    return len(emulator.people)  # type: ignore[attr-defined]


def _prosperworks_first(emulator: Emulator) -> int:
    return int(next(iter(emulator.people.items()))[0])  # type: ignore[attr-defined]


def _contact(n: int) -> dict[str, Any]:
    return {
        "first_name": "Rel",
        "last_name": f"N{n}",
        "emails": [{"address": f"rel{n}@example.org"}],
        "external_id": f"rel-{n}",
    }


PROSPERWORKS_TYPED = Surface(
    id="prosperworks-typed",
    vendor="prosperworks",
    build=_prosperworks_typed,
    read=lambda c, e: c.people.get(_prosperworks_first(e)),
    create=lambda c, n: c.people.create(
        {"name": f"Rel N{n}", "emails": [{"email": f"rel{n}@example.org", "category": "work"}]}
    ),
    count=_prosperworks_count,
    create_path="/people",
    read_path="/people/",
    reconciles=frozenset({"ambiguous"}),
)

PROSPERWORKS_UNIFIED = Surface(
    id="prosperworks-unified",
    vendor="prosperworks",
    build=_unified("prosperworks", "contacts"),
    read=lambda c, e: c.contacts.get(str(_prosperworks_first(e))),
    create=lambda c, n: c.contacts.create(_contact(n)),
    count=_prosperworks_count,
    create_path="/people",
    read_path="/people/",
    reconciles=frozenset({"ambiguous"}),
)

# clevertim ---------------------------------------------------------------------------------


def _clevertim_typed(emulator: Emulator, mode: str, **options: Any) -> Any:
    from crmkit.clevertim import AsyncClient, Client

    if "transport" not in options and "base_url" not in options:
        options["transport"] = emulator.transport()
    cls = AsyncClient if mode == "async" else Client
    return cls(canary_token("clevertim"), **options)


def _clevertim_contacts(emulator: Emulator) -> list[Any]:
    return [key for key, _ in emulator.account.rows("contact")]  # type: ignore[attr-defined]


CLEVERTIM_TYPED = Surface(
    id="clevertim-typed",
    vendor="clevertim",
    build=_clevertim_typed,
    read=lambda c, e: c.contacts.get(_clevertim_contacts(e)[0]),
    create=lambda c, n: c.contacts.create(
        {"first_name": "Rel", "last_name": f"N{n}", "emails": [f"rel{n}@example.org"]}
    ),
    count=lambda e: len(_clevertim_contacts(e)),
    create_path="/contact",
    read_path="/contact",
)

CLEVERTIM_UNIFIED = Surface(
    id="clevertim-unified",
    vendor="clevertim",
    build=_unified("clevertim", "contacts"),
    read=lambda c, e: c.contacts.get(str(_clevertim_contacts(e)[0])),
    create=lambda c, n: c.contacts.create(_contact(n)),
    count=lambda e: len(_clevertim_contacts(e)),
    create_path="/contact",
    read_path="/contact",
)


SURFACES: list[Surface] = [
    PROSPERWORKS_TYPED,
    PROSPERWORKS_UNIFIED,
    SPREEDLY_TYPED,
    SPREEDLY_UNIFIED,
    CONTACTHUB_TYPED,
    CONTACTHUB_UNIFIED,
    PROCURET_TYPED,
    CLEVERTIM_TYPED,
    CLEVERTIM_UNIFIED,
]


def installed(vendor: str) -> bool:
    """Whether ``vendor`` is a complete package here (a client and an emulator)."""
    try:
        spec = get_vendor(vendor)
        spec.load("emulator")
        spec.load("unified")
    except Exception:
        return False
    return True


# -- the fault matrix: faults and what each must give ------------------------------------

MAX_RETRIES = 2
ATTEMPTS = MAX_RETRIES + 1


@dataclass(frozen=True)
class Fault:
    id: str
    steps: tuple[Step, ...]
    always: bool = False


FAULTS = [
    Fault("429-retry-after", (Step("429", retry_after=2),)),
    Fault("429-no-retry-after", (Step("429", retry_after=None),)),
    Fault("429-always", (Step("429", retry_after=1),), always=True),
    Fault("500", (Step("500"),)),
    Fault("502", (Step("502"),)),
    Fault("503", (Step("503"),)),
    Fault("504", (Step("504"),)),
    Fault("503-always", (Step("503"),), always=True),
    Fault("connection-refused", (Step("refused"),)),
    Fault("connection-refused-always", (Step("refused"),), always=True),
    Fault("dropped-before-processing", (Step("drop"),)),
    Fault("reset-mid-body", (Step("truncate"),)),
    Fault("reset-after-processing", (Step("drop-after"),)),
    Fault("read-timeout", (Step("timeout"),)),
    Fault("read-timeout-always", (Step("timeout"),), always=True),
    Fault("truncated-body", (Step("cut-body"),)),
    Fault("wrong-content-type", (Step("wrong-ctype"),)),
    Fault("text-body", (Step("text-200"),)),
    Fault("proxy-html-502", (Step("html-502"),)),
    Fault("proxy-html-502-always", (Step("html-502"),), always=True),
    Fault("proxy-html-200", (Step("html-200"),)),
    Fault("empty-200", (Step("empty-200"),)),
    Fault("redirect-other-host", (Step("redirect-offsite"),)),
    Fault("redirect-to-plain-http", (Step("redirect-downgrade"),)),
    Fault("redirect-same-origin", (Step("redirect-same"),)),
]

ADVICE: dict[type[CrmError], str] = {
    RateLimited: "slow down",
    ServerError: "try again later",
    AmbiguousWriteError: "look the record up",
    ConnectError: "check the network",
    TransportTimeout: "raise the timeout",
    UnsafeRedirect: "set base_url",
}


@dataclass(frozen=True)
class Expect:
    error: type[CrmError] | None  # None: success
    attempts: int  # matching requests in the emulator's log
    created: int = 0  # store delta (creates)


def expect_read(fault: Fault) -> Expect:
    kind = fault.steps[0].kind
    if kind == "refused":
        return Expect(ConnectError, 0) if fault.always else Expect(None, 1)
    if fault.always:
        error = {"429": RateLimited, "503": ServerError, "html-502": ServerError}.get(kind)
        return Expect(error or TransportTimeout, ATTEMPTS)
    if kind in ("cut-body", "text-200", "html-200", "empty-200"):
        return Expect(MalformedResponse, 1)
    if kind in ("redirect-offsite", "redirect-downgrade"):
        return Expect(UnsafeRedirect, 1)
    if kind == "wrong-ctype":
        return Expect(None, 1)
    return Expect(None, 2)  # retried once, then answered


def expect_create(fault: Fault, surface: Surface) -> Expect:
    kind = fault.steps[0].kind
    five = "5xx" in surface.reconciles
    ambiguous = "ambiguous" in surface.reconciles
    if kind == "429":
        return Expect(RateLimited, ATTEMPTS) if fault.always else Expect(None, 2, 1)
    if kind == "refused":
        return Expect(ConnectError, 0) if fault.always else Expect(None, 1, 1)
    if kind in ("500", "502", "503", "504", "html-502"):
        if not five:
            return Expect(ServerError, 1)
        # looked up (not found), then sent once more
        return Expect(ServerError, 2) if fault.always else Expect(None, 2, 1)
    if kind == "drop":  # the server never processed it, but the client cannot know
        return Expect(None, 2, 1) if ambiguous else Expect(AmbiguousWriteError, 1)
    if kind in ("truncate", "drop-after", "timeout"):  # processed, answer lost
        return Expect(None, 1, 1) if ambiguous else Expect(AmbiguousWriteError, 1, 1)
    if kind in ("cut-body", "text-200", "empty-200"):  # processed, answer unreadable
        return Expect(MalformedResponse, 1, 1)
    if kind == "html-200":  # a portal answered instead of the API
        return Expect(MalformedResponse, 1)
    if kind in ("redirect-offsite", "redirect-downgrade"):
        return Expect(UnsafeRedirect, 1)
    if kind == "redirect-same":
        return Expect(None, 2, 1)
    assert kind == "wrong-ctype"
    return Expect(None, 1, 1)


def check_error(exc: CrmError, expect: Expect, op: str) -> None:
    assert isinstance(exc, expect.error), f"expected {expect.error.__name__}, got {exc!r}"
    message = str(exc).lower()
    assert_no_canary(str(exc), repr(exc), repr(vars(exc)), where="the exception")
    advice = ADVICE.get(expect.error)
    if expect.error is MalformedResponse:
        advice = "look the record up" if op == "create" else "check base_url"
    assert advice is not None and advice in message, f"no advice ({advice!r}) in: {exc}"
