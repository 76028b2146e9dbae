"""The emulator's account: one table per storage kind plus an index of links between records.

Contacts and companies live in one ``customer`` table (one id sequence, vendor notes §3); folder
ids are ``"f<n>"``. The link index maps each record to the records pointing at it, which gives
the derived lists (a contact's ``notes``...) without scanning, and tells a delete what to repair:
list links lose the id, single links become null, comments of a deleted note or task go too.

Rows hold only what was written (plus server-set keys); :meth:`Account.render` fills every
default and derived key when answering.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from crmkit.core.emulator import Table

from ._schema import DERIVED, REFS, RESOURCES, table_of

__all__ = ["Account"]

Link = tuple[str, Any, str]
"""(source table, source id, key) of a record pointing at another."""

_TABLES = (
    "customer",
    "case",
    "opportunity",
    "task",
    "note",
    "comment",
    "customfield",
    "user",
    "group",
    "folder",
    "file",
    "linkedfile",
)


def _number(key: Any) -> int:
    return int(key[1:]) if isinstance(key, str) else int(key)


class Account:
    """All data of the one shared Clevertim account."""

    def __init__(self) -> None:
        self.tables: dict[str, Table[dict[str, Any]]] = {
            name: Table(id_factory=(lambda n: f"f{n}") if name == "folder" else None)
            for name in _TABLES
        }
        self.links: defaultdict[tuple[str, Any], set[Link]] = defaultdict(set)
        self.lock = threading.RLock()

    # -- lookups ---------------------------------------------------------------------------------

    def resource_of(self, table: str, row: dict[str, Any]) -> str:
        """The resource a row of ``table`` belongs to (``customer`` rows: contact or company)."""
        if table == "customer":
            return "company" if row.get("is_company") else "contact"
        return table

    def get(self, resource: str, key: Any) -> dict[str, Any] | None:
        """The stored row of ``resource`` ``key``, or None (a company is not a contact)."""
        row = self.tables[table_of(resource)].get(key)
        if row is None or self.resource_of(table_of(resource), row) != resource:
            return None
        return row

    def rows(self, resource: str) -> Iterator[tuple[Any, dict[str, Any]]]:
        """(id, row) of every record of ``resource``, ascending id."""
        table = table_of(resource)
        for key, row in self.tables[table].items():
            if self.resource_of(table, row) == resource:
                yield key, row

    def exists(self, table: str, key: Any, company_only: bool = False) -> bool:
        """Whether a link target exists (``company_only``: it must be a company)."""
        row = self.tables[table].get(key)
        if row is None:
            return False
        return not company_only or bool(row.get("is_company"))

    def custom_fields(self) -> dict[str, dict[str, Any]]:
        """Custom-field definitions by id as a string (the ``cf`` keys)."""
        return {str(k): v for k, v in self.tables["customfield"].items()}

    # -- writes ------------------------------------------------------------------------------------

    def insert(self, resource: str, row: dict[str, Any], key: Any = None) -> Any:
        """Store a new record (a fresh id unless ``key``); returns the id."""
        with self.lock:
            table = self.tables[table_of(resource)]
            if key is None:
                key = table.next_id()
            else:
                # Seeded ids advance the sequence (vendor notes §8.4): reserve ids up to ``key``
                # so the next create gets a fresh one. Seeding inserts ids in ascending order.
                reserved = table.next_id()
                while _number(reserved) < _number(key):
                    reserved = table.next_id()
            table.insert(row, key)
            self._index(resource, key, row)
            return key

    def replace(self, resource: str, key: Any, row: dict[str, Any]) -> None:
        """Store ``row`` as the new state of an existing record."""
        with self.lock:
            old = self.tables[table_of(resource)].get(key)
            if old is not None:
                self._unindex(resource, key, old)
            self.tables[table_of(resource)].insert(row, key)
            self._index(resource, key, row)

    def delete(self, resource: str, key: Any) -> None:
        """Delete a record and repair everything that pointed at it."""
        with self.lock:
            table = table_of(resource)
            row = self.tables[table].delete(key)
            if row is None:
                return
            self._unindex(resource, key, row)
            for source_table, source_key, link_key in sorted(
                self.links.pop((table, key), set()), key=repr
            ):
                source = self.tables[source_table].get(source_key)
                if source is None:
                    continue
                source_resource = self.resource_of(source_table, source)
                ref = REFS[source_resource][link_key]
                if ref.cascade:
                    self.delete(source_resource, source_key)
                elif ref.many:
                    self._unindex(source_resource, source_key, source)
                    source[link_key] = [v for v in source.get(link_key) or [] if v != key]
                    self._index(source_resource, source_key, source)
                else:
                    source[link_key] = None

    def _targets(self, resource: str, row: dict[str, Any]) -> Iterator[tuple[str, Any, str]]:
        for link_key, ref in REFS.get(resource, {}).items():
            value = row.get(link_key)
            if value is None:
                continue
            for target in value if isinstance(value, list) else [value]:
                yield ref.table, target, link_key

    def _index(self, resource: str, key: Any, row: dict[str, Any]) -> None:
        table = table_of(resource)
        for target_table, target, link_key in self._targets(resource, row):
            self.links[(target_table, target)].add((table, key, link_key))

    def _unindex(self, resource: str, key: Any, row: dict[str, Any]) -> None:
        table = table_of(resource)
        for target_table, target, link_key in self._targets(resource, row):
            found = self.links.get((target_table, target))
            if found is not None:
                found.discard((table, key, link_key))
                if not found:
                    del self.links[(target_table, target)]

    # -- answers -----------------------------------------------------------------------------------

    def derived(self, resource: str, key: Any, name: str) -> list[Any]:
        """A derived list (e.g. a contact's ``notes``) from the link index."""
        child_table, child_key = DERIVED[(resource, name)]
        found = self.links.get((table_of(resource), key), ())
        return sorted(s for t, s, k in found if t == child_table and k == child_key)

    def render(self, resource: str, key: Any, row: dict[str, Any]) -> dict[str, Any]:
        """The record as Clevertim answers it: ``id``, every key with defaults, then extras."""
        schema = RESOURCES[resource]
        out: dict[str, Any] = {"id": key}
        for name, default in schema.defaults.items():
            if (resource, name) in DERIVED:
                out[name] = self.derived(resource, key, name)
            else:
                out[name] = row.get(name, default)
        for name, value in row.items():
            if name not in out:
                out[name] = value
        return out

    def render_bytes(self, resource: str, key: Any, row: dict[str, Any]) -> bytes:
        """:meth:`render` as compact JSON."""
        return json.dumps(
            self.render(resource, key, row), separators=(",", ":"), ensure_ascii=False
        ).encode("utf-8")
