"""Adjacent ranking: by similarity of the work, hours shown and breaking ties only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pathplan.cli.app import bundled_data
from pathplan.errors import UnknownNameError
from pathplan.loader.framework import framework_from_data, load_framework
from pathplan.model import Framework
from pathplan.planner.adjacent import TIE_DECIMALS, adjacent
from pathplan.planner.levels import start_levels
from pathplan.planner.plan import gap
from pathplan.planner.similarity import neighbours


@pytest.fixture(scope="module")
def bundled() -> Framework:
    return load_framework(bundled_data())


def test_order_is_the_similarity_ranking_with_hours_shown(mini_dir: Path) -> None:
    fw = load_framework(mini_dir)
    held = start_levels(fw, "dev")
    ranked = adjacent(fw, held, "dev", top=None)
    matches = {m.role: m for m in neighbours(fw, "dev")}
    for n in ranked:
        assert n.hours == gap(fw, held, n.role).plan.hours
        assert n.score == matches[n.role].score and n.similarity == matches[n.role].similarity
        assert n.level_fit == matches[n.role].level_fit
    keys = [(-round(n.score, TIE_DECIMALS), n.hours) for n in ranked]
    assert keys == sorted(keys)


def test_declared_moves_are_marked_and_the_source_left_out(mini_dir: Path) -> None:
    fw = load_framework(mini_dir)
    ranked = adjacent(fw, start_levels(fw, "dev"), "dev", top=None)
    marks = {n.role: n.declared for n in ranked}
    assert marks["dev-senior"] == "next" and marks["sales-eng"] == "adjacent"
    assert marks["trainer"] is None
    assert "dev" not in marks
    assert len(adjacent(fw, start_levels(fw, "dev"), "dev", top=2)) == 2
    with pytest.raises(UnknownNameError):
        adjacent(fw, {}, "nobody")


def two_targets(cheap: str) -> Framework:
    """A source and two targets alike in every part; only the hours to reach them differ."""
    hours = {"a": 100, "b": 100, cheap: 1}
    return framework_from_data(
        {"skills": {s: {"name": s.upper(), "hours": h} for s, h in hours.items()}},
        {
            "roles": {
                "source": {"name": "Source", "requires": {"a": 2, "b": 2}},
                "one": {"name": "Alpha", "requires": {"a": 3, "b": 2}},
                "two": {"name": "Omega", "requires": {"a": 2, "b": 3}},
            }
        },
    )


@pytest.mark.parametrize(("cheap", "first"), [("a", "one"), ("b", "two")])
def test_hours_break_a_tie(cheap: str, first: str) -> None:
    fw = two_targets(cheap)
    ranked = adjacent(fw, start_levels(fw, "source"), "source", top=1)
    assert [n.role for n in ranked] == [first]


def test_hours_do_not_decide_the_order() -> None:
    # An easy role unlike the source against a demanding one just like it: the alike one first.
    roles: dict[str, Any] = {
        "analyst": {"name": "Data Analyst", "requires": {"sql": 3, "stats": 3, "python": 2}},
        "scientist": {
            "name": "Data Scientist",
            "requires": {"sql": 3, "stats": 4, "python": 4, "ml": 3},
        },
        "greeter": {"name": "Greeter", "requires": {"smile": 1}},
    }
    skills = {s: {"name": s.upper(), "hours": 50} for s in ("sql", "stats", "python", "ml")}
    skills["smile"] = {"name": "SMILE", "hours": 1}
    fw = framework_from_data({"skills": skills}, {"roles": roles})
    held = start_levels(fw, "analyst")
    ranked = adjacent(fw, held, "analyst")
    assert [n.role for n in ranked] == ["scientist", "greeter"]
    assert ranked[0].hours > ranked[1].hours


def test_a_step_down_already_met_is_not_a_move(bundled: Framework) -> None:
    ranked = adjacent(bundled, start_levels(bundled, "dev"), "dev", top=None)
    assert "dev-junior" not in {n.role for n in ranked}
    assert "dev-junior" in {m.role for m in neighbours(bundled, "dev", top=5)}


def test_bundled_neighbours_of_a_developer_are_engineering_moves(bundled: Framework) -> None:
    held = start_levels(bundled, "dev")
    ranked = adjacent(bundled, held, "dev", top=6)
    top = [n.role for n in ranked]
    assert "dev-senior" in top
    assert {bundled.roles[r].family for r in top} <= {"engineering", "leadership"}, top
    declared = set(bundled.roles["dev"].next) | set(bundled.roles["dev"].adjacent)
    assert set(top) <= declared  # the moves the framework declares from dev rank first
    easiest = sorted(bundled.roles, key=lambda r: gap(bundled, held, r).plan.hours)
    assert top != easiest[: len(top)]  # not merely the cheapest roles
