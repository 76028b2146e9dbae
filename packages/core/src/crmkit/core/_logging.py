"""Logging under the ``crmkit`` logger tree, with secrets redacted.

crmkit logs through the standard :mod:`logging` module: ``crmkit.transport`` (one DEBUG line per
request and response, one INFO line per retry), ``crmkit.sync`` and ``crmkit.<vendor>``. Setting
the environment variable ``CRMKIT_LOG`` to ``debug`` or ``info`` attaches a stderr handler.

A :class:`RedactingFilter` sits on each of those loggers and on httpx's and httpcore's, so a
secret that slips into a message or its arguments is masked before any handler sees it.
"""

from __future__ import annotations

import logging
import os

from ._secrets import redact

__all__ = ["RedactingFilter", "get_logger", "setup_logging"]

_THIRD_PARTY = (
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
)


class RedactingFilter(logging.Filter):
    """Mask registered secrets in a record's formatted message before it is emitted."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            message = str(record.msg)
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg = cleaned
            record.args = None
        return True


_FILTER = RedactingFilter()
_configured: set[str] = set()


def get_logger(name: str) -> logging.Logger:
    """Return the logger ``name`` (under ``crmkit``) with the redacting filter attached."""
    logger = logging.getLogger(name)
    if name not in _configured:
        logger.addFilter(_FILTER)
        _configured.add(name)
    return logger


def _protect_third_party() -> None:
    for name in _THIRD_PARTY:
        get_logger(name)


def setup_logging(level: str | int | None = None) -> None:
    """Attach a stderr handler to the ``crmkit`` logger.

    Args:
        level: a logging level; defaults to the ``CRMKIT_LOG`` environment variable.
            Nothing happens when neither is set.
    """
    level = level or os.environ.get("CRMKIT_LOG")
    if not level:
        return
    root = get_logger("crmkit")
    if isinstance(level, str):
        level = logging.getLevelName(level.upper())
        if not isinstance(level, int):
            level = logging.INFO
    root.setLevel(level)
    if not any(getattr(h, "_crmkit", False) for h in root.handlers):
        handler = logging.StreamHandler()
        handler.addFilter(_FILTER)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        handler._crmkit = True  # type: ignore[attr-defined]
        root.addHandler(handler)


_protect_third_party()
