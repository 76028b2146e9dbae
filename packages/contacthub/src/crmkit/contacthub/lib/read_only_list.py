"""``ReadOnlyList``: the list the old SDK hands out for list attributes and result pages.

Mutating methods raise ``ValueError('Read Only list proxy')``; ``+=`` stays allowed, because the
old idiom adds to a list attribute with ``customer.base.subscriptions += [...]`` (the new list is
then assigned back and tracked).
"""

from __future__ import annotations

from typing import Any, NoReturn

__all__ = ["ReadOnlyList"]


class ReadOnlyList(list[Any]):
    """A list whose in-place mutators raise ``ValueError``; ``+=`` still works."""

    @staticmethod
    def not_implemented(*args: Any, **kwargs: Any) -> NoReturn:
        """Refuse a mutation."""
        raise ValueError("Read Only list proxy")

    append = extend = insert = pop = remove = reverse = not_implemented
    __setitem__ = __delitem__ = not_implemented
