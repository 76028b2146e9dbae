"""Bad input to every public method: a clear ValueError before any request is sent.

Every public method of every typed client (sync and async) and of the unified client is called
with one argument replaced by a bad value of its kind: wrong types, empty ids, ids with ``/``,
``..``, ``?`` or ``#`` (path injection), huge strings, non-UTF-8 bytes and lone surrogates,
naive datetimes, floats and NaN for money. Each call must raise a ``ValueError`` that is a
crmkit error (``InvalidArgument``, ``ValidationError``, a vendor's subclass) or pydantic's
``ValidationError``, with a message, and the emulator's request log must stay empty.

The argument kinds come from the parameter names; ``test_every_public_method_has_a_spec`` fails
when a method appears that this file does not know, so new methods are covered or noticed.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from functools import cached_property
from typing import Any

import pydantic
import pytest
from reliability.kit import (
    SURFACES,
    CrmError,
    Emulator,
    Surface,
    aclose,
    canary_token,
    emulator_for,
    run_op,
    unified_settings,
)

import crmkit

HUGE = "x" * 100_000
AWARE = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)

# Bad values by argument kind: (label, value).
BAD: dict[str, list[tuple[str, Any]]] = {
    "id": [
        ("empty", ""),
        ("blank", "   "),
        ("slash", "a/b"),
        ("dotdot", ".."),
        ("dotdot-path", "../admin"),
        ("query", "a?admin=1"),
        ("fragment", "a#b"),
        ("huge", HUGE),
        ("bytes", b"\xff\xfe"),
        ("surrogate", "a\udcff"),
        ("float", 1.5),
        ("list", ["a"]),
        ("none", None),
    ],
    "int_id": [
        ("slash", "1/2"),
        ("text", "abc"),
        ("float", 1.5),
        ("bool", True),
        ("list", [1]),
    ],
    "email": [
        ("huge", "a" * 100_000 + "@example.org"),
        ("bytes", b"\xff@example.org"),
        ("surrogate", "a\udcff@example.org"),
        ("int", 123),
    ],
    "text": [("bytes", b"\xff\xfe"), ("surrogate", "a\udcff"), ("list", [1])],
    "money": [
        ("float", 12.34),
        ("nan", Decimal("NaN")),
        ("infinity", Decimal("Infinity")),
        ("text", "abc"),
    ],
    "datetime": [("naive", datetime(2024, 1, 2, 3, 4, 5)), ("text", "yesterday")],
    "int": [("text", "abc"), ("float", 1.5), ("bool", True)],
    "enum": [("unknown", "nonsense"), ("number", 99999)],
    # Int-valued enums take unknown ints on purpose (vendors add values); text is refused.
    "int_enum": [("unknown", "nonsense"), ("float", 1.5)],
    "bool": [("text", "yes")],
    "record": [("text", "not a record"), ("int", 42)],
}


@dataclass
class Method:
    """How to call one public method validly, and the kind of each argument to spoil."""

    path: str  # "subscribers.create"
    args: dict[str, Any]  # valid arguments (by name; positional-only ones too)
    kinds: dict[str, str]  # argument -> kind in BAD
    skip: dict[str, set[str]] = field(default_factory=dict)  # argument -> labels not to try

    def cases(self) -> list[tuple[str, str, Any]]:
        out = []
        for arg, kind in self.kinds.items():
            for label, value in BAD[kind]:
                if label in self.skip.get(arg, set()):
                    continue
                if label == "none" and arg not in self.args:
                    continue  # None is how an optional argument is left out
                out.append((arg, label, value))
        return out


# -- specs ----------------------------------------------------------------------------------

CUSTOMER = {"base": {"firstName": "Ada", "contacts": {"email": "ada@example.org"}}}
ENTITY = {"identifier": "e-1", "title": "x"}
EVENT = {"customerId": "c-1", "type": "viewedPage", "context": "WEB", "properties": {}}

SPECS: dict[str, list[Method]] = {
    "spreedly-typed": [
        Method("account_url", {"token": "tok123"}, {"token": "id", "return_url": "text"}),
        Method(
            "invoices.create",
            {"plan_id": 1, "customer_id": "1"},
            {"plan_id": "int_id", "customer_id": "id", "screen_name": "text", "email": "email"},
        ),
        Method(
            "invoices.pay",
            {"token": "tok123", "account_type": "on-file"},
            {"token": "id", "account_type": "text", "credit_card": "record"},
        ),
        Method("plans.get", {"plan_id": 1}, {"plan_id": "int_id"}),
        Method(
            "signup_url",
            {"customer_id": "1", "plan_id": 1},
            {
                "customer_id": "id",
                "plan_id": "int_id",
                "screen_name": "text",
                "token": "id",
                "email": "email",
                "first_name": "text",
                "last_name": "text",
                "return_url": "text",
            },
        ),
        Method(
            "subscribers.add_fee",
            {"customer_id": "1", "name": "Fee", "amount": Decimal("1.00"), "group": "g"},
            {
                "customer_id": "id",
                "name": "text",
                "amount": "money",
                "group": "text",
                "description": "text",
            },
        ),
        Method(
            "subscribers.add_store_credit",
            {"customer_id": "1", "amount": Decimal("1.00")},
            {"customer_id": "id", "amount": "money"},
        ),
        Method("subscribers.allow_free_trial", {"customer_id": "1"}, {"customer_id": "id"}),
        Method(
            "subscribers.change_plan",
            {"customer_id": "1", "plan_id": 1},
            {"customer_id": "id", "plan_id": "int_id"},
        ),
        Method(
            "subscribers.create",
            {"customer_id": "new-1"},
            {
                "customer_id": "id",
                "screen_name": "text",
                "email": "email",
                "billing_first_name": "text",
            },
        ),
        Method(
            "subscribers.create_complimentary_subscription",
            {
                "customer_id": "1",
                "duration_quantity": 1,
                "duration_units": "days",
                "feature_level": "Pro",
            },
            {
                "customer_id": "id",
                "duration_quantity": "int",
                "duration_units": "text",
                "feature_level": "text",
                "start_time": "datetime",
                "amount": "money",
            },
        ),
        Method(
            "subscribers.create_complimentary_time_extension",
            {"customer_id": "1", "duration_quantity": 1, "duration_units": "days"},
            {"customer_id": "id", "duration_quantity": "int", "duration_units": "text"},
        ),
        Method(
            "subscribers.create_lifetime_complimentary_subscription",
            {"customer_id": "1", "feature_level": "Pro"},
            {"customer_id": "id", "feature_level": "text"},
        ),
        Method("subscribers.delete", {"customer_id": "1"}, {"customer_id": "id"}),
        Method("subscribers.delete_all", {"confirm": True}, {"confirm": "bool"}),
        Method("subscribers.get", {"customer_id": "1"}, {"customer_id": "id"}),
        Method(
            "subscribers.get_or_create",
            {"customer_id": "1"},
            {"customer_id": "id", "screen_name": "text", "email": "email"},
        ),
        Method("subscribers.save", {"subscriber": None}, {"subscriber": "record"}),
        Method("subscribers.stop_auto_renew", {"customer_id": "1"}, {"customer_id": "id"}),
        Method(
            "subscribers.subscribe_to_free_trial",
            {"customer_id": "1", "plan_id": 1},
            {"customer_id": "id", "plan_id": "int_id"},
        ),
        Method(
            "subscribers.update",
            {"customer_id": "1", "email": "a@example.org"},
            {"customer_id": "id", "new_customer_id": "id", "email": "email", "screen_name": "text"},
        ),
        Method("transactions.list", {}, {"since_id": "int_id"}),
    ],
    "contacthub-typed": [
        Method(
            "customers.add_tag",
            {"customer_id": "c-1", "tag": "vip"},
            {"customer_id": "id", "tag": "text"},
        ),
        Method(
            "customers.create",
            {"customer": CUSTOMER},
            {"customer": "record", "node_id": "id", "force_update": "bool"},
        ),
        Method("customers.delete", {"customer_id": "c-1"}, {"customer_id": "id"}),
        Method(
            "customers.find_by_email",
            {"email": "a@example.org"},
            {"email": "email", "node_id": "id"},
        ),
        Method(
            "customers.find_by_external_id",
            {"external_id": "x-1"},
            {"external_id": "text", "node_id": "id"},
        ),
        Method("customers.get", {"customer_id": "c-1"}, {"customer_id": "id"}),
        Method(
            "customers.list",
            {},
            {"external_id": "text", "page_size": "int", "node_id": "id", "sort": "text"},
        ),
        Method("customers.page", {}, {"page": "int", "size": "int"}),
        Method(
            "customers.remove_tag",
            {"customer_id": "c-1", "tag": "vip"},
            {"customer_id": "id", "tag": "text"},
        ),
        Method(
            "customers.replace",
            {"customer_id": "c-1", "customer": CUSTOMER},
            {"customer_id": "id", "customer": "record"},
        ),
        Method(
            "customers.update",
            {"customer_id": "c-1", "changes": {"base": {"firstName": "B"}}},
            {"customer_id": "id", "changes": "record"},
        ),
        *[
            m
            for kind in ("educations", "jobs", "likes", "subscriptions")
            for m in (
                Method(
                    f"{kind}.create",
                    {"customer_id": "c-1", "entity": ENTITY},
                    {"customer_id": "id", "entity": "record"},
                ),
                Method(
                    f"{kind}.delete",
                    {"customer_id": "c-1", "entity_id": "e-1"},
                    {"customer_id": "id", "entity_id": "id"},
                ),
                Method(
                    f"{kind}.get",
                    {"customer_id": "c-1", "entity_id": "e-1"},
                    {"customer_id": "id", "entity_id": "id"},
                ),
                Method(
                    f"{kind}.update",
                    {"customer_id": "c-1", "entity_id": "e-1", "entity": ENTITY},
                    {"customer_id": "id", "entity_id": "id", "entity": "record"},
                ),
            )
        ],
        Method("events.create", {"event": EVENT}, {"event": "record"}),
        Method("events.delete", {"event_id": "e-1"}, {"event_id": "id"}),
        Method("events.get", {"event_id": "e-1"}, {"event_id": "id"}),
        Method(
            "events.list",
            {},
            {
                "customer_id": "id",
                "event_type": "text",
                "context": "text",
                "mode": "text",
                "date_from": "datetime",
                "date_to": "datetime",
                "page_size": "int",
            },
        ),
        Method(
            "events.replace",
            {"event_id": "e-1", "event": EVENT},
            {"event_id": "id", "event": "record"},
        ),
        Method("sessions.create", {"customer_id": "c-1"}, {"customer_id": "id", "value": "id"}),
        Method(
            "sessions.delete",
            {"customer_id": "c-1", "record_id": "s-1"},
            {"customer_id": "id", "record_id": "id"},
        ),
        Method(
            "sessions.get",
            {"customer_id": "c-1", "record_id": "s-1"},
            {"customer_id": "id", "record_id": "id"},
        ),
        Method("sessions.list", {"customer_id": "c-1"}, {"customer_id": "id"}),
    ],
    "procuret-typed": [
        Method("commitments.retrieve", {"setup_id": "kV7pQ2sLx9Tz"}, {"setup_id": "id"}),
        Method("entities.retrieve", {"entity_id": 4000}, {"entity_id": "int_id"}),
        Method("humans.retrieve", {"human_id": 1}, {"human_id": "int_id"}),
        Method(
            "instalment_links.create",
            {
                "supplier": 4000,
                "invoice_amount": Decimal("10.00"),
                "invitee_email": "a@example.org",
            },
            {
                "supplier": "int_id",
                "invoice_amount": "money",
                "invitee_email": "email",
                "invoice_identifier": "text",
                "communication": "int_enum",
                "denomination": "int_id",
                "sale_name": "int_enum",
                "invitee_phone": "text",
            },
        ),
        Method(
            "instalment_links.list",
            {},
            {
                "order": "enum",
                "order_by": "enum",
                "opened": "bool",
                "supplier_id": "int_id",
                "accessible_to": "int_id",
                "created_by": "int_id",
                "page_size": "int",
                "max_items": "int",
            },
        ),
        Method(
            "instalment_links.list_page",
            {},
            {
                "limit": "int",
                "offset": "int",
                "order": "enum",
                "order_by": "enum",
                "opened": "bool",
                "public_id": "id",
                "supplier_id": "int_id",
            },
        ),
        Method("instalment_links.open", {"link_id": "abc123"}, {"link_id": "id"}),
        Method("instalment_links.retrieve", {"public_id": "abc123"}, {"public_id": "id"}),
        Method("instalment_schedules.retrieve", {"series_id": "FIdSXsANx4fj"}, {"series_id": "id"}),
        Method(
            "payment_series.list",
            {},
            {"order": "enum", "order_by": "enum", "text_fragment": "text", "business_id": "int_id"},
        ),
        Method("payment_series.retrieve", {"public_id": "FIdSXsANx4fj"}, {"public_id": "id"}),
        Method(
            "prospective_payments.list",
            {"supplier_id": 4000, "principal": Decimal("100.00")},
            {
                "supplier_id": "int_id",
                "principal": "money",
                "cycle": "int_enum",
                "denomination": "int_id",
            },
        ),
        Method(
            "prospective_payments.retrieve",
            {"supplier_id": 4000, "principal": Decimal("100.00"), "periods": 12},
            {
                "supplier_id": "int_id",
                "principal": "money",
                "periods": "int",
                "cycle": "int_enum",
                "denomination": "int_id",
            },
        ),
        Method(
            "second_factor_codes.create",
            {"email": "a@example.org", "plaintext_secret": "pw"},
            {
                "email": "email",
                "agent_id": "int_id",
                "plaintext_secret": "text",
                "perspective": "int_enum",
            },
        ),
        Method(
            "sessions.create",
            {
                "email": "a@example.org",
                "plaintext_secret": "pw",
                "perspective": 1,
                "code": "123456",
            },
            {
                "email": "email",
                "plaintext_secret": "text",
                "perspective": "int_enum",
                "code": "text",
                "lifecycle": "int_enum",
            },
        ),
        Method("sessions.retrieve", {}, {"session_id": "int_id"}),
        Method("sessions.update_perspective", {"perspective": 1}, {"perspective": "int_enum"}),
        Method("term_rate_groups.retrieve", {"public_id": "TRGx9Lq2Vb7NmP4s"}, {"public_id": "id"}),
        Method("xero.entity_map", {"entity_id": 4000}, {"entity_id": "int_id"}),
        Method("xero.organisation", {"entity_id": 4000}, {"entity_id": "int_id"}),
    ],
}


def _prosperworks_specs() -> list[Method]:
    out: list[Method] = []
    records = {
        "people": {"name": "Ada", "emails": [{"email": "ada@example.org", "category": "work"}]},
        "companies": {"name": "Acme"},
        "leads": {"name": "Lead"},
        "opportunities": {"name": "Deal", "primary_contact_id": 1},
        "projects": {"name": "Project"},
        "tasks": {"name": "Task"},
        "activities": {
            "parent": {"id": 1, "type": "person"},
            "type": {"id": 1, "category": "user"},
            "details": "x",
        },
    }
    other = {"id": 1, "type": "company"}
    for group, record in records.items():
        out += [
            Method(f"{group}.get", {"id": 1}, {"id": "int_id"}),
            Method(f"{group}.delete", {"id": 1}, {"id": "int_id"}),
            Method(f"{group}.create", {"data": record}, {"data": "record"}),
            Method(
                f"{group}.update",
                {"id": 1, "data": {"details": "x"}},
                {"id": "int_id", "data": "record"},
            ),
            Method(f"{group}.related", {"id": 1}, {"id": "int_id", "type": "text"}),
            Method(
                f"{group}.add_related",
                {"id": 1, "other": other},
                {"id": "int_id", "other": "record"},
            ),
            Method(
                f"{group}.remove_related",
                {"id": 1, "other": other},
                {"id": "int_id", "other": "record"},
            ),
            Method(
                f"{group}.search",
                {},
                {"sort_by": "text", "sort_direction": "text", "page_size": "int"},
            ),
        ]
        if group in ("people", "companies", "leads"):
            out.append(Method(f"{group}.activities", {"id": 1}, {"id": "int_id"}))
    out += [
        Method("people.fetch_by_email", {"email": "steve@example.org"}, {"email": "email"}),
        Method("leads.convert", {"id": 1}, {"id": "int_id", "details": "record"}),
        Method(
            "leads.upsert",
            {"properties": {"name": "L"}, "field_name": "email", "field_value": "l@example.org"},
            {"properties": "record", "field_name": "text", "field_value": "text"},
        ),
        Method("activity_types.get", {"id": 1}, {"id": "int_id", "category": "text"}),
        Method("pipeline_stages.list", {}, {"pipeline_id": "int_id"}),
        Method("users.search", {}, {"page_size": "int"}),
        Method(
            "webhooks.create",
            {"data": {"target": "https://hooks.example.org/x", "type": "person", "event": "new"}},
            {"data": "record"},
        ),
    ]
    for group in (
        "contact_types",
        "custom_field_definitions",
        "customer_sources",
        "lead_statuses",
        "loss_reasons",
        "pipeline_stages",
        "pipelines",
        "users",
        "webhooks",
    ):
        out.append(Method(f"{group}.get", {"id": 1}, {"id": "int_id"}))
    out.append(Method("webhooks.delete", {"id": 1}, {"id": "int_id"}))
    return out


def _clevertim_specs() -> list[Method]:
    out: list[Method] = []
    records = {
        "contacts": {"first_name": "Ada"},
        "companies": {"name": "Acme"},
        "cases": {"name": "Case"},
        "opportunities": {"name": "Deal"},
        "tasks": {"name": "Task"},
        "notes": {"name": "Note"},
        "custom_fields": {"name": "Size", "field_type": "text", "field_scope": ["contact"]},
        "files": {"name": "a.txt"},
        "folders": {"name": "Docs"},
    }
    for group, record in records.items():
        out += [
            Method(f"{group}.get", {"key": 1}, {"key": "id"}),
            Method(f"{group}.delete", {"key": 1}, {"key": "id"}),
            Method(f"{group}.create", {"record": record}, {"record": "record"}),
            Method(
                f"{group}.update",
                {"key": 1, "changes": {"name": "x"}},
                {"key": "id", "changes": "record"},
            ),
            Method(
                f"{group}.replace", {"key": 1, "record": record}, {"key": "id", "record": "record"}
            ),
        ]
    out += [
        Method("tasks.complete", {"key": 1}, {"key": "id"}),
        Method("comments.get", {"key": 1}, {"key": "id"}),
        Method("comments.delete", {"key": 1}, {"key": "id"}),
        Method(
            "comments.create", {"record": {"description": "hi", "note": 1}}, {"record": "record"}
        ),
        Method("groups.get", {"key": 1}, {"key": "id"}),
        Method("users.get", {"key": 1}, {"key": "id"}),
        Method("linked_files.get", {"key": 1}, {"key": "id"}),
        Method("linked_files.delete", {"key": 1}, {"key": "id"}),
        Method(
            "linked_files.update",
            {"key": 1, "changes": {"name": "x"}},
            {"key": "id", "changes": "record"},
        ),
    ]
    return out


SPECS["prosperworks-typed"] = _prosperworks_specs()
SPECS["clevertim-typed"] = _clevertim_specs()

# Methods that take no caller data worth spoiling, or hand over an object as it is.
NOT_INPUT = {
    # listings without arguments, and the account
    "account.get",
    "users.me",
    "tags.list",
    "custom_activity_types.list",
    *[
        f"{g}.list"
        for g in (
            "activity_types",
            "contact_types",
            "custom_field_definitions",
            "customer_sources",
            "lead_statuses",
            "loss_reasons",
            "pipelines",
            "users",
            "webhooks",
            "cases",
            "comments",
            "companies",
            "contacts",
            "custom_fields",
            "files",
            "folders",
            "groups",
            "linked_files",
            "notes",
            "opportunities",
            "tasks",
        )
    ],
    "close",
    "aclose",
    "raw_request",
    "send",
    "pager",
    "with_session",
    "plans.list",
    "subscribers.list",
}
TYPED = {s.id: s for s in SURFACES if s.id.endswith("-typed")}


def _public_methods(client: Any, prefix: str = "") -> set[str]:
    found: set[str] = set()
    for name in dir(type(client)):
        if name.startswith("_"):
            continue
        attr = inspect.getattr_static(type(client), name)
        if isinstance(attr, cached_property):
            found |= _public_methods(getattr(client, name), f"{prefix}{name}.")
        elif callable(attr) and not isinstance(attr, type | property):
            found.add(prefix + name)
    return found


def _resolve(client: Any, path: str) -> Callable[..., Any]:
    target = client
    for part in path.split("."):
        target = getattr(target, part)
    return target  # type: ignore[no-any-return]


def _subscriber() -> Any:
    from crmkit.spreedly import Subscriber

    return Subscriber.from_wire({"customer-id": "1", "screen-name": "one"})


def _call_args(method: Method) -> dict[str, Any]:
    args = dict(method.args)
    if method.path == "subscribers.save":
        args["subscriber"] = _subscriber()
    return args


def _invoke(fn: Callable[..., Any], args: dict[str, Any]) -> Any:
    signature = inspect.signature(fn)
    positional = []
    keywords = {}
    for name, value in args.items():
        param = signature.parameters.get(name)
        if param is not None and param.kind is inspect.Parameter.POSITIONAL_ONLY:
            positional.append(value)
        else:
            keywords[name] = value
    return fn(*positional, **keywords)


def _outcome(error: BaseException | None, emulator: Any) -> str | None:
    """None when the call was refused properly, else what went wrong."""
    if emulator.requests:
        sent = [(r.method, r.path[:60]) for r in emulator.requests]
        emulator.requests.clear()
        return f"sent {sent} ({type(error).__name__ if error else 'no error'})"
    if error is None:
        return "accepted"
    if not isinstance(error, ValueError) or not isinstance(
        error, CrmError | pydantic.ValidationError
    ):
        return f"raised {type(error).__name__}: {str(error)[:120]}"
    if not str(error).strip():
        return "refused without a message"
    return None


def check_refusals(
    surface: Surface, mode: str, calls: list[tuple[str, Callable[[Any], Any]]]
) -> None:
    """Run each ``(label, call)`` on one client; every call must be refused before a request."""
    emulator = surface.emulator()
    emulator.requests.clear()
    problems: list[str] = []

    def record(label: str, error: BaseException | None) -> None:
        problem = _outcome(error, emulator)
        if problem is not None:
            problems.append(f"{label}: {problem}")

    if mode == "sync":
        client = surface.build(emulator, "sync")
        try:
            for label, call in calls:
                try:
                    result = call(client)
                    if hasattr(result, "__iter__") and not hasattr(result, "model_dump"):
                        list(result)
                except Exception as exc:
                    record(label, exc)
                else:
                    record(label, None)
        finally:
            client.close()
    else:

        async def main() -> None:
            client = surface.build(emulator, "async")
            try:
                for label, call in calls:
                    try:
                        result = call(client)
                        if inspect.isawaitable(result):
                            await result
                        elif hasattr(result, "__aiter__"):
                            async for _ in result:
                                pass
                    except Exception as exc:
                        record(label, exc)
                    else:
                        record(label, None)
            finally:
                await aclose(client)

        asyncio.run(main())
    assert not problems, "\n".join(problems)


def _bad_call(method: Method, arg: str, value: Any) -> Callable[[Any], Any]:
    def call(client: Any) -> Any:
        args = _call_args(method)
        args[arg] = value
        return _invoke(_resolve(client, method.path), args)

    return call


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    ("surface_id", "method"),
    [pytest.param(s, m, id=f"{s}-{m.path}") for s, ms in SPECS.items() for m in ms],
)
def test_bad_arguments_are_refused_before_any_request(
    surface_id: str, method: Method, mode: str
) -> None:
    calls = [
        (f"{arg}={label}", _bad_call(method, arg, value)) for arg, label, value in method.cases()
    ]
    check_refusals(TYPED[surface_id], mode, calls)


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    ("surface_id", "method"),
    [pytest.param(s, m, id=f"{s}-{m.path}") for s, ms in SPECS.items() for m in ms],
)
def test_baseline_call_is_accepted(surface_id: str, method: Method, mode: str) -> None:
    # The valid arguments of each spec pass the client's checks and are sent (the vendor may
    # still answer an error): so every refusal above is caused by the one bad argument.
    surface = TYPED[surface_id]
    emulator = surface.emulator()
    error: CrmError | None = None
    try:
        run_op(
            mode,
            surface.make(emulator, mode),
            lambda c: _invoke(_resolve(c, method.path), _call_args(method)),
        )
    except CrmError as exc:
        error = exc
    if method.path in ("signup_url", "account_url"):  # these only build a URL
        assert error is None, error
    else:
        assert emulator.requests, f"the baseline call was refused before sending: {error!r}"


@pytest.mark.parametrize("surface_id", sorted(SPECS))
def test_every_public_method_has_a_spec(surface_id: str) -> None:
    surface = TYPED[surface_id]
    for mode in ("sync", "async"):
        client = surface.build(surface.emulator(), mode)
        found = _public_methods(client) - NOT_INPUT
        known = {m.path for m in SPECS[surface_id]}
        assert found == known, (
            f"{mode}: unknown {sorted(found - known)}, gone {sorted(known - found)}"
        )


# -- the unified client ---------------------------------------------------------------------

UNIFIED_VENDORS = ["prosperworks", "spreedly", "contacthub", "clevertim"]
DEAL_VENDORS = ["prosperworks", "clevertim"]
UNIFIED_BAD: list[tuple[str, str, Callable[[Any], Any]]] = [
    *[(f"get-{label}", label, lambda c, v=v: c.contacts.get(v)) for label, v in BAD["id"]],
    *[
        (f"update-{label}", label, lambda c, v=v: c.contacts.update(v, {"first_name": "X"}))
        for label, v in BAD["id"]
    ],
    *[(f"delete-{label}", label, lambda c, v=v: c.contacts.delete(v)) for label, v in BAD["id"]],
    ("list-naive-since", "naive", lambda c: c.contacts.list(updated_since=datetime(2024, 1, 1))),
    ("list-text-since", "text", lambda c: c.contacts.list(updated_since="2024-01-01")),
    ("list-page-size-0", "zero", lambda c: c.contacts.list(page_size=0)),
    ("list-page-size-text", "text", lambda c: c.contacts.list(page_size="10")),
    ("create-text", "text", lambda c: c.contacts.create("Ada")),
    ("create-bad-email", "email", lambda c: c.contacts.create({"emails": [{"address": 123}]})),
    ("create-bytes-name", "bytes", lambda c: c.contacts.create({"first_name": b"\xff"})),
    (
        "create-naive-date",
        "naive",
        lambda c: c.contacts.create({"first_name": "A", "created_at": datetime(2024, 1, 1)}),
    ),
    ("find-empty", "empty", lambda c: c.contacts.find("email", "")),
    ("find-huge", "huge", lambda c: c.contacts.find("email", HUGE)),
    ("find-int", "int", lambda c: c.contacts.find("email", 123)),
    ("update-text", "text", lambda c: c.contacts.update("1", "changes")),
]


UNIFIED_DEAL_BAD: list[tuple[str, str, Callable[[Any], Any]]] = [
    ("deal-float-amount", "float", lambda c: c.deals.create({"name": "D", "amount": 12.34})),
    ("deal-nan-amount", "nan", lambda c: c.deals.create({"name": "D", "amount": Decimal("NaN")})),
    ("deal-text-amount", "text", lambda c: c.deals.create({"name": "D", "amount": "lots"})),
    ("deal-update-float", "float", lambda c: c.deals.update("1", {"amount": 0.1})),
    ("deal-probability", "range", lambda c: c.deals.create({"name": "D", "probability": 250})),
]
UNIFIED_CASES = [
    *[pytest.param(v, *c, id=f"{v}-{c[0]}") for v in UNIFIED_VENDORS for c in UNIFIED_BAD],
    *[pytest.param(v, *c, id=f"{v}-{c[0]}") for v in DEAL_VENDORS for c in UNIFIED_DEAL_BAD],
]


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(("vendor", "case", "label", "act"), UNIFIED_CASES)
def test_unified_bad_argument_is_refused_before_any_request(
    vendor: str, case: str, label: str, act: Callable[[Any], Any], mode: str
) -> None:
    emulator = emulator_for(vendor)
    emulator.requests.clear()
    settings = unified_settings(vendor, emulator)
    connect = crmkit.aconnect if mode == "async" else crmkit.connect

    def make() -> Any:
        return connect(vendor, transport=emulator.transport(), **settings)

    with pytest.raises(ValueError) as info:
        run_op(mode, make, act)
    assert isinstance(info.value, CrmError | pydantic.ValidationError), repr(info.value)
    assert str(info.value).strip()
    assert not emulator.requests, [(r.method, r.path) for r in emulator.requests]


# -- the old libraries' idioms ---------------------------------------------------------------

ID_BAD = [(label, value) for label, value in BAD["id"] if label not in ("none", "float")]


def _pyspreedly(emulator: Emulator) -> Any:
    from crmkit.spreedly.api import Client

    return Client(canary_token("spreedly"), "demo", transport=emulator.transport())


def _node(emulator: Emulator) -> Any:
    from crmkit.contacthub import Workspace

    workspace = Workspace("demo", canary_token("contacthub"), transport=emulator.transport())
    return workspace.get_node("demo")


LEGACY: list[tuple[str, str, Callable[[Emulator], Any], Callable[[Any, Any], Any]]] = [
    ("pyspreedly.get_info", "spreedly", _pyspreedly, lambda c, v: c.get_info(v)),
    ("pyspreedly.delete_subscriber", "spreedly", _pyspreedly, lambda c, v: c.delete_subscriber(v)),
    (
        "pyspreedly.set_info",
        "spreedly",
        _pyspreedly,
        lambda c, v: c.set_info(v, email="a@example.org"),
    ),
    ("pyspreedly.allow_free_trial", "spreedly", _pyspreedly, lambda c, v: c.allow_free_trial(v)),
    ("pyspreedly.stop_auto_renew", "spreedly", _pyspreedly, lambda c, v: c.stop_auto_renew(v)),
    ("pyspreedly.change_plan", "spreedly", _pyspreedly, lambda c, v: c.change_plan(v, 1)),
    (
        "pyspreedly.add_store_credit",
        "spreedly",
        _pyspreedly,
        lambda c, v: c.add_store_credit(v, "1.00"),
    ),
    ("pyspreedly.get_signup_url", "spreedly", _pyspreedly, lambda c, v: c.get_signup_url(v, 1)),
    ("pyspreedly.get_account_url", "spreedly", _pyspreedly, lambda c, v: c.get_account_url(v)),
    ("node.get_customer", "contacthub", _node, lambda c, v: c.get_customer(v)),
    ("node.delete_customer", "contacthub", _node, lambda c, v: c.delete_customer(v)),
    ("node.update_customer", "contacthub", _node, lambda c, v: c.update_customer(v, extra="x")),
    ("node.add_tag", "contacthub", _node, lambda c, v: c.add_tag(v, "vip")),
    ("node.remove_tag", "contacthub", _node, lambda c, v: c.remove_tag(v, "vip")),
    ("node.get_event", "contacthub", _node, lambda c, v: c.get_event(v)),
    ("node.get_customer_job", "contacthub", _node, lambda c, v: c.get_customer_job("c-1", v)),
    (
        "node.add_customer_session",
        "contacthub",
        _node,
        lambda c, v: c.add_customer_session(v, "s-1"),
    ),
]


@pytest.mark.parametrize(("name", "vendor", "make", "call"), LEGACY, ids=[c[0] for c in LEGACY])
def test_old_idiom_refuses_bad_ids_before_any_request(
    name: str, vendor: str, make: Callable[[Emulator], Any], call: Callable[[Any, Any], Any]
) -> None:
    emulator = emulator_for(vendor)
    client = make(emulator)
    emulator.requests.clear()
    problems = []
    for label, value in ID_BAD:
        try:
            call(client, value)
        except Exception as exc:
            problem = _outcome(exc, emulator)
        else:
            problem = _outcome(None, emulator)
        if problem is not None:
            problems.append(f"{label}: {problem}")
    assert not problems, "\n".join(problems)
