"""The typed operations, sans-IO: what the sync and the async client send, written once.

:class:`Ops` turns typed arguments into endpoints, flows and paginators over
:mod:`crmkit.contacthub._endpoints`; the two clients only run them (``def`` vs ``async def``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, TypeVar

from crmkit.core import (
    CrmModel,
    Endpoint,
    Flow,
    InvalidArgument,
    PageNumberPagination,
    email_param,
    id_param,
    text_param,
)

from . import _endpoints as ep
from . import _flows
from .models.event import API_TYPE_SPELLING as _API_TYPE_SPELLING
from .types import (
    Customer,
    Education,
    Event,
    EventAccepted,
    Job,
    Like,
    PageInfo,
    PageOf,
    Session,
    Subscription,
)

__all__ = ["ENTITY_MODELS", "MAX_PAGE_SIZE", "Ops", "QueryLike", "as_query_wrapper"]

M = TypeVar("M", bound=CrmModel)

MAX_PAGE_SIZE = 50
"""ContactHub serves at most 50 records per page."""

ENTITY_MODELS: dict[str, type[CrmModel]] = {
    "educations": Education,
    "jobs": Job,
    "likes": Like,
    "subscriptions": Subscription,
}

QueryLike = Mapping[str, Any] | Any
"""A query: the wrapper dict, an inner query dict, or a DSL ``Query``/``Criterion``."""


def as_query_wrapper(query: QueryLike | None) -> dict[str, Any] | None:
    """Normalise a query argument into ContactHub's wrapper ``{"name", "query"}``."""
    if query is None:
        return None
    build = getattr(query, "as_query_wrapper", None)
    if callable(build):
        wrapper = build()
        return dict(wrapper) if wrapper is not None else None
    if isinstance(query, Mapping):
        if "query" in query and "type" not in query:
            return dict(query)
        if query.get("type") in ("simple", "combined"):
            return {"name": "query", "query": dict(query)}
    raise InvalidArgument(
        "query must be a DSL query (node.query(Customer).filter(...)), a criterion, or a "
        "ContactHub query dict"
    )


def _body(value: CrmModel | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(value, CrmModel):
        return value.to_wire(exclude_unset=True)
    if isinstance(value, Mapping):
        return dict(value)
    raise InvalidArgument(f"expected a model or a mapping, not {type(value).__name__}")


def _page_size(size: int) -> int:
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidArgument(f"page_size must be between 1 and {MAX_PAGE_SIZE}, not {size!r}")
    return size


def _page_of(model: type[M]) -> Callable[[dict[str, Any]], PageOf[M]]:
    def load(envelope: dict[str, Any]) -> PageOf[M]:
        return PageOf[model](  # type: ignore[valid-type]
            elements=[model.from_wire(e) for e in envelope.get("elements", [])],
            page=PageInfo.model_validate(envelope.get("page") or {}),
        )

    return load


class Ops:
    """Typed ContactHub operations for one workspace (and a default node), without I/O.

    Args:
        workspace_id: the workspace (tenant) every path starts with.
        node_id: the default entry node for customer lists, creates and event look-ups.
    """

    def __init__(self, workspace_id: str, node_id: str | None = None) -> None:
        if not workspace_id or not isinstance(workspace_id, str):
            raise InvalidArgument("workspace_id must be a non-empty string")
        self.workspace_id = workspace_id
        self.node_id = node_id

    def node(self, node_id: str | None) -> str:
        """``node_id``, else the default; refuses to go on without one."""
        if node_id is not None:
            if not isinstance(node_id, str):
                raise InvalidArgument(f"node_id must be a string, not {node_id!r:.40}")
            id_param(node_id, name="node_id")
        chosen = node_id or self.node_id
        if not chosen:
            raise InvalidArgument(
                "this operation needs a node: pass node_id= here or to the client"
            )
        return str(chosen)

    # -- customers ----------------------------------------------------------------------------

    def customers_pagination(
        self,
        *,
        node_id: str | None = None,
        query: QueryLike | None = None,
        external_id: str | None = None,
        fields: Iterable[str] | None = None,
        sort: str | None = None,
        page_size: int = 10,
    ) -> PageNumberPagination[Customer]:
        """Pages of customers (0-based page numbers; trusts ``totalElements``)."""
        node = self.node(node_id)
        wrapper = as_query_wrapper(query)
        size = _page_size(page_size)
        field_list = list(fields) if fields is not None else None

        def make(page: int, size: int) -> Endpoint[Any]:
            endpoint = ep.customers_page(
                self.workspace_id,
                node,
                query=wrapper,
                external_id=external_id,
                fields=field_list,
                page=page,
                size=size,
                sort=sort,
            )
            return ep.typed(endpoint, lambda env: ep.page_of(env, Customer.from_wire))

        return PageNumberPagination(make, page_size=size, first_page=0, trust_total=True)

    def customers_page(
        self,
        *,
        page: int = 0,
        size: int = 10,
        node_id: str | None = None,
        query: QueryLike | None = None,
        external_id: str | None = None,
        fields: Iterable[str] | None = None,
        sort: str | None = None,
    ) -> Endpoint[PageOf[Customer]]:
        """One page with its full envelope."""
        endpoint = ep.customers_page(
            self.workspace_id,
            self.node(node_id),
            query=as_query_wrapper(query),
            external_id=external_id,
            fields=list(fields) if fields is not None else None,
            page=page,
            size=_page_size(size),
            sort=sort,
        )
        return ep.typed(endpoint, _page_of(Customer))

    def get_customer(self, customer_id: str) -> Endpoint[Customer]:
        """One customer by id."""
        return ep.typed(ep.get_customer(self.workspace_id, customer_id), Customer.from_wire)

    def find_customers(
        self,
        *,
        external_id: str | None = None,
        email: str | None = None,
        node_id: str | None = None,
    ) -> Flow[list[Customer]]:
        """Customers by external id or by email (exactly one of them)."""
        if (external_id is None) == (email is None):
            raise InvalidArgument("pass exactly one of external_id and email")
        if email is not None:
            email_param(email, name="email")
        else:
            text_param(external_id, name="external_id", max_length=4096, allow_empty=False)
        rows = yield from _flows.find_customers_flow(
            self.workspace_id, self.node(node_id), external_id=external_id, email=email
        )
        return [Customer.from_wire(r) for r in rows]

    def create_customer(
        self,
        customer: Customer | Mapping[str, Any],
        *,
        force_update: bool = False,
        node_id: str | None = None,
    ) -> Flow[Customer]:
        """Create (or, with ``force_update``, update the matching customer)."""
        if not isinstance(force_update, bool):
            raise InvalidArgument(f"force_update must be True or False, not {force_update!r:.40}")
        body = _body(customer)
        node = self.node(node_id if node_id is not None else body.get("nodeId"))
        row = yield from _flows.create_customer_flow(
            self.workspace_id, node, body, force_update=force_update
        )
        return Customer.from_wire(row)

    def update_customer(
        self, customer_id: str, changes: Customer | Mapping[str, Any]
    ) -> Endpoint[Customer]:
        """PATCH: a model sends only what changed since it was loaded; a dict is sent as is."""
        body = changes.patch_body() if isinstance(changes, Customer) else _body(changes)
        body.pop("nodeId", None)
        return ep.typed(ep.patch_customer(self.workspace_id, customer_id, body), Customer.from_wire)

    def replace_customer(
        self, customer_id: str, customer: Customer | Mapping[str, Any]
    ) -> Endpoint[Customer]:
        """PUT: the whole customer (server-set timestamps are not sent)."""
        if not isinstance(customer, Customer | Mapping):
            raise InvalidArgument(
                f"expected a Customer or a mapping, not {type(customer).__name__}"
            )
        body = _body(customer) if isinstance(customer, Mapping) else customer.to_wire()
        body["id"] = customer_id
        for key in ("registeredAt", "updatedAt"):
            body.pop(key, None)
        return ep.typed(ep.put_customer(self.workspace_id, customer_id, body), Customer.from_wire)

    def delete_customer(self, customer_id: str) -> Endpoint[Customer | None]:
        """DELETE: the deleted customer when ContactHub sends it back."""
        return ep.typed(
            ep.delete_customer(self.workspace_id, customer_id),
            lambda row: Customer.from_wire(row) if isinstance(row, dict) else None,
        )

    def add_tag(self, customer_id: str, tag: str) -> Flow[Customer]:
        """Append a manual tag."""
        ep._text(customer_id, "customer_id")  # checked before the read
        text_param(tag, name="tag", max_length=1024, allow_empty=False)
        row = yield from _flows.add_tag_flow(self.workspace_id, customer_id, tag)
        return Customer.from_wire(row)

    def remove_tag(self, customer_id: str, tag: str) -> Flow[Customer]:
        """Remove a manual tag (``ValueError`` when it is not there)."""
        ep._text(customer_id, "customer_id")  # checked before the read
        text_param(tag, name="tag", max_length=1024, allow_empty=False)
        row = yield from _flows.remove_tag_flow(self.workspace_id, customer_id, tag)
        return Customer.from_wire(row)

    # -- sessions ------------------------------------------------------------------------------

    def add_session(self, customer_id: str, value: str | None = None) -> Endpoint[Session]:
        """Attach a session id (a new UUID4 when None) to a customer."""
        chosen = ep._text(value, "value") if value is not None else str(uuid.uuid4())
        return ep.typed(ep.add_session(self.workspace_id, customer_id, chosen), Session.from_wire)

    def list_sessions(self, customer_id: str) -> Endpoint[list[Session]]:
        """A customer's sessions."""
        return ep.typed(
            ep.list_sessions(self.workspace_id, customer_id),
            lambda rows: [Session.from_wire(r) for r in rows],
        )

    def get_session(self, customer_id: str, record_id: str) -> Endpoint[Session]:
        """One session record by its id."""
        return ep.typed(
            ep.get_session(self.workspace_id, customer_id, record_id), Session.from_wire
        )

    def delete_session(self, customer_id: str, record_id: str) -> Endpoint[None]:
        """Remove a session record."""
        return ep.typed(
            ep.delete_session(self.workspace_id, customer_id, record_id), lambda _: None
        )

    # -- educations, jobs, likes, subscriptions -----------------------------------------------

    def create_entity(
        self, kind: str, customer_id: str, entity: CrmModel | Mapping[str, Any]
    ) -> Endpoint[Any]:
        """Add an entity to ``base.<kind>``."""
        model = ENTITY_MODELS[kind]
        return ep.typed(
            ep.create_entity(self.workspace_id, customer_id, kind, _body(entity)),
            model.from_wire,
        )

    def get_entity(self, kind: str, customer_id: str, entity_id: str) -> Endpoint[Any]:
        """One entity by id."""
        model = ENTITY_MODELS[kind]
        return ep.typed(
            ep.get_entity(self.workspace_id, customer_id, kind, entity_id), model.from_wire
        )

    def update_entity(
        self, kind: str, customer_id: str, entity_id: str, entity: CrmModel | Mapping[str, Any]
    ) -> Endpoint[Any]:
        """Replace an entity."""
        model = ENTITY_MODELS[kind]
        body = _body(entity)
        body["id"] = entity_id
        return ep.typed(
            ep.put_entity(self.workspace_id, customer_id, kind, entity_id, body), model.from_wire
        )

    def delete_entity(self, kind: str, customer_id: str, entity_id: str) -> Endpoint[None]:
        """Remove an entity."""
        return ep.typed(
            ep.delete_entity(self.workspace_id, customer_id, kind, entity_id), lambda _: None
        )

    # -- events -------------------------------------------------------------------------------

    def create_event(self, event: Event | Mapping[str, Any]) -> Endpoint[EventAccepted]:
        """POST an event (accepted with 202; stored asynchronously).

        A ``bringBackProperties`` without ``nodeId`` gets the client's node.
        """
        body = _body(event)
        if body.get("type") in _API_TYPE_SPELLING:
            body["type"] = _API_TYPE_SPELLING[body["type"]]
        bring_back = body.get("bringBackProperties")
        if isinstance(bring_back, Mapping) and not bring_back.get("nodeId") and self.node_id:
            body["bringBackProperties"] = {**bring_back, "nodeId": self.node_id}
        return ep.typed(ep.create_event(self.workspace_id, body), EventAccepted.from_wire)

    def events_pagination(
        self,
        *,
        customer_id: str | None = None,
        event_type: str | Iterable[str] | None = None,
        context: str | Iterable[str] | None = None,
        mode: str | None = None,
        date_from: date | str | None = None,
        date_to: date | str | None = None,
        page_size: int = 10,
    ) -> PageNumberPagination[Event]:
        """Pages of events, newest first."""
        size = _page_size(page_size)

        def make(page: int, size: int) -> Endpoint[Any]:
            endpoint = ep.events_page(
                self.workspace_id,
                customer_id=customer_id,
                event_type=event_type,
                context=context,
                mode=mode,
                date_from=date_from,
                date_to=date_to,
                page=page,
                size=size,
            )
            return ep.typed(endpoint, lambda env: ep.page_of(env, Event.from_wire))

        return PageNumberPagination(make, page_size=size, first_page=0, trust_total=True)

    def get_event(self, event_id: str) -> Endpoint[Event]:
        """One event by id."""
        return ep.typed(ep.get_event(self.workspace_id, event_id), Event.from_wire)

    def replace_event(self, event_id: str, event: Event | Mapping[str, Any]) -> Endpoint[None]:
        """PUT an event (202)."""
        return ep.typed(ep.put_event(self.workspace_id, event_id, _body(event)), lambda _: None)

    def delete_event(self, event_id: str) -> Endpoint[None]:
        """DELETE an event (204)."""
        return ep.typed(ep.delete_event(self.workspace_id, event_id), lambda _: None)
