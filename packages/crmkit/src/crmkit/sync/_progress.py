"""Progress display for sync runs: a rich progress bar on a terminal, log lines otherwise."""

from __future__ import annotations

import logging
import time
from typing import Any, Protocol

from crmkit.core import get_logger

from ._report import SyncReport

__all__ = ["LogProgress", "NoProgress", "Progress", "RichProgress", "auto_progress"]

log = get_logger("crmkit.sync")


class Progress(Protocol):
    """What the engine reports to while it runs."""

    def start(self, job_id: str, total: int | None) -> None: ...

    def update(self, report: SyncReport) -> None: ...

    def finish(self, report: SyncReport) -> None: ...


class NoProgress:
    """Show nothing (the library default)."""

    def start(self, job_id: str, total: int | None) -> None:
        return None

    def update(self, report: SyncReport) -> None:
        return None

    def finish(self, report: SyncReport) -> None:
        return None


class LogProgress:
    """A plain log line every ``every`` seconds, for runs without a terminal."""

    def __init__(self, every: float = 5.0, logger: logging.Logger | None = None) -> None:
        self.every = every
        self.log = logger or log
        self._last = 0.0
        self._start = 0.0

    def start(self, job_id: str, total: int | None) -> None:
        self._start = self._last = time.monotonic()
        self.log.info("sync %s started%s", job_id, f" ({total} records)" if total else "")

    def update(self, report: SyncReport) -> None:
        now = time.monotonic()
        if now - self._last >= self.every:
            self._last = now
            rate = report.read / max(now - self._start, 1e-9)
            self.log.info(
                "sync %s: read %d, created %d, updated %d, unchanged %d, failed %d (%.0f "
                "records/s)",
                report.job_id,
                report.read,
                report.created,
                report.updated,
                report.unchanged,
                report.failed,
                rate,
            )

    def finish(self, report: SyncReport) -> None:
        self.log.info(
            "sync %s %s: read %d, created %d, updated %d, unchanged %d, failed %d in %.1fs",
            report.job_id,
            report.status,
            report.read,
            report.created,
            report.updated,
            report.unchanged,
            report.failed,
            report.duration,
        )


class RichProgress:
    """A rich progress bar: records read and written per second, and an ETA when the total is "
    "known."""

    def __init__(self, console: Any = None) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichBar

        self._bar = RichBar(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:>8} rec/s"),
            TextColumn("written {task.fields[written]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self._task: Any = None
        self._start = 0.0

    def start(self, job_id: str, total: int | None) -> None:
        self._start = time.monotonic()
        self._bar.start()
        self._task = self._bar.add_task(job_id, total=total, rate="-", written=0)

    def update(self, report: SyncReport) -> None:
        elapsed = max(time.monotonic() - self._start, 1e-9)
        self._bar.update(
            self._task,
            completed=report.read,
            rate=f"{report.read / elapsed:.0f}",
            written=report.written,
        )

    def finish(self, report: SyncReport) -> None:
        self.update(report)
        if self._bar.tasks and self._bar.tasks[0].total is None:
            self._bar.update(self._task, total=report.read)
        self._bar.stop()


def auto_progress(console: Any = None) -> Progress:
    """A rich bar when stderr is a terminal, log lines otherwise."""
    import sys

    return RichProgress(console) if sys.stderr.isatty() else LogProgress()
