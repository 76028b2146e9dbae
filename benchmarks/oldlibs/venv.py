"""A separate virtualenv for the old client libraries, created on demand.

The old libraries are installed from PyPI into ``benchmarks/.oldlibs/venv`` (gitignored), never
into the project's environment or dependencies, and their code is never committed. The
compatibility fixes they need on Python 3.11 live in ``run_old.py`` and are applied in that
process only.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

__all__ = ["OLD_LIBS", "PINS", "RUNNER", "VENV", "ensure", "python", "versions"]

HERE = Path(__file__).resolve().parent
VENV = HERE.parent / ".oldlibs" / "venv"
RUNNER = str(HERE / "run_old.py")

# vendor -> the old library's distribution. pyspreedly does not install on Python 3.
OLD_LIBS = {
    "prosperworks": "prospyr",
    "contacthub": "contacthub-sdk-python",
    "clevertim": "clevertimapi",
    "procuret": "procuret",
}
PINS = [
    "prospyr==0.8.0",
    "marshmallow<3",  # prospyr 0.8 is written against marshmallow 2
    "contacthub-sdk-python==0.2",
    "clevertimapi==0.0.1",
    "procuret==0.0.48",
]


def python() -> Path:
    """The old-libs interpreter."""
    return VENV / "bin" / "python"


def _ready() -> bool:
    marker = VENV / "pins.json"
    return python().exists() and marker.exists() and json.loads(marker.read_text()) == PINS


def ensure(log: bool = True) -> Path:
    """Create the virtualenv and install the pinned old libraries, unless already done."""
    if _ready():
        return python()
    if log:
        print(f"creating the old-libraries virtualenv in {VENV} ...", file=sys.stderr)
    VENV.parent.mkdir(parents=True, exist_ok=True)
    (VENV.parent / ".gitignore").write_text("*\n")
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
    subprocess.run(
        [str(python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *PINS],
        check=True,
    )
    (VENV / "pins.json").write_text(json.dumps(PINS))
    return python()


def versions() -> dict[str, str]:
    """Installed versions of the old libraries (empty when the virtualenv is missing)."""
    if not python().exists():
        return {}
    code = (
        "import json, importlib.metadata as m\n"
        f"names = {sorted({*OLD_LIBS.values(), 'requests', 'marshmallow'})!r}\n"
        "out = {}\n"
        "for n in names:\n"
        "    try: out[n] = m.version(n)\n"
        "    except m.PackageNotFoundError: pass\n"
        "print(json.dumps(out))\n"
    )
    proc = subprocess.run([str(python()), "-c", code], capture_output=True, text=True, check=False)
    try:
        result: dict[str, str] = json.loads(proc.stdout)
    except ValueError:
        return {}
    return result
