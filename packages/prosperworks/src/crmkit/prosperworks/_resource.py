"""The base of every ProsperWorks resource class, in prospyr's shape on crmkit's model base.

A :class:`Resource` is at once:

- a typed pydantic model (:class:`crmkit.core.CrmModel`): wire names, unknown fields kept,
  read-only fields never sent, change tracking for partial updates;
- a prospyr resource: ``Person(**fields)``, ``create()``/``read()``/``update()``/``delete()``
  returning ``True``, ``validate()``, ``from_api_data()``, a class-only ``objects`` manager,
  related attributes (``person.company``) and prospyr's ``str``/``repr``.

The instance methods run the same sans-IO endpoints as the typed
:class:`~crmkit.prosperworks.Client`, on the connection named by ``using`` (prospyr's named
connections).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Generic, TypeVar

import pydantic
from pydantic import ConfigDict, PrivateAttr

from crmkit.core import CrmModel, NotFound, ReadOnly

from .errors import ValidationError

if TYPE_CHECKING:
    from ._client import Client

__all__ = [
    "CONTACT_LISTS",
    "ManagerDescriptor",
    "Placeholder",
    "Resource",
    "resource_class",
]

R = TypeVar("R", bound="Resource")
M = TypeVar("M")

CONTACT_LISTS = frozenset({"emails", "phone_numbers", "socials", "websites"})
"""List fields omitted from create bodies when empty (prospyr's rule)."""

_REGISTRY: dict[str, type[Resource]] = {}


def resource_class(name: str) -> type[Resource]:
    """The resource class called ``name`` (``"Person"``) or with wire type ``name``."""
    found = _REGISTRY.get(name) or _REGISTRY.get(_camel(name))
    if found is None:
        raise KeyError(name)
    return found


def _camel(snake: str) -> str:
    return "".join(part.title() for part in snake.split("_"))


class ManagerDescriptor(Generic[M]):
    """``Resource.objects``: a manager bound to the class; instance access is refused.

    The manager class is named by its attribute in :mod:`crmkit.prosperworks.managers` and
    imported on first use, so models do not import the I/O layers.
    """

    def __init__(self, manager: str) -> None:
        self.manager = manager

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type[Any]) -> M:
        if instance is not None:
            raise AttributeError(
                f"You can't access this manager from a resource instance; use "
                f"{owner.__name__}.objects instead"
            )
        managers = importlib.import_module("crmkit.prosperworks.managers")
        cls: Callable[..., M] = getattr(managers, self.manager)
        return cls(owner)


class Resource(CrmModel):
    """Base of every ProsperWorks resource (see the module docstring).

    Class attributes:
        _path: the wire collection (``"people"``).
        _ops: supported operations (``create read update delete search list``).
        _required: fields prospyr requires when loading and in ``validate()``.
        _order_fields: fields ``order_by`` accepts.
    """

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        validate_assignment=True,
        ser_json_inf_nan="constants",
    )

    _path: ClassVar[str] = ""
    _ops: ClassVar[frozenset[str]] = frozenset()
    _required: ClassVar[tuple[str, ...]] = ()
    _order_fields: ClassVar[frozenset[str]] = frozenset()

    objects: ClassVar[Any] = ManagerDescriptor("Manager")

    id: Annotated[int | None, ReadOnly] = None
    """The ProsperWorks id; ``None`` until the record is created."""

    _identifier_cache: dict[str, Any] = PrivateAttr(default_factory=dict)
    _orig_data: Any = PrivateAttr(default=None)
    _using: str | None = PrivateAttr(default=None)
    _client: Any = PrivateAttr(default=None)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        _REGISTRY[cls.__name__] = cls

    # -- prospyr's str/repr (never raise) ---------------------------------------------------

    def __str__(self) -> str:
        try:
            name = getattr(self, "name", None)
            if name:
                return str(name)
            if self.id is not None:
                return str(self.id)
        except Exception:  # str() must never raise, whatever state the instance is in
            pass
        return "(unsaved)"

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self}>"

    def __eq__(self, other: object) -> bool:
        # Records are equal when their data is; how they were loaded (connection, client,
        # change-tracking state) does not matter.
        if not isinstance(other, Resource):
            return NotImplemented
        return (
            type(self) is type(other)
            and self.__dict__ == other.__dict__
            and (self.__pydantic_extra__ or {}) == (other.__pydantic_extra__ or {})
        )

    __hash__ = None  # type: ignore[assignment]  # mutable records are not hashable

    # -- loading ------------------------------------------------------------------------------

    @classmethod
    def from_api_data(cls: type[R], data: Any) -> R:
        """Load a record as ProsperWorks sent it (prospyr's loader).

        Raises:
            ValidationError: the record lacks a required field or has a wrong type; it keeps
                ``raw_data`` and ``resource_cls`` so the caller can fix and reload it.
        """
        if not isinstance(data, Mapping):
            raise ValidationError(
                f"{cls.__name__} data must be a JSON object, not {type(data).__name__}",
                errors=[{"loc": (), "msg": "not an object", "type": "dict_type"}],
                raw_data=data,
                resource_cls=cls,
            )
        missing = [
            {"loc": (name,), "msg": "Missing data for required field.", "type": "missing"}
            for name in cls._required
            if data.get(cls._wire_name(name)) is None
        ]
        if missing:
            names = ", ".join(str(e["loc"][0]) for e in missing)
            raise ValidationError(
                f"{cls.__name__} record lacks required field(s): {names}",
                errors=missing,
                raw_data=data,
                resource_cls=cls,
            )
        try:
            obj = cls.model_validate(dict(data))
        except pydantic.ValidationError as exc:
            errors = exc.errors(include_input=False, include_url=False)
            first = errors[0] if errors else {"loc": (), "msg": "invalid"}
            loc = ".".join(str(p) for p in first["loc"]) or "(root)"
            raise ValidationError(
                f"{cls.__name__} record does not fit the model: {len(errors)} error(s), "
                f"first: {loc}: {first['msg']}",
                errors=errors,
                raw_data=data,
                resource_cls=cls,
            ) from exc
        obj._loaded(data)
        return obj

    def _loaded(self, data: Any) -> None:
        # The raw wire record is the change-tracking baseline; core normalises a value sent in
        # another accepted form (an int close_date that dumps as M/D/YYYY) only when it compares.
        self.mark_clean(data if isinstance(data, dict) else dict(data))
        self._orig_data = data

    @classmethod
    def _wire_name(cls, name: str) -> str:
        field = cls.model_fields.get(name)
        return (field.alias or name) if field is not None else name

    def _load_from(self, other: Resource) -> None:
        """Take every value of ``other`` (a fresh copy from the API) into this instance."""
        for name in type(self).model_fields:
            self.__dict__[name] = other.__dict__.get(name)
        if other.__pydantic_extra__ is not None:
            self.__pydantic_extra__ = dict(other.__pydantic_extra__)
        self.__pydantic_fields_set__ = set(other.__pydantic_fields_set__)
        self._identifier_cache = {}
        self._loaded(other._orig_data)

    # -- validation (prospyr) -------------------------------------------------------------------

    def validate(self) -> None:  # type: ignore[override]
        """Check prospyr's required fields and the field types.

        Raises:
            ValidationError: listing what is missing or wrong.
        """
        data = self.model_dump(mode="json", by_alias=True)
        type(self).from_api_data(data)

    # -- payloads -------------------------------------------------------------------------------

    def _set_names(self) -> set[str]:
        return set(self.model_fields_set) | set(self._assigned) | set(self.__pydantic_extra__ or {})

    def create_payload(self) -> dict[str, Any]:
        """The POST body: set, non-None, writable fields; empty contact lists omitted."""
        names: set[str] = set()
        for name in self._set_names():
            if name in self.__read_only__ or name not in self._field_names_and_extras():
                continue
            value = getattr(self, name, None) if name in type(self).model_fields else None
            if name not in type(self).model_fields:
                value = (self.__pydantic_extra__ or {}).get(name)
            if value is None:
                continue
            if name in CONTACT_LISTS and not value:
                continue
            names.add(name)
        if not names:
            return {}
        return self.model_dump(mode="json", by_alias=True, include=names)

    def _field_names_and_extras(self) -> set[str]:
        return set(type(self).model_fields) | set(self.__pydantic_extra__ or {})

    def update_payload(self) -> dict[str, Any]:
        """The PUT body: fields changed since construction or the last load (explicit None is
        sent as null, explicit ``[]`` is sent, read-only fields never)."""
        return self.changes()

    # -- connection plumbing -------------------------------------------------------------------

    def _client_for(self, using: str | None) -> Client:
        # A named connection is looked up by name every time (it may have been replaced by a
        # later connect()); a record from a typed Client without a name uses that client.
        if using is None and self._using is None and self._client is not None:
            client: Client = self._client
            return client
        from .connection import get as get_connection

        return get_connection(using or self._using or "default").client

    def _bind(self, using: str | None, client: Any = None) -> None:
        self._using = using
        if client is not None:
            self._client = client

    def _require_id(self, action: str) -> Any:
        if self.id is None:
            raise ValueError(f"{type(self).__name__} needs an id to {action}")
        return self.id

    def _check_op(self, op: str) -> None:
        if op not in self._ops:
            raise NotImplementedError(f"{type(self).__name__} does not support {op}()")

    @classmethod
    def _get_via(cls: type[R], client: Client, id: Any) -> R:
        """Read one record through ``client`` (overridden by list-only resources)."""
        from . import _endpoints as ep

        return client.send(ep.get_record(cls, id))

    # -- prospyr CRUD -----------------------------------------------------------------------------

    def create(self, using: str | None = None) -> bool:
        """POST this record; the reply (with its new ``id``) is loaded into the instance.

        Returns:
            True.

        Raises:
            ValueError: the instance already has an id.
            InvalidRecord: ProsperWorks refused it (422; also a ``ValueError``).
            ApiError: any other failure.
        """
        self._check_op("create")
        if self.id is not None:
            raise ValueError(f"{type(self).__name__} already has an id ({self.id}); use update()")
        from . import _endpoints as ep

        client = self._client_for(using)
        fresh = client.send(ep.create_flow(type(self), self.create_payload()))
        self._load_from(fresh)
        self._bind(using or self._using, None)
        return True

    def read(self, using: str | None = None) -> bool:
        """Refresh this instance from ProsperWorks (a cached GET). Returns True."""
        self._check_op("read")
        rid = self._require_id("read") if self._path != "account" else None
        client = self._client_for(using)
        fresh = type(self)._read_via(client, rid)
        self._load_from(fresh)
        self._bind(using or self._using, None)
        return True

    @classmethod
    def _read_via(cls: type[R], client: Client, id: Any) -> R:
        return cls._get_via(client, id)

    def update(self, using: str | None = None) -> bool:
        """PUT the fields changed since the last load, then refresh from the reply.

        Returns:
            True.

        Raises:
            ValueError: no id.
            InvalidRecord: ProsperWorks refused the change (422; also a ``ValueError``).
        """
        self._check_op("update")
        rid = self._require_id("update")
        from . import _endpoints as ep

        client = self._client_for(using)
        fresh = client.send(ep.update_record(type(self), rid, self.update_payload()))
        self._load_from(fresh)
        self._bind(using or self._using, None)
        return True

    def delete(self, using: str | None = None) -> bool:
        """DELETE this record. Returns True."""
        self._check_op("delete")
        rid = self._require_id("delete")
        from . import _endpoints as ep

        self._client_for(using).send(ep.delete_record(type(self), rid))
        return True

    # -- related lookups --------------------------------------------------------------------------

    def _resolve(self, cls: type[R], rid: Any) -> R:
        found = cls._get_via(self._client_for(None), rid)
        found._bind(self._using, self._client)
        return found

    def _related(self, target: type[R], id_field: str) -> R | None:
        """prospyr's related attribute: the ``target`` record ``getattr(self, id_field)``
        (fetched through the cache), or None when the id is None."""
        rid = getattr(self, id_field)
        if rid is None:
            return None
        return self._resolve(target, rid)

    def _set_related(self, target: type[Resource], id_field: str, value: Any) -> None:
        """Point ``id_field`` at ``value``: a saved ``target`` (truthy id), or None."""
        if value is None:
            setattr(self, id_field, None)
            return
        if not isinstance(value, target) or not value.id:
            raise ValueError(
                f"{id_field[:-3]} must be a saved {target.__name__} (with an id) or None, "
                f"not {value!r}"
            )
        setattr(self, id_field, value.id)

    def _identified(self, ref_field: str) -> Any:
        """Resolve an identifier field (``Task.related_resource``, ``Activity.parent``).

        person/company/opportunity are fetched on first access (a 404 gives None); other
        types (lead, project, task...) give a :class:`Placeholder`; an empty identifier gives
        None. prospyr fetched every row's target while loading a page; this waits for use.
        """
        ref = getattr(self, ref_field)
        if ref is None or ref.id is None or ref.type is None:
            return None
        key = f"{ref_field}:{ref.type}:{ref.id}"
        if key in self._identifier_cache:
            return self._identifier_cache[key]
        value: Any
        if ref.type in _RESOLVED_TYPES:
            try:
                value = self._resolve(resource_class(ref.type), ref.id)
            except NotFound:
                value = None
        else:
            value = Placeholder.of(ref.type)(ref.id)
        self._identifier_cache[key] = value
        return value


class Placeholder:
    """Stand-in for a record an identifier points at but that is not loaded.

    ``Task.related_resource`` and ``Activity.parent`` give one for leads, projects and types
    crmkit does not resolve; it has ``id`` and ``resource_type`` (the wire type), and
    :meth:`resolve` fetches the record when crmkit models it. ``repr`` is prospyr's:
    ``<Project: 5 (placeholder)>``.
    """

    resource_type: ClassVar[str] = ""
    _classes: ClassVar[dict[str, type[Placeholder]]] = {}

    def __init__(self, id: Any) -> None:
        self.id = id

    @classmethod
    def of(cls, type_name: str) -> type[Placeholder]:
        """The placeholder class for wire type ``type_name`` (named like prospyr's: ``Lead``)."""
        found = cls._classes.get(type_name)
        if found is None:
            found = type(_camel(type_name), (Placeholder,), {"resource_type": type_name})
            found.__module__ = cls.__module__
            cls._classes[type_name] = found
        return found

    def resolve(self, using: str | None = None) -> Any:
        """Fetch the record this placeholder stands for.

        Raises:
            NotImplementedError: crmkit does not model this type.
        """
        try:
            target = resource_class(self.resource_type)
        except KeyError:
            raise NotImplementedError(
                f"crmkit does not model {self.resource_type!r} records"
            ) from None
        return target.objects.use(using or "default").get(id=self.id)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Placeholder) and (other.resource_type, other.id) == (
            self.resource_type,
            self.id,
        )

    def __hash__(self) -> int:
        return hash((self.resource_type, self.id))

    def __str__(self) -> str:
        return str(self.id)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self} (placeholder)>"


_RESOLVED_TYPES = frozenset({"person", "company", "opportunity"})
