"""The docs stay true: the capability matrix in docs/unified.md is the generated one."""

from __future__ import annotations

from pathlib import Path

from crmkit.unified._matrix import BEGIN, END, capability_matrix

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_capability_matrix_in_docs_is_current() -> None:
    text = (DOCS / "unified.md").read_text(encoding="utf-8")
    block = text[text.index(BEGIN) : text.index(END) + len(END)]
    assert block == capability_matrix(), (
        "docs/unified.md is stale: run python scripts/gen_capabilities.py"
    )
