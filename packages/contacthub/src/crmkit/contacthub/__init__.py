"""crmkit.contacthub: Contactlab ContactHub for crmkit.

Two ways in:

- the **typed clients** :class:`Client` / :class:`AsyncClient` (pydantic models from
  :mod:`crmkit.contacthub.types`, lazy pagination, typed errors);
- the **old contacthub-sdk-python idiom**: :class:`Workspace`, :class:`Node`,
  :class:`Customer`, :class:`Properties`, :class:`Event`, the query DSL
  (:mod:`crmkit.contacthub.models.query`), under the old module paths, so old code runs with
  ``from contacthub import X`` changed to ``from crmkit.contacthub import X``.

The emulator is :mod:`crmkit.contacthub.emulator`; the unified mapping
:mod:`crmkit.contacthub.unified`.
"""

from ._client import AsyncClient, Client
from ._version import __version__
from .errors import (
    APIError,
    AuthenticationError,
    BadRequest,
    Conflict,
    Locked,
    NotFound,
    OperationNotPermitted,
    PermissionDenied,
    RateLimited,
    ServerError,
    UnprocessableEntity,
)
from .lib.paginated_list import PaginatedList
from .lib.read_only_list import ReadOnlyList
from .models import Customer, Education, Event, Job, Like, Properties, Subscription
from .models.query import between_, in_, not_in_
from .node import Node
from .workspace import DEFAULT_BASE_URL, Workspace

__all__ = [
    # typed clients
    "AsyncClient",
    "Client",
    # the old SDK's idiom
    "Workspace",
    "Node",
    "Customer",
    "Properties",
    "Event",
    "Education",
    "Job",
    "Like",
    "Subscription",
    "PaginatedList",
    "ReadOnlyList",
    "in_",
    "not_in_",
    "between_",
    "DEFAULT_BASE_URL",
    # errors
    "APIError",
    "AuthenticationError",
    "BadRequest",
    "Conflict",
    "Locked",
    "NotFound",
    "OperationNotPermitted",
    "PermissionDenied",
    "RateLimited",
    "ServerError",
    "UnprocessableEntity",
    "__version__",
]
