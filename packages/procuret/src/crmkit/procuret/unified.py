"""Procuret in the unified layer: what maps honestly, and nothing more.

Procuret is a pay-over-time platform, not a CRM: it has no contacts, deals, plans,
subscriptions or timeline events. The one unified entity it can serve is **companies**, read
one at a time from ``GET /entity`` (a business entity: legal name, identifiers, business
address). There is no list, search or write for entities, so ``companies`` supports ``get``
only, and sync cannot use Procuret as a source or target.

Instalment links and payment series have no unified model (a ``PaymentLink`` model was
deliberately not added to core); reach them through ``crm.vendor_client`` (a
:class:`~crmkit.procuret.Client`).

Capability matrix row: companies ``get`` (updated_since ``none``); every other entity absent.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from functools import cached_property
from typing import Any, ClassVar

import httpx

from crmkit.core import (
    AsyncAPIClient,
    ConfigurationError,
    Endpoint,
    InvalidArgument,
    Secret,
    SyncAPIClient,
)
from crmkit.core.unified import (
    Address,
    Company,
    EntityAdapter,
    EntityCapabilities,
    Mapped,
    UnifiedBackend,
)

from . import _endpoints as ep
from ._auth import AUTH_MODES
from ._client import AsyncClient, Client, build_api_client
from ._types import read_exact_json
from .emulator._data import DEMO_API_KEY, DEMO_SESSION_ID
from .enums import EntityIdType, Lifecycle
from .session import Session

__all__ = [
    "COMPANY_CAPABILITIES",
    "CompanyAdapter",
    "ProcuretBackend",
    "backend",
    "from_unified_company",
    "to_unified_company",
]

VENDOR = "procuret"

COMPANY_CAPABILITIES = EntityCapabilities(
    entity="companies",
    operations=frozenset({"get"}),
    updated_since="none",
    match_keys=(),
    sorted_by_updated=False,
    max_page_size=None,
    notes=(
        "Business entities read by id (GET /entity); Procuret has no entity list, search or "
        "write. No contacts, deals, plans, subscriptions or events. Instalment links and "
        "payment series are vendor-only: use crm.vendor_client."
    ),
)

_ADDRESS_LINES = ("line_1", "line_2", "line_3", "line_4")


def _id_type_name(value: Any) -> str:
    try:
        return EntityIdType(value).name.lower()
    except ValueError:
        return f"id_type_{value}"


def to_unified_company(wire: Mapping[str, Any]) -> Company:
    """A Procuret entity (``GET /entity``) as a unified :class:`~crmkit.core.unified.Company`.

    The business address becomes the one address (label ``business``, lines joined with
    newlines, region abbreviation as ``state``, ISO 3166 alpha-2 as ``country``); identifiers
    (ABN, ACN, NZBN...) and ``public_id_short`` become custom fields. Entities carry no
    timestamps, so ``created_at``/``updated_at`` stay None.
    """
    addresses: list[Address] = []
    raw_address = wire.get("business_address")
    if isinstance(raw_address, Mapping):
        lines = [str(raw_address[k]) for k in _ADDRESS_LINES if raw_address.get(k)]
        region = raw_address.get("region")
        country = raw_address.get("country")
        addresses.append(
            Address(
                street="\n".join(lines) or None,
                city=raw_address.get("locality"),
                state=region.get("abbreviation") if isinstance(region, Mapping) else None,
                postal_code=raw_address.get("postal_code"),
                country=country.get("iso_3166_a2") if isinstance(country, Mapping) else None,
                label="business",
            )
        )
    custom: dict[str, Any] = {}
    if wire.get("public_id_short"):
        custom["public_id_short"] = str(wire["public_id_short"])
    for identifier in wire.get("entity_identifiers") or []:
        if not isinstance(identifier, Mapping):
            continue
        value = identifier.get("id", identifier.get("identifier"))
        kind = identifier.get("id_type", identifier.get("identifier_type"))
        if value is not None and kind is not None:
            custom[_id_type_name(kind)] = str(value)
    return Company(
        remote_id=str(wire["public_id"]),
        vendor=VENDOR,
        name=wire.get("legal_entity_name"),
        addresses=addresses,
        custom_fields=custom,
        remote_data=dict(wire),
    )


_HELD = {"name", "addresses", "custom_fields"}
_PROVENANCE = {
    "id",
    "remote_id",
    "vendor",
    "created_at",
    "updated_at",
    "remote_was_deleted",
    "remote_data",
}


def from_unified_company(company: Company) -> Mapped:
    """The Procuret entity fields a unified company can fill, and what it cannot hold.

    Procuret has no write endpoint for entities, so this payload is never sent; it exists so
    callers (and the sync engine's comparisons) see exactly which fields Procuret can hold.
    Dropped: ``domain``, ``emails``, ``phones``, ``websites``, ``owner_id``, ``tags``,
    ``description``, addresses after the first, and custom fields that are not identifiers.
    """
    dropped: list[str] = []
    set_fields = company.model_fields_set - _PROVENANCE
    for name in sorted(set_fields - _HELD):
        value = getattr(company, name)
        if value not in (None, [], {}, ""):
            dropped.append(name)
    payload: dict[str, Any] = {}
    if company.name is not None:
        payload["legal_entity_name"] = company.name
    if company.addresses:
        first = company.addresses[0]
        lines = (first.street or "").split("\n")
        address: dict[str, Any] = dict.fromkeys(_ADDRESS_LINES)
        for key, line in zip(_ADDRESS_LINES, lines, strict=False):
            address[key] = line or None
        if len(lines) > len(_ADDRESS_LINES):
            dropped.append("addresses[0].street (lines after the fourth)")
        address["locality"] = first.city
        address["postal_code"] = first.postal_code
        address["region"] = {"abbreviation": first.state} if first.state else None
        address["country"] = {"iso_3166_a2": first.country} if first.country else None
        payload["business_address"] = address
        if len(company.addresses) > 1:
            dropped.append("addresses[1:]")
    identifiers = []
    for key, value in company.custom_fields.items():
        if key == "public_id_short":
            payload["public_id_short"] = value
            continue
        try:
            kind = EntityIdType[key.upper()]
        except KeyError:
            dropped.append(f"custom_fields.{key}")
            continue
        identifiers.append({"id": str(value), "id_type": int(kind)})
    if identifiers:
        payload["entity_identifiers"] = identifiers
    company.with_dropped(dropped)
    return Mapped(payload=payload, dropped=tuple(dropped))


class CompanyAdapter(EntityAdapter[Company]):
    """``companies``: ``get`` by entity id; everything else raises ``NotSupported``."""

    entity: ClassVar[str] = "companies"
    model = Company

    def __init__(self) -> None:
        super().__init__(VENDOR, COMPANY_CAPABILITIES)

    def get(self, remote_id: str) -> Endpoint[Company]:
        """``GET /entity?entity_id=<remote_id>`` as a unified company (404: ``NotFound``)."""
        text = str(remote_id).strip()
        if not text.isdigit():
            raise InvalidArgument(f"a Procuret entity id is a positive integer, not {remote_id!r}")
        endpoint = ep.retrieve_entity(int(text))

        def parse(response: httpx.Response) -> Company:
            return to_unified_company(read_exact_json(response))

        return dataclasses.replace(endpoint, parse=parse)  # type: ignore[return-value,arg-type]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.reveal() if isinstance(value, Secret) else str(value)


def _lifecycle(value: Any) -> Lifecycle | int:
    text = (_text(value) or "2").strip().upper()
    if text.isdigit():
        return int(text)
    try:
        return Lifecycle[text]
    except KeyError:
        raise ConfigurationError(
            f"lifecycle must be 1, 2, SHORT_LIVED or LONG_LIVED, not {value!r}", vendor=VENDOR
        ) from None


class ProcuretBackend(UnifiedBackend):
    """Procuret's bridge to the unified client.

    Settings: ``session_id``, ``api_key`` (str or :class:`~crmkit.core.Secret`), optional
    ``lifecycle`` (``"2"``), ``auth_mode`` (``"auto"``), ``base_url`` and
    ``allow_insecure_http``.
    """

    vendor: ClassVar[str] = VENDOR

    @cached_property
    def adapters(self) -> Mapping[str, EntityAdapter[Any]]:
        return {"companies": CompanyAdapter()}

    def session(self) -> Session:
        """The session the settings describe."""
        session_id = _text(self.settings.get("session_id"))
        api_key = self.settings.get("api_key")
        if not session_id or not api_key:
            raise ConfigurationError(
                "procuret needs session_id and api_key (create a session with "
                "crmkit.procuret.Session.create_with_email or Client.sessions.create)",
                vendor=VENDOR,
            )
        if not session_id.strip().isdigit():
            raise ConfigurationError("procuret session_id must be an integer", vendor=VENDOR)
        key = api_key if isinstance(api_key, Secret) else Secret(str(api_key))
        return Session(int(session_id), None, key, _lifecycle(self.settings.get("lifecycle")), None)

    def api_client(
        self, *, asynchronous: bool = False, **options: Any
    ) -> SyncAPIClient | AsyncAPIClient:
        auth_mode = _text(self.settings.get("auth_mode")) or "auto"
        if auth_mode not in AUTH_MODES:
            raise ConfigurationError(
                f"auth_mode must be one of {', '.join(AUTH_MODES)}", vendor=VENDOR
            )
        kwargs: dict[str, Any] = {
            "base_url": self.settings.get("base_url"),
            "allow_insecure_http": bool(self.settings.get("allow_insecure_http", False)),
            **options,
        }
        return build_api_client(
            asynchronous=asynchronous, session=self.session(), auth_mode=auth_mode, **kwargs
        )

    def vendor_client(self, api: SyncAPIClient | AsyncAPIClient) -> Client | AsyncClient:
        if isinstance(api, AsyncAPIClient):
            return AsyncClient(api_client=api)
        return Client(api_client=api)

    @classmethod
    def demo_settings(cls) -> dict[str, Any]:
        """Settings the emulator accepts in open mode: its fixed demo session.

        The emulator keeps session ``DEMO_SESSION_ID`` with ``DEMO_API_KEY`` (the worked
        example of the vendor file) live for the demo supplier account, whose links the
        ``--records`` option seeds.
        """
        return {
            "session_id": str(DEMO_SESSION_ID),
            "api_key": Secret(DEMO_API_KEY),
            "lifecycle": "2",
            "auth_mode": "auto",
        }


def backend(settings: Mapping[str, Any]) -> ProcuretBackend:
    """The factory ``SPEC.unified`` names."""
    return ProcuretBackend(settings)
