"""ProsperWorks behind crmkit's unified entities: contacts, companies, deals, events.

=========  ===========================  ===============================================
entity     ProsperWorks resource(s)     notes
=========  ===========================  ===============================================
contacts   people                       find by ``email``; server-side ``updated_since``
companies  companies                    find by ``domain`` (``email_domain``)
deals      opportunities                stage/pipeline as their ids (strings)
events     tasks, then activities       remote ids ``task:<id>`` / ``activity:<id>``
=========  ===========================  ===============================================

Listings with ``updated_since`` send ``minimum_modified_date`` and sort by ``date_modified``
ascending. That filter is documented for opportunities, leads, tasks and projects but not for
people and companies (UNCERTAIN live; the emulator accepts it), so rows older than the bound
are also dropped client-side: if ProsperWorks ignored the filter, results are still right,
only slower. Activities have no modification filter (only ``activity_date``), so events are
filtered client-side.

Mapping functions ``to_unified_<entity>(wire)`` and ``from_unified_<entity>(record)`` are
pure. A unified field ProsperWorks cannot hold is named in ``Mapped.dropped`` and on the
written record's ``dropped_fields``, never silently lost. Only fields set on the record
(``model_fields_set``) are written, so a partial record updates just those fields.
"""

from __future__ import annotations

import builtins
import dataclasses
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, ClassVar, TypeVar

import pydantic

from crmkit.core import (
    AsyncAPIClient,
    Endpoint,
    Flow,
    InvalidArgument,
    Page,
    SyncAPIClient,
)
from crmkit.core.unified import (
    Address,
    Company,
    Contact,
    Deal,
    EmailAddress,
    EntityAdapter,
    EntityCapabilities,
    Event,
    Mapped,
    PhoneNumber,
    UnifiedBackend,
    UnifiedModel,
    Website,
)

from . import _endpoints as ep
from ._client import AsyncClient, Client, _core_kwargs, default_rate_limit
from ._fields import decimal_to_number, format_close_date, parse_close_date, to_decimal
from .models import Activity, Opportunity, Person, Resource, Task
from .models import Company as PWCompany

__all__ = [
    "CompaniesAdapter",
    "ContactsAdapter",
    "DealsAdapter",
    "EventsAdapter",
    "ProsperWorksBackend",
    "backend",
    "from_unified_company",
    "from_unified_contact",
    "from_unified_deal",
    "from_unified_event",
    "to_unified_activity",
    "to_unified_company",
    "to_unified_contact",
    "to_unified_deal",
    "to_unified_event",
    "to_unified_task",
]

VENDOR = "prosperworks"
U = TypeVar("U", bound=UnifiedModel)
R = TypeVar("R", bound=Resource)

SOCIAL_LABELS = frozenset(
    {
        "linkedin",
        "twitter",
        "googleplus",
        "facebook",
        "youtube",
        "quora",
        "foursquare",
        "klout",
        "gravatar",
    }
)
"""Website labels that are ProsperWorks social profiles (``socials``), not ``websites``."""

_PROVENANCE = frozenset(
    {"id", "remote_id", "vendor", "created_at", "updated_at", "remote_was_deleted", "remote_data"}
)

# Default user activity types (prospyr's fixture: Note 0, Phone Call 1, Meeting 2).
_ACTIVITY_WORDS = {0: "note", 1: "call", 2: "meeting"}
_ACTIVITY_IDS = {word: rid for rid, word in _ACTIVITY_WORDS.items()}


# -- shared helpers ----------------------------------------------------------------------------


def _utc(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return datetime.fromtimestamp(value, UTC)


def _unix(value: datetime | None) -> int | None:
    return None if value is None else int(value.timestamp())


def _str_id(value: Any) -> str | None:
    return None if value is None else str(value)


def _int_id(value: str | None, field: str, dropped: list[str]) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        dropped.append(field)
        return None


def _emails(rows: Iterable[Any]) -> list[EmailAddress]:
    out = []
    for row in rows or ():
        try:
            out.append(EmailAddress(address=row["email"], label=row.get("category")))
        except (pydantic.ValidationError, KeyError, TypeError):
            continue  # not an address the unified model accepts; remote_data keeps it
    return out


def _phones(rows: Iterable[Any]) -> list[PhoneNumber]:
    out = []
    for row in rows or ():
        try:
            out.append(PhoneNumber(number=row["number"], label=row.get("category")))
        except (pydantic.ValidationError, KeyError, TypeError):
            continue
    return out


def _websites(wire: Mapping[str, Any]) -> list[Website]:
    out = []
    for row in list(wire.get("websites") or []) + list(wire.get("socials") or []):
        try:
            out.append(Website(url=row["url"], label=row.get("category")))
        except (pydantic.ValidationError, KeyError, TypeError):
            continue
    return out


def _addresses(value: Any) -> list[Address]:
    if not isinstance(value, Mapping):
        return []
    parts = {k: value.get(k) or None for k in ("street", "city", "state", "postal_code", "country")}
    return [Address(**parts)] if any(parts.values()) else []


def _custom(rows: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for row in rows or ():
        if isinstance(row, Mapping) and row.get("custom_field_definition_id") is not None:
            value = row.get("value")
            if isinstance(value, float):
                value = to_decimal(value)  # unified models keep no floats for numbers
            out[str(row["custom_field_definition_id"])] = value
    return out


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return decimal_to_number(value)
    if isinstance(value, datetime):
        return int(value.timestamp())
    if isinstance(value, date):
        return format_close_date(value)
    return value


def _custom_payload(values: Mapping[str, Any], dropped: list[str]) -> list[dict[str, Any]]:
    out = []
    for key, value in values.items():
        try:
            definition = int(key)
        except ValueError:
            dropped.append(f"custom_fields.{key}")
            continue
        out.append({"custom_field_definition_id": definition, "value": _json_value(value)})
    return out


def _common_contactish(
    record: UnifiedModel, fields: set[str], payload: dict[str, Any], dropped: list[str]
) -> None:
    """phones, addresses, websites/socials, owner, tags, description, custom fields."""
    data: Any = record
    if "phones" in fields:
        payload["phone_numbers"] = [{"number": p.number, "category": p.label} for p in data.phones]
    if "addresses" in fields:
        addresses = data.addresses
        if addresses:
            first = addresses[0]
            payload["address"] = {
                "street": first.street,
                "city": first.city,
                "state": first.state,
                "postal_code": first.postal_code,
                "country": first.country,
            }
            if first.label is not None:
                dropped.append("addresses[0].label")
            if len(addresses) > 1:
                dropped.append("addresses[1:]")
        else:
            payload["address"] = None
    if "websites" in fields:
        payload["websites"] = [
            {"url": w.url, "category": w.label}
            for w in data.websites
            if w.label not in SOCIAL_LABELS
        ]
        payload["socials"] = [
            {"url": w.url, "category": w.label} for w in data.websites if w.label in SOCIAL_LABELS
        ]
    if "owner_id" in fields:
        payload["assignee_id"] = _int_id(data.owner_id, "owner_id", dropped)
    if "tags" in fields:
        payload["tags"] = list(data.tags)
    if "description" in fields:
        payload["details"] = data.description
    if "custom_fields" in fields:
        payload["custom_fields"] = _custom_payload(data.custom_fields, dropped)


def _provenance(wire: Mapping[str, Any], remote_id: str) -> dict[str, Any]:
    return {
        "remote_id": remote_id,
        "vendor": VENDOR,
        "created_at": _utc(wire.get("date_created")),
        "updated_at": _utc(wire.get("date_modified")),
        "remote_data": dict(wire),
    }


# -- contacts ----------------------------------------------------------------------------------


def to_unified_contact(wire: Mapping[str, Any]) -> Contact:
    """A ProsperWorks person as a unified :class:`~crmkit.core.unified.Contact`."""
    return Contact(
        **_provenance(wire, str(wire["id"])),
        name=wire.get("name"),
        first_name=wire.get("first_name"),
        last_name=wire.get("last_name"),
        emails=_emails(wire.get("emails") or []),
        phones=_phones(wire.get("phone_numbers") or []),
        addresses=_addresses(wire.get("address")),
        websites=_websites(wire),
        title=wire.get("title"),
        company_id=_str_id(wire.get("company_id")),
        company_name=wire.get("company_name"),
        owner_id=_str_id(wire.get("assignee_id")),
        tags=list(wire.get("tags") or []),
        description=wire.get("details"),
        custom_fields=_custom(wire.get("custom_fields")),
    )


def _name_payload(
    record: Contact, fields: set[str], payload: dict[str, Any], dropped: list[str]
) -> None:
    # ProsperWorks derives the name parts from ``name``; only ``name`` is writable.
    parts = [p for p in (record.first_name, record.last_name) if p]
    if "name" in fields:
        payload["name"] = record.name
        if parts and " ".join(parts) != (record.name or ""):
            # The parts disagree with the name: ProsperWorks will derive its own from name.
            dropped.extend(
                sorted(f for f in ("first_name", "last_name") if getattr(record, f) is not None)
            )
    elif {"first_name", "last_name"} & fields:
        payload["name"] = " ".join(parts) or None


def from_unified_contact(record: Contact) -> Mapped:
    """The ProsperWorks person body for ``record``'s set fields, and what it cannot hold."""
    fields = set(record.model_fields_set) - _PROVENANCE
    payload: dict[str, Any] = {}
    dropped: list[str] = []
    _name_payload(record, fields, payload, dropped)
    if "emails" in fields:
        payload["emails"] = [{"email": e.address, "category": e.label} for e in record.emails]
    if "title" in fields:
        payload["title"] = record.title
    if "company_id" in fields:
        payload["company_id"] = _int_id(record.company_id, "company_id", dropped)
    if "company_name" in fields:
        dropped.append("company_name")  # derived from company_id by ProsperWorks
    if "external_id" in fields:
        dropped.append("external_id")
    _common_contactish(record, fields, payload, dropped)
    return Mapped(payload, tuple(dropped))


# -- companies -------------------------------------------------------------------------------


def to_unified_company(wire: Mapping[str, Any]) -> Company:
    """A ProsperWorks company as a unified :class:`~crmkit.core.unified.Company`."""
    return Company(
        **_provenance(wire, str(wire["id"])),
        name=wire.get("name"),
        domain=wire.get("email_domain"),
        phones=_phones(wire.get("phone_numbers") or []),
        addresses=_addresses(wire.get("address")),
        websites=_websites(wire),
        owner_id=_str_id(wire.get("assignee_id")),
        tags=list(wire.get("tags") or []),
        description=wire.get("details"),
        custom_fields=_custom(wire.get("custom_fields")),
    )


def from_unified_company(record: Company) -> Mapped:
    """The ProsperWorks company body for ``record``'s set fields."""
    fields = set(record.model_fields_set) - _PROVENANCE
    payload: dict[str, Any] = {}
    dropped: list[str] = []
    if "name" in fields:
        payload["name"] = record.name
    if "domain" in fields:
        payload["email_domain"] = record.domain
    if "emails" in fields and record.emails:
        dropped.append("emails")  # ProsperWorks companies have no email addresses
    _common_contactish(record, fields, payload, dropped)
    return Mapped(payload, tuple(dropped))


# -- deals ------------------------------------------------------------------------------------

_DEAL_STATUS = {"open": "Open", "won": "Won", "lost": "Lost", "abandoned": "Abandoned"}


def to_unified_deal(wire: Mapping[str, Any]) -> Deal:
    """A ProsperWorks opportunity as a unified :class:`~crmkit.core.unified.Deal`."""
    amount = wire.get("monetary_value")
    close = wire.get("close_date")
    try:
        close_date = parse_close_date(close) if close not in (None, "") else None
    except ValueError:
        close_date = None
    probability = wire.get("win_probability")
    return Deal(
        **_provenance(wire, str(wire["id"])),
        name=wire.get("name"),
        amount=to_decimal(amount) if amount is not None else None,
        currency=wire.get("monetary_unit"),
        status=(wire.get("status") or "").lower() or None,
        stage=_str_id(wire.get("pipeline_stage_id")),
        pipeline=_str_id(wire.get("pipeline_id")),
        probability=int(probability) if probability is not None else None,
        close_date=close_date,
        company_id=_str_id(wire.get("company_id")),
        contact_id=_str_id(wire.get("primary_contact_id")),
        owner_id=_str_id(wire.get("assignee_id")),
        tags=list(wire.get("tags") or []),
        description=wire.get("details"),
        custom_fields=_custom(wire.get("custom_fields")),
    )


def from_unified_deal(record: Deal) -> Mapped:
    """The ProsperWorks opportunity body for ``record``'s set fields."""
    fields = set(record.model_fields_set) - _PROVENANCE
    payload: dict[str, Any] = {}
    dropped: list[str] = []
    if "name" in fields:
        payload["name"] = record.name
    if "amount" in fields:
        payload["monetary_value"] = (
            decimal_to_number(record.amount) if record.amount is not None else None
        )
    if "currency" in fields:
        payload["monetary_unit"] = record.currency
    if "status" in fields:
        status = _DEAL_STATUS.get((record.status or "").lower())
        if status is None:
            dropped.append("status")  # ProsperWorks knows Open, Won, Lost, Abandoned only
        else:
            payload["status"] = status
    if "stage" in fields:
        payload["pipeline_stage_id"] = _int_id(record.stage, "stage", dropped)
    if "pipeline" in fields:
        payload["pipeline_id"] = _int_id(record.pipeline, "pipeline", dropped)
    if "probability" in fields:
        payload["win_probability"] = record.probability
    if "close_date" in fields:
        payload["close_date"] = (
            format_close_date(record.close_date) if record.close_date is not None else None
        )
    if "company_id" in fields:
        payload["company_id"] = _int_id(record.company_id, "company_id", dropped)
    if "contact_id" in fields:
        payload["primary_contact_id"] = _int_id(record.contact_id, "contact_id", dropped)
    if "owner_id" in fields:
        payload["assignee_id"] = _int_id(record.owner_id, "owner_id", dropped)
    if "tags" in fields:
        payload["tags"] = list(record.tags)
    if "description" in fields:
        payload["details"] = record.description
    if "custom_fields" in fields:
        payload["custom_fields"] = _custom_payload(record.custom_fields, dropped)
    return Mapped(payload, tuple(dropped))


# -- events (tasks and activities) --------------------------------------------------------------

_PARENT_FIELDS = {"person": "contact_id", "company": "company_id", "opportunity": "deal_id"}


def _parent_ids(ref: Any) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    if isinstance(ref, Mapping) and ref.get("type") in _PARENT_FIELDS and ref.get("id"):
        out[_PARENT_FIELDS[ref["type"]]] = str(ref["id"])
    return out


def to_unified_activity(wire: Mapping[str, Any]) -> Event:
    """A ProsperWorks activity as a unified :class:`~crmkit.core.unified.Event`.

    ``type`` is ``note``/``call``/``meeting`` for the default user types, else
    ``<category>:<id>`` (e.g. ``user:12345``, ``system:1``).
    """
    kind = wire.get("type") or {}
    category, tid = kind.get("category"), kind.get("id")
    word = _ACTIVITY_WORDS.get(tid) if category == "user" and isinstance(tid, int) else None
    if wire.get("is_deleted"):
        return Event(
            remote_id=f"activity:{wire['id']}",
            vendor=VENDOR,
            remote_was_deleted=True,
            remote_data=dict(wire),
        )
    return Event(
        **_provenance(wire, f"activity:{wire['id']}"),
        type=word or f"{category}:{tid}",
        body=wire.get("details"),
        occurred_at=_utc(wire.get("activity_date")),
        owner_id=_str_id(wire.get("user_id")),
        **_parent_ids(wire.get("parent")),
    )


def to_unified_task(wire: Mapping[str, Any]) -> Event:
    """A ProsperWorks task as a unified :class:`~crmkit.core.unified.Event` (type ``task``)."""
    return Event(
        **_provenance(wire, f"task:{wire['id']}"),
        type="task",
        subject=wire.get("name"),
        body=wire.get("details"),
        due_at=_utc(wire.get("due_date")),
        completed_at=_utc(wire.get("completed_date")),
        status=(wire.get("status") or "").lower() or None,
        owner_id=_str_id(wire.get("assignee_id")),
        tags=list(wire.get("tags") or []),
        **_parent_ids(wire.get("related_resource")),
    )


def to_unified_event(wire: Mapping[str, Any]) -> Event:
    """A task (it has ``related_resource``) or an activity (it has ``parent``)."""
    if "related_resource" in wire or ("name" in wire and "parent" not in wire):
        return to_unified_task(wire)
    return to_unified_activity(wire)


def _parent_payload(record: Event, fields: set[str], dropped: list[str]) -> dict[str, Any] | None:
    chosen: dict[str, Any] | None = None
    for kind, field in (
        ("opportunity", "deal_id"),
        ("person", "contact_id"),
        ("company", "company_id"),
    ):
        if field not in fields:
            continue
        value = getattr(record, field)
        if value is None:
            continue
        rid = _int_id(value, field, dropped)
        if rid is None:
            continue
        if chosen is None:
            chosen = {"id": rid, "type": kind}
        else:
            dropped.append(field)  # a task or activity hangs off one record only
    return chosen


def _event_kind(record: Event, remote_id: str | None = None) -> str:
    if remote_id is not None:
        return _split_event_id(remote_id)[0]
    return "task" if (record.type or "").lower() == "task" else "activity"


def from_unified_event(record: Event, kind: str | None = None) -> Mapped:
    """The task or activity body for ``record``'s set fields.

    Args:
        record: the event.
        kind: ``"task"`` or ``"activity"``; default from ``record.type`` (``task`` or not).
    """
    kind = kind or _event_kind(record)
    fields = set(record.model_fields_set) - _PROVENANCE
    payload: dict[str, Any] = {}
    dropped: list[str] = []
    parent = _parent_payload(record, fields, dropped)
    if kind == "task":
        if "subject" in fields:
            payload["name"] = record.subject
        if "body" in fields:
            payload["details"] = record.body
        if "due_at" in fields:
            payload["due_date"] = _unix(record.due_at)
        if "status" in fields:
            status = {"open": "Open", "completed": "Completed"}.get((record.status or "").lower())
            if status is None:
                dropped.append("status")
            else:
                payload["status"] = status
        if "owner_id" in fields:
            payload["assignee_id"] = _int_id(record.owner_id, "owner_id", dropped)
        if "tags" in fields:
            payload["tags"] = list(record.tags)
        if parent is not None:
            payload["related_resource"] = parent
        dropped.extend(f for f in ("occurred_at", "completed_at") if f in fields)
    else:
        if "type" in fields:
            payload["type"] = _activity_type(record.type, dropped)
        if "body" in fields:
            payload["details"] = record.body
        if "occurred_at" in fields:
            payload["activity_date"] = _unix(record.occurred_at)
        if "owner_id" in fields:
            payload["user_id"] = _int_id(record.owner_id, "owner_id", dropped)
        if parent is not None:
            payload["parent"] = parent
        dropped.extend(
            f
            for f in ("subject", "due_at", "completed_at", "status")
            if f in fields and getattr(record, f) is not None
        )
        if "tags" in fields and record.tags:
            dropped.append("tags")
    if "custom_fields" in fields and record.custom_fields:
        dropped.append("custom_fields")
    return Mapped(payload, tuple(dropped))


def _activity_type(word: str | None, dropped: list[str]) -> dict[str, Any]:
    text = (word or "").lower()
    if text in _ACTIVITY_IDS:
        return {"id": _ACTIVITY_IDS[text], "category": "user"}
    category, _, rid = text.partition(":")
    if category == "user" and rid.isdigit():
        return {"id": int(rid), "category": "user"}
    dropped.append("type")  # no such user activity type: written as a note
    return {"id": _ACTIVITY_IDS["note"], "category": "user"}


def _split_event_id(remote_id: str) -> tuple[str, str]:
    kind, sep, rid = str(remote_id).partition(":")
    if not sep or kind not in ("task", "activity") or not rid:
        raise InvalidArgument(
            f"event ids look like 'task:<id>' or 'activity:<id>', not {remote_id!r}"
        )
    return kind, rid


# -- adapters ---------------------------------------------------------------------------------


def _mapped(endpoint: Endpoint[Any], fn: Callable[[Any], Any]) -> Endpoint[Any]:
    """The same request, its parsed result passed through ``fn``."""
    parse = endpoint.parse
    return dataclasses.replace(endpoint, parse=lambda r: fn(parse(r)))


def _wire(resource: Resource) -> dict[str, Any]:
    raw = resource._orig_data
    return (
        dict(raw) if isinstance(raw, Mapping) else resource.model_dump(mode="json", by_alias=True)
    )


def _modified_guard(since: int | None) -> Callable[[Mapping[str, Any]], bool] | None:
    if since is None:
        return None
    return lambda row: (
        isinstance(row.get("date_modified"), int | float) and (row["date_modified"] >= since)
    )


def _page_size(page_size: int | None) -> int:
    size = page_size or ep.MAX_PAGE_SIZE
    if not 1 <= size <= ep.MAX_PAGE_SIZE:
        raise InvalidArgument(f"page_size must be between 1 and {ep.MAX_PAGE_SIZE}")
    return size


def _since(updated_since: datetime | None) -> int | None:
    if updated_since is None:
        return None
    if updated_since.tzinfo is None:
        raise InvalidArgument("updated_since must be timezone-aware (e.g. datetime.now(UTC))")
    return int(updated_since.timestamp())


class _SearchAdapter(EntityAdapter[U]):
    """CRUD + search over one ProsperWorks main entity."""

    resource: ClassVar[type[Resource]]
    find_filters: ClassVar[dict[str, str]] = {}

    def to_unified(self, wire: Mapping[str, Any]) -> U:
        """Map one wire record (overridden per entity)."""
        raise NotImplementedError

    def from_unified(self, record: U) -> Mapped:
        """Map one unified record to a wire body (overridden per entity)."""
        raise NotImplementedError

    def _to(self, resource: Resource) -> U:
        return self.to_unified(_wire(resource))

    def list(
        self, *, updated_since: datetime | None = None, page_size: int | None = None
    ) -> ep.SearchPagination:
        """Sorted by ``date_modified`` ascending; ``minimum_modified_date`` when given."""
        since = _since(updated_since)
        size = _page_size(page_size)
        filters = {} if since is None else {"minimum_modified_date": since}
        guard = _modified_guard(since)
        cls = type(self).resource

        def make(number: int, size: int) -> Endpoint[Page[Any]]:
            endpoint = ep.search_page(
                cls,
                filters,
                number,
                size,
                sort_by="date_modified",
                sort_direction="asc",
                row_filter=guard,
            )
            return _mapped(endpoint, lambda page: page.map(self._to))

        return ep.SearchPagination(make, page_size=size)

    def get(self, remote_id: str) -> Endpoint[U]:
        """``GET <entity>/{id}``."""
        return _mapped(ep.get_record(type(self).resource, _record_id(remote_id)), self._to)

    def create(self, record: U) -> Flow[U]:
        """Create (reconciling an ambiguous failure by natural key where there is one)."""
        mapped = self.from_unified(record)
        created = yield from ep.create_flow(type(self).resource, mapped.payload)
        result = self._to(created)
        result.with_dropped(mapped.dropped)
        return result

    def update(self, remote_id: str, record: U) -> Endpoint[U]:
        """``PUT <entity>/{id}`` with the record's set fields."""
        mapped = self.from_unified(record)
        endpoint = ep.update_record(type(self).resource, _record_id(remote_id), mapped.payload)

        def finish(resource: Resource) -> U:
            result = self._to(resource)
            result.with_dropped(mapped.dropped)
            return result

        return _mapped(endpoint, finish)

    def delete(self, remote_id: str) -> Endpoint[None]:
        """``DELETE <entity>/{id}``."""
        return _mapped(ep.delete_record(type(self).resource, _record_id(remote_id)), lambda _: None)

    def find(self, key: str, value: str) -> Endpoint[builtins.list[U]]:
        """Records whose ``key`` equals ``value`` (one search request)."""
        field = type(self).find_filters.get(key)
        if field is None:
            raise self._unsupported(f"find by {key}")
        endpoint = ep.search_page(type(self).resource, {field: [value]}, 1, ep.MAX_PAGE_SIZE)
        return _mapped(endpoint, lambda page: [self._to(r) for r in page.items])


def _record_id(remote_id: Any) -> int:
    try:
        return int(str(remote_id))
    except ValueError:
        raise InvalidArgument(f"ProsperWorks ids are integers, not {remote_id!r}") from None


def _caps(
    entity: str,
    *,
    updated_since: Any,
    match_keys: tuple[str, ...] = (),
    sorted_by_updated: bool,
    notes: str,
) -> EntityCapabilities:
    return EntityCapabilities(
        entity=entity,
        operations=frozenset({"list", "get", "create", "update", "delete", "find"})
        if match_keys
        else frozenset({"list", "get", "create", "update", "delete"}),
        updated_since=updated_since,
        match_keys=match_keys,
        sorted_by_updated=sorted_by_updated,
        max_page_size=ep.MAX_PAGE_SIZE,
        notes=notes,
    )


class ContactsAdapter(_SearchAdapter[Contact]):
    """Unified contacts over ProsperWorks people."""

    entity = "contacts"
    model = Contact
    resource = Person

    def to_unified(self, wire: Mapping[str, Any]) -> Contact:
        """:func:`to_unified_contact`."""
        return to_unified_contact(wire)

    def from_unified(self, record: Contact) -> Mapped:
        """:func:`from_unified_contact`."""
        return from_unified_contact(record)

    find_filters: ClassVar[dict[str, str]] = {"email": "emails"}


class CompaniesAdapter(_SearchAdapter[Company]):
    """Unified companies over ProsperWorks companies."""

    entity = "companies"
    model = Company
    resource = PWCompany

    def to_unified(self, wire: Mapping[str, Any]) -> Company:
        """:func:`to_unified_company`."""
        return to_unified_company(wire)

    def from_unified(self, record: Company) -> Mapped:
        """:func:`from_unified_company`."""
        return from_unified_company(record)

    find_filters: ClassVar[dict[str, str]] = {"domain": "email_domains"}


class DealsAdapter(_SearchAdapter[Deal]):
    """Unified deals over ProsperWorks opportunities."""

    entity = "deals"
    model = Deal
    resource = Opportunity

    def to_unified(self, wire: Mapping[str, Any]) -> Deal:
        """:func:`to_unified_deal`."""
        return to_unified_deal(wire)

    def from_unified(self, record: Deal) -> Mapped:
        """:func:`from_unified_deal`."""
        return from_unified_deal(record)


class _ChainPagination:
    """Tasks, then activities, as one sequential listing (page indexes run on)."""

    def __init__(self, parts: list[ep.SearchPagination]) -> None:
        self._parts = parts
        self._current = 0
        self._start = 0

    @property
    def page_size(self) -> int:
        return self._parts[0].page_size

    @property
    def random_access(self) -> bool:
        return False

    def page_endpoint(self, index: int) -> Endpoint[Page[Any]] | None:
        while self._current < len(self._parts):
            endpoint = self._parts[self._current].page_endpoint(index - self._start)
            if endpoint is not None:
                return endpoint
            if self._current + 1 >= len(self._parts):
                return None
            self._current += 1
            self._start = index
        return None

    def is_last(self, page: Page[Any]) -> bool:
        raw = int(page.extra.get("raw_count", len(page.items)))
        if raw >= self.page_size:
            return False
        if self._current + 1 >= len(self._parts):
            return True
        self._current += 1
        self._start = page.index + 1
        return False


class EventsAdapter(EntityAdapter[Event]):
    """Unified events over ProsperWorks tasks (``task:<id>``) and activities
    (``activity:<id>``)."""

    entity = "events"
    model = Event

    def list(
        self, *, updated_since: datetime | None = None, page_size: int | None = None
    ) -> _ChainPagination:
        """Tasks (by ``date_modified``, server-filtered), then activities (newest first,
        filtered client-side: ProsperWorks has no modification filter for them)."""
        since = _since(updated_since)
        size = _page_size(page_size)
        guard = _modified_guard(since)

        def tasks(number: int, size: int) -> Endpoint[Page[Any]]:
            filters = {} if since is None else {"minimum_modified_date": since}
            endpoint = ep.search_page(
                Task,
                filters,
                number,
                size,
                sort_by="date_modified",
                sort_direction="asc",
                row_filter=guard,
            )
            return _mapped(endpoint, lambda page: page.map(lambda r: to_unified_task(_wire(r))))

        def activities(number: int, size: int) -> Endpoint[Page[Any]]:
            endpoint = ep.search_page(Activity, {}, number, size, row_filter=guard)
            return _mapped(endpoint, lambda page: page.map(lambda r: to_unified_activity(_wire(r))))

        return _ChainPagination(
            [
                ep.SearchPagination(tasks, page_size=size),
                ep.SearchPagination(activities, page_size=size),
            ]
        )

    @staticmethod
    def _resource(kind: str) -> type[Resource]:
        return Task if kind == "task" else Activity

    @staticmethod
    def _to(kind: str, resource: Resource) -> Event:
        return (to_unified_task if kind == "task" else to_unified_activity)(_wire(resource))

    def get(self, remote_id: str) -> Endpoint[Event]:
        """``GET tasks/{id}`` or ``GET activities/{id}``."""
        kind, rid = _split_event_id(remote_id)
        endpoint = ep.get_record(self._resource(kind), _record_id(rid))
        return _mapped(endpoint, lambda r: self._to(kind, r))

    def create(self, record: Event) -> Flow[Event]:
        """A task when ``record.type == "task"``, else an activity."""
        kind = _event_kind(record)
        mapped = from_unified_event(record, kind)
        created = yield ep.create_record(self._resource(kind), mapped.payload)
        result = self._to(kind, created)
        result.with_dropped(mapped.dropped)
        return result

    def update(self, remote_id: str, record: Event) -> Endpoint[Event]:
        """``PUT`` the task or activity named by ``remote_id``."""
        kind, rid = _split_event_id(remote_id)
        mapped = from_unified_event(record, kind)
        endpoint = ep.update_record(self._resource(kind), _record_id(rid), mapped.payload)

        def finish(resource: Resource) -> Event:
            result = self._to(kind, resource)
            result.with_dropped(mapped.dropped)
            return result

        return _mapped(endpoint, finish)

    def delete(self, remote_id: str) -> Endpoint[None]:
        """``DELETE`` the task or activity."""
        kind, rid = _split_event_id(remote_id)
        return _mapped(ep.delete_record(self._resource(kind), _record_id(rid)), lambda _: None)


class ProsperWorksBackend(UnifiedBackend):
    """ProsperWorks for the unified client and the sync engine.

    Settings: ``email``, ``token``, optional ``base_url`` (the API root, e.g. an emulator's
    ``http://127.0.0.1:8001/developer_api/``) and ``allow_insecure_http``.
    """

    vendor = VENDOR

    @property
    def adapters(self) -> Mapping[str, EntityAdapter[Any]]:
        """contacts, companies, deals, events."""
        return {
            "contacts": ContactsAdapter(
                VENDOR,
                _caps(
                    "contacts",
                    updated_since="server",
                    match_keys=("email",),
                    sorted_by_updated=True,
                    notes="people/search by date_modified; minimum_modified_date is undocumented "
                    "for people (also applied client-side)",
                ),
            ),
            "companies": CompaniesAdapter(
                VENDOR,
                _caps(
                    "companies",
                    updated_since="server",
                    match_keys=("domain",),
                    sorted_by_updated=True,
                    notes="email_domain is unique; minimum_modified_date is undocumented for "
                    "companies (also applied client-side)",
                ),
            ),
            "deals": DealsAdapter(
                VENDOR,
                _caps(
                    "deals",
                    updated_since="server",
                    sorted_by_updated=True,
                    notes="opportunities; stage and pipeline are ProsperWorks ids; a new deal "
                    "needs contact_id (primary contact)",
                ),
            ),
            "events": EventsAdapter(
                VENDOR,
                _caps(
                    "events",
                    updated_since="client",
                    sorted_by_updated=False,
                    notes="tasks then activities; ids task:<n> / activity:<n>; activities have "
                    "no modification filter",
                ),
            ),
        }

    def _kwargs(self, options: dict[str, Any]) -> dict[str, Any]:
        settings = self.settings
        rate_limit = options.pop("rate_limit", default_rate_limit())
        cache = options.pop("cache", None)
        # ``base_url`` is the API root (``.../developer_api/``); options override settings.
        root = options.pop("base_url", settings.get("base_url"))
        insecure = options.pop("allow_insecure_http", settings.get("allow_insecure_http", False))
        return _core_kwargs(
            settings.get("email"),
            settings.get("token"),
            str(root) if root is not None else None,
            cache,
            rate_limit,
            bool(insecure),
            options,
        )

    def api_client(
        self, *, asynchronous: bool = False, **options: Any
    ) -> SyncAPIClient | AsyncAPIClient:
        """A core client with ProsperWorks auth; ``options`` pass through (``transport``,
        ``max_retries``, ``rate_limit``, ``hooks``, ``sleep``...)."""
        kwargs = self._kwargs(dict(options))
        return AsyncAPIClient(**kwargs) if asynchronous else SyncAPIClient(**kwargs)

    def vendor_client(self, api: SyncAPIClient | AsyncAPIClient) -> Client | AsyncClient:
        """The typed :class:`~crmkit.prosperworks.Client` (or async) over ``api``."""
        if isinstance(api, AsyncAPIClient):
            return AsyncClient(api=api)
        return Client(api=api)

    @property
    def rate_limit(self) -> tuple[float, float]:
        """180 requests per rolling minute per key."""
        return (180.0, 60.0)

    @classmethod
    def demo_settings(cls) -> dict[str, Any]:
        """Credentials the emulator accepts (it is open by default: any well-formed pair)."""
        return {"email": "demo@example.org", "token": "crmkit-demo-token"}


def backend(settings: Mapping[str, Any]) -> ProsperWorksBackend:
    """The unified backend factory named by ``SPEC.unified``."""
    return ProsperWorksBackend(settings)
