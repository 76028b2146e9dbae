"""One measurement in a fresh process: ``python -m benchmarks._worker '<json spec>'``.

Prints one JSON line. Imports, client construction and a warm-up happen before the timed
section; wall time is ``time.perf_counter``, CPU time ``time.process_time`` (this process only,
so the emulator's work is never counted).
"""

from __future__ import annotations

import asyncio
import gc
import json
import resource
import sys
import threading
import time
from typing import Any

from benchmarks._vendors import PAGE_SIZES, VENDORS


def _get(spec: dict[str, Any]) -> dict[str, Any]:
    bench = VENDORS[spec["vendor"]]
    base_url, n, warmup = spec["base_url"], spec["n"], spec["warmup"]
    raw = bench.raw_client(base_url)
    ids = bench.raw_ids(raw, base_url, spec.get("ids", 50))
    if spec["contender"] == "raw":

        def one(record_id: str) -> Any:
            return bench.raw_get(raw, base_url, record_id)

        closer: Any = raw.close
    else:
        raw.close()
        client = bench.client(base_url, False)

        def one(record_id: str) -> Any:
            return bench.get(client, record_id)

        closer = client.close
    for i in range(warmup):
        one(ids[i % len(ids)])
    gc.collect()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for i in range(n):
        one(ids[i % len(ids)])
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    closer()
    return {"wall": wall, "cpu": cpu, "n": n}


def _list(spec: dict[str, Any]) -> dict[str, Any]:
    bench = VENDORS[spec["vendor"]]
    base_url = spec["base_url"]
    page_size = spec.get("page_size") or PAGE_SIZES[spec["vendor"]]
    limit = spec["records"]
    count = 0
    if spec["contender"] == "crmkit-async":
        prefetch = spec.get("prefetch", 4)

        async def run() -> tuple[int, float, float]:
            client = bench.client(base_url, True)
            n = 0
            cpu0, wall0 = time.process_time(), time.perf_counter()
            async for _ in bench.list_async(client, page_size, prefetch):
                n += 1
                if n >= limit:
                    break
            wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
            await bench.close(client)
            return n, wall, cpu

        count, wall, cpu = asyncio.run(run())
    else:
        client = bench.client(base_url, False)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        for _ in bench.list_sync(client, page_size):
            count += 1
            if count >= limit:
                break
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        bench.close(client)
    return {"wall": wall, "cpu": cpu, "count": count}


def _rss() -> int:
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * resource.getpagesize()


def _memory(spec: dict[str, Any]) -> dict[str, Any]:
    """Peak RSS while reading ``records`` records, streamed or loaded as one list."""
    bench = VENDORS[spec["vendor"]]
    base_url = spec["base_url"]
    page_size = spec.get("page_size") or PAGE_SIZES[spec["vendor"]]
    client = bench.client(base_url, False)
    # Warm up: one page through the whole stack, so lazily imported code is loaded.
    for _ in bench.list_sync(client, page_size):
        break
    gc.collect()
    baseline = _rss()
    state = {"count": 0, "done": False}
    series: list[tuple[float, int, int]] = []
    peak = baseline
    start = time.perf_counter()

    def sample() -> None:
        nonlocal peak
        while not state["done"]:
            rss = _rss()
            peak = max(peak, rss)
            series.append((time.perf_counter() - start, int(state["count"]), rss))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    limit = spec["records"]
    if spec["mode"] == "list":
        items = []
        for item in bench.list_sync(client, page_size):
            items.append(item)
            state["count"] += 1
            if state["count"] >= limit:
                break
        holding = len(items)
    else:
        for _ in bench.list_sync(client, page_size):
            state["count"] += 1
            if state["count"] >= limit:
                break
        holding = 0
    wall = time.perf_counter() - start
    final = _rss()
    peak = max(peak, final)
    state["done"] = True
    sampler.join()
    series.append((wall, int(state["count"]), final))
    step = max(1, len(series) // 300)
    return {
        "baseline_rss": baseline,
        "peak_rss": peak,
        "maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "count": state["count"],
        "held": holding,
        "wall": wall,
        "series": series[::step],
    }


def _emails(records: list[Any]) -> list[str]:
    out = []
    for record in records:
        email = getattr(record, "primary_email", None)
        if email is None and getattr(record, "emails", None):
            email = record.emails[0]
        out.append(str(getattr(email, "address", email) or "").lower())
    return out


async def _all_contacts(client: Any) -> list[Any]:
    return [c async for c in client.contacts.list()]


def _sync(spec: dict[str, Any]) -> dict[str, Any]:
    """The whole sync job through crmkit.sync (the engine ``crmkit sync`` runs), then a check."""
    import crmkit
    import crmkit.sync

    async def run() -> dict[str, Any]:
        src = crmkit.aconnect(spec["source"])
        dst = crmkit.aconnect(spec["target"], rate_limit=None)
        wall0 = time.perf_counter()
        report = await crmkit.sync.arun(
            src,
            dst,
            entity="contacts",
            match_on="email",
            state=spec["state"],
            source_name=spec["source"],
            target_name=spec["target"],
            progress=crmkit.sync.NoProgress(),
        )
        wall = time.perf_counter() - wall0
        source_emails = _emails(await _all_contacts(src))
        target_emails = _emails(await _all_contacts(dst))
        await src.aclose()
        await dst.aclose()
        wanted = set(source_emails)
        return {
            "records_per_s": report.read / wall,
            "duration": wall,
            "read": report.read,
            "created": report.created,
            "failed": report.failed,
            "requests": report.requests,
            "source_records": len(source_emails),
            "target_records": len(target_emails),
            "lost": len(wanted - set(target_emails)),
            "duplicated": len(target_emails) - len(set(target_emails)),
        }

    return asyncio.run(run())


def _target_count(spec: dict[str, Any]) -> dict[str, Any]:
    import crmkit

    async def run() -> dict[str, Any]:
        dst = crmkit.aconnect(spec["target"], rate_limit=None)
        emails = _emails(await _all_contacts(dst))
        await dst.aclose()
        return {"count": len(emails), "duplicated": len(emails) - len(set(emails))}

    return asyncio.run(run())


KINDS = {
    "get": _get,
    "list": _list,
    "memory": _memory,
    "sync": _sync,
    "target_count": _target_count,
}


def main() -> None:
    spec = json.loads(sys.argv[1])
    result = KINDS[spec["kind"]](spec)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
