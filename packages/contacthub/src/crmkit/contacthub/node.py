"""``Node``: the old SDK's gateway to a node's customers and events (``contacthub.node``).

Every method keeps the old name, arguments and return shape (vendor file §8) and sends its
request through the workspace's typed client, built on crmkit core (retries, typed errors,
redaction). Fixed bugs, all per vendor file §9: ``get_customers``/``get_events`` honour
``page``; ``delete_customer`` accepts an empty answer; ``add_event`` injects
``bringBackProperties.nodeId`` and returns the event with the ``id`` ContactHub assigned; ids are
escaped into paths instead of concatenated.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from . import _endpoints as ep
from . import _flows
from .lib.paginated_list import PaginatedList
from .lib.utils import plain
from .models.customer import Customer
from .models.education import Education
from .models.event import API_TYPE_SPELLING, Event
from .models.job import Job
from .models.like import Like
from .models.query.query import Query
from .models.subscription import Subscription

__all__ = ["Node"]


class Node:
    """A node (data source) of a workspace.

    Args:
        workspace: the :class:`~crmkit.contacthub.workspace.Workspace`.
        node_id: the node id (``str()``-ed).
    """

    def __init__(self, workspace: Any, node_id: Any) -> None:
        self.workspace = workspace
        self.node_id = str(node_id)

    def __repr__(self) -> str:
        return f"<Node workspace_id={self.workspace.workspace_id!r} node_id={self.node_id!r}>"

    @property
    def _ws(self) -> str:
        return str(self.workspace.workspace_id)

    def _send(self, op: Any) -> Any:
        return self.workspace.client.send(op)

    # -- customers ----------------------------------------------------------------------------

    def _customers_page(
        self,
        query: dict[str, Any] | None = None,
        external_id: Any = None,
        page: int | None = None,
        size: int | None = None,
        fields: Iterable[str] | None = None,
    ) -> dict[str, Any]:
        return self._send(  # type: ignore[no-any-return]
            ep.customers_page(
                self._ws,
                self.node_id,
                query=query,
                external_id=external_id,
                fields=list(fields) if fields else None,
                page=page,
                size=size,
            )
        )

    def _paginated_customers(self, **kwargs: Any) -> PaginatedList:
        return PaginatedList(self, self._customers_page, Customer, **kwargs)

    def get_customers(
        self,
        external_id: Any = None,
        page: int | None = None,
        size: int | None = None,
        fields: Iterable[str] | None = None,
    ) -> PaginatedList:
        """A page of the node's customers (``size`` per page, 0-based ``page``)."""
        return self._paginated_customers(
            external_id=external_id, page=page, size=size, fields=fields
        )

    def get_customer(self, id: Any = None, external_id: Any = None) -> Any:
        """A customer by id; by external id, the customer if exactly one matches, else the list.

        Raises:
            ValueError: both or neither of ``id`` and ``external_id`` given.
        """
        if id is not None and external_id is not None:
            raise ValueError("Cannot get a customer by both its id and external_id")
        if id is None and external_id is None:
            raise ValueError("Insert an id or an external_id")
        if id is not None:
            return Customer(node=self, **self._send(ep.get_customer(self._ws, id)))
        customers = self.get_customers(external_id=external_id)
        if len(customers) == 1:
            return customers[0]
        return customers

    def query(self, entity: Any) -> Query:
        """A query on ``entity`` (``Customer``) in this node."""
        return Query(self, entity)

    def _create_customer(self, body: dict[str, Any], *, force_update: bool) -> dict[str, Any]:
        return self._send(  # type: ignore[no-any-return]
            _flows.create_customer_flow(self._ws, self.node_id, body, force_update=force_update)
        )

    def _patch_customer(self, customer_id: Any, body: dict[str, Any]) -> dict[str, Any]:
        return self._send(ep.patch_customer(self._ws, customer_id, body))  # type: ignore[no-any-return]

    def _put_customer(self, customer_id: Any, body: dict[str, Any]) -> dict[str, Any]:
        return self._send(ep.put_customer(self._ws, customer_id, body))  # type: ignore[no-any-return]

    def add_customer(
        self,
        force_update: bool = False,
        *,
        forceUpdate: bool | None = None,
        **attributes: Any,
    ) -> Customer:
        """Create a customer from ``attributes``; with ``force_update`` (or the seed's
        ``forceUpdate``) a duplicate is updated (PATCH of the existing customer) instead."""
        body = plain(attributes)
        response = self._create_customer(body, force_update=bool(force_update or forceUpdate))
        return Customer(node=self, **response)

    def update_customer(self, id: Any, full_update: bool = False, **attributes: Any) -> Customer:
        """PATCH ``attributes`` into the customer, or PUT them (with ``id``) when
        ``full_update``."""
        body = plain(attributes)
        if full_update:
            body["id"] = id
            return Customer(node=self, **self._put_customer(id, body))
        return Customer(node=self, **self._patch_customer(id, body))

    def delete_customer(self, id: Any, **attributes: Any) -> Customer:
        """Delete a customer (other attributes, as from ``to_dict()``, are ignored)."""
        response = self._send(ep.delete_customer(self._ws, id))
        if isinstance(response, dict):
            return Customer(node=self, **response)
        return Customer(node=self, id=id)

    # -- sessions and tags ----------------------------------------------------------------------

    def add_customer_session(self, customer_id: Any, session_id: Any) -> Any:
        """Attach a session id to a customer; returns the stored value."""
        response = self._send(ep.add_session(self._ws, customer_id, str(session_id)))
        return response["value"]

    @staticmethod
    def create_session_id() -> str:
        """A new random session id (UUID4)."""
        return str(uuid.uuid4())

    def add_tag(self, customer_id: Any, tag: Any) -> None:
        """Append ``tag`` to the customer's manual tags."""
        self._send(_flows.add_tag_flow(self._ws, customer_id, tag))

    def remove_tag(self, customer_id: Any, tag: Any) -> None:
        """Remove ``tag`` from the manual tags (``ValueError`` if absent, nothing sent)."""
        self._send(_flows.remove_tag_flow(self._ws, customer_id, tag))

    # -- educations, jobs, likes, subscriptions ------------------------------------------------

    def _entity_request(
        self, method: str, customer_id: Any, kind: str, entity_id: Any, body: Any
    ) -> Any:
        if method == "POST":
            return self._send(ep.create_entity(self._ws, customer_id, kind, body))
        if method == "PUT":
            return self._send(ep.put_entity(self._ws, customer_id, kind, entity_id, body))
        return self._send(ep.delete_entity(self._ws, customer_id, kind, entity_id))

    def _get_entity(self, cls: Any, customer_id: Any, entity_id: Any) -> Any:
        ep._text(customer_id, "customer_id")  # both ids checked before the first request
        ep._text(entity_id, "entity_id")
        customer = Customer(node=self, **self._send(ep.get_customer(self._ws, customer_id)))
        entity = self._send(ep.get_entity(self._ws, customer_id, cls.KIND, entity_id))
        return cls.from_dict(customer=customer, attributes=entity)

    def _add_entity(self, cls: Any, customer_id: Any, attributes: dict[str, Any]) -> Any:
        entity, customer = self._send(
            _flows.add_entity_flow(self._ws, customer_id, cls.KIND, plain(attributes))
        )
        return cls.from_dict(customer=Customer(node=self, **customer), attributes=entity)

    def _update_entity(
        self, cls: Any, customer_id: Any, entity_id: Any, attributes: dict[str, Any]
    ) -> Any:
        body = plain(attributes)
        body.pop("id", None)
        entity, customer = self._send(
            _flows.update_entity_flow(self._ws, customer_id, cls.KIND, entity_id, body)
        )
        return cls.from_dict(customer=Customer(node=self, **customer), attributes=entity)

    def get_customer_education(self, customer_id: Any, education_id: Any) -> Education:
        """An education of a customer."""
        return self._get_entity(Education, customer_id, education_id)  # type: ignore[no-any-return]

    def get_customer_job(self, customer_id: Any, job_id: Any) -> Job:
        """A job of a customer."""
        return self._get_entity(Job, customer_id, job_id)  # type: ignore[no-any-return]

    def get_customer_like(self, customer_id: Any, like_id: Any) -> Like:
        """A like of a customer."""
        return self._get_entity(Like, customer_id, like_id)  # type: ignore[no-any-return]

    def get_customer_subscription(self, customer_id: Any, subscription_id: Any) -> Subscription:
        """A subscription of a customer."""
        return self._get_entity(Subscription, customer_id, subscription_id)  # type: ignore[no-any-return]

    # The seed document's names for the four getters.
    get_education = get_customer_education
    get_job = get_customer_job
    get_like = get_customer_like
    get_subscription = get_customer_subscription

    def add_education(self, customer_id: Any, **attributes: Any) -> Education:
        """Add an education to a customer."""
        return self._add_entity(Education, customer_id, attributes)  # type: ignore[no-any-return]

    def add_job(self, customer_id: Any, **attributes: Any) -> Job:
        """Add a job to a customer."""
        return self._add_entity(Job, customer_id, attributes)  # type: ignore[no-any-return]

    def add_like(self, customer_id: Any, **attributes: Any) -> Like:
        """Add a like to a customer."""
        return self._add_entity(Like, customer_id, attributes)  # type: ignore[no-any-return]

    def add_subscription(self, customer_id: Any, **attributes: Any) -> Subscription:
        """Add a subscription to a customer."""
        return self._add_entity(Subscription, customer_id, attributes)  # type: ignore[no-any-return]

    def update_education(self, customer_id: Any, id: Any, **attributes: Any) -> Education:
        """Replace an education (the body carries no ``id``; it is in the path)."""
        return self._update_entity(Education, customer_id, id, attributes)  # type: ignore[no-any-return]

    def update_job(self, customer_id: Any, id: Any, **attributes: Any) -> Job:
        """Replace a job."""
        return self._update_entity(Job, customer_id, id, attributes)  # type: ignore[no-any-return]

    def update_like(self, customer_id: Any, id: Any, **attributes: Any) -> Like:
        """Replace a like."""
        return self._update_entity(Like, customer_id, id, attributes)  # type: ignore[no-any-return]

    def update_subscription(self, customer_id: Any, id: Any, **attributes: Any) -> Subscription:
        """Replace a subscription."""
        return self._update_entity(Subscription, customer_id, id, attributes)  # type: ignore[no-any-return]

    def remove_education(self, customer_id: Any, education_id: Any) -> None:
        """Remove an education."""
        self._entity_request("DELETE", customer_id, "educations", education_id, None)

    def remove_job(self, customer_id: Any, job_id: Any) -> None:
        """Remove a job."""
        self._entity_request("DELETE", customer_id, "jobs", job_id, None)

    def remove_like(self, customer_id: Any, like_id: Any) -> None:
        """Remove a like."""
        self._entity_request("DELETE", customer_id, "likes", like_id, None)

    def remove_subscription(self, customer_id: Any, subscription_id: Any) -> None:
        """Remove a subscription."""
        self._entity_request("DELETE", customer_id, "subscriptions", subscription_id, None)

    # -- events -------------------------------------------------------------------------------

    def _events_page(
        self,
        customer_id: Any = None,
        event_type: Any = None,
        context: Any = None,
        event_mode: str | None = None,
        date_from: date | str | None = None,
        date_to: date | str | None = None,
        page: int | None = None,
        size: int | None = None,
    ) -> dict[str, Any]:
        return self._send(  # type: ignore[no-any-return]
            ep.events_page(
                self._ws,
                customer_id=customer_id,
                event_type=event_type,
                context=context,
                mode=event_mode,
                date_from=date_from,
                date_to=date_to,
                page=page,
                size=size,
                naive_as_utc=True,
            )
        )

    def get_events(
        self,
        customer_id: Any,
        event_type: Any = None,
        context: Any = None,
        event_mode: str | None = None,
        date_from: date | str | None = None,
        date_to: date | str | None = None,
        page: int | None = None,
        size: int | None = None,
    ) -> PaginatedList:
        """A page of a customer's events, newest first, optionally filtered."""
        return PaginatedList(
            self,
            self._events_page,
            Event,
            customer_id=customer_id,
            event_type=event_type,
            context=context,
            event_mode=event_mode,
            date_from=date_from,
            date_to=date_to,
            page=page,
            size=size,
        )

    def get_event(self, id: Any) -> Event:
        """One event by id."""
        return Event(node=self, **self._send(ep.get_event(self._ws, id)))

    def _post_event(self, attributes: dict[str, Any]) -> str:
        plain(attributes)
        bring_back = attributes.get("bringBackProperties")
        if isinstance(bring_back, dict) and not bring_back.get("nodeId"):
            bring_back["nodeId"] = self.node_id
        body = copy.deepcopy(attributes)
        body.pop("id", None)
        if body.get("type") in API_TYPE_SPELLING:
            body["type"] = API_TYPE_SPELLING[body["type"]]
        response = self._send(ep.create_event(self._ws, body))
        return str(response["id"])

    def add_event(self, **attributes: Any) -> Event:
        """Send an event; returns it with the ``id`` ContactHub assigned (202)."""
        attributes["id"] = self._post_event(attributes)
        return Event(node=self, **attributes)
