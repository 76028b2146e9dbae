"""Fixtures shared by the whole suite, and the ``--run-soak`` switch for the long variants."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

SOAK_REASON = "soak test: long variant, runs only with --run-soak (nox -s soak)"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-soak",
        action="store_true",
        default=False,
        help="run the long reliability variants marked @pytest.mark.soak (nox -s soak)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Soak tests are collected, then skipped with a reason, so a default run reports them as
    # skipped (never as passed) and `-m soak` without --run-soak does not run them by accident.
    if config.getoption("--run-soak"):
        return
    skip = pytest.mark.skip(reason=SOAK_REASON)
    for item in items:
        if item.get_closest_marker("soak") is not None:
            item.add_marker(skip)


@pytest.fixture
def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class FakeSleep:
    """Records requested sleeps instead of sleeping (sync and async)."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def fake_sleep() -> FakeSleep:
    return FakeSleep()


@pytest.fixture
def minicrm_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The minicrm test vendor registered through an entry point, for one test only.

    The registry is refreshed after sys.path is restored, so no later test sees minicrm.
    """
    from support.minicrm import install

    from crmkit.core import vendors

    monkeypatch.syspath_prepend(str(install(tmp_path / "minicrm-site")))
    vendors(refresh=True)
    yield
    monkeypatch.undo()
    vendors(refresh=True)
