"""The errors ``crmkit.contacthub`` raises, under the old SDK's module paths.

``crmkit.contacthub.errors.api_error.APIError`` and
``crmkit.contacthub.errors.operation_not_permitted.OperationNotPermitted`` are where the old
``contacthub`` package had them.
"""

from .api_error import (
    APIError,
    AuthenticationError,
    BadRequest,
    Conflict,
    Locked,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    UnprocessableEntity,
    from_core_error,
)
from .operation_not_permitted import OperationNotPermitted

__all__ = [
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
    "from_core_error",
]
