"""The plumbing every benchmark shares: emulator processes, worker processes, statistics.

Process layout (the same for every contender):

- one process runs the vendor's emulator, started with ``crmkit emulator serve <vendor>`` and
  bound to 127.0.0.1 only;
- each measurement runs in a fresh worker process (``python -m benchmarks._worker`` for crmkit
  and bare httpx, ``benchmarks/oldlibs/run_old.py`` under the old libraries' virtualenv), which
  prints one JSON line with what it measured; process start-up and imports are outside the
  timed section;
- this orchestrating process only starts, interleaves and collects.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "REPO",
    "Emulator",
    "WorkerError",
    "crmkit_bin",
    "median",
    "run_worker",
    "worker_env",
]

REPO = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"


class WorkerError(RuntimeError):
    """A worker process failed or printed no result."""


def median(values: Sequence[float]) -> float:
    """The median (the figure every table reports)."""
    return float(statistics.median(values)) if values else float("nan")


def crmkit_bin() -> str:
    """The ``crmkit`` command next to this interpreter."""
    candidate = Path(sys.executable).with_name("crmkit")
    return str(candidate) if candidate.exists() else "crmkit"


def worker_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a worker: no proxies for loopback, no user config, quiet logs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRMKIT_")}
    env["NO_PROXY"] = env["no_proxy"] = f"{LOOPBACK},localhost"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONHASHSEED"] = "0"
    env.update(extra or {})
    return env


def run_worker(
    spec: dict[str, Any],
    *,
    python: str | None = None,
    script: str | None = None,
    timeout: float = 900,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> dict[str, Any]:
    """Run one measurement in a fresh process and return the JSON it printed last."""
    argv = [python or sys.executable]
    argv += [script] if script else ["-m", "benchmarks._worker"]
    argv.append(json.dumps(spec))
    proc = subprocess.run(
        argv,
        cwd=str(cwd or REPO),
        env=env or worker_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout)[-2000:]
        raise WorkerError(f"worker {spec.get('kind')} {spec.get('contender', '')} failed: {tail}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


@dataclass
class Emulator:
    """A vendor emulator served on loopback by ``crmkit emulator serve`` in its own process.

    Example:
        >>> with Emulator("contacthub", records=10_000) as emu:   # doctest: +SKIP
        ...     emu.base_url
    """

    vendor: str
    records: int = 0
    rate_limit: str = "off"
    seed: int = 7
    extra_args: list[str] = field(default_factory=list)
    base_url: str = ""
    _proc: subprocess.Popen[str] | None = None

    def start(self, timeout: float = 600) -> Emulator:
        argv = [
            crmkit_bin(),
            "emulator",
            "serve",
            self.vendor,
            "--host",
            LOOPBACK,
            "--port",
            "0",
            "--records",
            str(self.records),
            "--seed",
            str(self.seed),
            "--rate-limit",
            self.rate_limit,
            *self.extra_args,
        ]
        self._proc = subprocess.Popen(
            argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=worker_env(),
            cwd=str(REPO),
        )
        assert self._proc.stdout is not None
        deadline = time.monotonic() + timeout
        line = ""
        while time.monotonic() < deadline:
            line = self._proc.stdout.readline()
            if line or self._proc.poll() is not None:
                break
        if " listening on " not in line:
            err = self._proc.stderr.read() if self._proc.stderr else ""
            self.stop()
            raise WorkerError(f"{self.vendor} emulator did not start: {line}{err[-2000:]}")
        self.base_url = line.rsplit(" ", 1)[-1].strip()
        if not self.base_url.startswith(f"http://{LOOPBACK}:"):
            self.stop()
            raise WorkerError(f"emulator bound to {self.base_url}, not loopback")
        return self

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
