"""The typed clients (sync and async, same tests) against the emulator: every operation and
every error status, plus bad input refused before any request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from support.spreedly import TOKEN, FakeClock

import crmkit.core as core
from crmkit.core import InvalidArgument, ValidationError
from crmkit.spreedly import (
    AsyncSpreedly,
    AuthenticationError,
    NotFound,
    PermissionDenied,
    Spreedly,
    Subscriber,
    UnprocessableEntity,
)
from crmkit.spreedly.emulator import CARD_DECLINED, FREE_TRIAL_PLAN_ID, MONTHLY_PLAN_ID

CARD = {
    "number": "4111111111111111",
    "verification_value": "123",
    "month": 1,
    "year": 2030,
    "first_name": "Ada",
    "last_name": "Lovelace",
}


def _active_recurring(emulator: Any, cid: str, clock: FakeClock) -> None:
    until = datetime.fromtimestamp(clock(), UTC) + timedelta(days=10)
    emulator.update_subscriber_state("demo-test", cid, active_until=until, recurring=True)


# -- plans ----------------------------------------------------------------------------------------


def test_plans_list_and_get(client: Any) -> None:
    plans = client.plans.list()
    assert {p.id for p in plans} >= {FREE_TRIAL_PLAN_ID, MONTHLY_PLAN_ID}
    monthly = client.plans.get(MONTHLY_PLAN_ID)
    assert monthly.amount == Decimal("29.0") and monthly.feature_level == "Standard"
    assert monthly.versions[0].subscription_plan_id == MONTHLY_PLAN_ID


def test_unknown_plan_is_not_found(client: Any) -> None:
    with pytest.raises(core.NotFound):
        client.plans.get(9)


# -- subscribers ----------------------------------------------------------------------------------


def test_create_get_list_update_delete(client: Any) -> None:
    created = client.subscribers.create("ada", "Ada", email="ada@example.org")
    assert isinstance(created, Subscriber)
    assert created.customer_id == "ada" and created.email == "ada@example.org"
    assert created.eligible_for_free_trial is True and created.active is False
    fetched = client.subscribers.get("ada")
    assert fetched.invoices == []
    assert [s.customer_id for s in client.subscribers.list().to_list()] == ["ada"]
    updated = client.subscribers.update("ada", billing_first_name="Ada", billing_city="London")
    assert (updated.billing_first_name, updated.billing_city) == ("Ada", "London")
    client.subscribers.delete("ada")
    with pytest.raises(NotFound):
        client.subscribers.get("ada")


def test_update_with_empty_string_clears_a_field(client: Any) -> None:
    client.subscribers.create("c1", "c", email="c@example.org")
    assert client.subscribers.update("c1", email="").email == ""


def test_rename_with_new_customer_id(client: Any) -> None:
    client.subscribers.create("old-id", "x")
    renamed = client.subscribers.update("old-id", new_customer_id="new-id")
    assert renamed.customer_id == "new-id"
    with pytest.raises(NotFound):
        client.subscribers.get("old-id")


def test_save_sends_only_changes(client: Any, emulator: Any) -> None:
    client.subscribers.create("sv", "before")
    sub = client.subscribers.get("sv")
    sub.screen_name = "after"
    saved = client.subscribers.save(sub)
    assert saved.screen_name == "after"
    put = emulator.requests_to("PUT")[-1]
    assert put.body.endswith(b"<subscriber><screen-name>after</screen-name></subscriber>")


def test_get_or_create_leaves_an_existing_subscriber_unchanged(client: Any) -> None:
    client.subscribers.create("g", "original")
    assert client.subscribers.get_or_create("g", "other").screen_name == "original"
    assert client.subscribers.get_or_create("g2", "fresh").screen_name == "fresh"


def test_duplicate_create_is_permission_denied(client: Any) -> None:
    client.subscribers.create("dup", "x")
    with pytest.raises(PermissionDenied) as info:
        client.subscribers.create("dup", "x")
    assert info.value.code == 403
    assert "already exists" in str(info.value)


def test_delete_all_requires_confirm(client: Any, emulator: Any) -> None:
    client.subscribers.create("x1", "x")
    with pytest.raises(InvalidArgument):
        client.subscribers.delete_all()
    client.subscribers.delete_all(confirm=True)
    assert client.subscribers.list().to_list() == []


def test_production_delete_is_permission_denied(emulator: Any, mode: str) -> None:
    client = _client_for(emulator, mode, "demo")
    with pytest.raises(PermissionDenied):
        client.subscribers.delete("1")


def test_seeded_demo_subscribers(emulator: Any, mode: str) -> None:
    client = _client_for(emulator, mode, "demo")
    subs = client.subscribers.list().to_list()
    assert len(subs) == 10
    assert all(s.email and "@" in s.email for s in subs)
    assert any(s.on_trial for s in subs) and any(s.active and s.recurring for s in subs)


# -- trials, complimentary time, renewals ---------------------------------------------------------


def test_free_trial_and_allow_again(client: Any) -> None:
    client.subscribers.create("t", "t")
    sub = client.subscribers.subscribe_to_free_trial("t", FREE_TRIAL_PLAN_ID)
    assert sub.on_trial and sub.active and sub.plan_id == FREE_TRIAL_PLAN_ID
    assert client.subscribers.allow_free_trial("t").eligible_for_free_trial is True


def test_trial_on_a_regular_plan_is_refused(client: Any) -> None:
    client.subscribers.create("t2", "t")
    with pytest.raises(PermissionDenied):
        client.subscribers.subscribe_to_free_trial("t2", MONTHLY_PLAN_ID)


def test_complimentary_extension_and_lifetime(client: Any) -> None:
    client.subscribers.create("comp", "c")
    sub = client.subscribers.create_complimentary_subscription(
        "comp", duration_quantity=2, duration_units="months", feature_level="Pro"
    )
    assert sub.active and sub.feature_level == "Pro"
    assert sub.active_until == datetime(2024, 5, 10, 12, tzinfo=UTC)
    sub = client.subscribers.create_complimentary_time_extension(
        "comp", duration_quantity=5, duration_units="days"
    )
    assert sub.active_until == datetime(2024, 5, 15, 12, tzinfo=UTC)
    sub = client.subscribers.create_lifetime_complimentary_subscription("comp", feature_level="VIP")
    assert sub.lifetime_subscription and sub.active_until is None and sub.feature_level == "VIP"


def test_comp_for_active_subscriber_is_refused(client: Any) -> None:
    client.subscribers.create("ca", "c")
    client.subscribers.create_lifetime_complimentary_subscription("ca", feature_level="Pro")
    with pytest.raises(PermissionDenied):
        client.subscribers.create_complimentary_subscription(
            "ca", duration_quantity=1, duration_units="days", feature_level="Pro"
        )


def test_fee_store_credit_stop_auto_renew_change_plan(
    client: Any, emulator: Any, clock: FakeClock
) -> None:
    client.subscribers.create("f", "f")
    with pytest.raises(UnprocessableEntity) as info:
        client.subscribers.add_fee("f", name="Overage", amount="24.0", group="Bandwidth")
    assert info.value.errors == ["Fees can only be added to active, recurring subscribers"]
    _active_recurring(emulator, "f", clock)
    assert client.subscribers.add_fee("f", name="Overage", amount="24.0", group="Bandwidth") is None
    assert emulator.pending_fees("demo-test", "f")[0]["amount"] == Decimal("24.0")
    assert client.subscribers.add_store_credit("f", Decimal("2.34")).store_credit == Decimal("2.34")
    assert client.subscribers.stop_auto_renew("f").recurring is False
    changed = client.subscribers.change_plan("f", MONTHLY_PLAN_ID)
    assert changed.plan_id == MONTHLY_PLAN_ID and changed.feature_level == "Standard"


# -- invoices and transactions --------------------------------------------------------------------


def test_invoice_pay_and_transactions(client: Any) -> None:
    invoice = client.invoices.create(MONTHLY_PLAN_ID, "buyer", screen_name="Buyer")
    assert invoice.closed is False and invoice.amount == Decimal("29.0")
    paid = client.invoices.pay(invoice.token, credit_card=CARD)
    assert paid.closed is True
    buyer = client.subscribers.get("buyer")
    assert buyer.active and buyer.recurring and buyer.invoices[0].token == invoice.token
    txs = client.transactions.list().to_list()
    assert [t.subscriber_customer_id for t in txs] == ["buyer"]
    assert txs[0].amount == Decimal("29.0")


def test_declined_card_is_unprocessable(client: Any) -> None:
    invoice = client.invoices.create(MONTHLY_PLAN_ID, "dec")
    with pytest.raises(UnprocessableEntity):
        client.invoices.pay(invoice.token, credit_card={**CARD, "number": CARD_DECLINED})


def test_transactions_page_through_more_than_50(client: Any, emulator: Any) -> None:
    for n in range(55):
        inv = client.invoices.create(MONTHLY_PLAN_ID, f"b{n}")
        client.invoices.pay(inv.token, account_type="general-credit")
    ids = [t.id for t in client.transactions.list().to_list()]
    assert ids == list(range(1, 56))
    gets = [r for r in emulator.requests_to("GET") if r.path.endswith("transactions.xml")]
    assert [r.query.get("since_id") for r in gets] == [None, "50"]


# -- errors ---------------------------------------------------------------------------------------


def test_wrong_token_is_authentication_error(emulator: Any, mode: str) -> None:
    emulator.add_site("locked-test", token="the-right-token")
    client = _client_for(emulator, mode, "locked-test")
    with pytest.raises(AuthenticationError) as info:
        client.plans.list()
    assert info.value.code == 401
    assert isinstance(info.value, core.AuthenticationError)


def test_unknown_subscriber_is_not_found(client: Any) -> None:
    with pytest.raises(NotFound) as info:
        client.subscribers.get("nobody")
    assert isinstance(info.value, core.NotFound)
    assert "There is no subscriber with a customer id of nobody" in str(info.value)


def test_unknown_plan_for_a_trial_is_not_found(client: Any) -> None:
    client.subscribers.create("u", "u")
    with pytest.raises(NotFound):
        client.subscribers.subscribe_to_free_trial("u", 999999)


def test_a_422_is_also_core_bad_request_as_the_vendor_file_names_it(client: Any) -> None:
    client.subscribers.create("u2", "u")
    with pytest.raises(core.BadRequest) as info:
        client.subscribers.add_fee("u2", name="n", amount="1", group="g")
    assert isinstance(info.value, core.UnprocessableEntity) and info.value.status_code == 422


def test_list_collects_invalid_records(client: Any, emulator: Any) -> None:
    client.subscribers.create("ok", "ok")
    client.subscribers.create("bad", "bad")
    emulator.update_subscriber_state("demo-test", "bad", store_credit="not-money")
    invalid: list[ValidationError] = []
    subs = client.subscribers.list(invalid=invalid).to_list()
    assert [s.customer_id for s in subs] == ["ok"]
    assert len(invalid) == 1 and invalid[0].raw_data["customer-id"] == "bad"


# -- bad input, before any request ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "kwargs"),
    [
        ("create", {"customer_id": "a/b"}),
        ("create", {"customer_id": " "}),
        ("create", {"customer_id": "ok", "active": True}),
        ("update", {"customer_id": "x"}),
        ("subscribe_to_free_trial", {"customer_id": "x", "plan_id": "abc"}),
        ("add_fee", {"customer_id": "x", "name": "", "amount": "1", "group": "g"}),
        ("add_fee", {"customer_id": "x", "name": "n", "amount": "lots", "group": "g"}),
        (
            "create_complimentary_subscription",
            {
                "customer_id": "x",
                "duration_quantity": 2,
                "duration_units": "weeks",
                "feature_level": "Pro",
            },
        ),
        (
            "create_complimentary_time_extension",
            {"customer_id": "x", "duration_quantity": -1, "duration_units": "days"},
        ),
        ("add_store_credit", {"customer_id": "x", "amount": "NaN"}),
    ],
)
def test_bad_input_is_refused_before_any_request(
    client: Any, emulator: Any, call: str, kwargs: dict[str, Any]
) -> None:
    before = len(emulator.requests)
    with pytest.raises(InvalidArgument):
        getattr(client.subscribers, call)(**kwargs)
    assert len(emulator.requests) == before


def test_bad_payment_is_refused_before_any_request(client: Any, emulator: Any) -> None:
    before = len(emulator.requests)
    with pytest.raises(InvalidArgument):
        client.invoices.pay("tok", credit_card={**CARD, "number": "12"})
    with pytest.raises(InvalidArgument):
        client.invoices.pay("tok", credit_card=CARD, account_type="on-file")
    assert len(emulator.requests) == before


# -- hosted URLs and misc -------------------------------------------------------------------------


def test_signup_and_account_urls(client: Any) -> None:
    assert client.signup_url(44763, 41, "Joe Bob") == (
        "https://spreedly.com/demo-test/subscribers/44763/subscribe/41/Joe%20Bob"
    )
    assert client.account_url("tok") == "https://spreedly.com/demo-test/subscriber_accounts/tok"


def test_raw_request_uses_auth_and_maps_errors(client: Any) -> None:
    response = client.raw_request("GET", "subscription_plans.xml")
    assert response.status_code == 200
    with pytest.raises(NotFound):
        client.raw_request("GET", "subscribers/none.xml")


def test_missing_site_name_is_a_configuration_error() -> None:
    with pytest.raises(core.ConfigurationError):
        Spreedly(TOKEN)


@pytest.mark.parametrize("token", ["", " x", "a:b", None, 12])
def test_malformed_tokens_are_configuration_errors(token: Any) -> None:
    with pytest.raises(core.ConfigurationError):
        Spreedly(token, "s")


def _client_for(emulator: Any, mode: str, site: str) -> Any:
    from support.spreedly import Synced

    if mode == "sync":
        return Spreedly(TOKEN, site, transport=emulator.transport(), max_retries=0)
    return Synced(AsyncSpreedly(TOKEN, site, transport=emulator.transport(), max_retries=0))


async def test_async_client_runs_calls_concurrently(emulator: Any) -> None:
    import asyncio

    async with AsyncSpreedly(TOKEN, "demo", transport=emulator.transport()) as client:
        subs = await asyncio.gather(*(client.subscribers.get(str(n)) for n in range(1, 6)))
        assert [s.customer_id for s in subs] == ["1", "2", "3", "4", "5"]
        listed = [s async for s in client.subscribers.list()]
        assert len(listed) == 10
