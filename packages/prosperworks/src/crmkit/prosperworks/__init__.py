"""crmkit.prosperworks: Copper CRM (formerly ProsperWorks) with the prospyr idiom.

Two ways in, over one implementation:

- prospyr's idiom, unchanged but for the import line::

      from crmkit.prosperworks import connect, Person
      connect(email="me@acme.test", token="...")
      steve = Person.objects.get(email="steve@example.org")

- a typed client, blocking or asyncio::

      from crmkit.prosperworks import Client
      with Client("me@acme.test", "...") as client:
          for person in client.people.search(sort_by="date_modified"):
              ...

Sub-modules keep prospyr's paths: ``.connection``, ``.cache``, ``.exceptions``, ``.search``,
``.resources``, ``.managers``, ``.util``. The emulator is ``crmkit.prosperworks.emulator``
and the unified mapping ``crmkit.prosperworks.unified``.
"""

from ._client import AsyncClient, Client, default_rate_limit
from ._fields import Email, PhoneNumber, Social, Website
from ._version import __version__
from .connection import Connection, connect, disconnect
from .errors import (
    ApiError,
    AuthenticationError,
    BadRequest,
    InvalidRecord,
    MisconfiguredError,
    NotFound,
    PermissionDenied,
    ProspyrException,
    RateLimited,
    RecordNotFound,
    ServerError,
    UnprocessableEntity,
    ValidationError,
)
from .models import (
    Account,
    Activity,
    ActivityType,
    ActivityTypeRef,
    Company,
    ContactType,
    CustomerSource,
    CustomField,
    CustomFieldDefinition,
    DeleteResult,
    Identifier,
    Lead,
    LeadStatus,
    LossReason,
    Opportunity,
    Person,
    Pipeline,
    PipelineStage,
    Placeholder,
    Project,
    Resource,
    Task,
    User,
    Webhook,
)
from .search import ActivityTypeListSet, ListSet, ResultSet

__all__ = [
    # prospyr's idiom
    "connect",
    "disconnect",
    "Connection",
    "Account",
    "Activity",
    "ActivityType",
    "Company",
    "CustomerSource",
    "Identifier",
    "Lead",
    "LossReason",
    "Opportunity",
    "Person",
    "Pipeline",
    "PipelineStage",
    "Placeholder",
    "Project",
    "Task",
    "User",
    "Webhook",
    "ResultSet",
    "ListSet",
    "ActivityTypeListSet",
    # further resources and value types
    "ActivityTypeRef",
    "ContactType",
    "CustomField",
    "CustomFieldDefinition",
    "DeleteResult",
    "Email",
    "LeadStatus",
    "PhoneNumber",
    "Resource",
    "Social",
    "Website",
    # typed clients
    "AsyncClient",
    "Client",
    "default_rate_limit",
    # errors
    "ApiError",
    "AuthenticationError",
    "BadRequest",
    "InvalidRecord",
    "MisconfiguredError",
    "NotFound",
    "PermissionDenied",
    "ProspyrException",
    "RateLimited",
    "RecordNotFound",
    "ServerError",
    "UnprocessableEntity",
    "ValidationError",
    "__version__",
]

# Show public names as crmkit.prosperworks.X in tracebacks, not crmkit.prosperworks._module.X.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type) and getattr(_obj, "__module__", "").startswith(
        "crmkit.prosperworks._"
    ):
        try:
            _obj.__module__ = __name__
        except (AttributeError, TypeError):
            pass
del _name, _obj
