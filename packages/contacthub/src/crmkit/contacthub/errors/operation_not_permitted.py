"""``OperationNotPermitted``: the old SDK's error for calls that make no sense in the state
an object is in (the last page's next page, events of an unsaved customer, a filter on a
combined query...). Raised before any request; also a core ``InvalidArgument`` would be wrong
here (it is not about an argument), so it stays a plain ``Exception`` subclass as before, plus
``crmkit.core.CrmError`` so one ``except CrmError`` still catches everything crmkit raises.
"""

from __future__ import annotations

from crmkit import core

__all__ = ["OperationNotPermitted"]


class OperationNotPermitted(core.CrmError):
    """The operation is not allowed in the object's current state (no request was sent)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, vendor="contacthub")
