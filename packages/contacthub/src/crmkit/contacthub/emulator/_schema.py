"""The customer and entity schemas the emulator validates and normalises against (§3).

Responses carry every schema key in ContactHub's order: an object given is completed with all
its keys (null, lists ``[]``), an object never given is null. Validation follows the schema
(no extra keys in ``base``, enums, email, locale, time zone, coordinates) and reports errors
as ContactHub does: ``{"message", "path" (JSON pointer), "data", "code"}``. Sub-entities are
lenient by default (numeric strings become numbers, odd date values are kept).
"""

from __future__ import annotations

import re
from typing import Any

from .._encoding import format_api_datetime, parse_api_date, parse_api_datetime
from ..models._timezones import TIMEZONE_VALUES

__all__ = [
    "BASE_KEYS",
    "CUSTOMER_KEYS",
    "ENTITY_KEYS",
    "normalise_customer",
    "normalise_entity",
    "validate_customer",
    "validate_entity",
]

CUSTOMER_KEYS = (
    "id",
    "nodeId",
    "externalId",
    "extra",
    "registeredAt",
    "updatedAt",
    "enabled",
    "base",
    "extended",
    "consents",
    "tags",
)
_WRITABLE = frozenset(CUSTOMER_KEYS) | {"sourceInfo"}
BASE_KEYS = (
    "pictureUrl",
    "title",
    "prefix",
    "firstName",
    "lastName",
    "middleName",
    "gender",
    "dob",
    "locale",
    "timezone",
    "contacts",
    "address",
    "credential",
    "educations",
    "likes",
    "socialProfile",
    "jobs",
    "subscriptions",
)
_OBJECTS: dict[str, tuple[str, ...]] = {
    "contacts": ("email", "fax", "mobilePhone", "phone", "otherContacts", "mobileDevices"),
    "address": ("street", "city", "country", "province", "zip", "region", "geo"),
    "credential": ("username", "password"),
    "socialProfile": ("facebook", "google", "instagram", "linkedin", "qzone", "twitter"),
}
_LISTS = frozenset(
    {
        "educations",
        "likes",
        "jobs",
        "subscriptions",
        "otherContacts",
        "mobileDevices",
        "preferences",
    }
)
ENTITY_KEYS: dict[str, tuple[str, ...]] = {
    "educations": (
        "id",
        "schoolType",
        "schoolName",
        "schoolConcentration",
        "startYear",
        "endYear",
        "isCurrent",
    ),
    "jobs": (
        "id",
        "companyIndustry",
        "companyName",
        "jobTitle",
        "startDate",
        "endDate",
        "isCurrent",
    ),
    "likes": ("id", "category", "name", "createdTime"),
    "subscriptions": (
        "id",
        "name",
        "type",
        "kind",
        "subscribed",
        "startDate",
        "endDate",
        "subscriberId",
        "registeredAt",
        "updatedAt",
        "preferences",
    ),
}
_ENUMS = {
    ("educations", "schoolType"): {
        "PRIMARY_SCHOOL",
        "SECONDARY_SCHOOL",
        "HIGH_SCHOOL",
        "COLLEGE",
        "OTHER",
    },
    ("subscriptions", "kind"): {"DIGITAL_MESSAGE", "SERVICE", "OTHER"},
}
_OTHER_CONTACT_TYPES = {"MOBILE", "PHONE", "EMAIL", "FAX", "OTHER"}
_DEVICE_TYPES = {"IOS", "ANDROID", "WINDOWS_PHONE", "FIREOS"}
_NOTIFICATION = {"APN", "GCM", "WNS", "ADM", "SNS"}
_LOCALE = re.compile(r"^[a-z]{2}(_([a-zA-Z]{2}){1,2})?_[A-Z]{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def _error(message: str, path: str) -> dict[str, Any]:
    return {"message": message, "path": path, "data": None, "code": None}


def _complete(value: Any, keys: tuple[str, ...]) -> Any:
    if not isinstance(value, dict):
        return None
    out = {k: value.get(k, [] if k in _LISTS else None) for k in keys}
    for k, v in value.items():  # keep what the schema does not know (lenient mode)
        if k not in out:
            out[k] = v
    return out


def _datetime_text(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return format_api_datetime(parse_api_datetime(value))
        except ValueError:
            return value
    return value


def _date_text(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return parse_api_date(value).isoformat()
        except ValueError:
            return value
    return value


def _number(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return value


def normalise_entity(kind: str, entity: dict[str, Any]) -> dict[str, Any]:
    """An entity with every schema key, numeric strings as numbers, dates in API form."""
    out = _complete(entity, ENTITY_KEYS[kind])
    if kind == "educations":
        out["startYear"], out["endYear"] = _number(out["startYear"]), _number(out["endYear"])
    elif kind == "jobs":
        out["startDate"], out["endDate"] = _date_text(out["startDate"]), _date_text(out["endDate"])
    elif kind == "likes":
        out["createdTime"] = _datetime_text(out["createdTime"])
    elif kind == "subscriptions":
        for key in ("startDate", "endDate", "registeredAt", "updatedAt"):
            out[key] = _datetime_text(out[key])
        out["preferences"] = [_complete(p, ("key", "value")) for p in out.get("preferences") or []]
    return out  # type: ignore[no-any-return]


def _normalise_base(base: Any) -> Any:
    if not isinstance(base, dict):
        return None
    out: dict[str, Any] = {}
    for key in BASE_KEYS:
        value = base.get(key)
        if key in _OBJECTS:
            value = _complete(value, _OBJECTS[key])
            if key == "contacts" and value is not None:
                value["otherContacts"] = [
                    _complete(c, ("name", "type", "value")) for c in value["otherContacts"] or []
                ]
                value["mobileDevices"] = [
                    _complete(d, ("identifier", "appId", "name", "type", "notificationService"))
                    for d in value["mobileDevices"] or []
                ]
            if key == "address" and value is not None and isinstance(value.get("geo"), dict):
                value["geo"] = _complete(value["geo"], ("lat", "lon"))
        elif key in ENTITY_KEYS:
            value = [normalise_entity(key, e) for e in value or [] if isinstance(e, dict)]
        elif key == "dob":
            value = _date_text(value)
        out[key] = value
    for key, value in base.items():
        if key not in out:
            out[key] = value
    return out


def normalise_customer(doc: dict[str, Any]) -> dict[str, Any]:
    """A stored customer in response order, every schema key present."""
    tags = doc.get("tags")
    out: dict[str, Any] = {
        "id": doc.get("id"),
        "nodeId": doc.get("nodeId"),
        "externalId": doc.get("externalId"),
        "extra": doc.get("extra"),
        "registeredAt": doc.get("registeredAt"),
        "updatedAt": doc.get("updatedAt"),
        "enabled": doc["enabled"] if doc.get("enabled") is not None else True,
        "base": _normalise_base(doc.get("base")),
        "extended": doc.get("extended") if doc.get("extended") else None,
        "consents": doc.get("consents") if doc.get("consents") else None,
        "tags": {
            "auto": list((tags or {}).get("auto") or []),
            "manual": list((tags or {}).get("manual") or []),
        },
    }
    return out


def _check_object(
    value: Any, keys: tuple[str, ...], path: str, errors: list[dict[str, Any]]
) -> bool:
    if value is None:
        return False
    if not isinstance(value, dict):
        errors.append(_error("must be an object", path))
        return False
    for key in value:
        if key not in keys:
            errors.append(_error("unknown property", f"{path}/{key}"))
    return True


def validate_entity(kind: str, entity: Any, path: str = "") -> list[dict[str, Any]]:
    """Schema errors of one education/job/like/subscription."""
    errors: list[dict[str, Any]] = []
    if not _check_object(entity, ENTITY_KEYS[kind], path or "/", errors):
        if entity is None:
            errors.append(_error("must be an object", path or "/"))
        return errors
    for (k, field), allowed in _ENUMS.items():
        if k == kind and entity.get(field) is not None and entity[field] not in allowed:
            errors.append(_error(f"must be one of {sorted(allowed)}", f"{path}/{field}"))
    if kind == "subscriptions" and entity.get("subscribed") not in (None, True, False):
        errors.append(_error("must be a boolean", f"{path}/subscribed"))
    return errors


def validate_customer(doc: Any, *, strict_extra: bool = True) -> list[dict[str, Any]]:
    """Schema errors of a customer body (empty when valid)."""
    errors: list[dict[str, Any]] = []
    if not isinstance(doc, dict):
        return [_error("the customer must be a JSON object", "/")]
    for key in doc:
        if key not in _WRITABLE:
            errors.append(_error("unknown property", f"/{key}"))
    for key in ("externalId", "extra"):
        if doc.get(key) is not None and not isinstance(doc[key], str):
            errors.append(_error("must be a string", f"/{key}"))
    if doc.get("enabled") is not None and not isinstance(doc["enabled"], bool):
        errors.append(_error("must be a boolean", "/enabled"))
    for key in ("extended", "consents"):
        if doc.get(key) is not None and not isinstance(doc[key], dict):
            errors.append(_error("must be an object", f"/{key}"))
    tags = doc.get("tags")
    if tags is not None and _check_object(tags, ("auto", "manual"), "/tags", errors):
        for key in ("auto", "manual"):
            value = tags.get(key)
            if value is not None and (
                not isinstance(value, list) or not all(isinstance(t, str) for t in value)
            ):
                errors.append(_error("must be a list of strings", f"/tags/{key}"))
    base = doc.get("base")
    if base is not None and _check_object(base, BASE_KEYS, "/base", errors):
        _validate_base(base, errors)
    return errors


def _validate_base(base: dict[str, Any], errors: list[dict[str, Any]]) -> None:
    locale = base.get("locale")
    if locale is not None and (not isinstance(locale, str) or not _LOCALE.match(locale)):
        errors.append(_error("must be a locale like it_IT", "/base/locale"))
    timezone = base.get("timezone")
    if timezone is not None and timezone not in TIMEZONE_VALUES:
        errors.append(_error("must be one of the supported time zones", "/base/timezone"))
    if base.get("dob") is not None:
        try:
            parse_api_date(str(base["dob"]))
        except ValueError:
            errors.append(_error("must be a date (YYYY-MM-DD)", "/base/dob"))
    contacts = base.get("contacts")
    if _check_object(contacts, _OBJECTS["contacts"], "/base/contacts", errors) and isinstance(
        contacts, dict
    ):
        email = contacts.get("email")
        if email is not None and (not isinstance(email, str) or not _EMAIL.match(email)):
            errors.append(_error("must be an email address", "/base/contacts/email"))
        for i, other in enumerate(contacts.get("otherContacts") or []):
            path = f"/base/contacts/otherContacts/{i}"
            if _check_object(other, ("name", "type", "value"), path, errors) and other.get(
                "type"
            ) not in (None, *_OTHER_CONTACT_TYPES):
                errors.append(_error("unknown contact type", f"{path}/type"))
        for i, device in enumerate(contacts.get("mobileDevices") or []):
            path = f"/base/contacts/mobileDevices/{i}"
            keys = ("identifier", "appId", "name", "type", "notificationService")
            if _check_object(device, keys, path, errors):
                if device.get("type") not in (None, *_DEVICE_TYPES):
                    errors.append(_error("unknown device type", f"{path}/type"))
                if device.get("notificationService") not in (None, *_NOTIFICATION):
                    errors.append(
                        _error("unknown notification service", f"{path}/notificationService")
                    )
    address = base.get("address")
    if _check_object(address, _OBJECTS["address"], "/base/address", errors) and isinstance(
        address, dict
    ):
        geo = address.get("geo")
        if _check_object(geo, ("lat", "lon"), "/base/address/geo", errors) and isinstance(
            geo, dict
        ):
            for key, limit in (("lat", 90), ("lon", 180)):
                value = geo.get(key)
                if value is not None and (
                    isinstance(value, bool)
                    or not isinstance(value, int | float)
                    or not -limit <= value <= limit
                ):
                    errors.append(
                        _error(f"must be a number in -{limit}..{limit}", f"/base/address/geo/{key}")
                    )
    for key in ("credential", "socialProfile"):
        _check_object(base.get(key), _OBJECTS[key], f"/base/{key}", errors)
    for kind in ENTITY_KEYS:
        items = base.get(kind)
        if items is None:
            continue
        if not isinstance(items, list):
            errors.append(_error("must be a list", f"/base/{kind}"))
            continue
        for i, entity in enumerate(items):
            errors.extend(validate_entity(kind, entity, f"/base/{kind}/{i}"))
