"""Evaluation of ContactHub's customer query language in the emulator (vendor file §5.1).

The live semantics beyond the operator names are not documented; the emulator implements the
vendor file's reading of them:

- a path walks objects and, through arrays, collects every element's value (any-match);
  missing values and unknown paths are null, not errors;
- EQUALS: equal, or the (list) attribute contains the value; NOT_EQUALS is its negation;
- GT/GTE/LT/LTE/BETWEEN (inclusive): numbers numerically, then dates chronologically when both
  sides parse as dates (ISO, or epoch millis), else strings; null never matches;
- IN/NOT_IN: both sides as sets, IN = non-empty intersection;
- IS_NULL: null, missing or ``[]``;
- conjunctions ``and``/``or``; combined INTERSECT, UNION, EXCEPT (first minus the rest).

Malformed queries raise :class:`QueryError` (answered 400).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from .._encoding import parse_api_datetime

__all__ = ["QueryError", "matching_ids"]

Record = dict[str, Any]

_OPERATORS = frozenset(
    {
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
    }
)


class QueryError(ValueError):
    """The query is not valid ContactHub query JSON."""


def _values(record: Any, path: str) -> list[Any]:
    """Every value at ``path`` (through arrays); ``[]`` when there is none."""
    current: list[Any] = [record]
    for key in path.split("."):
        nxt: list[Any] = []
        for item in current:
            if isinstance(item, dict):
                if key in item:
                    nxt.append(item[key])
            elif isinstance(item, list):
                nxt.extend(e[key] for e in item if isinstance(e, dict) and key in e)
        current = nxt
    out: list[Any] = []
    for value in current:
        if isinstance(value, list):
            out.extend(value)
        elif value is not None:
            out.append(value)
    return out


def _as_time(value: Any) -> datetime | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and abs(value) > 10**11:  # epoch millis
        return datetime.fromtimestamp(value / 1000, tz=parse_api_datetime("1970-01-01").tzinfo)
    if isinstance(value, str):
        try:
            return parse_api_datetime(value)
        except ValueError:
            return None
    return None


def _compare(a: Any, b: Any) -> int | None:
    """-1/0/1 comparing ``a`` with ``b``, or None when they cannot be compared."""
    if a is None or b is None:
        return None
    numeric = (int, float)
    if isinstance(a, numeric) and isinstance(b, numeric) and not isinstance(a, bool):
        return (a > b) - (a < b)
    ta, tb = _as_time(a), _as_time(b)
    if ta is not None and tb is not None:
        return (ta > tb) - (ta < tb)
    sa, sb = str(a), str(b)
    return (sa > sb) - (sa < sb)


def _equal(a: Any, b: Any) -> bool:
    if a == b:
        return True
    return _compare(a, b) == 0 and _as_time(a) is not None


def _atomic(condition: dict[str, Any]) -> Callable[[Record], bool]:
    attribute = condition.get("attribute")
    operator = condition.get("operator")
    if not isinstance(attribute, str) or not attribute:
        raise QueryError("an atomic condition needs an attribute")
    if operator not in _OPERATORS:
        raise QueryError(f"unknown operator {operator!r}")
    value = condition.get("value")

    def ordered(test: Callable[[int], bool]) -> Callable[[Record], bool]:
        return lambda r: any(
            (c := _compare(v, value)) is not None and test(c) for v in _values(r, attribute)
        )

    if operator == "EQUALS":
        return lambda r: any(_equal(v, value) for v in _values(r, attribute))
    if operator == "NOT_EQUALS":
        return lambda r: not any(_equal(v, value) for v in _values(r, attribute))
    if operator == "GT":
        return ordered(lambda c: c > 0)
    if operator == "GTE":
        return ordered(lambda c: c >= 0)
    if operator == "LT":
        return ordered(lambda c: c < 0)
    if operator == "LTE":
        return ordered(lambda c: c <= 0)
    if operator == "BETWEEN":
        if not isinstance(value, list) or len(value) != 2:
            raise QueryError("BETWEEN needs a value [from, to]")
        low, high = value

        def between(r: Record) -> bool:
            for v in _values(r, attribute):
                lo, hi = _compare(v, low), _compare(v, high)
                if lo is not None and hi is not None and lo >= 0 and hi <= 0:
                    return True
            return False

        return between
    if operator in ("IN", "NOT_IN"):
        wanted = value if isinstance(value, list) else [value]

        def intersects(r: Record) -> bool:
            return any(_equal(v, w) for v in _values(r, attribute) for w in wanted)

        return intersects if operator == "IN" else (lambda r: not intersects(r))
    if operator == "IS_NULL":
        return lambda r: not _values(r, attribute)
    return lambda r: bool(_values(r, attribute))


def _condition(condition: Any) -> Callable[[Record], bool]:
    if not isinstance(condition, dict):
        raise QueryError("a condition must be an object")
    kind = condition.get("type")
    if kind == "atomic":
        return _atomic(condition)
    if kind == "composite":
        parts = condition.get("conditions")
        conjunction = str(condition.get("conjunction", "")).lower()
        if not isinstance(parts, list) or not parts or conjunction not in ("and", "or"):
            raise QueryError("a composite condition needs conditions and an and/or conjunction")
        tests = [_condition(p) for p in parts]
        if conjunction == "and":
            return lambda r: all(t(r) for t in tests)
        return lambda r: any(t(r) for t in tests)
    raise QueryError(f"unknown condition type {kind!r}")


def _select(query: Any, records: Sequence[Record]) -> set[str]:
    if not isinstance(query, dict):
        raise QueryError("a query must be an object")
    kind = query.get("type")
    if kind == "simple":
        if "did" in query:
            raise QueryError("event conditions ('did') are not supported by the emulator")
        are = query.get("are")
        if not isinstance(are, dict) or "condition" not in are:
            raise QueryError("a simple query needs are.condition")
        test = _condition(are["condition"])
        return {r["id"] for r in records if test(r)}
    if kind == "combined":
        parts = query.get("queries")
        conjunction = query.get("conjunction")
        if not isinstance(parts, list) or not parts:
            raise QueryError("a combined query needs queries")
        sets = [_select(p, records) for p in parts]
        if conjunction == "INTERSECT":
            return set.intersection(*sets)
        if conjunction == "UNION":
            return set.union(*sets)
        if conjunction == "EXCEPT":
            return sets[0].difference(*sets[1:])
        raise QueryError(f"unknown conjunction {conjunction!r}")
    raise QueryError(f"unknown query type {kind!r}")


def matching_ids(wrapper: Any, records: Sequence[Record]) -> set[str]:
    """Ids of ``records`` the query wrapper ``{"name", "query"}`` selects."""
    if not isinstance(wrapper, dict) or "query" not in wrapper:
        raise QueryError('the query parameter must be {"name": ..., "query": {...}}')
    return _select(wrapper["query"], records)
