"""Shared helpers for the ContactHub tests: emulator factories, raw-request helpers, samples."""

from __future__ import annotations

import json
from typing import Any

import httpx

from crmkit.contacthub.emulator import ContactHubEmulator
from crmkit.core.emulator import EmulatorOptions

TOKEN = "ch-canary-token-5f1e9a7c"
ROOT = "https://api.contactlab.it/hub/v1/workspaces"

SAMPLE_CUSTOMER: dict[str, Any] = {
    "id": "b6023673-b47a-4654-a53c-74bbc0204a20",
    "nodeId": "91316725-a4c2-420b-a3f3-2556b3630444",
    "externalId": None,
    "extra": "extra",
    "registeredAt": "2017-03-09T11:31:31.842+0000",
    "updatedAt": "2017-03-09T11:31:31.842+0000",
    "enabled": True,
    "base": {
        "pictureUrl": None,
        "title": None,
        "prefix": None,
        "firstName": None,
        "lastName": None,
        "middleName": None,
        "gender": None,
        "dob": None,
        "locale": None,
        "timezone": None,
        "contacts": {
            "email": "email@email.email",
            "fax": None,
            "mobilePhone": None,
            "phone": None,
            "otherContacts": [],
            "mobileDevices": [],
        },
        "address": None,
        "credential": None,
        "educations": [],
        "likes": [],
        "socialProfile": None,
        "jobs": [],
        "subscriptions": [],
    },
    "extended": None,
    "tags": {"manual": ["manual"], "auto": ["auto"]},
}

SAMPLE_EVENT: dict[str, Any] = {
    "id": "79d178d4-88a0-4cc9-9c62-907351cc1461",
    "customerId": "46cf4766-770b-4e2f-b5e2-c82273e45ab9",
    "bringBackProperties": {
        "type": "EXTERNAL_ID",
        "value": "02",
        "nodeId": "91316725-a4c2-420b-a3f3-2556b3630444",
    },
    "type": "viewedProductCategory",
    "context": "IOT",
    "date": "2017-04-03T13:47:23.093+0000",
    "properties": {"category": "category", "extraProperties": {"a": "b"}},
    "contextInfo": {"client": {"userAgent": "python-requests/2.13.0", "ip": "172.16.16.1"}},
    "registeredAt": "2017-04-03T13:47:23.103+0000",
    "updatedAt": "2017-04-03T13:47:23.103+0000",
    "tracking": None,
}

SAMPLE_CONFLICT: dict[str, Any] = {
    "message": "Conflict with exiting customer fa2deda3-6331-43f9-b73c-0e2cabf9b40e",
    "logref": "5c38ce36-3069-4ad6-9dee-04adc6c483c6",
    "data": {
        "customer": {
            "id": "fa2deda3-6331-43f9-b73c-0e2cabf9b40e",
            "href": "https://api.contactlab.it/hub/v1/workspaces/0aea7919-57cd-4260-910e-8b1ae53a7259/customers/fa2deda3-6331-43f9-b73c-0e2cabf9b40e",
        }
    },
    "errors": [],
}

SAMPLE_SUBSCRIPTION = {
    "id": "subscription",
    "name": None,
    "type": None,
    "kind": "DIGITAL_MESSAGE",
    "subscribed": True,
    "startDate": "2022-02-22T20:22:22.215+0000",
    "endDate": None,
    "subscriberId": None,
    "registeredAt": None,
    "updatedAt": None,
    "preferences": [],
}


def make_emulator(records: int = 0, **settings: Any) -> ContactHubEmulator:
    """A fresh emulator (``settings`` go to ``EmulatorOptions.settings``)."""
    return ContactHubEmulator(EmulatorOptions(records=records, settings=settings))


def page(
    elements: list[Any], total: int | None = None, number: int = 0, size: int = 10
) -> dict[str, Any]:
    """A page envelope as ContactHub sends it."""
    total = len(elements) if total is None else total
    pages = -(-total // size) if total else 0
    return {
        "elements": elements,
        "page": {
            "size": size,
            "totalElements": total,
            "totalUnfilteredElements": total,
            "totalPages": pages,
            "number": number,
        },
    }


class Raw:
    """Raw httpx requests to an emulator, built from the vendor file (not the client)."""

    def __init__(self, emulator: ContactHubEmulator, token: str | None = TOKEN) -> None:
        self.http = httpx.Client(transport=emulator.transport(), base_url="https://emu.test")
        self.token = token

    def __call__(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        sent = {"Content-Type": "application/json"}
        if self.token is not None:
            sent["Authorization"] = f"Bearer {self.token}"
        sent.update(headers or {})
        content = json.dumps(json_body).encode() if json_body is not None else None
        return self.http.request(
            method, "/hub/v1/workspaces" + path, content=content, params=params, headers=sent
        )

    def customer(self, ws: str = "ws", node: str = "node", **body: Any) -> dict[str, Any]:
        """Create a customer and return it."""
        response = self("POST", f"/{ws}/customers", json_body={"nodeId": node, **body})
        assert response.status_code == 201, response.text
        return response.json()  # type: ignore[no-any-return]


def plant(
    emulator: ContactHubEmulator,
    customer_id: str,
    ws: str = "workspace_id",
    node: str = "node_id",
    **fields: Any,
) -> dict[str, Any]:
    """Store a customer with a chosen id directly in the emulator (test set-up only)."""
    from crmkit.contacthub.emulator._schema import normalise_customer

    state = emulator.workspaces.get(ws)
    if state is None:
        state = emulator.add_workspace(ws)
    now = emulator.now()
    doc = normalise_customer(
        {"id": customer_id, "nodeId": node, "registeredAt": now, "updatedAt": now, **fields}
    )
    state.customers[customer_id] = doc
    return doc
