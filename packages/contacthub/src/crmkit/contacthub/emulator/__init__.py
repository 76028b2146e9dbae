"""The ContactHub emulator: ``create_emulator(options)`` for ``crmkit emulator serve contacthub``.

Serves ``/hub/v1/workspaces/<ws>/...`` in-process (``emulator.transport()``) or on loopback
(``emulator.serve()``); a client's base URL is ``http://127.0.0.1:<port>/hub/v1/workspaces``.
Seeded data (``options.records``) lives in workspace ``demo``, node ``demo``.
"""

from crmkit.core.emulator import EmulatorOptions

from ._app import ContactHubEmulator, WorkspaceState
from ._query import QueryError, matching_ids

__all__ = [
    "ContactHubEmulator",
    "QueryError",
    "WorkspaceState",
    "create_emulator",
    "matching_ids",
]


def create_emulator(options: EmulatorOptions | None = None) -> ContactHubEmulator:
    """A ContactHub emulator configured by ``options`` (records, seed, faults, settings...)."""
    return ContactHubEmulator(options or EmulatorOptions())
