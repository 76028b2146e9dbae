"""Unified, vendor-neutral models and the adapter protocol vendors implement for them.

The models live in core (not in the umbrella package) so vendor packages can map to them while
imports still point only downwards.
"""

from ._adapter import (
    OPERATIONS,
    BackendFactory,
    EntityAdapter,
    EntityCapabilities,
    Mapped,
    UnifiedBackend,
)
from ._models import (
    Address,
    Company,
    Contact,
    CustomFieldValue,
    Deal,
    EmailAddress,
    Event,
    PhoneNumber,
    Plan,
    Subscription,
    UnifiedModel,
    Website,
    ensure_utc,
)

ENTITY_MODELS: dict[str, type[UnifiedModel]] = {
    m.entity: m for m in (Contact, Company, Deal, Plan, Subscription, Event)
}
"""Entity name (``contacts``...) to its unified model class."""

__all__ = [
    "ENTITY_MODELS",
    "OPERATIONS",
    "Address",
    "BackendFactory",
    "Company",
    "Contact",
    "CustomFieldValue",
    "Deal",
    "EmailAddress",
    "EntityAdapter",
    "EntityCapabilities",
    "Event",
    "Mapped",
    "PhoneNumber",
    "Plan",
    "Subscription",
    "UnifiedBackend",
    "UnifiedModel",
    "Website",
    "ensure_utc",
]
