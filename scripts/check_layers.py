"""Check the import-linter layer contracts (``pyproject.toml``) over the whole namespace."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from _merged import ROOT, merged_namespace


def main() -> int:
    with merged_namespace() as tree:
        env = {**os.environ, "PYTHONPATH": str(tree)}
        lint = shutil.which("lint-imports") or "lint-imports"
        cmd = [lint, "--config", str(ROOT / "pyproject.toml"), "--no-cache", "--no-logo"]
        return subprocess.call(cmd, cwd=tree, env=env)


if __name__ == "__main__":
    sys.exit(main())
