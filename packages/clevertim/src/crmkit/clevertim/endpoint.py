"""``clevertimapi.endpoint``: the base class of every old-style resource, and its attributes.

An :class:`Endpoint` wraps one record's wire content (a dict) and exposes it through typed
attributes (descriptors defined here): scalars, references to other records, typed lists that
write through to the content, task dates. Loading is eager by default (a keyed object is fetched
in its constructor) or lazy (``lazy_load=True``: on the first attribute read other than ``key``).

Changes from the old library (each a fix listed in the vendor notes §7.1): checks raise explicit
exceptions instead of ``assert``; defaults are deep-copied per object; a missing list is created
on the first mutation only; objects compare by class family and key; ``delete()`` on a new object
raises before any request; the cache holds copies.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, MutableSequence
from typing import Any, ClassVar, overload

from ._resources import normalize_key
from .errors import ArgumentError, ArgumentTypeError, ValidationError
from .session import Session

__all__ = [
    "Choices",
    "Endpoint",
    "ListWrapper",
    "ValidationError",
    "ValueSerializer",
]


class Choices:
    """A set of named constants with ``ALL_VALID_VALUES`` (e.g. ``Task.TASK_TYPES``).

    Example:
        >>> kinds = Choices(WORK="Work", HOME="Home")
        >>> kinds.WORK, kinds.ALL_VALID_VALUES
        ('Work', ('Work', 'Home'))
    """

    def __init__(self, **values: Any) -> None:
        for name, value in values.items():
            setattr(self, name, value)
        self.ALL_VALID_VALUES: tuple[Any, ...] = tuple(values.values())

    def __getattr__(self, name: str) -> Any:  # for type checkers: constants are dynamic
        raise AttributeError(name)

    def __contains__(self, value: object) -> bool:
        return value in self.ALL_VALID_VALUES

    def __repr__(self) -> str:
        return f"Choices{self.ALL_VALID_VALUES!r}"


def choice_of(choices: Choices, label: str) -> Callable[[Any], None]:
    """A validator accepting only ``choices`` (None is always accepted by setters)."""

    def check(value: Any) -> None:
        if value not in choices.ALL_VALID_VALUES:
            raise ValidationError(
                f"{value!r} is not a valid {label}; expected one of "
                f"{', '.join(repr(v) for v in choices.ALL_VALID_VALUES)}",
                vendor="clevertim",
            )

    return check


def _as_text(value: Any, label: str) -> str:
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            raise ArgumentTypeError(f"{label} must be text (UTF-8 bytes are decoded)") from None
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{label} must be a str, not {type(value).__name__}")
    return value


def _check_type(value: Any, kind: type | tuple[type, ...], label: str) -> Any:
    if kind is str:
        return _as_text(value, label)
    if kind is int and isinstance(value, bool):
        raise ArgumentTypeError(f"{label} must be an int, not bool")
    if not isinstance(value, kind):
        expected = (
            kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        )
        raise ArgumentTypeError(f"{label} must be {expected}, not {type(value).__name__}")
    return value


# -- value objects ------------------------------------------------------------------------------


class ValueSerializer:
    """Base of the small value objects stored inside records (phone numbers, task recurrence...).

    A value object wraps a dict; one read from a record wraps the record's own dict, so setting
    its attributes changes the record. Value objects are equal when their fields are equal.
    """

    _FIELDS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, content: dict[str, Any] | None = None, session: Session | None = None):
        if content is not None and not isinstance(content, dict):
            raise ArgumentTypeError(f"content must be a dict, not {type(content).__name__}")
        self._content: dict[str, Any] = content if content is not None else {}
        self.session = session

    def serialize(self) -> dict[str, Any]:
        """The wire form (a copy)."""
        return copy.deepcopy(self._content)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ValueSerializer):
            return NotImplemented
        return type(self) is type(other) and self._content == other._content

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._content!r})"


class ValueField:
    """A settable attribute of a value object, stored under ``wire``."""

    def __init__(
        self,
        wire: str,
        kind: type | tuple[type, ...] = str,
        *,
        validator: Callable[[Any], None] | None = None,
    ) -> None:
        self.wire = wire
        self.kind = kind
        self.validator = validator
        self.name = wire

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: ValueSerializer | None, objtype: type | None = None) -> Any:
        if obj is None:
            return self
        return obj._content.get(self.wire)

    def __set__(self, obj: ValueSerializer, value: Any) -> None:
        if value is None:
            obj._content.pop(self.wire, None)
            return
        value = _check_type(value, self.kind, self.name)
        if self.validator is not None:
            self.validator(value)
        obj._content[self.wire] = value


# -- attributes of records ----------------------------------------------------------------------


class Field:
    """Base descriptor of a record attribute stored under the wire key ``wire``.

    Reading or writing first loads a keyed, unloaded record (except where ``loads=False``).
    Read-only attributes raise ``AttributeError`` on set and delete.
    """

    def __init__(self, wire: str, *, read_only: bool = False, loads: bool = True) -> None:
        self.wire = wire
        self.read_only = read_only
        self.loads = loads
        self.name = wire

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Endpoint | None, objtype: type | None = None) -> Any:
        if obj is None:
            return self
        if self.loads:
            obj._ensure_loaded()
        return self.read(obj)

    def __set__(self, obj: Endpoint, value: Any) -> None:
        if self.read_only:
            raise AttributeError(f"{type(obj).__name__}.{self.name} is read-only")
        if self.loads:
            obj._ensure_loaded()
        self.write(obj, value)

    def __delete__(self, obj: Endpoint) -> None:
        if self.read_only:
            raise AttributeError(f"{type(obj).__name__}.{self.name} is read-only")
        if self.loads:
            obj._ensure_loaded()
        obj._content.pop(self.wire, None)

    def read(self, obj: Endpoint) -> Any:
        """The Python value."""
        return obj._content.get(self.wire)

    def write(self, obj: Endpoint, value: Any) -> None:
        """Store ``value`` (already past the read-only check)."""
        obj._content[self.wire] = value


class Scalar(Field):
    """A string, number or boolean with a default and an optional validator."""

    def __init__(
        self,
        wire: str,
        kind: type | tuple[type, ...] = str,
        default: Any = "",
        *,
        validator: Callable[[Any], None] | None = None,
        read_only: bool = False,
        loads: bool = True,
    ) -> None:
        super().__init__(wire, read_only=read_only, loads=loads)
        self.kind = kind
        self.default = default
        self.validator = validator

    def read(self, obj: Endpoint) -> Any:
        return obj._content.get(self.wire, self.default)

    def write(self, obj: Endpoint, value: Any) -> None:
        if value is not None:
            value = _check_type(value, self.kind, f"{type(obj).__name__}.{self.name}")
            if self.validator is not None:
                self.validator(value)
        obj._content[self.wire] = value


class Ref(Field):
    """A reference to one record of the registered class ``target`` (stored as its key)."""

    def __init__(self, wire: str, target: str, *, read_only: bool = False) -> None:
        super().__init__(wire, read_only=read_only)
        self.target = target

    def read(self, obj: Endpoint) -> Any:
        key = obj._content.get(self.wire)
        if key is None or key == "":
            return None
        return obj.session.get(self.target, key, lazy_load=True)

    def write(self, obj: Endpoint, value: Any) -> None:
        obj._content[self.wire] = None if value is None else _reference_key(obj, self, value)


def _reference_key(obj: Endpoint, field: Field, value: Any) -> Any:
    target = getattr(field, "target", "")
    accepted = Session.endpoint_accepted_types(target)
    if not isinstance(value, accepted):
        names = " or ".join(t.__name__ for t in accepted)
        raise ArgumentTypeError(
            f"{type(obj).__name__}.{field.name} takes a {names}, not {type(value).__name__}"
        )
    key = getattr(value, "key", None)
    if key is None:
        raise ValidationError(
            f"{type(obj).__name__}.{field.name}: save the {type(value).__name__} first "
            "(it has no key yet)",
            vendor="clevertim",
        )
    return key


class ListWrapper(MutableSequence[Any]):
    """A list attribute that writes through to the record's content.

    Supports ``append``, ``extend``, ``insert``, ``remove``, ``pop``, ``clear``, ``add`` (append
    unless already present), indexing and slicing (get, set, delete), ``len``, ``in``,
    iteration, ``+=`` and ``==`` with a plain list, with Python's list exceptions. Typed lists
    accept only their element class; read-only lists raise on mutation.
    """

    def __init__(
        self,
        owner: Endpoint,
        wire: str,
        *,
        label: str,
        read_only: bool = False,
        to_python: Callable[[Any], Any] | None = None,
        to_wire: Callable[[Any], Any] | None = None,
    ) -> None:
        self._owner = owner
        self._wire = wire
        self._label = label
        self._read_only = read_only
        self._to_python = to_python or (lambda raw: raw)
        self._to_wire = to_wire or (lambda value: value)

    def _raw(self) -> list[Any]:
        raw = self._owner._content.get(self._wire)
        if raw is None:
            return []
        return raw if isinstance(raw, list) else [raw]

    def _writable(self) -> list[Any]:
        if self._read_only:
            raise ArgumentError(f"Cannot modify the read-only list {self._label}")
        raw = self._owner._content.get(self._wire)
        if not isinstance(raw, list):
            # Created on the first mutation only, so reading never adds a key to the body.
            raw = [] if raw is None else [raw]
            self._owner._content[self._wire] = raw
        return raw

    def __len__(self) -> int:
        return len(self._raw())

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self._to_python(raw) for raw in self._raw()[index]]
        return self._to_python(self._raw()[index])

    @overload
    def __setitem__(self, index: int, value: Any) -> None: ...

    @overload
    def __setitem__(self, index: slice, value: Iterable[Any]) -> None: ...

    def __setitem__(self, index: int | slice, value: Any) -> None:
        raw = self._writable()
        if isinstance(index, slice):
            raw[index] = [self._to_wire(v) for v in value]
        else:
            raw[index] = self._to_wire(value)

    def __delitem__(self, index: int | slice) -> None:
        del self._writable()[index]

    def insert(self, index: int, value: Any) -> None:
        """Insert ``value`` before ``index``."""
        converted = self._to_wire(value)
        self._writable().insert(index, converted)

    def add(self, value: Any) -> None:
        """Append ``value`` unless it is already in the list."""
        if value not in self:
            self.append(value)

    def __iter__(self) -> Iterator[Any]:
        for raw in list(self._raw()):
            yield self._to_python(raw)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ListWrapper | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __iadd__(self, values: Iterable[Any]) -> ListWrapper:
        self.extend(values)
        return self

    def __repr__(self) -> str:
        return repr(list(self))


class _ListField(Field):
    """Base of list attributes: returns a :class:`ListWrapper`, assigning replaces the list."""

    def wrapper(self, obj: Endpoint) -> ListWrapper:
        return ListWrapper(
            obj,
            self.wire,
            label=f"{type(obj).__name__}.{self.name}",
            read_only=self.read_only,
            to_python=lambda raw: self.to_python(obj, raw),
            to_wire=lambda value: self.to_wire(obj, value),
        )

    def to_python(self, obj: Endpoint, raw: Any) -> Any:
        return raw

    def to_wire(self, obj: Endpoint, value: Any) -> Any:
        return value

    def read(self, obj: Endpoint) -> ListWrapper:
        return self.wrapper(obj)

    def write(self, obj: Endpoint, value: Any) -> None:
        if isinstance(value, ListWrapper) and value._owner is obj and value._wire == self.wire:
            return  # ``obj.attr += [...]`` assigns the wrapper back after extending it
        if value is None:
            obj._content[self.wire] = None
            return
        if not isinstance(value, list | tuple | ListWrapper):
            raise ArgumentTypeError(
                f"{type(obj).__name__}.{self.name} takes a list, not {type(value).__name__}"
            )
        obj._content[self.wire] = [self.to_wire(obj, v) for v in value]


class StrList(_ListField):
    """A list of strings (emails, websites, tags...), optionally validated per element."""

    def __init__(
        self,
        wire: str,
        *,
        validator: Callable[[Any], None] | None = None,
        read_only: bool = False,
    ) -> None:
        super().__init__(wire, read_only=read_only)
        self.validator = validator

    def to_wire(self, obj: Endpoint, value: Any) -> Any:
        text = _as_text(value, f"{type(obj).__name__}.{self.name} elements")
        if self.validator is not None:
            self.validator(text)
        return text


class ValueList(_ListField):
    """A list of value objects (phone numbers, social media ids) stored in wire form."""

    def __init__(self, wire: str, cls: type[ValueSerializer], *, read_only: bool = False):
        super().__init__(wire, read_only=read_only)
        self.cls = cls

    def to_python(self, obj: Endpoint, raw: Any) -> Any:
        return self.cls(content=raw if isinstance(raw, dict) else {}, session=obj.session)

    def to_wire(self, obj: Endpoint, value: Any) -> Any:
        if not isinstance(value, self.cls):
            raise ArgumentTypeError(
                f"{type(obj).__name__}.{self.name} takes {self.cls.__name__} objects, "
                f"not {type(value).__name__}"
            )
        return value.serialize()


class RefList(_ListField):
    """A list of references to records of the registered class ``target`` (stored as keys)."""

    def __init__(self, wire: str, target: str, *, read_only: bool = False) -> None:
        super().__init__(wire, read_only=read_only)
        self.target = target

    def to_python(self, obj: Endpoint, raw: Any) -> Any:
        return obj.session.get(self.target, raw, lazy_load=True)

    def to_wire(self, obj: Endpoint, value: Any) -> Any:
        return _reference_key(obj, self, value)


class ValueObject(Field):
    """One value object stored under ``wire`` (a task's recurrence details, a note's email)."""

    def __init__(
        self, wire: str, cls: type[ValueSerializer], *, read_only: bool = False, loads: bool = True
    ) -> None:
        super().__init__(wire, read_only=read_only, loads=loads)
        self.cls = cls

    def read(self, obj: Endpoint) -> Any:
        raw = obj._content.get(self.wire)
        if not isinstance(raw, dict):
            if self.read_only:
                return None
            raw = {}
            obj._content[self.wire] = raw
        return self.cls(content=raw, session=obj.session)

    def write(self, obj: Endpoint, value: Any) -> None:
        if value is None:
            obj._content[self.wire] = None
            return
        if not isinstance(value, self.cls):
            raise ArgumentTypeError(
                f"{type(obj).__name__}.{self.name} takes a {self.cls.__name__}, "
                f"not {type(value).__name__}"
            )
        obj._content[self.wire] = value.serialize()


class DatePart(Field):
    """The date (``y``/``mo``/``d``) or time (``h``/``mi``) part of a task date object."""

    def __init__(self, wire: str, part: str) -> None:
        super().__init__(wire)
        self.part = part

    def read(self, obj: Endpoint) -> Any:
        raw = obj._content.get(self.wire)
        if not isinstance(raw, dict):
            return None
        if self.part == "date":
            y, mo, d = raw.get("y"), raw.get("mo"), raw.get("d")
            if not (y and mo and d):
                return None
            try:
                return dt.date(int(y), int(mo), int(d))
            except (TypeError, ValueError):
                return None
        h, mi = raw.get("h"), raw.get("mi")
        if h is None or mi is None:
            return None
        try:
            return dt.time(int(h), int(mi))
        except (TypeError, ValueError):
            return None

    def write(self, obj: Endpoint, value: Any) -> None:
        keys = ("y", "mo", "d") if self.part == "date" else ("h", "mi")
        raw = obj._content.get(self.wire)
        if value is None:
            if isinstance(raw, dict):
                for key in keys:
                    raw.pop(key, None)
            return
        label = f"{type(obj).__name__}.{self.name}"
        if self.part == "date":
            if not isinstance(value, dt.date):
                raise ArgumentTypeError(f"{label} takes a datetime.date")
            parts = {"y": value.year, "mo": value.month, "d": value.day}
        else:
            if not isinstance(value, dt.time):
                raise ArgumentTypeError(f"{label} takes a datetime.time")
            parts = {"h": value.hour, "mi": value.minute}
        if not isinstance(raw, dict):
            raw = {}
            obj._content[self.wire] = raw
        raw.update(parts)


# -- the base class --------------------------------------------------------------------------------


class Endpoint:
    """Base of every old-style resource class (Contact, Company, Case...).

    Args:
        session: the :class:`~crmkit.clevertim.Session`.
        key: the record's id; None for a new record.
        content: build the object from this wire content (copied); a keyed object built this
            way still loads on its first attribute read (usually a cache hit).
        lazy_load: for a keyed object, wait for the first attribute read before fetching it
            (default: fetch in the constructor, which raises ``NotFound`` for a wrong key).

    Example:
        >>> contact = Contact(session, key=1234)            # doctest: +SKIP
        >>> contact.first_name                                # doctest: +SKIP
        'Joe'
    """

    ENDPOINT: ClassVar[str] = ""
    DEFAULTS: ClassVar[dict[str, Any]] = {}
    LOAD_ALL: ClassVar[bool] = False

    VISIBILITY = Choices(PRIVATE="PRIVATE", EVERYONE="EVERYONE", GROUPS="GROUPS")

    def __init__(
        self,
        session: Session,
        key: Any = None,
        content: dict[str, Any] | None = None,
        lazy_load: bool = False,
    ) -> None:
        if not isinstance(session, Session):
            raise ArgumentTypeError(
                f"{type(self).__name__} needs a Session, not {type(session).__name__}"
            )
        self.session = session
        self._key: Any = normalize_key(key) if key is not None else None
        self._loaded = False
        if content is not None:
            if not isinstance(content, dict):
                raise ArgumentTypeError(f"content must be a dict, not {type(content).__name__}")
            self._content: dict[str, Any] = copy.deepcopy(content)
            if self._key is None and content.get("id") is not None:
                self._key = normalize_key(content["id"])
        elif self._key is not None and not lazy_load:
            self._content = {}
            self._load()
        else:
            # A deep copy: objects of one class never share a default dict or list.
            self._content = copy.deepcopy(self.DEFAULTS)

    # -- loading --------------------------------------------------------------------------------

    def _ensure_loaded(self) -> None:
        if self._key is not None and not self._loaded:
            self._load()

    _check_needs_loading = _ensure_loaded  # the old library's name

    def _load(self, reload: bool = False) -> None:
        if self._key is None:
            raise ArgumentError("Cannot load a resource without a key")
        content = self.session.make_request(
            self.ENDPOINT, resource_id=self._key, load_all=self.LOAD_ALL, reload=reload
        )
        self._content = content
        self._loaded = True

    def reload(self) -> None:
        """Fetch the record again, bypassing and refreshing the session's cache."""
        if self._key is None:
            raise ArgumentError("Cannot reload a new object: it has no key")
        self._load(reload=True)

    # -- writing --------------------------------------------------------------------------------

    def validate(self) -> None:
        """Check the object before :meth:`save`; raises ``ValidationError``. A hook."""

    def save(self) -> None:
        """Create (POST) a new record or update (PUT, whole object) a keyed one.

        The key and the content come from Clevertim's answer, merged over what was sent.
        A failed save leaves the object (and its unsaved values) as it was.
        """
        self.validate()
        if self._key is not None:
            self._ensure_loaded()
            answer = self.session.make_request(
                self.ENDPOINT, resource_id=self._key, method="PUT", payload=self._content
            )
        else:
            answer = self.session.make_request(self.ENDPOINT, method="POST", payload=self._content)
        merged = dict(self._content)
        merged.update(answer)
        self._content = merged
        if answer.get("id") is not None:
            self._key = normalize_key(answer["id"])
        self._loaded = True
        self.session._store(self.ENDPOINT, merged)
        self.session.instance_cache.setdefault(f"{type(self).__name__}{self._key}", self)

    def delete(self) -> None:
        """Delete the record; the object keeps its data, its key becomes None.

        Raises:
            ArgumentError: the object was never saved (nothing is sent).
        """
        if self._key is None:
            raise ArgumentError(f"Cannot delete a new {type(self).__name__}: it has no key")
        self.session.make_request(
            self.ENDPOINT, resource_id=self._key, method="DELETE", payload=self._content
        )
        self.session._forget_instance(self)
        self._key = None
        self._loaded = True

    # -- listing --------------------------------------------------------------------------------

    @classmethod
    def all(cls, session: Session) -> list[Any]:
        """Every visible record of this class (one ``GET /<resource>``), as loaded objects."""
        content = session.make_request(cls.ENDPOINT)
        return [cls._from_loaded(session, element) for element in content]

    @classmethod
    def iter_all(cls, session: Session) -> Iterator[Any]:
        """Like :meth:`all` but streamed: records are yielded as they arrive, none are kept.

        (crmkit addition; it bypasses the session's caches.)
        """
        from ._listing import Listing
        from .session import _info_for

        for element in Listing(session.api, _info_for(cls.ENDPOINT)).iter_raw():
            yield cls._from_loaded(session, element)

    @classmethod
    def _from_loaded(cls, session: Session, element: dict[str, Any]) -> Any:
        obj = cls(session, content=element)
        obj._loaded = True
        return obj

    # -- identity and content --------------------------------------------------------------------

    @property
    def key(self) -> Any:
        """The record's id (None until saved, and after ``delete()``); reading never loads."""
        return self._key

    def is_new(self) -> bool:
        """Whether the object has no key (never saved, or deleted)."""
        return self._key is None

    def get_content(self) -> dict[str, Any]:
        """The raw wire content (live: changing it changes the object)."""
        return self._content

    def serialize(self) -> Any:
        """The key (what a reference to this object stores)."""
        return self._key

    @classmethod
    def _family(cls) -> str:
        return cls.ENDPOINT or cls.__name__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Endpoint):
            return NotImplemented
        if self._key is None or other._key is None:
            return self is other
        return self._family() == other._family() and self._key == other._key

    def __hash__(self) -> int:
        if self._key is None:
            return id(self)
        return hash((self._family(), self._key))

    def __repr__(self) -> str:
        return f"{self._content}"

    # -- visibility and groups ------------------------------------------------------------------

    @property
    def visibility(self) -> str:
        """``VISIBILITY.PRIVATE`` (``is_private``), ``GROUPS`` (a ``gid`` mask) or ``EVERYONE``."""
        self._ensure_loaded()
        if self._content.get("is_private"):
            return str(self.VISIBILITY.PRIVATE)
        if self._content.get("gid"):
            return str(self.VISIBILITY.GROUPS)
        return str(self.VISIBILITY.EVERYONE)

    private_to = Ref("puser", "User")
    added_on = Scalar("ao", str, None, read_only=True)
    last_modified = Scalar("lm", str, None, read_only=True)

    def get_groups(self) -> tuple[Any, ...]:
        """The groups this record is restricted to (requests ``GET /group``)."""
        self._ensure_loaded()
        mask = int(self._content.get("gid") or 0)
        group_cls: Any = Session.ENDPOINT_FACTORY["Group"][0]
        return tuple(g for g in group_cls.all(self.session) if int(g.gid or 0) & mask)

    def set_groups(self, groups: list[Any] | tuple[Any, ...]) -> None:
        """Restrict the record to ``groups`` (its ``gid`` becomes the sum of their bits)."""
        if not isinstance(groups, list | tuple):
            raise ArgumentTypeError("set_groups takes a list or tuple of Group objects")
        group_cls: Any = Session.ENDPOINT_FACTORY["Group"][0]
        for group in groups:
            if not isinstance(group, group_cls):
                raise ArgumentTypeError(
                    f"set_groups takes Group objects, not {type(group).__name__}"
                )
        self._ensure_loaded()
        self._content["gid"] = sum(int(g.gid or 0) for g in groups)
