"""The typed clients against the emulator, each operation sync and async."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from support.procuret import Clock, make_emulator

from crmkit.core import (
    AmbiguousWriteError,
    AuthenticationError,
    BadRequest,
    ConfigurationError,
    Hooks,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    RateLimited,
    RetryEvent,
    ServerError,
    UnprocessableEntity,
)
from crmkit.core.emulator import Faults
from crmkit.procuret import (
    AsyncClient,
    Client,
    CommunicationOption,
    InstalmentLink,
    Order,
    Perspective,
    Session,
)
from crmkit.procuret.emulator import (
    ADMIN_EMAIL,
    BUSINESS_EMAIL,
    PASSPHRASE,
    SERIES_ID,
    SETUP_ID,
    SUPPLIER_EMAIL,
    TERM_RATE_GROUP_ID,
    ProcuretEmulator,
)


class Api:
    """Runs one call on the sync or the async client, so each test covers both."""

    def __init__(self, kind: str, client: Client | AsyncClient) -> None:
        self.kind = kind
        self.client = client

    async def __call__(self, fn: Callable[[Any], Any]) -> Any:
        result = fn(self.client)
        return await result if inspect.isawaitable(result) else result


@pytest.fixture(params=["sync", "async"])
async def api(request: pytest.FixtureRequest, client: Client, async_client: AsyncClient) -> Api:
    return Api(request.param, client if request.param == "sync" else async_client)


def _create(c: Any, **change: Any) -> Any:
    args: dict[str, Any] = {
        "supplier": 4000,
        "invoice_amount": Decimal("422.42"),
        "invitee_email": "someone@great-domain.org",
        "invoice_identifier": "T 055",
        "communication": CommunicationOption.EMAIL_CUSTOMER,
        **change,
    }
    return c.instalment_links.create(**args)


# -- every operation ----------------------------------------------------------------------------


async def test_login_flow_with_a_second_factor_code(
    emulator: ProcuretEmulator, clock: Clock, api: Api
) -> None:
    anonymous = (Client if api.kind == "sync" else AsyncClient)(
        transport=emulator.transport(), clock=clock
    )
    await Api(api.kind, anonymous)(
        lambda c: c.second_factor_codes.create(
            email=SUPPLIER_EMAIL, plaintext_secret=PASSPHRASE, perspective=Perspective.SUPPLIER
        )
    )
    code = emulator.latest_code(SUPPLIER_EMAIL)
    session = await Api(api.kind, anonymous)(
        lambda c: c.sessions.create(
            email=SUPPLIER_EMAIL,
            plaintext_secret=PASSPHRASE,
            perspective=Perspective.SUPPLIER,
            code=code,
        )
    )
    assert isinstance(session, Session) and session.session_id in emulator.sessions
    authed = anonymous.with_session(session)
    assert (
        await Api(api.kind, authed)(lambda c: c.sessions.retrieve())
    ).session_id == session.session_id


async def test_update_perspective(emulator: ProcuretEmulator, clock: Clock, api: Api) -> None:
    staff = Session.decode(emulator.issue_session(ADMIN_EMAIL, perspective=3).wire())
    cls = Client if api.kind == "sync" else AsyncClient
    client = cls(session=staff, transport=emulator.transport(), clock=clock)
    updated = await Api(api.kind, client)(
        lambda c: c.sessions.update_perspective(Perspective.SALES)
    )
    assert updated.perspective is Perspective.SALES
    assert updated.session_id == staff.session_id


async def test_create_retrieve_and_open_a_link(emulator: ProcuretEmulator, api: Api) -> None:
    link = await api(_create)
    assert isinstance(link, InstalmentLink)
    assert link.invoice_amount == Decimal("422.42")
    assert emulator.outbox[-1]["public_id"] == link.public_id
    await api(lambda c: c.instalment_links.open(link.public_id))
    again = await api(lambda c: c.instalment_links.retrieve(link.public_id))
    assert again.open_count == 1


async def test_list_page_carries_dispositions(api: Api) -> None:
    rows = await api(lambda c: c.instalment_links.list_page(limit=2, offset=1))
    assert [r.disposition.sequence for r in rows] == [2, 3]
    assert {r.disposition.count for r in rows} == {5}


async def test_prospective_payments_need_no_session(emulator: ProcuretEmulator, api: Api) -> None:
    cls = Client if api.kind == "sync" else AsyncClient
    anonymous = Api(api.kind, cls(transport=emulator.transport()))
    one = await anonymous(
        lambda c: c.prospective_payments.retrieve(
            supplier_id=4000, principal=Decimal("1000"), periods=6
        )
    )
    assert one.payment == Decimal("184.17")
    many = await anonymous(
        lambda c: c.prospective_payments.list(supplier_id=4000, principal=Decimal("1000"))
    )
    assert [p.periods for p in many] == [3, 6, 12]


async def test_series_reads(emulator: ProcuretEmulator, clock: Clock, api: Api) -> None:
    buyer = Session.decode(emulator.issue_session(BUSINESS_EMAIL).wire())
    cls = Client if api.kind == "sync" else AsyncClient
    client = Api(api.kind, cls(session=buyer, transport=emulator.transport(), clock=clock))
    series = await client(lambda c: c.payment_series.retrieve(SERIES_ID))
    assert series.total_payable.as_denominated_pretty_string == "AUD $1,341.00"
    commitment = await client(lambda c: c.commitments.retrieve(SETUP_ID))
    assert commitment.committed_human.full_name == "Sam Buyer"
    schedule = await client(lambda c: c.instalment_schedules.retrieve(SERIES_ID))
    assert len(schedule.lines) == 12
    assert schedule.lines[0].payment is not None
    assert sum(line.nominal_payment for line in schedule.lines) == schedule.total_row.total_payments


async def test_supplier_reads(api: Api) -> None:
    group = await api(lambda c: c.term_rate_groups.retrieve(TERM_RATE_GROUP_ID))
    assert [r.periods for r in group.rates] == [3, 6, 12]
    assert (await api(lambda c: c.xero.entity_map(4000))).entity_id == 4000
    assert (await api(lambda c: c.xero.organisation(4000))).short_code == "!k3Lp9"
    entity = await api(lambda c: c.entities.retrieve(4000))
    assert entity.entity_identifiers[0].identifier == "53004085616"
    assert (await api(lambda c: c.humans.retrieve(7001))).full_name == "Morgan Supplier"


def test_sync_pager_is_lazy_sliceable_and_counted(
    client: Client, emulator: ProcuretEmulator
) -> None:
    links = client.instalment_links.list(page_size=2, order=Order.ASCENDING)
    assert len(links) == 5
    assert [link.disposition.sequence for link in links[2:4]] == [3, 4]
    assert len(list(links)) == 5
    pages = [r for r in emulator.requests if r.path == "/instalment-link/list"]
    assert {r.query["limit"] for r in pages} == {"2"}


async def test_async_pager_streams_every_page(async_client: AsyncClient) -> None:
    links = async_client.instalment_links.list(page_size=2, prefetch=2)
    assert await links.total() == 5
    assert len([link async for link in links]) == 5


def test_series_pager(emulator: ProcuretEmulator, clock: Clock) -> None:
    buyer = Session.decode(emulator.issue_session(BUSINESS_EMAIL).wire())
    client = Client(session=buyer, transport=emulator.transport(), clock=clock)
    assert [s.public_id for s in client.payment_series.list(text_fragment="buyer")] == [SERIES_ID]


# -- errors ---------------------------------------------------------------------------------------


async def test_not_found(api: Api) -> None:
    with pytest.raises(NotFound):
        await api(lambda c: c.instalment_links.retrieve("doesnotexist0000"))


async def test_unprocessable_amount(api: Api) -> None:
    with pytest.raises(UnprocessableEntity) as caught:
        await api(lambda c: _create(c, invoice_amount=Decimal("0")))
    assert caught.value.body["response-code"] == 422


async def test_unknown_supplier_is_unprocessable(api: Api) -> None:
    with pytest.raises(UnprocessableEntity):
        await api(lambda c: _create(c, supplier=999))


async def test_permission_denied(emulator: ProcuretEmulator, api: Api) -> None:
    with pytest.raises(PermissionDenied):
        await api(lambda c: c.entities.retrieve(60641487079294574))


async def test_bad_request_from_the_server(api: Api) -> None:
    with pytest.raises(BadRequest):
        await api(lambda c: c.sessions.update_perspective(9))


async def test_expired_session_is_an_authentication_error(
    emulator: ProcuretEmulator, supplier_session: Session, api: Api
) -> None:
    emulator.expire_session(supplier_session.session_id)
    with pytest.raises(AuthenticationError) as caught:
        await api(lambda c: c.instalment_links.list_page())
    assert caught.value.body == {
        "error-information": "Session not found or expired",
        "response-code": 401,
    }


async def test_a_skewed_client_clock_is_refused(
    emulator: ProcuretEmulator, supplier_session: Session, api: Api
) -> None:
    cls = Client if api.kind == "sync" else AsyncClient
    skewed = cls(
        session=supplier_session, transport=emulator.transport(), clock=lambda: 1700000000 - 1800
    )
    with pytest.raises(AuthenticationError, match="Invalid signature"):
        await Api(api.kind, skewed)(lambda c: c.instalment_links.list_page())


async def test_wrong_key_is_refused(
    emulator: ProcuretEmulator, supplier_session: Session, api: Api
) -> None:
    cls = Client if api.kind == "sync" else AsyncClient
    wrong = cls(
        session_id=supplier_session.session_id, api_key="W" * 32, transport=emulator.transport()
    )
    with pytest.raises(AuthenticationError):
        await Api(api.kind, wrong)(lambda c: c.xero.entity_map(4000))


# -- bad input, before any request --------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"invoice_amount": 422.42},
        {"invoice_amount": Decimal("NaN")},
        {"supplier": True},
        {"supplier": -1},
        {"invitee_email": ""},
        {"communication": "yes"},
    ],
)
async def test_bad_input_is_refused_before_any_request(
    emulator: ProcuretEmulator, api: Api, change: dict[str, Any]
) -> None:
    emulator.requests.clear()
    with pytest.raises(InvalidArgument):
        await api(lambda c: _create(c, **change))
    assert list(emulator.requests) == []


async def test_bad_list_arguments_are_refused_before_any_request(
    emulator: ProcuretEmulator, api: Api
) -> None:
    emulator.requests.clear()
    with pytest.raises(InvalidArgument):
        await api(lambda c: c.instalment_links.list_page(limit=0))
    with pytest.raises(InvalidArgument):
        await api(lambda c: c.instalment_links.list_page(order="sideways"))
    assert list(emulator.requests) == []


def test_session_calls_without_a_session_fail_before_any_request(
    emulator: ProcuretEmulator,
) -> None:
    client = Client(transport=emulator.transport())
    with pytest.raises(ConfigurationError, match="needs a session"):
        client.instalment_links.list_page()
    assert list(emulator.requests) == []


def test_session_and_session_id_together_are_refused(supplier_session: Session) -> None:
    with pytest.raises(ConfigurationError):
        Client(session=supplier_session, session_id=1, api_key="k")


# -- retries, rate limits, ambiguous writes ----------------------------------------------------


def test_reads_are_retried_after_a_server_error(
    emulator: ProcuretEmulator, supplier_session: Session, clock: Clock, fake_sleep: Any
) -> None:
    emulator.faults = Faults(rates={"503": 1.0}, only_paths=("/xero",))
    client = Client(
        session=supplier_session, transport=emulator.transport(), clock=clock, sleep=fake_sleep
    )
    with pytest.raises(ServerError):
        client.xero.entity_map(4000)
    assert len(emulator.requests_to("GET", "/xero")) == 3  # first try + 2 retries
    assert len(fake_sleep.calls) == 2


def test_a_transient_failure_then_success(
    emulator: ProcuretEmulator, supplier_session: Session, clock: Clock, fake_sleep: Any
) -> None:
    emulator.faults = Faults(rates={"503": 1.0}, only_paths=("/xero",))

    def heal(event: RetryEvent) -> None:
        emulator.faults = Faults()  # the outage ends before the retry

    client = Client(
        session=supplier_session,
        transport=emulator.transport(),
        clock=clock,
        sleep=fake_sleep,
        hooks=Hooks(on_retry=(heal,)),
    )
    assert client.xero.entity_map(4000).entity_id == 4000
    assert [r.status for r in emulator.requests_to("GET", "/xero")] == [503, 200]


async def test_rate_limited_requests_wait_and_retry(
    supplier_session: Session, clock: Clock, fake_sleep: Any
) -> None:
    emulator = make_emulator(clock, rate_limit=60)
    emulator.add_session(supplier_session.session_id, supplier_session.api_key)
    emulator.faults = Faults(rates={"429": 1.0}, retry_after=2, only_paths=("/xero",))
    client = AsyncClient(
        session=supplier_session,
        transport=emulator.transport(),
        clock=clock,
        sleep=fake_sleep.async_sleep,
        max_retries=1,
    )
    with pytest.raises(RateLimited) as caught:
        await client.xero.entity_map(4000)
    assert caught.value.retry_after == 2
    assert fake_sleep.calls == [2.0]


def test_a_dropped_create_is_ambiguous_and_never_retried(
    emulator: ProcuretEmulator, client: Client
) -> None:
    emulator.faults = Faults(rates={"drop-after": 1.0}, only_paths=("/instalment-link",))
    before = len(emulator.links)
    with pytest.raises(AmbiguousWriteError, match="invoice_identifier"):
        _create(client)
    assert len(emulator.requests_to("POST", "/instalment-link")) == 1
    assert len(emulator.links) == before + 1  # it did happen: look it up, do not resend


def test_a_create_that_never_connected_is_retried(
    emulator: ProcuretEmulator, supplier_session: Session, clock: Clock, fake_sleep: Any
) -> None:
    import httpx

    attempts: list[int] = []
    inner = emulator.transport()

    class Flaky(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            attempts.append(1)
            if len(attempts) == 1:
                raise httpx.ConnectError("refused", request=request)
            return inner.handle_request(request)

    client = Client(session=supplier_session, transport=Flaky(), clock=clock, sleep=fake_sleep)
    assert _create(client).public_id
    assert len(attempts) == 2


async def test_async_client_over_loopback(supplier_session: Session, clock: Clock) -> None:
    emulator = make_emulator(clock, records=3)
    emulator.add_session(supplier_session.session_id, supplier_session.api_key)
    with emulator.serve(port=0) as server:
        async with AsyncClient(
            session=supplier_session, base_url=server.base_url, clock=clock
        ) as client:
            assert await client.instalment_links.list().total() == 3
