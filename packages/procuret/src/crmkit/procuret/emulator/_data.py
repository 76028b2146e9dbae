"""The emulator's fixtures (vendor file §8) and deterministic seeding.

Fixed accounts, entities, a term-rate group, a payment series with its schedule and
commitment, and Xero links, all with the ids the vendor file and its sample payloads use, so
tests can name them. ``records`` extra instalment links are drawn from ``FakeData(seed)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from crmkit.core.emulator import FakeData

from .._types import format_time

__all__ = [
    "ADMIN_EMAIL",
    "AUD",
    "BIG_SUPPLIER_ID",
    "BUSINESS_AGENT_ID",
    "BUSINESS_EMAIL",
    "CUSTOMER_ID",
    "DEMO_API_KEY",
    "DEMO_SESSION_ID",
    "NZD",
    "PASSPHRASE",
    "SERIES_ID",
    "SETUP_ID",
    "SUPPLIER_AGENT_ID",
    "SUPPLIER_EMAIL",
    "SUPPLIER_ID",
    "TERM_RATE_GROUP_ID",
    "Account",
    "Fixtures",
    "build_fixtures",
]

PASSPHRASE = "excellent passphrase"
SUPPLIER_EMAIL = "me@somedomain.com"
BUSINESS_EMAIL = "someone@somewhere.com"
ADMIN_EMAIL = "staff@procuret.test"
SUPPLIER_AGENT_ID = 5171001234567890
BUSINESS_AGENT_ID = 47472003359637183
ADMIN_AGENT_ID = 3141592653589793238
SUPPLIER_ID = 4000
BIG_SUPPLIER_ID = 2**53 + 1  # 9007199254740993: a float would round it to ...992
CUSTOMER_ID = 60641487079294574
TERM_RATE_GROUP_ID = "TRGx9Lq2Vb7NmP4s"
SERIES_ID = "FIdSXsANx4fj"
SETUP_ID = "kV7pQ2sLx9Tz"

# The demo session the emulator recognises in open mode (see ``demo_settings``). It reuses the
# worked example of vendor file §3.3, so its signatures can be checked by hand.
DEMO_SESSION_ID = 36284293055983192
DEMO_API_KEY = "QpFNziCBG3l5HXV3jyUB8GP2K0ALDyVy"

AUD = {"indexid": 1, "name": "Australian Dollar", "iso_4217": "AUD", "exponent": 2, "symbol": "$"}
NZD = {"indexid": 2, "name": "New Zealand Dollar", "iso_4217": "NZD", "exponent": 2, "symbol": "$"}
CURRENCIES = {1: AUD, 2: NZD}

_FIXTURE_TIME = datetime(2023, 5, 3, 3, 5, 52, 826162, tzinfo=UTC)


@dataclass
class Account:
    """A Procuret login: credentials, the perspectives it may use, the entities it sees."""

    agent_id: int
    email: str
    passphrase: str
    perspectives: frozenset[int]
    entities: set[int]
    human_id: int


@dataclass
class Supplier:
    """What a supplier entity needs for links and prospective payments."""

    entity_id: int
    default_denomination: int = 1
    annual_rates: dict[int, Decimal] = field(default_factory=dict)
    minimum_principal: Decimal = Decimal(500)


@dataclass
class Fixtures:
    """Everything the emulator serves, before anything is created over the wire."""

    accounts: dict[int, Account]
    entities: dict[int, dict[str, Any]]
    suppliers: dict[int, Supplier]
    humans: dict[int, dict[str, Any]]
    term_rate_groups: dict[str, dict[str, Any]]
    series: dict[str, dict[str, Any]]
    commitments: dict[str, dict[str, Any]]
    schedules: dict[str, dict[str, Any]]
    xero_maps: set[int]
    xero_organisations: dict[int, str]


def _entity(entity_id: int, name: str, short: str, abn: str, locality: str) -> dict[str, Any]:
    created = format_time(_FIXTURE_TIME)
    return {
        "public_id": entity_id,
        "public_id_short": short,
        # UNCERTAIN (vendor file §4): newer servers may use identifier/identifier_type, so both
        # pairs are sent.
        "entity_identifiers": [
            {"id": abn, "id_type": 1, "identifier": abn, "identifier_type": 1},
        ],
        "legal_entity_name": name,
        "business_address": {
            "public_id": f"ad{short}",
            "created": created,
            "line_1": "1 Example Street",
            "line_2": None,
            "line_3": None,
            "line_4": None,
            "locality": locality,
            "region": {
                "indexid": 2,
                "name": "New South Wales",
                "abbreviation": "NSW",
                "country_id": 1,
            },
            "postal_code": "2000",
            "country": {
                "country_id": 1,
                "name": "Australia",
                "iso_3166_a2": "AU",
                "iso_3166_a3": "AUS",
            },
        },
    }


def _human(human_id: int, agent_id: int, first: str, last: str, email: str) -> dict[str, Any]:
    created = format_time(_FIXTURE_TIME)
    return {
        "public_id": human_id,
        "agent_id": agent_id,
        "first_name": first,
        "other_name": None,
        "last_name": last,
        "identity": None,
        "documents": [],
        "created": created,
        "modified": created,
        "email_address": {
            "created": created,
            "email_address": email,
            "confirmation_required": False,
        },
        "phone_number": {
            "indexid": human_id,
            "digits": "61400000" + str(human_id)[-3:],
            "confirmed": True,
        },
    }


def _schedule(series_id: str, setup_id: str) -> dict[str, Any]:
    lines = []
    start = date(2023, 6, 3)
    for n in range(1, 13):
        opening = Decimal(1200) - Decimal(100) * (n - 1)
        line: dict[str, Any] = {
            "sequence": n,
            "date": (start + timedelta(days=30 * (n - 1))).isoformat(),
            "nominal_payment": "111.75",
            "opening_balance": f"{opening:.2f}",
            "interest_paid": "11.75",
            "principal_paid": "100.00",
            "principal_discount": "0.00",
            "closing_balance": f"{opening - 100:.2f}",
            "commitment_public_id": "c8Hq2LmZ0pRt",
            "payment": None,
            "denomination": AUD,
        }
        if n == 1:
            line["payment"] = {
                "public_id": "PAYa8Kq2mZ0xW4rT",
                "executor": {"agent_id": BUSINESS_AGENT_ID, "full_name": "Sam Buyer"},
                "created": "2023-06-03 00:00:05.000000",
                "executed": "2023-06-03 00:00:05.000000",
                "magnitude": "111.75",
                "active": True,
                "payment_method": {
                    "public_id": "MV4rCFTGeHKnYLBg",
                    "description": "Bank Account ...3456",
                },
                "commitment_id": "c8Hq2LmZ0pRt",
                "denomination": AUD,
            }
        lines.append(line)
    return {
        "series_id": series_id,
        "has_interest": True,
        "lines": lines,
        "total_row": {
            "total_payments": "1341.00",
            "total_principal": "1200.00",
            "total_principal_discount": "0.00",
            "total_interest": "141.00",
            "denomination": AUD,
        },
        "_setup_id": setup_id,
    }


def build_fixtures() -> Fixtures:
    """The fixed data of vendor file §8."""
    rates = {3: Decimal("0.180"), 6: Decimal("0.210"), 12: Decimal("0.235")}
    entities = {
        SUPPLIER_ID: _entity(
            SUPPLIER_ID, "Example Supplier Pty Ltd", "EXS4000", "53004085616", "Sydney"
        ),
        BIG_SUPPLIER_ID: _entity(
            BIG_SUPPLIER_ID, "Big Number Supplies Pty Ltd", "BNS0001", "33102417032", "Newcastle"
        ),
        CUSTOMER_ID: _entity(
            CUSTOMER_ID, "Example Buyer Pty Ltd", "EXB0001", "11000000000", "Parramatta"
        ),
    }
    accounts = {
        SUPPLIER_AGENT_ID: Account(
            SUPPLIER_AGENT_ID,
            SUPPLIER_EMAIL,
            PASSPHRASE,
            frozenset({1}),
            {SUPPLIER_ID, BIG_SUPPLIER_ID},
            7001,
        ),
        BUSINESS_AGENT_ID: Account(
            BUSINESS_AGENT_ID, BUSINESS_EMAIL, PASSPHRASE, frozenset({2}), {CUSTOMER_ID}, 7002
        ),
        ADMIN_AGENT_ID: Account(
            ADMIN_AGENT_ID, ADMIN_EMAIL, PASSPHRASE, frozenset({3, 4, 7}), set(), 7003
        ),
    }
    humans = {
        7001: _human(7001, SUPPLIER_AGENT_ID, "Morgan", "Supplier", SUPPLIER_EMAIL),
        7002: _human(7002, BUSINESS_AGENT_ID, "Sam", "Buyer", BUSINESS_EMAIL),
        7003: _human(7003, ADMIN_AGENT_ID, "Alex", "Staff", ADMIN_EMAIL),
    }
    created = format_time(_FIXTURE_TIME)
    group = {
        "public_id": TERM_RATE_GROUP_ID,
        "created": created,
        "active": True,
        "rates": [
            {
                "supplier_entity_id": SUPPLIER_ID,
                "periods": periods,
                "periods_in_year": "12",
                "annual_rate": str(rate),
                "created": created,
                "creating_agent_id": SUPPLIER_AGENT_ID,
                "indexid": 100 + periods,
            }
            for periods, rate in rates.items()
        ],
    }
    series = {
        "public_id": SERIES_ID,
        "created": "2023-05-03 03:05:52.826162",
        "creating_agent": BUSINESS_AGENT_ID,
        "payment_method": {"public_id": "MV4rCFTGeHKnYLBg", "description": "Bank Account ...3456"},
        "customer": {"entity_id": CUSTOMER_ID, "legal_entity_name": "Example Buyer Pty Ltd"},
        "supplier": {"entity_id": SUPPLIER_ID, "legal_entity_name": "Example Supplier Pty Ltd"},
        "exchange_id": SETUP_ID,
        "identifier": "INV-0042",
        "amount": {"magnitude": "1200.00", "denomination": AUD},
        "sum_payments": {"magnitude": "300.00", "denomination": AUD},
        "total_payable": {"magnitude": "1341.00", "denomination": AUD},
        "mechanism": 1,
        "completed": False,
        "commitment_id": "c8Hq2LmZ0pRt",
        "allows_self_serve_payments": True,
        "oldest_unpaid_instalment_due_24hrs_starting": None,
        "_created_ts": _FIXTURE_TIME.timestamp(),
    }
    return Fixtures(
        accounts=accounts,
        entities=entities,
        suppliers={
            SUPPLIER_ID: Supplier(SUPPLIER_ID, annual_rates=dict(rates)),
            BIG_SUPPLIER_ID: Supplier(BIG_SUPPLIER_ID, annual_rates=dict(rates)),
        },
        humans=humans,
        term_rate_groups={TERM_RATE_GROUP_ID: group},
        series={SERIES_ID: series},
        commitments={SETUP_ID: {"public_id": "c8Hq2LmZ0pRt", "human_id": 7002}},
        schedules={SERIES_ID: _schedule(SERIES_ID, SETUP_ID)},
        xero_maps={SUPPLIER_ID},
        xero_organisations={SUPPLIER_ID: "!k3Lp9"},
    )


def fake_links(count: int, seed: int, now: float) -> list[dict[str, Any]]:
    """``count`` realistic links for the demo supplier, created over the 90 days before now."""
    fake = FakeData(seed)
    rows = []
    for n in range(count):
        person = fake.person(n)
        when = fake.timestamp(now - 90 * 86400, now - 60)
        rows.append(
            {
                "invitee_email": person["email"],
                "invoice_amount": fake.amount(100, 20000),
                "invoice_identifier": f"INV-{10000 + n}",
                "created_ts": when,
                "opens": fake.rng.randrange(0, 3),
            }
        )
    rows.sort(key=lambda r: r["created_ts"])
    return rows
