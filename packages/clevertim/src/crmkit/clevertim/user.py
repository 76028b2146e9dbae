"""``clevertimapi.user``: :class:`User` and :class:`Group` (read-only resources).

Both are "load-all" classes: loading any one requests the whole collection once and caches
every element, so resolving many user references costs one request.
"""

from __future__ import annotations

from typing import ClassVar

from .endpoint import Endpoint, RefList, Scalar, StrList
from .session import Session

__all__ = ["Group", "User"]


class User(Endpoint):
    """A user of the Clevertim account."""

    ENDPOINT: ClassVar[str] = "/user"
    LOAD_ALL: ClassVar[bool] = True

    name = Scalar("user", read_only=True)
    email = Scalar("email", read_only=True)
    is_owner = Scalar("is_owner", bool, False, read_only=True)
    is_admin = Scalar("is_admin", bool, False, read_only=True)
    permissions = StrList("permissions", read_only=True)
    registration_pending = Scalar("pending", bool, False, read_only=True)


class Group(Endpoint):
    """A group of users; ``gid`` is its bit in records' ``gid`` masks."""

    ENDPOINT: ClassVar[str] = "/group"
    LOAD_ALL: ClassVar[bool] = True

    name = Scalar("name", read_only=True)
    gid = Scalar("gid", int, 0, read_only=True)
    users = RefList("users", "User", read_only=True)


Session.register_endpoint(User)
Session.register_endpoint(Group)
