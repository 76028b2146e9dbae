"""``clevertimapi.note``: :class:`Note`, and the email details of sent-email notes.

``Note.who`` is a list of contacts and companies (the REST pages show one id; a single id is
read as a one-element list). ``headline``, ``sms_delivery_info`` and ``email_info`` are set by
Clevertim and, as in the old library, reading them never loads the note.
"""

from __future__ import annotations

from typing import Any, ClassVar

from .endpoint import (
    Choices,
    Endpoint,
    Field,
    Ref,
    RefList,
    Scalar,
    ValueSerializer,
    choice_of,
)
from .session import Session

__all__ = ["EmailInfo", "EmailRecipient", "Note"]


class EmailRecipient(ValueSerializer):
    """One recipient of a sent email: ``email_address``, ``status`` and ``bounce_reason``."""

    STATUS = Choices(SENT="s", BOUNCED="b")

    @property
    def email_address(self) -> str | None:
        """The address."""
        return self._content.get("e")

    @property
    def status(self) -> str | None:
        """``STATUS.SENT`` or ``STATUS.BOUNCED``."""
        return self._content.get("s")

    @property
    def bounce_reason(self) -> str | None:
        """Why it bounced, when it did."""
        return self._content.get("t")


class EmailInfo(ValueSerializer):
    """The email of a sent-email note (read-only): sender, subject, to / cc / bcc."""

    @property
    def sender(self) -> str | None:
        """The sender's address."""
        return self._content.get("f")

    @property
    def subject(self) -> str | None:
        """The subject line."""
        return self._content.get("s")

    def _recipients(self, key: str) -> tuple[EmailRecipient, ...]:
        return tuple(
            EmailRecipient(content=r, session=self.session)
            for r in self._content.get(key) or []
            if isinstance(r, dict)
        )

    @property
    def to(self) -> tuple[EmailRecipient, ...]:
        """The To recipients."""
        return self._recipients("t")

    @property
    def cc(self) -> tuple[EmailRecipient, ...]:
        """The Cc recipients."""
        return self._recipients("c")

    @property
    def bcc(self) -> tuple[EmailRecipient, ...]:
        """The Bcc recipients."""
        return self._recipients("b")


class _EmailInfoField(Field):
    def __init__(self) -> None:
        super().__init__("email", read_only=True, loads=False)

    def read(self, obj: Endpoint) -> Any:
        raw = obj._content.get(self.wire)
        return EmailInfo(content=raw, session=obj.session) if isinstance(raw, dict) else None


class Note(Endpoint):
    """A note (``/note``): plain, sent email, SMS or drop-box email."""

    ENDPOINT: ClassVar[str] = "/note"

    NOTE_TYPES = Choices(PLAIN_NOTE="N", DROPBOX_EMAIL="E", EMAIL_NOTE="S", SMS_NOTE="M")
    NOTE_DELIVERY_TYPES = Choices(
        NO_EXTERNAL_DELIVERY="N", SMS_DELIVERY_FAILED="F", SMS_DELIVERY_SUCCEEDED="S"
    )

    description = Scalar("desc")
    note_type = Scalar("type", str, "N", validator=choice_of(NOTE_TYPES, "note type"))
    who = RefList("cust", "ContactOrCompany")
    case = Ref("case", "Case")
    opportunity = Ref("opportunity", "Opportunity")
    comments = RefList("comments", "Comment", read_only=True)
    files = RefList("files", "File")
    linked_files = RefList("lfiles", "LinkedFile")
    created_by = Ref("userId", "User", read_only=True)
    headline = Scalar("hl", str, None, read_only=True, loads=False)
    sms_delivery_info = Scalar(
        "delvry",
        str,
        "N",
        validator=choice_of(NOTE_DELIVERY_TYPES, "delivery type"),
        read_only=True,
        loads=False,
    )
    email_info = _EmailInfoField()


Session.register_endpoint(Note)
