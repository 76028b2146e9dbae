"""``crmkit demo``: the main job on an embedded default, with no account and no network.

Two vendor emulators run in-process (ProsperWorks to ContactHub by default). The source is
seeded with realistic fake records; a first sync copies them; some source records are then
changed through the source's API and an incremental sync carries the changes over; finally every
source record is checked against the target.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from crmkit.core import CrmError

from ._sync import print_report

console = Console()


class _LineProgress:
    """Plain progress lines (for output that is not a terminal)."""

    def __init__(self) -> None:
        self._last = 0.0
        self._start = 0.0

    def start(self, job_id: str, total: int | None) -> None:
        self._start = self._last = time.monotonic()

    def update(self, report: Any) -> None:
        now = time.monotonic()
        if now - self._last >= 1.0:
            self._last = now
            rate = report.read / max(now - self._start, 1e-9)
            console.print(
                f"  ... read {report.read}, written {report.written} ({rate:.0f} records/s)"
            )

    def finish(self, report: Any) -> None:
        return None


def _progress() -> Any:
    import sys

    from crmkit.sync import RichProgress

    return RichProgress(console) if sys.stdout.isatty() else _LineProgress()


async def _connect(vendor: str, emulator: Any) -> Any:
    import crmkit
    from crmkit.core import get_vendor

    backend_cls = get_vendor(vendor).load("unified")
    settings = backend_cls.demo_settings()
    # The emulator answers in-process; its rate limit is off for the demo, so no client-side
    # limiter either (pass rate_limit=None explicitly to override any vendor default).
    return crmkit.aconnect(vendor, transport=emulator.transport(), rate_limit=None, **settings)


async def _change_some(client: Any, entity: str, count: int) -> list[str]:
    """Change ``count`` source records through the vendor's API; return their ids."""
    service = client.entity(entity)
    changed: list[str] = []
    total = 0
    records = [r async for r in service.list()]
    total = len(records)
    if not total:
        return changed
    step = max(1, total // max(count, 1))
    for record in records[::step][:count]:
        if entity == "contacts":
            last = (record.last_name or "Person") + "-Jones"
            first = record.first_name or (record.display_name or "Demo").split(" ")[0]
            changes: dict[str, Any] = {
                "first_name": first,
                "last_name": last,
                "name": f"{first} {last}",
            }
        else:
            field = "subject" if entity == "events" else "name"
            changes = {field: f"{getattr(record, field, None) or 'Record'} (updated)"}
        await service.update(record.remote_id, changes)
        changed.append(record.remote_id)
    return changed


def _label(record: Any) -> str | None:
    for field in ("display_name", "name", "subject"):
        value = getattr(record, field, None)
        if value:
            return str(value)
    return None


def _same(source: Any, target: Any) -> bool:
    """Whether the target holds the source's names: the same display name, or the same first
    and last names (vendors differ on which of the two they store, e.g. a screen name)."""
    if _label(source) == _label(target):
        return True
    if getattr(source, "body", None) and source.body == getattr(target, "body", None):
        return True  # events: some vendors hold a body but no subject (reported as dropped)
    parts = ("first_name", "last_name")
    left = tuple(getattr(source, p, None) for p in parts)
    return all(left) and left == tuple(getattr(target, p, None) for p in parts)


async def _verify(
    source: Any, target: Any, entity: str, state: Path, job_id: str
) -> tuple[int, int, int, list[str]]:
    """Check every source record through the id map: (present, missing, extra, mismatches)."""
    from crmkit.sync import open_state

    src = [r async for r in source.entity(entity).list()]
    dst = {r.remote_id: r async for r in target.entity(entity).list()}
    store = open_state(state)
    try:
        rows = store.rows(job_id, [r.remote_id for r in src])
    finally:
        store.close()
    present = missing = 0
    mismatches: list[str] = []
    mapped: set[str] = set()
    for record in src:
        row = rows.get(record.remote_id)
        other = dst.get(row.target_id) if row is not None and row.target_id else None
        if other is None:
            missing += 1
            continue
        present += 1
        mapped.add(other.remote_id)
        if not _same(record, other):
            mismatches.append(f"{record.remote_id}: {_label(record)!r} != {_label(other)!r}")
    extra = len(set(dst) - mapped)  # the target started empty: anything else is a duplicate
    return present, missing, extra, mismatches


# Entities whose records point at others: those are synced first, so links can be translated.
_PREREQUISITES = {
    "deals": ("companies", "contacts"),
    "events": ("companies", "contacts", "deals"),
    "subscriptions": ("plans", "contacts"),
}


def _syncable(source: Any, target: Any, entity: str) -> bool:
    src, dst = source.capabilities[entity], target.capabilities[entity]
    return bool(src.supports("list") and dst.supports("create") and dst.supports("update"))


async def _demo(
    source: str,
    target: str,
    entity: str,
    records: int,
    seed: int,
    changes: int,
    state: Path,
    as_json: bool,
) -> int:
    from crmkit.core import get_vendor
    from crmkit.core.emulator import EmulatorOptions
    from crmkit.sync import NoProgress, arun

    src_emu = get_vendor(source).load("emulator")(
        EmulatorOptions(records=records, seed=seed, rate_limit=0)
    )
    dst_emu = get_vendor(target).load("emulator")(
        EmulatorOptions(records=0, seed=seed + 1, rate_limit=0)
    )
    src, dst = await _connect(source, src_emu), await _connect(target, dst_emu)

    def say(text: str) -> None:
        if not as_json:
            console.print(text)

    say(
        f"[bold]crmkit demo[/bold]: {records} {entity} from the {source} emulator "
        f"to the {target} emulator (in-process)"
    )

    def options(name: str) -> dict[str, Any]:
        return {
            "entity": name,
            "match_on": "email" if name == "contacts" else "id-map",
            "state": state,
        }

    common = options(entity)
    try:
        for needed in _PREREQUISITES.get(entity, ()):
            if _syncable(src, dst, needed):
                say(f"[bold]0.[/bold] syncing {needed} first ({entity} point at them)")
                before = await arun(src, dst, progress=NoProgress(), **options(needed))
                if not as_json:
                    print_report(before, as_json=False)
        say("[bold]1.[/bold] first sync (full)")
        first = await arun(src, dst, progress=NoProgress() if as_json else _progress(), **common)
        if not as_json:
            print_report(first, as_json=False)
        say(f"[bold]2.[/bold] changing {changes} {entity} in {source}")
        changed = await _change_some(src, entity, changes)
        say("[bold]3.[/bold] incremental sync")
        second = await arun(src, dst, progress=NoProgress() if as_json else _progress(), **common)
        if not as_json:
            print_report(second, as_json=False)
        job_id = f"{source}->{target}:{entity}"
        present, missing, duplicates, mismatches = await _verify(src, dst, entity, state, job_id)
    finally:
        await src.aclose()
        await dst.aclose()
    ok = (
        missing == 0
        and duplicates == 0
        and not mismatches
        and first.failed == 0
        and second.failed == 0
    )
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "first": first.to_dict(),
                    "changed": len(changed),
                    "second": second.to_dict(),
                    "check": {
                        "present": present,
                        "missing": missing,
                        "duplicates": duplicates,
                        "mismatches": mismatches[:20],
                        "ok": ok,
                    },
                },
                indent=2,
                default=str,
            )
        )
    else:
        verdict = (
            "[green]target matches source[/green]"
            if ok
            else "[red]target does NOT match source[/red]"
        )
        console.print(
            f"[bold]4.[/bold] check: {verdict}: {present}/{present + missing} present, "
            f"{duplicates} duplicated, {len(mismatches)} mismatched"
        )
        for line in mismatches[:5]:
            console.print(f"   mismatch {line}")
    return 0 if ok else 1


def demo_command(
    source: Annotated[str, typer.Option(help="Source vendor.")] = "prosperworks",
    target: Annotated[str, typer.Option(help="Target vendor.")] = "contacthub",
    entity: Annotated[str, typer.Option(help="Entity to sync.")] = "contacts",
    records: Annotated[int, typer.Option(help="Fake records to seed the source with.")] = 1000,
    seed: Annotated[int, typer.Option(help="Seed for the fake data.")] = 7,
    changes: Annotated[
        int, typer.Option(help="Source records to change before the second sync.")
    ] = 50,
    state: Annotated[
        Path | None, typer.Option(help="State store file (default: a temporary one).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the reports and the check as JSON.")
    ] = False,
) -> None:
    """Sync realistic fake records between two emulators, change some, sync again, and check."""
    if records < 1:
        raise typer.BadParameter("--records must be at least 1")
    with tempfile.TemporaryDirectory(prefix="crmkit-demo-") as tmp:
        path = state or Path(tmp) / "state.db"
        try:
            code = asyncio.run(_demo(source, target, entity, records, seed, changes, path, as_json))
        except CrmError as exc:
            console.print(f"[red]crmkit demo failed:[/red] {exc}", highlight=False)
            raise typer.Exit(2) from exc
    raise typer.Exit(code)
