"""Credentials never leak, and credentials never travel unprotected.

A canary secret (the token, API key or Procuret session key of every client here) is searched
for, together with every credential header value that actually went over the wire (Basic auth's
base64, bearer tokens, ProsperWorks' access token, Procuret's signature), in:

- ``repr`` and ``str`` of clients, auth objects, settings, sessions and unified clients;
- every log record at DEBUG of a full scenario over loopback (crmkit's, httpx's, httpcore's),
  including retries, errors, an authentication failure and a gateway that echoes the request's
  headers back in its error body;
- the exceptions those errors raise (message, ``repr``, attributes);
- a sync's report and its SQLite state store (the file and its WAL), with failures in it;
- the ``crmkit`` command's output (``sync``, ``status``, a failing run, ``CRMKIT_LOG=debug``).

Also: plain ``http://`` to a non-loopback host is refused unless explicitly allowed, and TLS
certificates are verified by default (a self-signed loopback server is refused).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from reliability.kit import (
    CANARY,
    CANARY_SESSION_ID,
    SURFACES,
    CrmError,
    Emulator,
    FaultScript,
    Sleeps,
    Step,
    Surface,
    canary_token,
    emulator_for,
    run_op,
    unified_settings,
)

import crmkit
from crmkit.core import ConfigurationError, ConnectError, Secret, get_vendor

TESTS = Path(__file__).resolve().parents[1]
SENSITIVE = {
    "authorization",
    "x-pw-accesstoken",
    "x-procuret-signature",
    "x-procuret-api-key",
    "cookie",
    "proxy-authorization",
}


def wire_secrets(emulator: Emulator) -> set[str]:
    """The canary and every credential header value the emulator received."""
    found = {CANARY}
    for request in emulator.requests:
        for name, value in request.headers.items():
            if name.lower() in SENSITIVE and len(value) >= 8:
                found.add(value)
                found.add(value.split(" ", 1)[-1])  # "Basic xxx" / "Bearer xxx": the credential
    return found


def assert_clean(texts: list[str], secrets: set[str], where: str) -> None:
    for text in texts:
        for secret in secrets:
            assert secret not in text, (
                f"a credential leaked in {where}: ...{_around(text, secret)}..."
            )


def _around(text: str, secret: str) -> str:
    at = text.find(secret)
    return text[max(0, at - 60) : at + len(secret) + 20]


class Capture(logging.Handler):
    """Every record of every logger, formatted with its traceback."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def debug_logs() -> Iterator[Capture]:
    capture = Capture()
    root = logging.getLogger()
    names = ["", "crmkit", "httpx", "httpcore", "hpack"]
    saved = {n: logging.getLogger(n).level for n in names}
    root.addHandler(capture)
    for name in names:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield capture
    finally:
        root.removeHandler(capture)
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


# -- reprs, logs and exceptions of a full scenario ----------------------------------------------


def _texts_of(obj: Any) -> list[str]:
    texts = [repr(obj), str(obj)]
    for name in ("api", "auth", "backend", "session", "settings", "_api", "_client"):
        value = getattr(obj, name, None)
        if value is not None:
            texts += [repr(value), str(value)]
            inner = getattr(value, "auth", None)
            if inner is not None:
                texts.append(repr(inner))
            settings = getattr(value, "settings", None)
            if settings is not None:
                texts.append(repr(settings))
    return texts


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("surface", SURFACES, ids=[s.id for s in SURFACES])
def test_full_scenario_leaks_no_credential(
    surface: Surface, mode: str, debug_logs: Capture
) -> None:
    emulator = surface.emulator()
    errors: list[BaseException] = []
    reprs: list[str] = []
    with emulator.serve() as server:
        sleeps = Sleeps()

        def scenario(steps: list[Step], op: str) -> None:
            with surface.script(emulator, op, steps, repeat=False):
                make = surface.make(
                    emulator, mode, base_url=server.base_url, sleep=sleeps.for_mode(mode)
                )

                def act(client: Any) -> Any:
                    reprs.extend(_texts_of(client))
                    return (
                        surface.read(client, emulator)
                        if op == "read"
                        else surface.create(client, len(emulator.requests))
                    )

                try:
                    result = run_op(mode, make, act)
                    reprs.append(repr(result))
                except CrmError as exc:
                    errors.append(exc)

        scenario([], "read")  # plain success
        scenario([Step("503")], "read")  # a retry
        scenario([], "create")
        scenario([Step("drop-after")], "create")  # ambiguous (or reconciled)
        scenario([Step("401")], "read")  # refused credentials
        scenario([Step("echo-401")], "read")  # a gateway quoting the headers back
        scenario([Step("redirect-offsite")], "read")
    secrets = wire_secrets(emulator)
    assert len(secrets) > 1, "no credential reached the emulator"
    assert any("401" in str(getattr(e, "status_code", "")) for e in errors), errors
    texts = [*reprs, *debug_logs.lines]
    for error in errors:
        texts += [str(error), repr(error), repr(vars(error)), repr(error.args)]
        response = getattr(error, "response", None)
        if response is not None:
            texts.append(repr(response))
    assert any("crmkit.transport" in line for line in debug_logs.lines), "no DEBUG log captured"
    assert_clean(texts, secrets, f"{surface.id} ({mode})")


def test_secret_objects_never_print_their_value() -> None:
    token = Secret(canary_token("x"))
    rendered = [repr(token), str(token), f"{token}", f"{token!r}", format(token, "")]
    assert_clean(rendered, {CANARY}, "Secret")
    assert token.reveal() == canary_token("x")


def test_procuret_session_keys_never_print() -> None:
    from crmkit.procuret import Session

    emulator = emulator_for("procuret")
    state = emulator.add_session(CANARY_SESSION_ID, CANARY)  # type: ignore[attr-defined]
    session = Session.decode(state.wire())
    texts = [
        repr(session),
        str(session),
        repr(vars(session)) if hasattr(session, "__dict__") else "",
    ]
    assert_clean(texts, {CANARY, state.session_key}, "a Procuret session")


# -- sync report, state store, CLI ---------------------------------------------------------------


SYNC_SOURCE, SYNC_TARGET = "contacthub", "prosperworks"


def test_sync_report_and_state_store_hold_no_credential(tmp_path: Path) -> None:
    source = emulator_for(SYNC_SOURCE, 30)
    target = emulator_for(SYNC_TARGET, 0)
    # Some writes fail (not retried, reported, dead-lettered), with the headers echoed back.
    FaultScript(
        target,
        [Step("echo-401") if i % 3 == 0 else Step("503") for i in range(6)],
        method="POST",
        suffix="/people",
    )
    state = tmp_path / "state.db"
    src = crmkit.connect(
        SYNC_SOURCE, transport=source.transport(), **unified_settings(SYNC_SOURCE, source)
    )
    dst = crmkit.connect(
        SYNC_TARGET,
        transport=target.transport(),
        sleep=Sleeps(),
        **unified_settings(SYNC_TARGET, target),
    )
    try:
        report = crmkit.sync(source=src, target=dst, entity="contacts", state=str(state))
    except CrmError as exc:  # an auth failure stops a run: its message is checked too
        report = None
        texts = [str(exc), repr(exc)]
    else:
        texts = [json.dumps(report.to_dict(), default=str), repr(report)]
    finally:
        src.close()
        dst.close()
    secrets = wire_secrets(source) | wire_secrets(target)
    files = [p for p in tmp_path.iterdir() if p.name.startswith("state.db")]
    assert files
    for path in files:
        texts.append(path.read_bytes().decode("latin-1"))
    assert_clean(texts, secrets, "the sync report or the state store")
    if report is not None:
        assert report.failed >= 1 and report.failures, "the scenario was meant to fail records"


def _run_cli(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from crmkit.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def test_cli_output_holds_no_credential(tmp_path: Path) -> None:
    source = emulator_for(SYNC_SOURCE, 8)
    target = emulator_for(SYNC_TARGET, 0)
    # First run: one create fails (reported). Second run: the target refuses the credentials
    # and quotes the request's headers back (the run stops with that error).
    script = FaultScript(target, [Step("503"), Step("503")], method="POST", suffix="/people")
    with source.serve() as src, target.serve() as dst:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CRMKIT_")}
        env.update(
            {
                "PYTHONPATH": os.pathsep.join([str(TESTS), env.get("PYTHONPATH", "")]),
                "CRMKIT_LOG": "debug",
                "CRMKIT_CONTACTHUB_BASE_URL": src.base_url,
                "CRMKIT_CONTACTHUB_TOKEN": canary_token("contacthub"),
                "CRMKIT_CONTACTHUB_WORKSPACE_ID": "demo",
                "CRMKIT_CONTACTHUB_NODE_ID": "demo",
                "CRMKIT_PROSPERWORKS_BASE_URL": dst.base_url,
                "CRMKIT_PROSPERWORKS_TOKEN": canary_token("prosperworks"),
                "CRMKIT_PROSPERWORKS_EMAIL": "ops@example.org",
            }
        )
        state = str(tmp_path / "state.db")
        runs = [
            _run_cli(
                [
                    "sync",
                    SYNC_SOURCE,
                    SYNC_TARGET,
                    "--state",
                    state,
                    "--json",
                    "--concurrency",
                    "1",
                ],
                env,
                tmp_path,
            )
        ]
        script.steps = [Step("echo-401")]
        runs += [
            _run_cli(
                ["sync", SYNC_SOURCE, SYNC_TARGET, "--state", state, "--retry-failed"],
                env,
                tmp_path,
            ),
            _run_cli(["status", "--state", state], env, tmp_path),
            _run_cli(["status", "--state", state, "--json"], env, tmp_path),
        ]
        # A run whose credentials are refused outright.
        bad = dict(env, CRMKIT_PROSPERWORKS_BASE_URL="http://127.0.0.1:9/developer_api/")
        runs.append(_run_cli(["sync", SYNC_SOURCE, SYNC_TARGET, "--state", state], bad, tmp_path))
    secrets = wire_secrets(source) | wire_secrets(target)
    assert any("crmkit.transport" in r.stderr for r in runs), "CRMKIT_LOG=debug logged nothing"
    report = json.loads(runs[0].stdout)
    assert report["failed"] == 1 and report["created"] == 7, report
    assert runs[1].returncode != 0 and "401" in runs[1].stderr + runs[1].stdout
    texts = [text for r in runs for text in (r.stdout, r.stderr)]
    assert_clean(texts, secrets, "the crmkit command's output")


# -- transport security ----------------------------------------------------------------------


VENDORS = ["prosperworks", "spreedly", "contacthub", "procuret", "clevertim"]


def _settings(vendor: str) -> dict[str, Any]:
    backend = get_vendor(vendor).load("unified")
    settings = dict(backend.demo_settings())
    return settings


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize("url", ["http://api.example.com/", "http://10.0.0.7:8080/api/"])
def test_plain_http_to_a_remote_host_is_refused(vendor: str, url: str, monkeypatch: Any) -> None:
    with pytest.raises(ConfigurationError) as info:
        crmkit.connect(vendor, base_url=url, **_settings(vendor))
    assert "http" in str(info.value).lower() and "allow_insecure_http" in str(info.value)
    monkeypatch.setenv(f"CRMKIT_{vendor.upper()}_BASE_URL", url)
    with pytest.raises(ConfigurationError):
        crmkit.connect(vendor, **_settings(vendor))
    monkeypatch.delenv(f"CRMKIT_{vendor.upper()}_BASE_URL")
    # Explicitly allowed, it is accepted; loopback never needs it.
    crmkit.connect(vendor, base_url=url, allow_insecure_http=True, **_settings(vendor)).close()
    crmkit.connect(vendor, base_url="http://127.0.0.1:9/x/", **_settings(vendor)).close()


@pytest.mark.parametrize(
    "surface", [s for s in SURFACES if s.id.endswith("-typed")], ids=lambda s: s.id
)
def test_typed_clients_refuse_plain_http_to_a_remote_host(surface: Surface) -> None:
    emulator = surface.emulator()
    with pytest.raises(ConfigurationError):
        surface.build(emulator, "sync", base_url="http://api.example.com/")


def _verify_mode(client: Any) -> ssl.SSLContext:
    api = getattr(client, "api", None) or client._api
    pool = api._http._transport._pool
    return pool._ssl_context  # type: ignore[no-any-return]


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("vendor", VENDORS)
def test_tls_verification_is_on_by_default(vendor: str, mode: str) -> None:
    connect = crmkit.aconnect if mode == "async" else crmkit.connect
    client = connect(vendor, **_settings(vendor))
    context = _verify_mode(client)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An HTTPS server on loopback with a self-signed certificate."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed: cannot make a self-signed certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        do_POST = do_GET

        def log_message(self, *args: Any) -> None:
            return

    server = HTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("vendor", VENDORS)
def test_an_unverifiable_certificate_is_refused(vendor: str, self_signed: str) -> None:
    crm = crmkit.connect(vendor, base_url=self_signed, max_retries=0, **_settings(vendor))
    with pytest.raises(ConnectError) as info:
        crm.request("GET", "anything")
    assert "CERTIFICATE_VERIFY_FAILED" in str(info.value) or "certificate" in str(info.value)
    crm.close()
