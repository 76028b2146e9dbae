"""``clevertimapi.contact``: :class:`Contact` (a person) and its value objects.

Contacts and companies share Clevertim's "customer" fields; :class:`CustomerFields` holds them
for both classes.
"""

from __future__ import annotations

from typing import Any, ClassVar

from .customfield import CustomFieldValuesField
from .endpoint import (
    Choices,
    Endpoint,
    Field,
    Ref,
    RefList,
    Scalar,
    StrList,
    ValueField,
    ValueList,
    ValueSerializer,
    choice_of,
)
from .errors import ValidationError
from .session import Session

__all__ = ["Contact", "CustomerFields", "PhoneNumber", "SocialMediaId"]


class PhoneNumber(ValueSerializer):
    """A phone number of a contact or company.

    Args:
        content: the wire dict ``{"type": ..., "no": ...}`` (wrapped, not copied).
        phone_number: the number as written.
        phone_type: one of ``PHONE_TYPES``.

    Example:
        >>> PhoneNumber(phone_number="+44 7700 900123", phone_type="Mobile").serialize()
        {'no': '+44 7700 900123', 'type': 'Mobile'}
    """

    PHONE_TYPES = Choices(WORK="Work", HOME="Home", MOBILE="Mobile", FAX="Fax", PAGER="Pager")

    phone_number = ValueField("no")
    phone_type = ValueField("type", validator=choice_of(PHONE_TYPES, "phone type"))

    def __init__(
        self,
        content: dict[str, Any] | None = None,
        phone_number: str | None = None,
        phone_type: str | None = None,
        session: Session | None = None,
    ) -> None:
        super().__init__(content, session)
        if phone_number is not None:
            self.phone_number = phone_number
        if phone_type is not None:
            self.phone_type = phone_type

    def serialize(self) -> dict[str, Any]:
        """The wire form; a phone number needs its number."""
        if not self.phone_number:
            raise ValidationError("A phone number needs a number.", vendor="clevertim")
        return super().serialize()


class SocialMediaId(ValueSerializer):
    """A social media handle of a contact or company (``SOCIAL_MEDIA_VENUES``, exact spelling)."""

    SOCIAL_MEDIA_VENUES = Choices(
        BITBUCKET="BitBucket",
        FACEBOOK="Facebook",
        GITHUB="Github",
        GOOGLEPLUS="Google+",
        INSTAGRAM="Instagram",
        KIK="Kik",
        LINKEDIN="LinkedIn",
        MSN="MSN",
        PINTEREST="Pinterest",
        REDDIT="Reddit",
        SKYPE="Skype",
        SNAPCHAT="Snapchat",
        TELEGRAM="Telegram",
        TWITTER="Twitter",
        WHATSAPP="Whatsapp",
        YOUTUBE="YouTube",
    )

    social_media_id = ValueField("smid")
    social_media_type = ValueField(
        "type", validator=choice_of(SOCIAL_MEDIA_VENUES, "social media venue")
    )

    def __init__(
        self,
        content: dict[str, Any] | None = None,
        social_media_id: str | None = None,
        social_media_type: str | None = None,
        session: Session | None = None,
    ) -> None:
        super().__init__(content, session)
        if social_media_id is not None:
            self.social_media_id = social_media_id
        if social_media_type is not None:
            self.social_media_type = social_media_type

    def serialize(self) -> dict[str, Any]:
        """The wire form; needs the handle."""
        if not self.social_media_id:
            raise ValidationError("A social media id needs its id.", vendor="clevertim")
        return super().serialize()


class _PhotoURL(Field):
    """The URL of a contact photo or company logo (outside ``/api``), or None."""

    def __init__(self) -> None:
        super().__init__("cphoto", read_only=True)

    def read(self, obj: Endpoint) -> Any:
        photo = obj._content.get(self.wire)
        if not photo or obj.key is None:
            return None
        root = obj.session.endpoint_url
        if root.endswith("/api"):
            root = root[: -len("/api")]
        return f"{root}/getcphoto/{obj.key}/{photo}"


class CustomerFields(Endpoint):
    """What contacts and companies share (both are "customers" at Clevertim)."""

    CUSTOMER_TYPES = Choices(
        CUSTOMER="C",
        PROSPECT="P",
        SUPPLIER="S",
        RESELLER="R",
        EMPLOYEE="E",
        COMPETITOR="O",
        CONSULTANT="N",
        CONTRACTOR="T",
        DISTRIBUTOR="D",
        INFLUENCER="X",
        INVESTOR="I",
        MANUFACTURER="M",
        RETAILER="A",
        VENDOR="V",
        WHOLESALER="W",
        LEAD="L",
        FRIEND="F",
        OTHER="H",
    )

    description = Scalar("description")
    address = Scalar("address")
    city = Scalar("city")
    postcode = Scalar("postcode")
    region = Scalar("region")
    country = Scalar("country")
    emails = StrList("email")
    websites = StrList("website")
    phone_numbers = ValueList("phones", PhoneNumber)
    phones = ValueList("phones", PhoneNumber)  # crmkit alias of phone_numbers
    social_media_ids = ValueList("smids", SocialMediaId)
    customer_type = Scalar("ctype", str, None, validator=choice_of(CUSTOMER_TYPES, "customer type"))
    tags = StrList("tags")
    notes = RefList("notes", "Note", read_only=True)
    opportunities = RefList("opportunities", "Opportunity", read_only=True)
    tasks = RefList("tasks", "Task", read_only=True)
    cases = RefList("cases", "Case", read_only=True)
    files = RefList("files", "File")
    linked_files = RefList("lfiles", "LinkedFile")
    last_contacted = Scalar("lc", str, None, read_only=True)


class Contact(CustomerFields):
    """A person (``/contact``).

    Example:
        >>> contact = Contact(session)                      # doctest: +SKIP
        >>> contact.first_name = "Mike"; contact.last_name = "Johnson"
        >>> contact.save(); contact.key
        1259
    """

    ENDPOINT: ClassVar[str] = "/contact"
    DEFAULTS: ClassVar[dict[str, Any]] = {"is_company": False, "cf": {}}

    first_name = Scalar("fn")
    last_name = Scalar("ln")
    title = Scalar("title")
    company = Ref("companyId", "Company")
    custom_field_values = CustomFieldValuesField("customers")
    contact_photo = _PhotoURL()


Session.register_endpoint(Contact)
