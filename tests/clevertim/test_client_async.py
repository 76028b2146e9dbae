"""The asyncio typed client against the emulator: the same operations, errors and retry rules
as the blocking one (they share every request builder)."""

from __future__ import annotations

from typing import Any

import pytest
from support.clevertim import KEY, emulator

from crmkit import core
from crmkit.clevertim import (
    AmbiguousWriteError,
    AsyncClient,
    AuthenticationError,
    BadRequest,
    NotFound,
    OperationNotSupported,
    PermissionDenied,
    ServerError,
    models,
)
from crmkit.clevertim.emulator import ClevertimEmulator
from crmkit.core import Hooks, InvalidArgument
from crmkit.core.emulator import Faults


async def test_get_and_list(aclient: AsyncClient) -> None:
    joe = await aclient.contacts.get(1234)
    assert isinstance(joe, models.Contact) and joe.first_name == "Joe"
    names = [c.first_name async for c in aclient.contacts.list()]
    assert len(names) == 20 and names[0] == "Joe"
    assert await aclient.contacts.list().count() == 20
    first = await aclient.contacts.list().first()
    assert first is not None and first.id == 1234
    assert len(await aclient.users.list().to_list()) == 4


async def test_create_update_replace_delete(aclient: AsyncClient) -> None:
    created = await aclient.companies.create({"name": "Async Ltd"})
    assert created.id is not None
    updated = await aclient.companies.update(created.id, {"city": "Oslo"})
    assert (updated.name, updated.city) == ("Async Ltd", "Oslo")
    replaced = await aclient.companies.replace(created.id, {"name": "Async AS"})
    assert replaced.name == "Async AS"
    await aclient.companies.delete(created.id)
    with pytest.raises(NotFound):
        await aclient.companies.get(created.id)


async def test_every_group_is_there(aclient: AsyncClient) -> None:
    assert (await aclient.cases.get(1)).name == "Login issue"
    assert (await aclient.opportunities.get(1)).amount is not None
    assert (await aclient.tasks.complete(2)).is_completed
    note = await aclient.notes.create({"description": "n", "who": [1234]})
    comment = await aclient.comments.create({"description": "c", "note": note.id})
    await aclient.comments.delete(comment.id)
    assert (await aclient.custom_fields.get(1)).field_type == "date"
    assert (await aclient.groups.get(2)).gid == 4
    folder = await aclient.folders.create({"name": "F"})
    assert (await aclient.files.create({"name": "x", "parent": folder.id})).parent == folder.id


async def test_linked_files_rename_and_delete(aclient: AsyncClient, emu: ClevertimEmulator) -> None:
    emu.account.insert("linkedfile", {"name": "a", "sys": "D"})
    assert (await aclient.linked_files.update(1, {"name": "b"})).name == "b"
    await aclient.linked_files.delete(1)


async def test_status_errors(aclient: AsyncClient, fake_sleep: Any) -> None:
    with pytest.raises(BadRequest):
        await aclient.contacts.create({"first_name": "A", "customer_type": "Z"})
    with pytest.raises(NotFound):
        await aclient.tasks.get(999)
    with pytest.raises(OperationNotSupported):
        await aclient.raw_request("DELETE", "group/1")
    with pytest.raises(ServerError):
        await aclient.raw_request("POST", "contact", content=b"{oops")
    emu = emulator(1, credentials=["READER:2"])
    async with AsyncClient("READER", transport=emu.transport(), sleep=fake_sleep.async_sleep) as c:
        with pytest.raises(PermissionDenied):
            await c.contacts.update(1234, {"title": "x"})
    async with AsyncClient("NOPE00", transport=emu.transport(), sleep=fake_sleep.async_sleep) as c:
        with pytest.raises(AuthenticationError):
            await c.contacts.get(1234)


async def test_a_read_is_retried_after_a_429(emu: ClevertimEmulator, fake_sleep: Any) -> None:
    emu.faults = Faults(rates={"429": 1.0}, retry_after=3)
    hooks = Hooks(on_retry=(lambda event: setattr(emu, "faults", Faults()),))
    async with AsyncClient(
        KEY, transport=emu.transport(), sleep=fake_sleep.async_sleep, hooks=hooks
    ) as c:
        assert (await c.contacts.get(1234)).first_name == "Joe"
    assert [r.status for r in emu.requests_to("GET")] == [429, 200] and fake_sleep.calls == [3.0]


async def test_a_lost_create_answer_is_ambiguous(emu: ClevertimEmulator, fake_sleep: Any) -> None:
    emu.faults = Faults(rates={"drop-after": 1.0})
    async with AsyncClient(KEY, transport=emu.transport(), sleep=fake_sleep.async_sleep) as c:
        with pytest.raises(AmbiguousWriteError):
            await c.notes.create({"description": "maybe"})
    assert len(emu.requests_to("POST")) == 1


async def test_a_listing_broken_mid_body_raises_a_transport_error(
    emu: ClevertimEmulator, fake_sleep: Any
) -> None:
    emu.faults = Faults(rates={"truncate": 1.0})
    async with AsyncClient(
        KEY, transport=emu.transport(), sleep=fake_sleep.async_sleep, max_retries=0
    ) as c:
        with pytest.raises(core.TransportError):
            await c.contacts.list().to_list()


async def test_bad_input_is_refused_before_any_request(
    aclient: AsyncClient, emu: ClevertimEmulator
) -> None:
    with pytest.raises(InvalidArgument):
        await aclient.contacts.get("1/2")
    with pytest.raises(InvalidArgument):
        await aclient.companies.create({"city": "no name"})
    with pytest.raises(core.ValidationError):
        await aclient.tasks.create({"name": 3})
    assert not emu.requests
