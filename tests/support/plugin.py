"""Install a throwaway third-party vendor ("notes") through a dist-info entry point.

Used by the CLI and registry tests to prove that a vendor outside this repository plugs in with
nothing but an entry point in the ``crmkit.vendors`` group.
"""

from __future__ import annotations

from pathlib import Path

from crmkit.core import VendorSpec
from crmkit.core.emulator import EmulatorOptions

from .distinfo import write_vendor_dist_info
from .notes import NotesEmulator

SPEC = VendorSpec(
    name="notes",
    title="Notes (test vendor)",
    distribution="crmkit-test-notes",
    module="support.notes",
    default_base_url="https://notes.example/api/v1/",
    emulator="support.plugin:create_emulator",
    description="A test vendor that lives outside the crmkit packages.",
)


def create_emulator(options: EmulatorOptions) -> NotesEmulator:
    return NotesEmulator(options)


def install_notes_vendor(site: Path) -> Path:
    """Write a dist-info declaring the notes vendor into ``site``; return ``site``."""
    return write_vendor_dist_info(site, "crmkit-test-notes", "notes", "support.plugin:SPEC")
