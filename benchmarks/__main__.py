"""``python -m benchmarks [--quick] [--plot] [--only overhead,listing,...] [--vendors ...]``."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from . import suites
from ._harness import REPO
from ._vendors import available
from .report import environment, markdown, table

ALL = ["overhead", "listing", "memory", "sync", "startup"]
VENDORS = ["prosperworks", "spreedly", "contacthub", "procuret", "clevertim"]
MEMORY_VENDORS = ["contacthub", "prosperworks"]
RESULTS = Path(__file__).resolve().parent / "results.json"
CHARTS = REPO / "docs" / "assets" / "performance"
DOC = REPO / "docs" / "performance.md"
BEGIN, END = "<!-- bench-results:begin (generated) -->", "<!-- bench-results:end -->"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    p.add_argument("--quick", action="store_true", help="fewer repetitions (a few minutes)")
    p.add_argument("--plot", action="store_true", help="render PNG charts (matplotlib)")
    p.add_argument("--only", default=",".join(ALL), help=f"comma list of {', '.join(ALL)}")
    p.add_argument("--vendors", default="", help="comma list (default: every installed vendor)")
    p.add_argument("--memory-vendors", default=",".join(MEMORY_VENDORS))
    p.add_argument("--sync", default="contacthub:prosperworks", help="SOURCE:TARGET")
    p.add_argument("--reps", type=int, help="repetitions per figure")
    p.add_argument("--no-old-libs", action="store_true", help="skip the old libraries")
    p.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON results")
    p.add_argument("--charts", type=Path, default=CHARTS, help="where --plot writes PNGs")
    p.add_argument(
        "--update-docs", action="store_true", help="rewrite the results block of the docs page"
    )
    p.add_argument("--from-json", type=Path, help="print/plot saved results instead of running")
    return p


def _update_docs(results: dict[str, Any]) -> None:
    text = DOC.read_text(encoding="utf-8")
    block = f"{BEGIN}\n\n{markdown(results)}\n\n{END}"
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{DOC} has no {BEGIN} block")
    DOC.write_text(pattern.sub(lambda _: block, text), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.from_json:
        results = json.loads(args.from_json.read_text(encoding="utf-8"))
    else:
        results = run(args)
        args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nresults: {args.out}")
    if args.plot:
        from .plot import plot

        for path in plot(results, args.charts):
            print(f"chart: {path}")
    if args.update_docs:
        _update_docs(results)
        print(f"updated {DOC}")
    return 0


def run(args: argparse.Namespace) -> dict[str, Any]:
    s = suites.Settings.quick() if args.quick else suites.Settings()
    if args.reps:
        s.reps = args.reps
    s.old_libs = not args.no_old_libs
    wanted = [v for v in (args.vendors.split(",") if args.vendors else VENDORS) if v]
    vendors = [v for v in wanted if available(v)]
    missing = [v for v in wanted if v not in vendors]
    only = [k for k in args.only.split(",") if k]
    results: dict[str, Any] = {
        "environment": environment(),
        "mode": "quick" if args.quick else "full",
        "settings": vars(s),
        "vendors": vendors,
        "not_installed": missing,
    }
    if missing:
        print(f"not measured (package not installed): {', '.join(missing)}", file=sys.stderr)
    if "overhead" in only:
        results["overhead"] = suites.overhead(vendors, s)
    if "listing" in only:
        results["listing"] = suites.listing(vendors, s)
    if "memory" in only:
        mem = [v for v in args.memory_vendors.split(",") if v in vendors]
        if args.quick and args.memory_vendors == ",".join(MEMORY_VENDORS):
            mem = mem[:1]
        results["memory"] = suites.memory(mem, s)
    if "sync" in only:
        source, target = args.sync.split(":")
        if available(source) and available(target):
            results["sync"] = suites.sync(source, target, s)
        else:
            print(f"sync skipped: {source} or {target} not installed", file=sys.stderr)
    if "startup" in only:
        results["startup"] = suites.startup(vendors, s)
    results["environment"] = environment()  # the old-libs versions, once installed
    return results


if __name__ == "__main__":
    raise SystemExit(main())
