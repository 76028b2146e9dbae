"""``clevertimapi.comment``: :class:`Comment` on a note or a task (exactly one of them).

Comments cannot be updated (Clevertim answers 501: delete and create instead). ``note`` and
``task`` are single references (the old library declared them as lists and failed on every
real value, vendor notes §7.1.6).
"""

from __future__ import annotations

from typing import ClassVar

from .endpoint import Endpoint, Ref, Scalar
from .session import Session

__all__ = ["Comment"]


class Comment(Endpoint):
    """A comment on a note or a task."""

    ENDPOINT: ClassVar[str] = "/comment"

    description = Scalar("comment")
    note = Ref("nid", "Note")
    task = Ref("tid", "Task")
    created_by = Ref("userId", "User", read_only=True)


Session.register_endpoint(Comment)
