"""The Procuret emulator: endpoints A-S of the vendor file, its auth and its error bodies.

Auth (vendor file §3, §8): ``x-procuret-session-id`` must name a live session; then a
``x-procuret-signature`` (HMAC-SHA256 over the 900-second window and the path below the root,
accepted for windows ``W_now + k*900`` with ``|k| <= signature_tolerance``) or, failing that
header, ``x-procuret-api-key`` decides. There is no replay detection, by design. SHORT_LIVED
sessions expire after ``short_lived_idle_timeout`` seconds without an authenticated request.

Every success is 200 with a JSON body (``{}`` when there is nothing to say); every error is
``{"error-information": <text>, "response-code": <status>}``. Any other path or method is 404.
The clock (``options.clock``) drives signatures, code expiry, idle expiry and ``created``.
"""

from __future__ import annotations

import hmac
import random
import secrets
import string
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from crmkit.core import window_signature
from crmkit.core.emulator import (
    EmuError,
    Emulator,
    EmulatorOptions,
    EmuRequest,
    EmuResponse,
    Router,
    json_response,
)

from .._types import format_time, loads
from ._data import (
    CURRENCIES,
    DEMO_API_KEY,
    DEMO_SESSION_ID,
    SUPPLIER_AGENT_ID,
    SUPPLIER_ID,
    Account,
    build_fixtures,
    fake_links,
)

__all__ = ["SECOND_FACTOR_MODES", "ProcuretEmulator", "SessionState"]

SECOND_FACTOR_MODES = ("issued", "fixed", "any")
_STAFF = frozenset({3, 4, 7})  # ADMINISTRATOR, SALES, CUSTOMER_SUPPORT may forward an agent
_ALNUM = string.ascii_letters + string.digits

# Routes that need no session (A, B) and those where one is optional (I, J).
_OPEN = {("POST", "/second-factor-code"), ("POST", "/session")}
_OPTIONAL = {("GET", "/credit/prospective-payment"), ("GET", "/credit/prospective-payment/list")}


@dataclass
class SessionState:
    """A session the emulator issued."""

    session_id: int
    api_key: str
    session_key: str
    lifecycle: int
    perspective: int
    agent_id: int
    last_used: float
    expired: bool = False

    def wire(self) -> dict[str, Any]:
        """The session as B, C and D answer it (all six keys)."""
        return {
            "session_id": self.session_id,
            "session_key": self.session_key,
            "api_key": self.api_key,
            "lifecycle": self.lifecycle,
            "perspective": self.perspective,
            "agent": {"agent_id": self.agent_id},
        }


@dataclass
class _Code:
    code: str
    issued_at: float
    used: bool = False


class ProcuretEmulator(Emulator):
    """Procuret's API from memory. Create it with :func:`crmkit.procuret.emulator.create_emulator`.

    Settings (``EmulatorOptions.settings``): ``root`` (``"/api"``), ``second_factor_mode``
    (``"issued"``, ``"fixed"`` or ``"any"``), ``fixed_code`` (``"123456"``), ``code_ttl``
    (600 s), ``short_lived_idle_timeout`` (1800 s), ``signature_tolerance`` (1 window).

    Attributes:
        outbox: emails Procuret would have sent (second-factor codes, link invitations).
    """

    vendor = "procuret"
    base_path = "/api"
    default_rate_limit = None  # Procuret publishes no limit

    def __init__(self, options: EmulatorOptions | None = None, **kwargs: Any) -> None:
        opts = options or EmulatorOptions(**kwargs)
        settings = opts.settings
        self.second_factor_mode = str(settings.get("second_factor_mode", "issued"))
        if self.second_factor_mode not in SECOND_FACTOR_MODES:
            raise ValueError(f"second_factor_mode must be one of {SECOND_FACTOR_MODES}")
        self.fixed_code = str(settings.get("fixed_code", "123456"))
        self.code_ttl = float(settings.get("code_ttl", 600))
        self.short_lived_idle_timeout = float(settings.get("short_lived_idle_timeout", 1800))
        self.signature_tolerance = int(settings.get("signature_tolerance", 1))
        self._ids = random.Random(f"procuret-{opts.seed}")
        fixtures = build_fixtures()
        self.accounts: dict[int, Account] = fixtures.accounts
        self.entities = fixtures.entities
        self.suppliers = fixtures.suppliers
        self.humans = fixtures.humans
        self.term_rate_groups = fixtures.term_rate_groups
        self.series = fixtures.series
        self.commitments = fixtures.commitments
        self.schedules = fixtures.schedules
        self.xero_maps = fixtures.xero_maps
        self.xero_organisations = fixtures.xero_organisations
        self.sessions: dict[int, SessionState] = {}
        self.codes: dict[int, _Code] = {}
        self.links: dict[str, dict[str, Any]] = {}
        self.outbox: list[dict[str, Any]] = []
        self._sequence = 0
        super().__init__(opts)
        self._register_known_sessions()

    # -- control (no wire endpoint does these) ---------------------------------------------------

    def now(self) -> float:
        """The emulator's clock, in epoch seconds."""
        return float(self.clock())

    def _now_text(self) -> str:
        return format_time(datetime.fromtimestamp(self.now(), UTC))

    def _register_known_sessions(self) -> None:
        if self.allowed_credentials is None:
            # Open mode: the demo session of demo_settings() is always live.
            self.add_session(DEMO_SESSION_ID, DEMO_API_KEY, agent_id=SUPPLIER_AGENT_ID)
            return
        for credential in self.allowed_credentials:
            sid, _, key = credential.partition(":")
            if sid.strip().isdigit() and key:
                self.add_session(int(sid), key.strip(), agent_id=SUPPLIER_AGENT_ID)

    def add_session(
        self,
        session_id: int,
        api_key: str,
        *,
        agent_id: int = SUPPLIER_AGENT_ID,
        lifecycle: int = 2,
        perspective: int | None = None,
    ) -> SessionState:
        """Register a live session (tests; credentials given with ``--credentials``)."""
        account = self.accounts[agent_id]
        state = SessionState(
            session_id=session_id,
            api_key=api_key,
            session_key=secrets.token_urlsafe(24),
            lifecycle=lifecycle,
            perspective=perspective if perspective is not None else min(account.perspectives),
            agent_id=agent_id,
            last_used=self.now(),
        )
        with self.lock:
            self.sessions[session_id] = state
        return state

    def issue_session(
        self, email: str, *, lifecycle: int = 2, perspective: int | None = None
    ) -> SessionState:
        """A fresh session for the account with ``email``, skipping the code (tests)."""
        account = self._account_by_email(email)
        if account is None:
            raise KeyError(email)
        return self.add_session(
            self._new_session_id(),
            secrets.token_urlsafe(24),
            agent_id=account.agent_id,
            lifecycle=lifecycle,
            perspective=perspective,
        )

    def delete_session(self, session_id: int) -> None:
        """Delete a session (Procuret has no wire call for it)."""
        with self.lock:
            self.sessions.pop(session_id, None)

    def expire_session(self, session_id: int) -> None:
        """Make a session idle-expired, whatever its lifecycle."""
        with self.lock:
            state = self.sessions.get(session_id)
            if state is not None:
                state.expired = True

    def latest_code(self, email: str) -> str | None:
        """The last second-factor code sent to ``email`` (from the outbox)."""
        for message in reversed(self.outbox):
            if message.get("kind") == "second_factor_code" and message.get("to") == email:
                return str(message["code"])
        return None

    # -- ids ------------------------------------------------------------------------------------

    def _public_id(self) -> str:
        return "".join(self._ids.choice(_ALNUM) for _ in range(16))

    def _new_session_id(self) -> int:
        # Above 2**53 on purpose: clients must keep ids exact.
        return self._ids.randrange(2**53 + 1, 2**63 - 1)

    # -- the pipeline hooks -------------------------------------------------------------------

    def error_response(self, status: int, message: str, **extra: Any) -> EmuResponse:
        """``{"error-information": ..., "response-code": status}``."""
        return json_response({"error-information": message, "response-code": status}, status=status)

    def not_found(self, request: EmuRequest) -> EmuResponse:
        return self.error_response(404, "Not found")

    def method_not_allowed(self, request: EmuRequest) -> EmuResponse:
        # Procuret answers an unknown method on a known path like an unknown path.
        return self.error_response(404, "Not found")

    def authenticate(self, request: EmuRequest) -> str | EmuResponse:
        """Check the session headers per vendor file §3 (see the module docstring)."""
        if isinstance(self.router.match(request.method, request.path), str):
            return "anonymous"  # unknown path or method: 404 follows
        route = (request.method, request.path)
        if route in _OPEN:
            return "anonymous"
        headers = request.headers
        if route in _OPTIONAL and "x-procuret-session-id" not in headers:
            return "anonymous"
        raw_id = headers.get("x-procuret-session-id")
        if raw_id is None:
            return self.error_response(401, "Authentication required")
        if not raw_id.strip().isdigit():
            return self.error_response(401, "Session not found or expired")
        with self.lock:
            state = self.sessions.get(int(raw_id))
            now = self.now()
            if state is None:
                return self.error_response(401, "Session not found or expired")
            idle = now - state.last_used > self.short_lived_idle_timeout
            if state.expired or (state.lifecycle == 1 and idle):
                self.sessions.pop(state.session_id, None)
                return self.error_response(401, "Session not found or expired")
        signature = headers.get("x-procuret-signature")
        api_key = headers.get("x-procuret-api-key")
        if signature is not None:
            if not self._signature_ok(state.api_key, request.path, signature, now):
                return self.error_response(401, "Invalid signature")
        elif api_key is not None:
            if not hmac.compare_digest(api_key.encode(), state.api_key.encode()):
                return self.error_response(401, "Invalid signature")
        else:
            return self.error_response(401, "Authentication required")
        forwarded = headers.get("x-procuret-forwarded-agent")
        if forwarded is not None:
            if not forwarded.strip().isdigit():
                return self.error_response(400, "x-procuret-forwarded-agent must be an integer")
            if state.perspective not in _STAFF:
                return self.error_response(403, "Perspective not permitted")
        with self.lock:
            state.last_used = now
        return f"session:{state.session_id}"

    def _signature_ok(self, api_key: str, path: str, signature: str, now: float) -> bool:
        window = int(now) - int(now) % 900
        for k in range(-self.signature_tolerance, self.signature_tolerance + 1):
            expected = window_signature(api_key, path, now=window + k * 900)
            if hmac.compare_digest(expected.encode(), signature.strip().encode()):
                return True
        return False

    # -- caller context -------------------------------------------------------------------------

    def _session(self, request: EmuRequest) -> SessionState:
        identity = request.identity or ""
        if not identity.startswith("session:"):
            raise EmuError(401, "Authentication required")
        state = self.sessions.get(int(identity.split(":", 1)[1]))
        if state is None:
            raise EmuError(401, "Session not found or expired")
        return state

    def _agent(self, request: EmuRequest) -> Account:
        """The account access is evaluated for (the forwarded agent, when one is named)."""
        state = self._session(request)
        forwarded = request.headers.get("x-procuret-forwarded-agent")
        agent_id = int(forwarded) if forwarded is not None else state.agent_id
        account = self.accounts.get(agent_id)
        if account is None:
            raise EmuError(403, "Forwarded agent not found")
        return account

    def _account_by_email(self, email: str) -> Account | None:
        for account in self.accounts.values():
            if account.email.lower() == email.strip().lower():
                return account
        return None

    # -- helpers ----------------------------------------------------------------------------------

    @staticmethod
    def _body(request: EmuRequest) -> dict[str, Any]:
        try:
            data = loads(request.body) if request.body else None
        except ValueError:
            raise EmuError(400, "Malformed JSON body") from None
        if not isinstance(data, dict):
            raise EmuError(400, "The body must be a JSON object")
        return data

    @staticmethod
    def _int_value(value: Any, name: str, *, required: bool = True) -> int | None:
        if value is None:
            if required:
                raise EmuError(400, f"Missing key: {name}")
            return None
        if isinstance(value, bool):
            raise EmuError(400, f"Invalid value for {name}")
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
        raise EmuError(400, f"Invalid value for {name}")

    @classmethod
    def _query_int(cls, request: EmuRequest, name: str, *, default: int | None = None) -> int:
        raw = request.query.get(name)
        if raw is None or raw == "":
            if default is None:
                raise EmuError(400, f"Missing query parameter: {name}")
            return default
        if not raw.strip().isdigit():
            raise EmuError(400, f"Invalid value for {name}")
        return int(raw)

    @staticmethod
    def _query_text(request: EmuRequest, name: str) -> str:
        raw = request.query.get(name)
        if not raw:
            raise EmuError(400, f"Missing query parameter: {name}")
        return raw

    @staticmethod
    def _decimal(value: Any, name: str) -> Decimal:
        if not isinstance(value, str):
            raise EmuError(400, f"{name} must be a decimal string")
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:
            raise EmuError(400, f"{name} is not a decimal") from None
        if not amount.is_finite():
            raise EmuError(400, f"{name} is not a finite decimal")
        return amount

    def _paging(self, request: EmuRequest) -> tuple[int, int, bool]:
        limit = self._query_int(request, "limit", default=20)
        offset = self._query_int(request, "offset", default=0)
        if limit < 1:
            raise EmuError(400, "Invalid value for limit")
        order = request.query.get("order", "descending")  # UNCERTAIN default (vendor file F)
        if order not in ("ascending", "descending"):
            raise EmuError(400, "Invalid value for order")
        if request.query.get("order_by", "created") != "created":
            raise EmuError(400, "Invalid value for order_by")
        return limit, offset, order == "descending"

    @staticmethod
    def _page(rows: list[dict[str, Any]], limit: int, offset: int) -> list[dict[str, Any]]:
        window = rows[offset : offset + limit]
        return [
            {
                **_public(row),
                "disposition": {
                    "sequence": offset + i + 1,
                    "count": len(rows),
                    "limit": limit,
                    "offset": offset,
                },
            }
            for i, row in enumerate(window)
        ]

    @staticmethod
    def _single(row: dict[str, Any]) -> dict[str, Any]:
        return {**_public(row), "disposition": {"sequence": 1, "count": 1, "limit": 1, "offset": 0}}

    def _headline(self, entity_id: int) -> dict[str, Any]:
        return {
            "entity_id": entity_id,
            "legal_entity_name": self.entities[entity_id]["legal_entity_name"],
        }

    # -- routes -----------------------------------------------------------------------------------

    def setup_routes(self, router: Router) -> None:
        router.add("POST", "/second-factor-code", self.create_code)
        router.add("POST", "/session", self.create_session)
        router.add("GET", "/session", self.get_session)
        router.add("PUT", "/session", self.update_session)
        router.add("POST", "/instalment-link", self.create_link)
        router.add("GET", "/instalment-link/list", self.list_links)
        router.add("GET", "/instalment-link", self.get_link)
        router.add("POST", "/instalment-link/open", self.open_link)
        router.add("GET", "/credit/prospective-payment", self.prospective_payment)
        router.add("GET", "/credit/prospective-payment/list", self.prospective_payments)
        router.add("GET", "/payment/series/list", self.list_series)
        router.add("GET", "/payment/series", self.get_series)
        router.add("GET", "/term-rate/group", self.get_term_rate_group)
        router.add("GET", "/xero/entity-map", self.get_xero_map)
        router.add("GET", "/xero/organisation", self.get_xero_organisation)
        router.add("GET", "/entity", self.get_entity)
        router.add("GET", "/human", self.get_human)
        router.add("GET", "/commitment", self.get_commitment)
        router.add("GET", "/instalment-schedule", self.get_schedule)

    # A
    def create_code(self, request: EmuRequest) -> EmuResponse:
        body = self._body(request)
        for key in ("email", "plaintext_secret", "agent_id", "perspective"):
            if key not in body:
                raise EmuError(400, f"Missing key: {key}")
        email, agent_id = body["email"], body["agent_id"]
        if (email is None) == (agent_id is None):
            raise EmuError(400, "Supply exactly one of email and agent_id")
        secret = body["plaintext_secret"]
        if not isinstance(secret, str):
            raise EmuError(400, "Invalid value for plaintext_secret")
        perspective = self._int_value(body["perspective"], "perspective", required=False)
        if perspective is not None and not 1 <= perspective <= 7:
            raise EmuError(400, "Invalid value for perspective")
        if email is not None:
            if not isinstance(email, str):
                raise EmuError(400, "Invalid value for email")
            account = self._account_by_email(email)
        else:
            account = self.accounts.get(self._int_value(agent_id, "agent_id") or 0)
        if account is None or not hmac.compare_digest(secret.encode(), account.passphrase.encode()):
            raise EmuError(401, "Invalid credentials")
        code = f"{secrets.randbelow(10**6):06d}"
        with self.lock:
            # Only the latest code counts; it is not bound to a perspective.
            self.codes[account.agent_id] = _Code(code, self.now())
            self.outbox.append(
                {
                    "kind": "second_factor_code",
                    "to": account.email,
                    "code": code,
                    "subject": "Your Procuret code",
                    "created": self._now_text(),
                }
            )
        return json_response({})

    # B
    def create_session(self, request: EmuRequest) -> EmuResponse:
        body = self._body(request)
        email, secret, code = body.get("email"), body.get("secret"), body.get("code")
        if not isinstance(email, str) or not isinstance(secret, str):
            raise EmuError(400, "Missing key: email or secret")
        if not isinstance(code, str):
            raise EmuError(400, "Missing key: code")
        perspective = self._int_value(body.get("perspective"), "perspective")
        assert perspective is not None
        lifecycle = self._int_value(body.get("lifecycle"), "lifecycle", required=False) or 2
        if not 1 <= perspective <= 7:
            raise EmuError(400, "Invalid value for perspective")
        if lifecycle not in (1, 2):
            raise EmuError(400, "Invalid value for lifecycle")
        account = self._account_by_email(email)
        if account is None or not hmac.compare_digest(secret.encode(), account.passphrase.encode()):
            raise EmuError(401, "Invalid credentials")
        if perspective not in account.perspectives:
            raise EmuError(403, "Perspective not permitted")
        with self.lock:
            if not self._code_ok(account, code):
                raise EmuError(401, "Invalid second factor code")
            state = self.add_session(
                self._new_session_id(),
                secrets.token_urlsafe(24),
                agent_id=account.agent_id,
                lifecycle=lifecycle,
                perspective=perspective,
            )
        return json_response(state.wire())

    def _code_ok(self, account: Account, code: str) -> bool:
        if self.second_factor_mode == "any":
            return bool(code.strip())
        if self.second_factor_mode == "fixed":
            return hmac.compare_digest(code.encode(), self.fixed_code.encode())
        issued = self.codes.get(account.agent_id)
        if issued is None or issued.used or self.now() - issued.issued_at > self.code_ttl:
            return False
        if not hmac.compare_digest(code.encode(), issued.code.encode()):
            return False
        issued.used = True
        return True

    # C
    def get_session(self, request: EmuRequest) -> EmuResponse:
        state = self._session(request)
        if self._query_int(request, "session_id") != state.session_id:
            raise EmuError(403, "Not authorised to read that session")
        return json_response(state.wire())

    # D
    def update_session(self, request: EmuRequest) -> EmuResponse:
        state = self._session(request)
        perspective = self._int_value(self._body(request).get("perspective_id"), "perspective_id")
        if perspective is None or not 1 <= perspective <= 7:
            raise EmuError(400, "Invalid value for perspective_id")
        if perspective not in self.accounts[state.agent_id].perspectives:
            raise EmuError(403, "Perspective not permitted")
        with self.lock:
            state.perspective = perspective
        return json_response(state.wire())

    # E
    def create_link(self, request: EmuRequest) -> EmuResponse:
        account = self._agent(request)
        body = self._body(request)
        for key in ("supplier_id", "invoice_amount", "invitee_email", "communicate"):
            if key not in body:
                raise EmuError(400, f"Missing key: {key}")
        supplier_id = self._int_value(body["supplier_id"], "supplier_id")
        amount_text = body["invoice_amount"]
        amount = self._decimal(amount_text, "invoice_amount")
        email = body["invitee_email"]
        if not isinstance(email, str) or "@" not in email:
            raise EmuError(400, "Invalid value for invitee_email")
        identifier = body.get("invoice_identifier")
        if identifier is not None and not isinstance(identifier, str):
            raise EmuError(400, "Invalid value for invoice_identifier")
        communicate = body["communicate"]
        if communicate in ("true", "false"):  # .NET sends strings
            communicate = communicate == "true"
        if not isinstance(communicate, bool):
            raise EmuError(400, "Invalid value for communicate")
        phone = body.get("invitee_phone")
        if phone is not None and not isinstance(phone, str):
            raise EmuError(400, "Invalid value for invitee_phone")
        nomenclature = self._int_value(body.get("nomenclature"), "nomenclature", required=False)
        denomination = self._int_value(body.get("denomination"), "denomination", required=False)
        if amount <= 0:
            raise EmuError(422, "invoice_amount must be greater than zero")
        assert supplier_id is not None
        supplier = self.suppliers.get(supplier_id)
        if supplier is None:
            raise EmuError(422, "Unknown supplier")
        if supplier_id not in account.entities:
            raise EmuError(403, "Supplier not accessible")
        if denomination is not None and denomination not in CURRENCIES:
            raise EmuError(422, "Unknown denomination")
        # UNCERTAIN (vendor file E): exponent notation is stored fixed-point, other amounts as
        # sent (more than 2 decimal places included).
        stored = format(amount, "f") if "e" in amount_text.lower() else amount_text.strip()
        now = self.now()
        with self.lock:
            self._sequence += 1
            public_id = self._public_id()
            supplier_name = self.entities[supplier_id]["legal_entity_name"]
            row: dict[str, Any] = {
                "public_id": public_id,
                "created": format_time(datetime.fromtimestamp(now, UTC)),
                "supplier": self._headline(supplier_id),
                "invitee_email": email,
                "invitee_phone": phone,
                "invitee_phone_digits": "".join(c for c in phone if c.isdigit()) if phone else None,
                "invitee_human_id": None,
                "invoice_amount": stored,
                "invoice_identifier": identifier,
                "opens": [],
                "sale_name": nomenclature or 1,
                "allow_edit": True,
                "mode": 1,
                "denomination_id": denomination or supplier.default_denomination,
                "_created_ts": now,
                "_seq": self._sequence,
                "_creator": account.agent_id,
            }
            self.links[public_id] = row
            if communicate:
                self.outbox.append(
                    {
                        "kind": "instalment_link",
                        "to": email,
                        "public_id": public_id,
                        "url": f"https://procuret.com/b?il={public_id}",
                        "subject": f"{supplier_name} invites you to pay over time",
                        "created": row["created"],
                    }
                )
        return json_response(self._single(row))

    def add_link(
        self,
        *,
        supplier_id: int = SUPPLIER_ID,
        invoice_amount: str,
        invitee_email: str,
        invoice_identifier: str | None,
        created_ts: float,
        opens: int = 0,
        creator: int = SUPPLIER_AGENT_ID,
    ) -> dict[str, Any]:
        """Store a link directly (seeding and tests)."""
        with self.lock:
            self._sequence += 1
            public_id = self._public_id()
            created = format_time(datetime.fromtimestamp(created_ts, UTC))
            row = {
                "public_id": public_id,
                "created": created,
                "supplier": self._headline(supplier_id),
                "invitee_email": invitee_email,
                "invitee_phone": None,
                "invitee_phone_digits": None,
                "invitee_human_id": None,
                "invoice_amount": invoice_amount,
                "invoice_identifier": invoice_identifier,
                "opens": [
                    {
                        "sequence": n + 1,
                        "created": format_time(
                            datetime.fromtimestamp(created_ts + 60 * (n + 1), UTC)
                        ),
                    }
                    for n in range(opens)
                ],
                "sale_name": 1,
                "allow_edit": True,
                "mode": 1,
                "denomination_id": 1,
                "_created_ts": created_ts,
                "_seq": self._sequence,
                "_creator": creator,
            }
            self.links[public_id] = row
            return row

    def seed_data(self, records: int, seed: int) -> None:
        for fake in fake_links(records, seed, self.now()):
            self.add_link(
                invoice_amount=fake["invoice_amount"],
                invitee_email=fake["invitee_email"],
                invoice_identifier=fake["invoice_identifier"],
                created_ts=fake["created_ts"],
                opens=fake["opens"],
            )

    # F
    def list_links(self, request: EmuRequest) -> EmuResponse:
        account = self._agent(request)
        limit, offset, descending = self._paging(request)
        query = request.query
        opened: bool | None = None
        if "opened" in query:
            flag = query["opened"].lower()
            if flag not in ("true", "false"):
                raise EmuError(400, "Invalid value for opened")
            opened = flag == "true"
        supplier_id = self._query_int(request, "supplier_id", default=0) or None
        accessible_to = self._query_int(request, "accessible_to", default=0) or None
        created_by = self._query_int(request, "created_by", default=0) or None
        public_id = query.get("public_id")
        visible = account.entities
        if accessible_to is not None:
            other = self.accounts.get(accessible_to)
            visible = visible & (other.entities if other else set())
        with self.lock:
            rows = [
                row
                for row in self.links.values()
                if row["supplier"]["entity_id"] in visible
                and (opened is None or bool(row["opens"]) == opened)
                and (public_id is None or row["public_id"] == public_id)
                and (supplier_id is None or row["supplier"]["entity_id"] == supplier_id)
                and (created_by is None or row["_creator"] == created_by)
            ]
        rows.sort(key=lambda r: (r["_created_ts"], r["_seq"]), reverse=descending)
        return json_response(self._page(rows, limit, offset))

    def _visible_link(self, request: EmuRequest, public_id: str) -> dict[str, Any]:
        account = self._agent(request)
        row = self.links.get(public_id)
        if row is None or row["supplier"]["entity_id"] not in account.entities:
            raise EmuError(404, "Instalment link not found")
        return row

    # G
    def get_link(self, request: EmuRequest) -> EmuResponse:
        row = self._visible_link(request, self._query_text(request, "public_id"))
        return json_response(self._single(row))

    # H
    def open_link(self, request: EmuRequest) -> EmuResponse:
        self._session(request)
        link_id = self._body(request).get("link_id")
        if not isinstance(link_id, str) or not link_id:
            raise EmuError(400, "Missing key: link_id")
        with self.lock:
            row = self.links.get(link_id)
            if row is None:
                raise EmuError(404, "Instalment link not found")
            row["opens"].append({"sequence": len(row["opens"]) + 1, "created": self._now_text()})
        return json_response({})

    # I, J
    def _prospective(self, request: EmuRequest, periods: int | None) -> list[dict[str, Any]]:
        cycle = self._query_int(request, "cycle", default=1)
        supplier_id = self._query_int(request, "supplier_id")
        raw = request.query.get("principle") or request.query.get("principal_magnitude")
        if raw is None:
            raise EmuError(400, "Missing query parameter: principle")
        principal = self._decimal(raw, "principle")
        denomination = self._query_int(request, "denomination", default=0) or None
        supplier = self.suppliers.get(supplier_id)
        if supplier is None:
            raise EmuError(404, "Supplier not found")
        currency_id = denomination or supplier.default_denomination
        if currency_id not in CURRENCIES:
            raise EmuError(422, "Unknown denomination")
        if principal < supplier.minimum_principal:
            raise EmuError(422, f"The minimum principal is {supplier.minimum_principal}")
        terms = sorted(supplier.annual_rates)
        if periods is not None:
            if periods not in supplier.annual_rates:
                raise EmuError(404, "No term rate for that number of periods")
            terms = [periods]
        out = []
        for n in terms:
            # UNCERTAIN (vendor file I/J): Procuret's real formula is unknown.
            total = principal * (1 + supplier.annual_rates[n] * Decimal(n) / 12)
            payment = (total / n).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            out.append(
                {
                    "payment": str(payment),
                    "cycle": cycle,
                    "supplier_id": supplier_id,
                    "periods": n,
                    "currency": CURRENCIES[currency_id],
                }
            )
        return out

    def prospective_payment(self, request: EmuRequest) -> EmuResponse:
        periods = self._query_int(request, "periods")
        return json_response(self._prospective(request, periods)[0])

    def prospective_payments(self, request: EmuRequest) -> EmuResponse:
        return json_response(self._prospective(request, None))

    # K, L
    def _visible_series(self, account: Account) -> list[dict[str, Any]]:
        return [
            row
            for row in self.series.values()
            if row["supplier"]["entity_id"] in account.entities
            or row["customer"]["entity_id"] in account.entities
        ]

    def list_series(self, request: EmuRequest) -> EmuResponse:
        account = self._agent(request)
        limit, offset, descending = self._paging(request)
        query = request.query
        fragment = (query.get("any_fragment") or query.get("fragment") or "").lower()
        business_id = self._query_int(request, "business_id", default=0) or None
        method_id = query.get("method_id")
        public_id = query.get("public_id")

        def matches(row: dict[str, Any]) -> bool:
            text = " ".join(
                [
                    row.get("identifier") or "",
                    row["customer"]["legal_entity_name"],
                    row["supplier"]["legal_entity_name"],
                ]
            ).lower()
            method = (row.get("payment_method") or {}).get("public_id")
            return (
                (not fragment or fragment in text)
                and (
                    business_id is None
                    or business_id in (row["customer"]["entity_id"], row["supplier"]["entity_id"])
                )
                and (method_id is None or method == method_id)
                and (public_id is None or row["public_id"] == public_id)
            )

        rows = [row for row in self._visible_series(account) if matches(row)]
        rows.sort(key=lambda r: r["_created_ts"], reverse=descending)
        return json_response(self._page(rows, limit, offset))

    def get_series(self, request: EmuRequest) -> EmuResponse:
        public_id = self._query_text(request, "public_id")
        for row in self._visible_series(self._agent(request)):
            if row["public_id"] == public_id:
                return json_response(self._single(row))
        raise EmuError(404, "Payment series not found")

    # M
    def get_term_rate_group(self, request: EmuRequest) -> EmuResponse:
        account = self._agent(request)
        group = self.term_rate_groups.get(self._query_text(request, "public_id"))
        if group is None or not any(
            r["supplier_entity_id"] in account.entities for r in group["rates"]
        ):
            raise EmuError(404, "Term rate group not found")
        return json_response(self._single(group))

    # N, O
    def _mapped_entity(self, request: EmuRequest) -> int:
        account = self._agent(request)
        entity_id = self._query_int(request, "entity_id")
        if entity_id not in account.entities:
            raise EmuError(404, "Entity not found")
        return entity_id

    def get_xero_map(self, request: EmuRequest) -> EmuResponse:
        entity_id = self._mapped_entity(request)
        if entity_id not in self.xero_maps:
            raise EmuError(404, "No Xero connection")
        return json_response({"entity_id": entity_id})

    def get_xero_organisation(self, request: EmuRequest) -> EmuResponse:
        entity_id = self._mapped_entity(request)
        if entity_id not in self.xero_organisations:
            raise EmuError(404, "No Xero organisation")
        return json_response(
            {"short_code": self.xero_organisations[entity_id], "entity_id": entity_id}
        )

    # P
    def get_entity(self, request: EmuRequest) -> EmuResponse:
        account = self._agent(request)
        entity_id = self._query_int(request, "entity_id")
        if entity_id not in self.entities:
            raise EmuError(404, "Entity not found")
        if entity_id not in account.entities and not (account.perspectives & _STAFF):
            raise EmuError(403, "Not authorised to read that entity")
        return json_response(self._single(self.entities[entity_id]))

    def _human_wire(self, human_id: int) -> dict[str, Any]:
        return self._single(self.humans[human_id])

    # Q
    def get_human(self, request: EmuRequest) -> EmuResponse:
        account = self._agent(request)
        human_id = self._query_int(request, "human_id")
        if human_id not in self.humans:
            raise EmuError(404, "Human not found")
        if human_id != account.human_id and not (account.perspectives & _STAFF):
            raise EmuError(403, "Not authorised to read that human")
        return json_response(self._human_wire(human_id))

    # R
    def get_commitment(self, request: EmuRequest) -> EmuResponse:
        self._agent(request)
        commitment = self.commitments.get(self._query_text(request, "setup_id"))
        if commitment is None:
            raise EmuError(404, "Commitment not found")
        return json_response(
            {
                "public_id": commitment["public_id"],
                "committed_human": self._human_wire(commitment["human_id"]),
            }
        )

    # S
    def get_schedule(self, request: EmuRequest) -> EmuResponse:
        account = self._agent(request)
        series_id = self._query_text(request, "series_id")
        visible = {row["public_id"] for row in self._visible_series(account)}
        schedule = self.schedules.get(series_id)
        if schedule is None or series_id not in visible:
            raise EmuError(404, "Instalment schedule not found")
        return json_response(_public(schedule))


def _public(row: dict[str, Any]) -> dict[str, Any]:
    """A stored row without the emulator's bookkeeping keys (``_created_ts``...)."""
    return {k: v for k, v in row.items() if not k.startswith("_")}
