"""``clevertimapi.utils``: the helpers the old library kept here.

``list_wrapper`` is the list attribute type (crmkit's
:class:`~crmkit.clevertim.endpoint.ListWrapper`),
``normalize_key`` turns ``"10"`` into ``10``.
"""

from __future__ import annotations

from ._resources import normalize_key
from .endpoint import ListWrapper

__all__ = ["ListWrapper", "list_wrapper", "normalize_key"]

list_wrapper = ListWrapper
"""The old name of :class:`~crmkit.clevertim.endpoint.ListWrapper`."""
