"""Per-entity services of the unified client: ``crm.contacts.list()``, ``.get()``, ``.create()``...

The checks and the choice of adapter operation live in :class:`_ServiceBase`; the sync and the
async service differ only in how they hand the resulting endpoint or flow to their API client.
Every check runs before any request: an unsupported operation raises
:class:`~crmkit.core.NotSupported`, a bad argument :class:`~crmkit.core.InvalidArgument`.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Generic, TypeVar, cast

import httpx

from crmkit.core import (
    AsyncAPIClient,
    AsyncPager,
    Endpoint,
    Flow,
    InvalidArgument,
    NotSupported,
    Page,
    Pager,
    Paginator,
    SyncAPIClient,
    text_param,
)
from crmkit.core.unified import EntityAdapter, UnifiedModel, ensure_utc

__all__ = ["AsyncEntityService", "EntityService", "FilteredPaginator"]

U = TypeVar("U", bound=UnifiedModel)


class FilteredPaginator(Generic[U]):
    """Wraps a paginator and keeps only records updated at or after ``since``.

    Used where the vendor has no server-side modified filter but records carry ``updated_at``.
    Pages shrink, so the result is read sequentially (``random_access`` is False); the stop
    rule still sees the vendor's unfiltered page sizes.
    """

    def __init__(self, inner: Paginator[U], since: datetime) -> None:
        self.inner = inner
        self.since = since

    @property
    def page_size(self) -> int | None:
        return self.inner.page_size

    @property
    def random_access(self) -> bool:
        return False

    def page_endpoint(self, index: int) -> Endpoint[Page[U]] | None:
        endpoint = self.inner.page_endpoint(index)
        if endpoint is None:
            return None
        inner_parse = endpoint.parse
        since = self.since

        def parse(response: httpx.Response) -> Page[U]:
            page = inner_parse(response)
            kept = [r for r in page.items if r.updated_at is None or r.updated_at >= since]
            return Page(kept, None, page.index, {**page.extra, "unfiltered": len(page.items)})

        return Endpoint(
            method=endpoint.method,
            path=endpoint.path,
            parse=parse,
            params=endpoint.params,
            json=endpoint.json,
            content=endpoint.content,
            headers=endpoint.headers,
            idempotent=endpoint.idempotent,
            cache_tags=endpoint.cache_tags,
            success=endpoint.success,
            error_details=endpoint.error_details,
        )

    def is_last(self, page: Page[U]) -> bool:
        # Decide on the vendor's page as it was before filtering.
        count = int(page.extra.get("unfiltered", len(page.items)))
        unfiltered = cast(list[U], [None] * count)
        return self.inner.is_last(Page(unfiltered, None, page.index))


class _ServiceBase(Generic[U]):
    def __init__(self, vendor: str, adapter: EntityAdapter[U], entity: str) -> None:
        self.vendor = vendor
        self.adapter = adapter
        self.entity = entity

    @property
    def capabilities(self) -> Any:
        """What this vendor supports for this entity."""
        return self.adapter.capabilities

    def _require(self, operation: str) -> None:
        if not self.adapter.capabilities.supports(operation):
            raise NotSupported(self.vendor, f"{operation} on {self.entity}")

    def _paginator(self, updated_since: datetime | None, page_size: int | None) -> Paginator[U]:
        self._require("list")
        if updated_since is not None:
            if not isinstance(updated_since, datetime):
                raise InvalidArgument("updated_since must be a timezone-aware datetime")
            try:
                updated_since = ensure_utc(updated_since)
            except ValueError as exc:
                raise InvalidArgument(f"updated_since: {exc}") from exc
        if page_size is not None:
            limit = self.adapter.capabilities.max_page_size
            if not isinstance(page_size, int) or page_size < 1 or (limit and page_size > limit):
                raise InvalidArgument(
                    f"page_size must be an int from 1 to {limit or 'the vendor maximum'}"
                )
        mode = self.adapter.capabilities.updated_since
        if updated_since is not None and mode == "none":
            raise NotSupported(
                self.vendor,
                f"list(updated_since=...) on {self.entity}",
                hint="Its records carry no modified time; list everything and compare contents.",
            )
        if updated_since is not None and mode == "client":
            inner = self.adapter.list(updated_since=None, page_size=page_size)
            return FilteredPaginator(inner, updated_since)
        return self.adapter.list(updated_since=updated_since, page_size=page_size)

    @staticmethod
    def _id(remote_id: Any) -> str:
        if isinstance(remote_id, bool) or not isinstance(remote_id, (str, int)):
            raise InvalidArgument(f"remote_id must be a string, not {type(remote_id).__name__}")
        text = str(remote_id)
        if not text.strip():
            raise InvalidArgument("remote_id must not be empty")
        return text

    def _record(self, record: Any) -> U:
        model = self.adapter.model
        if isinstance(record, model):
            return record
        if isinstance(record, Mapping):
            try:
                return model.model_validate(dict(record))
            except ValueError as exc:
                raise InvalidArgument(f"not a valid {model.__name__}: {exc}") from exc
        raise InvalidArgument(
            f"expected a {model.__name__} or a mapping, not {type(record).__name__}"
        )

    def _get(self, remote_id: Any) -> Endpoint[U] | Flow[U]:
        self._require("get")
        return self.adapter.get(self._id(remote_id))

    def _create(self, record: Any) -> Endpoint[U] | Flow[U]:
        self._require("create")
        return self.adapter.create(self._record(record))

    def _update(self, remote_id: Any, changes: Any) -> Endpoint[U] | Flow[U]:
        self._require("update")
        return self.adapter.update(self._id(remote_id), self._record(changes))

    def _delete(self, remote_id: Any) -> Endpoint[None] | Flow[None]:
        self._require("delete")
        return self.adapter.delete(self._id(remote_id))

    def _find(self, key: str, value: Any) -> Endpoint[builtins.list[U]] | Flow[builtins.list[U]]:
        self._require("find")
        if key not in self.adapter.capabilities.match_keys:
            keys = ", ".join(self.adapter.capabilities.match_keys) or "none"
            raise NotSupported(
                self.vendor, f"find by {key} on {self.entity}", hint=f"Keys: {keys}."
            )
        if not isinstance(value, str) or not value.strip():
            raise InvalidArgument(f"{key} must be a non-empty string")
        text_param(value, name=key, max_length=1024)
        return self.adapter.find(key, value)


class EntityService(_ServiceBase[U]):
    """One entity of a vendor through the unified models (blocking)."""

    def __init__(
        self, api: SyncAPIClient, vendor: str, adapter: EntityAdapter[U], entity: str
    ) -> None:
        super().__init__(vendor, adapter, entity)
        self._api = api

    def list(
        self,
        *,
        updated_since: datetime | None = None,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> Pager[U]:
        """A lazy listing (auto-paginated, sliceable); ``updated_since`` is UTC-aware."""
        return Pager(self._api, self._paginator(updated_since, page_size), limit=limit)

    def get(self, remote_id: str) -> U:
        """One record by the vendor's id."""
        return self._api.send(self._get(remote_id))

    def create(self, record: U | Mapping[str, Any]) -> U:
        """Create a record; fields the vendor cannot hold are in ``result.dropped_fields``."""
        return self._api.send(self._create(record))

    def update(self, remote_id: str, changes: U | Mapping[str, Any]) -> U:
        """Update only the fields given in ``changes``."""
        return self._api.send(self._update(remote_id, changes))

    def delete(self, remote_id: str) -> None:
        """Delete a record."""
        self._api.send(self._delete(remote_id))

    def find(self, key: str, value: str) -> builtins.list[U]:
        """Records whose ``key`` (see ``capabilities.match_keys``) equals ``value``."""
        return self._api.send(self._find(key, value))

    def search(self, *, email: str) -> builtins.list[U]:
        """Records with this email address, where the vendor can search by email."""
        return self.find("email", email)


class AsyncEntityService(_ServiceBase[U]):
    """One entity of a vendor through the unified models (asyncio)."""

    def __init__(
        self, api: AsyncAPIClient, vendor: str, adapter: EntityAdapter[U], entity: str
    ) -> None:
        super().__init__(vendor, adapter, entity)
        self._api = api

    def list(
        self,
        *,
        updated_since: datetime | None = None,
        page_size: int | None = None,
        limit: int | None = None,
        prefetch: int = 1,
    ) -> AsyncPager[U]:
        """A lazy listing for ``async for``; ``prefetch`` pages are fetched concurrently."""
        paginator = self._paginator(updated_since, page_size)
        return AsyncPager(self._api, paginator, limit=limit, prefetch=prefetch)

    async def get(self, remote_id: str) -> U:
        """One record by the vendor's id."""
        return await self._api.send(self._get(remote_id))

    async def create(self, record: U | Mapping[str, Any]) -> U:
        """Create a record; fields the vendor cannot hold are in ``result.dropped_fields``."""
        return await self._api.send(self._create(record))

    async def update(self, remote_id: str, changes: U | Mapping[str, Any]) -> U:
        """Update only the fields given in ``changes``."""
        return await self._api.send(self._update(remote_id, changes))

    async def delete(self, remote_id: str) -> None:
        """Delete a record."""
        await self._api.send(self._delete(remote_id))

    async def find(self, key: str, value: str) -> builtins.list[U]:
        """Records whose ``key`` equals ``value``."""
        return await self._api.send(self._find(key, value))

    async def search(self, *, email: str) -> builtins.list[U]:
        """Records with this email address."""
        return await self.find("email", email)
