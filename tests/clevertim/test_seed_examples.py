"""Every code example of the seed document (clevertimapi's user guide), with only the import
line changed, run against the emulator on loopback through ``CRMKIT_CLEVERTIM_BASE_URL``.

Each example runs on freshly seeded emulator state (the seed document's key and contact 1234
are demo data there). The lines between ``# --- example`` markers are the document's code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from support.clevertim import emulator

from crmkit.clevertim.emulator import ClevertimEmulator


@pytest.fixture
def live(monkeypatch: pytest.MonkeyPatch) -> Iterator[ClevertimEmulator]:
    emu = emulator(20)
    with emu.serve(port=0) as server:
        monkeypatch.setenv("CRMKIT_CLEVERTIM_BASE_URL", server.base_url)
        yield emu


def _session():  # type: ignore[no-untyped-def]
    # --- example 1: Create a Session
    from crmkit.clevertim import Session

    session = Session(api_key="ITHkCPbXdOWfGNTj5qOzNJkceftfRWwGXtrU39exmW0UzVwKUiZ1343")
    # ---
    return session


def test_example_1_create_a_session_sends_nothing(live: ClevertimEmulator) -> None:
    session = _session()
    assert not live.requests
    assert session.url.startswith("http://127.0.0.1:") and session.url.endswith("/api")
    assert "ITHk" not in repr(session)


def test_example_2_load_a_contact(
    live: ClevertimEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    session = _session()
    # --- example 2: Loading a contact which exists in Clevertim
    from crmkit.clevertim import Contact

    contact = Contact(session, key=1234)
    # now access the contact
    print(contact.first_name)
    # ---
    assert capsys.readouterr().out == "Joe\n"
    assert [(r.method, r.path) for r in live.requests] == [("GET", "/contact/1234")]


def test_example_3_add_a_contact(
    live: ClevertimEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    session = _session()
    # --- example 3: Adding a new contact
    from crmkit.clevertim import Contact

    contact = Contact(session)
    contact.first_name = "Mike"
    contact.last_name = "Johnson"
    contact.save()
    # at this point, the contact will be persisted on the server
    # and allocated a key
    print(contact.key)
    # ---
    (post,) = live.requests
    assert (post.method, post.path) == ("POST", "/contact")
    assert post.body == b'{"is_company":false,"cf":{},"fn":"Mike","ln":"Johnson"}'
    key = int(capsys.readouterr().out)
    assert key == contact.key and live.account.get("contact", key)["ln"] == "Johnson"


def test_example_4_edit_a_contact(live: ClevertimEmulator) -> None:
    session = _session()
    # --- example 4: Editing an existing contact
    from crmkit.clevertim import Contact

    contact = Contact(session, key=1234)
    # add a new email for this contact
    contact.emails.add("joe.dorian@gmail.com")
    # now save the change to the server
    contact.save()
    # ---
    get, put = live.requests
    assert (get.method, put.method, put.path) == ("GET", "PUT", "/contact/1234")
    body = json.loads(put.body)
    assert body["id"] == 1234 and body["email"][-1] == "joe.dorian@gmail.com"
    assert live.account.get("contact", 1234)["email"] == [
        "joe@dorian-trading.example",
        "joe.dorian@gmail.com",
    ]


def test_example_5_delete_a_contact(live: ClevertimEmulator) -> None:
    session = _session()
    # --- example 5: Deleting an existing contact
    from crmkit.clevertim import Contact

    contact = Contact(session, key=1234)
    contact.delete()
    # the contact instance continues to hold the previous data
    # but it has been deleted from the server
    # and its key will be None
    assert contact.key is None
    # ---
    assert contact.first_name == "Joe"
    assert [r.method for r in live.requests] == ["GET", "DELETE"]
    assert live.account.get("contact", 1234) is None


def test_example_6_eager_loading(live: ClevertimEmulator) -> None:
    session = _session()
    # --- example 6: Eager loading
    from crmkit.clevertim import Contact

    # the next line makes a REST request to the server and
    # load the instance
    contact = Contact(session, key=1234)
    # ---
    assert [r.path for r in live.requests] == ["/contact/1234"]
    assert contact.get_content()["fn"] == "Joe"


def test_example_7_lazy_loading(
    live: ClevertimEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    session = _session()
    # --- example 7: Lazy loading
    from crmkit.clevertim import Contact

    # the next line will not make a REST call
    contact = Contact(session, key=1234, lazy_load=True)
    # accessing the key will not load the object
    # since the key is available on the client side
    print(contact.key)
    # ---
    assert not live.requests
    # --- (example 7, continued)
    # the next call will make the REST call
    print(contact.first_name)
    # ---
    assert capsys.readouterr().out == "1234\nJoe\n"
    assert [r.path for r in live.requests] == ["/contact/1234"]


def test_example_8_wrong_keys_raise_on_creation_or_first_access(live: ClevertimEmulator) -> None:
    session = _session()
    from crmkit.clevertim import Contact, NotFound

    # * eagerly loaded: an incorrect key raises on instance creation
    with pytest.raises(NotFound, match="HTTP 404"):
        Contact(session, key=98765)
    # * lazily loaded: it only raises on the first access of a property
    contact = Contact(session, key=98765, lazy_load=True)
    with pytest.raises(NotFound):
        _ = contact.first_name


def test_examples_in_document_order_share_one_session(live: ClevertimEmulator) -> None:
    # Run in one Session in document order, example 6 follows example 5's delete.
    session = _session()
    from crmkit.clevertim import Contact, NotFound

    Contact(session, key=1234).delete()
    with pytest.raises(NotFound):
        Contact(session, key=1234)
