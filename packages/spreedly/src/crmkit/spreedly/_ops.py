"""The typed operations: input checked against the request models, results as pydantic models.

Every function here returns an :class:`~crmkit.core.Endpoint` or a :data:`~crmkit.core.Flow`
and does no I/O; :mod:`crmkit.spreedly._client` runs them on a sync or an async core client, and
:mod:`crmkit.spreedly.unified` reuses them. Bad input raises
:class:`~crmkit.core.InvalidArgument` here, before anything is sent.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping, MutableSequence
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

import pydantic

from crmkit.core import (
    Endpoint,
    InvalidArgument,
    NotFound,
    Page,
    SinglePage,
    ValidationError,
    email_param,
    int_param,
    money_param,
    path_param,
    text_param,
)

from . import _endpoints as ep
from ._xml import Element
from .models import (
    WRITABLE_SUBSCRIBER_FIELDS,
    ComplimentarySubscription,
    ComplimentaryTimeExtension,
    Credit,
    CreditCard,
    Fee,
    Invoice,
    LifetimeComplimentarySubscription,
    Payment,
    Subscriber,
    SubscriptionPlan,
    Transaction,
)

__all__ = [
    "SUBSCRIBER",
    "subscriber_fields",
]

T = TypeVar("T")
RM = TypeVar("RM", bound=pydantic.BaseModel)
Flow = Generator[Endpoint[Any], Any, T]

SUBSCRIBER = ep.model_reader(Subscriber)
INVOICE = ep.model_reader(Invoice)
PLANS = ep.models_reader(SubscriptionPlan, "subscription-plans")
TRANSACTIONS = ep.models_reader(Transaction, "transactions")

# Write-only elements a PUT may carry besides the writable fields.
_WRITE_ONLY = frozenset({"new_customer_id", "payment_method"})


def _request(model: type[RM], what: str, **values: Any) -> RM:
    try:
        return model(**values)
    except pydantic.ValidationError as exc:
        raise ep.compat_validation_error(exc, what) from exc


def _body(model: pydantic.BaseModel, tag: str) -> Element:
    wire = model.model_dump(mode="python", by_alias=True, exclude_none=True)
    return ep.request_element(tag, wire)


# -- plans ----------------------------------------------------------------------------------


def list_plans() -> Endpoint[list[SubscriptionPlan]]:
    """Every plan of the site."""
    return ep.list_plans(PLANS)


def get_plan(plan_id: int) -> Flow[SubscriptionPlan]:
    """One plan, found in the listing (Spreedly has no single-plan endpoint).

    Raises:
        NotFound: when no plan has ``plan_id``.
    """
    if isinstance(plan_id, bool) or not isinstance(plan_id, int | str):
        raise InvalidArgument(f"plan_id must be an int, not {type(plan_id).__name__}")
    try:
        wanted = int(plan_id)
    except ValueError:
        raise InvalidArgument(f"plan_id must be an int, not {plan_id!r}") from None
    plans: list[SubscriptionPlan] = yield list_plans()
    for plan in plans:
        if plan.id == wanted:
            return plan
    raise NotFound(
        f"spreedly: there is no subscription plan with an ID of {wanted} on this site",
        status_code=404,
        vendor="spreedly",
    )


# -- subscribers ------------------------------------------------------------------------------


def list_subscribers(
    *, invalid: MutableSequence[ValidationError] | None = None
) -> SinglePage[Subscriber]:
    """Every subscriber (one unpaged page; UNCERTAIN paging, see the vendor file)."""
    read = ep.models_reader(Subscriber, "subscribers", invalid=invalid)

    def as_page(root: Element) -> Page[Subscriber]:
        items = read(root)
        return Page(items, total=len(items))

    return SinglePage(ep.list_subscribers(as_page))


def get_subscriber(customer_id: str | int) -> Endpoint[Subscriber]:
    """One subscriber, with its invoices."""
    return ep.get_subscriber(customer_id, SUBSCRIBER)


def subscriber_fields(fields: Mapping[str, Any], *, for_create: bool = False) -> dict[str, Any]:
    """Check subscriber fields given by name: writable ones only; ``None`` means "not given".

    Raises:
        InvalidArgument: for a read-only or unknown field name.
    """
    out: dict[str, Any] = {}
    allowed = WRITABLE_SUBSCRIBER_FIELDS if for_create else WRITABLE_SUBSCRIBER_FIELDS | _WRITE_ONLY
    for name, value in fields.items():
        key = name.replace("-", "_")
        if key not in allowed:
            raise InvalidArgument(
                f"{name!r} is not a writable subscriber field; writable: "
                + ", ".join(sorted(allowed))
            )
        if value is None:
            continue
        if key != "payment_method" and not isinstance(value, str):
            raise InvalidArgument(f"{key} must be a string, not {type(value).__name__}")
        if key == "email" and value != "":  # "" clears the email
            email_param(value, name=key)
        elif key != "payment_method":
            text_param(value, name=key, max_length=_MAX_FIELD)
        out[key] = value
    return out


_MAX_FIELD = 4096


def _text(value: Any, name: str, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    return text_param(value, name=name, max_length=_MAX_FIELD)


def create_subscriber(
    customer_id: str | int, screen_name: str | None = None, **fields: Any
) -> Flow[Subscriber]:
    """Create a subscriber (reconciling an ambiguous failure by its customer id)."""
    _valid_id(customer_id)
    given = subscriber_fields(fields, for_create=True)
    if screen_name is not None and not isinstance(screen_name, str):
        raise InvalidArgument(f"screen_name must be a string, not {type(screen_name).__name__}")
    _text(screen_name, "screen_name", optional=True)
    body = ep.create_subscriber_body(customer_id, screen_name, given)
    return ep.create_subscriber_flow(customer_id, body, SUBSCRIBER)


def _valid_id(customer_id: Any) -> bool:
    if isinstance(customer_id, bool) or not isinstance(customer_id, str | int):
        raise InvalidArgument(f"customer_id must be a str or int, not {type(customer_id).__name__}")
    if isinstance(customer_id, str) and not customer_id.strip():
        raise InvalidArgument("customer_id must not be blank")
    ep.subscriber_path(customer_id)  # refuses ids no URL could carry
    return True


def get_or_create_subscriber(
    customer_id: str | int, screen_name: str | None = None, **fields: Any
) -> Flow[Subscriber]:
    """The subscriber if it exists (unchanged), else a new one."""
    _valid_id(customer_id)
    subscriber_fields(fields, for_create=True)  # all checks before the first request
    _text(screen_name, "screen_name", optional=True)
    try:
        result: Subscriber = yield get_subscriber(customer_id)
        return result
    except NotFound:
        pass
    return (yield from create_subscriber(customer_id, screen_name, **fields))


def update_subscriber(
    customer_id: str | int, *, new_customer_id: str | int | None = None, **fields: Any
) -> Flow[Subscriber]:
    """Set writable fields (``""`` clears one; ``None`` leaves it), then read back.

    Raises:
        InvalidArgument: for a read-only field, or when nothing is to change.
    """
    _valid_id(customer_id)
    given = subscriber_fields(fields)
    if new_customer_id is not None:
        _valid_id(new_customer_id)
        given["new_customer_id"] = str(new_customer_id)
    if not given:
        raise InvalidArgument("update_subscriber needs at least one field to change")
    body = ep.update_subscriber_body(given)
    return ep.update_subscriber_flow(customer_id, body, SUBSCRIBER, new_customer_id=new_customer_id)


def save_subscriber(subscriber: Subscriber) -> Flow[Subscriber]:
    """Send the writable fields changed on ``subscriber`` since it was loaded, then read back.

    Nothing changed: one GET, no PUT.
    """
    if not isinstance(subscriber, Subscriber):
        raise InvalidArgument(
            f"save() takes a Subscriber (as loaded), not {type(subscriber).__name__}"
        )
    changes = subscriber.writable_changes()
    if not changes:
        result: Subscriber = yield get_subscriber(subscriber.customer_id)
        return result
    body = ep.update_subscriber_body(changes)
    return (yield from ep.update_subscriber_flow(subscriber.customer_id, body, SUBSCRIBER))


def delete_subscriber(customer_id: str | int) -> Flow[None]:
    """Delete one subscriber (test sites only: production answers 403)."""
    _valid_id(customer_id)
    yield ep.delete_subscriber(customer_id)
    return None


def delete_all_subscribers(*, confirm: bool) -> Flow[None]:
    """Delete every subscriber of a test site; ``confirm=True`` is required."""
    if confirm is not True:
        raise InvalidArgument(
            "delete_all removes every subscriber of the site: pass confirm=True to mean it"
        )
    yield ep.delete_all_subscribers()
    return None


def _plan_id(plan_id: Any) -> int:
    if isinstance(plan_id, bool) or not isinstance(plan_id, int | str):
        raise InvalidArgument(f"plan_id must be an int, not {type(plan_id).__name__}")
    try:
        return int(plan_id)
    except ValueError:
        raise InvalidArgument(f"plan_id must be an int, not {plan_id!r}") from None


def subscribe_to_free_trial(customer_id: str | int, plan_id: int) -> Endpoint[Subscriber]:
    """Put the subscriber on a free-trial plan."""
    _valid_id(customer_id)
    return ep.subscribe_to_free_trial(customer_id, _plan_id(plan_id), SUBSCRIBER)


def allow_free_trial(customer_id: str | int) -> Endpoint[Subscriber]:
    """Make the subscriber eligible for a free trial again."""
    _valid_id(customer_id)
    return ep.allow_free_trial(customer_id, SUBSCRIBER)


def add_fee(
    customer_id: str | int,
    *,
    name: str,
    amount: Decimal | int | str,
    group: str,
    description: str = "",
) -> Endpoint[None]:
    """Bill a fee at the next renewal (active, recurring subscribers only)."""
    _valid_id(customer_id)
    for label, text in (("name", name), ("group", group), ("description", description)):
        text_param(text, name=label, max_length=_MAX_FIELD)
    amount = money_param(amount, name="amount")
    fee = _request(Fee, "fee", name=name, description=description, group=group, amount=amount)
    return ep.add_fee(customer_id, _body(fee, "fee"), ep._no_result)


def _then_subscriber(write: Endpoint[Subscriber | None], customer_id: Any) -> Flow[Subscriber]:
    return ep.write_then_read(write, customer_id, SUBSCRIBER)


def create_complimentary_subscription(
    customer_id: str | int,
    *,
    duration_quantity: int,
    duration_units: str,
    feature_level: str,
    start_time: datetime | None = None,
    amount: Decimal | None = None,
) -> Flow[Subscriber]:
    """Give an inactive subscriber free time on a feature level."""
    _valid_id(customer_id)
    int_param(duration_quantity, name="duration_quantity")
    _text(duration_units, "duration_units")
    _text(feature_level, "feature_level")
    if amount is not None:
        amount = money_param(amount, name="amount")
    comp = _request(
        ComplimentarySubscription,
        "complimentary subscription",
        duration_quantity=duration_quantity,
        duration_units=duration_units,
        feature_level=feature_level,
        start_time=start_time,
        amount=amount,
    )
    body = _body(comp, "complimentary-subscription")
    write = ep.create_complimentary_subscription(
        customer_id, body, ep.optional_subscriber(SUBSCRIBER)
    )
    return _then_subscriber(write, customer_id)


def create_complimentary_time_extension(
    customer_id: str | int, *, duration_quantity: int, duration_units: str
) -> Flow[Subscriber]:
    """Extend an active subscriber's time."""
    _valid_id(customer_id)
    int_param(duration_quantity, name="duration_quantity")
    _text(duration_units, "duration_units")
    ext = _request(
        ComplimentaryTimeExtension,
        "complimentary time extension",
        duration_quantity=duration_quantity,
        duration_units=duration_units,
    )
    write = ep.create_complimentary_time_extension(
        customer_id, _body(ext, "complimentary-time-extension"), ep.optional_subscriber(SUBSCRIBER)
    )
    return _then_subscriber(write, customer_id)


def create_lifetime_complimentary_subscription(
    customer_id: str | int, *, feature_level: str
) -> Flow[Subscriber]:
    """Give a complimentary subscription that never expires."""
    _valid_id(customer_id)
    _text(feature_level, "feature_level")
    life = _request(
        LifetimeComplimentarySubscription,
        "lifetime complimentary subscription",
        feature_level=feature_level,
    )
    write = ep.create_lifetime_complimentary_subscription(
        customer_id,
        _body(life, "lifetime-complimentary-subscription"),
        ep.optional_subscriber(SUBSCRIBER),
    )
    return _then_subscriber(write, customer_id)


def stop_auto_renew(customer_id: str | int) -> Flow[Subscriber]:
    """Stop renewing: the subscriber stays active until ``active_until``."""
    _valid_id(customer_id)
    return _then_subscriber(
        ep.stop_auto_renew(customer_id, ep.optional_subscriber(SUBSCRIBER)), customer_id
    )


def change_plan(customer_id: str | int, plan_id: int) -> Flow[Subscriber]:
    """Switch plan and feature level at once (no proration, invoice or date change)."""
    _valid_id(customer_id)
    write = ep.change_subscription_plan(
        customer_id, _plan_id(plan_id), ep.optional_subscriber(SUBSCRIBER)
    )
    return _then_subscriber(write, customer_id)


def add_store_credit(customer_id: str | int, amount: Decimal | int | str) -> Flow[Subscriber]:
    """Add store credit (negative takes some back; the total may not go below zero)."""
    _valid_id(customer_id)
    credit = _request(Credit, "credit", amount=money_param(amount, name="amount"))
    write = ep.add_store_credit(
        customer_id, _body(credit, "credit"), ep.optional_subscriber(SUBSCRIBER)
    )
    return _then_subscriber(write, customer_id)


# -- invoices and transactions ----------------------------------------------------------------


def create_invoice(
    plan_id: int,
    customer_id: str | int,
    *,
    screen_name: str | None = None,
    email: str | None = None,
) -> Endpoint[Invoice]:
    """Open an invoice for a plan (creating the subscriber when it does not exist)."""
    _valid_id(customer_id)
    _text(screen_name, "screen_name", optional=True)
    if email is not None:
        email_param(email, name="email")
    return ep.create_invoice(
        ep.invoice_body(_plan_id(plan_id), customer_id, screen_name, email), INVOICE
    )


def pay_invoice(
    token: str,
    *,
    credit_card: CreditCard | Mapping[str, Any] | None = None,
    account_type: str | None = None,
) -> Endpoint[Invoice]:
    """Pay an invoice with a card, or with ``account_type`` ``on-file``/``store-credit``/..."""
    if not isinstance(token, str) or not token:
        raise InvalidArgument("token must be the invoice's token (a non-empty string)")
    path_param(token, name="token")
    _text(account_type, "account_type", optional=True)
    card = credit_card
    if isinstance(card, Mapping):
        card = _request(CreditCard, "credit card", **card)
    payment = _request(Payment, "payment", credit_card=card, account_type=account_type)
    return ep.pay_invoice(token, ep.request_element("payment", payment.to_body()), INVOICE)


def list_transactions(since_id: int | None = None) -> ep.SinceIdPagination:
    """Transactions after ``since_id``, oldest first, paged by the last id seen."""
    if since_id is not None and (isinstance(since_id, bool) or not isinstance(since_id, int)):
        raise InvalidArgument("since_id must be an int")
    return ep.SinceIdPagination(
        lambda cursor: ep.list_transactions(cursor, TRANSACTIONS), since_id=since_id
    )
