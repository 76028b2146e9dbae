"""The unified client: ``crmkit.connect(vendor, ...)`` and ``crmkit.aconnect(...)``.

A :class:`Client` wraps one vendor's :class:`~crmkit.core.unified.UnifiedBackend` and one core API
client. Entities are services (``crm.contacts``, ``crm.companies``, ``crm.deals``, ``crm.plans``,
``crm.subscriptions``, ``crm.events``); an entity the vendor lacks is still there, and every call
on it raises :class:`~crmkit.core.NotSupported` before any request. ``crm.request(...)`` sends
anything else with the same auth, retries and errors, and ``crm.vendor_client`` is the vendor's
own typed client over the same connection.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any, Generic, TypeVar

import httpx

from crmkit.core import AsyncAPIClient, SyncAPIClient
from crmkit.core.unified import (
    ENTITY_MODELS,
    Company,
    Contact,
    Deal,
    EntityAdapter,
    EntityCapabilities,
    Event,
    Plan,
    Subscription,
    UnifiedBackend,
    UnifiedModel,
)

from ._config import spec_and_settings
from ._services import AsyncEntityService, EntityService

__all__ = ["CLIENT_OPTIONS", "AsyncClient", "Client", "aconnect", "connect"]

CLIENT_OPTIONS = frozenset(
    {
        "timeout",
        "max_retries",
        "retry",
        "cache",
        "rate_limit",
        "hooks",
        "transport",
        "http_client",
        "proxy",
        "verify",
        "sleep",
        "headers",
    }
)
"""Keyword arguments of ``connect()`` that configure the HTTP client rather than the account."""

ApiT = TypeVar("ApiT", SyncAPIClient, AsyncAPIClient)


class _Unsupported(EntityAdapter[Any]):
    """Stands in for an entity the vendor does not have: every operation raises NotSupported."""

    def __init__(self, vendor: str, entity: str) -> None:
        super().__init__(vendor, EntityCapabilities(entity=entity, operations=frozenset()))
        self.model = ENTITY_MODELS[entity]


class _ClientBase(Generic[ApiT]):
    def __init__(
        self, backend: UnifiedBackend, api: ApiT, options: Mapping[str, Any] | None = None
    ) -> None:
        self.backend = backend
        self.api: ApiT = api
        self.options = dict(options or {})  # the client options connect() received

    @property
    def vendor(self) -> str:
        """The vendor name."""
        return self.backend.vendor

    @cached_property
    def capabilities(self) -> dict[str, EntityCapabilities]:
        """For each of the six unified entities, what this vendor supports."""
        found = self.backend.capabilities()
        return {
            name: found.get(name, EntityCapabilities(entity=name, operations=frozenset()))
            for name in ENTITY_MODELS
        }

    def _adapter(self, entity: str) -> EntityAdapter[Any]:
        return self.backend.adapters.get(entity) or _Unsupported(self.vendor, entity)

    @cached_property
    def vendor_client(self) -> Any:
        """The vendor's own typed client, over this connection."""
        return self.backend.vendor_client(self.api)

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"<crmkit.{name} vendor={self.vendor!r} base_url={str(self.api.base_url)!r}>"


class Client(_ClientBase[SyncAPIClient]):
    """The blocking unified client; build it with :func:`connect`."""

    def _service(self, entity: str) -> EntityService[Any]:
        return EntityService(self.api, self.vendor, self._adapter(entity), entity)

    @cached_property
    def contacts(self) -> EntityService[Contact]:
        """People."""
        return self._service("contacts")

    @cached_property
    def companies(self) -> EntityService[Company]:
        """Organisations."""
        return self._service("companies")

    @cached_property
    def deals(self) -> EntityService[Deal]:
        """Sales opportunities."""
        return self._service("deals")

    @cached_property
    def plans(self) -> EntityService[Plan]:
        """Subscription plans."""
        return self._service("plans")

    @cached_property
    def subscriptions(self) -> EntityService[Subscription]:
        """Subscriptions."""
        return self._service("subscriptions")

    @cached_property
    def events(self) -> EntityService[Event]:
        """Timeline entries (notes, tasks, activities, vendor events)."""
        return self._service("events")

    def entity(self, name: str) -> EntityService[UnifiedModel]:
        """The service for entity ``name`` (``"contacts"``...)."""
        if name not in ENTITY_MODELS:
            raise ValueError(f"unknown entity {name!r}; one of {', '.join(ENTITY_MODELS)}")
        return self._service(name)

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Send any request below the vendor's base URL (same auth, retries and errors)."""
        response: httpx.Response = self.api.raw_request(method, path, **kwargs)
        return response

    def close(self) -> None:
        """Close the connection pool."""
        self.api.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncClient(_ClientBase[AsyncAPIClient]):
    """The asyncio unified client; build it with :func:`aconnect`."""

    def _service(self, entity: str) -> AsyncEntityService[Any]:
        return AsyncEntityService(self.api, self.vendor, self._adapter(entity), entity)

    @cached_property
    def contacts(self) -> AsyncEntityService[Contact]:
        """People."""
        return self._service("contacts")

    @cached_property
    def companies(self) -> AsyncEntityService[Company]:
        """Organisations."""
        return self._service("companies")

    @cached_property
    def deals(self) -> AsyncEntityService[Deal]:
        """Sales opportunities."""
        return self._service("deals")

    @cached_property
    def plans(self) -> AsyncEntityService[Plan]:
        """Subscription plans."""
        return self._service("plans")

    @cached_property
    def subscriptions(self) -> AsyncEntityService[Subscription]:
        """Subscriptions."""
        return self._service("subscriptions")

    @cached_property
    def events(self) -> AsyncEntityService[Event]:
        """Timeline entries."""
        return self._service("events")

    def entity(self, name: str) -> AsyncEntityService[UnifiedModel]:
        """The service for entity ``name``."""
        if name not in ENTITY_MODELS:
            raise ValueError(f"unknown entity {name!r}; one of {', '.join(ENTITY_MODELS)}")
        return self._service(name)

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Send any request below the vendor's base URL (same auth, retries and errors)."""
        response: httpx.Response = await self.api.raw_request(method, path, **kwargs)
        return response

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.api.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def _split(kwargs: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    options = {k: v for k, v in kwargs.items() if k in CLIENT_OPTIONS}
    settings = {k: v for k, v in kwargs.items() if k not in CLIENT_OPTIONS}
    return settings, options


def _backend(
    vendor: str | None, profile: str | None, kwargs: Mapping[str, Any]
) -> tuple[UnifiedBackend, dict[str, Any]]:
    settings, options = _split(kwargs)
    spec, resolved = spec_and_settings(vendor, profile, settings)
    factory = spec.load("unified")
    return factory(resolved), options


def connect(vendor: str | None = None, *, profile: str | None = None, **kwargs: Any) -> Client:
    """Connect to ``vendor`` through the unified API.

    Args:
        vendor: ``"prosperworks"``, ``"spreedly"``, ``"contacthub"``, ``"procuret"``,
            ``"clevertim"`` or any installed vendor; optional when ``profile`` names one.
        profile: a profile in ``crmkit.toml`` (or the file ``CRMKIT_CONFIG`` names).
        **kwargs: the vendor's settings (credentials, ``base_url``...), read from
            ``CRMKIT_<VENDOR>_<FIELD>`` when not given, plus client options (``timeout``,
            ``max_retries``, ``cache``, ``rate_limit``, ``hooks``, ``transport``, ``proxy``...).

    Raises:
        VendorNotInstalled: with the ``pip install "crmkit[vendor]"`` to run.
        ConfigurationError: a required setting is missing (naming the variable to set).

    Example:
        >>> crm = crmkit.connect("contacthub", workspace_id="w", token="t", node_id="n")
        >>> crm.contacts.list(updated_since=yesterday)[0]
    """
    backend, options = _backend(vendor, profile, kwargs)
    api = backend.api_client(asynchronous=False, **options)
    assert isinstance(api, SyncAPIClient)
    return Client(backend, api, options)


def aconnect(
    vendor: str | None = None, *, profile: str | None = None, **kwargs: Any
) -> AsyncClient:
    """The async twin of :func:`connect` (use ``async with`` or ``await crm.aclose()``)."""
    backend, options = _backend(vendor, profile, kwargs)
    api = backend.api_client(asynchronous=True, **options)
    assert isinstance(api, AsyncAPIClient)
    return AsyncClient(backend, api, options)
