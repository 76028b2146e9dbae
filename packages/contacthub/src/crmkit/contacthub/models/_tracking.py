"""Mutation tracking shared by ``Customer``, ``Properties`` and the entities (vendor file §6).

A customer keeps ``mute``: dotted path -> new value. Objects read from a customer know their
dotted path (``parent_attr``) and, when they sit inside a list, the list they belong to: a
change inside a list element records the whole list (ContactHub replaces arrays wholesale).

Rules (pinned by the old SDK's tests): a scalar or plain dict records itself; a list records
itself with ``Properties`` converted; a ``Properties`` replacing an existing object records
:func:`~crmkit.contacthub.lib.utils.generate_mutation_tracker` of the two (old leaves become
null). Fixed: a ``Properties`` over a null or missing object records the whole object at its
full dotted path (the old SDK raised ``TypeError`` or recorded it under the bare key).
"""

from __future__ import annotations

from typing import Any

from ..lib.read_only_list import ReadOnlyList
from ..lib.utils import generate_mutation_tracker, plain

__all__ = ["ENTITY_PATHS", "ListOwner", "assign", "wrap_value"]

ListOwner = tuple[str, list[Any]]
"""The dotted path of a list and the list itself, for elements read out of it."""

ENTITY_PATHS = ("base.educations", "base.jobs", "base.likes", "base.subscriptions")


def _is_idiom_object(value: Any) -> bool:
    return isinstance(getattr(value, "attributes", None), dict) and hasattr(value, "to_dict")


def assign(
    attributes: dict[str, Any],
    name: str,
    value: Any,
    *,
    path: str,
    mute: dict[str, Any] | None,
    owner: ListOwner | None,
) -> None:
    """Set ``attributes[name] = value`` and record the change in ``mute`` (if tracked)."""
    old = attributes.get(name)
    if _is_idiom_object(value):
        new: Any = plain(value.attributes)
        record: Any = generate_mutation_tracker(old, new) if isinstance(old, dict) else new
    elif isinstance(value, list):
        new = plain(list(value))
        record = new
    else:
        new = value
        record = value
    attributes[name] = new
    if mute is None:
        return
    if owner is not None:
        list_path, the_list = owner
        mute[list_path] = the_list
    else:
        mute[path] = record


def wrap_value(
    value: Any,
    *,
    path: str,
    parent: Any,
    customer: Any,
    owner: ListOwner | None,
) -> Any:
    """What reading an attribute returns: dicts as ``Properties``, lists as read-only lists."""
    from .properties import Properties

    if isinstance(value, dict):
        return Properties.from_dict(parent=parent, parent_attr=path, attributes=value, _owner=owner)
    if isinstance(value, list):
        if customer is not None and owner is None and path in ENTITY_PATHS:
            from . import entity_classes

            cls = entity_classes()[path.rsplit(".", 1)[1]]
            return ReadOnlyList(
                cls.from_dict(
                    customer=customer, attributes=e, parent_attr=path, properties_class=Properties
                )
                if isinstance(e, dict)
                else e
                for e in value
            )
        element_owner = owner if owner is not None else (path, value)
        return ReadOnlyList(
            Properties.from_dict(
                parent=parent, parent_attr=path, attributes=e, _owner=element_owner
            )
            if isinstance(e, dict)
            else e
            for e in value
        )
    return value
