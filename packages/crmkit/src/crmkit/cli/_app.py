"""The typer application and the commands that need no vendor code of their own."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from .._version import __version__
from ._demo import demo_command
from ._emulator import emulator_app
from ._sync import status_command, sync_command

app = typer.Typer(
    name="crmkit",
    help="crmkit: typed clients, emulators and sync jobs for CRM and billing APIs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(emulator_app, name="emulator")
app.command("sync")(sync_command)
app.command("status")(status_command)
app.command("demo")(demo_command)

console = Console()


def _version_callback(value: bool) -> None:
    if value:
        from crmkit.core import __version__ as core_version

        console.print(f"crmkit {__version__} (core {core_version})", highlight=False)
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """crmkit: typed clients, emulators and sync jobs for CRM and billing APIs."""


@app.command("vendors")
def vendors_command() -> None:
    """List the installed vendor packages and what each can do."""
    from crmkit.core import vendors

    found = vendors()
    if not found:
        console.print('No vendor installed. Install one with: pip install "crmkit[contacthub]"')
        raise typer.Exit(0)
    table = Table(title="Installed crmkit vendors")
    table.add_column("vendor", style="bold")
    table.add_column("version")
    table.add_column("unified entities")
    table.add_column("rate limit")
    table.add_column("title")
    for name in sorted(found):
        spec = found[name]
        limit = f"{spec.rate_limit[0]:g}/{spec.rate_limit[1]:g}s" if spec.rate_limit else "-"
        table.add_row(
            name, spec.version, ", ".join(spec.entities) or "(vendor-only)", limit, spec.title
        )
    console.print(table)


def main() -> None:
    """Entry point of the ``crmkit`` command."""
    from crmkit.core import setup_logging

    setup_logging()
    app()
