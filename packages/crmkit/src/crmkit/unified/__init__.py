"""The unified client: one vendor-agnostic API over every installed vendor."""

from ._client import CLIENT_OPTIONS, AsyncClient, Client, aconnect, connect
from ._config import Profile, load_profile, resolve_settings
from ._matrix import capability_matrix
from ._services import AsyncEntityService, EntityService, FilteredPaginator

__all__ = [
    "CLIENT_OPTIONS",
    "AsyncClient",
    "AsyncEntityService",
    "Client",
    "EntityService",
    "FilteredPaginator",
    "Profile",
    "aconnect",
    "capability_matrix",
    "connect",
    "load_profile",
    "resolve_settings",
]
