"""Sans-IO endpoints for every Procuret operation (vendor file §2, rows A-S).

Each function checks its arguments (raising :class:`~crmkit.core.InvalidArgument` before any
request) and returns an :class:`~crmkit.core.Endpoint`: method, path below the API root,
query, JSON body and a parser. The sync and async clients, the legacy idiom and the unified
adapters all send these same objects.

Wire rules kept here: bodies are JSON; amounts go out as fixed-point strings
(``format(amount, "f")``); enums go out by value; lists send ``limit``, ``offset``, ``order``
and ``order_by`` first, in the old client's order; every success is 200 with a JSON body, and
``{}`` (or, tolerated, an empty body) is the answer of the calls that return nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from crmkit.core import (
    Endpoint,
    ErrorDetails,
    InvalidArgument,
    MalformedResponse,
    OffsetPagination,
    Page,
    body_snippet,
    email_param,
    id_param,
    text_param,
)

from ._types import decimal_to_wire, read_exact_json
from .enums import (
    CommunicationOption,
    Cycle,
    InstalmentLinkOrderBy,
    Lifecycle,
    Order,
    PaymentSeriesOrderBy,
    Perspective,
    SaleNomenclature,
)
from .models import (
    Commitment,
    Entity,
    EntityHeadline,
    Human,
    InstalmentLink,
    InstalmentSchedule,
    PaymentSeries,
    ProspectivePayment,
    TermRateGroup,
    XeroEntityMap,
    XeroOrganisation,
)
from .session import Session

__all__ = [
    "LINKS_TAG",
    "SERIES_TAG",
    "SESSION_TAG",
    "create_instalment_link",
    "create_second_factor_code",
    "create_session",
    "error_details",
    "instalment_link_pages",
    "list_instalment_links",
    "list_payment_series",
    "open_instalment_link",
    "payment_series_pages",
    "prospective_payment",
    "prospective_payments",
    "retrieve_commitment",
    "retrieve_entity",
    "retrieve_human",
    "retrieve_instalment_link",
    "retrieve_instalment_schedule",
    "retrieve_payment_series",
    "retrieve_session",
    "retrieve_term_rate_group",
    "retrieve_xero_entity_map",
    "retrieve_xero_organisation",
    "update_session_perspective",
]

M = TypeVar("M", bound=BaseModel)

LINKS_TAG = "procuret.instalment_links"
SERIES_TAG = "procuret.payment_series"
SESSION_TAG = "procuret.session"

LINK_NATURAL_KEY = (
    "its invoice_identifier, invitee_email and invoice_amount among your newest links "
    "(client.instalment_links.list(order=Order.DESCENDING)); links have no unique key, so "
    "check by hand"
)

# -- errors and parsing ---------------------------------------------------------------------


def error_details(response: httpx.Response) -> ErrorDetails:
    """Read Procuret's error body ``{"error-information": ..., "response-code": ...}``."""
    try:
        body: Any = read_exact_json(response) if response.content else None
    except MalformedResponse:
        return ErrorDetails(message=None, body=body_snippet(response))
    if isinstance(body, Mapping):
        info = body.get("error-information")
        message = info if isinstance(info, str) and info else None
        code = body.get("response-code")
        errors = [{"response-code": code}] if code is not None else []
        return ErrorDetails(message=message, errors=errors, body=body)
    return ErrorDetails(message=body if isinstance(body, str) else None, body=body)


def _object(response: httpx.Response) -> Mapping[str, Any]:
    data = read_exact_json(response)
    if not isinstance(data, Mapping):
        raise MalformedResponse(
            f"Expected a JSON object from {response.request.method} "
            f"{response.request.url.path}, got {type(data).__name__}",
            status_code=response.status_code,
            snippet=body_snippet(response),
        )
    return data


def _rows(response: httpx.Response) -> list[Any]:
    data = read_exact_json(response)
    if not isinstance(data, list):
        raise MalformedResponse(
            f"Expected a JSON array from {response.request.method} "
            f"{response.request.url.path}, got {type(data).__name__}",
            status_code=response.status_code,
            snippet=body_snippet(response),
        )
    return data


def _model(model: type[M]) -> Callable[[httpx.Response], M]:
    def parse(response: httpx.Response) -> M:
        return model.model_validate(_object(response))

    return parse


def _page(model: type[M]) -> Callable[[httpx.Response], Page[M]]:
    def parse(response: httpx.Response) -> Page[M]:
        rows = _rows(response)
        items = [model.model_validate(row) for row in rows]
        total: int | None = None
        if rows and isinstance(rows[0], Mapping):
            disposition = rows[0].get("disposition")
            if isinstance(disposition, Mapping) and isinstance(disposition.get("count"), int):
                total = disposition["count"]
        return Page(items, total)

    return parse


def _models(model: type[M]) -> Callable[[httpx.Response], list[M]]:
    def parse(response: httpx.Response) -> list[M]:
        return [model.model_validate(row) for row in _rows(response)]

    return parse


def _nothing(response: httpx.Response) -> None:
    """Calls that answer ``{}``: the body is checked to be JSON when there is one."""
    if response.content.strip():
        read_exact_json(response)


def _session(response: httpx.Response) -> Session:
    return Session.decode(_object(response))


# -- argument checks (before any request) ---------------------------------------------------


def _text(value: Any, name: str, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgument(f"{name} must be a non-empty string, not {value!r:.40}")
    return text_param(value, name=name)


def _email(value: Any, name: str, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    return email_param(value, name=name)


def _public_id(value: Any, name: str, *, optional: bool = False) -> str | None:
    """A Procuret public id (sent in a query or a body): id rules, so no injection."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, str):
        raise InvalidArgument(f"{name} must be a string, not {type(value).__name__}")
    return id_param(value, name=name)


def _required_text(value: Any, name: str) -> str:
    text = _text(value, name)
    assert text is not None
    return text


def _id(value: Any, name: str, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidArgument(f"{name} must be a positive int (not a bool), not {value!r:.40}")
    return value


def _required_id(value: Any, name: str) -> int:
    number = _id(value, name)
    assert number is not None
    return number


def _enum_value(value: Any, enum: type[Any], name: str) -> Any:
    try:
        return enum(value).value
    except (ValueError, TypeError):
        allowed = ", ".join(str(m.value) for m in enum)
        raise InvalidArgument(f"{name} must be one of {allowed}, not {value!r:.40}") from None


def _int_enum(value: Any, enum: type[Any], name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{name} must be a {enum.__name__} or an int, not {value!r:.40}")
    return int(value)


def _amount(value: Any, name: str) -> str:
    if isinstance(value, bool | float):
        raise InvalidArgument(
            f"{name} must be a Decimal (or a decimal string), not a float: binary floats "
            "cannot hold amounts like 0.10 exactly"
        )
    if isinstance(value, int | str):
        try:
            value = Decimal(str(value).strip())
        except ArithmeticError:
            raise InvalidArgument(f"{name} {value!r:.40} is not a decimal amount") from None
    if not isinstance(value, Decimal) or not value.is_finite():
        raise InvalidArgument(f"{name} must be a finite Decimal, not {value!r:.40}")
    return decimal_to_wire(value)


def _paging(limit: Any, offset: Any) -> tuple[int, int]:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise InvalidArgument(f"limit must be a positive int, not {limit!r:.40}")
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise InvalidArgument(f"offset must be an int >= 0, not {offset!r:.40}")
    return limit, offset


def _bool(value: Any, name: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise InvalidArgument(f"{name} must be True, False or None, not {value!r:.40}")


# -- A, B, C, D: second factor and sessions --------------------------------------------------


def create_second_factor_code(
    *,
    email: str | None = None,
    agent_id: int | None = None,
    plaintext_secret: str,
    perspective: Perspective | int | None = None,
) -> Endpoint[None]:
    """A: ask Procuret to send a 6-digit code out of band (unauthenticated).

    Exactly one of ``email`` and ``agent_id`` names the account. All four keys are sent, with
    null for the absent ones, as the old client did.
    """
    if (email is None) == (agent_id is None):
        raise InvalidArgument("pass exactly one of email and agent_id")
    body = {
        "email": _email(email, "email", optional=True),
        "plaintext_secret": _required_text(plaintext_secret, "plaintext_secret"),
        "agent_id": _id(agent_id, "agent_id", optional=True),
        "perspective": None
        if perspective is None
        else _int_enum(perspective, Perspective, "perspective"),
    }
    return Endpoint(method="POST", path="second-factor-code", json=body, parse=_nothing)


def create_session(
    *,
    email: str,
    secret: str,
    perspective: Perspective | int,
    code: str,
    lifecycle: Lifecycle | int = Lifecycle.LONG_LIVED,
) -> Endpoint[Session]:
    """B: log in (unauthenticated). The code is sent as given (quirk #22, kept)."""
    if not isinstance(code, str):
        raise InvalidArgument(f"code must be a string, not {type(code).__name__}")
    text_param(code, name="code", max_length=64)
    body = {
        "email": _email(email, "email"),
        "secret": _required_text(secret, "plaintext_secret"),
        "perspective": _int_enum(perspective, Perspective, "perspective"),
        "lifecycle": _int_enum(lifecycle, Lifecycle, "lifecycle"),
        "code": code,
    }
    return Endpoint(method="POST", path="session", json=body, parse=_session)


def retrieve_session(session_id: int) -> Endpoint[Session]:
    """C: the caller's own session."""
    return Endpoint(
        method="GET",
        path="session",
        params={"session_id": _required_id(session_id, "session_id")},
        parse=_session,
    )


def update_session_perspective(perspective: Perspective | int) -> Endpoint[Session]:
    """D: change the caller's session perspective (id and key stay)."""
    return Endpoint(
        method="PUT",
        path="session",
        json={"perspective_id": _int_enum(perspective, Perspective, "perspective")},
        parse=_session,
        invalidates=(SESSION_TAG,),
    )


# -- E, F, G, H: instalment links -------------------------------------------------------------


def supplier_id_of(supplier: Any) -> int:
    """The supplier id of an int or an :class:`EntityHeadline` (a bool is refused: bug #20)."""
    if isinstance(supplier, EntityHeadline):
        return supplier.entity_id
    return _required_id(supplier, "supplier")


def create_instalment_link(
    *,
    supplier: int | EntityHeadline,
    invoice_amount: Decimal,
    invitee_email: str,
    invoice_identifier: str | None,
    communication: CommunicationOption | bool = CommunicationOption.EMAIL_CUSTOMER,
    denomination: int | None = None,
    sale_name: SaleNomenclature | int | None = None,
    invitee_phone: str | None = None,
) -> Endpoint[InstalmentLink]:
    """E: create an instalment link (signed). Never retried once it may have been sent.

    The body has the old client's five keys; ``denomination``, ``nomenclature`` (from
    ``sale_name``) and ``invitee_phone`` are added only when given, as the JS and Swift SDKs do.
    """
    if isinstance(communication, CommunicationOption):
        communicate = communication.communicate
    elif isinstance(communication, bool):
        communicate = communication
    else:
        raise InvalidArgument("communication must be a CommunicationOption")
    body: dict[str, Any] = {
        "supplier_id": supplier_id_of(supplier),
        "invoice_amount": _amount(invoice_amount, "invoice_amount"),
        "invitee_email": _email(invitee_email, "invitee_email"),
        "invoice_identifier": _text(invoice_identifier, "invoice_identifier", optional=True),
        "communicate": communicate,
    }
    if denomination is not None:
        body["denomination"] = _required_id(denomination, "denomination")
    if sale_name is not None:
        body["nomenclature"] = _int_enum(sale_name, SaleNomenclature, "sale_name")
    if invitee_phone is not None:
        body["invitee_phone"] = _required_text(invitee_phone, "invitee_phone")
    return Endpoint(
        method="POST",
        path="instalment-link",
        json=body,
        parse=_model(InstalmentLink),
        invalidates=(LINKS_TAG,),
        natural_key=LINK_NATURAL_KEY,
    )


def list_instalment_links(
    *,
    limit: int = 20,
    offset: int = 0,
    order: Order | str = Order.DESCENDING,
    order_by: InstalmentLinkOrderBy | str = InstalmentLinkOrderBy.CREATED,
    opened: bool | None = None,
    public_id: str | None = None,
    supplier_id: int | None = None,
    accessible_to: int | None = None,
    created_by: int | None = None,
) -> Endpoint[Page[InstalmentLink]]:
    """F: one page of links; ``Page.total`` is the disposition's ``count``."""
    limit, offset = _paging(limit, offset)
    params: dict[str, Any] = {
        "limit": limit,
        "offset": offset,
        "order": _enum_value(order, Order, "order"),
        "order_by": _enum_value(order_by, InstalmentLinkOrderBy, "order_by"),
        "opened": _bool(opened, "opened"),
        "public_id": _public_id(public_id, "public_id", optional=True),
        "supplier_id": _id(supplier_id, "supplier_id", optional=True),
        "accessible_to": _id(accessible_to, "accessible_to", optional=True),
        "created_by": _id(created_by, "created_by", optional=True),
    }
    return Endpoint(
        method="GET",
        path="instalment-link/list",
        params=params,
        parse=_page(InstalmentLink),
        cache_tags=(LINKS_TAG,),
    )


def instalment_link_pages(
    *, page_size: int = 20, max_items: int | None = None, **filters: Any
) -> OffsetPagination[InstalmentLink]:
    """F as a lazy listing: offset pages of ``page_size``, stopping at the disposition count."""
    list_instalment_links(limit=page_size, **filters)  # validate before any request
    return OffsetPagination(
        lambda offset, limit: list_instalment_links(limit=limit, offset=offset, **filters),
        limit=page_size,
        trust_total=True,
        max_items=max_items,
    )


def retrieve_instalment_link(public_id: str) -> Endpoint[InstalmentLink]:
    """G: one link by its public id."""
    return Endpoint(
        method="GET",
        path="instalment-link",
        params={"public_id": _public_id(public_id, "public_id")},
        parse=_model(InstalmentLink),
        cache_tags=(LINKS_TAG,),
    )


def open_instalment_link(link_id: str) -> Endpoint[None]:
    """H: record an opening of a link."""
    return Endpoint(
        method="POST",
        path="instalment-link/open",
        json={"link_id": _public_id(link_id, "link_id")},
        parse=_nothing,
        invalidates=(LINKS_TAG,),
    )


# -- I, J: prospective payments -----------------------------------------------------------------


def prospective_payment(
    *,
    supplier_id: int,
    principal: Decimal,
    periods: int,
    cycle: Cycle | int = Cycle.ADVANCE,
    denomination: int | None = None,
) -> Endpoint[ProspectivePayment]:
    """I: the payment per period for one term. The query key is ``principle`` (sic)."""
    params = {
        "cycle": _int_enum(cycle, Cycle, "cycle"),
        "supplier_id": _required_id(supplier_id, "supplier_id"),
        "principle": _amount(principal, "principal"),
        "periods": _required_id(periods, "periods"),
        "denomination": _id(denomination, "denomination", optional=True),
    }
    return Endpoint(
        method="GET",
        path="credit/prospective-payment",
        params=params,
        parse=_model(ProspectivePayment),
    )


def prospective_payments(
    *,
    supplier_id: int,
    principal: Decimal,
    cycle: Cycle | int = Cycle.ADVANCE,
    denomination: int | None = None,
) -> Endpoint[list[ProspectivePayment]]:
    """J: one prospective payment per term the supplier offers."""
    params = {
        "cycle": _int_enum(cycle, Cycle, "cycle"),
        "supplier_id": _required_id(supplier_id, "supplier_id"),
        "principle": _amount(principal, "principal"),
        "denomination": _id(denomination, "denomination", optional=True),
    }
    return Endpoint(
        method="GET",
        path="credit/prospective-payment/list",
        params=params,
        parse=_models(ProspectivePayment),
    )


# -- K, L: payment series ----------------------------------------------------------------------


def list_payment_series(
    *,
    limit: int = 20,
    offset: int = 0,
    order: Order | str = Order.DESCENDING,
    order_by: PaymentSeriesOrderBy | str = PaymentSeriesOrderBy.CREATED,
    text_fragment: str | None = None,
    business_id: int | str | None = None,
    method_id: str | None = None,
    public_id: str | None = None,
) -> Endpoint[Page[PaymentSeries]]:
    """K: one page of payment series; ``text_fragment`` goes out as ``any_fragment``."""
    limit, offset = _paging(limit, offset)
    if isinstance(business_id, str) and business_id.strip().isdigit():
        business_id = int(business_id)
    params: dict[str, Any] = {
        "limit": limit,
        "offset": offset,
        "order": _enum_value(order, Order, "order"),
        "order_by": _enum_value(order_by, PaymentSeriesOrderBy, "order_by"),
        "any_fragment": _text(text_fragment, "text_fragment", optional=True),
        "business_id": _id(business_id, "business_id", optional=True),
        "method_id": _text(method_id, "method_id", optional=True),
        "public_id": _public_id(public_id, "public_id", optional=True),
    }
    return Endpoint(
        method="GET",
        path="payment/series/list",
        params=params,
        parse=_page(PaymentSeries),
        cache_tags=(SERIES_TAG,),
    )


def payment_series_pages(
    *, page_size: int = 20, max_items: int | None = None, **filters: Any
) -> OffsetPagination[PaymentSeries]:
    """K as a lazy listing."""
    list_payment_series(limit=page_size, **filters)
    return OffsetPagination(
        lambda offset, limit: list_payment_series(limit=limit, offset=offset, **filters),
        limit=page_size,
        trust_total=True,
        max_items=max_items,
    )


def retrieve_payment_series(public_id: str) -> Endpoint[PaymentSeries]:
    """L: one series by its public id."""
    return Endpoint(
        method="GET",
        path="payment/series",
        params={"public_id": _public_id(public_id, "public_id")},
        parse=_model(PaymentSeries),
        cache_tags=(SERIES_TAG,),
    )


# -- M-S: single reads ---------------------------------------------------------------------------


def _read(path: str, key: str, value: Any, model: type[M], *, numeric: bool) -> Endpoint[M]:
    checked: Any = _required_id(value, key) if numeric else _public_id(value, key)
    return Endpoint(method="GET", path=path, params={key: checked}, parse=_model(model))


def retrieve_term_rate_group(public_id: str) -> Endpoint[TermRateGroup]:
    """M: a term-rate group."""
    return _read("term-rate/group", "public_id", public_id, TermRateGroup, numeric=False)


def retrieve_xero_entity_map(entity_id: int) -> Endpoint[XeroEntityMap]:
    """N: an entity's Xero map."""
    return _read("xero/entity-map", "entity_id", entity_id, XeroEntityMap, numeric=True)


def retrieve_xero_organisation(entity_id: int) -> Endpoint[XeroOrganisation]:
    """O: an entity's Xero organisation."""
    return _read("xero/organisation", "entity_id", entity_id, XeroOrganisation, numeric=True)


def retrieve_entity(entity_id: int) -> Endpoint[Entity]:
    """P: a business entity."""
    return _read("entity", "entity_id", entity_id, Entity, numeric=True)


def retrieve_human(human_id: int) -> Endpoint[Human]:
    """Q: a person."""
    return _read("human", "human_id", human_id, Human, numeric=True)


def retrieve_commitment(setup_id: str) -> Endpoint[Commitment]:
    """R: who committed to a payment setup (the series' ``exchange_id``)."""
    return _read("commitment", "setup_id", setup_id, Commitment, numeric=False)


def retrieve_instalment_schedule(series_id: str) -> Endpoint[InstalmentSchedule]:
    """S: the instalments of a payment series."""
    return _read("instalment-schedule", "series_id", series_id, InstalmentSchedule, numeric=False)
