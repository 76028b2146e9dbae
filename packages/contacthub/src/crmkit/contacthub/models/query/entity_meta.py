"""``EntityMeta``: the metaclass that makes ``Customer.base.firstName`` a query field."""

from __future__ import annotations

from typing import Any

__all__ = ["EntityMeta"]


class EntityMeta(type):
    """Class attribute access for unknown names yields an :class:`EntityField`."""

    def __getattr__(cls, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        from .entity_field import EntityField

        return EntityField(cls, name)
