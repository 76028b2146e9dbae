"""Typed (pydantic) models of ContactHub's resources, as the typed clients return them.

The old SDK's dict-backed classes (``Customer``, ``Properties``...) live in
:mod:`crmkit.contacthub.models`; these are their typed counterparts.
"""

from ._customer import (
    Address,
    BaseProperties,
    Contacts,
    Credential,
    Customer,
    Education,
    Geo,
    Job,
    Like,
    MobileDevice,
    OtherContact,
    Preference,
    Session,
    SocialProfile,
    Subscription,
    Tags,
)
from ._event import BringBackProperties, Event, EventAccepted
from ._fields import ApiDate, ApiDateTime, LenientDate, LenientDateTime, LenientInt
from ._page import PageInfo, PageOf

__all__ = [
    "Address",
    "ApiDate",
    "ApiDateTime",
    "BaseProperties",
    "BringBackProperties",
    "Contacts",
    "Credential",
    "Customer",
    "Education",
    "Event",
    "EventAccepted",
    "Geo",
    "Job",
    "LenientDate",
    "LenientDateTime",
    "LenientInt",
    "Like",
    "MobileDevice",
    "OtherContact",
    "PageInfo",
    "PageOf",
    "Preference",
    "Session",
    "SocialProfile",
    "Subscription",
    "Tags",
]
