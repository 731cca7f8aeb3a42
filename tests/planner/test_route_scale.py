"""`route --direct` over many roles answers without visiting them all (ESCO has 3,000)."""

from __future__ import annotations

from typing import Any

import pytest

import pathplan.planner.levels as levels
import pathplan.planner.route as routing
from pathplan.loader.framework import framework_from_data
from pathplan.model import Framework
from pathplan.planner.levels import start_levels
from pathplan.planner.route import route
from pathplan.planner.viable import Viability

ROLES = 300


@pytest.fixture(scope="module")
def many() -> Framework:
    skills = {f"s{i}": {"name": f"Skill {i}", "hours": 10} for i in range(40)}
    roles = {
        f"r{i:03}": {"requires": {f"s{(i * 7 + k) % 40}": 1 + (i + k) % 5 for k in range(6)}}
        for i in range(ROLES)
    }
    return framework_from_data({"skills": skills}, {"roles": roles})


def counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count the plans solved (by the route module, or for it by RoleSets) and complete graphs."""
    calls = {"plans": 0, "complete graphs": 0}
    solve, optimal = routing.solve_levels, levels._optimal  # type: ignore[attr-defined]
    graph = routing.role_graph  # type: ignore[attr-defined]

    def counted(inner: Any) -> Any:
        def count(*args: Any, **kwargs: Any) -> Any:
            calls["plans"] += 1
            return inner(*args, **kwargs)

        return count

    def count_graph(fw: Framework, *, direct: bool = False) -> Any:
        calls["complete graphs"] += direct
        return graph(fw, direct=direct)

    monkeypatch.setattr(routing, "solve_levels", counted(solve))
    monkeypatch.setattr(levels, "_optimal", counted(optimal))
    monkeypatch.setattr(routing, "role_graph", count_graph)
    return calls


def test_direct_route_is_found_without_a_search(
    many: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = counting(monkeypatch)
    held = start_levels(many, "r000")
    (found,) = route(many, held, "r000", "r299", direct=True).routes
    assert found.roles == ("r000", "r299") and found.moves[0].kind == "direct"
    assert calls == {"plans": 1, "complete graphs": 0}


def test_alternatives_still_search_in_cost_order(
    many: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = start_levels(many, "r000")
    # Every role a viable move: the search then weighs 300 successors from each role.
    everyone = Viability(top=ROLES, similarity=0, level_fit=0)
    result = route(many, held, "r000", "r299", direct=True, alternatives=2, viability=everyone)
    found = result.routes
    assert found[0].roles == ("r000", "r299")
    assert [r.hours for r in found] == sorted(r.hours for r in found)
    assert len({r.roles for r in found}) == 3


def test_a_direct_move_over_max_step_is_not_returned() -> None:
    skills = {"a": {"name": "A", "hours": 10}, "b": {"name": "B", "hours": 10}}
    roles = {
        "start": {"requires": {}},
        "step": {"requires": {"a": 2}},
        "goal": {"requires": {"a": 2, "b": 2}},
    }
    fw = framework_from_data({"skills": {**skills}}, {"roles": roles})
    direct = route(fw, {}, "start", "goal", direct=True).best
    assert direct.roles == ("start", "goal") and direct.hours == 60
    every = Viability(top=10, similarity=0, level_fit=0)  # roles with no words or skills alike
    (found,) = route(fw, {}, "start", "goal", direct=True, max_step=30, viability=every).routes
    assert found.roles == ("start", "step", "goal")
    assert [m.hours for m in found.moves] == [30, 30]
