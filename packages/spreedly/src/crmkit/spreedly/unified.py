"""Spreedly in crmkit's unified layer: contacts, subscriptions and plans.

- **contacts** are subscribers. The remote id is the customer id the app chose (it is also the
  contact's ``external_id``); a new contact's customer id is its ``external_id``, or a fresh
  uuid4 hex when it has none. ``name`` maps to the screen name; first/last name, the first
  email, the first phone and the first address map to the billing fields. Everything else is
  reported in ``dropped_fields``. Deletes work on test sites only (production answers 403).
- **subscriptions** are a subscriber's subscription state (one per subscriber, read-only; the
  remote id is the customer id). Listing yields subscribers that have or had a plan or
  complimentary time.
- **plans** are read-only.

Spreedly has no companies, deals or events. Subscribers and plans carry ``updated-at`` but the
list endpoints have no filter, so ``updated_since`` is ``"client"``: crmkit reads the (unpaged)
list and filters.
"""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from typing import Any, ClassVar

import httpx

from crmkit.core import (
    AsyncAPIClient,
    ConfigurationError,
    Endpoint,
    Flow,
    InvalidArgument,
    NotFound,
    Page,
    SinglePage,
    SyncAPIClient,
)
from crmkit.core.unified import (
    Address,
    Contact,
    EmailAddress,
    EntityAdapter,
    EntityCapabilities,
    Mapped,
    PhoneNumber,
    Plan,
    Subscription,
    UnifiedBackend,
)

from . import _endpoints as ep
from . import _xml
from ._client import AsyncSpreedly, Spreedly, core_client_options
from .errors import MalformedXML

__all__ = [
    "ContactsAdapter",
    "PlansAdapter",
    "SpreedlyBackend",
    "SubscriptionsAdapter",
    "backend",
    "from_unified_contact",
    "to_unified_contact",
    "to_unified_plan",
    "to_unified_subscription",
]

VENDOR = "spreedly"


# -- helpers ------------------------------------------------------------------------------------


def _raw(value: Any) -> Any:
    """A typed wire value back to the text it had on the wire (for ``remote_data``)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return {k: _raw(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_raw(v) for v in value]
    return _xml.leaf_text(value)[1]


def _text(value: Any) -> str | None:
    """A wire string as a unified value: empty means absent."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _is_email(value: str) -> bool:
    try:
        EmailAddress(address=value)
    except ValueError:
        return False
    return True


# -- contacts -----------------------------------------------------------------------------------

_ADDRESS_WIRE = {
    "street": "billing-address1",
    "city": "billing-city",
    "state": "billing-state",
    "postal_code": "billing-zip",
    "country": "billing-country",
}

# Contact fields Spreedly cannot hold (each is reported when set and non-empty).
_CONTACT_DROPPED = (
    "title",
    "company_id",
    "company_name",
    "owner_id",
    "tags",
    "description",
    "websites",
    "custom_fields",
)


def to_unified_contact(wire: Mapping[str, Any]) -> Contact:
    """A decoded ``<subscriber>`` (dasherized keys, typed values) as a unified Contact.

    An email Spreedly holds that is not an address (no ``@``) is kept in
    ``custom_fields["email"]`` rather than lost.
    """
    cid = str(wire["customer-id"])
    emails: list[EmailAddress] = []
    custom: dict[str, Any] = {}
    email = _text(wire.get("email"))
    if email is not None:
        if _is_email(email):
            emails.append(EmailAddress(address=email))
        else:
            custom["email"] = email
    phone = _text(wire.get("billing-phone-number"))
    parts = {key: _text(wire.get(tag)) for key, tag in _ADDRESS_WIRE.items()}
    addresses = [Address(**parts)] if any(parts.values()) else []
    return Contact(
        remote_id=cid,
        vendor=VENDOR,
        external_id=cid,
        name=_text(wire.get("screen-name")),
        first_name=_text(wire.get("billing-first-name")),
        last_name=_text(wire.get("billing-last-name")),
        emails=emails,
        phones=[PhoneNumber(number=phone)] if phone else [],
        addresses=addresses,
        created_at=wire.get("created-at"),
        updated_at=wire.get("updated-at"),
        custom_fields=custom,
        remote_data=_raw(dict(wire)),
    )


def from_unified_contact(contact: Contact) -> Mapped:
    """The subscriber fields (wire names) for the fields set on ``contact``.

    Only ``contact.model_fields_set`` is mapped, so a partial record updates only what it
    names; a field set to None or an empty list clears the Spreedly field (``""``). Held:
    ``name`` (screen name), ``first_name``, ``last_name``, the first email, phone and address.
    Listed in ``dropped``: extra emails/phones/addresses and every field Spreedly lacks.
    """
    given = contact.model_fields_set
    payload: dict[str, Any] = {}
    dropped: list[str] = []
    if "name" in given:
        payload["screen-name"] = contact.name or ""
    if "first_name" in given:
        payload["billing-first-name"] = contact.first_name or ""
    if "last_name" in given:
        payload["billing-last-name"] = contact.last_name or ""
    if "emails" in given:
        payload["email"] = contact.emails[0].address if contact.emails else ""
        if len(contact.emails) > 1:
            dropped.append("emails")
    if "phones" in given:
        payload["billing-phone-number"] = contact.phones[0].number if contact.phones else ""
        if len(contact.phones) > 1:
            dropped.append("phones")
    if "addresses" in given:
        first = contact.addresses[0] if contact.addresses else Address()
        for key, tag in _ADDRESS_WIRE.items():
            payload[tag] = getattr(first, key) or ""
        if len(contact.addresses) > 1:
            dropped.append("addresses")
    for name in _CONTACT_DROPPED:
        if name in given and getattr(contact, name):
            dropped.append(name)
    return Mapped(payload=payload, dropped=tuple(dropped))


def _contact_reader(root: _xml.Element) -> Contact:
    if root.tag != "subscriber":
        raise MalformedXML(f"expected a <subscriber> document, got <{root.tag}>")
    return to_unified_contact(_xml.decode(root))


def _rows(root: _xml.Element, array_tag: str) -> list[dict[str, Any]]:
    if root.tag == "nil-classes":
        return []
    if root.tag != array_tag:
        raise MalformedXML(f"expected <{array_tag}> or <nil-classes>, got <{root.tag}>")
    rows = _xml.decode(root)
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def _contacts(root: _xml.Element) -> list[Contact]:
    return [to_unified_contact(r) for r in _rows(root, "subscribers")]


def _whole(items: list[Any]) -> Page[Any]:
    # Unpaged lists: the one page holds everything, so its length is the total.
    return Page(items, total=len(items))


def _since(items: list[Any], updated_since: datetime | None) -> list[Any]:
    if updated_since is None:
        return items
    return [i for i in items if i.updated_at is None or i.updated_at >= updated_since]


class ContactsAdapter(EntityAdapter[Contact]):
    """Subscribers as unified contacts."""

    entity: ClassVar[str] = "contacts"
    model = Contact

    def list(
        self, *, updated_since: datetime | None = None, page_size: int | None = None
    ) -> SinglePage[Contact]:
        """Every subscriber (unpaged), filtered here on ``updated_at >= updated_since``."""

        def read(root: _xml.Element) -> Page[Contact]:
            return _whole(_since(_contacts(root), updated_since))

        return SinglePage(ep.list_subscribers(read))

    def get(self, remote_id: str) -> Endpoint[Contact]:
        """The subscriber with customer id ``remote_id``."""
        return ep.get_subscriber(remote_id, _contact_reader)

    def create(self, record: Contact) -> Flow[Contact]:
        """Create a subscriber; its customer id is ``external_id`` (or a new uuid4 hex).

        An ambiguous failure is reconciled by looking the customer id up (a 403 "already
        exists" on the retry means the first attempt landed).
        """
        mapped = from_unified_contact(record)
        customer_id = record.external_id or uuid.uuid4().hex
        payload = dict(mapped.payload)
        screen_name = payload.pop("screen-name", "") or (
            record.display_name or record.primary_email or customer_id
        )
        body = ep.create_subscriber_body(
            customer_id, screen_name, {k: v for k, v in payload.items() if v != ""}
        )
        return self._create(customer_id, body, mapped.dropped)

    def _create(
        self, customer_id: str, body: _xml.Element, dropped: tuple[str, ...]
    ) -> Flow[Contact]:
        contact: Contact = yield from ep.create_subscriber_flow(customer_id, body, _contact_reader)
        contact.with_dropped(dropped)
        return contact

    def update(self, remote_id: str, record: Contact) -> Flow[Contact]:
        """PUT the fields set on ``record`` (a changed ``external_id`` renames), then read."""
        mapped = from_unified_contact(record)
        payload = dict(mapped.payload)
        new_id = None
        renamed = record.external_id and record.external_id != remote_id
        if "external_id" in record.model_fields_set and renamed:
            new_id = record.external_id
            payload["new-customer-id"] = new_id
        return self._update(remote_id, payload, new_id, mapped.dropped)

    def _update(
        self,
        remote_id: str,
        payload: dict[str, Any],
        new_id: str | None,
        dropped: tuple[str, ...],
    ) -> Flow[Contact]:
        if payload:
            body = ep.update_subscriber_body(payload)
            contact: Contact = yield from ep.update_subscriber_flow(
                remote_id, body, _contact_reader, new_customer_id=new_id
            )
        else:
            contact = yield self.get(remote_id)
        contact.with_dropped(dropped)
        return contact

    def delete(self, remote_id: str) -> Flow[None]:
        """Delete the subscriber (test sites only; production answers 403)."""
        yield ep.delete_subscriber(remote_id)
        return None

    def find(self, key: str, value: str) -> Flow[builtins.list[Contact]]:
        """By ``external_id`` (the customer id: one GET) or ``email`` (reads the list)."""
        if key not in self.capabilities.match_keys:
            raise self._unsupported(f"find by {key}", hint="Use external_id or email.")
        if not isinstance(value, str) or not value:
            raise InvalidArgument(f"find({key!r}) needs a non-empty string value")
        return self._find(key, value)

    def _find(self, key: str, value: str) -> Flow[builtins.list[Contact]]:
        if key == "external_id":
            try:
                return [(yield self.get(value))]
            except NotFound:
                return []
        contacts: list[Contact] = yield ep.list_subscribers(_contacts)
        wanted = value.strip().lower()
        return [c for c in contacts if any(e.address.lower() == wanted for e in c.emails)]


# -- subscriptions ------------------------------------------------------------------------------


def _status(wire: Mapping[str, Any]) -> str:
    if wire.get("active"):
        return "trial" if wire.get("on-trial") else "active"
    if wire.get("in-grace-period"):
        return "grace"
    if wire.get("active-until") is not None:
        return "lapsed"
    return "inactive"


def _has_subscription(wire: Mapping[str, Any]) -> bool:
    return bool(
        wire.get("active")
        or wire.get("active-until") is not None
        or wire.get("lifetime-subscription")
        or _text(wire.get("feature-level"))
        or _text(wire.get("subscription-plan-name"))
    )


def to_unified_subscription(wire: Mapping[str, Any]) -> Subscription:
    """A decoded ``<subscriber>`` as its unified Subscription (status, plan, dates, money).

    ``status`` is ``trial``, ``active``, ``grace``, ``lapsed`` (had time, now expired) or
    ``inactive`` (never subscribed). Amount and currency come from the plan version.
    """
    cid = str(wire["customer-id"])
    version = wire.get("subscription-plan-version")
    version = version if isinstance(version, Mapping) else {}
    plan_id = version.get("subscription-plan-id")
    amount = version.get("amount")
    return Subscription(
        remote_id=cid,
        vendor=VENDOR,
        contact_id=cid,
        plan_id=None if plan_id is None else str(plan_id),
        plan_name=_text(wire.get("subscription-plan-name")),
        status=_status(wire),
        active_until=wire.get("active-until"),
        amount=amount if isinstance(amount, Decimal) else None,
        currency=_text(version.get("currency-code")),
        auto_renew=wire.get("recurring"),
        feature_level=_text(wire.get("feature-level")),
        created_at=wire.get("created-at"),
        updated_at=wire.get("updated-at"),
        custom_fields={
            k: wire[k]
            for k in ("lifetime-subscription", "on-gift")
            if isinstance(wire.get(k), bool)
        },
        remote_data=_raw(dict(wire)),
    )


def _subscription_reader(root: _xml.Element) -> Subscription:
    if root.tag != "subscriber":
        raise MalformedXML(f"expected a <subscriber> document, got <{root.tag}>")
    return to_unified_subscription(_xml.decode(root))


class SubscriptionsAdapter(EntityAdapter[Subscription]):
    """Each subscriber's subscription state (read-only)."""

    entity: ClassVar[str] = "subscriptions"
    model = Subscription

    def list(
        self, *, updated_since: datetime | None = None, page_size: int | None = None
    ) -> SinglePage[Subscription]:
        """Subscribers that have or had a subscription, filtered on ``updated_since`` here."""

        def read(root: _xml.Element) -> Page[Subscription]:
            subs = [
                to_unified_subscription(r)
                for r in _rows(root, "subscribers")
                if _has_subscription(r)
            ]
            return _whole(_since(subs, updated_since))

        return SinglePage(ep.list_subscribers(read))

    def get(self, remote_id: str) -> Endpoint[Subscription]:
        """The subscription state of customer ``remote_id`` (status ``inactive`` if none)."""
        return ep.get_subscriber(remote_id, _subscription_reader)

    def find(self, key: str, value: str) -> Flow[builtins.list[Subscription]]:
        """By ``contact_id`` (the customer id)."""
        if key not in self.capabilities.match_keys:
            raise self._unsupported(f"find by {key}", hint="Use contact_id.")
        return self._find(value)

    def _find(self, value: str) -> Flow[builtins.list[Subscription]]:
        try:
            return [(yield self.get(value))]
        except NotFound:
            return []


# -- plans --------------------------------------------------------------------------------------


def to_unified_plan(wire: Mapping[str, Any]) -> Plan:
    """A decoded ``<subscription-plan>`` as a unified Plan.

    ``interval_count``/``interval_unit`` are the duration (``0`` ``days`` with terms
    ``Lifetime`` means it never expires); ``trial`` is ``plan-type == "free_trial"``;
    ``active`` is ``enabled``.
    """
    amount = wire.get("amount")
    if not isinstance(amount, Decimal):
        price = wire.get("price")
        amount = price if isinstance(price, Decimal) else None
    plan_type = wire.get("plan-type")
    return Plan(
        remote_id=str(wire["id"]),
        vendor=VENDOR,
        name=_text(wire.get("name")),
        description=_text(wire.get("description")),
        amount=amount,
        currency=_text(wire.get("currency-code")),
        interval_count=wire.get("duration-quantity"),
        interval_unit=_text(wire.get("duration-units")),
        trial=None if plan_type is None else plan_type == "free_trial",
        feature_level=_text(wire.get("feature-level")),
        active=wire.get("enabled"),
        created_at=wire.get("created-at"),
        updated_at=wire.get("updated-at"),
        custom_fields={k: str(wire[k]) for k in ("plan-type", "terms") if wire.get(k)},
        remote_data=_raw(dict(wire)),
    )


def _plans(root: _xml.Element) -> list[Plan]:
    return [to_unified_plan(r) for r in _rows(root, "subscription-plans")]


class PlansAdapter(EntityAdapter[Plan]):
    """The site's subscription plans (read-only)."""

    entity: ClassVar[str] = "plans"
    model = Plan

    def list(
        self, *, updated_since: datetime | None = None, page_size: int | None = None
    ) -> SinglePage[Plan]:
        """Every plan, filtered on ``updated_since`` here."""

        def read(root: _xml.Element) -> Page[Plan]:
            return _whole(_since(_plans(root), updated_since))

        return SinglePage(ep.list_plans(read))

    def get(self, remote_id: str) -> Flow[Plan]:
        """The plan with id ``remote_id`` (read from the list: there is no single-plan call)."""
        return self._get(remote_id)

    def _get(self, remote_id: str) -> Flow[Plan]:
        plans: list[Plan] = yield ep.list_plans(_plans)
        for plan in plans:
            if plan.remote_id == str(remote_id):
                return plan
        raise NotFound(
            f"spreedly: there is no subscription plan with an ID of {remote_id}",
            status_code=404,
            vendor=VENDOR,
        )


# -- backend ------------------------------------------------------------------------------------

CAPABILITIES = {
    "contacts": EntityCapabilities(
        entity="contacts",
        operations=frozenset({"list", "get", "create", "update", "delete", "find"}),
        updated_since="client",
        match_keys=("external_id", "email"),
        notes=(
            "Subscribers; remote id = the app-chosen customer id (= external_id). One email, "
            "phone and billing address; no title, company, owner, tags or websites. find by "
            "email reads the whole list. delete: test sites only. The list is unpaged."
        ),
    ),
    "subscriptions": EntityCapabilities(
        entity="subscriptions",
        operations=frozenset({"list", "get", "find"}),
        updated_since="client",
        match_keys=("contact_id",),
        notes=(
            "A subscriber's subscription state (remote id = customer id), read-only: "
            "subscribing happens through hosted pages, invoices, trials or complimentary "
            "time (use the vendor client)."
        ),
    ),
    "plans": EntityCapabilities(
        entity="plans",
        operations=frozenset({"list", "get"}),
        updated_since="client",
        notes="Read-only; managed in Spreedly's web interface.",
    ),
}
"""What Spreedly can do per unified entity (no companies, deals or events)."""


class SpreedlyBackend(UnifiedBackend):
    """Spreedly's bridge to the unified client and the sync engine.

    Settings: ``token`` (str or Secret), ``site_name``, optional ``base_url`` (the service
    root, e.g. ``http://127.0.0.1:8002/`` for the emulator) and ``allow_insecure_http``.
    """

    vendor: ClassVar[str] = VENDOR

    def __init__(self, settings: Mapping[str, Any]) -> None:
        super().__init__(settings)
        if not self.settings.get("site_name"):
            raise ConfigurationError(
                "spreedly: the site_name setting is required (e.g. 'mysite' or 'mysite-test')",
                vendor=VENDOR,
            )

    @cached_property
    def adapters(self) -> Mapping[str, EntityAdapter[Any]]:
        """contacts, subscriptions and plans."""
        return {
            "contacts": ContactsAdapter(VENDOR, CAPABILITIES["contacts"]),
            "subscriptions": SubscriptionsAdapter(VENDOR, CAPABILITIES["subscriptions"]),
            "plans": PlansAdapter(VENDOR, CAPABILITIES["plans"]),
        }

    def api_client(
        self, *, asynchronous: bool = False, **options: Any
    ) -> SyncAPIClient | AsyncAPIClient:
        """A core client for the site; ``options`` (transport, retries, hooks...) pass through
        and override ``base_url``/``allow_insecure_http`` from the settings."""
        base_url: str | httpx.URL | None = options.pop("base_url", self.settings.get("base_url"))
        insecure = bool(
            options.pop("allow_insecure_http", self.settings.get("allow_insecure_http", False))
        )
        core_options, _ = core_client_options(
            self.settings.get("token"),
            self.settings["site_name"],
            base_url=base_url,
            allow_insecure_http=insecure,
        )
        core_options.update(options)
        if asynchronous:
            return AsyncAPIClient(**core_options)
        return SyncAPIClient(**core_options)

    def vendor_client(self, api: SyncAPIClient | AsyncAPIClient) -> Spreedly | AsyncSpreedly:
        """The typed client (:class:`Spreedly` or :class:`AsyncSpreedly`) over ``api``."""
        site = str(self.settings["site_name"])
        if isinstance(api, AsyncAPIClient):
            return AsyncSpreedly(site_name=site, api=api)
        return Spreedly(site_name=site, api=api)

    @classmethod
    def demo_settings(cls) -> dict[str, Any]:
        """Settings that reach the emulator's seeded ``demo`` site (any token is accepted)."""
        return {"token": "demo-token-0123456789abcdef", "site_name": "demo"}


def backend(settings: Mapping[str, Any]) -> SpreedlyBackend:
    """``SpreedlyBackend(settings)`` (``SPEC.unified`` names the class itself)."""
    return SpreedlyBackend(settings)
