"""Reference data and deterministic fake records for the emulator's profiles.

- every profile has the account's reference lists: one user, activity types (prospyr's
  fixture), two pipelines whose stages start "Qualifying", "Quoted", loss reasons, customer
  sources, contact types, lead statuses and custom field definitions;
- ``demo`` (or any ``records`` > 0) adds people, companies, leads, opportunities, tasks,
  activities and projects, linked together. The seed document's promises hold: person id 1
  is "Steve Cognito" (steve@example.org), the newest by ``date_modified``; the next newest is
  "Bones Johannson"; the 201st newest (index 200) is "Alfons Tundra"; the account is
  "So-and-so Company"; some companies have ``interaction_count`` >= 10 in ``CN``;
- ``prospyr-tests`` holds the vendor file's sample payloads (Jon Lee, Company2, ...).

Seeded timestamps count back from a fixed moment, so the same ``records`` and ``seed`` always
give the same data, whatever the clock.
"""

from __future__ import annotations

import random
from typing import Any

from crmkit.core.emulator import FakeData

from ._records import blank, split_name

__all__ = [
    "ACCOUNT_NAME",
    "DEMO_RECORDS",
    "SEED_EPOCH",
    "load_prospyr_samples",
    "load_reference",
    "seed_records",
]

ACCOUNT_NAME = "So-and-so Company"
DEMO_RECORDS = 250
SEED_EPOCH = 1_735_689_600  # 2025-01-01T00:00:00Z: the newest seeded modification time

Row = dict[str, Any]

ACTIVITY_TYPES: dict[str, list[Row]] = {
    "user": [
        {"id": 0, "category": "user", "name": "Note", "count_as_interaction": False},
        {"id": 1, "category": "user", "name": "Phone Call", "count_as_interaction": True},
        {"id": 2, "category": "user", "name": "Meeting", "count_as_interaction": True},
        {
            "id": 12345,
            "category": "user",
            "name": "My Custom Activity Type",
            "count_as_interaction": True,
        },
    ],
    "system": [
        {"id": 1, "category": "system", "name": "Property Changed", "count_as_interaction": False},
        {
            "id": 3,
            "category": "system",
            "name": "Pipeline Stage Changed",
            "count_as_interaction": False,
        },
    ],
}

PIPELINES: list[tuple[int, str, list[tuple[int, str, int]]]] = [
    (
        1,
        "Sales",
        [
            (1, "Qualifying", 10),
            (2, "Quoted", 25),
            (3, "Negotiating", 50),
            (4, "Committed", 75),
            (5, "Contract Sent", 90),
            (6, "Closing", 95),
        ],
    ),
    (2, "Renewals", [(7, "Up for Renewal", 50), (8, "Renewal Quoted", 75)]),
]


def load_reference(emu: Any, *, account_name: str = ACCOUNT_NAME) -> None:
    """Fill the account's reference lists (every profile has them)."""
    emu.account = {
        "id": 100624,
        "name": account_name,
        "primary_timezone": "America/Los_Angeles",
        "settings": {
            "setting_team_permissions_enabled": False,
            "setting_enable_leads": emu.leads_enabled,
        },
    }
    emu.users.insert({"id": 1, "name": "Demo User", "email": "demo@example.org", "groups": []}, 1)
    emu.users.bump(1)
    emu.activity_types = {
        cat: [{**t, "is_disabled": False} for t in rows] for cat, rows in ACTIVITY_TYPES.items()
    }
    emu.pipelines = [
        {
            "id": pid,
            "name": name,
            "stages": [{"id": sid, "name": sname, "win_probability": p} for sid, sname, p in st],
        }
        for pid, name, st in PIPELINES
    ]
    emu.loss_reasons = [
        {"id": i, "name": n}
        for i, n in enumerate(["Price", "Timing", "Competitor", "No Budget"], 1)
    ]
    emu.customer_sources = [
        {"id": i, "name": n}
        for i, n in enumerate(["Email", "Cold Call", "Advertising", "Referral"], 1)
    ]
    emu.contact_types = [
        {"id": i, "name": n}
        for i, n in enumerate(
            ["Potential Customer", "Current Customer", "Uncategorized", "Other"], 1
        )
    ]
    emu.lead_statuses = [
        {"id": i, "name": n, "order": i, "is_default": i == 1}
        for i, n in enumerate(["New", "Unqualified", "Contacted", "Qualified"], 1)
    ]
    emu.custom_field_definitions = [
        {
            "id": 1,
            "name": "Region",
            "data_type": "String",
            "available_on": ["lead", "person", "company", "opportunity"],
        },
        {
            "id": 2,
            "name": "Contract Tier",
            "data_type": "Dropdown",
            "available_on": ["opportunity"],
            "options": [
                {"id": 10, "name": "Gold", "rank": 0},
                {"id": 11, "name": "Silver", "rank": 1},
            ],
        },
    ]


_SPECIAL = [
    ("Steve Cognito", "steve@example.org"),
    ("Bones Johannson", "bones@example.org"),
    ("Alfons Tundra", "alfons@example.org"),
]


def _ranks(count: int, rng: random.Random) -> list[int]:
    """Rank (0 = newest by date_modified) per person index; the specials get 0, 1 and 200."""
    special = {0: 0, 1: 1, 2: min(200, count - 1)} if count >= 3 else {i: i for i in range(count)}
    free = [r for r in range(count) if r not in special.values()]
    rng.shuffle(free)
    ranks = []
    for i in range(count):
        ranks.append(special[i] if i in special else free.pop())
    return ranks


def seed_records(emu: Any, records: int, seed: int) -> None:
    """Seed ``records`` people and proportionate linked companies, deals, tasks, activities."""
    fake = FakeData(seed)
    rng = random.Random(seed + 1)

    for uid in range(2, 6):
        first, last = fake.first_name(), fake.last_name()
        emu.users.insert(
            {
                "id": uid,
                "name": f"{first} {last}",
                "email": f"{first}.{last}@so-and-so.example".lower(),
                "groups": [],
            },
            uid,
        )
        emu.users.bump(uid)
    user_ids = [u["id"] for u in emu.users.values()]

    # Companies: every fourth is active in China (the seed's filter example).
    company_ids: list[int] = []
    domains: set[str] = set()
    for n in range(max(3, records // 5)):
        name = fake.company()
        domain = fake.domain(name)
        while domain in domains:
            domain = f"x{len(domains)}{domain}"
        domains.add(domain)
        city, country = fake.city()
        active_cn = n % 4 == 0
        when = SEED_EPOCH - 3600 * (n + 1)
        row = blank("companies", 0, when, emu.custom_fields_for("companies"))
        row.update(
            name=name,
            email_domain=domain,
            address={
                "street": f"{rng.randrange(1, 300)} Harbour Road",
                "city": "Shanghai" if active_cn else city,
                "state": None,
                "postal_code": str(rng.randrange(10000, 99999)),
                "country": "CN" if active_cn else country,
            },
            assignee_id=rng.choice(user_ids),
            phone_numbers=[{"number": fake.phone(), "category": "work"}],
            websites=[{"url": f"https://{domain}", "category": "work"}],
            tags=fake.tags(),
            interaction_count=rng.randrange(10, 60) if active_cn else rng.randrange(0, 10),
            date_last_contacted=when - rng.randrange(0, 86400 * 30),
        )
        company_ids.append(emu.insert("companies", row))

    # People: ids from 1; the seed's three named people first.
    ranks = _ranks(records, rng)
    person_ids: list[int] = []
    for i in range(records):
        title: str | None
        if i < len(_SPECIAL):
            name, email = _SPECIAL[i]
            title = ("CEO", "Head of Sales", "Buyer")[i]
            tags: list[str] = ["vip"] if i == 0 else []
        else:
            p = fake.person(i)
            name, email = f"{p['first_name']} {p['last_name']}", p["email"]
            title, tags = p["title"], p["tags"]
        modified = SEED_EPOCH - 3600 * ranks[i]
        created = modified - 86400 * rng.randrange(1, 400)
        row = blank("people", 0, created, emu.custom_fields_for("people"))
        first_name, last_name = split_name(name)
        company_id = rng.choice(company_ids)
        city, country = fake.city()
        row.update(
            name=name,
            first_name=first_name,
            last_name=last_name,
            emails=[{"email": email, "category": "work"}],
            phone_numbers=[{"number": fake.phone(), "category": "mobile"}],
            title=title,
            tags=tags,
            company_id=company_id,
            company_name=emu.companies.get(company_id)["name"],
            assignee_id=rng.choice(user_ids),
            contact_type_id=rng.choice([1, 2, 3]),
            address={
                "street": None,
                "city": city,
                "state": None,
                "postal_code": None,
                "country": country,
            },
            interaction_count=rng.randrange(0, 25),
            date_last_contacted=modified - rng.randrange(0, 86400 * 10),
            date_modified=modified,
        )
        row["date_created"] = created
        person_ids.append(emu.insert("people", row))

    # Opportunities on the Sales pipeline, each with a primary contact and its company.
    sales_stages = emu.pipelines[0]["stages"]
    opp_ids: list[int] = []
    for n in range(max(2, records // 4)):
        contact = emu.people.get(rng.choice(person_ids))
        stage = rng.choice(sales_stages)
        status = rng.choices(["Open", "Won", "Lost", "Abandoned"], [6, 2, 1, 1])[0]
        when = SEED_EPOCH - 5400 * (n + 1)
        month, day = rng.randrange(1, 13), rng.randrange(1, 29)
        row = blank("opportunities", 0, when - 86400 * 30, emu.custom_fields_for("opportunities"))
        row.update(
            name=f"{contact['company_name']} - {rng.choice(['Licences', 'Renewal', 'Pilot'])}",
            primary_contact_id=contact["id"],
            company_id=contact["company_id"],
            company_name=contact["company_name"],
            assignee_id=rng.choice(user_ids),
            pipeline_id=1,
            pipeline_stage_id=stage["id"],
            win_probability=stage["win_probability"],
            status=status,
            priority=rng.choice(["None", "Low", "Medium", "High"]),
            monetary_value=int(float(fake.amount(1000, 90000))),
            monetary_unit="USD",
            close_date=f"{month}/{day}/2025",
            customer_source_id=rng.choice([1, 2, 3, 4]),
            loss_reason_id=rng.choice([1, 2, 3, 4]) if status == "Lost" else None,
            interaction_count=rng.randrange(0, 40),
            date_stage_changed=when,
            date_modified=when,
        )
        oid = emu.insert("opportunities", row)
        opp_ids.append(oid)
        emu.link(("opportunity", oid), ("person", contact["id"]))

    for n in range(max(2, records // 5)):
        p = fake.person(10_000 + n)
        name = f"{p['first_name']} {p['last_name']}"
        when = SEED_EPOCH - 7200 * (n + 1)
        status = rng.choice(emu.lead_statuses)
        row = blank("leads", 0, when, emu.custom_fields_for("leads"))
        first_name, last_name = split_name(name)
        row.update(
            name=name,
            first_name=first_name,
            last_name=last_name,
            email={"email": p["email"].replace("@", "+lead@"), "category": "work"},
            company_name=p["company"],
            title=p["title"],
            status=status["name"],
            status_id=status["id"],
            customer_source_id=rng.choice([1, 2, 3, 4]),
            monetary_value=int(float(fake.amount(500, 20000))),
            monetary_unit="USD",
            assignee_id=rng.choice(user_ids),
            tags=p["tags"],
        )
        emu.insert("leads", row)

    project_ids = []
    for n in range(max(1, records // 25)):
        when = SEED_EPOCH - 9000 * (n + 1)
        row = blank("projects", 0, when, [])
        target = rng.choice(opp_ids)
        row.update(
            name=f"Onboarding {n + 1}",
            related_resource={"id": target, "type": "opportunity"},
            assignee_id=rng.choice(user_ids),
            status=rng.choice(["Open", "Completed"]),
        )
        pid = emu.insert("projects", row)
        project_ids.append(pid)
        emu.link(("project", pid), ("opportunity", target))

    for n in range(max(2, records // 4)):
        when = SEED_EPOCH - 4000 * (n + 1)
        row = blank("tasks", 0, when, [])
        kind, target = rng.choice(
            [("opportunity", rng.choice(opp_ids)), ("person", rng.choice(person_ids))]
        )
        status = rng.choice(["Open", "Open", "Completed"])
        row.update(
            name=rng.choice(["Call back", "Send quote", "Book demo", "Follow up"]),
            related_resource={"id": target, "type": kind},
            assignee_id=rng.choice(user_ids),
            due_date=SEED_EPOCH + 86400 * rng.randrange(-20, 30),
            priority=rng.choice(["None", "High"]),
            status=status,
            completed_date=when if status == "Completed" else None,
        )
        emu.insert("tasks", row)

    user_types = emu.activity_types["user"][:3]
    for n in range(max(2, records // 2)):
        when = SEED_EPOCH - 2500 * (n + 1)
        kind, target = rng.choice(
            [
                ("person", rng.choice(person_ids)),
                ("company", rng.choice(company_ids)),
                ("opportunity", rng.choice(opp_ids)),
            ]
        )
        activity_type = rng.choice(user_types)
        row = blank("activities", 0, when, [])
        row.update(
            parent={"id": target, "type": kind},
            type={"id": activity_type["id"], "category": "user"},
            user_id=rng.choice(user_ids),
            details=f"{activity_type['name']} #{n + 1}",
            activity_date=when,
        )
        emu.insert("activities", row)


def load_prospyr_samples(emu: Any) -> None:
    """The vendor file's sample payloads (section 10), under their documented ids."""
    emu.account = {**emu.account, "name": "Dev API Sandbox"}
    emu.users.insert(
        {"id": 159258, "name": "Demo User", "email": "demo.user@example.org", "groups": []}, 159258
    )
    emu.users.bump(159258)
    emu.pipelines = [
        {
            "id": 213214,
            "name": "Sales",
            "stages": [{"id": 987790, "name": "Qualified", "win_probability": 5}],
        }
    ]
    person = {
        "id": 1,
        "name": "Jon Lee",
        "prefix": None,
        "first_name": "Jon",
        "middle_name": None,
        "last_name": "Lee",
        "suffix": None,
        "address": {
            "street": "221 Main Street Suite 1350",
            "city": "San Francisco",
            "state": "CA",
            "postal_code": "94107",
            "country": "US",
        },
        "assignee_id": 1,
        "company_id": 1,
        "company_name": "ProsperWorks",
        "contact_type_id": 1,
        "details": "Founder of the simple CRM for Google Apps",
        "emails": [
            {"email": "support@prosperworks.com", "category": "work"},
            {"email": "support_1@prosperworks.com", "category": "work"},
        ],
        "phone_numbers": [
            {"number": "408-555-1212", "category": "mobile"},
            {"number": "415-555-1212", "category": "work"},
        ],
        "socials": [
            {"url": "https://www.linkedin.com/company/prosperworks-inc-", "category": "linkedin"},
            {"url": "https://www.facebook.com/ProsperWorks", "category": "facebook"},
        ],
        "tags": ["High Value", "New Business"],
        "title": "Chief Executive Officer",
        "websites": [
            {"url": "https://www.prosperworks.com", "category": "work"},
            {"url": "https://www.prosperworks.com/blog", "category": "other"},
        ],
        "date_created": 1420070400,
        "date_modified": 1434585439,
        "custom_fields": [
            {"custom_field_definition_id": 123, "value": "string value"},
            {"custom_field_definition_id": 456, "value": "06/20/2015"},
        ],
        "interaction_count": 0,
        "date_last_contacted": None,
        "leads_converted_from": [],
        "date_lead_created": None,
    }
    emu.insert("people", person, key=1)
    company = blank("companies", 1, 1420070400, [])
    company.update(name="ProsperWorks", email_domain="prosperworks.com")
    emu.insert("companies", company, key=1)
    opportunity = blank("opportunities", 14161592, 1539192375, [])
    opportunity.update(
        name="Company2",
        assignee_id=659394,
        close_date="11/10/2018",
        company_id=28729196,
        company_name="Company2",
        pipeline_id=531482,
        pipeline_stage_id=2607171,
        primary_contact_id=67243374,
        priority="High",
        status="Open",
        interaction_count=36,
        monetary_unit="USD",
        monetary_value=77000.0,
        win_probability=None,
        date_stage_changed=1551191957,
        date_last_contacted=1552339800,
        date_modified=1552340016,
    )
    emu.insert("opportunities", opportunity, key=14161592)
    lead = blank("leads", 8894157, 1489018922, [])
    lead.update(
        name="Lead Sample",
        first_name="Lead",
        last_name="Sample",
        email={"email": "address@workemail.com", "category": "work"},
        status="New",
        status_id=1,
        monetary_value=100,
        customer_source_id=331241,
    )
    emu.insert("leads", lead, key=8894157)
    task = {
        "id": 3716920,
        "name": "My First Task",
        "related_resource": {"id": 144296, "type": "project"},
        "assignee_id": 137658,
        "due_date": 1496799000,
        "reminder_date": None,
        "completed_date": None,
        "priority": "None",
        "status": "Open",
        "details": None,
        "tags": [],
        "custom_fields": [],
        "custom_activity_type_id": None,
        "date_created": 1496712856,
        "date_modified": 1496712857,
    }
    emu.insert("tasks", task, key=3716920)
    activity = {
        "id": 3061844454,
        "parent": {"id": 9607580, "type": "company"},
        "type": {"id": 190711, "category": "user"},
        "user_id": 137658,
        "details": "Demo phone call",
        "activity_date": 1496710783,
        "old_value": None,
        "new_value": None,
        "date_created": 1496710787,
        "date_modified": 1496710783,
    }
    emu.insert("activities", activity, key=3061844454)
    emu.webhooks.insert(
        {
            "id": 17065,
            "target": "https://your.endpoint.here",
            "type": "lead",
            "event": "update",
            "secret": {"secret": "hook_source", "key": "copper_notifications"},
            "created_at": 1489173015,
        },
        17065,
    )
    emu.webhooks.bump(17065)
