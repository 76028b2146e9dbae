"""Fault injection and per-credential rate limits for emulators.

:class:`Faults` decides, per request and deterministically from a seed, whether to add latency,
answer 429 or a 5xx, drop the connection (before or after the request is processed) or truncate
the body. Specs look like the CLI's ``--fault KIND:RATE``: ``429:0.05``, ``503:0.1``,
``drop:0.02``, ``drop-after:0.02``, ``truncate:0.01``, ``5xx:0.05`` (any of 500/502/503/504).

:class:`SlidingWindowLimit` counts requests per credential over a sliding window and says when
one is over the limit and how long until it is not.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

__all__ = ["FAULT_KINDS", "FaultDecision", "Faults", "SlidingWindowLimit", "parse_fault"]

FAULT_KINDS = (
    "429",
    "500",
    "502",
    "503",
    "504",
    "5xx",
    "drop",
    "drop-after",
    "truncate",
)


def parse_fault(spec: str) -> tuple[str, float]:
    """Parse ``KIND:RATE`` (rate in [0, 1])."""
    kind, sep, rate_text = spec.partition(":")
    kind = kind.strip().lower()
    if not sep or kind not in FAULT_KINDS:
        raise ValueError(
            f"fault {spec!r} must be KIND:RATE with KIND one of {', '.join(FAULT_KINDS)}"
        )
    try:
        rate = float(rate_text)
    except ValueError:
        raise ValueError(f"fault {spec!r}: RATE must be a number between 0 and 1") from None
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"fault {spec!r}: RATE must be between 0 and 1")
    return kind, rate


@dataclass(frozen=True)
class FaultDecision:
    """What to do to one request.

    Attributes:
        status: answer this status instead of handling the request (429 or 5xx), or None.
        drop: ``"before"`` (close without processing), ``"after"`` (process, then close
            without answering), or None.
        truncate: process, then send only half of the body.
        delay: seconds of added latency.
    """

    status: int | None = None
    drop: str | None = None
    truncate: bool = False
    delay: float = 0.0


@dataclass
class Faults:
    """Per-request fault decisions, reproducible from ``seed``.

    Attributes:
        rates: kind -> probability in [0, 1].
        latency: seconds added to every answer.
        retry_after: the Retry-After value sent with injected 429s (None: no header).
        seed: seeds the decisions.
        only_paths: when set, faults apply only to paths starting with one of these.
    """

    rates: dict[str, float] = field(default_factory=dict)
    latency: float = 0.0
    retry_after: float | None = 1.0
    seed: int = 0
    only_paths: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()
        for kind in self.rates:
            if kind not in FAULT_KINDS:
                raise ValueError(f"unknown fault kind {kind!r}")

    @classmethod
    def from_specs(cls, specs: Iterable[str], **kwargs: float | int | None) -> Faults:
        """Build from ``KIND:RATE`` strings."""
        return cls(rates=dict(parse_fault(s) for s in specs), **kwargs)  # type: ignore[arg-type]

    @property
    def active(self) -> bool:
        """Whether any fault or latency is configured."""
        return self.latency > 0 or any(r > 0 for r in self.rates.values())

    def decide(self, path: str) -> FaultDecision:
        """Draw the fault (if any) for one request."""
        if not self.active or (self.only_paths and not path.startswith(self.only_paths)):
            return FaultDecision(delay=self.latency)
        with self._lock:
            draws = {kind: self._rng.random() for kind in FAULT_KINDS}
            five = self._rng.choice((500, 502, 503, 504))
        for kind in FAULT_KINDS:
            rate = self.rates.get(kind, 0.0)
            if rate <= 0 or draws[kind] >= rate:
                continue
            if kind == "drop":
                return FaultDecision(drop="before", delay=self.latency)
            if kind == "drop-after":
                return FaultDecision(drop="after", delay=self.latency)
            if kind == "truncate":
                return FaultDecision(truncate=True, delay=self.latency)
            status = five if kind == "5xx" else int(kind)
            return FaultDecision(status=status, delay=self.latency)
        return FaultDecision(delay=self.latency)


class SlidingWindowLimit:
    """At most ``limit`` requests per ``per`` seconds for each credential.

    Args:
        limit: requests allowed in any window of ``per`` seconds.
        per: the window in seconds.
        clock: the clock (injectable).
    """

    def __init__(
        self, limit: int, per: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if limit < 1 or per <= 0:
            raise ValueError("limit must be >= 1 and per > 0")
        self.limit = limit
        self.per = per
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, identity: str) -> float | None:
        """Record a request; return None if allowed, else seconds until one would be."""
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(identity, deque())
            while hits and hits[0] <= now - self.per:
                hits.popleft()
            if len(hits) >= self.limit:
                return max(0.001, hits[0] + self.per - now)
            hits.append(now)
            return None
