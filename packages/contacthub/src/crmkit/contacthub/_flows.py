"""Multi-request operations as sans-IO flows (generators of endpoints), shared by the sync and
async clients, the old-SDK idiom and the unified adapters.

- :func:`create_customer_flow`: POST; on a 409 with ``force_update`` PATCH the existing
  customer (the old SDK's force update: the body minus ``nodeId``); after an ambiguous
  failure (the POST may have reached ContactHub) look the customer up by its natural key
  (externalId, else email) before posting again, so a retry cannot create a duplicate; a
  customer with neither is never posted twice (the ambiguous error is raised);
- :func:`add_tag_flow` / :func:`remove_tag_flow`: read the customer, PATCH ``tags.manual``;
- :func:`find_customers_flow`: customers by external id or email (first page).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crmkit.core import AmbiguousWriteError, Conflict, Flow

from . import _endpoints as ep
from ._encoding import to_jsonable

__all__ = [
    "add_entity_flow",
    "add_tag_flow",
    "conflict_customer_id",
    "create_customer_flow",
    "find_customers_flow",
    "remove_tag_flow",
]


def conflict_customer_id(exc: Conflict) -> str | None:
    """The existing customer's id a 409 names in ``data.customer.id``."""
    body = exc.body if isinstance(exc.body, Mapping) else {}
    data = body.get("data")
    customer = data.get("customer") if isinstance(data, Mapping) else None
    if isinstance(customer, Mapping) and customer.get("id") is not None:
        return str(customer["id"])
    return None


def find_customers_flow(
    workspace_id: str, node_id: str, *, external_id: str | None = None, email: str | None = None
) -> Flow[list[dict[str, Any]]]:
    """Customers of the node with this external id (or, when None, this email)."""
    if external_id:
        page = yield ep.customers_page(workspace_id, node_id, external_id=external_id, size=50)
    elif email:
        page = yield ep.customers_page(workspace_id, node_id, query=ep.email_query(email), size=50)
    else:
        return []
    return list(page.get("elements", []))


def create_customer_flow(
    workspace_id: str, node_id: str, body: Mapping[str, Any], *, force_update: bool = False
) -> Flow[dict[str, Any]]:
    """Create a customer in ``node_id``; see the module docstring for conflicts and retries."""
    payload = dict(to_jsonable(body))
    payload["nodeId"] = str(node_id)
    create = ep.create_customer(workspace_id, payload)
    try:
        created: dict[str, Any] = yield create
        return created
    except Conflict as exc:
        existing = conflict_customer_id(exc)
        if not force_update or existing is None:
            raise
        update = {k: v for k, v in payload.items() if k != "nodeId"}
        patched: dict[str, Any] = yield ep.patch_customer(workspace_id, existing, update)
        return patched
    except AmbiguousWriteError as exc:
        ambiguous = exc
    contacts = (payload.get("base") or {}).get("contacts") or {}
    external_id = payload.get("externalId")
    email = contacts.get("email") if isinstance(contacts, Mapping) else None
    if not external_id and not email:
        # No natural key to look the customer up by: a second POST could create it twice.
        raise ambiguous
    found = yield from find_customers_flow(
        workspace_id, str(node_id), external_id=external_id, email=email
    )
    if len(found) == 1:
        return found[0]
    if found:  # several customers share the key: which one is ours cannot be told
        raise ambiguous
    retried: dict[str, Any] = yield create
    return retried


def add_tag_flow(workspace_id: str, customer_id: Any, tag: Any) -> Flow[dict[str, Any]]:
    """Append ``tag`` to the customer's manual tags (no de-duplication, as the old SDK)."""
    customer = yield ep.get_customer(workspace_id, customer_id)
    manual = list(((customer.get("tags") or {}).get("manual")) or [])
    manual.append(tag)
    updated: dict[str, Any] = yield ep.patch_customer(
        workspace_id, customer_id, {"tags": {"manual": manual}}
    )
    return updated


def remove_tag_flow(workspace_id: str, customer_id: Any, tag: Any) -> Flow[dict[str, Any]]:
    """Remove the first occurrence of ``tag``; ``ValueError`` (and no PATCH) when absent."""
    customer = yield ep.get_customer(workspace_id, customer_id)
    manual = list(((customer.get("tags") or {}).get("manual")) or [])
    if tag not in manual:
        raise ValueError("Tag not in Customer's Tags")
    manual.remove(tag)
    updated: dict[str, Any] = yield ep.patch_customer(
        workspace_id, customer_id, {"tags": {"manual": manual}}
    )
    return updated


def add_entity_flow(
    workspace_id: str, customer_id: Any, kind: str, body: Mapping[str, Any]
) -> Flow[tuple[dict[str, Any], dict[str, Any]]]:
    """POST an education/job/like/subscription, then read the customer back (old SDK)."""
    entity = yield ep.create_entity(workspace_id, customer_id, kind, body)
    customer = yield ep.get_customer(workspace_id, customer_id)
    return entity, customer


def update_entity_flow(
    workspace_id: str, customer_id: Any, kind: str, entity_id: Any, body: Mapping[str, Any]
) -> Flow[tuple[dict[str, Any], dict[str, Any]]]:
    """PUT an entity, then read the customer back (old SDK)."""
    entity = yield ep.put_entity(workspace_id, customer_id, kind, entity_id, body)
    customer = yield ep.get_customer(workspace_id, customer_id)
    return entity, customer
