"""The ContactHub emulator: every route of vendor file §2 under ``/hub/v1/workspaces/{ws}``.

State lives per workspace (customers, their sessions, events). The workspace ``demo`` with the
node ``demo`` holds the seeded data; with open workspaces (the default) any other workspace
name exists, starts empty and accepts any node id. Settings (``EmulatorOptions.settings``):

- ``open_workspaces`` (default True): False limits workspaces to ``demo`` and ``workspaces``;
- ``workspaces``: ``{ws: [node ids]}`` to declare (their nodes are then the only ones);
- ``duplicate_external_id`` (default True): a second customer with the same externalId in a
  node is a 409, like a second one with the same email (case-insensitive);
- ``event_delay`` (seconds, default 0): events become visible that long after their POST, as
  ContactHub processes them asynchronously.

Credentials (``EmulatorOptions.credentials``) are tokens, or ``ws:token`` for a token that may
only use workspace ``ws`` (others answer 403).
"""

from __future__ import annotations

import copy
import json
import math
import uuid
from dataclasses import dataclass, field
from typing import Any, ClassVar

from crmkit.core.emulator import (
    EmuError,
    Emulator,
    EmulatorOptions,
    EmuRequest,
    EmuResponse,
    Router,
    json_response,
)

from .._encoding import format_api_datetime, parse_api_datetime
from ._query import QueryError, matching_ids
from ._schema import (
    ENTITY_KEYS,
    normalise_customer,
    normalise_entity,
    validate_customer,
    validate_entity,
)

__all__ = ["ContactHubEmulator", "WorkspaceState"]

UNAUTHORIZED = "The client is not authorized to access the API"
INVALID_CUSTOMER = "source customer is not valid"
_PASSIVE_TYPES = frozenset({"repliedTicket", "campaignSent", "genericPassiveEvent"})
_TYPE_SPELLING = {"addedWishList": "addedWishlist", "removedWishList": "removedWishlist"}
_CONTEXTS = frozenset(
    {
        "CONTACT_CENTER",
        "WEB",
        "MOBILE",
        "ECOMMERCE",
        "RETAIL",
        "IOT",
        "SOCIAL",
        "DIGITAL_CAMPAIGN",
        "OTHER",
    }
)


@dataclass
class WorkspaceState:
    """One workspace: its nodes (None: any), customers, sessions and events."""

    nodes: set[str] | None = None
    customers: dict[str, dict[str, Any]] = field(default_factory=dict)
    # (node, kind, value) -> customer id, for duplicate checks in O(1). Built on first use and
    # kept up to date on every store; entries can go stale (deleted customers, changed emails),
    # so every hit is checked against the customer itself.
    index: dict[tuple[str, str, str], str] | None = None
    sessions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    events: dict[str, dict[str, Any]] = field(default_factory=dict)


def _bring_back_kind(value: Any) -> str | None:
    # The seed sends type='externalId'; compare case- and underscore-insensitively.
    text = str(value or "SESSION_ID").replace("_", "").upper()
    return {"SESSIONID": "SESSION_ID", "EXTERNALID": "EXTERNAL_ID"}.get(text)


class ContactHubEmulator(Emulator):
    """ContactHub's REST API from memory (see the module docstring)."""

    vendor: ClassVar[str] = "contacthub"
    base_path = "/hub/v1/workspaces"
    client_root: ClassVar[str | None] = "/hub/v1/workspaces"

    def __init__(self, options: EmulatorOptions | None = None, **kwargs: Any) -> None:
        opts = options or EmulatorOptions(**kwargs)
        settings = opts.settings
        self.open_workspaces = bool(settings.get("open_workspaces", True))
        self.duplicate_external_id = bool(settings.get("duplicate_external_id", True))
        self.event_delay = float(settings.get("event_delay", 0.0))
        self.workspaces: dict[str, WorkspaceState] = {"demo": WorkspaceState(nodes={"demo"})}
        for ws, nodes in (settings.get("workspaces") or {}).items():
            self.add_workspace(ws, nodes)
        super().__init__(opts)

    # -- configuration -------------------------------------------------------------------------

    def add_workspace(self, workspace_id: str, nodes: Any = None) -> WorkspaceState:
        """Declare a workspace (``nodes``: its node ids; None accepts any)."""
        state = WorkspaceState(nodes=set(nodes) if nodes is not None else None)
        self.workspaces[workspace_id] = state
        return state

    def now(self) -> str:
        """The current time in the API's format (from the injectable clock)."""
        from datetime import UTC, datetime

        return format_api_datetime(datetime.fromtimestamp(self.clock(), tz=UTC))

    def new_id(self) -> str:
        """A fresh UUID for a record."""
        return str(uuid.uuid4())

    # -- the kit's hooks --------------------------------------------------------------------------

    def setup_routes(self, router: Router) -> None:
        router.add("GET", "/{ws}/customers", self.list_customers)
        router.add("POST", "/{ws}/customers", self.create_customer)
        router.add("GET", "/{ws}/customers/{cid}", self.get_customer)
        router.add("PATCH", "/{ws}/customers/{cid}", self.patch_customer)
        router.add("PUT", "/{ws}/customers/{cid}", self.put_customer)
        router.add("DELETE", "/{ws}/customers/{cid}", self.delete_customer)
        router.add("POST", "/{ws}/customers/{cid}/sessions", self.add_session)
        router.add("GET", "/{ws}/customers/{cid}/sessions", self.list_sessions)
        router.add("GET", "/{ws}/customers/{cid}/sessions/{sid}", self.get_session)
        router.add("DELETE", "/{ws}/customers/{cid}/sessions/{sid}", self.delete_session)
        router.add("POST", "/{ws}/customers/{cid}/{kind}", self.create_entity)
        router.add("GET", "/{ws}/customers/{cid}/{kind}/{eid}", self.get_entity)
        router.add("PUT", "/{ws}/customers/{cid}/{kind}/{eid}", self.put_entity)
        router.add("DELETE", "/{ws}/customers/{cid}/{kind}/{eid}", self.delete_entity)
        router.add("POST", "/{ws}/events", self.create_event)
        router.add("GET", "/{ws}/events", self.list_events)
        router.add("GET", "/{ws}/events/{eid}", self.get_event)
        router.add("PUT", "/{ws}/events/{eid}", self.put_event)
        router.add("DELETE", "/{ws}/events/{eid}", self.delete_event)

    def authenticate(self, request: EmuRequest) -> str | EmuResponse:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return self.error_response(401, UNAUTHORIZED)
        if self.allowed_credentials is not None:
            allowed = {c.rpartition(":")[2] for c in self.allowed_credentials}
            if token not in allowed:
                return self.error_response(401, UNAUTHORIZED)
        return str(token)

    def error_response(self, status: int, message: str, **extra: Any) -> EmuResponse:
        body = {
            "message": message,
            "logref": str(uuid.uuid4()),
            "data": extra.get("data"),
            "errors": extra.get("errors", []),
        }
        return json_response(body, status=status)

    def seed_data(self, records: int, seed: int) -> None:
        from ._data import seed_demo

        seed_demo(self, records, seed)

    # -- lookups -------------------------------------------------------------------------------

    def workspace(self, request: EmuRequest) -> WorkspaceState:
        """The workspace of the path, or 403 (unknown, or not this token's)."""
        ws = str(request.path_params["ws"])
        if self.allowed_credentials is not None:
            scoped = {
                c.rpartition(":")[0]
                for c in self.allowed_credentials
                if c.rpartition(":")[2] == request.identity and ":" in c
            }
            unscoped = request.identity in self.allowed_credentials
            if scoped and ws not in scoped and not unscoped:
                raise EmuError(403, f"workspace not found: {ws}")
        state = self.workspaces.get(ws)
        if state is None:
            if not self.open_workspaces:
                raise EmuError(403, f"workspace not found: {ws}")
            state = self.workspaces.setdefault(ws, WorkspaceState())
        return state

    def _node(self, state: WorkspaceState, node_id: Any) -> str:
        if not node_id or not isinstance(node_id, str):
            raise EmuError(400, "nodeId is required", errors=[_err("is required", "/nodeId")])
        if state.nodes is not None and node_id not in state.nodes:
            raise EmuError(404, f"node not found {node_id}")
        return node_id

    def _customer(self, state: WorkspaceState, customer_id: str) -> dict[str, Any]:
        customer = state.customers.get(customer_id)
        if customer is None:
            raise EmuError(404, f"customer not found {customer_id}")
        return customer

    @staticmethod
    def _json(request: EmuRequest) -> Any:
        try:
            return request.json()
        except ValueError:
            raise EmuError(400, "the body is not valid JSON") from None

    @staticmethod
    def _keys(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
        node = str(doc.get("nodeId"))
        email = (((doc.get("base") or {}).get("contacts")) or {}).get("email")
        external = doc.get("externalId")
        keys = []
        if email:
            keys.append((node, "email", str(email).lower()))
        if external:
            keys.append((node, "externalId", str(external)))
        return keys

    def _index(self, state: WorkspaceState) -> dict[tuple[str, str, str], str]:
        if state.index is None:
            state.index = {}
            for customer in state.customers.values():
                for key in self._keys(customer):
                    state.index.setdefault(key, customer["id"])
        return state.index

    def _duplicate(
        self, state: WorkspaceState, doc: dict[str, Any], exclude: str | None = None
    ) -> dict[str, Any] | None:
        index = self._index(state)
        for key in self._keys(doc):
            if key[1] == "externalId" and not self.duplicate_external_id:
                continue
            other = state.customers.get(index.get(key, ""))
            if other is None or other["id"] == exclude or key not in self._keys(other):
                continue  # a stale entry (deleted customer, changed email)
            return other
        return None

    def _conflict(self, request: EmuRequest, existing: dict[str, Any]) -> EmuError:
        ws = request.path_params["ws"]
        href = f"https://api.contactlab.it/hub/v1/workspaces/{ws}/customers/{existing['id']}"
        return EmuError(
            409,
            f"Conflict with exiting customer {existing['id']}",  # sic, as ContactHub says it
            data={"customer": {"id": existing["id"], "href": href}},
            errors=[],
        )

    def _store_customer(
        self, request: EmuRequest, state: WorkspaceState, doc: dict[str, Any]
    ) -> dict[str, Any]:
        errors = validate_customer(doc)
        if errors:
            raise EmuError(400, INVALID_CUSTOMER, errors=errors)
        existing = self._duplicate(state, doc, exclude=doc.get("id"))
        if existing is not None:
            raise self._conflict(request, existing)
        stored = normalise_customer(doc)
        state.customers[stored["id"]] = stored
        index = self._index(state)
        for key in self._keys(stored):
            index[key] = stored["id"]
        return stored

    # -- customers -----------------------------------------------------------------------------

    def list_customers(self, request: EmuRequest) -> EmuResponse:
        state = self.workspace(request)
        node = self._node(state, request.query.get("nodeId"))
        rows = [c for c in state.customers.values() if c["nodeId"] == node]
        unfiltered = len(rows)
        if request.query.get("query"):
            try:
                wrapper = json.loads(request.query["query"])
                ids = matching_ids(wrapper, rows)
            except (ValueError, QueryError) as exc:
                raise EmuError(400, f"invalid query: {exc}") from None
            rows = [r for r in rows if r["id"] in ids]
        external = request.query.get("externalId")
        if external:
            rows = [r for r in rows if r.get("externalId") == external]
        if request.query.get("sort"):
            rows = _sorted(rows, request.query["sort"])
        fields = [f for f in (request.query.get("fields") or "").split(",") if f]
        page, size = _paging(request)
        chunk = rows[page * size : (page + 1) * size]
        if fields:
            chunk = [_only_fields(r, fields) for r in chunk]
        return json_response(_envelope(chunk, len(rows), unfiltered, page, size))

    def create_customer(self, request: EmuRequest) -> EmuResponse:
        state = self.workspace(request)
        body = self._json(request)
        if not isinstance(body, dict):
            raise EmuError(400, INVALID_CUSTOMER, errors=[_err("must be an object", "/")])
        node = self._node(state, body.get("nodeId"))
        doc = copy.deepcopy(body)
        now = self.now()
        doc.update(id=self.new_id(), nodeId=node, registeredAt=now, updatedAt=now)
        return json_response(self._store_customer(request, state, doc), status=201)

    def get_customer(self, request: EmuRequest) -> EmuResponse:
        state = self.workspace(request)
        return json_response(self._customer(state, request.path_params["cid"]))

    def patch_customer(self, request: EmuRequest) -> EmuResponse:
        state = self.workspace(request)
        current = self._customer(state, request.path_params["cid"])
        body = self._json(request)
        if not isinstance(body, dict):
            raise EmuError(400, INVALID_CUSTOMER, errors=[_err("must be an object", "/")])
        body = {
            k: v for k, v in body.items() if k not in ("id", "nodeId", "registeredAt", "updatedAt")
        }
        doc = _merge(copy.deepcopy(current), body)
        doc["updatedAt"] = self.now()
        return json_response(self._store_customer(request, state, doc))

    def put_customer(self, request: EmuRequest) -> EmuResponse:
        state = self.workspace(request)
        cid = request.path_params["cid"]
        current = self._customer(state, cid)
        body = self._json(request)
        if not isinstance(body, dict):
            raise EmuError(400, INVALID_CUSTOMER, errors=[_err("must be an object", "/")])
        if body.get("id") is not None and body["id"] != cid:
            raise EmuError(400, INVALID_CUSTOMER, errors=[_err("does not match the path", "/id")])
        doc = {k: v for k, v in body.items() if k not in ("registeredAt", "updatedAt")}
        doc.update(
            id=cid,
            nodeId=body.get("nodeId") or current["nodeId"],
            registeredAt=current["registeredAt"],
            updatedAt=self.now(),
        )
        if doc["nodeId"] != current["nodeId"]:
            self._node(state, doc["nodeId"])
        return json_response(self._store_customer(request, state, doc))

    def delete_customer(self, request: EmuRequest) -> EmuResponse:
        state = self.workspace(request)
        cid = request.path_params["cid"]
        customer = self._customer(state, cid)
        del state.customers[cid]
        state.sessions.pop(cid, None)
        return json_response(customer)

    # -- sessions ------------------------------------------------------------------------------

    def add_session(self, request: EmuRequest) -> EmuResponse:
        state = self.workspace(request)
        cid = request.path_params["cid"]
        customer = self._customer(state, cid)
        body = self._json(request)
        value = body.get("value") if isinstance(body, dict) else None
        if not isinstance(value, str) or not value:
            raise EmuError(400, "session value is required", errors=[_err("is required", "/value")])
        for owner_id, sessions in state.sessions.items():
            owner = state.customers.get(owner_id)
            same_node = owner is not None and owner["nodeId"] == customer["nodeId"]
            if same_node and any(s["value"] == value for s in sessions):
                raise EmuError(409, f"session already exists: {value}")
        record = {"id": self.new_id(), "value": value}
        state.sessions.setdefault(cid, []).append(record)
        return json_response(record, status=201)

    def list_sessions(self, request: EmuRequest) -> EmuResponse:
        state = self.workspace(request)
        cid = request.path_params["cid"]
        self._customer(state, cid)
        return json_response({"elements": list(state.sessions.get(cid, []))})

    def _session(self, request: EmuRequest) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        state = self.workspace(request)
        cid, sid = request.path_params["cid"], request.path_params["sid"]
        self._customer(state, cid)
        sessions = state.sessions.get(cid, [])
        for record in sessions:
            if record["id"] == sid:
                return sessions, record
        raise EmuError(404, f"session not found {sid}")

    def get_session(self, request: EmuRequest) -> EmuResponse:
        return json_response(self._session(request)[1])

    def delete_session(self, request: EmuRequest) -> EmuResponse:
        sessions, record = self._session(request)
        sessions.remove(record)
        return EmuResponse(status=200)

    # -- educations, jobs, likes, subscriptions ------------------------------------------------

    def _entities(self, request: EmuRequest) -> tuple[dict[str, Any], str, list[dict[str, Any]]]:
        state = self.workspace(request)
        kind = request.path_params["kind"]
        if kind not in ENTITY_KEYS:
            raise EmuError(404, "Not found")
        customer = self._customer(state, request.path_params["cid"])
        if customer["base"] is None:
            customer["base"] = normalise_customer({"base": {}})["base"]
        return customer, kind, customer["base"].setdefault(kind, [])

    def _entity_body(self, request: EmuRequest, kind: str) -> dict[str, Any]:
        body = self._json(request)
        errors = validate_entity(kind, body)
        if errors:
            raise EmuError(400, f"{kind[:-1]} is not valid", errors=errors)
        return dict(body)

    def create_entity(self, request: EmuRequest) -> EmuResponse:
        customer, kind, items = self._entities(request)
        body = self._entity_body(request, kind)
        body["id"] = str(body.get("id") or self.new_id())
        if any(e.get("id") == body["id"] for e in items):
            raise EmuError(409, f"{kind[:-1]} already exists: {body['id']}")
        entity = normalise_entity(kind, body)
        items.append(entity)
        customer["updatedAt"] = self.now()
        return json_response(entity, status=201 if kind == "subscriptions" else 200)

    def _find_entity(self, request: EmuRequest) -> tuple[dict[str, Any], str, list[Any], int]:
        customer, kind, items = self._entities(request)
        eid = request.path_params["eid"]
        for i, entity in enumerate(items):
            if entity.get("id") == eid:
                return customer, kind, items, i
        raise EmuError(404, f"{kind[:-1]} not found {eid}")

    def get_entity(self, request: EmuRequest) -> EmuResponse:
        _, _, items, i = self._find_entity(request)
        return json_response(items[i])

    def put_entity(self, request: EmuRequest) -> EmuResponse:
        customer, kind, items, i = self._find_entity(request)
        body = self._entity_body(request, kind)
        body["id"] = request.path_params["eid"]
        items[i] = normalise_entity(kind, body)
        customer["updatedAt"] = self.now()
        return json_response(items[i])

    def delete_entity(self, request: EmuRequest) -> EmuResponse:
        customer, _, items, i = self._find_entity(request)
        del items[i]
        customer["updatedAt"] = self.now()
        return EmuResponse(status=200)

    # -- events --------------------------------------------------------------------------------

    def _event_from_body(self, request: EmuRequest, state: WorkspaceState) -> dict[str, Any]:
        body = self._json(request)
        if not isinstance(body, dict):
            raise EmuError(400, "event is not valid", errors=[_err("must be an object", "/")])
        errors = []
        for key in ("type", "context"):
            if not isinstance(body.get(key), str) or not body[key]:
                errors.append(_err("is required", f"/{key}"))
        if body.get("context") and body.get("context") not in _CONTEXTS:
            errors.append(_err("unknown context", "/context"))
        if not isinstance(body.get("properties"), dict):
            errors.append(_err("is required (an object)", "/properties"))
        bring_back = body.get("bringBackProperties")
        customer_id = body.get("customerId")
        if not customer_id and not bring_back:
            errors.append(_err("customerId or bringBackProperties is required", "/customerId"))
        if bring_back is not None and (
            not isinstance(bring_back, dict)
            or _bring_back_kind(bring_back.get("type")) is None
            or not bring_back.get("value")
        ):
            errors.append(
                _err("needs a type (SESSION_ID|EXTERNAL_ID) and a value", "/bringBackProperties")
            )
        if body.get("mode") not in (None, "ACTIVE", "PASSIVE"):
            errors.append(_err("must be ACTIVE or PASSIVE", "/mode"))
        date = body.get("date")
        if date is not None:
            try:
                date = format_api_datetime(parse_api_datetime(str(date)))
            except ValueError:
                errors.append(_err("must be a date-time", "/date"))
        if customer_id and customer_id not in state.customers:
            errors.append(_err(f"customer not found {customer_id}", "/customerId"))
        if errors:
            raise EmuError(400, "event is not valid", errors=errors)
        context_info = copy.deepcopy(body.get("contextInfo")) or {}
        if isinstance(context_info, dict) and "client" not in context_info:
            context_info["client"] = {
                "userAgent": request.headers.get("user-agent"),
                "ip": "127.0.0.1",
            }
        event_type = _TYPE_SPELLING.get(body["type"], body["type"])
        now = self.now()
        event: dict[str, Any] = {
            "id": None,
            "customerId": customer_id or None,
            "bringBackProperties": copy.deepcopy(bring_back),
            "type": event_type,
            "context": body["context"],
            "date": date or now,
            "properties": copy.deepcopy(body["properties"]),
            "contextInfo": context_info,
            "registeredAt": now,
            "updatedAt": now,
            "tracking": copy.deepcopy(body.get("tracking")),
        }
        event["mode"] = body.get("mode") or (
            "PASSIVE" if event_type in _PASSIVE_TYPES else "ACTIVE"
        )
        return event

    def _resolve(self, state: WorkspaceState, event: dict[str, Any]) -> None:
        # Events that name a session or an external id join their customer once it is known
        # (earlier events included): resolved on read and then kept.
        bring_back = event.get("bringBackProperties")
        if event.get("customerId") or not isinstance(bring_back, dict):
            return
        kind = _bring_back_kind(bring_back.get("type"))
        node = bring_back.get("nodeId")
        value = bring_back.get("value")
        for customer in state.customers.values():
            if node and customer["nodeId"] != node:
                continue
            if (kind == "EXTERNAL_ID" and customer.get("externalId") == value) or (
                kind == "SESSION_ID"
                and any(s["value"] == value for s in state.sessions.get(customer["id"], []))
            ):
                event["customerId"] = customer["id"]
                return

    def _visible(self, state: WorkspaceState) -> list[dict[str, Any]]:
        now = self.clock()
        out = []
        for event in state.events.values():
            if event.get("_visible_at", 0.0) <= now:
                self._resolve(state, event)
                out.append(event)
        return out

    @staticmethod
    def _public(event: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in event.items() if not k.startswith("_")}

    def create_event(self, request: EmuRequest) -> EmuResponse:
        state = self.workspace(request)
        event = self._event_from_body(request, state)
        event["id"] = self.new_id()
        event["_visible_at"] = self.clock() + self.event_delay
        state.events[event["id"]] = event
        return json_response({"id": event["id"]}, status=202)

    def list_events(self, request: EmuRequest) -> EmuResponse:
        state = self.workspace(request)
        q = request.query
        rows = self._visible(state)
        if q.get("customerId"):
            rows = [e for e in rows if e.get("customerId") == q["customerId"]]
        unfiltered = len(rows)
        if q.get("nodeId"):
            rows = [e for e in rows if _event_node(state, e) == q["nodeId"]]
        if q.get("type"):
            wanted = {_TYPE_SPELLING.get(t, t) for t in q["type"].split(",")}
            rows = [e for e in rows if e["type"] in wanted]
        if q.get("context"):
            rows = [e for e in rows if e["context"] in set(q["context"].split(","))]
        if q.get("mode"):
            rows = [e for e in rows if e.get("mode") == q["mode"]]
        try:
            low = parse_api_datetime(q["dateFrom"]) if q.get("dateFrom") else None
            high = _upper_bound(q["dateTo"]) if q.get("dateTo") else None
        except ValueError:
            raise EmuError(400, "dateFrom/dateTo must be dates or date-times") from None
        if low or high:
            rows = [
                e
                for e in rows
                if (low is None or parse_api_datetime(e["date"]) >= low)
                and (high is None or parse_api_datetime(e["date"]) <= high)
            ]
        rows.sort(key=lambda e: (parse_api_datetime(e["date"]), e["registeredAt"]), reverse=True)
        page, size = _paging(request)
        chunk = [self._public(e) for e in rows[page * size : (page + 1) * size]]
        return json_response(_envelope(chunk, len(rows), unfiltered, page, size))

    def _event(self, request: EmuRequest) -> tuple[WorkspaceState, dict[str, Any]]:
        state = self.workspace(request)
        eid = request.path_params["eid"]
        event = state.events.get(eid)
        if event is None or event.get("_visible_at", 0.0) > self.clock():
            raise EmuError(404, f"event not found {eid}")
        self._resolve(state, event)
        return state, event

    def get_event(self, request: EmuRequest) -> EmuResponse:
        return json_response(self._public(self._event(request)[1]))

    def put_event(self, request: EmuRequest) -> EmuResponse:
        state, current = self._event(request)
        event = self._event_from_body(request, state)
        event.update(id=current["id"], registeredAt=current["registeredAt"])
        state.events[current["id"]] = event
        return json_response({"id": current["id"]}, status=202)

    def delete_event(self, request: EmuRequest) -> EmuResponse:
        state, event = self._event(request)
        del state.events[event["id"]]
        return EmuResponse(status=204)


# -- helpers -----------------------------------------------------------------------------------


def _err(message: str, path: str) -> dict[str, Any]:
    return {"message": message, "path": path, "data": None, "code": None}


def _paging(request: EmuRequest) -> tuple[int, int]:
    try:
        page = int(request.query.get("page") or 0)
        size = int(request.query.get("size") or 10)
    except ValueError:
        raise EmuError(400, "page and size must be integers") from None
    if page < 0 or size < 1:
        raise EmuError(400, "page must be >= 0 and size >= 1")
    return page, min(size, 50)  # ContactHub serves at most 50 (larger sizes are clamped)


def _envelope(
    elements: list[dict[str, Any]], total: int, unfiltered: int, page: int, size: int
) -> dict[str, Any]:
    return {
        "elements": elements,
        "page": {
            "size": size,
            "totalElements": total,
            "totalUnfilteredElements": unfiltered,
            "totalPages": math.ceil(total / size) if total else 0,
            "number": page,
        },
    }


def _merge(target: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)
    return target


def _path_value(record: dict[str, Any], path: str) -> Any:
    current: Any = record
    for key in path.split("."):
        if not isinstance(current, dict):
            return None
        current = current.get(key)
    return current


def _sorted(rows: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    path, _, direction = sort.partition(",")
    reverse = direction.strip().lower() == "desc"
    present = [r for r in rows if _path_value(r, path.strip()) is not None]
    missing = [r for r in rows if _path_value(r, path.strip()) is None]

    def key(r: dict[str, Any]) -> Any:
        value = _path_value(r, path.strip())
        try:
            return (0, parse_api_datetime(value), "") if isinstance(value, str) else (1, value, "")
        except ValueError:
            return (2, None, str(value))

    try:
        present.sort(key=key, reverse=reverse)
    except TypeError:
        present.sort(key=lambda r: str(_path_value(r, path.strip())), reverse=reverse)
    return present + missing


def _only_fields(record: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    def blank(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: blank(v) for k, v in value.items()}
        return None

    out = blank(copy.deepcopy(record))
    out["id"], out["nodeId"] = record["id"], record["nodeId"]
    for path in fields:
        keys = path.strip().split(".")
        source: Any = record
        target: Any = out
        for key in keys[:-1]:
            source = source.get(key) if isinstance(source, dict) else None
            if not isinstance(target.get(key), dict):
                target[key] = {}
            target = target[key]
        if isinstance(source, dict) and keys[-1] in source:
            target[keys[-1]] = copy.deepcopy(source[keys[-1]])
    return out  # type: ignore[no-any-return]


def _upper_bound(text: str) -> Any:
    from datetime import timedelta

    value = parse_api_datetime(text)
    if len(text.strip()) == 10:  # a bare date includes the whole day
        return value + timedelta(days=1) - timedelta(microseconds=1)
    return value


def _event_node(state: WorkspaceState, event: dict[str, Any]) -> str | None:
    bring_back = event.get("bringBackProperties") or {}
    if bring_back.get("nodeId"):
        return str(bring_back["nodeId"])
    customer = state.customers.get(event.get("customerId") or "")
    return customer["nodeId"] if customer else None
