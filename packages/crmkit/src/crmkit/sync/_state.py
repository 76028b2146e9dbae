"""The sync state store: id map, content hashes, checkpoints, runs, dead letters and locks.

One SQL implementation serves SQLite (the default: a file path, WAL mode) and PostgreSQL (a
``postgresql://`` URL, psycopg 3); only the connection, the placeholder style and a few types
differ. The schema is versioned and migrated forward on open.

What makes a job crash-safe lives here:

- a **create intent** (an id-map row in state ``pending`` with the record's match value) is
  committed *before* the target create is sent, and turned into ``synced`` with the target id
  after it; a run that finds pending rows reconciles them by looking the record up in the target;
- a batch's id-map rows and the checkpoint that covers them commit in one transaction;
- a per-job **lease** (owner and heartbeat) refuses a second concurrent run of the same job and
  is taken over only when stale (or its process is gone); different jobs run side by side.

Nothing secret is ever stored: jobs are named by vendor or profile names, never credentials.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crmkit.core import ConfigurationError, CrmError, redact

__all__ = [
    "SCHEMA_VERSION",
    "DeadLetter",
    "IdMapRow",
    "JobLocked",
    "StateStore",
    "open_state",
]

SCHEMA_VERSION = 1

_MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE crmkit_jobs (
            job_id TEXT PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL,
            entity TEXT NOT NULL, match_on TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL)""",
        """CREATE TABLE crmkit_checkpoints (
            job_id TEXT PRIMARY KEY, cursor TEXT NOT NULL, updated_at DOUBLE PRECISION NOT NULL)""",
        """CREATE TABLE crmkit_id_map (
            job_id TEXT NOT NULL, source_id TEXT NOT NULL, target_id TEXT,
            content_hash TEXT, match_value TEXT, state TEXT NOT NULL,
            last_seen_run TEXT, updated_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (job_id, source_id))""",
        "CREATE INDEX crmkit_id_map_state ON crmkit_id_map (job_id, state)",
        """CREATE TABLE crmkit_runs (
            run_id TEXT PRIMARY KEY, job_id TEXT NOT NULL, started_at DOUBLE PRECISION NOT NULL,
            finished_at DOUBLE PRECISION, status TEXT NOT NULL, report TEXT)""",
        """CREATE TABLE crmkit_dead_letters (
            job_id TEXT NOT NULL, source_id TEXT NOT NULL, error TEXT NOT NULL,
            attempts INTEGER NOT NULL, first_failed_at DOUBLE PRECISION NOT NULL,
            last_failed_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (job_id, source_id))""",
        """CREATE TABLE crmkit_locks (
            job_id TEXT PRIMARY KEY, owner TEXT NOT NULL,
            heartbeat_at DOUBLE PRECISION NOT NULL)""",
    ],
}

LEASE_SECONDS = 120.0


class JobLocked(CrmError):
    """Another run of the same job holds its lease."""


@dataclass(frozen=True)
class IdMapRow:
    """One source record's entry in the id map."""

    source_id: str
    target_id: str | None
    content_hash: str | None
    match_value: str | None
    state: str
    last_seen_run: str | None


@dataclass(frozen=True)
class DeadLetter:
    """A record that failed, kept for ``--retry-failed``."""

    source_id: str
    error: str
    attempts: int
    last_failed_at: float


def _owner_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def _owner_alive(owner: str) -> bool:
    host, _, rest = owner.partition(":")
    pid_text = rest.split(":", 1)[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return True  # another machine: trust the heartbeat only
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class StateStore:
    """The state of every sync job, in one SQL database.

    Use :func:`open_state` to get one. Methods are safe to call from one thread at a time per
    store (the engine does).
    """

    dialect = "sqlite"

    def __init__(self, connection: Any, description: str) -> None:
        self._conn = connection
        self.description = description
        self._lock = threading.RLock()
        self._migrate()

    # -- plumbing -----------------------------------------------------------------------------

    def _sql(self, statement: str) -> str:
        return statement

    def _execute(self, statement: str, params: Sequence[Any] = ()) -> Any:
        cur = self._conn.cursor()
        cur.execute(self._sql(statement), tuple(params))
        return cur

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the enclosed statements in one transaction."""
        with self._lock:
            try:
                yield
            except BaseException:
                self._conn.rollback()
                raise
            else:
                self._conn.commit()

    def _migrate(self) -> None:
        with self.transaction():
            self._execute("CREATE TABLE IF NOT EXISTS crmkit_schema (version INTEGER NOT NULL)")
            row = self._execute("SELECT MAX(version) FROM crmkit_schema").fetchone()
            current = row[0] if row and row[0] is not None else 0
            if current > SCHEMA_VERSION:
                raise ConfigurationError(
                    f"The state store {self.description} has schema version {current}, newer "
                    f"than this crmkit ({SCHEMA_VERSION}); upgrade crmkit."
                )
            for version in range(current + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[version]:
                    self._execute(statement)
                self._execute("INSERT INTO crmkit_schema (version) VALUES (?)", (version,))

    @property
    def schema_version(self) -> int:
        """The schema version of the database."""
        row = self._execute("SELECT MAX(version) FROM crmkit_schema").fetchone()
        return int(row[0])

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    # -- jobs and locks -----------------------------------------------------------------------

    def ensure_job(self, job_id: str, source: str, target: str, entity: str, match_on: str) -> None:
        """Record the job (first run) or check it is the same job."""
        with self.transaction():
            self._execute(
                "INSERT INTO crmkit_jobs (job_id, source, target, entity, match_on, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (job_id) DO NOTHING",
                (job_id, source, target, entity, match_on, time.time()),
            )

    def jobs(self) -> list[dict[str, Any]]:
        """Every job with its checkpoint, last run and failure count."""
        rows = self._execute(
            "SELECT j.job_id, j.source, j.target, j.entity, j.match_on, c.cursor, "
            "(SELECT COUNT(*) FROM crmkit_dead_letters d WHERE d.job_id = j.job_id), "
            "(SELECT COUNT(*) FROM crmkit_id_map m WHERE m.job_id = j.job_id AND m.state = "
            "'synced') "
            "FROM crmkit_jobs j LEFT JOIN crmkit_checkpoints c ON c.job_id = j.job_id "
            "ORDER BY j.job_id"
        ).fetchall()
        out = []
        for job_id, source, target, entity, match_on, cursor, failures, synced in rows:
            last = self.last_run(job_id)
            out.append(
                {
                    "job_id": job_id,
                    "source": source,
                    "target": target,
                    "entity": entity,
                    "match_on": match_on,
                    "checkpoint": json.loads(cursor) if cursor else None,
                    "synced_records": synced,
                    "failures": failures,
                    "last_run": last,
                }
            )
        return out

    def acquire(
        self, job_id: str, owner: str | None = None, *, lease: float = LEASE_SECONDS
    ) -> str:
        """Take the job's lease; raise :class:`JobLocked` if a live run holds it."""
        owner = owner or _owner_id()
        now = time.time()
        with self.transaction():
            row = self._execute(
                "SELECT owner, heartbeat_at FROM crmkit_locks WHERE job_id = ?", (job_id,)
            ).fetchone()
            if row is not None:
                holder, beat = row
                fresh = now - beat < lease
                if holder != owner and fresh and _owner_alive(holder):
                    raise JobLocked(
                        f"Job {job_id!r} is already running (owner {holder}, last heartbeat "
                        f"{now - beat:.0f}s ago). Wait for it to finish; a crashed run's lease "
                        f"expires after {lease:.0f}s."
                    )
                cur = self._execute(
                    "UPDATE crmkit_locks SET owner = ?, heartbeat_at = ? "
                    "WHERE job_id = ? AND owner = ?",
                    (owner, now, job_id, holder),
                )
            else:
                cur = self._execute(
                    "INSERT INTO crmkit_locks (job_id, owner, heartbeat_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (job_id) DO NOTHING",
                    (job_id, owner, now),
                )
            if cur.rowcount != 1:
                raise JobLocked(f"Job {job_id!r} was taken by another run just now.")
        return owner

    def heartbeat(self, job_id: str, owner: str) -> None:
        """Renew the lease (called with every committed batch)."""
        with self.transaction():
            self._execute(
                "UPDATE crmkit_locks SET heartbeat_at = ? WHERE job_id = ? AND owner = ?",
                (time.time(), job_id, owner),
            )

    def release(self, job_id: str, owner: str) -> None:
        """Give the lease back."""
        with self.transaction():
            self._execute(
                "DELETE FROM crmkit_locks WHERE job_id = ? AND owner = ?", (job_id, owner)
            )

    # -- checkpoints --------------------------------------------------------------------------

    def checkpoint(self, job_id: str) -> dict[str, Any] | None:
        """The job's last committed checkpoint."""
        row = self._execute(
            "SELECT cursor FROM crmkit_checkpoints WHERE job_id = ?", (job_id,)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def _set_checkpoint(self, job_id: str, cursor: dict[str, Any]) -> None:
        self._execute(
            "INSERT INTO crmkit_checkpoints (job_id, cursor, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (job_id) DO UPDATE SET cursor = excluded.cursor, updated_at = "
            "excluded.updated_at",
            (job_id, json.dumps(cursor, sort_keys=True), time.time()),
        )

    # -- id map -------------------------------------------------------------------------------

    def rows(self, job_id: str, source_ids: Iterable[str]) -> dict[str, IdMapRow]:
        """Id-map rows for ``source_ids`` (missing ones are absent)."""
        ids = list(dict.fromkeys(source_ids))
        out: dict[str, IdMapRow] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self._execute(
                "SELECT source_id, target_id, content_hash, match_value, state, last_seen_run "
                f"FROM crmkit_id_map WHERE job_id = ? AND source_id IN ({marks})",
                (job_id, *chunk),
            ).fetchall():
                out[row[0]] = IdMapRow(*row)
        return out

    def rows_in_state(self, job_id: str, state: str) -> list[IdMapRow]:
        """Every id-map row of the job in ``state``."""
        return [
            IdMapRow(*row)
            for row in self._execute(
                "SELECT source_id, target_id, content_hash, match_value, state, last_seen_run "
                "FROM crmkit_id_map WHERE job_id = ? AND state = ? ORDER BY source_id",
                (job_id, state),
            ).fetchall()
        ]

    def record_intent(self, job_id: str, source_id: str, match_value: str | None) -> None:
        """Commit a create intent before the target create is sent."""
        with self.transaction():
            self._execute(
                "INSERT INTO crmkit_id_map (job_id, source_id, target_id, content_hash, "
                "match_value, "
                "state, last_seen_run, updated_at) VALUES (?, ?, NULL, NULL, ?, 'pending', "
                "NULL, ?) "
                "ON CONFLICT (job_id, source_id) DO UPDATE SET match_value = excluded.match_value, "
                "state = 'pending', updated_at = excluded.updated_at",
                (job_id, source_id, match_value, time.time()),
            )

    def _upsert_synced(
        self,
        job_id: str,
        source_id: str,
        target_id: str,
        content_hash: str,
        match_value: str | None,
        run_id: str,
    ) -> None:
        self._execute(
            "INSERT INTO crmkit_id_map (job_id, source_id, target_id, content_hash, match_value, "
            "state, last_seen_run, updated_at) VALUES (?, ?, ?, ?, ?, 'synced', ?, ?) "
            "ON CONFLICT (job_id, source_id) DO UPDATE SET target_id = excluded.target_id, "
            "content_hash = excluded.content_hash, match_value = excluded.match_value, "
            "state = 'synced', last_seen_run = excluded.last_seen_run, updated_at = "
            "excluded.updated_at",
            (job_id, source_id, target_id, content_hash, match_value, run_id, time.time()),
        )

    def record_synced(
        self,
        job_id: str,
        source_id: str,
        target_id: str,
        content_hash: str,
        match_value: str | None,
        run_id: str,
    ) -> None:
        """Commit one synced pair at once (used right after a create)."""
        with self.transaction():
            self._upsert_synced(job_id, source_id, target_id, content_hash, match_value, run_id)

    def commit_batch(
        self,
        job_id: str,
        run_id: str,
        synced: Sequence[tuple[str, str, str, str | None]],
        seen: Sequence[str],
        cursor: dict[str, Any] | None,
        owner: str | None,
    ) -> None:
        """Commit a batch: synced pairs ``(source, target, hash, match)``, seen ids, checkpoint."""
        with self.transaction():
            for source_id, target_id, content_hash, match_value in synced:
                self._upsert_synced(job_id, source_id, target_id, content_hash, match_value, run_id)
            for start in range(0, len(seen), 500):
                chunk = list(seen[start : start + 500])
                marks = ", ".join("?" for _ in chunk)
                self._execute(
                    f"UPDATE crmkit_id_map SET last_seen_run = ? WHERE job_id = ? AND source_id "
                    f"IN ({marks})",
                    (run_id, job_id, *chunk),
                )
            if cursor is not None:
                self._set_checkpoint(job_id, cursor)
            if owner is not None:
                self._execute(
                    "UPDATE crmkit_locks SET heartbeat_at = ? WHERE job_id = ? AND owner = ?",
                    (time.time(), job_id, owner),
                )

    def unseen(self, job_id: str, run_id: str) -> list[IdMapRow]:
        """Synced rows not seen by ``run_id`` (deleted in the source, after a full scan)."""
        return [
            IdMapRow(*row)
            for row in self._execute(
                "SELECT source_id, target_id, content_hash, match_value, state, last_seen_run "
                "FROM crmkit_id_map WHERE job_id = ? AND state = 'synced' "
                "AND (last_seen_run IS NULL OR last_seen_run <> ?) ORDER BY source_id",
                (job_id, run_id),
            ).fetchall()
        ]

    def mark_deleted(self, job_id: str, source_ids: Sequence[str]) -> None:
        """Mark rows deleted (their target record was deleted)."""
        with self.transaction():
            for source_id in source_ids:
                self._execute(
                    "UPDATE crmkit_id_map SET state = 'deleted', updated_at = ? "
                    "WHERE job_id = ? AND source_id = ?",
                    (time.time(), job_id, source_id),
                )

    def forget(self, job_id: str, source_id: str) -> None:
        """Drop a row (a pending intent whose create provably never happened)."""
        with self.transaction():
            self._execute(
                "DELETE FROM crmkit_id_map WHERE job_id = ? AND source_id = ?", (job_id, source_id)
            )

    def count(self, job_id: str, state: str = "synced") -> int:
        """Number of id-map rows in ``state``."""
        row = self._execute(
            "SELECT COUNT(*) FROM crmkit_id_map WHERE job_id = ? AND state = ?", (job_id, state)
        ).fetchone()
        return int(row[0])

    # -- dead letters and runs ----------------------------------------------------------------

    def add_dead_letter(self, job_id: str, source_id: str, error: str) -> None:
        """Record a failed record (the message is redacted)."""
        now = time.time()
        with self.transaction():
            self._execute(
                "INSERT INTO crmkit_dead_letters (job_id, source_id, error, attempts, "
                "first_failed_at, last_failed_at) VALUES (?, ?, ?, 1, ?, ?) "
                "ON CONFLICT (job_id, source_id) DO UPDATE SET error = excluded.error, "
                "attempts = crmkit_dead_letters.attempts + 1, last_failed_at = "
                "excluded.last_failed_at",
                (job_id, source_id, redact(error)[:2000], now, now),
            )

    def clear_dead_letter(self, job_id: str, source_id: str) -> None:
        """Forget a failure (the record synced)."""
        with self.transaction():
            self._execute(
                "DELETE FROM crmkit_dead_letters WHERE job_id = ? AND source_id = ?",
                (job_id, source_id),
            )

    def dead_letters(self, job_id: str) -> list[DeadLetter]:
        """The job's failed records."""
        return [
            DeadLetter(*row)
            for row in self._execute(
                "SELECT source_id, error, attempts, last_failed_at FROM crmkit_dead_letters "
                "WHERE job_id = ? ORDER BY source_id",
                (job_id,),
            ).fetchall()
        ]

    def start_run(self, run_id: str, job_id: str) -> None:
        """Record a run's start."""
        with self.transaction():
            self._execute(
                "INSERT INTO crmkit_runs (run_id, job_id, started_at, status) VALUES (?, ?, ?, "
                "'running')",
                (run_id, job_id, time.time()),
            )

    def finish_run(self, run_id: str, status: str, report: dict[str, Any]) -> None:
        """Record a run's end and its report."""
        with self.transaction():
            self._execute(
                "UPDATE crmkit_runs SET finished_at = ?, status = ?, report = ? WHERE run_id = ?",
                (time.time(), status, redact(json.dumps(report, default=str)), run_id),
            )

    def last_run(self, job_id: str) -> dict[str, Any] | None:
        """The job's latest run (status, times, report)."""
        row = self._execute(
            "SELECT run_id, started_at, finished_at, status, report FROM crmkit_runs "
            "WHERE job_id = ? ORDER BY started_at DESC LIMIT 1",
            (job_id,),
        ).fetchone()
        if row is None:
            return None
        run_id, started, finished, status, report = row
        return {
            "run_id": run_id,
            "started_at": started,
            "finished_at": finished,
            "status": status,
            "report": json.loads(report) if report else None,
        }


class _PostgresStore(StateStore):
    dialect = "postgresql"

    def _sql(self, statement: str) -> str:
        return statement.replace("?", "%s")


def open_state(url: str | Path | None = None) -> StateStore:
    """Open (creating and migrating) a state store.

    Args:
        url: a file path (SQLite; default ``crmkit-state.db``), ``sqlite:///path``, or
            ``postgresql://...`` (needs ``pip install "crmkit[postgres]"``).
    """
    text = str(url) if url is not None else "crmkit-state.db"
    if text.startswith(("postgresql://", "postgres://")):
        try:
            import psycopg
        except ImportError as exc:
            raise ConfigurationError(
                'A PostgreSQL state store needs psycopg: pip install "crmkit[postgres]"'
            ) from exc
        pg = psycopg.connect(text)
        return _PostgresStore(pg, f"postgresql://{pg.info.host}/{pg.info.dbname}")
    path = text.removeprefix("sqlite:///") if text.startswith("sqlite:///") else text
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30.0, check_same_thread=False, isolation_level="DEFERRED")
    if path != ":memory:":
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA busy_timeout=30000")
    return StateStore(conn, f"sqlite:{path}")
