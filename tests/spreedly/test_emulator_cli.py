"""``crmkit emulator serve spreedly`` prints a service root a client can take as it is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from crmkit.spreedly import Spreedly


def _crmkit() -> list[str]:
    script = Path(sys.executable).with_name("crmkit")
    if not script.exists():
        pytest.skip("the crmkit console script is not installed in this environment")
    return [str(script)]


def test_serve_prints_a_base_url_the_client_takes() -> None:
    proc = subprocess.Popen(
        [*_crmkit(), "emulator", "serve", "spreedly", "--records", "3", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith("spreedly emulator listening on http://127.0.0.1:")
        base_url = line.rsplit(" ", 1)[-1]
        assert base_url.endswith("/") and "/api/" not in base_url
        with Spreedly("any-token", "demo", base_url=base_url) as client:
            assert [s.customer_id for s in client.subscribers.list()] == ["1", "2", "3"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
