"""prospyr's lazy collections: :class:`ResultSet` (searches) and :class:`ListSet` (lists).

A :class:`ResultSet` is immutable and lazy: building, filtering and ordering it sends nothing;
indexing, slicing or iterating fetches pages (``POST <entity>/search``, 200 rows each by
default) and memoises their rows for the set's lifetime. ``rs[i]`` fetches only the page
holding row ``i``; a page shorter than the page size (or empty) is the last. ``X-PW-TOTAL``
is only an upper bound, so there is no ``len()``. Negative indexes raise ``IndexError``.

With ``store_invalid(dest)``, rows failing validation are appended to ``dest`` (as
:class:`~crmkit.prosperworks.ValidationError`) and skipped; positions then count valid rows
only, so pages are read in order.

A :class:`ListSet` is one cached ``GET`` of an unpaged list (pipelines, users...), with the
same item access; it cannot be filtered or ordered.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any, Generic, TypeVar, overload

from . import _endpoints as ep
from . import connection
from .models import ActivityType, Resource

__all__ = ["ActivityTypeListSet", "ListSet", "ResultSet"]

R = TypeVar("R", bound=Resource)

_RESERVED = ("page_size", "page_number")


def _check_index(index: Any, name: str) -> None:
    if isinstance(index, slice):
        if (index.start is not None and index.start < 0) or (
            index.stop is not None and index.stop < 0
        ):
            raise IndexError(f"{name} does not support negative indexing")
        if index.step is not None and index.step < 1:
            raise ValueError("slice step must be a positive integer")
        return
    if not isinstance(index, int) or isinstance(index, bool):
        raise TypeError(f"{name} indices must be integers or slices")
    if index < 0:
        raise IndexError(f"{name} does not support negative indexing")


class _LazyList(Generic[R]):
    """Shared item access and repr of ResultSet and ListSet."""

    def __iter__(self) -> Iterator[R]:
        raise NotImplementedError

    def _iter_from(self, start: int) -> Iterator[R]:
        return islice(iter(self), start, None)

    @overload
    def __getitem__(self, index: int) -> R: ...

    @overload
    def __getitem__(self, index: slice) -> list[R]: ...

    def __getitem__(self, index: int | slice) -> R | list[R]:
        name = type(self).__name__
        _check_index(index, name)
        if isinstance(index, slice):
            start = index.start or 0
            stop = index.stop
            if stop is not None and stop <= start:
                return []
            length = None if stop is None else stop - start
            return list(islice(self._iter_from(start), 0, length, index.step or 1))
        for item in islice(self._iter_from(index), 1):
            return item
        raise IndexError(f"{name} index out of range")

    def __repr__(self) -> str:
        try:
            first = [str(r) for r in self[:6]]
        except Exception as exc:  # repr must not raise (no connection, network failure)
            return f"<{type(self).__name__}: (unavailable: {type(exc).__name__})>"
        if len(first) == 6:
            first = [*first[:5], "..."]
        return f"<{type(self).__name__}: {', '.join(first)}>"


class ResultSet(_LazyList[R]):
    """Lazy search results (see the module docstring).

    Args:
        resource_cls: the resource class searched.
        params: search filters.
        order_field: the sort field, or None for ProsperWorks' default order.
        order_dir: ``"asc"`` or ``"desc"``.
        using: the connection name.
        page_size: rows per request (1-200); default the connection's (200).
        invalid_dest: where invalid rows go (see :meth:`store_invalid`).
    """

    def __init__(
        self,
        resource_cls: type[R],
        params: dict[str, Any] | None = None,
        order_field: str | None = None,
        order_dir: str = "asc",
        using: str = "default",
        page_size: int | None = None,
        invalid_dest: Any = None,
    ) -> None:
        if page_size is not None and not 1 <= page_size <= ep.MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and 200, not {page_size}")
        self._resource_cls = resource_cls
        self._params = dict(params or {})
        self._order_field = order_field
        self._order_dir = order_dir
        self._using = using
        self._page_size = page_size
        self._invalid_dest = invalid_dest
        self._pages: dict[int, list[R]] = {}
        self._last_page: int | None = None

    # -- building new sets --------------------------------------------------------------------

    def _copy(self, **changes: Any) -> ResultSet[R]:
        args: dict[str, Any] = {
            "resource_cls": self._resource_cls,
            "params": self._params,
            "order_field": self._order_field,
            "order_dir": self._order_dir,
            "using": self._using,
            "page_size": self._page_size,
            "invalid_dest": self._invalid_dest,
        }
        args.update(changes)
        return ResultSet(**args)

    def all(self) -> ResultSet[R]:
        """A fresh, unevaluated copy of this set."""
        return self.filter()

    def filter(self, **query: Any) -> ResultSet[R]:
        """A new set with ``query`` merged into the filters (later values win).

        Raises:
            TypeError: ``page_size``/``page_number`` are paging, not filters.
        """
        clash = [k for k in _RESERVED if k in query]
        if clash:
            raise TypeError(
                f"{', '.join(clash)} cannot be used as a filter; set page_size on the "
                "connection (connect(..., page_size=N)) or the ResultSet instead"
            )
        return self._copy(params={**self._params, **query})

    def order_by(self, field: str) -> ResultSet[R]:
        """A new set ordered by ``field`` (``"-field"`` for descending).

        Raises:
            ValueError: ProsperWorks cannot sort this resource by ``field`` (no request made).
        """
        direction = "asc"
        if field.startswith("-"):
            direction, field = "desc", field[1:]
        allowed = self._resource_cls._order_fields
        if field not in allowed:
            raise ValueError(f"Cannot sort by `{field}`; try one of {', '.join(sorted(allowed))}")
        return self._copy(order_field=field, order_dir=direction)

    def store_invalid(self, dest: Any) -> ResultSet[R]:
        """Collect rows that fail validation in ``dest`` instead of raising; returns this set.

        Raises:
            AssertionError: ``dest`` has no ``append``.
        """
        assert callable(getattr(dest, "append", None)), (
            "store_invalid needs something with append()"
        )
        self._invalid_dest = dest
        return self

    def use(self, name: str) -> ResultSet[R]:
        """The same query on the connection ``name``."""
        return self._copy(using=name)

    # -- fetching -------------------------------------------------------------------------------

    @property
    def page_size(self) -> int:
        """Rows per request."""
        if self._page_size is not None:
            return self._page_size
        return connection.get(self._using).page_size

    def _fetch(self, number: int) -> list[R] | None:
        """Page ``number`` (1-based), fetched once; None past the last page."""
        if number in self._pages:
            return self._pages[number]
        if self._last_page is not None and number > self._last_page:
            return None
        size = self.page_size
        if (number - 1) * size >= ep.SEARCH_CAP:
            return None
        conn = connection.get(self._using)
        endpoint = ep.search_page(
            self._resource_cls,
            self._params,
            number,
            size,
            sort_by=self._order_field,
            sort_direction=self._order_dir if self._order_field else None,
            invalid=self._invalid_dest,
        )
        page = conn.client.send(endpoint)
        for item in page.items:
            item._bind(self._using)
        raw = int(page.extra.get("raw_count", len(page.items)))
        if raw == 0:
            self._mark_last(number - 1)
            return None
        if raw < size:
            self._mark_last(number)
        self._pages[number] = page.items
        return page.items

    def _mark_last(self, number: int) -> None:
        self._last_page = number if self._last_page is None else min(self._last_page, number)

    def __iter__(self) -> Iterator[R]:
        number = 1
        while True:
            rows = self._fetch(number)
            if rows is None:
                return
            yield from rows
            if self._last_page is not None and number >= self._last_page:
                return
            number += 1

    def _iter_from(self, start: int) -> Iterator[R]:
        if self._invalid_dest is not None:
            # Skipped rows shift positions: only reading in order gives stable indexes.
            return islice(iter(self), start, None)
        return self._random_from(start)

    def _random_from(self, start: int) -> Iterator[R]:
        size = self.page_size
        number, offset = divmod(start, size)
        number += 1
        while True:
            rows = self._fetch(number)
            if rows is None:
                return
            yield from rows[offset:]
            if self._last_page is not None and number >= self._last_page:
                return
            number, offset = number + 1, 0


class ListSet(_LazyList[R]):
    """A whole unpaged list from one cached ``GET`` (pipelines, users, loss reasons...).

    Args:
        resource_cls: the resource class listed.
        using: the connection name.
    """

    def __init__(self, resource_cls: type[R], using: str = "default") -> None:
        self._resource_cls = resource_cls
        self._using = using
        self._rows: list[R] | None = None
        self._invalid_dest: Any = None

    def _load(self) -> list[R]:
        client = connection.get(self._using).client
        return client.send(ep.list_records(self._resource_cls, invalid=self._invalid_dest))

    def _all_rows(self) -> list[R]:
        if self._rows is None:
            rows = self._load()
            for row in rows:
                row._bind(self._using)
            self._rows = rows
        return self._rows

    def __iter__(self) -> Iterator[R]:
        return iter(self._all_rows())

    def all(self) -> ListSet[R]:
        """This set (a list has nothing to filter)."""
        return self

    def filter(self, *args: Any, **kwargs: Any) -> ListSet[R]:
        """Not possible: ProsperWorks' secondary lists take no filters."""
        raise NotImplementedError(f"{type(self).__name__} does not support filtering")

    def order_by(self, *args: Any, **kwargs: Any) -> ListSet[R]:
        """Not possible: ProsperWorks' secondary lists take no ordering."""
        raise NotImplementedError(f"{type(self).__name__} does not support ordering")

    def store_invalid(self, dest: Any) -> ListSet[R]:
        """Collect rows that fail validation in ``dest``; returns this set."""
        assert callable(getattr(dest, "append", None)), (
            "store_invalid needs something with append()"
        )
        self._invalid_dest = dest
        return self


class ActivityTypeListSet(ListSet[ActivityType]):
    """Activity types: ProsperWorks lists user and system types separately; user come first."""

    def __init__(self, using: str = "default") -> None:
        super().__init__(ActivityType, using=using)

    def _load(self) -> list[ActivityType]:
        client = connection.get(self._using).client
        return client.send(ep.list_activity_types(invalid=self._invalid_dest))
