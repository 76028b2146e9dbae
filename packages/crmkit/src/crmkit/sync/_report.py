"""The report of one sync run: counters, failures with reasons, requests, retries, timing."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

from crmkit.core import redact

__all__ = ["Failure", "SyncReport"]

MAX_LISTED_FAILURES = 100


@dataclass
class Failure:
    """One record that could not be synced."""

    source_id: str
    reason: str
    error: str


@dataclass
class SyncReport:
    """What a run did. ``dry_run`` reports what it would have done.

    Attributes:
        job_id: the job (``source->target:entity``).
        mode: ``"incremental"`` or ``"full"``.
        read: source records read.
        created, updated, unchanged, skipped, failed: per-record outcomes.
        deleted: target records deleted (``propagate_deletes``); ``deleted_in_source`` counts
            what a full scan found gone, propagated or not.
        reconciled: create intents from an earlier, interrupted run that were resolved.
        dropped_fields: unified field -> how many records had it dropped by the target.
        requests, retries: HTTP requests sent and retries made, both sides.
        failures: the first failures with their reasons (all are in the dead-letter table).
        checkpoint: the checkpoint after the run.
    """

    job_id: str
    mode: str = "incremental"
    dry_run: bool = False
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    deleted: int = 0
    deleted_in_source: int = 0
    reconciled: int = 0
    dropped_fields: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    retries: int = 0
    failures: list[Failure] = field(default_factory=list)
    started_at: float = field(default_factory=time.time)
    duration: float = 0.0
    checkpoint: dict[str, Any] | None = None
    status: str = "running"

    def fail(self, source_id: str, reason: str, error: BaseException | str) -> None:
        """Count a failed record and keep its reason."""
        self.failed += 1
        if len(self.failures) < MAX_LISTED_FAILURES:
            self.failures.append(Failure(source_id, reason, redact(str(error))[:500]))

    def dropped(self, fields: tuple[str, ...]) -> None:
        """Count fields the target could not hold."""
        for name in fields:
            self.dropped_fields[name] = self.dropped_fields.get(name, 0) + 1

    @property
    def written(self) -> int:
        """Records created or updated."""
        return self.created + self.updated

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (for ``--json`` and the state store)."""
        data = asdict(self)
        data["duration"] = round(self.duration, 3)
        data["records_per_second"] = round(self.read / self.duration, 1) if self.duration else None
        return data
