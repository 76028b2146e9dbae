"""The old SDK's query DSL (``contacthub.models.query``): ``in_``, ``not_in_``, ``between_``
and the classes behind ``node.query(Customer).filter(...)``."""

from __future__ import annotations

from typing import Any

from .criterion import Criterion
from .entity_field import EntityField
from .entity_meta import EntityMeta
from .query import Query

__all__ = ["Criterion", "EntityField", "EntityMeta", "Query", "between_", "in_", "not_in_"]


def in_(value: Any, list_attribute: EntityField) -> Criterion:
    """``value`` is in the list attribute (``in_('vip', Customer.tags.manual)``)."""
    return Criterion(list_attribute, Criterion.SIMPLE_OPERATORS.IN, value)


def not_in_(value: Any, list_attribute: EntityField) -> Criterion:
    """``value`` is not in the list attribute."""
    return Criterion(list_attribute, Criterion.SIMPLE_OPERATORS.NOT_IN, value)


def between_(attribute: EntityField, value1: Any, value2: Any) -> Criterion:
    """The (date) attribute lies between ``value1`` and ``value2``, inclusive."""
    return Criterion(attribute, Criterion.SIMPLE_OPERATORS.BETWEEN, [value1, value2])
