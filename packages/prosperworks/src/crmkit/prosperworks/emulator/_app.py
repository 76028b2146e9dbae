"""The ProsperWorks (Copper) API emulator: routes, auth, validation, search, rate limits.

Served under ``/developer_api/v1`` (a client's root is ``/developer_api/``), in-process for
any host (``api.copper.com``, ``api.prosperworks.com``) or on loopback. Paths match with and
without a trailing slash (prospyr adds one). Every answer follows the vendor file:

- auth on every call: ``X-PW-AccessToken``, ``X-PW-UserEmail`` and ``X-PW-Application:
  developer_api``, else 401 ``Invalid credentials``; open by default (any well-formed pair),
  strict when credentials (``email:token`` strings) are given;
- every success is 200, creates included; errors are ``{"success": false, "status": <code>,
  "message": "..."}`` with 400 (body not a JSON object), 401, 403 (leads disabled), 404
  (unknown id or route, deleted record, fetch-by-email miss), 422 (rules), 429, 500;
- 180 requests per rolling minute per key (``legacy``: 600/10 min plus 36/6 s; ``off``), and
  a 429 carries no Retry-After, as ProsperWorks sends none.

Switches (``EmulatorOptions.settings``): ``profile`` (``empty``, ``demo``, ``prospyr-tests``),
``leads_enabled`` (True), ``require_primary_contact`` (True: the docs mark it required),
``check_related_ids`` (False: unknown company/contact ids are refused when True),
``rate_limit_profile`` (``current``, ``legacy``, ``off``) and ``malformed_row`` (an entity
whose searches carry one invalid row, for ``store_invalid``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from crmkit.core.emulator import (
    EmuError,
    Emulator,
    EmulatorOptions,
    EmuRequest,
    EmuResponse,
    Router,
    SlidingWindowLimit,
    Table,
    json_response,
)

from . import _data
from ._records import ENTITIES, IDENTIFIER_TYPES, blank, check_fields, split_name
from ._search import SEARCH_CAP, matches, paging, sort_rows

__all__ = ["PROFILES", "ProsperWorksEmulator"]

Row = dict[str, Any]

PROFILES = ("empty", "demo", "prospyr-tests")

TYPE_OF = {
    "people": "person",
    "companies": "company",
    "leads": "lead",
    "opportunities": "opportunity",
    "tasks": "task",
    "projects": "project",
    "activities": "activity",
}
ENTITY_OF = {v: k for k, v in TYPE_OF.items()}


class _Table(Table[Row]):
    """A table whose id counter can be moved past explicitly inserted ids."""

    def bump(self, key: int) -> None:
        """Make sure the next id is above ``key`` (ids are never reused)."""
        with self.lock:
            self._next = max(self._next, key + 1)

    def next_id_peek(self) -> int:
        """The id the next insert would get (changes with every insert)."""
        return int(self._next)


class _DualLimit(SlidingWindowLimit):
    """ProsperWorks' 2019 limits: 600 per rolling 10 minutes and a burst limit of 36 per 6 s
    that takes precedence."""

    def __init__(self) -> None:
        super().__init__(600, 600.0)
        self.burst = SlidingWindowLimit(36, 6.0)

    def check(self, identity: str) -> float | None:
        wait = self.burst.check(identity)
        if wait is not None:
            return wait
        return super().check(identity)


class ProsperWorksEmulator(Emulator):
    """ProsperWorks' API from memory (see the module docstring)."""

    vendor = "prosperworks"
    base_path = "/developer_api/v1"
    client_root = "/developer_api/"
    default_rate_limit = (180, 60.0)
    rate_limit_retry_after = False
    trailing_slash = True

    def __init__(self, options: EmulatorOptions | None = None, **kwargs: Any) -> None:
        opts = options or EmulatorOptions(**kwargs)
        settings = dict(opts.settings)
        profile = settings.get("profile") or ("demo" if opts.records else "empty")
        if profile not in PROFILES:
            raise ValueError(f"unknown profile {profile!r}; pick one of {', '.join(PROFILES)}")
        self.profile = profile
        self.leads_enabled = bool(settings.get("leads_enabled", True))
        self.require_primary_contact = bool(settings.get("require_primary_contact", True))
        self.check_related_ids = bool(settings.get("check_related_ids", False))
        self.malformed_row: str | None = settings.get("malformed_row")
        # Search results (filtered and sorted rows) by query, reused while nothing was written:
        # paging through 100,000 records must not filter and sort them again for every page.
        self._writes = 0
        self._search_cache: dict[tuple[Any, ...], list[Row]] = {}
        self._init_state()
        self.now_fn: Callable[[], float] = opts.clock
        _data.load_reference(self)
        super().__init__(opts)
        if opts.rate_limit is None:
            rate_profile = settings.get("rate_limit_profile", "current")
            if rate_profile == "legacy":
                self.limiter = _DualLimit()
            elif rate_profile == "off":
                self.limiter = None
            elif rate_profile != "current":
                raise ValueError("rate_limit_profile must be current, legacy or off")
        if profile == "demo" and not opts.records:
            self.seed_data(_data.DEMO_RECORDS, opts.seed)
        elif profile == "prospyr-tests":
            _data.load_prospyr_samples(self)

    def _init_state(self) -> None:
        self.people = _Table()
        # email (lower-case) -> person id, kept on every insert and update so the uniqueness
        # check and fetch_by_email are O(1); hits are verified against the person itself.
        self._email_index: dict[str, int] = {}
        self.companies = _Table()
        self.leads = _Table()
        self.opportunities = _Table()
        self.tasks = _Table()
        self.activities = _Table()
        self.projects = _Table()
        self.tables: dict[str, _Table] = {
            "people": self.people,
            "companies": self.companies,
            "leads": self.leads,
            "opportunities": self.opportunities,
            "tasks": self.tasks,
            "activities": self.activities,
            "projects": self.projects,
        }
        self.deleted_activities: dict[int, Row] = {}
        self.users = _Table()
        self.webhooks = _Table()
        self.links: set[frozenset[tuple[str, int]]] = set()
        self.account: Row = {}
        self.activity_types: dict[str, list[Row]] = {"user": [], "system": []}
        self.pipelines: list[Row] = []
        self.loss_reasons: list[Row] = []
        self.customer_sources: list[Row] = []
        self.contact_types: list[Row] = []
        self.lead_statuses: list[Row] = []
        self.custom_field_definitions: list[Row] = []

    # -- helpers used by the data module ---------------------------------------------------

    def now(self) -> int:
        """Server time in whole Unix seconds (from the injectable clock)."""
        return int(self.now_fn())

    def insert(self, entity: str, row: Row, key: int | None = None) -> int:
        """Store ``row`` in ``entity``'s table under ``key`` (or the next id); return the id."""
        table = self.tables[entity]
        rid = key if key is not None else table.next_id()
        row["id"] = rid
        table.insert(row, rid)
        table.bump(rid)
        if entity == "people":
            self._index_emails(row)
        return int(rid)

    def _index_emails(self, person: Row) -> None:
        for e in person.get("emails") or ():
            self._email_index[e["email"].strip().lower()] = person["id"]

    def _person_with_email(self, email: str, exclude: int | None = None) -> Row | None:
        person = self.people.get(self._email_index.get(email.strip().lower(), -1))
        if person is None or person["id"] == exclude:
            return None
        wanted = email.strip().lower()
        if any(e["email"].strip().lower() == wanted for e in person["emails"]):
            return person
        return None  # a stale entry: that person's email changed since

    def custom_fields_for(self, entity: str) -> list[Row]:
        """One empty value per custom field definition available on ``entity``."""
        kind = TYPE_OF.get(entity, entity)
        return [
            {"custom_field_definition_id": d["id"], "value": None}
            for d in self.custom_field_definitions
            if kind in d.get("available_on", [])
        ]

    def link(self, a: tuple[str, int], b: tuple[str, int]) -> None:
        """Relate two records (related items are symmetric)."""
        self.links.add(frozenset({a, b}))

    def related_to(self, entity: str, rid: int) -> set[tuple[str, int]]:
        """The (type, id) pairs linked to a record."""
        me = (TYPE_OF[entity], rid)
        out: set[tuple[str, int]] = set()
        for pair in self.links:
            if me in pair:
                others = set(pair) - {me}
                out |= others
        return out

    # -- the kit's hooks ----------------------------------------------------------------------

    def seed_data(self, records: int, seed: int) -> None:
        """Seed ``records`` people plus linked companies, deals, leads, tasks, activities."""
        _data.seed_records(self, records, seed)

    def authenticate(self, request: EmuRequest) -> str | EmuResponse:
        """Check the three ProsperWorks headers; the identity is the token (limits per key)."""
        token = request.headers.get("x-pw-accesstoken", "").strip()
        email = request.headers.get("x-pw-useremail", "").strip()
        application = request.headers.get("x-pw-application", "").strip()
        if not token or "@" not in email or application != "developer_api":
            return self.error_response(401, "Invalid credentials")
        if self.allowed_credentials is not None and (
            f"{email}:{token}" not in self.allowed_credentials
        ):
            return self.error_response(401, "Invalid credentials")
        return str(token)

    def error_response(self, status: int, message: str, **extra: Any) -> EmuResponse:
        """``{"success": false, "status": <code>, "message": "..."}``."""
        return json_response(
            {"success": False, "status": status, "message": message, **extra}, status=status
        )

    def rate_limited_response(self, retry_after: float | None) -> EmuResponse:
        """429 with the error body and, as ProsperWorks, no Retry-After header."""
        return self.error_response(429, "Rate limit exceeded")

    def not_found(self, request: EmuRequest) -> EmuResponse:
        """Unknown routes answer 404 like unknown ids."""
        return self.error_response(404, "Resource not found")

    def method_not_allowed(self, request: EmuRequest) -> EmuResponse:
        """A wrong method on a known path is also a 404 (UNCERTAIN; no 405 is documented)."""
        return self.error_response(404, "Resource not found")

    # -- routes ---------------------------------------------------------------------------------

    def setup_routes(self, router: Router) -> None:
        """Every endpoint of the vendor file's section 2."""
        add = router.add
        add("POST", "/people/fetch_by_email", self._fetch_by_email)
        add("PUT", "/leads/upsert", self._lead_upsert)
        add("POST", "/leads/{id:int}/convert", self._lead_convert)
        for entity in ENTITIES:
            add("POST", f"/{entity}/search", self._handler(self._search, entity))
            add("POST", f"/{entity}", self._handler(self._create, entity))
            add("GET", f"/{entity}/{{id:int}}", self._handler(self._get, entity))
            add("PUT", f"/{entity}/{{id:int}}", self._handler(self._update, entity))
            add("DELETE", f"/{entity}/{{id:int}}", self._handler(self._delete, entity))
            add("GET", f"/{entity}/{{id:int}}/related", self._handler(self._related, entity))
            add(
                "GET",
                f"/{entity}/{{id:int}}/related/{{kind}}",
                self._handler(self._related, entity),
            )
            add("POST", f"/{entity}/{{id:int}}/related", self._handler(self._relate, entity))
            add("DELETE", f"/{entity}/{{id:int}}/related", self._handler(self._relate, entity))
        for entity in ("people", "leads", "companies"):
            add(
                "POST",
                f"/{entity}/{{id:int}}/activities",
                self._handler(self._entity_activities, entity),
            )
        add("GET", "/account", lambda r: json_response(self.account))
        add("GET", "/users", lambda r: json_response(self.users.values()))
        add("POST", "/users/search", self._users_search)
        add("GET", "/users/me", self._users_me)
        add("GET", "/users/{id:int}", self._user)
        for name in (
            "loss_reasons",
            "customer_sources",
            "contact_types",
            "lead_statuses",
            "custom_field_definitions",
        ):
            add("GET", f"/{name}", self._static(name))
        add("GET", "/pipelines", lambda r: json_response(self.pipelines))
        add("GET", "/pipeline_stages", lambda r: json_response(self._stages()))
        add("GET", "/pipeline_stages/pipeline/{pid:int}", self._stages_of)
        add("GET", "/activity_types", lambda r: json_response(self.activity_types))
        add("GET", "/custom_activity_types", self._custom_activity_types)
        add("GET", "/tags", self._tags)
        add("GET", "/webhooks", lambda r: json_response(self.webhooks.values()))
        add("POST", "/webhooks", self._webhook_create)
        add("GET", "/webhooks/{id:int}", self._webhook_get)
        add("DELETE", "/webhooks/{id:int}", self._webhook_delete)

    def _handler(
        self, fn: Callable[[EmuRequest, str], EmuResponse], entity: str
    ) -> Callable[[EmuRequest], EmuResponse]:
        def handle(request: EmuRequest) -> EmuResponse:
            if entity == "leads" and not self.leads_enabled:
                raise EmuError(403, "Feature not enabled")
            with self.lock:
                return fn(request, entity)

        return handle

    def _static(self, name: str) -> Callable[[EmuRequest], EmuResponse]:
        return lambda request: json_response(getattr(self, name))

    @staticmethod
    def _body(request: EmuRequest) -> Row:
        if not request.body.strip():
            return {}
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            raise EmuError(400, "Invalid JSON") from None
        if not isinstance(data, dict):
            raise EmuError(400, "Invalid JSON")
        return data

    def _row(self, entity: str, rid: int) -> Row:
        row = self.tables[entity].get(rid)
        if row is None:
            raise EmuError(404, "Resource not found")
        return row

    # -- main entities ----------------------------------------------------------------------

    def _get(self, request: EmuRequest, entity: str) -> EmuResponse:
        rid = request.path_params["id"]
        if entity == "activities" and rid in self.deleted_activities:
            return json_response(self.deleted_activities[rid])
        return json_response(self._row(entity, rid))

    def _create(self, request: EmuRequest, entity: str) -> EmuResponse:
        body = self._body(request)
        fields = check_fields(entity, body)
        now = self.now()
        row = blank(entity, 0, now, self.custom_fields_for(entity))
        self._validate(entity, fields, None)
        self._apply(entity, row, fields, creating=True)
        self.insert(entity, row)
        return json_response(row)

    def _update(self, request: EmuRequest, entity: str) -> EmuResponse:
        rid = request.path_params["id"]
        body = self._body(request)
        row = self._row(entity, rid)
        fields = check_fields(entity, body)
        if not fields:
            return json_response(row)  # {} (or only read-only keys) is a no-op
        self._validate(entity, fields, row)
        self._apply(entity, row, fields, creating=False)
        if entity == "people":
            self._index_emails(row)
        row["date_modified"] = max(self.now(), int(row.get("date_modified") or 0))
        return json_response(row)

    def _delete(self, request: EmuRequest, entity: str) -> EmuResponse:
        rid = request.path_params["id"]
        self._row(entity, rid)
        self.tables[entity].delete(rid)
        kind = TYPE_OF[entity]
        self.links = {pair for pair in self.links if (kind, rid) not in pair}
        if entity == "activities":
            self.deleted_activities[rid] = {"id": rid, "is_deleted": True}
        return json_response({"id": rid, "is_deleted": True})

    def _validate(self, entity: str, fields: Row, existing: Row | None) -> None:
        creating = existing is None
        if entity != "activities" and (creating or "name" in fields):
            name = fields.get("name")
            if not isinstance(name, str) or not name.strip():
                raise EmuError(422, "Name can't be blank")
        if entity == "people" and "emails" in fields:
            own = existing["id"] if existing else None
            for e in fields["emails"]:
                if self._person_with_email(e["email"], exclude=own) is not None:
                    raise EmuError(422, f"Email {e['email']} is already in use")
        if entity == "companies" and fields.get("email_domain"):
            own = existing["id"] if existing else None
            domain = fields["email_domain"].strip().lower()
            for c in self.companies.values():
                if c["id"] != own and (c.get("email_domain") or "").lower() == domain:
                    raise EmuError(422, f"Email domain {fields['email_domain']} is already in use")
        status = fields.get("status")
        if (
            entity == "leads"
            and status is not None
            and not any(s["name"] == status for s in self.lead_statuses)
        ):
            raise EmuError(422, f"Unknown lead status {status}")
        if entity == "opportunities":
            if (
                creating
                and self.require_primary_contact
                and fields.get("primary_contact_id") is None
            ):
                raise EmuError(422, "Primary contact can't be blank")
            if (
                fields.get("pipeline_stage_id") is not None
                and self._stage(fields["pipeline_stage_id"]) is None
            ):
                raise EmuError(422, "Unknown pipeline stage")
            if fields.get("pipeline_id") is not None and not any(
                p["id"] == fields["pipeline_id"] for p in self.pipelines
            ):
                raise EmuError(422, "Unknown pipeline")
        if entity == "activities":
            self._validate_activity(fields, creating)
        if self.check_related_ids:
            for key, target in (
                ("company_id", "companies"),
                ("primary_contact_id", "people"),
            ):
                value = fields.get(key)
                if value is not None and self.tables[target].get(value) is None:
                    raise EmuError(422, f"Unknown {key}")

    def _validate_activity(self, fields: Row, creating: bool) -> None:
        if creating and "type" not in fields:
            raise EmuError(422, "Type can't be blank")
        if creating and (fields.get("parent") or {}).get("id") is None:
            raise EmuError(422, "Parent can't be blank")
        kind = fields.get("type")
        if kind is not None:
            if kind["category"] != "user":
                raise EmuError(422, "Only user activities can be written")
            if not any(t["id"] == kind["id"] for t in self.activity_types["user"]):
                raise EmuError(422, "Unknown activity type")
        if creating and not (fields.get("details") or "").strip():
            raise EmuError(422, "Details can't be blank")

    def _apply(self, entity: str, row: Row, fields: Row, *, creating: bool) -> None:
        now = self.now()
        for key, value in fields.items():
            if key == "custom_fields":
                current = {cf["custom_field_definition_id"]: cf for cf in row["custom_fields"]}
                for cf in value:
                    current[cf["custom_field_definition_id"]] = cf
                row["custom_fields"] = list(current.values())
            else:
                row[key] = value
        if entity in ("people", "leads") and "name" in fields:
            row["first_name"], row["last_name"] = split_name(row["name"])
        if entity == "people" and "company_id" in fields:
            company = self.companies.get(row["company_id"]) if row["company_id"] else None
            row["company_name"] = company["name"] if company else None
        if entity == "leads":
            if creating and row.get("status") is None:
                default = next((s for s in self.lead_statuses if s["is_default"]), None)
                row["status"] = default["name"] if default else None
            status = next((s for s in self.lead_statuses if s["name"] == row["status"]), None)
            row["status_id"] = status["id"] if status else None
        if entity == "opportunities":
            self._apply_opportunity(row, fields, creating, now)
        if entity == "tasks" and "status" in fields:
            if row["status"] == "Completed" and row.get("completed_date") is None:
                row["completed_date"] = now
            elif row["status"] == "Open":
                row["completed_date"] = None  # reopened (UNCERTAIN: the emulator clears it)

    def _apply_opportunity(self, row: Row, fields: Row, creating: bool, now: int) -> None:
        if "pipeline_stage_id" in fields and row["pipeline_stage_id"] is not None:
            stage = self._stage(row["pipeline_stage_id"])
            assert stage is not None
            row["pipeline_id"] = stage["pipeline_id"]
            row["date_stage_changed"] = now
            if "win_probability" not in fields:
                row["win_probability"] = stage["win_probability"]
        elif creating or "pipeline_id" in fields:
            pipeline = next(
                (p for p in self.pipelines if p["id"] == row.get("pipeline_id")),
                self.pipelines[0] if self.pipelines else None,
            )
            if pipeline is not None and pipeline["stages"]:
                first = pipeline["stages"][0]
                row["pipeline_id"] = pipeline["id"]
                row["pipeline_stage_id"] = first["id"]
                if "win_probability" not in fields:
                    row["win_probability"] = first["win_probability"]
        if creating and row.get("company_id") is None and row.get("primary_contact_id"):
            contact = self.people.get(row["primary_contact_id"])
            if contact is not None:
                row["company_id"] = contact.get("company_id")
        if "company_id" in fields or creating:
            company = self.companies.get(row["company_id"]) if row.get("company_id") else None
            row["company_name"] = company["name"] if company else None

    def _stage(self, sid: Any) -> Row | None:
        for stage in self._stages():
            if stage["id"] == sid:
                return stage
        return None

    def _stages(self) -> list[Row]:
        return [{**s, "pipeline_id": p["id"]} for p in self.pipelines for s in p.get("stages", [])]

    def _stages_of(self, request: EmuRequest) -> EmuResponse:
        pid = request.path_params["pid"]
        if not any(p["id"] == pid for p in self.pipelines):
            raise EmuError(404, "Resource not found")
        return json_response([s for s in self._stages() if s["pipeline_id"] == pid])

    # -- search ----------------------------------------------------------------------------------

    def handle(self, request: EmuRequest) -> EmuResponse:
        reads = request.method in ("GET", "HEAD") or request.path.rstrip("/").endswith(
            ("/search", "/fetch_by_email")
        )
        if not reads:
            self._writes += 1  # any other request may change what a search returns
        return super().handle(request)

    def _search(self, request: EmuRequest, entity: str) -> EmuResponse:
        body = self._body(request)
        number, size = paging(body, request.query)
        now = self.now()
        table = self.tables[entity]
        query = {k: v for k, v in body.items() if k not in ("page_number", "page_size")}
        key = (
            entity,
            json.dumps(query, sort_keys=True, default=str),
            self._writes,
            len(table),
            table.next_id_peek(),
            now if "age" in query else None,  # "created within N seconds" moves with the clock
        )
        rows = self._search_cache.get(key)
        if rows is None:
            rows = [
                r
                for r in table.values()
                if matches(entity, r, body, now=now, related=self.related_to)
            ]
            rows = sort_rows(entity, rows, body)
            if self.malformed_row == entity:
                # A row prospyr's validation would reject, for store_invalid (vendor file 7.5).
                rows.insert(min(1, len(rows)), {"id": "not-an-integer", "name": "Malformed row"})
            rows = rows[:SEARCH_CAP]
            if len(self._search_cache) >= 16:
                self._search_cache.clear()
            self._search_cache[key] = rows
        return self._page(rows, number, size)

    @staticmethod
    def _page(rows: list[Row], number: int, size: int) -> EmuResponse:
        start = (number - 1) * size
        return json_response(rows[start : start + size], headers={"X-PW-TOTAL": str(len(rows))})

    def _fetch_by_email(self, request: EmuRequest) -> EmuResponse:
        body = self._body(request)
        email = body.get("email")
        if not isinstance(email, str) or not email.strip():
            raise EmuError(422, "Email can't be blank")
        with self.lock:
            person = self._person_with_email(email)
            if person is not None:
                return json_response(person)
        raise EmuError(404, "Resource not found")

    # -- related items and activities of a record -------------------------------------------

    def _related(self, request: EmuRequest, entity: str) -> EmuResponse:
        rid = request.path_params["id"]
        self._row(entity, rid)
        kind = request.path_params.get("kind")
        if kind is not None:
            kind = TYPE_OF.get(kind, kind)  # accept "people" as well as "person"
        out = [
            {"id": oid, "type": otype}
            for otype, oid in sorted(self.related_to(entity, rid))
            if kind is None or otype == kind
        ]
        return json_response(out)

    def _relate(self, request: EmuRequest, entity: str) -> EmuResponse:
        rid = request.path_params["id"]
        self._row(entity, rid)
        body = self._body(request)
        resource = body.get("resource")
        if (
            not isinstance(resource, Mapping)
            or resource.get("type") not in IDENTIFIER_TYPES
            or isinstance(resource.get("id"), bool)
            or not isinstance(resource.get("id"), int)
        ):
            raise EmuError(422, "resource must be {id, type}")
        other_entity = ENTITY_OF[resource["type"]]
        if self.tables[other_entity].get(resource["id"]) is None:
            raise EmuError(404, "Resource not found")
        pair = frozenset({(TYPE_OF[entity], rid), (resource["type"], resource["id"])})
        answer = {"id": resource["id"], "type": resource["type"]}
        if request.method == "POST":
            self.links.add(pair)
            return json_response({"added": True, "resource": answer})
        self.links.discard(pair)
        return json_response({"removed": True, "resource": answer})

    def _entity_activities(self, request: EmuRequest, entity: str) -> EmuResponse:
        rid = request.path_params["id"]
        self._row(entity, rid)
        body = self._body(request)
        wanted = body.get("activity_types") or []
        parent = {"id": rid, "type": TYPE_OF[entity]}
        rows = [
            a
            for a in self.activities.values()
            if matches(
                "activities",
                a,
                {"parent": parent, "activity_types": wanted},
                now=self.now(),
                related=self.related_to,
            )
        ]
        return json_response(sort_rows("activities", rows, {}))

    # -- leads: upsert and convert -------------------------------------------------------------

    def _lead_upsert(self, request: EmuRequest) -> EmuResponse:
        if not self.leads_enabled:
            raise EmuError(403, "Feature not enabled")
        body = self._body(request)
        properties, match = body.get("properties"), body.get("match")
        if not isinstance(properties, Mapping) or not isinstance(match, Mapping):
            raise EmuError(422, "properties and match are required")
        field, value = match.get("field_name"), match.get("field_value")
        with self.lock:
            found = [lead for lead in self.leads.values() if _lead_field(lead, field) == value]
            if len(found) > 30:
                raise EmuError(422, "More than 30 leads match")
            if len(found) > 1:
                raise EmuError(422, "More than one lead matches", ids=[r["id"] for r in found])
            fields = check_fields("leads", properties)
            if found:
                row = found[0]
                self._validate("leads", fields, row)
                self._apply("leads", row, fields, creating=False)
                row["date_modified"] = self.now()
                return json_response(row)
            row = blank("leads", 0, self.now(), self.custom_fields_for("leads"))
            self._validate("leads", fields, None)
            self._apply("leads", row, fields, creating=True)
            self.insert("leads", row)
            return json_response(row)

    def _lead_convert(self, request: EmuRequest) -> EmuResponse:
        if not self.leads_enabled:
            raise EmuError(403, "Feature not enabled")
        rid = request.path_params["id"]
        body = self._body(request)
        details = body.get("details") or {}
        if not isinstance(details, Mapping):
            raise EmuError(422, "details must be an object")
        with self.lock:
            lead = self._row("leads", rid)
            now = self.now()
            company_row = None
            company_spec = details.get("company") or (
                {"name": lead["company_name"]} if lead.get("company_name") else None
            )
            if isinstance(company_spec, Mapping):
                fields = check_fields("companies", company_spec)
                existing = next(
                    (c for c in self.companies.values() if c["name"] == fields.get("name")), None
                )
                if existing is not None:
                    company_row = existing
                else:
                    company_row = blank("companies", 0, now, self.custom_fields_for("companies"))
                    self._validate("companies", fields, None)
                    self._apply("companies", company_row, fields, creating=True)
                    self.insert("companies", company_row)
            person_fields: Row = {
                "name": lead["name"],
                "emails": [lead["email"]] if lead.get("email") else [],
                "phone_numbers": lead["phone_numbers"],
                "address": lead["address"],
                "title": lead["title"],
                "tags": lead["tags"],
                "details": lead["details"],
            }
            person_fields.update(check_fields("people", details.get("person") or {}))
            if company_row is not None:
                person_fields["company_id"] = company_row["id"]
            person = blank("people", 0, now, self.custom_fields_for("people"))
            self._validate("people", person_fields, None)
            self._apply("people", person, person_fields, creating=True)
            person["leads_converted_from"] = [{"lead_id": rid, "converted_timestamp": now}]
            person["date_lead_created"] = lead["date_created"]
            self.insert("people", person)
            opportunity = None
            if isinstance(details.get("opportunity"), Mapping):
                fields = check_fields("opportunities", details["opportunity"])
                fields.setdefault("primary_contact_id", person["id"])
                opportunity = blank(
                    "opportunities", 0, now, self.custom_fields_for("opportunities")
                )
                self._validate("opportunities", fields, None)
                self._apply("opportunities", opportunity, fields, creating=True)
                self.insert("opportunities", opportunity)
            self.leads.delete(rid)
            return json_response(
                {"person": person, "company": company_row, "opportunity": opportunity}
            )

    # -- users, lists, webhooks ---------------------------------------------------------------

    def _users_search(self, request: EmuRequest) -> EmuResponse:
        body = self._body(request)
        number, size = paging(body, request.query)
        rows = sorted(self.users.values(), key=lambda u: u["id"])
        return self._page(rows, number, size)

    def _users_me(self, request: EmuRequest) -> EmuResponse:
        email = request.headers.get("x-pw-useremail", "").strip().lower()
        users = self.users.values()
        for user in users:
            if user["email"].lower() == email:
                return json_response(user)
        if not users:
            raise EmuError(404, "Resource not found")
        return json_response(users[0])  # open mode: any email acts as the account's owner

    def _user(self, request: EmuRequest) -> EmuResponse:
        row = self.users.get(request.path_params["id"])
        if row is None:
            raise EmuError(404, "Resource not found")
        return json_response(row)

    def _custom_activity_types(self, request: EmuRequest) -> EmuResponse:
        builtin = {0, 1, 2}
        return json_response([t for t in self.activity_types["user"] if t["id"] not in builtin])

    def _tags(self, request: EmuRequest) -> EmuResponse:
        counts: dict[str, int] = {}
        with self.lock:
            for table in self.tables.values():
                for row in table.values():
                    for tag in row.get("tags") or []:
                        counts[tag] = counts.get(tag, 0) + 1
        return json_response([{"name": n, "count": c} for n, c in sorted(counts.items())])

    def _webhook_create(self, request: EmuRequest) -> EmuResponse:
        body = self._body(request)
        target = body.get("target")
        if not isinstance(target, str) or not target.lower().startswith("https://"):
            raise EmuError(422, "Target must be an https URL")
        if body.get("type") not in (
            "lead",
            "project",
            "task",
            "opportunity",
            "company",
            "person",
            "activity_log",
        ):
            raise EmuError(422, "Unknown webhook type")
        if body.get("event") not in ("new", "update", "delete"):
            raise EmuError(422, "Unknown webhook event")
        secret = body.get("secret")
        if secret is not None and not isinstance(secret, Mapping):
            raise EmuError(422, "secret must be an object")
        with self.lock:
            if len(self.webhooks) >= 100:
                raise EmuError(422, "An account may have at most 100 webhooks")
            rid = self.webhooks.next_id()
            row = {
                "id": rid,
                "target": target,
                "type": body["type"],
                "event": body["event"],
                "secret": secret,
                "created_at": self.now(),
            }
            self.webhooks.insert(row, rid)
        return json_response(row)

    def _webhook_get(self, request: EmuRequest) -> EmuResponse:
        row = self.webhooks.get(request.path_params["id"])
        if row is None:
            raise EmuError(404, "Resource not found")
        return json_response(row)

    def _webhook_delete(self, request: EmuRequest) -> EmuResponse:
        rid = request.path_params["id"]
        if self.webhooks.delete(rid) is None:
            raise EmuError(404, "Resource not found")
        return json_response({"id": rid})


def _lead_field(lead: Row, field: Any) -> Any:
    if field == "email":
        email = lead.get("email")
        return email.get("email") if isinstance(email, Mapping) else None
    return lead.get(field) if isinstance(field, str) else None
