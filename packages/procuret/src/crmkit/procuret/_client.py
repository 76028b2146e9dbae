"""The typed clients: :class:`Client` (blocking) and :class:`AsyncClient` (asyncio).

Each wraps one core API client (transport, retries, cache, rate limit, errors) and exposes the
operations of ``_endpoints`` as resource groups (``client.instalment_links.create(...)``).
The two classes share every decision: endpoints and argument checks are built once, sans-IO;
the sync and async resource classes differ only in ``def`` versus ``async def`` one-liners.

Errors are crmkit's core errors (``AuthenticationError`` for 401, ``NotFound`` for 404...); the
old library's exceptions are raised only by the legacy idiom (``InstalmentLink.create``...).
"""

from __future__ import annotations

import builtins
import time
from collections.abc import Callable
from decimal import Decimal
from functools import cached_property
from typing import Any, Generic, TypeVar, Unpack

import httpx

from crmkit.core import (
    AsyncAPIClient,
    AsyncPager,
    ConfigurationError,
    Endpoint,
    Pager,
    RequestOptions,
    SyncAPIClient,
    resolve_base_url,
)
from crmkit.core import (
    __version__ as core_version,
)

from . import _endpoints as ep
from ._auth import AuthMode, session_auth
from ._spec import SPEC
from ._version import __version__
from .enums import (
    CommunicationOption,
    Cycle,
    InstalmentLinkOrderBy,
    Lifecycle,
    Order,
    PaymentSeriesOrderBy,
    Perspective,
    SaleNomenclature,
)
from .models import (
    Commitment,
    Entity,
    EntityHeadline,
    Human,
    InstalmentLink,
    InstalmentSchedule,
    PaymentSeries,
    ProspectivePayment,
    TermRateGroup,
    XeroEntityMap,
    XeroOrganisation,
)
from .session import Session

__all__ = [
    "DEFAULT_BASE_URL",
    "DEMO_BASE_URL",
    "AsyncClient",
    "Client",
    "build_api_client",
    "user_agent",
]

DEFAULT_BASE_URL = SPEC.default_base_url
DEMO_BASE_URL = "https://demo.procuret.com/api"
_ENVIRONMENTS = {"production": DEFAULT_BASE_URL, "demo": DEMO_BASE_URL}

ApiT = TypeVar("ApiT", SyncAPIClient, AsyncAPIClient)
T = TypeVar("T")


def user_agent(agent_prefix: str | None = None) -> str:
    """``[<prefix>;]crmkit-procuret/<v> crmkit/<v>`` (the old client sent ``Procuret Python``)."""
    base = f"crmkit-procuret/{__version__} crmkit/{core_version}"
    return f"{agent_prefix};{base}" if agent_prefix else base


def _session_from(
    session: Session | None,
    session_id: int | None,
    api_key: str | None,
    lifecycle: Lifecycle | int,
    perspective: Perspective | int | None,
) -> Session | None:
    if session is not None:
        if session_id is not None or api_key is not None:
            raise ConfigurationError(
                "pass either session= or session_id=/api_key=, not both", vendor="procuret"
            )
        if not isinstance(session, Session):
            raise ConfigurationError(
                f"session must be a crmkit.procuret.Session, not {type(session).__name__}",
                vendor="procuret",
            )
        return session
    if session_id is None and api_key is None:
        return None
    if session_id is None or not api_key:
        raise ConfigurationError("a session needs both session_id and api_key", vendor="procuret")
    return Session(session_id, None, api_key, lifecycle, perspective)


def build_api_client(
    *,
    asynchronous: bool = False,
    session: Session | None = None,
    auth_mode: str = "auto",
    base_url: str | httpx.URL | None = None,
    environment: str | None = None,
    agent_prefix: str | None = None,
    clock: Callable[[], float] = time.time,
    allow_insecure_http: bool = False,
    headers: dict[str, str] | None = None,
    **options: Any,
) -> SyncAPIClient | AsyncAPIClient:
    """A core API client for Procuret with session auth (when a session is given).

    The base URL is resolved first (argument, ``environment``, ``CRMKIT_PROCURET_BASE_URL``,
    then production) because its path is the root the signature leaves out.
    """
    if base_url is None and environment is not None:
        if environment not in _ENVIRONMENTS:
            raise ConfigurationError(
                f"environment must be 'production' or 'demo', not {environment!r}",
                vendor="procuret",
            )
        base_url = _ENVIRONMENTS[environment]
    url = resolve_base_url(
        "procuret", base_url, default=DEFAULT_BASE_URL, allow_insecure_http=allow_insecure_http
    )
    auth = (
        session_auth(session, root_path=url.path.rstrip("/"), auth_mode=auth_mode, clock=clock)
        if session is not None
        else None
    )
    kwargs: dict[str, Any] = {
        "vendor": "procuret",
        "vendor_version": __version__,
        "default_base_url": DEFAULT_BASE_URL,
        "base_url": url,
        "auth": auth,
        "error_details": ep.error_details,
        "allow_insecure_http": allow_insecure_http,
        "headers": {"User-Agent": user_agent(agent_prefix), **(headers or {})},
        **options,
    }
    return AsyncAPIClient(**kwargs) if asynchronous else SyncAPIClient(**kwargs)


class _ClientBase(Generic[ApiT]):
    """What both clients share: construction, the session, the authenticated check."""

    _asynchronous: bool = False

    def __init__(
        self,
        session: Session | None = None,
        *,
        session_id: int | None = None,
        api_key: str | None = None,
        lifecycle: Lifecycle | int = Lifecycle.LONG_LIVED,
        perspective: Perspective | int | None = None,
        auth_mode: AuthMode = "auto",
        base_url: str | httpx.URL | None = None,
        environment: str | None = None,
        agent_prefix: str | None = None,
        clock: Callable[[], float] = time.time,
        api_client: ApiT | None = None,
        **options: Any,
    ) -> None:
        self.session = _session_from(session, session_id, api_key, lifecycle, perspective)
        self._settings: dict[str, Any] = {
            "auth_mode": auth_mode,
            "base_url": base_url,
            "environment": environment,
            "agent_prefix": agent_prefix,
            "clock": clock,
            **options,
        }
        if api_client is not None:
            if self.session is not None or options:
                raise ConfigurationError(
                    "api_client= carries its own auth and options; pass nothing else",
                    vendor="procuret",
                )
            self._api: ApiT = api_client
        else:
            self._api = build_api_client(  # type: ignore[assignment]
                asynchronous=self._asynchronous, session=self.session, **self._settings
            )

    @property
    def api(self) -> ApiT:
        """The core API client (``raw_request``, ``stream``, ``base_url``...)."""
        return self._api

    @property
    def base_url(self) -> httpx.URL:
        """The API root requests go to."""
        return self._api.base_url

    @property
    def authenticated(self) -> bool:
        """Whether requests carry session credentials."""
        return self._api.auth is not None

    def _require_session(self, what: str) -> None:
        if not self.authenticated:
            raise ConfigurationError(
                f"{what} needs a session: create the client with session= (or session_id= and "
                "api_key=); get a session with client.sessions.create(...)",
                vendor="procuret",
            )

    def _own_session_id(self) -> int:
        if self.session is None:
            raise ConfigurationError(
                "this client was not given a Session; pass session_id explicitly",
                vendor="procuret",
            )
        return self.session.session_id

    def __repr__(self) -> str:
        who = f"session_id={self.session.session_id}" if self.session else "anonymous"
        return f"<{type(self).__name__} {self._api.base_url} {who}>"


# ==== blocking resources =========================================================================


class _Resource:
    def __init__(self, client: Client) -> None:
        self._client = client
        self._api: SyncAPIClient = client.api


class SecondFactorCodes(_Resource):
    """A: second-factor codes (unauthenticated)."""

    def create(
        self,
        *,
        email: str | None = None,
        agent_id: int | None = None,
        plaintext_secret: str,
        perspective: Perspective | int | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:
        """Have Procuret send a 6-digit code to the account named by email or agent id."""
        self._api.send(
            ep.create_second_factor_code(
                email=email,
                agent_id=agent_id,
                plaintext_secret=plaintext_secret,
                perspective=perspective,
            ),
            **options,
        )


class Sessions(_Resource):
    """B, C, D: sessions."""

    def create(
        self,
        *,
        email: str,
        plaintext_secret: str,
        perspective: Perspective | int,
        code: str,
        lifecycle: Lifecycle | int = Lifecycle.LONG_LIVED,
        **options: Unpack[RequestOptions],
    ) -> Session:
        """Log in and return the new :class:`Session` (use it with ``client.with_session``)."""
        return self._api.send(
            ep.create_session(
                email=email,
                secret=plaintext_secret,
                perspective=perspective,
                code=code,
                lifecycle=lifecycle,
            ),
            **options,
        )

    def retrieve(self, session_id: int | None = None, **options: Unpack[RequestOptions]) -> Session:
        """The caller's session as Procuret has it (``GET /session``)."""
        self._client._require_session("sessions.retrieve")
        sid = session_id if session_id is not None else self._client._own_session_id()
        return self._api.send(ep.retrieve_session(sid), **options)

    def update_perspective(
        self, perspective: Perspective | int, **options: Unpack[RequestOptions]
    ) -> Session:
        """Change the session's perspective (``PUT /session``); id and key stay."""
        self._client._require_session("sessions.update_perspective")
        return self._api.send(ep.update_session_perspective(perspective), **options)


class InstalmentLinks(_Resource):
    """E, F, G, H: instalment links."""

    def create(
        self,
        *,
        supplier: int | EntityHeadline,
        invoice_amount: Decimal,
        invitee_email: str,
        invoice_identifier: str | None = None,
        communication: CommunicationOption = CommunicationOption.EMAIL_CUSTOMER,
        denomination: int | None = None,
        sale_name: SaleNomenclature | int | None = None,
        invitee_phone: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> InstalmentLink:
        """Create a link. Never retried once it may have been sent: an ambiguous failure raises
        ``AmbiguousWriteError``; list your newest links before creating again."""
        self._client._require_session("instalment_links.create")
        return self._api.send(
            ep.create_instalment_link(
                supplier=supplier,
                invoice_amount=invoice_amount,
                invitee_email=invitee_email,
                invoice_identifier=invoice_identifier,
                communication=communication,
                denomination=denomination,
                sale_name=sale_name,
                invitee_phone=invitee_phone,
            ),
            **options,
        )

    def list(
        self,
        *,
        order: Order = Order.DESCENDING,
        order_by: InstalmentLinkOrderBy = InstalmentLinkOrderBy.CREATED,
        opened: bool | None = None,
        supplier_id: int | None = None,
        accessible_to: int | None = None,
        created_by: int | None = None,
        page_size: int = 20,
        max_items: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> Pager[InstalmentLink]:
        """Every matching link, lazily, newest first by default (sliceable, ``len()``)."""
        self._client._require_session("instalment_links.list")
        paginator = ep.instalment_link_pages(
            page_size=page_size,
            max_items=max_items,
            order=order,
            order_by=order_by,
            opened=opened,
            supplier_id=supplier_id,
            accessible_to=accessible_to,
            created_by=created_by,
        )
        return Pager(self._api, paginator, key=_public_id, options=dict(options))

    def list_page(
        self,
        *,
        limit: int = 20,
        offset: int = 0,
        order: Order = Order.DESCENDING,
        order_by: InstalmentLinkOrderBy = InstalmentLinkOrderBy.CREATED,
        opened: bool | None = None,
        public_id: str | None = None,
        supplier_id: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[InstalmentLink]:
        """One page of links, each with its ``disposition``."""
        self._client._require_session("instalment_links.list_page")
        endpoint = ep.list_instalment_links(
            limit=limit,
            offset=offset,
            order=order,
            order_by=order_by,
            opened=opened,
            public_id=public_id,
            supplier_id=supplier_id,
        )
        return self._api.send(endpoint, **options).items

    def retrieve(self, public_id: str, **options: Unpack[RequestOptions]) -> InstalmentLink:
        """One link (``GET /instalment-link``); an unknown id raises ``NotFound``."""
        self._client._require_session("instalment_links.retrieve")
        return self._api.send(ep.retrieve_instalment_link(public_id), **options)

    def open(self, link_id: str, **options: Unpack[RequestOptions]) -> None:
        """Record an opening of the link (``POST /instalment-link/open``)."""
        self._client._require_session("instalment_links.open")
        self._api.send(ep.open_instalment_link(link_id), **options)


class ProspectivePayments(_Resource):
    """I, J: what a customer would pay per period (no session needed)."""

    def retrieve(
        self,
        *,
        supplier_id: int,
        principal: Decimal,
        periods: int,
        cycle: Cycle | int = Cycle.ADVANCE,
        denomination: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> ProspectivePayment:
        """The payment per period over ``periods`` months."""
        return self._api.send(
            ep.prospective_payment(
                supplier_id=supplier_id,
                principal=principal,
                periods=periods,
                cycle=cycle,
                denomination=denomination,
            ),
            **options,
        )

    def list(
        self,
        *,
        supplier_id: int,
        principal: Decimal,
        cycle: Cycle | int = Cycle.ADVANCE,
        denomination: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[ProspectivePayment]:
        """One prospective payment per term the supplier offers."""
        return self._api.send(
            ep.prospective_payments(
                supplier_id=supplier_id, principal=principal, cycle=cycle, denomination=denomination
            ),
            **options,
        )


class PaymentSeriesResource(_Resource):
    """K, L: payment series."""

    def list(
        self,
        *,
        order: Order = Order.DESCENDING,
        order_by: PaymentSeriesOrderBy = PaymentSeriesOrderBy.CREATED,
        text_fragment: str | None = None,
        business_id: int | None = None,
        method_id: str | None = None,
        page_size: int = 20,
        max_items: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> Pager[PaymentSeries]:
        """Every matching series, lazily, newest first by default."""
        self._client._require_session("payment_series.list")
        paginator = ep.payment_series_pages(
            page_size=page_size,
            max_items=max_items,
            order=order,
            order_by=order_by,
            text_fragment=text_fragment,
            business_id=business_id,
            method_id=method_id,
        )
        return Pager(self._api, paginator, key=_public_id, options=dict(options))

    def retrieve(self, public_id: str, **options: Unpack[RequestOptions]) -> PaymentSeries:
        """One series (``GET /payment/series``); an unknown id raises ``NotFound``."""
        self._client._require_session("payment_series.retrieve")
        return self._api.send(ep.retrieve_payment_series(public_id), **options)


class _Reads(_Resource):
    def _get(self, what: str, endpoint: Endpoint[T], options: RequestOptions) -> T:
        self._client._require_session(what)
        return self._api.send(endpoint, **options)


class TermRateGroups(_Reads):
    """M: term-rate groups."""

    def retrieve(self, public_id: str, **options: Unpack[RequestOptions]) -> TermRateGroup:
        """One group."""
        return self._get(
            "term_rate_groups.retrieve", ep.retrieve_term_rate_group(public_id), options
        )


class Xero(_Reads):
    """N, O: Xero integration."""

    def entity_map(self, entity_id: int, **options: Unpack[RequestOptions]) -> XeroEntityMap:
        """The entity's Xero map."""
        return self._get("xero.entity_map", ep.retrieve_xero_entity_map(entity_id), options)

    def organisation(self, entity_id: int, **options: Unpack[RequestOptions]) -> XeroOrganisation:
        """The entity's Xero organisation."""
        return self._get("xero.organisation", ep.retrieve_xero_organisation(entity_id), options)


class Entities(_Reads):
    """P: business entities."""

    def retrieve(self, entity_id: int, **options: Unpack[RequestOptions]) -> Entity:
        """One entity."""
        return self._get("entities.retrieve", ep.retrieve_entity(entity_id), options)


class Humans(_Reads):
    """Q: people."""

    def retrieve(self, human_id: int, **options: Unpack[RequestOptions]) -> Human:
        """One person."""
        return self._get("humans.retrieve", ep.retrieve_human(human_id), options)


class Commitments(_Reads):
    """R: commitments."""

    def retrieve(self, setup_id: str, **options: Unpack[RequestOptions]) -> Commitment:
        """The commitment of a payment setup (a series' ``exchange_id``)."""
        return self._get("commitments.retrieve", ep.retrieve_commitment(setup_id), options)


class InstalmentSchedules(_Reads):
    """S: instalment schedules."""

    def retrieve(self, series_id: str, **options: Unpack[RequestOptions]) -> InstalmentSchedule:
        """The schedule of a payment series."""
        return self._get(
            "instalment_schedules.retrieve", ep.retrieve_instalment_schedule(series_id), options
        )


def _public_id(item: Any) -> Any:
    return getattr(item, "public_id", None)


# ==== asyncio resources (the same calls, awaited) ================================================


class _AsyncResource:
    def __init__(self, client: AsyncClient) -> None:
        self._client = client
        self._api: AsyncAPIClient = client.api


class AsyncSecondFactorCodes(_AsyncResource):
    """A: second-factor codes (unauthenticated)."""

    async def create(
        self,
        *,
        email: str | None = None,
        agent_id: int | None = None,
        plaintext_secret: str,
        perspective: Perspective | int | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:
        """Have Procuret send a 6-digit code to the account named by email or agent id."""
        await self._api.send(
            ep.create_second_factor_code(
                email=email,
                agent_id=agent_id,
                plaintext_secret=plaintext_secret,
                perspective=perspective,
            ),
            **options,
        )


class AsyncSessions(_AsyncResource):
    """B, C, D: sessions."""

    async def create(
        self,
        *,
        email: str,
        plaintext_secret: str,
        perspective: Perspective | int,
        code: str,
        lifecycle: Lifecycle | int = Lifecycle.LONG_LIVED,
        **options: Unpack[RequestOptions],
    ) -> Session:
        """Log in and return the new :class:`Session`."""
        return await self._api.send(
            ep.create_session(
                email=email,
                secret=plaintext_secret,
                perspective=perspective,
                code=code,
                lifecycle=lifecycle,
            ),
            **options,
        )

    async def retrieve(
        self, session_id: int | None = None, **options: Unpack[RequestOptions]
    ) -> Session:
        """The caller's session as Procuret has it."""
        self._client._require_session("sessions.retrieve")
        sid = session_id if session_id is not None else self._client._own_session_id()
        return await self._api.send(ep.retrieve_session(sid), **options)

    async def update_perspective(
        self, perspective: Perspective | int, **options: Unpack[RequestOptions]
    ) -> Session:
        """Change the session's perspective; id and key stay."""
        self._client._require_session("sessions.update_perspective")
        return await self._api.send(ep.update_session_perspective(perspective), **options)


class AsyncInstalmentLinks(_AsyncResource):
    """E, F, G, H: instalment links."""

    async def create(
        self,
        *,
        supplier: int | EntityHeadline,
        invoice_amount: Decimal,
        invitee_email: str,
        invoice_identifier: str | None = None,
        communication: CommunicationOption = CommunicationOption.EMAIL_CUSTOMER,
        denomination: int | None = None,
        sale_name: SaleNomenclature | int | None = None,
        invitee_phone: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> InstalmentLink:
        """Create a link (never retried once it may have been sent)."""
        self._client._require_session("instalment_links.create")
        return await self._api.send(
            ep.create_instalment_link(
                supplier=supplier,
                invoice_amount=invoice_amount,
                invitee_email=invitee_email,
                invoice_identifier=invoice_identifier,
                communication=communication,
                denomination=denomination,
                sale_name=sale_name,
                invitee_phone=invitee_phone,
            ),
            **options,
        )

    def list(
        self,
        *,
        order: Order = Order.DESCENDING,
        order_by: InstalmentLinkOrderBy = InstalmentLinkOrderBy.CREATED,
        opened: bool | None = None,
        supplier_id: int | None = None,
        accessible_to: int | None = None,
        created_by: int | None = None,
        page_size: int = 20,
        max_items: int | None = None,
        prefetch: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[InstalmentLink]:
        """Every matching link, lazily (``async for``), newest first by default."""
        self._client._require_session("instalment_links.list")
        paginator = ep.instalment_link_pages(
            page_size=page_size,
            max_items=max_items,
            order=order,
            order_by=order_by,
            opened=opened,
            supplier_id=supplier_id,
            accessible_to=accessible_to,
            created_by=created_by,
        )
        return AsyncPager(
            self._api, paginator, prefetch=prefetch, key=_public_id, options=dict(options)
        )

    async def list_page(
        self,
        *,
        limit: int = 20,
        offset: int = 0,
        order: Order = Order.DESCENDING,
        order_by: InstalmentLinkOrderBy = InstalmentLinkOrderBy.CREATED,
        opened: bool | None = None,
        public_id: str | None = None,
        supplier_id: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[InstalmentLink]:
        """One page of links, each with its ``disposition``."""
        self._client._require_session("instalment_links.list_page")
        endpoint = ep.list_instalment_links(
            limit=limit,
            offset=offset,
            order=order,
            order_by=order_by,
            opened=opened,
            public_id=public_id,
            supplier_id=supplier_id,
        )
        return (await self._api.send(endpoint, **options)).items

    async def retrieve(self, public_id: str, **options: Unpack[RequestOptions]) -> InstalmentLink:
        """One link; an unknown id raises ``NotFound``."""
        self._client._require_session("instalment_links.retrieve")
        return await self._api.send(ep.retrieve_instalment_link(public_id), **options)

    async def open(self, link_id: str, **options: Unpack[RequestOptions]) -> None:
        """Record an opening of the link."""
        self._client._require_session("instalment_links.open")
        await self._api.send(ep.open_instalment_link(link_id), **options)


class AsyncProspectivePayments(_AsyncResource):
    """I, J: what a customer would pay per period (no session needed)."""

    async def retrieve(
        self,
        *,
        supplier_id: int,
        principal: Decimal,
        periods: int,
        cycle: Cycle | int = Cycle.ADVANCE,
        denomination: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> ProspectivePayment:
        """The payment per period over ``periods`` months."""
        return await self._api.send(
            ep.prospective_payment(
                supplier_id=supplier_id,
                principal=principal,
                periods=periods,
                cycle=cycle,
                denomination=denomination,
            ),
            **options,
        )

    async def list(
        self,
        *,
        supplier_id: int,
        principal: Decimal,
        cycle: Cycle | int = Cycle.ADVANCE,
        denomination: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[ProspectivePayment]:
        """One prospective payment per term the supplier offers."""
        return await self._api.send(
            ep.prospective_payments(
                supplier_id=supplier_id, principal=principal, cycle=cycle, denomination=denomination
            ),
            **options,
        )


class AsyncPaymentSeriesResource(_AsyncResource):
    """K, L: payment series."""

    def list(
        self,
        *,
        order: Order = Order.DESCENDING,
        order_by: PaymentSeriesOrderBy = PaymentSeriesOrderBy.CREATED,
        text_fragment: str | None = None,
        business_id: int | None = None,
        method_id: str | None = None,
        page_size: int = 20,
        max_items: int | None = None,
        prefetch: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[PaymentSeries]:
        """Every matching series, lazily, newest first by default."""
        self._client._require_session("payment_series.list")
        paginator = ep.payment_series_pages(
            page_size=page_size,
            max_items=max_items,
            order=order,
            order_by=order_by,
            text_fragment=text_fragment,
            business_id=business_id,
            method_id=method_id,
        )
        return AsyncPager(
            self._api, paginator, prefetch=prefetch, key=_public_id, options=dict(options)
        )

    async def retrieve(self, public_id: str, **options: Unpack[RequestOptions]) -> PaymentSeries:
        """One series; an unknown id raises ``NotFound``."""
        self._client._require_session("payment_series.retrieve")
        return await self._api.send(ep.retrieve_payment_series(public_id), **options)


class _AsyncReads(_AsyncResource):
    async def _get(self, what: str, endpoint: Endpoint[T], options: RequestOptions) -> T:
        self._client._require_session(what)
        return await self._api.send(endpoint, **options)


class AsyncTermRateGroups(_AsyncReads):
    """M: term-rate groups."""

    async def retrieve(self, public_id: str, **options: Unpack[RequestOptions]) -> TermRateGroup:
        """One group."""
        return await self._get(
            "term_rate_groups.retrieve", ep.retrieve_term_rate_group(public_id), options
        )


class AsyncXero(_AsyncReads):
    """N, O: Xero integration."""

    async def entity_map(self, entity_id: int, **options: Unpack[RequestOptions]) -> XeroEntityMap:
        """The entity's Xero map."""
        return await self._get("xero.entity_map", ep.retrieve_xero_entity_map(entity_id), options)

    async def organisation(
        self, entity_id: int, **options: Unpack[RequestOptions]
    ) -> XeroOrganisation:
        """The entity's Xero organisation."""
        return await self._get(
            "xero.organisation", ep.retrieve_xero_organisation(entity_id), options
        )


class AsyncEntities(_AsyncReads):
    """P: business entities."""

    async def retrieve(self, entity_id: int, **options: Unpack[RequestOptions]) -> Entity:
        """One entity."""
        return await self._get("entities.retrieve", ep.retrieve_entity(entity_id), options)


class AsyncHumans(_AsyncReads):
    """Q: people."""

    async def retrieve(self, human_id: int, **options: Unpack[RequestOptions]) -> Human:
        """One person."""
        return await self._get("humans.retrieve", ep.retrieve_human(human_id), options)


class AsyncCommitments(_AsyncReads):
    """R: commitments."""

    async def retrieve(self, setup_id: str, **options: Unpack[RequestOptions]) -> Commitment:
        """The commitment of a payment setup."""
        return await self._get("commitments.retrieve", ep.retrieve_commitment(setup_id), options)


class AsyncInstalmentSchedules(_AsyncReads):
    """S: instalment schedules."""

    async def retrieve(
        self, series_id: str, **options: Unpack[RequestOptions]
    ) -> InstalmentSchedule:
        """The schedule of a payment series."""
        return await self._get(
            "instalment_schedules.retrieve", ep.retrieve_instalment_schedule(series_id), options
        )


# ==== the clients ================================================================================


class Client(_ClientBase[SyncAPIClient]):
    """The blocking Procuret client.

    Args:
        session: a :class:`Session` (or pass ``session_id=`` and ``api_key=``); without one,
            only the unauthenticated calls work (codes, login, prospective payments).
        lifecycle: with ``session_id``/``api_key``: the session's lifecycle.
        auth_mode: ``"auto"`` (SHORT_LIVED sends the key, LONG_LIVED signs), ``"signature"``
            or ``"api_key"``.
        base_url: the API root; else ``environment`` (``"production"``, ``"demo"``); else
            ``CRMKIT_PROCURET_BASE_URL``; else ``https://procuret.com/api``.
        agent_prefix: prepended to the User-Agent (``<prefix>;crmkit-procuret/...``).
        clock: epoch-seconds clock used for signatures (tests inject one).
        api_client: an existing core client to wrap (its auth is used as is).
        **options: core client options: ``timeout``, ``max_retries``, ``retry``, ``cache``,
            ``rate_limit``, ``hooks``, ``transport``, ``http_client``, ``proxy``, ``verify``,
            ``sleep``...

    Example:
        >>> client = Client(session=Session.load_from_file("session.txt"))  # doctest: +SKIP
        >>> link = client.instalment_links.create(                          # doctest: +SKIP
        ...     supplier=4000, invoice_amount=Decimal("422.42"),
        ...     invitee_email="someone@great-domain.org", invoice_identifier="T 055")
    """

    _asynchronous = False

    @cached_property
    def second_factor_codes(self) -> SecondFactorCodes:
        """A: second-factor codes."""
        return SecondFactorCodes(self)

    @cached_property
    def sessions(self) -> Sessions:
        """B, C, D: sessions."""
        return Sessions(self)

    @cached_property
    def instalment_links(self) -> InstalmentLinks:
        """E-H: instalment links."""
        return InstalmentLinks(self)

    @cached_property
    def prospective_payments(self) -> ProspectivePayments:
        """I, J: prospective payments."""
        return ProspectivePayments(self)

    @cached_property
    def payment_series(self) -> PaymentSeriesResource:
        """K, L: payment series."""
        return PaymentSeriesResource(self)

    @cached_property
    def term_rate_groups(self) -> TermRateGroups:
        """M: term-rate groups."""
        return TermRateGroups(self)

    @cached_property
    def xero(self) -> Xero:
        """N, O: Xero integration."""
        return Xero(self)

    @cached_property
    def entities(self) -> Entities:
        """P: entities."""
        return Entities(self)

    @cached_property
    def humans(self) -> Humans:
        """Q: people."""
        return Humans(self)

    @cached_property
    def commitments(self) -> Commitments:
        """R: commitments."""
        return Commitments(self)

    @cached_property
    def instalment_schedules(self) -> InstalmentSchedules:
        """S: instalment schedules."""
        return InstalmentSchedules(self)

    def with_session(self, session: Session) -> Client:
        """A new client with this one's settings, authenticated by ``session``."""
        return Client(session=session, **self._settings)

    def close(self) -> None:
        """Close the connection pool."""
        self._api.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncClient(_ClientBase[AsyncAPIClient]):
    """The asyncio Procuret client; same arguments as :class:`Client`."""

    _asynchronous = True

    @cached_property
    def second_factor_codes(self) -> AsyncSecondFactorCodes:
        """A: second-factor codes."""
        return AsyncSecondFactorCodes(self)

    @cached_property
    def sessions(self) -> AsyncSessions:
        """B, C, D: sessions."""
        return AsyncSessions(self)

    @cached_property
    def instalment_links(self) -> AsyncInstalmentLinks:
        """E-H: instalment links."""
        return AsyncInstalmentLinks(self)

    @cached_property
    def prospective_payments(self) -> AsyncProspectivePayments:
        """I, J: prospective payments."""
        return AsyncProspectivePayments(self)

    @cached_property
    def payment_series(self) -> AsyncPaymentSeriesResource:
        """K, L: payment series."""
        return AsyncPaymentSeriesResource(self)

    @cached_property
    def term_rate_groups(self) -> AsyncTermRateGroups:
        """M: term-rate groups."""
        return AsyncTermRateGroups(self)

    @cached_property
    def xero(self) -> AsyncXero:
        """N, O: Xero integration."""
        return AsyncXero(self)

    @cached_property
    def entities(self) -> AsyncEntities:
        """P: entities."""
        return AsyncEntities(self)

    @cached_property
    def humans(self) -> AsyncHumans:
        """Q: people."""
        return AsyncHumans(self)

    @cached_property
    def commitments(self) -> AsyncCommitments:
        """R: commitments."""
        return AsyncCommitments(self)

    @cached_property
    def instalment_schedules(self) -> AsyncInstalmentSchedules:
        """S: instalment schedules."""
        return AsyncInstalmentSchedules(self)

    def with_session(self, session: Session) -> AsyncClient:
        """A new client with this one's settings, authenticated by ``session``."""
        return AsyncClient(session=session, **self._settings)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._api.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
