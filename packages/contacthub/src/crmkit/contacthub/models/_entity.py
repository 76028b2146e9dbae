"""The common base of ``Education``, ``Job``, ``Like`` and ``Subscription``.

An entity belongs to a customer. Read from ``customer.base.<kind>`` it shares that list's
element dict, and a write records the whole list in the customer's tracker. ``post()``,
``put()`` and ``delete()`` call ``/customers/{id}/<kind>`` through the customer's node.
"""

from __future__ import annotations

import copy
from typing import Any, ClassVar

from ..lib.read_only_list import ReadOnlyList
from ..lib.utils import plain
from ._tracking import ListOwner, assign, wrap_value

__all__ = ["CustomerEntity"]

_OWN = frozenset({"customer", "parent_attr", "properties_class", "attributes"})


class CustomerEntity:
    """Base of the four sub-entities; ``KIND`` is the endpoint and ``base`` list name."""

    KIND: ClassVar[str] = ""

    def __init__(
        self,
        customer: Any,
        parent_attr: str | None = None,
        properties_class: Any = None,
        **attributes: Any,
    ) -> None:
        object.__setattr__(self, "customer", customer)
        object.__setattr__(self, "parent_attr", parent_attr)
        object.__setattr__(self, "properties_class", properties_class)
        object.__setattr__(self, "attributes", plain(attributes))

    @classmethod
    def from_dict(
        cls,
        customer: Any,
        attributes: dict[str, Any] | None = None,
        parent_attr: str | None = None,
        properties_class: Any = None,
    ) -> Any:
        """An entity over ``attributes`` itself (writes go to that dict)."""
        obj = cls(customer, parent_attr=parent_attr, properties_class=properties_class)
        object.__setattr__(obj, "attributes", attributes if attributes is not None else {})
        return obj

    def to_dict(self) -> dict[str, Any]:
        """A deep copy of the attributes."""
        return copy.deepcopy(self.attributes)

    @property
    def parent(self) -> Any:
        """The customer (so ``Properties`` read from the entity find it)."""
        return self.customer

    @property
    def _entity_owner(self) -> ListOwner | None:
        if not self.parent_attr:
            return None
        the_list = self._local_list(create=False)
        return (self.parent_attr, the_list) if the_list is not None else None

    def _local_list(self, *, create: bool) -> list[Any] | None:
        attributes = getattr(self.customer, "attributes", None)
        if not isinstance(attributes, dict):
            return None
        base = attributes.get("base")
        if not isinstance(base, dict):
            if not create:
                return None
            base = attributes["base"] = {}
        items = base.get(self.KIND)
        if not isinstance(items, list):
            if not create:
                return None
            items = base[self.KIND] = []
        return items

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        attributes = object.__getattribute__(self, "attributes")
        if name not in attributes:
            raise AttributeError(f"{type(self).__name__} object has no attribute '{name}'")
        value = attributes[name]
        path = f"{self.parent_attr}.{name}" if self.parent_attr else name
        wrapped = wrap_value(value, path=path, parent=self, customer=None, owner=self._entity_owner)
        # Fixed (vendor §9 item 11): lists are read-only lists whatever properties_class is.
        if isinstance(value, list) and not isinstance(wrapped, ReadOnlyList):
            return ReadOnlyList(wrapped)
        return wrapped

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _OWN:
            object.__setattr__(self, name, value)
            return
        mute = getattr(self.customer, "mute", None)
        owner = self._entity_owner
        assign(
            self.attributes,
            name,
            value,
            path=name,
            mute=mute if isinstance(mute, dict) and owner is not None else None,
            owner=owner,
        )

    # -- API ----------------------------------------------------------------------------------

    def _node(self) -> Any:
        return self.customer.node

    def post(self) -> Any:
        """Add this entity to its customer; the stored entity is appended to the local list."""
        response = self._node()._entity_request(
            "POST", self.customer.id, self.KIND, None, self.to_dict()
        )
        self._local_list(create=True).append(response)  # type: ignore[union-attr]
        object.__setattr__(self, "attributes", response)
        return self

    def put(self) -> Any:
        """Replace this entity; it must be in the customer's local list (``ValueError``)."""
        items = self._local_list(create=False) or []
        my_id = self.attributes.get("id")
        if not any(isinstance(e, dict) and e.get("id") == my_id for e in items):
            raise ValueError(
                f"{type(self).__name__} object doesn't exists in the specified customer"
            )
        response = self._node()._entity_request(
            "PUT", self.customer.id, self.KIND, my_id, self.to_dict()
        )
        for i, element in enumerate(items):
            if isinstance(element, dict) and element.get("id") == response.get("id"):
                items[i] = response
        object.__setattr__(self, "attributes", response)
        return self

    def delete(self) -> None:
        """Remove this entity from its customer (the local list is left as it is)."""
        self._node()._entity_request(
            "DELETE", self.customer.id, self.KIND, self.attributes.get("id"), None
        )

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CustomerEntity):
            return type(self) is type(other) and bool(self.attributes == other.attributes)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.attributes})"
