"""Shared helpers for the crmkit.spreedly tests: sample payloads, a fake clock, scripted
faults, and a wrapper that drives async clients from sync tests."""

from __future__ import annotations

import asyncio
import base64
import inspect
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from crmkit.core.emulator import EmulatorOptions, FaultDecision, Faults
from crmkit.spreedly.emulator import SpreedlyEmulator, create_emulator

TOKEN = "canary-tok-5f3e9a1b7c"
"""The API token every test uses; it must never show up in reprs, errors or logs."""

START = datetime(2024, 3, 10, 12, 0, 0, tzinfo=UTC)


def basic(token: str = TOKEN, password: str = "X") -> str:
    """The Authorization header pyspreedly and crmkit send."""
    return "Basic " + base64.b64encode(f"{token}:{password}".encode()).decode()


class FakeClock:
    """An epoch clock that only moves when told to."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start.timestamp()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class ScriptedFaults(Faults):
    """Faults decided by a script: each matching request takes the next decision."""

    def __init__(self, *decisions: FaultDecision, path_contains: str | None = None) -> None:
        super().__init__()
        self.script = list(decisions)
        self.path_contains = path_contains

    @property
    def active(self) -> bool:
        return bool(self.script)

    def decide(self, path: str) -> FaultDecision:
        if self.script and (self.path_contains is None or self.path_contains in path):
            return self.script.pop(0)
        return FaultDecision()


def make_emulator(records: int = 10, clock: FakeClock | None = None, **kw: Any) -> SpreedlyEmulator:
    """An emulator on a fake clock (seeded ``demo`` site with ``records`` subscribers)."""
    return create_emulator(
        EmulatorOptions(records=records, seed=7, clock=clock or FakeClock(), **kw)
    )


class Synced:
    """Wraps an async client (or resource) so sync tests can call it: coroutine results are
    run to completion with ``asyncio.run``; sync objects pass through unchanged."""

    def __init__(self, target: Any) -> None:
        self._target = target

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if callable(value):

            def call(*args: Any, **kwargs: Any) -> Any:
                result = value(*args, **kwargs)
                if inspect.isawaitable(result):
                    return asyncio.run(_await(result))
                if hasattr(result, "to_list") and inspect.iscoroutinefunction(result.to_list):
                    return Synced(result)
                return result

            return call
        if hasattr(value, "_client"):  # a resource group
            return Synced(value)
        return value

    def __repr__(self) -> str:
        return repr(self._target)


async def _await(awaitable: Any) -> Any:
    return await awaitable


def sample(name: str) -> bytes:
    """A sample payload by name (see SAMPLES)."""
    return SAMPLES[name].encode("utf-8")


# -- the vendor file's sample payloads (section 10), verbatim -----------------------------------

CREATE_REPLY = """<?xml version="1.0" encoding="UTF-8"?>
<subscriber>
  <grace-until type="datetime" nil="true"></grace-until>
  <ready-to-renew type="boolean">false</ready-to-renew>
  <ready-to-renew-since type="datetime" nil="true"></ready-to-renew-since>
  <active-until type="datetime" nil="true"></active-until>
  <billing-first-name nil="true"></billing-first-name>
  <billing-last-name nil="true"></billing-last-name>
  <created-at type="datetime">2013-01-28T04:02:36Z</created-at>
  <customer-id>3</customer-id>
  <eligible-for-free-trial type="boolean">true</eligible-for-free-trial>
  <email nil="true"></email>
  <lifetime-subscription type="boolean">false</lifetime-subscription>
  <on-trial type="boolean">false</on-trial>
  <on-metered type="boolean">false</on-metered>
  <recurring type="boolean" nil="true"></recurring>
  <screen-name>tester</screen-name>
  <store-credit type="decimal">0.0</store-credit>
  <store-credit-currency-code>USD</store-credit-currency-code>
  <token>a4e2ab63804fc1170869cbc54f3da53e6e0730b5</token>
  <updated-at type="datetime">2013-01-28T04:02:36Z</updated-at>
  <on-gift type="boolean" nil="true"></on-gift>
  <eligible-for-setup-fee type="boolean">true</eligible-for-setup-fee>
  <card-expires-before-next-auto-renew type="boolean">false</card-expires-before-next-auto-renew>
  <subscription-plan-name></subscription-plan-name>
  <active type="boolean">false</active>
  <in-grace-period type="boolean">false</in-grace-period>
  <feature-level type="string"></feature-level>
  <payment-account-on-file type="boolean">false</payment-account-on-file>
  <payment-account-display type="string"></payment-account-display>
  <billing-address1 type="string"></billing-address1>
  <billing-city type="string"></billing-city>
  <billing-state type="string"></billing-state>
  <billing-zip type="string"></billing-zip>
  <billing-country type="string"></billing-country>
  <billing-phone-number type="string"></billing-phone-number>
  <pagination-id type="string">1123014</pagination-id>
</subscriber>
"""

PLANS_REPLY = """<?xml version="1.0" encoding="UTF-8"?>
<subscription-plans type="array">
  <subscription-plan>
    <id type="integer">12345</id>
    <version type="integer">1</version>
    <duration-quantity type="integer">0</duration-quantity>
    <duration-units>days</duration-units>
    <enabled type="boolean">true</enabled>
    <feature-level>free_trial</feature-level>
    <name>Trial</name>
    <plan-type>free_trial</plan-type>
    <!-- … -->
    <versions type="array">
      <version type="SubscriptionPlan::Version">
        <id type="integer">24680</id>
        <version type="integer">1</version>
        <subscription-plan-id type="integer">12345</subscription-plan-id>
        <name type="SubscriptionPlan::Version">Trial</name>
        <terms type="string">Lifetime</terms>
        <!-- … -->
      </version>
    </versions>
    <terms type="string">Lifetime</terms>
    <price type="decimal">0.0</price>
  </subscription-plan>
</subscription-plans>
"""

ERRORS_422 = """<?xml version="1.0" encoding="UTF-8"?>
<errors><error>Duration units must be either 'days' or 'months'</error></errors>
"""

NIL_CLASSES = """<?xml version="1.0" encoding="UTF-8"?>
<nil-classes type="array"/>
"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<subscriber><customer-id>&lol4;</customer-id><screen-name>x</screen-name></subscriber>
"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE subscriber [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<subscriber><customer-id>7</customer-id><screen-name>&xxe;</screen-name></subscriber>
"""

SAMPLES: dict[str, str] = {
    "create_reply": CREATE_REPLY,
    "plans_reply": PLANS_REPLY,
    "errors_422": ERRORS_422,
    "nil_classes": NIL_CLASSES,
    "billion_laughs": BILLION_LAUGHS,
    "xxe": XXE,
}


def only(items: list[Any], pred: Callable[[Any], bool]) -> Any:
    """The single item matching ``pred`` (fails loudly otherwise)."""
    found = [i for i in items if pred(i)]
    assert len(found) == 1, found
    return found[0]
