"""``clevertimapi.customfield``: custom field definitions and the values records hold.

A record's ``custom_field_values`` is a small mapping over its ``cf`` content, keyed by field id
or :class:`CustomField`. Values are validated against the definition (loaded once per Session
with ``GET /customfield``) and stored in wire form: text as is, dates as ``YYYY-MM-DD``,
references (user, contact, company, case, opportunity) as the record's key in a string, multi-
valued fields as lists. Reading a reference gives the (lazily loaded) record; the old library
failed there with ``ValidationError`` (vendor notes §7.1.7).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any, ClassVar

from ._resources import normalize_key
from .endpoint import Choices, Endpoint, Field, Scalar, StrList, _as_text, choice_of
from .errors import ArgumentTypeError, ValidationError
from .session import Session

__all__ = ["CustomField", "CustomFieldValue", "CustomFieldValues", "CustomFieldValuesField"]

_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_REFERENCE_CLASSES = {
    "user": "User",
    "contact": "Contact",
    "company": "Company",
    "case": "Case",
    "opportunity": "Opportunity",
}


class CustomField(Endpoint):
    """A custom field definition (``/customfield``; all are loaded at once).

    Example:
        >>> tier = CustomField(session)                                   # doctest: +SKIP
        >>> tier.name = "Tier"; tier.field_type = CustomField.FIELD_TYPE.SELECT
        >>> tier.allowed_values = ["Gold", "Silver"]
        >>> tier.field_scope = [CustomField.FIELD_SCOPE.CONTACTS]
        >>> tier.save()
    """

    ENDPOINT: ClassVar[str] = "/customfield"
    LOAD_ALL: ClassVar[bool] = True

    FIELD_TYPE = Choices(
        INPUT="input",
        SELECT="select",
        DATE="date",
        USER="user",
        STATE="state",
        COUNTRY="country",
        REGION="region",
        CURRENCY="currency",
        CONTACT="contact",
        COMPANY="company",
        CASE="case",
        OPPORTUNITY="opportunity",
    )
    FIELD_SCOPE = Choices(
        CONTACTS="customers", COMPANIES="companies", CASES="cases", OPPORTUNITIES="opportunities"
    )

    name = Scalar("name", str, "")
    full_name = Scalar("fullname", str, "")
    field_type = Scalar("elemType", str, None, validator=choice_of(FIELD_TYPE, "field type"))
    field_scope = StrList("modelType", validator=choice_of(FIELD_SCOPE, "field scope"))
    allowed_values = StrList("values")
    is_multi_value = Scalar("multiple", bool, False)

    def validate(self) -> None:
        """Check, in the old library's order, what Clevertim requires of a definition."""
        if not self.name:
            raise ValidationError("The custom field needs a name.", vendor="clevertim")
        if not self.field_type:
            raise ValidationError("The custom field needs a field_type.", vendor="clevertim")
        if self.field_type == self.FIELD_TYPE.SELECT and not list(self.allowed_values):
            raise ValidationError(
                "A select custom field needs to specify the allowed_values property.",
                vendor="clevertim",
            )
        if not list(self.field_scope):
            raise ValidationError("The custom field needs a field_scope.", vendor="clevertim")

    def save(self) -> None:
        """Save the definition; the Session reloads its definitions on next use."""
        super().save()
        self.session._custom_fields = None

    def delete(self) -> None:
        """Delete the definition; the Session reloads its definitions on next use."""
        super().delete()
        self.session._custom_fields = None


def _single_to_wire(field: CustomField, value: Any) -> str:
    kind = field.field_type
    if kind in _REFERENCE_CLASSES:
        cls: Any = Session.ENDPOINT_FACTORY[_REFERENCE_CLASSES[kind]][0]
        if not isinstance(value, cls):
            raise ArgumentTypeError(
                f"custom field {field.name!r} takes a {cls.__name__}, not {type(value).__name__}"
            )
        if value.key is None:
            raise ValidationError(
                f"custom field {field.name!r}: save the {cls.__name__} first", vendor="clevertim"
            )
        return str(value.key)
    if kind == CustomField.FIELD_TYPE.DATE:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return value.isoformat()
        text = _as_text(value, f"custom field {field.name!r}")
        match = _DATE.match(text)
        try:
            if match is None:
                raise ValueError
            return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            raise ValidationError(
                f"custom field {field.name!r} takes a date or a 'YYYY-MM-DD' string, not {text!r}",
                vendor="clevertim",
            ) from None
    text = _as_text(value, f"custom field {field.name!r}")
    if kind == CustomField.FIELD_TYPE.SELECT and text not in list(field.allowed_values):
        raise ValidationError(
            f"{text!r} is not an allowed value of custom field {field.name!r} "
            f"({', '.join(field.allowed_values)})",
            vendor="clevertim",
        )
    return text


def to_wire(field: CustomField, value: Any) -> Any:
    """A Python value as stored in ``cf`` (validated)."""
    if field.is_multi_value:
        if not isinstance(value, list | tuple):
            raise ArgumentTypeError(f"custom field {field.name!r} takes a list of values")
        return [_single_to_wire(field, v) for v in value]
    if isinstance(value, list | tuple):
        raise ArgumentTypeError(f"custom field {field.name!r} takes one value, not a list")
    return _single_to_wire(field, value)


def _single_to_python(field: CustomField, raw: Any, session: Session) -> Any:
    kind = field.field_type
    if kind in _REFERENCE_CLASSES:
        if raw in (None, ""):
            return None
        key = normalize_key(raw)
        return session.get(_REFERENCE_CLASSES[kind], key, lazy_load=True)
    return raw


def to_python(field: CustomField, raw: Any, session: Session) -> Any:
    """A stored ``cf`` value as a Python value (references become records, loaded lazily)."""
    if isinstance(raw, list):
        return [_single_to_python(field, v, session) for v in raw]
    return _single_to_python(field, raw, session)


class CustomFieldValue:
    """One custom field's value on a record.

    Build it from a definition and a Python value (``custom_field=``, ``custom_field_value=``)
    or from wire content (``content={"<field id>": value}, session=``).
    """

    def __init__(
        self,
        custom_field: CustomField | None = None,
        custom_field_value: Any = None,
        content: dict[Any, Any] | None = None,
        session: Session | None = None,
    ) -> None:
        if content is not None:
            if not isinstance(content, dict) or len(content) != 1:
                raise ArgumentTypeError("content must be a one-item dict {field id: value}")
            if session is None and custom_field is None:
                raise ArgumentTypeError("content needs a session to find the custom field")
            field_id, raw = next(iter(content.items()))
            if custom_field is None:
                assert session is not None
                definitions = session._custom_field_definitions()
                if str(field_id) not in definitions:
                    raise ValidationError(f"No such custom field: {field_id}", vendor="clevertim")
                custom_field = definitions[str(field_id)]
            self._field = custom_field
            self._raw = raw
            self.session = session or custom_field.session
            return
        if not isinstance(custom_field, CustomField):
            raise ArgumentTypeError("custom_field must be a CustomField")
        self._field = custom_field
        self.session = session or custom_field.session
        self._raw = None
        self.custom_field_value = custom_field_value

    @property
    def custom_field(self) -> CustomField:
        """The definition (read-only)."""
        return self._field

    @property
    def custom_field_value(self) -> Any:
        """The value in Python form."""
        return to_python(self._field, self._raw, self.session)

    @custom_field_value.setter
    def custom_field_value(self, value: Any) -> None:
        self._raw = None if value is None else to_wire(self._field, value)

    def serialize(self) -> dict[str, Any]:
        """``{"<field id>": <wire value>}``."""
        return {str(self._field.key): self._raw}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CustomFieldValue):
            return NotImplemented
        return self.serialize() == other.serialize()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"CustomFieldValue({self.serialize()!r})"


class CustomFieldValues:
    """The custom field values of one record: ``values[field_id or CustomField]``.

    ``values[x]`` raises ``KeyError`` when the record has no value for ``x``; ``values[x] = v``
    validates ``v`` and writes it into the record (saved with the record); iteration yields
    :class:`CustomFieldValue` objects. Values cannot be deleted (set ``""`` to clear text).
    """

    def __init__(self, owner: Endpoint, scope: str) -> None:
        self._owner = owner
        self._scope = scope
        self._definitions = owner.session._custom_field_definitions()

    def _field_id(self, field: Any) -> str:
        if isinstance(field, CustomField):
            if field.key is None:
                raise ValidationError("The custom field has not been saved", vendor="clevertim")
            return str(field.key)
        if isinstance(field, int | str) and not isinstance(field, bool):
            return str(normalize_key(field))
        raise ArgumentTypeError(
            f"custom fields are looked up by id or CustomField, not {type(field).__name__}"
        )

    def _definition(self, field_id: str) -> CustomField | None:
        definition = self._definitions.get(field_id)
        if definition is None or self._scope not in list(definition.field_scope):
            return None
        return definition  # type: ignore[no-any-return]

    def _cf(self) -> dict[str, Any]:
        cf = self._owner._content.get("cf")
        return cf if isinstance(cf, dict) else {}

    def __getitem__(self, field: Any) -> CustomFieldValue:
        field_id = self._field_id(field)
        cf = self._cf()
        definition = self._definition(field_id)
        if field_id not in cf or definition is None:
            raise KeyError(field)
        return CustomFieldValue(
            custom_field=definition, content={field_id: cf[field_id]}, session=self._owner.session
        )

    def get(self, field: Any, default: Any = None) -> Any:
        """The value for ``field``, or ``default``."""
        try:
            return self[field]
        except KeyError:
            return default

    def __setitem__(self, field: Any, value: Any) -> None:
        field_id = self._field_id(field)
        definition = self._definition(field_id)
        if definition is None:
            raise ValidationError(
                f"Custom field {field_id} does not exist or does not apply to "
                f"{type(self._owner).__name__} records",
                vendor="clevertim",
            )
        raw = to_wire(definition, value)
        cf = self._owner._content.get("cf")
        if not isinstance(cf, dict):
            cf = {}
            self._owner._content["cf"] = cf
        cf[field_id] = raw

    def __contains__(self, field: object) -> bool:
        try:
            field_id = self._field_id(field)
        except ArgumentTypeError:
            return False
        return field_id in self._cf() and self._definition(field_id) is not None

    def __iter__(self) -> Iterator[CustomFieldValue]:
        for field_id, raw in list(self._cf().items()):
            definition = self._definition(str(field_id))
            if definition is not None:
                yield CustomFieldValue(
                    custom_field=definition,
                    content={str(field_id): raw},
                    session=self._owner.session,
                )

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return f"CustomFieldValues({self._cf()!r})"


class CustomFieldValuesField(Field):
    """The ``custom_field_values`` attribute of contacts, companies, cases and opportunities."""

    def __init__(self, scope: str) -> None:
        super().__init__("cf", read_only=True)
        self.scope = scope

    def read(self, obj: Endpoint) -> CustomFieldValues:
        return CustomFieldValues(obj, self.scope)


Session.register_endpoint(CustomField)
