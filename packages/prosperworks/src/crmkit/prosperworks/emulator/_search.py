"""The emulator's ``POST <entity>/search``: paging checks, filters, sorting, the cap.

Rules (vendor file section 4; where the live rules are UNCERTAIN the emulator picks these):

- ``page_size`` 1-200 (default 20) and ``page_number`` >= 1 (default 1), else 422; the body
  wins over query-string paging, which is accepted too;
- filters are ANDed; unknown keys are ignored (results unfiltered), as ProsperWorks does;
- ``name`` is a case-insensitive substring (opportunities: case-insensitive exact);
  ``emails``/``email_domains`` case-insensitive exact; ``tags`` any; address keys compare with
  ``address``; ``minimum_*``/``maximum_*`` inclusive; ``-2`` in an id list means "no value";
  ``age`` = created within N seconds; ``phone_number`` partial/fuzzy digit matching;
- sorting by a documented field in either direction, nulls last, ties by id ascending; an
  unknown ``sort_by`` is ignored (the default order applies);
- at most 100,000 matches are reachable; ``X-PW-TOTAL`` is the number of matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from crmkit.core.emulator import EmuError

__all__ = ["DEFAULT_SORT", "SEARCH_CAP", "SORT_FIELDS", "matches", "paging", "sort_rows"]

SEARCH_CAP = 100_000

Row = dict[str, Any]

_PEOPLE_SORT = {
    "name",
    "first_name",
    "last_name",
    "title",
    "email",
    "phone",
    "date_modified",
    "date_created",
    "city",
    "state",
    "country",
    "zip",
    "assignee",
    "inactive_days",
    "last_interaction",
    "interaction_count",
}

SORT_FIELDS: dict[str, frozenset[str]] = {
    "people": frozenset(_PEOPLE_SORT),
    "leads": frozenset(
        _PEOPLE_SORT | {"company_name", "value", "monetary_value", "customer_source", "status"}
    ),
    "companies": frozenset(
        _PEOPLE_SORT
        | {
            "contact",
            "contact_first_name",
            "contact_last_name",
            "email_domain",
            "contact_group",
            "primary_website",
        }
    ),
    "opportunities": frozenset(
        {
            "name",
            "account",
            "company_name",
            "value",
            "monetary_value",
            "assignee",
            "customer_source_id",
            "date_modified",
            "date_created",
            "contact",
            "primary_contact",
            "stage",
            "status",
            "close_date",
            "source",
            "priority",
            "last_interaction",
            "inactive_days",
            "interaction_count",
            "deal_last_stage",
            "win_probability",
        }
    ),
    "projects": frozenset(
        {"name", "assigned_to", "related_to", "status", "date_modified", "date_created"}
    ),
    "tasks": frozenset(
        {
            "name",
            "assigned_to",
            "related_to",
            "status",
            "priority",
            "due_date",
            "reminder_date",
            "completed_date",
            "date_created",
            "date_modified",
        }
    ),
    "activities": frozenset({"activity_date", "date_created", "date_modified"}),
    "users": frozenset({"name", "email"}),
}

DEFAULT_SORT: dict[str, tuple[str, str]] = {
    "people": ("first_name", "asc"),
    "leads": ("name", "asc"),
    "opportunities": ("name", "asc"),
    "projects": ("name", "asc"),
    "companies": ("date_modified", "asc"),
    "tasks": ("due_date", "asc"),
    "activities": ("activity_date", "desc"),
    "users": ("name", "asc"),
}

_OPP_STATUS = {0: "Open", 1: "Won", 2: "Lost", 3: "Abandoned"}
_OPP_PRIORITY = {0: "None", 1: "Low", 2: "Medium", 3: "High"}
_PROJECT_STATUS = {0: "Open", 1: "Completed"}
_PRIORITY_RANK = {"None": 0, "Low": 1, "Medium": 2, "High": 3}


def _int_param(value: Any, name: str, default: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool):
        raise EmuError(422, f"Invalid {name}")
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value)
    if not isinstance(value, int):
        raise EmuError(422, f"Invalid {name}")
    return value


def paging(body: Mapping[str, Any], query: Mapping[str, str]) -> tuple[int, int]:
    """``(page_number, page_size)`` from the body (or, failing that, the query string).

    Raises:
        EmuError: 422 when out of range (the live reaction is UNCERTAIN: clamp or error).
    """
    size = _int_param(body.get("page_size", query.get("page_size")), "page_size", 20)
    number = _int_param(body.get("page_number", query.get("page_number")), "page_number", 1)
    if not 1 <= size <= 200:
        raise EmuError(422, "page_size must be between 1 and 200")
    if number < 1:
        raise EmuError(422, "page_number must be at least 1")
    return number, size


# -- field access ------------------------------------------------------------------------------


def _address(row: Row, key: str) -> Any:
    address = row.get("address")
    return address.get(key) if isinstance(address, Mapping) else None


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _first(row: Row, key: str, sub: str) -> Any:
    items = row.get(key) or []
    return _lower(items[0].get(sub)) if items and isinstance(items[0], Mapping) else None


def _close_date(row: Row) -> int | None:
    value = row.get("close_date")
    if not isinstance(value, str):
        return None
    m = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", value.strip())
    if m is None:
        return None
    month, day, year = (int(g) for g in m.groups())
    try:
        return int(datetime(year, month, day, tzinfo=UTC).timestamp())
    except ValueError:
        return None


def _neg(value: Any) -> Any:
    return -value if isinstance(value, int | float) else None


_SORT_KEYS: dict[str, Callable[[Row], Any]] = {
    "name": lambda r: _lower(r.get("name")),
    "first_name": lambda r: _lower(r.get("first_name")),
    "last_name": lambda r: _lower(r.get("last_name")),
    "title": lambda r: _lower(r.get("title")),
    "email": lambda r: (
        _first(r, "emails", "email")
        if "emails" in r
        else _lower(
            (r.get("email") or {}).get("email") if isinstance(r.get("email"), dict) else None
        )
    ),
    "phone": lambda r: _first(r, "phone_numbers", "number"),
    "city": lambda r: _lower(_address(r, "city")),
    "state": lambda r: _lower(_address(r, "state")),
    "country": lambda r: _lower(_address(r, "country")),
    "zip": lambda r: _lower(_address(r, "postal_code")),
    "assignee": lambda r: r.get("assignee_id"),
    "assigned_to": lambda r: r.get("assignee_id"),
    "inactive_days": lambda r: _neg(r.get("date_last_contacted")),
    "last_interaction": lambda r: r.get("date_last_contacted"),
    "company_name": lambda r: _lower(r.get("company_name")),
    "account": lambda r: _lower(r.get("company_name")),
    "value": lambda r: r.get("monetary_value"),
    "monetary_value": lambda r: r.get("monetary_value"),
    "customer_source": lambda r: r.get("customer_source_id"),
    "customer_source_id": lambda r: r.get("customer_source_id"),
    "source": lambda r: r.get("customer_source_id"),
    "contact": lambda r: r.get("primary_contact_id"),
    "primary_contact": lambda r: r.get("primary_contact_id"),
    "stage": lambda r: r.get("pipeline_stage_id"),
    "deal_last_stage": lambda r: r.get("pipeline_stage_id"),
    "priority": lambda r: _PRIORITY_RANK.get(r.get("priority") or "None", 0),
    "status": lambda r: _lower(r.get("status")),
    "close_date": _close_date,
    "related_to": lambda r: (r.get("related_resource") or {}).get("id"),
    "email_domain": lambda r: _lower(r.get("email_domain")),
    "primary_website": lambda r: _first(r, "websites", "url"),
}


def sort_rows(entity: str, rows: list[Row], body: Mapping[str, Any]) -> list[Row]:
    """Order ``rows`` by ``sort_by``/``sort_direction`` (or the entity's default)."""
    field, direction = DEFAULT_SORT.get(entity, ("id", "asc"))
    requested = body.get("sort_by")
    if isinstance(requested, str) and requested in SORT_FIELDS.get(entity, frozenset()):
        field = requested
        direction = "desc" if body.get("sort_direction") == "desc" else "asc"
    key: Callable[[Row], Any] = _SORT_KEYS.get(field, lambda r: _lower(r.get(field)))
    by_id = sorted(rows, key=lambda r: r["id"] if isinstance(r.get("id"), int) else 0)
    present = [r for r in by_id if key(r) is not None]
    absent = [r for r in by_id if key(r) is None]
    # Python's sort is stable even with reverse=True, so ties keep ascending ids.
    present.sort(key=key, reverse=direction == "desc")
    return present + absent


# -- filters ------------------------------------------------------------------------------------


def _digits(value: Any) -> str:
    return re.sub(r"\D", "", value) if isinstance(value, str) else ""


def _phone_matches(row: Row, spec: Any) -> bool:
    if isinstance(spec, Mapping):
        wanted, mode = _digits(spec.get("value")), spec.get("match")
    else:
        wanted, mode = _digits(spec), None
    if not wanted:
        return True
    if mode not in ("partial", "fuzzy"):
        mode = "partial" if len(wanted) <= 6 else "fuzzy"
    candidates = [wanted]
    if mode == "fuzzy":
        candidates += [wanted[i:] for i in range(1, 7) if len(wanted) - i >= 6]
    numbers = [_digits(p.get("number")) for p in row.get("phone_numbers") or []]
    return any(n.endswith(c) for n in numbers for c in candidates if n)


def _ids_match(value: Any, wanted: Any) -> bool:
    if not isinstance(wanted, list):
        return True
    return any((w == -2 and value is None) or (w == value) for w in wanted)


def _emails_of(row: Row) -> list[str]:
    if "emails" in row:
        return [str(e.get("email", "")).lower() for e in row.get("emails") or []]
    one = row.get("email")
    return [str(one.get("email", "")).lower()] if isinstance(one, Mapping) else []


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


_RANGES: dict[str, Callable[[Row], Any]] = {
    "interaction_count": lambda r: r.get("interaction_count"),
    "interaction_date": lambda r: r.get("date_last_contacted"),
    "created_date": lambda r: r.get("date_created"),
    "modified_date": lambda r: r.get("date_modified"),
    "monetary_value": lambda r: r.get("monetary_value"),
    "close_date": _close_date,
    "stage_change_date": lambda r: r.get("date_stage_changed"),
    "due_date": lambda r: r.get("due_date"),
    "activity_date": lambda r: r.get("activity_date"),
}


def matches(
    entity: str,
    row: Row,
    body: Mapping[str, Any],
    *,
    now: float,
    related: Callable[[str, int], set[tuple[str, int]]],
) -> bool:
    """Whether ``row`` passes every known filter in ``body`` (unknown keys are ignored)."""
    for key, wanted in body.items():
        if key in ("page_size", "page_number", "sort_by", "sort_direction", "followed"):
            continue
        if not _passes(entity, row, key, wanted, now=now, related=related):
            return False
    return True


def _passes(
    entity: str,
    row: Row,
    key: str,
    wanted: Any,
    *,
    now: float,
    related: Callable[[str, int], set[tuple[str, int]]],
) -> bool:
    if key == "ids":
        return not isinstance(wanted, list) or row.get("id") in wanted
    if key == "name":
        if not isinstance(wanted, str):
            return True
        name = str(row.get("name") or "").lower()
        return name == wanted.lower() if entity == "opportunities" else wanted.lower() in name
    if key == "phone_number":
        return _phone_matches(row, wanted)
    if key == "emails":
        wanted_list = [wanted] if isinstance(wanted, str) else wanted
        if not isinstance(wanted_list, list):
            return True
        have = set(_emails_of(row))
        return any(isinstance(w, str) and w.lower() in have for w in wanted_list)
    if key == "email_domains":
        if not isinstance(wanted, list):
            return True
        domain = str(row.get("email_domain") or "").lower()
        return any(isinstance(w, str) and w.lower() == domain for w in wanted)
    simple_ids = {
        "contact_type_ids": "contact_type_id",
        "assignee_ids": "assignee_id",
        "company_ids": "company_id",
        "customer_source_ids": "customer_source_id",
        "loss_reason_ids": "loss_reason_id",
        "pipeline_ids": "pipeline_id",
        "pipeline_stage_ids": "pipeline_stage_id",
    }
    if key in simple_ids:
        return _ids_match(row.get(simple_ids[key]), wanted)
    if key == "status_ids":
        if entity == "leads":
            return _ids_match(row.get("status_id"), wanted)
        names = _OPP_STATUS if entity == "opportunities" else _PROJECT_STATUS
        if not isinstance(wanted, list):
            return True
        return row.get("status") in {names.get(w) for w in wanted}
    if key == "priority_ids" and entity == "opportunities":
        if not isinstance(wanted, list):
            return True
        return row.get("priority") in {_OPP_PRIORITY.get(w) for w in wanted}
    if key == "statuses":
        return not isinstance(wanted, list) or row.get("status") in wanted
    if key in ("opportunity_ids", "project_ids"):
        if not isinstance(wanted, list):
            return True
        kind = "opportunity" if key == "opportunity_ids" else "project"
        if entity in ("tasks", "projects"):
            ref = row.get("related_resource") or {}
            return ref.get("type") == kind and ref.get("id") in wanted
        links = related(entity, row["id"])
        return any((kind, w) in links for w in wanted)
    if key in ("city", "state", "postal_code", "country"):
        if not isinstance(wanted, str):
            return True
        value = _address(row, key)
        if wanted == "":
            return not value
        return isinstance(value, str) and value.lower() == wanted.lower()
    if key == "tags":
        if not isinstance(wanted, list) or not wanted:
            return True
        return bool(set(row.get("tags") or []) & set(wanted))
    if key == "age":
        created = row.get("date_created")
        return not isinstance(wanted, int) or (
            isinstance(created, int | float) and now - created <= wanted
        )
    if key == "parent":
        if not isinstance(wanted, Mapping):
            return True
        parent = row.get("parent") or {}
        return parent.get("id") == wanted.get("id") and parent.get("type") == wanted.get("type")
    if key == "activity_types":
        if not isinstance(wanted, list) or not wanted:
            return True
        atype: Mapping[str, Any] = row.get("type") or {}
        return any(
            isinstance(w, Mapping)
            and w.get("id") == atype.get("id")
            and w.get("category", atype.get("category")) == atype.get("category")
            for w in wanted
        )
    if key == "custom_fields":
        return _custom_fields_match(row, wanted)
    for prefix in ("minimum_", "maximum_"):
        if key.startswith(prefix) and key[len(prefix) :] in _RANGES:
            bound = _number(wanted)
            if bound is None:
                return True
            value = _number(_RANGES[key[len(prefix) :]](row))
            if value is None:
                return False
            return value >= bound if prefix == "minimum_" else value <= bound
    return True  # unknown filter: ignored, as ProsperWorks does


def _custom_fields_match(row: Row, wanted: Any) -> bool:
    if not isinstance(wanted, list):
        return True
    values = {
        cf.get("custom_field_definition_id"): cf.get("value")
        for cf in row.get("custom_fields") or []
        if isinstance(cf, Mapping)
    }
    for spec in wanted:
        if not isinstance(spec, Mapping):
            continue
        have = values.get(spec.get("custom_field_definition_id"))
        if have is None and spec.get("allow_empty"):
            continue
        target = spec.get("value")
        if isinstance(target, list):
            if have not in target and not (isinstance(have, list) and set(have) & set(target)):
                return False
        elif have != target:
            return False
    return True
