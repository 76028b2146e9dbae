"""``Subscription``: an entry of ``base.subscriptions`` (``contacthub.models.subscription``)."""

from __future__ import annotations

from ._entity import CustomerEntity

__all__ = ["Subscription"]


class Subscription(CustomerEntity):
    """A subscription of a customer; ``KINDS`` lists the values of ``kind``."""

    KIND = "subscriptions"

    class KINDS:
        """Values of ``kind``."""

        DIGITAL_MESSAGE = "DIGITAL_MESSAGE"
        SERVICE = "SERVICE"
        OTHER = "OTHER"
