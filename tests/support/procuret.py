"""Shared helpers for the Procuret tests: a settable clock, emulators, raw signed requests."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import httpx

from crmkit.core.emulator import EmulatorOptions
from crmkit.procuret.emulator import ProcuretEmulator, create_emulator

NOW = 1700000000  # 2023-11-14 22:13:20 UTC, the worked example of vendor file §3.3
KEY = "QpFNziCBG3l5HXV3jyUB8GP2K0ALDyVy"
SESSION_ID = 36284293055983192
WORKED_SIGNATURE = "DJTBqxYZLoGUOHwBzz3WUNFeKxGhZSEIm+8f54CP/x0="
BASE = "https://procuret.com/api/"


class Clock:
    """A settable epoch clock shared by emulator and client."""

    def __init__(self, now: float = NOW) -> None:
        self.now = float(now)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_emulator(
    clock: Clock | None = None,
    *,
    records: int = 0,
    credentials: list[str] | None = None,
    rate_limit: int | None = 0,
    **settings: Any,
) -> ProcuretEmulator:
    """An emulator on ``clock`` (fixed at NOW by default), rate limiting off unless asked."""
    return create_emulator(
        EmulatorOptions(
            records=records,
            seed=7,
            clock=clock or Clock(),
            credentials=credentials,
            rate_limit=rate_limit,
            settings=settings,
        )
    )


def signature(key: str, path: str, now: float) -> str:
    """Vendor file §3.2, written out independently of crmkit's code."""
    t = int(now)
    mac = hmac.new(key.encode(), f"{t - t % 900}{path}".encode(), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


def signed_headers(session_id: int, key: str, path: str, now: float = NOW) -> dict[str, str]:
    return {
        "x-procuret-session-id": str(session_id),
        "x-procuret-signature": signature(key, path, now),
    }


def raw(emulator: ProcuretEmulator) -> httpx.Client:
    """A plain httpx client on the emulator (no crmkit code on the request path)."""
    return httpx.Client(transport=emulator.transport(), base_url="https://procuret.com")


def error_body(status: int, message: str) -> dict[str, Any]:
    return {"error-information": message, "response-code": status}


# Sample payloads of vendor file §9.
LINK: dict[str, Any] = {
    "public_id": "Zq3TbL9wKx2mPa7R",
    "created": "2023-11-14 22:13:20.000000",
    "supplier": {"entity_id": 4000, "legal_entity_name": "Example Supplier Pty Ltd"},
    "invitee_email": "someone@great-domain.org",
    "invitee_phone": None,
    "invitee_phone_digits": None,
    "invitee_human_id": None,
    "invoice_amount": "422.42",
    "invoice_identifier": "T 055",
    "opens": [{"sequence": 1, "created": "2023-11-14 22:14:02.511208"}],
    "sale_name": 1,
    "allow_edit": True,
    "mode": 1,
    "denomination_id": 1,
    "disposition": {"sequence": 1, "count": 1, "limit": 20, "offset": 0},
}

SERIES: dict[str, Any] = {
    "public_id": "FIdSXsANx4fj",
    "created": "2023-05-03 03:05:52.826162",
    "creating_agent": 47472003359637183,
    "payment_method": {"public_id": "MV4rCFTGeHKnYLBg", "description": "Bank Account ...3456"},
    "customer": {"entity_id": 60641487079294574, "legal_entity_name": "Example Buyer Pty Ltd"},
    "supplier": {"entity_id": 4000, "legal_entity_name": "Example Supplier Pty Ltd"},
    "exchange_id": "kV7pQ2sLx9Tz",
    "identifier": "INV-0042",
    "amount": {
        "magnitude": "1200.00",
        "denomination": {
            "indexid": 1,
            "name": "Australian Dollar",
            "iso_4217": "AUD",
            "exponent": 2,
            "symbol": "$",
        },
    },
    "sum_payments": {"magnitude": "300.00", "denomination": 1},
    "total_payable": {"magnitude": "1341.00", "denomination": 1},
    "mechanism": 1,
    "completed": False,
    "commitment_id": "c8Hq2LmZ0pRt",
    "allows_self_serve_payments": True,
    "oldest_unpaid_instalment_due_24hrs_starting": None,
    "disposition": {"sequence": 1, "count": 1, "limit": 20, "offset": 0},
}
