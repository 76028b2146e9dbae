"""crmkit.core: the vendor-neutral machinery every crmkit vendor package is built on.

- transport: :class:`SyncAPIClient` / :class:`AsyncAPIClient` over httpx, one sans-IO request
  flow (retries with tenacity, Retry-After, rate limiting, redirects, cache, typed errors);
- :class:`Endpoint` and :data:`Flow`: calls described without I/O;
- auth: :class:`HeaderAuth`, :class:`BearerAuth`, :class:`BasicAuth`,
  :class:`WindowSignatureAuth`;
- cache: :class:`TTLCache`, :class:`InMemoryCache`, :class:`NoOpCache` (or any :class:`Cache`);
- pagination: :class:`Pager` / :class:`AsyncPager` over :class:`PageNumberPagination`,
  :class:`OffsetPagination` and :class:`SinglePage`;
- errors: :class:`CrmError` and its tree (see :mod:`crmkit.core._errors`);
- models: :class:`CrmModel` with change tracking, :func:`load_many` with ``store_invalid``;
- registry: :func:`vendors`, :func:`get_vendor`, :class:`VendorSpec`;
- :mod:`crmkit.core.unified` (vendor-neutral models) and :mod:`crmkit.core.emulator`.
"""

# First, before anything imports httpx: keeps httpx's CLI (click, rich) from loading.
from . import _lazy_httpx_cli  # noqa: F401  # isort: skip
from ._auth import (
    BasicAuth,
    BearerAuth,
    CredentialAuth,
    HeaderAuth,
    WindowSignatureAuth,
    window_signature,
)
from ._cache import (
    DEFAULT_TTL,
    Cache,
    CachedResponse,
    CacheLayer,
    InMemoryCache,
    NoOpCache,
    TTLCache,
)
from ._client import AsyncAPIClient, BaseAPIClient, SyncAPIClient, user_agent
from ._endpoint import (
    NO_BODY,
    Endpoint,
    ErrorDetails,
    Flow,
    body_snippet,
    default_error_details,
    read_json,
)
from ._errors import (
    AmbiguousWriteError,
    APIError,
    AuthenticationError,
    BadRequest,
    ConfigurationError,
    Conflict,
    ConnectError,
    CrmError,
    InvalidArgument,
    MalformedResponse,
    NotFound,
    NotSupported,
    PaginationError,
    PermissionDenied,
    RateLimited,
    RemoteProtocolError,
    ServerError,
    TransportError,
    TransportTimeout,
    UnprocessableEntity,
    UnsafeRedirect,
    ValidationError,
    VendorNotInstalled,
    advice_for,
    error_class_for_status,
)
from ._logging import RedactingFilter, get_logger, setup_logging
from ._models import CrmModel, InvalidSink, ReadOnly, load_many, to_validation_error
from ._options import DEFAULT_TIMEOUT, Hooks, RequestOptions, RetryEvent, to_timeout
from ._pagination import (
    AsyncPager,
    OffsetPagination,
    Page,
    PageNumberPagination,
    Pager,
    Paginator,
    SinglePage,
)
from ._params import (
    aware_datetime_param,
    email_param,
    id_param,
    int_param,
    money_param,
    text_param,
)
from ._ratelimit import TokenBucket
from ._registry import ENTRY_POINT_GROUP, CredentialField, VendorSpec, get_vendor, vendors
from ._retry import RetryPolicy, parse_retry_after
from ._secrets import (
    Secret,
    redact,
    redact_headers,
    redact_url,
    register_secret,
    register_sensitive_header,
)
from ._urls import base_url_env_var, build_path, is_loopback_host, path_param, resolve_base_url
from ._version import __version__

__all__ = [
    "DEFAULT_TIMEOUT",
    "DEFAULT_TTL",
    "ENTRY_POINT_GROUP",
    "NO_BODY",
    "APIError",
    "AmbiguousWriteError",
    "AsyncAPIClient",
    "AsyncPager",
    "AuthenticationError",
    "BadRequest",
    "BaseAPIClient",
    "BasicAuth",
    "BearerAuth",
    "Cache",
    "CacheLayer",
    "CachedResponse",
    "ConfigurationError",
    "Conflict",
    "ConnectError",
    "CredentialAuth",
    "CredentialField",
    "CrmError",
    "CrmModel",
    "Endpoint",
    "ErrorDetails",
    "Flow",
    "HeaderAuth",
    "Hooks",
    "InMemoryCache",
    "InvalidArgument",
    "InvalidSink",
    "MalformedResponse",
    "NoOpCache",
    "NotFound",
    "NotSupported",
    "OffsetPagination",
    "Page",
    "PageNumberPagination",
    "Pager",
    "PaginationError",
    "Paginator",
    "PermissionDenied",
    "RateLimited",
    "ReadOnly",
    "RedactingFilter",
    "RemoteProtocolError",
    "RequestOptions",
    "RetryEvent",
    "RetryPolicy",
    "Secret",
    "ServerError",
    "SinglePage",
    "SyncAPIClient",
    "TTLCache",
    "TokenBucket",
    "TransportError",
    "TransportTimeout",
    "UnprocessableEntity",
    "UnsafeRedirect",
    "ValidationError",
    "VendorNotInstalled",
    "VendorSpec",
    "WindowSignatureAuth",
    "__version__",
    "advice_for",
    "aware_datetime_param",
    "base_url_env_var",
    "body_snippet",
    "build_path",
    "default_error_details",
    "email_param",
    "error_class_for_status",
    "get_logger",
    "get_vendor",
    "id_param",
    "int_param",
    "is_loopback_host",
    "load_many",
    "money_param",
    "parse_retry_after",
    "path_param",
    "read_json",
    "redact",
    "redact_headers",
    "redact_url",
    "register_secret",
    "register_sensitive_header",
    "resolve_base_url",
    "setup_logging",
    "text_param",
    "to_timeout",
    "to_validation_error",
    "user_agent",
    "vendors",
    "window_signature",
]

# Show public names as crmkit.core.X in tracebacks and reprs, not crmkit.core._module.X.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type) and getattr(_obj, "__module__", "").startswith("crmkit.core._"):
        try:
            _obj.__module__ = __name__
        except (AttributeError, TypeError):
            pass
del _name, _obj
