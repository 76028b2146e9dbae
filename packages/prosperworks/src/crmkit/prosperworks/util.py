"""prospyr's small helpers: case conversion, durations, dotted-path imports."""

from __future__ import annotations

import importlib
import re
from typing import Any

__all__ = ["import_dotted_path", "seconds", "to_camel", "to_kebab", "to_snake"]

_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def _words(name: str) -> list[str]:
    spaced = _BOUNDARY.sub(" ", name)
    return [w for w in re.split(r"[\s_\-]+", spaced) if w]


def to_snake(name: str) -> str:
    """``"PipelineStage"`` -> ``"pipeline_stage"``."""
    return "_".join(w.lower() for w in _words(name))


def to_kebab(name: str) -> str:
    """``"PipelineStage"`` -> ``"pipeline-stage"``."""
    return "-".join(w.lower() for w in _words(name))


def to_camel(name: str) -> str:
    """``"pipeline_stage"`` -> ``"PipelineStage"``."""
    return "".join(w[:1].upper() + w[1:] for w in _words(name))


def seconds(days: float = 0, hours: float = 0, minutes: float = 0, seconds: float = 0) -> int:
    """A duration in whole seconds: ``seconds(minutes=5)`` -> 300."""
    return int(days * 86400 + hours * 3600 + minutes * 60 + seconds)


def import_dotted_path(path: str) -> Any:
    """Import ``"package.module.attr"`` and return ``attr``.

    Raises:
        ImportError: the module or attribute does not exist.
    """
    module_name, _, attr = path.rpartition(".")
    if not module_name:
        raise ImportError(f"{path!r} is not a dotted path")
    module = importlib.import_module(module_name)
    try:
        return getattr(module, attr)
    except AttributeError:
        raise ImportError(f"{module_name} has no attribute {attr!r}") from None
