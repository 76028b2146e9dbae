"""Merge every ``packages/*/src/crmkit`` portion into one ``crmkit`` tree in a temp directory.

Tools that analyse source without importing it (import-linter's grimp, mkdocstrings' griffe)
follow only one directory per package name, and the umbrella's ``crmkit/__init__.py`` makes
``crmkit`` a regular package, so they would see only the umbrella's portion. They run on this
merged copy instead.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def merged_namespace() -> Iterator[Path]:
    """Yield a directory holding the merged ``crmkit`` package."""
    with tempfile.TemporaryDirectory(prefix="crmkit-merged-") as tmp:
        merged = Path(tmp) / "crmkit"
        for portion in sorted(ROOT.glob("packages/*/src/crmkit")):
            shutil.copytree(
                portion,
                merged,
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            )
        yield Path(tmp)
