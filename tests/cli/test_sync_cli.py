"""`crmkit sync`, `crmkit status` and `crmkit demo` on the minicrm test vendor."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.pairs import Pair
from typer.testing import CliRunner

from crmkit.cli import app
from crmkit.core import Secret

runner = CliRunner()


@pytest.fixture
def served(
    minicrm_installed: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Pair, Path]]:
    pair = Pair(source_records=25)
    with pair.source_emu.serve() as src, pair.target_emu.serve() as dst:
        config = tmp_path / "crmkit.toml"
        config.write_text(
            f'[profiles.src]\nvendor = "minicrm"\ntoken = "cli-src-secret-77"\nbase_url = "{src.base_url}"\n'
            f'[profiles.dst]\nvendor = "minicrm"\ntoken_env = "DST_TOKEN"\nbase_url = "{dst.base_url}"\n'
        )
        monkeypatch.setenv("CRMKIT_CONFIG", str(config))
        monkeypatch.setenv("DST_TOKEN", "cli-dst-secret-88")
        yield pair, tmp_path


def _sync(tmp: Path, *args: str) -> object:
    return runner.invoke(app, ["sync", "src", "dst", "--state", str(tmp / "state.db"), *args])


def test_sync_json_report(served: tuple[Pair, Path]) -> None:
    pair, tmp = served
    result = _sync(tmp, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (
        report["created"] == 25
        and report["failed"] == 0
        and report["job_id"] == "src->dst:contacts"
    )
    pair.assert_in_step()


def test_sync_table_report_and_no_secret_in_output(served: tuple[Pair, Path]) -> None:
    _, tmp = served
    Secret("cli-src-secret-77")
    result = _sync(tmp)
    assert result.exit_code == 0
    assert "created" in result.output and "25" in result.output
    assert "cli-src-secret-77" not in result.output and "cli-dst-secret-88" not in result.output


def test_dry_run_writes_nothing(served: tuple[Pair, Path]) -> None:
    pair, tmp = served
    result = _sync(tmp, "--dry-run", "--json")
    assert json.loads(result.output)["created"] == 25
    assert pair.writes() == []


def test_since_must_have_a_zone(served: tuple[Pair, Path]) -> None:
    _, tmp = served
    result = _sync(tmp, "--since", "2026-01-01T00:00:00")
    assert result.exit_code == 2 and "timezone" in result.output


def test_unknown_match_key_is_a_clear_error(served: tuple[Pair, Path]) -> None:
    _, tmp = served
    result = _sync(tmp, "--match", "phone")
    assert result.exit_code == 2 and "match_on must be one of" in result.output


def test_failures_exit_1_and_retry_failed_recovers(served: tuple[Pair, Path]) -> None:
    from crmkit.core.emulator import Faults

    pair, tmp = served
    pair.target_emu.faults = Faults(rates={"500": 1.0}, only_paths=("/contacts",))
    result = _sync(tmp, "--json")
    assert result.exit_code == 1 and json.loads(result.output)["failed"] == 25
    pair.target_emu.faults = Faults()
    result = _sync(tmp, "--retry-failed", "--json")
    assert result.exit_code == 0 and json.loads(result.output)["created"] == 25
    pair.assert_in_step()


def test_status_shows_jobs_checkpoints_and_last_run(served: tuple[Pair, Path]) -> None:
    _, tmp = served
    _sync(tmp, "--json")
    result = runner.invoke(app, ["status", "--state", str(tmp / "state.db"), "--json"])
    [job] = json.loads(result.output)
    assert job["job_id"] == "src->dst:contacts" and job["synced_records"] == 25
    assert job["last_run"]["status"] == "completed" and job["checkpoint"]["updated_at"]
    table = runner.invoke(app, ["status", "--state", str(tmp / "state.db")])
    assert table.exit_code == 0 and "completed" in table.output


def test_status_without_state_store(tmp_path: Path) -> None:
    result = runner.invoke(app, ["status", "--state", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "No state store" in result.output


def test_demo_runs_and_checks(served: tuple[Pair, Path]) -> None:
    result = runner.invoke(
        app,
        [
            "demo",
            "--source",
            "minicrm",
            "--target",
            "minicrm",
            "--records",
            "60",
            "--changes",
            "7",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["first"]["created"] == 60
    assert data["second"]["updated"] == 7 and data["second"]["mode"] == "incremental"
    assert data["check"] == {
        "present": 60,
        "missing": 0,
        "duplicates": 0,
        "mismatches": [],
        "ok": True,
    }
