"""Procuret's objects as pydantic models (vendor file §4), with the old library's methods.

Wire names are already snake_case, so attribute names equal wire names except where noted
(``EntityIdentifier.identifier`` is ``id`` on the wire). Unknown fields are kept and sent
back; server-set fields (``public_id``, ``created``, ``opens``, ``disposition``) are
read-only. Ids are ``int`` (exact above 2**53), amounts :class:`~decimal.Decimal` (decimal
strings on the wire), times UTC datetimes, and int enums keep values they do not know.

The class methods that talk to Procuret (``InstalmentLink.create``, ``TermRateGroup.retrieve``
...) are the old library's idiom and run on the legacy connection (see
:mod:`crmkit.procuret._legacy`); the typed :class:`~crmkit.procuret.Client` returns these same
models.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import AliasChoices, Field

from crmkit.core import ReadOnly

from ._base import ProcuretModel
from ._types import DecimalString, ProcuretDate, ProcuretTime, enum_or_int
from .enums import (
    CommunicationOption,
    EntityIdType,
    HumanIdentityDocumentState,
    HumanIdentityDocumentType,
    InstalmentLinkMode,
    InstalmentLinkOrderBy,
    Order,
    PaymentMechanism,
    PaymentSeriesOrderBy,
    SaleNomenclature,
)
from .money import Amount, Currency, CurrencyField

if TYPE_CHECKING:
    from .session import Session

__all__ = [
    "LINK_URL_TEMPLATE",
    "Address",
    "Commitment",
    "Country",
    "CustomerPayment",
    "Disposition",
    "EmailAddress",
    "Entity",
    "EntityHeadline",
    "EntityIdentifier",
    "GlobalBrand",
    "GlobalBrandSelection",
    "Human",
    "HumanHeadline",
    "HumanIdentity",
    "HumanIdentityDocument",
    "InstalmentLine",
    "InstalmentLink",
    "InstalmentLinkOpen",
    "InstalmentSchedule",
    "InstalmentTotalRow",
    "PaymentMethodHeadline",
    "PaymentSeries",
    "PhoneNumber",
    "ProspectivePayment",
    "Region",
    "TermRate",
    "TermRateGroup",
    "XeroEntityMap",
    "XeroOrganisation",
]

LINK_URL_TEMPLATE = "https://procuret.com/b?il={public_id}"
"""Where an instalment link points. Hard-coded in every SDK, also for demo (quirk #16, kept)."""

_UNSET: Any = object()


class Disposition(ProcuretModel):
    """Where a row sits in a listing: ``sequence`` (1-based), ``count`` (all matches),
    ``limit`` and ``offset`` (echoed)."""

    sequence: int
    count: int
    limit: int
    offset: int


class EntityHeadline(ProcuretModel):
    """A business entity in brief (supplier or customer)."""

    _positional: ClassVar[tuple[str, ...]] = ("legal_entity_name", "entity_id")

    legal_entity_name: str
    entity_id: int


class HumanHeadline(ProcuretModel):
    """A person in brief. Newer servers send ``name`` instead of ``full_name``; both are read."""

    _positional: ClassVar[tuple[str, ...]] = ("agent_id", "full_name")

    agent_id: int
    full_name: str = Field(
        validation_alias=AliasChoices("full_name", "name"), serialization_alias="full_name"
    )


class PaymentMethodHeadline(ProcuretModel):
    """A payment method in brief (``"Bank Account ...3456"``)."""

    public_id: str
    description: str


class InstalmentLinkOpen(ProcuretModel):
    """One opening of an instalment link by the customer."""

    path: ClassVar[str] = "/instalment-link/open"

    sequence: int
    created: ProcuretTime

    @classmethod
    def create(cls, link_id: str, session: Session) -> None:
        """Record that the link ``link_id`` was opened (signed ``POST /instalment-link/open``).

        Returns None, also when Procuret answers 404 (an unknown link), as the old client did.
        """
        from . import _legacy

        return _legacy.open_instalment_link(link_id, session)


class InstalmentLink(ProcuretModel):
    """A customised link to the Procuret Instalment Product for one invoice.

    Example:
        >>> link = InstalmentLink.create(                       # doctest: +SKIP
        ...     supplier=4000, invoice_amount=Decimal("422.42"),
        ...     invitee_email="someone@great-domain.org", invoice_identifier="T 055",
        ...     communication=CommunicationOption.EMAIL_CUSTOMER, session=session)
        >>> link.url                                            # doctest: +SKIP
        'https://procuret.com/b?il=Zq3TbL9wKx2mPa7R'
    """

    path: ClassVar[str] = "/instalment-link"
    list_path: ClassVar[str] = "/instalment-link/list"
    OrderBy: ClassVar[type[InstalmentLinkOrderBy]] = InstalmentLinkOrderBy

    public_id: Annotated[str, ReadOnly]
    created: Annotated[ProcuretTime, ReadOnly]
    supplier: EntityHeadline
    invitee_email: str | None = None
    invitee_phone: str | None = None
    invitee_phone_digits: str | None = None
    invitee_human_id: int | None = None
    invoice_amount: DecimalString
    # Optional from 0.0.47.
    invoice_identifier: str | None = None
    opens: Annotated[list[InstalmentLinkOpen], ReadOnly] = Field(default_factory=list)
    sale_name: Annotated[SaleNomenclature | int, enum_or_int(SaleNomenclature)] = (
        SaleNomenclature.INVOICE
    )
    allow_edit: bool = True
    # Required by the old client from 0.0.47; optional here, default 1 (bug #17 fixed).
    mode: Annotated[InstalmentLinkMode | int, enum_or_int(InstalmentLinkMode)] = (
        InstalmentLinkMode.APPLICATION
    )
    denomination_id: int = 1
    disposition: Annotated[Disposition | None, ReadOnly] = None

    # -- derived ------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The link a customer opens."""
        return LINK_URL_TEMPLATE.format(public_id=self.public_id)

    @property
    def currency(self) -> Currency:
        """The link's currency (``LookupError`` for a currency crmkit does not know)."""
        return Currency.assertively_with_id(self.denomination_id)

    @property
    def amount(self) -> Amount:
        """The invoice amount with its currency."""
        return Amount(magnitude=self.invoice_amount, denomination=self.currency)

    @property
    def invoice_amount_pretty(self) -> str:
        """``1,234.5``."""
        return f"{self.invoice_amount:,}"

    @property
    def has_been_opened(self) -> bool:
        """Whether the customer opened the link at least once."""
        return len(self.opens) > 0

    @property
    def open_count(self) -> int:
        """How many times the link was opened."""
        return len(self.opens)

    # -- the old library's calls ----------------------------------------------------------------

    @classmethod
    def create(
        cls,
        supplier: int | EntityHeadline,
        invoice_amount: Decimal,
        invitee_email: str = _UNSET,
        invoice_identifier: str = _UNSET,
        communication: CommunicationOption = _UNSET,
        session: Session = _UNSET,
        *,
        invoice_email: str = _UNSET,
    ) -> InstalmentLink:
        """Create a link (signed ``POST /instalment-link``).

        Args:
            supplier: your supplier entity's id, or its :class:`EntityHeadline`.
            invoice_amount: the amount, a :class:`~decimal.Decimal`.
            invitee_email: the customer's email (``invoice_email=`` is accepted as an alias,
                as the seed document's parameter list names it).
            invoice_identifier: your own invoice number.
            communication: whether Procuret emails the customer.
            session: the session that authenticates the call.

        Raises:
            ProcuretTypeError: a wrong argument type, before any request.
            InconsistentState: Procuret answered 404.
            ProcuretApiError: any other error status.
            crmkit.core.AmbiguousWriteError: the request may have reached Procuret but no
                answer came back; it is never retried (creating twice would make two links).
                List your newest links before trying again.
        """
        from . import _legacy

        if invoice_email is not _UNSET:
            if invitee_email is not _UNSET:
                raise TypeError("pass invitee_email or its alias invoice_email, not both")
            invitee_email = invoice_email
        missing = [
            name
            for name, value in (
                ("invitee_email", invitee_email),
                ("invoice_identifier", invoice_identifier),
                ("communication", communication),
                ("session", session),
            )
            if value is _UNSET
        ]
        if missing:
            raise TypeError(f"InstalmentLink.create() missing argument(s): {', '.join(missing)}")
        return _legacy.create_instalment_link(
            supplier=supplier,
            invoice_amount=invoice_amount,
            invitee_email=invitee_email,
            invoice_identifier=invoice_identifier,
            communication=communication,
            session=session,
        )

    @classmethod
    def retrieve(cls, public_id: str, session: Session) -> InstalmentLink | None:
        """The link with ``public_id``, or None (via the list endpoint, as the old client)."""
        from . import _legacy

        return _legacy.retrieve_instalment_link(public_id, session)

    @classmethod
    def retrieve_many(
        cls,
        session: Session,
        public_id: str | None = None,
        limit: int = 20,
        offset: int = 0,
        order: Order = Order.ASCENDING,
        order_by: InstalmentLinkOrderBy = InstalmentLinkOrderBy.CREATED,
        opened: bool | None = None,
    ) -> list[InstalmentLink]:
        """One page of links (``GET /instalment-link/list``); each carries its ``disposition``.

        The old default order is ascending (kept, quirk #15). A 404 yields ``[]``.
        """
        from . import _legacy

        return _legacy.retrieve_instalment_links(
            session=session,
            public_id=public_id,
            limit=limit,
            offset=offset,
            order=order,
            order_by=order_by,
            opened=opened,
        )


class TermRate(ProcuretModel):
    """A supplier's rate for one term length. Newer data adds the rate itself."""

    path: ClassVar[str] = "/term-rate"

    supplier_entity_id: int
    periods: int
    periods_in_year: DecimalString
    annual_rate: DecimalString | None = None
    created: ProcuretTime | None = None
    creating_agent_id: int | None = None
    indexid: int | None = None


class TermRateGroup(ProcuretModel):
    """A set of term rates."""

    path: ClassVar[str] = "/term-rate/group"
    list_path: ClassVar[str] = "/term-rate/group/list"

    public_id: Annotated[str, ReadOnly]
    rates: list[TermRate] = Field(default_factory=list)
    created: Annotated[ProcuretTime, ReadOnly]
    active: bool
    disposition: Annotated[Disposition | None, ReadOnly] = None

    @classmethod
    def retrieve(cls, public_id: str, session: Session) -> TermRateGroup | None:
        """The group with ``public_id`` (``GET /term-rate/group``), or None."""
        from . import _legacy

        return _legacy.retrieve_term_rate_group(public_id, session)


class XeroEntityMap(ProcuretModel):
    """Whether an entity is connected to Xero."""

    path: ClassVar[str] = "/xero/entity-map"

    entity_id: int

    @classmethod
    def retrieve(cls, entity_id: int, session: Session) -> XeroEntityMap | None:
        """The map of ``entity_id`` (``GET /xero/entity-map``), or None."""
        from . import _legacy

        return _legacy.retrieve_xero_entity_map(entity_id, session)


class XeroOrganisation(ProcuretModel):
    """The Xero organisation an entity is connected to."""

    path: ClassVar[str] = "/xero/organisation"

    short_code: str
    entity_id: int

    @classmethod
    def retrieve(cls, entity_id: int, session: Session) -> XeroOrganisation | None:
        """The organisation of ``entity_id`` (``GET /xero/organisation``), or None."""
        from . import _legacy

        return _legacy.retrieve_xero_organisation(entity_id, session)


class Region(ProcuretModel):
    """A state or region."""

    indexid: int
    name: str
    abbreviation: str
    country_id: int | None = None


class Country(ProcuretModel):
    """A country."""

    country_id: int
    name: str
    iso_3166_a2: str
    iso_3166_a3: str


class Address(ProcuretModel):
    """A postal address."""

    public_id: str | None = None
    created: ProcuretTime | None = None
    line_1: str
    line_2: str | None = None
    line_3: str | None = None
    line_4: str | None = None
    locality: str
    region: Region | None = None
    postal_code: str
    country: Country | None = None

    @property
    def one_line(self) -> str:
        """The address on one line (the old property crashed on every address)."""
        parts = [p for p in (self.line_1, self.line_2, self.line_3, self.line_4) if p]
        text = ", ".join([*parts, self.locality])
        if self.region is not None:
            text += f" {self.region.abbreviation}"
        text += f" {self.postal_code}"
        if self.country is not None:
            text += f" {self.country.iso_3166_a3}"
        return text


class EntityIdentifier(ProcuretModel):
    """A business identifier (ABN, ACN, NZBN...).

    UNCERTAIN: newer servers may send ``identifier``/``identifier_type`` instead of
    ``id``/``id_type``; either pair is read.
    """

    identifier: str = Field(
        validation_alias=AliasChoices("id", "identifier"), serialization_alias="id"
    )
    id_type: Annotated[EntityIdType | int, enum_or_int(EntityIdType)] = Field(
        validation_alias=AliasChoices("id_type", "identifier_type"), serialization_alias="id_type"
    )


class Entity(ProcuretModel):
    """A business entity (``GET /entity``)."""

    path: ClassVar[str] = "/entity"

    public_id: Annotated[int, ReadOnly]
    public_id_short: str | None = None
    entity_identifiers: list[EntityIdentifier] = Field(default_factory=list)
    legal_entity_name: str
    business_address: Address | None = None
    disposition: Annotated[Disposition | None, ReadOnly] = None

    @property
    def address(self) -> Address | None:
        """The business address (the old property's name)."""
        return self.business_address

    @classmethod
    def retrieve(cls, public_id: int, session: Session) -> Entity | None:
        """The entity ``public_id`` (``GET /entity?entity_id=``), or None."""
        from . import _legacy

        return _legacy.retrieve_entity(public_id, session)


class EmailAddress(ProcuretModel):
    """A person's email address (the old class had no coding map: bug #12, fixed)."""

    created: ProcuretTime | None = None
    email_address: str
    confirmation_required: bool = False


class PhoneNumber(ProcuretModel):
    """A person's phone number."""

    indexid: int | None = None
    digits: str
    confirmed: bool | None = None
    confirmation_required: bool | None = None
    confirmation_request_sent: bool | None = None


class HumanIdentity(ProcuretModel):
    """Identity details of a person."""

    indexid: int
    created: ProcuretTime | None = None
    modified: ProcuretTime | None = None
    date_of_birth: str | None = None
    address: Address | None = None


class HumanIdentityDocument(ProcuretModel):
    """An identity document."""

    public_id: str
    created: ProcuretTime
    document_type: Annotated[
        HumanIdentityDocumentType | int, enum_or_int(HumanIdentityDocumentType)
    ]
    document_identifier: str
    human: HumanHeadline
    state: Annotated[HumanIdentityDocumentState | int, enum_or_int(HumanIdentityDocumentState)]
    active: bool
    disposition: Disposition | None = None


class Human(ProcuretModel):
    """A person with a Procuret account (``GET /human``)."""

    path: ClassVar[str] = "/human"

    public_id: Annotated[int, ReadOnly]
    agent_id: int
    first_name: str
    other_name: str | None = None
    last_name: str
    identity: HumanIdentity | None = None
    documents: list[HumanIdentityDocument] | None = None
    created: Annotated[ProcuretTime | None, ReadOnly] = None
    modified: Annotated[ProcuretTime | None, ReadOnly] = None
    email_address: EmailAddress
    phone_number: PhoneNumber | None = None
    disposition: Annotated[Disposition | None, ReadOnly] = None

    @property
    def full_name(self) -> str:
        """First, other and last name joined."""
        return " ".join(p for p in (self.first_name, self.other_name, self.last_name) if p)

    @classmethod
    def retrieve(cls, public_id: int, session: Session) -> Human | None:
        """The person ``public_id`` (``GET /human?human_id=``), or None."""
        from . import _legacy

        return _legacy.retrieve_human(public_id, session)


class Commitment(ProcuretModel):
    """Who committed to a payment setup (``GET /commitment``)."""

    path: ClassVar[str] = "/commitment"

    public_id: str
    committed_human: Human

    @classmethod
    def retrieve(cls, exchange_id: str, session: Session) -> Commitment | None:
        """The commitment of the setup ``exchange_id`` (query ``setup_id``), or None."""
        from . import _legacy

        return _legacy.retrieve_commitment(exchange_id, session)


class CustomerPayment(ProcuretModel):
    """A payment a customer made."""

    public_id: str
    executor: HumanHeadline | None = None
    created: ProcuretTime
    executed: ProcuretTime | None = None
    magnitude: DecimalString
    disposition: Disposition | None = None
    active: bool = True
    payment_method: PaymentMethodHeadline | None = None
    commitment_id: str | None = None
    denomination: CurrencyField

    @property
    def amount(self) -> Amount:
        """The payment with its currency."""
        return Amount(magnitude=self.magnitude, denomination=self.denomination)


class InstalmentLine(ProcuretModel):
    """One instalment of a schedule."""

    sequence: int
    date: ProcuretDate
    nominal_payment: DecimalString
    opening_balance: DecimalString
    interest_paid: DecimalString
    principal_paid: DecimalString
    principal_discount: DecimalString
    closing_balance: DecimalString
    commitment_public_id: str | None = None
    payment: CustomerPayment | None = None
    denomination: CurrencyField


class InstalmentTotalRow(ProcuretModel):
    """The totals of a schedule."""

    total_payments: DecimalString
    total_principal: DecimalString
    total_principal_discount: DecimalString
    total_interest: DecimalString
    denomination: CurrencyField


class InstalmentSchedule(ProcuretModel):
    """The instalments of a payment series (``GET /instalment-schedule``)."""

    path: ClassVar[str] = "/instalment-schedule"

    series_id: str
    has_interest: bool
    lines: list[InstalmentLine] = Field(default_factory=list)
    total_row: InstalmentTotalRow

    @classmethod
    def retrieve(cls, series_id: str, session: Session) -> InstalmentSchedule | None:
        """The schedule of ``series_id`` (query ``series_id``; the old call sent
        ``entity_id`` to no path at all: bug #12, fixed), or None."""
        from . import _legacy

        return _legacy.retrieve_instalment_schedule(series_id, session)


class PaymentSeries(ProcuretModel):
    """A customer's series of payments to a supplier (``GET /payment/series/list``)."""

    path: ClassVar[str] = "/payment/series"
    OrderBy: ClassVar[type[PaymentSeriesOrderBy]] = PaymentSeriesOrderBy

    public_id: Annotated[str, ReadOnly]
    created: Annotated[ProcuretTime, ReadOnly]
    creating_agent: int
    payment_method: PaymentMethodHeadline | None = None
    customer: EntityHeadline
    supplier: EntityHeadline
    exchange_id: str
    amount: Amount
    sum_payments: Amount
    total_payable: Amount
    identifier: str | None = None
    mechanism: Annotated[PaymentMechanism | int, enum_or_int(PaymentMechanism)] = (
        PaymentMechanism.ON_PLATFORM
    )
    completed: bool | None = None
    commitment_id: str | None = None
    allows_self_serve_payments: bool | None = None
    oldest_unpaid_instalment_due_24hrs_starting: ProcuretTime | None = None
    disposition: Annotated[Disposition | None, ReadOnly] = None

    @classmethod
    def retrieve(cls, session: Session, public_id: str) -> PaymentSeries | None:
        """The series ``public_id`` via the list endpoint (note the argument order), or None."""
        from . import _legacy

        return _legacy.retrieve_payment_series(session, public_id)

    @classmethod
    def retrieve_many(
        cls,
        session: Session,
        public_id: str | None = None,
        text_fragment: str | None = None,
        business_id: int | str | None = None,
        method_id: str | None = None,
        limit: int = 20,
        offset: int = 0,
        order: Order = Order.DESCENDING,
        order_by: PaymentSeriesOrderBy = PaymentSeriesOrderBy.CREATED,
    ) -> list[PaymentSeries]:
        """One page of series, newest first by default; ``text_fragment`` is sent as
        ``any_fragment``. A 404 yields ``[]`` (the old call raised TypeError: bug #11)."""
        from . import _legacy

        return _legacy.retrieve_payment_series_many(
            session=session,
            public_id=public_id,
            text_fragment=text_fragment,
            business_id=business_id,
            method_id=method_id,
            limit=limit,
            offset=offset,
            order=order,
            order_by=order_by,
        )


class ProspectivePayment(ProcuretModel):
    """What a customer would pay per period (``GET /credit/prospective-payment``)."""

    payment: DecimalString
    cycle: int
    supplier_id: int
    periods: int
    currency: CurrencyField


class GlobalBrand(ProcuretModel):
    """A brand (logos) Procuret knows."""

    indexid: int
    name: str
    logo_url_light: str | None = None
    logo_url_dark: str | None = None


class GlobalBrandSelection(ProcuretModel):
    """A brand an entity selected."""

    created: ProcuretTime
    brand: GlobalBrand
