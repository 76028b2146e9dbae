"""The base of every Procuret model: crmkit's CrmModel plus the old ``Codable`` methods.

The old library's objects decoded with ``X.decode(dict)`` and encoded with ``x.encode()``;
crmkit's models keep those names (over ``from_wire`` / ``to_wire``) so code that stored or
rebuilt objects keeps working. A few small value types also accept positional arguments,
as their old constructors did (``EntityHeadline("Example Pty Ltd", 4000)``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, ClassVar, TypeVar

from crmkit.core import CrmModel

from ._types import loads

__all__ = ["ProcuretModel"]

M = TypeVar("M", bound="ProcuretModel")


class ProcuretModel(CrmModel):
    """A Procuret record: wire names, unknown fields kept, the old Codable methods."""

    _positional: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, **data: Any) -> None:
        if args:
            if len(args) > len(self._positional):
                raise TypeError(
                    f"{type(self).__name__}() takes at most {len(self._positional)} positional "
                    f"arguments ({len(args)} given)"
                )
            for name, value in zip(self._positional, args, strict=False):
                if name in data:
                    raise TypeError(f"{type(self).__name__}() got multiple values for {name!r}")
                data[name] = value
        super().__init__(**data)

    # -- the old Codable protocol ---------------------------------------------------------------

    @classmethod
    def decode(cls: type[M], data: Any) -> M:
        """Build from the wire form (the old ``Codable.decode``)."""
        return cls.from_wire(data)

    @classmethod
    def optionally_decode(cls: type[M], data: Any) -> M | None:
        """``decode(data)``, or None for None."""
        return None if data is None else cls.decode(data)

    @classmethod
    def decode_many(cls: type[M], data: Iterable[Any]) -> list[M]:
        """Decode every element of a list."""
        return [cls.decode(d) for d in data]

    @classmethod
    def optionally_decode_many(
        cls: type[M], data: Iterable[Any] | None, default_to_empty_list: bool = False
    ) -> list[M] | None:
        """``decode_many(data)``; None gives None (or ``[]`` with ``default_to_empty_list``)."""
        if data is None:
            return [] if default_to_empty_list else None
        return cls.decode_many(data)

    @classmethod
    def deserialise(cls: type[M], serial: str | bytes) -> M:
        """Decode a JSON string (big ids stay exact, fractions stay Decimal)."""
        return cls.decode(loads(serial))

    @classmethod
    def optionally_deserialise(cls: type[M], serial: str | bytes | None) -> M | None:
        """``deserialise(serial)``, or None for None."""
        return None if serial is None else cls.deserialise(serial)

    def encode(self) -> Any:
        """The wire form, every field included (the old ``Codable.encode``)."""
        return self.to_wire(include_read_only=True)

    def serialise(self) -> str:
        """The wire form as a JSON string."""
        return json.dumps(self.encode())
