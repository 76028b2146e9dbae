"""Pagination: strategies for the vendors' schemes and one lazy result type over them.

A *strategy* (a :class:`Paginator`) knows how to ask for page ``n`` and when a page is the last:

- :class:`PageNumberPagination`: page number + page size, stopping on a short or empty page, or
  when a reported total is reached (``trust_total``);
- :class:`OffsetPagination`: offset + limit, same stop rules;
- :class:`SinglePage`: one unpaged list.

The vendor supplies a function that builds the :class:`~crmkit.core.Endpoint` for one page, whose
parser returns a :class:`Page` (items plus the total, when the vendor reports one).

:class:`Pager` (blocking) and :class:`AsyncPager` are the lazy results: iterating streams page by
page (one page in memory), ``len()`` works when a total is known, and indexing and slicing
fetch only the pages they need (the last few pages are kept for repeated access). A server
that returns the same page twice raises :class:`~crmkit.core.PaginationError` instead of
looping forever. :class:`AsyncPager` can prefetch pages concurrently.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, overload

from ._endpoint import Endpoint

if TYPE_CHECKING:
    import asyncio
from ._errors import PaginationError
from ._params import int_param


class SyncSender(Protocol):
    """Anything that runs endpoints: a core ``SyncAPIClient`` or a vendor client wrapping one."""

    def send(self, op: Any, **options: Any) -> Any: ...


class AsyncSender(Protocol):
    """The async twin of :class:`SyncSender`."""

    async def send(self, op: Any, **options: Any) -> Any: ...


__all__ = [
    "AsyncPager",
    "OffsetPagination",
    "Page",
    "PageNumberPagination",
    "Pager",
    "Paginator",
    "AsyncSender",
    "SinglePage",
    "SyncSender",
]

T = TypeVar("T")
U = TypeVar("U")


@dataclass
class Page(Generic[T]):
    """One page of results.

    Attributes:
        items: the records on this page.
        total: the number of records across all pages, when the vendor says.
        index: the page's 0-based position (set by the pager).
        extra: anything else the vendor returned about the page (envelope fields).
    """

    items: list[T]
    total: int | None = None
    index: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def map(self, fn: Callable[[T], U]) -> Page[U]:
        """A page with ``fn`` applied to every item."""
        return Page([fn(i) for i in self.items], self.total, self.index, self.extra)


class Paginator(Protocol[T]):
    """A pagination strategy."""

    @property
    def page_size(self) -> int | None:
        """Items per full page (None for an unpaged list)."""

    @property
    def random_access(self) -> bool:
        """Whether page ``n`` can be requested without reading pages before it."""

    def page_endpoint(self, index: int) -> Endpoint[Page[T]] | None:
        """The endpoint for page ``index`` (0-based), or None when there is none."""

    def is_last(self, page: Page[T]) -> bool:
        """Whether no page follows ``page``."""


class _SizedPagination(Generic[T]):
    def __init__(self, page_size: int, *, trust_total: bool, max_items: int | None) -> None:
        int_param(page_size, name="page_size", minimum=1)
        if max_items is not None:
            int_param(max_items, name="max_items", minimum=0)
        self._page_size = page_size
        self.trust_total = trust_total
        self.max_items = max_items

    @property
    def page_size(self) -> int:
        return self._page_size

    @property
    def random_access(self) -> bool:
        return True

    def _beyond_cap(self, index: int) -> bool:
        return self.max_items is not None and index * self._page_size >= self.max_items

    def is_last(self, page: Page[T]) -> bool:
        if len(page.items) < self._page_size:
            return True
        end = (page.index + 1) * self._page_size
        if self.trust_total and page.total is not None and end >= page.total:
            return True
        return self._beyond_cap(page.index + 1)


class PageNumberPagination(_SizedPagination[T]):
    """Page number + size (``first_page`` is 1 for 1-based APIs, 0 for 0-based ones).

    Args:
        make_endpoint: builds the endpoint for ``(page_number, page_size)``.
        page_size: items per page.
        first_page: the number of the first page.
        trust_total: stop when the reported total is reached (else totals are hints only and
            the pager stops on a short or empty page).
        max_items: the most items the vendor will ever return for one query (a search cap).
    """

    def __init__(
        self,
        make_endpoint: Callable[[int, int], Endpoint[Page[T]]],
        *,
        page_size: int,
        first_page: int = 1,
        trust_total: bool = False,
        max_items: int | None = None,
    ) -> None:
        super().__init__(page_size, trust_total=trust_total, max_items=max_items)
        self._make = make_endpoint
        self.first_page = first_page

    def page_endpoint(self, index: int) -> Endpoint[Page[T]] | None:
        if self._beyond_cap(index):
            return None
        return self._make(self.first_page + index, self.page_size)


class OffsetPagination(_SizedPagination[T]):
    """Offset + limit.

    Args:
        make_endpoint: builds the endpoint for ``(offset, limit)``.
        limit: items per page.
        trust_total: stop when the reported total is reached.
        max_items: the most items the vendor will ever return for one query.
    """

    def __init__(
        self,
        make_endpoint: Callable[[int, int], Endpoint[Page[T]]],
        *,
        limit: int,
        trust_total: bool = True,
        max_items: int | None = None,
    ) -> None:
        super().__init__(limit, trust_total=trust_total, max_items=max_items)
        self._make = make_endpoint

    def page_endpoint(self, index: int) -> Endpoint[Page[T]] | None:
        if self._beyond_cap(index):
            return None
        return self._make(index * self.page_size, self.page_size)


class SinglePage(Generic[T]):
    """An unpaged list: one request returns everything."""

    def __init__(self, endpoint: Endpoint[Page[T]]) -> None:
        self._endpoint = endpoint

    @property
    def page_size(self) -> int | None:
        return None

    @property
    def random_access(self) -> bool:
        return True

    def page_endpoint(self, index: int) -> Endpoint[Page[T]] | None:
        return self._endpoint if index == 0 else None

    def is_last(self, page: Page[T]) -> bool:
        return True


def _default_key(item: Any) -> Any:
    for attr in ("id", "remote_id", "key"):
        value = getattr(item, attr, None)
        if value is not None:
            return value
    if isinstance(item, dict):
        return item.get("id")
    return None


class _PagerBase(Generic[T]):
    """Everything a pager decides, without I/O."""

    _keep_pages = 4

    def __init__(
        self,
        paginator: Paginator[T],
        *,
        limit: int | None = None,
        key: Callable[[T], Any] = _default_key,
        options: dict[str, Any] | None = None,
    ) -> None:
        if limit is not None:
            int_param(limit, name="limit", minimum=0)
        self.paginator = paginator
        self._limit = limit
        self._key = key
        self._options = options or {}
        self._pages: OrderedDict[int, Page[T]] = OrderedDict()
        self._total: int | None = None
        self._last_index: int | None = None

    def _endpoint(self, index: int) -> Endpoint[Page[T]] | None:
        if self._last_index is not None and index > self._last_index:
            return None
        size = self.paginator.page_size
        if self._limit is not None and size and index * size >= self._limit:
            return None
        return self.paginator.page_endpoint(index)

    def _accept(self, page: Page[T], index: int, previous: Page[T] | None) -> Page[T]:
        page.index = index
        if page.total is not None:
            self._total = page.total
        if previous is not None and page.items and previous.items:
            first, before = self._key(page.items[0]), self._key(previous.items[0])
            if first is not None and first == before:
                raise PaginationError(
                    f"Page {index} starts with the same record ({first!r}) as page {index - 1}: "
                    "the server is repeating pages. Stopping instead of looping forever."
                )
        if self.paginator.is_last(page):
            self._last_index = index if self._last_index is None else min(self._last_index, index)
        self._pages[index] = page
        self._pages.move_to_end(index)
        while len(self._pages) > self._keep_pages:
            self._pages.popitem(last=False)
        return page

    def _clip(self, page: Page[T]) -> list[T]:
        """The items of ``page`` that fall within ``limit``."""
        size = self.paginator.page_size
        if self._limit is None or size is None:
            return page.items if self._limit is None else page.items[: self._limit]
        room = self._limit - page.index * size
        return page.items[: max(0, room)]

    def _known_len(self) -> int | None:
        if self._total is None:
            return None
        return self._total if self._limit is None else min(self._total, self._limit)

    def _locate(self, position: int) -> tuple[int, int]:
        size = self.paginator.page_size
        if size is None:
            return 0, position
        return divmod(position, size)

    def _slice_range(self, s: slice, length: int | None) -> range:
        if length is None:
            if (s.start or 0) < 0 or (s.stop is not None and s.stop < 0) or s.stop is None:
                raise _NeedLength
            if (s.step or 1) < 0:
                raise _NeedLength
            return range(s.start or 0, s.stop, s.step or 1)
        return range(*s.indices(length))


class _NeedLength(Exception):
    """Internal: the operation needs the total length first."""


class Pager(_PagerBase[T]):
    """A lazy, sliceable, iterable result over all pages (blocking).

    Example:
        >>> people = client.people.list()            # doctest: +SKIP
        >>> people[0], people[250]                    # fetches pages 1 and 2 only
        >>> for person in people: ...                 # streams every page
    """

    def __init__(self, client: SyncSender, paginator: Paginator[T], **kwargs: Any) -> None:
        super().__init__(paginator, **kwargs)
        self._client = client

    def _fetch(self, index: int, previous: Page[T] | None = None) -> Page[T] | None:
        if index in self._pages:
            self._pages.move_to_end(index)
            return self._pages[index]
        endpoint = self._endpoint(index)
        if endpoint is None:
            return None
        page = self._client.send(endpoint, **self._options)
        return self._accept(
            page, index, previous if previous is not None else self._pages.get(index - 1)
        )

    def pages(self) -> Iterator[Page[T]]:
        """Iterate pages, fetching each when needed."""
        index, previous = 0, None
        while True:
            page = self._fetch(index, previous)
            if page is None:
                return
            yield page
            if self._last_index is not None and index >= self._last_index:
                return
            index, previous = index + 1, page

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from self._clip(page)

    def __len__(self) -> int:
        if self._total is None:
            self._fetch(0)
        known = self._known_len()
        if known is None:
            raise TypeError(
                "This listing does not report a total; use .count() to count by iterating."
            )
        return known

    def count(self) -> int:
        """Count the records by iterating every page (when the vendor reports no total)."""
        return sum(1 for _ in self)

    @overload
    def __getitem__(self, item: int) -> T: ...

    @overload
    def __getitem__(self, item: slice) -> list[T]: ...

    def __getitem__(self, item: int | slice) -> T | list[T]:
        if isinstance(item, slice):
            try:
                positions = self._slice_range(item, None)
            except _NeedLength:
                positions = self._slice_range(item, self._length_or_count())
            return self._gather(positions)
        if not isinstance(item, int) or isinstance(item, bool):
            raise TypeError("indices must be integers or slices")
        position = item if item >= 0 else self._length_or_count() + item
        if position < 0 or (self._limit is not None and position >= self._limit):
            raise IndexError("listing index out of range")
        found = self._gather(range(position, position + 1))
        if not found:
            raise IndexError("listing index out of range")
        return found[0]

    def _length_or_count(self) -> int:
        try:
            return len(self)
        except TypeError:
            return self.count()

    def _gather(self, positions: range) -> list[T]:
        out: list[T] = []
        if not self.paginator.random_access:
            wanted = set(positions)
            for i, value in enumerate(self):
                if i in wanted:
                    out.append(value)
                if i >= max(positions, default=-1):
                    break
            return out
        for position in positions:
            if self._limit is not None and position >= self._limit:
                break
            index, offset = self._locate(position)
            page = self._fetch(index)
            if page is None or offset >= len(page.items):
                if positions.step > 0:
                    break
                continue
            out.append(page.items[offset])
        return out

    def first(self) -> T | None:
        """The first record, or None for an empty listing."""
        for item in self:
            return item
        return None

    def to_list(self) -> list[T]:
        """Every record in one list (holds them all in memory)."""
        return list(self)


class AsyncPager(_PagerBase[T]):
    """The async twin of :class:`Pager`: ``async for``, ``await .get(i)``, ``await .slice()``.

    Args:
        prefetch: pages requested concurrently while iterating (1 = one at a time).
    """

    def __init__(
        self, client: AsyncSender, paginator: Paginator[T], *, prefetch: int = 1, **kwargs: Any
    ) -> None:
        super().__init__(paginator, **kwargs)
        if prefetch < 1:
            raise ValueError("prefetch must be >= 1")
        self._client = client
        self.prefetch = prefetch

    async def _fetch(self, index: int, previous: Page[T] | None = None) -> Page[T] | None:
        if index in self._pages:
            return self._pages[index]
        endpoint = self._endpoint(index)
        if endpoint is None:
            return None
        page = await self._client.send(endpoint, **self._options)
        return self._accept(
            page, index, previous if previous is not None else self._pages.get(index - 1)
        )

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Iterate pages; with ``prefetch > 1`` the next pages are requested concurrently."""
        if self.prefetch == 1 or not self.paginator.random_access:
            index, previous = 0, None
            while True:
                page = await self._fetch(index, previous)
                if page is None:
                    return
                yield page
                if self._last_index is not None and index >= self._last_index:
                    return
                index, previous = index + 1, page
        else:
            async for page in self._prefetched_pages():
                yield page

    async def _prefetched_pages(self) -> AsyncIterator[Page[T]]:
        import asyncio

        pending: deque[tuple[int, asyncio.Task[Page[T]]]] = deque()
        next_index = 0
        previous: Page[T] | None = None

        def schedule() -> None:
            nonlocal next_index
            while len(pending) < self.prefetch:
                size = self.paginator.page_size
                if self._total is not None and size and next_index * size >= self._total:
                    return
                endpoint = self._endpoint(next_index)
                if endpoint is None:
                    return
                task = asyncio.ensure_future(self._client.send(endpoint, **self._options))
                pending.append((next_index, task))
                next_index += 1
                if next_index == 1:
                    return  # learn the total from the first page before fanning out

        try:
            schedule()
            while pending:
                index, task = pending.popleft()
                page = self._accept(await task, index, previous)
                yield page
                if self._last_index is not None and index >= self._last_index:
                    return
                previous = page
                schedule()
        finally:
            for _, task in pending:
                task.cancel()
            for _, task in pending:
                try:
                    await task
                except BaseException:  # cancelled or failed speculative fetches are moot
                    pass

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in self._clip(page):
                yield item

    async def total(self) -> int | None:
        """The total the vendor reports (fetching the first page if needed), or None."""
        if self._total is None:
            await self._fetch(0)
        return self._known_len()

    async def count(self) -> int:
        """Count the records by iterating every page."""
        n = 0
        async for _ in self:
            n += 1
        return n

    async def get(self, position: int) -> T:
        """The record at ``position`` (negative counts from the end)."""
        if position < 0:
            position += await self._length_or_count()
        found = await self.slice(position, position + 1)
        if not found:
            raise IndexError("listing index out of range")
        return found[0]

    async def _length_or_count(self) -> int:
        known = await self.total()
        return known if known is not None else await self.count()

    async def slice(
        self, start: int | None = None, stop: int | None = None, step: int | None = None
    ) -> list[T]:
        """The records of ``listing[start:stop:step]``, fetching only the pages needed."""
        s = slice(start, stop, step)
        try:
            positions = self._slice_range(s, None)
        except _NeedLength:
            positions = self._slice_range(s, await self._length_or_count())
        out: list[T] = []
        if not self.paginator.random_access:
            wanted = set(positions)
            i = 0
            async for value in self:
                if i in wanted:
                    out.append(value)
                if i >= max(positions, default=-1):
                    break
                i += 1
            return out
        for position in positions:
            if self._limit is not None and position >= self._limit:
                break
            index, offset = self._locate(position)
            page = await self._fetch(index)
            if page is None or offset >= len(page.items):
                if positions.step > 0:
                    break
                continue
            out.append(page.items[offset])
        return out

    async def first(self) -> T | None:
        """The first record, or None."""
        async for item in self:
            return item
        return None

    async def to_list(self) -> list[T]:
        """Every record in one list."""
        return [item async for item in self]


def as_page(items: Sequence[T], total: int | None = None) -> Page[T]:
    """Wrap a list of items as a :class:`Page`."""
    return Page(list(items), total)
