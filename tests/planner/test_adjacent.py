"""Adjacent ranking: the documented score, and neighbours before merely easier roles."""

from __future__ import annotations

from pathlib import Path

import pytest

from pathplan.cli.app import bundled_data
from pathplan.loader.framework import framework_from_data, load_framework
from pathplan.model import Framework
from pathplan.planner.adjacent import EASE_HOURS, WEIGHTS, adjacent, level_fit, similarity
from pathplan.planner.levels import start_levels
from pathplan.planner.plan import gap


@pytest.fixture(scope="module")
def bundled() -> Framework:
    return load_framework(bundled_data())


def test_score_is_the_documented_blend(mini_dir: Path) -> None:
    fw = load_framework(mini_dir)
    held = start_levels(fw, "dev")
    for n in adjacent(fw, held, "dev", top=None):
        hours = gap(fw, held, n.role).plan.hours
        assert n.hours == hours
        assert n.ease == pytest.approx(1 / (1 + hours / EASE_HOURS))
        assert n.similarity == pytest.approx(similarity(held, fw.roles[n.role], fw.roles["dev"]))
        assert n.level_fit == level_fit(fw.roles["dev"], fw.roles[n.role])
        expected = sum(WEIGHTS[k] * getattr(n, k) for k in WEIGHTS)
        assert n.score == pytest.approx(expected)


def test_ranked_best_first_and_declared_moves_marked(mini_dir: Path) -> None:
    fw = load_framework(mini_dir)
    ranked = adjacent(fw, start_levels(fw, "dev"), "dev", top=None)
    assert [n.score for n in ranked] == sorted((n.score for n in ranked), reverse=True)
    marks = {n.role: n.declared for n in ranked}
    assert marks["dev-senior"] == "next" and marks["sales-eng"] == "adjacent"
    assert marks["trainer"] is None
    assert "dev" not in marks
    assert len(adjacent(fw, start_levels(fw, "dev"), "dev", top=2)) == 2


def test_similarity_prefers_a_superset_to_an_unrelated_role() -> None:
    fw = framework_from_data(
        {"skills": {x: {"name": x, "hours": 10} for x in ("a", "b", "c", "d")}},
        {
            "roles": {
                "me": {"requires": {"a": 3, "b": 3}},
                "more": {"requires": {"a": 3, "b": 3, "c": 2}},
                "less": {"requires": {"a": 1}},
                "other": {"requires": {"d": 2}},
            }
        },
    )
    held = start_levels(fw, "me")
    sims = {r: similarity(held, fw.roles[r]) for r in ("more", "less", "other")}
    assert sims["more"] > sims["less"] > sims["other"] == 0


def test_importance_and_optional_skills_weigh_in() -> None:
    base = {"skills": {x: {"name": x, "hours": 10} for x in ("a", "b")}}
    plain = framework_from_data(base, {"roles": {"r": {"requires": {"a": 2, "b": 2}}}})
    weighted = framework_from_data(
        base, {"roles": {"r": {"requires": {"a": 2, "b": 2}, "importance": {"a": 5, "b": 1}}}}
    )
    held = {"a": 2}
    assert similarity(held, weighted.roles["r"]) > similarity(held, plain.roles["r"])
    optional = framework_from_data(
        base, {"roles": {"r": {"requires": {"a": 2}, "optional": {"b": 2}}}}
    )
    assert similarity({"a": 2, "b": 2}, optional.roles["r"]) == 1.0


def test_level_fit_rewards_one_step_up_over_a_step_down() -> None:
    fw = framework_from_data(
        {"skills": {"a": {"name": "a", "hours": 1}}},
        {
            "roles": {f"s{i}": {"seniority": i} for i in range(1, 6)}
            | {"z": {"job_zone": 3}, "y": {"job_zone": 4}}
        },
    )
    r = fw.roles
    assert level_fit(r["s2"], r["s2"]) > level_fit(r["s2"], r["s3"]) > level_fit(r["s2"], r["s1"])
    assert level_fit(r["s2"], r["s5"]) == 0
    assert level_fit(r["z"], r["y"]) == 0.6
    assert level_fit(r["z"], r["s1"]) == 0.75  # nothing comparable


def test_bundled_neighbours_of_a_developer_are_engineering_moves(bundled: Framework) -> None:
    top = [n.role for n in adjacent(bundled, start_levels(bundled, "dev"), "dev", top=6)]
    declared = set(bundled.roles["dev"].next) | set(bundled.roles["dev"].adjacent)
    assert set(top) <= declared  # the moves the framework declares from dev rank first
    assert "dev-senior" in [
        n.role for n in adjacent(bundled, start_levels(bundled, "dev"), "dev", top=10)
    ]
    assert "dev-junior" not in top  # already met and a step down: not a move
    easiest = sorted(
        bundled.roles, key=lambda r: gap(bundled, start_levels(bundled, "dev"), r).plan.hours
    )
    assert top != easiest[: len(top)]  # not merely the cheapest roles
