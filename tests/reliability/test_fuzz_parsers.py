"""Fuzzing every response parser: a model or a crmkit error, never anything else.

Each case runs a real operation of a vendor client against its emulator, with the answer to the
operation's request replaced by a random body or by a mutation of the real one: truncated,
bytes flipped, a JSON subtree swapped for random JSON, an XML element's text, type attribute or
children changed. Whatever comes back, the call returns a value or raises a
:class:`~crmkit.core.CrmError` (``MalformedResponse``, ``ValidationError``...): never a
``KeyError``, ``TypeError``, ``AttributeError``, a raw pydantic error or a recursion error.

The parsers covered: JSON envelopes and records (ProsperWorks, ContactHub pages, Clevertim's
``{"status", "content"}`` envelopes, Procuret rows and objects), Spreedly's XML, and the unified
mappings on top of each. The soak session runs many more examples per parser.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability.kit import (
    CLEVERTIM_TYPED,
    CLEVERTIM_UNIFIED,
    CONTACTHUB_TYPED,
    CONTACTHUB_UNIFIED,
    PROCURET_TYPED,
    PROSPERWORKS_TYPED,
    PROSPERWORKS_UNIFIED,
    SPREEDLY_TYPED,
    SPREEDLY_UNIFIED,
    CrmError,
    Emulator,
    Sleeps,
    Surface,
)

FAST_EXAMPLES = 25
SOAK_EXAMPLES = 1500

# -- mutations --------------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += _paths(child, (*prefix, index))
    return out


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {k: (_replace(v, rest, new) if k == head else v) for k, v in value.items()}
    return [(_replace(v, rest, new) if i == head else v) for i, v in enumerate(value)]


def _mutate_json(data: st.DataObject, body: bytes) -> bytes:
    try:
        value = json.loads(body)
    except ValueError:
        return body
    paths = _paths(value)
    for _ in range(data.draw(st.integers(1, 3), label="json edits")):
        path = data.draw(st.sampled_from(paths), label="json path")
        action = data.draw(st.sampled_from(["replace", "drop", "wrap"]), label="json action")
        if action == "replace":
            value = _replace(value, path, data.draw(json_values, label="json value"))
        elif action == "drop" and path:
            parent = path[:-1]
            holder: Any = value
            for step in parent:
                holder = holder[step]
            if isinstance(holder, dict) and path[-1] in holder:
                value = _replace(value, parent, {k: v for k, v in holder.items() if k != path[-1]})
        else:
            holder = value
            for step in path:
                holder = holder[step]
            value = _replace(
                value, path, [holder] if not isinstance(holder, list) else {"x": holder}
            )
        paths = _paths(value)
    return json.dumps(value, allow_nan=True).encode()


_XML_TYPES = ["integer", "decimal", "boolean", "datetime", "date", "array", "string", "", "x"]


def _mutate_xml(data: st.DataObject, body: bytes) -> bytes:
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return body
    elements = list(root.iter())
    for _ in range(data.draw(st.integers(1, 3), label="xml edits")):
        el = data.draw(st.sampled_from(elements), label="xml element")
        action = data.draw(
            st.sampled_from(["text", "type", "nil", "drop-child", "add-child", "dup-child"]),
            label="xml action",
        )
        if action == "text":
            el.text = data.draw(st.text(max_size=30).map(_xml_safe), label="xml text")
        elif action == "type":
            el.set("type", data.draw(st.sampled_from(_XML_TYPES), label="xml type"))
        elif action == "nil":
            el.set("nil", "true")
        elif action == "drop-child" and len(el):
            el.remove(el[data.draw(st.integers(0, len(el) - 1), label="child")])
        elif action == "add-child":
            tag = data.draw(st.from_regex(r"[a-z][a-z-]{0,10}", fullmatch=True), label="tag")
            child = ET.SubElement(el, tag)
            child.text = data.draw(st.text(max_size=10).map(_xml_safe), label="child text")
        elif action == "dup-child" and len(el):
            el.append(el[data.draw(st.integers(0, len(el) - 1), label="child")])
        elements = list(root.iter())
    return ET.tostring(root)


def _xml_safe(text: str) -> str:
    return "".join(
        c for c in text if c in "\t\n\r" or (" " <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd")
    )


def mutated(data: st.DataObject, body: bytes) -> bytes:
    """A random body, or the real ``body`` damaged in a random way."""
    kind = data.draw(
        st.sampled_from(["random", "truncate", "flip", "structure", "structure", "structure"]),
        label="mutation",
    )
    if kind == "random":
        return data.draw(
            st.binary(max_size=400) | json_values.map(lambda v: json.dumps(v).encode()),
            label="random body",
        )
    if kind == "truncate" and body:
        return body[: data.draw(st.integers(0, len(body) - 1), label="cut at")]
    if kind == "flip" and body:
        out = bytearray(body)
        for _ in range(data.draw(st.integers(1, 5), label="flips")):
            out[data.draw(st.integers(0, len(out) - 1), label="at")] = data.draw(
                st.integers(0, 255), label="byte"
            )
        return bytes(out)
    stripped = body.lstrip()
    if stripped.startswith(b"<"):
        return _mutate_xml(data, body)
    return _mutate_json(data, body)


# -- operations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Op:
    """One parser to fuzz: an operation, and which request's answer to replace."""

    id: str
    surface: Surface
    call: Callable[[Any, Emulator], Any]
    method: str
    path: str  # a fragment of the request path whose answer is fuzzed


def _first(emulator: Emulator, table: str) -> Any:
    return next(iter(getattr(emulator, table).items()))[0]


OPS = [
    # ProsperWorks: records, search pages, lists, the unified mapping
    Op(
        "prosperworks-person",
        PROSPERWORKS_TYPED,
        lambda c, e: c.people.get(_first(e, "people")),
        "GET",
        "/people/",
    ),
    Op(
        "prosperworks-search",
        PROSPERWORKS_TYPED,
        lambda c, e: list(c.people.search()),
        "POST",
        "/people/search",
    ),
    Op(
        "prosperworks-create",
        PROSPERWORKS_TYPED,
        lambda c, e: c.people.create({"name": "Fuzz"}),
        "POST",
        "/people",
    ),
    Op(
        "prosperworks-pipelines",
        PROSPERWORKS_TYPED,
        lambda c, e: c.pipelines.list(),
        "GET",
        "/pipelines",
    ),
    Op(
        "prosperworks-unified-list",
        PROSPERWORKS_UNIFIED,
        lambda c, e: list(c.contacts.list()),
        "POST",
        "/people/search",
    ),
    Op(
        "prosperworks-unified-deal",
        PROSPERWORKS_UNIFIED,
        lambda c, e: c.deals.get(str(_first(e, "opportunities"))),
        "GET",
        "/opportunities/",
    ),
    # Spreedly: XML records and arrays
    Op(
        "spreedly-subscriber",
        SPREEDLY_TYPED,
        lambda c, e: c.subscribers.get(_spreedly_first(e)),
        "GET",
        "/subscribers/",
    ),
    Op(
        "spreedly-subscribers",
        SPREEDLY_TYPED,
        lambda c, e: list(c.subscribers.list()),
        "GET",
        "/subscribers.xml",
    ),
    Op(
        "spreedly-plans",
        SPREEDLY_TYPED,
        lambda c, e: c.plans.list(),
        "GET",
        "/subscription_plans.xml",
    ),
    Op(
        "spreedly-transactions",
        SPREEDLY_TYPED,
        lambda c, e: list(c.transactions.list()),
        "GET",
        "/transactions.xml",
    ),
    Op(
        "spreedly-create",
        SPREEDLY_TYPED,
        lambda c, e: c.subscribers.create(f"fz{len(e.requests)}"),
        "POST",
        "/subscribers.xml",
    ),
    Op(
        "spreedly-unified-list",
        SPREEDLY_UNIFIED,
        lambda c, e: list(c.contacts.list()),
        "GET",
        "/subscribers.xml",
    ),
    Op(
        "spreedly-unified-plans",
        SPREEDLY_UNIFIED,
        lambda c, e: list(c.plans.list()),
        "GET",
        "/subscription_plans.xml",
    ),
    # ContactHub: customer records and pages
    Op(
        "contacthub-customer",
        CONTACTHUB_TYPED,
        lambda c, e: c.customers.get(str(_first_customer(e))),
        "GET",
        "/customers/",
    ),
    Op("contacthub-page", CONTACTHUB_TYPED, lambda c, e: c.customers.page(), "GET", "/customers"),
    Op(
        "contacthub-list",
        CONTACTHUB_TYPED,
        lambda c, e: list(c.customers.list()),
        "GET",
        "/customers",
    ),
    Op(
        "contacthub-events",
        CONTACTHUB_TYPED,
        lambda c, e: list(c.events.list(customer_id=str(_first_customer(e)))),
        "GET",
        "/events",
    ),
    Op(
        "contacthub-unified-list",
        CONTACTHUB_UNIFIED,
        lambda c, e: list(c.contacts.list()),
        "GET",
        "/customers",
    ),
    # Procuret: rows and objects
    Op(
        "procuret-link",
        PROCURET_TYPED,
        lambda c, e: c.instalment_links.retrieve(_first(e, "links")),
        "GET",
        "/instalment-link",
    ),
    Op(
        "procuret-links",
        PROCURET_TYPED,
        lambda c, e: c.instalment_links.list_page(),
        "GET",
        "/instalment-link/list",
    ),
    Op("procuret-entity", PROCURET_TYPED, lambda c, e: c.entities.retrieve(4000), "GET", "/entity"),
    Op(
        "procuret-prospective",
        PROCURET_TYPED,
        lambda c, e: c.prospective_payments.list(supplier_id=4000, principal=Decimal("1000")),
        "GET",
        "/credit/prospective-payment",
    ),
    Op("procuret-session", PROCURET_TYPED, lambda c, e: c.sessions.retrieve(), "GET", "/session"),
    # Clevertim: envelopes
    Op(
        "clevertim-contact",
        CLEVERTIM_TYPED,
        lambda c, e: c.contacts.get(_clevertim_first(e)),
        "GET",
        "/contact/",
    ),
    Op(
        "clevertim-contacts",
        CLEVERTIM_TYPED,
        lambda c, e: list(c.contacts.list()),
        "GET",
        "/contact",
    ),
    Op(
        "clevertim-opportunities",
        CLEVERTIM_TYPED,
        lambda c, e: list(c.opportunities.list()),
        "GET",
        "/opportunity",
    ),
    Op(
        "clevertim-create",
        CLEVERTIM_TYPED,
        lambda c, e: c.contacts.create({"first_name": "Fuzz"}),
        "POST",
        "/contact",
    ),
    Op(
        "clevertim-unified-list",
        CLEVERTIM_UNIFIED,
        lambda c, e: list(c.contacts.list()),
        "GET",
        "/contact",
    ),
    Op(
        "clevertim-unified-customfields",
        CLEVERTIM_UNIFIED,
        lambda c, e: c.contacts.get(str(_clevertim_first(e))),
        "GET",
        "/customfield",
    ),
]


def _spreedly_first(emulator: Emulator) -> Any:
    return next(iter(emulator.sites["demo"].subscribers))  # type: ignore[attr-defined]


def _first_customer(emulator: Emulator) -> Any:
    return next(iter(emulator.workspaces["demo"].customers))  # type: ignore[attr-defined]


def _clevertim_first(emulator: Emulator) -> Any:
    return next(key for key, _ in emulator.account.rows("contact"))  # type: ignore[attr-defined]


class FuzzingTransport(httpx.BaseTransport):
    """Answers from the emulator; the answer to the target request is mutated by ``mutate``."""

    def __init__(self, emulator: Emulator, op: Op) -> None:
        self.inner = emulator.transport()
        self.op = op
        self.mutate: Callable[[bytes], bytes] = lambda body: body
        self.sample: bytes | None = None  # the first real answer: what every mutation starts from
        self.hits = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        path = request.url.path
        if request.method == self.op.method and (
            path.rstrip("/").endswith(self.op.path.rstrip("/")) or self.op.path in path
        ):
            body = response.read()
            if self.sample is None:
                self.sample = body
            self.hits += 1
            return httpx.Response(
                200 if response.status_code < 300 else response.status_code,
                headers=[
                    (k, v) for k, v in response.headers.items() if k.lower() != "content-length"
                ],
                content=self.mutate(body),
                request=request,
            )
        return response


def fuzz(op: Op, examples: int) -> None:
    emulator = op.surface.emulator()
    transport = FuzzingTransport(emulator, op)
    client = op.surface.build(emulator, "sync", transport=transport, max_retries=0, sleep=Sleeps())
    op.call(client, emulator)  # the real answer, unchanged: it must parse
    assert transport.sample is not None, f"{op.id}: the fuzzed request was never made"
    sample = transport.sample

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        # Mutations start from the same recorded answer every time, so that the examples
        # hypothesis draws do not depend on the emulator's changing state.
        transport.mutate = lambda _: mutated(data, sample)
        try:
            op.call(client, emulator)
        except CrmError:
            pass  # a typed crmkit error is a correct answer to a broken body
        except Exception as exc:  # anything else is a parser bug
            raise AssertionError(f"{op.id}: {type(exc).__name__}: {exc}") from exc

    try:
        run()
    finally:
        client.close()
    assert transport.hits, f"{op.id}: the fuzzed request was never made"


PATHOLOGICAL = {
    "deep-json": b"[" * 200_000 + b"]" * 200_000,
    "deep-object": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    "deep-xml": b"<a>" * 50_000 + b"</a>" * 50_000,
    "huge-number": b'{"id": ' + b"9" * 100_000 + b"}",
    "nan": b'{"id": NaN, "amount": Infinity}',
    "big-body": b'{"x": "' + b"y" * 5_000_000 + b'"}',
    "utf16": '{"id": 1}'.encode("utf-16"),
    "bom": b"\xef\xbb\xbf" + b'{"id": 1}',
    "nul": b"\x00" * 64,
}


@pytest.mark.parametrize("body", list(PATHOLOGICAL), ids=list(PATHOLOGICAL))
@pytest.mark.parametrize("op", OPS, ids=[op.id for op in OPS])
def test_pathological_bodies_give_crmkit_errors(op: Op, body: str) -> None:
    emulator = op.surface.emulator()
    transport = FuzzingTransport(emulator, op)
    transport.mutate = lambda _: PATHOLOGICAL[body]
    with op.surface.build(
        emulator, "sync", transport=transport, max_retries=0, sleep=Sleeps()
    ) as client:
        try:
            op.call(client, emulator)
        except CrmError:
            pass
        except Exception as exc:
            raise AssertionError(f"{op.id}: {type(exc).__name__}: {str(exc)[:200]}") from exc
    assert transport.hits


@pytest.mark.parametrize("op", OPS, ids=[op.id for op in OPS])
def test_parser_never_raises_anything_but_crmkit_errors(op: Op) -> None:
    fuzz(op, FAST_EXAMPLES)


@pytest.mark.soak
@pytest.mark.parametrize("op", OPS, ids=[op.id for op in OPS])
def test_parser_fuzz_soak(op: Op) -> None:
    fuzz(op, SOAK_EXAMPLES)
