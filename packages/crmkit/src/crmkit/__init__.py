"""crmkit: one Python toolkit for CRM and billing APIs.

This umbrella package holds the unified client (:func:`connect`, :func:`aconnect`), the sync
engine (:mod:`crmkit.sync`) and the CLI. Vendor packages (``crmkit.prosperworks``,
``crmkit.contacthub``, ...) and ``crmkit.core`` are separate distributions sharing the ``crmkit``
namespace; install them as extras: ``pip install "crmkit[contacthub]"``.
"""

# Several distributions install into ``crmkit/``; only this one ships ``crmkit/__init__.py``.
# Extending __path__ with every other ``crmkit`` directory on sys.path lets ``crmkit.core`` and
# the vendor portions be found wherever each is installed (one site-packages, or one ``src``
# directory per package in editable installs). This is what pkgutil.extend_path does for
# directories, without importing pkgutil at start-up.
import os as _os
import sys as _sys

for _entry in _sys.path:
    _candidate = _os.path.join(_entry or _os.curdir, __name__)
    if _candidate not in __path__ and _os.path.isdir(_candidate):
        __path__.append(_candidate)
del _entry, _candidate

from typing import TYPE_CHECKING, Any

from crmkit.core import vendors

from ._version import __version__

if TYPE_CHECKING:
    from . import sync
    from .unified import AsyncClient, Client, aconnect, connect

__all__ = ["AsyncClient", "Client", "__version__", "aconnect", "connect", "sync", "vendors"]

_LAZY = {
    "connect": "crmkit.unified",
    "aconnect": "crmkit.unified",
    "Client": "crmkit.unified",
    "AsyncClient": "crmkit.unified",
}


def __getattr__(name: str) -> Any:
    # The unified client and sync are imported on first use, so `import crmkit` stays cheap.
    import importlib

    if name == "sync":
        return importlib.import_module("crmkit.sync")  # a callable module: crmkit.sync(...)
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'crmkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value
