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
            changes = {"name": f"{getattr(record, 'name', None) or 'Record'} (updated)"}
        await service.update(record.remote_id, changes)
        changed.append(record.remote_id)
    return changed


def _key(record: Any) -> str | None:
    emails = getattr(record, "emails", None)
    if emails:
        return str(emails[0].address).lower()
    return getattr(record, "name", None)


def _label(record: Any) -> str | None:
    return getattr(record, "display_name", None) or getattr(record, "name", None)


def _same(source: Any, target: Any) -> bool:
    """Whether the target holds the source's names: the same display name, or the same first
    and last names (vendors differ on which of the two they store, e.g. a screen name)."""
    if _label(source) == _label(target):
        return True
    parts = ("first_name", "last_name")
    left = tuple(getattr(source, p, None) for p in parts)
    return all(left) and left == tuple(getattr(target, p, None) for p in parts)


async def _verify(source: Any, target: Any, entity: str) -> tuple[int, int, int, list[str]]:
    """Compare every source record with the target: (present, missing, duplicates, mismatches)."""
    src = [r async for r in source.entity(entity).list()]
    dst = [r async for r in target.entity(entity).list()]
    by_key: dict[str | None, list[Any]] = {}
    for record in dst:
        by_key.setdefault(_key(record), []).append(record)
    present = missing = duplicates = 0
    mismatches: list[str] = []
    for record in src:
        found = by_key.get(_key(record), [])
        if not found:
            missing += 1
            continue
        present += 1
        if len(found) > 1:
            duplicates += 1
        if not _same(record, found[0]):
            mismatches.append(f"{_key(record)}: {_label(record)!r} != {_label(found[0])!r}")
    return present, missing, duplicates, mismatches


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
    common: dict[str, Any] = {
        "entity": entity,
        "match_on": "email" if entity in ("contacts",) else "id-map",
        "state": state,
    }
    try:
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
        present, missing, duplicates, mismatches = await _verify(src, dst, entity)
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
