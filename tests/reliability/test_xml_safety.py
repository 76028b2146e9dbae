"""Spreedly's XML is the only XML crmkit reads: entities are never expanded, external ones never
fetched, wherever a document enters (records, lists, error bodies, the old idiom, the unified
client, and the emulator reading request bodies).

Every hostile document must give a crmkit error (``UnsafeXML`` for a 2xx answer, the status's
typed error for an error answer), quickly, without the expansion or the local file's content
showing up anywhere.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from reliability.kit import SPREEDLY_TYPED, SPREEDLY_UNIFIED, CrmError, canary_token

from crmkit.spreedly import Spreedly
from crmkit.spreedly.api import Client as PySpreedly
from crmkit.spreedly.errors import UnsafeXML

SECRET_LINE = "root:x:0:0:CANARY-FILE-CONTENT"


def _payloads(secret_file: Path) -> dict[str, bytes]:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        )
        + "]><subscriber><screen-name>&lol9;</screen-name></subscriber>"
    )
    big = "A" * 50_000
    return {
        "billion-laughs": laughs.encode(),
        "quadratic-blowup": (
            f'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "{big}">]>'
            f"<subscriber><screen-name>{'&a;' * 2000}</screen-name></subscriber>"
        ).encode(),
        "xxe-file": (
            f'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file://{secret_file}">]>'
            "<subscriber><screen-name>&x;</screen-name></subscriber>"
        ).encode(),
        "xxe-http": (
            b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>'
            b"<subscriber><screen-name>&x;</screen-name></subscriber>"
        ),
        "external-dtd": (
            f'<?xml version="1.0"?><!DOCTYPE subscriber SYSTEM "file://{secret_file}">'
            "<subscriber><screen-name>x</screen-name></subscriber>"
        ).encode(),
        "parameter-entity": (
            f'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY % p SYSTEM "file://{secret_file}">%p;]>'
            "<subscriber><screen-name>x</screen-name></subscriber>"
        ).encode(),
        "internal-entity": (
            b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY n "Ada">]>'
            b"<subscriber><screen-name>&n;</screen-name></subscriber>"
        ),
    }


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "passwd"
    path.write_text(SECRET_LINE + "\n")
    return path


class Hostile(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers every request with ``body`` and ``status``, and remembers what was asked."""

    def __init__(self, body: bytes, status: int = 200) -> None:
        self.body = body
        self.status = status
        self.seen: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        return httpx.Response(
            self.status, content=self.body, headers={"Content-Type": "application/xml"}
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self.handle_request(request)


ENTRY_POINTS: dict[str, Callable[[httpx.BaseTransport], Any]] = {
    "typed-get": lambda t: _typed(t).subscribers.get("1"),
    "typed-list": lambda t: list(_typed(t).subscribers.list()),
    "typed-plans": lambda t: _typed(t).plans.list(),
    "typed-create": lambda t: _typed(t).subscribers.create("new-1"),
    "pyspreedly-get-info": lambda t: PySpreedly(
        canary_token("spreedly"), "demo", transport=t, max_retries=0
    ).get_info(1),
    "unified-get": lambda t: _unified(t).contacts.get("1"),
    "unified-list": lambda t: list(_unified(t).contacts.list()),
}


def _typed(transport: httpx.BaseTransport) -> Spreedly:
    return Spreedly(canary_token("spreedly"), "demo", transport=transport, max_retries=0)


def _unified(transport: httpx.BaseTransport) -> Any:
    emulator = SPREEDLY_UNIFIED.emulator()
    return SPREEDLY_UNIFIED.build(emulator, "sync", transport=transport, max_retries=0)


def _check(error: BaseException, secret_file: Path, elapsed: float) -> None:
    text = f"{error} {error!r} {getattr(error, 'snippet', '')} {getattr(error, 'body', '')}"
    assert SECRET_LINE not in text, "the local file's content leaked into the error"
    assert "lollollol" not in text, "an entity was expanded"
    assert elapsed < 2.0, f"took {elapsed:.1f}s: something expanded"


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
@pytest.mark.parametrize(
    "payload",
    [
        "billion-laughs",
        "quadratic-blowup",
        "xxe-file",
        "xxe-http",
        "external-dtd",
        "parameter-entity",
        "internal-entity",
    ],
)
def test_hostile_answer_is_refused_unexpanded(entry: str, payload: str, secret_file: Path) -> None:
    transport = Hostile(_payloads(secret_file)[payload])
    started = time.perf_counter()
    with pytest.raises(CrmError) as info:
        ENTRY_POINTS[entry](transport)
    _check(info.value, secret_file, time.perf_counter() - started)
    assert isinstance(info.value, UnsafeXML), repr(info.value)
    # Only the API was asked: no external entity or DTD was fetched.
    assert all(r.url.host == "spreedly.com" for r in transport.seen)


@pytest.mark.parametrize("status", [400, 404, 422, 500])
@pytest.mark.parametrize("payload", ["billion-laughs", "xxe-file", "external-dtd"])
def test_hostile_error_body_gives_the_typed_status_error(
    payload: str, status: int, secret_file: Path
) -> None:
    transport = Hostile(_payloads(secret_file)[payload], status=status)
    started = time.perf_counter()
    with pytest.raises(CrmError) as info:
        _typed(transport).subscribers.get("1")
    _check(info.value, secret_file, time.perf_counter() - started)
    assert getattr(info.value, "status_code", None) == status


@pytest.mark.parametrize(
    "payload",
    ["billion-laughs", "quadratic-blowup", "xxe-file", "external-dtd", "parameter-entity"],
)
def test_emulator_refuses_hostile_request_bodies(payload: str, secret_file: Path) -> None:
    # The emulator reads XML request bodies (and may be served on loopback): same rules.
    emulator = SPREEDLY_TYPED.emulator()
    before = SPREEDLY_TYPED.count(emulator)
    started = time.perf_counter()
    with httpx.Client(transport=emulator.transport(), base_url="https://spreedly.com") as http:
        response = http.post(
            "/api/v4/demo/subscribers.xml",
            content=_payloads(secret_file)[payload],
            headers={"Content-Type": "application/xml"},
            auth=(canary_token("spreedly"), "X"),
        )
    assert time.perf_counter() - started < 2.0
    assert 400 <= response.status_code < 500, response.status_code
    assert SECRET_LINE not in response.text and "lollollol" not in response.text
    assert SPREEDLY_TYPED.count(emulator) == before
