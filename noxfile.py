"""Development tasks: ``nox -s tests lint typecheck layers docs``; ``bench``/``soak`` on demand."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck", "layers", "docs"]
nox.options.reuse_existing_virtualenvs = True

PYTHON = "3.11"


def _dev(session: nox.Session) -> None:
    session.install("-r", "requirements-dev.txt")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The test suite (what CI runs)."""
    _dev(session)
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    session.install("ruff>=0.5")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict over every package."""
    _dev(session)
    session.run("mypy")


@nox.session(python=PYTHON)
def layers(session: nox.Session) -> None:
    """import-linter contracts: core imports no vendor; vendors import no other vendor."""
    _dev(session)
    session.run("python", "scripts/check_layers.py")


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the docs site strictly."""
    _dev(session)
    session.run("python", "scripts/build_docs.py", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmarks (on demand, never part of the test suite)."""
    _dev(session)
    session.run("python", "-m", "benchmarks", *session.posargs)


@nox.session(python=PYTHON)
def soak(session: nox.Session) -> None:
    """The long reliability variants (not in CI)."""
    _dev(session)
    session.run("pytest", "-m", "soak", "--run-soak", *session.posargs)
