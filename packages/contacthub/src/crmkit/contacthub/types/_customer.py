"""Typed models of a ContactHub customer (vendor file §3.1 to §3.4).

Wire names (``firstName``) are aliases; code uses Pythonic names (``first_name``), and the
models accept either when built. Unknown keys are kept and sent back (ContactHub grows: the
2018 API added ``consents`` and ``address.region``). Server-set fields (``id``,
``registeredAt``, ``updatedAt``) are read-only: loaded, never sent in a write body.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from crmkit.core import CrmModel, ReadOnly

from ._fields import ApiDate, ApiDateTime, LenientDate, LenientDateTime, LenientInt

__all__ = [
    "Address",
    "BaseProperties",
    "Contacts",
    "Credential",
    "Customer",
    "Education",
    "Geo",
    "Job",
    "Like",
    "MobileDevice",
    "OtherContact",
    "Preference",
    "Session",
    "SocialProfile",
    "Subscription",
    "Tags",
]


class OtherContact(CrmModel):
    """An extra contact: ``type`` is MOBILE, PHONE, EMAIL, FAX or OTHER."""

    name: str | None = None
    type: str | None = None
    value: str | None = None


class MobileDevice(CrmModel):
    """A device for push notifications (``type`` IOS, ANDROID, WINDOWS_PHONE, FIREOS)."""

    identifier: str | None = None
    app_id: str | None = Field(None, alias="appId")
    name: str | None = None
    type: str | None = None
    notification_service: str | None = Field(None, alias="notificationService")


class Contacts(CrmModel):
    """``base.contacts``: email, phones, fax, other contacts and mobile devices."""

    email: str | None = None
    fax: str | None = None
    mobile_phone: str | None = Field(None, alias="mobilePhone")
    phone: str | None = None
    other_contacts: list[OtherContact] = Field(default_factory=list, alias="otherContacts")
    mobile_devices: list[MobileDevice] = Field(default_factory=list, alias="mobileDevices")


class Geo(CrmModel):
    """Coordinates: ``lat`` in -90..90, ``lon`` in -180..180."""

    lat: float | None = None
    lon: float | None = None


class Address(CrmModel):
    """``base.address``."""

    street: str | None = None
    city: str | None = None
    country: str | None = None
    province: str | None = None
    zip: str | None = None
    region: str | None = None
    geo: Geo | None = None


class Credential(CrmModel):
    """``base.credential`` (username and password as the workspace stores them)."""

    username: str | None = None
    password: str | None = None


class SocialProfile(CrmModel):
    """``base.socialProfile``: profile URLs or handles per network."""

    facebook: str | None = None
    google: str | None = None
    instagram: str | None = None
    linkedin: str | None = None
    qzone: str | None = None
    twitter: str | None = None


class Education(CrmModel):
    """An education (``base.educations``; endpoint ``/customers/{id}/educations``)."""

    id: str | None = None
    school_type: str | None = Field(None, alias="schoolType")
    school_name: str | None = Field(None, alias="schoolName")
    school_concentration: str | None = Field(None, alias="schoolConcentration")
    start_year: LenientInt | None = Field(None, alias="startYear")
    end_year: LenientInt | None = Field(None, alias="endYear")
    is_current: bool | None = Field(None, alias="isCurrent")


class Job(CrmModel):
    """A job (``base.jobs``)."""

    id: str | None = None
    company_industry: str | None = Field(None, alias="companyIndustry")
    company_name: str | None = Field(None, alias="companyName")
    job_title: str | None = Field(None, alias="jobTitle")
    start_date: LenientDate | None = Field(None, alias="startDate")
    end_date: LenientDate | None = Field(None, alias="endDate")
    is_current: bool | None = Field(None, alias="isCurrent")


class Like(CrmModel):
    """A like (``base.likes``)."""

    id: str | None = None
    category: str | None = None
    name: str | None = None
    created_time: LenientDateTime | None = Field(None, alias="createdTime")


class Preference(CrmModel):
    """One subscription preference."""

    key: str | None = None
    value: str | None = None


class Subscription(CrmModel):
    """A subscription (``base.subscriptions``); ``kind`` DIGITAL_MESSAGE, SERVICE or OTHER."""

    id: str | None = None
    name: str | None = None
    type: str | None = None
    kind: str | None = None
    subscribed: bool | None = None
    start_date: LenientDateTime | None = Field(None, alias="startDate")
    end_date: LenientDateTime | None = Field(None, alias="endDate")
    subscriber_id: str | None = Field(None, alias="subscriberId")
    registered_at: LenientDateTime | None = Field(None, alias="registeredAt")
    updated_at: LenientDateTime | None = Field(None, alias="updatedAt")
    preferences: list[Preference] = Field(default_factory=list)


class BaseProperties(CrmModel):
    """``base``: the standard customer properties (vendor file §3.2)."""

    picture_url: str | None = Field(None, alias="pictureUrl")
    title: str | None = None
    prefix: str | None = None
    first_name: str | None = Field(None, alias="firstName")
    last_name: str | None = Field(None, alias="lastName")
    middle_name: str | None = Field(None, alias="middleName")
    gender: str | None = None
    dob: ApiDate | None = None
    locale: str | None = None
    timezone: str | None = None
    contacts: Contacts | None = None
    address: Address | None = None
    credential: Credential | None = None
    educations: list[Education] = Field(default_factory=list)
    likes: list[Like] = Field(default_factory=list)
    social_profile: SocialProfile | None = Field(None, alias="socialProfile")
    jobs: list[Job] = Field(default_factory=list)
    subscriptions: list[Subscription] = Field(default_factory=list)


class Tags(CrmModel):
    """``tags``: ``auto`` (computed by ContactHub) and ``manual`` (yours)."""

    auto: list[str] = Field(default_factory=list)
    manual: list[str] = Field(default_factory=list)


class Customer(CrmModel):
    """A ContactHub customer.

    Example:
        >>> c = Customer(base=BaseProperties(first_name="Ada"), external_id="42")
        >>> c.to_wire(exclude_unset=True)
        {'externalId': '42', 'base': {'firstName': 'Ada'}}
    """

    id: Annotated[str | None, ReadOnly] = None
    node_id: str | None = Field(None, alias="nodeId")
    external_id: str | None = Field(None, alias="externalId")
    extra: str | None = None
    registered_at: Annotated[ApiDateTime | None, ReadOnly] = Field(None, alias="registeredAt")
    updated_at: Annotated[ApiDateTime | None, ReadOnly] = Field(None, alias="updatedAt")
    enabled: bool | None = None
    base: BaseProperties | None = None
    extended: dict[str, Any] | None = None
    consents: dict[str, Any] | None = None
    tags: Tags | None = None

    @property
    def email(self) -> str | None:
        """``base.contacts.email``, or None."""
        if self.base is None or self.base.contacts is None:
            return None
        return self.base.contacts.email

    def patch_body(self) -> dict[str, Any]:
        """What a PATCH should send: only the leaves changed since the record was loaded.

        Nested objects are compared leaf by leaf (``base.firstName`` alone, not all of
        ``base``); lists are sent whole, as ContactHub replaces arrays wholesale.
        """
        changes = self.changes()
        if self._orig is None:
            return changes
        # Compare with the original as this model writes it, so keys the server left out and
        # fields at their defaults do not look changed.
        baseline = type(self).model_validate(self._orig).model_dump(mode="json", by_alias=True)
        return {k: _narrow(baseline.get(k), v) for k, v in changes.items()}


def _narrow(before: Any, after: Any) -> Any:
    if isinstance(before, dict) and isinstance(after, dict):
        out: dict[str, Any] = {}
        for key, value in after.items():
            if key not in before:
                out[key] = value
            elif before[key] != value:
                out[key] = _narrow(before[key], value)
        for key in before:
            if key not in after:
                out[key] = None
        return out
    return after


class Session(CrmModel):
    """A customer session: ``value`` is your session id, ``id`` the record's id."""

    id: Annotated[str | None, ReadOnly] = None
    value: str
