"""Bounded work: every search stops on its budget with the best it has and a proven bound."""

from __future__ import annotations

import pytest

from pathplan.cli.app import bundled_data
from pathplan.errors import InvalidValueError, SearchStoppedError
from pathplan.loader.framework import load_framework
from pathplan.model import Framework
from pathplan.planner.budget import Budget, Meter, Progress
from pathplan.planner.levels import start_levels
from pathplan.planner.plan import gap, plan
from pathplan.planner.route import find_routes, route
from tests.conftest import FIXTURES

# A hitting-set instance (tests/fixtures/hitting-set): its least-hours plan takes minutes to
# prove, so any small budget runs out on it.
BRIEF = Budget(seconds=0.2)


@pytest.fixture(scope="module")
def hard() -> Framework:
    return load_framework(FIXTURES / "hitting-set")


class Clock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_budget_is_positive_or_none() -> None:
    assert Budget(None, None).seconds is None
    for bad in ({"seconds": 0}, {"seconds": -1}, {"memory_mib": float("nan")}):
        with pytest.raises(InvalidValueError):
            Budget(**bad)


def test_the_meter_stops_on_time_and_reports_progress_on_the_way() -> None:
    clock, heard = Clock(), list[Progress]()
    meter = Meter(Budget(seconds=1, memory_mib=None), heard.append, clock=clock)
    assert meter.tick("route", best=10, bound=5)
    clock.now = 0.3
    assert meter.tick("route", best=9, bound=6)
    assert heard == [Progress("route", 2, 0.3, 9, 6)]
    clock.now = 1.01
    assert not meter.tick("route") and meter.spent
    assert meter.stop is not None and meter.stop.reason == "time" and meter.stop.explored == 3
    assert not meter.tick("route")  # spent stays spent


def test_the_meter_stops_on_memory_it_adds() -> None:
    clock, peak = Clock(), [100.0]
    meter = Meter(Budget(None, memory_mib=50), clock=clock, memory=lambda: peak[0])
    clock.now = 0.1
    peak[0] = 140.0
    assert meter.tick("plan")
    clock.now = 0.2
    peak[0] = 151.0  # 51 MiB above where the search started
    assert not meter.tick("plan")
    assert meter.stop is not None and meter.stop.reason == "memory"


def test_time_held_back_is_given_back_once() -> None:
    clock = Clock()
    meter = Meter(Budget(seconds=10, memory_mib=None), clock=clock)
    meter.reserve(0.2)
    clock.now = 8.5
    assert not meter.tick("route")
    assert meter.release()  # 1.5 s left of the full budget
    assert meter.tick("route")
    clock.now = 10.5
    assert not meter.tick("route")
    assert meter.stop is not None and meter.stop.elapsed == 8.5  # why it stopped first


def test_a_plan_that_runs_out_is_the_best_found_with_a_bound(hard: Framework) -> None:
    g = gap(hard, {}, "hard", budget=BRIEF)
    p = g.plan
    assert p.stop is not None and p.stop.reason == "time" and p.bound is not None
    assert 0 < p.bound <= p.hours
    # Still a plan: every group met, in a valid order.
    now: dict[str, int] = {}
    for step in p.steps:
        assert now.get(step.skill, 0) == step.from_level
        now[step.skill] = step.to_level
    assert all(
        any(now.get(s, 0) >= k for s, k in g.items()) for g in hard.roles["hard"].requires_any
    )
    assert g.coverage == 0  # the gap itself is unchanged by the stop


def test_more_budget_never_worsens_the_plan(hard: Framework) -> None:
    short = plan(hard, {}, "hard", budget=Budget(seconds=0.1))
    longer = plan(hard, {}, "hard", budget=Budget(seconds=1))
    assert longer.bound is not None and longer.bound <= longer.hours <= short.hours


def test_a_plan_within_budget_has_no_stop() -> None:
    fw = load_framework(bundled_data())
    p = plan(fw, start_levels(fw, "dev"), "sales-eng")
    assert p.stop is None and p.bound is None


def test_progress_hears_the_best_plan_so_far(hard: Framework) -> None:
    heard: list[Progress] = []
    plan(hard, {}, "hard", budget=Budget(seconds=0.7), progress=heard.append)
    assert heard and all(p.search == "plan" and p.best is not None for p in heard)
    assert [p.elapsed for p in heard] == sorted(p.elapsed for p in heard)


def test_a_route_that_runs_out_is_the_best_found_with_a_bound(hard: Framework) -> None:
    result = route(hard, {}, "start", "hard", budget=BRIEF)
    assert result.stop is not None and not result.proven
    assert result.bound is not None and result.bound <= result.best.hours
    assert result.best.roles == ("start", "hard")


def test_a_route_search_that_finds_nothing_says_what_it_knows() -> None:
    fw = load_framework(bundled_data())
    held = start_levels(fw, "dev")
    with pytest.raises(SearchStoppedError) as info:
        route(fw, held, "dev", "sales-eng", direct=True, max_step=250, budget=BRIEF)
    error = info.value
    assert error.stop.reason == "time" and error.stop.budget == BRIEF
    # Every allowed route costs at least what the direct move does.
    assert error.bound is not None and error.bound >= plan(fw, held, "sales-eng").hours


def test_the_proven_routes_are_kept_when_alternatives_run_out() -> None:
    fw = load_framework(bundled_data())
    held = start_levels(fw, "dev")
    # The best route is the direct move, proven at once; ten alternatives take longer.
    result = route(fw, held, "dev", "sales-eng", direct=True, alternatives=10, budget=BRIEF)
    assert result.best.roles == ("dev", "sales-eng") and result.proven
    if result.stop is not None:
        assert len(result.routes) <= 11


def test_the_error_of_a_search_that_ran_out_holds_nothing_of_the_search() -> None:
    """A batch keeps the error of every query that failed: the error must not keep the search's
    queue and plans alive (through its context or the frames of its traceback)."""
    fw = load_framework(bundled_data())
    held = start_levels(fw, "dev")
    options = {"direct": True, "max_step": 250.0}
    for search in (
        lambda: route(fw, held, "dev", "sales-eng", budget=BRIEF, **options),  # type: ignore[arg-type]
        lambda: list(find_routes(fw, held, "dev", "sales-eng", meter=Meter(BRIEF), **options)),  # type: ignore[arg-type]
    ):
        with pytest.raises(SearchStoppedError) as info:
            search()
        error = info.value
        assert error.__context__ is None and error.__cause__ is None
        frame = error.__traceback__
        while frame is not None:
            held_there = frame.tb_frame.f_locals.values()
            assert not any(type(v).__name__ == "_Search" for v in held_there)
            frame = frame.tb_next
