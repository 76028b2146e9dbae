"""Regenerate the capability matrix in docs/unified.md from the installed vendors."""

from __future__ import annotations

from _merged import ROOT

from crmkit.unified._matrix import write

if __name__ == "__main__":
    write(ROOT / "docs" / "unified.md")
