"""The paginated-list envelope customers and events come in (vendor file §4)."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["PageInfo", "PageOf"]

T = TypeVar("T")


class PageInfo(BaseModel):
    """The ``page`` object: ``number`` is 0-based; ``total_unfiltered_elements`` counts before
    the query or filters (customers of the node, events of the customer)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    size: int = 0
    total_elements: int = Field(0, alias="totalElements")
    total_unfiltered_elements: int | None = Field(None, alias="totalUnfilteredElements")
    total_pages: int = Field(0, alias="totalPages")
    number: int = 0


class PageOf(BaseModel, Generic[T]):
    """One page: ``elements`` and the ``page`` counters."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    elements: list[T] = Field(default_factory=list)
    page: PageInfo = Field(default_factory=PageInfo)
