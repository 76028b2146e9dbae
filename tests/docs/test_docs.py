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


def _python_blocks(page: str) -> list[str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    blocks, inside, current = [], False, []
    for line in text.splitlines():
        if line.strip() == "```python":
            inside, current = True, []
        elif line.strip() == "```" and inside:
            inside = False
            blocks.append("\n".join(current))
        elif inside:
            current.append(line)
    return blocks


def test_index_thirty_seconds_example_runs(capsys: object) -> None:
    """The home page's example runs as written (against the emulator it starts itself)."""
    [example] = _python_blocks("index.md")
    exec(compile(example, "docs/index.md", "exec"), {})
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert out.startswith("Steve Cognito [Email(email='steve@example.org'")
