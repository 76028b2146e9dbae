"""Sans-IO endpoints and flows for every ProsperWorks operation, written once.

Each builder returns a :class:`crmkit.core.Endpoint` (one request) or a flow (a generator of
endpoints, for operations needing several requests). The typed sync and async clients, the
prospyr-style resources and the unified adapters all run these same objects, so a wire detail
is decided in exactly one place:

- paths are relative to ``<root>v1/`` and sent without a trailing slash (prospyr added one;
  the documented form has none);
- detail reads are cacheable (tag ``<entity>:<id>``) and writes invalidate that tag;
  searches and other POSTs are never cached;
- a search is a POST but idempotent, so it is retried like a GET; a create is not;
- creates of people and companies reconcile an ambiguous failure by looking the record up by
  its natural key (email, email domain) before creating again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, MutableSequence
from typing import Any, TypeVar

import httpx

from crmkit.core import (
    AmbiguousWriteError,
    Endpoint,
    ErrorDetails,
    Flow,
    InvalidArgument,
    MalformedResponse,
    NotFound,
    Page,
    body_snippet,
    build_path,
    email_param,
    int_param,
    read_json,
    text_param,
)

from .errors import RecordNotFound, ValidationError
from .models import (
    Account,
    Activity,
    ActivityType,
    Company,
    DeleteResult,
    Identifier,
    Lead,
    Opportunity,
    Person,
    PipelineStage,
    Placeholder,
    Resource,
    User,
    Webhook,
)

__all__ = [
    "MAX_PAGE_SIZE",
    "SEARCH_CAP",
    "SearchPagination",
    "add_related",
    "convert_lead",
    "create_flow",
    "create_record",
    "delete_record",
    "entity_activities",
    "error_details",
    "fetch_by_email",
    "find_activity_type",
    "find_in_list",
    "get_account",
    "get_me",
    "get_record",
    "list_activity_types",
    "list_raw",
    "list_records",
    "list_related",
    "load_rows",
    "pipeline_stages_of",
    "remove_related",
    "resolve_activity_type",
    "search_body",
    "search_page",
    "update_record",
    "upsert_lead",
]

R = TypeVar("R", bound=Resource)

MAX_PAGE_SIZE = 200
"""The largest page ProsperWorks serves."""

SEARCH_CAP = 100_000
"""One search returns at most this many matches (current docs)."""

RESERVED_SEARCH_KEYS = frozenset({"page_number", "page_size"})


def error_details(response: httpx.Response) -> ErrorDetails:
    """Read ProsperWorks' error body: ``{"success": false, "status": 422, "message": "..."}``."""
    try:
        body: Any = json.loads(response.content) if response.content else None
    except (ValueError, UnicodeDecodeError):
        return ErrorDetails(message=None, body=body_snippet(response))
    message = None
    if isinstance(body, Mapping):
        raw = body.get("message")
        message = raw if isinstance(raw, str) and raw else None
    elif isinstance(body, str) and body:
        message = body
    return ErrorDetails(message=message, errors=[], body=body)


def record_id(value: Any, name: str = "id") -> int | str:
    """A ProsperWorks record id: an int (not a bool), or a string of digits (from a URL...).

    Raises:
        InvalidArgument: anything else, before any request (``"abc"``, ``1.5``, ``True``).
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 20:
        return value
    raise InvalidArgument(f"{name} must be an int record id, not {value!r:.40}")


def _tag(cls: type[Resource], rid: Any) -> str:
    return f"{cls._path}:{rid}"


def _loader(cls: type[R]) -> Callable[[httpx.Response], R]:
    def parse(response: httpx.Response) -> R:
        return cls.from_api_data(read_json(response))

    return parse


def _expect_list(response: httpx.Response) -> list[Any]:
    data = read_json(response)
    if not isinstance(data, list):
        raise MalformedResponse(
            f"Expected a JSON array from {response.request.method} {response.request.url.path}, "
            f"got {type(data).__name__}",
            status_code=response.status_code,
            content_type=response.headers.get("content-type"),
            snippet=body_snippet(response),
        )
    return data


def load_rows(
    cls: type[R], rows: Iterable[Any], invalid: MutableSequence[Any] | Any | None = None
) -> list[R]:
    """Load wire rows; with ``invalid`` (anything with ``append``), bad rows go there instead
    of raising (prospyr's ``store_invalid``)."""
    out: list[R] = []
    for row in rows:
        try:
            out.append(cls.from_api_data(row))
        except ValidationError as exc:
            if invalid is None:
                raise
            invalid.append(exc)
    return out


# -- main entities --------------------------------------------------------------------------------


def get_record(cls: type[R], rid: Any) -> Endpoint[R]:
    """``GET <entity>/{id}`` (cached under ``<entity>:<id>``)."""
    return Endpoint(
        method="GET",
        path=build_path(f"{cls._path}/{{id}}", id=record_id(rid)),
        parse=_loader(cls),
        cache_tags=(_tag(cls, rid),),
    )


def _natural_key(cls: type[Resource], payload: Mapping[str, Any]) -> str | None:
    if cls is Person and payload.get("emails"):
        return "email (Person.objects.get(email=...))"
    if cls is Company and payload.get("email_domain"):
        return "email_domain (Company.objects.filter(email_domains=[...]))"
    return None


def create_record(cls: type[R], payload: Mapping[str, Any]) -> Endpoint[R]:
    """``POST <entity>`` with ``payload``; the reply is the full created record."""
    if "id" in payload:
        raise InvalidArgument(f"a new {cls.__name__} must not carry an id")
    return Endpoint(
        method="POST",
        path=cls._path,
        json=dict(payload),
        parse=_loader(cls),
        natural_key=_natural_key(cls, payload),
    )


def _same_name(found: Any, payload: Mapping[str, Any]) -> bool:
    """Whether a record found by natural key is the one ``payload`` would have created.

    An email or a domain can belong to another record already (ProsperWorks allows that):
    returning that one as "created" would silently lose the new record.
    """
    wanted = payload.get("name")
    if not isinstance(wanted, str) or not wanted.strip():
        return True
    have = getattr(found, "name", None)
    return isinstance(have, str) and have.strip().casefold() == wanted.strip().casefold()


def _lookup_flow(cls: type[R], payload: Mapping[str, Any]) -> Flow[R | None]:
    """Find the record ``payload`` created, by natural key and name (after an ambiguous create)."""
    if cls is Person:
        for entry in payload.get("emails") or ():
            address = entry.get("email") if isinstance(entry, Mapping) else None
            if not address:
                continue
            try:
                found: Any = yield fetch_by_email(address)
            except NotFound:
                continue
            if _same_name(found, payload):
                return found  # type: ignore[no-any-return]
    elif cls is Company and payload.get("email_domain"):
        page: Page[Any] = yield search_page(
            cls, {"email_domains": [payload["email_domain"]]}, 1, MAX_PAGE_SIZE
        )
        for item in page.items:
            if _same_name(item, payload):
                return item  # type: ignore[no-any-return]
    return None


def create_flow(cls: type[R], payload: Mapping[str, Any]) -> Flow[R]:
    """Create a record; after an ambiguous failure, reconcile by natural key.

    A POST is never retried blindly (it may have created the record). When it fails after
    possibly reaching ProsperWorks, a person is looked up by each of its emails and a company
    by its email domain: a match is the record we created; no match means it was not created,
    so the POST is sent once more. Other resources have no natural key: the
    :class:`~crmkit.core.AmbiguousWriteError` reaches the caller.
    """
    endpoint = create_record(cls, payload)
    try:
        created: R = yield endpoint
        return created
    except AmbiguousWriteError:
        if endpoint.natural_key is None:
            raise
    found = yield from _lookup_flow(cls, payload)
    if found is not None:
        return found
    again: R = yield create_record(cls, payload)
    return again


def update_record(cls: type[R], rid: Any, payload: Mapping[str, Any]) -> Endpoint[R]:
    """``PUT <entity>/{id}``: only the keys present change, ``null`` clears, ``{}`` is a no-op."""
    return Endpoint(
        method="PUT",
        path=build_path(f"{cls._path}/{{id}}", id=record_id(rid)),
        json=dict(payload),
        parse=_loader(cls),
        invalidates=(_tag(cls, rid),),
    )


def delete_record(cls: type[Resource], rid: Any) -> Endpoint[DeleteResult]:
    """``DELETE <entity>/{id}`` -> ``{"id": ..., "is_deleted": true}``."""
    return Endpoint(
        method="DELETE",
        path=build_path(f"{cls._path}/{{id}}", id=record_id(rid)),
        parse=lambda r: DeleteResult.model_validate(read_json(r)),
        invalidates=(_tag(cls, rid), f"{cls._path}:list"),
    )


# -- search ----------------------------------------------------------------------------------------


def search_body(
    filters: Mapping[str, Any],
    page_number: int,
    page_size: int,
    *,
    sort_by: str | None = None,
    sort_direction: str | None = None,
) -> dict[str, Any]:
    """The search body, keys in prospyr's order: page_size, filters, sort, page_number."""
    clash = RESERVED_SEARCH_KEYS.intersection(filters)
    if clash:
        raise TypeError(
            f"{', '.join(sorted(clash))} cannot be a filter: paging is crmkit's job "
            "(set page_size on the connection or the result set)"
        )
    int_param(page_size, name="page_size", minimum=1, maximum=MAX_PAGE_SIZE)
    int_param(page_number, name="page_number", minimum=1)
    if sort_by is not None:
        text_param(sort_by, name="sort_by", max_length=128)
    if sort_direction is not None and sort_direction not in ("asc", "desc"):
        raise InvalidArgument(f"sort_direction must be 'asc' or 'desc', not {sort_direction!r:.40}")
    body: dict[str, Any] = {"page_size": page_size}
    body.update(filters)
    if sort_by:
        body["sort_by"] = sort_by
        body["sort_direction"] = sort_direction or "asc"
    body["page_number"] = page_number
    return body


def _total(response: httpx.Response) -> int | None:
    raw = response.headers.get("X-PW-TOTAL")
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


def search_page(
    cls: type[R],
    filters: Mapping[str, Any],
    page_number: int,
    page_size: int,
    *,
    sort_by: str | None = None,
    sort_direction: str | None = None,
    invalid: Any = None,
    row_filter: Callable[[Mapping[str, Any]], bool] | None = None,
) -> Endpoint[Page[R]]:
    """One page of ``POST <entity>/search``.

    The page's ``total`` is ``X-PW-TOTAL`` (an upper bound: a hint, never a length) and
    ``extra["raw_count"]`` the number of rows received before any were set aside, which is what
    the stop rule (a short or empty page is the last) must look at.
    """
    body = search_body(
        filters, page_number, page_size, sort_by=sort_by, sort_direction=sort_direction
    )

    def parse(response: httpx.Response) -> Page[R]:
        rows = _expect_list(response)
        kept = [r for r in rows if row_filter is None or row_filter(r)]
        items = load_rows(cls, kept, invalid)
        return Page(items, _total(response), extra={"raw_count": len(rows)})

    return Endpoint(
        method="POST",
        path=f"{cls._path}/search",
        json=body,
        parse=parse,
        idempotent=True,
    )


class SearchPagination:
    """ProsperWorks search paging: ``page_number`` from 1, stop on a short or empty page.

    ``X-PW-TOTAL`` is not trusted (it is an upper bound); a search never returns more than
    100,000 matches, so paging stops there.

    Args:
        make_endpoint: builds the endpoint for ``(page_number, page_size)``.
        page_size: rows per page (1-200).
    """

    def __init__(
        self, make_endpoint: Callable[[int, int], Endpoint[Page[Any]]], *, page_size: int
    ) -> None:
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise InvalidArgument(
                f"page_size must be between 1 and {MAX_PAGE_SIZE}, not {page_size}"
            )
        self._make = make_endpoint
        self._page_size = page_size

    @property
    def page_size(self) -> int:
        """Rows per full page."""
        return self._page_size

    @property
    def random_access(self) -> bool:
        """Any page can be requested directly."""
        return True

    def page_endpoint(self, index: int) -> Endpoint[Page[Any]] | None:
        """The endpoint for 0-based page ``index``, or None past the search cap."""
        if index * self._page_size >= SEARCH_CAP:
            return None
        return self._make(index + 1, self._page_size)

    def is_last(self, page: Page[Any]) -> bool:
        """Short or empty (counted before invalid rows were set aside), or at the cap."""
        raw = int(page.extra.get("raw_count", len(page.items)))
        if raw < self._page_size:
            return True
        return (page.index + 1) * self._page_size >= SEARCH_CAP


def fetch_by_email(email: str) -> Endpoint[Person]:
    """``POST people/fetch_by_email {"email": ...}``: one person, or 404."""
    if not isinstance(email, str) or not email.strip():
        raise InvalidArgument("email must be a non-empty string")
    email_param(email, name="email")
    return Endpoint(
        method="POST",
        path="people/fetch_by_email",
        json={"email": email},
        parse=_loader(Person),
        idempotent=True,  # a lookup: safe to retry
    )


# -- secondary lists -----------------------------------------------------------------------------


def list_records(cls: type[R], *, cached: bool = True, invalid: Any = None) -> Endpoint[list[R]]:
    """``GET <list>`` (users, pipelines, loss_reasons...): the whole unpaged list.

    ``cached=False`` bypasses the cache and makes the cached copy stale, so the next cached
    read fetches afresh (used when an id is missing from the cached list). ``invalid``
    collects rows that fail validation instead of raising.
    """
    tag = f"{cls._path}:list"
    return Endpoint(
        method="GET",
        path=cls._path,
        parse=lambda r: load_rows(cls, _expect_list(r), invalid),
        cache_tags=(tag,) if cached else (),
        invalidates=() if cached else (tag,),
    )


def find_in_list(cls: type[R], rid: Any) -> Flow[R]:
    """Find record ``rid`` in a list; re-list once when it is missing (the cache may be stale).

    Raises:
        RecordNotFound: still missing (a ``KeyError``, as in prospyr, and a ``NotFound``).
    """
    rid = record_id(rid)
    if isinstance(rid, str):
        rid = int(rid)
    rows: list[R] = yield list_records(cls)
    for row in rows:
        if row.id == rid:
            return row
    rows = yield list_records(cls, cached=False)
    for row in rows:
        if row.id == rid:
            return row
    raise RecordNotFound(f"Record with id `{rid}` does not exist")


def _activity_types(data: Any, invalid: Any = None) -> list[ActivityType]:
    if not isinstance(data, Mapping):
        raise ValidationError(
            "activity_types must be an object with 'user' and 'system' lists",
            raw_data=data,
            resource_cls=ActivityType,
        )
    rows = list(data.get("user") or []) + list(data.get("system") or [])
    return load_rows(ActivityType, rows, invalid)


def list_activity_types(
    *, cached: bool = True, invalid: Any = None
) -> Endpoint[list[ActivityType]]:
    """``GET activity_types`` -> user types, then system types."""
    tag = "activity_types:list"
    return Endpoint(
        method="GET",
        path="activity_types",
        parse=lambda r: _activity_types(read_json(r), invalid),
        cache_tags=(tag,) if cached else (),
        invalidates=() if cached else (tag,),
    )


def _match_type(rows: list[ActivityType], rid: Any, category: str | None) -> ActivityType | None:
    ordered = sorted(rows, key=lambda t: t.category != "user")  # user first when ambiguous
    for row in ordered:
        if row.id == rid and (category is None or row.category == category):
            return row
    return None


def find_activity_type(rid: Any, category: str | None = None) -> Flow[ActivityType]:
    """The activity type ``(category, rid)``; without a category, user types win.

    Raises:
        RecordNotFound: no such type, even after re-listing.
    """
    rid = record_id(rid)
    rid = int(rid) if isinstance(rid, str) else rid
    if category is not None:
        text_param(category, name="category", max_length=64)
    rows: list[ActivityType] = yield list_activity_types()
    found = _match_type(rows, rid, category)
    if found is None:
        rows = yield list_activity_types(cached=False)
        found = _match_type(rows, rid, category)
    if found is None:
        raise RecordNotFound(f"Record with id `{rid}` does not exist")
    return found


def resolve_activity_type(client: Any, category: str | None, rid: Any) -> ActivityType:
    """The type of an activity, or a stub (``name=None``) when the account has no such type."""
    rows: list[ActivityType] = client.send(list_activity_types())
    found = _match_type(rows, rid, category)
    return found if found is not None else ActivityType(id=rid, category=category)


def pipeline_stages_of(pipeline_id: Any) -> Endpoint[list[PipelineStage]]:
    """``GET pipeline_stages/pipeline/{pid}``: the stages of one pipeline."""
    return Endpoint(
        method="GET",
        path=build_path("pipeline_stages/pipeline/{id}", id=record_id(pipeline_id, "pipeline_id")),
        parse=lambda r: load_rows(PipelineStage, _expect_list(r)),
        cache_tags=("pipeline_stages:list",),
    )


def list_raw(path: str) -> Endpoint[Any]:
    """``GET <path>`` decoded as JSON (tags, custom_activity_types: shapes not modelled)."""
    return Endpoint(method="GET", path=path, parse=read_json, cache_tags=(f"{path}:list",))


def get_account() -> Endpoint[Account]:
    """``GET account``."""
    return Endpoint(method="GET", path="account", parse=_loader(Account), cache_tags=("account",))


def get_me() -> Endpoint[User]:
    """``GET users/me``: the user whose key this is."""
    return Endpoint(method="GET", path="users/me", parse=_loader(User), cache_tags=("users:me",))


def search_users_page(page_number: int, page_size: int) -> Endpoint[Page[User]]:
    """``POST users/search {"page_number", "page_size"}``."""
    return search_page(User, {}, page_number, page_size)


def create_webhook(payload: Mapping[str, Any]) -> Endpoint[Webhook]:
    """``POST webhooks {"target", "type", "event", "secret"}``."""
    return Endpoint(
        method="POST",
        path="webhooks",
        json=dict(payload),
        parse=_loader(Webhook),
        invalidates=("webhooks:list",),
    )


def delete_webhook(rid: Any) -> Endpoint[DeleteResult]:
    """``DELETE webhooks/{id}`` -> ``{"id": ...}``."""
    return Endpoint(
        method="DELETE",
        path=build_path("webhooks/{id}", id=record_id(rid)),
        parse=lambda r: DeleteResult.model_validate(read_json(r)),
        invalidates=(f"webhooks:{rid}", "webhooks:list"),
    )


# -- related items, activities of a record, lead helpers -------------------------------------


def _identifier(value: Any) -> dict[str, Any]:
    if isinstance(value, Placeholder):
        return {"id": value.id, "type": value.resource_type}
    if isinstance(value, Identifier):
        return {"id": value.id, "type": value.type}
    if isinstance(value, Resource):
        ident = Identifier(id=value.id, type=_wire_type(type(value)))
        if ident.id is None:
            raise InvalidArgument(f"{value!r} is not saved: it has no id to relate to")
        return {"id": ident.id, "type": ident.type}
    if isinstance(value, Mapping) and "id" in value and "type" in value:
        return {"id": value["id"], "type": value["type"]}
    raise InvalidArgument(f"{value!r} is not a record, an Identifier or an {{id, type}} dict")


def _wire_type(cls: type[Resource]) -> str:
    return {
        "Person": "person",
        "Company": "company",
        "Opportunity": "opportunity",
        "Lead": "lead",
        "Project": "project",
        "Task": "task",
    }.get(cls.__name__, cls.__name__.lower())


def list_related(
    cls: type[Resource], rid: Any, kind: str | None = None
) -> Endpoint[list[Identifier]]:
    """``GET <entity>/{id}/related[/<type>]`` -> identifiers of the related records."""
    path = build_path(f"{cls._path}/{{id}}/related", id=record_id(rid))
    if kind is not None:
        path += "/" + build_path("{kind}", kind=kind)
    return Endpoint(
        method="GET",
        path=path,
        parse=lambda r: [Identifier.model_validate(x) for x in _expect_list(r)],
        cache_tags=(f"{cls._path}:{rid}:related",),
    )


def _relate(method: str, cls: type[Resource], rid: Any, other: Any) -> Endpoint[dict[str, Any]]:
    return Endpoint(
        method=method,
        path=build_path(f"{cls._path}/{{id}}/related", id=record_id(rid)),
        json={"resource": _identifier(other)},
        parse=read_json,
        # Adding the same link twice is harmless, so both directions are safe to retry.
        idempotent=True,
        invalidates=(f"{cls._path}:{rid}:related",),
    )


def add_related(cls: type[Resource], rid: Any, other: Any) -> Endpoint[dict[str, Any]]:
    """``POST <entity>/{id}/related {"resource": {"id", "type"}}`` -> ``{"added": true, ...}``."""
    return _relate("POST", cls, rid, other)


def remove_related(cls: type[Resource], rid: Any, other: Any) -> Endpoint[dict[str, Any]]:
    """``DELETE <entity>/{id}/related {"resource": ...}`` -> ``{"removed": true, ...}``."""
    return _relate("DELETE", cls, rid, other)


def entity_activities(
    cls: type[Resource], rid: Any, activity_types: Iterable[Any] = ()
) -> Endpoint[list[Activity]]:
    """``POST <people|leads|companies>/{id}/activities {"activity_types": [...]}``."""
    if cls._path not in ("people", "leads", "companies"):
        raise InvalidArgument(f"{cls.__name__} has no activities listing")
    types = []
    for t in activity_types:
        if isinstance(t, ActivityType):
            types.append({"id": t.id, "category": t.category})
        elif isinstance(t, Mapping):
            types.append({"id": t.get("id"), "category": t.get("category")})
        else:
            raise InvalidArgument(f"{t!r} is not an activity type")
    return Endpoint(
        method="POST",
        path=build_path(f"{cls._path}/{{id}}/activities", id=record_id(rid)),
        json={"activity_types": types},
        parse=lambda r: load_rows(Activity, _expect_list(r)),
        idempotent=True,
    )


def upsert_lead(properties: Mapping[str, Any], field_name: str, field_value: Any) -> Endpoint[Lead]:
    """``PUT leads/upsert``: update the lead whose ``field_name`` equals ``field_value``, or
    create it. More than one match is a 422 from ProsperWorks."""
    if not isinstance(properties, Mapping):
        raise InvalidArgument(f"properties must be a mapping, not {type(properties).__name__}")
    text_param(field_name, name="field_name", max_length=128, allow_empty=False)
    if not isinstance(field_value, str | int | float) or isinstance(field_value, bool):
        raise InvalidArgument(f"field_value must be a string or a number, not {field_value!r:.40}")
    if isinstance(field_value, str):
        text_param(field_value, name="field_value")
    return Endpoint(
        method="PUT",
        path="leads/upsert",
        json={
            "properties": dict(properties),
            "match": {"field_name": field_name, "field_value": field_value},
        },
        parse=_loader(Lead),
        idempotent=True,
        invalidates=("leads",),
    )


def convert_lead(rid: Any, details: Mapping[str, Any] | None = None) -> Endpoint[dict[str, Any]]:
    """``POST leads/{id}/convert`` -> ``{"person", "company", "opportunity"}`` records."""
    if details is not None and not isinstance(details, Mapping):
        raise InvalidArgument(f"details must be a mapping, not {type(details).__name__}")

    def parse(response: httpx.Response) -> dict[str, Any]:
        data = read_json(response)
        if not isinstance(data, Mapping):
            raise MalformedResponse("leads/convert did not answer an object")
        out: dict[str, Any] = {}
        for key, cls in (("person", Person), ("company", Company), ("opportunity", Opportunity)):
            value = data.get(key)
            out[key] = cls.from_api_data(value) if isinstance(value, Mapping) else None
        return out

    return Endpoint(
        method="POST",
        path=build_path("leads/{id}/convert", id=record_id(rid)),
        json={"details": dict(details or {})},
        parse=parse,
        invalidates=(f"leads:{rid}",),
    )
