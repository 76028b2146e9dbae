"""Request-body validation of the Clevertim emulator (400 answers, vendor notes §8.8).

Strictness is UNCERTAIN in the vendor notes; the emulator checks what the notes list: the
create minimums, the code lists (``ctype``, ``atype``, ``rec``, note ``type``, phone and social
types), task dates, custom-field values against their definitions, custom-field definitions,
comment targets and that every link points at an existing record. Each failure names the
problem in the ``error`` text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from crmkit.core.emulator import EmuError

from ._schema import REFS, SCOPES

__all__ = [
    "ATYPES",
    "CTYPES",
    "FIELD_TYPES",
    "PHONE_TYPES",
    "SOCIAL_VENUES",
    "validate_record",
]

CTYPES = frozenset("CPSREONTDXIMAVWLFH")
ATYPES = frozenset({"Email", "TO DO", "Meeting", "Not set", "Call", "Follow up", "Appointment"})
RECURRENCE = frozenset("NDWMY")
NOTE_TYPES_WRITABLE = frozenset("NSM")
PHONE_TYPES = frozenset({"Work", "Home", "Mobile", "Fax", "Pager"})
SOCIAL_VENUES = frozenset(
    {
        "BitBucket",
        "Facebook",
        "Github",
        "Google+",
        "Instagram",
        "Kik",
        "LinkedIn",
        "MSN",
        "Pinterest",
        "Reddit",
        "Skype",
        "Snapchat",
        "Telegram",
        "Twitter",
        "Whatsapp",
        "YouTube",
    }
)
FIELD_TYPES = frozenset(
    {
        "input",
        "select",
        "date",
        "user",
        "state",
        "country",
        "region",
        "currency",
        "contact",
        "company",
        "case",
        "opportunity",
    }
)
FIELD_SCOPES = frozenset({"customers", "companies", "cases", "opportunities"})
REFERENCE_FIELD_TYPES = frozenset({"user", "contact", "company", "case", "opportunity"})

_STRINGS: dict[str, tuple[str, ...]] = {
    "contact": (
        "fn",
        "ln",
        "title",
        "description",
        "address",
        "city",
        "postcode",
        "region",
        "country",
    ),
    "company": ("cn", "description", "address", "city", "postcode", "region", "country"),
    "case": ("name", "description"),
    "opportunity": ("name", "description", "status", "value", "currency"),
    "task": ("name", "location"),
    "note": ("desc",),
    "comment": ("comment",),
    "customfield": ("name", "fullname"),
    "folder": ("name",),
    "file": ("name",),
    "linkedfile": ("name",),
}
_STRING_LISTS: dict[str, tuple[str, ...]] = {
    "contact": ("email", "website", "tags"),
    "company": ("email", "website", "tags"),
    "case": ("tags",),
    "opportunity": ("tags",),
}
_BOOLS: dict[str, tuple[str, ...]] = {
    "task": ("is_completed", "is_deleted"),
    "customfield": ("multiple",),
    "folder": ("is_dir",),
}
_SHARED_RESOURCES = frozenset({"contact", "company", "case", "opportunity", "task", "note"})
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

Exists = Callable[[str, Any, bool], bool]
"""``exists(table, id, company_only)``: whether a link target exists."""


def _bad(message: str) -> EmuError:
    return EmuError(400, message)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate_record(
    resource: str,
    record: Mapping[str, Any],
    *,
    exists: Exists,
    custom_fields: Mapping[str, Mapping[str, Any]],
    previous: Mapping[str, Any] | None = None,
) -> None:
    """Check a record as it would be stored after the write.

    Args:
        resource: the resource name.
        record: the merged record (previous values overlaid by the body).
        exists: tells whether a link target exists.
        custom_fields: the custom-field definitions by id (as strings).
        previous: the stored record before a PUT, or None for a create.

    Raises:
        EmuError: 400 naming the first problem found.
    """
    _check_types(resource, record)
    _check_minimum(resource, record)
    _check_codes(resource, record, previous)
    if resource == "task":
        for key in ("startDate", "endDate"):
            _check_task_date(key, record.get(key))
    if resource in SCOPES:
        _check_custom_values(resource, record.get("cf"), custom_fields)
    if resource == "customfield":
        _check_definition(record)
    _check_links(resource, record, exists)


def _check_types(resource: str, record: Mapping[str, Any]) -> None:
    for key in _STRINGS.get(resource, ()):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise _bad(f"'{key}' must be a string.")
    for key in _STRING_LISTS.get(resource, ()):
        value = record.get(key)
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(v, str) for v in value)
        ):
            raise _bad(f"'{key}' must be a list of strings.")
    for key in _BOOLS.get(resource, ()):
        value = record.get(key)
        if value is not None and not isinstance(value, bool):
            raise _bad(f"'{key}' must be true or false.")
    if resource in _SHARED_RESOURCES:
        if not isinstance(record.get("is_private", False), bool):
            raise _bad("'is_private' must be true or false.")
        gid = record.get("gid", 0)
        if not _is_int(gid) or gid < 0:
            raise _bad("'gid' must be a non-negative integer (a group bitmask).")


def _check_minimum(resource: str, record: Mapping[str, Any]) -> None:
    if resource == "contact" and not (record.get("fn") or record.get("ln")):
        raise _bad("A contact needs a first name or a last name.")
    if resource == "company" and not record.get("cn"):
        raise _bad("A company needs a name.")
    if resource == "opportunity" and not record.get("name"):
        raise _bad("An opportunity needs a name.")
    if resource == "comment":
        if not record.get("comment"):
            raise _bad("A comment needs a text.")
        if (record.get("nid") is None) == (record.get("tid") is None):
            raise _bad("A comment needs exactly one of 'nid' (note) or 'tid' (task).")
    if resource in ("folder", "file") and not record.get("name"):
        raise _bad(f"A {resource} needs a name.")
    if resource == "linkedfile" and not record.get("name"):
        raise _bad("A linked file needs a name.")


def _check_codes(
    resource: str, record: Mapping[str, Any], previous: Mapping[str, Any] | None
) -> None:
    if resource in ("contact", "company"):
        ctype = record.get("ctype")
        if ctype is not None and (not isinstance(ctype, str) or ctype not in CTYPES):
            raise _bad(f"'ctype' must be one of {''.join(sorted(CTYPES))}.")
        _check_pairs(record.get("phones"), "phones", "no", PHONE_TYPES)
        _check_pairs(record.get("smids"), "smids", "smid", SOCIAL_VENUES)
    if resource == "task":
        if record.get("atype", "Not set") not in ATYPES:
            raise _bad(f"'atype' must be one of {', '.join(sorted(ATYPES))}.")
        if record.get("rec", "N") not in RECURRENCE:
            raise _bad("'rec' must be one of N, D, W, M, Y.")
        every = record.get("recevery", 1)
        if not _is_int(every) or every < 1:
            raise _bad("'recevery' must be a positive integer.")
        opts = record.get("recopts", {})
        if opts is not None and opts not in ({}, {"type": "weekday"}):
            raise _bad('\'recopts\' must be {} or {"type": "weekday"}.')
    if resource == "note":
        kind = record.get("type", "N")
        unchanged = previous is not None and previous.get("type") == kind
        if kind not in NOTE_TYPES_WRITABLE and not unchanged:
            raise _bad("A note's 'type' must be N, S or M.")


def _check_pairs(value: Any, key: str, number_key: str, kinds: frozenset[str]) -> None:
    if value is None:
        return
    if not isinstance(value, list):
        raise _bad(f"'{key}' must be a list.")
    for item in value:
        if not isinstance(item, dict):
            raise _bad(f"Each of '{key}' must be an object.")
        if item.get("type") not in kinds:
            raise _bad(f"Unknown {key} type {item.get('type')!r}.")
        text = item.get(number_key)
        if not isinstance(text, str) or not text.strip():
            raise _bad(f"Each of '{key}' needs a non-empty '{number_key}'.")


def _check_task_date(key: str, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, dict) or set(value) - {"y", "mo", "d", "h", "mi"}:
        raise _bad(f"'{key}' must be an object with y, mo, d and optionally h, mi.")
    if not all(_is_int(v) for v in value.values()):
        raise _bad(f"'{key}' parts must be integers.")
    if any(k in value for k in ("y", "mo", "d")):
        if not all(k in value for k in ("y", "mo", "d")):
            raise _bad(f"'{key}' needs all of y, mo and d.")
        try:
            dt.date(value["y"], value["mo"], value["d"])
        except ValueError:
            raise _bad(f"'{key}' is not a real date.") from None
    if "h" in value and not 0 <= value["h"] <= 23:
        raise _bad(f"'{key}' hour must be 0-23.")
    if "mi" in value and not 0 <= value["mi"] <= 59:
        raise _bad(f"'{key}' minute must be 0-59.")


def _check_custom_values(
    resource: str, cf: Any, definitions: Mapping[str, Mapping[str, Any]]
) -> None:
    if cf is None:
        return
    if not isinstance(cf, dict):
        raise _bad("'cf' must be an object of custom field id to value.")
    scope = SCOPES[resource]
    for field_id, value in cf.items():
        definition = definitions.get(str(field_id))
        if definition is None:
            raise _bad(f"No such custom field {field_id}.")
        if scope not in definition.get("modelType", []):
            raise _bad(f"Custom field {field_id} does not apply to {resource} records.")
        multiple = bool(definition.get("multiple"))
        values = value if multiple else [value]
        if multiple and not isinstance(value, list):
            raise _bad(f"Custom field {field_id} takes a list of values.")
        for item in values:
            _check_custom_value(field_id, definition, item)


def _check_custom_value(field_id: Any, definition: Mapping[str, Any], value: Any) -> None:
    if not isinstance(value, str):
        raise _bad(f"Custom field {field_id} values must be strings.")
    if value == "":
        return  # clears the value
    kind = definition.get("elemType")
    if kind == "select" and value not in definition.get("values", []):
        raise _bad(f"{value!r} is not an allowed value of custom field {field_id}.")
    if kind == "date":
        match = _DATE.match(value)
        try:
            if match is None:
                raise ValueError
            dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise _bad(f"Custom field {field_id} takes a date as YYYY-MM-DD.") from None
    if kind in REFERENCE_FIELD_TYPES and not value.isdigit():
        raise _bad(f"Custom field {field_id} takes a {kind} id (as a string).")


def _check_definition(record: Mapping[str, Any]) -> None:
    if not record.get("name"):
        raise _bad("The custom field needs a name.")
    if record.get("elemType") not in FIELD_TYPES:
        raise _bad(f"'elemType' must be one of {', '.join(sorted(FIELD_TYPES))}.")
    scopes = record.get("modelType")
    if not isinstance(scopes, list) or not scopes or not set(scopes) <= FIELD_SCOPES:
        raise _bad(f"'modelType' must be a non-empty subset of {', '.join(sorted(FIELD_SCOPES))}.")
    values = record.get("values", [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise _bad("'values' must be a list of strings.")
    if record.get("elemType") == "select" and not values:
        raise _bad("A select custom field needs its allowed 'values'.")


def _check_links(resource: str, record: Mapping[str, Any], exists: Exists) -> None:
    for key, ref in REFS.get(resource, {}).items():
        value = record.get(key)
        if value is None:
            continue
        if ref.many:
            if resource == "note" and key == "cust" and _is_int(value):
                value = [value]  # the REST pages show a single id; store a list
            if not isinstance(value, list):
                raise _bad(f"'{key}' must be a list of ids.")
            targets = value
        else:
            targets = [value]
        for target in targets:
            valid = isinstance(target, str) if ref.table == "folder" else _is_int(target)
            if not valid or not exists(ref.table, target, ref.company_only):
                raise _bad(f"'{key}' refers to {target!r}, which does not exist.")
