"""Typed (pydantic) models of every Clevertim resource, for :class:`crmkit.clevertim.Client`.

Wire keys (``fn``, ``companyId``, ``cf``...) are the aliases; attributes have Pythonic names
(``first_name``, ``company_id``, ``custom_field_values``). Unknown keys are kept and sent back;
read-only keys (server-set timestamps, derived reference lists, ``userId``...) are loaded but never
sent. These are *not* the old library's classes: those (``crmkit.clevertim.Contact``...) keep the
``clevertimapi`` behaviour; these are plain records for the typed client.

Timestamps (``ao``, ``lm``, ``lc``) stay the strings Clevertim sends (``2024-03-02T10:00:00Z``);
``added_at`` / ``modified_at`` parse them into UTC datetimes. ``Opportunity.value`` stays a
string on the wire; ``Opportunity.amount`` reads it as a :class:`~decimal.Decimal`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar

from pydantic import Field, SerializerFunctionWrapHandler, field_validator, model_serializer

from crmkit.core import CrmModel, ReadOnly

__all__ = [
    "Case",
    "ClevertimModel",
    "Comment",
    "Company",
    "Contact",
    "CustomField",
    "File",
    "Folder",
    "Group",
    "LinkedFile",
    "Note",
    "NoteEmail",
    "NoteEmailRecipient",
    "Opportunity",
    "Phone",
    "Recurrence",
    "SocialProfile",
    "Task",
    "TaskDate",
    "User",
    "parse_timestamp",
]

CustomFieldValues = dict[str, str | list[str]]
"""``cf``: custom field id (as a string) to a string, or a list of strings when multi-valued."""


def parse_timestamp(value: str | None) -> dt.datetime | None:
    """Parse a Clevertim timestamp (``2024-03-02T10:00:00Z``) as a UTC datetime.

    A value without an offset is taken as UTC (Clevertim's fixtures all end in ``Z``); an
    unparseable value gives None rather than failing a whole listing.
    """
    if not value:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


class _Compact(CrmModel):
    """A nested wire object whose absent keys stay absent (None values are not sent).

    Unknown keys the server sent are kept as they came, nulls included (APIs grow).
    """

    @model_serializer(mode="wrap")
    def _drop_none(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            extra = self.__pydantic_extra__ or {}
            return {k: v for k, v in data.items() if v is not None or k in extra}
        return data


class ClevertimModel(CrmModel):
    """Base of the resource models: an ``id`` the server assigns (never sent in a body)."""

    resource: ClassVar[str] = ""

    id: Annotated[int | None, ReadOnly] = None


class _Shared(ClevertimModel):
    """Fields common to contacts, companies, cases, opportunities, tasks and notes."""

    is_private: bool = False
    group_mask: int = Field(0, alias="gid", description="bitmask of Group.gid values; 0 = all")
    private_to: int | None = Field(None, alias="puser", description="User id")
    added_on: Annotated[str | None, ReadOnly] = Field(None, alias="ao")
    last_modified: Annotated[str | None, ReadOnly] = Field(None, alias="lm")

    @property
    def added_at(self) -> dt.datetime | None:
        """``added_on`` as a UTC datetime."""
        return parse_timestamp(self.added_on)

    @property
    def modified_at(self) -> dt.datetime | None:
        """``last_modified`` as a UTC datetime."""
        return parse_timestamp(self.last_modified)


class Phone(_Compact):
    """A phone number: ``{"type": "Mobile", "no": "+44 ..."}``.

    ``type`` is one of ``Work``, ``Home``, ``Mobile``, ``Fax``, ``Pager``.
    """

    type: str | None = None
    number: str | None = Field(None, alias="no")


class SocialProfile(_Compact):
    """A social media id: ``{"type": "LinkedIn", "smid": "adaquill"}``."""

    type: str | None = None
    handle: str | None = Field(None, alias="smid")


class _Customer(_Shared):
    """Fields shared by contacts and companies (both are "customers" at Clevertim)."""

    description: str = ""
    address: str = ""
    city: str = ""
    postcode: str = ""
    region: str = ""
    country: str = ""
    emails: list[str] = Field(default_factory=list, alias="email")
    websites: list[str] = Field(default_factory=list, alias="website")
    phones: list[Phone] = Field(default_factory=list)
    social_media_ids: list[SocialProfile] = Field(default_factory=list, alias="smids")
    customer_type: str | None = Field(None, alias="ctype")
    custom_field_values: CustomFieldValues = Field(default_factory=dict, alias="cf")
    tags: list[str] = Field(default_factory=list)
    notes: Annotated[list[int], ReadOnly] = Field(default_factory=list)
    opportunities: Annotated[list[int], ReadOnly] = Field(default_factory=list)
    tasks: Annotated[list[int], ReadOnly] = Field(default_factory=list)
    cases: Annotated[list[int], ReadOnly] = Field(default_factory=list)
    files: list[int] = Field(default_factory=list)
    linked_files: list[int] = Field(default_factory=list, alias="lfiles")
    last_contacted: Annotated[str | None, ReadOnly] = Field(None, alias="lc")
    photo: Annotated[str | None, ReadOnly] = Field(None, alias="cphoto")


class Contact(_Customer):
    """A person (``/contact``). Create needs ``first_name`` or ``last_name``."""

    resource: ClassVar[str] = "contact"

    first_name: str = Field("", alias="fn")
    last_name: str = Field("", alias="ln")
    title: str = ""
    company_id: int | None = Field(None, alias="companyId")
    is_company: bool = False


class Company(_Customer):
    """An organisation (``/company``). Create needs ``name`` (wire ``cn``)."""

    resource: ClassVar[str] = "company"

    name: str = Field("", alias="cn")
    is_company: bool = True


class _Project(_Shared):
    """Fields shared by cases and opportunities."""

    name: str = ""
    description: str = ""
    lead_user: int | None = Field(None, alias="leadUser")
    who: int | None = Field(None, alias="cust", description="Contact or Company id")
    tags: list[str] = Field(default_factory=list)
    tasks: Annotated[list[int], ReadOnly] = Field(default_factory=list)
    notes: Annotated[list[int], ReadOnly] = Field(default_factory=list)
    custom_field_values: CustomFieldValues = Field(default_factory=dict, alias="cf")
    files: list[int] = Field(default_factory=list)
    linked_files: list[int] = Field(default_factory=list, alias="lfiles")


class Case(_Project):
    """A support case (``/case``)."""

    resource: ClassVar[str] = "case"


class Opportunity(_Project):
    """A sales opportunity, a "deal" (``/opportunity``).

    ``value`` is a string on the wire (``"1000.50"``); :attr:`amount` reads it as a Decimal.
    ``status`` is free text (defaults ``Open``, ``Closed``, ``Won``, ``Lost``).
    """

    resource: ClassVar[str] = "opportunity"

    status: str = "Open"
    value: str | None = None
    currency: str | None = None
    created_by: Annotated[int | None, ReadOnly] = Field(None, alias="userId")

    @field_validator("value", mode="before")
    @classmethod
    def _number_as_text(cls, v: Any) -> Any:
        # The wire form is a string; tolerate a JSON number without going through float.
        if isinstance(v, int | Decimal) and not isinstance(v, bool):
            return str(v)
        if isinstance(v, float):
            return repr(v)
        return v

    @property
    def amount(self) -> Decimal | None:
        """``value`` as a Decimal, or None when empty or not a number."""
        if not self.value:
            return None
        try:
            return Decimal(self.value.strip())
        except InvalidOperation:
            return None


class TaskDate(_Compact):
    """A task date ``{"y": 2024, "mo": 3, "d": 4, "h": 9, "mi": 30}`` (month 1-based).

    The time zone is undocumented, so :attr:`date` and :attr:`time` are naive.
    """

    y: int | None = None
    mo: int | None = None
    d: int | None = None
    h: int | None = None
    mi: int | None = None

    @classmethod
    def of(cls, day: dt.date, at: dt.time | None = None) -> TaskDate:
        """Build from a date and an optional time (seconds are dropped)."""
        parts: dict[str, int] = {"y": day.year, "mo": day.month, "d": day.day}
        if at is not None:
            parts.update(h=at.hour, mi=at.minute)
        return cls(**parts)

    @property
    def date(self) -> dt.date | None:
        """The date, or None when a part is missing, 0 or not a real date."""
        if not (self.y and self.mo and self.d):
            return None
        try:
            return dt.date(self.y, self.mo, self.d)
        except ValueError:
            return None

    @property
    def time(self) -> dt.time | None:
        """The time of day, or None unless both ``h`` and ``mi`` are present."""
        if self.h is None or self.mi is None:
            return None
        try:
            return dt.time(self.h, self.mi)
        except ValueError:
            return None


class Recurrence(_Compact):
    """``recopts``: ``{}`` or ``{"type": "weekday"}`` (skip weekends)."""

    type: str | None = None


class Task(_Shared):
    """A task (``/task``); PUT ``is_completed`` / ``is_deleted`` completes / soft-deletes it."""

    resource: ClassVar[str] = "task"

    name: str = ""
    location: str = ""
    task_type: str = Field("Not set", alias="atype")
    start: TaskDate | None = Field(None, alias="startDate")
    end: TaskDate | None = Field(None, alias="endDate")
    who: int | None = Field(None, alias="cust", description="Contact or Company id")
    case: int | None = None
    opportunity: int | None = Field(None, alias="opp")
    assigned_to: int | None = Field(None, alias="aUserId")
    created_by: Annotated[int | None, ReadOnly] = Field(None, alias="userId")
    is_completed: bool = False
    is_deleted: bool = False
    comments: Annotated[list[int], ReadOnly] = Field(default_factory=list)
    recurring_option: str = Field("N", alias="rec")
    recurring_every: int = Field(1, alias="recevery")
    recurring_details: Recurrence = Field(default_factory=Recurrence, alias="recopts")


class NoteEmailRecipient(_Compact):
    """One recipient of a sent-email note: address, ``s`` sent / ``b`` bounced, bounce reason."""

    address: str | None = Field(None, alias="e")
    status: str | None = Field(None, alias="s")
    bounce_reason: str | None = Field(None, alias="t")


class NoteEmail(_Compact):
    """``email`` of a sent-email note: sender, subject, to/cc/bcc recipients."""

    sender: str | None = Field(None, alias="f")
    subject: str | None = Field(None, alias="s")
    to: list[NoteEmailRecipient] | None = Field(None, alias="t")
    cc: list[NoteEmailRecipient] | None = Field(None, alias="c")
    bcc: list[NoteEmailRecipient] | None = Field(None, alias="b")


class Note(_Shared):
    """A note (``/note``): plain (``N``), sent email (``S``), SMS (``M``) or drop-box email (``E``).

    ``who`` is a list of customer ids; Clevertim's REST pages show a single int, which is read
    as a one-element list.
    """

    resource: ClassVar[str] = "note"

    description: str = Field("", alias="desc")
    note_type: str = Field("N", alias="type")
    who: list[int] = Field(default_factory=list, alias="cust")
    case: int | None = None
    opportunity: int | None = None
    comments: Annotated[list[int], ReadOnly] = Field(default_factory=list)
    files: list[int] = Field(default_factory=list)
    linked_files: list[int] = Field(default_factory=list, alias="lfiles")
    created_by: Annotated[int | None, ReadOnly] = Field(None, alias="userId")
    headline: Annotated[str | None, ReadOnly] = Field(None, alias="hl")
    sms_delivery: Annotated[str, ReadOnly] = Field("N", alias="delvry")
    email_info: Annotated[NoteEmail | None, ReadOnly] = Field(None, alias="email")

    @field_validator("who", mode="before")
    @classmethod
    def _one_as_list(cls, v: Any) -> Any:
        if v is None:
            return []
        if isinstance(v, int) and not isinstance(v, bool):
            return [v]
        return v


class Comment(ClevertimModel):
    """A comment on a note (``note``) or a task (``task``): exactly one of them. No update."""

    resource: ClassVar[str] = "comment"

    description: str = Field("", alias="comment")
    note: int | None = Field(None, alias="nid")
    task: int | None = Field(None, alias="tid")
    created_by: Annotated[int | None, ReadOnly] = Field(None, alias="userId")


class CustomField(ClevertimModel):
    """A custom field definition (``/customfield``).

    ``field_type``: ``input``, ``select``, ``date``, ``user``, ``state``, ``country``,
    ``region``, ``currency``, ``contact``, ``company``, ``case``, ``opportunity``.
    ``field_scope``: a non-empty subset of ``customers`` (contacts), ``companies``, ``cases``,
    ``opportunities``.
    """

    resource: ClassVar[str] = "customfield"

    name: str = ""
    full_name: str | None = Field(None, alias="fullname")
    field_type: str = Field("input", alias="elemType")
    field_scope: list[str] = Field(default_factory=list, alias="modelType")
    allowed_values: list[str] = Field(default_factory=list, alias="values")
    is_multi_value: bool = Field(False, alias="multiple")
    app: Any = None


class User(ClevertimModel):
    """A user of the account (``/user``, read-only)."""

    resource: ClassVar[str] = "user"

    name: str = Field("", alias="user")
    email: str = ""
    is_owner: bool = False
    is_admin: bool = False
    permissions: list[str] = Field(default_factory=list)
    registration_pending: bool = Field(False, alias="pending")


class Group(ClevertimModel):
    """A user group (``/group``, read-only); ``gid`` is one bit of a record's ``gid`` mask."""

    resource: ClassVar[str] = "group"

    name: str = ""
    gid: int = 0
    users: list[int] = Field(default_factory=list)


class Folder(CrmModel):
    """A folder (``/folder``); its ids are strings such as ``"f111"``."""

    resource: ClassVar[str] = "folder"

    id: Annotated[str | None, ReadOnly] = None
    name: str = ""
    parent: str | None = Field(None, alias="parentId")
    is_dir: bool = True


class File(ClevertimModel):
    """A file's metadata (``/file``); uploads are not part of the known API."""

    resource: ClassVar[str] = "file"

    name: str = ""
    parent: str | None = Field(None, alias="parentId")


class LinkedFile(ClevertimModel):
    """A file linked from Dropbox (``D``) or Google Drive (``G``); only ``name`` is writable."""

    resource: ClassVar[str] = "linkedfile"

    name: str = ""
    storage_system: Annotated[str | None, ReadOnly] = Field(None, alias="sys")
    size: Annotated[int, ReadOnly] = 0
    file_url: Annotated[str | None, ReadOnly] = Field(None, alias="link")
    icon_url: Annotated[str | None, ReadOnly] = Field(None, alias="icon")
