"""Deterministic data for the Clevertim emulator.

Always present (the account's structure): users 1-4 (1 the admin owner, 2 read-only, 3 a
regular user, 4 invited and pending) and groups with ``gid`` 2, 4, 16 and 64.

With ``records=N`` (vendor notes §8.13): custom fields 1-5 and the demo records the seed document
uses: company 1233 and contact 1234 (with emails), a private contact 1235 and a group-restricted
contact 1236, case 1, opportunity 1, dated tasks 1-2, notes 1-2 (note 2 a sent email), comments
1-2. Then generated contacts up to ``N`` contacts in total (one company per four contacts) and
about ``N/10`` each of opportunities, tasks and notes, all from ``FakeData(seed)`` with fixed
timestamps, so the same ``N`` and ``seed`` always give the same account.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crmkit.core.emulator import FakeData

from ._store import Account

__all__ = ["ADMIN_USER_ID", "DEMO_CONTACT_ID", "seed_account", "seed_demo"]

ADMIN_USER_ID = 1
READ_ONLY_USER_ID = 2
REGULAR_USER_ID = 3
DEMO_COMPANY_ID = 1233
DEMO_CONTACT_ID = 1234

_START = dt.datetime(2023, 1, 1, tzinfo=dt.UTC).timestamp()
_END = dt.datetime(2024, 12, 31, tzinfo=dt.UTC).timestamp()


def _stamp(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def seed_account(account: Account) -> None:
    """Users and groups: the part of an account that exists before any data."""
    users: list[dict[str, Any]] = [
        {
            "user": "Sam Lee",
            "email": "sam@clevertim.example",
            "is_owner": True,
            "is_admin": True,
            "permissions": ["canexport", "canedit", "candelete"],
            "pending": False,
        },
        {
            "user": "Robin Reid",
            "email": "robin@clevertim.example",
            "permissions": ["canexport"],
        },
        {
            "user": "Alex Kim",
            "email": "alex@clevertim.example",
            "permissions": ["canedit", "candelete"],
        },
        {"user": "Jo Park", "email": "jo@clevertim.example", "pending": True},
    ]
    for user in users:
        account.insert("user", user)
    groups: list[dict[str, Any]] = [
        {"name": "Sales", "gid": 2, "users": [ADMIN_USER_ID, REGULAR_USER_ID]},
        {"name": "Support", "gid": 4, "users": [READ_ONLY_USER_ID]},
        {"name": "Management", "gid": 16, "users": [ADMIN_USER_ID]},
        {"name": "Partners", "gid": 64, "users": [REGULAR_USER_ID]},
    ]
    for group in groups:
        account.insert("group", group)


def seed_demo(account: Account, records: int, seed: int) -> None:
    """The demo records, then generated ones up to ``records`` contacts."""
    if records <= 0:
        return
    _custom_fields(account)
    demo_contacts = _demo(account, records)
    _generate(account, records - demo_contacts, seed)


def _custom_fields(account: Account) -> None:
    definitions: list[dict[str, Any]] = [
        {"name": "Birthday", "elemType": "date", "modelType": ["customers"]},
        {
            "name": "Tier",
            "elemType": "select",
            "modelType": ["customers", "companies"],
            "values": ["Gold", "Silver", "Bronze"],
        },
        {
            "name": "Account manager",
            "elemType": "user",
            "modelType": ["customers", "companies", "cases", "opportunities"],
        },
        {"name": "Source", "elemType": "input", "modelType": ["customers", "opportunities"]},
        {"name": "Watchers", "elemType": "user", "modelType": ["cases"], "multiple": True},
    ]
    for definition in definitions:
        definition.setdefault("fullname", definition["name"])
        account.insert("customfield", definition)


def _demo(account: Account, records: int) -> int:
    stamp = "2024-03-01T09:00:00Z"
    later = "2024-03-02T10:00:00Z"
    account.insert(
        "company",
        {
            "cn": "Dorian Trading Ltd",
            "is_company": True,
            "email": ["info@dorian-trading.example"],
            "website": ["https://dorian-trading.example"],
            "phones": [{"type": "Work", "no": "+44 113 496 0000"}],
            "address": "1 High St",
            "city": "Leeds",
            "postcode": "LS1 1AA",
            "region": "GB-LDS",
            "country": "GB",
            "ctype": "C",
            "cf": {"2": "Gold"},
            "ao": stamp,
            "lm": stamp,
        },
        DEMO_COMPANY_ID,
    )
    contacts: list[dict[str, Any]] = [
        {
            "fn": "Joe",
            "ln": "Dorian",
            "title": "Buyer",
            "description": "met at expo",
            "companyId": DEMO_COMPANY_ID,
            "email": ["joe@dorian-trading.example"],
            "website": ["https://dorian-trading.example"],
            "phones": [{"type": "Mobile", "no": "+44 7700 900123"}],
            "smids": [{"type": "LinkedIn", "smid": "joedorian"}],
            "address": "1 High St",
            "city": "Leeds",
            "postcode": "LS1 1AA",
            "region": "GB-LDS",
            "country": "GB",
            "ctype": "P",
            "cf": {"1": "1980-05-17", "2": "Silver", "3": str(ADMIN_USER_ID)},
            "tags": ["expo"],
            "lc": later,
        },
        {
            "fn": "Pat",
            "ln": "Private",
            "email": ["pat@private.example"],
            "is_private": True,
            "puser": REGULAR_USER_ID,
        },
        {"fn": "Gil", "ln": "Group", "email": ["gil@group.example"], "gid": 64},
    ][: max(1, min(3, records))]
    for offset, contact in enumerate(contacts):
        contact.update(is_company=False, ao=stamp, lm=later)
        account.insert("contact", contact, DEMO_CONTACT_ID + offset)
    account.insert(
        "case",
        {
            "name": "Login issue",
            "leadUser": ADMIN_USER_ID,
            "cust": DEMO_COMPANY_ID,
            "cf": {"5": [str(ADMIN_USER_ID), str(REGULAR_USER_ID)]},
            "tags": ["support"],
            "ao": stamp,
            "lm": stamp,
        },
    )
    account.insert(
        "opportunity",
        {
            "name": "Pilot",
            "status": "Open",
            "leadUser": ADMIN_USER_ID,
            "value": "2500",
            "currency": "GBP",
            "cust": DEMO_CONTACT_ID,
            "userId": ADMIN_USER_ID,
            "ao": stamp,
            "lm": stamp,
        },
    )
    account.insert(
        "task",
        {
            "name": "Call back",
            "atype": "Call",
            "cust": DEMO_CONTACT_ID,
            "opp": 1,
            "startDate": {"y": 2024, "mo": 3, "d": 4, "h": 9, "mi": 30},
            "endDate": {"y": 2024, "mo": 3, "d": 4},
            "aUserId": ADMIN_USER_ID,
            "userId": ADMIN_USER_ID,
            "rec": "W",
            "recevery": 2,
            "recopts": {"type": "weekday"},
            "ao": stamp,
            "lm": stamp,
        },
    )
    account.insert(
        "task",
        {
            "name": "Send contract",
            "atype": "TO DO",
            "cust": DEMO_COMPANY_ID,
            "case": 1,
            "startDate": {"y": 2024, "mo": 3, "d": 8},
            "aUserId": REGULAR_USER_ID,
            "userId": ADMIN_USER_ID,
            "ao": stamp,
            "lm": stamp,
        },
    )
    account.insert(
        "note",
        {
            "desc": "Met at the expo.\nInterested in the pilot.",
            "type": "N",
            "hl": "Met at the expo.",
            "cust": [DEMO_CONTACT_ID],
            "userId": ADMIN_USER_ID,
            "ao": stamp,
            "lm": stamp,
        },
    )
    account.insert(
        "note",
        {
            "desc": "Sent pricing",
            "type": "S",
            "hl": "Pricing",
            "cust": [DEMO_CONTACT_ID],
            "opportunity": 1,
            "userId": ADMIN_USER_ID,
            "delvry": "N",
            "email": {
                "f": "sam@clevertim.example",
                "s": "Pricing",
                "t": [{"e": "joe@dorian-trading.example", "s": "s"}],
                "c": [{"e": "old@dorian-trading.example", "s": "b", "t": "Invalid address"}],
                "b": [],
            },
            "ao": later,
            "lm": later,
        },
    )
    account.insert("comment", {"comment": "moved to Friday", "tid": 1, "userId": ADMIN_USER_ID})
    account.insert("comment", {"comment": "follow up next week", "nid": 1, "userId": ADMIN_USER_ID})
    return len(contacts)


def _generate(account: Account, contacts: int, seed: int) -> None:
    fake = FakeData(seed)
    company_id: int | None = None
    customer_ids: list[int] = []
    for n in range(contacts):
        person = fake.person(n)
        created = fake.timestamp(_START, _END)
        modified = created + fake.rng.uniform(0, 86_400 * 30)
        stamps = {"ao": _stamp(created), "lm": _stamp(min(modified, _END))}
        if n % 4 == 0:
            company_id = account.insert(
                "company",
                {
                    "cn": person["company"],
                    "is_company": True,
                    "city": person["city"],
                    "country": person["country"],
                    "website": [f"https://{person['email'].split('@')[1]}"],
                    **stamps,
                },
            )
            customer_ids.append(company_id)
        row: dict[str, Any] = {
            "fn": person["first_name"],
            "ln": person["last_name"],
            "is_company": False,
            "email": [person["email"]],
            "phones": [{"type": "Work", "no": person["phone"]}],
            "city": person["city"],
            "country": person["country"],
            "companyId": company_id,
            **stamps,
        }
        if person["title"]:
            row["title"] = person["title"]
        if person["tags"]:
            row["tags"] = person["tags"]
        customer_ids.append(account.insert("contact", row))
    if not customer_ids:
        return
    extra = max(1, contacts // 10) if contacts >= 10 else 0
    currencies = ("EUR", "GBP", "USD")
    statuses = ("Open", "Open", "Won", "Lost", "Closed")
    for n in range(extra):
        cust = fake.rng.choice(customer_ids)
        stamp = _stamp(fake.timestamp(_START, _END))
        account.insert(
            "opportunity",
            {
                "name": f"Deal {n + 2}",
                "status": fake.rng.choice(statuses),
                "value": fake.amount(),
                "currency": fake.rng.choice(currencies),
                "cust": cust,
                "leadUser": ADMIN_USER_ID,
                "userId": ADMIN_USER_ID,
                "ao": stamp,
                "lm": stamp,
            },
        )
        when = dt.datetime.fromtimestamp(fake.timestamp(_START, _END), dt.UTC)
        account.insert(
            "task",
            {
                "name": f"Follow up {n + 3}",
                "atype": fake.rng.choice(("Call", "Meeting", "Follow up", "TO DO")),
                "cust": cust,
                "startDate": {
                    "y": when.year,
                    "mo": when.month,
                    "d": when.day,
                    "h": when.hour,
                    "mi": when.minute,
                },
                "aUserId": ADMIN_USER_ID,
                "userId": ADMIN_USER_ID,
                "ao": stamp,
                "lm": stamp,
            },
        )
        account.insert(
            "note",
            {
                "desc": f"Spoke about deal {n + 2}.",
                "type": "N",
                "hl": f"Spoke about deal {n + 2}.",
                "cust": [cust],
                "userId": ADMIN_USER_ID,
                "ao": stamp,
                "lm": stamp,
            },
        )
