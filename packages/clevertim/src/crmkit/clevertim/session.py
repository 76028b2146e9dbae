"""``clevertimapi.session``: the :class:`Session` every old-style object is built on.

A Session holds the API key, sends every request (through crmkit's core client: timeouts,
retries, typed errors, secrets never printed) and keeps two caches, as the old library did:

- ``session_cache``: a response cache with no expiry. Every element of every successful GET,
  POST and PUT answer is stored under ``"<endpoint><id>"`` (``"/contact445"``); a GET by id is
  served from it without HTTP unless ``reload=True``; collection GETs always go out; a DELETE
  drops the entry. Entries are copies, so editing an object never changes the cache. Writes
  also drop the cached records they link to (a new note drops its contact), whose derived lists
  changed on the server. ``enable_caching=False`` turns it off.
- ``instance_cache``: one shared object per (class name, key) for references
  (:meth:`Session.get`).
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import httpx

from crmkit.core import Cache, InMemoryCache, Secret, path_param

from . import _endpoints as ops
from ._api import DEFAULT_BASE_URL, sync_api_client
from ._resources import RESOURCES, ResourceInfo, normalize_key
from .errors import ArgumentError, NotFound, SessionError
from .models import ClevertimModel

if TYPE_CHECKING:
    from .endpoint import Endpoint

__all__ = ["Session", "SessionError"]

EndpointFactory = Callable[..., Any]

# Link keys of a record that name other records whose derived lists it feeds (§3.7).
_PARENT_LINKS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "note": (
        ("cust", ("contact", "company")),
        ("case", ("case",)),
        ("opportunity", ("opportunity",)),
    ),
    "task": (("cust", ("contact", "company")), ("case", ("case",)), ("opp", ("opportunity",))),
    "case": (("cust", ("contact", "company")),),
    "opportunity": (("cust", ("contact", "company")),),
    "comment": (("nid", ("note",)), ("tid", ("task",))),
}

_UNSET: Any = object()


class Session:
    """A connection to Clevertim with the old library's API.

    Args:
        api_key: your API key (*My Info & Settings / API Key* in Clevertim).
        endpoint_url: the API root (default ``https://www.clevertim.com/api``, or
            ``CRMKIT_CLEVERTIM_BASE_URL`` when set); a trailing ``/`` is ignored.
        enable_caching: keep the response cache (see the module docstring).
        transport: an httpx transport (e.g. an emulator's) (crmkit addition).
        timeout: seconds or an ``httpx.Timeout`` (crmkit addition; default 5 s connect, 30 s
            read).
        retry: a ``crmkit.core.RetryPolicy`` (crmkit addition).
        max_retries: retries after the first attempt (crmkit addition).
        cache: the response-cache backend, any ``crmkit.core.Cache`` (default: unbounded, no
            expiry, like the old dict).
        **options: further core client options (``hooks``, ``sleep``, ``http_client``,
            ``proxy``, ``verify``, ``rate_limit``).

    Raises:
        ArgumentError: an empty API key (also an ``AssertionError``, as before).

    Example:
        >>> session = Session(api_key="ITHkCPbXdOWfGNTj5qOzNJkceftfRWwGXtrU39exmW0UzVwKUiZ1343")
        >>> "ITHk" in repr(session)
        False
    """

    ENDPOINT_URL: ClassVar[str] = DEFAULT_BASE_URL
    ENDPOINT_FACTORY: ClassVar[dict[str, tuple[EndpointFactory, tuple[type, ...] | None]]] = {}

    def __init__(
        self,
        api_key: str | Secret | bytes,
        endpoint_url: str | None = None,
        enable_caching: bool = True,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: Any = _UNSET,
        retry: Any = None,
        max_retries: int | None = None,
        cache: Cache | None = None,
        **options: Any,
    ) -> None:
        if isinstance(api_key, bytes):
            api_key = api_key.decode("utf-8")  # old Python 3 callers passed bytes
        if transport is not None:
            options["transport"] = transport
        if timeout is not _UNSET:
            options["timeout"] = timeout
        if retry is not None:
            options["retry"] = retry
        if max_retries is not None:
            options["max_retries"] = max_retries
        base = endpoint_url.rstrip("/") if endpoint_url else None
        self._api = sync_api_client(api_key, base_url=base, **options)
        self._api_key = api_key if isinstance(api_key, Secret) else Secret(api_key)
        self.endpoint_url = str(self._api.base_url).rstrip("/")
        self.enable_caching = enable_caching
        self.session_cache: Cache = cache if cache is not None else InMemoryCache(sys.maxsize)
        self.instance_cache: dict[str, Endpoint] = {}
        self._custom_fields: dict[str, Any] | None = None

    # -- configuration ----------------------------------------------------------------------------

    @property
    def api_key(self) -> str:
        """The API key (kept as a ``Secret`` inside; never shown in ``repr``)."""
        return self._api_key.reveal()

    @property
    def url(self) -> str:
        """The API root requests go to."""
        return self.endpoint_url

    @property
    def api(self) -> Any:
        """The crmkit core client underneath (for ``raw_request`` and options)."""
        return self._api

    def close(self) -> None:
        """Close the connection pool (crmkit addition)."""
        self._api.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<clevertim.Session endpoint_url={self.endpoint_url!r}>"

    # -- the endpoint registry --------------------------------------------------------------------

    @classmethod
    def register_endpoint(
        cls, endpoint_cls: type, accepted_types: tuple[type, ...] | None = None
    ) -> None:
        """Register a resource class under its name (what references are resolved through)."""
        cls.register_endpoint_factory(
            endpoint_cls, endpoint_cls, accepted_types=accepted_types or (endpoint_cls,)
        )

    @classmethod
    def register_endpoint_factory(
        cls,
        endpoint: str | type,
        endpoint_factory: EndpointFactory,
        accepted_types: tuple[type, ...] | None = None,
    ) -> None:
        """Register a factory ``(session, key=, lazy_load=) -> instance`` under a name."""
        name = endpoint if isinstance(endpoint, str) else endpoint.__name__
        cls.ENDPOINT_FACTORY[name] = (endpoint_factory, accepted_types)

    @classmethod
    def deregister_endpoint(cls, endpoint_cls: str | type) -> None:
        """Remove a registration (``KeyError`` when unknown)."""
        name = endpoint_cls if isinstance(endpoint_cls, str) else endpoint_cls.__name__
        del cls.ENDPOINT_FACTORY[name]

    @classmethod
    def endpoint_accepted_types(cls, endpoint_name: str) -> tuple[type, ...]:
        """The classes a reference to ``endpoint_name`` accepts (``KeyError`` when unknown)."""
        return cls.ENDPOINT_FACTORY[endpoint_name][1] or ()

    @classmethod
    def enpoint_accepted_types(cls, endpoint_name: str) -> tuple[type, ...]:
        """The old, misspelt name of :meth:`endpoint_accepted_types` (kept for compatibility)."""
        return cls.endpoint_accepted_types(endpoint_name)

    @classmethod
    def is_registered_endpoint(cls, endpoint_name_or_cls: str | type) -> bool:
        """Whether a name or class is registered."""
        name = (
            endpoint_name_or_cls
            if isinstance(endpoint_name_or_cls, str)
            else getattr(endpoint_name_or_cls, "__name__", None)
        )
        return name is not None and name in cls.ENDPOINT_FACTORY

    # -- requests ----------------------------------------------------------------------------------

    @staticmethod
    def build_url(url: str, endpoint: str, resource_id: Any = None) -> str:
        """``url`` + ``/endpoint`` (leading ``/`` added, trailing removed) + ``/<id>`` if truthy."""
        if not endpoint.startswith("/"):
            endpoint = "/" + endpoint
        out = url + endpoint.rstrip("/")
        if resource_id:
            out += "/" + str(resource_id)
        return out

    def make_request(
        self,
        endpoint: str,
        resource_id: Any = None,
        method: str = "GET",
        payload: Mapping[str, Any] | None = None,
        load_all: bool = False,
        reload: bool = False,
    ) -> Any:
        """Send one request and return the old library's result shape.

        Args:
            endpoint: the resource path (``"/contact"`` or ``"contact"``).
            resource_id: the record id, or None for the collection.
            method: ``GET``, ``POST``, ``PUT`` or ``DELETE``.
            payload: the JSON body of POST / PUT.
            load_all: GET the whole collection even when ``resource_id`` is given (and cache
                every element); used by User, Group and CustomField.
            reload: skip the response cache for a GET by id.

        Returns:
            GET by id: the record (dict); GET collection: the list; POST / PUT: the written
            record; DELETE: the parsed body (``{"status": "OK"}``).

        Raises:
            ArgumentError: empty endpoint or unknown method (before any request).
            SessionError: any failure (a ``NotFound``, ``BadRequest``... subclass).
        """
        if not endpoint or not isinstance(endpoint, str):
            raise ArgumentError("Empty endpoint", vendor="clevertim")
        if method not in ("GET", "POST", "PUT", "DELETE"):
            raise ArgumentError(f"Unknown method: {method!r}", vendor="clevertim")
        info = _info_for(endpoint)
        if method == "GET":
            return self._get_request(info, resource_id, load_all=load_all, reload=reload)
        if method == "POST":
            element = self._api.send(ops.create_raw(info, dict(payload or {})))
            self._remember(info, [element])
            self._drop_linked(info, payload, element)
            return element
        if method == "PUT":
            before = self._cached(info, resource_id)
            element = self._api.send(ops.put_raw(info, resource_id, dict(payload or {})))
            self._remember(info, [element])
            self._drop_linked(info, before, payload, element)
            return element
        before = self._cached(info, resource_id)
        self._api.send(ops.delete_raw(info, resource_id))
        self._forget(info, resource_id)
        self._drop_linked(info, before, payload)
        return {"status": "OK"}

    def _get_request(
        self, info: ResourceInfo[Any], resource_id: Any, *, load_all: bool, reload: bool
    ) -> Any:
        if resource_id is not None and not reload:
            hit = self._cached(info, resource_id)
            if hit is not None:
                return hit
        if resource_id is None or load_all:
            content = self._api.send(ops.list_raw(info))
            self._remember(info, content)
            if resource_id is None:
                return content
            wanted = normalize_key(resource_id)
            for element in content:
                if isinstance(element, dict) and normalize_key(element.get("id")) == wanted:
                    return copy.deepcopy(element)
            raise NotFound("Not found.", status_code=200, vendor="clevertim")
        element = self._api.send(ops.get_raw(info, resource_id, cache=False))
        self._remember(info, [element])
        return copy.deepcopy(element)

    # -- the response cache ------------------------------------------------------------------------

    @staticmethod
    def _cache_key(info: ResourceInfo[Any], resource_id: Any) -> str:
        return f"/{info.name}{normalize_key(resource_id)}"

    def _cached(self, info: ResourceInfo[Any], resource_id: Any) -> dict[str, Any] | None:
        if not self.enable_caching or resource_id is None:
            return None
        hit = self.session_cache.get(self._cache_key(info, resource_id))
        return copy.deepcopy(hit) if isinstance(hit, dict) else None

    def _remember(self, info: ResourceInfo[Any], elements: Any) -> None:
        if not self.enable_caching or not isinstance(elements, list):
            return
        for element in elements:
            if isinstance(element, dict) and element.get("id") is not None:
                self.session_cache.set(self._cache_key(info, element["id"]), copy.deepcopy(element))

    def _store(self, endpoint: str, content: Mapping[str, Any]) -> None:
        """Cache a record's full content after a save (the merged object, not a partial)."""
        self._remember(_info_for(endpoint), [dict(content)])

    def _forget(self, info: ResourceInfo[Any], resource_id: Any) -> None:
        if resource_id is not None:
            self.session_cache.delete(self._cache_key(info, resource_id))

    def _drop_linked(self, info: ResourceInfo[Any], *records: Any) -> None:
        # crmkit decision: a child's write changes its parents' derived lists on the server,
        # so their cached copies are stale.
        for record in records:
            if not isinstance(record, Mapping):
                continue
            for key, targets in _PARENT_LINKS.get(info.name, ()):
                value = record.get(key)
                for target_id in value if isinstance(value, list) else [value]:
                    if target_id is None:
                        continue
                    for target in targets:
                        # Only the response cache: a shared instance may hold unsaved edits.
                        self.session_cache.delete(f"/{target}{normalize_key(target_id)}")

    # -- shared instances --------------------------------------------------------------------------

    def get(self, endpoint: str | type, key: Any, lazy_load: bool = False) -> Any:
        """The shared instance of ``endpoint`` (a class or registered name) with ``key``.

        Raises:
            KeyError: ``endpoint`` is not registered.
        """
        name = endpoint if isinstance(endpoint, str) else endpoint.__name__
        factory = self.ENDPOINT_FACTORY[name][0]
        key = normalize_key(key)
        cache_key = f"{name}{key}"
        instance = self.instance_cache.get(cache_key)
        if instance is None:
            instance = factory(self, key=key, lazy_load=lazy_load)
            self.instance_cache[cache_key] = instance
            self.instance_cache.setdefault(f"{type(instance).__name__}{key}", instance)
        return instance

    def _forget_instance(self, instance: Any) -> None:
        for name in [k for k, v in self.instance_cache.items() if v is instance]:
            del self.instance_cache[name]

    def _custom_field_definitions(self) -> dict[str, Any]:
        """Custom-field definitions by id (as a string), loaded once per Session."""
        if self._custom_fields is None:
            factory: Any = self.ENDPOINT_FACTORY["CustomField"][0]
            fields = factory.all(self)
            self._custom_fields = {str(f.key): f for f in fields}
        return self._custom_fields


def _info_for(endpoint: str) -> ResourceInfo[Any]:
    name = endpoint.strip("/")
    known = RESOURCES.get(name)
    if known is not None:
        return known
    # A resource crmkit does not know (a custom registered endpoint): ids are passed through.
    path_param(name, name="endpoint")
    return ResourceInfo(name, ClevertimModel, numeric_ids=False)
