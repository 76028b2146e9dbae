"""The capability matrix (entity x operation x vendor), generated from ``capabilities``.

``docs/unified.md`` embeds the output of :func:`capability_matrix`; a test regenerates it and
compares, so the page cannot drift from the code. Regenerate with
``python scripts/gen_capabilities.py``.
"""

from __future__ import annotations

from pathlib import Path

from crmkit.core import vendors
from crmkit.core.unified import ENTITY_MODELS, OPERATIONS, EntityCapabilities

__all__ = ["BEGIN", "END", "capability_matrix", "vendor_capabilities"]

BEGIN = "<!-- capability-matrix:begin (generated; do not edit) -->"
END = "<!-- capability-matrix:end -->"


def vendor_capabilities() -> dict[str, dict[str, EntityCapabilities]]:
    """Vendor -> entity -> capabilities, from each installed vendor's demo backend."""
    out: dict[str, dict[str, EntityCapabilities]] = {}
    for name, spec in sorted(vendors().items()):
        if not spec.unified:
            continue
        factory = spec.load("unified")
        backend_cls = factory
        settings = getattr(backend_cls, "demo_settings", None)
        backend = factory(settings() if callable(settings) else {})
        out[name] = backend.capabilities()
    return out


def capability_matrix() -> str:
    """A markdown table per entity: vendors as rows, operations as columns."""
    caps = vendor_capabilities()
    lines: list[str] = []
    for entity in ENTITY_MODELS:
        lines.append(f"### {entity}")
        lines.append("")
        header = ["vendor", *OPERATIONS, "updated_since", "match keys", "notes"]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "---|" * len(header))
        for vendor, entities in caps.items():
            cap = entities.get(entity)
            if cap is None:
                cells = [vendor, *("-" for _ in OPERATIONS), "-", "-", "not available"]
            else:
                cells = [
                    vendor,
                    *("yes" if cap.supports(op) else "-" for op in OPERATIONS),
                    cap.updated_since,
                    ", ".join(cap.match_keys) or "-",
                    cap.notes.replace("|", "/") or "",
                ]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join([BEGIN, "", *lines, END])


def write(path: Path) -> None:
    """Replace the generated block in ``path`` with a fresh matrix."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    path.write_text(text[:start] + capability_matrix() + text[end:], encoding="utf-8")
