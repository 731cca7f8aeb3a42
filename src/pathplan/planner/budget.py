"""Budgets: how much time and memory a search may spend before it stops with what it knows.

Every search of the planner (the level solver's branch and bound, the route search) counts its
work on a `Meter` made from a `Budget`. Each unit of work reads the clock (cheap); every 50 ms
the meter also reads the process's peak memory, and every quarter second it reports progress
to whoever asked for it. Once a limit is crossed the meter says so, and the search stops and
returns the best answer it has, with a lower bound it has proven (see `Stop`).

Time is wall-clock seconds since the meter started. Memory is how far the process's peak
resident size has grown since then (`resource.getrusage`): what the search can have added, so
the process never peaks more than the budget above where it already was. Where the peak
cannot be read (Windows) only the time limit applies.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from pathplan.errors import InvalidValueError

__all__ = ["DEFAULT_BUDGET", "Budget", "Meter", "Progress", "Stop", "peak_memory_mib"]

StopReason = Literal["time", "memory"]
SearchKind = Literal["route", "plan"]

_MEMORY_EVERY = 0.05  # seconds between reads of the peak memory (a system call)
_PROGRESS_EVERY = 0.25  # seconds between progress reports


def peak_memory_mib() -> float | None:
    """The process's peak resident memory in MiB, or None where it cannot be read."""
    try:
        import resource
    except ImportError:  # not on this platform (Windows)
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


@dataclass(frozen=True)
class Budget:
    """Limits on one search: wall-clock `seconds`, and `memory_mib` it may add to the process.

    None means no limit of that kind. InvalidValueError for a limit that is not a positive
    finite number.
    """

    seconds: float | None = 20.0
    memory_mib: float | None = 512.0

    def __post_init__(self) -> None:
        for what, value in (("seconds", self.seconds), ("memory_mib", self.memory_mib)):
            if value is not None and not (math.isfinite(value) and value > 0):
                raise InvalidValueError(what, value, f"a budget's {what} must be positive")


DEFAULT_BUDGET = Budget()


@dataclass(frozen=True)
class Progress:
    """Where a search is: what it searches, how much it has looked at, its best and its bound."""

    search: SearchKind
    explored: int
    elapsed: float
    best: float | None  # hours of the best answer found so far
    bound: float | None  # no answer can cost fewer hours


@dataclass(frozen=True)
class Stop:
    """Why a search stopped before it had proven its answer, and how far it got."""

    reason: StopReason
    budget: Budget
    elapsed: float
    explored: int


class Meter:
    """Counts a search's work against a budget; `stop` is set once a limit is crossed.

    `clock` and `memory` are what it reads (seconds; peak MiB or None), replaceable for tests.
    """

    def __init__(
        self,
        budget: Budget = DEFAULT_BUDGET,
        progress: Callable[[Progress], None] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        memory: Callable[[], float | None] = peak_memory_mib,
    ) -> None:
        self.budget = budget
        self.progress = progress
        self.clock = clock
        self.memory = memory
        self.started = clock()
        self.baseline = memory() if budget.memory_mib is not None else None
        self.explored = 0
        self.stop: Stop | None = None  # the first time a limit was crossed
        self._spent = False
        self._reserved = 0.0
        self._next_memory = self.started + _MEMORY_EVERY
        self._next_report = self.started + _PROGRESS_EVERY

    @property
    def spent(self) -> bool:
        """Whether a limit has been crossed (and the time held back not yet released)."""
        return self._spent

    def reserve(self, share: float) -> None:
        """Hold back `share` (0..1) of the time limit: `tick` stops short of it until `release`.

        A search that may have to stop keeps time for finishing with what it knows.
        """
        self._reserved = share

    def release(self) -> bool:
        """Give back the time held back; whether there is any to go on with.

        `stop` keeps saying why the search stopped first.
        """
        if self.stop is None or self.stop.reason != "time" or self._reserved == 0:
            return not self._spent
        self._reserved = 0.0
        seconds = self.budget.seconds
        self._spent = seconds is not None and self.clock() - self.started > seconds
        return not self._spent

    def tick(
        self, search: SearchKind, best: float | None = None, bound: float | None = None
    ) -> bool:
        """Count one unit of work; False once the budget is spent.

        `best` and `bound` are what the search knows now, for the progress report.
        """
        self.explored += 1
        if self._spent:
            return False
        now = self.clock()
        elapsed = now - self.started
        budget = self.budget
        reason: StopReason | None = None
        if budget.seconds is not None and elapsed > budget.seconds * (1 - self._reserved):
            reason = "time"
        elif now >= self._next_memory and self.baseline is not None:
            self._next_memory = now + _MEMORY_EVERY
            peak, limit = self.memory(), budget.memory_mib
            if peak is not None and limit is not None and peak - self.baseline > limit:
                reason = "memory"
        if reason is not None:
            self._spent = True
            if self.stop is None:
                self.stop = Stop(reason, budget, elapsed, self.explored)
            return False
        if self.progress is not None and now >= self._next_report:
            self._next_report = now + _PROGRESS_EVERY
            self.progress(Progress(search, self.explored, elapsed, best, bound))
        return True
