"""The table of Clevertim resources: path, model, id kind, operations and cache relations.

One :class:`ResourceInfo` per REST resource drives the endpoint builders, both typed clients,
the old-library session and the cache invalidation, so a fact about a resource lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from crmkit.core import CrmModel

from . import models

__all__ = ["RESOURCES", "ResourceInfo", "normalize_key"]

M = TypeVar("M", bound=CrmModel)

ALL_OPS = frozenset({"list", "get", "create", "update", "delete"})


@dataclass(frozen=True)
class ResourceInfo(Generic[M]):
    """Facts about one resource.

    Attributes:
        name: the path segment (``"contact"``).
        model: the typed model class.
        operations: what the server supports (others answer 501).
        numeric_ids: ids are JSON integers (folders use strings such as ``"f12"``).
        parents: resources whose records list this one's ids in derived lists (§3.7 of the
            vendor notes); a write here makes their cached copies stale.
    """

    name: str
    model: type[M]
    operations: frozenset[str] = ALL_OPS
    numeric_ids: bool = True
    parents: tuple[str, ...] = ()

    @property
    def cache_tags(self) -> tuple[str, ...]:
        """Tags a cached read of this resource is filed under."""
        return (self.name,)

    @property
    def invalidates(self) -> tuple[str, ...]:
        """Tags a successful write of this resource makes stale."""
        return (self.name, *self.parents)


CUSTOMER_PARENTS = ("contact", "company")

CONTACT = ResourceInfo("contact", models.Contact)
COMPANY = ResourceInfo("company", models.Company, parents=("contact",))
CASE = ResourceInfo("case", models.Case, parents=CUSTOMER_PARENTS)
OPPORTUNITY = ResourceInfo("opportunity", models.Opportunity, parents=CUSTOMER_PARENTS)
TASK = ResourceInfo(
    "task", models.Task, parents=(*CUSTOMER_PARENTS, "case", "opportunity", "comment")
)
NOTE = ResourceInfo(
    "note", models.Note, parents=(*CUSTOMER_PARENTS, "case", "opportunity", "comment")
)
COMMENT = ResourceInfo(
    "comment", models.Comment, operations=ALL_OPS - {"update"}, parents=("note", "task")
)
CUSTOM_FIELD = ResourceInfo("customfield", models.CustomField)
USER = ResourceInfo("user", models.User, operations=frozenset({"list", "get"}))
GROUP = ResourceInfo("group", models.Group, operations=frozenset({"list", "get"}))
FOLDER = ResourceInfo("folder", models.Folder, numeric_ids=False, parents=("file",))
FILE = ResourceInfo("file", models.File, parents=(*CUSTOMER_PARENTS, "case", "opportunity", "note"))
LINKED_FILE = ResourceInfo(
    "linkedfile",
    models.LinkedFile,
    operations=ALL_OPS - {"create"},
    parents=(*CUSTOMER_PARENTS, "case", "opportunity", "note"),
)

RESOURCES: dict[str, ResourceInfo[Any]] = {
    r.name: r
    for r in (
        CONTACT,
        COMPANY,
        CASE,
        OPPORTUNITY,
        TASK,
        NOTE,
        COMMENT,
        CUSTOM_FIELD,
        USER,
        GROUP,
        FOLDER,
        FILE,
        LINKED_FILE,
    )
}
"""Resource name to its facts."""


def normalize_key(value: Any) -> Any:
    """An id as Clevertim compares it: ``int`` when it is one (``"10"`` -> ``10``), else as is."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return int(text)
    return value
