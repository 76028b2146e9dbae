"""The ProsperWorks (Copper) API emulator, in-process or on loopback.

    >>> from crmkit.prosperworks.emulator import create_emulator
    >>> from crmkit.core.emulator import EmulatorOptions
    >>> emu = create_emulator(EmulatorOptions(settings={"profile": "demo"}))
    >>> emu.people.get(1)["name"]
    'Steve Cognito'

``crmkit emulator serve prosperworks`` prints a root such as
``http://127.0.0.1:8001/developer_api/`` that ``connect(url=...)`` and
``CRMKIT_PROSPERWORKS_BASE_URL`` accept. Profiles: ``empty`` (reference lists only; the
default without ``records``), ``demo`` (250 linked people and friends; the default with
``records``, which sets the count), ``prospyr-tests`` (the vendor file's sample payloads).
"""

from __future__ import annotations

from crmkit.core.emulator import EmulatorOptions

from ._app import PROFILES, ProsperWorksEmulator
from ._data import ACCOUNT_NAME, DEMO_RECORDS

__all__ = [
    "ACCOUNT_NAME",
    "DEMO_RECORDS",
    "PROFILES",
    "ProsperWorksEmulator",
    "create_emulator",
]


def create_emulator(options: EmulatorOptions | None = None) -> ProsperWorksEmulator:
    """Build the emulator (the factory ``crmkit emulator serve prosperworks`` calls).

    Args:
        options: records, seed, faults, rate limit, credentials (``email:token`` strings),
            clock, and ``settings`` (``profile``, ``leads_enabled``, ``rate_limit_profile``...;
            see :class:`ProsperWorksEmulator`).
    """
    return ProsperWorksEmulator(options or EmulatorOptions())
