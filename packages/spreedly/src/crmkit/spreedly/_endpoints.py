"""Sans-IO endpoints and flows for every Spreedly API v4 operation, and the error-body parser.

Each builder returns a :class:`crmkit.core.Endpoint` (or a multi-request :data:`Flow`) with
its path relative to the site's API root (``subscribers/42.xml``). No builder does I/O: the
typed clients, the pyspreedly-style ``api.Client`` and the unified adapters all run these same
objects on a core client.

Builders that return a record take a *reader*: a function from the parsed XML root to the
result. The typed clients pass :func:`model_reader` (pydantic models), the compat layer passes
:func:`crmkit.spreedly._xml.to_compat` (pyspreedly's dicts), so one endpoint serves both.
Identifiers are validated by :func:`crmkit.core.build_path` before anything is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping, MutableSequence
from typing import Any, TypeVar

import httpx
import pydantic

from crmkit.core import (
    AmbiguousWriteError,
    Endpoint,
    ErrorDetails,
    InvalidArgument,
    NotFound,
    Page,
    PermissionDenied,
    ServerError,
    ValidationError,
    body_snippet,
    build_path,
    load_many,
)

from . import _xml
from ._response import Response
from .errors import MalformedXML
from .models import SpreedlyModel

__all__ = [
    "ALL_STATUSES",
    "Reader",
    "SinceIdPagination",
    "error_details",
    "model_reader",
    "models_reader",
    "read_xml",
]

T = TypeVar("T")
M = TypeVar("M", bound=SpreedlyModel)

Reader = Callable[[_xml.Element], T]
"""Turns a parsed XML root into an operation's result."""

Flow = Generator[Endpoint[Any], Any, T]

ALL_STATUSES = range(100, 600)
"""``success=`` for calls whose caller judges the status itself (pyspreedly's ``query``)."""

XML_HEADERS = {"Accept": "application/xml"}
XML_BODY_HEADERS = {**XML_HEADERS, "Content-Type": "application/xml; charset=utf-8"}

SUBSCRIBERS = ("subscribers",)
PLANS = ("plans",)
BILLING = ("subscribers", "invoices", "transactions")


# -- reading responses ------------------------------------------------------------------------


def read_xml(response: httpx.Response) -> _xml.Element:
    """Parse a response body as XML, safely.

    The body is judged by its content, not its Content-Type (the vendor's is not documented).

    Raises:
        MalformedXML: the body is empty, text, HTML or broken XML.
        UnsafeXML: the body declares a DTD or entities (never expanded).
    """
    try:
        return _xml.parse(response.content)
    except MalformedXML as exc:
        raise _in_context(exc, response) from exc


def _in_context(
    exc: MalformedXML, response: httpx.Response, root: str | None = None
) -> MalformedXML:
    """``exc`` again, saying which answer it was about and what to check."""
    request = response.request
    what = exc.message
    if root == "html":
        what = "it is an HTML page (probably from a proxy or captive portal, not Spreedly)"
    return type(exc)(
        f"Spreedly's answer to {request.method} {request.url.path} (HTTP "
        f"{response.status_code}) is not usable XML: {what}. If it persists, check "
        "base_url and any proxy between you and Spreedly.",
        status_code=response.status_code,
        content_type=response.headers.get("content-type"),
        snippet=body_snippet(response),
        vendor="spreedly",
    )


def model_reader(model: type[M]) -> Reader[M]:
    """A reader loading one ``model`` record (its root must be ``model.xml_tag``)."""

    def read(root: _xml.Element) -> M:
        return model.from_xml(root)

    return read


def models_reader(
    model: type[M],
    array_tag: str,
    *,
    invalid: MutableSequence[ValidationError] | None = None,
) -> Reader[list[M]]:
    """A reader loading an array of ``model`` records (``<nil-classes>`` is an empty list).

    Args:
        model: the item model.
        array_tag: the root element of a non-empty list (``subscribers``).
        invalid: collects records that do not fit the model instead of raising.
    """

    def read(root: _xml.Element) -> list[M]:
        if root.tag == "nil-classes":
            return []
        if root.tag != array_tag:
            raise MalformedXML(f"expected <{array_tag}> or <nil-classes>, got <{root.tag}>")
        rows: list[Any] = []
        for child in root:
            try:
                rows.append(_xml.decode(child))
            except MalformedXML as exc:
                # A typed leaf that does not fit its type spoils this record only.
                if invalid is None:
                    raise
                invalid.append(
                    ValidationError(
                        f"{model.__name__} record has a malformed value: {exc.message}",
                        raw_data=_xml.decode(child, raw=True),
                        model=model,
                        vendor="spreedly",
                    )
                )
        return load_many(model, rows, invalid=invalid, vendor="spreedly")

    return read


def _parse_with(read: Reader[T]) -> Callable[[httpx.Response], T]:
    def parse(response: httpx.Response) -> T:
        root = read_xml(response)
        try:
            return read(root)
        except MalformedXML as exc:
            if "Spreedly's answer to" in exc.message:
                raise
            raise _in_context(exc, response, root.tag) from exc

    return parse


def _parse_optional(read: Reader[T], root_tag: str) -> Callable[[httpx.Response], T | None]:
    """Parse a ``root_tag`` record when the body holds one; None for an empty body."""

    def parse(response: httpx.Response) -> T | None:
        if not response.content.strip():
            return None
        root = read_xml(response)
        return read(root) if root.tag == root_tag else None

    return parse


def _no_result(response: httpx.Response) -> None:
    return None


def _status(response: httpx.Response) -> int:
    return response.status_code


def _response(response: httpx.Response) -> Response:
    return Response(response)


def error_details(response: httpx.Response) -> ErrorDetails:
    """Spreedly's error bodies: ``<errors><error>..</error></errors>`` or plain text.

    ``errors`` holds each ``<error>`` text and ``message`` joins them with ``"; "``; a text body
    is the message as it is. ``body`` is the raw text either way. A body declaring entities is
    treated as text (never expanded).
    """
    text = response.content.decode("utf-8", errors="replace").strip()
    if not text:
        return ErrorDetails(message=None, body="")
    if text.startswith("<"):
        try:
            root = _xml.parse(response.content)
        except MalformedXML:
            return ErrorDetails(message=text[:300], body=text)
        if root.tag == "errors":
            errors = [(child.text or "").strip() for child in root if child.tag == "error"]
            errors = [e for e in errors if e]
            return ErrorDetails(message="; ".join(errors) or None, errors=errors, body=text)
        inner = " ".join(t.strip() for t in root.itertext() if t.strip())
        return ErrorDetails(message=inner[:300] or None, body=text)
    return ErrorDetails(message=text[:500], body=text)


# -- building requests ------------------------------------------------------------------------


def request_element(tag: str, value: Any) -> _xml.Element:
    """A request body element, untyped as in the vendor's documented requests.

    Raises:
        InvalidArgument: for a value XML cannot carry (a list, a control character, NaN...).
    """
    try:
        return _xml.encode(tag, value, typed=False)
    except ValueError as exc:
        raise InvalidArgument(f"cannot send <{tag}>: {exc}") from exc


def _call(
    method: str,
    path: str,
    parse: Callable[[httpx.Response], T],
    *,
    body: _xml.Element | None = None,
    content: bytes | None = None,
    **kwargs: Any,
) -> Endpoint[T]:
    if body is not None:
        content = _xml.to_bytes(body)
    headers = XML_BODY_HEADERS if content is not None else XML_HEADERS
    return Endpoint(
        method=method, path=path, parse=parse, content=content, headers=headers, **kwargs
    )


def subscriber_path(customer_id: Any, suffix: str = "") -> str:
    """``subscribers/{cid}{suffix}.xml`` with the id validated and escaped."""
    return build_path("subscribers/{cid}", cid=_id_arg(customer_id)) + suffix + ".xml"


def _id_arg(value: Any) -> Any:
    if isinstance(value, str | int) and not isinstance(value, bool):
        return value
    raise InvalidArgument(f"customer id must be a str or int, not {type(value).__name__}")


def _id_text(value: Any) -> str:
    # A customer id is a string on the wire (no type attribute), whatever Python type it had.
    return str(_id_arg(value))


# -- plans ----------------------------------------------------------------------------------


def list_plans(read: Reader[T]) -> Endpoint[T]:
    """``GET subscription_plans.xml`` (there is no single-plan endpoint)."""
    return _call("GET", "subscription_plans.xml", _parse_with(read), cache_tags=PLANS)


# -- subscribers ------------------------------------------------------------------------------


def list_subscribers(read: Reader[T]) -> Endpoint[T]:
    """``GET subscribers.xml``: every subscriber of the site, unpaged."""
    return _call("GET", "subscribers.xml", _parse_with(read), cache_tags=SUBSCRIBERS)


def get_subscriber(customer_id: Any, read: Reader[T]) -> Endpoint[T]:
    """``GET subscribers/{cid}.xml`` (with ``invoices``); 404 when unknown."""
    return _call("GET", subscriber_path(customer_id), _parse_with(read), cache_tags=SUBSCRIBERS)


def create_subscriber_body(
    customer_id: Any, screen_name: Any, fields: Mapping[str, Any] | None = None
) -> _xml.Element:
    """``<subscriber>`` with ``customer-id``, ``screen-name`` and any other given fields.

    Raises:
        InvalidArgument: for a customer id that could never be addressed in a URL.
    """
    build_path("{cid}", cid=_id_arg(customer_id))  # refuse ids no later call could address
    record: dict[str, Any] = {"customer-id": _id_text(customer_id)}
    if screen_name is not None:
        record["screen-name"] = screen_name
    for name, value in (fields or {}).items():
        if value is not None:
            record[_xml.dasherize(name)] = value
    return request_element("subscriber", record)


def create_subscriber(customer_id: Any, body: _xml.Element, read: Reader[T]) -> Endpoint[T]:
    """``POST subscribers.xml``: 201 with the new subscriber; 403 if the id exists."""
    return _call(
        "POST",
        "subscribers.xml",
        _parse_with(read),
        body=body,
        invalidates=SUBSCRIBERS,
        natural_key=f"customer id {_id_text(customer_id)!r} (GET subscribers/<id>.xml)",
    )


def create_subscriber_flow(customer_id: Any, body: _xml.Element, read: Reader[T]) -> Flow[T]:
    """Create a subscriber; reconcile an ambiguous failure by its customer id.

    A create that failed after it may have reached Spreedly (connection lost, 5xx) is looked
    up by the customer id (the natural key the app chose): found means it was created; not
    found means it is sent again, and a 403 "already exists" on that second try means the first
    one landed after all. A 403 on the first try is a real duplicate and is raised.
    """
    create = create_subscriber(customer_id, body, read)
    result: T
    try:
        result = yield create
        return result
    except (AmbiguousWriteError, ServerError) as exc:
        original: Exception = exc
    try:
        result = yield get_subscriber(customer_id, read)
        return result
    except NotFound:
        pass
    except Exception as exc:  # the lookup failed too: report the create's failure
        raise original from exc
    try:
        result = yield create
        return result
    except PermissionDenied:
        result = yield get_subscriber(customer_id, read)
        return result


def update_subscriber_body(fields: Mapping[str, Any]) -> _xml.Element:
    """``<subscriber>`` holding ``fields`` (Python or wire names), dasherized."""
    return request_element("subscriber", {_xml.dasherize(k): v for k, v in fields.items()})


def update_subscriber(customer_id: Any, body: _xml.Element, *, renames: bool) -> Endpoint[None]:
    """``PUT subscribers/{cid}.xml``: 200 with an empty body (UNCERTAIN; a body is ignored).

    A rename (``new-customer-id``) is not idempotent: a retry after it landed would 404.
    """
    return _call(
        "PUT",
        subscriber_path(customer_id),
        _no_result,
        body=body,
        invalidates=SUBSCRIBERS,
        idempotent=not renames,
    )


def update_subscriber_flow(
    customer_id: Any, body: _xml.Element, read: Reader[T], *, new_customer_id: Any = None
) -> Flow[T]:
    """PUT the changes, then read the subscriber back (under its new id after a rename)."""
    yield update_subscriber(customer_id, body, renames=new_customer_id is not None)
    final_id = customer_id if new_customer_id is None else new_customer_id
    result: T = yield get_subscriber(final_id, read)
    return result


def delete_subscriber(customer_id: Any) -> Endpoint[int]:
    """``DELETE subscribers/{cid}.xml`` (test sites only; 403 on production, 404 unknown)."""
    return _call("DELETE", subscriber_path(customer_id), _status, invalidates=SUBSCRIBERS)


def delete_all_subscribers() -> Endpoint[int]:
    """``DELETE subscribers.xml``: removes every subscriber of a test site (plans stay)."""
    return _call("DELETE", "subscribers.xml", _status, invalidates=SUBSCRIBERS)


def plan_reference(plan_id: Any) -> _xml.Element:
    """``<subscription-plan><id>N</id></subscription-plan>``; ``<subscription-plan/>`` for None."""
    if plan_id is None:
        return request_element("subscription-plan", {})
    if isinstance(plan_id, bool):
        raise InvalidArgument("plan_id must be an int or a string of digits, not a bool")
    return request_element("subscription-plan", {"id": str(plan_id)})


def subscribe_to_free_trial(customer_id: Any, plan_id: Any, read: Reader[T]) -> Endpoint[T]:
    """``POST subscribers/{cid}/subscribe_to_free_trial.xml`` (free-trial plans only)."""
    return _call(
        "POST",
        subscriber_path(customer_id, "/subscribe_to_free_trial"),
        _parse_with(read),
        body=plan_reference(plan_id),
        invalidates=SUBSCRIBERS,
    )


def allow_free_trial(customer_id: Any, read: Reader[T]) -> Endpoint[T]:
    """``POST subscribers/{cid}/allow_free_trial.xml`` (no body).

    Setting a flag is idempotent, so this POST may be retried after an ambiguous failure.
    """
    return _call(
        "POST",
        subscriber_path(customer_id, "/allow_free_trial"),
        _parse_with(read),
        invalidates=SUBSCRIBERS,
        idempotent=True,
    )


def fee_body(name: Any, description: Any, group: Any, amount: Any) -> _xml.Element:
    """``<fee>`` with ``name``, ``description``, ``group`` and ``amount``."""
    return request_element(
        "fee", {"name": name, "description": description, "group": group, "amount": amount}
    )


def add_fee(
    customer_id: Any, body: _xml.Element, parse: Callable[[httpx.Response], T], **kw: Any
) -> Endpoint[T]:
    """``POST subscribers/{cid}/fees.xml``: 201 (empty body); 422 unless active and recurring."""
    return _call(
        "POST", subscriber_path(customer_id, "/fees"), parse, body=body, invalidates=BILLING, **kw
    )


def complimentary_subscription_body(
    duration: Any,
    duration_units: Any,
    feature_level: Any,
    start_time: Any = None,
    amount: Any = None,
) -> _xml.Element:
    """``<complimentary-subscription>``; ``start-time`` and ``amount`` only when both are given."""
    record: dict[str, Any] = {
        "duration-quantity": duration,
        "duration-units": duration_units,
        "feature-level": feature_level,
    }
    if start_time is not None and amount is not None:
        record["start-time"] = start_time
        record["amount"] = amount
    return request_element("complimentary-subscription", record)


def create_complimentary_subscription(
    customer_id: Any, body: _xml.Element, parse: Callable[[httpx.Response], T]
) -> Endpoint[T]:
    """``POST subscribers/{cid}/complimentary_subscriptions.xml``: 201; 403 if active."""
    return _call(
        "POST",
        subscriber_path(customer_id, "/complimentary_subscriptions"),
        parse,
        body=body,
        invalidates=SUBSCRIBERS,
    )


def time_extension_body(duration: Any, duration_units: Any) -> _xml.Element:
    """``<complimentary-time-extension>`` with quantity and units."""
    return request_element(
        "complimentary-time-extension",
        {"duration-quantity": duration, "duration-units": duration_units},
    )


def create_complimentary_time_extension(
    customer_id: Any, body: _xml.Element, parse: Callable[[httpx.Response], T]
) -> Endpoint[T]:
    """``POST subscribers/{cid}/complimentary_time_extensions.xml``: 201; 403 if inactive.

    Always the plural path (the manual's singular spelling was a typo).
    """
    return _call(
        "POST",
        subscriber_path(customer_id, "/complimentary_time_extensions"),
        parse,
        body=body,
        invalidates=SUBSCRIBERS,
    )


def lifetime_complimentary_body(feature_level: Any) -> _xml.Element:
    """``<lifetime-complimentary-subscription>`` with ``feature-level``."""
    return request_element("lifetime-complimentary-subscription", {"feature-level": feature_level})


def create_lifetime_complimentary_subscription(
    customer_id: Any, body: _xml.Element, parse: Callable[[httpx.Response], T]
) -> Endpoint[T]:
    """``POST subscribers/{cid}/lifetime_complimentary_subscriptions.xml`` (any 2xx)."""
    return _call(
        "POST",
        subscriber_path(customer_id, "/lifetime_complimentary_subscriptions"),
        parse,
        body=body,
        invalidates=SUBSCRIBERS,
    )


def stop_auto_renew(customer_id: Any, parse: Callable[[httpx.Response], T]) -> Endpoint[T]:
    """``POST subscribers/{cid}/stop_auto_renew.xml``: ``recurring`` becomes false.

    Idempotent in effect (stopping twice changes nothing), so it may be retried.
    """
    return _call(
        "POST",
        subscriber_path(customer_id, "/stop_auto_renew"),
        parse,
        invalidates=SUBSCRIBERS,
        idempotent=True,
    )


def change_subscription_plan(
    customer_id: Any, plan_id: Any, parse: Callable[[httpx.Response], T]
) -> Endpoint[T]:
    """``PUT subscribers/{cid}/change_subscription_plan.xml``: plan and feature level switch."""
    return _call(
        "PUT",
        subscriber_path(customer_id, "/change_subscription_plan"),
        parse,
        body=plan_reference(plan_id),
        invalidates=SUBSCRIBERS,
    )


def credit_body(amount: Any) -> _xml.Element:
    """``<credit><amount>..</amount></credit>``."""
    return request_element("credit", {"amount": amount})


def add_store_credit(
    customer_id: Any, body: _xml.Element, parse: Callable[[httpx.Response], T]
) -> Endpoint[T]:
    """``POST subscribers/{cid}/credits.xml``: 201; 422 if the total would go below zero."""
    return _call(
        "POST", subscriber_path(customer_id, "/credits"), parse, body=body, invalidates=BILLING
    )


def write_then_read(write: Endpoint[T | None], customer_id: Any, read: Reader[T]) -> Flow[T]:
    """Run ``write``; when its answer holds no subscriber, read the subscriber back."""
    written: T | None = yield write
    if written is not None:
        return written
    result: T = yield get_subscriber(customer_id, read)
    return result


def optional_subscriber(read: Reader[T]) -> Callable[[httpx.Response], T | None]:
    """A parser reading a ``<subscriber>`` answer, or None for an empty body."""
    return _parse_optional(read, "subscriber")


# -- invoices and transactions ----------------------------------------------------------------


def invoice_body(plan_id: Any, customer_id: Any, screen_name: Any, email: Any) -> _xml.Element:
    """``<invoice>`` for a plan and a (possibly new) subscriber."""
    if isinstance(plan_id, bool):
        raise InvalidArgument("plan_id must be an int")
    build_path("{cid}", cid=_id_arg(customer_id))
    subscriber: dict[str, Any] = {"customer-id": _id_text(customer_id)}
    if screen_name is not None:
        subscriber["screen-name"] = screen_name
    if email is not None:
        subscriber["email"] = email
    return request_element("invoice", {"subscription-plan-id": plan_id, "subscriber": subscriber})


def create_invoice(body: _xml.Element, read: Reader[T]) -> Endpoint[T]:
    """``POST invoices.xml``: 201 with an open invoice (creates the subscriber if needed)."""
    return _call("POST", "invoices.xml", _parse_with(read), body=body, invalidates=BILLING)


def pay_invoice(token: str, body: _xml.Element, read: Reader[T]) -> Endpoint[T]:
    """``PUT invoices/{token}/pay.xml``: 200 with the closed invoice.

    Never retried after it may have reached Spreedly, although PUT: a second attempt could
    charge the card twice (504 means the gateway timed out, not that nothing happened).
    """
    return _call(
        "PUT",
        build_path("invoices/{token}/pay.xml", token=token),
        _parse_with(read),
        body=body,
        invalidates=BILLING,
        idempotent=False,
    )


TRANSACTIONS_PAGE_SIZE = 50


def list_transactions(since_id: int | None, read: Reader[list[T]]) -> Endpoint[Page[T]]:
    """``GET transactions.xml[?since_id=N]``: up to 50 transactions after ``since_id``."""

    def parse(response: httpx.Response) -> Page[T]:
        return Page(read(read_xml(response)))

    params = {"since_id": since_id} if since_id is not None else None
    return _call("GET", "transactions.xml", parse, params=params, cache_tags=("transactions",))


class SinceIdPagination:
    """Pages of transactions, each after the last id of the page before it.

    The next page's cursor is only known once the previous page was read, so pages are not
    randomly accessible (the pager reads them in order). Stops at a short page (UNCERTAIN page
    size: 50, as the vendor file says; a short page always ends the listing).
    """

    def __init__(
        self,
        make_endpoint: Callable[[int | None], Endpoint[Page[Any]]],
        *,
        since_id: int | None = None,
        id_of: Callable[[Any], int | None] = lambda item: getattr(item, "id", None),
        page_size: int = TRANSACTIONS_PAGE_SIZE,
    ) -> None:
        self._make = make_endpoint
        self._cursors: dict[int, int | None] = {0: since_id}
        self._id_of = id_of
        self._page_size = page_size

    @property
    def page_size(self) -> int | None:
        return self._page_size

    @property
    def random_access(self) -> bool:
        return False

    def page_endpoint(self, index: int) -> Endpoint[Page[Any]] | None:
        if index not in self._cursors:
            return None
        return self._make(self._cursors[index])

    def is_last(self, page: Page[Any]) -> bool:
        if len(page.items) < self._page_size:
            return True
        last = self._id_of(page.items[-1])
        if last is None:
            return True
        self._cursors[page.index + 1] = last
        return False


# -- pyspreedly's query ---------------------------------------------------------------------------

_ACTIONS = {"get": "GET", "post": "POST", "put": "PUT", "delete": "DELETE"}


def query(url: str, data: str | bytes | None, action: str) -> Endpoint[Response]:
    """pyspreedly's ``query``: any call below the site's API root, status not checked.

    ``url`` is relative to ``/api/v4/<site>/`` (a leading ``/`` is ignored and may carry a
    query string). Absolute URLs, ``//host`` and ``..`` segments are refused, so the token can
    never be sent outside the site (pyspreedly's ``urljoin`` allowed that).

    Raises:
        InvalidArgument: for an unknown action, a URL leaving the site, or bad data.
    """
    method = _ACTIONS.get(str(action).lower())
    if method is None:
        raise InvalidArgument(f"action must be one of get, post, put, delete; got {action!r}")
    if not isinstance(url, str) or not url.strip():
        raise InvalidArgument("url must be a non-empty path such as 'subscribers/1.xml'")
    text = url.strip()
    if "://" in text or text.startswith("//") or "\\" in text:
        raise InvalidArgument(
            f"url {text[:60]!r} must be a path below the site's API root, not an absolute URL"
        )
    path, _, query_string = text.lstrip("/").partition("?")
    if any(segment in (".", "..") for segment in path.split("/")) or "#" in path:
        raise InvalidArgument(f"url {text[:60]!r} may not contain '.', '..' or '#' segments")
    if any(ord(c) < 33 for c in path):
        raise InvalidArgument(f"url {text[:60]!r} contains spaces or control characters")
    content: bytes | None
    if data is None:
        content = None
    elif isinstance(data, bytes):
        content = data
    elif isinstance(data, str):
        content = data.encode("utf-8")
    else:
        raise InvalidArgument(f"data must be XML as str or bytes, not {type(data).__name__}")
    params = dict(httpx.QueryParams(query_string)) if query_string else None
    return _call(
        method,
        path,
        _response,
        content=content,
        params=params,
        success=ALL_STATUSES,
        invalidates=BILLING if method != "GET" else (),
    )


def compat_validation_error(exc: pydantic.ValidationError, what: str) -> InvalidArgument:
    """A pydantic error on a request model, as an :class:`InvalidArgument`."""
    first = exc.errors(include_input=False, include_url=False)
    detail = "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or what}: {e['msg']}" for e in first[:3]
    )
    return InvalidArgument(f"invalid {what}: {detail}")
