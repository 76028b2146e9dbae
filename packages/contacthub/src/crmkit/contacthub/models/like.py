"""``Like``: an entry of ``base.likes`` (``contacthub.models.like``)."""

from __future__ import annotations

from ._entity import CustomerEntity

__all__ = ["Like"]


class Like(CustomerEntity):
    """A like of a customer."""

    KIND = "likes"
