"""pyspreedly's Client (sync, and its async twin) against the emulator: shapes, the fixed bugs,
and what the vendor file says to keep."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from support.spreedly import TOKEN, FakeClock

import crmkit.core as core
import crmkit.spreedly as pyspreedly
from crmkit.spreedly.api import API_VERSION, Client, HTTPError, Response
from crmkit.spreedly.emulator import FREE_TRIAL_PLAN_ID, MONTHLY_PLAN_ID


def test_module_surface() -> None:
    assert API_VERSION == "v4"
    assert pyspreedly.api.Client is Client
    assert issubclass(HTTPError, core.APIError)


def test_get_plans_shape(old: Any) -> None:
    plans = old.get_plans()
    assert all(list(p) == ["subscription_plan"] for p in plans)
    trial = next(p["subscription_plan"] for p in plans if p["subscription_plan"]["id"] == 21431)
    assert len(trial) == 26
    assert trial["price"] == Decimal("0.0")
    assert trial["versions"][0]["version"]["subscription_plan_id"] == 21431


def test_create_subscriber_returns_35_keys_with_int_id(old: Any) -> None:
    data = old.create_subscriber(1, "test")
    assert len(data) == 35
    assert data["customer_id"] == 1
    assert data["screen_name"] == "test"
    assert data["email"] is None
    assert isinstance(data["created_at"], datetime) and data["created_at"].tzinfo is not None


def test_create_existing_raises_403_as_2_0_1_did(old: Any) -> None:
    old.create_subscriber(1, "test")
    with pytest.raises(HTTPError) as info:
        old.create_subscriber(1, "test")
    assert info.value.code == 403


def test_non_numeric_customer_ids_work(old: Any) -> None:
    assert old.create_subscriber("user-abc", "x")["customer_id"] == "user-abc"
    assert old.get_info("user-abc")["customer_id"] == "user-abc"


def test_get_info_has_invoices_and_plan_version_once_subscribed(old: Any) -> None:
    old.create_subscriber(2, "x")
    assert old.get_info(2)["invoices"] == []
    old.subscribe(2, FREE_TRIAL_PLAN_ID)
    info = old.get_info(2)
    assert info["subscription_plan_version"]["subscription_plan_id"] == FREE_TRIAL_PLAN_ID
    assert len(info) == 37


def test_get_info_unknown_raises_404(old: Any) -> None:
    with pytest.raises(HTTPError) as info:
        old.get_info(404404)
    assert info.value.code == 404
    assert isinstance(info.value, core.NotFound)
    assert isinstance(info.value.response, Response)


def test_get_or_create(old: Any) -> None:
    created = old.get_or_create_subscriber(5, "five")
    assert created["screen_name"] == "five"
    assert old.get_or_create_subscriber(5, "other")["screen_name"] == "five"


def test_get_or_create_reraises_non_404_errors(emulator: Any, mode: str) -> None:
    """2.0.1 swallowed them and returned None."""
    emulator.add_site("locked-test", token="right")
    c = _old(emulator, mode, "locked-test")
    with pytest.raises(HTTPError) as info:
        c.get_or_create_subscriber(1, "x")
    assert info.value.code == 401


def test_subscribe_free_trial(old: Any) -> None:
    old.create_subscriber(1, "test")
    data = old.subscribe(1, FREE_TRIAL_PLAN_ID)
    assert data["on_trial"] is True


def test_subscribe_without_plan_raises_instead_of_sending_none(old: Any, emulator: Any) -> None:
    old.create_subscriber(1, "test")
    with pytest.raises(HTTPError) as info:
        old.subscribe(1)
    assert info.value.code == 422
    assert b"None" not in emulator.requests[-1].body


def test_allow_free_trial(old: Any) -> None:
    old.create_subscriber(1, "t")
    old.subscribe(1, FREE_TRIAL_PLAN_ID)
    assert old.allow_free_trial(1)["eligible_for_free_trial"] is True


def test_add_fee_returns_the_response_and_never_raises(
    old: Any, emulator: Any, clock: FakeClock
) -> None:
    old.create_subscriber(1, "t")
    refused = old.add_fee(1, "Overage", "Used 20 GB over", "Bandwidth", 24.0)
    assert refused.status_code == 422  # 2.0.1's test compared the response itself with 422
    until = datetime.fromtimestamp(clock(), UTC) + timedelta(days=3)
    emulator.update_subscriber_state("demo-test", "1", active_until=until, recurring=True)
    accepted = old.add_fee(1, "Overage", "Used 20 GB over", "Bandwidth", 24.0)
    assert accepted.status_code == 201 and accepted.ok


def test_complimentary_subscription_and_extension_return_none(old: Any) -> None:
    old.create_subscriber(123, "c")
    assert old.create_complimentary_subscription(123, 2, "months", "Pro") is None
    assert old.get_info(123)["active"] is True
    assert old.complimentary_time_extensions(123, 1, "months") is None
    assert old.complimentary_time_extension(123, 1, "days") is None
    assert old.get_info(123)["active_until"] == datetime(2024, 6, 11, 12, tzinfo=UTC)


def test_complimentary_errors_now_raise(old: Any) -> None:
    old.create_subscriber(1, "c")
    with pytest.raises(HTTPError) as info:
        old.create_complimentary_subscription(1, 2, "weeks", "Pro")  # the old docs' guess
    assert info.value.code == 422
    assert info.value.errors == ["Duration units must be either 'days' or 'months'"]
    with pytest.raises(HTTPError) as inactive:
        old.complimentary_time_extensions(1, 1, "days")
    assert inactive.value.code == 403


def test_set_info_then_get_info(old: Any) -> None:
    old.create_subscriber(1, "test")
    assert old.set_info(1, email="jack@bauer.com", screen_name="jb") is None
    info = old.get_info(1)
    assert (info["email"], info["screen_name"]) == ("jack@bauer.com", "jb")


def test_set_info_of_get_info_is_a_harmless_round_trip(old: Any) -> None:
    """The documented design flaw: now it works and changes nothing."""
    old.create_subscriber(1, "test")
    old.set_info(1, email="a@example.org", billing_first_name="Ann")
    before = old.get_info(1)
    old.set_info(old.get_info(1))
    old.set_info(1, **old.get_info(1))
    after = old.get_info(1)
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"
    }


def test_set_info_of_a_modified_get_info_changes_only_that(old: Any) -> None:
    old.create_subscriber(1, "test")
    old.set_info(1, **{**old.get_info(1), "email": "x@y.example"})
    info = old.get_info(1)
    assert info["email"] == "x@y.example" and info["screen_name"] == "test"


def test_set_info_errors_raise(old: Any) -> None:
    with pytest.raises(HTTPError) as info:
        old.set_info(999, email="a@b.c")
    assert info.value.code == 404


def test_set_info_rename(old: Any) -> None:
    old.create_subscriber(1, "t")
    old.set_info(1, new_customer_id="one")
    assert old.get_info("one")["customer_id"] == "one"


def test_signup_url_against_the_served_pages(old: Any) -> None:
    assert old.get_signup_url(1, MONTHLY_PLAN_ID, "Joe Bob").endswith(
        f"/demo-test/subscribers/1/subscribe/{MONTHLY_PLAN_ID}/Joe%20Bob"
    )


def test_deletes_return_status_codes(old: Any) -> None:
    old.create_subscriber(1, "t")
    assert old.delete_subscriber(1) == 200
    assert old.delete_subscriber(1) == 404
    old.create_subscriber(2, "t")
    assert old.cleanup() == 200
    assert old.get_subscribers() == []


def test_query_returns_the_response_unchecked(old: Any) -> None:
    r = old.query("subscribers/nope.xml")
    assert r.status_code == 404
    assert r.text == "There is no subscriber with a customer id of nope"
    with pytest.raises(HTTPError):
        r.raise_for_status()
    posted = old.query(
        "subscribers.xml",
        data="<subscriber><customer-id>q</customer-id><screen-name>q</screen-name></subscriber>",
        action="POST",
    )
    assert posted.status_code == 201


def test_additions_stop_auto_renew_credit_lifetime_change_plan(old: Any) -> None:
    old.create_subscriber(1, "t")
    assert old.add_store_credit(1, "5.50") is None
    assert old.create_lifetime_complimentary_subscription(1, "Pro") is None
    assert old.stop_auto_renew(1) is None
    assert old.change_plan(1, MONTHLY_PLAN_ID) == 200
    assert old.change_plan(1, 9) == 404
    info = old.get_info(1)
    assert info["store_credit"] == Decimal("5.50")
    assert info["lifetime_subscription"] is True and info["recurring"] is False
    assert info["feature_level"] == "Standard"
    assert [list(s) for s in old.get_subscribers()] == [["subscriber"]]


def test_compat_client_repr_hides_the_token(old: Any) -> None:
    assert TOKEN not in repr(old) and TOKEN not in str(old.auth)


def _old(emulator: Any, mode: str, site: str) -> Any:
    from support.spreedly import Synced

    from crmkit.spreedly.api import AsyncClient

    if mode == "sync":
        return Client(TOKEN, site, transport=emulator.transport())
    return Synced(AsyncClient(TOKEN, site, transport=emulator.transport()))
