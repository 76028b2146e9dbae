"""The old library's ``Codable`` protocol and ``CodingDefinition``, for code built on them.

Old code declared its own decodable types as ``Codable`` subclasses with a ``coding_map`` of
``CodingDefinition`` entries. That keeps working here; crmkit's own models are pydantic
(:class:`~crmkit.procuret._base.ProcuretModel`) and are registered as virtual ``Codable``
subclasses, so ``isinstance(link, Codable)`` still holds.
"""

from __future__ import annotations

import json
from abc import ABC
from collections.abc import Callable, Iterable
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar, TypeVar

from ._base import ProcuretModel
from ._types import loads

__all__ = ["Codable", "CodingDefinition"]

C = TypeVar("C", bound="Codable")

_PLAIN = (int, str, float, dict, list, bool)


class CodingDefinition:
    """How one key of a ``coding_map`` decodes.

    Args:
        codable_type: a plain JSON type, an ``Enum``, ``Decimal``, a ``Codable`` subclass or a
            crmkit model class.
        optional: whether null or a missing key is allowed.
        array: whether the value is a list of ``codable_type``.
        default_value_generator: makes the value used for null when optional.
    """

    def __init__(
        self,
        codable_type: type[Any],
        optional: bool = False,
        array: bool = False,
        default_value_generator: Callable[[], Any] | None = None,
    ) -> None:
        known = (
            codable_type in _PLAIN
            or codable_type is Decimal
            or (isinstance(codable_type, type) and issubclass(codable_type, Enum | Codable))
        )
        if not known:
            raise TypeError(
                f"CodingDefinition needs a JSON type, an Enum, Decimal or a Codable type, "
                f"not {codable_type!r}"
            )
        self.codable_type = codable_type
        self.optional = optional
        self.array = array
        self.default_value = default_value_generator() if default_value_generator else None

    def _one(self, data: Any) -> Any:
        kind = self.codable_type
        if issubclass(kind, Enum):
            return kind(data)
        if kind is Decimal:
            return Decimal(str(data))
        if issubclass(kind, Codable):
            return kind.decode(data)
        return data

    def decode(self, data: Any) -> Any:
        """Decode one value (or list of values) per this definition."""
        if data is None:
            if self.optional:
                return self.default_value
            raise ValueError(f"unexpected null for a non-optional {self.codable_type.__name__}")
        if self.array:
            return [self._one(d) for d in data]
        return self._one(data)


class Codable(ABC):  # noqa: B024 - a protocol base with default methods, as in the old library
    """Base of types that decode from and encode to Procuret's JSON.

    Subclasses set ``coding_map`` and take its keys as ``__init__`` arguments, storing each
    as ``self._<key>``.
    """

    coding_map: ClassVar[dict[str, CodingDefinition]] = {}

    @classmethod
    def decode(cls: type[C], data: Any) -> C:
        """Build from a decoded JSON object."""
        kwargs: dict[str, Any] = {}
        for key, definition in cls.coding_map.items():
            value = data.get(key) if isinstance(data, dict) else None
            if value is None and not definition.optional:
                raise ValueError(f"{cls.__name__}: key {key!r} is missing or null")
            kwargs[key] = definition.decode(value)
        return cls(**kwargs)

    @classmethod
    def optionally_decode(cls: type[C], data: Any) -> C | None:
        """``decode(data)``, or None for None."""
        return None if data is None else cls.decode(data)

    @classmethod
    def decode_many(cls: type[C], data: Iterable[Any]) -> list[C]:
        """Decode each element."""
        return [cls.decode(d) for d in data]

    @classmethod
    def optionally_decode_many(
        cls: type[C], data: Iterable[Any] | None, default_to_empty_list: bool = False
    ) -> list[C] | None:
        """``decode_many(data)``; None gives None (or ``[]``)."""
        if data is None:
            return [] if default_to_empty_list else None
        return cls.decode_many(data)

    @classmethod
    def deserialise(cls: type[C], serial: str | bytes) -> C:
        """Decode a JSON string."""
        return cls.decode(loads(serial))

    def encode(self) -> Any:
        """The JSON-ready form: each ``coding_map`` key from ``self._<key>``."""
        return {key: _encode(getattr(self, "_" + key, None)) for key in self.coding_map}

    def serialise(self) -> str:
        """The JSON form as a string."""
        return json.dumps(self.encode())


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str | float):
        return value
    if isinstance(value, Enum):
        return _encode(value.value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, Codable | ProcuretModel):
        return value.encode()
    raise TypeError(f"cannot encode {type(value).__name__}")


Codable.register(ProcuretModel)
