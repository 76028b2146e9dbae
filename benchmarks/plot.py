"""PNG charts of the results (matplotlib, benchmark-only dependency)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["plot"]


def plot(results: dict[str, Any], out_dir: Path) -> list[Path]:
    """Render the charts to ``out_dir``; returns the files written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    if results.get("overhead"):
        data = results["overhead"]
        vendors = list(data)
        ratios = [data[v]["ratio"] for v in vendors]
        targets = [data[v]["target"] for v in vendors]
        fig, ax = plt.subplots(figsize=(7, 3.6))
        colors = ["#2a9d8f" if r <= t else "#e76f51" for r, t in zip(ratios, targets, strict=True)]
        bars = ax.bar(vendors, ratios, color=colors)
        for i, t in enumerate(targets):
            ax.hlines(t, i - 0.4, i + 0.4, colors="black", linestyles="dashed", linewidth=1)
        ax.axhline(1.0, color="grey", linewidth=0.8)
        ax.bar_label(bars, labels=[f"{r:.2f}" for r in ratios], padding=2)
        ax.set_ylabel("crmkit / bare httpx (wall time)")
        ax.set_title("Per-request overhead (dashed: target)")
        ax.set_ylim(0, max([*ratios, *targets]) * 1.2)
        fig.tight_layout()
        path = out_dir / "overhead.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)

    if results.get("listing"):
        data = results["listing"]
        vendors = list(data)
        series = [
            ("crmkit-sync", "crmkit sync"),
            ("crmkit-async", "crmkit async"),
            ("old", "old library"),
        ]
        fig, ax = plt.subplots(figsize=(7.5, 3.8))
        width = 0.26
        for k, (key, label) in enumerate(series):
            values = [data[v][key]["records_per_s"] if key in data[v] else 0 for v in vendors]
            xs = [i + (k - 1) * width for i in range(len(vendors))]
            ax.bar(xs, values, width, label=label)
        ax.set_xticks(range(len(vendors)), vendors)
        ax.set_ylabel("records/s")
        ax.set_title("Listing 10,000 records")
        ax.legend()
        fig.tight_layout()
        path = out_dir / "listing.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)

    if results.get("memory"):
        for vendor, entry in results["memory"].items():
            fig, ax = plt.subplots(figsize=(7, 3.6))
            for mode, label in (("stream", "streamed (for ... in)"), ("list", "loaded as a list")):
                points = entry[mode]["series"]
                base = entry[mode]["baseline_mb"]
                xs = [n for _, n, _ in points]
                ys = [rss / 2**20 - base for _, _, rss in points]
                ax.plot(xs, ys, label=label)
            ax.axhline(150, color="black", linestyle="dashed", linewidth=1, label="target (150 MB)")
            ax.set_xlabel("records read")
            ax.set_ylabel("RSS over baseline (MB)")
            ax.set_title(f"Memory over a {entry['records']:,}-record {vendor} listing")
            ax.legend()
            fig.tight_layout()
            path = out_dir / f"memory-{vendor}.png"
            fig.savefig(path, dpi=110)
            plt.close(fig)
            written.append(path)
    return written
