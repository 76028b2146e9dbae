"""Retries, rate limits and reconciling ambiguous writes (sync and async, fake sleep)."""

from __future__ import annotations

from typing import Any

import pytest
from support.spreedly import ScriptedFaults

import crmkit.core as core
from crmkit.core.emulator import FaultDecision
from crmkit.spreedly import PermissionDenied, RateLimited, ServerError
from crmkit.spreedly.emulator import CARD_GATEWAY_TIMEOUT, MONTHLY_PLAN_ID

DROP_BEFORE = FaultDecision(drop="before")
DROP_AFTER = FaultDecision(drop="after")


def _script(emulator: Any, *decisions: FaultDecision, path: str | None = None) -> None:
    emulator.faults = ScriptedFaults(*decisions, path_contains=path)


def _calls(emulator: Any) -> list[tuple[str, str, int | None]]:
    return [(r.method, r.path.rsplit("/", 1)[-1], r.status) for r in emulator.requests]


def test_a_read_is_retried_after_a_503(client: Any, emulator: Any, fake_sleep: Any) -> None:
    _script(emulator, FaultDecision(status=503))
    assert len(client.plans.list()) == 6
    assert [c[2] for c in _calls(emulator)] == [503, 200]
    assert len(fake_sleep.calls) == 1


def test_a_create_is_retried_after_a_429_with_retry_after(
    client: Any, emulator: Any, fake_sleep: Any
) -> None:
    _script(emulator, FaultDecision(status=429))
    created = client.subscribers.create("r1", "r")
    assert created.customer_id == "r1"
    assert [c[2] for c in _calls(emulator)] == [429, 201]
    assert fake_sleep.calls == [1.0]  # the emulator's Retry-After


def test_a_persistent_rate_limit_raises_rate_limited(
    client: Any, emulator: Any, fake_sleep: Any
) -> None:
    emulator.set_rate_limit(2, per=60)
    client.plans.list()
    client.plans.list()
    with pytest.raises(RateLimited) as info:
        client.plans.list()
    assert info.value.code == 429 and info.value.retry_after is not None
    assert isinstance(info.value, core.RateLimited)
    assert len(fake_sleep.calls) == 2  # max_retries=2 by default


def test_create_dropped_after_processing_is_reconciled_by_customer_id(
    client: Any, emulator: Any
) -> None:
    _script(emulator, DROP_AFTER)
    created = client.subscribers.create("amb1", "a")
    assert created.customer_id == "amb1"
    assert [(m, p) for m, p, _ in _calls(emulator)] == [
        ("POST", "subscribers.xml"),
        ("GET", "amb1.xml"),
    ]
    assert list(emulator.site("demo-test").subscribers) == ["amb1"]


def test_create_dropped_before_processing_is_sent_again_once(client: Any, emulator: Any) -> None:
    _script(emulator, DROP_BEFORE)
    client.subscribers.create("amb2", "a")
    assert [(m, s) for m, _, s in _calls(emulator)] == [("POST", None), ("GET", 404), ("POST", 201)]


def test_create_answered_5xx_is_not_blindly_retried_but_reconciled(
    client: Any, emulator: Any
) -> None:
    _script(emulator, FaultDecision(status=500))
    client.subscribers.create("amb3", "a")
    assert [(m, s) for m, _, s in _calls(emulator)] == [("POST", 500), ("GET", 404), ("POST", 201)]
    assert len(emulator.site("demo-test").subscribers) == 1


def test_a_403_duplicate_after_an_ambiguous_create_means_it_landed(
    client: Any, emulator: Any
) -> None:
    # The first POST lands but its answer is lost; the lookup is (wrongly) told 404; the
    # second POST's 403 "already exists" proves the first one landed.
    _script(emulator, DROP_AFTER, FaultDecision(status=404))
    created = client.subscribers.create("amb4", "a")
    assert created.customer_id == "amb4"
    assert [(m, s) for m, _, s in _calls(emulator)] == [
        ("POST", None),
        ("GET", 404),
        ("POST", 403),
        ("GET", 200),
    ]


def test_a_403_on_a_plain_create_is_a_real_duplicate(client: Any) -> None:
    client.subscribers.create("dupe", "a")
    with pytest.raises(PermissionDenied):
        client.subscribers.create("dupe", "a")


def test_compat_create_reconciles_too(old: Any, emulator: Any) -> None:
    _script(emulator, DROP_AFTER)
    assert old.create_subscriber(77, "x")["customer_id"] == 77


def test_a_payment_is_never_retried(client: Any, emulator: Any) -> None:
    invoice = client.invoices.create(MONTHLY_PLAN_ID, "payer")
    card = {
        "number": CARD_GATEWAY_TIMEOUT,
        "verification_value": "123",
        "month": 1,
        "year": 2030,
        "first_name": "A",
        "last_name": "B",
    }
    with pytest.raises(ServerError) as info:
        client.invoices.pay(invoice.token, credit_card=card)
    assert info.value.code == 504
    assert len(emulator.requests_to("PUT")) == 1


def test_a_dropped_payment_is_ambiguous_not_retried(client: Any, emulator: Any) -> None:
    invoice = client.invoices.create(MONTHLY_PLAN_ID, "payer2")
    _script(emulator, DROP_AFTER, path="/pay.xml")
    with pytest.raises(core.AmbiguousWriteError):
        client.invoices.pay(invoice.token, account_type="general-credit")
    assert len(emulator.requests_to("PUT")) == 1


def test_idempotent_posts_are_retried_after_a_drop(client: Any, emulator: Any) -> None:
    client.subscribers.create("idem", "a")
    _script(emulator, DROP_AFTER, path="allow_free_trial")
    assert client.subscribers.allow_free_trial("idem").eligible_for_free_trial is True
    assert len(emulator.requests_to("POST", "/api/v4/demo-test/subscribers/idem/")) == 2


def test_a_non_idempotent_post_is_not_retried_after_a_drop(client: Any, emulator: Any) -> None:
    client.subscribers.create("ni", "a")
    _script(emulator, DROP_AFTER, path="complimentary")
    with pytest.raises(core.AmbiguousWriteError) as info:
        client.subscribers.create_complimentary_subscription(
            "ni", duration_quantity=1, duration_units="days", feature_level="Pro"
        )
    assert "complimentary_subscriptions.xml" in str(info.value)
    assert len(emulator.requests_to("POST", "/api/v4/demo-test/subscribers/ni/")) == 1
