"""crmkit.procuret: Procuret (AU/NZ B2B pay-over-time) for crmkit.

Two ways in:

- the typed clients :class:`Client` / :class:`AsyncClient`
  (``client.instalment_links.create(...)``), raising crmkit's core errors;
- the old ``procuret`` library's idiom, unchanged but for the import line::

      from crmkit.procuret import Session, Perspective, InstalmentLink, CommunicationOption

Both sign requests as Procuret requires (HMAC-SHA256 over 900-second windows) and hold the
API key as a secret. ``crmkit.procuret.emulator`` serves Procuret's API from memory.
"""

from __future__ import annotations

from . import errors
from ._client import DEFAULT_BASE_URL, DEMO_BASE_URL, AsyncClient, Client, user_agent
from ._legacy import configure, configured_base_url, reset
from ._types import format_time, loads, parse_time
from ._version import __version__
from .codable import Codable, CodingDefinition
from .enums import (
    CommunicationOption,
    Cycle,
    EntityIdType,
    HumanIdentityDocumentState,
    HumanIdentityDocumentType,
    InstalmentLinkMode,
    InstalmentLinkOrderBy,
    Lifecycle,
    Order,
    PaymentMechanism,
    PaymentSeriesOrderBy,
    Perspective,
    SaleNomenclature,
)
from .errors import InconsistentState, ProcuretApiError, ProcuretError, ProcuretTypeError
from .models import (
    Address,
    Commitment,
    Country,
    CustomerPayment,
    Disposition,
    EmailAddress,
    Entity,
    EntityHeadline,
    EntityIdentifier,
    GlobalBrand,
    GlobalBrandSelection,
    Human,
    HumanHeadline,
    HumanIdentity,
    HumanIdentityDocument,
    InstalmentLine,
    InstalmentLink,
    InstalmentLinkOpen,
    InstalmentSchedule,
    InstalmentTotalRow,
    PaymentMethodHeadline,
    PaymentSeries,
    PhoneNumber,
    ProspectivePayment,
    Region,
    TermRate,
    TermRateGroup,
    XeroEntityMap,
    XeroOrganisation,
)
from .money import Amount, Currencies, Currency
from .security.second_factor_code import SecondFactorCode
from .session import AbstractSession, Session

VERSION = __version__
"""The old library exported its version as ``VERSION``."""

__all__ = [
    # clients
    "Client",
    "AsyncClient",
    "configure",
    "configured_base_url",
    "reset",
    "DEFAULT_BASE_URL",
    "DEMO_BASE_URL",
    "user_agent",
    # the old top-level names
    "Session",
    "Lifecycle",
    "Perspective",
    "AbstractSession",
    "CommunicationOption",
    "InstalmentLink",
    "InstalmentLinkOpen",
    "InstalmentLinkOrderBy",
    "InstalmentLinkMode",
    "Order",
    "HumanHeadline",
    "EntityHeadline",
    "SaleNomenclature",
    "errors",
    "VERSION",
    "TermRate",
    "TermRateGroup",
    "XeroOrganisation",
    "XeroEntityMap",
    "Amount",
    "Currency",
    "Currencies",
    "Codable",
    "CodingDefinition",
    "GlobalBrand",
    "GlobalBrandSelection",
    "PaymentSeries",
    "CustomerPayment",
    "PaymentMechanism",
    "Human",
    "SecondFactorCode",
    # further objects
    "Address",
    "Commitment",
    "Country",
    "Cycle",
    "Disposition",
    "EmailAddress",
    "Entity",
    "EntityIdType",
    "EntityIdentifier",
    "HumanIdentity",
    "HumanIdentityDocument",
    "HumanIdentityDocumentState",
    "HumanIdentityDocumentType",
    "InstalmentLine",
    "InstalmentSchedule",
    "InstalmentTotalRow",
    "PaymentMethodHeadline",
    "PaymentSeriesOrderBy",
    "PhoneNumber",
    "ProspectivePayment",
    "Region",
    # errors
    "ProcuretError",
    "ProcuretApiError",
    "InconsistentState",
    "ProcuretTypeError",
    # wire helpers
    "format_time",
    "parse_time",
    "loads",
    "__version__",
]
