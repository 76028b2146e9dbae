"""``clevertimapi.case``: :class:`Case`, a support case (``/case``)."""

from __future__ import annotations

from typing import Any, ClassVar

from .customfield import CustomFieldValuesField
from .endpoint import Endpoint, Ref, RefList, Scalar, StrList
from .session import Session

__all__ = ["Case", "ProjectFields"]


class ProjectFields(Endpoint):
    """What cases and opportunities share."""

    name = Scalar("name")
    description = Scalar("description")
    lead_user = Ref("leadUser", "User")
    who = Ref("cust", "ContactOrCompany")
    tags = StrList("tags")
    tasks = RefList("tasks", "Task", read_only=True)
    notes = RefList("notes", "Note", read_only=True)
    files = RefList("files", "File")
    linked_files = RefList("lfiles", "LinkedFile")


class Case(ProjectFields):
    """A support case."""

    ENDPOINT: ClassVar[str] = "/case"
    DEFAULTS: ClassVar[dict[str, Any]] = {"cf": {}}

    custom_field_values = CustomFieldValuesField("cases")


Session.register_endpoint(Case)
