"""The typed clients: :class:`Client` (blocking) and :class:`AsyncClient` (asyncio).

Both wrap one core API client and share every request through :class:`~._ops.Ops`; they differ
only in ``def`` versus ``async def`` one-line delegations. Resource groups hang off the client
as cached properties (``client.customers``, ``client.events``, ``client.sessions``,
``client.educations``, ``client.jobs``, ``client.likes``, ``client.subscriptions``).

Errors come out as :mod:`crmkit.contacthub.errors` classes (each also the matching core
class). 423 (workspace re-processing) is retried like 503 for idempotent requests.
"""

from __future__ import annotations

import builtins
import time
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cached_property
from typing import Any, Generic, TypeVar

import httpx

from crmkit.core import (
    APIError as CoreAPIError,
)
from crmkit.core import (
    AsyncAPIClient,
    AsyncPager,
    BearerAuth,
    ConfigurationError,
    CrmModel,
    Endpoint,
    Flow,
    Pager,
    RetryPolicy,
    Secret,
    SyncAPIClient,
)

from ._endpoints import error_details
from ._ops import Ops, QueryLike
from ._spec import SPEC
from ._version import __version__
from .errors import from_core_error
from .types import (
    Customer,
    Education,
    Event,
    EventAccepted,
    Job,
    Like,
    PageOf,
    Session,
    Subscription,
)

__all__ = ["AsyncClient", "Client", "core_client_options"]

T = TypeVar("T")
E = TypeVar("E", bound=CrmModel)
ApiT = TypeVar("ApiT", SyncAPIClient, AsyncAPIClient)

DEFAULT_RETRY = RetryPolicy(retry_statuses=RetryPolicy().retry_statuses | {423})
"""crmkit's default policy plus 423 (ContactHub's temporary lock), retried like a 503."""


def core_client_options(token: str | Secret | None, **options: Any) -> dict[str, Any]:
    """Keyword arguments for a core API client talking to ContactHub with ``token``.

    Sends ``Authorization: Bearer``, ``Accept`` and (as the old SDK did, on every request)
    ``Content-Type: application/json``; parses ContactHub's error bodies.
    """
    if token is None or (isinstance(token, str) and not token.strip()):
        raise ConfigurationError("ContactHub needs a token (the workspace's API token)")
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    headers.update(options.pop("headers", None) or {})
    options.setdefault("retry", DEFAULT_RETRY)
    return {
        "vendor": SPEC.name,
        "vendor_version": __version__,
        "default_base_url": SPEC.default_base_url,
        "auth": BearerAuth(token if isinstance(token, Secret) else Secret(str(token))),
        "headers": headers,
        "error_details": error_details,
        **options,
    }


class _Base(Generic[ApiT]):
    _api: ApiT
    _ops: Ops

    @property
    def api(self) -> ApiT:
        """The core API client underneath (for ``raw_request`` and ``stream``)."""
        return self._api

    @property
    def workspace_id(self) -> str:
        """The workspace every request goes to."""
        return self._ops.workspace_id

    @property
    def node_id(self) -> str | None:
        """The default node."""
        return self._ops.node_id

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} workspace_id={self.workspace_id!r} "
            f"node_id={self.node_id!r} base_url={str(self._api.base_url)!r}>"
        )


class Client(_Base[SyncAPIClient]):
    """Blocking ContactHub client.

    Args:
        workspace_id: the workspace id.
        token: the API token (kept as a :class:`~crmkit.core.Secret`).
        node_id: the default node for customer lists, creates and bring-back events.
        base_url: the API root ending in ``/hub/v1/workspaces`` (default: ContactHub's, or
            ``CRMKIT_CONTACTHUB_BASE_URL``).
        api: an existing core client to use instead of building one (token then unused).
        **options: core client options (``timeout``, ``max_retries``, ``cache``,
            ``rate_limit``, ``hooks``, ``transport``, ``proxy``, ``sleep``...).

    Example:
        >>> client = Client("ws", "token", node_id="node")       # doctest: +SKIP
        >>> for customer in client.customers.list(page_size=50):  # doctest: +SKIP
        ...     print(customer.base.first_name)
    """

    def __init__(
        self,
        workspace_id: str,
        token: str | Secret | None = None,
        *,
        node_id: str | None = None,
        base_url: str | httpx.URL | None = None,
        api: SyncAPIClient | None = None,
        **options: Any,
    ) -> None:
        self._ops = Ops(str(workspace_id), str(node_id) if node_id is not None else None)
        if api is None:
            options.setdefault("sleep", time.sleep)
            api = SyncAPIClient(
                base_url=base_url,
                **core_client_options(token, **options),
            )
        self._api = api

    def send(self, op: Endpoint[T] | Flow[T], **options: Any) -> T:
        """Run an endpoint or flow; ContactHub errors come out as this package's classes."""
        try:
            return self._api.send(op, **options)
        except CoreAPIError as exc:
            raise from_core_error(exc) from exc

    def pager(self, paginator: Any) -> Pager[Any]:
        """A lazy listing over ``paginator`` whose page requests raise ContactHub errors."""
        return Pager(_ErrorMappingSync(self), paginator)

    @cached_property
    def customers(self) -> Customers:
        """Customers: list, query, get, create, update, replace, delete, tags."""
        return Customers(self)

    @cached_property
    def sessions(self) -> Sessions:
        """A customer's session ids."""
        return Sessions(self)

    @cached_property
    def events(self) -> Events:
        """Events: create, list with filters, get, replace, delete."""
        return Events(self)

    @cached_property
    def educations(self) -> Entities[Education]:
        """``base.educations`` of a customer."""
        return Entities(self, "educations")

    @cached_property
    def jobs(self) -> Entities[Job]:
        """``base.jobs`` of a customer."""
        return Entities(self, "jobs")

    @cached_property
    def likes(self) -> Entities[Like]:
        """``base.likes`` of a customer."""
        return Entities(self, "likes")

    @cached_property
    def subscriptions(self) -> Entities[Subscription]:
        """``base.subscriptions`` of a customer."""
        return Entities(self, "subscriptions")

    def close(self) -> None:
        """Close the connection pool."""
        self._api.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncClient(_Base[AsyncAPIClient]):
    """The asyncio twin of :class:`Client` (same arguments, ``await`` every call)."""

    def __init__(
        self,
        workspace_id: str,
        token: str | Secret | None = None,
        *,
        node_id: str | None = None,
        base_url: str | httpx.URL | None = None,
        api: AsyncAPIClient | None = None,
        **options: Any,
    ) -> None:
        self._ops = Ops(str(workspace_id), str(node_id) if node_id is not None else None)
        if api is None:
            api = AsyncAPIClient(
                base_url=base_url,
                **core_client_options(token, **options),
            )
        self._api = api

    async def send(self, op: Endpoint[T] | Flow[T], **options: Any) -> T:
        """Run an endpoint or flow; ContactHub errors come out as this package's classes."""
        try:
            return await self._api.send(op, **options)
        except CoreAPIError as exc:
            raise from_core_error(exc) from exc

    def pager(self, paginator: Any, *, prefetch: int = 1) -> AsyncPager[Any]:
        """A lazy async listing whose page requests raise ContactHub errors."""
        return AsyncPager(_ErrorMappingAsync(self), paginator, prefetch=prefetch)

    @cached_property
    def customers(self) -> AsyncCustomers:
        """Customers (async)."""
        return AsyncCustomers(self)

    @cached_property
    def sessions(self) -> AsyncSessions:
        """Sessions (async)."""
        return AsyncSessions(self)

    @cached_property
    def events(self) -> AsyncEvents:
        """Events (async)."""
        return AsyncEvents(self)

    @cached_property
    def educations(self) -> AsyncEntities[Education]:
        """``base.educations`` (async)."""
        return AsyncEntities(self, "educations")

    @cached_property
    def jobs(self) -> AsyncEntities[Job]:
        """``base.jobs`` (async)."""
        return AsyncEntities(self, "jobs")

    @cached_property
    def likes(self) -> AsyncEntities[Like]:
        """``base.likes`` (async)."""
        return AsyncEntities(self, "likes")

    @cached_property
    def subscriptions(self) -> AsyncEntities[Subscription]:
        """``base.subscriptions`` (async)."""
        return AsyncEntities(self, "subscriptions")

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._api.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


class _ErrorMappingSync:
    """Lets a core pager send through the typed client (so errors are ContactHub's)."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def send(self, op: Any, **options: Any) -> Any:
        return self._client.send(op, **options)


class _ErrorMappingAsync:
    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def send(self, op: Any, **options: Any) -> Any:
        return await self._client.send(op, **options)


# -- resource groups ------------------------------------------------------------------------------


class Customers:
    """``client.customers``."""

    def __init__(self, client: Client) -> None:
        self._client = client
        self._ops = client._ops

    def list(
        self,
        *,
        query: QueryLike | None = None,
        external_id: str | None = None,
        fields: Iterable[str] | None = None,
        sort: str | None = None,
        page_size: int = 10,
        node_id: str | None = None,
    ) -> Pager[Customer]:
        """Every customer of the node (lazily, page by page), optionally filtered.

        Args:
            query: a DSL query or criterion (``Customer.base.firstName == "Ada"``) or a
                ContactHub query dict.
            external_id: only customers with this external id.
            fields: only these properties are filled.
            sort: ``"updatedAt,desc"``...
            page_size: 1..50.
            node_id: overrides the client's node.
        """
        return self._client.pager(
            self._ops.customers_pagination(
                node_id=node_id,
                query=query,
                external_id=external_id,
                fields=fields,
                sort=sort,
                page_size=page_size,
            )
        )

    def page(self, *, page: int = 0, size: int = 10, **filters: Any) -> PageOf[Customer]:
        """One page with its envelope (``page.total_unfiltered_elements``...)."""
        return self._client.send(self._ops.customers_page(page=page, size=size, **filters))

    def get(self, customer_id: str) -> Customer:
        """One customer by id (``NotFound`` when there is none)."""
        return self._client.send(self._ops.get_customer(customer_id))

    def find_by_external_id(
        self, external_id: str, *, node_id: str | None = None
    ) -> builtins.list[Customer]:
        """Customers with this external id (usually zero or one)."""
        return self._client.send(self._ops.find_customers(external_id=external_id, node_id=node_id))

    def find_by_email(self, email: str, *, node_id: str | None = None) -> builtins.list[Customer]:
        """Customers whose ``base.contacts.email`` is ``email``."""
        return self._client.send(self._ops.find_customers(email=email, node_id=node_id))

    def create(
        self,
        customer: Customer | Mapping[str, Any],
        *,
        force_update: bool = False,
        node_id: str | None = None,
    ) -> Customer:
        """Create a customer; with ``force_update`` a duplicate (409) is updated instead."""
        return self._client.send(
            self._ops.create_customer(customer, force_update=force_update, node_id=node_id)
        )

    def update(self, customer_id: str, changes: Customer | Mapping[str, Any]) -> Customer:
        """Partial update (PATCH); a loaded model sends only what changed."""
        return self._client.send(self._ops.update_customer(customer_id, changes))

    def replace(self, customer_id: str, customer: Customer | Mapping[str, Any]) -> Customer:
        """Full update (PUT)."""
        return self._client.send(self._ops.replace_customer(customer_id, customer))

    def delete(self, customer_id: str) -> Customer | None:
        """Delete; returns the deleted customer when ContactHub sends it."""
        return self._client.send(self._ops.delete_customer(customer_id))

    def add_tag(self, customer_id: str, tag: str) -> Customer:
        """Append a manual tag."""
        return self._client.send(self._ops.add_tag(customer_id, tag))

    def remove_tag(self, customer_id: str, tag: str) -> Customer:
        """Remove a manual tag (``ValueError`` if absent; nothing is sent then)."""
        return self._client.send(self._ops.remove_tag(customer_id, tag))


class AsyncCustomers:
    """``client.customers`` (async); see :class:`Customers`."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client
        self._ops = client._ops

    def list(
        self,
        *,
        query: QueryLike | None = None,
        external_id: str | None = None,
        fields: Iterable[str] | None = None,
        sort: str | None = None,
        page_size: int = 10,
        node_id: str | None = None,
        prefetch: int = 1,
    ) -> AsyncPager[Customer]:
        """Every customer of the node (``async for``)."""
        return self._client.pager(
            self._ops.customers_pagination(
                node_id=node_id,
                query=query,
                external_id=external_id,
                fields=fields,
                sort=sort,
                page_size=page_size,
            ),
            prefetch=prefetch,
        )

    async def page(self, *, page: int = 0, size: int = 10, **filters: Any) -> PageOf[Customer]:
        """One page with its envelope."""
        return await self._client.send(self._ops.customers_page(page=page, size=size, **filters))

    async def get(self, customer_id: str) -> Customer:
        """One customer by id."""
        return await self._client.send(self._ops.get_customer(customer_id))

    async def find_by_external_id(
        self, external_id: str, *, node_id: str | None = None
    ) -> builtins.list[Customer]:
        """Customers with this external id."""
        return await self._client.send(
            self._ops.find_customers(external_id=external_id, node_id=node_id)
        )

    async def find_by_email(
        self, email: str, *, node_id: str | None = None
    ) -> builtins.list[Customer]:
        """Customers with this email."""
        return await self._client.send(self._ops.find_customers(email=email, node_id=node_id))

    async def create(
        self,
        customer: Customer | Mapping[str, Any],
        *,
        force_update: bool = False,
        node_id: str | None = None,
    ) -> Customer:
        """Create a customer."""
        return await self._client.send(
            self._ops.create_customer(customer, force_update=force_update, node_id=node_id)
        )

    async def update(self, customer_id: str, changes: Customer | Mapping[str, Any]) -> Customer:
        """Partial update (PATCH)."""
        return await self._client.send(self._ops.update_customer(customer_id, changes))

    async def replace(self, customer_id: str, customer: Customer | Mapping[str, Any]) -> Customer:
        """Full update (PUT)."""
        return await self._client.send(self._ops.replace_customer(customer_id, customer))

    async def delete(self, customer_id: str) -> Customer | None:
        """Delete."""
        return await self._client.send(self._ops.delete_customer(customer_id))

    async def add_tag(self, customer_id: str, tag: str) -> Customer:
        """Append a manual tag."""
        return await self._client.send(self._ops.add_tag(customer_id, tag))

    async def remove_tag(self, customer_id: str, tag: str) -> Customer:
        """Remove a manual tag."""
        return await self._client.send(self._ops.remove_tag(customer_id, tag))


class Sessions:
    """``client.sessions``: session ids that tie anonymous events to a customer."""

    def __init__(self, client: Client) -> None:
        self._client = client
        self._ops = client._ops

    def create(self, customer_id: str, value: str | None = None) -> Session:
        """Attach ``value`` (a new UUID4 when None); earlier events with it join the customer."""
        return self._client.send(self._ops.add_session(customer_id, value))

    def list(self, customer_id: str) -> builtins.list[Session]:
        """The customer's sessions."""
        return self._client.send(self._ops.list_sessions(customer_id))

    def get(self, customer_id: str, record_id: str) -> Session:
        """One session record (by its ``id``, not its value)."""
        return self._client.send(self._ops.get_session(customer_id, record_id))

    def delete(self, customer_id: str, record_id: str) -> None:
        """Remove a session record."""
        self._client.send(self._ops.delete_session(customer_id, record_id))


class AsyncSessions:
    """``client.sessions`` (async)."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client
        self._ops = client._ops

    async def create(self, customer_id: str, value: str | None = None) -> Session:
        """Attach a session id."""
        return await self._client.send(self._ops.add_session(customer_id, value))

    async def list(self, customer_id: str) -> builtins.list[Session]:
        """The customer's sessions."""
        return await self._client.send(self._ops.list_sessions(customer_id))

    async def get(self, customer_id: str, record_id: str) -> Session:
        """One session record."""
        return await self._client.send(self._ops.get_session(customer_id, record_id))

    async def delete(self, customer_id: str, record_id: str) -> None:
        """Remove a session record."""
        await self._client.send(self._ops.delete_session(customer_id, record_id))


class Entities(Generic[E]):
    """``client.educations`` / ``jobs`` / ``likes`` / ``subscriptions`` of a customer."""

    def __init__(self, client: Client, kind: str) -> None:
        self._client = client
        self._ops = client._ops
        self.kind = kind

    def create(self, customer_id: str, entity: E | Mapping[str, Any]) -> E:
        """Add one (its ``id`` is yours to choose; ContactHub makes one when absent)."""
        return self._client.send(self._ops.create_entity(self.kind, customer_id, entity))  # type: ignore[no-any-return]

    def get(self, customer_id: str, entity_id: str) -> E:
        """One by id."""
        return self._client.send(self._ops.get_entity(self.kind, customer_id, entity_id))  # type: ignore[no-any-return]

    def update(self, customer_id: str, entity_id: str, entity: E | Mapping[str, Any]) -> E:
        """Replace one."""
        return self._client.send(  # type: ignore[no-any-return]
            self._ops.update_entity(self.kind, customer_id, entity_id, entity)
        )

    def delete(self, customer_id: str, entity_id: str) -> None:
        """Remove one."""
        self._client.send(self._ops.delete_entity(self.kind, customer_id, entity_id))


class AsyncEntities(Generic[E]):
    """Async twin of :class:`Entities`."""

    def __init__(self, client: AsyncClient, kind: str) -> None:
        self._client = client
        self._ops = client._ops
        self.kind = kind

    async def create(self, customer_id: str, entity: E | Mapping[str, Any]) -> E:
        """Add one."""
        return await self._client.send(self._ops.create_entity(self.kind, customer_id, entity))

    async def get(self, customer_id: str, entity_id: str) -> E:
        """One by id."""
        return await self._client.send(self._ops.get_entity(self.kind, customer_id, entity_id))

    async def update(self, customer_id: str, entity_id: str, entity: E | Mapping[str, Any]) -> E:
        """Replace one."""
        return await self._client.send(
            self._ops.update_entity(self.kind, customer_id, entity_id, entity)
        )

    async def delete(self, customer_id: str, entity_id: str) -> None:
        """Remove one."""
        await self._client.send(self._ops.delete_entity(self.kind, customer_id, entity_id))


class Events:
    """``client.events``."""

    def __init__(self, client: Client) -> None:
        self._client = client
        self._ops = client._ops

    def create(self, event: Event | Mapping[str, Any]) -> EventAccepted:
        """Send an event; ContactHub accepts it (202) and stores it asynchronously."""
        return self._client.send(self._ops.create_event(event))

    def list(
        self,
        *,
        customer_id: str | None = None,
        event_type: str | Iterable[str] | None = None,
        context: str | Iterable[str] | None = None,
        mode: str | None = None,
        date_from: date | str | None = None,
        date_to: date | str | None = None,
        page_size: int = 10,
    ) -> Pager[Event]:
        """Events, newest first, filtered by customer, type(s), context(s), mode and dates."""
        return self._client.pager(
            self._ops.events_pagination(
                customer_id=customer_id,
                event_type=event_type,
                context=context,
                mode=mode,
                date_from=date_from,
                date_to=date_to,
                page_size=page_size,
            )
        )

    def get(self, event_id: str) -> Event:
        """One event by id."""
        return self._client.send(self._ops.get_event(event_id))

    def replace(self, event_id: str, event: Event | Mapping[str, Any]) -> None:
        """Replace an event (PUT, 202)."""
        self._client.send(self._ops.replace_event(event_id, event))

    def delete(self, event_id: str) -> None:
        """Delete an event."""
        self._client.send(self._ops.delete_event(event_id))


class AsyncEvents:
    """``client.events`` (async)."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client
        self._ops = client._ops

    async def create(self, event: Event | Mapping[str, Any]) -> EventAccepted:
        """Send an event."""
        return await self._client.send(self._ops.create_event(event))

    def list(
        self,
        *,
        customer_id: str | None = None,
        event_type: str | Iterable[str] | None = None,
        context: str | Iterable[str] | None = None,
        mode: str | None = None,
        date_from: date | str | None = None,
        date_to: date | str | None = None,
        page_size: int = 10,
        prefetch: int = 1,
    ) -> AsyncPager[Event]:
        """Events, newest first (``async for``)."""
        return self._client.pager(
            self._ops.events_pagination(
                customer_id=customer_id,
                event_type=event_type,
                context=context,
                mode=mode,
                date_from=date_from,
                date_to=date_to,
                page_size=page_size,
            ),
            prefetch=prefetch,
        )

    async def get(self, event_id: str) -> Event:
        """One event by id."""
        return await self._client.send(self._ops.get_event(event_id))

    async def replace(self, event_id: str, event: Event | Mapping[str, Any]) -> None:
        """Replace an event."""
        await self._client.send(self._ops.replace_event(event_id, event))

    async def delete(self, event_id: str) -> None:
        """Delete an event."""
        await self._client.send(self._ops.delete_event(event_id))
