"""Check the import-linter layer contracts over the whole ``crmkit`` namespace.

The namespace is split across seven distributions (``packages/*/src/crmkit``), and the
umbrella's ``crmkit/__init__.py`` makes it a regular package, so import-linter (grimp) would only
see the umbrella's own directory. This script copies every portion into one temporary
``crmkit`` tree and runs ``lint-imports`` against it with the contracts in ``pyproject.toml``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="crmkit-layers-") as tmp:
        merged = Path(tmp) / "crmkit"
        for portion in sorted(ROOT.glob("packages/*/src/crmkit")):
            shutil.copytree(
                portion,
                merged,
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            )
        env = {**os.environ, "PYTHONPATH": tmp}
        lint = shutil.which("lint-imports") or "lint-imports"
        cmd = [lint, "--config", str(ROOT / "pyproject.toml"), "--no-cache", "--no-logo"]
        return subprocess.call(cmd, cwd=tmp, env=env)


if __name__ == "__main__":
    sys.exit(main())
