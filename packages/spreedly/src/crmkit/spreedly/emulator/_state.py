"""The emulator's state: sites, plans, subscribers, fees, invoices, transactions; and how each
is written as Spreedly's XML (element order and ``type`` attributes as in the vendor file).

Everything here is plain data (dicts keyed by wire names, holding typed Python values); the
handlers in :mod:`._app` change it and :func:`subscriber_xml` & co. render it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from .. import _xml

__all__ = [
    "PLAN_TYPES",
    "SUBSCRIBER_TYPES",
    "Site",
    "add_duration",
    "money",
    "new_plan",
    "new_subscriber",
    "plan_version",
]

# The 35 elements of a subscriber, in the order of the recorded create reply (vendor file
# section 10), with the type attribute each carries there ("" = none).
SUBSCRIBER_TYPES: dict[str, str | None] = {
    "grace-until": "datetime",
    "ready-to-renew": "boolean",
    "ready-to-renew-since": "datetime",
    "active-until": "datetime",
    "billing-first-name": None,
    "billing-last-name": None,
    "created-at": "datetime",
    "customer-id": None,
    "eligible-for-free-trial": "boolean",
    "email": None,
    "lifetime-subscription": "boolean",
    "on-trial": "boolean",
    "on-metered": "boolean",
    "recurring": "boolean",
    "screen-name": None,
    "store-credit": "decimal",
    "store-credit-currency-code": None,
    "token": None,
    "updated-at": "datetime",
    "on-gift": "boolean",
    "eligible-for-setup-fee": "boolean",
    "card-expires-before-next-auto-renew": "boolean",
    "subscription-plan-name": None,
    "active": "boolean",
    "in-grace-period": "boolean",
    "feature-level": "string",
    "payment-account-on-file": "boolean",
    "payment-account-display": "string",
    "billing-address1": "string",
    "billing-city": "string",
    "billing-state": "string",
    "billing-zip": "string",
    "billing-country": "string",
    "billing-phone-number": "string",
    "pagination-id": "string",
}

# Type attributes of plan elements that may be nil (so a nil one still says its type).
PLAN_TYPES: dict[str, str | None] = {
    "charge-later-duration-quantity": "integer",
    "charge-later-duration-units": None,
    "return-url": None,
    "setup-fee-description": None,
    "description": None,
    "terms": "string",
}

_RESPONSE_TYPES: dict[str, str | None] = {**PLAN_TYPES, **SUBSCRIBER_TYPES}
_RESPONSE_TYPES.update(
    {
        "gateway-transaction-reference": None,
        "response-message": None,
        "response-client-message": None,
        "response-customer-message": None,
        "notes": None,
        "start-time": "datetime",
        "expires-at": "datetime",
    }
)

WRITABLE = (
    "email",
    "screen-name",
    "billing-first-name",
    "billing-last-name",
    "billing-address1",
    "billing-city",
    "billing-state",
    "billing-zip",
    "billing-country",
    "billing-phone-number",
)


def money(amount: Decimal) -> str:
    """Spreedly's money strings: ``$29.00``."""
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):.2f}"


def add_duration(start: datetime, quantity: int, units: str) -> datetime:
    """``start`` plus ``quantity`` days or calendar months (clamped to the month's end).

    UNCERTAIN month length: the Ruby mock used 30 days; calendar months are what a billing
    system does, and tests avoid month ends.
    """
    if units == "days":
        return start + timedelta(days=quantity)
    month_index = start.month - 1 + quantity
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day)


@dataclass
class Site:
    """One Spreedly site: its plans, subscribers and billing records.

    Attributes:
        name: the site's short name.
        test: whether deletes are allowed (default: the name ends in ``-test``).
        token: when set, the only API token this site accepts.
    """

    name: str
    test: bool
    token: str | None = None
    plans: dict[int, dict[str, Any]] = field(default_factory=dict)
    subscribers: dict[str, dict[str, Any]] = field(default_factory=dict)
    fees: list[dict[str, Any]] = field(default_factory=list)
    invoices: dict[str, dict[str, Any]] = field(default_factory=dict)
    transactions: list[dict[str, Any]] = field(default_factory=list)
    next_pagination_id: int = 1
    next_invoice_id: int = 1
    next_transaction_id: int = 1


def new_plan(
    plan_id: int,
    version_id: int,
    *,
    name: str,
    plan_type: str,
    amount: Decimal,
    duration_quantity: int,
    duration_units: str,
    feature_level: str,
    enabled: bool = True,
    terms: str | None = None,
    description: str | None = None,
    currency_code: str = "USD",
    force_recurring: bool = False,
    needs_to_be_renewed: bool = False,
    created_at: datetime,
) -> dict[str, Any]:
    """A plan record with its 26 elements (the order of the vendor file's sample)."""
    if terms is None:
        unit = duration_units[:-1] if duration_quantity == 1 else duration_units
        terms = "Lifetime" if duration_quantity == 0 else f"{duration_quantity} {unit}"
    plan: dict[str, Any] = {
        "id": plan_id,
        "version": 1,
        "duration-quantity": duration_quantity,
        "duration-units": duration_units,
        "enabled": enabled,
        "feature-level": feature_level,
        "name": name,
        "plan-type": plan_type,
        "description": description,
        "amount": amount,
        "currency-code": currency_code,
        "force-recurring": force_recurring,
        "needs-to-be-renewed": needs_to_be_renewed,
        "charge-after-first-period": False,
        "charge-later-duration-quantity": None,
        "charge-later-duration-units": None,
        "minimum-needed-for-charge": Decimal("0.0"),
        "setup-fee-amount": Decimal("0.0"),
        "return-url": "",
        "setup-fee-currency-code": currency_code,
        "setup-fee-description": None,
        "created-at": created_at,
        "updated-at": created_at,
        "versions": [],
        "terms": terms,
        "price": amount,
    }
    plan["versions"] = [plan_version(plan, version_id)]
    return plan


def plan_version(plan: dict[str, Any], version_id: int) -> dict[str, Any]:
    """The plan's current version: its fields minus ``price``/``versions``, own ``id``, and
    ``subscription-plan-id``."""
    version = {k: v for k, v in plan.items() if k not in ("price", "versions")}
    version["id"] = version_id
    version["subscription-plan-id"] = plan["id"]
    return version


def new_subscriber(
    customer_id: str,
    *,
    screen_name: str | None,
    token: str,
    pagination_id: int,
    now: datetime,
) -> dict[str, Any]:
    """A subscriber exactly as the vendor file's create reply shows a new one."""
    return {
        "grace-until": None,
        "ready-to-renew": False,
        "ready-to-renew-since": None,
        "active-until": None,
        "billing-first-name": None,
        "billing-last-name": None,
        "created-at": now,
        "customer-id": customer_id,
        "eligible-for-free-trial": True,
        "email": None,
        "lifetime-subscription": False,
        "on-trial": False,
        "on-metered": False,
        "recurring": None,
        "screen-name": screen_name,
        "store-credit": Decimal("0.0"),
        "store-credit-currency-code": "USD",
        "token": token,
        "updated-at": now,
        "on-gift": None,
        "eligible-for-setup-fee": True,
        "card-expires-before-next-auto-renew": False,
        "subscription-plan-name": "",
        "active": False,
        "in-grace-period": False,
        "feature-level": "",
        "payment-account-on-file": False,
        "payment-account-display": "",
        "billing-address1": "",
        "billing-city": "",
        "billing-state": "",
        "billing-zip": "",
        "billing-country": "",
        "billing-phone-number": "",
        "pagination-id": str(pagination_id),
        # Not rendered: the plan version the subscriber is on, and their invoices' tokens.
        "_version": None,
        "_invoices": [],
    }


def is_active(subscriber: dict[str, Any], now: datetime) -> bool:
    """Active while ``active-until`` lies ahead, or forever with a lifetime subscription."""
    if subscriber["lifetime-subscription"]:
        return True
    until = subscriber["active-until"]
    return until is not None and now < until


def subscriber_record(
    site: Site, subscriber: dict[str, Any], now: datetime, *, with_invoices: bool
) -> dict[str, Any]:
    """The subscriber as it is written (``active`` derived from the clock)."""
    record = {k: v for k, v in subscriber.items() if not k.startswith("_")}
    record["active"] = is_active(subscriber, now)
    if subscriber["_version"] is not None:
        record["subscription-plan-version"] = subscriber["_version"]
    if with_invoices:
        record["invoices"] = [
            invoice_record(site, site.invoices[t], now, with_subscriber=False)
            for t in subscriber["_invoices"]
            if t in site.invoices
        ]
    return record


def invoice_record(
    site: Site, invoice: dict[str, Any], now: datetime, *, with_subscriber: bool
) -> dict[str, Any]:
    """An invoice as it is written (optionally with its embedded subscriber)."""
    record = {k: v for k, v in invoice.items() if not k.startswith("_")}
    if with_subscriber:
        subscriber = site.subscribers.get(invoice["_customer_id"])
        if subscriber is not None:
            record["subscriber-store-credit"] = money(subscriber["store-credit"])
            record["subscriber"] = subscriber_record(site, subscriber, now, with_invoices=False)
    return record


def xml(tag: str, value: Any) -> bytes:
    """A reply document with the vendor's element types, indented like Rails."""
    return _xml.document(tag, value, types=_RESPONSE_TYPES, indent=True)


NIL_CLASSES = b'<?xml version="1.0" encoding="UTF-8"?>\n<nil-classes type="array"/>\n'
"""The empty top-level list, written exactly as Rails writes it."""
