"""Register a test vendor the way an installed third-party package would: a dist-info folder
with an entry point in the ``crmkit.vendors`` group."""

from __future__ import annotations

from pathlib import Path


def write_vendor_dist_info(site: Path, distribution: str, vendor: str, spec: str) -> Path:
    """Write ``<distribution>-0.0.1.dist-info`` declaring ``vendor = spec`` into ``site``."""
    folder = site / f"{distribution.replace('-', '_')}-0.0.1.dist-info"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 0.0.1\n"
    )
    (folder / "entry_points.txt").write_text(f"[crmkit.vendors]\n{vendor} = {spec}\n")
    return site
