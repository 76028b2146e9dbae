"""Keep ``import httpx`` from importing httpx's command-line client.

``httpx/__init__.py`` runs ``from ._main import main``; ``httpx._main`` imports click, rich and
pygments whenever they are installed (they are wherever the ``crmkit`` CLI is), which costs
about 45 ms at every import of crmkit. Before httpx is first imported, crmkit registers a
stand-in for ``httpx._main`` whose ``main`` loads the real module on first call; any other
attribute access loads it too. ``httpx.main()`` and ``import httpx._main`` behave as before.
Nothing happens when httpx was imported already.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

__all__ = ["install"]

_NAME = "httpx._main"


def _real() -> types.ModuleType:
    if isinstance(sys.modules.get(_NAME), _StandIn):
        del sys.modules[_NAME]
    module = importlib.import_module(_NAME)
    return module


def _main(*args: Any, **kwargs: Any) -> Any:
    """httpx's command-line client (imported on first call)."""
    return _real().main(*args, **kwargs)


class _StandIn(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return getattr(_real(), name)


def install() -> None:
    """Register the stand-in, unless httpx (or its CLI module) is already imported."""
    if "httpx" in sys.modules or _NAME in sys.modules:
        return
    stand_in = _StandIn(_NAME, "Stand-in for httpx._main; loads it on first use.")
    stand_in.main = _main  # type: ignore[attr-defined]
    sys.modules[_NAME] = stand_in


install()
