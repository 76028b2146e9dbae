"""crmkit.spreedly: Spreedly Subscriptions (XML API v4) for crmkit.

- :class:`Spreedly` / :class:`AsyncSpreedly`: typed clients (``client.subscribers``,
  ``client.plans``, ``client.invoices``, ``client.transactions``) returning pydantic models;
- :mod:`crmkit.spreedly.api`: pyspreedly's ``Client(token, site_name)`` (and an
  :class:`~crmkit.spreedly.api.AsyncClient` twin), so old code runs with one import changed;
- :mod:`crmkit.spreedly.models`: :class:`Subscriber`, :class:`SubscriptionPlan`,
  :class:`Invoice`... (money as Decimal, UTC datetimes);
- :mod:`crmkit.spreedly.errors`: :class:`HTTPError` and its per-status subclasses (also
  crmkit's core error classes), :class:`MalformedXML`, :class:`UnsafeXML`;
- :mod:`crmkit.spreedly.emulator`: the API served from memory;
- :mod:`crmkit.spreedly.unified`: contacts, subscriptions and plans for crmkit's unified layer.
"""

from . import api, errors, models, objectify
from ._client import (
    AsyncInvoices,
    AsyncPlans,
    AsyncSpreedly,
    AsyncSubscribers,
    AsyncTransactions,
    Invoices,
    Plans,
    Spreedly,
    Subscribers,
    Transactions,
)
from ._response import Response
from ._version import __version__
from .api import API_VERSION, AsyncClient, Client
from .errors import (
    AuthenticationError,
    BadRequest,
    Conflict,
    HTTPError,
    MalformedXML,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    UnprocessableEntity,
    UnsafeXML,
)
from .models import (
    ComplimentarySubscription,
    ComplimentaryTimeExtension,
    Credit,
    CreditCard,
    Fee,
    Invoice,
    LifetimeComplimentarySubscription,
    LineItem,
    Payment,
    PlanVersion,
    Subscriber,
    SubscriptionPlan,
    Transaction,
)

__all__ = [
    # typed clients
    "Spreedly",
    "AsyncSpreedly",
    "Plans",
    "Subscribers",
    "Invoices",
    "Transactions",
    "AsyncPlans",
    "AsyncSubscribers",
    "AsyncInvoices",
    "AsyncTransactions",
    # pyspreedly's idiom
    "API_VERSION",
    "Client",
    "AsyncClient",
    "Response",
    "api",
    "objectify",
    # models
    "models",
    "Subscriber",
    "SubscriptionPlan",
    "PlanVersion",
    "Invoice",
    "LineItem",
    "Transaction",
    "Fee",
    "ComplimentarySubscription",
    "ComplimentaryTimeExtension",
    "LifetimeComplimentarySubscription",
    "Credit",
    "CreditCard",
    "Payment",
    # errors
    "errors",
    "HTTPError",
    "BadRequest",
    "AuthenticationError",
    "PermissionDenied",
    "NotFound",
    "Conflict",
    "UnprocessableEntity",
    "RateLimited",
    "ServerError",
    "MalformedXML",
    "UnsafeXML",
    "__version__",
]
