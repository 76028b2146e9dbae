"""Sans-IO endpoint builders for every Clevertim operation.

Two layers, both without I/O:

- *raw* builders (``list_raw``, ``get_raw``, ``create_raw``, ``put_raw``, ``delete_raw``) speak
  wire dicts; the old-library :class:`~crmkit.clevertim.Session` uses them;
- *typed* builders (``get``, ``create``, ``replace``, ``update``, ``delete``) speak the pydantic
  models of :mod:`crmkit.clevertim.models`; both typed clients use them.

Paths are ``<resource>`` and ``<resource>/<id>`` below the base URL (which ends in ``/api/``).
Bodies are compact JSON, keys in insertion order, as the old library sent them. Ids are checked
before anything is sent: numeric resources take positive integers (or digit strings), folders
take strings that are safe path segments.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypeVar

import httpx
import pydantic

from crmkit.core import (
    CrmModel,
    Endpoint,
    Flow,
    InvalidArgument,
    build_path,
    path_param,
    to_validation_error,
)

from . import errors
from ._envelope import read_content, read_status_only
from ._resources import ResourceInfo, normalize_key

__all__ = [
    "check_key",
    "create",
    "create_raw",
    "delete",
    "delete_raw",
    "get",
    "get_raw",
    "json_body",
    "list_raw",
    "merge_response",
    "put_raw",
    "replace",
    "to_payload",
    "update",
]

M = TypeVar("M", bound=CrmModel)


def json_body(payload: Any) -> bytes:
    """Compact UTF-8 JSON, keys in insertion order."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def check_key(info: ResourceInfo[Any], key: Any) -> Any:
    """Validate a record id for ``info`` and return it normalised.

    Raises:
        InvalidArgument: for None, booleans, non-positive or non-numeric ids of numeric
            resources, and ids that are not a safe path segment.
    """
    if info.numeric_ids:
        value = normalize_key(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidArgument(
                f"A {info.name} id must be a positive integer, not {key!r}", vendor="clevertim"
            )
        return value
    if isinstance(key, int) and not isinstance(key, bool):
        key = str(key)
    path_param(key, name=f"{info.name} id")
    return key


def _path(info: ResourceInfo[Any], key: Any) -> str:
    return build_path("{resource}/{id}", resource=info.name, id=check_key(info, key))


def _first(response: httpx.Response) -> dict[str, Any]:
    content = read_content(response)
    if not content or not isinstance(content[0], dict):
        raise errors.NotFound(
            "Not found.",
            status_code=response.status_code,
            body=content,
            method=response.request.method,
            url=str(response.request.url),
            vendor="clevertim",
        )
    return content[0]


def _element_with_id(key: Any) -> Any:
    wanted = normalize_key(key)

    def parse(response: httpx.Response) -> dict[str, Any]:
        # The old library needed element["id"] == int(key); "10" and 10 are the same id here.
        for element in read_content(response):
            if isinstance(element, dict) and normalize_key(element.get("id")) == wanted:
                return element
        raise errors.NotFound(
            "Not found.",
            status_code=response.status_code,
            method=response.request.method,
            url=str(response.request.url),
            vendor="clevertim",
        )

    return parse


# -- raw (wire dict) endpoints -------------------------------------------------------------------


def list_raw(info: ResourceInfo[Any]) -> Endpoint[list[Any]]:
    """``GET /<resource>``: every visible record (unpaged)."""
    return Endpoint(method="GET", path=info.name, parse=read_content, cache_tags=info.cache_tags)


def get_raw(info: ResourceInfo[Any], key: Any, *, cache: bool = True) -> Endpoint[dict[str, Any]]:
    """``GET /<resource>/<id>``: the one record (a 200 without it raises ``NotFound``)."""
    return Endpoint(
        method="GET",
        path=_path(info, key),
        parse=_element_with_id(key),
        cache_tags=info.cache_tags if cache else (),
    )


def create_raw(info: ResourceInfo[Any], payload: Mapping[str, Any]) -> Endpoint[dict[str, Any]]:
    """``POST /<resource>`` with ``payload``: the created record (with its ``id``)."""
    _require_operation(info, "create")
    return Endpoint(
        method="POST",
        path=info.name,
        content=json_body(dict(payload)),
        parse=_first,
        invalidates=info.invalidates,
    )


def put_raw(
    info: ResourceInfo[Any], key: Any, payload: Mapping[str, Any]
) -> Endpoint[dict[str, Any]]:
    """``PUT /<resource>/<id>`` with ``payload``: the updated record."""
    _require_operation(info, "update")
    return Endpoint(
        method="PUT",
        path=_path(info, key),
        content=json_body(dict(payload)),
        parse=_first,
        invalidates=info.invalidates,
    )


def delete_raw(info: ResourceInfo[Any], key: Any) -> Endpoint[None]:
    """``DELETE /<resource>/<id>`` (no body): answers ``{"status": "OK"}``."""
    _require_operation(info, "delete")
    return Endpoint(
        method="DELETE",
        path=_path(info, key),
        parse=read_status_only,
        invalidates=info.invalidates,
    )


def _require_operation(info: ResourceInfo[Any], operation: str) -> None:
    if operation not in info.operations:
        from crmkit.core import NotSupported

        raise NotSupported(
            "clevertim",
            f"{operation} of {info.name} records",
            hint="Clevertim answers 501 (operation not supported) to it.",
        )


def merge_response(sent: Mapping[str, Any], received: Mapping[str, Any]) -> dict[str, Any]:
    """The record after a write: what was sent, overlaid by what came back.

    Clevertim answers with the full record, but a partial answer must not lose what was sent.
    """
    merged = dict(sent)
    merged.update(received)
    return merged


# -- typed endpoints ---------------------------------------------------------------------------


def to_payload(
    info: ResourceInfo[M], record: M | Mapping[str, Any], *, partial: bool
) -> dict[str, Any]:
    """The wire body for ``record`` (a model, or a mapping of wire or Python names).

    With ``partial`` only the fields given are sent. Read-only fields given explicitly are
    refused: the server would ignore them silently.

    Raises:
        ValidationError: the values do not fit the model.
        InvalidArgument: read-only fields were given.
    """
    model = info.model
    if isinstance(record, CrmModel):
        if not isinstance(record, model):
            raise InvalidArgument(
                f"expected a {model.__name__} record for /{info.name}, got {type(record).__name__}",
                vendor="clevertim",
            )
        instance = record
    elif isinstance(record, Mapping):
        try:
            instance = model.model_validate(dict(record))
        except pydantic.ValidationError as exc:
            raise errors.ValidationError(
                str(to_validation_error(exc, dict(record), model, vendor="clevertim")),
                errors=exc.errors(include_input=False, include_url=False),
                raw_data=dict(record),
                model=model,
                vendor="clevertim",
            ) from exc
        given_ro = sorted(instance.model_fields_set & model.__read_only__)
        if given_ro:
            raise InvalidArgument(
                f"read-only on {info.name} records (set by Clevertim), leave out: "
                f"{', '.join(given_ro)}",
                vendor="clevertim",
            )
    else:
        raise InvalidArgument(
            f"expected a {model.__name__} or a mapping, got {type(record).__name__}",
            vendor="clevertim",
        )
    return instance.to_wire(exclude_unset=partial)


def _check_create_minimum(info: ResourceInfo[Any], payload: Mapping[str, Any]) -> None:
    # The documented minimums (vendor notes §2), checked before sending so bad input never
    # costs a request. Uncertain minimums (opportunity name...) are left to the server.
    problem = None
    if info.name == "contact" and not (payload.get("fn") or payload.get("ln")):
        problem = "A contact needs a first name or a last name."
    elif info.name == "company" and not payload.get("cn"):
        problem = "A company needs a name."
    elif info.name == "comment":
        if not payload.get("comment"):
            problem = "A comment needs its text (description)."
        elif (payload.get("nid") is None) == (payload.get("tid") is None):
            problem = "A comment belongs to exactly one note or one task."
    elif info.name == "customfield":
        if not payload.get("name"):
            problem = "The custom field needs a name."
        elif not payload.get("elemType"):
            problem = "The custom field needs a field_type."
        elif payload.get("elemType") == "select" and not payload.get("values"):
            problem = "A select custom field needs to specify the allowed_values property."
        elif not payload.get("modelType"):
            problem = "The custom field needs a field_scope."
    if problem:
        raise InvalidArgument(problem, vendor="clevertim")


def get(info: ResourceInfo[M], key: Any) -> Endpoint[M]:
    """Read one record as a model."""
    raw = get_raw(info, key)
    model = info.model

    def parse(response: httpx.Response) -> M:
        return model.from_wire(raw.parse(response))

    return Endpoint(method="GET", path=raw.path, parse=parse, cache_tags=raw.cache_tags)


def create(info: ResourceInfo[M], record: M | Mapping[str, Any]) -> Endpoint[M]:
    """Create a record (POST); never retried once it may have reached Clevertim.

    Clevertim has no natural key for any resource, so an ambiguous failure raises
    :class:`~crmkit.clevertim.errors.AmbiguousWriteError` instead of risking a duplicate.
    """
    payload = to_payload(info, record, partial=isinstance(record, Mapping))
    _check_create_minimum(info, payload)
    raw = create_raw(info, payload)
    model = info.model

    def parse(response: httpx.Response) -> M:
        return model.from_wire(merge_response(payload, _first(response)))

    return Endpoint(
        method="POST",
        path=raw.path,
        content=raw.content,
        parse=parse,
        invalidates=raw.invalidates,
    )


def replace(info: ResourceInfo[M], key: Any, record: M | Mapping[str, Any]) -> Endpoint[M]:
    """PUT ``record`` as given (a full object is safest: see :func:`update`)."""
    payload = to_payload(info, record, partial=isinstance(record, Mapping))
    raw = put_raw(info, key, payload)
    model = info.model

    def parse(response: httpx.Response) -> M:
        return model.from_wire(merge_response(payload, _first(response)))

    return Endpoint(
        method="PUT",
        path=raw.path,
        content=raw.content,
        parse=parse,
        invalidates=raw.invalidates,
    )


def update(info: ResourceInfo[M], key: Any, changes: M | Mapping[str, Any]) -> Flow[M]:
    """Change some fields: read the record, overlay ``changes``, PUT the whole object.

    Whether Clevertim's PUT merges or replaces is undocumented; sending the full object is
    right either way (it is what the old library did). Read-only keys are left out of the body.
    """
    partial = to_payload(info, changes, partial=True)
    check_key(info, key)
    _require_operation(info, "update")
    model = info.model
    current = yield get_raw(info, key, cache=False)
    body = {k: v for k, v in current.items() if k != "id" and not _is_read_only(model, k)}
    body.update(partial)
    updated = yield put_raw(info, key, body)
    return model.from_wire(merge_response({"id": current.get("id"), **body}, updated))


def _is_read_only(model: type[CrmModel], wire_key: str) -> bool:
    for name in model.__read_only__:
        field = model.model_fields[name]
        if (field.alias or name) == wire_key:
            return True
    return False


def delete(info: ResourceInfo[Any], key: Any) -> Endpoint[None]:
    """Delete a record."""
    return delete_raw(info, key)
