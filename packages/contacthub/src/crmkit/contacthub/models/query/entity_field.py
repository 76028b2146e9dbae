"""``EntityField``: a dotted attribute path of an entity, compared into a ``Criterion``.

``Customer.base.firstName == 'Bruce'`` is ``Criterion(field, 'EQUALS', 'Bruce')``; ``== None``
and ``!= None`` are IS_NULL / IS_NOT_NULL. Any name chains (``Customer.base.secondName`` is
sent as is; ContactHub matches nothing for an unknown path).
"""

from __future__ import annotations

from typing import Any

from .criterion import Criterion

__all__ = ["EntityField"]


class EntityField:
    """A field path of ``entity`` (e.g. ``base.contacts.email``)."""

    def __init__(self, entity: Any, field: str) -> None:
        self.entity = entity
        self.field = field

    def __getattr__(self, name: str) -> EntityField:
        if name.startswith("_"):
            raise AttributeError(name)
        return EntityField(self.entity, f"{self.field}.{name}")

    def __eq__(self, other: object) -> Criterion:  # type: ignore[override]
        if other is None:
            return Criterion(self, Criterion.SIMPLE_OPERATORS.IS_NULL)
        return Criterion(self, Criterion.SIMPLE_OPERATORS.EQUALS, other)

    def __ne__(self, other: object) -> Criterion:  # type: ignore[override]
        if other is None:
            return Criterion(self, Criterion.SIMPLE_OPERATORS.IS_NOT_NULL)
        return Criterion(self, Criterion.SIMPLE_OPERATORS.NOT_EQUALS, other)

    def __lt__(self, other: Any) -> Criterion:
        return Criterion(self, Criterion.SIMPLE_OPERATORS.LT, other)

    def __le__(self, other: Any) -> Criterion:
        return Criterion(self, Criterion.SIMPLE_OPERATORS.LTE, other)

    def __gt__(self, other: Any) -> Criterion:
        return Criterion(self, Criterion.SIMPLE_OPERATORS.GT, other)

    def __ge__(self, other: Any) -> Criterion:
        return Criterion(self, Criterion.SIMPLE_OPERATORS.GTE, other)

    def __hash__(self) -> int:
        return hash((id(self.entity), self.field))

    def __repr__(self) -> str:
        return f"EntityField({getattr(self.entity, '__name__', self.entity)}.{self.field})"
