"""The state store, the same suite on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from crmkit.sync import SCHEMA_VERSION, JobLocked, StateStore, open_state

JOB = "a->b:contacts"


def test_schema_is_created_at_the_current_version(state: StateStore) -> None:
    assert state.schema_version == SCHEMA_VERSION


def test_reopening_does_not_migrate_twice(state_url: str) -> None:
    open_state(state_url).close()
    store = open_state(state_url)
    assert store.schema_version == SCHEMA_VERSION
    store.close()


def test_intent_then_synced(state: StateStore) -> None:
    state.record_intent(JOB, "s1", "a@x.example")
    assert [r.source_id for r in state.rows_in_state(JOB, "pending")] == ["s1"]
    state.record_synced(JOB, "s1", "t9", "h1", "a@x.example", "run1")
    row = state.rows(JOB, ["s1"])["s1"]
    assert (row.target_id, row.content_hash, row.state, row.last_seen_run) == (
        "t9",
        "h1",
        "synced",
        "run1",
    )
    assert state.rows_in_state(JOB, "pending") == []


def test_batch_commits_pairs_seen_ids_and_checkpoint_together(state: StateStore) -> None:
    state.record_synced(JOB, "old", "t0", "h0", None, "run0")
    state.commit_batch(
        JOB,
        "run1",
        [("s1", "t1", "h1", None)],
        ["old"],
        {"updated_at": "2026-01-01T00:00:00+00:00"},
        None,
    )
    assert state.checkpoint(JOB) == {"updated_at": "2026-01-01T00:00:00+00:00"}
    assert state.rows(JOB, ["old"])["old"].last_seen_run == "run1"
    assert state.unseen(JOB, "run1") == []
    assert [r.source_id for r in state.unseen(JOB, "run2")] == ["old", "s1"]


def test_failed_transaction_commits_nothing(state: StateStore) -> None:
    def write_then_fail() -> None:
        with state.transaction():
            state._upsert_synced(JOB, "s1", "t1", "h", None, "r")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert state.rows(JOB, ["s1"]) == {}


def test_rows_handles_many_ids(state: StateStore) -> None:
    state.commit_batch(
        JOB, "r", [(f"s{i}", f"t{i}", "h", None) for i in range(1200)], [], None, None
    )
    assert len(state.rows(JOB, [f"s{i}" for i in range(1300)])) == 1200
    assert state.count(JOB) == 1200


def test_dead_letters_count_attempts_and_redact(state: StateStore) -> None:
    from crmkit.core import Secret

    Secret("dead-letter-canary-1")
    state.add_dead_letter(JOB, "s1", "boom with dead-letter-canary-1")
    state.add_dead_letter(JOB, "s1", "boom again")
    [letter] = state.dead_letters(JOB)
    assert letter.attempts == 2 and letter.error == "boom again"
    state.add_dead_letter(JOB, "s2", "token dead-letter-canary-1")
    assert "dead-letter-canary-1" not in state.dead_letters(JOB)[1].error
    state.clear_dead_letter(JOB, "s1")
    assert [d.source_id for d in state.dead_letters(JOB)] == ["s2"]


def test_lease_refuses_a_second_run_of_the_same_job(state: StateStore) -> None:
    state.acquire(JOB, "host:1:1")
    with pytest.raises(JobLocked, match="already running"):
        state.acquire(JOB, f"{os.uname().nodename}:{os.getpid()}:2")


def test_different_jobs_run_side_by_side(state: StateStore) -> None:
    state.acquire(JOB, "h:1:1")
    state.acquire("a->b:companies", "h:2:2")


def test_stale_lease_is_taken_over(state: StateStore) -> None:
    state.acquire(JOB, "otherhost:1:1", lease=0.0)
    assert state.acquire(JOB, "me:2:2", lease=0.0) == "me:2:2"


def test_lease_of_a_dead_process_is_taken_over(state: StateStore) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    owner = f"{os.uname().nodename}:{dead.stdout.strip()}:1"
    state.acquire(JOB, owner)
    assert state.acquire(JOB, "new:1:1") == "new:1:1"


def test_release_lets_the_next_run_in(state: StateStore) -> None:
    me = f"{os.uname().nodename}:{os.getpid()}:1"
    state.acquire(JOB, me)
    state.release(JOB, me)
    state.acquire(JOB, f"{os.uname().nodename}:{os.getpid()}:2")


def test_runs_and_jobs_are_listed(state: StateStore) -> None:
    state.ensure_job(JOB, "a", "b", "contacts", "email")
    state.start_run("r1", JOB)
    state.finish_run("r1", "completed", {"created": 3})
    [job] = state.jobs()
    assert job["job_id"] == JOB and job["last_run"]["status"] == "completed"
    assert job["last_run"]["report"] == {"created": 3}


def test_newer_schema_is_refused(state_url: str) -> None:
    store = open_state(state_url)
    with store.transaction():
        store._execute("INSERT INTO crmkit_schema (version) VALUES (?)", (SCHEMA_VERSION + 1,))
    store.close()
    from crmkit.core import ConfigurationError

    with pytest.raises(ConfigurationError, match="upgrade crmkit"):
        open_state(state_url)
