"""The Procuret emulator: ``create_emulator(options)`` for ``crmkit emulator serve procuret``.

Example:
    >>> from crmkit.core.emulator import EmulatorOptions
    >>> options = EmulatorOptions(records=10, settings={"second_factor_mode": "any"})
    >>> emulator = create_emulator(options)
    >>> emulator.root
    '/api/'

Open mode (no ``credentials``) keeps the demo session ``DEMO_SESSION_ID`` / ``DEMO_API_KEY``
live, so ``crmkit.connect("procuret")`` against the emulator reaches the seeded links.
With ``credentials``, each ``"<session_id>:<api_key>"`` line becomes a live session instead.
"""

from __future__ import annotations

from typing import Any

from crmkit.core.emulator import EmulatorOptions

from ._app import SECOND_FACTOR_MODES, ProcuretEmulator, SessionState
from ._data import (
    ADMIN_EMAIL,
    BIG_SUPPLIER_ID,
    BUSINESS_AGENT_ID,
    BUSINESS_EMAIL,
    CUSTOMER_ID,
    DEMO_API_KEY,
    DEMO_SESSION_ID,
    PASSPHRASE,
    SERIES_ID,
    SETUP_ID,
    SUPPLIER_AGENT_ID,
    SUPPLIER_EMAIL,
    SUPPLIER_ID,
    TERM_RATE_GROUP_ID,
)

__all__ = [
    "ADMIN_EMAIL",
    "BIG_SUPPLIER_ID",
    "BUSINESS_AGENT_ID",
    "BUSINESS_EMAIL",
    "CUSTOMER_ID",
    "DEMO_API_KEY",
    "DEMO_SESSION_ID",
    "PASSPHRASE",
    "SECOND_FACTOR_MODES",
    "SERIES_ID",
    "SETUP_ID",
    "SUPPLIER_AGENT_ID",
    "SUPPLIER_EMAIL",
    "SUPPLIER_ID",
    "TERM_RATE_GROUP_ID",
    "ProcuretEmulator",
    "SessionState",
    "create_emulator",
]


def create_emulator(options: EmulatorOptions | None = None, **kwargs: Any) -> ProcuretEmulator:
    """A Procuret emulator.

    Args:
        options: ``records`` seeds that many instalment links for supplier 4000; ``seed``,
            ``faults``, ``rate_limit``, ``credentials`` and ``clock`` as for every emulator;
            ``settings`` as described on :class:`ProcuretEmulator` (``root`` is ``"/api"`` by
            default; ``""`` serves at the host root).
        **kwargs: ``EmulatorOptions`` fields, when ``options`` is not given.
    """
    opts = options or EmulatorOptions(**kwargs)
    root = str(opts.settings.get("root", "/api")).strip()
    root = "" if root in ("", "/") else "/" + root.strip("/")
    opts.settings = {**opts.settings, "base_path": root}
    return ProcuretEmulator(opts)
