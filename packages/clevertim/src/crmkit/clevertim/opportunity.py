"""``clevertimapi.opportunity``: :class:`Opportunity`, a sales opportunity (``/opportunity``).

``value`` stays a string, as on the wire (``"1000.50"``); ``status`` is free text (Clevertim's
defaults are Open, Closed, Won and Lost, and accounts can add their own).
"""

from __future__ import annotations

from typing import Any, ClassVar

from .case import ProjectFields
from .customfield import CustomFieldValuesField
from .endpoint import Ref, Scalar
from .session import Session

__all__ = ["Opportunity"]


class Opportunity(ProjectFields):
    """A sales opportunity ("deal")."""

    ENDPOINT: ClassVar[str] = "/opportunity"
    DEFAULTS: ClassVar[dict[str, Any]] = {"cf": {}}

    status = Scalar("status")
    value = Scalar("value")
    currency = Scalar("currency")
    created_by = Ref("userId", "User", read_only=True)
    custom_field_values = CustomFieldValuesField("opportunities")


Session.register_endpoint(Opportunity)
