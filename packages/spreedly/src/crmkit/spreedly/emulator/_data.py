"""Seed data for the emulator: the demo plan catalogue and deterministic demo subscribers.

Sites ``demo`` and ``demo-test`` both get the plan catalogue (the vendor file's checklist):
the lifetime free trial ``21431`` the old pyspreedly tests use, a regular monthly plan (29.00
USD, feature level ``Standard``, recurring), a yearly ``Pro`` plan, a 14-day trial, one
disabled regular plan and one disabled free trial. ``demo`` also gets the ``--records``
subscribers, drawn from :class:`crmkit.core.emulator.FakeData` so a seed always gives the
same people, in a mix of states (never subscribed, on trial, paying, lapsed, complimentary).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from crmkit.core.emulator import FakeData

from ._state import Site, add_duration, new_subscriber

if TYPE_CHECKING:
    from ._app import SpreedlyEmulator

__all__ = ["FREE_TRIAL_PLAN_ID", "MONTHLY_PLAN_ID", "add_catalogue", "seed_subscribers"]

FREE_TRIAL_PLAN_ID = 21431
MONTHLY_PLAN_ID = 21432
YEARLY_PLAN_ID = 21433
TRIAL_14_DAYS_PLAN_ID = 21434
DISABLED_PLAN_ID = 21435
DISABLED_TRIAL_PLAN_ID = 21436

_CREATED = datetime(2012, 6, 1, tzinfo=UTC)


def add_catalogue(emulator: SpreedlyEmulator, site: Site) -> None:
    """Give ``site`` the demo plan catalogue."""
    common = {"created_at": _CREATED}
    emulator.add_plan(
        site,
        id=FREE_TRIAL_PLAN_ID,
        name="Free Trial",
        plan_type="free_trial",
        amount=Decimal("0.0"),
        duration_quantity=0,
        duration_units="days",
        feature_level="free_trial",
        description="Try everything, for ever",
        **common,
    )
    emulator.add_plan(
        site,
        id=MONTHLY_PLAN_ID,
        name="Standard Monthly",
        plan_type="regular",
        amount=Decimal("29.0"),
        duration_quantity=1,
        duration_units="months",
        feature_level="Standard",
        force_recurring=True,
        needs_to_be_renewed=True,
        description="The Standard plan, billed monthly",
        **common,
    )
    emulator.add_plan(
        site,
        id=YEARLY_PLAN_ID,
        name="Pro Yearly",
        plan_type="regular",
        amount=Decimal("290.0"),
        duration_quantity=12,
        duration_units="months",
        feature_level="Pro",
        force_recurring=True,
        needs_to_be_renewed=True,
        **common,
    )
    emulator.add_plan(
        site,
        id=TRIAL_14_DAYS_PLAN_ID,
        name="14-day Trial",
        plan_type="free_trial",
        amount=Decimal("0.0"),
        duration_quantity=14,
        duration_units="days",
        feature_level="Standard",
        **common,
    )
    emulator.add_plan(
        site,
        id=DISABLED_PLAN_ID,
        name="Legacy Monthly",
        plan_type="regular",
        amount=Decimal("19.0"),
        duration_quantity=1,
        duration_units="months",
        feature_level="Legacy",
        enabled=False,
        force_recurring=True,
        **common,
    )
    emulator.add_plan(
        site,
        id=DISABLED_TRIAL_PLAN_ID,
        name="Old Trial",
        plan_type="free_trial",
        amount=Decimal("0.0"),
        duration_quantity=30,
        duration_units="days",
        feature_level="Legacy",
        enabled=False,
        **common,
    )


def seed_subscribers(emulator: SpreedlyEmulator, site: Site, records: int, seed: int) -> None:
    """Add ``records`` subscribers (customer ids ``"1"``..``"N"``) relative to the clock."""
    fake = FakeData(seed)
    now = emulator.now()
    monthly = site.plans[MONTHLY_PLAN_ID]
    yearly = site.plans[YEARLY_PLAN_ID]
    trial = site.plans[FREE_TRIAL_PLAN_ID]
    for n in range(1, records + 1):
        person = fake.person(n)
        created = now - timedelta(
            days=fake.rng.randrange(30, 700), seconds=fake.rng.randrange(86400)
        )
        cid = str(n)
        subscriber = new_subscriber(
            cid,
            screen_name=f"{person['first_name'].lower()}{n}",
            token=emulator.new_token(),
            pagination_id=site.next_pagination_id,
            now=created,
        )
        site.next_pagination_id += 1
        subscriber.update(
            {
                "email": person["email"],
                "billing-first-name": person["first_name"],
                "billing-last-name": person["last_name"],
                "billing-city": person["city"],
                "billing-country": person["country"],
                "billing-phone-number": person["phone"],
            }
        )
        kind = n % 5
        if kind == 1:  # on the lifetime free trial
            subscriber.update(
                {
                    "on-trial": True,
                    "eligible-for-free-trial": False,
                    "recurring": False,
                    "lifetime-subscription": True,
                    "subscription-plan-name": trial["name"],
                    "feature-level": trial["feature-level"],
                    "_version": trial["versions"][-1],
                }
            )
        elif kind in (2, 3):  # paying (monthly or yearly), or lapsed after paying
            plan = monthly if fake.rng.random() < 0.7 else yearly
            paid_until = add_duration(
                now - timedelta(days=fake.rng.randrange(1, 25)),
                plan["duration-quantity"],
                plan["duration-units"],
            )
            if kind == 3:
                paid_until = now - timedelta(days=fake.rng.randrange(5, 200))
            subscriber.update(
                {
                    "eligible-for-free-trial": False,
                    "eligible-for-setup-fee": False,
                    "recurring": kind == 2,
                    "active-until": paid_until,
                    "subscription-plan-name": plan["name"],
                    "feature-level": plan["feature-level"],
                    "payment-account-on-file": True,
                    "payment-account-display": f"Visa ending in {fake.rng.randrange(1000, 9999)}",
                    "_version": plan["versions"][-1],
                }
            )
        elif kind == 4:  # complimentary time
            subscriber.update(
                {
                    "active-until": now + timedelta(days=fake.rng.randrange(10, 90)),
                    "feature-level": "Pro",
                    "on-gift": True,
                }
            )
        subscriber["updated-at"] = min(
            now,
            created + timedelta(days=fake.rng.randrange(0, 30), seconds=fake.rng.randrange(3600)),
        )
        site.subscribers[cid] = subscriber
