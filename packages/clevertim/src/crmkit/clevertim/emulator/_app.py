"""The Clevertim emulator: routes, Basic auth, permissions, visibility and the envelope.

Served under ``/api`` only (``http://127.0.0.1:<port>/api`` on loopback). Every answer is JSON in
Clevertim's envelope: 200 ``{"status": "OK", "content": [...]}`` (DELETE: ``{"status": "OK"}``),
errors ``{"status": "ERROR", "error": "..."}`` with 400 (validation), 401 (bad or missing key),
403 (no permission), 404 (unknown path, resource or id, or an invisible record), 500 (a body that
is not UTF-8 JSON) and 501 (operation not supported). Lists are unpaged, ascending id; query
strings are ignored. Rate limiting is off unless asked for (core's limits and faults apply).

Auth is open by default: any well-formed key acts as the account's admin (user 1). With
``credentials`` only the listed keys are accepted; ``KEY:<user id>`` maps a key to a user, so a
read-only or restricted user can be exercised.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
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

from ._data import ADMIN_USER_ID, seed_account, seed_demo
from ._schema import RESOURCES, SCOPES, ResourceSchema, read_only_keys
from ._store import Account
from ._validate import validate_record

__all__ = ["ClevertimEmulator"]

_WELL_FORMED_KEY = re.compile(r"^[^\s:]{1,512}$")
_SHARED = frozenset({"contact", "company", "case", "opportunity", "task", "note"})
_CREATED_BY = frozenset({"task", "note", "comment", "opportunity"})


def _stamp(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _ok(content: list[Any]) -> EmuResponse:
    return json_response({"status": "OK", "content": content})


class ClevertimEmulator(Emulator):
    """Clevertim's REST API from memory (vendor notes §8).

    Attributes:
        account: the shared account's data.
        visibility: apply private / group visibility (on by default).
    """

    vendor: ClassVar[str] = "clevertim"
    base_path = "/api"
    client_root: ClassVar[str | None] = "/api"
    default_rate_limit: ClassVar[tuple[int, float] | None] = None
    rate_limit_retry_after: ClassVar[bool] = True
    trailing_slash: ClassVar[bool] = False

    def __init__(self, options: EmulatorOptions | None = None, **kwargs: Any) -> None:
        self.account = Account()
        self.visibility = True
        seed_account(self.account)
        super().__init__(options, **kwargs)

    # -- Emulator hooks --------------------------------------------------------------------------

    def setup_routes(self, router: Router) -> None:
        router.add("*", "/{resource}", self._collection)
        router.add("*", "/{resource}/{key}", self._item)

    def seed_data(self, records: int, seed: int) -> None:
        seed_demo(self.account, records, seed)

    def error_response(self, status: int, message: str, **extra: Any) -> EmuResponse:
        return json_response({"status": "ERROR", "error": message}, status=status)

    def rate_limited_response(self, retry_after: float | None) -> EmuResponse:
        response = self.error_response(429, "Too many requests.")
        if retry_after is not None and self.rate_limit_retry_after:
            response.headers["Retry-After"] = str(max(1, round(retry_after)))
        return response

    def not_found(self, request: EmuRequest) -> EmuResponse:
        return self.error_response(404, "Not found.")

    def method_not_allowed(self, request: EmuRequest) -> EmuResponse:
        return self.error_response(501, "Operation not supported.")

    def authenticate(self, request: EmuRequest) -> str | EmuResponse:
        key = _basic_user(request.headers.get("authorization"))
        if key is None or not _WELL_FORMED_KEY.match(key):
            return self.error_response(401, "Invalid API key.")
        if self.allowed_credentials is not None and key not in self._credential_users():
            return self.error_response(401, "Invalid API key.")
        return key

    # -- identities --------------------------------------------------------------------------------

    def _credential_users(self) -> dict[str, int]:
        users: dict[str, int] = {}
        for entry in self.allowed_credentials or ():
            key, _, user = entry.partition(":")
            users[key] = int(user) if user.isdigit() else ADMIN_USER_ID
        return users

    def user_id(self, request: EmuRequest) -> int:
        """The user a request acts as (open auth: the admin)."""
        if self.allowed_credentials is None:
            return ADMIN_USER_ID
        return self._credential_users().get(request.identity or "", ADMIN_USER_ID)

    def _user(self, request: EmuRequest) -> tuple[int, dict[str, Any]]:
        uid = self.user_id(request)
        user = self.account.tables["user"].get(uid)
        if user is None:
            raise EmuError(401, "Invalid API key.")
        return uid, user

    def _group_mask(self, uid: int) -> int:
        return sum(
            int(group.get("gid", 0))
            for group in self.account.tables["group"].values()
            if uid in group.get("users", [])
        )

    def _can_see(self, row: dict[str, Any], uid: int, user: dict[str, Any], mask: int) -> bool:
        if not self.visibility or user.get("is_admin"):
            return True
        if row.get("is_private"):
            return bool(row.get("puser") == uid)
        gid = int(row.get("gid") or 0)
        if gid:
            return bool(gid & mask) or row.get("userId") == uid
        return True

    def _require(self, user: dict[str, Any], permission: str, what: str) -> None:
        if user.get("is_admin"):
            return
        if permission not in user.get("permissions", []):
            raise EmuError(403, f"You do not have permission to {what}.")

    # -- routing -----------------------------------------------------------------------------------

    def _schema(self, request: EmuRequest) -> ResourceSchema:
        schema = RESOURCES.get(request.path_params["resource"])
        if schema is None:
            raise EmuError(404, "No such resource.")
        return schema

    def _collection(self, request: EmuRequest) -> EmuResponse:
        schema = self._schema(request)
        if request.method == "GET":
            return self._list(request, schema)
        if request.method == "POST" and "POST" not in schema.unsupported:
            return self._create(request, schema)
        raise EmuError(501, "Operation not supported.")

    def _item(self, request: EmuRequest) -> EmuResponse:
        schema = self._schema(request)
        method = request.method
        if method not in ("GET", "PUT", "DELETE") or method in schema.unsupported:
            raise EmuError(501, "Operation not supported.")
        raw = request.path_params["key"]
        if schema.string_ids:
            key: Any = raw
        elif raw.isdigit():
            key = int(raw)
        else:
            raise EmuError(404, f"No such {schema.name}.")
        if method == "GET":
            return self._get(request, schema, key)
        if method == "PUT":
            return self._update(request, schema, key)
        return self._delete(request, schema, key)

    # -- handlers ----------------------------------------------------------------------------------

    def _visible_row(self, request: EmuRequest, schema: ResourceSchema, key: Any) -> dict[str, Any]:
        uid, user = self._user(request)
        row = self.account.get(schema.name, key)
        if row is None or not self._can_see(row, uid, user, self._group_mask(uid)):
            raise EmuError(404, f"No such {schema.name}.")
        return row

    def _list(self, request: EmuRequest, schema: ResourceSchema) -> EmuResponse:
        uid, user = self._user(request)
        mask = self._group_mask(uid)
        # Built piece by piece: a 100,000-record list never exists as Python objects at once.
        body = bytearray(b'{"status":"OK","content":[')
        first = True
        with self.account.lock:
            for key, row in self.account.rows(schema.name):
                if not self._can_see(row, uid, user, mask):
                    continue
                if not first:
                    body += b","
                body += self.account.render_bytes(schema.name, key, row)
                first = False
        body += b"]}"
        return EmuResponse(
            status=200,
            body=bytes(body),
            headers={"Content-Type": "application/json; charset=utf-8"},
        )

    def _get(self, request: EmuRequest, schema: ResourceSchema, key: Any) -> EmuResponse:
        with self.account.lock:
            row = self._visible_row(request, schema, key)
            return _ok([self.account.render(schema.name, key, row)])

    def _create(self, request: EmuRequest, schema: ResourceSchema) -> EmuResponse:
        uid, user = self._user(request)
        self._require(user, "canedit", f"create {schema.name} records")
        record = self._clean(schema, _body(request))
        now = _stamp(self.clock())
        if schema.name in ("contact", "company"):
            record["is_company"] = schema.name == "company"
        if schema.name in _SHARED:
            record["ao"] = record["lm"] = now
        if schema.name in _CREATED_BY:
            record["userId"] = uid
        if schema.name == "customfield" and not record.get("fullname"):
            record["fullname"] = record.get("name", "")
        with self.account.lock:
            self._validate(schema, record, previous=None)
            if schema.name == "note":
                record["hl"] = _headline(record)
                record.setdefault("delvry", "N")
            key = self.account.insert(schema.name, record)
            return _ok([self.account.render(schema.name, key, record)])

    def _update(self, request: EmuRequest, schema: ResourceSchema, key: Any) -> EmuResponse:
        _, user = self._user(request)
        self._require(user, "canedit", f"change {schema.name} records")
        with self.account.lock:
            previous = self._visible_row(request, schema, key)
            changes = self._clean(schema, _body(request))
            # PUT merges the top-level keys sent (UNCERTAIN: merge vs replace; clients send
            # full objects, so both readings give the same result for them).
            record = {**previous, **changes}
            self._validate(schema, record, previous=previous)
            if schema.name in _SHARED:
                record["lm"] = _stamp(self.clock())
            if schema.name == "note":
                record["hl"] = _headline(record)
            self.account.replace(schema.name, key, record)
            return _ok([self.account.render(schema.name, key, record)])

    def _delete(self, request: EmuRequest, schema: ResourceSchema, key: Any) -> EmuResponse:
        _, user = self._user(request)
        self._require(user, "candelete", f"delete {schema.name} records")
        with self.account.lock:
            self._visible_row(request, schema, key)
            self.account.delete(schema.name, key)
        return json_response({"status": "OK"})

    # -- helpers -----------------------------------------------------------------------------------

    def _clean(self, schema: ResourceSchema, body: dict[str, Any]) -> dict[str, Any]:
        ignored = read_only_keys(schema.name)
        record = {
            k: v
            for k, v in body.items()
            if k not in ignored and (schema.writable is None or k in schema.writable)
        }
        if schema.name == "note" and isinstance(record.get("cust"), int):
            record["cust"] = [record["cust"]]
        if schema.name == "note" and record.get("cust") is None and "cust" in record:
            record["cust"] = []
        return record

    def _validate(
        self, schema: ResourceSchema, record: dict[str, Any], *, previous: dict[str, Any] | None
    ) -> None:
        validate_record(
            schema.name,
            record,
            exists=self.account.exists,
            custom_fields=self.account.custom_fields() if schema.name in SCOPES else {},
            previous=previous,
        )


def _basic_user(header: str | None) -> str | None:
    """The user name of a Basic auth header, or None when it is missing or malformed.

    The old library's Python 3 header, ``Basic b'S0VZ...'``, is malformed (quotes are not
    base64) and is refused like any other bad credential.
    """
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "basic" or not token:
        return None
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    user, sep, _ = decoded.partition(":")
    return user if sep else None


def _body(request: EmuRequest) -> dict[str, Any]:
    """The request body as a JSON object: 500 when it cannot be parsed, 400 when not an object."""
    if not request.body.strip():
        return {}
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise EmuError(500, "Could not parse the request JSON.") from None
    if not isinstance(data, dict):
        raise EmuError(400, "The request body must be a JSON object.")
    return data


def _headline(note: dict[str, Any]) -> str:
    email = note.get("email")
    if isinstance(email, dict) and isinstance(email.get("s"), str) and email["s"]:
        return str(email["s"])
    text = note.get("desc") or ""
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first[:80]
