"""Schedules: weeks and dates follow the plan in order at the given pace."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pathplan.planner.results import Requirement, Step
from pathplan.planner.schedule import schedule

MONDAY = date(2027, 1, 4)


def steps(*hours: float) -> list[Step]:
    return [Step(f"s{i}", 0, 1, h, Requirement("r", f"s{i}", 1)) for i, h in enumerate(hours)]


def test_weeks_and_dates_by_hand() -> None:
    plan = schedule(steps(10, 5, 25), hours_per_week=10, start=MONDAY)
    assert [(i.start_week, i.end_week) for i in plan.items] == [(1, 1), (2, 2), (2, 4)]
    assert plan.items[0].end == date(2027, 1, 10)  # a week is Monday..Sunday from the start
    assert plan.items[2].start == date(2027, 1, 11)
    assert plan.finish == date(2027, 1, 31) and plan.weeks == 4


def test_float_noise_does_not_add_a_week() -> None:
    plan = schedule(steps(0.1, 0.2), hours_per_week=0.3, start=MONDAY)
    assert plan.weeks == 1


def test_empty_plan_finishes_at_the_start() -> None:
    plan = schedule([], hours_per_week=5, start=MONDAY)
    assert (plan.weeks, plan.finish) == (0, MONDAY)


def test_pace_must_be_positive() -> None:
    with pytest.raises(ValueError):
        schedule(steps(1), hours_per_week=0, start=MONDAY)


@given(
    st.lists(st.integers(0, 200), max_size=12),
    st.floats(0.5, 40, allow_nan=False),
)
def test_schedule_invariants(hours: list[int], per_week: float) -> None:
    plan = schedule(steps(*hours), per_week, MONDAY, moves=[1] * len(hours))
    for before, after in zip(plan.items, plan.items[1:], strict=False):
        # in plan order, back to back: a step starts where the previous ended, or the week after
        assert after.start_week in (before.end_week, before.end_week + 1)
    for item in plan.items:
        assert 1 <= item.start_week <= item.end_week
        assert item.start <= item.end
    total = sum(hours)
    # enough weeks for the hours, and not a whole week more than needed
    assert plan.weeks * per_week >= total - 1e-6
    assert total == 0 or (plan.weeks - 1) * per_week < total + 1e-6
    assert [i.start_week for i in plan.items] == sorted(i.start_week for i in plan.items)
