"""Crash safety: a sync killed with SIGKILL at many points and run again ends exactly right.

Source and target emulators are served on loopback from this process; each sync runs as a
`crmkit sync` subprocess. The target emulator kills the subprocess (SIGKILL) when the cumulative
number of writes it has received reaches the next kill point: half of the time before handling
the write (the request is lost), half of the time after handling it but before answering (the
create happened, the client never learns). Reads of the source are kill points too. The run is
restarted until one finishes unkilled; then the target must hold every source record exactly
once, with the source's content. Matching is by id map only and the target does not refuse
duplicate emails, so only the create intents stand between a kill and a duplicate.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from support.minicrm import MiniCrmEmulator, install
from support.pairs import Pair

from crmkit.core.emulator import EmuRequest, EmuResponse

TESTS = Path(__file__).resolve().parents[1]
RECORDS = 150
WRITE_KILL_POINTS = [
    3,
    9,
    16,
    22,
    31,
    40,
    47,
    55,
    63,
    70,
    78,
    86,
    95,
    101,
    109,
    118,
    126,
    133,
    141,
    147,
]
READ_KILL_POINTS = [2, 5]


class Killer:
    """Wraps an emulator's handler to SIGKILL the current sync process at given points."""

    def __init__(
        self, emulator: MiniCrmEmulator, methods: tuple[str, ...], points: list[int]
    ) -> None:
        self.emulator = emulator
        self.methods = methods
        self.points = list(points)
        self.count = 0
        self.pid: int | None = None
        self.kills = 0
        self.lock = threading.Lock()
        original = emulator.handle

        def handle(request: EmuRequest) -> EmuResponse:
            kill_after = False
            with self.lock:
                if request.method in self.methods and request.path.startswith("/contacts"):
                    self.count += 1
                    if self.points and self.count >= self.points[0] and self.pid is not None:
                        self.points.pop(0)
                        if self.kills % 2 == 0:
                            self._kill()
                            return EmuResponse(fault="drop")
                        kill_after = True
            response = original(request)
            if kill_after:
                with self.lock:
                    self._kill()
            return response

        emulator.handle = handle  # type: ignore[method-assign]

    def _kill(self) -> None:
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.kills += 1


def _run_sync(config: Path, state: Path, env: dict[str, str], killers: list[Killer]) -> int:
    cmd = [
        sys.executable,
        "-c",
        "from crmkit.cli import main; main()",
        "sync",
        "src",
        "dst",
        "--state",
        str(state),
        "--batch-size",
        "10",
        "--concurrency",
        "3",
        "--match",
        "id-map",
        "--json",
    ]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=config.parent
    )
    for killer in killers:
        killer.pid = proc.pid
    proc.communicate(timeout=120)
    for killer in killers:
        killer.pid = None
    return proc.returncode


@pytest.mark.slow
def test_sync_killed_at_22_points_ends_with_exact_target(tmp_path: Path) -> None:
    site = install(tmp_path / "site")
    pair = Pair(source_records=RECORDS, unique_emails=False)
    read_killer = Killer(pair.source_emu, ("GET",), READ_KILL_POINTS)
    write_killer = Killer(pair.target_emu, ("POST", "PATCH"), WRITE_KILL_POINTS)
    with pair.source_emu.serve() as src, pair.target_emu.serve() as dst:
        config = tmp_path / "crmkit.toml"
        config.write_text(
            '[profiles.src]\nvendor = "minicrm"\ntoken = "kill-src-token"\n'
            f'base_url = "{src.base_url}"\n'
            '[profiles.dst]\nvendor = "minicrm"\ntoken = "kill-dst-token"\n'
            f'base_url = "{dst.base_url}"\n'
        )
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(site), str(TESTS)]),
            "CRMKIT_CONFIG": str(config),
        }
        state = tmp_path / "state.db"
        codes: list[int] = []
        for _ in range(60):
            code = _run_sync(config, state, env, [read_killer, write_killer])
            codes.append(code)
            if code == 0 and not write_killer.points:
                break
    kills = read_killer.kills + write_killer.kills
    assert kills >= 22, (kills, codes)
    assert codes[-1] == 0
    assert -signal.SIGKILL in codes
    pair.assert_in_step()
    assert len(pair.target_emu.contacts) == RECORDS
