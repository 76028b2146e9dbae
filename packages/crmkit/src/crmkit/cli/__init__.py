"""The ``crmkit`` command line: ``crmkit --version``, ``vendors``, ``emulator serve``, ``demo``.

Each command lives in its own module; this one assembles the typer application.
"""

from __future__ import annotations

from ._app import app, main

__all__ = ["app", "main"]
