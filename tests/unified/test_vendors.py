"""The same unified test body, run against every installed vendor's emulator, sync and async.

Each vendor is reached through ``crmkit.connect(vendor, transport=emulator.transport(),
**Backend.demo_settings())``; what a vendor does not support must raise ``NotSupported`` before
any request, and what it supports must behave the same everywhere.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

import crmkit
from crmkit.core import NotFound, NotSupported, get_vendor, vendors
from crmkit.core.emulator import EmulatorOptions
from crmkit.core.unified import (
    ENTITY_MODELS,
    Company,
    Contact,
    Deal,
    EmailAddress,
    Event,
    UnifiedModel,
)

FIVE = ("prosperworks", "spreedly", "contacthub", "procuret", "clevertim")
VENDORS = [name for name in FIVE if name in vendors() and get_vendor(name).unified]


def _connect(
    vendor: str, *, records: int = 12, asynchronous: bool = False, **overrides: Any
) -> tuple[Any, Any]:
    spec = get_vendor(vendor)
    emulator = spec.load("emulator")(EmulatorOptions(records=records, seed=5, rate_limit=0))
    settings = {**spec.load("unified").demo_settings(), **overrides}
    connect = crmkit.aconnect if asynchronous else crmkit.connect
    return connect(vendor, transport=emulator.transport(), rate_limit=None, **settings), emulator


def _sample(entity: str, crm: Any = None) -> UnifiedModel:
    tag = uuid.uuid4().hex[:8]
    if entity == "contacts":
        return Contact(
            first_name="Grace",
            last_name=f"Hopper{tag}",
            name=f"Grace Hopper{tag}",
            emails=[EmailAddress(address=f"grace.{tag}@navy.example", label="work")],
        )
    if entity == "companies":
        return Company(name=f"Cobol Systems {tag}")
    # Some vendors attach every deal or event to a contact: use one the emulator seeded.
    contact = None
    if (
        entity in ("deals", "events")
        and crm is not None
        and crm.capabilities["contacts"].supports("list")
    ):
        contact = crm.contacts.list().first()
    if entity == "deals":
        return Deal(
            name=f"Compiler deal {tag}",
            amount=Decimal("1234.50"),
            currency="USD",
            contact_id=contact.remote_id if contact else None,
        )
    if entity == "events":
        return Event(
            type="note",
            subject=f"Call {tag}",
            body="Discussed compilers",
            contact_id=contact.remote_id if contact else None,
        )
    pytest.skip(f"no generic sample for {entity}")


def _cases(operation: str) -> list[Any]:
    cases = []
    for vendor in VENDORS:
        backend_cls = get_vendor(vendor).load("unified")
        caps = backend_cls(backend_cls.demo_settings()).capabilities()
        for entity in ENTITY_MODELS:
            cap = caps.get(entity)
            supported = cap is not None and cap.supports(operation)
            cases.append(pytest.param(vendor, entity, supported, id=f"{vendor}-{entity}"))
    return cases


@pytest.mark.parametrize(("vendor", "entity", "supported"), _cases("list"))
def test_list_yields_unified_records_with_provenance(
    vendor: str, entity: str, supported: bool
) -> None:
    crm, emulator = _connect(vendor)
    service = crm.entity(entity)
    if not supported:
        with pytest.raises(NotSupported):
            service.list()
        assert list(emulator.requests) == []
        return
    records = list(service.list(limit=5))
    for record in records:
        assert isinstance(record, ENTITY_MODELS[entity])
        assert record.vendor == vendor
        assert isinstance(record.remote_id, str) and record.remote_id
        for stamp in (record.created_at, record.updated_at):
            assert stamp is None or stamp.utcoffset() == timedelta(0)
        assert record.remote_data


@pytest.mark.parametrize(("vendor", "entity", "supported"), _cases("get"))
def test_get_returns_the_listed_record(vendor: str, entity: str, supported: bool) -> None:
    crm, emulator = _connect(vendor)
    service = crm.entity(entity)
    if not supported:
        with pytest.raises(NotSupported):
            service.get("1")
        assert list(emulator.requests) == []
        return
    if not service.capabilities.supports("list"):
        pytest.skip(f"{vendor} {entity}: get without list has no generic id to read")
    listed = service.list().first()
    if listed is None:
        pytest.skip(f"{vendor} seeds no {entity}")
    got = service.get(listed.remote_id)
    assert got.remote_id == listed.remote_id
    assert got.content() == listed.content()


@pytest.mark.parametrize(("vendor", "entity", "supported"), _cases("create"))
def test_create_then_get_round_trips(vendor: str, entity: str, supported: bool) -> None:
    crm, emulator = _connect(vendor)
    service = crm.entity(entity)
    if not supported:
        with pytest.raises(NotSupported):
            service.create(ENTITY_MODELS[entity]())
        assert list(emulator.requests) == []
        return
    sample = _sample(entity, crm)
    created = service.create(sample)
    assert created.remote_id and created.vendor == vendor
    if service.capabilities.supports("get"):
        again = service.get(created.remote_id)
        assert again.remote_id == created.remote_id
    for name in ("name", "subject"):
        value = getattr(sample, name, None)
        if value and name not in created.dropped_fields:
            assert (
                getattr(created, name) == value or getattr(created, "display_name", None) == value
            )


@pytest.mark.parametrize(("vendor", "entity", "supported"), _cases("update"))
def test_update_changes_only_what_is_given(vendor: str, entity: str, supported: bool) -> None:
    crm, emulator = _connect(vendor)
    service = crm.entity(entity)
    if not supported:
        with pytest.raises(NotSupported):
            service.update("1", {})
        assert list(emulator.requests) == []
        return
    record = (
        service.create(_sample(entity, crm))
        if service.capabilities.supports("create")
        else service.list().first()
    )
    assert record is not None and record.remote_id
    field = "subject" if entity == "events" else "name"
    if entity == "contacts":
        changes: dict[str, Any] = {"first_name": "Ada", "last_name": "Byron", "name": "Ada Byron"}
    else:
        changes = {field: f"Renamed {uuid.uuid4().hex[:6]}"}
    updated = service.update(record.remote_id, changes)
    if entity == "contacts":
        assert updated.display_name == "Ada Byron"
        assert updated.primary_email == record.primary_email  # type: ignore[attr-defined]
    elif field in updated.dropped_fields:
        assert getattr(updated, field) is None  # reported as dropped, not silently lost
    else:
        assert getattr(updated, field) == changes[field]


@pytest.mark.parametrize(("vendor", "entity", "supported"), _cases("delete"))
def test_delete_then_get_is_not_found(vendor: str, entity: str, supported: bool) -> None:
    # Spreedly deletes subscribers on test sites only; its emulator's demo test site is this.
    overrides = {"site_name": "demo-test"} if vendor == "spreedly" else {}
    crm, emulator = _connect(vendor, **overrides)
    service = crm.entity(entity)
    if not supported:
        with pytest.raises(NotSupported):
            service.delete("1")
        assert list(emulator.requests) == []
        return
    created = service.create(_sample(entity, crm))
    service.delete(created.remote_id)
    if service.capabilities.supports("get"):
        try:
            gone = service.get(created.remote_id)
        except NotFound:
            return
        # Some vendors keep a deleted record readable as a stub (Copper activities).
        assert gone.remote_was_deleted, f"{vendor} {entity} still readable and not marked deleted"


@pytest.mark.parametrize(("vendor", "entity", "supported"), _cases("find"))
def test_find_by_each_match_key(vendor: str, entity: str, supported: bool) -> None:
    crm, emulator = _connect(vendor)
    service = crm.entity(entity)
    if not supported:
        with pytest.raises(NotSupported):
            service.find("email", "x@y.example")
        assert list(emulator.requests) == []
        return
    if entity != "contacts" or not service.capabilities.supports("create"):
        pytest.skip(f"{vendor} {entity}: no generic record to find")
    created = service.create(_sample("contacts"))
    for key in service.capabilities.match_keys:
        value = created.primary_email if key == "email" else getattr(created, key, None)
        if value is None:
            continue
        found = service.find(key, value)
        assert [r.remote_id for r in found] == [created.remote_id], key


@pytest.mark.parametrize("vendor", VENDORS)
def test_updated_since_follows_the_capability(vendor: str) -> None:
    crm, _ = _connect(vendor)
    for entity, cap in crm.capabilities.items():
        if not cap.supports("list"):
            continue
        since = datetime.now(UTC) + timedelta(days=3650)
        if cap.updated_since == "none":
            with pytest.raises(NotSupported):
                crm.entity(entity).list(updated_since=since)
        else:
            assert list(crm.entity(entity).list(updated_since=since)) == [], entity


@pytest.mark.parametrize("vendor", VENDORS)
async def test_async_client_lists_and_gets(vendor: str) -> None:
    crm, _ = _connect(vendor, asynchronous=True)
    async with crm:
        for entity, cap in crm.capabilities.items():
            if not cap.supports("list"):
                continue
            records = [r async for r in crm.entity(entity).list(limit=3, prefetch=2)]
            if records and cap.supports("get"):
                got = await crm.entity(entity).get(records[0].remote_id)
                assert got.remote_id == records[0].remote_id


@pytest.mark.parametrize("vendor", VENDORS)
def test_vendor_client_and_pass_through(vendor: str) -> None:
    crm, _ = _connect(vendor)
    assert crm.vendor_client is not None
    assert "Secret" not in repr(crm) and "token" not in repr(crm).lower()
