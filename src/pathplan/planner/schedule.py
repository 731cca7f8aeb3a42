"""Schedules: lay a plan's steps out in weeks and dates at a number of hours per week."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pathplan.errors import CalendarError, InvalidValueError
from pathplan.planner.results import Step

__all__ = ["Schedule", "ScheduledStep", "schedule"]


@dataclass(frozen=True)
class ScheduledStep:
    """A step with the weeks (1-based, inclusive) and dates it takes."""

    move: int  # 1-based move of a route; 1 for a single plan
    step: Step
    start_week: int
    end_week: int
    start: date
    end: date


@dataclass(frozen=True)
class Schedule:
    """Steps in plan order, one after another, at a steady number of hours per week."""

    hours_per_week: float
    start: date
    items: tuple[ScheduledStep, ...]

    @property
    def weeks(self) -> int:
        """Weeks until the last step ends (0 for an empty plan)."""
        return self.items[-1].end_week if self.items else 0

    @property
    def finish(self) -> date:
        """The last day of the last week with learning in it (the start for an empty plan)."""
        return self.items[-1].end if self.items else self.start


def _week(hours: float, per_week: float, rounding: str) -> int:
    # Round away float noise first, so 30 h at 10 h/week is 3 weeks, not 3.0000000001.
    weeks = round(hours / per_week, 9)
    return math.floor(weeks) + 1 if rounding == "start" else max(1, math.ceil(weeks))


def schedule(
    steps: Sequence[Step], hours_per_week: float, start: date, moves: Sequence[int] = ()
) -> Schedule:
    """Schedule `steps` in order from `start`; `moves[i]` numbers the move of step i.

    Week k runs from start + 7(k-1) days to start + 7k - 1 days. A step that begins exactly at a
    week boundary starts in the next week; a step of 0 hours takes no week of its own.
    Raises InvalidValueError (a ValueError) unless `hours_per_week` is positive, and
    CalendarError when the schedule would end after the last date there is (9999-12-31).
    """
    if hours_per_week <= 0:
        raise InvalidValueError("hours_per_week", hours_per_week, "hours per week must be positive")
    items = []
    done = 0.0
    for i, step in enumerate(steps):
        first = _week(done, hours_per_week, "start")
        done += step.hours
        last = max(first, _week(done, hours_per_week, "end")) if step.hours else first
        try:
            begins = start + timedelta(days=7 * (first - 1))
            ends = start + timedelta(days=7 * last - 1)
        except OverflowError:
            raise CalendarError(start, hours_per_week, date.max) from None
        items.append(
            ScheduledStep(
                move=moves[i] if i < len(moves) else 1,
                step=step,
                start_week=first,
                end_week=last,
                start=begins,
                end=ends,
            )
        )
    return Schedule(hours_per_week, start, tuple(items))
