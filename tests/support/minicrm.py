""" "minicrm": a tiny CRM vendor living outside the crmkit packages, for unified and sync tests.

It has what the sync engine needs from a vendor (paged contacts with a modified-time filter,
create/update/delete, lookup by email, 409 on a duplicate email) and nothing else, so the unified
client and the sync engine can be tested on their own, before and besides the five real vendors.
It registers through a dist-info entry point written by :func:`install`, like a third-party
package would.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import httpx

from crmkit.core import (
    AsyncAPIClient,
    BearerAuth,
    CredentialField,
    Endpoint,
    ErrorDetails,
    Page,
    PageNumberPagination,
    Paginator,
    SyncAPIClient,
    VendorSpec,
    build_path,
    read_json,
)
from crmkit.core.emulator import (
    EmuError,
    Emulator,
    EmulatorOptions,
    EmuRequest,
    EmuResponse,
    FakeData,
    Router,
    Table,
    json_response,
)
from crmkit.core.unified import (
    Contact,
    EmailAddress,
    EntityAdapter,
    EntityCapabilities,
    Mapped,
    PhoneNumber,
    UnifiedBackend,
)

from .distinfo import write_vendor_dist_info

BASE_PATH = "/mini/v1"


class MiniCrmEmulator(Emulator):
    vendor = "minicrm"
    base_path = BASE_PATH

    def setup_routes(self, router: Router) -> None:
        self.contacts: Table[dict[str, Any]] = Table()
        self._tick = itertools.count()
        self._tick_lock = threading.Lock()
        router.add("GET", "/contacts", self.list_contacts)
        router.add("POST", "/contacts", self.create)
        router.add("GET", "/contacts/search", self.search)
        router.add("GET", "/contacts/{id:int}", self.get)
        router.add("PATCH", "/contacts/{id:int}", self.patch)
        router.add("DELETE", "/contacts/{id:int}", self.delete)

    def now(self) -> float:
        # Strictly increasing modified times even when the clock stands still.
        with self._tick_lock:
            return round(self.clock(), 3) + next(self._tick) / 1_000_000

    def authenticate(self, request: EmuRequest) -> str | EmuResponse:
        header = request.headers.get("authorization", "")
        if not header.startswith("Bearer ") or len(header) < 8:
            return json_response({"error": "unauthorized"}, status=401)
        token = header[7:]
        if self.allowed_credentials is not None and token not in self.allowed_credentials:
            return json_response({"error": "unauthorized"}, status=401)
        return token

    def error_response(self, status: int, message: str, **extra: Any) -> EmuResponse:
        return json_response({"error": message, **extra}, status=status)

    def seed_data(self, records: int, seed: int) -> None:
        fake = FakeData(seed)
        for n in range(records):
            p = fake.person(n)
            self._insert(
                {
                    "name": f"{p['first_name']} {p['last_name']}",
                    "email": p["email"],
                    "phone": p["phone"],
                    "tags": p["tags"],
                }
            )

    def _insert(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        cid = self.contacts.next_id()
        now = self.now()
        row = {"id": cid, "name": None, "email": None, "phone": None, "tags": [], **fields}
        row.update(created_at=now, updated_at=now)
        self.contacts.insert(row, cid)
        return row

    def _row(self, request: EmuRequest) -> dict[str, Any]:
        row = self.contacts.get(request.path_params["id"])
        if row is None:
            raise EmuError(404, "contact not found")
        return row

    def list_contacts(self, request: EmuRequest) -> EmuResponse:
        page = int(request.query.get("page", "1"))
        size = int(request.query.get("size", "50"))
        if page < 1 or not 1 <= size <= 500:
            raise EmuError(400, "bad paging")
        rows = self.contacts.values()
        since = request.query.get("updated_since")
        if since is not None:
            rows = [r for r in rows if r["updated_at"] >= float(since)]
        rows.sort(key=lambda r: (r["updated_at"], r["id"]))
        chunk = rows[(page - 1) * size : page * size]
        return json_response(chunk, headers={"X-Total": str(len(rows))})

    def _check(self, body: Any, *, exclude: int | None = None) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise EmuError(400, "body must be an object")
        allowed = {"name", "email", "phone", "tags"}
        if set(body) - allowed:
            raise EmuError(400, f"unknown fields: {sorted(set(body) - allowed)}")
        email = body.get("email")
        if email and self.options.settings.get("unique_emails", True):
            for row in self.contacts.values():
                if row["id"] != exclude and (row["email"] or "").lower() == email.lower():
                    raise EmuError(409, "email already exists", id=row["id"])
        return body

    def create(self, request: EmuRequest) -> EmuResponse:
        with self.contacts.lock:
            body = self._check(request.json())
            return json_response(self._insert(body), status=201)

    def get(self, request: EmuRequest) -> EmuResponse:
        return json_response(self._row(request))

    def patch(self, request: EmuRequest) -> EmuResponse:
        with self.contacts.lock:
            row = self._row(request)
            body = self._check(request.json(), exclude=row["id"])
            row.update(body)
            row["updated_at"] = self.now()
            return json_response(row)

    def delete(self, request: EmuRequest) -> EmuResponse:
        row = self._row(request)
        self.contacts.delete(row["id"])
        return json_response({"deleted": row["id"]})

    def search(self, request: EmuRequest) -> EmuResponse:
        email = request.query.get("email", "").lower()
        rows = [r for r in self.contacts.values() if (r["email"] or "").lower() == email]
        return json_response(rows)


def create_emulator(options: EmulatorOptions) -> MiniCrmEmulator:
    return MiniCrmEmulator(options)


# -- client side -----------------------------------------------------------------------------


def _error_details(response: httpx.Response) -> ErrorDetails:
    try:
        body = response.json()
    except ValueError:
        return ErrorDetails(body=response.text)
    return ErrorDetails(message=body.get("error") if isinstance(body, dict) else None, body=body)


def _ts(value: Any) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(float(value), UTC)


def to_unified_contact(wire: Mapping[str, Any]) -> Contact:
    return Contact(
        remote_id=str(wire["id"]),
        vendor="minicrm",
        name=wire.get("name"),
        emails=[EmailAddress(address=wire["email"])] if wire.get("email") else [],
        phones=[PhoneNumber(number=wire["phone"])] if wire.get("phone") else [],
        tags=list(wire.get("tags") or []),
        created_at=_ts(wire.get("created_at")),
        updated_at=_ts(wire.get("updated_at")),
        remote_data=dict(wire),
    )


def from_unified_contact(contact: Contact, *, partial: bool = False) -> Mapped:
    fields = contact.model_fields_set if partial else set(type(contact).model_fields)
    payload: dict[str, Any] = {}
    dropped: list[str] = []
    if "name" in fields or "first_name" in fields or "last_name" in fields:
        payload["name"] = contact.display_name
    if "emails" in fields:
        payload["email"] = contact.primary_email
        if len(contact.emails) > 1:
            dropped.append("emails[1:]")
    if "phones" in fields:
        payload["phone"] = contact.phones[0].number if contact.phones else None
    if "tags" in fields:
        payload["tags"] = list(contact.tags)
    for name in ("addresses", "websites", "title", "company_id", "company_name", "custom_fields"):
        if name in fields and getattr(contact, name):
            dropped.append(name)
    return Mapped(payload, tuple(dropped))


class ContactsAdapter(EntityAdapter[Contact]):
    entity = "contacts"
    model = Contact

    def list(
        self, *, updated_since: datetime | None = None, page_size: int | None = None
    ) -> Paginator[Contact]:
        since = None if updated_since is None else updated_since.timestamp()

        def make(page: int, size: int) -> Endpoint[Page[Contact]]:
            def parse(r: httpx.Response) -> Page[Contact]:
                return Page(
                    [to_unified_contact(w) for w in read_json(r)], int(r.headers["X-Total"])
                )

            return Endpoint(
                method="GET",
                path="contacts",
                params={"page": page, "size": size, "updated_since": since},
                parse=parse,
            )

        return PageNumberPagination(make, page_size=page_size or 50, trust_total=True)

    def get(self, remote_id: str) -> Endpoint[Contact]:
        return Endpoint(
            method="GET",
            path=build_path("contacts/{id}", id=remote_id),
            parse=lambda r: to_unified_contact(read_json(r)),
        )

    def create(self, record: Contact) -> Endpoint[Contact]:
        mapped = from_unified_contact(record)

        def parse(r: httpx.Response) -> Contact:
            created = to_unified_contact(read_json(r))
            created.with_dropped(mapped.dropped)
            return created

        return Endpoint(
            method="POST",
            path="contacts",
            json=mapped.payload,
            parse=parse,
            natural_key="email",
        )

    def update(self, remote_id: str, record: Contact) -> Endpoint[Contact]:
        mapped = from_unified_contact(record, partial=True)

        def parse(r: httpx.Response) -> Contact:
            return to_unified_contact(read_json(r)).with_dropped(mapped.dropped)  # type: ignore[return-value]

        return Endpoint(
            method="PATCH",
            path=build_path("contacts/{id}", id=remote_id),
            json=mapped.payload,
            parse=parse,
            idempotent=True,
        )

    def delete(self, remote_id: str) -> Endpoint[None]:
        return Endpoint(
            method="DELETE", path=build_path("contacts/{id}", id=remote_id), parse=lambda r: None
        )

    def find(self, key: str, value: str) -> Endpoint[list[Contact]]:
        return Endpoint(
            method="GET",
            path="contacts/search",
            params={"email": value},
            parse=lambda r: [to_unified_contact(w) for w in read_json(r)],
        )


class MiniCrmBackend(UnifiedBackend):
    vendor: ClassVar[str] = "minicrm"

    @property
    def adapters(self) -> dict[str, EntityAdapter[Any]]:
        caps = EntityCapabilities(
            entity="contacts",
            operations=frozenset({"list", "get", "create", "update", "delete", "find"}),
            updated_since="server",
            match_keys=("email",),
            sorted_by_updated=True,
            max_page_size=500,
        )
        return {"contacts": ContactsAdapter("minicrm", caps)}

    def api_client(
        self, *, asynchronous: bool = False, **options: Any
    ) -> SyncAPIClient | AsyncAPIClient:
        kwargs: dict[str, Any] = {
            "vendor": "minicrm",
            "default_base_url": "https://minicrm.example/mini/v1/",
            "base_url": self.settings.get("base_url"),
            "auth": BearerAuth(self.settings["token"]),
            "error_details": _error_details,
            **options,
        }
        return AsyncAPIClient(**kwargs) if asynchronous else SyncAPIClient(**kwargs)

    def vendor_client(self, api: SyncAPIClient | AsyncAPIClient) -> Any:
        return api

    @classmethod
    def demo_settings(cls) -> dict[str, Any]:
        return {"token": "demo-token"}


SPEC = VendorSpec(
    name="minicrm",
    title="MiniCRM (test vendor)",
    distribution="crmkit-test-minicrm",
    module="support.minicrm",
    default_base_url="https://minicrm.example/mini/v1/",
    credentials=(CredentialField("token", secret=True, description="API token"),),
    emulator="support.minicrm:create_emulator",
    unified="support.minicrm:MiniCrmBackend",
    entities=("contacts",),
    description="A test vendor for the unified client and the sync engine.",
)


def install(site: Path) -> Path:
    """Write a dist-info declaring the minicrm vendor into ``site``; return ``site``."""
    return write_vendor_dist_info(site, "crmkit-test-minicrm", "minicrm", "support.minicrm:SPEC")
