"""The client-side token bucket, and the client slowing down after a 429."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx
from support.notes import BASE, get_note, make_client

from crmkit.core import TokenBucket


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_burst_is_free_then_requests_are_spaced() -> None:
    clock = Clock()
    bucket = TokenBucket(180, per=60, burst=3, clock=clock)
    assert [bucket.reserve() for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.reserve() == pytest.approx(1 / 3)
    assert bucket.reserve() == pytest.approx(2 / 3)


def test_tokens_refill_with_time() -> None:
    clock = Clock()
    bucket = TokenBucket(1, per=1, burst=1, clock=clock)
    assert bucket.reserve() == 0
    clock.now = 1.0
    assert bucket.reserve() == 0


def test_pause_holds_every_caller_back() -> None:
    clock = Clock()
    bucket = TokenBucket(100, per=1, burst=10, clock=clock)
    bucket.pause(5)
    assert bucket.reserve() >= 5


def test_steady_rate_over_many_reservations() -> None:
    clock = Clock()
    bucket = TokenBucket(180, per=60, burst=1, clock=clock)
    total_wait = 0.0
    for _ in range(181):
        total_wait = bucket.reserve()
    assert total_wait == pytest.approx(60.0)


def test_invalid_rates_are_refused() -> None:
    with pytest.raises(ValueError):
        TokenBucket(0)


@respx.mock
def test_client_waits_for_the_bucket_and_pauses_after_429(fake_sleep: Any) -> None:
    clock = Clock()
    bucket = TokenBucket(2, per=1, burst=1, clock=clock)
    respx.get(BASE + "notes/1").mock(
        side_effect=[
            httpx.Response(200, json={}),
            httpx.Response(429, headers={"Retry-After": "4"}),
            httpx.Response(200, json={}),
        ]
    )
    with make_client(rate_limit=bucket, sleep=fake_sleep) as c:
        c.send(get_note(1))
        c.send(get_note(1))
    # second request waits 0.5 s for a token; after the 429 the retry waits Retry-After (4 s)
    # and the bucket's pause makes the next reservation wait about 4 s too.
    assert fake_sleep.calls[0] == pytest.approx(0.5)
    assert 4.0 in fake_sleep.calls
    assert bucket.reserve() >= 4.0
