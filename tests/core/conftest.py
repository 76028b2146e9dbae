"""Fixtures for the core tests, over the "notes" test vendor (tests/support/notes.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.notes import NotesEmulator, make_client

from crmkit.core import SyncAPIClient


@pytest.fixture
def emulator() -> NotesEmulator:
    return NotesEmulator(records=25)


@pytest.fixture
def client(emulator: NotesEmulator) -> Iterator[SyncAPIClient]:
    with make_client(emulator) as c:
        yield c
