"""``Query``: a customer query built with ``filter``, ``&`` and ``|`` (vendor file §5.2).

``node.query(Customer).filter(c1).filter(c2)`` ANDs the criteria; ``q1 & q2`` / ``q1 | q2``
combine two filtered queries into INTERSECT / UNION combined queries; ``.all()`` runs it and
returns a :class:`~crmkit.contacthub.lib.paginated_list.PaginatedList` of customers.
"""

from __future__ import annotations

import copy
from typing import Any

from ...errors.operation_not_permitted import OperationNotPermitted
from .criterion import Criterion

__all__ = ["Query"]


class Query:
    """A query on ``entity`` (only ``Customer`` can be queried) in ``node``.

    Args:
        node: the node to query.
        entity: the entity class.
        previous_query: the inner query JSON this one starts from (None: unfiltered).
    """

    def __init__(self, node: Any, entity: Any, previous_query: dict[str, Any] | None = None):
        self.node = node
        self.entity = entity
        self.condition_query = previous_query

    def filter(self, criterion: Criterion) -> Query:
        """A new query with ``criterion`` ANDed to the existing conditions."""
        previous = self.condition_query
        new = criterion.to_condition()
        if previous is None:
            condition = new
        elif previous["type"] == "combined":
            raise OperationNotPermitted("Cannot apply a filter on a combined query.")
        else:
            old = copy.deepcopy(previous["are"]["condition"])
            if old.get("type") == "composite" and old.get("conjunction") == "and":
                old["conditions"].append(new)
                condition = old
            else:
                condition = {"type": "composite", "conditions": [old, new], "conjunction": "and"}
        return Query(
            self.node,
            self.entity,
            {"type": "simple", "name": "query", "are": {"condition": condition}},
        )

    def _combine(self, other: Query, conjunction: str) -> Query:
        mine, theirs = self.condition_query, other.condition_query
        if mine is None or theirs is None:
            raise OperationNotPermitted("Cannot combine empty queries.")
        if theirs["type"] == "combined" and theirs["conjunction"] == conjunction:
            queries = [*copy.deepcopy(theirs["queries"]), copy.deepcopy(mine)]
        elif mine["type"] == "combined" and mine["conjunction"] == conjunction:
            queries = [*copy.deepcopy(mine["queries"]), copy.deepcopy(theirs)]
        else:
            queries = [copy.deepcopy(mine), copy.deepcopy(theirs)]
        return Query(
            self.node,
            self.entity,
            {"type": "combined", "name": "query", "conjunction": conjunction, "queries": queries},
        )

    def __and__(self, other: Query) -> Query:
        return self._combine(other, "INTERSECT")

    def __or__(self, other: Query) -> Query:
        return self._combine(other, "UNION")

    def as_query_wrapper(self) -> dict[str, Any] | None:
        """``{"name": "query", "query": <inner>}``, or None for an unfiltered query."""
        if self.condition_query is None:
            return None
        return {"name": "query", "query": copy.deepcopy(self.condition_query)}

    def all(self) -> Any:
        """Run the query: a ``PaginatedList`` of customers (None for other entities)."""
        from ..customer import Customer

        if self.entity is not Customer:
            return None
        wrapper = self.as_query_wrapper()
        if wrapper is None:
            return self.node.get_customers()
        return self.node._paginated_customers(query=wrapper)

    def __repr__(self) -> str:
        return f"Query({self.condition_query!r})"
