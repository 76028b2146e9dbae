"""Clevertim in the unified layer: contacts, companies, deals (opportunities) and events
(tasks and notes).

Clevertim has no pagination and no server-side filters, so every listing is one request that
returns the whole collection; records carry their last-modified time (``lm``), so
``list(updated_since=...)`` is served client-side (``"client"``), and ``find`` reads the whole
collection too: its cost grows with the account. Bodies are decoded incrementally, so a listing
holds the response body and the mapped records it keeps, never a second parsed copy.

Mappings (``to_unified_*`` / ``from_unified_*``) are pure functions. A unified field Clevertim
cannot hold is listed in ``Mapped.dropped`` and on the written record's ``dropped_fields``,
never silently lost. Remote ids are strings: ``"812"`` for contacts, companies and deals,
``"task:7"`` / ``"note:40"`` for events (the two resources have separate id sequences).

Clevertim's ``cust`` ("who") names a contact *or* a company (one id sequence). Mappings take the
set of company ids to tell them apart; listings read it first (``GET /company``, ids only).

Custom fields are keyed by name in unified records and by field id in Clevertim: contacts,
companies and deals read the account's definitions (``GET /customfield``, cacheable) to map
them, and a write keeps only values the account can hold (reporting the rest as
``custom_fields.<name>`` in ``dropped_fields``), so a record from another CRM never fails on a
field Clevertim does not have.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Callable, Container, Generator, Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

import httpx

from crmkit.core import (
    AsyncAPIClient,
    ConfigurationError,
    Endpoint,
    Flow,
    InvalidArgument,
    NotFound,
    Page,
    Secret,
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
    Website,
)

from . import _endpoints as ops
from ._api import async_api_client, sync_api_client
from ._client import AsyncClient, Client
from ._envelope import EnvelopeStream, read_content
from ._resources import COMPANY, CONTACT, CUSTOM_FIELD, NOTE, OPPORTUNITY, TASK, ResourceInfo
from .models import parse_timestamp

__all__ = [
    "ClevertimBackend",
    "CompaniesAdapter",
    "CustomFieldMap",
    "ContactsAdapter",
    "DealsAdapter",
    "EventsAdapter",
    "backend",
    "from_unified_company",
    "from_unified_contact",
    "from_unified_deal",
    "from_unified_event",
    "to_unified_company",
    "to_unified_contact",
    "to_unified_deal",
    "to_unified_event",
]

VENDOR = "clevertim"
DEMO_API_KEY = "ITHkCPbXdOWfGNTj5qOzNJkceftfRWwGXtrU39exmW0UzVwKUiZ1343"

# Unified fields that describe provenance, not content: never written, never "dropped".
_PROVENANCE = frozenset(
    {"id", "remote_id", "vendor", "created_at", "updated_at", "remote_was_deleted", "remote_data"}
)
_PHONE_LABELS = {"Work": "work", "Home": "home", "Mobile": "mobile", "Fax": "fax", "Pager": "pager"}
_PHONE_TYPES = {v: k for k, v in _PHONE_LABELS.items()}
_DEAL_STATUS = {"Open": "open", "Won": "won", "Lost": "lost"}
_DEAL_STATUS_BACK = {v: k for k, v in _DEAL_STATUS.items()}
_TASK_TYPES = {
    "Call": "call",
    "Meeting": "meeting",
    "Email": "email_task",
    "Appointment": "appointment",
    "Follow up": "follow_up",
    "TO DO": "task",
    "Not set": "task",
}
_TASK_TYPES_BACK = {
    "call": "Call",
    "meeting": "Meeting",
    "email_task": "Email",
    "appointment": "Appointment",
    "follow_up": "Follow up",
    "task": "TO DO",
}
_NOTE_TYPES = {"N": "note", "S": "email", "E": "email", "M": "sms"}
_NOTE_TYPES_BACK = {"note": "N", "email": "S", "sms": "M"}
_NOTE_EVENT_TYPES = frozenset(_NOTE_TYPES_BACK)
_CHUNK = 64 * 1024


# -- helpers -----------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value != "" else None


def _int_id(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _remote_id(value: str | None, field: str) -> int:
    number = _int_id(value)
    if number is None or number < 1:
        raise InvalidArgument(
            f"{field} must be a Clevertim id (digits), not {value!r}", vendor=VENDOR
        )
    return number


_REFERENCE_FIELD_TYPES = frozenset({"user", "contact", "company", "case", "opportunity"})


class CustomFieldMap:
    """Clevertim's custom field definitions for one scope, to map ``cf`` to and from names.

    Unified records carry custom fields by name; Clevertim's ``cf`` is keyed by field id and
    each account has its own fields. Writing keeps only values this account can hold (an
    existing field of the right scope, an allowed select value, a date, an id for reference
    fields); every other one is reported as dropped (``custom_fields.<name>``).

    Args:
        definitions: the account's ``/customfield`` records.
        scope: ``customers`` (contacts), ``companies`` or ``opportunities``.
    """

    def __init__(self, definitions: Iterable[Mapping[str, Any]], scope: str) -> None:
        self.scope = scope
        self.by_id: dict[str, Mapping[str, Any]] = {
            str(d.get("id")): d
            for d in definitions
            if isinstance(d, Mapping) and scope in _scopes(d.get("modelType"))
        }
        self.by_name: dict[str, Mapping[str, Any]] = {
            str(d["name"]): d for d in self.by_id.values() if d.get("name")
        }

    def name(self, field_id: str) -> str:
        """The field's name (its id when the definition is unknown)."""
        definition = self.by_id.get(field_id)
        return str(definition["name"]) if definition and definition.get("name") else field_id

    def find(self, key: str) -> Mapping[str, Any] | None:
        """The definition named ``key`` (or with id ``key``)."""
        return self.by_name.get(key) or self.by_id.get(key)


def _scopes(value: Any) -> list[str]:
    """A definition's ``modelType`` as a list of scope names (anything else: none)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _custom_to_unified(cf: Any, fields: CustomFieldMap | None) -> dict[str, Any]:
    if not isinstance(cf, dict):
        return {}
    out: dict[str, Any] = {}
    for key, value in cf.items():
        if isinstance(value, str | list):
            name = fields.name(str(key)) if fields is not None else str(key)
            out[name] = list(value) if isinstance(value, list) else value
    return out


def _plain_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _field_value(definition: Mapping[str, Any], value: Any) -> str | None:
    """One value in Clevertim's form for ``definition``, or None when it cannot hold it."""
    if value is None or value == "":
        return ""
    kind = definition.get("elemType")
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            return None
    if kind in _REFERENCE_FIELD_TYPES:
        number = _int_id(value)
        return str(number) if number is not None else None
    text = _plain_value(value)
    if not isinstance(text, str):
        return None
    if kind == "select" and text not in (definition.get("values") or []):
        return None
    return text


def _custom_from_unified(
    values: Mapping[str, Any], fields: CustomFieldMap | None
) -> tuple[dict[str, Any], list[str]]:
    if fields is None:  # no definitions at hand: keys are taken as field ids
        return {key: _plain_value(value) for key, value in values.items()}, []
    cf: dict[str, Any] = {}
    dropped: list[str] = []
    for key, value in values.items():
        definition = fields.find(key)
        converted: Any = None
        if definition is not None:
            if definition.get("multiple"):
                items = value if isinstance(value, list) else [value]
                parts = [_field_value(definition, v) for v in items]
                converted = None if any(p is None for p in parts) else parts
            elif not isinstance(value, list):
                converted = _field_value(definition, value)
        if converted is None:
            dropped.append(f"custom_fields.{key}")
        else:
            cf[str(definition["id"])] = converted  # type: ignore[index]
    return cf, dropped


def _set_fields(record: Any) -> set[str]:
    return set(record.model_fields_set) - _PROVENANCE


def _provenance(wire: Mapping[str, Any], remote_id: str) -> dict[str, Any]:
    return {
        "remote_id": remote_id,
        "vendor": VENDOR,
        "created_at": parse_timestamp(_text(wire.get("ao"))),
        "updated_at": parse_timestamp(_text(wire.get("lm"))),
        "remote_data": dict(wire),
    }


def _who(cust: Any, company_ids: Container[int] | None) -> tuple[str | None, str | None]:
    """(contact_id, company_id) for a ``cust`` value."""
    number = _int_id(cust)
    if number is None:
        return None, None
    if company_ids is not None and number in company_ids:
        return None, str(number)
    return str(number), None


# -- contacts and companies -------------------------------------------------------------------


def _customer_common(wire: Mapping[str, Any], fields: CustomFieldMap | None) -> dict[str, Any]:
    emails = [
        EmailAddress(address=e)
        for e in wire.get("email") or []
        if isinstance(e, str) and "@" in e.strip()[1:-1]
    ]
    phones = [
        PhoneNumber(number=p["no"], label=_PHONE_LABELS.get(str(p.get("type")), p.get("type")))
        for p in wire.get("phones") or []
        if isinstance(p, dict) and isinstance(p.get("no"), str) and p["no"]
    ]
    parts = {
        "street": _text(wire.get("address")),
        "city": _text(wire.get("city")),
        "state": _text(wire.get("region")),
        "postal_code": _text(wire.get("postcode")),
        "country": _text(wire.get("country")),
    }
    addresses = [Address(**parts)] if any(parts.values()) else []
    websites = [Website(url=w) for w in wire.get("website") or [] if isinstance(w, str) and w]
    return {
        "emails": emails,
        "phones": phones,
        "addresses": addresses,
        "websites": websites,
        "tags": [t for t in wire.get("tags") or [] if isinstance(t, str)],
        "description": _text(wire.get("description")),
        "custom_fields": _custom_to_unified(wire.get("cf"), fields),
    }


def to_unified_contact(
    wire: Mapping[str, Any], *, custom_fields: CustomFieldMap | None = None
) -> Contact:
    """A Clevertim contact as a unified :class:`~crmkit.core.unified.Contact`.

    Args:
        wire: the contact.
        custom_fields: the account's definitions, to key custom fields by name (else by id).
    """
    first, last = _text(wire.get("fn")), _text(wire.get("ln"))
    company = _int_id(wire.get("companyId"))
    return Contact(
        **_provenance(wire, str(wire.get("id"))),
        name=" ".join(p for p in (first, last) if p) or None,
        first_name=first,
        last_name=last,
        title=_text(wire.get("title")),
        company_id=str(company) if company is not None else None,
        **_customer_common(wire, custom_fields),
    )


def to_unified_company(
    wire: Mapping[str, Any], *, custom_fields: CustomFieldMap | None = None
) -> Company:
    """A Clevertim company as a unified :class:`~crmkit.core.unified.Company`."""
    return Company(
        **_provenance(wire, str(wire.get("id"))),
        name=_text(wire.get("cn")),
        **_customer_common(wire, custom_fields),
    )


def _customer_payload(
    record: Any, fields: set[str], custom: CustomFieldMap | None
) -> tuple[dict[str, Any], list[str]]:
    payload: dict[str, Any] = {}
    dropped: list[str] = []
    if "emails" in fields:
        payload["email"] = [e.address for e in record.emails]
        if any(e.label for e in record.emails):
            dropped.append("emails.label")
    if "phones" in fields:
        phones = []
        for phone in record.phones:
            kind = _PHONE_TYPES.get((phone.label or "work").lower())
            if kind is None:
                kind = "Work"
                if "phones.label" not in dropped:
                    dropped.append("phones.label")
            phones.append({"type": kind, "no": phone.number})
        payload["phones"] = phones
    if "addresses" in fields:
        first = record.addresses[0] if record.addresses else Address()
        payload.update(
            address=first.street or "",
            city=first.city or "",
            region=first.state or "",
            postcode=first.postal_code or "",
            country=first.country or "",
        )
        if first.label:
            dropped.append("addresses.label")
        if len(record.addresses) > 1:
            dropped.append("addresses[1:]")
    if "websites" in fields:
        payload["website"] = [w.url for w in record.websites]
        if any(w.label for w in record.websites):
            dropped.append("websites.label")
    if "tags" in fields:
        payload["tags"] = list(record.tags)
    if "description" in fields:
        payload["description"] = record.description or ""
    if "custom_fields" in fields:
        payload["cf"], lost = _custom_from_unified(record.custom_fields, custom)
        dropped.extend(lost)
    for name in ("owner_id", "external_id", "company_name", "domain"):
        if name in fields and getattr(record, name, None) is not None:
            dropped.append(name)
    return payload, dropped


def from_unified_contact(record: Contact, *, custom_fields: CustomFieldMap | None = None) -> Mapped:
    """The Clevertim body for the fields set on ``record`` (a partial record is fine).

    ``name`` is used only when neither ``first_name`` nor ``last_name`` is set: split at the
    first space into first and last name.

    Args:
        record: the contact (a partial one for updates).
        custom_fields: the account's definitions; custom fields it cannot hold are dropped.
            Without them, custom field keys are taken as Clevertim field ids.

    Raises:
        InvalidArgument: ``company_id`` is not a Clevertim id.
    """
    fields = _set_fields(record)
    payload, dropped = _customer_payload(record, fields, custom_fields)
    if "first_name" in fields:
        payload["fn"] = record.first_name or ""
    if "last_name" in fields:
        payload["ln"] = record.last_name or ""
    if "name" in fields and record.name and not fields & {"first_name", "last_name"}:
        first, _, last = record.name.strip().partition(" ")
        payload["fn"], payload["ln"] = first, last.strip()
    elif "name" in fields and record.name and record.name != record.display_name:
        dropped.append("name")
    if "title" in fields:
        payload["title"] = record.title or ""
    if "company_id" in fields:
        payload["companyId"] = (
            None if record.company_id is None else _remote_id(record.company_id, "company_id")
        )
    return Mapped(payload, tuple(dropped))


def from_unified_company(record: Company, *, custom_fields: CustomFieldMap | None = None) -> Mapped:
    """The Clevertim body for the fields set on ``record`` (see :func:`from_unified_contact`)."""
    fields = _set_fields(record)
    payload, dropped = _customer_payload(record, fields, custom_fields)
    if "name" in fields:
        payload["cn"] = record.name or ""
    return Mapped(payload, tuple(dropped))


# -- deals ------------------------------------------------------------------------------------


def to_unified_deal(
    wire: Mapping[str, Any],
    *,
    company_ids: Container[int] | None = None,
    custom_fields: CustomFieldMap | None = None,
) -> Deal:
    """A Clevertim opportunity as a unified :class:`~crmkit.core.unified.Deal`.

    Args:
        wire: the opportunity.
        company_ids: ids of companies, to tell whether ``cust`` is a company; when None,
            ``cust`` is reported as ``contact_id``.
        custom_fields: the account's definitions, to key custom fields by name.
    """
    amount: Decimal | None = None
    value = wire.get("value")
    if isinstance(value, str) and value.strip():
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:
            amount = None
    status = _text(wire.get("status"))
    contact_id, company_id = _who(wire.get("cust"), company_ids)
    lead = _int_id(wire.get("leadUser"))
    return Deal(
        **_provenance(wire, str(wire.get("id"))),
        name=_text(wire.get("name")),
        amount=amount,
        currency=_text(wire.get("currency")),
        status=_DEAL_STATUS.get(status, status) if status else None,
        contact_id=contact_id,
        company_id=company_id,
        owner_id=str(lead) if lead is not None else None,
        tags=[t for t in wire.get("tags") or [] if isinstance(t, str)],
        description=_text(wire.get("description")),
        custom_fields=_custom_to_unified(wire.get("cf"), custom_fields),
    )


def from_unified_deal(record: Deal, *, custom_fields: CustomFieldMap | None = None) -> Mapped:
    """The Clevertim opportunity body for the fields set on ``record``.

    Clevertim links an opportunity to one contact *or* company: with both set, the contact is
    kept and ``company_id`` is dropped.
    """
    fields = _set_fields(record)
    payload: dict[str, Any] = {}
    dropped: list[str] = []
    if "name" in fields:
        payload["name"] = record.name or ""
    if "amount" in fields:
        payload["value"] = "" if record.amount is None else format(record.amount, "f")
    if "currency" in fields:
        payload["currency"] = record.currency or ""
    if "status" in fields:
        payload["status"] = (
            _DEAL_STATUS_BACK.get(record.status, record.status) if record.status else "Open"
        )
    if fields & {"contact_id", "company_id"}:
        if record.contact_id is not None:
            payload["cust"] = _remote_id(record.contact_id, "contact_id")
            if record.company_id is not None:
                dropped.append("company_id")
        elif record.company_id is not None:
            payload["cust"] = _remote_id(record.company_id, "company_id")
        else:
            payload["cust"] = None
    if "owner_id" in fields:
        payload["leadUser"] = (
            None if record.owner_id is None else _remote_id(record.owner_id, "owner_id")
        )
    if "tags" in fields:
        payload["tags"] = list(record.tags)
    if "description" in fields:
        payload["description"] = record.description or ""
    if "custom_fields" in fields:
        payload["cf"], lost = _custom_from_unified(record.custom_fields, custom_fields)
        dropped.extend(lost)
    for name in ("stage", "pipeline", "probability", "close_date"):
        if name in fields and getattr(record, name) is not None:
            dropped.append(name)
    return Mapped(payload, tuple(dropped))


# -- events -----------------------------------------------------------------------------------


def _task_when(parts: Any) -> dt.datetime | None:
    if not isinstance(parts, dict):
        return None
    try:
        return dt.datetime(
            int(parts["y"]),
            int(parts["mo"]),
            int(parts["d"]),
            int(parts.get("h") or 0),
            int(parts.get("mi") or 0),
            tzinfo=dt.UTC,  # UNCERTAIN: the time zone is undocumented; read as UTC
        )
    except (KeyError, TypeError, ValueError):
        return None


def to_unified_event(
    wire: Mapping[str, Any], *, kind: str, company_ids: Container[int] | None = None
) -> Event:
    """A Clevertim task (``kind="task"``) or note (``kind="note"``) as a unified Event.

    Tasks: ``subject`` = name, ``due_at`` = start date and time (read as UTC), ``status``
    ``completed`` / ``open``, soft-deleted tasks have ``remote_was_deleted``. Notes: ``body`` =
    text, ``subject`` = the email subject of sent-email notes (None for other notes),
    ``occurred_at`` = when it was added; a note names several contacts/companies: the first of
    each kind is mapped, all stay in ``remote_data``.
    """
    remote_id = f"{kind}:{wire.get('id')}"
    common = _provenance(wire, remote_id)
    if kind == "task":
        contact_id, company_id = _who(wire.get("cust"), company_ids)
        deal = _int_id(wire.get("opp"))
        owner = _int_id(wire.get("aUserId"))
        atype = str(wire.get("atype") or "Not set")
        return Event(
            **common,
            remote_was_deleted=bool(wire.get("is_deleted")),
            type=_TASK_TYPES.get(atype, atype.lower()),
            subject=_text(wire.get("name")),
            due_at=_task_when(wire.get("startDate")),
            status="completed" if wire.get("is_completed") else "open",
            contact_id=contact_id,
            company_id=company_id,
            deal_id=str(deal) if deal is not None else None,
            owner_id=str(owner) if owner is not None else None,
        )
    if kind != "note":
        raise InvalidArgument(f"kind must be 'task' or 'note', not {kind!r}", vendor=VENDOR)
    cust = wire.get("cust")
    custs = cust if isinstance(cust, list) else [cust]
    contact_id = company_id = None
    for value in custs:
        found_contact, found_company = _who(value, company_ids)
        contact_id = contact_id or found_contact
        company_id = company_id or found_company
    deal = _int_id(wire.get("opportunity"))
    creator = _int_id(wire.get("userId"))
    return Event(
        **common,
        type=_NOTE_TYPES.get(str(wire.get("type") or "N"), "note"),
        # The headline is a real subject only for emails; for other notes Clevertim derives it
        # from the text, and it cannot be written: reporting it would look like a kept value.
        subject=_text(wire.get("hl")) if isinstance(wire.get("email"), dict) else None,
        body=_text(wire.get("desc")),
        occurred_at=parse_timestamp(_text(wire.get("ao"))),
        contact_id=contact_id,
        company_id=company_id,
        deal_id=str(deal) if deal is not None else None,
        owner_id=str(creator) if creator is not None else None,
    )


def event_kind(record: Event) -> str:
    """``"note"`` for note, email and sms events, else ``"task"``."""
    return "note" if (record.type or "") in _NOTE_EVENT_TYPES else "task"


def from_unified_event(record: Event, *, kind: str | None = None) -> tuple[str, Mapped]:
    """``(kind, Mapped)``: the Clevertim task or note body for the fields set on ``record``.

    Args:
        record: the event (a partial one for updates).
        kind: ``"task"`` or ``"note"``; by default from ``record.type`` (note, email and sms
            events are notes, everything else a task).
    """
    kind = kind or event_kind(record)
    fields = _set_fields(record)
    payload: dict[str, Any] = {}
    dropped: list[str] = []
    if kind == "task":
        if "type" in fields:
            kind_name = (record.type or "task").lower()
            if kind_name in _TASK_TYPES_BACK:
                payload["atype"] = _TASK_TYPES_BACK[kind_name]
            else:
                payload["atype"] = "Not set"
                dropped.append("type")
        if "subject" in fields:
            payload["name"] = record.subject or ""
        if "due_at" in fields:
            when = record.due_at
            payload["startDate"] = (
                None
                if when is None
                else {
                    "y": when.year,
                    "mo": when.month,
                    "d": when.day,
                    "h": when.hour,
                    "mi": when.minute,
                }
            )
        if "status" in fields:
            if record.status in ("completed", "open"):
                payload["is_completed"] = record.status == "completed"
            elif record.status is not None:
                dropped.append("status")
        if fields & {"contact_id", "company_id"}:
            if record.contact_id is not None:
                payload["cust"] = _remote_id(record.contact_id, "contact_id")
                if record.company_id is not None:
                    dropped.append("company_id")
            elif record.company_id is not None:
                payload["cust"] = _remote_id(record.company_id, "company_id")
            else:
                payload["cust"] = None
        if "deal_id" in fields:
            payload["opp"] = (
                None if record.deal_id is None else _remote_id(record.deal_id, "deal_id")
            )
        if "owner_id" in fields:
            payload["aUserId"] = (
                None if record.owner_id is None else _remote_id(record.owner_id, "owner_id")
            )
        unheld: tuple[str, ...] = ("body", "occurred_at", "completed_at", "tags")
    else:
        if "type" in fields:
            payload["type"] = _NOTE_TYPES_BACK.get((record.type or "note").lower(), "N")
        if "body" in fields:
            payload["desc"] = record.body or ""
        if fields & {"contact_id", "company_id"}:
            payload["cust"] = [
                _remote_id(v, name)
                for name, v in (
                    ("contact_id", record.contact_id),
                    ("company_id", record.company_id),
                )
                if v is not None
            ]
        if "deal_id" in fields:
            payload["opportunity"] = (
                None if record.deal_id is None else _remote_id(record.deal_id, "deal_id")
            )
        # The headline, the added-on time and the creator are set by Clevertim.
        unheld = ("subject", "occurred_at", "due_at", "completed_at", "status", "owner_id", "tags")
    for name in unheld:
        value = getattr(record, name)
        if name in fields and value not in (None, []):
            dropped.append(name)
    return kind, Mapped(payload, tuple(dropped))


def split_event_id(remote_id: str) -> tuple[str, int]:
    """``"task:7"`` -> ``("task", 7)``.

    Raises:
        InvalidArgument: anything else (before any request).
    """
    kind, _, number = str(remote_id).partition(":")
    if kind not in ("task", "note") or not number.isdigit() or int(number) < 1:
        raise InvalidArgument(
            f"Clevertim event ids look like 'task:7' or 'note:40', not {remote_id!r}",
            vendor=VENDOR,
        )
    return kind, int(number)


# -- reading whole collections ------------------------------------------------------------------


def iter_elements(response: httpx.Response) -> Iterator[Any]:
    """The ``content`` elements of a (read) listing, decoded incrementally.

    The body is already in memory; decoding it in slices keeps a single parsed element alive
    at a time instead of a full parsed copy of the collection.
    """
    stream = EnvelopeStream()
    body = response.content
    for start in range(0, len(body), _CHUNK):
        yield from stream.feed(body[start : start + _CHUNK])
    yield from stream.close()


def _is_since(wire: Mapping[str, Any], since: dt.datetime | None) -> bool:
    if since is None:
        return True
    modified = parse_timestamp(_text(wire.get("lm")))
    return modified is None or modified >= since


def _definitions_endpoint() -> Endpoint[list[Any]]:
    """``GET /customfield``: the account's custom field definitions (cacheable)."""
    return Endpoint(
        method="GET",
        path=CUSTOM_FIELD.name,
        parse=read_content,
        cache_tags=CUSTOM_FIELD.cache_tags,
    )


def _company_ids_endpoint() -> Endpoint[set[int]]:
    """``GET /company`` keeping only the ids (to tell companies from contacts in ``cust``)."""

    def parse(response: httpx.Response) -> set[int]:
        return {
            number
            for element in iter_elements(response)
            if isinstance(element, dict) and (number := _int_id(element.get("id"))) is not None
        }

    return Endpoint(method="GET", path=COMPANY.name, parse=parse)


State = dict[str, Any]
Step = Callable[[State], Endpoint[Page[Any]]]


def _prepare(key: str, make: Callable[[], Endpoint[Any]]) -> Step:
    """A listing step that reads something the mapping needs and yields no records."""

    def step(state: State) -> Endpoint[Page[Any]]:
        endpoint = make()

        def parse(response: httpx.Response) -> Page[Any]:
            state[key] = endpoint.parse(response)
            return Page([])

        return Endpoint(method="GET", path=endpoint.path, parse=parse)

    return step


class _Steps:
    """A listing as a sequence of requests: preparatory reads (custom field definitions,
    company ids), then one or more whole collections.

    Not random-access: later steps need what earlier ones read.
    """

    def __init__(self, steps: list[Step]) -> None:
        self._steps = steps
        self.state: State = {}

    @property
    def page_size(self) -> int | None:
        return None

    @property
    def random_access(self) -> bool:
        return False

    def page_endpoint(self, index: int) -> Endpoint[Page[Any]] | None:
        if index >= len(self._steps):
            return None
        return self._steps[index](self.state)

    def is_last(self, page: Page[Any]) -> bool:
        return page.index >= len(self._steps) - 1


def _listing(
    info: ResourceInfo[Any], to_unified: Callable[[Any], Any], since: dt.datetime | None
) -> Endpoint[Page[Any]]:
    def parse(response: httpx.Response) -> Page[Any]:
        return Page(
            [
                to_unified(element)
                for element in iter_elements(response)
                if isinstance(element, dict) and _is_since(element, since)
            ]
        )

    return Endpoint(method="GET", path=info.name, parse=parse)


def _writable_body(info: ResourceInfo[Any], current: Mapping[str, Any]) -> dict[str, Any]:
    read_only = {(info.model.model_fields[name].alias or name) for name in info.model.__read_only__}
    return {k: v for k, v in current.items() if k != "id" and k not in read_only}


def _write(
    info: ResourceInfo[Any], key: int | None, payload: Mapping[str, Any]
) -> Generator[Endpoint[Any], Any, dict[str, Any]]:
    """Create (POST) or update the record; returns it as stored.

    An update reads the record, overlays ``payload`` and PUTs the whole object: right whether
    Clevertim's PUT merges or replaces. A create is never retried once it may have reached
    Clevertim (no natural key): an ambiguous failure raises ``AmbiguousWriteError``.
    """
    if key is None:
        sent = dict(payload)
        answer = yield ops.create_raw(info, sent)
        return ops.merge_response(sent, answer)
    current = yield ops.get_raw(info, key, cache=False)
    body = _writable_body(info, current)
    body.update(payload)
    answer = yield ops.put_raw(info, key, body)
    return ops.merge_response({"id": current.get("id"), **body}, answer)


def _delete_flow(info: ResourceInfo[Any], key: int) -> Generator[Endpoint[Any], Any, None]:
    yield ops.delete_raw(info, key)


def _probe_companies(cust: Any) -> Generator[Endpoint[Any], Any, set[int]]:
    """The ids among ``cust`` (one id or a list) that are companies (one GET by id each)."""
    found: set[int] = set()
    for value in cust if isinstance(cust, list) else [cust]:
        number = _int_id(value)
        if number is None:
            continue
        try:
            yield ops.get_raw(COMPANY, number, cache=False)
        except NotFound:
            continue
        found.add(number)
    return found


# -- adapters -----------------------------------------------------------------------------------

_ALL = frozenset({"list", "get", "create", "update", "delete"})
_NO_FILTERS = (
    "No pagination and no server-side filters: list reads the whole collection in one streamed "
    "request and filters on 'lm' client-side."
)


class _CustomerAdapter(EntityAdapter[Any]):
    """Shared by contacts and companies."""

    info: ClassVar[ResourceInfo[Any]]
    scope: ClassVar[str]
    extra: ClassVar[dict[str, Any]]

    def _to_unified(self, wire: Mapping[str, Any], fields: CustomFieldMap) -> Any:
        raise NotImplementedError

    def _from_unified(self, record: Any, fields: CustomFieldMap | None) -> Mapped:
        raise NotImplementedError

    def _check_minimum(self, payload: Mapping[str, Any]) -> None:
        raise NotImplementedError

    def _fields(self, definitions: Any) -> CustomFieldMap:
        return CustomFieldMap(definitions or [], self.scope)

    def list(
        self, *, updated_since: dt.datetime | None = None, page_size: int | None = None
    ) -> _Steps:
        def records(state: State) -> Endpoint[Page[Any]]:
            fields = self._fields(state.get("definitions"))
            return _listing(self.info, lambda w: self._to_unified(w, fields), updated_since)

        return _Steps([_prepare("definitions", _definitions_endpoint), records])

    def get(self, remote_id: str) -> Flow[Any]:
        return self._get(_remote_id(remote_id, "remote_id"))

    def _get(self, key: int) -> Generator[Endpoint[Any], Any, Any]:
        fields = self._fields((yield _definitions_endpoint()))
        wire = yield ops.get_raw(self.info, key)
        return self._to_unified(wire, fields)

    def create(self, record: Any) -> Flow[Any]:
        # Checked before any request: ids, the create minimum.
        self._check_minimum({**self.extra, **self._from_unified(record, None).payload})
        return self._save(None, record)

    def update(self, remote_id: str, record: Any) -> Flow[Any]:
        key = _remote_id(remote_id, "remote_id")
        self._from_unified(record, None)
        return self._save(key, record)

    def _save(self, key: int | None, record: Any) -> Generator[Endpoint[Any], Any, Any]:
        fields = self._fields((yield _definitions_endpoint()))
        mapped = self._from_unified(record, fields)
        payload = {**self.extra, **mapped.payload} if key is None else mapped.payload
        stored = yield from _write(self.info, key, payload)
        return self._to_unified(stored, fields).with_dropped(mapped.dropped)

    def delete(self, remote_id: str) -> Flow[None]:
        return _delete_flow(self.info, _remote_id(remote_id, "remote_id"))

    def find(self, key: str, value: str) -> Flow[builtins.list[Any]]:
        if key != "email":
            raise self._unsupported(f"find by {key}", hint="Clevertim records match by email.")
        return self._find(value.strip().lower())

    def _find(self, wanted: str) -> Generator[Endpoint[Any], Any, builtins.list[Any]]:
        fields = self._fields((yield _definitions_endpoint()))

        def parse(response: httpx.Response) -> builtins.list[dict[str, Any]]:
            # No server-side search: the whole collection is read, only matches are kept.
            return [
                element
                for element in iter_elements(response)
                if isinstance(element, dict)
                and any(
                    isinstance(e, str) and e.strip().lower() == wanted
                    for e in element.get("email") or []
                )
            ]

        found = yield Endpoint(method="GET", path=self.info.name, parse=parse)
        return [self._to_unified(w, fields) for w in found]


class ContactsAdapter(_CustomerAdapter):
    """Unified contacts over ``/contact``."""

    entity: ClassVar[str] = "contacts"
    model = Contact
    info = CONTACT
    scope = "customers"
    extra: ClassVar[dict[str, Any]] = {"is_company": False}

    def _to_unified(self, wire: Mapping[str, Any], fields: CustomFieldMap) -> Contact:
        return to_unified_contact(wire, custom_fields=fields)

    def _from_unified(self, record: Any, fields: CustomFieldMap | None) -> Mapped:
        return from_unified_contact(record, custom_fields=fields)

    def _check_minimum(self, payload: Mapping[str, Any]) -> None:
        if not (payload.get("fn") or payload.get("ln")):
            raise InvalidArgument(
                "A Clevertim contact needs a first or last name (set first_name, last_name "
                "or name).",
                vendor=VENDOR,
            )


class CompaniesAdapter(_CustomerAdapter):
    """Unified companies over ``/company``."""

    entity: ClassVar[str] = "companies"
    model = Company
    info = COMPANY
    scope = "companies"
    extra: ClassVar[dict[str, Any]] = {"is_company": True}

    def _to_unified(self, wire: Mapping[str, Any], fields: CustomFieldMap) -> Company:
        return to_unified_company(wire, custom_fields=fields)

    def _from_unified(self, record: Any, fields: CustomFieldMap | None) -> Mapped:
        return from_unified_company(record, custom_fields=fields)

    def _check_minimum(self, payload: Mapping[str, Any]) -> None:
        if not payload.get("cn"):
            raise InvalidArgument("A Clevertim company needs a name.", vendor=VENDOR)


class DealsAdapter(EntityAdapter[Deal]):
    """Unified deals over ``/opportunity``."""

    entity: ClassVar[str] = "deals"
    model = Deal
    scope = "opportunities"

    def list(
        self, *, updated_since: dt.datetime | None = None, page_size: int | None = None
    ) -> _Steps:
        def records(state: State) -> Endpoint[Page[Any]]:
            fields = CustomFieldMap(state.get("definitions") or [], self.scope)
            ids = state.get("company_ids") or set()
            return _listing(
                OPPORTUNITY,
                lambda w: to_unified_deal(w, company_ids=ids, custom_fields=fields),
                updated_since,
            )

        return _Steps(
            [
                _prepare("definitions", _definitions_endpoint),
                _prepare("company_ids", _company_ids_endpoint),
                records,
            ]
        )

    def get(self, remote_id: str) -> Flow[Deal]:
        return self._get(_remote_id(remote_id, "remote_id"))

    def _get(self, key: int) -> Generator[Endpoint[Any], Any, Deal]:
        fields = CustomFieldMap((yield _definitions_endpoint()), self.scope)
        wire = yield ops.get_raw(OPPORTUNITY, key)
        ids = yield from _probe_companies(wire.get("cust"))
        return to_unified_deal(wire, company_ids=ids, custom_fields=fields)

    def create(self, record: Deal) -> Flow[Deal]:
        from_unified_deal(record)  # ids are checked before any request
        return self._save(None, record)

    def update(self, remote_id: str, record: Deal) -> Flow[Deal]:
        key = _remote_id(remote_id, "remote_id")
        from_unified_deal(record)
        return self._save(key, record)

    def _save(self, key: int | None, record: Deal) -> Generator[Endpoint[Any], Any, Deal]:
        fields = CustomFieldMap((yield _definitions_endpoint()), self.scope)
        mapped = from_unified_deal(record, custom_fields=fields)
        stored = yield from _write(OPPORTUNITY, key, mapped.payload)
        ids = yield from _probe_companies(stored.get("cust"))
        result = to_unified_deal(stored, company_ids=ids, custom_fields=fields)
        result.with_dropped(mapped.dropped)
        return result

    def delete(self, remote_id: str) -> Flow[None]:
        return _delete_flow(OPPORTUNITY, _remote_id(remote_id, "remote_id"))


class EventsAdapter(EntityAdapter[Event]):
    """Unified events over ``/task`` (tasks, calls, meetings...) and ``/note`` (notes, emails,
    SMS). Note, email and sms events are created as notes, every other type as a task."""

    entity: ClassVar[str] = "events"
    model = Event

    def list(
        self, *, updated_since: dt.datetime | None = None, page_size: int | None = None
    ) -> _Steps:
        def of(kind: str) -> Step:
            def records(state: State) -> Endpoint[Page[Any]]:
                ids = state.get("company_ids") or set()
                return _listing(
                    _EVENT_INFO[kind],
                    lambda w: to_unified_event(w, kind=kind, company_ids=ids),
                    updated_since,
                )

            return records

        return _Steps([_prepare("company_ids", _company_ids_endpoint), of("task"), of("note")])

    def get(self, remote_id: str) -> Flow[Event]:
        kind, key = split_event_id(remote_id)
        return self._get(kind, key)

    def _get(self, kind: str, key: int) -> Generator[Endpoint[Any], Any, Event]:
        wire = yield ops.get_raw(_EVENT_INFO[kind], key)
        ids = yield from _probe_companies(wire.get("cust"))
        return to_unified_event(wire, kind=kind, company_ids=ids)

    def create(self, record: Event) -> Flow[Event]:
        kind, mapped = from_unified_event(record)
        return self._save(kind, None, mapped)

    def update(self, remote_id: str, record: Event) -> Flow[Event]:
        kind, key = split_event_id(remote_id)
        _, mapped = from_unified_event(record, kind=kind)
        return self._save(kind, key, mapped)

    def _save(
        self, kind: str, key: int | None, mapped: Mapped
    ) -> Generator[Endpoint[Any], Any, Event]:
        stored = yield from _write(_EVENT_INFO[kind], key, mapped.payload)
        ids = yield from _probe_companies(stored.get("cust"))
        result = to_unified_event(stored, kind=kind, company_ids=ids)
        result.with_dropped(mapped.dropped)
        return result

    def delete(self, remote_id: str) -> Flow[None]:
        kind, key = split_event_id(remote_id)
        return _delete_flow(_EVENT_INFO[kind], key)


_EVENT_INFO: dict[str, ResourceInfo[Any]] = {"task": TASK, "note": NOTE}


_CAPABILITIES = {
    "contacts": EntityCapabilities(
        "contacts",
        _ALL | {"find"},
        updated_since="client",
        match_keys=("email",),
        notes=_NO_FILTERS + " find(email) reads the whole collection too.",
    ),
    "companies": EntityCapabilities(
        "companies",
        _ALL | {"find"},
        updated_since="client",
        match_keys=("email",),
        notes=_NO_FILTERS + " find(email) reads the whole collection too.",
    ),
    "deals": EntityCapabilities(
        "deals",
        _ALL,
        updated_since="client",
        notes=_NO_FILTERS + " Listing also reads company ids to map 'cust'.",
    ),
    "events": EntityCapabilities(
        "events",
        _ALL,
        updated_since="client",
        notes=_NO_FILTERS
        + " Events are tasks ('task:<id>') and notes ('note:<id>'); both are read.",
    ),
}


class ClevertimBackend(UnifiedBackend):
    """Clevertim's bridge to the unified client and the sync engine.

    Settings: ``api_key`` (str or :class:`~crmkit.core.Secret`), optional ``base_url`` and
    ``allow_insecure_http``.
    """

    vendor: ClassVar[str] = VENDOR

    def __init__(self, settings: Mapping[str, Any]) -> None:
        super().__init__(settings)
        self._adapters: dict[str, EntityAdapter[Any]] = {
            "contacts": ContactsAdapter(VENDOR, _CAPABILITIES["contacts"]),
            "companies": CompaniesAdapter(VENDOR, _CAPABILITIES["companies"]),
            "deals": DealsAdapter(VENDOR, _CAPABILITIES["deals"]),
            "events": EventsAdapter(VENDOR, _CAPABILITIES["events"]),
        }

    @property
    def adapters(self) -> Mapping[str, EntityAdapter[Any]]:
        return self._adapters

    def _api_key(self) -> str | Secret:
        key = self.settings.get("api_key")
        if not key:
            raise ConfigurationError(
                "Clevertim needs an api_key (My Info & Settings / API Key in Clevertim), or "
                "set CRMKIT_CLEVERTIM_API_KEY.",
                vendor=VENDOR,
            )
        return key  # type: ignore[no-any-return]

    def api_client(
        self, *, asynchronous: bool = False, **options: Any
    ) -> SyncAPIClient | AsyncAPIClient:
        kwargs: dict[str, Any] = {}
        if self.settings.get("base_url"):
            kwargs["base_url"] = self.settings["base_url"]
        if self.settings.get("allow_insecure_http"):
            kwargs["allow_insecure_http"] = True
        kwargs.update(options)
        if asynchronous:
            return async_api_client(self._api_key(), **kwargs)
        return sync_api_client(self._api_key(), **kwargs)

    def vendor_client(self, api: SyncAPIClient | AsyncAPIClient) -> Client | AsyncClient:
        if isinstance(api, AsyncAPIClient):
            return AsyncClient(api=api)
        return Client(api=api)

    @property
    def rate_limit(self) -> tuple[float, float] | None:
        return None  # Clevertim publishes no limit

    @classmethod
    def demo_settings(cls) -> dict[str, Any]:
        """Settings that reach the emulator's demo data (any well-formed key does)."""
        return {"api_key": DEMO_API_KEY}


def backend(settings: Mapping[str, Any]) -> ClevertimBackend:
    """Build the backend (``SPEC.unified`` names :class:`ClevertimBackend` itself)."""
    return ClevertimBackend(settings)
