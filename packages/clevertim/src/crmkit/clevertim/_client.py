"""The typed clients: :class:`Client` (blocking) and :class:`AsyncClient` (asyncio).

Each wraps one core API client and exposes one resource group per Clevertim resource
(``client.contacts``, ``client.opportunities``...), created on first use. Every method builds
its request with :mod:`crmkit.clevertim._endpoints` (sans-IO) and hands it to the core client;
the async twins differ only by ``async``/``await``. A group has only the operations its resource
supports (users and groups are read-only, comments cannot be updated, linked files cannot be
created), so an unsupported call fails at type-check time, not with a 501.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableSequence
from functools import cached_property
from typing import Any, ClassVar, Generic, TypeVar

import httpx

from crmkit.core import AsyncAPIClient, CrmModel, Secret, SyncAPIClient, ValidationError

from . import _endpoints as ops
from . import models
from ._api import async_api_client, sync_api_client
from ._listing import AsyncListing, Listing
from ._resources import (
    CASE,
    COMMENT,
    COMPANY,
    CONTACT,
    CUSTOM_FIELD,
    FILE,
    FOLDER,
    GROUP,
    LINKED_FILE,
    NOTE,
    OPPORTUNITY,
    TASK,
    USER,
    ResourceInfo,
)

__all__ = [
    "AsyncCases",
    "AsyncClient",
    "AsyncComments",
    "AsyncCompanies",
    "AsyncContacts",
    "AsyncCustomFields",
    "AsyncFiles",
    "AsyncFolders",
    "AsyncGroups",
    "AsyncLinkedFiles",
    "AsyncNotes",
    "AsyncOpportunities",
    "AsyncTasks",
    "AsyncUsers",
    "Cases",
    "Client",
    "Comments",
    "Companies",
    "Contacts",
    "CustomFields",
    "Files",
    "Folders",
    "Groups",
    "LinkedFiles",
    "Notes",
    "Opportunities",
    "Tasks",
    "Users",
]

M = TypeVar("M", bound=CrmModel)
Invalid = MutableSequence[ValidationError] | None


# -- blocking resource groups --------------------------------------------------------------------


class _Sync(Generic[M]):
    _resource: ClassVar[ResourceInfo[Any]]

    def __init__(self, api: SyncAPIClient) -> None:
        self._api = api
        self._info: ResourceInfo[M] = self._resource

    def __repr__(self) -> str:
        return f"<{type(self).__name__} /{self._info.name}>"


class _SyncRead(_Sync[M]):
    def list(self, *, invalid: Invalid = None, **options: Any) -> Listing[M]:
        """Every visible record, streamed as it arrives (one unpaged request per iteration).

        Args:
            invalid: collect records that do not fit the model here instead of raising.
            **options: core request options (``timeout``, ``max_retries``...).
        """
        return Listing(self._api, self._info, invalid=invalid, options=options)

    def get(self, key: int | str, **options: Any) -> M:
        """The record with id ``key``.

        Raises:
            NotFound: no such record, or not visible to this API key.
            InvalidArgument: ``key`` is not a valid id (nothing is sent).
        """
        return self._api.send(ops.get(self._info, key), **options)


class _SyncWrite(_SyncRead[M]):
    def create(self, record: M | Mapping[str, Any], **options: Any) -> M:
        """Create a record from a model or a mapping (wire or Python names).

        Raises:
            AmbiguousWriteError: the request may have reached Clevertim but no answer came back;
                it is not retried (Clevertim has no idempotency key or natural key).
            BadRequest: Clevertim refused the record.
        """
        return self._api.send(ops.create(self._info, record), **options)

    def update(self, key: int | str, changes: M | Mapping[str, Any], **options: Any) -> M:
        """Change the given fields: reads the record, overlays them, PUTs the whole object."""
        return self._api.send(ops.update(self._info, key, changes), **options)

    def replace(self, key: int | str, record: M | Mapping[str, Any], **options: Any) -> M:
        """PUT ``record`` as it is (one request; send a full object)."""
        return self._api.send(ops.replace(self._info, key, record), **options)

    def delete(self, key: int | str, **options: Any) -> None:
        """Delete the record with id ``key``."""
        self._api.send(ops.delete(self._info, key), **options)


class Contacts(_SyncWrite[models.Contact]):
    """``/contact``: people."""

    _resource = CONTACT


class Companies(_SyncWrite[models.Company]):
    """``/company``: organisations (same id sequence as contacts)."""

    _resource = COMPANY


class Cases(_SyncWrite[models.Case]):
    """``/case``: support cases."""

    _resource = CASE


class Opportunities(_SyncWrite[models.Opportunity]):
    """``/opportunity``: sales opportunities (deals)."""

    _resource = OPPORTUNITY


class Tasks(_SyncWrite[models.Task]):
    """``/task``: tasks; ``complete(id)`` marks one done."""

    _resource = TASK

    def complete(self, key: int | str, **options: Any) -> models.Task:
        """Mark the task completed (``PUT {"is_completed": true}`` on the full object)."""
        return self.update(key, {"is_completed": True}, **options)


class Notes(_SyncWrite[models.Note]):
    """``/note``: notes, sent emails and SMS."""

    _resource = NOTE


class Comments(_SyncRead[models.Comment]):
    """``/comment``: comments on notes and tasks (no update: delete and create)."""

    _resource = COMMENT

    def create(self, record: models.Comment | Mapping[str, Any], **options: Any) -> models.Comment:
        """Create a comment on exactly one note or task."""
        return self._api.send(ops.create(self._info, record), **options)

    def delete(self, key: int | str, **options: Any) -> None:
        """Delete a comment."""
        self._api.send(ops.delete(self._info, key), **options)


class CustomFields(_SyncWrite[models.CustomField]):
    """``/customfield``: custom field definitions."""

    _resource = CUSTOM_FIELD


class Users(_SyncRead[models.User]):
    """``/user``: the account's users (read-only)."""

    _resource = USER


class Groups(_SyncRead[models.Group]):
    """``/group``: user groups (read-only)."""

    _resource = GROUP


class Folders(_SyncWrite[models.Folder]):
    """``/folder``: folders (string ids such as ``"f12"``)."""

    _resource = FOLDER


class Files(_SyncWrite[models.File]):
    """``/file``: file metadata."""

    _resource = FILE


class LinkedFiles(_SyncRead[models.LinkedFile]):
    """``/linkedfile``: Dropbox / Google Drive links; only ``name`` can change."""

    _resource = LINKED_FILE

    def update(
        self, key: int | str, changes: models.LinkedFile | Mapping[str, Any], **options: Any
    ) -> models.LinkedFile:
        """Rename the linked file (only ``name`` is writable)."""
        return self._api.send(ops.update(self._info, key, changes), **options)

    def delete(self, key: int | str, **options: Any) -> None:
        """Remove the link."""
        self._api.send(ops.delete(self._info, key), **options)


# -- asyncio resource groups ---------------------------------------------------------------------


class _Async(Generic[M]):
    _resource: ClassVar[ResourceInfo[Any]]

    def __init__(self, api: AsyncAPIClient) -> None:
        self._api = api
        self._info: ResourceInfo[M] = self._resource

    def __repr__(self) -> str:
        return f"<{type(self).__name__} /{self._info.name}>"


class _AsyncRead(_Async[M]):
    def list(self, *, invalid: Invalid = None, **options: Any) -> AsyncListing[M]:
        """Every visible record, streamed: ``async for record in group.list()``."""
        return AsyncListing(self._api, self._info, invalid=invalid, options=options)

    async def get(self, key: int | str, **options: Any) -> M:
        """The record with id ``key``."""
        return await self._api.send(ops.get(self._info, key), **options)


class _AsyncWrite(_AsyncRead[M]):
    async def create(self, record: M | Mapping[str, Any], **options: Any) -> M:
        """Create a record (never retried once it may have reached Clevertim)."""
        return await self._api.send(ops.create(self._info, record), **options)

    async def update(self, key: int | str, changes: M | Mapping[str, Any], **options: Any) -> M:
        """Change the given fields (read, overlay, PUT the whole object)."""
        return await self._api.send(ops.update(self._info, key, changes), **options)

    async def replace(self, key: int | str, record: M | Mapping[str, Any], **options: Any) -> M:
        """PUT ``record`` as it is."""
        return await self._api.send(ops.replace(self._info, key, record), **options)

    async def delete(self, key: int | str, **options: Any) -> None:
        """Delete the record with id ``key``."""
        await self._api.send(ops.delete(self._info, key), **options)


class AsyncContacts(_AsyncWrite[models.Contact]):
    """``/contact``: people."""

    _resource = CONTACT


class AsyncCompanies(_AsyncWrite[models.Company]):
    """``/company``: organisations."""

    _resource = COMPANY


class AsyncCases(_AsyncWrite[models.Case]):
    """``/case``: support cases."""

    _resource = CASE


class AsyncOpportunities(_AsyncWrite[models.Opportunity]):
    """``/opportunity``: sales opportunities."""

    _resource = OPPORTUNITY


class AsyncTasks(_AsyncWrite[models.Task]):
    """``/task``: tasks."""

    _resource = TASK

    async def complete(self, key: int | str, **options: Any) -> models.Task:
        """Mark the task completed."""
        return await self.update(key, {"is_completed": True}, **options)


class AsyncNotes(_AsyncWrite[models.Note]):
    """``/note``: notes."""

    _resource = NOTE


class AsyncComments(_AsyncRead[models.Comment]):
    """``/comment``: comments (no update)."""

    _resource = COMMENT

    async def create(
        self, record: models.Comment | Mapping[str, Any], **options: Any
    ) -> models.Comment:
        """Create a comment on exactly one note or task."""
        return await self._api.send(ops.create(self._info, record), **options)

    async def delete(self, key: int | str, **options: Any) -> None:
        """Delete a comment."""
        await self._api.send(ops.delete(self._info, key), **options)


class AsyncCustomFields(_AsyncWrite[models.CustomField]):
    """``/customfield``: custom field definitions."""

    _resource = CUSTOM_FIELD


class AsyncUsers(_AsyncRead[models.User]):
    """``/user`` (read-only)."""

    _resource = USER


class AsyncGroups(_AsyncRead[models.Group]):
    """``/group`` (read-only)."""

    _resource = GROUP


class AsyncFolders(_AsyncWrite[models.Folder]):
    """``/folder``."""

    _resource = FOLDER


class AsyncFiles(_AsyncWrite[models.File]):
    """``/file``."""

    _resource = FILE


class AsyncLinkedFiles(_AsyncRead[models.LinkedFile]):
    """``/linkedfile``: only ``name`` can change."""

    _resource = LINKED_FILE

    async def update(
        self, key: int | str, changes: models.LinkedFile | Mapping[str, Any], **options: Any
    ) -> models.LinkedFile:
        """Rename the linked file."""
        return await self._api.send(ops.update(self._info, key, changes), **options)

    async def delete(self, key: int | str, **options: Any) -> None:
        """Remove the link."""
        await self._api.send(ops.delete(self._info, key), **options)


# -- the clients -----------------------------------------------------------------------------------


class Client:
    """The blocking Clevertim client.

    Args:
        api_key: the user's API key (*My Info & Settings / API Key* in Clevertim).
        base_url: the API root; else ``CRMKIT_CLEVERTIM_BASE_URL``; else
            ``https://www.clevertim.com/api``.
        api: an already configured core client to wrap instead (then ``api_key`` and the
            options are not used).
        **options: core client options: ``timeout``, ``max_retries``, ``retry``, ``cache``
            (e.g. ``TTLCache()``), ``rate_limit``, ``hooks``, ``transport``, ``http_client``,
            ``proxy``, ``verify``, ``sleep``.

    Example:
        >>> with Client("MY-API-KEY") as clevertim:             # doctest: +SKIP
        ...     ada = clevertim.contacts.get(812)
        ...     clevertim.contacts.update(812, {"title": "Head buyer"})
    """

    def __init__(
        self,
        api_key: str | Secret | None = None,
        *,
        base_url: str | httpx.URL | None = None,
        api: SyncAPIClient | None = None,
        **options: Any,
    ) -> None:
        if api is None:
            api = sync_api_client(api_key or "", base_url=base_url, **options)
        self.api = api

    @cached_property
    def contacts(self) -> Contacts:
        """People."""
        return Contacts(self.api)

    @cached_property
    def companies(self) -> Companies:
        """Organisations."""
        return Companies(self.api)

    @cached_property
    def cases(self) -> Cases:
        """Support cases."""
        return Cases(self.api)

    @cached_property
    def opportunities(self) -> Opportunities:
        """Sales opportunities."""
        return Opportunities(self.api)

    @cached_property
    def tasks(self) -> Tasks:
        """Tasks."""
        return Tasks(self.api)

    @cached_property
    def notes(self) -> Notes:
        """Notes."""
        return Notes(self.api)

    @cached_property
    def comments(self) -> Comments:
        """Comments on notes and tasks."""
        return Comments(self.api)

    @cached_property
    def custom_fields(self) -> CustomFields:
        """Custom field definitions."""
        return CustomFields(self.api)

    @cached_property
    def users(self) -> Users:
        """Users (read-only)."""
        return Users(self.api)

    @cached_property
    def groups(self) -> Groups:
        """Groups (read-only)."""
        return Groups(self.api)

    @cached_property
    def folders(self) -> Folders:
        """Folders."""
        return Folders(self.api)

    @cached_property
    def files(self) -> Files:
        """File metadata."""
        return Files(self.api)

    @cached_property
    def linked_files(self) -> LinkedFiles:
        """Linked (Dropbox / Google Drive) files."""
        return LinkedFiles(self.api)

    @property
    def base_url(self) -> httpx.URL:
        """The API root requests go to."""
        return self.api.base_url

    def raw_request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Any request below the base URL, with this client's auth, retries and errors."""
        return self.api.raw_request(method, path, **kwargs)

    def close(self) -> None:
        """Close the connection pool."""
        self.api.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<clevertim.Client base_url={str(self.api.base_url)!r}>"


class AsyncClient:
    """The asyncio Clevertim client (same arguments as :class:`Client`).

    Example:
        >>> async with AsyncClient("MY-API-KEY") as clevertim:  # doctest: +SKIP
        ...     async for contact in clevertim.contacts.list():
        ...         print(contact.first_name)
    """

    def __init__(
        self,
        api_key: str | Secret | None = None,
        *,
        base_url: str | httpx.URL | None = None,
        api: AsyncAPIClient | None = None,
        **options: Any,
    ) -> None:
        if api is None:
            api = async_api_client(api_key or "", base_url=base_url, **options)
        self.api = api

    @cached_property
    def contacts(self) -> AsyncContacts:
        """People."""
        return AsyncContacts(self.api)

    @cached_property
    def companies(self) -> AsyncCompanies:
        """Organisations."""
        return AsyncCompanies(self.api)

    @cached_property
    def cases(self) -> AsyncCases:
        """Support cases."""
        return AsyncCases(self.api)

    @cached_property
    def opportunities(self) -> AsyncOpportunities:
        """Sales opportunities."""
        return AsyncOpportunities(self.api)

    @cached_property
    def tasks(self) -> AsyncTasks:
        """Tasks."""
        return AsyncTasks(self.api)

    @cached_property
    def notes(self) -> AsyncNotes:
        """Notes."""
        return AsyncNotes(self.api)

    @cached_property
    def comments(self) -> AsyncComments:
        """Comments on notes and tasks."""
        return AsyncComments(self.api)

    @cached_property
    def custom_fields(self) -> AsyncCustomFields:
        """Custom field definitions."""
        return AsyncCustomFields(self.api)

    @cached_property
    def users(self) -> AsyncUsers:
        """Users (read-only)."""
        return AsyncUsers(self.api)

    @cached_property
    def groups(self) -> AsyncGroups:
        """Groups (read-only)."""
        return AsyncGroups(self.api)

    @cached_property
    def folders(self) -> AsyncFolders:
        """Folders."""
        return AsyncFolders(self.api)

    @cached_property
    def files(self) -> AsyncFiles:
        """File metadata."""
        return AsyncFiles(self.api)

    @cached_property
    def linked_files(self) -> AsyncLinkedFiles:
        """Linked (Dropbox / Google Drive) files."""
        return AsyncLinkedFiles(self.api)

    @property
    def base_url(self) -> httpx.URL:
        """The API root requests go to."""
        return self.api.base_url

    async def raw_request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Any request below the base URL, with this client's auth, retries and errors."""
        return await self.api.raw_request(method, path, **kwargs)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.api.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"<clevertim.AsyncClient base_url={str(self.api.base_url)!r}>"
