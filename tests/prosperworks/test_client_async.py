"""The asyncio typed client against the emulator: every operation, every error, retries."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from support.prosperworks import SleepRecorder, make_async_client, make_emulator

from crmkit import core
from crmkit.core import Hooks, RetryEvent
from crmkit.core.emulator import Faults
from crmkit.prosperworks import (
    AsyncClient,
    AuthenticationError,
    BadRequest,
    InvalidRecord,
    NotFound,
    PermissionDenied,
    Person,
    RateLimited,
    RecordNotFound,
    ServerError,
)
from crmkit.prosperworks.emulator import ProsperWorksEmulator


async def _new_person(client: AsyncClient, email: str = "steve@example.org") -> Person:
    return await client.people.create(
        {"name": "Steve Cognito", "emails": [{"email": email, "category": "work"}]}
    )


async def test_people_crud(aclient: AsyncClient) -> None:
    steve = await _new_person(aclient)
    assert (await aclient.people.get(steve.id)).name == "Steve Cognito"
    assert (await aclient.people.update(steve.id, {"title": "Chairman"})).title == "Chairman"
    assert (await aclient.people.fetch_by_email("steve@example.org")).id == steve.id
    assert (await aclient.people.delete(steve.id)).is_deleted is True
    with pytest.raises(NotFound):
        await aclient.people.get(steve.id)


async def test_async_search_iterates_indexes_and_slices(demo_aclient: AsyncClient) -> None:
    people = demo_aclient.people.search(sort_by="date_modified", sort_direction="desc")
    assert (await people.get(0)).name == "Steve Cognito"
    assert [p.name for p in await people.slice(199, 201)][1] == "Alfons Tundra"
    names = [p.name async for p in people]
    assert len(names) == 250 and names[1] == "Bones Johannson"


async def test_async_search_can_prefetch_pages(demo_aclient: AsyncClient) -> None:
    people = demo_aclient.people.search(page_size=50, prefetch=3)
    assert len([p async for p in people]) == 250


async def test_related_activities_and_other_entities(aclient: AsyncClient) -> None:
    steve = await _new_person(aclient)
    company = await aclient.companies.create({"name": "Vandelay"})
    assert (await aclient.people.add_related(steve.id, company))["added"] is True
    assert [r.id for r in await aclient.people.related(steve.id, "companies")] == [company.id]
    assert (await aclient.people.remove_related(steve.id, company))["removed"] is True
    deal = await aclient.opportunities.create({"name": "Latex", "primary_contact_id": steve.id})
    task = await aclient.tasks.create({"name": "Call", "related_resource": deal})
    await aclient.activities.create(
        {
            "type": {"id": 0, "category": "user"},
            "parent": {"id": company.id, "type": "company"},
            "details": "note",
        }
    )
    assert [a.details for a in await aclient.companies.activities(company.id)] == ["note"]
    assert (await aclient.tasks.get(task.id)).related_resource_ref.id == deal.id
    assert (await aclient.projects.create({"name": "P"})).status == "Open"
    assert [o.id async for o in aclient.opportunities.search()] == [deal.id]


async def test_leads(aclient: AsyncClient) -> None:
    lead = await aclient.leads.create(
        {"name": "Lee", "email": {"email": "lee@x.example", "category": "work"}}
    )
    same = await aclient.leads.upsert({"title": "Buyer"}, "email", "lee@x.example")
    assert same.id == lead.id
    assert (await aclient.leads.activities(lead.id)) == []
    out = await aclient.leads.convert(lead.id)
    assert out["person"].name == "Lee"


async def test_account_users_lists_and_webhooks(aclient: AsyncClient) -> None:
    assert (await aclient.account.get()).name == "So-and-so Company"
    assert (await aclient.users.list())[0].id == 1
    assert (await aclient.users.get(1)).name == "Demo User"
    assert (await aclient.users.me()).id == 1
    assert [u.id async for u in aclient.users.search()] == [1]
    assert (await aclient.pipelines.get(1)).name == "Sales"
    assert len(await aclient.pipeline_stages.list(pipeline_id=1)) == 6
    assert len(await aclient.pipeline_stages.list()) == 8
    assert (await aclient.loss_reasons.list())[0].name == "Price"
    assert (await aclient.customer_sources.get(4)).name == "Referral"
    assert (await aclient.contact_types.list())[0].id == 1
    assert (await aclient.lead_statuses.get(1)).is_default is True
    assert (await aclient.custom_field_definitions.get(2)).data_type == "Dropdown"
    assert (await aclient.activity_types.get(0)).name == "Note"
    assert len(await aclient.activity_types.list()) == 6
    assert await aclient.tags.list() == []
    assert len(await aclient.custom_activity_types.list()) == 1
    hook = await aclient.webhooks.create(
        {"target": "https://hooks.example/in", "type": "task", "event": "delete"}
    )
    assert (await aclient.webhooks.get(hook.id)).event == "delete"
    assert [h.id for h in await aclient.webhooks.list()] == [hook.id]
    assert (await aclient.webhooks.delete(hook.id)).id == hook.id
    assert (await aclient.raw_request("GET", "account")).status_code == 200


async def test_errors_have_the_same_classes_as_sync(aclient: AsyncClient) -> None:
    with pytest.raises(NotFound):
        await aclient.people.get(99)
    with pytest.raises(InvalidRecord, match="Name can't be blank"):
        await aclient.people.create({"title": "x"})
    with pytest.raises(BadRequest):
        await aclient.raw_request("PUT", "people/1", content=b"[")
    with pytest.raises(RecordNotFound):
        await aclient.loss_reasons.get(404)


async def test_401_and_403() -> None:
    strict = make_emulator(credentials=["a@b.example:c"])
    async with make_async_client(strict) as client:
        with pytest.raises(AuthenticationError):
            await client.account.get()
    no_leads = make_emulator(leads_enabled=False)
    async with make_async_client(no_leads) as client:
        with pytest.raises(PermissionDenied):
            await client.leads.create({"name": "x"})


async def test_429_is_retried_then_raised() -> None:
    emu = make_emulator(rate_limit=1)
    sleeps = SleepRecorder()
    async with make_async_client(emu, sleep=sleeps.async_sleep, max_retries=1) as client:
        await client.account.get()
        with pytest.raises(RateLimited):
            await client.account.get()
    assert len(sleeps.calls) == 1
    assert [r.status for r in emu.requests] == [200, 429, 429]


async def test_5xx_on_a_read_is_retried_until_it_succeeds() -> None:
    emu = make_emulator(faults=Faults(rates={"502": 1.0}))

    def heal(event: RetryEvent) -> None:
        emu.faults = Faults()

    async with make_async_client(emu, hooks=Hooks(on_retry=(heal,))) as client:
        assert (await client.users.list())[0].id == 1
    assert [r.status for r in emu.requests] == [502, 200]


async def test_5xx_after_retries_is_server_error() -> None:
    emu = make_emulator(faults=Faults(rates={"500": 1.0}))
    async with make_async_client(emu, max_retries=0) as client:
        with pytest.raises(ServerError):
            await client.account.get()


class _DropFirstCreate(httpx.AsyncBaseTransport):
    def __init__(self, emulator: ProsperWorksEmulator) -> None:
        self.inner = emulator.transport()
        self.dropped = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if not self.dropped and request.method == "POST" and request.url.path.endswith("/people"):
            self.dropped = True
            raise httpx.ReadError("connection reset", request=request)
        return response


async def test_an_ambiguous_create_is_reconciled_by_email(emu: ProsperWorksEmulator) -> None:
    async with make_async_client(emu, transport=_DropFirstCreate(emu)) as client:
        person = await _new_person(client)
    assert person.id == 1 and len(emu.people) == 1


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.people.get("../etc"),
        lambda c: c.people.update(1, {"emails": 5}),
        lambda c: c.people.fetch_by_email("   "),
        lambda c: c.tasks.create({"due_date": "potato"}),
    ],
)
async def test_bad_input_is_refused_before_any_request(
    aclient: AsyncClient, emu: ProsperWorksEmulator, call: Any
) -> None:
    with pytest.raises(core.InvalidArgument):
        await call(aclient)
    assert list(emu.requests) == []


async def test_async_search_rejects_bad_page_sizes_before_any_request(
    aclient: AsyncClient, emu: ProsperWorksEmulator
) -> None:
    with pytest.raises(core.InvalidArgument):
        aclient.people.search(page_size=0)
    assert list(emu.requests) == []
