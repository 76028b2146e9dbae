"""Every ProsperWorks resource as a typed model with prospyr's behaviour.

Main entities (CRUD + search): :class:`Person`, :class:`Company`, :class:`Lead`,
:class:`Opportunity`, :class:`Task`, :class:`Activity`, :class:`Project`.
Singleton: :class:`Account`. Listed, readable: :class:`User`, :class:`Webhook` (also create and
delete). Secondary lists: :class:`LossReason`, :class:`CustomerSource`, :class:`ContactType`,
:class:`Pipeline`, :class:`PipelineStage`, :class:`ActivityType`, :class:`LeadStatus`,
:class:`CustomFieldDefinition`. Value objects: :class:`Identifier`, :class:`CustomField`, the
contact namedtuples (:class:`Email`...) and :class:`Placeholder`.

Field names are the wire names (ProsperWorks already uses snake_case); the exceptions are the
identifier and activity-type fields, whose wire names (``related_resource``, ``parent``,
``type``) are attributes that resolve the record they point at (the raw value is in
``related_resource_ref``, ``parent_ref``, ``type_ref``). Read-only fields (``id``,
``date_created``, name parts, ``company_name``...) are loaded but never sent.
"""

from __future__ import annotations

import builtins
import re
from datetime import datetime
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, Field, field_serializer

from crmkit.core import CrmModel, ReadOnly

from ._fields import CloseDate, Email, Money, PhoneNumber, Social, UnixTime, Website
from ._resource import ManagerDescriptor, Placeholder, Resource

__all__ = [
    "Account",
    "Activity",
    "ActivityType",
    "ActivityTypeRef",
    "Company",
    "ContactType",
    "CustomField",
    "CustomFieldDefinition",
    "CustomerSource",
    "DeleteResult",
    "Email",
    "Identifier",
    "Lead",
    "LeadStatus",
    "LossReason",
    "Opportunity",
    "Person",
    "PhoneNumber",
    "Pipeline",
    "PipelineStage",
    "Placeholder",
    "Project",
    "Resource",
    "Social",
    "Task",
    "User",
    "Webhook",
    "Website",
]

RO = ReadOnly
"""Short alias used below: ``Annotated[..., RO]`` fields are read-only."""

_MAIN = frozenset({"create", "read", "update", "delete", "search"})
_LISTED = frozenset({"list", "read"})


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class CustomField(CrmModel):
    """One custom field value: ``{"custom_field_definition_id": int, "value": any}``."""

    custom_field_definition_id: int
    value: Any = None


# -- identifiers --------------------------------------------------------------------------------


class Identifier(CrmModel):
    """A pointer to a record: ``{"id": int, "type": "person"}`` (prospyr's Identifier).

    ``type`` is the wire type (lead, person, company, opportunity, project, task...). The
    constructors accept only lead, person, opportunity and company, as prospyr did.
    """

    objects: ClassVar[Any] = ManagerDescriptor("NoCollectionManager")
    valid_types: ClassVar[frozenset[str]] = frozenset({"lead", "person", "opportunity", "company"})

    id: int | None = None
    type: str | None = None

    @classmethod
    def from_instance(cls, resource: Any) -> Identifier:
        """The identifier of a saved resource instance.

        Raises:
            ValueError: not a resource, or of a type identifiers cannot point at.
        """
        if not isinstance(resource, Resource):
            raise ValueError(f"{resource!r} must be an instance of Resource")
        return cls.from_resource_and_id(type(resource), resource.id)

    @classmethod
    def from_resource_and_id(cls, resource: builtins.type[Any], id: Any) -> Identifier:
        """The identifier of record ``id`` of resource class ``resource``.

        Raises:
            ValueError: the class is not a lead, person, opportunity or company.
        """
        type_ = _snake(resource.__name__)
        if type_ not in cls.valid_types:
            raise ValueError(f"{type_} must be one of {sorted(cls.valid_types)}")
        return cls(type=type_, id=id)

    def __str__(self) -> str:
        return f"{(self.type or '').title()} {self.id}"

    def __repr__(self) -> str:
        return f"<Identifier: {self}>"


def _to_identifier(value: Any) -> Any:
    """Accept an Identifier, a dict, a saved resource, a Placeholder, or None."""
    if value is None or isinstance(value, Identifier | dict):
        return value
    if isinstance(value, Placeholder):
        return Identifier(type=value.resource_type, id=value.id)
    if isinstance(value, Resource):
        if not value.id:
            raise ValueError(f"{value!r} must be saved (have an id) to be pointed at")
        return Identifier(type=_snake(type(value).__name__), id=value.id)
    raise ValueError(f"{value!r} cannot point at a record")


IdentifierRef = Annotated[Identifier | None, BeforeValidator(_to_identifier)]


def _dump_identifier(value: Identifier | None) -> dict[str, Any]:
    if value is None:
        return {"id": None, "type": None}
    return {"id": value.id, "type": value.type}


# -- secondary resources --------------------------------------------------------------------------


class User(Resource):
    """A user of the account. ``str`` is ``"<name> (<email>)"``."""

    _path: ClassVar[str] = "users"
    _ops: ClassVar[frozenset[str]] = _LISTED
    _required: ClassVar[tuple[str, ...]] = ("name", "email")
    objects: ClassVar[Any] = ManagerDescriptor("ListOnlyManager")

    name: str | None = None
    email: str | None = None
    groups: list[Any] | None = None

    def __str__(self) -> str:
        return f"{self.name} ({self.email})"


class _Secondary(Resource):
    """A secondary list (GET only, unpaged): ``objects.all()`` is a ListSet."""

    _ops: ClassVar[frozenset[str]] = _LISTED
    _required: ClassVar[tuple[str, ...]] = ("name",)
    objects: ClassVar[Any] = ManagerDescriptor("ListOnlyManager")

    @classmethod
    def _get_via(cls, client: Any, id: Any) -> Any:
        from . import _endpoints as ep

        return client.send(ep.find_in_list(cls, id))


class LossReason(_Secondary):
    """Why an opportunity was lost."""

    _path: ClassVar[str] = "loss_reasons"
    name: str | None = None


class CustomerSource(_Secondary):
    """Where a lead or opportunity came from."""

    _path: ClassVar[str] = "customer_sources"
    name: str | None = None


class ContactType(_Secondary):
    """A contact type (Potential Customer, Current Customer...)."""

    _path: ClassVar[str] = "contact_types"
    name: str | None = None


class LeadStatus(_Secondary):
    """A lead status configured in the account; ``is_default`` marks the one new leads get."""

    _path: ClassVar[str] = "lead_statuses"
    name: str | None = None
    order: int | None = None
    is_default: bool | None = None


class PipelineStage(_Secondary):
    """A stage of a pipeline; ``.pipeline`` is its :class:`Pipeline`."""

    _path: ClassVar[str] = "pipeline_stages"
    name: str | None = None
    pipeline_id: int | None = None
    win_probability: int | None = None

    @property
    def pipeline(self) -> Pipeline | None:
        """The :class:`Pipeline` ``pipeline_id`` points at (assign one, or None)."""
        return self._related(Pipeline, "pipeline_id")

    @pipeline.setter
    def pipeline(self, value: Pipeline | None) -> None:
        self._set_related(Pipeline, "pipeline_id", value)


class Pipeline(_Secondary):
    """A sales pipeline; ``stages`` are :class:`PipelineStage` instances."""

    _path: ClassVar[str] = "pipelines"
    name: str | None = None
    stages: list[PipelineStage] | None = None


class ActivityType(_Secondary):
    """An activity type; user and system ids are independent, so the key is (category, id)."""

    _path: ClassVar[str] = "activity_types"
    _required: ClassVar[tuple[str, ...]] = ("id",)
    objects: ClassVar[Any] = ManagerDescriptor("ActivityTypeManager")

    category: str | None = None
    name: str | None = None
    is_disabled: bool | None = None
    count_as_interaction: bool | None = None

    @classmethod
    def _get_via(cls, client: Any, id: Any) -> Any:
        from . import _endpoints as ep

        return client.send(ep.find_activity_type(id))


class CustomFieldDefinition(_Secondary):
    """A custom field definition (``data_type``, ``available_on``, dropdown ``options``)."""

    _path: ClassVar[str] = "custom_field_definitions"
    name: str | None = None
    data_type: str | None = None
    available_on: list[str] | None = None
    options: list[Any] | None = None


class Account(Resource):
    """The account the credentials belong to (a singleton: ``Account.objects.get()``)."""

    _path: ClassVar[str] = "account"
    _ops: ClassVar[frozenset[str]] = frozenset({"read"})
    objects: ClassVar[Any] = ManagerDescriptor("SingletonManager")

    name: str | None = None
    primary_timezone: str | None = None
    settings: dict[str, Any] | None = None

    @classmethod
    def _get_via(cls, client: Any, id: Any) -> Any:
        from . import _endpoints as ep

        return client.send(ep.get_account())


class Webhook(Resource):
    """A webhook subscription. ``str`` is ``"<type>.<event> -> <target>"``.

    The wire calls the creation time ``created_at`` (prospyr read ``date_created`` and never
    found it); ``date_created`` remains as an alias.
    """

    _path: ClassVar[str] = "webhooks"
    _ops: ClassVar[frozenset[str]] = frozenset({"list", "read", "create", "delete"})
    _required: ClassVar[tuple[str, ...]] = ("target",)
    objects: ClassVar[Any] = ManagerDescriptor("ListOnlyManager")

    target: str | None = None
    type: str | None = None
    event: str | None = None
    secret: dict[str, Any] | None = None
    created_at: Annotated[UnixTime | None, RO] = None

    @property
    def date_created(self) -> datetime | None:
        """Alias of ``created_at`` (prospyr's name)."""
        return self.created_at

    def __str__(self) -> str:
        return f"{self.type}.{self.event} -> {self.target}"


# -- main entities ------------------------------------------------------------------------------

_PERSON_ORDER = frozenset(
    {
        "name",
        "first_name",
        "last_name",
        "title",
        "email",
        "phone",
        "city",
        "state",
        "country",
        "zip",
        "assignee",
        "inactive_days",
        "last_interaction",
        "interaction_count",
        "date_created",
        "date_modified",
    }
)


class _Main(Resource):
    """A main entity: CRUD and search, with custom fields and created/modified times."""

    _ops: ClassVar[frozenset[str]] = _MAIN

    custom_fields: list[CustomField] | None = None
    date_created: Annotated[UnixTime | None, RO] = None
    date_modified: Annotated[UnixTime | None, RO] = None

    @property
    def assignee(self) -> User | None:
        """The :class:`User` ``assignee_id`` points at (assign one, or None)."""
        return self._related(User, "assignee_id")

    @assignee.setter
    def assignee(self, value: User | None) -> None:
        self._set_related(User, "assignee_id", value)


class _Attached(_Main):
    """A main entity attached to another record through an Identifier (tasks, projects);
    subclasses declare ``related_resource_ref`` (and every main entity ``assignee_id``)."""

    @property
    def related_resource(self) -> Any:
        """The record ``related_resource_ref`` points at, resolved on first access (see
        :meth:`Resource._identified`); assign a saved record, a Placeholder, an Identifier,
        a dict or None."""
        return self._identified("related_resource_ref")

    @related_resource.setter
    def related_resource(self, value: Any) -> None:
        self.related_resource_ref = value

    @field_serializer("related_resource_ref", check_fields=False)
    def _dump_related(self, value: Identifier | None) -> dict[str, Any]:
        return _dump_identifier(value)


class Company(_Main):
    """A company. ``email_domain`` is unique in the account."""

    _path: ClassVar[str] = "companies"
    _required: ClassVar[tuple[str, ...]] = ("name",)
    _order_fields: ClassVar[frozenset[str]] = _PERSON_ORDER | {
        "phone",
        "contact",
        "contact_first_name",
        "contact_last_name",
        "email_domain",
        "contact_group",
        "primary_website",
    }

    name: str | None = None
    address: dict[str, Any] | None = None
    assignee_id: int | None = None
    contact_type_id: int | None = None
    details: str | None = None
    email_domain: str | None = None
    phone_numbers: list[PhoneNumber] | None = None
    socials: list[Social] | None = None
    websites: list[Website] | None = None
    tags: list[str] | None = None
    interaction_count: Annotated[int | None, RO] = None
    date_last_contacted: Annotated[UnixTime | None, RO] = None

    @property
    def contact_type(self) -> ContactType | None:
        """The :class:`ContactType` ``contact_type_id`` points at (assign one, or None)."""
        return self._related(ContactType, "contact_type_id")

    @contact_type.setter
    def contact_type(self, value: ContactType | None) -> None:
        self._set_related(ContactType, "contact_type_id", value)


class Person(_Main):
    """A person (contact). Email addresses are unique in the account.

    Example:
        >>> steve = Person(name="Steve Cognito", emails=[{"email": "s@example.org",
        ...                                                "category": "work"}])
        >>> steve.emails[0].email
        's@example.org'
    """

    _path: ClassVar[str] = "people"
    _required: ClassVar[tuple[str, ...]] = ("name", "emails")
    _order_fields: ClassVar[frozenset[str]] = _PERSON_ORDER
    objects: ClassVar[Any] = ManagerDescriptor("PersonManager")

    name: str | None = None
    prefix: Annotated[str | None, RO] = None
    first_name: Annotated[str | None, RO] = None
    middle_name: Annotated[str | None, RO] = None
    last_name: Annotated[str | None, RO] = None
    suffix: Annotated[str | None, RO] = None
    address: dict[str, Any] | None = None
    assignee_id: int | None = None
    company_id: int | None = None
    company_name: Annotated[str | None, RO] = None
    contact_type_id: int | None = None
    details: str | None = None
    emails: list[Email] | None = None
    phone_numbers: list[PhoneNumber] | None = None
    socials: list[Social] | None = None
    websites: list[Website] | None = None
    tags: list[str] | None = None
    title: str | None = None
    interaction_count: Annotated[int | None, RO] = None
    date_last_contacted: Annotated[UnixTime | None, RO] = None
    leads_converted_from: Annotated[list[Any] | None, RO] = None
    date_lead_created: Annotated[UnixTime | None, RO] = None

    @property
    def company(self) -> Company | None:
        """The :class:`Company` ``company_id`` points at (assign one, or None)."""
        return self._related(Company, "company_id")

    @company.setter
    def company(self, value: Company | None) -> None:
        self._set_related(Company, "company_id", value)

    @property
    def contact_type(self) -> ContactType | None:
        """The :class:`ContactType` ``contact_type_id`` points at (assign one, or None)."""
        return self._related(ContactType, "contact_type_id")

    @contact_type.setter
    def contact_type(self, value: ContactType | None) -> None:
        self._set_related(ContactType, "contact_type_id", value)


class Lead(_Main):
    """A lead (needs leads enabled in the account; else 403 ``Feature not enabled``).

    Unlike a person, a lead has one ``email`` (or None), not a list.
    """

    _path: ClassVar[str] = "leads"
    _order_fields: ClassVar[frozenset[str]] = _PERSON_ORDER | {
        "company_name",
        "customer_source",
        "monetary_value",
        "value",
        "status",
    }

    name: str | None = None
    prefix: Annotated[str | None, RO] = None
    first_name: Annotated[str | None, RO] = None
    middle_name: Annotated[str | None, RO] = None
    last_name: Annotated[str | None, RO] = None
    suffix: Annotated[str | None, RO] = None
    address: dict[str, Any] | None = None
    assignee_id: int | None = None
    company_name: str | None = None
    customer_source_id: int | None = None
    details: str | None = None
    email: Email | None = None
    monetary_value: Money | None = None
    monetary_unit: str | None = None
    phone_numbers: list[PhoneNumber] | None = None
    socials: list[Social] | None = None
    websites: list[Website] | None = None
    tags: list[str] | None = None
    title: str | None = None
    status: str | None = None
    status_id: Annotated[int | None, RO] = None
    interaction_count: Annotated[int | None, RO] = None
    date_last_contacted: Annotated[UnixTime | None, RO] = None

    @property
    def customer_source(self) -> CustomerSource | None:
        """The :class:`CustomerSource` ``customer_source_id`` points at (assign one, or None)."""
        return self._related(CustomerSource, "customer_source_id")

    @customer_source.setter
    def customer_source(self, value: CustomerSource | None) -> None:
        self._set_related(CustomerSource, "customer_source_id", value)


class Opportunity(_Main):
    """An opportunity (deal).

    ``status`` is Open, Won, Lost or Abandoned; ``stage`` is a Python-only alias of it
    (prospyr's field, which it never loaded and sent under the wrong name). ``close_date``
    is a ``datetime.date`` (``M/D/YYYY`` on the wire) and ``monetary_value`` a ``Decimal``.
    """

    _path: ClassVar[str] = "opportunities"
    _required: ClassVar[tuple[str, ...]] = ("name",)
    _order_fields: ClassVar[frozenset[str]] = frozenset(
        {
            "name",
            "account",
            "assignee",
            "company_name",
            "customer_source_id",
            "source",
            "monetary_value",
            "value",
            "primary_contact",
            "contact",
            "priority",
            "status",
            "stage",
            "close_date",
            "win_probability",
            "deal_last_stage",
            "inactive_days",
            "last_interaction",
            "interaction_count",
            "date_created",
            "date_modified",
        }
    )

    name: str | None = None
    assignee_id: int | None = None
    close_date: CloseDate | None = None
    company_id: int | None = None
    company_name: Annotated[str | None, RO] = None
    customer_source_id: int | None = None
    details: str | None = None
    loss_reason_id: int | None = None
    monetary_value: Money | None = None
    monetary_unit: str | None = None
    pipeline_id: int | None = None
    pipeline_stage_id: int | None = None
    primary_contact_id: int | None = None
    priority: str | None = None
    status: str | None = None
    tags: list[str] | None = None
    win_probability: int | None = None
    interaction_count: Annotated[int | None, RO] = None
    converted_unit: Annotated[str | None, RO] = None
    converted_value: Annotated[Any, RO] = None
    date_stage_changed: Annotated[UnixTime | None, RO] = None
    date_last_contacted: Annotated[UnixTime | None, RO] = None
    date_lead_created: Annotated[UnixTime | None, RO] = None
    leads_converted_from: Annotated[list[Any] | None, RO] = None

    @property
    def company(self) -> Company | None:
        """The :class:`Company` ``company_id`` points at (assign one, or None)."""
        return self._related(Company, "company_id")

    @company.setter
    def company(self, value: Company | None) -> None:
        self._set_related(Company, "company_id", value)

    @property
    def customer_source(self) -> CustomerSource | None:
        """The :class:`CustomerSource` ``customer_source_id`` points at (assign one, or None)."""
        return self._related(CustomerSource, "customer_source_id")

    @customer_source.setter
    def customer_source(self, value: CustomerSource | None) -> None:
        self._set_related(CustomerSource, "customer_source_id", value)

    @property
    def loss_reason(self) -> LossReason | None:
        """The :class:`LossReason` ``loss_reason_id`` points at (assign one, or None)."""
        return self._related(LossReason, "loss_reason_id")

    @loss_reason.setter
    def loss_reason(self, value: LossReason | None) -> None:
        self._set_related(LossReason, "loss_reason_id", value)

    @property
    def pipeline(self) -> Pipeline | None:
        """The :class:`Pipeline` ``pipeline_id`` points at (assign one, or None)."""
        return self._related(Pipeline, "pipeline_id")

    @pipeline.setter
    def pipeline(self, value: Pipeline | None) -> None:
        self._set_related(Pipeline, "pipeline_id", value)

    @property
    def pipeline_stage(self) -> PipelineStage | None:
        """The :class:`PipelineStage` ``pipeline_stage_id`` points at (assign one, or None)."""
        return self._related(PipelineStage, "pipeline_stage_id")

    @pipeline_stage.setter
    def pipeline_stage(self, value: PipelineStage | None) -> None:
        self._set_related(PipelineStage, "pipeline_stage_id", value)

    @property
    def primary_contact(self) -> Person | None:
        """The :class:`Person` ``primary_contact_id`` points at (assign one, or None)."""
        return self._related(Person, "primary_contact_id")

    @primary_contact.setter
    def primary_contact(self, value: Person | None) -> None:
        self._set_related(Person, "primary_contact_id", value)

    @property
    def stage(self) -> str | None:
        """Alias of ``status`` (prospyr's name for it)."""
        return self.status

    @stage.setter
    def stage(self, value: str | None) -> None:
        self.status = value


class Task(_Attached):
    """A task. ``related_resource`` resolves the record it is attached to (lazily)."""

    _path: ClassVar[str] = "tasks"
    _order_fields: ClassVar[frozenset[str]] = frozenset(
        {
            "name",
            "assigned_to",
            "related_to",
            "status",
            "priority",
            "due_date",
            "reminder_date",
            "completed_date",
            "date_created",
            "date_modified",
        }
    )

    name: str | None = None
    related_resource_ref: IdentifierRef = Field(default=None, alias="related_resource")
    assignee_id: int | None = None
    due_date: UnixTime | None = None
    reminder_date: UnixTime | None = None
    completed_date: Annotated[UnixTime | None, RO] = None
    priority: str | None = None
    status: str | None = None
    details: str | None = None
    tags: list[str] | None = None
    custom_activity_type_id: int | None = None


class Project(_Attached):
    """A project (prospyr only knew it as a placeholder; crmkit models it fully)."""

    _path: ClassVar[str] = "projects"
    _order_fields: ClassVar[frozenset[str]] = frozenset(
        {"name", "assigned_to", "related_to", "status", "date_modified", "date_created"}
    )

    name: str | None = None
    related_resource_ref: IdentifierRef = Field(default=None, alias="related_resource")
    assignee_id: int | None = None
    status: str | None = None
    details: str | None = None
    tags: list[str] | None = None


class ActivityTypeRef(CrmModel):
    """An activity's type as sent on the wire: ``{"id": int, "category": "user"}``."""

    id: int | None = None
    category: str | None = None


def _to_type_ref(value: Any) -> Any:
    if isinstance(value, ActivityType):
        return ActivityTypeRef(id=value.id, category=value.category)
    return value


class Activity(Resource):
    """An activity (note, call, meeting, or a system event) on a lead, person, company...

    ``type`` gives the :class:`ActivityType` (matched by category *and* id; an unknown pair
    gives a stub with ``name=None``), ``parent`` the record it belongs to. A deleted activity
    stays readable as a stub whose ``str`` is ``"Deleted activity"``.
    """

    _path: ClassVar[str] = "activities"
    _ops: ClassVar[frozenset[str]] = _MAIN

    type_ref: Annotated[ActivityTypeRef | None, BeforeValidator(_to_type_ref)] = Field(
        default=None, alias="type"
    )
    parent_ref: IdentifierRef = Field(default=None, alias="parent")
    details: str | None = None
    user_id: int | None = None
    activity_date: UnixTime | None = None
    old_value: Any = None
    new_value: Any = None
    date_created: Annotated[UnixTime | None, RO] = None
    date_modified: Annotated[UnixTime | None, RO] = None

    @property
    def user(self) -> User | None:
        """The :class:`User` ``user_id`` points at (assign one, or None)."""
        return self._related(User, "user_id")

    @user.setter
    def user(self, value: User | None) -> None:
        self._set_related(User, "user_id", value)

    @property
    def parent(self) -> Any:
        """The record ``parent_ref`` points at, resolved on first access (see
        :meth:`Resource._identified`); assign a saved record, a Placeholder, an Identifier,
        a dict or None."""
        return self._identified("parent_ref")

    @parent.setter
    def parent(self, value: Any) -> None:
        self.parent_ref = value

    @field_serializer("parent_ref")
    def _dump_parent(self, value: Identifier | None) -> dict[str, Any]:
        return _dump_identifier(value)

    @property
    def type(self) -> ActivityType | None:
        """The :class:`ActivityType` (from the cached list), a stub if unknown, or None."""
        ref = self.type_ref
        if ref is None or ref.id is None:
            return None
        from . import _endpoints as ep

        return ep.resolve_activity_type(self._client_for(None), ref.category, ref.id)

    @type.setter
    def type(self, value: Any) -> None:
        self.type_ref = value

    @property
    def is_deleted(self) -> bool:
        """Whether this is the stub ProsperWorks keeps for a deleted activity."""
        return bool((self.__pydantic_extra__ or {}).get("is_deleted"))

    def __str__(self) -> str:
        if self.is_deleted:
            return "Deleted activity"
        ref = self.type_ref
        try:
            kind = self.type
            label = kind.name if kind is not None and kind.name else None
        except Exception:  # str() must not raise (no connection, network failure...)
            label = None
        if label is None:
            label = f"{ref.category} activity {ref.id}" if ref is not None else "activity"
        when = self.activity_date.isoformat() if self.activity_date else "unknown date"
        return f"{label} on {when}"


class DeleteResult(CrmModel):
    """The reply to a DELETE: ``{"id": ..., "is_deleted": true}`` (webhooks: only ``id``)."""

    id: int | None = None
    is_deleted: bool | None = None
