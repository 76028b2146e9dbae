"""The unified, vendor-neutral models: Contact, Company, Deal, Plan, Subscription, Event.

Each carries its provenance (``vendor``, ``remote_id``, ``remote_created_at`` /
``remote_updated_at`` as ``created_at`` / ``updated_at``, ``remote_was_deleted`` and the untouched
``remote_data``), a crmkit-side ``id`` (set by the sync id map, else None), and the common fields
of its kind. Timestamps are timezone-aware and normalised to UTC; a naive datetime is refused.
Money is :class:`~decimal.Decimal`, never float. Unknown keys are refused (a typo must not be
silently ignored); vendor extras belong in ``custom_fields`` or ``remote_data``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from .._models import CrmModel

__all__ = [
    "Address",
    "Company",
    "Contact",
    "CustomFieldValue",
    "Deal",
    "EmailAddress",
    "Event",
    "PhoneNumber",
    "Plan",
    "Subscription",
    "UnifiedModel",
    "Website",
    "ensure_utc",
]

CustomFieldValue = bool | int | Decimal | float | str | date | datetime | list[str] | None
"""What a custom field may hold."""


def ensure_utc(value: datetime) -> datetime:
    """Return ``value`` in UTC; a naive datetime raises ``ValueError``."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError("naive datetime: pass a timezone-aware datetime (e.g. datetime.now(UTC))")
    return value.astimezone(UTC)


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EmailAddress(_Value):
    """An email address with an optional label (``work``, ``personal``, ``other``...)."""

    address: str = Field(min_length=3, max_length=320)
    label: str | None = None

    @field_validator("address")
    @classmethod
    def _looks_like_email(cls, v: str) -> str:
        v = v.strip()
        if "@" not in v or v.startswith("@") or v.endswith("@"):
            raise ValueError(f"{v!r} is not an email address")
        return v


class PhoneNumber(_Value):
    """A phone number as written, with an optional label (``work``, ``mobile``, ``home``...)."""

    number: str = Field(min_length=1, max_length=64)
    label: str | None = None


class Website(_Value):
    """A URL with an optional label."""

    url: str = Field(min_length=1, max_length=2048)
    label: str | None = None


class Address(_Value):
    """A postal address; every part optional."""

    street: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None
    label: str | None = None


class UnifiedModel(CrmModel):
    """Fields every unified record has.

    Attributes:
        id: crmkit's own id for the record (from the sync id map), else None.
        remote_id: the vendor's id for the record, as a string.
        vendor: the vendor the record came from or goes to.
        created_at: when the vendor created it (UTC).
        updated_at: when the vendor last changed it (UTC).
        remote_was_deleted: the vendor reports it deleted.
        remote_data: the untouched vendor record (left out of ``model_dump`` unless asked).
        custom_fields: vendor custom fields by name.
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_assignment=True)

    entity: ClassVar[str] = ""

    id: str | None = None
    remote_id: str | None = None
    vendor: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    remote_was_deleted: bool = False
    remote_data: dict[str, Any] | None = Field(default=None, exclude=True, repr=False)
    custom_fields: dict[str, CustomFieldValue] = Field(default_factory=dict)

    _dropped: tuple[str, ...] = PrivateAttr(default=())

    @field_validator("created_at", "updated_at", mode="after", check_fields=False)
    @classmethod
    def _utc(cls, v: datetime | None) -> datetime | None:
        return None if v is None else ensure_utc(v)

    @property
    def dropped_fields(self) -> tuple[str, ...]:
        """Fields of the record written that the vendor could not hold (reported, not lost)."""
        return self._dropped

    def with_dropped(self, fields: tuple[str, ...] | list[str]) -> UnifiedModel:
        """Record which input fields the vendor could not hold; returns self."""
        self._dropped = tuple(fields)
        return self

    def content(self) -> dict[str, Any]:
        """The record's content without identity and provenance (for hashing and comparing)."""
        skip = {"id", "remote_id", "vendor", "created_at", "updated_at", "remote_was_deleted"}
        return self.model_dump(mode="json", exclude=skip)


class Contact(UnifiedModel):
    """A person."""

    entity: ClassVar[str] = "contacts"

    name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    emails: list[EmailAddress] = Field(default_factory=list)
    phones: list[PhoneNumber] = Field(default_factory=list)
    addresses: list[Address] = Field(default_factory=list)
    websites: list[Website] = Field(default_factory=list)
    title: str | None = None
    company_id: str | None = None
    company_name: str | None = None
    owner_id: str | None = None
    external_id: str | None = None
    tags: list[str] = Field(default_factory=list)
    description: str | None = None

    @property
    def primary_email(self) -> str | None:
        """The first email address, or None."""
        return self.emails[0].address if self.emails else None

    @property
    def display_name(self) -> str | None:
        """``name``, else first and last name joined, else None."""
        if self.name:
            return self.name
        parts = [p for p in (self.first_name, self.last_name) if p]
        return " ".join(parts) or None


class Company(UnifiedModel):
    """An organisation."""

    entity: ClassVar[str] = "companies"

    name: str | None = None
    domain: str | None = None
    emails: list[EmailAddress] = Field(default_factory=list)
    phones: list[PhoneNumber] = Field(default_factory=list)
    addresses: list[Address] = Field(default_factory=list)
    websites: list[Website] = Field(default_factory=list)
    owner_id: str | None = None
    tags: list[str] = Field(default_factory=list)
    description: str | None = None


class Deal(UnifiedModel):
    """A sales opportunity.

    ``status`` is an open vocabulary: ``open``, ``won``, ``lost``, ``abandoned`` where the
    vendor has them, else the vendor's own word.
    """

    entity: ClassVar[str] = "deals"

    name: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    status: str | None = None
    stage: str | None = None
    pipeline: str | None = None
    probability: int | None = Field(default=None, ge=0, le=100)
    close_date: date | None = None
    company_id: str | None = None
    contact_id: str | None = None
    owner_id: str | None = None
    tags: list[str] = Field(default_factory=list)
    description: str | None = None

    @field_validator("amount", mode="before")
    @classmethod
    def _no_float_money(cls, v: Any) -> Any:
        return _money(v)


class Plan(UnifiedModel):
    """A subscription plan."""

    entity: ClassVar[str] = "plans"

    name: str | None = None
    description: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    interval_count: int | None = Field(default=None, ge=0)
    interval_unit: str | None = None
    trial: bool | None = None
    feature_level: str | None = None
    active: bool | None = None

    @field_validator("amount", mode="before")
    @classmethod
    def _no_float_money(cls, v: Any) -> Any:
        return _money(v)


class Subscription(UnifiedModel):
    """A contact's subscription to a plan.

    ``status`` is open: ``active``, ``trial``, ``lapsed``, ``cancelled``, ``complimentary``...
    """

    entity: ClassVar[str] = "subscriptions"

    contact_id: str | None = None
    plan_id: str | None = None
    plan_name: str | None = None
    status: str | None = None
    started_at: datetime | None = None
    active_until: datetime | None = None
    amount: Decimal | None = None
    currency: str | None = None
    auto_renew: bool | None = None
    feature_level: str | None = None

    @field_validator("started_at", "active_until", mode="after")
    @classmethod
    def _utc_times(cls, v: datetime | None) -> datetime | None:
        return None if v is None else ensure_utc(v)

    @field_validator("amount", mode="before")
    @classmethod
    def _no_float_money(cls, v: Any) -> Any:
        return _money(v)


class Event(UnifiedModel):
    """A timeline entry: a note, task, call, meeting, email, session or vendor event.

    ``type`` is open: ``note``, ``task``, ``call``, ``meeting``, ``email``, or the vendor's word.
    """

    entity: ClassVar[str] = "events"

    type: str | None = None
    subject: str | None = None
    body: str | None = None
    occurred_at: datetime | None = None
    due_at: datetime | None = None
    completed_at: datetime | None = None
    status: str | None = None
    contact_id: str | None = None
    company_id: str | None = None
    deal_id: str | None = None
    owner_id: str | None = None
    tags: list[str] = Field(default_factory=list)

    @field_validator("occurred_at", "due_at", "completed_at", mode="after")
    @classmethod
    def _utc_times(cls, v: datetime | None) -> datetime | None:
        return None if v is None else ensure_utc(v)


def _money(v: Any) -> Any:
    if isinstance(v, float):
        raise ValueError(
            "money must not be a float (binary rounding); pass a Decimal or a string like '422.42'"
        )
    return v
