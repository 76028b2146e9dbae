"""Build the documentation site strictly (``mkdocs build --strict``).

The API reference is generated from the merged source tree (see ``_merged.py``), which this
script exposes to mkdocstrings through ``CRMKIT_DOCS_SRC``. Extra arguments go to mkdocs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from _merged import ROOT, merged_namespace


def main(argv: list[str]) -> int:
    with merged_namespace() as tree:
        env = {**os.environ, "CRMKIT_DOCS_SRC": str(tree), "NO_MKDOCS_2_WARNING": "1"}
        mkdocs = shutil.which("mkdocs") or "mkdocs"
        return subprocess.call([mkdocs, "build", "--strict", *argv], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
