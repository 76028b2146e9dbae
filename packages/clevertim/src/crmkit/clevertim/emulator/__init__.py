"""The Clevertim emulator: Clevertim's REST API served from memory.

In-process (``emulator.transport()``, sync and async) or on loopback (``emulator.serve()``, or
``crmkit emulator serve clevertim``, which prints ``http://127.0.0.1:<port>/api``: the value
``Session(endpoint_url=...)``, ``Client(base_url=...)`` and ``CRMKIT_CLEVERTIM_BASE_URL`` take).

Example:
    >>> from crmkit.core.emulator import EmulatorOptions
    >>> emulator = create_emulator(EmulatorOptions(records=10))
    >>> emulator.account.get("contact", 1234)["fn"]
    'Joe'
"""

from __future__ import annotations

from crmkit.core.emulator import EmulatorOptions

from ._app import ClevertimEmulator
from ._data import ADMIN_USER_ID, DEMO_CONTACT_ID

__all__ = ["ADMIN_USER_ID", "DEMO_CONTACT_ID", "ClevertimEmulator", "create_emulator"]


def create_emulator(options: EmulatorOptions | None = None) -> ClevertimEmulator:
    """A Clevertim emulator.

    Args:
        options: ``records`` seeds that many contacts (plus the demo records, companies,
            opportunities, tasks and notes) deterministically from ``seed``; ``credentials``
            restricts the accepted API keys (``KEY`` acts as the admin, ``KEY:<user id>`` as that
            user); ``faults`` and ``rate_limit`` as for every crmkit emulator; ``clock`` sets
            the server timestamps (``ao``, ``lm``).
    """
    return ClevertimEmulator(options or EmulatorOptions())
