"""End-to-end syncs of contacts between pairs of real vendor emulators, with faults injected.

Every source contact must end up in the target exactly once (matched by email), with its name,
after transient 429s, 5xx answers and dropped connections on both sides.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import crmkit
from crmkit.core import RetryPolicy, get_vendor, vendors
from crmkit.core.emulator import EmulatorOptions, Faults

FIVE = ("prosperworks", "spreedly", "contacthub", "procuret", "clevertim")


def _contact_vendors(operation: str) -> list[str]:
    names = []
    for name in FIVE:
        if name not in vendors() or not get_vendor(name).unified:
            continue
        cls = get_vendor(name).load("unified")
        caps = cls(cls.demo_settings()).capabilities().get("contacts")
        if caps is not None and caps.supports(operation):
            names.append(name)
    return names


SOURCES = _contact_vendors("list")
TARGETS = [t for t in _contact_vendors("create") if t in _contact_vendors("update")]
PAIRS = [pytest.param(s, t, id=f"{s}->{t}") for s in SOURCES for t in TARGETS if s != t]


def _client(vendor: str, faults: Faults, records: int, sleep: Any) -> tuple[Any, Any]:
    spec = get_vendor(vendor)
    emulator = spec.load("emulator")(
        EmulatorOptions(records=records, seed=9, rate_limit=0, faults=faults)
    )
    crm = crmkit.aconnect(
        vendor,
        transport=emulator.transport(),
        rate_limit=None,
        retry=RetryPolicy(max_retries=10),
        sleep=sleep,
        **spec.load("unified").demo_settings(),
    )
    return crm, emulator


def _names(record: Any) -> tuple[Any, ...]:
    return (record.display_name, record.first_name, record.last_name)


@pytest.mark.parametrize(("source", "target"), PAIRS)
async def test_pair_sync_under_faults_ends_exact(
    source: str, target: str, tmp_path: Path, fake_sleep: Any
) -> None:
    faults_src = Faults(rates={"429": 0.05, "503": 0.05, "drop": 0.03}, seed=21)
    faults_dst = Faults(rates={"429": 0.05, "502": 0.05, "drop-after": 0.03}, seed=22)
    src, src_emu = _client(source, faults_src, 60, fake_sleep.async_sleep)
    dst, dst_emu = _client(target, faults_dst, 0, fake_sleep.async_sleep)
    state = tmp_path / "state.db"
    report = await crmkit.sync.arun(src, dst, state=state, batch_size=20, concurrency=4)
    for _ in range(6):
        if report.failed == 0:
            break
        report = await crmkit.sync.arun(src, dst, state=state, retry_failed=True)
    assert report.failed == 0, report.failures
    # Compare with the faults off, so the check itself is not disturbed.
    src_emu.faults, dst_emu.faults = Faults(), Faults()
    source_records = [r async for r in src.contacts.list()]
    target_records = [r async for r in dst.contacts.list()]
    emails = [r.primary_email for r in target_records]
    assert len(emails) == len(set(emails)), "duplicates in the target"
    by_email = {r.primary_email: r for r in target_records}
    assert {r.primary_email for r in source_records} == set(by_email)
    for record in source_records:
        other = by_email[record.primary_email]
        same_label = record.display_name == other.display_name
        same_parts = (record.first_name, record.last_name) == (other.first_name, other.last_name)
        assert same_label or same_parts, (_names(record), _names(other))
    await src.aclose()
    await dst.aclose()
