"""The shared ``crmkit`` namespace works in editable and in normal (wheel) installs.

Seven distributions install into ``crmkit/``: the umbrella ships the only ``__init__.py`` (which
extends ``__path__``), the others ship their subpackage alone. These tests build the real wheels
with hatchling, audit their contents, install them into a fresh directory and import from there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import crmkit

ROOT = Path(__file__).resolve().parents[2]
PORTIONS = ["core", "prosperworks", "spreedly", "contacthub", "procuret", "clevertim"]


def test_editable_install_finds_every_portion_in_its_src_dir() -> None:
    import importlib

    for name in PORTIONS:
        module = importlib.import_module(f"crmkit.{name}")
        assert module.__file__ is not None
        assert Path(module.__file__).is_relative_to(ROOT / "packages" / name / "src" / "crmkit")
    assert Path(crmkit.__file__ or "").is_relative_to(ROOT / "packages" / "crmkit" / "src")


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("wheels")
    for pkg in [*PORTIONS, "crmkit"]:
        subprocess.run(
            [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
            cwd=ROOT / "packages" / pkg,
            check=True,
            capture_output=True,
        )
    found = {p.name.split("-")[0]: p for p in out.glob("*.whl")}
    assert len(found) == 7, found
    return found


def test_only_the_umbrella_wheel_ships_crmkit_init(wheels: dict[str, Path]) -> None:
    for dist, wheel in wheels.items():
        names = zipfile.ZipFile(wheel).namelist()
        assert ("crmkit/__init__.py" in names) == (dist == "crmkit"), dist


def test_every_wheel_ships_its_py_typed(wheels: dict[str, Path]) -> None:
    for dist, wheel in wheels.items():
        names = set(zipfile.ZipFile(wheel).namelist())
        sub = dist.removeprefix("crmkit_")
        portion = "crmkit/py.typed" if dist == "crmkit" else f"crmkit/{sub}/py.typed"
        assert portion in names, (dist, portion)


def test_wheels_declare_vendor_entry_points(wheels: dict[str, Path]) -> None:
    for dist, wheel in wheels.items():
        if dist in ("crmkit", "crmkit_core"):
            continue
        with zipfile.ZipFile(wheel) as z:
            ep = next(n for n in z.namelist() if n.endswith("entry_points.txt"))
            assert "[crmkit.vendors]" in z.read(ep).decode()


def _install(wheels: list[Path], target: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            *map(str, wheels),
        ],
        check=True,
    )


_PROBE = """
import sys
target = sys.argv[1]
# Drop the editable installs' src directories: only the wheels in target may provide crmkit.
sys.path[:] = [target] + [p for p in sys.path if "/packages/" not in p and p != target]
import importlib
names = sys.argv[2].split(",")
for name in names:
    module = importlib.import_module(name)
    assert module.__file__.startswith(target), (name, module.__file__)
from crmkit.core import vendors
print(",".join(sorted(vendors())))
"""


def _probe(target: Path, modules: list[str]) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, str(target), ",".join(modules)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return result.stdout.strip()


def test_normal_install_of_core_and_one_vendor(wheels: dict[str, Path], tmp_path: Path) -> None:
    _install([wheels["crmkit_core"], wheels["crmkit_contacthub"], wheels["crmkit"]], tmp_path)
    listed = _probe(tmp_path, ["crmkit", "crmkit.core", "crmkit.contacthub", "crmkit.cli"])
    assert listed == "contacthub"


def test_normal_install_without_the_umbrella_is_a_plain_namespace(
    wheels: dict[str, Path], tmp_path: Path
) -> None:
    _install([wheels["crmkit_core"], wheels["crmkit_prosperworks"]], tmp_path)
    assert _probe(tmp_path, ["crmkit.core", "crmkit.prosperworks"]) == "prosperworks"


def test_normal_install_of_everything(wheels: dict[str, Path], tmp_path: Path) -> None:
    _install(list(wheels.values()), tmp_path)
    listed = _probe(tmp_path, ["crmkit", *(f"crmkit.{p}" for p in PORTIONS)])
    assert listed == "clevertim,contacthub,procuret,prosperworks,spreedly"
