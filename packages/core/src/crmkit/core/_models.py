"""The pydantic base every crmkit model derives from.

:class:`CrmModel` adds what API models need on top of pydantic v2:

- wire names on the wire, Pythonic names in code (aliases; ``populate_by_name``);
- unknown fields kept and sent back (``extra="allow"``), because APIs grow;
- read-only fields (``Annotated[..., ReadOnly]``) never sent in write bodies;
- change tracking: :meth:`CrmModel.changes` returns only what changed since the record was
  loaded (for PATCH/PUT bodies), including in-place edits of lists and nested models;
- :meth:`CrmModel.from_wire` / :meth:`CrmModel.to_wire` for the vendor's JSON form;
- :func:`load_many`, which collects invalid records (``store_invalid``) instead of raising.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableSequence
from typing import Any, ClassVar, Protocol, TypeVar, get_args

import pydantic
from pydantic import BaseModel, ConfigDict, PrivateAttr
from pydantic_core import to_jsonable_python

from ._errors import ValidationError

__all__ = ["CrmModel", "InvalidSink", "ReadOnly", "load_many", "to_validation_error"]

M = TypeVar("M", bound="CrmModel")


class _ReadOnlyMarker:
    """Metadata marking a field the server sets and ignores on write."""

    def __repr__(self) -> str:
        return "ReadOnly"


ReadOnly = _ReadOnlyMarker()
"""Use as ``Annotated[int | None, ReadOnly]``: the field is loaded but never sent."""


class InvalidSink(Protocol):
    """Anything with ``append`` (a list, usually) that collects invalid records."""

    def append(self, item: ValidationError, /) -> None: ...


class CrmModel(BaseModel):
    """Base model: aliases for wire names, unknown fields kept, changes tracked.

    Example:
        >>> class Person(CrmModel):
        ...     id: Annotated[int | None, ReadOnly] = None
        ...     name: str
        >>> p = Person.from_wire({"id": 1, "name": "Ada", "shoe_size": 9})
        >>> p.name = "Ada L."
        >>> p.changes()
        {'name': 'Ada L.'}
        >>> p.to_wire()
        {'name': 'Ada L.', 'shoe_size': 9}
    """

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        validate_assignment=True,
        ser_json_inf_nan="constants",
        # Build each model's validator on first use, not at import: a vendor package defines
        # dozens of models, and most programs use a few (this halves `import crmkit.<vendor>`).
        defer_build=True,
    )

    __read_only__: ClassVar[frozenset[str]] = frozenset()

    _assigned: set[str] = PrivateAttr(default_factory=set)
    _orig: dict[str, Any] | None = PrivateAttr(default=None)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.__read_only__ = frozenset(
            name
            for name, info in cls.model_fields.items()
            if any(isinstance(m, _ReadOnlyMarker) for m in info.metadata)
        )

    def model_post_init(self, context: Any, /) -> None:
        # A record built in code is "all changed": every field it was given is to be sent.
        self._assigned = set(self.model_fields_set)

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        if not name.startswith("_"):
            self._assigned.add(name)

    # -- wire form --------------------------------------------------------------------------------

    @classmethod
    def from_wire(cls: type[M], data: Any) -> M:
        """Load a record as the vendor sent it; it starts with no changes.

        Raises:
            pydantic.ValidationError: when the record does not fit (wrap it with
                :func:`to_validation_error` or use :func:`load_many`).
        """
        obj = cls.model_validate(data)
        obj.mark_clean(data if isinstance(data, dict) else None)
        return obj

    def to_wire(
        self, *, include_read_only: bool = False, exclude_unset: bool = False
    ) -> dict[str, Any]:
        """The record in the vendor's JSON form (wire names), read-only fields left out."""
        exclude = None if include_read_only else set(self.__read_only__)
        return self.model_dump(
            mode="json", by_alias=True, exclude=exclude, exclude_unset=exclude_unset
        )

    def mark_clean(self, wire: dict[str, Any] | None = None) -> None:
        """Forget changes: the record now matches the vendor's copy (``wire``, if given).

        Passing the raw ``wire`` record is cheap (it is kept by reference); a value the vendor
        wrote in another accepted form (an int where the model dumps a date string) is
        normalised field by field only when :meth:`changed_fields` needs to compare it.
        """
        self._assigned = set()
        self._orig = wire if wire is not None else self.model_dump(mode="json", by_alias=True)
        values = self.__dict__
        for name in _nestable_fields(type(self)):
            for nested in _nested_models(values.get(name)):
                # The parent compares whole nested values against its own copy; nested models
                # only need to forget their assignments (cheap on large listings).
                nested._assigned = set()
                nested._orig = None

    def changed_fields(self) -> set[str]:
        """Python names of the fields changed since load (assigned, or edited in place)."""
        changed = {n for n in self._assigned if n not in self.__read_only__}
        if self._orig is None:
            return changed
        current = self.model_dump(mode="json", by_alias=True)
        for name, field in type(self).model_fields.items():
            if name in changed or name in self.__read_only__:
                continue
            wire_name = field.alias or name
            if wire_name not in current:
                continue
            if wire_name in self._orig:
                baseline = self._orig[wire_name]
            else:  # absent on the wire: unchanged while it still equals its default
                baseline = to_jsonable_python(field.get_default(call_default_factory=True))
            if current[wire_name] != baseline and (
                wire_name not in self._orig
                or self._normalised(name, wire_name, baseline) != current[wire_name]
            ):
                changed.add(name)
        for name in self.__pydantic_extra__ or {}:
            if name not in changed and current.get(name) != self._orig.get(name, _MISSING):
                changed.add(name)
        return changed

    def _normalised(self, name: str, wire_name: str, raw: Any) -> Any:
        """``raw`` (a wire value of field ``name``) as this model would dump it, or _MISSING."""
        probe = type(self).model_construct()
        try:
            type(self).__pydantic_validator__.validate_assignment(probe, name, raw)
        except (pydantic.ValidationError, TypeError, ValueError):
            return _MISSING
        dumped = probe.model_dump(mode="json", by_alias=True, include={name})
        return dumped.get(wire_name, _MISSING)

    def changes(self) -> dict[str, Any]:
        """The changed fields in wire form (what a PATCH or partial PUT should send)."""
        names = self.changed_fields()
        if not names:
            return {}
        dumped = self.model_dump(mode="json", by_alias=True, include=names)
        return dumped

    def has_changes(self) -> bool:
        """Whether anything changed since load."""
        return bool(self.changed_fields())


class _Missing:
    pass


_MISSING = _Missing()


_NESTABLE: dict[type[CrmModel], tuple[str, ...]] = {}


def _nestable_fields(cls: type[CrmModel]) -> tuple[str, ...]:
    """Fields of ``cls`` whose type can hold a CrmModel (the only ones mark_clean visits)."""
    found = _NESTABLE.get(cls)
    if found is None:
        found = tuple(
            name for name, info in cls.model_fields.items() if _mentions_model(info.annotation)
        )
        _NESTABLE[cls] = found
    return found


def _mentions_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, CrmModel):
        return True
    if annotation is Any:
        return True
    return any(_mentions_model(arg) for arg in get_args(annotation))


def _nested_models(value: Any) -> Iterator[CrmModel]:
    if isinstance(value, CrmModel):
        yield value
    elif isinstance(value, list | tuple):
        for v in value:
            if isinstance(v, CrmModel):
                yield v


def to_validation_error(
    exc: pydantic.ValidationError, raw_data: Any, model: type[Any], *, vendor: str | None = None
) -> ValidationError:
    """Wrap pydantic's error as crmkit's :class:`~crmkit.core.ValidationError`."""
    errors = exc.errors(include_input=False, include_url=False)
    loc, msg = "(root)", "invalid"
    if errors:
        loc = ".".join(str(p) for p in errors[0]["loc"]) or loc
        msg = errors[0]["msg"]
    return ValidationError(
        f"{model.__name__} record does not fit the model: {len(errors)} error(s), "
        f"first: {loc}: {msg}",
        errors=errors,
        raw_data=raw_data,
        model=model,
        vendor=vendor,
    )


def load_many(
    model: type[M],
    rows: Iterable[Any],
    *,
    invalid: InvalidSink | MutableSequence[ValidationError] | None = None,
    vendor: str | None = None,
    loader: Any = None,
) -> list[M]:
    """Load every row with ``model.from_wire`` (or ``loader``).

    Args:
        model: the model class.
        rows: wire records.
        invalid: when given, rows that fail validation are appended to it as
            :class:`~crmkit.core.ValidationError` and skipped; when None, the first one raises.
        vendor: named in the errors.
        loader: an alternative to ``model.from_wire`` (same signature).
    """
    load = loader or model.from_wire
    out: list[M] = []
    for row in rows:
        try:
            out.append(load(row))
        except pydantic.ValidationError as exc:
            error = to_validation_error(exc, row, model, vendor=vendor)
            if invalid is None:
                raise error from exc
            invalid.append(error)
    return out
