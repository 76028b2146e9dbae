"""An emulator of Spreedly Subscriptions API v4, for tests, demos and benchmarks.

``crmkit emulator serve spreedly`` prints ``http://127.0.0.1:<port>/``: the service root. Point
a client at it with ``CRMKIT_SPREEDLY_BASE_URL`` (or ``base_url=``/``base_host=``); the client
adds ``api/v4/<site_name>/``. Site ``demo`` holds the plan catalogue and the ``--records``
subscribers, ``demo-test`` the same plans and deletes allowed; any other site name starts empty.
In-process: ``Spreedly(token, "demo", transport=create_emulator(options).transport())``.
"""

from __future__ import annotations

from crmkit.core.emulator import EmulatorOptions

from ._app import CARD_DECLINED, CARD_GATEWAY_TIMEOUT, SpreedlyEmulator
from ._data import FREE_TRIAL_PLAN_ID, MONTHLY_PLAN_ID
from ._state import Site

__all__ = [
    "CARD_DECLINED",
    "CARD_GATEWAY_TIMEOUT",
    "FREE_TRIAL_PLAN_ID",
    "MONTHLY_PLAN_ID",
    "Site",
    "SpreedlyEmulator",
    "create_emulator",
]


def create_emulator(options: EmulatorOptions | None = None) -> SpreedlyEmulator:
    """The emulator for ``options`` (what ``SPEC.emulator`` names)."""
    return SpreedlyEmulator(options or EmulatorOptions())
