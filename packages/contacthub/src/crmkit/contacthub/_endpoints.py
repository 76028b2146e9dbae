"""Sans-IO endpoint builders for every ContactHub operation (vendor file §2).

Each builder returns a :class:`crmkit.core.Endpoint` whose parser yields the decoded JSON as
ContactHub sent it; :func:`typed` re-targets one at a pydantic model. The typed clients, the
old-SDK idiom (:mod:`crmkit.contacthub.node`) and the unified adapters all build their
requests here, so the wire format lives in one place.

Paths are relative to the client's base URL, which ends in ``.../hub/v1/workspaces/``; every
path segment (workspace, customer, entity, session, event ids) is validated and escaped by
``build_path`` (the old SDK concatenated raw ids into URLs: vendor file §9 item 10).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any, Literal, TypeVar

import httpx

from crmkit.core import (
    Endpoint,
    ErrorDetails,
    InvalidArgument,
    Page,
    aware_datetime_param,
    body_snippet,
    build_path,
    id_param,
    read_json,
    text_param,
)

from ._encoding import dumps, format_sdk_date, to_jsonable

__all__ = [
    "ENTITY_KINDS",
    "EntityKind",
    "add_session",
    "create_customer",
    "create_entity",
    "create_event",
    "customers_page",
    "delete_customer",
    "delete_entity",
    "delete_event",
    "delete_session",
    "email_query",
    "error_details",
    "events_page",
    "get_customer",
    "get_entity",
    "get_event",
    "get_session",
    "list_sessions",
    "page_of",
    "patch_customer",
    "put_customer",
    "put_entity",
    "put_event",
    "typed",
]

T = TypeVar("T")
U = TypeVar("U")

EntityKind = Literal["educations", "jobs", "likes", "subscriptions"]
ENTITY_KINDS: tuple[EntityKind, ...] = ("educations", "jobs", "likes", "subscriptions")

_CUSTOMERS = ("customers",)
_EVENTS = ("events",)


# -- parsing ------------------------------------------------------------------------------------


def error_details(response: httpx.Response) -> ErrorDetails:
    """Read ContactHub's error body ``{"message", "logref", "data", "errors"}``.

    A Spring-style ``{"status", "error"}`` body (seen by the PHP SDK) gives its ``error`` as
    the message; a body that is not JSON gives its first characters.
    """
    try:
        body: Any = json.loads(response.content) if response.content else None
    except (ValueError, UnicodeDecodeError):
        return ErrorDetails(message=None, body=body_snippet(response))
    if not isinstance(body, Mapping):
        return ErrorDetails(message=str(body) if body is not None else None, body=body)
    message = body.get("message") or body.get("error")
    errors = body.get("errors")
    return ErrorDetails(
        message=str(message) if message is not None else None,
        errors=list(errors) if isinstance(errors, list) else [],
        body=dict(body),
    )


def _json_object(response: httpx.Response) -> dict[str, Any]:
    data = read_json(response)
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    return data


def _json_or_none(response: httpx.Response) -> Any:
    # DELETE answers: ContactHub documents no body; some deployments send one (vendor §2.2).
    if not response.content.strip():
        return None
    return read_json(response)


def _page_envelope(response: httpx.Response) -> dict[str, Any]:
    data = _json_object(response)
    if not isinstance(data.get("elements"), list):
        raise ValueError("the page has no 'elements' list")
    return data


def page_of(envelope: Mapping[str, Any], load: Callable[[dict[str, Any]], T]) -> Page[T]:
    """A core :class:`~crmkit.core.Page` from a ContactHub envelope (total = totalElements)."""
    info = envelope.get("page") or {}
    total = info.get("totalElements") if isinstance(info, Mapping) else None
    return Page(
        [load(e) for e in envelope.get("elements", [])],
        total=int(total) if isinstance(total, int) else None,
        extra={"page": dict(info) if isinstance(info, Mapping) else {}},
    )


def typed(endpoint: Endpoint[Any], convert: Callable[[Any], U]) -> Endpoint[U]:
    """The same request, its decoded JSON passed through ``convert`` (e.g. a model loader)."""
    parse = endpoint.parse

    def parse_typed(response: httpx.Response) -> U:
        return convert(parse(response))

    return dataclasses.replace(endpoint, parse=parse_typed)


# -- helpers ------------------------------------------------------------------------------------


def _params(**values: Any) -> dict[str, Any]:
    # The old SDK sends a parameter only when it is truthy (page 0 is the server default).
    return {k: v for k, v in values.items() if v}


def _body(value: Any) -> Any:
    try:
        return to_jsonable(value)
    except TypeError as exc:
        raise InvalidArgument(f"The request body cannot be sent as JSON: {exc}") from exc


def _text(value: Any, name: str) -> str:
    """An id for a path or a query: a str (or an int), checked like a path segment."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidArgument(f"{name} must be a string, not {value!r:.40}")
    return id_param(value, name=name)


def _optional_text(value: Any, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # the old SDK sent ints as they print
    return text_param(value, name=name, max_length=4096)


def _query_time(
    value: date | str | None, name: str = "date", *, naive_as_utc: bool = False
) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        if not value:
            return None
        text = text_param(value, name=name, max_length=64)
        try:
            datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise InvalidArgument(
                f"{name} {value!r:.40} is not an ISO 8601 date or datetime"
            ) from None
        return text
    if isinstance(value, datetime):
        if not naive_as_utc:  # the old SDK's idiom wrote naive datetimes as UTC
            aware_datetime_param(value, name=name)
    elif not isinstance(value, date):
        raise InvalidArgument(f"{name} must be a date, a datetime or a string, not {value!r:.40}")
    return format_sdk_date(value)


def email_query(email: str) -> dict[str, Any]:
    """The query wrapper selecting customers whose ``base.contacts.email`` equals ``email``."""
    return {
        "name": "query",
        "query": {
            "type": "simple",
            "name": "query",
            "are": {
                "condition": {
                    "type": "atomic",
                    "attribute": "base.contacts.email",
                    "operator": "EQUALS",
                    "value": email,
                }
            },
        },
    }


# -- customers ----------------------------------------------------------------------------------


def customers_page(
    workspace_id: str,
    node_id: str,
    *,
    query: Mapping[str, Any] | str | None = None,
    external_id: Any = None,
    fields: Iterable[str] | None = None,
    page: int | None = None,
    size: int | None = None,
    sort: str | None = None,
) -> Endpoint[dict[str, Any]]:
    """GET ``{ws}/customers``: one page of a node's customers (filtered by ``query``...).

    Args:
        query: the query wrapper ``{"name": ..., "query": {...}}`` (or its JSON text).
        external_id: only customers with this ``externalId``.
        fields: only these properties come back filled (e.g. ``["base.firstName"]``).
        page: 0-based page number; size: 1..50 (ContactHub's default 10).
        sort: ``"<path>"`` or ``"<path>,asc|desc"``.
    """
    if not node_id:
        raise InvalidArgument("node_id is required to list customers (ContactHub's nodeId)")
    node_id = _text(node_id, "node_id")
    if page is not None and (isinstance(page, bool) or not isinstance(page, int) or page < 0):
        raise InvalidArgument(f"page must be an int >= 0, not {page!r}")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 1):
        raise InvalidArgument(f"size must be an int >= 1, not {size!r}")
    if isinstance(fields, str):
        raise InvalidArgument("fields must be a list of property paths, not one string")
    query_text = query if isinstance(query, str) or query is None else dumps(query)
    params: dict[str, Any] = {"nodeId": str(node_id)}
    params.update(
        _params(
            query=query_text,
            externalId=_optional_text(external_id, "external_id"),
            fields=",".join(fields) if fields else None,
            page=page,
            size=size,
            sort=_optional_text(sort, "sort"),
        )
    )
    return Endpoint(
        method="GET",
        path=build_path("{ws}/customers", ws=workspace_id),
        params=params,
        parse=_page_envelope,
        cache_tags=_CUSTOMERS,
    )


def create_customer(workspace_id: str, body: Mapping[str, Any]) -> Endpoint[dict[str, Any]]:
    """POST ``{ws}/customers`` (201 with the stored customer). ``body`` must carry nodeId."""
    payload = _body(body)
    if not payload.get("nodeId"):
        raise InvalidArgument("a customer to create needs nodeId (the node to create it in)")
    return Endpoint(
        method="POST",
        path=build_path("{ws}/customers", ws=workspace_id),
        json=payload,
        parse=_json_object,
        invalidates=_CUSTOMERS,
        natural_key="externalId or base.contacts.email",
    )


def get_customer(workspace_id: str, customer_id: Any) -> Endpoint[dict[str, Any]]:
    """GET ``{ws}/customers/{id}``."""
    return Endpoint(
        method="GET",
        path=build_path("{ws}/customers/{cid}", ws=workspace_id, cid=_text(customer_id, "id")),
        parse=_json_object,
        cache_tags=_CUSTOMERS,
    )


def patch_customer(
    workspace_id: str, customer_id: Any, body: Mapping[str, Any]
) -> Endpoint[dict[str, Any]]:
    """PATCH ``{ws}/customers/{id}``: deep-merge ``body``; answers the whole customer."""
    return Endpoint(
        method="PATCH",
        path=build_path("{ws}/customers/{cid}", ws=workspace_id, cid=_text(customer_id, "id")),
        json=_body(body),
        parse=_json_object,
        invalidates=_CUSTOMERS,
    )


def put_customer(
    workspace_id: str, customer_id: Any, body: Mapping[str, Any]
) -> Endpoint[dict[str, Any]]:
    """PUT ``{ws}/customers/{id}``: replace the customer (``registeredAt`` is kept)."""
    return Endpoint(
        method="PUT",
        path=build_path("{ws}/customers/{cid}", ws=workspace_id, cid=_text(customer_id, "id")),
        json=_body(body),
        parse=_json_object,
        invalidates=_CUSTOMERS,
    )


def delete_customer(workspace_id: str, customer_id: Any) -> Endpoint[dict[str, Any] | None]:
    """DELETE ``{ws}/customers/{id}``: the deleted customer, or None for an empty answer."""
    return Endpoint(
        method="DELETE",
        path=build_path("{ws}/customers/{cid}", ws=workspace_id, cid=_text(customer_id, "id")),
        parse=_json_or_none,
        invalidates=_CUSTOMERS + _EVENTS,
    )


# -- sessions -----------------------------------------------------------------------------------


def add_session(workspace_id: str, customer_id: Any, value: Any) -> Endpoint[dict[str, Any]]:
    """POST ``{ws}/customers/{id}/sessions`` with ``{"value": ...}`` (201 ``{id, value}``)."""
    return Endpoint(
        method="POST",
        path=build_path(
            "{ws}/customers/{cid}/sessions", ws=workspace_id, cid=_text(customer_id, "id")
        ),
        json={"value": _text(value, "session_id")},
        parse=_json_object,
        invalidates=_CUSTOMERS + _EVENTS,
        natural_key="the session value",
    )


def _session_list(response: httpx.Response) -> list[dict[str, Any]]:
    data = read_json(response)
    # {"elements": [...]} per the API; a bare list appears in a Go fixture (vendor §2.3).
    if isinstance(data, dict):
        data = data.get("elements", [])
    if not isinstance(data, list):
        raise ValueError("expected a list of sessions")
    return data


def list_sessions(workspace_id: str, customer_id: Any) -> Endpoint[list[dict[str, Any]]]:
    """GET ``{ws}/customers/{id}/sessions``."""
    return Endpoint(
        method="GET",
        path=build_path(
            "{ws}/customers/{cid}/sessions", ws=workspace_id, cid=_text(customer_id, "id")
        ),
        parse=_session_list,
        cache_tags=_CUSTOMERS,
    )


def get_session(workspace_id: str, customer_id: Any, record_id: Any) -> Endpoint[dict[str, Any]]:
    """GET ``{ws}/customers/{id}/sessions/{recordId}`` (the record's id, not its value)."""
    return Endpoint(
        method="GET",
        path=build_path(
            "{ws}/customers/{cid}/sessions/{sid}",
            ws=workspace_id,
            cid=_text(customer_id, "id"),
            sid=_text(record_id, "session record id"),
        ),
        parse=_json_object,
        cache_tags=_CUSTOMERS,
    )


def delete_session(workspace_id: str, customer_id: Any, record_id: Any) -> Endpoint[Any]:
    """DELETE ``{ws}/customers/{id}/sessions/{recordId}``."""
    return Endpoint(
        method="DELETE",
        path=build_path(
            "{ws}/customers/{cid}/sessions/{sid}",
            ws=workspace_id,
            cid=_text(customer_id, "id"),
            sid=_text(record_id, "session record id"),
        ),
        parse=_json_or_none,
        invalidates=_CUSTOMERS,
    )


# -- educations, jobs, likes, subscriptions -----------------------------------------------------


def _kind(kind: str) -> str:
    if kind not in ENTITY_KINDS:
        raise InvalidArgument(f"kind must be one of {', '.join(ENTITY_KINDS)}, not {kind!r}")
    return kind


def create_entity(
    workspace_id: str, customer_id: Any, kind: str, body: Mapping[str, Any]
) -> Endpoint[dict[str, Any]]:
    """POST ``{ws}/customers/{id}/{kind}`` (200; 201 for subscriptions)."""
    return Endpoint(
        method="POST",
        path=build_path(
            "{ws}/customers/{cid}/" + _kind(kind), ws=workspace_id, cid=_text(customer_id, "id")
        ),
        json=_body(body),
        parse=_json_object,
        invalidates=_CUSTOMERS,
        natural_key="the entity id",
    )


def get_entity(
    workspace_id: str, customer_id: Any, kind: str, entity_id: Any
) -> Endpoint[dict[str, Any]]:
    """GET ``{ws}/customers/{id}/{kind}/{entityId}``."""
    return Endpoint(
        method="GET",
        path=build_path(
            "{ws}/customers/{cid}/" + _kind(kind) + "/{eid}",
            ws=workspace_id,
            cid=_text(customer_id, "id"),
            eid=_text(entity_id, "entity id"),
        ),
        parse=_json_object,
        cache_tags=_CUSTOMERS,
    )


def put_entity(
    workspace_id: str, customer_id: Any, kind: str, entity_id: Any, body: Mapping[str, Any]
) -> Endpoint[dict[str, Any]]:
    """PUT ``{ws}/customers/{id}/{kind}/{entityId}``: replace the entity."""
    return Endpoint(
        method="PUT",
        path=build_path(
            "{ws}/customers/{cid}/" + _kind(kind) + "/{eid}",
            ws=workspace_id,
            cid=_text(customer_id, "id"),
            eid=_text(entity_id, "entity id"),
        ),
        json=_body(body),
        parse=_json_object,
        invalidates=_CUSTOMERS,
    )


def delete_entity(workspace_id: str, customer_id: Any, kind: str, entity_id: Any) -> Endpoint[Any]:
    """DELETE ``{ws}/customers/{id}/{kind}/{entityId}``."""
    return Endpoint(
        method="DELETE",
        path=build_path(
            "{ws}/customers/{cid}/" + _kind(kind) + "/{eid}",
            ws=workspace_id,
            cid=_text(customer_id, "id"),
            eid=_text(entity_id, "entity id"),
        ),
        parse=_json_or_none,
        invalidates=_CUSTOMERS,
    )


# -- events -------------------------------------------------------------------------------------


def create_event(workspace_id: str, body: Mapping[str, Any]) -> Endpoint[dict[str, Any]]:
    """POST ``{ws}/events``: 202 ``{"id"}``; ContactHub stores the event asynchronously.

    ``type``, ``context`` and ``properties`` are required, and ``customerId`` or
    ``bringBackProperties``; missing ones are refused here, before any request.
    """
    payload = _body(body)
    missing = [k for k in ("type", "context") if not payload.get(k)]
    if not isinstance(payload.get("properties"), dict):
        missing.append("properties")
    if missing:
        raise InvalidArgument(f"an event needs {', '.join(missing)}")
    if not payload.get("customerId") and not payload.get("bringBackProperties"):
        raise InvalidArgument("an event needs customerId or bringBackProperties")
    return Endpoint(
        method="POST",
        path=build_path("{ws}/events", ws=workspace_id),
        json=payload,
        parse=_json_object,
        invalidates=_EVENTS,
    )


def events_page(
    workspace_id: str,
    *,
    customer_id: Any = None,
    node_id: str | None = None,
    event_type: str | Iterable[str] | None = None,
    context: str | Iterable[str] | None = None,
    mode: str | None = None,
    date_from: date | str | None = None,
    date_to: date | str | None = None,
    page: int | None = None,
    size: int | None = None,
    naive_as_utc: bool = False,
) -> Endpoint[dict[str, Any]]:
    """GET ``{ws}/events``: one page of events, newest first.

    ``event_type`` and ``context`` take one value or several (sent comma-separated);
    ``date_from``/``date_to`` bound the event ``date`` (inclusive). A naive datetime is
    refused unless ``naive_as_utc`` (the old SDK's idiom, which wrote it as UTC).
    """
    if page is not None and (isinstance(page, bool) or not isinstance(page, int) or page < 0):
        raise InvalidArgument(f"page must be an int >= 0, not {page!r}")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 1):
        raise InvalidArgument(f"size must be an int >= 1, not {size!r}")

    def joined(value: str | Iterable[str] | None, name: str) -> str | None:
        if value is None or isinstance(value, str):
            return _optional_text(value, name)
        if not isinstance(value, Iterable):
            raise InvalidArgument(f"{name} must be a string or strings, not {value!r:.40}")
        return ",".join(text_param(v, name=name, max_length=256) for v in value)

    params = _params(
        customerId=_text(customer_id, "customer_id") if customer_id is not None else None,
        nodeId=_text(node_id, "node_id") if node_id is not None else None,
        type=joined(event_type, "event_type"),
        context=joined(context, "context"),
        mode=_optional_text(mode, "mode"),
        dateFrom=_query_time(date_from, "date_from", naive_as_utc=naive_as_utc),
        dateTo=_query_time(date_to, "date_to", naive_as_utc=naive_as_utc),
        page=page,
        size=size,
    )
    return Endpoint(
        method="GET",
        path=build_path("{ws}/events", ws=workspace_id),
        params=params,
        parse=_page_envelope,
        cache_tags=_EVENTS,
    )


def get_event(workspace_id: str, event_id: Any) -> Endpoint[dict[str, Any]]:
    """GET ``{ws}/events/{id}``."""
    return Endpoint(
        method="GET",
        path=build_path("{ws}/events/{eid}", ws=workspace_id, eid=_text(event_id, "id")),
        parse=_json_object,
        cache_tags=_EVENTS,
    )


def put_event(
    workspace_id: str, event_id: Any, body: Mapping[str, Any]
) -> Endpoint[dict[str, Any] | None]:
    """PUT ``{ws}/events/{id}``: replace the event (202)."""
    return Endpoint(
        method="PUT",
        path=build_path("{ws}/events/{eid}", ws=workspace_id, eid=_text(event_id, "id")),
        json=_body(body),
        parse=_json_or_none,
        invalidates=_EVENTS,
    )


def delete_event(workspace_id: str, event_id: Any) -> Endpoint[Any]:
    """DELETE ``{ws}/events/{id}`` (204)."""
    return Endpoint(
        method="DELETE",
        path=build_path("{ws}/events/{eid}", ws=workspace_id, eid=_text(event_id, "id")),
        parse=_json_or_none,
        invalidates=_EVENTS,
    )
