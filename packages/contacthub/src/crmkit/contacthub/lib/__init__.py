"""Helpers of the old SDK's idiom, under its module paths (``contacthub.lib``)."""

from .paginated_list import PaginatedList
from .read_only_list import ReadOnlyList

__all__ = ["PaginatedList", "ReadOnlyList"]
