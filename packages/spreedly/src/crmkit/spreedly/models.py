"""Typed models of Spreedly's resources (pydantic, on :class:`crmkit.core.CrmModel`).

Python names are the wire names with ``-`` -> ``_`` (``billing-address1`` <->
``billing_address1``), a bijection for every v4 field. Unknown elements are kept (``extra``) and
written back. Fields the server sets are ``ReadOnly`` and never sent. Money is
:class:`~decimal.Decimal`, timestamps are aware UTC datetimes, and ``customer_id`` is always a
string (the app's own id; an int given in code becomes its ``str``).

Read models: :class:`Subscriber`, :class:`SubscriptionPlan`, :class:`PlanVersion`,
:class:`Invoice`, :class:`LineItem`, :class:`Transaction`.
Request bodies: :class:`Fee`, :class:`ComplimentarySubscription`,
:class:`ComplimentaryTimeExtension`, :class:`LifetimeComplimentarySubscription`,
:class:`Credit`, :class:`CreditCard`, :class:`Payment`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal, Self

import pydantic
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, field_validator

from crmkit.core import CrmModel, ReadOnly

from . import _xml
from .errors import MalformedXML

__all__ = [
    "WRITABLE_SUBSCRIBER_FIELDS",
    "ComplimentarySubscription",
    "ComplimentaryTimeExtension",
    "Credit",
    "CreditCard",
    "CustomerId",
    "DurationUnits",
    "Fee",
    "Invoice",
    "LifetimeComplimentarySubscription",
    "LineItem",
    "Payment",
    "PlanVersion",
    "SpreedlyModel",
    "Subscriber",
    "SubscriptionPlan",
    "Transaction",
    "UTCDateTime",
]


def _to_utc(value: datetime) -> datetime:
    # Spreedly writes UTC only; a naive value (from code) is taken as UTC.
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _id_to_str(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _no_float(value: Any) -> Any:
    # A float amount has already lost precision; its shortest repr is what the caller typed.
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


UTCDateTime = Annotated[datetime, AfterValidator(_to_utc)]
"""A datetime normalised to UTC (naive input is taken as UTC)."""

CustomerId = Annotated[str, BeforeValidator(_id_to_str)]
"""A subscriber's customer id: the app's own id, always a string."""

Money = Annotated[Decimal, BeforeValidator(_no_float)]

DurationUnits = Literal["days", "months"]
"""The only units Spreedly accepts for durations."""


class SpreedlyModel(CrmModel):
    """Base of the Spreedly models: dasherized wire names, XML in and out.

    ``to_wire()`` returns the typed wire dict (dasherized keys, ``Decimal`` and ``datetime``
    values), the same shape :func:`crmkit.spreedly._xml.decode` reads from XML.
    """

    model_config = ConfigDict(alias_generator=_xml.dasherize)

    xml_tag: ClassVar[str] = ""
    xml_types: ClassVar[Mapping[str, str | None]] = {}

    @classmethod
    def from_wire(cls, data: Any) -> Self:
        """Load a decoded wire record; it starts with no changes.

        Raises:
            pydantic.ValidationError: when the record does not fit the model.
        """
        obj = cls.model_validate(data)
        obj.mark_clean()
        return obj

    @classmethod
    def from_xml(cls, content: bytes | str | _xml.Element) -> Self:
        """Load from an XML document (parsed safely) or an already parsed element.

        Raises:
            MalformedXML: the body is not XML or its root is not ``xml_tag``.
            UnsafeXML: the body declares a DTD or entities.
            pydantic.ValidationError: the record does not fit the model.
        """
        root = content if isinstance(content, _xml.Element) else _xml.parse(content)
        if cls.xml_tag and root.tag != cls.xml_tag:
            raise MalformedXML(f"expected a <{cls.xml_tag}> document, got <{root.tag}>")
        data = _xml.decode(root)
        if not isinstance(data, dict):
            data = {}
        return cls.from_wire(data)

    def to_wire(
        self, *, include_read_only: bool = False, exclude_unset: bool = False
    ) -> dict[str, Any]:
        """The typed wire dict (dasherized names), read-only fields left out unless asked."""
        exclude = None if include_read_only else set(self.__read_only__)
        return self.model_dump(
            mode="python", by_alias=True, exclude=exclude, exclude_unset=exclude_unset
        )

    def to_xml(self, *, include_read_only: bool = False, exclude_unset: bool = False) -> bytes:
        """The record as an XML document rooted at ``xml_tag``."""
        wire = self.to_wire(include_read_only=include_read_only, exclude_unset=exclude_unset)
        return _xml.document(self.xml_tag, wire, types=self.xml_types)


# -- plans --------------------------------------------------------------------------------------


class _PlanFields(SpreedlyModel):
    id: int | None = None
    version: int | None = None
    name: str | None = None
    description: str | None = None
    plan_type: str | None = None
    """``regular``, ``free_trial``, ``gift`` or ``metered`` (kept as the server's word)."""
    enabled: bool | None = None
    amount: Money | None = None
    currency_code: str | None = None
    duration_quantity: int | None = None
    duration_units: str | None = None
    terms: str | None = None
    feature_level: str | None = None
    force_recurring: bool | None = None
    needs_to_be_renewed: bool | None = None
    charge_after_first_period: bool | None = None
    charge_later_duration_quantity: int | None = None
    charge_later_duration_units: str | None = None
    minimum_needed_for_charge: Money | None = None
    setup_fee_amount: Money | None = None
    return_url: str | None = None
    setup_fee_currency_code: str | None = None
    setup_fee_description: str | None = None
    created_at: UTCDateTime | None = None
    updated_at: UTCDateTime | None = None

    @property
    def is_free_trial(self) -> bool:
        """Whether this is a free-trial plan (the only kind ``subscribe`` accepts)."""
        return self.plan_type == "free_trial"

    @property
    def is_lifetime(self) -> bool:
        """A duration of 0 with terms ``Lifetime`` never expires."""
        return self.duration_quantity == 0


class PlanVersion(_PlanFields):
    """One version of a plan: ``<subscription-plan-version>`` in a subscriber, ``<version>`` in
    a plan's ``versions``. ``id`` is the version's own id; ``subscription_plan_id`` the plan's.

    Example:
        >>> PlanVersion(id=24680, version=1, subscription_plan_id=12345).subscription_plan_id
        12345
    """

    xml_tag: ClassVar[str] = "subscription-plan-version"

    subscription_plan_id: int | None = None


class SubscriptionPlan(_PlanFields):
    """A subscription plan (``<subscription-plan>``, 26 elements).

    Example:
        >>> plan = SubscriptionPlan(id=21431, name="Trial", plan_type="free_trial")
        >>> plan.is_free_trial
        True
    """

    xml_tag: ClassVar[str] = "subscription-plan"

    price: Money | None = None
    versions: list[PlanVersion] = Field(default_factory=list)


# -- invoices and transactions ----------------------------------------------------------------


class LineItem(SpreedlyModel):
    """One line of an invoice (``amount`` may be negative: a credit)."""

    xml_tag: ClassVar[str] = "line-item"

    amount: Money | None = None
    notes: str | None = None
    currency_code: str | None = None
    description: str | None = None
    price: str | None = None
    feature_level: str | None = None
    metadata: str | None = None


class Invoice(SpreedlyModel):
    """An invoice (``closed`` once paid). ``price`` is a money string such as ``$29.00``."""

    xml_tag: ClassVar[str] = "invoice"

    token: str | None = None
    closed: bool | None = None
    amount: Money | None = None
    price: str | None = None
    currency_code: str | None = None
    metadata: str | None = None
    gateway_transaction_reference: str | None = None
    response_message: str | None = None
    response_client_message: str | None = None
    response_customer_message: str | None = None
    created_at: UTCDateTime | None = None
    updated_at: UTCDateTime | None = None
    line_items: list[LineItem] = Field(default_factory=list)
    subscriber_store_credit: str | None = None
    subscriber: Subscriber | None = None


class Transaction(SpreedlyModel):
    """A payment transaction (``GET transactions.xml``)."""

    xml_tag: ClassVar[str] = "transaction"

    id: int | None = None
    invoice_id: int | None = None
    amount: Money | None = None
    currency_code: str | None = None
    description: str | None = None
    detail_type: str | None = None
    price: str | None = None
    subscriber_customer_id: Annotated[str | None, BeforeValidator(_id_to_str)] = None
    terms: str | None = None
    created_at: UTCDateTime | None = None
    updated_at: UTCDateTime | None = None
    start_time: UTCDateTime | None = None
    expires_at: UTCDateTime | None = None
    detail: dict[str, Any] | None = None


# -- subscribers ------------------------------------------------------------------------------

_RO = ReadOnly

WRITABLE_SUBSCRIBER_FIELDS = frozenset(
    {
        "email",
        "screen_name",
        "billing_first_name",
        "billing_last_name",
        "billing_address1",
        "billing_city",
        "billing_state",
        "billing_zip",
        "billing_country",
        "billing_phone_number",
    }
)
"""Subscriber fields a PUT may set (the address ones are UNCERTAIN in the vendor file: sent
only when given; the emulator accepts them)."""


class Subscriber(SpreedlyModel):
    """A subscriber: the app's customer, known by the app's own ``customer_id``.

    Writable: :data:`WRITABLE_SUBSCRIBER_FIELDS`; everything else is set by Spreedly. A
    subscriber read with GET also has ``invoices``; one on a plan has
    ``subscription_plan_version``.

    Example:
        >>> s = Subscriber(customer_id=42, screen_name="ada")
        >>> s.customer_id
        '42'
    """

    xml_tag: ClassVar[str] = "subscriber"
    # The vendor's own documents: these elements carry no type attribute or type="string".
    xml_types: ClassVar[Mapping[str, str | None]] = {
        "feature-level": "string",
        "payment-account-display": "string",
        "billing-address1": "string",
        "billing-city": "string",
        "billing-state": "string",
        "billing-zip": "string",
        "billing-country": "string",
        "billing-phone-number": "string",
        "pagination-id": "string",
        "grace-until": "datetime",
        "ready-to-renew-since": "datetime",
        "active-until": "datetime",
        "recurring": "boolean",
        "on-gift": "boolean",
    }

    customer_id: Annotated[CustomerId, _RO]
    screen_name: str | None = None
    token: Annotated[str | None, _RO] = None
    email: str | None = None
    billing_first_name: str | None = None
    billing_last_name: str | None = None
    billing_address1: str | None = None
    billing_city: str | None = None
    billing_state: str | None = None
    billing_zip: str | None = None
    billing_country: str | None = None
    billing_phone_number: str | None = None
    created_at: Annotated[UTCDateTime | None, _RO] = None
    updated_at: Annotated[UTCDateTime | None, _RO] = None
    active_until: Annotated[UTCDateTime | None, _RO] = None
    grace_until: Annotated[UTCDateTime | None, _RO] = None
    ready_to_renew_since: Annotated[UTCDateTime | None, _RO] = None
    active: Annotated[bool | None, _RO] = None
    in_grace_period: Annotated[bool | None, _RO] = None
    ready_to_renew: Annotated[bool | None, _RO] = None
    eligible_for_free_trial: Annotated[bool | None, _RO] = None
    on_trial: Annotated[bool | None, _RO] = None
    lifetime_subscription: Annotated[bool | None, _RO] = None
    on_metered: Annotated[bool | None, _RO] = None
    eligible_for_setup_fee: Annotated[bool | None, _RO] = None
    card_expires_before_next_auto_renew: Annotated[bool | None, _RO] = None
    payment_account_on_file: Annotated[bool | None, _RO] = None
    recurring: Annotated[bool | None, _RO] = None
    on_gift: Annotated[bool | None, _RO] = None
    subscription_plan_name: Annotated[str | None, _RO] = None
    feature_level: Annotated[str | None, _RO] = None
    store_credit: Annotated[Money | None, _RO] = None
    store_credit_currency_code: Annotated[str | None, _RO] = None
    payment_account_display: Annotated[str | None, _RO] = None
    # UNCERTAIN meaning (digits; the emulator counts up per site): kept as an opaque string.
    pagination_id: Annotated[str | None, _RO, BeforeValidator(_id_to_str)] = None
    subscription_plan_version: Annotated[PlanVersion | None, _RO] = None
    # UNCERTAIN whether replies other than GET carry invoices: optional everywhere.
    invoices: Annotated[list[Invoice] | None, _RO] = None

    @field_validator("customer_id")
    @classmethod
    def _customer_id_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("customer_id must not be blank")
        return value

    @property
    def plan_id(self) -> int | None:
        """The id of the plan the subscriber is on (from ``subscription_plan_version``)."""
        version = self.subscription_plan_version
        return version.subscription_plan_id if version is not None else None

    def writable_changes(self) -> dict[str, Any]:
        """The changed writable fields, in wire form, for a PUT."""
        names = self.changed_fields() & WRITABLE_SUBSCRIBER_FIELDS
        return self.model_dump(mode="python", by_alias=True, include=names)


Invoice.model_rebuild()


# -- request bodies -----------------------------------------------------------------------------


class _Request(SpreedlyModel):
    """A request body: strict about what it accepts, so bad input fails before sending."""

    model_config = ConfigDict(extra="forbid")


class Fee(_Request):
    """A fee billed at the subscriber's next renewal; fees of one ``group`` share one line."""

    xml_tag: ClassVar[str] = "fee"

    name: str = Field(min_length=1)
    description: str = ""
    group: str = Field(min_length=1)
    amount: Money


class ComplimentarySubscription(_Request):
    """Free time on a feature level for an inactive subscriber.

    ``start_time`` and ``amount`` (pro-rating, UNCERTAIN server support) are sent only together.
    """

    xml_tag: ClassVar[str] = "complimentary-subscription"

    duration_quantity: int = Field(gt=0)
    duration_units: DurationUnits
    feature_level: str = Field(min_length=1)
    start_time: UTCDateTime | None = None
    amount: Money | None = None

    @pydantic.model_validator(mode="after")
    def _both_or_neither(self) -> Self:
        if (self.start_time is None) != (self.amount is None):
            raise ValueError("give both start_time and amount, or neither")
        return self


class ComplimentaryTimeExtension(_Request):
    """Extra time for an active subscriber."""

    xml_tag: ClassVar[str] = "complimentary-time-extension"

    duration_quantity: int = Field(gt=0)
    duration_units: DurationUnits


class LifetimeComplimentarySubscription(_Request):
    """A complimentary subscription that never expires."""

    xml_tag: ClassVar[str] = "lifetime-complimentary-subscription"

    feature_level: str = Field(min_length=1)


class Credit(_Request):
    """Store credit to add (negative to take some back, as long as the total stays >= 0)."""

    xml_tag: ClassVar[str] = "credit"

    amount: Money


class CreditCard(_Request):
    """Card details to pay an invoice with (sent to Spreedly only, never logged)."""

    xml_tag: ClassVar[str] = "credit-card"

    number: str = Field(min_length=12, max_length=19, pattern=r"^\d+$")
    verification_value: str = Field(min_length=3, max_length=4, pattern=r"^\d+$")
    month: int = Field(ge=1, le=12)
    year: int = Field(ge=2000, le=2200)
    first_name: str = Field(min_length=1)
    last_name: str = Field(min_length=1)
    card_type: str | None = None

    def __repr_args__(self) -> Any:
        # Never print a card number or CVV.
        for name, value in super().__repr_args__():
            if name in ("number", "verification_value"):
                yield name, "***"
            else:
                yield name, value


class Payment(_Request):
    """How to pay an invoice: a card, the card on file, or store/general credit."""

    xml_tag: ClassVar[str] = "payment"

    credit_card: CreditCard | None = None
    account_type: Literal["on-file", "store-credit", "general-credit"] | None = None

    @pydantic.model_validator(mode="after")
    def _one_way(self) -> Self:
        if (self.credit_card is None) == (self.account_type is None):
            raise ValueError("give exactly one of credit_card or account_type")
        return self

    def to_body(self) -> dict[str, Any]:
        """The ``<payment>`` content."""
        if self.credit_card is not None:
            card = self.credit_card.model_dump(mode="python", by_alias=True, exclude_none=True)
            return {"credit-card": card}
        return {"account-type": self.account_type}
