"""The typed clients: :class:`Client` (blocking) and :class:`AsyncClient` (asyncio).

Both wrap one core API client and expose resource groups as cached properties
(``client.people``, ``client.pipelines``...). Every operation is built once, sans-IO, in
:mod:`crmkit.prosperworks._endpoints`; the sync and async groups differ only in ``def`` versus
``async def`` one-line delegations.

Errors come out as the prospyr-named classes of :mod:`crmkit.prosperworks.errors` (which are
also the core classes), so ``except ApiError`` and ``except crmkit.core.NotFound`` both work.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any, Generic, TypeVar, cast

import httpx
import pydantic

from crmkit.core import (
    APIError,
    AsyncAPIClient,
    AsyncPager,
    Endpoint,
    Flow,
    HeaderAuth,
    InvalidArgument,
    Page,
    Pager,
    RetryPolicy,
    Secret,
    SyncAPIClient,
    TokenBucket,
)

from . import _endpoints as ep
from ._version import __version__
from .cache import as_core_cache
from .connection import resolve_root
from .errors import MisconfiguredError, convert_api_error
from .models import (
    Account,
    Activity,
    ActivityType,
    Company,
    ContactType,
    CustomerSource,
    CustomFieldDefinition,
    DeleteResult,
    Identifier,
    Lead,
    LeadStatus,
    LossReason,
    Opportunity,
    Person,
    Pipeline,
    PipelineStage,
    Project,
    Resource,
    Task,
    User,
    Webhook,
)

__all__ = [
    "DEFAULT_RATE_LIMIT",
    "AsyncClient",
    "Client",
    "default_rate_limit",
    "make_auth",
]

VENDOR = "prosperworks"
T = TypeVar("T")
R = TypeVar("R", bound=Resource)


class _Default:
    def __repr__(self) -> str:
        return "DEFAULT"


DEFAULT_RATE_LIMIT: Any = _Default()
"""Sentinel: use :func:`default_rate_limit` (pass ``rate_limit=None`` to turn limiting off)."""


def default_rate_limit() -> TokenBucket:
    """A token bucket keeping one client under ProsperWorks' 180 requests per rolling minute.

    170 per minute with bursts of 10: a token bucket lets ``burst + rate`` through in the first
    minute, so this never exceeds 180 in any 60 s window. ProsperWorks sends no Retry-After
    with its 429s, so staying under the limit beats backing off after it.
    """
    return TokenBucket(170, per=60.0, burst=10)


def make_auth(email: str, token: str | Secret) -> HeaderAuth:
    """The three ProsperWorks headers: access token (secret), user email, application."""
    return HeaderAuth(
        {
            "X-PW-AccessToken": Secret(token),
            "X-PW-UserEmail": email,
            "X-PW-Application": "developer_api",
        }
    )


def _credentials(email: str | None, token: str | Secret | None) -> tuple[str, str | Secret]:
    email = email if email is not None else os.environ.get("CRMKIT_PROSPERWORKS_EMAIL")
    token = token if token is not None else os.environ.get("CRMKIT_PROSPERWORKS_TOKEN")
    if not isinstance(email, str) or not email.strip():
        raise MisconfiguredError(
            "email is required: the email of the API key's owner (or set CRMKIT_PROSPERWORKS_EMAIL)"
        )
    if token is None or not (token.reveal() if isinstance(token, Secret) else token).strip():
        raise MisconfiguredError(
            "token is required: an API key from Settings > API Keys (or set "
            "CRMKIT_PROSPERWORKS_TOKEN)"
        )
    return email, token


def _core_kwargs(
    email: str | None,
    token: str | Secret | None,
    base_url: str | None,
    cache: Any,
    rate_limit: Any,
    allow_insecure_http: bool,
    options: dict[str, Any],
) -> dict[str, Any]:
    email, token = _credentials(email, token)
    root = resolve_root(base_url, allow_insecure_http=allow_insecure_http)
    return {
        "vendor": VENDOR,
        "vendor_version": __version__,
        "default_base_url": root + "v1/",
        "base_url": root + "v1/",
        "auth": make_auth(email, token),
        "cache": as_core_cache(cache),
        "rate_limit": default_rate_limit() if rate_limit is DEFAULT_RATE_LIMIT else rate_limit,
        "headers": {"Accept": "application/json", "Content-Type": "application/json"},
        "error_details": ep.error_details,
        # Errors come out (and are thrown into flows) as prospyr's classes, which are also
        # the core ones, so both kinds of except clause work.
        "error_hook": convert_api_error,
        "allow_insecure_http": allow_insecure_http,
        **options,
    }


# -- payload helpers (shared by both clients) ---------------------------------------------------


def _as_instance(cls: type[R], data: R | Mapping[str, Any]) -> R:
    if isinstance(data, cls):
        return data
    if isinstance(data, Resource):
        raise InvalidArgument(f"expected a {cls.__name__} or a dict, not {type(data).__name__}")
    if not isinstance(data, Mapping):
        raise InvalidArgument(f"expected a {cls.__name__} or a dict, not {type(data).__name__}")
    try:
        return cls.model_validate(dict(data))
    except pydantic.ValidationError as exc:
        first = exc.errors(include_input=False, include_url=False)[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise InvalidArgument(f"invalid {cls.__name__} field {loc}: {first['msg']}") from None


def create_payload(cls: type[R], data: R | Mapping[str, Any]) -> dict[str, Any]:
    """The POST body for ``data`` (a resource instance or a dict of fields)."""
    record = _as_instance(cls, data)
    if record.id is not None:
        raise InvalidArgument(
            f"this {cls.__name__} already has an id ({record.id}): update it instead"
        )
    return record.create_payload()


def update_payload(cls: type[R], data: R | Mapping[str, Any]) -> dict[str, Any]:
    """The PUT body: the instance's changes, or every field given in a dict."""
    return _as_instance(cls, data).update_payload()


def _search(
    cls: type[R],
    filters: Mapping[str, Any],
    sort_by: str | None,
    sort_direction: str | None,
    page_size: int,
    invalid: Any,
) -> ep.SearchPagination:
    if sort_direction not in (None, "asc", "desc"):
        raise InvalidArgument("sort_direction must be 'asc' or 'desc'")
    ep.search_body(filters, 1, page_size)  # checks the arguments before any request

    def make(page_number: int, size: int) -> Endpoint[Any]:
        return ep.search_page(
            cls,
            filters,
            page_number,
            size,
            sort_by=sort_by,
            sort_direction=sort_direction,
            invalid=invalid,
        )

    return ep.SearchPagination(make, page_size=page_size)


def _remember_client(result: Any, client: Client) -> None:
    """Let loaded records resolve related attributes through ``client`` (sync only: a
    property cannot await)."""
    items: Any
    if isinstance(result, Resource):
        items = (result,)
    elif isinstance(result, Page):
        items = result.items
    elif isinstance(result, list):
        items = result
    elif isinstance(result, dict):
        items = result.values()
    else:
        return
    for item in items:
        if isinstance(item, Resource) and item._client is None:
            item._client = client


# -- sync groups ----------------------------------------------------------------------------------


class _SyncGroup:
    def __init__(self, client: Client) -> None:
        self._client = client


class SyncEntity(_SyncGroup, Generic[R]):
    """CRUD, search and related items of one main entity (blocking)."""

    def __init__(self, client: Client, cls: type[R]) -> None:
        super().__init__(client)
        self.cls = cls

    def get(self, id: int) -> R:
        """``GET <entity>/{id}``."""
        return self._client.send(ep.get_record(self.cls, id))

    def create(self, data: R | Mapping[str, Any]) -> R:
        """``POST <entity>``; returns the created record (with its id)."""
        return self._client.send(ep.create_flow(self.cls, create_payload(self.cls, data)))

    def update(self, id: int, data: R | Mapping[str, Any]) -> R:
        """``PUT <entity>/{id}`` with the changed (or given) fields; returns the record."""
        return self._client.send(ep.update_record(self.cls, id, update_payload(self.cls, data)))

    def delete(self, id: int) -> DeleteResult:
        """``DELETE <entity>/{id}``."""
        return self._client.send(ep.delete_record(self.cls, id))

    def search(
        self,
        *,
        sort_by: str | None = None,
        sort_direction: str | None = None,
        page_size: int = ep.MAX_PAGE_SIZE,
        invalid: Any = None,
        **filters: Any,
    ) -> Pager[R]:
        """``POST <entity>/search``: a lazy, sliceable listing of every match.

        Args:
            sort_by: a sort field (``date_modified``...).
            sort_direction: ``"asc"`` or ``"desc"``.
            page_size: rows per request (1-200).
            invalid: a list collecting rows that fail validation instead of raising.
            **filters: the entity's search filters (``emails=[...]``, ``country="CN"``...).
        """
        paginator = _search(self.cls, filters, sort_by, sort_direction, page_size, invalid)
        return Pager(cast(SyncAPIClient, self._client), paginator)

    def related(self, id: int, type: str | None = None) -> list[Identifier]:
        """``GET <entity>/{id}/related[/<type>]``."""
        return self._client.send(ep.list_related(self.cls, id, type))

    def add_related(self, id: int, other: Any) -> dict[str, Any]:
        """``POST <entity>/{id}/related``: link ``other`` (a record or an Identifier)."""
        return self._client.send(ep.add_related(self.cls, id, other))

    def remove_related(self, id: int, other: Any) -> dict[str, Any]:
        """``DELETE <entity>/{id}/related``: unlink ``other``."""
        return self._client.send(ep.remove_related(self.cls, id, other))


class SyncPeople(SyncEntity[Person]):
    """People, plus lookup by email and their activities."""

    def fetch_by_email(self, email: str) -> Person:
        """``POST people/fetch_by_email``; 404 (``NotFound``) when nobody has it."""
        return self._client.send(ep.fetch_by_email(email))

    def activities(self, id: int, activity_types: Iterable[Any] = ()) -> list[Activity]:
        """``POST people/{id}/activities``."""
        return self._client.send(ep.entity_activities(Person, id, activity_types))


class SyncCompanies(SyncEntity[Company]):
    """Companies, plus their activities."""

    def activities(self, id: int, activity_types: Iterable[Any] = ()) -> list[Activity]:
        """``POST companies/{id}/activities``."""
        return self._client.send(ep.entity_activities(Company, id, activity_types))


class SyncLeads(SyncEntity[Lead]):
    """Leads, plus upsert, convert and their activities."""

    def activities(self, id: int, activity_types: Iterable[Any] = ()) -> list[Activity]:
        """``POST leads/{id}/activities``."""
        return self._client.send(ep.entity_activities(Lead, id, activity_types))

    def upsert(self, properties: Mapping[str, Any], field_name: str, field_value: Any) -> Lead:
        """``PUT leads/upsert``: update the lead matching ``field_name == field_value``, or
        create it."""
        return self._client.send(ep.upsert_lead(properties, field_name, field_value))

    def convert(self, id: int, details: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """``POST leads/{id}/convert`` -> ``{"person", "company", "opportunity"}``."""
        return self._client.send(ep.convert_lead(id, details))


class SyncList(_SyncGroup, Generic[R]):
    """A secondary, unpaged list (loss reasons, pipelines...)."""

    def __init__(self, client: Client, cls: type[R]) -> None:
        super().__init__(client)
        self.cls = cls

    def list(self) -> list[R]:
        """``GET <list>`` (cached)."""
        return self._client.send(ep.list_records(self.cls))

    def get(self, id: int) -> R:
        """The record ``id`` from the list (re-listed once if missing; else ``RecordNotFound``)."""
        return self._client.send(ep.find_in_list(self.cls, id))


class SyncPipelineStages(SyncList[PipelineStage]):
    """Pipeline stages, all or of one pipeline."""

    def list(self, pipeline_id: int | None = None) -> list[PipelineStage]:
        """``GET pipeline_stages`` or ``GET pipeline_stages/pipeline/{pipeline_id}``."""
        if pipeline_id is None:
            return self._client.send(ep.list_records(PipelineStage))
        return self._client.send(ep.pipeline_stages_of(pipeline_id))


class SyncActivityTypes(_SyncGroup):
    """Activity types (user, then system)."""

    def list(self) -> list[ActivityType]:
        """``GET activity_types``."""
        return self._client.send(ep.list_activity_types())

    def get(self, id: int, category: str | None = None) -> ActivityType:
        """The type ``(category, id)``; without a category, user types win."""
        return self._client.send(ep.find_activity_type(id, category))


class SyncUsers(SyncList[User]):
    """Users: list, search, one by id, and the key's owner."""

    def get(self, id: int) -> User:
        """``GET users/{id}``."""
        return self._client.send(ep.get_record(User, id))

    def me(self) -> User:
        """``GET users/me``."""
        return self._client.send(ep.get_me())

    def search(self, *, page_size: int = ep.MAX_PAGE_SIZE) -> Pager[User]:
        """``POST users/search`` (paging only)."""
        paginator = _search(User, {}, None, None, page_size, None)
        return Pager(cast(SyncAPIClient, self._client), paginator)


class SyncWebhooks(SyncList[Webhook]):
    """Webhook subscriptions."""

    def get(self, id: int) -> Webhook:
        """``GET webhooks/{id}``."""
        return self._client.send(ep.get_record(Webhook, id))

    def create(self, data: Webhook | Mapping[str, Any]) -> Webhook:
        """``POST webhooks``."""
        return self._client.send(ep.create_webhook(create_payload(Webhook, data)))

    def delete(self, id: int) -> DeleteResult:
        """``DELETE webhooks/{id}``."""
        return self._client.send(ep.delete_webhook(id))


class SyncAccount(_SyncGroup):
    """The account."""

    def get(self) -> Account:
        """``GET account``."""
        return self._client.send(ep.get_account())


class SyncRaw(_SyncGroup):
    """A list whose shape crmkit does not model (tags, custom activity types)."""

    def __init__(self, client: Client, path: str) -> None:
        super().__init__(client)
        self.path = path

    def list(self) -> Any:
        """``GET <path>``, decoded JSON."""
        return self._client.send(ep.list_raw(self.path))


# -- the sync client ------------------------------------------------------------------------------


class Client:
    """Blocking ProsperWorks client.

    Args:
        email: the email of the API key's owner (default ``$CRMKIT_PROSPERWORKS_EMAIL``).
        token: the API key (default ``$CRMKIT_PROSPERWORKS_TOKEN``); never printed.
        base_url: the API root, e.g. ``https://api.copper.com/developer_api/`` (default
            ``$CRMKIT_PROSPERWORKS_BASE_URL``, else Copper's host); ``v1/`` is appended.
        cache: a read cache (``crmkit.core.TTLCache()``, prospyr's ``InMemoryCache``...);
            None (the default) caches nothing.
        rate_limit: a :class:`~crmkit.core.TokenBucket`; the default keeps under 180
            requests/minute (:func:`default_rate_limit`); None turns it off.
        allow_insecure_http: allow ``http://`` to a non-loopback host.
        api: an existing core :class:`~crmkit.core.SyncAPIClient` to wrap instead (the other
            arguments are then ignored).
        **options: core client options: ``timeout``, ``max_retries``, ``retry``, ``hooks``,
            ``transport``, ``http_client``, ``proxy``, ``verify``, ``sleep``.

    Example:
        >>> client = Client("me@example.org", "token")          # doctest: +SKIP
        >>> client.people.fetch_by_email("steve@example.org")   # doctest: +SKIP
        <Person: Steve Cognito>
    """

    def __init__(
        self,
        email: str | None = None,
        token: str | Secret | None = None,
        *,
        base_url: str | None = None,
        cache: Any = None,
        rate_limit: TokenBucket | None = DEFAULT_RATE_LIMIT,
        allow_insecure_http: bool = False,
        retry: RetryPolicy | None = None,
        api: SyncAPIClient | None = None,
        **options: Any,
    ) -> None:
        if api is None:
            if retry is not None:
                options["retry"] = retry
            api = SyncAPIClient(
                **_core_kwargs(
                    email, token, base_url, cache, rate_limit, allow_insecure_http, options
                )
            )
        self.api = api

    def send(self, op: Endpoint[T] | Flow[T], **options: Any) -> T:
        """Run an endpoint or flow; API errors come out as prospyr-named classes.

        Records in the result remember this client, so their related attributes
        (``person.company``) are fetched through it.
        """
        try:
            result = self.api.send(op, **options)
        except APIError as exc:
            raise convert_api_error(exc) from exc
        _remember_client(result, self)
        return result

    def raw_request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Any request below ``<root>v1/`` with this client's auth, retries and errors."""
        try:
            return self.api.raw_request(method, path, **kwargs)
        except APIError as exc:
            raise convert_api_error(exc) from exc

    @property
    def base_url(self) -> httpx.URL:
        """The versioned API URL (``<root>v1/``)."""
        return self.api.base_url

    @cached_property
    def people(self) -> SyncPeople:
        """People."""
        return SyncPeople(self, Person)

    @cached_property
    def companies(self) -> SyncCompanies:
        """Companies."""
        return SyncCompanies(self, Company)

    @cached_property
    def leads(self) -> SyncLeads:
        """Leads."""
        return SyncLeads(self, Lead)

    @cached_property
    def opportunities(self) -> SyncEntity[Opportunity]:
        """Opportunities."""
        return SyncEntity(self, Opportunity)

    @cached_property
    def tasks(self) -> SyncEntity[Task]:
        """Tasks."""
        return SyncEntity(self, Task)

    @cached_property
    def activities(self) -> SyncEntity[Activity]:
        """Activities."""
        return SyncEntity(self, Activity)

    @cached_property
    def projects(self) -> SyncEntity[Project]:
        """Projects."""
        return SyncEntity(self, Project)

    @cached_property
    def account(self) -> SyncAccount:
        """The account."""
        return SyncAccount(self)

    @cached_property
    def users(self) -> SyncUsers:
        """Users."""
        return SyncUsers(self, User)

    @cached_property
    def webhooks(self) -> SyncWebhooks:
        """Webhooks."""
        return SyncWebhooks(self, Webhook)

    @cached_property
    def pipelines(self) -> SyncList[Pipeline]:
        """Pipelines (with their stages)."""
        return SyncList(self, Pipeline)

    @cached_property
    def pipeline_stages(self) -> SyncPipelineStages:
        """Pipeline stages."""
        return SyncPipelineStages(self, PipelineStage)

    @cached_property
    def loss_reasons(self) -> SyncList[LossReason]:
        """Loss reasons."""
        return SyncList(self, LossReason)

    @cached_property
    def customer_sources(self) -> SyncList[CustomerSource]:
        """Customer sources."""
        return SyncList(self, CustomerSource)

    @cached_property
    def contact_types(self) -> SyncList[ContactType]:
        """Contact types."""
        return SyncList(self, ContactType)

    @cached_property
    def lead_statuses(self) -> SyncList[LeadStatus]:
        """Lead statuses."""
        return SyncList(self, LeadStatus)

    @cached_property
    def custom_field_definitions(self) -> SyncList[CustomFieldDefinition]:
        """Custom field definitions."""
        return SyncList(self, CustomFieldDefinition)

    @cached_property
    def activity_types(self) -> SyncActivityTypes:
        """Activity types."""
        return SyncActivityTypes(self)

    @cached_property
    def tags(self) -> SyncRaw:
        """Tags in use (raw JSON)."""
        return SyncRaw(self, "tags")

    @cached_property
    def custom_activity_types(self) -> SyncRaw:
        """Custom activity types (raw JSON)."""
        return SyncRaw(self, "custom_activity_types")

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self.api.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<prosperworks.Client {self.api.base_url}>"


# -- async groups -------------------------------------------------------------------------------


class _AsyncGroup:
    def __init__(self, client: AsyncClient) -> None:
        self._client = client


class AsyncEntity(_AsyncGroup, Generic[R]):
    """Async twin of :class:`SyncEntity`."""

    def __init__(self, client: AsyncClient, cls: type[R]) -> None:
        super().__init__(client)
        self.cls = cls

    async def get(self, id: int) -> R:
        """``GET <entity>/{id}``."""
        return await self._client.send(ep.get_record(self.cls, id))

    async def create(self, data: R | Mapping[str, Any]) -> R:
        """``POST <entity>``."""
        return await self._client.send(ep.create_flow(self.cls, create_payload(self.cls, data)))

    async def update(self, id: int, data: R | Mapping[str, Any]) -> R:
        """``PUT <entity>/{id}``."""
        payload = update_payload(self.cls, data)
        return await self._client.send(ep.update_record(self.cls, id, payload))

    async def delete(self, id: int) -> DeleteResult:
        """``DELETE <entity>/{id}``."""
        return await self._client.send(ep.delete_record(self.cls, id))

    def search(
        self,
        *,
        sort_by: str | None = None,
        sort_direction: str | None = None,
        page_size: int = ep.MAX_PAGE_SIZE,
        invalid: Any = None,
        prefetch: int = 1,
        **filters: Any,
    ) -> AsyncPager[R]:
        """``POST <entity>/search`` as an async listing (``async for``, ``await .get(i)``)."""
        paginator = _search(self.cls, filters, sort_by, sort_direction, page_size, invalid)
        return AsyncPager(cast(AsyncAPIClient, self._client), paginator, prefetch=prefetch)

    async def related(self, id: int, type: str | None = None) -> list[Identifier]:
        """``GET <entity>/{id}/related[/<type>]``."""
        return await self._client.send(ep.list_related(self.cls, id, type))

    async def add_related(self, id: int, other: Any) -> dict[str, Any]:
        """``POST <entity>/{id}/related``."""
        return await self._client.send(ep.add_related(self.cls, id, other))

    async def remove_related(self, id: int, other: Any) -> dict[str, Any]:
        """``DELETE <entity>/{id}/related``."""
        return await self._client.send(ep.remove_related(self.cls, id, other))


class AsyncPeople(AsyncEntity[Person]):
    """Async twin of :class:`SyncPeople`."""

    async def fetch_by_email(self, email: str) -> Person:
        """``POST people/fetch_by_email``."""
        return await self._client.send(ep.fetch_by_email(email))

    async def activities(self, id: int, activity_types: Iterable[Any] = ()) -> list[Activity]:
        """``POST people/{id}/activities``."""
        return await self._client.send(ep.entity_activities(Person, id, activity_types))


class AsyncCompanies(AsyncEntity[Company]):
    """Async twin of :class:`SyncCompanies`."""

    async def activities(self, id: int, activity_types: Iterable[Any] = ()) -> list[Activity]:
        """``POST companies/{id}/activities``."""
        return await self._client.send(ep.entity_activities(Company, id, activity_types))


class AsyncLeads(AsyncEntity[Lead]):
    """Async twin of :class:`SyncLeads`."""

    async def activities(self, id: int, activity_types: Iterable[Any] = ()) -> list[Activity]:
        """``POST leads/{id}/activities``."""
        return await self._client.send(ep.entity_activities(Lead, id, activity_types))

    async def upsert(
        self, properties: Mapping[str, Any], field_name: str, field_value: Any
    ) -> Lead:
        """``PUT leads/upsert``."""
        return await self._client.send(ep.upsert_lead(properties, field_name, field_value))

    async def convert(self, id: int, details: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """``POST leads/{id}/convert``."""
        return await self._client.send(ep.convert_lead(id, details))


class AsyncList(_AsyncGroup, Generic[R]):
    """Async twin of :class:`SyncList`."""

    def __init__(self, client: AsyncClient, cls: type[R]) -> None:
        super().__init__(client)
        self.cls = cls

    async def list(self) -> list[R]:
        """``GET <list>``."""
        return await self._client.send(ep.list_records(self.cls))

    async def get(self, id: int) -> R:
        """The record ``id`` from the list."""
        return await self._client.send(ep.find_in_list(self.cls, id))


class AsyncPipelineStages(AsyncList[PipelineStage]):
    """Async twin of :class:`SyncPipelineStages`."""

    async def list(self, pipeline_id: int | None = None) -> list[PipelineStage]:
        """``GET pipeline_stages[/pipeline/{pipeline_id}]``."""
        if pipeline_id is None:
            return await self._client.send(ep.list_records(PipelineStage))
        return await self._client.send(ep.pipeline_stages_of(pipeline_id))


class AsyncActivityTypes(_AsyncGroup):
    """Async twin of :class:`SyncActivityTypes`."""

    async def list(self) -> list[ActivityType]:
        """``GET activity_types``."""
        return await self._client.send(ep.list_activity_types())

    async def get(self, id: int, category: str | None = None) -> ActivityType:
        """The type ``(category, id)``."""
        return await self._client.send(ep.find_activity_type(id, category))


class AsyncUsers(AsyncList[User]):
    """Async twin of :class:`SyncUsers`."""

    async def get(self, id: int) -> User:
        """``GET users/{id}``."""
        return await self._client.send(ep.get_record(User, id))

    async def me(self) -> User:
        """``GET users/me``."""
        return await self._client.send(ep.get_me())

    def search(self, *, page_size: int = ep.MAX_PAGE_SIZE) -> AsyncPager[User]:
        """``POST users/search``."""
        paginator = _search(User, {}, None, None, page_size, None)
        return AsyncPager(cast(AsyncAPIClient, self._client), paginator)


class AsyncWebhooks(AsyncList[Webhook]):
    """Async twin of :class:`SyncWebhooks`."""

    async def get(self, id: int) -> Webhook:
        """``GET webhooks/{id}``."""
        return await self._client.send(ep.get_record(Webhook, id))

    async def create(self, data: Webhook | Mapping[str, Any]) -> Webhook:
        """``POST webhooks``."""
        return await self._client.send(ep.create_webhook(create_payload(Webhook, data)))

    async def delete(self, id: int) -> DeleteResult:
        """``DELETE webhooks/{id}``."""
        return await self._client.send(ep.delete_webhook(id))


class AsyncAccount(_AsyncGroup):
    """Async twin of :class:`SyncAccount`."""

    async def get(self) -> Account:
        """``GET account``."""
        return await self._client.send(ep.get_account())


class AsyncRaw(_AsyncGroup):
    """Async twin of :class:`SyncRaw`."""

    def __init__(self, client: AsyncClient, path: str) -> None:
        super().__init__(client)
        self.path = path

    async def list(self) -> Any:
        """``GET <path>``."""
        return await self._client.send(ep.list_raw(self.path))


class AsyncClient:
    """The asyncio ProsperWorks client; same arguments as :class:`Client` (``sleep`` is async,
    ``api`` an :class:`~crmkit.core.AsyncAPIClient`)."""

    def __init__(
        self,
        email: str | None = None,
        token: str | Secret | None = None,
        *,
        base_url: str | None = None,
        cache: Any = None,
        rate_limit: TokenBucket | None = DEFAULT_RATE_LIMIT,
        allow_insecure_http: bool = False,
        retry: RetryPolicy | None = None,
        api: AsyncAPIClient | None = None,
        **options: Any,
    ) -> None:
        if api is None:
            if retry is not None:
                options["retry"] = retry
            api = AsyncAPIClient(
                **_core_kwargs(
                    email, token, base_url, cache, rate_limit, allow_insecure_http, options
                )
            )
        self.api = api

    async def send(self, op: Endpoint[T] | Flow[T], **options: Any) -> T:
        """Run an endpoint or flow; API errors come out as prospyr-named classes."""
        try:
            return await self.api.send(op, **options)
        except APIError as exc:
            raise convert_api_error(exc) from exc

    async def raw_request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Any request below ``<root>v1/``."""
        try:
            return await self.api.raw_request(method, path, **kwargs)
        except APIError as exc:
            raise convert_api_error(exc) from exc

    @property
    def base_url(self) -> httpx.URL:
        """The versioned API URL (``<root>v1/``)."""
        return self.api.base_url

    @cached_property
    def people(self) -> AsyncPeople:
        """People."""
        return AsyncPeople(self, Person)

    @cached_property
    def companies(self) -> AsyncCompanies:
        """Companies."""
        return AsyncCompanies(self, Company)

    @cached_property
    def leads(self) -> AsyncLeads:
        """Leads."""
        return AsyncLeads(self, Lead)

    @cached_property
    def opportunities(self) -> AsyncEntity[Opportunity]:
        """Opportunities."""
        return AsyncEntity(self, Opportunity)

    @cached_property
    def tasks(self) -> AsyncEntity[Task]:
        """Tasks."""
        return AsyncEntity(self, Task)

    @cached_property
    def activities(self) -> AsyncEntity[Activity]:
        """Activities."""
        return AsyncEntity(self, Activity)

    @cached_property
    def projects(self) -> AsyncEntity[Project]:
        """Projects."""
        return AsyncEntity(self, Project)

    @cached_property
    def account(self) -> AsyncAccount:
        """The account."""
        return AsyncAccount(self)

    @cached_property
    def users(self) -> AsyncUsers:
        """Users."""
        return AsyncUsers(self, User)

    @cached_property
    def webhooks(self) -> AsyncWebhooks:
        """Webhooks."""
        return AsyncWebhooks(self, Webhook)

    @cached_property
    def pipelines(self) -> AsyncList[Pipeline]:
        """Pipelines."""
        return AsyncList(self, Pipeline)

    @cached_property
    def pipeline_stages(self) -> AsyncPipelineStages:
        """Pipeline stages."""
        return AsyncPipelineStages(self, PipelineStage)

    @cached_property
    def loss_reasons(self) -> AsyncList[LossReason]:
        """Loss reasons."""
        return AsyncList(self, LossReason)

    @cached_property
    def customer_sources(self) -> AsyncList[CustomerSource]:
        """Customer sources."""
        return AsyncList(self, CustomerSource)

    @cached_property
    def contact_types(self) -> AsyncList[ContactType]:
        """Contact types."""
        return AsyncList(self, ContactType)

    @cached_property
    def lead_statuses(self) -> AsyncList[LeadStatus]:
        """Lead statuses."""
        return AsyncList(self, LeadStatus)

    @cached_property
    def custom_field_definitions(self) -> AsyncList[CustomFieldDefinition]:
        """Custom field definitions."""
        return AsyncList(self, CustomFieldDefinition)

    @cached_property
    def activity_types(self) -> AsyncActivityTypes:
        """Activity types."""
        return AsyncActivityTypes(self)

    @cached_property
    def tags(self) -> AsyncRaw:
        """Tags in use (raw JSON)."""
        return AsyncRaw(self, "tags")

    @cached_property
    def custom_activity_types(self) -> AsyncRaw:
        """Custom activity types (raw JSON)."""
        return AsyncRaw(self, "custom_activity_types")

    async def aclose(self) -> None:
        """Close the HTTP connection pool."""
        await self.api.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"<prosperworks.AsyncClient {self.api.base_url}>"
