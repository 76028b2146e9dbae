"""The blocking typed client against the emulator: every operation, every error status,
retries, 429, ambiguous creates, bad input refused before any request, and the read cache."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from support.clevertim import KEY, emulator

from crmkit import core
from crmkit.clevertim import (
    AmbiguousWriteError,
    AuthenticationError,
    BadRequest,
    Client,
    NotFound,
    OperationNotSupported,
    PermissionDenied,
    RateLimited,
    ServerError,
    SessionError,
    models,
)
from crmkit.clevertim.emulator import ClevertimEmulator
from crmkit.core import Hooks, InvalidArgument, TTLCache
from crmkit.core.emulator import Faults


def test_get_returns_the_typed_record(client: Client) -> None:
    joe = client.contacts.get(1234)
    assert isinstance(joe, models.Contact)
    assert (joe.first_name, joe.company_id, joe.notes) == ("Joe", 1233, [1, 2])


def test_list_streams_every_record(client: Client) -> None:
    contacts = client.contacts.list().to_list()
    assert len(contacts) == 20 and all(isinstance(c, models.Contact) for c in contacts)
    assert client.contacts.list().count() == 20
    first = client.contacts.list().first()
    assert first is not None and first.id == 1234


@pytest.mark.parametrize(
    ("group", "key"),
    [
        ("contacts", 1234),
        ("companies", 1233),
        ("cases", 1),
        ("opportunities", 1),
        ("tasks", 1),
        ("notes", 2),
        ("comments", 1),
        ("custom_fields", 2),
        ("users", 1),
        ("groups", 1),
    ],
)
def test_every_resource_can_be_listed_and_read(client: Client, group: str, key: int) -> None:
    resource = getattr(client, group)
    assert any(r.id == key for r in resource.list())
    assert resource.get(key).id == key


def test_create_update_replace_delete_a_contact(client: Client, emu: ClevertimEmulator) -> None:
    mike = client.contacts.create({"first_name": "Mike", "last_name": "Johnson"})
    assert mike.id is not None and mike.added_on is not None
    updated = client.contacts.update(mike.id, {"title": "CFO", "emails": ["m@j.example"]})
    assert (updated.title, updated.emails, updated.first_name) == ("CFO", ["m@j.example"], "Mike")
    replaced = client.contacts.replace(mike.id, updated.model_copy(update={"title": "CEO"}))
    assert replaced.title == "CEO" and replaced.emails == ["m@j.example"]
    client.contacts.delete(mike.id)
    with pytest.raises(NotFound):
        client.contacts.get(mike.id)


def test_create_every_writable_resource(client: Client) -> None:
    company = client.companies.create({"name": "Acme Ltd"})
    case = client.cases.create({"name": "Broken", "who": company.id})
    deal = client.opportunities.create({"name": "Big", "value": "1000.50", "who": 1234})
    task = client.tasks.create(
        models.Task(
            name="Call",
            task_type="Call",
            start=models.TaskDate.of(dt.date(2024, 5, 1), dt.time(10, 0)),
            opportunity=deal.id,
        )
    )
    note = client.notes.create({"description": "hello", "who": [1234], "case": case.id})
    comment = client.comments.create({"description": "ok", "note": note.id})
    field = client.custom_fields.create(
        {
            "name": "Size",
            "field_type": "select",
            "field_scope": ["companies"],
            "allowed_values": ["S"],
        }
    )
    folder = client.folders.create({"name": "Docs"})
    file = client.files.create({"name": "a.pdf", "parent": folder.id})
    assert company.name == "Acme Ltd" and case.who == company.id and deal.amount is not None
    assert task.start is not None and task.start.time == dt.time(10, 0) and task.created_by == 1
    assert note.who == [1234] and comment.note == note.id and field.full_name == "Size"
    assert folder.id == "f1" and file.parent == "f1"
    assert client.notes.get(note.id).comments == [comment.id]
    assert client.opportunities.get(deal.id).tasks == [task.id]


def test_complete_a_task(client: Client) -> None:
    assert client.tasks.complete(1).is_completed is True
    assert client.tasks.get(1).is_completed is True


def test_rename_a_linked_file(client: Client, emu: ClevertimEmulator) -> None:
    emu.account.insert("linkedfile", {"name": "a.pdf", "sys": "G", "size": 3, "link": "u"})
    renamed = client.linked_files.update(1, {"name": "b.pdf"})
    assert (renamed.name, renamed.storage_system, renamed.size) == ("b.pdf", "G", 3)
    client.linked_files.delete(1)
    assert client.linked_files.list().count() == 0


def test_read_only_groups_offer_no_writes(client: Client) -> None:
    assert not hasattr(client.users, "create") and not hasattr(client.groups, "delete")
    assert not hasattr(client.comments, "update") and not hasattr(client.linked_files, "create")


# -- errors --------------------------------------------------------------------------------------


def test_400_is_bad_request(client: Client) -> None:
    with pytest.raises(BadRequest) as info:
        client.contacts.create({"first_name": "A", "customer_type": "Q"})
    assert "ctype" in info.value.message and info.value.status == 400


def test_401_is_authentication_error(fake_sleep: Any) -> None:
    emu = emulator(1, credentials=["GOOD1"])
    with Client("BAD999", transport=emu.transport(), sleep=fake_sleep) as c:
        with pytest.raises(AuthenticationError) as info:
            c.contacts.get(1234)
    assert info.value.message == "Invalid API key." and isinstance(info.value, SessionError)


def test_403_is_permission_denied(fake_sleep: Any) -> None:
    emu = emulator(1, credentials=["READER:2"])
    with Client("READER", transport=emu.transport(), sleep=fake_sleep) as c:
        with pytest.raises(PermissionDenied):
            c.contacts.create({"first_name": "x"})
        with pytest.raises(core.PermissionDenied):
            c.contacts.delete(1234)


def test_404_is_not_found(client: Client) -> None:
    with pytest.raises(NotFound, match="No such contact"):
        client.contacts.get(99999)


def test_500_on_a_request_with_a_body_is_not_retried(
    client: Client, emu: ClevertimEmulator
) -> None:
    with pytest.raises(ServerError) as info:
        client.raw_request("PUT", "contact/1234", content=b"{broken")
    assert info.value.message == "Could not parse the request JSON."
    assert len(emu.requests_to("PUT")) == 1


def test_501_is_operation_not_supported(client: Client) -> None:
    with pytest.raises(OperationNotSupported):
        client.raw_request("PUT", "comment/1", json={"comment": "x"})
    with pytest.raises(core.ServerError):
        client.raw_request("POST", "user", json={"user": "x"})


# -- retries ---------------------------------------------------------------------------------------


def _heal_after_first_retry(emu: ClevertimEmulator) -> Hooks:
    return Hooks(on_retry=(lambda event: setattr(emu, "faults", Faults()),))


def test_a_503_on_a_read_is_retried(emu: ClevertimEmulator, fake_sleep: Any) -> None:
    emu.faults = Faults(rates={"503": 1.0})
    with Client(
        KEY, transport=emu.transport(), sleep=fake_sleep, hooks=_heal_after_first_retry(emu)
    ) as c:
        assert c.contacts.get(1234).first_name == "Joe"
    assert [r.status for r in emu.requests_to("GET")] == [503, 200]
    assert len(fake_sleep.calls) == 1


def test_a_500_on_a_read_is_retried(emu: ClevertimEmulator, fake_sleep: Any) -> None:
    emu.faults = Faults(rates={"500": 1.0})
    with Client(KEY, transport=emu.transport(), sleep=fake_sleep, max_retries=2) as c:
        with pytest.raises(ServerError):
            c.contacts.get(1234)
    assert len(emu.requests_to("GET")) == 3 and len(fake_sleep.calls) == 2


def test_a_429_is_retried_after_retry_after(emu: ClevertimEmulator, fake_sleep: Any) -> None:
    emu.faults = Faults(rates={"429": 1.0}, retry_after=2)
    with Client(
        KEY, transport=emu.transport(), sleep=fake_sleep, hooks=_heal_after_first_retry(emu)
    ) as c:
        created = c.contacts.create({"first_name": "Pat"})  # a 429 was refused: safe to retry
    assert created.first_name == "Pat"
    assert [r.status for r in emu.requests_to("POST")] == [429, 200]
    assert fake_sleep.calls == [2.0]


def test_a_429_that_persists_raises_rate_limited(emu: ClevertimEmulator, fake_sleep: Any) -> None:
    emu.faults = Faults(rates={"429": 1.0}, retry_after=1)
    with Client(KEY, transport=emu.transport(), sleep=fake_sleep, max_retries=1) as c:
        with pytest.raises(RateLimited) as info:
            c.contacts.get(1234)
    assert info.value.retry_after == 1.0


def test_a_503_on_a_create_is_not_retried(emu: ClevertimEmulator, fake_sleep: Any) -> None:
    emu.faults = Faults(rates={"503": 1.0})
    with Client(KEY, transport=emu.transport(), sleep=fake_sleep) as c:
        with pytest.raises(ServerError):
            c.contacts.create({"first_name": "Once"})
    assert len(emu.requests_to("POST")) == 1 and fake_sleep.calls == []


def test_a_create_whose_answer_is_lost_is_ambiguous(
    emu: ClevertimEmulator, fake_sleep: Any
) -> None:
    emu.faults = Faults(rates={"drop-after": 1.0})
    with Client(KEY, transport=emu.transport(), sleep=fake_sleep) as c:
        with pytest.raises(AmbiguousWriteError) as info:
            c.contacts.create({"first_name": "Maybe"})
    assert isinstance(info.value, core.AmbiguousWriteError)
    assert len(emu.requests_to("POST")) == 1
    # The server did create it: exactly why crmkit must not retry blindly.
    assert any(row.get("fn") == "Maybe" for _, row in emu.account.rows("contact"))


def test_a_dropped_connection_on_a_create_is_ambiguous_too(
    emu: ClevertimEmulator, fake_sleep: Any
) -> None:
    # "drop" closes the connection without processing; in-process it looks like any dropped
    # connection (the request may have been sent), so a create is still not retried.
    emu.faults = Faults(rates={"drop": 1.0})
    with Client(KEY, transport=emu.transport(), sleep=fake_sleep) as c:
        with pytest.raises(AmbiguousWriteError):
            c.contacts.create({"first_name": "Never"})
    assert not any(row.get("fn") == "Never" for _, row in emu.account.rows("contact"))


def test_a_put_whose_answer_is_lost_is_retried(emu: ClevertimEmulator, fake_sleep: Any) -> None:
    with Client(
        KEY, transport=emu.transport(), sleep=fake_sleep, hooks=_heal_after_first_retry(emu)
    ) as c:
        emu.faults = Faults(rates={"drop-after": 1.0}, only_paths=("/contact/1234",))
        result = c.contacts.replace(1234, {"first_name": "Joey"})
    assert result.first_name == "Joey" and len(emu.requests_to("PUT")) == 2


# -- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["a/b", "../1", 0, -3, True, None, "", "12x", 1.5])
def test_bad_ids_are_refused_before_any_request(
    client: Client, emu: ClevertimEmulator, key: Any
) -> None:
    with pytest.raises(InvalidArgument):
        client.contacts.get(key)
    with pytest.raises(InvalidArgument):
        client.contacts.delete(key)
    assert not emu.requests


@pytest.mark.parametrize(
    ("record", "error"),
    [
        ({}, InvalidArgument),
        ({"title": "no name"}, InvalidArgument),
        ({"first_name": 5}, core.ValidationError),
        ({"first_name": "A", "notes": [1]}, InvalidArgument),
        ("not a record", InvalidArgument),
        (models.Company(name="wrong model"), InvalidArgument),
    ],
)
def test_bad_records_are_refused_before_any_request(
    client: Client, emu: ClevertimEmulator, record: Any, error: type[Exception]
) -> None:
    with pytest.raises(error):
        client.contacts.create(record)
    assert not emu.requests


def test_a_comment_needs_exactly_one_target_before_any_request(
    client: Client, emu: ClevertimEmulator
) -> None:
    with pytest.raises(InvalidArgument):
        client.comments.create({"description": "x", "note": 1, "task": 1})
    assert not emu.requests


def test_an_empty_api_key_is_refused() -> None:
    with pytest.raises(InvalidArgument, match="Empty API key"):
        Client("")


# -- listing details and the cache ------------------------------------------------------------


def test_invalid_rows_can_be_collected(client: Client, emu: ClevertimEmulator) -> None:
    emu.account.tables["customer"].get(1234)["fn"] = 12345  # a server sending a bad type
    invalid: list[core.ValidationError] = []
    contacts = client.contacts.list(invalid=invalid).to_list()
    assert len(contacts) == 19 and len(invalid) == 1 and invalid[0].raw_data["id"] == 1234
    with pytest.raises(core.ValidationError):
        client.contacts.list().to_list()


def test_the_read_cache_serves_repeated_gets_and_writes_invalidate(
    emu: ClevertimEmulator, fake_sleep: Any
) -> None:
    with Client(KEY, transport=emu.transport(), sleep=fake_sleep, cache=TTLCache()) as c:
        c.contacts.get(1234)
        c.contacts.get(1234)
        assert len(emu.requests_to("GET")) == 1
        c.notes.create({"description": "x", "who": [1234]})  # a note changes the contact
        assert len(c.contacts.get(1234).notes) == 3
    assert len(emu.requests_to("GET")) == 2


def test_a_listing_broken_mid_body_raises_a_transport_error(
    emu: ClevertimEmulator, fake_sleep: Any
) -> None:
    emu.faults = Faults(rates={"truncate": 1.0})
    with Client(KEY, transport=emu.transport(), sleep=fake_sleep, max_retries=0) as c:
        with pytest.raises(core.TransportError):
            c.contacts.list().to_list()
