"""The sync engine: read changed records, map, match, create or update, checkpoint.

One run of a job (source vendor, target vendor, entity) goes:

1. take the job's lease in the state store (a second run of the same job is refused);
2. reconcile create intents an interrupted run left ``pending``: look each up in the target by
   its match value; found means the create happened (record the pair), not found means it did not
   (forget the intent; the record is read again because its batch never committed);
3. stream the source (incremental from the checkpoint when the vendor filters or stamps records
   by modified time, else a full scan), in batches;
4. per record, concurrently up to ``concurrency``: map to the target's unified form, hash the
   content, and
   - skip it when the id map says it is synced with the same hash,
   - update the mapped target record when the hash changed,
   - otherwise match it in the target (email or external id) and update the match, or
   - write a create intent, create it, and record the pair at once;
   an ambiguous create failure is resolved by looking the record up before trying once more;
5. commit the batch's pairs, the ids seen and the checkpoint in one transaction;
6. after a complete full scan, report source deletes (and apply them with
   ``propagate_deletes``).

A failing record goes to the report and the dead-letter table and the run goes on; an auth or
configuration failure stops the run. Reading is at least once; writing is idempotent through the
id map, content hashes and create intents, so a run killed anywhere and run again ends with every
record in the target exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from crmkit.core import (
    AmbiguousWriteError,
    AuthenticationError,
    ConfigurationError,
    Conflict,
    CrmError,
    Hooks,
    InvalidArgument,
    NotFound,
    NotSupported,
    PermissionDenied,
    RemoteProtocolError,
    ServerError,
    TokenBucket,
    TransportTimeout,
    UnprocessableEntity,
)
from crmkit.core.unified import ENTITY_MODELS, UnifiedModel

from ..unified import AsyncClient
from ._progress import NoProgress, Progress
from ._report import SyncReport
from ._state import IdMapRow, StateStore

__all__ = ["MATCH_KEYS", "SyncEngine", "content_hash", "job_id_for"]

MATCH_KEYS = ("email", "external_id", "id-map")

# Relations that point at records of another entity, and the entity they point at. They are
# translated through that entity's job (same source and target); untranslatable ones are dropped.
_RELATIONS = {
    "company_id": "companies",
    "contact_id": "contacts",
    "deal_id": "deals",
    "plan_id": "plans",
}
# Vendor-local references with no counterpart in another vendor.
_LOCAL_ONLY = ("owner_id",)

_FATAL = (AuthenticationError, PermissionDenied, ConfigurationError, NotSupported)
_AMBIGUOUS = (AmbiguousWriteError, ServerError, TransportTimeout, RemoteProtocolError)

# Margin subtracted from a run's start when promoting the bookmark of an unsorted source, so
# records changed while the run read them are read again next time.
SIGNPOST_MARGIN = timedelta(seconds=60)


def _email_of(record: UnifiedModel) -> str | None:
    """The record's first email address, normalised for matching, or None."""
    emails = getattr(record, "emails", None) or []
    return str(emails[0].address).strip().lower() if emails else None


def job_id_for(source: str, target: str, entity: str) -> str:
    """The job id: ``source->target:entity``."""
    return f"{source}->{target}:{entity}"


def content_hash(content: dict[str, Any]) -> str:
    """A stable digest of a record's content (canonical JSON, SHA-256)."""
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class _BatchResult:
    synced: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)


class SyncEngine:
    """Runs one sync job. See the module docstring for what a run does.

    Args:
        source: the unified async client to read from.
        target: the unified async client to write to.
        state: the state store.
        entity: ``"contacts"``, ``"companies"``, ``"deals"``, ``"plans"``, ``"subscriptions"`` or
            ``"events"``.
        match_on: ``"email"``, ``"external_id"`` or ``"id-map"`` (match only through the id map).
        source_name, target_name: names for the job id (vendor or profile names).
        since: read records modified at or after this (overrides the checkpoint).
        full: read everything (compare by content hash) instead of incrementally.
        dry_run: decide and report, write nothing (neither to the target nor to the state).
        batch_size: records per batch (and per committed checkpoint).
        concurrency: target writes in flight at once.
        propagate_deletes: delete in the target what a full scan no longer finds in the source.
        retry_failed: process the job's dead letters instead of reading changes.
        progress: a progress display.
    """

    def __init__(
        self,
        source: AsyncClient,
        target: AsyncClient,
        state: StateStore,
        *,
        entity: str = "contacts",
        match_on: str = "email",
        source_name: str | None = None,
        target_name: str | None = None,
        since: datetime | None = None,
        full: bool = False,
        dry_run: bool = False,
        batch_size: int = 100,
        concurrency: int = 8,
        propagate_deletes: bool = False,
        retry_failed: bool = False,
        progress: Progress | None = None,
    ) -> None:
        if entity not in ENTITY_MODELS:
            raise InvalidArgument(
                f"entity must be one of {', '.join(ENTITY_MODELS)}, not {entity!r}"
            )
        if match_on not in MATCH_KEYS:
            raise InvalidArgument(
                f"match_on must be one of {', '.join(MATCH_KEYS)}, not {match_on!r}"
            )
        if batch_size < 1 or concurrency < 1:
            raise InvalidArgument("batch_size and concurrency must be >= 1")
        if since is not None and (since.tzinfo is None or since.utcoffset() is None):
            raise InvalidArgument("since must be a timezone-aware datetime")
        self.source = source
        self.target = target
        self.state = state
        self.entity = entity
        self.match_on = match_on
        self.source_name = source_name or source.vendor
        self.target_name = target_name or target.vendor
        self.job_id = job_id_for(self.source_name, self.target_name, entity)
        self.since = since
        self.full = full
        self.dry_run = dry_run
        self.batch_size = batch_size
        self.concurrency = concurrency
        self.propagate_deletes = propagate_deletes
        self.retry_failed = retry_failed
        self.progress: Progress = progress or NoProgress()
        self.model = ENTITY_MODELS[entity]
        self.report = SyncReport(job_id=self.job_id, dry_run=dry_run)
        self.run_id = uuid.uuid4().hex
        self._owner: str | None = None
        self._key_locks: dict[str, list[Any]] = {}
        self._index: dict[str, str] | None = None
        self._semaphore = asyncio.Semaphore(concurrency)
        self._check_capabilities()

    # -- setup --------------------------------------------------------------------------------

    def _check_capabilities(self) -> None:
        src = self.source.capabilities[self.entity]
        dst = self.target.capabilities[self.entity]
        if not src.supports("list"):
            raise NotSupported(
                self.source.vendor, f"listing {self.entity}", hint="It cannot be a sync source."
            )
        needed = {"create", "update"}
        missing = needed - set(dst.operations)
        if missing:
            raise NotSupported(
                self.target.vendor,
                f"{' and '.join(sorted(missing))} on {self.entity}",
                hint="It cannot be a sync target for this entity.",
            )
        if self.match_on == "external_id" and "external_id" not in self.model.model_fields:
            raise InvalidArgument(
                f"{self.entity} records have no external_id; use --match email or id-map"
            )
        if self.match_on != "id-map" and not (
            self.match_on in dst.match_keys or dst.supports("list")
        ):
            raise NotSupported(
                self.target.vendor,
                f"matching {self.entity} by {self.match_on}",
                hint="Use --match id-map (no matching of records created outside this job).",
            )

    def _install_counters(self) -> list[tuple[Any, Hooks]]:
        def count_request(_: Any) -> None:
            self.report.requests += 1

        def count_retry(_: Any) -> None:
            self.report.retries += 1

        saved = []
        for client in (self.source, self.target):
            api = client.api
            saved.append((api, api.hooks))
            api.hooks = Hooks(
                on_request=(*api.hooks.on_request, count_request),
                on_response=api.hooks.on_response,
                on_retry=(*api.hooks.on_retry, count_retry),
            )
        limit = self.target.backend.rate_limit
        opted_out = "rate_limit" in self.target.options  # connect(rate_limit=None) means off
        if limit is not None and self.target.api.rate_limit is None and not opted_out:
            # A little under the published limit, without bursts: vendors count requests over a
            # rolling window, where a bucket's burst on top of the steady rate would hit 429.
            self.target.api.rate_limit = TokenBucket(limit[0] * 0.95, per=limit[1], burst=1)
        return saved

    # -- the run ------------------------------------------------------------------------------

    async def run(self) -> SyncReport:
        """Run the job once and return its report."""
        started = time.monotonic()
        report = self.report
        if not self.dry_run:
            self.state.ensure_job(
                self.job_id, self.source_name, self.target_name, self.entity, self.match_on
            )
            self._owner = self.state.acquire(self.job_id)
            self.state.start_run(self.run_id, self.job_id)
        saved = self._install_counters()
        status = "failed"
        try:
            if not self.dry_run:
                await self._reconcile_pending()
            if self.retry_failed:
                await self._retry_dead_letters()
            else:
                await self._read_and_write()
            status = "completed"
        finally:
            for api, hooks in saved:
                api.hooks = hooks
            report.duration = time.monotonic() - started
            report.status = (
                status if report.failed == 0 or status != "completed" else "completed_with_failures"
            )
            report.checkpoint = self.state.checkpoint(self.job_id)
            if not self.dry_run and self._owner is not None:
                self.state.finish_run(self.run_id, report.status, report.to_dict())
                self.state.release(self.job_id, self._owner)
            self.progress.finish(report)
        return report

    async def _read_and_write(self) -> None:
        report = self.report
        caps = self.source.capabilities[self.entity]
        checkpoint = self.state.checkpoint(self.job_id)
        since = self.since
        if since is None and not self.full and caps.updated_since != "none" and checkpoint:
            since = datetime.fromisoformat(checkpoint["updated_at"])
        report.mode = "incremental" if since is not None else "full"
        run_start = datetime.now(UTC)
        page_size = self.batch_size
        if caps.max_page_size:
            page_size = min(page_size, caps.max_page_size)
        listing = self.source.entity(self.entity).list(
            updated_since=since, page_size=page_size, prefetch=2
        )
        self.progress.start(self.job_id, None)
        batch: list[UnifiedModel] = []
        max_seen: datetime | None = None
        async for record in listing:
            report.read += 1
            batch.append(record)
            if record.updated_at is not None and (max_seen is None or record.updated_at > max_seen):
                max_seen = record.updated_at
            if len(batch) >= self.batch_size:
                await self._flush(batch, max_seen if caps.sorted_by_updated else None)
                batch = []
        await self._flush(batch, max_seen if caps.sorted_by_updated else None)
        if max_seen is not None and caps.updated_since != "none" and not self.dry_run:
            bookmark = (
                max_seen if caps.sorted_by_updated else min(max_seen, run_start - SIGNPOST_MARGIN)
            )
            previous = datetime.fromisoformat(checkpoint["updated_at"]) if checkpoint else None
            if previous is None or bookmark > previous or caps.sorted_by_updated:
                self.state.commit_batch(
                    self.job_id,
                    self.run_id,
                    [],
                    [],
                    {"updated_at": bookmark.isoformat()},
                    self._owner,
                )
        if report.mode == "full":
            await self._detect_deletes()

    async def _flush(self, batch: Sequence[UnifiedModel], bookmark: datetime | None) -> None:
        if not batch:
            return
        rows = self.state.rows(self.job_id, [r.remote_id or "" for r in batch])
        result = _BatchResult()
        tasks = [
            self._guarded(record, rows.get(record.remote_id or ""), result) for record in batch
        ]
        outcomes = await asyncio.gather(*tasks, return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome
        if not self.dry_run:
            cursor = {"updated_at": bookmark.isoformat()} if bookmark is not None else None
            self.state.commit_batch(
                self.job_id, self.run_id, result.synced, result.seen, cursor, self._owner
            )
        self.progress.update(self.report)

    async def _guarded(
        self, record: UnifiedModel, row: IdMapRow | None, result: _BatchResult
    ) -> None:
        source_id = record.remote_id or ""
        try:
            async with self._semaphore:
                await self._process(record, row, result)
        except _FATAL:
            raise
        except CrmError as exc:
            self.report.fail(source_id, type(exc).__name__, exc)
            if not self.dry_run:
                self.state.add_dead_letter(self.job_id, source_id, f"{type(exc).__name__}: {exc}")
        else:
            if not self.dry_run and self.retry_failed:
                self.state.clear_dead_letter(self.job_id, source_id)

    # -- one record ---------------------------------------------------------------------------

    def _outgoing(self, record: UnifiedModel) -> tuple[UnifiedModel, str, tuple[str, ...]]:
        """The record as the target gets it, its content hash, and relations left unmapped."""
        content = record.content()
        unmapped: list[str] = []
        for name in _LOCAL_ONLY:
            if content.get(name) is not None:
                content[name] = None
        for name, entity in _RELATIONS.items():
            value = content.get(name)
            if value is None:
                continue
            related = self.state.rows(
                job_id_for(self.source_name, self.target_name, entity), [value]
            )
            row = related.get(value)
            if row is not None and row.state == "synced":
                content[name] = row.target_id
            else:
                # The related record has not been synced (sync that entity first): the link is
                # reported as dropped rather than pointing at a wrong record.
                content[name] = None
                unmapped.append(f"{name} (related {entity} not synced)")
        if self.match_on == "external_id":
            content["external_id"] = self._match_value(record)
        return self.model.model_validate(content), content_hash(content), tuple(unmapped)

    def _match_value(self, record: UnifiedModel) -> str | None:
        if self.match_on == "email":
            return _email_of(record)
        if self.match_on == "external_id":
            external = getattr(record, "external_id", None)
            return str(external) if external else f"{self.source.vendor}:{record.remote_id}"
        return None

    def _natural_key(self, record: UnifiedModel) -> tuple[str, str] | None:
        """The key a create intent is reconciled by: the match key, else the email."""
        if self.match_on != "id-map":
            value = self._match_value(record)
            return (self.match_on, value) if value else None
        email = _email_of(record)
        if email and self._can_lookup("email"):
            return ("email", email)
        return None

    def _can_lookup(self, key: str) -> bool:
        caps = self.target.capabilities[self.entity]
        return key in caps.match_keys or caps.supports("list")

    @contextlib.asynccontextmanager
    async def _key_lock(self, value: str | None) -> AsyncIterator[None]:
        """Serialise records sharing a match value, so two of them never both create."""
        if value is None:
            yield
            return
        entry = self._key_locks.get(value)
        if entry is None:
            entry = self._key_locks[value] = [asyncio.Lock(), 0]
        entry[1] += 1
        try:
            async with entry[0]:
                yield
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                del self._key_locks[value]

    async def _process(
        self, record: UnifiedModel, row: IdMapRow | None, result: _BatchResult
    ) -> None:
        report = self.report
        source_id = record.remote_id
        if not source_id:
            report.skipped += 1
            return
        outgoing, digest, unmapped = self._outgoing(record)
        match_value = self._match_value(record)
        service = self.target.entity(self.entity)
        if row is not None and row.state == "synced" and row.target_id:
            result.seen.append(source_id)
            if row.content_hash == digest:
                report.unchanged += 1
                return
            if self.dry_run:
                report.updated += 1
                return
            try:
                written = await service.update(row.target_id, outgoing)
            except NotFound:
                pass  # deleted in the target meanwhile: create it again below
            else:
                report.updated += 1
                report.dropped(written.dropped_fields + unmapped)
                result.synced.append((source_id, row.target_id, digest, match_value))
                return
        async with self._key_lock(match_value):
            existing = await self._find_existing(match_value)
            if existing is not None:
                if self.dry_run:
                    report.updated += 1
                    return
                written = await service.update(existing, outgoing)
                report.updated += 1
                report.dropped(written.dropped_fields + unmapped)
                result.seen.append(source_id)
                result.synced.append((source_id, existing, digest, match_value))
                return
            if self.dry_run:
                report.created += 1
                return
            natural = self._natural_key(record)
            intent = f"{natural[0]}:{natural[1]}" if natural else None
            self.state.record_intent(self.job_id, source_id, intent)
            target_id, dropped = await self._create(outgoing, natural)
            self.state.record_synced(
                self.job_id, source_id, target_id, digest, match_value, self.run_id
            )
            if self._index is not None and match_value:
                self._index[match_value] = target_id
            report.created += 1
            report.dropped(dropped + unmapped)

    async def _create(
        self, outgoing: UnifiedModel, natural: tuple[str, str] | None
    ) -> tuple[str, tuple[str, ...]]:
        service = self.target.entity(self.entity)
        try:
            created = await service.create(outgoing)
        except _AMBIGUOUS:
            # The create may have happened: look before creating again, so nothing duplicates.
            found = await self._lookup(natural)
            if found is not None:
                self.report.reconciled += 1
                return found, ()
            created = await service.create(outgoing)
        except (Conflict, UnprocessableEntity):
            found = await self._lookup(natural)
            if found is None:
                raise
            await service.update(found, outgoing)
            return found, ()
        if not created.remote_id:
            raise ServerError(
                f"{self.target.vendor} answered a create without an id",
                status_code=200,
                vendor=self.target.vendor,
            )
        return created.remote_id, created.dropped_fields

    async def _find_existing(self, match_value: str | None) -> str | None:
        if match_value is None:
            return None
        caps = self.target.capabilities[self.entity]
        if self._index is None and caps.supports("list") and self._use_index():
            await self._build_index()
        if self._index is not None:
            return self._index.get(match_value)
        return await self._lookup((self.match_on, match_value))

    def _use_index(self) -> bool:
        # On a first run every record needs matching: one listing of the target is far cheaper
        # than one lookup per record. Later runs match only new records, one lookup each.
        caps = self.target.capabilities[self.entity]
        if self.match_on not in caps.match_keys:
            return True
        return self.state.count(self.job_id) == 0

    async def _build_index(self) -> None:
        index: dict[str, str] = {}
        async for existing in self.target.entity(self.entity).list(prefetch=2):
            value = self._target_match_value(existing)
            if value and existing.remote_id:
                index.setdefault(value, existing.remote_id)
        self._index = index

    def _target_match_value(self, record: UnifiedModel, key: str | None = None) -> str | None:
        key = key or self.match_on
        if key == "email":
            return _email_of(record)
        if key == "external_id":
            value = getattr(record, "external_id", None)
            return str(value) if value else None
        return None

    async def _lookup(self, natural: tuple[str, str] | None) -> str | None:
        """Ask the target itself (not the index) for the record with this natural key."""
        if natural is None:
            return None
        key, value = natural
        caps = self.target.capabilities[self.entity]
        service = self.target.entity(self.entity)
        if key in caps.match_keys:
            found: list[UnifiedModel] = await service.find(key, value)
            candidates = [r for r in found if self._target_match_value(r, key) == value]
            return candidates[0].remote_id if candidates else None
        if caps.supports("list"):
            async for record in service.list(prefetch=2):
                if self._target_match_value(record, key) == value and record.remote_id:
                    return record.remote_id
        return None

    # -- recovery, retries, deletes -----------------------------------------------------------

    async def _reconcile_pending(self) -> None:
        for row in self.state.rows_in_state(self.job_id, "pending"):
            key, _, value = (row.match_value or "").partition(":")
            found = await self._lookup((key, value) if value else None)
            if found is not None:
                # Created before the crash: keep the pair; an empty hash makes the next sight
                # of the record refresh it.
                self.state.record_synced(
                    self.job_id, row.source_id, found, "", row.match_value, self.run_id
                )
                self.report.reconciled += 1
            else:
                self.state.forget(self.job_id, row.source_id)

    async def _retry_dead_letters(self) -> None:
        letters = self.state.dead_letters(self.job_id)
        self.progress.start(self.job_id, len(letters))
        source = self.source.entity(self.entity)
        records: list[UnifiedModel] = []
        for letter in letters:
            try:
                records.append(await source.get(letter.source_id))
            except NotFound:
                self.report.skipped += 1
                self.state.clear_dead_letter(self.job_id, letter.source_id)
            self.report.read += 1
        for start in range(0, len(records), self.batch_size):
            await self._flush(records[start : start + self.batch_size], None)

    async def _detect_deletes(self) -> None:
        if self.dry_run:
            return
        gone = self.state.unseen(self.job_id, self.run_id)
        self.report.deleted_in_source = len(gone)
        if not gone or not self.propagate_deletes:
            return
        if not self.target.capabilities[self.entity].supports("delete"):
            raise NotSupported(self.target.vendor, f"delete on {self.entity}")
        service = self.target.entity(self.entity)
        deleted: list[str] = []
        for row in gone:
            try:
                if row.target_id:
                    await service.delete(row.target_id)
            except NotFound:
                pass
            except CrmError as exc:
                self.report.fail(row.source_id, "delete failed", exc)
                continue
            deleted.append(row.source_id)
        self.state.mark_deleted(self.job_id, deleted)
        self.report.deleted = len(deleted)
