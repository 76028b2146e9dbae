"""Record shapes and field checks for the emulator's main entities.

ProsperWorks answers every record in full (null or ``[]`` when empty); :func:`blank` gives
that shape. :func:`check_fields` validates the writable keys of a POST/PUT body and returns
them normalised; read-only and unknown keys are ignored (prospyr sends dates back on update;
the live reaction is UNCERTAIN, ignoring them is the safe reading). A type error is a 422.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from crmkit.core.emulator import EmuError

__all__ = ["ENTITIES", "IDENTIFIER_TYPES", "blank", "check_fields", "split_name"]

Row = dict[str, Any]
Check = Callable[[str, Any], Any]

ENTITIES = ("people", "companies", "leads", "opportunities", "tasks", "activities", "projects")

IDENTIFIER_TYPES = frozenset({"lead", "person", "company", "opportunity", "project", "task"})

_SLASH = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def _bad(field: str, what: str) -> EmuError:
    return EmuError(422, f"{field} {what}")


def _str(field: str, value: Any) -> Any:
    if value is not None and not isinstance(value, str):
        raise _bad(field, "must be a string")
    return value


def _int(field: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)  # the docs type company_id as a string; samples send ints
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad(field, "must be an integer")
    return value


def _number(field: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _bad(field, "must be a number")
    return value


def _tags(field: str, value: Any) -> Any:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise _bad(field, "must be a list of strings")
    return list(value)


def _contacts(key: str) -> Check:
    def check(field: str, value: Any) -> Any:
        if value is None:
            return []
        if not isinstance(value, list):
            raise _bad(field, "must be a list")
        out = []
        for item in value:
            if not isinstance(item, Mapping) or not isinstance(item.get(key), str):
                raise _bad(field, f"entries need a string {key!r}")
            if not item[key].strip():
                raise _bad(field, f"entries need a non-empty {key!r}")
            category = item.get("category")
            if category is not None and not isinstance(category, str):
                raise _bad(field, "category must be a string")
            out.append({key: item[key], "category": category})
        return out

    return check


def _email_one(field: str, value: Any) -> Any:
    if value is None:
        return None
    checked = _contacts("email")(field, [value])
    return checked[0]


def _address(field: str, value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise _bad(field, "must be an object")
    out = {}
    for key in ("street", "city", "state", "postal_code", "country"):
        part = value.get(key)
        if part is not None and not isinstance(part, str):
            raise _bad(field, f"{key} must be a string")
        out[key] = part
    return out


def _custom_fields(field: str, value: Any) -> Any:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _bad(field, "must be a list")
    out = []
    for item in value:
        if not isinstance(item, Mapping) or isinstance(
            item.get("custom_field_definition_id"), bool
        ):
            raise _bad(field, "entries need custom_field_definition_id")
        if not isinstance(item.get("custom_field_definition_id"), int):
            raise _bad(field, "entries need an integer custom_field_definition_id")
        out.append(
            {
                "custom_field_definition_id": item["custom_field_definition_id"],
                "value": item.get("value"),
            }
        )
    return out


def _enum(*allowed: str) -> Check:
    def check(field: str, value: Any) -> Any:
        if value not in allowed:
            raise _bad(field, f"must be one of {', '.join(allowed)}")
        return value

    return check


def _timestamp(field: str, value: Any) -> Any:
    """Unix seconds; ``M/D/YYYY`` is accepted too (the 2019 docs say tasks use it)."""
    if value is None:
        return None
    if isinstance(value, str):
        m = _SLASH.match(value)
        if m is None:
            raise _bad(field, "must be a Unix timestamp or M/D/YYYY")
        month, day, year = (int(g) for g in m.groups())
        try:
            return int(datetime(year, month, day, tzinfo=UTC).timestamp())
        except ValueError:
            raise _bad(field, "is not a valid date") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _bad(field, "must be a Unix timestamp")
    return int(value)


def _close_date(field: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        d = datetime.fromtimestamp(value, UTC).date()
        return f"{d.month}/{d.day}/{d.year}"
    if not isinstance(value, str) or _SLASH.match(value) is None:
        raise _bad(field, "must be a date as MM/DD/YYYY")
    month, day, year = (int(g) for g in _SLASH.match(value).groups())  # type: ignore[union-attr]
    try:
        datetime(year, month, day)
    except ValueError:
        raise _bad(field, "is not a valid date") from None
    return f"{month}/{day}/{year}"


def _win_probability(field: str, value: Any) -> Any:
    value = _int(field, value)
    if value is not None and not 0 <= value <= 100:
        raise _bad(field, "must be between 0 and 100")
    return value


def _identifier(field: str, value: Any) -> Any:
    if value is None:
        return {"id": None, "type": None}
    if not isinstance(value, Mapping):
        raise _bad(field, "must be an object with id and type")
    rid, kind = value.get("id"), value.get("type")
    if rid is None and kind is None:
        return {"id": None, "type": None}
    if isinstance(rid, bool) or not isinstance(rid, int) or kind not in IDENTIFIER_TYPES:
        raise _bad(field, f"must have an integer id and a type in {sorted(IDENTIFIER_TYPES)}")
    return {"id": rid, "type": kind}


def _type_ref(field: str, value: Any) -> Any:
    if not isinstance(value, Mapping):
        raise _bad(field, "must be an object with id and category")
    rid, category = value.get("id"), value.get("category")
    if isinstance(rid, bool) or not isinstance(rid, int) or not isinstance(category, str):
        raise _bad(field, "must have an integer id and a category")
    return {"id": rid, "category": category}


_CONTACTISH: dict[str, Check] = {
    "name": _str,
    "address": _address,
    "assignee_id": _int,
    "details": _str,
    "phone_numbers": _contacts("number"),
    "socials": _contacts("url"),
    "websites": _contacts("url"),
    "tags": _tags,
    "custom_fields": _custom_fields,
}

WRITABLE: dict[str, dict[str, Check]] = {
    "people": {
        **_CONTACTISH,
        "company_id": _int,
        "contact_type_id": _int,
        "emails": _contacts("email"),
        "title": _str,
    },
    "companies": {**_CONTACTISH, "contact_type_id": _int, "email_domain": _str},
    "leads": {
        **_CONTACTISH,
        "company_name": _str,
        "customer_source_id": _int,
        "email": _email_one,
        "monetary_value": _number,
        "monetary_unit": _str,
        "title": _str,
        "status": _str,
    },
    "opportunities": {
        "name": _str,
        "assignee_id": _int,
        "close_date": _close_date,
        "company_id": _int,
        "customer_source_id": _int,
        "details": _str,
        "loss_reason_id": _int,
        "monetary_value": _number,
        "monetary_unit": _str,
        "pipeline_id": _int,
        "pipeline_stage_id": _int,
        "primary_contact_id": _int,
        "priority": _enum("None", "Low", "Medium", "High"),
        "status": _enum("Open", "Won", "Lost", "Abandoned"),
        "tags": _tags,
        "win_probability": _win_probability,
        "custom_fields": _custom_fields,
    },
    "tasks": {
        "name": _str,
        "related_resource": _identifier,
        "assignee_id": _int,
        "due_date": _timestamp,
        "reminder_date": _timestamp,
        "priority": _enum("None", "High"),
        "status": _enum("Open", "Completed"),
        "details": _str,
        "tags": _tags,
        "custom_fields": _custom_fields,
        "custom_activity_type_id": _int,
    },
    "activities": {
        "type": _type_ref,
        "parent": _identifier,
        "details": _str,
        "user_id": _int,
        "activity_date": _timestamp,
    },
    "projects": {
        "name": _str,
        "related_resource": _identifier,
        "assignee_id": _int,
        "status": _enum("Open", "Completed"),
        "details": _str,
        "tags": _tags,
        "custom_fields": _custom_fields,
    },
}


def check_fields(entity: str, body: Mapping[str, Any]) -> Row:
    """The writable keys of ``body``, validated and normalised (others are ignored).

    Raises:
        EmuError: 422 naming the first bad field.
    """
    checks = WRITABLE[entity]
    return {key: checks[key](key, value) for key, value in body.items() if key in checks}


def split_name(name: str | None) -> tuple[str | None, str | None]:
    """First word -> first_name, the rest -> last_name (the emulator's reading)."""
    if not name:
        return None, None
    parts = name.split(None, 1)
    return parts[0], (parts[1] if len(parts) > 1 else None)


def blank(entity: str, rid: int, now: int, custom_fields: list[Row]) -> Row:
    """A full-shape record of ``entity`` with every field at its empty value."""
    base: Row = {"id": rid}
    if entity in ("people", "leads"):
        base.update(
            name=None,
            prefix=None,
            first_name=None,
            middle_name=None,
            last_name=None,
            suffix=None,
            address=None,
            assignee_id=None,
        )
    if entity == "people":
        base.update(
            company_id=None,
            company_name=None,
            contact_type_id=None,
            details=None,
            emails=[],
            phone_numbers=[],
            socials=[],
            tags=[],
            title=None,
            websites=[],
            interaction_count=0,
            date_last_contacted=None,
            leads_converted_from=[],
            date_lead_created=None,
        )
    elif entity == "leads":
        base.update(
            company_name=None,
            customer_source_id=None,
            details=None,
            email=None,
            monetary_unit=None,
            monetary_value=None,
            phone_numbers=[],
            socials=[],
            status=None,
            status_id=None,
            tags=[],
            title=None,
            websites=[],
            interaction_count=0,
            date_last_contacted=None,
        )
    elif entity == "companies":
        base.update(
            name=None,
            address=None,
            assignee_id=None,
            contact_type_id=None,
            details=None,
            email_domain=None,
            phone_numbers=[],
            socials=[],
            tags=[],
            websites=[],
            interaction_count=0,
            date_last_contacted=None,
        )
    elif entity == "opportunities":
        base.update(
            name=None,
            assignee_id=None,
            close_date=None,
            company_id=None,
            company_name=None,
            customer_source_id=None,
            details=None,
            loss_reason_id=None,
            monetary_unit=None,
            monetary_value=None,
            pipeline_id=None,
            pipeline_stage_id=None,
            primary_contact_id=None,
            priority="None",
            status="Open",
            tags=[],
            win_probability=None,
            interaction_count=0,
            converted_unit=None,
            converted_value=None,
            date_stage_changed=now,
            date_last_contacted=None,
            date_lead_created=None,
            leads_converted_from=[],
        )
    elif entity == "tasks":
        base.update(
            name=None,
            related_resource={"id": None, "type": None},
            assignee_id=None,
            due_date=None,
            reminder_date=None,
            completed_date=None,
            priority="None",
            status="Open",
            details=None,
            tags=[],
            custom_activity_type_id=None,
        )
    elif entity == "projects":
        base.update(
            name=None,
            related_resource={"id": None, "type": None},
            assignee_id=None,
            status="Open",
            details=None,
            tags=[],
        )
    elif entity == "activities":
        base.update(
            parent={"id": None, "type": None},
            type=None,
            user_id=None,
            details=None,
            activity_date=now,
            old_value=None,
            new_value=None,
        )
    if entity != "activities":
        base["custom_fields"] = [dict(cf) for cf in custom_fields]
    base["date_created"] = now
    base["date_modified"] = now
    return base
