"""Shared helpers for the ProsperWorks tests: emulators, clients, raw requests, samples.

Raw requests (``raw_client``) are built from the vendor file only, never through crmkit's
client code, so a mistake shared by the client and the emulator cannot hide.
"""

from __future__ import annotations

import copy
from typing import Any

import httpx

from crmkit.core.emulator import EmulatorOptions, Faults
from crmkit.prosperworks import AsyncClient, Client
from crmkit.prosperworks.emulator import ProsperWorksEmulator, create_emulator

ROOT = "https://api.copper.com/developer_api/"
API = ROOT + "v1/"
EMAIL = "user@domain.tld"
TOKEN = "1aefcc3-canary-token-5b7d"

HEADERS = {
    "X-PW-AccessToken": TOKEN,
    "X-PW-UserEmail": EMAIL,
    "X-PW-Application": "developer_api",
    "Content-Type": "application/json",
}


class FakeClock:
    """An epoch clock that only moves when told to."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_emulator(
    profile: str = "empty",
    *,
    records: int = 0,
    rate_limit: int | None = 0,
    faults: Faults | None = None,
    credentials: list[str] | None = None,
    clock: Any = None,
    **settings: Any,
) -> ProsperWorksEmulator:
    """An emulator with the rate limit off unless asked (tests opt in to 429s)."""
    options = EmulatorOptions(
        records=records,
        rate_limit=rate_limit,
        faults=faults,
        credentials=credentials,
        settings={"profile": profile, **settings},
    )
    if clock is not None:
        options.clock = clock
    return create_emulator(options)


def raw_client(emulator: ProsperWorksEmulator, **headers: str) -> httpx.Client:
    """An httpx client on the emulator with the vendor file's headers (overridable)."""
    merged = {**HEADERS, **headers}
    return httpx.Client(
        transport=emulator.transport(),
        base_url=API,
        headers={k: v for k, v in merged.items() if v is not None},
    )


class SleepRecorder:
    """Records sleeps instead of sleeping (sync and async)."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.calls.append(seconds)


def make_client(emulator: ProsperWorksEmulator | None = None, **kwargs: Any) -> Client:
    """A typed client on the emulator: no client-side limiter, no real sleeping."""
    kwargs.setdefault("rate_limit", None)
    kwargs.setdefault("sleep", SleepRecorder())
    if emulator is not None:
        kwargs.setdefault("transport", emulator.transport())
    kwargs.setdefault("email", EMAIL)
    kwargs.setdefault("token", TOKEN)
    return Client(**kwargs)


def make_async_client(emulator: ProsperWorksEmulator | None = None, **kwargs: Any) -> AsyncClient:
    """The async twin of :func:`make_client`."""
    kwargs.setdefault("rate_limit", None)
    kwargs.setdefault("sleep", SleepRecorder().async_sleep)
    if emulator is not None:
        kwargs.setdefault("transport", emulator.transport())
    kwargs.setdefault("email", EMAIL)
    kwargs.setdefault("token", TOKEN)
    return AsyncClient(**kwargs)


# -- the vendor file's sample payloads (section 10) ----------------------------------------------

PERSON_SAMPLE: dict[str, Any] = {
    "id": 1,
    "name": "Jon Lee",
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
}

OPPORTUNITY_SAMPLE: dict[str, Any] = {
    "id": 14161592,
    "name": "Company2",
    "assignee_id": 659394,
    "close_date": "11/10/2018",
    "company_id": 28729196,
    "company_name": "Company2",
    "customer_source_id": None,
    "details": None,
    "loss_reason_id": None,
    "pipeline_id": 531482,
    "pipeline_stage_id": 2607171,
    "primary_contact_id": 67243374,
    "priority": "High",
    "status": "Open",
    "tags": [],
    "interaction_count": 36,
    "monetary_unit": "USD",
    "monetary_value": 77000.0,
    "win_probability": None,
    "date_stage_changed": 1551191957,
    "date_last_contacted": 1552339800,
    "date_created": 1539192375,
    "date_modified": 1552340016,
}

LEAD_SAMPLE: dict[str, Any] = {
    **{k: v for k, v in PERSON_SAMPLE.items() if k not in ("emails", "company_id")},
    "id": 8894157,
    "email": {"email": "address@workemail.com", "category": "work"},
    "status": "New",
    "status_id": 208231,
    "monetary_value": 100,
    "customer_source_id": 331241,
}

ACTIVITY_TYPES_SAMPLE: dict[str, Any] = {
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
for _rows in ACTIVITY_TYPES_SAMPLE.values():
    for _row in _rows:
        _row["is_disabled"] = False

PIPELINES_SAMPLE = [
    {
        "id": 213214,
        "name": "Sales",
        "stages": [{"id": 987790, "name": "Qualified", "win_probability": 5}],
    }
]
ACCOUNT_SAMPLE = {"id": 100624, "name": "Dev API Sandbox"}
USER_SAMPLE = {"id": 159258, "name": "Demo User", "email": "demo.user@example.org"}
TASK_SAMPLE: dict[str, Any] = {
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
    "date_created": 1496712856,
    "date_modified": 1496712857,
}
ACTIVITY_SAMPLE: dict[str, Any] = {
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
WEBHOOK_SAMPLE: dict[str, Any] = {
    "target": "https://your.endpoint.here",
    "type": "lead",
    "event": "update",
    "secret": {"secret": "hook_source", "key": "copper_notifications"},
    "id": 17065,
    "created_at": 1489173015,
}


def sample(name: str) -> Any:
    """A deep copy of a sample payload (tests may mutate it)."""
    return copy.deepcopy(globals()[name])
