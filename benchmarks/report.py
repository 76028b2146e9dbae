"""The printed table, the machine description and the Markdown for docs/performance.md."""

from __future__ import annotations

import importlib.metadata as metadata
import os
import platform
import sys
import time
from typing import Any

from .oldlibs import venv as oldlibs

__all__ = ["environment", "markdown", "table"]


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _mem_gb() -> float:
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        return round(pages / 2**30, 1)
    except (ValueError, OSError):
        return 0.0


def environment() -> dict[str, Any]:
    """Machine, Python and library versions."""
    libs = {}
    for dist in (
        "crmkit",
        "crmkit-core",
        "crmkit-prosperworks",
        "crmkit-spreedly",
        "crmkit-contacthub",
        "crmkit-procuret",
        "crmkit-clevertim",
        "httpx",
        "httpcore",
        "pydantic",
        "pydantic-core",
        "tenacity",
    ):
        try:
            libs[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            pass
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": f"{_cpu_model()}, {os.cpu_count()} cores, {_mem_gb()} GiB",
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {sys.version.split()[0]}",
        "libraries": libs,
        "old_libraries": oldlibs.versions(),
    }


def _f(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def _mark(met: bool | None) -> str:
    return "" if met is None else ("yes" if met else "**no**")


def sections(results: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) per benchmark."""
    out: list[tuple[str, list[str], list[list[str]]]] = []
    if "overhead" in results:
        rows = []
        for vendor, r in results["overhead"].items():
            rows.append(
                [
                    f"{vendor} ({r['format']})",
                    _f(r["raw"]["wall_us"]),
                    _f(r["crmkit"]["wall_us"]),
                    _f(r["ratio"], 2),
                    _f(r["raw"]["cpu_us"]),
                    _f(r["crmkit"]["cpu_us"]),
                    f"<= {r['target']:.2f}",
                    _mark(r["met"]),
                ]
            )
        out.append(
            (
                "1. Per-request overhead (sequential GET of one record)",
                [
                    "vendor",
                    "httpx µs/req",
                    "crmkit µs/req",
                    "ratio",
                    "httpx CPU µs",
                    "crmkit CPU µs",
                    "target",
                    "met",
                ],
                rows,
            )
        )
    if "listing" in results:
        rows = []
        for vendor, r in results["listing"].items():

            def rate(key: str, r: dict[str, Any] = r) -> str:
                return _f(r[key]["records_per_s"]) if key in r else "-"

            vs = r.get("crmkit-async", {}).get("vs_old")
            rows.append(
                [
                    vendor,
                    _f(r["records"]),
                    rate("crmkit-sync"),
                    rate("crmkit-async"),
                    f"{rate('old')} ({r.get('old_library', '-')})",
                    "-" if vs is None else f"{vs:.2f}x",
                    _mark(r.get("met")),
                ]
            )
        out.append(
            (
                "2. Listing throughput (records/s)",
                [
                    "vendor",
                    "records",
                    "crmkit sync",
                    "crmkit async",
                    "old library",
                    "async/old",
                    "met",
                ],
                rows,
            )
        )
    if "memory" in results:
        rows = []
        for vendor, r in results["memory"].items():
            rows.append(
                [
                    vendor,
                    _f(r["records"]),
                    _f(r["stream"]["baseline_mb"], 1),
                    _f(r["stream"]["peak_over_baseline_mb"], 1),
                    _f(r["stream"]["growth_after_10pct_mb"], 1),
                    _f(r["list"]["peak_over_baseline_mb"], 1),
                    _mark(r["met"]),
                ]
            )
        out.append(
            (
                "3. Memory (peak RSS over the baseline, MB)",
                [
                    "vendor",
                    "records",
                    "baseline",
                    "streamed",
                    "streamed growth after 10%",
                    "as a list",
                    "met",
                ],
                rows,
            )
        )
    if "sync" in results:
        r = results["sync"]
        rows = [
            [
                f"{r['source']} -> {r['target']}, limit off",
                _f(r["records"]),
                _f(r["high_limit"]["records_per_s"]),
                "-",
                f"{r['high_limit']['lost']} / {r['high_limit']['duplicated']}",
                "",
            ]
        ]
        if "real_limit" in r:
            real = r["real_limit"]
            rows.append(
                [
                    f"{r['source']} -> {r['target']}, {real.get('limit_per_min')}/min",
                    f"{real.get('window_s', 0):.0f} s window",
                    _f(real.get("requests_per_min", 0) / 60, 2) + " req/s",
                    f"{real['share'] * 100:.1f} %",
                    f"- / {real['duplicated']}",
                    _mark(r.get("met")),
                ]
            )
        out.append(
            (
                "4. Sync job (crmkit sync, contacts)",
                ["run", "records", "records/s", "share of limit", "lost / duplicated", "met"],
                rows,
            )
        )
    if "startup" in results:
        rows = []
        for name, r in results["startup"].items():
            if name == "target":
                continue
            rows.append([f"`{name}`", _f(r["ms"], 1), _f(r["over_bare_ms"], 1)])
        t = results["startup"].get("target")
        if t:
            rows.append([f"target: {t['command']} < 150 ms over bare", "", _mark(t["met"])])
        out.append(("5. Import and start-up (wall ms)", ["command", "ms", "over bare"], rows))
    return out


def table(results: dict[str, Any]) -> str:
    """Plain-text tables for the terminal."""
    env = results["environment"]
    lines = [
        f"crmkit benchmarks, {env['date']}",
        f"machine: {env['machine']}; {env['os']}; {env['python']}",
        "libraries: " + ", ".join(f"{k} {v}" for k, v in env["libraries"].items()),
    ]
    if env.get("old_libraries"):
        lines.append("old: " + ", ".join(f"{k} {v}" for k, v in env["old_libraries"].items()))
    lines.append(f"mode: {results['mode']}")
    for title, header, rows in sections(results):
        cells = [header, *rows]
        widths = [
            max(len(str(row[i]).replace("**", "")) for row in cells) for i in range(len(header))
        ]
        lines += ["", title]
        for k, row in enumerate(cells):
            lines.append(
                "  ".join(
                    str(c).replace("**", "").ljust(w) for c, w in zip(row, widths, strict=True)
                )
            )
            if k == 0:
                lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown(results: dict[str, Any]) -> str:
    """Markdown tables (for the generated block in docs/performance.md)."""
    env = results["environment"]
    lines = [
        f"Measured {env['date']} on {env['machine']}, {env['os']}, {env['python']} "
        f"(`python -m benchmarks{' --quick' if results['mode'] == 'quick' else ''}`).",
        "",
        "Libraries: " + ", ".join(f"{k} {v}" for k, v in env["libraries"].items()) + ".",
    ]
    if env.get("old_libraries"):
        lines.append(
            "Old libraries: " + ", ".join(f"{k} {v}" for k, v in env["old_libraries"].items()) + "."
        )
    for title, header, rows in sections(results):
        lines += ["", f"**{title}**", ""]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "|".join("---" for _ in header) + "|")
        for row in rows:
            lines.append("| " + " | ".join(str(c) for c in row) + " |")
    return "\n".join(lines)
