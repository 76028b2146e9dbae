"""prospyr's ``prospyr.exceptions`` module path: the same classes as
:mod:`crmkit.prosperworks.errors`."""

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

__all__ = [
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
]
