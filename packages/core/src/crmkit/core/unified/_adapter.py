"""What a vendor implements so the unified client and the sync engine can use it.

A vendor package provides a :class:`UnifiedBackend`: its connection settings, a factory for
the core API client, and one :class:`EntityAdapter` per unified entity it can serve. Adapters
are sans-IO like endpoints: ``list`` returns a pagination strategy, the other operations return
an :class:`~crmkit.core.Endpoint` or a multi-request :data:`~crmkit.core.Flow`, which the unified
client runs on its sync or async API client.

An operation the vendor cannot do raises :class:`~crmkit.core.NotSupported` before any request;
``capabilities`` says in advance what is possible.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Generic, Literal, TypeVar

from .._client import AsyncAPIClient, SyncAPIClient
from .._endpoint import Endpoint, Flow
from .._errors import NotSupported
from .._pagination import Paginator
from ._models import UnifiedModel

__all__ = [
    "OPERATIONS",
    "EntityAdapter",
    "EntityCapabilities",
    "Mapped",
    "BackendFactory",
    "UnifiedBackend",
]

U = TypeVar("U", bound=UnifiedModel)

OPERATIONS = ("list", "get", "create", "update", "delete", "find")

UpdatedSince = Literal["server", "client", "none"]


@dataclass(frozen=True)
class EntityCapabilities:
    """What one vendor can do with one unified entity.

    Attributes:
        entity: ``"contacts"``, ``"companies"``, ``"deals"``, ``"plans"``, ``"subscriptions"``
            or ``"events"``.
        operations: the supported subset of ``list get create update delete find``.
        updated_since: how ``list(updated_since=...)`` is served: ``"server"`` (the vendor
            filters), ``"client"`` (records carry a modified time; crmkit filters after reading
            everything) or ``"none"`` (no modified time at all: sync falls back to a full scan
            with content hashes).
        match_keys: keys ``find`` accepts (``"email"``, ``"external_id"``...).
        sorted_by_updated: ``list`` yields records in ascending ``updated_at`` order (then the
            sync engine may checkpoint mid-stream; otherwise it promotes its bookmark at the end).
        max_page_size: the largest page the vendor serves.
        notes: caveats worth showing in the capability matrix.
    """

    entity: str
    operations: frozenset[str]
    updated_since: UpdatedSince = "none"
    match_keys: tuple[str, ...] = ()
    sorted_by_updated: bool = False
    max_page_size: int | None = None
    notes: str = ""

    def supports(self, operation: str) -> bool:
        """Whether ``operation`` is supported."""
        return operation in self.operations


@dataclass(frozen=True)
class Mapped:
    """A vendor payload built from a unified record, and the fields it could not carry."""

    payload: dict[str, Any]
    dropped: tuple[str, ...] = ()


class EntityAdapter(Generic[U]):
    """Serves one unified entity for one vendor. Override the operations the vendor supports.

    Subclasses set ``entity``, ``model`` and ``capabilities``; unsupported operations keep the
    defaults here, which raise :class:`~crmkit.core.NotSupported` without any I/O.
    """

    entity: ClassVar[str] = ""
    model: type[U]

    def __init__(self, vendor: str, capabilities: EntityCapabilities) -> None:
        self.vendor = vendor
        self.capabilities = capabilities

    def _unsupported(self, operation: str, hint: str | None = None) -> NotSupported:
        return NotSupported(self.vendor, f"{operation} on {self.capabilities.entity}", hint=hint)

    def list(
        self, *, updated_since: datetime | None = None, page_size: int | None = None
    ) -> Paginator[U]:
        """A pagination strategy over the entity (filtered server-side where supported)."""
        raise self._unsupported("list")

    def get(self, remote_id: str) -> Endpoint[U] | Flow[U]:
        """Read one record by the vendor's id."""
        raise self._unsupported("get")

    def create(self, record: U) -> Endpoint[U] | Flow[U]:
        """Create a record; the result carries ``dropped_fields``."""
        raise self._unsupported("create")

    def update(self, remote_id: str, record: U) -> Endpoint[U] | Flow[U]:
        """Update the fields set on ``record`` (a partial record is fine)."""
        raise self._unsupported("update")

    def delete(self, remote_id: str) -> Endpoint[None] | Flow[None]:
        """Delete a record."""
        raise self._unsupported("delete")

    def find(self, key: str, value: str) -> Endpoint[builtins.list[U]] | Flow[builtins.list[U]]:
        """Records whose ``key`` (one of ``capabilities.match_keys``) equals ``value``."""
        raise self._unsupported(f"find by {key}")


class UnifiedBackend:
    """A vendor's bridge to the unified layer.

    Args:
        settings: the resolved connection settings (credentials, ``base_url``...).

    Subclasses set ``vendor`` and implement :meth:`api_client`, :attr:`adapters` and
    :meth:`vendor_client`.
    """

    vendor: ClassVar[str] = ""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.settings = dict(settings)

    @property
    def adapters(self) -> Mapping[str, EntityAdapter[Any]]:
        """Entity name to adapter, for every entity the vendor serves."""
        raise NotImplementedError

    def api_client(
        self, *, asynchronous: bool = False, **options: Any
    ) -> SyncAPIClient | AsyncAPIClient:
        """A configured core API client (sync, or async when ``asynchronous``)."""
        raise NotImplementedError

    def vendor_client(self, api: SyncAPIClient | AsyncAPIClient) -> Any:
        """The vendor's typed client over ``api`` (for ``crm.vendor_client``)."""
        raise NotImplementedError

    @property
    def rate_limit(self) -> tuple[float, float] | None:
        """The vendor's published limit as ``(requests, per_seconds)``, or None."""
        return None

    def capabilities(self) -> dict[str, EntityCapabilities]:
        """Entity name to capabilities."""
        return {name: adapter.capabilities for name, adapter in self.adapters.items()}


BackendFactory = Callable[[Mapping[str, Any]], UnifiedBackend]
"""What a vendor spec's ``unified`` entry point resolves to."""
