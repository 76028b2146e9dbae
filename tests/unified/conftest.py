"""Fixtures: the minicrm test vendor registered through an entry point, and its emulator."""

from __future__ import annotations

import pytest
from support.minicrm import MiniCrmEmulator


@pytest.fixture
def mini(minicrm_installed: None) -> MiniCrmEmulator:
    return MiniCrmEmulator(records=30, seed=3)
