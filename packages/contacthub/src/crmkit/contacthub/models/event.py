"""``Event``: the old SDK's event object (``contacthub.models.event``).

Build one with keyword attributes and ``post()`` it, or pass ``event.to_dict()`` to
``node.add_event``. Dict attributes read as untracked ``Properties``.

Fixed (vendor file §9): ``post()``/``add_event`` put the node id in ``bringBackProperties``,
take the event ``id`` from ContactHub's 202 answer, and send ``addedWishlist`` /
``removedWishlist`` (the API's spelling) for ``TYPES.ADDED_WISH_LIST`` / ``REMOVED_WISHLIST``.
"""

from __future__ import annotations

import copy
from typing import Any

from ..lib.utils import plain
from ._tracking import wrap_value

__all__ = ["API_TYPE_SPELLING", "Event"]

API_TYPE_SPELLING = {"addedWishList": "addedWishlist", "removedWishList": "removedWishlist"}
"""Old SDK type values ContactHub spells differently."""

_OWN = frozenset({"node", "attributes"})


class Event:
    """A ContactHub event.

    Args:
        node: the node the event belongs to.
        **attributes: ``type``, ``context``, ``properties``, ``customerId`` or
            ``bringBackProperties``, optional ``date``, ``contextInfo``, ``mode``, ``tracking``.
    """

    class CONTEXTS:
        """Event contexts."""

        CONTACT_CENTER = "CONTACT_CENTER"
        WEB = "WEB"
        MOBILE = "MOBILE"
        ECOMMERCE = "ECOMMERCE"
        RETAIL = "RETAIL"
        IOT = "IOT"
        SOCIAL = "SOCIAL"
        DIGITAL_CAMPAIGN = "DIGITAL_CAMPAIGN"
        OTHER = "OTHER"

    class MODES:
        """ACTIVE: the customer did it; PASSIVE: the customer received it."""

        ACTIVE = "ACTIVE"
        PASSIVE = "PASSIVE"

    class TYPES:
        """Event types (the old SDK's 37, plus the API types it lacked)."""

        ABANDONED_CART = "abandonedCart"
        ABANDONED_SESSION = "abandonedSession"
        ADDED_COMPARE = "addedCompare"
        ADDED_PRODUCT = "addedProduct"
        ADDED_WISH_LIST = "addedWishList"  # sent as the API's "addedWishlist"
        CAMPAIGN_BLACKLISTED = "campaignBlacklisted"
        CAMPAIGN_BOUNCED = "campaignBounced"
        CAMPAIGN_LINK_CLICKED = "campaignLinkClicked"
        CAMPAIGN_MARKED_SPAM = "campaignMarkedSpam"
        CAMPAIGN_OPENED = "campaignOpened"
        CAMPAIGN_SENT = "campaignSent"
        CAMPAIGN_SUBSCRIBED = "campaignSubscribed"
        CAMPAIGN_UNSUBSCRIBED = "campaignUnsubscribed"
        CHANGED_SETTING = "changedSetting"
        CLICKED_LINK = "clickedLink"
        CLOSED_TICKET = "closedTicket"
        COMPLETED_ORDER = "completedOrder"
        EVENT_INVITED = "eventInvited"
        EVENT_PARTECIPATED = "eventParticipated"  # sic: the old SDK's name
        FORM_COMPILED = "formCompiled"
        GENERIC_ACTIVE_EVENT = "genericActiveEvent"
        GENERIC_PASSIVE_EVENT = "genericPassiveEvent"
        LOGGED_IN = "loggedIn"
        LOGGED_OUT = "loggedOut"
        OPENED_TICKET = "openedTicket"
        ORDER_SHIPPED = "orderShipped"
        REMOVED_COMPARE = "removedCompare"
        REMOVED_PRODUCT = "removedProduct"
        REMOVED_WISHLIST = "removedWishList"  # sent as the API's "removedWishlist"
        REPLIED_TICKET = "repliedTicket"
        REVIEWED_PRODUCT = "reviewedProduct"
        SEARCHED = "searched"
        SERVICE_SUBSCRIBED = "serviceSubscribed"
        SERVICE_UNSUBSCRIBED = "serviceUnsubscribed"
        VIEWED_PAGE = "viewedPage"
        VIEWED_PRODUCT = "viewedProduct"
        VIEWED_PRODUCT_CATEGORY = "viewedProductCategory"
        # API types the old SDK lacked (vendor file §3.5).
        ADDED_REWARD = "addedReward"
        REMOVED_REWARD = "removedReward"
        CAMPAIGN_OPTIN_REQUESTED = "campaignOptinRequested"
        EVENT_CONFIRMED = "eventConfirmed"
        EVENT_DECLINED = "eventDeclined"
        EVENT_ELIGIBLE = "eventEligible"
        EVENT_NO_SHOW = "eventNoShow"
        EVENT_NOT_INVITED = "eventNotInvited"
        EVENT_REGISTERED = "eventRegistered"
        EVENT_PARTICIPATED = "eventParticipated"
        GRANTED_COUPON = "grantedCoupon"

    def __init__(self, node: Any, **attributes: Any) -> None:
        object.__setattr__(self, "node", node)
        object.__setattr__(self, "attributes", plain(attributes))

    @classmethod
    def from_dict(cls, node: Any, attributes: dict[str, Any] | None = None) -> Event:
        """An event over ``attributes`` itself."""
        obj = cls(node)
        object.__setattr__(obj, "attributes", attributes if attributes is not None else {})
        return obj

    def to_dict(self) -> dict[str, Any]:
        """A deep copy of the attributes."""
        return copy.deepcopy(self.attributes)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        attributes = object.__getattribute__(self, "attributes")
        if name not in attributes:
            raise AttributeError(f"{type(self).__name__} object has no attribute '{name}'")
        return wrap_value(attributes[name], path=name, parent=None, customer=None, owner=None)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _OWN:
            object.__setattr__(self, name, value)
            return
        self.attributes[name] = plain(value)

    def post(self) -> None:
        """Send this event to its node (202); the ``id`` ContactHub gives it is set here."""
        event_id = self.node._post_event(self.attributes)
        self.attributes["id"] = event_id

    def get_event(self, id: str) -> Event:
        """The stored event ``id`` (delegates to the node)."""
        return self.node.get_event(id)  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"Event({self.attributes})"
