"""``Properties``: the old SDK's generic attribute bag (``contacthub.models.properties``).

Build one with keyword arguments (``Properties(email='a@b.c', geo=Properties(lat=1))``) to
assign to a customer; read nested objects of a customer as ``Properties`` and assign to their
attributes, and the owning customer records the change (see :mod:`._tracking`).
"""

from __future__ import annotations

import copy
from typing import Any

from ._tracking import ListOwner, assign, wrap_value

__all__ = ["Properties", "update_tracking_with_new_prop"]

_OWN = frozenset({"attributes", "parent", "parent_attr", "_owner"})


class Properties:
    """A dict-backed object whose attributes are its keys.

    Args:
        parent: the customer, entity, event or ``Properties`` it was read from (or None).
        parent_attr: its dotted path below the customer (``"base.contacts"``).
        **attributes: the keys; nested ``Properties`` become plain dicts.
    """

    def __init__(self, parent: Any = None, parent_attr: str | None = None, **attributes: Any):
        from ..lib.utils import plain

        object.__setattr__(self, "attributes", plain(attributes))
        object.__setattr__(self, "parent", parent)
        object.__setattr__(self, "parent_attr", parent_attr)
        object.__setattr__(self, "_owner", None)

    @classmethod
    def from_dict(
        cls,
        parent: Any = None,
        parent_attr: str | None = None,
        attributes: dict[str, Any] | None = None,
        _owner: ListOwner | None = None,
    ) -> Properties:
        """A ``Properties`` over ``attributes`` itself (not a copy): writes go to that dict."""
        obj = cls(parent=parent, parent_attr=parent_attr)
        object.__setattr__(obj, "attributes", attributes if attributes is not None else {})
        object.__setattr__(obj, "_owner", _owner)
        return obj

    def to_dict(self) -> dict[str, Any]:
        """A deep copy of the attributes."""
        return copy.deepcopy(self.attributes)

    def _customer(self) -> Any:
        node: Any = self.parent
        while node is not None:
            if isinstance(getattr(node, "mute", None), dict):
                return node
            node = getattr(node, "parent", None) or getattr(node, "customer", None)
        return None

    def _path(self, name: str) -> str:
        return f"{self.parent_attr}.{name}" if self.parent_attr else name

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        attributes = object.__getattribute__(self, "attributes")
        if name not in attributes:
            raise AttributeError(f"{type(self).__name__} object has no attribute '{name}'")
        return wrap_value(
            attributes[name],
            path=self._path(name),
            parent=self,
            customer=self._customer(),
            owner=self._owner,
        )

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _OWN:
            object.__setattr__(self, name, value)
            return
        customer = self._customer()
        owner = self._owner
        if owner is None and getattr(self.parent, "_entity_owner", None) is not None:
            owner = self.parent._entity_owner
        assign(
            self.attributes,
            name,
            value,
            path=self._path(name),
            mute=customer.mute if customer is not None else None,
            owner=owner,
        )

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Properties):
            return bool(self.attributes == other.attributes)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return str(self.attributes)


def update_tracking_with_new_prop(
    mutations: dict[str, Any], new_properties: dict[str, Any]
) -> None:
    """Add to ``mutations`` the keys of ``new_properties`` it does not have yet (old helper)."""
    for key, value in new_properties.items():
        mutations.setdefault(key, value)
