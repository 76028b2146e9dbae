"""The old SDK's utility functions (``contacthub.lib.utils``), reimplemented.

- :class:`DateEncoder`: JSON encoder writing datetimes as ``YYYY-MM-DDTHH:MM:SSZ``;
- :func:`get_dictionary_paths`: every key path of a nested dict;
- :func:`generate_mutation_tracker`: what replacing one object with another must send;
- :func:`resolve_mutation_tracker`: dotted keys to nested dicts;
- :func:`remove_empty_attributes`: drop ``None`` values recursively (POST bodies);
- :func:`convert_properties_obj_in_prop`: ``Properties`` objects to plain dicts, in place.
"""

from __future__ import annotations

import copy
from collections.abc import MutableMapping
from typing import Any

from .._encoding import DateEncoder

__all__ = [
    "DateEncoder",
    "convert_properties_obj_in_prop",
    "generate_mutation_tracker",
    "get_dictionary_paths",
    "plain",
    "remove_empty_attributes",
    "resolve_mutation_tracker",
]


def plain(value: Any) -> Any:
    """``value`` with idiom objects (``Properties``, entities) replaced by their dicts.

    Dicts and lists are converted in place and returned (the old SDK shared them).
    """
    attributes = getattr(value, "attributes", None)
    if isinstance(attributes, dict) and hasattr(value, "to_dict"):
        return plain(attributes)
    if isinstance(value, dict):
        for key, item in value.items():
            value[key] = plain(item)
        return value
    if isinstance(value, list):
        for i, item in enumerate(value):
            list.__setitem__(value, i, plain(item))
        return value
    return value


def convert_properties_obj_in_prop(
    properties: MutableMapping[str, Any], properties_class: Any
) -> None:
    """Replace every ``properties_class`` object inside ``properties`` by its attributes dict."""
    # ``plain`` recognises Properties (and entities) by their ``attributes`` dict, so the class
    # argument, kept for the old signature, is not needed to find them.
    for key, value in list(properties.items()):
        properties[key] = plain(value)


def get_dictionary_paths(d: dict[str, Any], main_list: list[list[str]]) -> None:
    """Append to ``main_list`` every key path of ``d`` down to a non-dict value (or ``{}``).

    ``{'a': {'b': {'c': 1, 'd': 2}, 'e': 3}}`` gives ``a,b,c``; ``a,b,d``; ``a,e``.
    """

    def walk(node: dict[str, Any], prefix: list[str]) -> None:
        for key, value in node.items():
            if isinstance(value, dict) and value:
                walk(value, [*prefix, key])
            else:
                main_list.append([*prefix, key])

    walk(d, [])


def generate_mutation_tracker(
    old_attributes: dict[str, Any], new_attributes: dict[str, Any]
) -> dict[str, Any]:
    """What to send when ``old_attributes`` is replaced by ``new_attributes``.

    Start from the old object; each key of the new one takes its new value (in the old key's
    place, or appended); then every old path missing from the new object is set to null at its
    first missing level (``[]`` when the old value there was a list), so a PATCH clears it.
    """
    result = copy.deepcopy(old_attributes)
    for key, value in new_attributes.items():
        result[key] = copy.deepcopy(plain(value))
    paths: list[list[str]] = []
    get_dictionary_paths(old_attributes, paths)
    for path in paths:
        new_level: Any = new_attributes
        old_level: Any = old_attributes
        target: Any = result
        for key in path:
            if not isinstance(new_level, dict) or key not in new_level:
                if isinstance(target, dict):
                    target[key] = [] if isinstance(old_level.get(key), list) else None
                break
            new_level, old_level = new_level[key], old_level[key]
            target = target.get(key) if isinstance(target, dict) else None
    return result


def resolve_mutation_tracker(mutation_tracker: dict[str, Any]) -> dict[str, Any]:
    """Nest dotted keys: ``{'a.b.c': 'e'}`` becomes ``{'a': {'b': {'c': 'e'}}}``.

    Keys are applied in insertion order; values are copied, so the result never aliases the
    object's own data.
    """
    result: dict[str, Any] = {}
    for dotted, value in mutation_tracker.items():
        keys = dotted.split(".")
        level = result
        for key in keys[:-1]:
            child = level.get(key)
            if not isinstance(child, dict):
                child = {}
                level[key] = child
            level = child
        level[keys[-1]] = copy.deepcopy(plain(value))
    return result


def remove_empty_attributes(attributes: Any) -> Any:
    """A copy of ``attributes`` without ``None`` values, recursively (``[]`` and ``{}`` kept)."""
    if isinstance(attributes, dict):
        return {k: remove_empty_attributes(v) for k, v in attributes.items() if v is not None}
    if isinstance(attributes, list):
        return [remove_empty_attributes(v) for v in attributes]
    return attributes
