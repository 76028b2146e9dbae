"""pyspreedly's ``objectify`` module: Spreedly XML to plain Python data.

``objectify_spreedly(xml)`` returns what pyspreedly 2.0.1 returned (see
:func:`crmkit.spreedly._xml.to_compat`), parsed safely, with its crashes on non-ASCII text,
empty numbers and non-numeric customer ids fixed.
"""

from __future__ import annotations

from typing import Any

from . import _xml

__all__ = ["objectify_spreedly"]


def objectify_spreedly(xml: str | bytes | _xml.Element) -> Any:
    """Spreedly XML as pyspreedly's dicts and lists (root tag stripped).

    Example:
        >>> objectify_spreedly('<subscriber><customer-id>7</customer-id>'
        ...                    '<active type="boolean">true</active></subscriber>')
        {'customer_id': 7, 'active': True}

    Raises:
        MalformedXML: for text that is not XML.
        UnsafeXML: for a document with a DTD or entities.
    """
    root = xml if isinstance(xml, _xml.Element) else _xml.parse(xml)
    return _xml.to_compat(root)
