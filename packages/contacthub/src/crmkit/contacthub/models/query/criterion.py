"""``Criterion``: one condition of a customer query, or two joined by and/or.

``to_condition()`` builds ContactHub's condition JSON with the old SDK's key order (atomic:
``type, attribute, operator, value``; composite: ``type, conditions, conjunction``), which its
tests compare as text. ``a & b`` / ``a | b`` join exactly two, never flattened.

Fixed (vendor file §5.2): ``value`` is always sent except for IS_NULL / IS_NOT_NULL; the old SDK
dropped falsy values, so ``== 0``, ``== ''`` and ``== False`` queried nothing useful.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Criterion"]


class Criterion:
    """``(first_element, operator, second_element)``: field/operator/value, or two criteria."""

    class SIMPLE_OPERATORS:
        """Operators comparing a field with a value."""

        EQUALS = "EQUALS"
        NOT_EQUALS = "NOT_EQUALS"
        GT = "GT"
        GTE = "GTE"
        LT = "LT"
        LTE = "LTE"
        IN = "IN"
        NOT_IN = "NOT_IN"
        IS_NULL = "IS_NULL"
        IS_NOT_NULL = "IS_NOT_NULL"
        BETWEEN = "BETWEEN"
        OPERATORS = [  # noqa: RUF012 - the old SDK's public list
            "EQUALS",
            "NOT_EQUALS",
            "GT",
            "GTE",
            "LT",
            "LTE",
            "IN",
            "NOT_IN",
            "IS_NULL",
            "IS_NOT_NULL",
            "BETWEEN",
        ]

    class COMPLEX_OPERATORS:
        """Operators joining two criteria."""

        AND = "and"
        OR = "or"
        OPERATORS = ["and", "or"]  # noqa: RUF012 - the old SDK's public list

    def __init__(self, first_element: Any, operator: str, second_element: Any = None) -> None:
        self.first_element = first_element
        self.operator = operator
        self.second_element = second_element

    def __and__(self, other: Criterion) -> Criterion:
        return Criterion(self, Criterion.COMPLEX_OPERATORS.AND, other)

    def __or__(self, other: Criterion) -> Criterion:
        return Criterion(self, Criterion.COMPLEX_OPERATORS.OR, other)

    def to_condition(self) -> dict[str, Any]:
        """ContactHub's condition JSON for this criterion."""
        if self.operator in Criterion.COMPLEX_OPERATORS.OPERATORS:
            return {
                "type": "composite",
                "conditions": [
                    self.first_element.to_condition(),
                    self.second_element.to_condition(),
                ],
                "conjunction": self.operator,
            }
        condition: dict[str, Any] = {
            "type": "atomic",
            "attribute": self.first_element.field,
            "operator": self.operator,
        }
        if self.operator not in (
            Criterion.SIMPLE_OPERATORS.IS_NULL,
            Criterion.SIMPLE_OPERATORS.IS_NOT_NULL,
        ):
            condition["value"] = self.second_element
        return condition

    def as_query_wrapper(self) -> dict[str, Any]:
        """The query wrapper selecting customers matching this criterion alone."""
        return {
            "name": "query",
            "query": {"type": "simple", "name": "query", "are": {"condition": self.to_condition()}},
        }

    def __repr__(self) -> str:
        return f"Criterion({self.to_condition()!r})"
