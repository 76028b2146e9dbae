"""Procuret's enumerations, with the old library's names and wire values (vendor file §4).

The old library used plain ``Enum`` for some of these; crmkit uses ``IntEnum`` for every
int-valued one and ``StrEnum`` for every string-valued one, so ``Perspective.SUPPLIER == 1``
and the cases serialise as their wire values. Decoders keep unknown ints (see ``_types``).
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

__all__ = [
    "CommunicationOption",
    "Cycle",
    "EntityIdType",
    "HumanIdentityDocumentState",
    "HumanIdentityDocumentType",
    "InstalmentLinkMode",
    "InstalmentLinkOrderBy",
    "Lifecycle",
    "Order",
    "PaymentMechanism",
    "PaymentSeriesOrderBy",
    "Perspective",
    "SaleNomenclature",
]


class Perspective(IntEnum):
    """The angle a session engages Procuret from (the seed documents 1 and 2)."""

    SUPPLIER = 1
    BUSINESS = 2
    ADMINISTRATOR = 3
    SALES = 4
    TREASURY = 5
    INVESTOR = 6
    CUSTOMER_SUPPORT = 7


class Lifecycle(IntEnum):
    """How long a session lives.

    ``SHORT_LIVED`` expires after a period of disuse; ``LONG_LIVED`` never expires. By default
    (``auth_mode="auto"``) short-lived sessions send the raw API key and long-lived ones sign.
    """

    SHORT_LIVED = 1
    LONG_LIVED = 2


class CommunicationOption(StrEnum):
    """Whether Procuret should email the customer a new instalment link.

    Client-side only: on the wire it becomes ``"communicate": true`` or ``false``.
    """

    EMAIL_CUSTOMER = "email_customer"
    DO_NOT_CONTACT_CUSTOMER = "do_not_contact"

    @property
    def communicate(self) -> bool:
        """The wire value of ``communicate``."""
        return self is CommunicationOption.EMAIL_CUSTOMER


class Order(StrEnum):
    """Listing order."""

    ASCENDING = "ascending"
    DESCENDING = "descending"


class InstalmentLinkOrderBy(StrEnum):
    """What instalment links are ordered by."""

    CREATED = "created"


class PaymentSeriesOrderBy(StrEnum):
    """What payment series are ordered by (also ``PaymentSeries.OrderBy``)."""

    CREATED = "created"


class SaleNomenclature(IntEnum):
    """What the sale is called on the customer's side (``sale_name``)."""

    INVOICE = 1
    ORDER = 2
    SHOPIFY_ORDER = 3
    REFERENCE = 4
    QUOTE = 5


class InstalmentLinkMode(IntEnum):
    """What an instalment link starts (``mode``, 0.0.47+)."""

    APPLICATION = 1
    PRE_APPROVAL = 2


class PaymentMechanism(IntEnum):
    """How a payment series is paid."""

    ON_PLATFORM = 1
    OFF_PLATFORM = 2
    STRIPE_SUBSCRIPTION = 3
    UNKNOWN = 4

    @staticmethod
    def name_for(mechanism: PaymentMechanism) -> str:
        """A human name for ``mechanism`` (``"On Platform"``...)."""
        return mechanism.name.replace("_", " ").title()


class EntityIdType(IntEnum):
    """The kind of a business identifier."""

    ABN = 1
    ACN = 2
    NZBN = 3
    NZIRD = 5


class HumanIdentityDocumentType(IntEnum):
    """The kind of an identity document."""

    AUS_DRIVER_LICENSE = 1
    NZ_DRIVER_LICENSE = 2


class HumanIdentityDocumentState(IntEnum):
    """The verification state of an identity document."""

    NOT_VERIFIED = 1
    VERIFIED_VALID = 2
    INVALID = 3


class Cycle(IntEnum):
    """When instalments fall due (prospective payments). 1 means payment in advance.

    UNCERTAIN: only the value 1 is documented; other values are sent as given.
    """

    ADVANCE = 1
