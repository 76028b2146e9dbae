"""The emulator on loopback and through the CLI's builder: the printed root ends in /api."""

from __future__ import annotations

import httpx
from support.clevertim import basic

from crmkit.clevertim.emulator import ClevertimEmulator
from crmkit.core import get_vendor
from crmkit.core.emulator import EmulatorServer


def test_the_loopback_base_url_is_the_api_root(server: EmulatorServer) -> None:
    assert server.base_url.startswith("http://127.0.0.1:")
    assert server.base_url.endswith("/api")
    response = httpx.get(server.base_url + "/contact/1234", headers={"Authorization": basic("K1")})
    assert response.status_code == 200 and response.json()["content"][0]["id"] == 1234


def test_the_registry_builds_the_emulator_with_records() -> None:
    factory = get_vendor("clevertim").load("emulator")
    from crmkit.core.emulator import EmulatorOptions

    emu = factory(EmulatorOptions(records=5))
    assert isinstance(emu, ClevertimEmulator)
    assert len(list(emu.account.rows("contact"))) == 5


def test_the_cli_builder_creates_a_clevertim_emulator() -> None:
    from crmkit.cli._emulator import build_emulator

    emu = build_emulator("clevertim", records=3, seed=1, rate_limit="off")
    with emu.serve(port=0) as running:
        root = running.base_url
        ok = httpx.get(root + "/contact", headers={"Authorization": basic("ANY")})
    assert root.endswith("/api") and len(ok.json()["content"]) == 3
