"""``Customer``: the old SDK's dict-backed customer with mutation tracking.

``customer.base.firstName = 'Bruce'`` changes the customer's attributes and records the change;
``patch()`` sends only what changed, ``put()`` the whole customer, ``post()`` creates it
(``force_update=True``, or the seed's ``forceUpdate=True``, updates the existing customer on a
409). Class attributes compose queries: ``Customer.base.firstName == 'Bruce'``.

Differences from the old SDK (vendor file §6, §9): after a successful ``post()``, ``put()`` or
``patch()`` the object takes the stored customer and its tracker is cleared (the old one kept
stale changes); ``post()`` returns the customer.
"""

from __future__ import annotations

import copy
from typing import Any

from ..errors.operation_not_permitted import OperationNotPermitted
from ..lib.utils import plain, remove_empty_attributes, resolve_mutation_tracker
from ._timezones import TIMEZONES
from ._tracking import assign, wrap_value
from .query.entity_meta import EntityMeta
from .subscription import Subscription

__all__ = ["Customer"]

_OWN = frozenset({"node", "attributes", "mute"})


def _with_defaults(attributes: dict[str, Any]) -> dict[str, Any]:
    if attributes.get("base") is None:
        attributes["base"] = {}
    base = attributes["base"]
    if isinstance(base, dict) and base.get("contacts") is None:
        base["contacts"] = {}
    for key in ("extended", "consents"):
        if attributes.get(key) is None:
            attributes[key] = {}
    if attributes.get("tags") is None:
        attributes["tags"] = {"auto": [], "manual": []}
    return attributes


class Customer(metaclass=EntityMeta):
    """A ContactHub customer of ``node``.

    Args:
        node: the node it belongs to.
        default_attributes: the starting structure (used as is, updated with
            ``attributes``); when None, ``base``, ``base.contacts``, ``extended``,
            ``consents`` and ``tags`` are filled with empty values.
        **attributes: the customer's properties (``Properties`` become dicts).
    """

    class OTHER_CONTACT_TYPES:
        """Values of ``otherContacts[].type``."""

        MOBILE = "MOBILE"
        PHONE = "PHONE"
        EMAIL = "EMAIL"
        FAX = "FAX"
        OTHER = "OTHER"

    class MOBILE_DEVICE_TYPES:
        """``mobileDevices[].type``: the real device types, plus the old SDK's three values."""

        # The old SDK listed notification services here; kept so old code still imports them.
        APN = "APN"
        GCM = "GCM"
        WP = "WP"
        IOS = "IOS"
        ANDROID = "ANDROID"
        WINDOWS_PHONE = "WINDOWS_PHONE"
        FIREOS = "FIREOS"

    class NOTIFICATION_SERVICES:
        """Values of ``mobileDevices[].notificationService``."""

        APN = "APN"
        GCM = "GCM"
        WNS = "WNS"
        ADM = "ADM"
        SNS = "SNS"

    TIMEZONES = TIMEZONES
    SUBSCRPTION_KINDS = Subscription.KINDS  # sic: the name the seed document uses
    SUBSCRIPTION_KINDS = Subscription.KINDS

    def __init__(
        self, node: Any, default_attributes: dict[str, Any] | None = None, **attributes: Any
    ) -> None:
        plain(attributes)
        if default_attributes is None:
            data = _with_defaults(attributes)
        else:
            default_attributes.update(attributes)
            data = default_attributes
        object.__setattr__(self, "node", node)
        object.__setattr__(self, "attributes", data)
        object.__setattr__(self, "mute", {})

    @classmethod
    def from_dict(cls, node: Any, attributes: dict[str, Any] | None = None) -> Customer:
        """A customer over ``attributes`` itself, without defaults."""
        obj = cls(node, default_attributes={})
        object.__setattr__(obj, "attributes", attributes if attributes is not None else {})
        return obj

    def to_dict(self) -> dict[str, Any]:
        """A deep copy of the attributes."""
        return copy.deepcopy(self.attributes)

    def get_mutation_tracker(self) -> dict[str, Any]:
        """The changes since load (or the last save), nested: the body of a PATCH."""
        return resolve_mutation_tracker(self.mute)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        attributes = object.__getattribute__(self, "attributes")
        if name not in attributes:
            raise AttributeError(f"{type(self).__name__} object has no attribute '{name}'")
        return wrap_value(attributes[name], path=name, parent=self, customer=self, owner=None)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _OWN:
            object.__setattr__(self, name, value)
            return
        assign(self.attributes, name, value, path=name, mute=self.mute, owner=None)

    def _stored(self, response: Any) -> None:
        if isinstance(response, dict):
            object.__setattr__(self, "attributes", _with_defaults(response))
        self.mute.clear()

    # -- API ----------------------------------------------------------------------------------

    def post(self, force_update: bool = False, *, forceUpdate: bool | None = None) -> Customer:
        """Create this customer in its node.

        Args:
            force_update: on a 409 (the customer exists), update the existing one instead.
            forceUpdate: the seed document's spelling of ``force_update``.
        """
        for key in ("registeredAt", "updatedAt", "id"):
            self.attributes.pop(key, None)
        body = remove_empty_attributes(copy.deepcopy(self.attributes))
        response = self.node._create_customer(body, force_update=bool(force_update or forceUpdate))
        self._stored(response)
        return self

    def put(self) -> None:
        """Replace the stored customer with this one (timestamps are not sent)."""
        body = copy.deepcopy(self.attributes)
        body.pop("registeredAt", None)
        body.pop("updatedAt", None)
        base = body.get("base")
        if isinstance(base, dict) and "timezone" in base and base["timezone"] is None:
            base["timezone"] = "Europe/Rome"  # the old SDK's default; ContactHub needs one
        self._stored(self.node._put_customer(self.attributes["id"], body))

    def patch(self) -> None:
        """Send the tracked changes (PATCH; ``{}`` when nothing changed)."""
        self._stored(self.node._patch_customer(self.attributes["id"], self.get_mutation_tracker()))

    def delete(self) -> None:
        """Delete this customer."""
        self.node.delete_customer(self.attributes["id"])

    def get_events(self) -> Any:
        """This customer's events (a ``PaginatedList``)."""
        if not self.attributes.get("id"):
            raise OperationNotPermitted("Cannot retrieve events from a new customer created.")
        return self.node.get_events(customer_id=self.attributes["id"])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Customer):
            return bool(self.attributes == other.attributes)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Customer({self.attributes})"
