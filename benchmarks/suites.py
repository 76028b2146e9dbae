"""The five benchmarks. Each returns plain data (stored in ``results.json``).

Every figure is the median over ``reps`` repetitions; within a repetition the contenders run one
after the other, in an order that rotates from one repetition to the next, so slow drift of the
machine spreads over all of them.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._harness import Emulator, WorkerError, crmkit_bin, median, run_worker, worker_env
from .oldlibs import venv as oldlibs

__all__ = ["Settings", "listing", "memory", "overhead", "startup", "sync"]

PAGE_SIZES = {"procuret": 100, "contacthub": 50, "prosperworks": 200, "spreedly": 0, "clevertim": 0}
TARGETS = {
    "overhead_json": 1.10,
    "overhead_xml": 1.20,
    "async_vs_old": 3.0,
    "memory_mb": 150.0,
    "sync_share": 0.90,
    "import_ms": 150.0,
}
FORMATS = {"spreedly": "xml"}
# The vendors' published limits, requests per minute (ProsperWorks: 180/min).
REAL_LIMITS = {"prosperworks": 180}


@dataclass
class Settings:
    """How much to measure (``--quick`` shrinks every knob)."""

    reps: int = 5
    get_n: int = 1000
    list_records: int = 10_000
    memory_records: int = 100_000
    memory_reps: int = 3
    sync_records: int = 10_000
    sync_window: float = 120.0
    sync_runs: int = 3
    startup_reps: int = 15
    prefetch: int = 4
    old_libs: bool = True

    @classmethod
    def quick(cls) -> Settings:
        return cls(
            reps=3,
            get_n=300,
            list_records=10_000,
            memory_records=100_000,
            memory_reps=1,
            sync_records=2_000,
            sync_window=60.0,
            sync_runs=1,
            startup_reps=7,
        )


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _rotations(items: Sequence[str], reps: int) -> list[list[str]]:
    out = []
    for rep in range(reps):
        k = rep % len(items)
        out.append([*items[k:], *items[:k]])
    return out


# -- 1. per-request overhead -----------------------------------------------------------------------


def overhead(vendors: Sequence[str], s: Settings) -> dict[str, Any]:
    """N sequential GETs of one record: crmkit's vendor client vs bare httpx + parse."""
    out: dict[str, Any] = {}
    for vendor in vendors:
        _log(f"[overhead] {vendor}")
        runs: dict[str, list[dict[str, Any]]] = {"raw": [], "crmkit": []}
        with Emulator(vendor, records=200) as emu:
            for order in _rotations(["raw", "crmkit"], s.reps):
                for contender in order:
                    spec = {
                        "kind": "get",
                        "vendor": vendor,
                        "contender": contender,
                        "base_url": emu.base_url,
                        "n": s.get_n,
                        "warmup": max(50, s.get_n // 10),
                    }
                    runs[contender].append(run_worker(spec))
        per_rep = [c["wall"] / r["wall"] for r, c in zip(runs["raw"], runs["crmkit"], strict=True)]
        fmt = FORMATS.get(vendor, "json")
        target = TARGETS[f"overhead_{fmt}"]
        us = {
            name: {
                "wall_us": median([r["wall"] / r["n"] * 1e6 for r in rs]),
                "cpu_us": median([r["cpu"] / r["n"] * 1e6 for r in rs]),
            }
            for name, rs in runs.items()
        }
        ratio = median(per_rep)
        out[vendor] = {
            "format": fmt,
            "raw": us["raw"],
            "crmkit": us["crmkit"],
            "ratio": ratio,
            "ratios": per_rep,
            "cpu_ratio": us["crmkit"]["cpu_us"] / us["raw"]["cpu_us"],
            "cpu_overhead_us": us["crmkit"]["cpu_us"] - us["raw"]["cpu_us"],
            "target": target,
            "met": ratio <= target,
        }
    return out


# -- 2. listing throughput -------------------------------------------------------------------------


def listing(vendors: Sequence[str], s: Settings) -> dict[str, Any]:
    """Iterate ``list_records`` records: crmkit sync, crmkit async (prefetch), the old library."""
    out: dict[str, Any] = {}
    old_python = oldlibs.ensure() if s.old_libs else None
    for vendor in vendors:
        _log(f"[listing] {vendor}")
        contenders = ["crmkit-sync", "crmkit-async"]
        if old_python is not None and vendor in oldlibs.OLD_LIBS:
            contenders.append("old")
        runs: dict[str, list[dict[str, Any]]] = {c: [] for c in contenders}
        errors: dict[str, str] = {}
        with Emulator(vendor, records=s.list_records) as emu:
            for order in _rotations(contenders, s.reps):
                for contender in order:
                    if contender in errors:
                        continue
                    spec = {
                        "kind": "list",
                        "vendor": vendor,
                        "contender": contender,
                        "base_url": emu.base_url,
                        "records": s.list_records,
                        "page_size": PAGE_SIZES[vendor],
                        "prefetch": s.prefetch,
                    }
                    try:
                        if contender == "old":
                            result = run_worker(spec, python=str(old_python), script=oldlibs.RUNNER)
                        else:
                            result = run_worker(spec)
                    except WorkerError as exc:
                        errors[contender] = str(exc)[-500:]
                        _log(f"  {contender} failed: {errors[contender]}")
                        continue
                    if result["count"] != s.list_records:
                        errors[contender] = f"read {result['count']} of {s.list_records} records"
                        continue
                    runs[contender].append(result)
        entry: dict[str, Any] = {"records": s.list_records, "page_size": PAGE_SIZES[vendor]}
        for contender, rs in runs.items():
            if rs:
                entry[contender] = {
                    "records_per_s": median([r["count"] / r["wall"] for r in rs]),
                    "cpu_s": median([r["cpu"] for r in rs]),
                    "wall_s": median([r["wall"] for r in rs]),
                }
        if "old" in entry:
            old_rate = entry["old"]["records_per_s"]
            entry["old_library"] = oldlibs.OLD_LIBS[vendor]
            for contender in ("crmkit-sync", "crmkit-async"):
                if contender in entry:
                    entry[contender]["vs_old"] = entry[contender]["records_per_s"] / old_rate
            if "crmkit-async" in entry:
                entry["met"] = entry["crmkit-async"]["vs_old"] >= TARGETS["async_vs_old"]
        elif vendor not in oldlibs.OLD_LIBS:
            entry["old_library"] = "pyspreedly (does not install on Python 3)"
        if errors:
            entry["errors"] = errors
        out[vendor] = entry
    return out


# -- 3. memory -------------------------------------------------------------------------------------


def memory(vendors: Sequence[str], s: Settings) -> dict[str, Any]:
    """Peak RSS while streaming ``memory_records`` records vs loading them as one list."""
    out: dict[str, Any] = {}
    for vendor in vendors:
        _log(f"[memory] {vendor} ({s.memory_records} records)")
        runs: dict[str, list[dict[str, Any]]] = {"stream": [], "list": []}
        with Emulator(vendor, records=s.memory_records) as emu:
            for order in _rotations(["stream", "list"], s.memory_reps):
                for mode in order:
                    spec = {
                        "kind": "memory",
                        "vendor": vendor,
                        "mode": mode,
                        "base_url": emu.base_url,
                        "records": s.memory_records,
                        "page_size": PAGE_SIZES[vendor],
                    }
                    runs[mode].append(run_worker(spec, timeout=1800))
        entry: dict[str, Any] = {"records": s.memory_records}
        for mode, rs in runs.items():
            over = [(r["peak_rss"] - r["baseline_rss"]) / 2**20 for r in rs]
            entry[mode] = {
                "baseline_mb": median([r["baseline_rss"] / 2**20 for r in rs]),
                "peak_over_baseline_mb": median(over),
                "records_per_s": median([r["count"] / r["wall"] for r in rs]),
                "growth_after_10pct_mb": median([_growth(r) for r in rs]),
                "series": rs[len(rs) // 2]["series"],
            }
        stream = entry["stream"]
        entry["met"] = (
            stream["peak_over_baseline_mb"] < TARGETS["memory_mb"]
            and stream["growth_after_10pct_mb"] < 10.0
        )
        out[vendor] = entry
    return out


def _growth(run: dict[str, Any]) -> float:
    """RSS growth (MB) from the point 10% of the records were read to the end."""
    series = run["series"]
    total = max(1, run["count"])
    after = [rss for _, n, rss in series if n >= total * 0.1]
    if not after:
        return 0.0
    return float(max(after) - after[0]) / 2**20


# -- 4. the sync job -------------------------------------------------------------------------------


def _sync_env(source: str, source_url: str, target: str, target_url: str) -> dict[str, str]:
    from ._vendors import EMAIL, TOKEN

    creds = {
        "prosperworks": {"EMAIL": EMAIL, "TOKEN": TOKEN},
        "contacthub": {"WORKSPACE_ID": "demo", "TOKEN": TOKEN, "NODE_ID": "demo"},
        "spreedly": {"TOKEN": TOKEN, "SITE_NAME": "demo"},
        "clevertim": {"API_KEY": TOKEN},
    }
    env: dict[str, str] = {}
    for vendor, url in ((source, source_url), (target, target_url)):
        prefix = f"CRMKIT_{vendor.upper()}_"
        env[prefix + "BASE_URL"] = url
        for key, value in creds[vendor].items():
            env[prefix + key] = value
    return env


def sync(source: str, target: str, s: Settings) -> dict[str, Any]:
    """``crmkit sync`` of contacts from ``source`` to ``target`` emulators (both on loopback).

    1. target rate limit high (emulator limit off, client limit off): the whole job, records/s,
       then every source record must be in the target exactly once;
    2. target at the vendor's real limit (emulator and client defaults): ``crmkit sync`` runs for
       a bounded window; the share of the limit used is the target requests answered 2xx per
       minute over the window after the first target request, divided by the limit.
    """
    out: dict[str, Any] = {"source": source, "target": target, "records": s.sync_records}
    _log(f"[sync] {source} -> {target}, rate limit off ({s.sync_records} records)")
    high: list[dict[str, Any]] = []
    for _ in range(s.sync_runs):
        with (
            Emulator(source, records=s.sync_records) as src,
            Emulator(target, records=0) as dst,
            tempfile.TemporaryDirectory(prefix="crmkit-bench-") as tmp,
        ):
            spec = {
                "kind": "sync",
                "source": source,
                "target": target,
                "state": str(Path(tmp) / "state.db"),
                "records": s.sync_records,
            }
            env = worker_env(_sync_env(source, src.base_url, target, dst.base_url))
            high.append(run_worker(spec, env=env, timeout=3600))
    out["high_limit"] = {
        "records_per_s": median([r["records_per_s"] for r in high]),
        "duration_s": median([r["duration"] for r in high]),
        "lost": max(r["lost"] for r in high),
        "duplicated": max(r["duplicated"] for r in high),
        "created": median([r["created"] for r in high]),
        "failed": max(r["failed"] for r in high),
        "runs": len(high),
    }
    limit = REAL_LIMITS.get(target)
    if limit is not None:
        out["real_limit"] = _sync_real_limit(source, target, limit, s)
        out["met"] = (
            out["real_limit"]["share"] >= TARGETS["sync_share"]
            and out["high_limit"]["lost"] == 0
            and out["high_limit"]["duplicated"] == 0
            and out["real_limit"]["duplicated"] == 0
        )
    return out


_LOG_LINE = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) crmkit\.transport DEBUG (\w+) (\S+) -> (\d{3})"
)


def _sync_real_limit(source: str, target: str, limit: int, s: Settings) -> dict[str, Any]:
    _log(f"[sync] {source} -> {target} at {limit}/min for {s.sync_window:.0f} s")
    with (
        Emulator(source, records=s.sync_records) as src,
        Emulator(target, records=0, rate_limit=str(limit)) as dst,
        tempfile.TemporaryDirectory(prefix="crmkit-bench-") as tmp,
    ):
        env = worker_env(_sync_env(source, src.base_url, target, dst.base_url))
        env["CRMKIT_LOG"] = "debug"
        argv = [
            crmkit_bin(),
            "sync",
            source,
            target,
            "--entity",
            "contacts",
            "--match",
            "email",
            "--state",
            str(Path(tmp) / "state.db"),
            "--json",
        ]
        log_path = Path(tmp) / "sync.log"
        with open(log_path, "w", encoding="utf-8") as log:
            proc = subprocess.Popen(
                argv, cwd=tmp, env=env, stdout=subprocess.DEVNULL, stderr=log, text=True
            )
            started = time.time()
            try:
                proc.wait(timeout=s.sync_window + 10)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        text = log_path.read_text(encoding="utf-8", errors="replace")
        check = run_worker(
            {"kind": "target_count", "target": target, "records": s.sync_records},
            env=worker_env(_sync_env(source, src.base_url, target, dst.base_url)),
        )
    prefix = dst.base_url.split("/", 3)
    target_origin = "/".join(prefix[:3])
    stamps: list[tuple[float, int]] = []
    for line in text.splitlines():
        m = _LOG_LINE.match(line)
        if m and m.group(3).startswith(target_origin):
            when = time.mktime(time.strptime(m.group(1)[:19], "%Y-%m-%d %H:%M:%S"))
            when += int(m.group(1)[20:]) / 1000
            stamps.append((when, int(m.group(4))))
    if not stamps:
        return {"share": 0.0, "error": text[-1000:], "duplicated": 0}
    first = stamps[0][0]
    end = min(first + s.sync_window, max(t for t, _ in stamps) + 1e-9)
    window = end - first
    ok = sum(1 for t, st in stamps if t <= end and 200 <= st < 300)
    throttled = sum(1 for t, st in stamps if t <= end and st == 429)
    per_minute = ok / window * 60 if window > 0 else 0.0
    return {
        "limit_per_min": limit,
        "window_s": window,
        "requests_2xx": ok,
        "requests_429": throttled,
        "requests_per_min": per_minute,
        "share": per_minute / limit,
        "records_in_target": check["count"],
        "duplicated": check["duplicated"],
        "wall_s": time.time() - started,
    }


# -- 5. import and start-up ------------------------------------------------------------------------


def startup(vendors: Sequence[str], s: Settings) -> dict[str, Any]:
    """Wall time of ``python -c pass``, imports and ``crmkit --help`` (fresh processes)."""
    py = sys.executable
    commands: dict[str, list[str]] = {"python -c pass": [py, "-c", "pass"]}
    commands["import crmkit.core"] = [py, "-c", "import crmkit.core"]
    for vendor in vendors:
        commands[f"import crmkit.{vendor}"] = [py, "-c", f"import crmkit.{vendor}"]
    commands["import crmkit"] = [py, "-c", "import crmkit"]
    commands["crmkit --help"] = [crmkit_bin(), "--help"]
    env = worker_env()
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure with compiled bytecode, as users run
    for argv in commands.values():  # warm the OS cache and write bytecode first
        subprocess.run(argv, env=env, capture_output=True, check=True, cwd=tempfile.gettempdir())
    times: dict[str, list[float]] = {name: [] for name in commands}
    names = list(commands)
    for order in _rotations(names, s.startup_reps):
        for name in order:
            t0 = time.perf_counter()
            subprocess.run(
                commands[name], env=env, capture_output=True, check=True, cwd=tempfile.gettempdir()
            )
            times[name].append((time.perf_counter() - t0) * 1000)
    bare = median(times["python -c pass"])
    out: dict[str, Any] = {}
    for name, ms in times.items():
        out[name] = {"ms": median(ms), "over_bare_ms": median(ms) - bare}
    key = "import crmkit.prosperworks"
    measured = key if key in out else next((k for k in out if k.startswith("import crmkit.")), key)
    if measured in out:
        out["target"] = {
            "command": measured,
            "over_bare_ms": out[measured]["over_bare_ms"],
            "met": out[measured]["over_bare_ms"] < TARGETS["import_ms"],
        }
    return out


def import_breakdown(module: str) -> list[tuple[str, float]]:
    """The slowest imports of ``module`` (``python -X importtime``), cumulative ms."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        env=worker_env(),
        check=False,
    )
    rows = []
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((parts[2].rstrip(), int(parts[1]) / 1000))
    return sorted(rows, key=lambda r: -r[1])[:25]
