"""The library entry points: ``crmkit.sync(...)`` (blocking) and ``crmkit.sync.arun(...)``."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from crmkit.core import ConfigurationError, InvalidArgument

from ..unified import AsyncClient, Client
from ._engine import SyncEngine
from ._progress import Progress
from ._report import SyncReport
from ._state import StateStore, open_state

__all__ = ["arun", "as_async", "run"]


def as_async(client: Client | AsyncClient) -> AsyncClient:
    """An async unified client for the same vendor, settings and options as ``client``."""
    if isinstance(client, AsyncClient):
        return client
    if not isinstance(client, Client):
        raise InvalidArgument(f"expected a crmkit Client, not {type(client).__name__}")
    options = dict(getattr(client, "options", {}))
    options.pop("http_client", None)  # a blocking httpx client cannot serve the async engine
    sleep = options.get("sleep")
    if sleep is not None and not inspect.iscoroutinefunction(sleep):
        if sleep is time.sleep:
            options.pop("sleep")  # the async client's own asyncio.sleep
        else:
            options["sleep"] = _awaitable(sleep)  # an injected clock keeps working
    transport = options.get("transport")
    if transport is not None and not isinstance(transport, httpx.AsyncBaseTransport):
        raise ConfigurationError(
            f"The {client.vendor} client was given a blocking transport "
            f"({type(transport).__name__}), which the sync engine (asyncio) cannot use: connect "
            "with crmkit.aconnect(...), or pass a transport that serves both."
        )
    api = client.backend.api_client(asynchronous=True, **options)
    return AsyncClient(client.backend, api)  # type: ignore[arg-type]


def _awaitable(sleep: Callable[[float], Any]) -> Callable[[float], Awaitable[None]]:
    async def wrapped(seconds: float) -> None:
        sleep(seconds)

    return wrapped


async def arun(
    source: Client | AsyncClient,
    target: Client | AsyncClient,
    *,
    entity: str = "contacts",
    match_on: str = "email",
    state: StateStore | str | Path | None = None,
    source_name: str | None = None,
    target_name: str | None = None,
    since: datetime | None = None,
    full: bool = False,
    dry_run: bool = False,
    batch_size: int = 100,
    concurrency: int = 8,
    propagate_deletes: bool = False,
    retry_failed: bool = False,
    progress: Progress | None = None,
) -> SyncReport:
    """Run one sync job (async). See :class:`~crmkit.sync.SyncEngine` for the arguments."""
    store = state if isinstance(state, StateStore) else open_state(state)
    src, dst = as_async(source), as_async(target)
    try:
        engine = SyncEngine(
            src,
            dst,
            store,
            entity=entity,
            match_on=match_on,
            source_name=source_name,
            target_name=target_name,
            since=since,
            full=full,
            dry_run=dry_run,
            batch_size=batch_size,
            concurrency=concurrency,
            propagate_deletes=propagate_deletes,
            retry_failed=retry_failed,
            progress=progress,
        )
        return await engine.run()
    finally:
        if src is not source:
            await src.aclose()
        if dst is not target:
            await dst.aclose()
        if store is not state:
            store.close()


def run(source: Client | AsyncClient, target: Client | AsyncClient, **kwargs: Any) -> SyncReport:
    """Run one sync job and wait for it (``crmkit.sync(...)``).

    Example:
        >>> report = crmkit.sync(                                   # doctest: +SKIP
        ...     source=crmkit.connect("prosperworks", email=..., token=...),
        ...     target=crmkit.connect("contacthub", workspace_id=..., token=..., node_id=...),
        ...     entity="contacts", match_on="email", state="crmkit-state.db",
        ... )
        >>> report.created, report.updated, report.failed            # doctest: +SKIP
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(arun(source, target, **kwargs))
    raise RuntimeError(
        "crmkit.sync() blocks; inside an event loop use: await crmkit.sync.arun(...)"
    )
