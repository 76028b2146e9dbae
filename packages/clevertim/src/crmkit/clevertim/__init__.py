"""crmkit.clevertim: Clevertim CRM for crmkit.

Three ways in:

- the old ``clevertimapi`` idiom, unchanged but for the import line::

      from crmkit.clevertim import Session, Contact
      session = Session(api_key="...")
      contact = Contact(session, key=1234)

- the typed clients, :class:`Client` and :class:`AsyncClient` (pydantic models from
  :mod:`crmkit.clevertim.models`, streamed listings, typed errors)::

      with Client("...") as clevertim:
          for contact in clevertim.contacts.list():
              ...

- the unified layer (``crmkit.connect("clevertim", api_key=...)``): contacts, companies, deals
  and events, see :mod:`crmkit.clevertim.unified`.

The emulator is :mod:`crmkit.clevertim.emulator`.
"""

from . import errors, models
from ._client import AsyncClient, Client
from ._version import __version__
from .case import Case
from .comment import Comment
from .company import Company
from .contact import Contact, PhoneNumber, SocialMediaId
from .customfield import CustomField, CustomFieldValue
from .endpoint import Endpoint
from .errors import (
    AmbiguousWriteError,
    ArgumentError,
    ArgumentTypeError,
    AuthenticationError,
    BadRequest,
    NotFound,
    OperationNotSupported,
    PermissionDenied,
    RateLimited,
    ServerError,
    SessionError,
    ValidationError,
)
from .file import File, Folder, LinkedFile
from .note import EmailInfo, EmailRecipient, Note
from .opportunity import Opportunity
from .session import Session
from .task import RecurringDetails, Task
from .user import Group, User

__all__ = [
    # the clevertimapi idiom
    "Session",
    "Contact",
    "Company",
    "Case",
    "Opportunity",
    "Task",
    "Note",
    "Comment",
    "User",
    "Group",
    "Endpoint",
    "CustomField",
    "CustomFieldValue",
    "PhoneNumber",
    "SocialMediaId",
    "RecurringDetails",
    "EmailInfo",
    "EmailRecipient",
    "File",
    "Folder",
    "LinkedFile",
    # errors
    "SessionError",
    "ValidationError",
    "BadRequest",
    "AuthenticationError",
    "PermissionDenied",
    "NotFound",
    "RateLimited",
    "ServerError",
    "OperationNotSupported",
    "AmbiguousWriteError",
    "ArgumentError",
    "ArgumentTypeError",
    # typed clients
    "Client",
    "AsyncClient",
    "models",
    "errors",
    "__version__",
]
