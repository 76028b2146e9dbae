"""``crmkit sync SOURCE TARGET`` and ``crmkit status``."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from crmkit.core import CrmError

console = Console()
err_console = Console(stderr=True)


def _client(name: str) -> Any:
    """A unified async client for a profile named ``name`` if one exists, else vendor ``name``."""
    import crmkit
    from crmkit.unified._config import _config_path, load_profile

    path = _config_path()
    if path.is_file():
        try:
            load_profile(name, path=path)
        except CrmError:
            pass
        else:
            return crmkit.aconnect(profile=name)
    return crmkit.aconnect(name)


def _parse_since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise typer.BadParameter(
            f"--since takes an ISO 8601 time, e.g. 2026-01-31T00:00:00Z: {exc}"
        ) from exc
    if when.tzinfo is None:
        raise typer.BadParameter("--since needs a timezone, e.g. 2026-01-31T00:00:00Z")
    return when


def print_report(report: Any, *, as_json: bool) -> None:
    """Print a sync report as a table, or as JSON."""
    data = report.to_dict()
    if as_json:
        typer.echo(json.dumps(data, indent=2, default=str))
        return
    mode = report.mode + (", dry run" if report.dry_run else "")
    rate = data["records_per_second"]
    counts = [f"read {data['read']}"]
    for key in ("created", "updated", "unchanged", "skipped", "failed", "reconciled", "deleted"):
        if data[key] or key in ("created", "updated", "unchanged", "failed"):
            counts.append(f"{key} {data[key]}")
    console.print(f"[bold]sync {report.job_id}[/bold] ({mode}, {report.status})", highlight=False)
    console.print("  " + ", ".join(counts), highlight=False)
    console.print(
        f"  {data['requests']} requests, {data['retries']} retries, {data['duration']:.2f} s"
        + (f" ({rate:.0f} records/s)" if rate else ""),
        highlight=False,
    )
    if report.deleted_in_source and not report.deleted:
        console.print(
            f"{report.deleted_in_source} records were deleted in the source; "
            "--propagate-deletes would delete them in the target."
        )
    if report.dropped_fields:
        dropped = ", ".join(f"{k} ({v})" for k, v in sorted(report.dropped_fields.items()))
        console.print(
            f"Not carried over (the target cannot hold them, or their link is unmapped): {dropped}"
        )
    for failure in report.failures[:10]:
        console.print(f"[red]failed[/red] {failure.source_id}: {failure.reason}: {failure.error}")
    if report.failed > 10:
        console.print(
            f"... and {report.failed - 10} more; `crmkit sync ... --retry-failed` retries them."
        )


def sync_command(
    source: Annotated[str, typer.Argument(help="Source vendor or crmkit.toml profile.")],
    target: Annotated[str, typer.Argument(help="Target vendor or crmkit.toml profile.")],
    entity: Annotated[
        str, typer.Option(help="contacts, companies, deals, plans, subscriptions, events.")
    ] = "contacts",
    match: Annotated[str, typer.Option("--match", help="email, external_id or id-map.")] = "email",
    since: Annotated[
        str | None, typer.Option(help="Read records modified since (ISO 8601, with zone).")
    ] = None,
    full: Annotated[
        bool, typer.Option("--full", help="Read everything; compare by content hash.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change; write nothing.")
    ] = False,
    state: Annotated[
        str, typer.Option(help="State store: a SQLite path or postgresql:// URL.")
    ] = "crmkit-state.db",
    batch_size: Annotated[int, typer.Option(help="Records per batch and checkpoint.")] = 100,
    concurrency: Annotated[int, typer.Option(help="Target writes in flight at once.")] = 8,
    propagate_deletes: Annotated[
        bool,
        typer.Option("--propagate-deletes", help="Delete in the target what the source deleted."),
    ] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Retry the records that failed before.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Sync ENTITY records from SOURCE to TARGET (incremental, resumable, crash-safe)."""
    import asyncio

    import crmkit.sync as sync_module

    try:
        src, dst = _client(source), _client(target)
        progress = sync_module.NoProgress() if as_json else sync_module.auto_progress(err_console)
        report = asyncio.run(
            sync_module.arun(
                src,
                dst,
                entity=entity,
                match_on=match,
                state=state,
                source_name=source,
                target_name=target,
                since=_parse_since(since),
                full=full,
                dry_run=dry_run,
                batch_size=batch_size,
                concurrency=concurrency,
                propagate_deletes=propagate_deletes,
                retry_failed=retry_failed,
                progress=progress,
            )
        )
    except CrmError as exc:
        err_console.print(f"[red]crmkit sync failed:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    print_report(report, as_json=as_json)
    if report.failed:
        raise typer.Exit(1)


def status_command(
    state: Annotated[
        str, typer.Option(help="State store: a SQLite path or postgresql:// URL.")
    ] = "crmkit-state.db",
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Show sync jobs: checkpoint, last run and failures."""
    from crmkit.sync import open_state

    if not state.startswith(("postgresql://", "postgres://")) and not Path(state).exists():
        err_console.print(f"No state store at {state}; run `crmkit sync` first or pass --state.")
        raise typer.Exit(1)
    store = open_state(state)
    try:
        jobs = store.jobs()
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps(jobs, indent=2, default=str))
        return
    table = Table(title=f"crmkit sync jobs ({state})")
    for column in ("job", "checkpoint", "synced", "failures", "last run", "status"):
        table.add_column(column)
    for job in jobs:
        last = job["last_run"] or {}
        started = last.get("started_at")
        when = datetime.fromtimestamp(started).isoformat(timespec="seconds") if started else "-"
        checkpoint = (job["checkpoint"] or {}).get("updated_at", "-")
        table.add_row(
            job["job_id"],
            checkpoint,
            str(job["synced_records"]),
            str(job["failures"]),
            when,
            last.get("status", "-"),
        )
    console.print(table)
