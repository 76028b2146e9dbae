"""ContactHub in crmkit's unified layer: contacts (customers) and events.

Mappings (``to_unified_*`` / ``from_unified_*``) and one :class:`EntityAdapter` per entity,
sans-IO like the endpoints. What ContactHub cannot hold is reported in ``dropped``, never lost
silently.

Contacts <-> customers: ``first_name``/``last_name`` <-> ``base.firstName``/``lastName``;
the first email <-> ``base.contacts.email``, more emails <-> ``otherContacts`` of type EMAIL;
phones labelled ``phone``/``mobile``/``fax`` <-> ``base.contacts.phone``/``mobilePhone``/``fax``,
others <-> ``otherContacts`` (PHONE/MOBILE/FAX, label in ``name``); the first address <->
``base.address`` (``state`` = ``province``, ``postal_code`` = ``zip``); websites labelled as a
social network <-> ``base.socialProfile``; ``title``/``company_name`` <-> the current job in
``base.jobs``; ``external_id`` <-> ``externalId``; ``tags`` <-> ``tags.manual``;
``description`` <-> ``extra``; ``custom_fields`` <-> ``extended`` (scalar values).
``updated_since`` is served by the server: a query ``updatedAt GTE <since>`` sorted by
``updatedAt`` ascending (the query language compares dates chronologically, vendor file §5.1;
UNCERTAIN on the live API, which documents ``registeredAt`` in examples).

Events: ``type`` <-> ``type``, ``occurred_at`` <-> ``date``, ``contact_id`` <-> ``customerId``,
``custom_fields`` <-> scalar ``properties`` plus ``context`` (default ``OTHER``). Event lists
filter on the event ``date``, not ``updatedAt``, so ``updated_since`` is applied client-side.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from crmkit.core import (
    AsyncAPIClient,
    Endpoint,
    Flow,
    InvalidArgument,
    Page,
    PageNumberPagination,
    Paginator,
    SyncAPIClient,
)
from crmkit.core.unified import (
    Address,
    Contact,
    EmailAddress,
    EntityAdapter,
    EntityCapabilities,
    Event,
    Mapped,
    PhoneNumber,
    UnifiedBackend,
    Website,
)

from . import _endpoints as ep
from . import _flows
from ._client import AsyncClient, Client, core_client_options
from ._encoding import format_api_datetime, parse_api_datetime

__all__ = [
    "ContactHubBackend",
    "ContactsAdapter",
    "EventsAdapter",
    "backend",
    "from_unified_contact",
    "from_unified_event",
    "to_unified_contact",
    "to_unified_event",
]

VENDOR = "contacthub"
_SOCIAL = ("facebook", "google", "instagram", "linkedin", "qzone", "twitter")
_PHONE_SLOTS = {"phone": "phone", "mobile": "mobilePhone", "fax": "fax"}
_PHONE_TYPES = {"mobile": "MOBILE", "fax": "FAX"}
_PRIMARY_JOB_ID = "crmkit-primary-job"


def _time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return parse_api_datetime(str(value))
    except ValueError:
        return None


def _custom_value(value: Any) -> Any:
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise TypeError


def _wire_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)  # JSON has no decimal; a string keeps every digit
    if isinstance(value, datetime):
        return format_api_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _current_job(base: Mapping[str, Any]) -> Mapping[str, Any] | None:
    jobs = [j for j in base.get("jobs") or [] if isinstance(j, Mapping)]
    for job in jobs:
        if job.get("isCurrent"):
            return job
    return jobs[0] if jobs else None


# -- contacts -------------------------------------------------------------------------------------


def to_unified_contact(wire: Mapping[str, Any]) -> Contact:
    """A unified :class:`Contact` from a ContactHub customer."""
    base = wire.get("base") or {}
    contacts = base.get("contacts") or {}
    emails: list[EmailAddress] = []
    phones: list[PhoneNumber] = []
    if contacts.get("email"):
        emails.append(EmailAddress(address=contacts["email"]))
    for label, key in _PHONE_SLOTS.items():
        if contacts.get(key):
            phones.append(PhoneNumber(number=contacts[key], label=label))
    for other in contacts.get("otherContacts") or []:
        if not isinstance(other, Mapping) or not other.get("value"):
            continue
        kind = other.get("type")
        if kind == "EMAIL":
            emails.append(EmailAddress(address=other["value"], label=other.get("name")))
        elif kind in ("PHONE", "MOBILE", "FAX"):
            label = other.get("name") or str(kind).lower()
            phones.append(PhoneNumber(number=other["value"], label=label))
    addresses = []
    address = base.get("address")
    if isinstance(address, Mapping) and any(
        address.get(k) for k in ("street", "city", "country", "province", "zip")
    ):
        addresses.append(
            Address(
                street=address.get("street"),
                city=address.get("city"),
                state=address.get("province"),
                postal_code=address.get("zip"),
                country=address.get("country"),
            )
        )
    social = base.get("socialProfile") or {}
    websites = [Website(url=social[k], label=k) for k in _SOCIAL if social.get(k)]
    job = _current_job(base) or {}
    custom: dict[str, Any] = {}
    for key, value in (wire.get("extended") or {}).items():
        try:
            custom[key] = _custom_value(value)
        except TypeError:
            continue  # nested objects stay in remote_data
    first, last = base.get("firstName"), base.get("lastName")
    name = " ".join(p for p in (first, last) if p) or None
    return Contact(
        remote_id=str(wire["id"]) if wire.get("id") is not None else None,
        vendor=VENDOR,
        created_at=_time(wire.get("registeredAt")),
        updated_at=_time(wire.get("updatedAt")),
        remote_data=dict(wire),
        name=name,
        first_name=first,
        last_name=last,
        emails=emails,
        phones=phones,
        addresses=addresses,
        websites=websites,
        title=job.get("jobTitle"),
        company_name=job.get("companyName"),
        external_id=wire.get("externalId"),
        tags=list((wire.get("tags") or {}).get("manual") or []),
        description=wire.get("extra"),
        custom_fields=custom,
    )


def from_unified_contact(
    contact: Contact, *, fields: set[str] | None = None, jobs: list[Any] | None = None
) -> Mapped:
    """A customer body from a unified contact (only ``fields`` when given: a partial update).

    ``jobs`` is the customer's current job list (for an update), where the primary job is
    replaced rather than the whole list overwritten.
    """
    chosen = set(contact.model_fields_set if fields is None else fields)
    dropped: list[str] = []
    payload: dict[str, Any] = {}
    base: dict[str, Any] = {}
    contacts: dict[str, Any] = {}
    others: list[dict[str, Any]] = []
    first, last = contact.first_name, contact.last_name
    if "name" in chosen and contact.name and not (first or last):
        first, _, last_part = contact.name.partition(" ")
        last = last_part or None
        chosen |= {"first_name", "last_name"}
    if "first_name" in chosen:
        base["firstName"] = first
    if "last_name" in chosen:
        base["lastName"] = last
    if "emails" in chosen:
        contacts["email"] = contact.emails[0].address if contact.emails else None
        others += [
            {"name": e.label, "type": "EMAIL", "value": e.address} for e in contact.emails[1:]
        ]
    if "phones" in chosen:
        slots: dict[str, str | None] = dict.fromkeys(_PHONE_SLOTS.values())
        for phone in contact.phones:
            label = (phone.label or "phone").lower()
            slot = _PHONE_SLOTS.get(label)
            if slot and slots[slot] is None:
                slots[slot] = phone.number
            else:
                kind = _PHONE_TYPES.get(label, "PHONE")
                others.append({"name": phone.label, "type": kind, "value": phone.number})
        contacts.update(slots)
    if "emails" in chosen or "phones" in chosen:
        contacts["otherContacts"] = others
        base["contacts"] = contacts
    if "addresses" in chosen:
        if contact.addresses:
            a = contact.addresses[0]
            base["address"] = {
                "street": a.street,
                "city": a.city,
                "province": a.state,
                "zip": a.postal_code,
                "country": a.country,
            }
            if a.label:
                dropped.append("addresses[0].label")
            if len(contact.addresses) > 1:
                dropped.append("addresses[1:]")
        else:
            base["address"] = None
    if "websites" in chosen:
        social = dict.fromkeys(_SOCIAL)
        for site in contact.websites:
            if site.label in social and social[site.label] is None:
                social[site.label] = site.url
            else:
                dropped.append(f"websites[{site.url}]")
        base["socialProfile"] = social
    if "title" in chosen or "company_name" in chosen:
        current = [j for j in (jobs or []) if isinstance(j, Mapping)]
        primary = _current_job({"jobs": current})
        job = dict(primary) if primary else {"id": _PRIMARY_JOB_ID, "isCurrent": True}
        if "title" in chosen:
            job["jobTitle"] = contact.title
        if "company_name" in chosen:
            job["companyName"] = contact.company_name
        base["jobs"] = (
            [job if j is primary else dict(j) for j in current]
            if primary
            else [
                *[dict(j) for j in current],
                job,
            ]
        )
    if base:
        payload["base"] = base
    if "external_id" in chosen:
        payload["externalId"] = contact.external_id
    if "tags" in chosen:
        payload["tags"] = {"manual": list(contact.tags)}
    if "description" in chosen:
        payload["extra"] = contact.description
    if "custom_fields" in chosen:
        payload["extended"] = {k: _wire_value(v) for k, v in contact.custom_fields.items()}
    for name in ("company_id", "owner_id"):
        if name in chosen and getattr(contact, name) is not None:
            dropped.append(name)
    return Mapped(payload=payload, dropped=tuple(dropped))


class ContactsAdapter(EntityAdapter[Contact]):
    """Unified contacts over ContactHub customers of one node."""

    entity: ClassVar[str] = "contacts"
    model = Contact

    def __init__(self, workspace_id: str, node_id: str) -> None:
        super().__init__(
            VENDOR,
            EntityCapabilities(
                entity="contacts",
                operations=frozenset({"list", "get", "create", "update", "delete", "find"}),
                updated_since="server",
                match_keys=("external_id", "email"),
                sorted_by_updated=True,
                max_page_size=50,
                notes="updated_since via the query language (updatedAt GTE), sorted by updatedAt",
            ),
        )
        self.workspace_id = workspace_id
        self.node_id = node_id

    def list(
        self, *, updated_since: datetime | None = None, page_size: int | None = None
    ) -> Paginator[Contact]:
        size = min(page_size or 50, 50)
        query = None
        if updated_since is not None:
            since = format_api_datetime(updated_since)
            query = {
                "name": "query",
                "query": {
                    "type": "simple",
                    "name": "query",
                    "are": {
                        "condition": {
                            "type": "atomic",
                            "attribute": "updatedAt",
                            "operator": "GTE",
                            "value": since,
                        }
                    },
                },
            }

        def make(page: int, size: int) -> Endpoint[Page[Contact]]:
            endpoint = ep.customers_page(
                self.workspace_id,
                self.node_id,
                query=query,
                page=page,
                size=size,
                sort="updatedAt,asc",
            )
            return ep.typed(endpoint, lambda env: ep.page_of(env, to_unified_contact))

        return PageNumberPagination(make, page_size=size, first_page=0, trust_total=True)

    def get(self, remote_id: str) -> Endpoint[Contact]:
        return ep.typed(ep.get_customer(self.workspace_id, remote_id), to_unified_contact)

    def create(self, record: Contact) -> Flow[Contact]:
        mapped = from_unified_contact(record)
        row = yield from _flows.create_customer_flow(
            self.workspace_id, self.node_id, mapped.payload
        )
        result = to_unified_contact(row)
        result.with_dropped(mapped.dropped)
        return result

    def update(self, remote_id: str, record: Contact) -> Flow[Contact]:
        fields = set(record.model_fields_set)
        jobs = None
        if fields & {"title", "company_name"}:
            current = yield ep.get_customer(self.workspace_id, remote_id)
            jobs = list((current.get("base") or {}).get("jobs") or [])
        mapped = from_unified_contact(record, fields=fields, jobs=jobs)
        row = yield ep.patch_customer(self.workspace_id, remote_id, mapped.payload)
        result = to_unified_contact(row)
        result.with_dropped(mapped.dropped)
        return result

    def delete(self, remote_id: str) -> Endpoint[None]:
        return ep.typed(ep.delete_customer(self.workspace_id, remote_id), lambda _: None)

    def find(self, key: str, value: str) -> Flow[builtins.list[Contact]]:
        if key not in self.capabilities.match_keys:
            raise self._unsupported(f"find by {key}")
        rows = yield from _flows.find_customers_flow(
            self.workspace_id,
            self.node_id,
            external_id=value if key == "external_id" else None,
            email=value if key == "email" else None,
        )
        return [to_unified_contact(r) for r in rows]


# -- events ---------------------------------------------------------------------------------------


def to_unified_event(wire: Mapping[str, Any]) -> Event:
    """A unified :class:`Event` from a ContactHub event."""
    custom: dict[str, Any] = {}
    for key, value in (wire.get("properties") or {}).items():
        try:
            custom[key] = _custom_value(value)
        except TypeError:
            continue
    if wire.get("context") and "context" not in custom:
        custom["context"] = wire["context"]
    return Event(
        remote_id=str(wire["id"]) if wire.get("id") is not None else None,
        vendor=VENDOR,
        created_at=_time(wire.get("registeredAt")),
        updated_at=_time(wire.get("updatedAt")),
        remote_data=dict(wire),
        type=wire.get("type"),
        occurred_at=_time(wire.get("date")),
        contact_id=wire.get("customerId"),
        custom_fields=custom,
    )


def from_unified_event(event: Event) -> Mapped:
    """An event body from a unified event (``type`` defaults to ``genericActiveEvent``)."""
    custom = {k: _wire_value(v) for k, v in event.custom_fields.items()}
    context = custom.pop("context", None) or "OTHER"
    payload: dict[str, Any] = {
        "type": event.type or "genericActiveEvent",
        "context": context,
        "properties": custom,
    }
    if event.contact_id:
        payload["customerId"] = event.contact_id
    if event.occurred_at is not None:
        payload["date"] = format_api_datetime(event.occurred_at)
    dropped = [
        name
        for name in (
            "subject",
            "body",
            "due_at",
            "completed_at",
            "status",
            "company_id",
            "deal_id",
            "owner_id",
        )
        if getattr(event, name) is not None
    ]
    if event.tags:
        dropped.append("tags")
    return Mapped(payload=payload, dropped=tuple(dropped))


class EventsAdapter(EntityAdapter[Event]):
    """Unified events over ContactHub events of one workspace."""

    entity: ClassVar[str] = "events"
    model = Event

    def __init__(self, workspace_id: str, node_id: str) -> None:
        super().__init__(
            VENDOR,
            EntityCapabilities(
                entity="events",
                operations=frozenset({"list", "get", "create", "update", "delete"}),
                updated_since="client",
                match_keys=(),
                sorted_by_updated=False,
                max_page_size=50,
                notes="stored asynchronously (202); lists are newest first by event date",
            ),
        )
        self.workspace_id = workspace_id
        self.node_id = node_id

    def list(
        self, *, updated_since: datetime | None = None, page_size: int | None = None
    ) -> Paginator[Event]:
        size = min(page_size or 50, 50)

        def make(page: int, size: int) -> Endpoint[Page[Event]]:
            endpoint = ep.events_page(self.workspace_id, page=page, size=size)
            return ep.typed(endpoint, lambda env: ep.page_of(env, to_unified_event))

        return PageNumberPagination(make, page_size=size, first_page=0, trust_total=True)

    def get(self, remote_id: str) -> Endpoint[Event]:
        return ep.typed(ep.get_event(self.workspace_id, remote_id), to_unified_event)

    def create(self, record: Event) -> Flow[Event]:
        mapped = from_unified_event(record)
        if "customerId" not in mapped.payload:
            raise InvalidArgument("a ContactHub event needs contact_id (the customer's id)")
        accepted = yield ep.create_event(self.workspace_id, mapped.payload)
        # ContactHub stores events asynchronously: answer from what was sent plus the new id.
        result = to_unified_event({**mapped.payload, "id": accepted["id"]})
        result.with_dropped(mapped.dropped)
        return result

    def update(self, remote_id: str, record: Event) -> Flow[Event]:
        current = yield ep.get_event(self.workspace_id, remote_id)
        merged = to_unified_event(current)
        for name in record.model_fields_set:
            setattr(merged, name, getattr(record, name))
        mapped = from_unified_event(merged)
        body = {
            **{k: current.get(k) for k in ("contextInfo", "tracking") if current.get(k)},
            **mapped.payload,
        }
        yield ep.put_event(self.workspace_id, remote_id, body)
        result = to_unified_event({**current, **body, "id": remote_id})
        result.with_dropped(mapped.dropped)
        return result

    def delete(self, remote_id: str) -> Endpoint[None]:
        return ep.typed(ep.delete_event(self.workspace_id, remote_id), lambda _: None)


# -- backend --------------------------------------------------------------------------------------


class ContactHubBackend(UnifiedBackend):
    """ContactHub's bridge to the unified client and the sync engine.

    Settings: ``workspace_id``, ``token`` (str or Secret), ``node_id``, optional
    ``base_url`` and ``allow_insecure_http``.
    """

    vendor: ClassVar[str] = VENDOR

    def __init__(self, settings: Mapping[str, Any]) -> None:
        super().__init__(settings)
        for key in ("workspace_id", "node_id"):
            if not self.settings.get(key):
                raise InvalidArgument(f"contacthub needs {key}")
        self._adapters: dict[str, EntityAdapter[Any]] = {
            "contacts": ContactsAdapter(
                str(self.settings["workspace_id"]), str(self.settings["node_id"])
            ),
            "events": EventsAdapter(
                str(self.settings["workspace_id"]), str(self.settings["node_id"])
            ),
        }

    @classmethod
    def demo_settings(cls) -> dict[str, Any]:
        """Settings that reach the emulator's seeded data (workspace and node ``demo``)."""
        return {"workspace_id": "demo", "node_id": "demo", "token": "demo-token-contacthub"}

    @property
    def adapters(self) -> Mapping[str, EntityAdapter[Any]]:
        return self._adapters

    def api_client(
        self, *, asynchronous: bool = False, **options: Any
    ) -> SyncAPIClient | AsyncAPIClient:
        options.setdefault("base_url", self.settings.get("base_url"))
        if self.settings.get("allow_insecure_http"):
            options.setdefault("allow_insecure_http", True)
        kwargs = core_client_options(self.settings.get("token"), **options)
        return AsyncAPIClient(**kwargs) if asynchronous else SyncAPIClient(**kwargs)

    def vendor_client(self, api: SyncAPIClient | AsyncAPIClient) -> Client | AsyncClient:
        ws, node = str(self.settings["workspace_id"]), str(self.settings["node_id"])
        if isinstance(api, AsyncAPIClient):
            return AsyncClient(ws, node_id=node, api=api)
        return Client(ws, node_id=node, api=api)


def backend(settings: Mapping[str, Any]) -> ContactHubBackend:
    """The backend factory (``ContactHubBackend(settings)``)."""
    return ContactHubBackend(settings)
