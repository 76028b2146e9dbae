"""What each vendor's benchmark does, for crmkit and for bare httpx (imported by the worker only).

For every vendor: how bare httpx fetches and parses one record (the same request crmkit sends,
with the same auth work, parsed with ``json.loads`` or ``ElementTree.fromstring``), how crmkit's
typed client fetches it, and how crmkit's sync and async clients list every record.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import time
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx

__all__ = ["PAGE_SIZES", "VENDORS", "VendorBench", "available"]

# One page size per vendor, used by every contender (crmkit and the old library alike).
PAGE_SIZES = {"procuret": 100, "contacthub": 50, "prosperworks": 200, "spreedly": 0, "clevertim": 0}

TOKEN = "bench-token-0123456789"
EMAIL = "bench@crmkit.test"


@dataclass(frozen=True)
class VendorBench:
    """The benchmark operations of one vendor."""

    name: str
    fmt: str  # "json" or "xml"
    raw_client: Callable[[str], httpx.Client]
    raw_ids: Callable[[httpx.Client, str, int], list[str]]
    raw_get: Callable[[httpx.Client, str, str], Any]
    client: Callable[[str, bool], Any]
    get: Callable[[Any, str], Any]
    list_sync: Callable[[Any, int], Iterator[Any]]
    list_async: Callable[[Any, int, int], AsyncIterator[Any]]
    close: Callable[[Any], Any]


def available(name: str) -> bool:
    """Whether crmkit's package for ``name`` is installed and has a client."""
    try:
        return importlib.util.find_spec(f"crmkit.{name}._client") is not None
    except ModuleNotFoundError:
        return False


def _raw(headers: dict[str, str] | None = None) -> httpx.Client:
    return httpx.Client(headers=headers or {}, timeout=30, trust_env=False)


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


# -- procuret: JSON, signed session (HMAC per request) ---------------------------------------------


def _procuret_raw_client(base_url: str) -> httpx.Client:
    return _raw({"User-Agent": "bench"})


def _procuret_sign(client: httpx.Client, base_url: str, path: str) -> dict[str, str]:
    from crmkit.core import window_signature
    from crmkit.procuret.emulator import DEMO_API_KEY, DEMO_SESSION_ID

    signature = window_signature(DEMO_API_KEY, path, now=time.time())
    return {"x-procuret-session-id": str(DEMO_SESSION_ID), "x-procuret-signature": signature}


def _procuret_raw_ids(client: httpx.Client, base_url: str, k: int) -> list[str]:
    headers = _procuret_sign(client, base_url, "/instalment-link/list")
    r = client.get(
        base_url + "instalment-link/list",
        params={"limit": k, "offset": 0, "order": "ascending"},
        headers=headers,
    )
    r.raise_for_status()
    return [row["public_id"] for row in r.json()]


def _procuret_raw_get(client: httpx.Client, base_url: str, record_id: str) -> Any:
    headers = _procuret_sign(client, base_url, "/instalment-link")
    r = client.get(base_url + "instalment-link", params={"public_id": record_id}, headers=headers)
    if r.status_code != 200:
        raise RuntimeError(f"HTTP {r.status_code}")
    return json.loads(r.content)


def _procuret_client(base_url: str, asynchronous: bool) -> Any:
    from crmkit.procuret import AsyncClient, Client
    from crmkit.procuret.emulator import DEMO_API_KEY, DEMO_SESSION_ID

    cls = AsyncClient if asynchronous else Client
    return cls(session_id=DEMO_SESSION_ID, api_key=DEMO_API_KEY, base_url=base_url)


def _procuret_list_sync(client: Any, page_size: int) -> Iterator[Any]:
    from crmkit.procuret import Order

    return iter(client.instalment_links.list(page_size=page_size, order=Order.ASCENDING))


def _procuret_list_async(client: Any, page_size: int, prefetch: int) -> AsyncIterator[Any]:
    from crmkit.procuret import Order

    pager = client.instalment_links.list(
        page_size=page_size, order=Order.ASCENDING, prefetch=prefetch
    )
    return pager.__aiter__()  # type: ignore[no-any-return]


# -- contacthub: JSON, bearer token, 0-based pages of at most 50 -----------------------------------


def _contacthub_raw_client(base_url: str) -> httpx.Client:
    return _raw({"Authorization": f"Bearer {TOKEN}", "User-Agent": "bench"})


def _contacthub_raw_ids(client: httpx.Client, base_url: str, k: int) -> list[str]:
    r = client.get(f"{base_url}/demo/customers", params={"nodeId": "demo", "size": k, "page": 0})
    r.raise_for_status()
    return [row["id"] for row in r.json()["elements"]]


def _contacthub_raw_get(client: httpx.Client, base_url: str, record_id: str) -> Any:
    r = client.get(f"{base_url}/demo/customers/{record_id}")
    if r.status_code != 200:
        raise RuntimeError(f"HTTP {r.status_code}")
    return json.loads(r.content)


def _contacthub_client(base_url: str, asynchronous: bool) -> Any:
    from crmkit.contacthub import AsyncClient, Client

    cls = AsyncClient if asynchronous else Client
    return cls("demo", TOKEN, node_id="demo", base_url=base_url)


def _contacthub_list_sync(client: Any, page_size: int) -> Iterator[Any]:
    return iter(client.customers.list(page_size=page_size))


def _contacthub_list_async(client: Any, page_size: int, prefetch: int) -> AsyncIterator[Any]:
    return client.customers.list(page_size=page_size, prefetch=prefetch).__aiter__()  # type: ignore[no-any-return]


# -- spreedly: XML, HTTP basic (token:X), one unpaged subscriber list ------------------------------


def _spreedly_raw_client(base_url: str) -> httpx.Client:
    return _raw({"Authorization": _basic(TOKEN, "X"), "User-Agent": "bench"})


def _spreedly_raw_ids(client: httpx.Client, base_url: str, k: int) -> list[str]:
    return [str(i) for i in range(1, k + 1)]  # the emulator seeds customer ids 1..N


def _spreedly_raw_get(client: httpx.Client, base_url: str, record_id: str) -> Any:
    r = client.get(f"{base_url}api/v4/demo/subscribers/{record_id}.xml")
    if r.status_code != 200:
        raise RuntimeError(f"HTTP {r.status_code}")
    return ET.fromstring(r.content)


def _spreedly_client(base_url: str, asynchronous: bool) -> Any:
    from crmkit.spreedly import AsyncSpreedly, Spreedly

    cls = AsyncSpreedly if asynchronous else Spreedly
    return cls(TOKEN, "demo", base_url=base_url)


def _spreedly_list_sync(client: Any, page_size: int) -> Iterator[Any]:
    return iter(client.subscribers.list())


def _spreedly_list_async(client: Any, page_size: int, prefetch: int) -> AsyncIterator[Any]:
    return client.subscribers.list().__aiter__()  # type: ignore[no-any-return]


# -- prosperworks: JSON, three auth headers, POST search with page_number/page_size ----------------
# The emulator prints the API root (``.../developer_api/``); clients append ``v1/``.


def _pw_headers() -> dict[str, str]:
    return {
        "X-PW-AccessToken": TOKEN,
        "X-PW-Application": "developer_api",
        "X-PW-UserEmail": EMAIL,
        "Content-Type": "application/json",
        "User-Agent": "bench",
    }


def _pw_raw_client(base_url: str) -> httpx.Client:
    return _raw(_pw_headers())


def _pw_raw_ids(client: httpx.Client, base_url: str, k: int) -> list[str]:
    r = client.post(base_url + "v1/people/search", json={"page_size": k, "page_number": 1})
    r.raise_for_status()
    return [str(row["id"]) for row in r.json()]


def _pw_raw_get(client: httpx.Client, base_url: str, record_id: str) -> Any:
    r = client.get(f"{base_url}v1/people/{record_id}")
    if r.status_code != 200:
        raise RuntimeError(f"HTTP {r.status_code}")
    return json.loads(r.content)


def _pw_client(base_url: str, asynchronous: bool) -> Any:
    from crmkit.prosperworks import AsyncClient, Client

    cls = AsyncClient if asynchronous else Client
    return cls(email=EMAIL, token=TOKEN, base_url=base_url, rate_limit=None)


def _pw_list_sync(client: Any, page_size: int) -> Iterator[Any]:
    return iter(client.people.search(page_size=page_size))


def _pw_list_async(client: Any, page_size: int, prefetch: int) -> AsyncIterator[Any]:
    return client.people.search(page_size=page_size, prefetch=prefetch).__aiter__()  # type: ignore[no-any-return]


# -- clevertim: JSON envelope, HTTP basic (key:X), one unpaged list per resource -------------------


def _ct_raw_client(base_url: str) -> httpx.Client:
    return _raw({"Authorization": _basic(TOKEN, "X"), "User-Agent": "bench"})


def _ct_raw_ids(client: httpx.Client, base_url: str, k: int) -> list[str]:
    r = client.get(base_url.rstrip("/") + "/contact")
    r.raise_for_status()
    return [str(row["id"]) for row in r.json()["content"][:k]]


def _ct_raw_get(client: httpx.Client, base_url: str, record_id: str) -> Any:
    r = client.get(f"{base_url.rstrip('/')}/contact/{record_id}")
    if r.status_code != 200:
        raise RuntimeError(f"HTTP {r.status_code}")
    return json.loads(r.content)


def _ct_client(base_url: str, asynchronous: bool) -> Any:
    from crmkit.clevertim import AsyncClient, Client

    cls = AsyncClient if asynchronous else Client
    return cls(TOKEN, base_url=base_url)


def _ct_list_sync(client: Any, page_size: int) -> Iterator[Any]:
    return iter(client.contacts.list())


def _ct_list_async(client: Any, page_size: int, prefetch: int) -> AsyncIterator[Any]:
    return client.contacts.list().__aiter__()  # type: ignore[no-any-return]


def _get_attr(path: str) -> Callable[[Any, str], Any]:
    def get(client: Any, record_id: str) -> Any:
        target = client
        for part in path.split("."):
            target = getattr(target, part)
        return target(record_id)

    return get


def _get_attr_int(path: str) -> Callable[[Any, str], Any]:
    get = _get_attr(path)
    return lambda client, record_id: get(client, int(record_id))  # type: ignore[arg-type]


def _close(client: Any) -> Any:
    closer = getattr(client, "aclose", None) or client.close
    return closer()


VENDORS: dict[str, VendorBench] = {
    "procuret": VendorBench(
        "procuret",
        "json",
        _procuret_raw_client,
        _procuret_raw_ids,
        _procuret_raw_get,
        _procuret_client,
        _get_attr("instalment_links.retrieve"),
        _procuret_list_sync,
        _procuret_list_async,
        _close,
    ),
    "contacthub": VendorBench(
        "contacthub",
        "json",
        _contacthub_raw_client,
        _contacthub_raw_ids,
        _contacthub_raw_get,
        _contacthub_client,
        _get_attr("customers.get"),
        _contacthub_list_sync,
        _contacthub_list_async,
        _close,
    ),
    "spreedly": VendorBench(
        "spreedly",
        "xml",
        _spreedly_raw_client,
        _spreedly_raw_ids,
        _spreedly_raw_get,
        _spreedly_client,
        _get_attr("subscribers.get"),
        _spreedly_list_sync,
        _spreedly_list_async,
        _close,
    ),
    "prosperworks": VendorBench(
        "prosperworks",
        "json",
        _pw_raw_client,
        _pw_raw_ids,
        _pw_raw_get,
        _pw_client,
        _get_attr_int("people.get"),
        _pw_list_sync,
        _pw_list_async,
        _close,
    ),
    "clevertim": VendorBench(
        "clevertim",
        "json",
        _ct_raw_client,
        _ct_raw_ids,
        _ct_raw_get,
        _ct_client,
        _get_attr("contacts.get"),
        _ct_list_sync,
        _ct_list_async,
        _close,
    ),
}
