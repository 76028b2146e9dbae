"""The blocking typed client against the emulator: every operation, every error, retries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import pytest
from support.prosperworks import EMAIL, SleepRecorder, make_client, make_emulator

from crmkit import core
from crmkit.core import Hooks, RetryEvent
from crmkit.core.emulator import Faults
from crmkit.prosperworks import (
    ApiError,
    AuthenticationError,
    BadRequest,
    Client,
    InvalidRecord,
    MisconfiguredError,
    NotFound,
    PermissionDenied,
    Person,
    RateLimited,
    RecordNotFound,
    ServerError,
    UnprocessableEntity,
)
from crmkit.prosperworks.emulator import ProsperWorksEmulator


def _new_person(
    client: Client, name: str = "Steve Cognito", email: str = "steve@example.org"
) -> Person:
    return client.people.create(Person(name=name, emails=[{"email": email, "category": "work"}]))


# -- operations ---------------------------------------------------------------------------------


def test_people_crud(client: Client) -> None:
    steve = _new_person(client)
    assert steve.id == 1 and steve.first_name == "Steve"
    assert client.people.get(1).name == "Steve Cognito"
    updated = client.people.update(1, {"title": "Chairman"})
    assert updated.title == "Chairman" and updated.emails[0].email == "steve@example.org"
    assert client.people.delete(1).is_deleted is True
    with pytest.raises(NotFound):
        client.people.get(1)


def test_update_with_an_instance_sends_its_changes(client: Client) -> None:
    steve = _new_person(client)
    steve.details = "likes sailing"
    assert client.people.update(steve.id, steve).details == "likes sailing"


def test_people_search_is_lazy_sliceable_and_paged(demo_client: Client) -> None:
    people = demo_client.people.search(sort_by="date_modified", sort_direction="desc")
    assert people[0].name == "Steve Cognito"
    assert people[200].name == "Alfons Tundra"
    assert len(list(people)) == 250


def test_people_fetch_by_email(client: Client) -> None:
    _new_person(client)
    assert client.people.fetch_by_email("steve@example.org").id == 1
    with pytest.raises(NotFound):
        client.people.fetch_by_email("nobody@example.org")


def test_related_items_and_activities_of_a_person(client: Client) -> None:
    steve = _new_person(client)
    company = client.companies.create({"name": "Vandelay", "email_domain": "vandelay.example"})
    assert client.people.add_related(steve.id, company)["added"] is True
    assert [r.type for r in client.people.related(steve.id)] == ["company"]
    client.activities.create(
        {
            "type": {"id": 1, "category": "user"},
            "parent": {"id": steve.id, "type": "person"},
            "details": "Called",
        }
    )
    assert [a.details for a in client.people.activities(steve.id)] == ["Called"]
    assert client.people.remove_related(steve.id, company)["removed"] is True


def test_companies_opportunities_tasks_projects(client: Client) -> None:
    company = client.companies.create({"name": "Vandelay", "email_domain": "vandelay.example"})
    steve = _new_person(client)
    deal = client.opportunities.create(
        {
            "name": "Latex",
            "primary_contact_id": steve.id,
            "monetary_value": "1500.50",
            "close_date": "1/23/2027",
        }
    )
    assert deal.monetary_value == Decimal("1500.5") and deal.pipeline_stage_id == 1
    task = client.tasks.create({"name": "Call back", "related_resource": deal})
    assert task.related_resource_ref.type == "opportunity"
    assert client.tasks.update(task.id, {"status": "Completed"}).completed_date is not None
    project = client.projects.create({"name": "Rollout"})
    assert client.projects.get(project.id).status == "Open"
    assert [c.id for c in client.companies.search(email_domains=["vandelay.example"])] == [
        company.id
    ]
    assert client.companies.activities(company.id) == []


def test_leads_create_upsert_convert(client: Client) -> None:
    lead = client.leads.create(
        {
            "name": "Lee Lead",
            "company_name": "Leeco",
            "email": {"email": "lee@leeco.example", "category": "work"},
        }
    )
    assert lead.status == "New"
    same = client.leads.upsert({"title": "Buyer"}, "email", "lee@leeco.example")
    assert same.id == lead.id and same.title == "Buyer"
    out = client.leads.convert(lead.id)
    assert out["person"].emails[0].email == "lee@leeco.example"
    assert out["company"].name == "Leeco"


def test_account_users_and_secondary_lists(client: Client) -> None:
    assert client.account.get().name == "So-and-so Company"
    assert client.users.list()[0].email == "demo@example.org"
    assert client.users.get(1).name == "Demo User"
    assert client.users.me().id == 1
    assert [u.id for u in client.users.search()] == [1]
    assert [p.name for p in client.pipelines.list()] == ["Sales", "Renewals"]
    assert client.pipelines.get(2).stages[0].name == "Up for Renewal"
    assert [s.name for s in client.pipeline_stages.list()][:2] == ["Qualifying", "Quoted"]
    assert {s.pipeline_id for s in client.pipeline_stages.list(pipeline_id=2)} == {2}
    assert client.loss_reasons.get(1).name == "Price"
    assert client.customer_sources.list()[0].name == "Email"
    assert client.contact_types.list()[0].name == "Potential Customer"
    assert client.lead_statuses.list()[0].is_default is True
    assert client.custom_field_definitions.list()[0].name == "Region"
    assert client.activity_types.get(1).name == "Phone Call"
    assert client.activity_types.get(1, category="system").name == "Property Changed"
    assert len(client.activity_types.list()) == 6
    assert client.tags.list() == []
    assert client.custom_activity_types.list()[0]["name"] == "My Custom Activity Type"


def test_webhooks(client: Client) -> None:
    hook = client.webhooks.create(
        {"target": "https://hooks.example/in", "type": "person", "event": "new"}
    )
    assert client.webhooks.get(hook.id).created_at is not None
    assert [h.id for h in client.webhooks.list()] == [hook.id]
    assert client.webhooks.delete(hook.id).id == hook.id


def test_records_from_the_typed_client_resolve_related_attributes_through_it(
    demo_client: Client, demo: ProsperWorksEmulator
) -> None:
    steve = demo_client.people.get(1)  # no prospyr connection exists
    assert steve.company.id == steve.company_id
    deal = demo_client.opportunities.search()[0]
    assert deal.pipeline_stage.pipeline.name == "Sales"


def test_a_missing_list_record_is_a_key_error_and_not_found(client: Client) -> None:
    with pytest.raises(RecordNotFound) as info:
        client.loss_reasons.get(999)
    assert isinstance(info.value, KeyError) and isinstance(info.value, core.NotFound)
    assert str(info.value) == "Record with id `999` does not exist"


def test_raw_request_reaches_any_path(client: Client) -> None:
    assert client.raw_request("GET", "account").json()["id"] == 100624


# -- errors ---------------------------------------------------------------------------------------


def test_400_is_bad_request(client: Client) -> None:
    with pytest.raises(BadRequest) as info:
        client.raw_request("POST", "people", content=b"{not json")
    assert info.value.status_code == 400 and isinstance(info.value, core.BadRequest)


def test_401_is_authentication_error() -> None:
    emu = make_emulator(credentials=["someone@else.tld:other"])
    with make_client(emu) as client, pytest.raises(AuthenticationError) as info:
        client.account.get()
    assert isinstance(info.value, ApiError) and isinstance(info.value, core.AuthenticationError)
    assert info.value.args[0] == 401 and "Invalid credentials" in info.value.args[1]
    assert str(info.value).startswith("HTTP 401: ")


def test_403_is_permission_denied() -> None:
    emu = make_emulator(leads_enabled=False)
    with make_client(emu) as client, pytest.raises(PermissionDenied) as info:
        client.leads.get(1)
    assert "Feature not enabled" in info.value.message


def test_404_is_not_found_with_prospyr_args(client: Client) -> None:
    with pytest.raises(NotFound) as info:
        client.people.get(42)
    assert info.value.args == (404, '{"success":false,"status":404,"message":"Resource not found"}')
    assert isinstance(info.value, core.NotFound)


def test_422_on_create_is_invalid_record_and_a_value_error(client: Client) -> None:
    with pytest.raises(InvalidRecord) as info:
        client.people.create({"title": "No name"})
    err = info.value
    assert isinstance(err, ValueError) and isinstance(err, UnprocessableEntity)
    assert isinstance(err, core.UnprocessableEntity) and isinstance(err, core.BadRequest)
    assert str(err) == "Name can't be blank" and err.args == ("Name can't be blank",)


def test_422_on_update_is_invalid_record(client: Client) -> None:
    _new_person(client)
    _new_person(client, "Other Person", "other@example.org")
    with pytest.raises(InvalidRecord, match="already in use"):
        client.people.update(2, {"emails": [{"email": "steve@example.org", "category": "work"}]})


def test_429_is_retried_with_backoff_then_raised() -> None:
    emu = make_emulator(rate_limit=1)
    sleeps = SleepRecorder()
    with make_client(emu, sleep=sleeps, max_retries=2) as client:
        client.account.get()
        with pytest.raises(RateLimited) as info:
            client.users.list()
    assert info.value.retry_after is None  # ProsperWorks sends no Retry-After
    assert len(sleeps.calls) == 2
    assert [r.status for r in emu.requests] == [200, 429, 429, 429]


def test_a_429_on_a_create_is_retried_because_it_was_refused_before_processing() -> None:
    emu = make_emulator(rate_limit=None)
    emu.set_rate_limit(1)
    retried: list[RetryEvent] = []

    def lift(event: RetryEvent) -> None:
        retried.append(event)
        emu.set_rate_limit(None)

    with make_client(emu, hooks=Hooks(on_retry=(lift,))) as client:
        client.account.get()
        person = _new_person(client)
    assert person.id == 1 and len(retried) == 1
    assert len(emu.people) == 1


def test_5xx_on_a_read_is_retried_until_it_succeeds() -> None:
    emu = make_emulator(faults=Faults(rates={"503": 1.0}))

    def heal(event: RetryEvent) -> None:
        emu.faults = Faults()

    with make_client(emu, hooks=Hooks(on_retry=(heal,))) as client:
        assert client.account.get().name == "So-and-so Company"
    assert [r.status for r in emu.requests] == [503, 200]


def test_5xx_after_all_retries_is_server_error() -> None:
    emu = make_emulator(faults=Faults(rates={"500": 1.0}))
    with make_client(emu, max_retries=1) as client, pytest.raises(ServerError):
        client.account.get()
    assert len(emu.requests) == 2


def test_a_create_is_not_retried_after_a_5xx(client: Client, emu: ProsperWorksEmulator) -> None:
    emu.faults = Faults(rates={"500": 1.0})
    with pytest.raises(ServerError):
        _new_person(client)
    assert len(emu.requests) == 1


class _DropFirstCreate(httpx.BaseTransport):
    """Passes requests to the emulator but loses the answer to the first person create."""

    def __init__(self, emulator: ProsperWorksEmulator) -> None:
        self.inner = emulator.transport()
        self.dropped = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if not self.dropped and request.method == "POST" and request.url.path.endswith("/people"):
            self.dropped = True
            raise httpx.ReadError("connection reset after the request was sent", request=request)
        return response


def test_an_ambiguous_create_is_reconciled_by_email(emu: ProsperWorksEmulator) -> None:
    with make_client(emu, transport=_DropFirstCreate(emu)) as client:
        person = _new_person(client)
    assert person.id == 1
    assert len(emu.people) == 1  # found by fetch_by_email, not created twice
    assert [(r.method, r.path) for r in emu.requests][-1] == ("POST", "/people/fetch_by_email")


def test_an_ambiguous_create_without_a_natural_key_is_reported(emu: ProsperWorksEmulator) -> None:
    with (
        make_client(emu, transport=_DropFirstCreate(emu)) as client,
        pytest.raises(core.AmbiguousWriteError),
    ):
        client.people.create({"name": "No Email"})
    assert len(emu.people) == 1


# -- bad input, before any request --------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.people.get("1/../2"),
        lambda c: c.people.get(None),
        lambda c: c.people.search(page_size=500),
        lambda c: c.people.search(sort_direction="sideways"),
        lambda c: c.people.search(page_number=2),
        lambda c: c.people.create({"emails": "not-a-list"}),
        lambda c: c.people.create(Person(id=4, name="x")),
        lambda c: c.people.fetch_by_email(""),
        lambda c: c.companies.create(Person(name="wrong class")),
        lambda c: c.people.add_related(1, "not a record"),
    ],
)
def test_bad_input_is_refused_before_any_request(
    client: Client, emu: ProsperWorksEmulator, call: Any
) -> None:
    with pytest.raises((core.InvalidArgument, TypeError)):
        call(client)
    assert list(emu.requests) == []


def test_missing_credentials_are_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CRMKIT_PROSPERWORKS_EMAIL", raising=False)
    monkeypatch.delenv("CRMKIT_PROSPERWORKS_TOKEN", raising=False)
    with pytest.raises(MisconfiguredError):
        Client()
    with pytest.raises(MisconfiguredError):
        Client(EMAIL, "")


def test_credentials_can_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRMKIT_PROSPERWORKS_EMAIL", EMAIL)
    monkeypatch.setenv("CRMKIT_PROSPERWORKS_TOKEN", "env-token-123")
    with Client() as client:
        assert client.base_url.host == "api.copper.com"


# -- the client-side rate limit --------------------------------------------------------------


def test_the_default_limiter_keeps_under_180_per_minute(emu: ProsperWorksEmulator) -> None:
    from crmkit.prosperworks import default_rate_limit

    bucket = default_rate_limit()
    assert bucket.burst + bucket.rate <= 180 and bucket.per == 60
    with Client(EMAIL, "tok-123456", transport=emu.transport()) as client:
        assert client.api.rate_limit is not None


def test_the_limiter_paces_requests_with_the_injected_sleep(emu: ProsperWorksEmulator) -> None:
    sleeps = SleepRecorder()
    bucket = core.TokenBucket(60, per=60, burst=1, clock=lambda: 0.0)
    with make_client(emu, rate_limit=bucket, sleep=sleeps) as client:
        for _ in range(3):
            client.account.get()
    assert sleeps.calls == [pytest.approx(1.0), pytest.approx(2.0)]


def test_the_read_cache_serves_repeated_reads_and_writes_invalidate(
    emu: ProsperWorksEmulator,
) -> None:
    with make_client(emu, cache=core.TTLCache()) as client:
        _new_person(client)
        client.people.get(1)
        client.people.get(1)
        client.people.update(1, {"title": "CTO"})
        assert client.people.get(1).title == "CTO"
    gets = [r for r in emu.requests if r.method == "GET"]
    assert len(gets) == 2
