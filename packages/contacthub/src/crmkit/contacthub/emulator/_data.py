"""Deterministic seed data for the emulator's ``demo`` workspace (node ``demo``).

``records`` customers with realistic base properties (names, email, phone, address, locale,
time zone, an external id, manual tags, sometimes a job), spread over 2024 for their
timestamps, and a few events for every third customer. The same ``seed`` always gives the
same data, ids included.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from crmkit.core.emulator import FakeData

from .._encoding import format_api_datetime
from ._schema import normalise_customer

if TYPE_CHECKING:
    from ._app import ContactHubEmulator

__all__ = ["seed_demo"]

_ZONES = {
    "DE": ("de_DE", "Europe/Berlin"),
    "IT": ("it_IT", "Europe/Rome"),
    "AU": ("en_AU", "Australia/Sydney"),
    "CA": ("en_CA", "America/Toronto"),
    "US": ("en_US", "America/Chicago"),
    "FR": ("fr_FR", "Europe/Paris"),
    "JP": ("ja_JP", "Asia/Tokyo"),
    "NO": ("nb_NO", "Europe/Oslo"),
    "CN": ("zh_CN", "Asia/Shanghai"),
    "NZ": ("en_NZ", "Pacific/Auckland"),
}
_EVENT_TYPES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("viewedPage", "WEB", {"url": "https://shop.example/", "title": "Home"}),
    ("loggedIn", "WEB", {}),
    ("completedOrder", "ECOMMERCE", {"orderId": "O-1", "amount": {"total": 42.5}}),
    ("campaignSent", "DIGITAL_CAMPAIGN", {"campaignId": "C-7"}),
)


def seed_demo(emulator: ContactHubEmulator, records: int, seed: int) -> None:
    """Fill workspace ``demo``, node ``demo``."""
    fake = FakeData(seed)
    rng = random.Random(seed)
    state = emulator.workspaces["demo"]
    start = datetime(2024, 1, 1, tzinfo=UTC)

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    for n in range(1, records + 1):
        person = fake.person(n)
        locale, zone = _ZONES.get(person["country"], ("en_US", "Europe/London"))
        registered = start + timedelta(minutes=n * 37)
        updated = registered + timedelta(hours=rng.randrange(0, 24 * 90))
        jobs = []
        if person["title"]:
            jobs.append(
                {
                    "id": f"job-{n}",
                    "jobTitle": person["title"],
                    "companyName": person["company"],
                    "isCurrent": True,
                }
            )
        doc = {
            "id": new_id(),
            "nodeId": "demo",
            "externalId": f"ext-{n:05d}",
            "registeredAt": format_api_datetime(registered),
            "updatedAt": format_api_datetime(updated),
            "enabled": True,
            "base": {
                "firstName": person["first_name"],
                "lastName": person["last_name"],
                "locale": locale,
                "timezone": zone,
                "contacts": {"email": person["email"], "mobilePhone": person["phone"]},
                "address": {"city": person["city"], "country": person["country"]},
                "jobs": jobs,
            },
            "tags": {"auto": [], "manual": person["tags"]},
        }
        customer = normalise_customer(doc)
        state.customers[customer["id"]] = customer
        if n % 3 == 0:
            for k in range(rng.randrange(1, 4)):
                event_type, context, properties = _EVENT_TYPES[rng.randrange(len(_EVENT_TYPES))]
                when = format_api_datetime(registered + timedelta(days=k + 1))
                event = {
                    "id": new_id(),
                    "customerId": customer["id"],
                    "bringBackProperties": None,
                    "type": event_type,
                    "context": context,
                    "date": when,
                    "properties": dict(properties),
                    "contextInfo": {},
                    "registeredAt": when,
                    "updatedAt": when,
                    "tracking": None,
                    "mode": "PASSIVE" if event_type == "campaignSent" else "ACTIVE",
                }
                state.events[event["id"]] = event
