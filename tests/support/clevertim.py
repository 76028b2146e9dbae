"""Shared helpers for the Clevertim tests: sample payloads from the vendor notes (§9), raw
emulator clients built from the wire facts (not from crmkit's client), and small builders."""

from __future__ import annotations

import base64
import copy
from typing import Any

import httpx

from crmkit.clevertim.emulator import ClevertimEmulator, create_emulator
from crmkit.core.emulator import EmulatorOptions

KEY = "KEY123"
KEY_HEADER = "Basic S0VZMTIzOlg="  # base64("KEY123:X"), vendor notes §1
SEED_KEY = "ITHkCPbXdOWfGNTj5qOzNJkceftfRWwGXtrU39exmW0UzVwKUiZ1343"
BASE = "https://www.clevertim.com/api/"
FIXED_NOW = 1_717_243_200.0  # 2024-06-01T12:00:00Z


def basic(key: str, password: str = "X") -> str:
    """An Authorization header value, computed independently of crmkit."""
    return "Basic " + base64.b64encode(f"{key}:{password}".encode()).decode("ascii")


def emulator(records: int = 20, **kwargs: Any) -> ClevertimEmulator:
    """A seeded emulator with a fixed clock."""
    kwargs.setdefault("clock", lambda: FIXED_NOW)
    return create_emulator(EmulatorOptions(records=records, **kwargs))


def raw_client(emu: ClevertimEmulator, key: str | None = KEY, **headers: str) -> httpx.Client:
    """A plain httpx client on the emulator's transport, with Basic auth built by hand."""
    all_headers = {"Content-Type": "application/json", "Accept": "application/json", **headers}
    if key is not None:
        all_headers["Authorization"] = basic(key)
    return httpx.Client(transport=emu.transport(), base_url=BASE, headers=all_headers)


def ok(response: httpx.Response) -> list[Any]:
    """The content of a 200 envelope (asserting its shape)."""
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "OK"
    return list(body["content"])


def error(response: httpx.Response, status: int) -> str:
    """The error message of an error envelope (asserting status and shape)."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"status", "error"} and body["status"] == "ERROR"
    return str(body["error"])


SAMPLE_CONTACT: dict[str, Any] = {
    "id": 812,
    "fn": "Ada",
    "ln": "Quill",
    "title": "Buyer",
    "description": "met at expo",
    "is_company": False,
    "companyId": 811,
    "email": ["ada@quill.example"],
    "website": ["https://quill.example"],
    "phones": [{"type": "Mobile", "no": "+44 7700 900123"}],
    "smids": [{"type": "LinkedIn", "smid": "adaquill"}],
    "address": "1 High St",
    "city": "Leeds",
    "postcode": "LS1 1AA",
    "region": "GB-LDS",
    "country": "GB",
    "ctype": "P",
    "cf": {"4": "2024-03-01", "8": "Gold"},
    "tags": ["expo"],
    "notes": [40],
    "opportunities": [31],
    "tasks": [7],
    "cases": [],
    "files": [],
    "lfiles": [],
    "lc": "2024-03-02T10:00:00Z",
    "cphoto": "ada.jpg",
    "is_private": False,
    "gid": 0,
    "puser": None,
    "ao": "2024-03-01T09:00:00Z",
    "lm": "2024-03-02T10:00:00Z",
}
SAMPLE_COMPANY: dict[str, Any] = {
    k: v for k, v in SAMPLE_CONTACT.items() if k not in ("fn", "ln", "title", "companyId")
} | {"id": 811, "cn": "Quill Ltd", "is_company": True}
SAMPLE_OPPORTUNITY: dict[str, Any] = {
    "id": 31,
    "name": "Pilot",
    "description": "",
    "status": "Open",
    "leadUser": 3,
    "value": "2500",
    "currency": "GBP",
    "cust": 812,
    "cf": {},
    "tags": [],
    "tasks": [7],
    "notes": [40],
    "userId": 3,
}
SAMPLE_CASE: dict[str, Any] = {
    "id": 5,
    "name": "Login issue",
    "leadUser": 3,
    "cust": 811,
    "cf": {"9": ["3", "4"]},
    "tags": ["support"],
    "tasks": [],
    "notes": [],
}
SAMPLE_TASK: dict[str, Any] = {
    "id": 7,
    "name": "Call back",
    "atype": "Call",
    "location": "",
    "cust": 812,
    "case": None,
    "opp": 31,
    "startDate": {"y": 2024, "mo": 3, "d": 4, "h": 9, "mi": 30},
    "endDate": {"y": 2024, "mo": 3, "d": 4},
    "aUserId": 3,
    "userId": 3,
    "is_completed": False,
    "is_deleted": False,
    "rec": "W",
    "recevery": 2,
    "recopts": {"type": "weekday"},
    "comments": [41],
}
SAMPLE_NOTE: dict[str, Any] = {
    "id": 40,
    "desc": "Sent pricing",
    "type": "S",
    "hl": "Pricing",
    "cust": [812],
    "case": None,
    "opportunity": 31,
    "comments": [],
    "userId": 3,
    "delvry": "N",
    "email": {
        "f": "sam@x.example",
        "s": "Pricing",
        "t": [{"e": "ada@quill.example", "s": "s"}],
        "c": [{"e": "old@quill.example", "s": "b", "t": "Invalid address"}],
        "b": [],
    },
}
SAMPLE_COMMENT: dict[str, Any] = {
    "id": 41,
    "comment": "moved to Friday",
    "nid": None,
    "tid": 7,
    "userId": 3,
}
SAMPLE_CUSTOM_FIELD: dict[str, Any] = {
    "id": 8,
    "name": "Tier",
    "fullname": "Tier",
    "elemType": "select",
    "modelType": ["customers", "companies"],
    "values": ["Gold", "Silver"],
    "multiple": False,
    "app": None,
}
SAMPLE_USER: dict[str, Any] = {
    "id": 3,
    "user": "Sam Lee",
    "email": "sam@x.example",
    "is_owner": True,
    "is_admin": True,
    "permissions": ["canexport", "canedit", "candelete"],
    "pending": False,
}
SAMPLE_GROUP: dict[str, Any] = {"id": 1, "name": "Sales", "gid": 2, "users": [3, 4]}


def envelope(*elements: dict[str, Any]) -> dict[str, Any]:
    """A success envelope around copies of ``elements``."""
    return {"status": "OK", "content": [copy.deepcopy(e) for e in elements]}
