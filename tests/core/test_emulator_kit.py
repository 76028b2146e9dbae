"""The emulator kit: routing, auth, faults, rate limits, request log, both ways of running."""

from __future__ import annotations

import httpx
import pytest
from support.notes import BASE, TOKEN, NotesEmulator

from crmkit.core.emulator import EmulatorOptions, Faults, SlidingWindowLimit, parse_fault

HEADERS = {"X-Token": TOKEN}


def _client(emulator: NotesEmulator) -> httpx.Client:
    return httpx.Client(transport=emulator.transport(), base_url=BASE, headers=HEADERS)


def test_routes_answer_in_process() -> None:
    with _client(NotesEmulator(records=3)) as c:
        assert c.get("notes/2").json() == {"id": 2, "text": "note 1"}
        assert c.post("notes", json={"text": "new"}).status_code == 201


def test_unknown_path_and_wrong_method() -> None:
    with _client(NotesEmulator()) as c:
        assert c.get("nothing-here").status_code == 404
        assert c.patch("notes").status_code == 405
        assert c.get("https://notes.example/outside/base").status_code == 404


def test_missing_credential_gets_the_vendors_auth_failure() -> None:
    with httpx.Client(transport=NotesEmulator().transport(), base_url=BASE) as c:
        response = c.get("notes")
    assert response.status_code == 401 and response.json() == {"message": "missing token"}


def test_open_auth_accepts_any_credential_and_shares_one_account() -> None:
    emulator = NotesEmulator(records=2)
    with httpx.Client(
        transport=emulator.transport(), base_url=BASE, headers={"X-Token": "anyone"}
    ) as c:
        assert len(c.get("notes").json()) == 2


def test_credentials_option_restricts_access() -> None:
    emulator = NotesEmulator(EmulatorOptions(credentials=[TOKEN]))
    with httpx.Client(
        transport=emulator.transport(), base_url=BASE, headers={"X-Token": "other"}
    ) as c:
        assert c.get("notes").status_code == 401
    with _client(emulator) as c:
        assert c.get("notes").status_code == 200


def test_request_log_records_method_path_body_and_status() -> None:
    emulator = NotesEmulator()
    with _client(emulator) as c:
        c.post("notes", json={"text": "x"})
    entry = emulator.requests[-1]
    assert (entry.method, entry.path, entry.status) == ("POST", "/notes", 201)
    assert entry.json() == {"text": "x"}


def test_handler_bug_answers_500_not_crash() -> None:
    emulator = NotesEmulator()
    emulator.router.add("GET", "/boom", lambda r: 1 / 0)  # type: ignore[arg-type,return-value]
    with _client(emulator) as c:
        assert c.get("boom").status_code == 500


def test_injected_503_rate_is_roughly_honoured_and_reproducible() -> None:
    def statuses(seed: int) -> list[int]:
        emulator = NotesEmulator(records=1, faults=Faults(rates={"503": 0.3}, seed=seed))
        with _client(emulator) as c:
            return [c.get("notes/1").status_code for _ in range(200)]

    first = statuses(5)
    assert first == statuses(5)
    assert 30 <= first.count(503) <= 90


def test_injected_429_carries_retry_after() -> None:
    emulator = NotesEmulator(faults=Faults(rates={"429": 1.0}, retry_after=3))
    with _client(emulator) as c:
        response = c.get("notes")
    assert response.status_code == 429 and response.headers["Retry-After"] == "3"


def test_drop_before_does_not_process_the_request() -> None:
    emulator = NotesEmulator(faults=Faults(rates={"drop": 1.0}))
    with _client(emulator) as c, pytest.raises(httpx.RemoteProtocolError):
        c.post("notes", json={"text": "x"})
    assert len(emulator.notes) == 0


def test_drop_after_processes_then_loses_the_answer() -> None:
    emulator = NotesEmulator(faults=Faults(rates={"drop-after": 1.0}))
    with _client(emulator) as c, pytest.raises(httpx.RemoteProtocolError):
        c.post("notes", json={"text": "x"})
    assert len(emulator.notes) == 1


def test_truncated_body_fails_while_reading() -> None:
    emulator = NotesEmulator(records=1, faults=Faults(rates={"truncate": 1.0}))
    with _client(emulator) as c, pytest.raises(httpx.RemoteProtocolError):
        c.get("notes/1")


def test_latency_is_added(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr("time.sleep", slept.append)
    emulator = NotesEmulator(records=1, faults=Faults(latency=0.25))
    with _client(emulator) as c:
        c.get("notes/1")
    assert slept == [0.25]


def test_per_credential_rate_limit() -> None:
    emulator = NotesEmulator(records=1, rate_limit=3)
    with _client(emulator) as c:
        codes = [c.get("notes/1").status_code for _ in range(4)]
    with httpx.Client(
        transport=emulator.transport(), base_url=BASE, headers={"X-Token": "other"}
    ) as c:
        other = c.get("notes/1").status_code
    assert codes == [200, 200, 200, 429]
    assert other == 200


def test_sliding_window_frees_up_after_the_window() -> None:
    now = [0.0]
    limit = SlidingWindowLimit(2, per=60, clock=lambda: now[0])
    assert limit.check("a") is None and limit.check("a") is None
    assert limit.check("a") == pytest.approx(60)
    now[0] = 60.5
    assert limit.check("a") is None


@pytest.mark.parametrize("bad", ["nope:0.1", "429", "429:2", "503:x"])
def test_bad_fault_specs_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_fault(bad)


def test_fault_specs_parse() -> None:
    assert parse_fault("drop-after:0.25") == ("drop-after", 0.25)
    assert Faults.from_specs(["5xx:0.1"], latency=0.0).rates == {"5xx": 0.1}


def test_loopback_server_serves_real_http() -> None:
    emulator = NotesEmulator(records=2)
    with emulator.serve(port=0) as server:
        assert server.base_url.startswith("http://127.0.0.1:") and server.base_url.endswith(
            "/api/v1/"
        )
        with httpx.Client(base_url=server.base_url, headers=HEADERS) as c:
            assert c.get("notes/2").json()["id"] == 2
            assert c.post("notes", json={"text": "z"}).status_code == 201


def test_loopback_server_drops_and_truncates_on_real_sockets() -> None:
    emulator = NotesEmulator(records=1, faults=Faults(rates={"drop": 1.0}))
    with (
        emulator.serve(port=0) as server,
        httpx.Client(base_url=server.base_url, headers=HEADERS) as c,
    ):
        with pytest.raises(httpx.RemoteProtocolError):
            c.get("notes/1")
        emulator.faults = Faults(rates={"truncate": 1.0})
        with pytest.raises(httpx.RemoteProtocolError):
            c.get("notes/1")


def test_server_refuses_non_loopback_hosts() -> None:
    with pytest.raises(ValueError, match="loopback"):
        NotesEmulator().serve(host="0.0.0.0")


async def test_async_transport_answers() -> None:
    emulator = NotesEmulator(records=1)
    async with httpx.AsyncClient(
        transport=emulator.transport(), base_url=BASE, headers=HEADERS
    ) as c:
        assert (await c.get("notes/1")).json()["id"] == 1


def test_base_path_can_be_set_per_instance() -> None:
    emulator = NotesEmulator(records=1, settings={"base_path": "/other/root"})
    with httpx.Client(
        transport=emulator.transport(),
        base_url="https://notes.example/other/root/",
        headers=HEADERS,
    ) as c:
        assert c.get("notes/1").status_code == 200
    assert NotesEmulator.base_path == "/api/v1"
