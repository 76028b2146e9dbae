"""The vendor registry: installed vendors, a clear error for missing ones, third-party plug-ins."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from crmkit.core import VendorNotInstalled, VendorSpec, get_vendor, vendors

FIVE = {"prosperworks", "spreedly", "contacthub", "procuret", "clevertim"}


def test_the_five_vendors_are_registered() -> None:
    assert set(vendors()) >= FIVE


def test_spec_describes_the_vendor() -> None:
    spec = get_vendor("prosperworks")
    assert spec.distribution == "crmkit-prosperworks"
    assert spec.module == "crmkit.prosperworks"
    assert spec.version == "0.1.0"


def test_missing_vendor_names_the_extra_to_install() -> None:
    with pytest.raises(VendorNotInstalled, match=r'pip install "crmkit\[hubspot\]"'):
        get_vendor("hubspot")


def test_third_party_vendor_registers_through_an_entry_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A package outside this repository adds a sixth vendor with only an entry point."""
    pkg = tmp_path / "acme_crm"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(
        textwrap.dedent(
            """
            from crmkit.core import VendorSpec
            SPEC = VendorSpec(
                name="acme", title="Acme CRM", distribution="acme-crm", module="acme_crm",
                default_base_url="https://api.acme.example/", emulator="acme_crm:make_emulator",
            )
            def make_emulator(options):
                return "acme emulator"
            """
        )
    )
    dist = tmp_path / "acme_crm-1.2.3.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-crm\nVersion: 1.2.3\n")
    (dist / "entry_points.txt").write_text("[crmkit.vendors]\nacme = acme_crm:SPEC\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        found = vendors(refresh=True)
        assert "acme" in found
        spec = get_vendor("acme")
        assert isinstance(spec, VendorSpec)
        assert spec.version == "1.2.3"
        assert spec.load("emulator")(None) == "acme emulator"
    finally:
        sys.modules.pop("acme_crm", None)
        monkeypatch.undo()
        vendors(refresh=True)
    assert "acme" not in vendors()
