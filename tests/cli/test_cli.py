"""The crmkit command line: version, vendors, emulator serve (over a real socket)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from support.notes import TOKEN
from support.plugin import install_notes_vendor
from typer.testing import CliRunner

from crmkit.cli import app

TESTS = Path(__file__).resolve().parent.parent
runner = CliRunner()
CLI = "from crmkit.cli import main; main()"


def test_version_prints_crmkit_and_core_versions() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("crmkit 0.1.0 (core 0.1.0)")


def test_vendors_lists_the_installed_vendors() -> None:
    result = runner.invoke(app, ["vendors"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for name in ("prosperworks", "spreedly", "contacthub", "procuret", "clevertim"):
        assert name in result.output


def test_no_arguments_shows_help() -> None:
    result = runner.invoke(app, [])
    assert "emulator" in result.output and "vendors" in result.output


def test_emulator_serve_refuses_non_loopback_host() -> None:
    result = runner.invoke(app, ["emulator", "serve", "prosperworks", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "loopback" in result.output


def test_emulator_serve_unknown_vendor_names_the_extra() -> None:
    result = runner.invoke(app, ["emulator", "serve", "hubspot"])
    assert result.exit_code == 2
    assert 'pip install "crmkit[hubspot]"' in result.output


def _serve(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    site = install_notes_vendor(tmp_path)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(TESTS)])}
    return subprocess.Popen(
        [sys.executable, "-c", CLI, "emulator", "serve", "notes", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_emulator_serve_prints_base_url_and_serves_until_sigterm(tmp_path: Path) -> None:
    proc = _serve(tmp_path, "--records", "3", "--port", "0")
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith("notes emulator listening on http://127.0.0.1:")
        base_url = line.rsplit(" ", 1)[1]
        assert base_url.endswith("/api/v1/")
        response = httpx.get(base_url + "notes/3", headers={"X-Token": TOKEN}, timeout=5)
        assert response.json() == {"id": 3, "text": "note 2"}
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0


def test_emulator_serve_credentials_file_restricts_access(tmp_path: Path) -> None:
    creds = tmp_path / "creds.txt"
    creds.write_text("# allowed tokens\nonly-this-token\n")
    proc = _serve(tmp_path, "--credentials", str(creds), "--fault", "503:0", "--rate-limit", "off")
    try:
        assert proc.stdout is not None
        base_url = proc.stdout.readline().strip().rsplit(" ", 1)[1]
        denied = httpx.get(base_url + "notes", headers={"X-Token": TOKEN}, timeout=5)
        assert denied.status_code == 401
        ok = httpx.get(base_url + "notes", headers={"X-Token": "only-this-token"}, timeout=5)
        assert ok.status_code == 200
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)


@pytest.mark.parametrize("spec", ["bogus:0.1", "503:7"])
def test_emulator_serve_refuses_bad_fault_specs(tmp_path: Path, spec: str) -> None:
    proc = _serve(tmp_path, "--fault", spec)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 2
    assert "fault" in err
