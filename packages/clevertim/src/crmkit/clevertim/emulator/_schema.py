"""What the emulator knows about each Clevertim resource: keys, defaults, links, permissions.

Built from the vendor notes (§2, §3, §8), independently of the client's models, so a mistake in
one does not hide in the other. Every answer carries every key of :data:`DEFAULTS` (server-set
and derived keys included), in this order, after ``id``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CUSTOMER_RESOURCES",
    "DERIVED",
    "READ_ONLY",
    "REFS",
    "RESOURCES",
    "SCOPES",
    "Ref",
    "ResourceSchema",
    "table_of",
]


@dataclass(frozen=True)
class Ref:
    """A key of a record that points at another record.

    Attributes:
        table: the table pointed at (``customer`` covers contacts and companies).
        many: the key holds a list of ids.
        company_only: the id must be a company (``companyId``).
        cascade: deleting the target deletes this record (comments of notes and tasks).
    """

    table: str
    many: bool = False
    company_only: bool = False
    cascade: bool = False


@dataclass(frozen=True)
class ResourceSchema:
    """One resource.

    Attributes:
        name: path segment.
        table: the storage table (contacts and companies share ``customer``: one id sequence).
        defaults: every key an answer carries, with its default, in answer order.
        unsupported: methods answered 501 (``POST`` create, ``PUT``, ``DELETE``).
        writable: keys a PUT may change (None: every key not read-only).
        string_ids: ids are ``"f<n>"`` strings (folders).
    """

    name: str
    table: str
    defaults: dict[str, Any]
    unsupported: frozenset[str] = frozenset()
    writable: frozenset[str] | None = None
    string_ids: bool = False
    extra_read_only: frozenset[str] = field(default_factory=frozenset)


_SHARED: dict[str, Any] = {"is_private": False, "gid": 0, "puser": None, "ao": None, "lm": None}

_CUSTOMER: dict[str, Any] = {
    "description": "",
    "address": "",
    "city": "",
    "postcode": "",
    "region": "",
    "country": "",
    "email": [],
    "website": [],
    "phones": [],
    "smids": [],
    "ctype": None,
    "cf": {},
    "tags": [],
    "notes": [],
    "opportunities": [],
    "tasks": [],
    "cases": [],
    "files": [],
    "lfiles": [],
    "lc": None,
    "cphoto": None,
}

_PROJECT: dict[str, Any] = {
    "name": "",
    "description": "",
    "leadUser": None,
    "cust": None,
    "tags": [],
    "tasks": [],
    "notes": [],
    "cf": {},
    "files": [],
    "lfiles": [],
}

RESOURCES: dict[str, ResourceSchema] = {
    s.name: s
    for s in (
        ResourceSchema(
            "contact",
            "customer",
            {
                "fn": "",
                "ln": "",
                "title": "",
                "is_company": False,
                "companyId": None,
                **_CUSTOMER,
                **_SHARED,
            },
        ),
        ResourceSchema(
            "company", "customer", {"cn": "", "is_company": True, **_CUSTOMER, **_SHARED}
        ),
        ResourceSchema("case", "case", {**_PROJECT, **_SHARED}),
        ResourceSchema(
            "opportunity",
            "opportunity",
            {**_PROJECT, "status": "Open", "value": "", "currency": "", "userId": None, **_SHARED},
        ),
        ResourceSchema(
            "task",
            "task",
            {
                "name": "",
                "location": "",
                "atype": "Not set",
                "startDate": None,
                "endDate": None,
                "cust": None,
                "case": None,
                "opp": None,
                "aUserId": None,
                "userId": None,
                "is_completed": False,
                "is_deleted": False,
                "comments": [],
                "rec": "N",
                "recevery": 1,
                "recopts": {},
                **_SHARED,
            },
        ),
        ResourceSchema(
            "note",
            "note",
            {
                "desc": "",
                "type": "N",
                "cust": [],
                "case": None,
                "opportunity": None,
                "comments": [],
                "files": [],
                "lfiles": [],
                "userId": None,
                "hl": "",
                "delvry": "N",
                "email": None,
                **_SHARED,
            },
        ),
        ResourceSchema(
            "comment",
            "comment",
            {"comment": "", "nid": None, "tid": None, "userId": None},
            unsupported=frozenset({"PUT"}),
        ),
        ResourceSchema(
            "customfield",
            "customfield",
            {
                "name": "",
                "fullname": "",
                "elemType": "input",
                "modelType": [],
                "values": [],
                "multiple": False,
                "app": None,
            },
        ),
        ResourceSchema(
            "user",
            "user",
            {
                "user": "",
                "email": "",
                "is_owner": False,
                "is_admin": False,
                "permissions": [],
                "pending": False,
            },
            unsupported=frozenset({"POST", "PUT", "DELETE"}),
        ),
        ResourceSchema(
            "group",
            "group",
            {"name": "", "gid": 0, "users": []},
            unsupported=frozenset({"POST", "PUT", "DELETE"}),
        ),
        ResourceSchema(
            "folder", "folder", {"name": "", "parentId": None, "is_dir": True}, string_ids=True
        ),
        ResourceSchema("file", "file", {"name": "", "parentId": None}),
        ResourceSchema(
            "linkedfile",
            "linkedfile",
            {"name": "", "sys": None, "size": 0, "link": None, "icon": None},
            unsupported=frozenset({"POST"}),
            writable=frozenset({"name"}),
        ),
    )
}
"""Resource name to schema."""

CUSTOMER_RESOURCES = ("contact", "company")

# Server-set keys, ignored in request bodies (vendor notes §8.6).
READ_ONLY = frozenset(
    {
        "id",
        "notes",
        "opportunities",
        "tasks",
        "cases",
        "comments",
        "lc",
        "cphoto",
        "ao",
        "lm",
        "userId",
        "hl",
        "delvry",
        "is_company",
    }
)
# Keys read-only only on some resources: a note's "email" (an email list elsewhere).
READ_ONLY_BY_RESOURCE: dict[str, frozenset[str]] = {"note": frozenset({"email"})}

# Derived (read-only) lists: (resource, key) -> (child table, child key) (vendor notes §3.7).
DERIVED: dict[tuple[str, str], tuple[str, str]] = {
    **{
        (r, key): child
        for r in CUSTOMER_RESOURCES
        for key, child in (
            ("notes", ("note", "cust")),
            ("opportunities", ("opportunity", "cust")),
            ("tasks", ("task", "cust")),
            ("cases", ("case", "cust")),
        )
    },
    ("case", "tasks"): ("task", "case"),
    ("case", "notes"): ("note", "case"),
    ("opportunity", "tasks"): ("task", "opp"),
    ("opportunity", "notes"): ("note", "opportunity"),
    ("note", "comments"): ("comment", "nid"),
    ("task", "comments"): ("comment", "tid"),
}

_FILES = {"files": Ref("file", many=True), "lfiles": Ref("linkedfile", many=True)}
_PUSER = {"puser": Ref("user")}

# Link keys per resource, checked on write and repaired when the target is deleted.
REFS: dict[str, dict[str, Ref]] = {
    "contact": {"companyId": Ref("customer", company_only=True), **_FILES, **_PUSER},
    "company": {**_FILES, **_PUSER},
    "case": {"leadUser": Ref("user"), "cust": Ref("customer"), **_FILES, **_PUSER},
    "opportunity": {"leadUser": Ref("user"), "cust": Ref("customer"), **_FILES, **_PUSER},
    "task": {
        "cust": Ref("customer"),
        "case": Ref("case"),
        "opp": Ref("opportunity"),
        "aUserId": Ref("user"),
        **_PUSER,
    },
    "note": {
        "cust": Ref("customer", many=True),
        "case": Ref("case"),
        "opportunity": Ref("opportunity"),
        **_FILES,
        **_PUSER,
    },
    "comment": {"nid": Ref("note", cascade=True), "tid": Ref("task", cascade=True)},
    "folder": {"parentId": Ref("folder")},
    "file": {"parentId": Ref("folder")},
}

# Custom-field scope of each resource (``modelType`` values).
SCOPES = {
    "contact": "customers",
    "company": "companies",
    "case": "cases",
    "opportunity": "opportunities",
}


def table_of(resource: str) -> str:
    """The storage table of ``resource``."""
    return RESOURCES[resource].table


def read_only_keys(resource: str) -> frozenset[str]:
    """Keys a request body may carry but that are ignored."""
    return READ_ONLY | READ_ONLY_BY_RESOURCE.get(resource, frozenset())
