"""Streamed listings: Clevertim returns a whole collection in one unpaged answer.

There is no page, cursor or total, so the only way to bound memory is to parse the body as it
arrives. :class:`Listing` (blocking) and :class:`AsyncListing` send ``GET /<resource>`` through
the core client's ``stream()``, feed the bytes to
:class:`~crmkit.clevertim._envelope.EnvelopeStream`
and yield each record as soon as it is complete: iterating 100,000 contacts holds one record at a
time (plus the transport's read buffer). Nothing is requested until iteration starts, and each
iteration re-reads the collection.

Only the I/O loop is written twice; decoding and model loading are shared.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator, MutableSequence
from contextlib import aclosing, closing
from typing import Any, Generic, TypeVar

import httpx
import pydantic

from crmkit.core import (
    AsyncAPIClient,
    CrmModel,
    SyncAPIClient,
    ValidationError,
    to_validation_error,
)

from . import errors
from ._endpoints import list_raw
from ._envelope import EnvelopeStream
from ._resources import ResourceInfo

__all__ = ["AsyncListing", "Listing"]

M = TypeVar("M", bound=CrmModel)


class _ListingBase(Generic[M]):
    def __init__(
        self,
        info: ResourceInfo[M],
        *,
        invalid: MutableSequence[ValidationError] | None = None,
        options: dict[str, Any] | None = None,
    ) -> None:
        self._info = info
        self._invalid = invalid
        self._options = options or {}

    def _load(self, row: Any) -> M | None:
        """The model for ``row``; an invalid row is collected (when asked) or raised."""
        try:
            return self._info.model.from_wire(row)
        except pydantic.ValidationError as exc:
            error = to_validation_error(exc, row, self._info.model, vendor="clevertim")
            if self._invalid is None:
                raise error from exc
            self._invalid.append(error)
            return None

    @staticmethod
    def _broken(exc: httpx.TransportError, info: ResourceInfo[Any]) -> errors.TransportError:
        # Records already yielded cannot be taken back, so a body that breaks mid-way is not
        # retried: the caller sees how far it got and can list again.
        return errors.RemoteProtocolError(
            f"The connection broke while reading the {info.name} listing "
            f"({type(exc).__name__}: {exc}). List again to read it whole.",
            method="GET",
            url=info.name,
            vendor="clevertim",
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} /{self._info.name} (streamed, unpaged)>"


class Listing(_ListingBase[M]):
    """Every record of one resource, streamed (blocking).

    Example:
        >>> for contact in client.contacts.list():   # doctest: +SKIP
        ...     print(contact.first_name, contact.emails)
    """

    def __init__(self, api: SyncAPIClient, info: ResourceInfo[M], **kwargs: Any) -> None:
        super().__init__(info, **kwargs)
        self._api = api

    def iter_raw(self) -> Generator[dict[str, Any], None, None]:
        """Yield the wire dicts as they arrive."""
        stream = EnvelopeStream()
        with self._api.stream(list_raw(self._info), **self._options) as response:
            try:
                for chunk in response.iter_bytes():
                    yield from stream.feed(chunk)
            except httpx.TransportError as exc:
                raise self._broken(exc, self._info) from exc
        yield from stream.close()

    def __iter__(self) -> Generator[M, None, None]:
        for row in self.iter_raw():
            record = self._load(row)
            if record is not None:
                yield record

    def to_list(self) -> list[M]:
        """Every record in one list (holds them all)."""
        return list(self)

    def first(self) -> M | None:
        """The first record, or None (stops reading after it)."""
        with closing(self.__iter__()) as records:
            for record in records:
                return record
        return None

    def count(self) -> int:
        """How many records there are (reads them all, keeps none)."""
        return sum(1 for _ in self.iter_raw())


class AsyncListing(_ListingBase[M]):
    """Every record of one resource, streamed (asyncio): ``async for record in listing``."""

    def __init__(self, api: AsyncAPIClient, info: ResourceInfo[M], **kwargs: Any) -> None:
        super().__init__(info, **kwargs)
        self._api = api

    async def iter_raw(self) -> AsyncGenerator[dict[str, Any], None]:
        """Yield the wire dicts as they arrive."""
        stream = EnvelopeStream()
        async with self._api.stream(list_raw(self._info), **self._options) as response:
            try:
                async for chunk in response.aiter_bytes():
                    for row in stream.feed(chunk):
                        yield row
            except httpx.TransportError as exc:
                raise self._broken(exc, self._info) from exc
        for row in stream.close():
            yield row

    async def __aiter__(self) -> AsyncGenerator[M, None]:
        async for row in self.iter_raw():
            record = self._load(row)
            if record is not None:
                yield record

    async def to_list(self) -> list[M]:
        """Every record in one list (holds them all)."""
        return [record async for record in self]

    async def first(self) -> M | None:
        """The first record, or None (stops reading after it)."""
        async with aclosing(self.__aiter__()) as records:
            async for record in records:
                return record
        return None

    async def count(self) -> int:
        """How many records there are (reads them all, keeps none)."""
        n = 0
        async for _ in self.iter_raw():
            n += 1
        return n
