"""The sync engine end to end between two minicrm emulators (in-process)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.pairs import Pair

import crmkit
from crmkit.core import NotSupported, RetryPolicy
from crmkit.core.emulator import Faults
from crmkit.sync import JobLocked, open_state


def _sync(pair: Pair, state: Path, **kwargs: Any) -> crmkit.sync.SyncReport:
    options = kwargs.pop("options", {})
    src, dst = pair.clients(**options)
    return crmkit.sync(
        src, dst, entity="contacts", match_on=kwargs.pop("match_on", "email"), state=state, **kwargs
    )


def test_first_run_creates_every_record(pair: Pair, tmp_path: Path) -> None:
    report = _sync(pair, tmp_path / "s.db")
    assert (report.read, report.created, report.updated, report.failed) == (40, 40, 0, 0)
    assert report.status == "completed" and report.mode == "full"
    pair.assert_in_step()


def test_second_run_changes_nothing(pair: Pair, tmp_path: Path) -> None:
    _sync(pair, tmp_path / "s.db")
    writes = len(pair.writes())
    report = _sync(pair, tmp_path / "s.db")
    assert report.created == report.updated == 0
    assert len(pair.writes()) == writes


def test_incremental_run_reads_only_changes_and_updates_them(pair: Pair, tmp_path: Path) -> None:
    _sync(pair, tmp_path / "s.db")
    for cid in (3, 17, 29):
        row = pair.source_emu.contacts.get(cid)
        assert row is not None
        row.update(name=row["name"] + " Jr", updated_at=pair.source_emu.now())
    report = _sync(pair, tmp_path / "s.db")
    assert report.mode == "incremental"
    assert report.updated == 3 and report.created == 0
    assert report.read <= 4  # the three changes, plus at most the boundary record
    pair.assert_in_step()


def test_full_run_compares_by_content_hash(pair: Pair, tmp_path: Path) -> None:
    _sync(pair, tmp_path / "s.db")
    report = _sync(pair, tmp_path / "s.db", full=True)
    assert report.read == 40 and report.unchanged == 40 and report.updated == 0


def test_existing_target_record_is_matched_by_email_not_duplicated(
    pair: Pair, tmp_path: Path
) -> None:
    src_row = pair.source_emu.contacts.get(5)
    assert src_row is not None
    pair.target_emu._insert({"name": "Old Name", "email": src_row["email"].upper()})
    report = _sync(pair, tmp_path / "s.db")
    assert report.created == 39 and report.updated == 1
    pair.assert_in_step()


def test_dry_run_writes_nothing_anywhere(pair: Pair, tmp_path: Path) -> None:
    state = tmp_path / "s.db"
    report = _sync(pair, state, dry_run=True)
    assert report.created == 40 and report.dry_run
    assert pair.writes() == []
    store = open_state(state)
    assert store.count("minicrm->minicrm:contacts") == 0 and store.jobs() == []


def test_source_deletes_are_reported_and_propagated_only_when_asked(
    pair: Pair, tmp_path: Path
) -> None:
    state = tmp_path / "s.db"
    _sync(pair, state)
    pair.source_emu.contacts.delete(7)
    report = _sync(pair, state, full=True)
    assert report.deleted_in_source == 1 and report.deleted == 0
    assert len(pair.target_emu.contacts) == 40
    report = _sync(pair, state, full=True, propagate_deletes=True)
    assert report.deleted == 1
    pair.assert_in_step()


def test_transient_faults_end_with_exact_target(
    pair: Pair, tmp_path: Path, fake_sleep: Any
) -> None:
    pair.source_emu.faults = Faults(rates={"429": 0.1, "503": 0.1, "drop": 0.05}, seed=4)
    pair.target_emu.faults = Faults(rates={"429": 0.1, "502": 0.05, "drop-after": 0.05}, seed=5)
    options = {"sleep": fake_sleep.async_sleep, "retry": RetryPolicy(max_retries=8)}
    report = _sync(pair, tmp_path / "s.db", options=options)
    for _ in range(5):
        if report.failed == 0:
            break
        report = _sync(pair, tmp_path / "s.db", options=options, retry_failed=True)
    assert report.failed == 0
    assert report.retries > 0 or report.reconciled > 0
    pair.assert_in_step()


def test_ambiguous_creates_are_reconciled_not_duplicated(
    pair: Pair, tmp_path: Path, fake_sleep: Any
) -> None:
    # Every other create is processed by the target but its answer is lost.
    pair.target_emu.faults = Faults(rates={"drop-after": 0.5}, seed=2, only_paths=("/contacts",))
    report = _sync(pair, tmp_path / "s.db", options={"sleep": fake_sleep.async_sleep})
    assert report.reconciled > 0
    emails = [r["email"] for r in pair.target_emu.contacts.values()]
    assert len(emails) == len(set(emails))


def test_failing_records_go_to_dead_letters_and_retry_failed_fixes_them(
    pair: Pair, tmp_path: Path
) -> None:
    state = tmp_path / "s.db"
    pair.target_emu.faults = Faults(rates={"500": 1.0}, only_paths=("/contacts",))
    report = _sync(pair, state, options={"max_retries": 0})
    assert report.failed == 40 and report.status == "completed_with_failures"
    assert report.failures[0].reason == "ServerError"
    assert len(open_state(state).dead_letters("minicrm->minicrm:contacts")) == 40
    pair.target_emu.faults = Faults()
    report = _sync(pair, state, retry_failed=True)
    assert report.failed == 0 and report.created == 40
    assert open_state(state).dead_letters("minicrm->minicrm:contacts") == []
    pair.assert_in_step()


def test_a_running_job_refuses_a_second_run(pair: Pair, tmp_path: Path) -> None:
    state = tmp_path / "s.db"
    store = open_state(state)
    store.ensure_job("minicrm->minicrm:contacts", "minicrm", "minicrm", "contacts", "email")
    store.acquire("minicrm->minicrm:contacts", "otherhost:1:1")
    with pytest.raises(JobLocked):
        _sync(pair, state)


def test_report_counts_requests(pair: Pair, tmp_path: Path) -> None:
    report = _sync(pair, tmp_path / "s.db")
    assert report.requests == len(pair.source_emu.requests) + len(pair.target_emu.requests)


def test_id_map_only_matching(pair: Pair, tmp_path: Path) -> None:
    report = _sync(pair, tmp_path / "s.db", match_on="id-map")
    assert report.created == 40
    report = _sync(pair, tmp_path / "s.db", match_on="id-map", full=True)
    assert report.unchanged == 40


def test_unsupported_entity_is_refused_before_any_request(pair: Pair, tmp_path: Path) -> None:
    src, dst = pair.clients()
    with pytest.raises(NotSupported):
        crmkit.sync(src, dst, entity="deals", state=tmp_path / "s.db")
    assert list(pair.source_emu.requests) == []


async def test_async_api(pair: Pair, tmp_path: Path) -> None:
    src = crmkit.aconnect("minicrm", token="a-src-1", transport=pair.source_emu.transport())
    dst = crmkit.aconnect("minicrm", token="a-dst-1", transport=pair.target_emu.transport())
    report = await crmkit.sync.arun(src, dst, state=tmp_path / "s.db", concurrency=4, batch_size=7)
    assert report.created == 40
    pair.assert_in_step()


def test_engine_adds_a_conservative_limiter_unless_opted_out(pair: Pair, tmp_path: Path) -> None:
    from crmkit.sync import SyncEngine

    src = crmkit.aconnect("minicrm", token="a", transport=pair.source_emu.transport())
    dst = crmkit.aconnect("minicrm", token="b", transport=pair.target_emu.transport())
    dst.backend.__class__ = type("Limited", (type(dst.backend),), {"rate_limit": (120.0, 60.0)})
    engine = SyncEngine(src, dst, open_state(tmp_path / "s.db"))
    engine._install_counters()
    assert dst.api.rate_limit is not None and dst.api.rate_limit.rate == pytest.approx(114.0)
    assert dst.api.rate_limit.burst == 1
    off = crmkit.aconnect(
        "minicrm", token="b", transport=pair.target_emu.transport(), rate_limit=None
    )
    off.backend.__class__ = dst.backend.__class__
    SyncEngine(src, off, open_state(tmp_path / "t.db"))._install_counters()
    assert off.api.rate_limit is None
