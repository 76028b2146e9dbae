"""One client shared by 32 threads, or by 200 asyncio tasks: right answers, a consistent cache,
no leaked connections.

Each vendor's emulator is served on loopback (real sockets and a real connection pool). One
client with a read cache is shared by every worker; each worker reads records (its own and one
everybody reads), creates its own record, and checks every answer against the emulator's
store. Then one worker updates the shared record while the others keep reading it: after the
update has returned, no worker ever reads the old value again (the cache was invalidated for
every worker). At the end the pool never held more connections than its limit, and once the
client is closed and the server stopped, the process has no more sockets than before.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from reliability.kit import (
    CLEVERTIM_UNIFIED,
    CONTACTHUB_UNIFIED,
    PROSPERWORKS_UNIFIED,
    SPREEDLY_UNIFIED,
    Emulator,
    Surface,
)

from crmkit.core import InMemoryCache

THREADS = 32
TASKS = 200
POOL_LIMIT = 100  # httpx's default max_connections


def open_sockets() -> int:
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}").startswith("socket:"):
                count += 1
        except OSError:
            continue
    return count


@dataclass(frozen=True)
class Case:
    surface: Surface
    ids: Callable[[Emulator], list[str]]  # remote ids of the seeded records


def _expected(case: Case, emulator: Emulator, ids: list[str]) -> dict[str, tuple[Any, ...]]:
    """What each record reads as, from a separate client without a cache, one at a time."""
    client = case.surface.build(emulator, "sync", rate_limit=None)
    try:
        out = {}
        for rid in ids:
            record = client.contacts.get(rid)
            out[rid] = (record.remote_id, record.display_name, record.primary_email)
        return out
    finally:
        client.close()


def _shape(record: Any) -> tuple[Any, ...]:
    return (record.remote_id, record.display_name, record.primary_email)


CASES = [
    Case(PROSPERWORKS_UNIFIED, lambda e: [str(k) for k, _ in e.people.items()]),  # type: ignore[attr-defined]
    Case(SPREEDLY_UNIFIED, lambda e: [str(k) for k in e.sites["demo"].subscribers]),  # type: ignore[attr-defined]
    Case(CONTACTHUB_UNIFIED, lambda e: list(e.workspaces["demo"].customers)),  # type: ignore[attr-defined]
    Case(CLEVERTIM_UNIFIED, lambda e: [str(k) for k, _ in e.account.rows("contact")]),  # type: ignore[attr-defined]
]


@pytest.fixture
def sockets_before() -> int:
    return open_sockets()


def _settle(before: int) -> int:
    deadline = time.monotonic() + 5
    now = open_sockets()
    while now > before and time.monotonic() < deadline:
        time.sleep(0.05)
        now = open_sockets()
    return now


def _pool_size(client: Any) -> int:
    pool = client.api._http._transport._pool
    return len(pool.connections)


def _contact(n: int) -> dict[str, Any]:
    return {
        "first_name": "Worker",
        "last_name": f"N{n}",
        "emails": [{"address": f"worker{n}@example.org"}],
        "external_id": f"worker-{n}",
    }


@pytest.mark.parametrize("case", CASES, ids=[c.surface.id for c in CASES])
def test_one_client_shared_by_32_threads(case: Case, sockets_before: int) -> None:
    surface = case.surface
    emulator = surface.emulator(records=THREADS)
    ids = case.ids(emulator)
    shared = ids[0]
    expected = _expected(case, emulator, ids)
    problems: list[str] = []
    peak = 0
    with emulator.serve() as server:
        client = surface.build(
            emulator,
            "sync",
            base_url=server.base_url,
            cache=InMemoryCache(size=4096),
            rate_limit=None,
        )
        barrier = threading.Barrier(THREADS)
        updated = threading.Event()

        def worker(n: int) -> None:
            nonlocal peak
            try:
                mine = ids[n % len(ids)]
                for _ in range(3):
                    got = client.contacts.get(mine)
                    if _shape(got) != expected[mine]:
                        problems.append(f"thread {n}: asked {expected[mine]}, got {_shape(got)}")
                    client.contacts.get(shared)
                    peak = max(peak, _pool_size(client))
                created = client.contacts.create(_contact(n))
                if created.primary_email != f"worker{n}@example.org":
                    problems.append(f"thread {n}: created {created.primary_email}")
                barrier.wait(timeout=60)
                if n == 0:
                    client.contacts.update(shared, {"first_name": "Renamed"})
                    updated.set()
                else:
                    while not updated.is_set():  # reads racing the update: old or new
                        client.contacts.get(shared)
                barrier.wait(timeout=60)
                after = client.contacts.get(shared)  # after the update returned: new only
                if after.first_name != "Renamed":
                    problems.append(f"thread {n}: stale cache after the update: {after.first_name}")
            except Exception as exc:  # reported below with the others
                problems.append(f"thread {n}: {type(exc).__name__}: {exc}")

        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(worker, range(THREADS)))
        assert _pool_size(client) <= POOL_LIMIT and peak <= POOL_LIMIT
        client.close()
        assert _pool_size(client) == 0
    assert not problems, "\n".join(problems[:20])
    emails = [
        e for e in (_emails_in(emulator)) if e.startswith("worker") and e.endswith("@example.org")
    ]
    assert sorted(emails) == sorted(f"worker{n}@example.org" for n in range(THREADS))
    assert _settle(sockets_before) <= sockets_before, "sockets left open"


def _emails_in(emulator: Any) -> list[str]:
    vendor = type(emulator).vendor
    if vendor == "prosperworks":
        return [e["email"] for _, row in emulator.people.items() for e in row.get("emails") or []]
    if vendor == "spreedly":
        return [row.get("email") or "" for row in emulator.sites["demo"].subscribers.values()]
    if vendor == "contacthub":
        return [
            ((row.get("base") or {}).get("contacts") or {}).get("email") or ""
            for row in emulator.workspaces["demo"].customers.values()
        ]
    out = []
    for _, row in emulator.account.rows("contact"):
        out += (
            [str(e) for e in row.get("email") or []] if isinstance(row.get("email"), list) else []
        )
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.surface.id for c in CASES])
def test_one_async_client_shared_by_200_tasks(case: Case, sockets_before: int) -> None:
    surface = case.surface
    emulator = surface.emulator(records=20)
    ids = case.ids(emulator)
    shared = ids[0]
    expected = _expected(case, emulator, ids)
    problems: list[str] = []

    async def main() -> None:
        with emulator.serve() as server:
            client = surface.build(
                emulator,
                "async",
                base_url=server.base_url,
                cache=InMemoryCache(size=4096),
                rate_limit=None,
            )
            try:

                async def task(n: int) -> None:
                    mine = ids[n % len(ids)]
                    got = await client.contacts.get(mine)
                    if _shape(got) != expected[mine]:
                        problems.append(f"task {n}: asked {expected[mine]}, got {_shape(got)}")
                    created = await client.contacts.create(_contact(n))
                    if created.primary_email != f"worker{n}@example.org":
                        problems.append(f"task {n}: created {created.primary_email}")

                results = await asyncio.gather(
                    *(task(n) for n in range(TASKS)), return_exceptions=True
                )
                problems.extend(
                    f"{type(r).__name__}: {r}" for r in results if isinstance(r, BaseException)
                )
                await client.contacts.update(shared, {"first_name": "Renamed"})
                after = await asyncio.gather(*(client.contacts.get(shared) for _ in range(50)))
                problems.extend(
                    f"stale after update: {a.first_name}"
                    for a in after
                    if a.first_name != "Renamed"
                )
                assert _pool_size(client) <= POOL_LIMIT
            finally:
                await client.aclose()
            assert _pool_size(client) == 0

    asyncio.run(main())
    assert not problems, "\n".join(problems[:20])
    emails = [e for e in _emails_in(emulator) if e.startswith("worker")]
    assert len(emails) == TASKS and len(set(emails)) == TASKS
    assert _settle(sockets_before) <= sockets_before, "sockets left open"
