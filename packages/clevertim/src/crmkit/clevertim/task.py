"""``clevertimapi.task``: :class:`Task` and :class:`RecurringDetails`.

Task dates are objects ``{"y", "mo", "d", "h", "mi"}`` (month 1-based, time zone undocumented):
``start_date`` / ``end_date`` read and write the date part as a ``datetime.date``, ``start_time``
/ ``end_time`` the time part as a ``datetime.time``. Values are computed on every read, so they
are never stale after a set, reload or save (vendor notes §7.1.5).
"""

from __future__ import annotations

from typing import Any, ClassVar

from .endpoint import (
    Choices,
    DatePart,
    Endpoint,
    Ref,
    RefList,
    Scalar,
    ValueField,
    ValueObject,
    ValueSerializer,
    choice_of,
)
from .session import Session

__all__ = ["RecurringDetails", "Task"]


class RecurringDetails(ValueSerializer):
    """``recopts``: ``recurring_type`` is ``"weekday"`` (skip weekends) or None."""

    RECURRING_TYPES = Choices(WEEKDAY="weekday")

    recurring_type = ValueField("type", validator=choice_of(RECURRING_TYPES, "recurring type"))

    def __init__(
        self,
        content: dict[str, Any] | None = None,
        recurring_type: str | None = None,
        session: Session | None = None,
    ) -> None:
        super().__init__(content, session)
        if recurring_type is not None:
            self.recurring_type = recurring_type


class Task(Endpoint):
    """A task (``/task``). Setting ``is_completed`` / ``is_deleted`` and saving completes /
    soft-deletes it."""

    ENDPOINT: ClassVar[str] = "/task"

    TASK_TYPES = Choices(
        APPOINTMENT="Appointment",
        EMAIL="Email",
        MEETING="Meeting",
        CALL="Call",
        FOLLOWUP="Follow up",
        TODO="TO DO",
        NOTSET="Not set",
    )
    TASK_RECURRING_OPTIONS = Choices(
        NOT_RECURRING="N", DAILY="D", WEEKLY="W", MONTHLY="M", YEARLY="Y"
    )

    name = Scalar("name")
    location = Scalar("location")
    task_type = Scalar("atype", str, "Not set", validator=choice_of(TASK_TYPES, "task type"))
    start_date = DatePart("startDate", "date")
    start_time = DatePart("startDate", "time")
    end_date = DatePart("endDate", "date")
    end_time = DatePart("endDate", "time")
    who = Ref("cust", "ContactOrCompany")
    case = Ref("case", "Case")
    opportunity = Ref("opp", "Opportunity")
    assigned_to = Ref("aUserId", "User")
    created_by = Ref("userId", "User", read_only=True)
    is_completed = Scalar("is_completed", bool, False)
    is_deleted = Scalar("is_deleted", bool, False)
    comments = RefList("comments", "Comment", read_only=True)
    recurring_option = Scalar(
        "rec", str, "N", validator=choice_of(TASK_RECURRING_OPTIONS, "recurring option")
    )
    recurring_every = Scalar("recevery", int, 1)
    recurring_details = ValueObject("recopts", RecurringDetails)


Session.register_endpoint(Task)
