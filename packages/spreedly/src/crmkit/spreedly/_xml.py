"""Spreedly's XML codec: safe parsing and Rails-style typed XML, in both directions.

Spreedly's API v4 speaks the XML that Rails' ``to_xml`` writes: dasherized element names, a
``type`` attribute on typed leaves (``integer``, ``decimal``, ``boolean``, ``datetime``,
``date``; anything else is a string), ``nil="true"`` for null, ``type="array"`` for lists, and
``<nil-classes type="array"/>`` for an empty top-level list. This module is the only place
that reads or writes it; the client, the compat layer and the emulator all go through it.

- :func:`parse` reads untrusted bytes with defusedxml: a DTD, an entity declaration or an
  external reference raises :class:`~crmkit.spreedly.errors.UnsafeXML` (billion laughs and XXE
  never expand), anything else that is not XML raises
  :class:`~crmkit.spreedly.errors.MalformedXML`. Element names are normalised ``_`` -> ``-``
  (old data and pyspreedly's requests used underscores; the server treats them alike).
- :func:`decode` turns an element into Python: records -> dicts keyed by the dasherized tag,
  arrays -> lists, typed leaves -> ``int``/``Decimal``/``bool``/aware UTC ``datetime``, nil ->
  ``None``; ``raw=True`` keeps leaf texts as the strings on the wire (for ``remote_data``).
- :func:`to_compat` gives pyspreedly 2.0.1's dict shape (underscored keys, arrays as lists of
  one-key dicts, empty strings as ``None``), with its crashes on odd input fixed.
- :func:`encode` and :func:`to_bytes` build XML with ElementTree (never string templates), so
  every value is escaped; ``types`` pins the ``type`` attribute per element name where the
  vendor's own documents differ from what the Python type would give.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from .errors import MalformedXML, UnsafeXML

__all__ = [
    "XML_DECLARATION",
    "Element",
    "dasherize",
    "decode",
    "decode_leaf",
    "document",
    "encode",
    "format_datetime",
    "format_decimal",
    "leaf_text",
    "parse",
    "parse_datetime",
    "singular",
    "to_bytes",
    "to_compat",
    "underscore",
]

Element = ET.Element

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'

# Characters XML 1.0 cannot carry at all (not even escaped).
_INVALID_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_MISSING: Any = object()

# Rails writes array items under the singular of the array's name.
_SINGULAR = {
    "subscription-plans": "subscription-plan",
    "subscribers": "subscriber",
    "invoices": "invoice",
    "line-items": "line-item",
    "versions": "version",
    "transactions": "transaction",
    "errors": "error",
    "nil-classes": "nil-class",
    "fees": "fee",
    "credits": "credit",
}


def dasherize(name: str) -> str:
    """``billing_first_name`` -> ``billing-first-name`` (the wire form of a name)."""
    return name.replace("_", "-")


def underscore(name: str) -> str:
    """``billing-first-name`` -> ``billing_first_name`` (the Python form of a name)."""
    return name.replace("-", "_")


def singular(tag: str) -> str:
    """The element name Rails uses for the items of the array ``tag``."""
    if tag in _SINGULAR:
        return _SINGULAR[tag]
    if tag.endswith("ies"):
        return tag[:-3] + "y"
    if tag.endswith("sses"):
        return tag[:-2]
    if tag.endswith("s") and not tag.endswith("ss"):
        return tag[:-1]
    return tag


# -- reading ----------------------------------------------------------------------------------


def parse(content: bytes | str) -> ET.Element:
    """Parse untrusted XML safely and normalise element names to dashes.

    Raises:
        UnsafeXML: the document declares a DTD or entities, or references external ones.
        MalformedXML: it is empty, not XML, or not well-formed.
    """
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise MalformedXML("expected an XML document but the body is empty")
    if not stripped.startswith(b"<"):
        raise MalformedXML(
            "expected an XML document but the body is text: "
            + stripped[:80].decode("utf-8", errors="replace")
        )
    try:
        root: ET.Element = SafeET.fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as exc:
        raise UnsafeXML(
            "refused an XML document that declares a DTD or entities "
            f"({type(exc).__name__}); Spreedly never sends them, and expanding them could "
            "exhaust memory (billion laughs) or read local files (XXE)"
        ) from exc
    except ET.ParseError as exc:
        raise MalformedXML(f"the body is not well-formed XML: {exc}") from exc
    for el in root.iter():
        if isinstance(el.tag, str):
            el.tag = dasherize(el.tag)
    return root


def parse_datetime(text: str) -> datetime:
    """Parse a Rails datetime (``2013-01-28T04:02:36Z``; fractions and offsets too) to UTC.

    A value without an offset is taken as UTC (Spreedly only writes UTC).

    Raises:
        ValueError: for text that is not an ISO 8601 datetime.
    """
    value = text.strip()
    if value.endswith(" UTC"):
        value = value[:-4] + "+00:00"
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def decode_leaf(text: str, type_: str | None) -> Any:
    """Convert one leaf's text by its ``type`` attribute (an empty typed leaf is ``None``).

    Raises:
        MalformedXML: a typed leaf whose text does not fit its type.
    """
    if type_ not in ("integer", "decimal", "boolean", "datetime", "date"):
        return text  # no type, "string", or a Rails artefact such as "SubscriptionPlan::Version"
    value = text.strip()
    if not value:
        return None
    try:
        if type_ == "integer":
            return int(value)
        if type_ == "decimal":
            number = Decimal(value)
            if not number.is_finite():
                raise ValueError("not a finite number")
            return number
        if type_ == "boolean":
            if value in ("true", "1"):
                return True
            if value in ("false", "0"):
                return False
            raise ValueError("not true or false")
        if type_ == "date":
            return date.fromisoformat(value)
        return parse_datetime(value)
    except (ValueError, InvalidOperation) as exc:
        raise MalformedXML(f"{value[:40]!r} is not a valid {type_}") from exc


def decode(el: ET.Element, *, raw: bool = False) -> Any:
    """Decode an element: a record to a dict, an array to a list, a leaf to a typed value.

    Args:
        el: the element (names already dasherized by :func:`parse`).
        raw: keep leaf texts as the strings on the wire (nil is still ``None``).
    """
    if el.get("nil") == "true":
        return None
    children = list(el)
    if el.get("type") == "array":
        return [decode(child, raw=raw) for child in children]
    if children:
        return {child.tag: decode(child, raw=raw) for child in children}
    text = el.text or ""
    return text if raw else decode_leaf(text, el.get("type"))


def _compat_leaf(text: str, type_: str | None) -> Any:
    if type_ == "boolean":
        return text.strip() == "true"  # pyspreedly: an empty boolean is False
    value = decode_leaf(text, type_)
    if isinstance(value, str) and not value:
        return None  # pyspreedly: an empty string is None
    return value


def _compat_id(value: Any) -> Any:
    # pyspreedly forced customer_id/pagination_id to int and crashed on anything else. Keep the
    # int for canonical digit strings only, so "007" or "ab-12" survive unchanged (and a
    # set_info(get_info(...)) round trip still names the same subscriber).
    canonical = isinstance(value, str) and value.isascii() and value.isdigit()
    if canonical and (value == "0" or not value.startswith("0")):
        return int(value)
    return value


def to_compat(el: ET.Element) -> Any:
    """pyspreedly 2.0.1's ``objectify_spreedly`` shape for ``el`` (root tag stripped).

    Records become dicts with underscored keys; arrays become lists of one-key dicts
    (``[{'subscription_plan': {...}}]``); ``nil-classes`` becomes ``[]``; leaves are typed as in
    :func:`decode`, except that an empty string is ``None`` and an empty boolean ``False``. A
    subscriber's ``customer_id`` and ``pagination_id`` become ``int`` when they are canonical
    digit strings.
    """
    if el.get("nil") == "true":
        return None
    children = list(el)
    if el.get("type") == "array" or el.tag == "nil-classes":
        return [{underscore(child.tag): to_compat(child)} for child in children]
    if children:
        record = {underscore(child.tag): to_compat(child) for child in children}
        if el.tag == "subscriber":
            for key in ("customer_id", "pagination_id"):
                if key in record:
                    record[key] = _compat_id(record[key])
        return record
    return _compat_leaf(el.text or "", el.get("type"))


# -- writing ----------------------------------------------------------------------------------


def format_datetime(value: datetime) -> str:
    """UTC, second precision, ``Z`` (a naive datetime is taken as UTC)."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def format_decimal(value: Decimal) -> str:
    """Plain notation (``24.0``, ``-48.99``, ``100``), never an exponent.

    Raises:
        ValueError: for NaN or infinity.
    """
    if not value.is_finite():
        raise ValueError(f"{value} is not a finite amount")
    return format(value, "f")


def leaf_text(value: Any) -> tuple[str | None, str]:
    """The ``type`` attribute (None for a string) and the text for a scalar value.

    Floats go through their shortest ``repr`` (``24.0`` stays ``24.0``, not
    ``24.00000000000000017...``).

    Raises:
        ValueError: for a value XML cannot carry (a control character, NaN, a list...).
    """
    if isinstance(value, bool):
        return "boolean", "true" if value else "false"
    if isinstance(value, int):
        return "integer", str(value)
    if isinstance(value, float):
        return "decimal", format_decimal(Decimal(repr(value)))
    if isinstance(value, Decimal):
        return "decimal", format_decimal(value)
    if isinstance(value, datetime):
        return "datetime", format_datetime(value)
    if isinstance(value, date):
        return "date", value.isoformat()
    if isinstance(value, str):
        bad = _INVALID_XML_CHARS.search(value)
        if bad:
            raise ValueError(
                f"the text {value[:40]!r} contains {bad.group()!r}, which XML cannot carry"
            )
        return None, value
    raise ValueError(f"cannot write a {type(value).__name__} as an XML value")


def _fill(el: ET.Element, value: Any, types: Mapping[str, str | None] | None, typed: bool) -> None:
    explicit = types.get(el.tag, _MISSING) if types is not None else _MISSING
    if value is None:
        if explicit is not _MISSING and explicit:
            el.set("type", explicit)
        el.set("nil", "true")
        return
    if isinstance(value, Mapping):
        if explicit is not _MISSING and explicit:
            el.set("type", explicit)
        for key, item in value.items():
            _fill(ET.SubElement(el, dasherize(str(key))), item, types, typed)
        return
    if isinstance(value, list | tuple):
        el.set("type", "array")
        item_tag = singular(el.tag)
        for item in value:
            _fill(ET.SubElement(el, item_tag), item, types, typed)
        return
    type_attr, text = leaf_text(value)
    if not typed:
        type_attr = None
    if explicit is not _MISSING:
        type_attr = explicit or None
    if type_attr:
        el.set("type", type_attr)
    el.text = text


def encode(
    tag: str,
    value: Any,
    *,
    types: Mapping[str, str | None] | None = None,
    typed: bool = True,
) -> ET.Element:
    """Build the element ``tag`` holding ``value`` (names are dasherized).

    Args:
        tag: the element name.
        value: a dict (record), list (array), scalar or None (nil).
        types: element name -> the ``type`` attribute to write (``None`` or ``""`` for none),
            overriding the one the Python type gives; also applied to nil elements and records.
        typed: write ``type`` attributes for non-string leaves (Spreedly's replies have them;
            the documented request bodies do not, and the server reads both).

    Raises:
        ValueError: for a value XML cannot carry.
    """
    el = ET.Element(dasherize(tag))
    _fill(el, value, types, typed)
    return el


def to_bytes(el: ET.Element, *, declaration: bool = True, indent: bool = False) -> bytes:
    """Serialise ``el`` as UTF-8, with the XML declaration Spreedly writes.

    Empty elements are written ``<x></x>`` as Rails does; a carriage return in text is written
    as ``&#13;`` so that it survives the parser's line-end normalisation.
    """
    if indent:
        ET.indent(el, space="  ")
    body = ET.tostring(el, encoding="unicode", short_empty_elements=False)
    body = body.replace("\r", "&#13;")
    return ((XML_DECLARATION if declaration else "") + body).encode("utf-8")


def document(
    tag: str,
    value: Any,
    *,
    types: Mapping[str, str | None] | None = None,
    indent: bool = False,
) -> bytes:
    """``to_bytes(encode(tag, value, types=types))``."""
    return to_bytes(encode(tag, value, types=types), indent=indent)


def children_text(el: ET.Element, tag: str) -> Iterable[str]:
    """The texts of ``el``'s children named ``tag`` (stripped)."""
    return ((child.text or "").strip() for child in el if child.tag == tag)
