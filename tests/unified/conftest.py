"""Fixtures: the minicrm test vendor registered through an entry point, and its emulator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.minicrm import MiniCrmEmulator, install

from crmkit.core import vendors


@pytest.fixture
def minicrm_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.syspath_prepend(str(install(tmp_path)))
    vendors(refresh=True)
    yield
    monkeypatch.undo()
    vendors(refresh=True)


@pytest.fixture
def mini(minicrm_installed: None) -> MiniCrmEmulator:
    return MiniCrmEmulator(records=30, seed=3)
