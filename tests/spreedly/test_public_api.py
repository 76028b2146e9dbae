"""The curated public surface, and the read cache."""

from __future__ import annotations

import importlib
import inspect

import pytest
from support.spreedly import TOKEN, make_emulator

import crmkit.spreedly
from crmkit.core import TTLCache
from crmkit.spreedly import Spreedly


@pytest.mark.parametrize(
    "module",
    [
        "crmkit.spreedly",
        "crmkit.spreedly.api",
        "crmkit.spreedly.errors",
        "crmkit.spreedly.models",
        "crmkit.spreedly.objectify",
        "crmkit.spreedly.emulator",
        "crmkit.spreedly.unified",
    ],
)
def test_every_exported_name_exists_and_is_documented(module: str) -> None:
    mod = importlib.import_module(module)
    assert mod.__doc__
    for name in mod.__all__:
        obj = getattr(mod, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert obj.__doc__, f"{module}.{name} has no docstring"


def test_old_import_paths() -> None:
    from crmkit.spreedly.api import Client, HTTPError  # noqa: F401
    from crmkit.spreedly.objectify import objectify_spreedly  # noqa: F401

    assert crmkit.spreedly.api.API_VERSION == "v4"


def test_reads_are_cached_and_writes_invalidate() -> None:
    emulator = make_emulator(3)
    with Spreedly(TOKEN, "demo-test", transport=emulator.transport(), cache=TTLCache()) as c:
        c.plans.list()
        c.plans.list()
        c.subscribers.create("c1", "x")
        c.subscribers.get("c1")
        c.subscribers.get("c1")
        c.subscribers.update("c1", email="new@example.org")
        assert c.subscribers.get("c1").email == "new@example.org"
    gets = [r.path.rsplit("/", 1)[-1] for r in emulator.requests_to("GET")]
    assert gets == ["subscription_plans.xml", "c1.xml", "c1.xml"]
