"""Emulator fidelity: Basic auth with the API key as user name (vendor notes §1, §8.2).

Raw httpx requests, headers built by hand from the vendor notes."""

from __future__ import annotations

import base64

import httpx
import pytest
from support.clevertim import BASE, basic, emulator, error, ok, raw_client


def test_any_well_formed_key_is_accepted_with_open_auth() -> None:
    with raw_client(emulator(3), key="AnyKey987") as c:
        assert len(ok(c.get("contact"))) == 3


def test_password_is_ignored() -> None:
    emu = emulator(1)
    with raw_client(emu, key=None, Authorization=basic("KEY123", "whatever")) as c:
        assert ok(c.get("contact/1234"))[0]["id"] == 1234


def test_missing_authorization_is_401_with_the_error_envelope() -> None:
    with raw_client(emulator(1), key=None) as c:
        assert error(c.get("contact"), 401) == "Invalid API key."


@pytest.mark.parametrize(
    "header",
    [
        "Bearer KEY123",
        "Basic !!!not-base64!!!",
        "Basic " + base64.b64encode(b"no-colon-here").decode(),
        "Basic " + base64.b64encode(b":X").decode(),
    ],
)
def test_malformed_basic_credentials_are_401(header: str) -> None:
    with raw_client(emulator(1), key=None, Authorization=header) as c:
        assert error(c.get("contact"), 401) == "Invalid API key."


def test_the_old_librarys_python3_header_is_refused() -> None:
    # clevertimapi formatted bytes with %s on Python 3: "Basic b'S0VZMTIzOlg='".
    old = "Basic {}".format(base64.standard_b64encode(b"KEY123:X"))
    assert old == "Basic b'S0VZMTIzOlg='"
    with raw_client(emulator(1), key=None, Authorization=old) as c:
        assert error(c.get("contact"), 401) == "Invalid API key."


def test_credentials_restrict_the_accepted_keys() -> None:
    emu = emulator(1, credentials=["GOODKEY"])
    with raw_client(emu, key="OTHERKEY") as c:
        assert error(c.get("contact"), 401) == "Invalid API key."
    with raw_client(emu, key="GOODKEY") as c:
        assert ok(c.get("contact"))


def test_a_read_only_user_cannot_write_403() -> None:
    emu = emulator(1, credentials=["ADMINKEY", "READKEY:2"])
    with raw_client(emu, key="READKEY") as c:
        assert ok(c.get("contact/1234"))
        assert "permission" in error(c.post("contact", json={"fn": "X"}), 403)
        assert "permission" in error(c.put("contact/1234", json={"fn": "X"}), 403)
        assert "permission" in error(c.delete("contact/1234"), 403)
    with raw_client(emu, key="ADMINKEY") as c:
        assert ok(c.put("contact/1234", json={"title": "Head buyer"}))[0]["title"] == "Head buyer"


def test_a_user_without_candelete_may_edit_but_not_delete() -> None:
    emu = emulator(1, credentials=["K1:3"])
    emu.account.tables["user"].get(3)["permissions"] = ["canedit"]
    with raw_client(emu, key="K1") as c:
        assert ok(c.put("contact/1234", json={"title": "x"}))
        assert error(c.delete("contact/1234"), 403)


def test_auth_is_checked_before_routing() -> None:
    with httpx.Client(transport=emulator(0).transport(), base_url=BASE) as c:
        assert error(c.get("no-such-resource"), 401) == "Invalid API key."
