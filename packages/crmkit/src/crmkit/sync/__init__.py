"""crmkit.sync: keep records in step between any two vendors, incrementally and crash-safely.

``crmkit.sync(source=..., target=..., entity="contacts", match_on="email")`` runs one job and
returns a :class:`SyncReport`; ``await crmkit.sync.arun(...)`` is the async form. The module is
callable so that ``crmkit.sync(...)`` works as the design promised while ``crmkit.sync`` stays
importable as a package.
"""

import sys
import types
from typing import Any

from ._api import arun, as_async, run
from ._engine import MATCH_KEYS, SyncEngine, content_hash, job_id_for
from ._progress import LogProgress, NoProgress, Progress, RichProgress, auto_progress
from ._report import Failure, SyncReport
from ._state import SCHEMA_VERSION, DeadLetter, IdMapRow, JobLocked, StateStore, open_state

__all__ = [
    "MATCH_KEYS",
    "SCHEMA_VERSION",
    "DeadLetter",
    "Failure",
    "IdMapRow",
    "JobLocked",
    "LogProgress",
    "NoProgress",
    "Progress",
    "RichProgress",
    "StateStore",
    "SyncEngine",
    "SyncReport",
    "arun",
    "as_async",
    "auto_progress",
    "content_hash",
    "job_id_for",
    "open_state",
    "run",
]


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> SyncReport:
        return run(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
