"""prospyr's managers: what ``Resource.objects`` returns.

- :class:`Manager` (people, companies, leads, opportunities, tasks, activities, projects):
  ``get(id)``, ``all()``, ``filter(**q)``, ``order_by(f)``, ``store_invalid(dest)``;
- :class:`PersonManager`: ``get(email=...)`` too;
- :class:`ListOnlyManager` (users, webhooks, pipelines, stages, loss reasons...): ``all()`` is a
  :class:`~crmkit.prosperworks.search.ListSet`; ``get(id)`` looks the id up in the (cached)
  list, re-lists once if it is missing, then raises ``KeyError``;
- :class:`ActivityTypeManager`: the same for activity types, keyed by (category, id);
- :class:`SingletonManager` (account): ``get()`` without an id;
- :class:`NoCollectionManager` (identifiers): no collection at all.

``use(name)`` returns a copy bound to another connection (prospyr mutated the shared manager,
so one ``use()`` leaked into every later call); ``get(..., using=name)`` works too.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from . import _endpoints as ep
from . import connection
from .errors import ProspyrException
from .models import ActivityType, Resource
from .search import ActivityTypeListSet, ListSet, ResultSet

__all__ = [
    "ActivityTypeManager",
    "BaseManager",
    "ListOnlyManager",
    "Manager",
    "NoCollectionManager",
    "PersonManager",
    "SingletonManager",
]

R = TypeVar("R", bound=Resource)


class BaseManager(Generic[R]):
    """Common plumbing: the resource class and the connection name."""

    def __init__(self, resource_cls: type[R], using: str = "default") -> None:
        self.resource_cls = resource_cls
        self.using = using

    def use(self, name: str) -> Any:
        """A copy of this manager bound to the connection ``name``."""
        return type(self)(self.resource_cls, using=name)

    def _conn_name(self, using: str | None) -> str:
        return using if using is not None else self.using

    def all(self) -> Any:
        """Not supported by this manager."""
        raise NotImplementedError(f"{type(self).__name__} does not support listing all records")

    def filter(self, **query: Any) -> Any:
        """Not supported by this manager."""
        raise NotImplementedError(f"{type(self).__name__} does not support filtering records")

    def order_by(self, field: str) -> Any:
        """Not supported by this manager."""
        raise NotImplementedError(f"{type(self).__name__} does not support ordering records")

    def store_invalid(self, dest: Any) -> Any:
        """A collection whose invalid rows go to ``dest`` instead of raising."""
        return self.all().store_invalid(dest)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self.resource_cls.__name__} using {self.using!r}>"


class Manager(BaseManager[R]):
    """Search, order and read one main entity."""

    def _fresh(self) -> ResultSet[R]:
        return ResultSet(self.resource_cls, using=self.using)

    def all(self) -> ResultSet[R]:
        """Every record, lazily (``POST <entity>/search`` page by page)."""
        return self.filter()

    def filter(self, **query: Any) -> ResultSet[R]:
        """Records matching ``query`` (ProsperWorks' search filters; unknown ones are ignored
        by ProsperWorks, which then returns everything)."""
        return self._fresh().filter(**query)

    def order_by(self, field: str) -> ResultSet[R]:
        """Every record ordered by ``field`` (``"-field"`` descending)."""
        return self._fresh().order_by(field)

    def store_invalid(self, dest: Any) -> ResultSet[R]:
        """A result set collecting rows that fail validation in ``dest``."""
        return self._fresh().store_invalid(dest)

    def get(self, id: Any = None, using: str | None = None) -> R:
        """The record ``id`` (a cached ``GET <entity>/{id}``).

        Raises:
            NotFound: no such record (an ``ApiError`` with status 404).
        """
        if id is None:
            raise ProspyrException(f"id is required when getting a {self.resource_cls.__name__}")
        name = self._conn_name(using)
        found = self.resource_cls._get_via(connection.get(name).client, id)
        found._bind(name)
        return found


class PersonManager(Manager[R]):
    """People can also be read by email."""

    def get(  # type: ignore[override]
        self, id: Any = None, email: str | None = None, using: str | None = None
    ) -> R:
        """The person ``id``, or the one with ``email`` (``POST people/fetch_by_email``).

        Raises:
            ProspyrException: neither ``id`` nor ``email`` given.
            NotFound: no such person.
        """
        if id is not None:
            return super().get(id, using=using)
        if email is not None:
            name = self._conn_name(using)
            found: Any = connection.get(name).client.send(ep.fetch_by_email(email))
            found._bind(name)
            return found  # type: ignore[no-any-return]
        raise ProspyrException("id or email is required when getting a Person")


class ListOnlyManager(BaseManager[R]):
    """A resource served as one unpaged list: ``get(id)`` is answered from the list."""

    def all(self) -> ListSet[R]:
        """The whole list (one cached GET)."""
        return ListSet(self.resource_cls, using=self.using)

    def filter(self, **query: Any) -> Any:
        """Not possible: lists take no filters."""
        return self.all().filter(**query)

    def order_by(self, field: str) -> Any:
        """Not possible: lists take no ordering."""
        return self.all().order_by(field)

    def store_invalid(self, dest: Any) -> Any:
        """The list, collecting rows that fail validation in ``dest``."""
        return self.all().store_invalid(dest)

    def get(self, id: Any = None, using: str | None = None) -> R:
        """The record ``id`` from the list; re-lists once if missing.

        Raises:
            RecordNotFound: (a ``KeyError``) ``Record with id `<id>` does not exist``.
        """
        name = self._conn_name(using)
        found = connection.get(name).client.send(ep.find_in_list(self.resource_cls, id))
        found._bind(name)
        return found


class ActivityTypeManager(ListOnlyManager[Any]):
    """Activity types: user and system types share ids, so ``get`` takes a category."""

    def all(self) -> ActivityTypeListSet:
        """User types, then system types."""
        return ActivityTypeListSet(using=self.using)

    def get(
        self, id: Any = None, using: str | None = None, category: str | None = None
    ) -> ActivityType:
        """The activity type ``(category, id)``; without a category, a user type wins
        (prospyr matched by id alone, so system types shadowed user ones)."""
        name = self._conn_name(using)
        found = connection.get(name).client.send(ep.find_activity_type(id, category))
        found._bind(name)
        return found


class NoCollectionManager(BaseManager[Any]):
    """For value objects (Identifier): nothing to list, filter, order or get."""

    def _refuse(self) -> NotImplementedError:
        return NotImplementedError(
            f"{self.resource_cls.__name__} cannot be treated as a collection."
        )

    def all(self) -> Any:
        """Refused."""
        raise self._refuse()

    def filter(self, **query: Any) -> Any:
        """Refused."""
        raise self._refuse()

    def order_by(self, field: str) -> Any:
        """Refused."""
        raise self._refuse()

    def store_invalid(self, dest: Any) -> Any:
        """Refused."""
        raise self._refuse()

    def get(self, *args: Any, **kwargs: Any) -> Any:
        """Refused: identifiers are built with ``Identifier.from_instance`` and friends."""
        raise self._refuse()


class SingletonManager(NoCollectionManager):
    """The account: one record, read without an id."""

    def get(self, *args: Any, using: str | None = None, **kwargs: Any) -> Any:
        """``GET account``."""
        name = self._conn_name(using)
        found = self.resource_cls._get_via(connection.get(name).client, None)
        found._bind(name)
        return found
