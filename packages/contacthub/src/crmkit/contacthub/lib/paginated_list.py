"""``PaginatedList``: one page of results that can move to the next or previous page in place.

The old SDK's result type for ``get_customers``, ``get_events`` and queries. It is a
:class:`~crmkit.contacthub.lib.read_only_list.ReadOnlyList` of entities plus the page counters;
``next_page()``/``previous_page()`` reload it with the same arguments and return it.

Fixed bugs (vendor file §8, §9): the requested ``page`` is honoured (the old SDK ignored it), and
``next_page()`` on an empty result raises instead of asking for page 1.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors.operation_not_permitted import OperationNotPermitted
from .read_only_list import ReadOnlyList

__all__ = ["PaginatedList"]


class PaginatedList(ReadOnlyList):
    """A page of ``entity_class`` objects loaded by ``function(**kwargs)``.

    Attributes:
        page: the raw ``page`` object of the last answer.
        size: elements per page.
        total_elements: elements matching across all pages.
        total_pages: number of pages.
        total_unfiltered_elements: elements before the query/filters.
        page_number: the current page (0-based).
    """

    def __init__(
        self, node: Any, function: Callable[..., dict[str, Any]], entity_class: Any, **kwargs: Any
    ) -> None:
        super().__init__()
        self.node = node
        self.function = function
        self.entity_class = entity_class
        self.kwargs = kwargs
        self._load(kwargs.get("page"))

    def _load(self, page: int | None) -> None:
        kwargs = dict(self.kwargs)
        if page is not None:
            kwargs["page"] = page
        response = self.function(**kwargs)
        elements = [self.entity_class(node=self.node, **e) for e in response.get("elements", [])]
        list.clear(self)
        list.extend(self, elements)
        self.page: dict[str, Any] = dict(response.get("page") or {})
        self.size = self.page.get("size")
        self.total_elements = self.page.get("totalElements")
        self.total_pages = self.page.get("totalPages")
        self.total_unfiltered_elements = self.page.get("totalUnfilteredElements")
        self.page_number: int = int(self.page.get("number") or 0)

    def next_page(self) -> PaginatedList:
        """Load the next page in place; ``OperationNotPermitted`` on the last one."""
        if self.page_number >= int(self.total_pages or 0) - 1:
            raise OperationNotPermitted("Last page reached.")
        self._load(self.page_number + 1)
        return self

    def previous_page(self) -> PaginatedList:
        """Load the previous page in place; ``OperationNotPermitted`` on the first one."""
        if self.page_number <= 0:
            raise OperationNotPermitted("First page reached.")
        self._load(self.page_number - 1)
        return self

    def __repr__(self) -> str:
        return f"PaginatedList({list.__repr__(self)}, page_number={self.page_number})"
