"""Lazy listings: slicing fetches only needed pages, iteration streams, loops are detected."""

from __future__ import annotations

import tracemalloc
from typing import Any

import httpx
import pytest
import respx
from hypothesis import given, settings
from hypothesis import strategies as st
from support.notes import BASE, NotesEmulator, list_page, make_async_client, make_client

from crmkit.core import (
    AsyncPager,
    Endpoint,
    OffsetPagination,
    Page,
    PageNumberPagination,
    Pager,
    PaginationError,
    SinglePage,
    read_json,
)


def _pages_requested(emulator: NotesEmulator) -> list[str]:
    return [r.query["page"] for r in emulator.requests_to("GET", "/notes")]


def _pager(emulator: NotesEmulator, size: int = 10, **kwargs: Any) -> Pager[dict[str, Any]]:
    return Pager(make_client(emulator), PageNumberPagination(list_page, page_size=size), **kwargs)


def test_nothing_is_fetched_until_used(emulator: NotesEmulator) -> None:
    _pager(emulator)
    assert _pages_requested(emulator) == []


def test_index_fetches_only_the_page_it_needs(emulator: NotesEmulator) -> None:
    pager = _pager(emulator)
    assert pager[0]["id"] == 1
    assert pager[1]["id"] == 2
    assert pager[21]["id"] == 22
    assert _pages_requested(emulator) == ["1", "3"]


def test_slice_fetches_only_the_pages_it_spans(emulator: NotesEmulator) -> None:
    pager = _pager(emulator)
    assert [n["id"] for n in pager[8:12]] == [9, 10, 11, 12]
    assert _pages_requested(emulator) == ["1", "2"]


def test_negative_index_and_len_use_the_total(emulator: NotesEmulator) -> None:
    pager = _pager(emulator)
    assert len(pager) == 25
    assert pager[-1]["id"] == 25


def test_index_out_of_range_raises_index_error(emulator: NotesEmulator) -> None:
    with pytest.raises(IndexError):
        _pager(emulator)[25]


def test_iteration_reads_every_page_and_stops_on_short_page(emulator: NotesEmulator) -> None:
    assert [n["id"] for n in _pager(emulator)] == list(range(1, 26))
    assert _pages_requested(emulator) == ["1", "2", "3"]


def test_exact_multiple_stops_on_empty_page() -> None:
    emulator = NotesEmulator(records=20)
    assert len(list(_pager(emulator))) == 20
    assert _pages_requested(emulator) == ["1", "2", "3"]


def test_trust_total_avoids_the_empty_page() -> None:
    emulator = NotesEmulator(records=20)
    pager = Pager(
        make_client(emulator), PageNumberPagination(list_page, page_size=10, trust_total=True)
    )
    assert len(list(pager)) == 20
    assert _pages_requested(emulator) == ["1", "2"]


def test_limit_stops_early(emulator: NotesEmulator) -> None:
    assert len(list(_pager(emulator, limit=12))) == 12
    assert _pages_requested(emulator) == ["1", "2"]


def test_max_items_caps_a_search() -> None:
    emulator = NotesEmulator(records=50)
    pager = Pager(
        make_client(emulator), PageNumberPagination(list_page, page_size=10, max_items=30)
    )
    assert len(list(pager)) == 30


@respx.mock
def test_repeated_page_raises_pagination_error() -> None:
    respx.get(BASE + "notes").respond(json=[{"id": 1}, {"id": 2}], headers={"X-Total": "100"})
    pager = Pager(make_client(), PageNumberPagination(list_page, page_size=2))
    with pytest.raises(PaginationError, match="repeating"):
        list(pager)


def test_offset_pagination() -> None:
    emulator = NotesEmulator(records=7)

    def make(offset: int, limit: int) -> Endpoint[Page[dict[str, Any]]]:
        return list_page(offset // limit + 1, limit)

    pager = Pager(make_client(emulator), OffsetPagination(make, limit=3))
    assert [n["id"] for n in pager] == list(range(1, 8))


def test_single_page() -> None:
    emulator = NotesEmulator(records=5)
    pager = Pager(make_client(emulator), SinglePage(list_page(1, 100)))
    assert len(list(pager)) == 5 and pager[4]["id"] == 5


def test_streaming_holds_one_page_in_memory() -> None:
    size = 200
    total = 40_000
    rows = [{"id": i, "text": "x" * 50} for i in range(total)]

    def serve(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        return httpx.Response(
            200, json=rows[(page - 1) * size : page * size], headers={"X-Total": str(total)}
        )

    client = make_client(transport=httpx.MockTransport(serve))
    tracemalloc.start()
    count = 0
    for _ in Pager(client, PageNumberPagination(list_page, page_size=size)):
        count += 1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == total
    # All the rows as parsed dicts would take tens of MB; a few pages take well under 2 MB.
    assert peak < 2_000_000


async def test_async_iteration_and_access() -> None:
    emulator = NotesEmulator(records=25)
    async with make_async_client(emulator) as c:
        pager = AsyncPager(c, PageNumberPagination(list_page, page_size=10))
        assert [n["id"] async for n in pager] == list(range(1, 26))
        assert (await pager.get(-1))["id"] == 25
        assert [n["id"] for n in await pager.slice(8, 12)] == [9, 10, 11, 12]
        assert await pager.total() == 25


async def test_async_prefetch_gets_every_page_once_in_order() -> None:
    emulator = NotesEmulator(records=95)
    async with make_async_client(emulator) as c:
        pager = AsyncPager(
            c, PageNumberPagination(list_page, page_size=10, trust_total=True), prefetch=4
        )
        assert [n["id"] async for n in pager] == list(range(1, 96))
    assert sorted(_pages_requested(emulator), key=int) == [str(i) for i in range(1, 11)]


@settings(max_examples=60, deadline=None)
@given(
    total=st.integers(0, 60),
    size=st.integers(1, 15),
    start=st.one_of(st.none(), st.integers(-70, 70)),
    stop=st.one_of(st.none(), st.integers(-70, 70)),
    step=st.one_of(st.none(), st.integers(1, 4), st.integers(-4, -1)),
)
def test_slicing_matches_list_slicing(
    total: int, size: int, start: int | None, stop: int | None, step: int | None
) -> None:
    emulator = NotesEmulator(records=total)
    pager = Pager(make_client(emulator), PageNumberPagination(list_page, page_size=size))
    expected = list(range(1, total + 1))[start:stop:step]
    assert [n["id"] for n in pager[start:stop:step]] == expected


def test_page_map_keeps_total() -> None:
    page = Page([1, 2], total=9).map(str)
    assert page.items == ["1", "2"] and page.total == 9


def test_single_endpoint_reads_json_list() -> None:
    ep = Endpoint(method="GET", path="x", parse=read_json)
    assert ep.method == "GET" and not ep.has_json
