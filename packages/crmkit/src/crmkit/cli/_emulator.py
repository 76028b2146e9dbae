"""``crmkit emulator serve``: run a vendor's emulator on loopback until interrupted."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path
from typing import Annotated, Any

import typer

emulator_app = typer.Typer(help="Run vendor API emulators.", no_args_is_help=True)


def _read_credentials(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def build_emulator(
    vendor: str,
    *,
    records: int = 0,
    seed: int = 0,
    faults: list[str] | None = None,
    latency_ms: float = 0.0,
    rate_limit: str | None = None,
    credentials: list[str] | None = None,
) -> Any:
    """Create ``vendor``'s emulator from CLI-style options."""
    from crmkit.core import get_vendor
    from crmkit.core.emulator import EmulatorOptions, Faults

    spec = get_vendor(vendor)
    factory = spec.load("emulator")
    if rate_limit is None:
        limit: int | None = None
    elif rate_limit.lower() == "off":
        limit = 0
    else:
        limit = int(rate_limit)
        if limit < 1:
            raise typer.BadParameter("--rate-limit takes a positive number or 'off'")
    fault_config = Faults.from_specs(faults or [], latency=latency_ms / 1000.0, seed=seed)
    options = EmulatorOptions(
        records=records, seed=seed, faults=fault_config, rate_limit=limit, credentials=credentials
    )
    return factory(options)


@emulator_app.command("serve")
def serve(
    vendor: Annotated[str, typer.Argument(help="The vendor to emulate (see `crmkit vendors`).")],
    host: Annotated[
        str, typer.Option(help="Address to bind (loopback only, see --allow-remote).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to bind; 0 picks a free one.")] = 0,
    records: Annotated[int, typer.Option(help="Fake records to seed the demo account with.")] = 0,
    seed: Annotated[int, typer.Option(help="Seed for fake data and faults.")] = 0,
    fault: Annotated[
        list[str] | None,
        typer.Option(
            "--fault", help="KIND:RATE, e.g. 429:0.05, 503:0.1, drop:0.02, truncate:0.01."
        ),
    ] = None,
    latency: Annotated[
        float, typer.Option("--latency", help="Added latency per request, ms.")
    ] = 0.0,
    rate_limit: Annotated[
        str | None,
        typer.Option("--rate-limit", help="Requests per minute per credential, or 'off'."),
    ] = None,
    credentials: Annotated[
        Path | None,
        typer.Option(
            help="File of accepted credentials, one per line (default: any well-formed one)."
        ),
    ] = None,
    allow_remote: Annotated[
        bool, typer.Option("--allow-remote", help="Allow binding a non-loopback address.")
    ] = False,
) -> None:
    """Serve VENDOR's API on loopback until SIGINT or SIGTERM."""
    from crmkit.core import CrmError, is_loopback_host

    if not is_loopback_host(host) and not allow_remote:
        typer.echo(
            f"Refusing to bind {host}: emulators serve loopback only. "
            "Pass --allow-remote to override.",
            err=True,
        )
        raise typer.Exit(2)
    try:
        emulator = build_emulator(
            vendor,
            records=records,
            seed=seed,
            faults=fault,
            latency_ms=latency,
            rate_limit=rate_limit,
            credentials=_read_credentials(credentials) if credentials else None,
        )
    except (CrmError, ValueError) as exc:
        typer.echo(f"crmkit: {exc}", err=True)
        raise typer.Exit(2) from exc
    server = emulator.serve(host, port, allow_remote=allow_remote)
    stop = threading.Event()

    def _stop(signum: int, frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    server.start()
    sys.stdout.write(f"{vendor} emulator listening on {server.base_url}\n")
    sys.stdout.flush()
    while not stop.wait(0.5):
        pass
    server.stop()
