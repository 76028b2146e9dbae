"""Sessions: decoding, the byte-compatible session file, acting_for, the interactive prompt."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from support.procuret import KEY, SESSION_ID, Clock

from crmkit.core import MalformedResponse
from crmkit.procuret import Lifecycle, Perspective, Session, configure
from crmkit.procuret.emulator import PASSPHRASE, SUPPLIER_EMAIL, ProcuretEmulator

SAMPLE = {
    "session_id": 36284293055983192,
    "session_key": "b3Jc1aK0x9QpLm2vT7yWn4Rz8eHs6uGd",
    "api_key": KEY,
    "lifecycle": 2,
    "perspective": 1,
    "agent": {"agent_id": 5171001234567890},
}
FILE = (
    "eyJzZXNzaW9uX2lkIjogMzYyODQyOTMwNTU5ODMxOTIsICJzZXNzaW9uX2tleSI6ICJzayIsICJhcGlfa2V5Ijog"
    "IlFwRk56aUNCRzNsNUhYVjNqeVVCOEdQMkswQUxEeVZ5IiwgImxpZmVjeWNsZSI6IDIsICJwZXJzcGVjdGl2ZSI6IDF9"
)


def test_decode_sample_session() -> None:
    session = Session.decode(SAMPLE)
    assert session.session_id == 36284293055983192
    assert session.lifecycle is Lifecycle.LONG_LIVED
    assert session.perspective is Perspective.SUPPLIER
    assert session.agent_id == 5171001234567890
    assert session.api_key == KEY


def test_decode_without_session_key() -> None:
    # The old client raised RuntimeError when session_key was missing or null (#7).
    data = {k: v for k, v in SAMPLE.items() if k != "session_key"}
    assert Session.decode(data).session_key is None


def test_decode_refuses_a_body_without_api_key() -> None:
    with pytest.raises(MalformedResponse):
        Session.decode({"session_id": 1})


def test_save_to_file_is_byte_compatible(tmp_path: Path) -> None:
    session = Session(SESSION_ID, "sk", KEY, Lifecycle.LONG_LIVED, Perspective.SUPPLIER)
    path = tmp_path / "session"
    session.save_to_file(str(path))
    assert path.read_text() == FILE


def test_save_to_file_is_private_even_over_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "session"
    path.write_text("old")
    os.chmod(path, 0o644)
    Session.decode(SAMPLE).save_to_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_load_from_file_reads_the_old_format(tmp_path: Path) -> None:
    path = tmp_path / "session"
    path.write_text(FILE)
    session = Session.load_from_file(str(path))
    assert (session.session_id, session.session_key, session.api_key) == (SESSION_ID, "sk", KEY)


def test_acting_for_sets_on_behalf_of_on_a_copy() -> None:
    session = Session.decode(SAMPLE)
    other = session.acting_for(42)
    assert (other.on_behalf_of, other.acts_for_another_agent) == (42, True)
    assert session.on_behalf_of is None


def test_repr_hides_the_keys() -> None:
    text = repr(Session.decode(SAMPLE))
    assert KEY not in text and "b3Jc1aK0" not in text
    assert "36284293055983192" in text


def test_from_interactive_prompt_with_injected_input(
    emulator: ProcuretEmulator, clock: Clock
) -> None:
    configure(transport=emulator.transport(), clock=clock)
    answers = iter(["1", "2", SUPPLIER_EMAIL])
    printed: list[str] = []

    def ask(prompt: str) -> str:
        if prompt == "code: ":
            code = emulator.latest_code(SUPPLIER_EMAIL)
            assert code is not None
            return code
        return next(answers)

    session = Session.from_interactive_prompt(
        input=ask, getpass=lambda prompt: PASSPHRASE, output=printed.append
    )
    assert session.perspective is Perspective.SUPPLIER
    assert session.session_id in emulator.sessions
    assert f"Enter the six digit code Procuret just sent to {SUPPLIER_EMAIL}" in printed
    assert printed[-1] == f"Session created with ID {session.session_id}"
    assert all(PASSPHRASE not in line for line in printed)


def test_from_interactive_prompt_uses_builtin_input_by_default(
    emulator: ProcuretEmulator, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(transport=emulator.transport(), clock=clock)
    emulator.second_factor_mode = "any"
    answers = iter(["1", "1", SUPPLIER_EMAIL, "999999"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": PASSPHRASE)
    session = Session.from_interactive_prompt()
    assert session.lifecycle is Lifecycle.SHORT_LIVED


def test_interactively_to_file(tmp_path: Path) -> None:
    target = tmp_path / "saved"
    Session.decode(SAMPLE).interactively_to_file(input=lambda p: str(target), output=lambda s: None)
    assert Session.load_from_file(target).session_id == SESSION_ID
