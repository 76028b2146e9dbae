"""Fixtures for the sync tests: state stores (SQLite, and PostgreSQL on loopback) and two CRMs."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.pairs import Pair

from crmkit.sync import StateStore, open_state


def _pg_binaries() -> tuple[str, str] | None:
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return initdb, pg_ctl
    for bindir in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(f"{bindir}/initdb"):
            return f"{bindir}/initdb", f"{bindir}/pg_ctl"
    return None


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL server on 127.0.0.1 for the session."""
    binaries = _pg_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found on this machine")
    initdb, pg_ctl = binaries
    # Not under pytest's tmp dir: its parents are private to root, and PostgreSQL must not
    # run as root, so the server's user has to be able to reach its directory.
    root = Path(tempfile.mkdtemp(prefix="crmkit-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    kwargs: dict[str, Any] = {}
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        user = "postgres" if _user_exists("postgres") else "nobody"
        shutil.chown(root, user)
        shutil.chown(sock, user)
        kwargs["user"] = user
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    subprocess.run(
        [initdb, "-D", str(data), "-A", "trust", "-U", "crmkit", "--no-sync"],
        check=True,
        capture_output=True,
        **kwargs,
    )
    options = f"-h 127.0.0.1 -p {port} -k {sock} -F"
    subprocess.run(
        [pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"],
        check=True,
        capture_output=True,
        **kwargs,
    )
    try:
        yield f"postgresql://crmkit@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True, **kwargs
        )
        shutil.rmtree(root, ignore_errors=True)


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _fresh_pg_database(url: str) -> str:
    import psycopg

    name = f"crmkit_{os.getpid()}_{time.monotonic_ns()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", "postgresql"])
def state_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh state store URL, once for SQLite and once for PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "state.db")
    return _fresh_pg_database(request.getfixturevalue("postgres_url"))


@pytest.fixture
def state(state_url: str) -> Iterator[StateStore]:
    store = open_state(state_url)
    yield store
    store.close()


@pytest.fixture
def pair(minicrm_installed: None) -> Pair:
    return Pair()
