"""Viable moves: their definition, and stepping stones that only pass through related roles."""

from __future__ import annotations

import itertools

import pytest

from pathplan.cli.app import bundled_data
from pathplan.errors import InvalidValueError, NoRouteError, UnknownNameError
from pathplan.importers.onet import read_onet
from pathplan.loader.framework import framework_from_data, load_framework
from pathplan.model import Framework
from pathplan.planner.adjacent import adjacent
from pathplan.planner.budget import Budget
from pathplan.planner.levels import start_levels
from pathplan.planner.plan import plan
from pathplan.planner.results import Route
from pathplan.planner.route import route
from pathplan.planner.similarity import level_fit, similarity
from pathplan.planner.viable import DEFAULT_VIABILITY, Viability, viable_moves
from tests.conftest import FIXTURES

# Small budgets: a search that runs out still answers (or says why not), and what it answers
# must pass through related roles all the same.
QUICK = Budget(seconds=1)


@pytest.fixture(scope="module")
def bundled() -> Framework:
    return load_framework(bundled_data())


@pytest.fixture(scope="module")
def onet() -> Framework:
    imported = read_onet(FIXTURES / "onet")
    return framework_from_data(imported.skills, imported.roles)


def test_viable_moves_are_the_related_roles_adjacent_lists(bundled: Framework) -> None:
    rule = DEFAULT_VIABILITY
    for role in bundled.roles:
        listed = adjacent(bundled, start_levels(bundled, role), role, top=rule.top)
        viable = viable_moves(bundled, role)
        assert set(viable) <= {n.role for n in listed}
        for n in listed:
            # Through the public pairwise functions, not the ranking that made the list.
            alike = similarity(bundled, role, n.role).total >= rule.similarity
            close = level_fit(bundled.roles[role], bundled.roles[n.role]) >= rule.level_fit
            assert (n.role in viable) == (alike and close), (role, n.role)


def test_related_work_is_viable_and_unrelated_work_or_a_far_level_is_not(
    bundled: Framework,
) -> None:
    assert "customer-success-manager" in viable_moves(bundled, "sales-eng")
    assert "developer-advocate" in viable_moves(bundled, "sales-eng")
    # Among content designer's ten best only because the framework has few such roles.
    assert "sales-eng" not in viable_moves(bundled, "content-designer")
    assert "technical-trainer" not in viable_moves(bundled, "content-designer")
    # Similar work two levels up (seniority 2 to 4) is a promotion ladder, not one move.
    assert bundled.roles["tech-lead"].seniority == 4
    assert "tech-lead" not in viable_moves(bundled, "dev")
    # A role held already at a lower level is a step down, not a move.
    assert "dev-junior" not in viable_moves(bundled, "dev")


def test_the_rule_is_checked_and_names_are_known(bundled: Framework) -> None:
    with pytest.raises(InvalidValueError):
        Viability(top=0)
    with pytest.raises(InvalidValueError):
        Viability(similarity=1.5)
    with pytest.raises(UnknownNameError):
        viable_moves(bundled, "nope")
    assert len(viable_moves(bundled, "dev", Viability(top=3, similarity=0, level_fit=0))) <= 3


def assert_related(fw: Framework, r: Route, named: set[str]) -> None:
    """Every stop the search picked was reached by a declared move or one `adjacent` lists."""
    for source, target in itertools.pairwise(r.roles):
        if source in named and target in named:
            continue  # with --direct, a move between roles the request names is allowed
        spec = fw.roles[source]
        listed = {n.role for n in adjacent(fw, start_levels(fw, source), source, top=10)}
        assert target in {*spec.next, *spec.adjacent} | listed, (r.roles, source, target)


def stepping_stones(fw: Framework, pairs: list[tuple[str, str]]) -> list[Route]:
    """The routes of stepping-stone and alternatives queries between `pairs` (direct moves on)."""
    found: list[Route] = []
    for start, target in pairs:
        held = start_levels(fw, start)
        alone = plan(fw, held, target).hours
        for max_step in (None, alone * 0.7):
            try:
                result = route(
                    fw,
                    held,
                    start,
                    target,
                    direct=True,
                    max_step=max_step,
                    alternatives=2,
                    budget=QUICK,
                )
            except NoRouteError:
                continue
            found += result.routes
    return found


BUNDLED_PAIRS = [
    ("dev", "sales-eng"),
    ("qa", "sre"),
    ("ui-designer", "ux-designer-senior"),
    ("customer-success-manager", "developer-advocate"),
    ("network-engineer", "data-scientist"),
]


def test_stepping_stones_pass_only_through_related_roles_on_the_bundled_data(
    bundled: Framework,
) -> None:
    found = stepping_stones(bundled, BUNDLED_PAIRS)
    assert any(len(r.roles) > 2 for r in found)  # stepping stones were there to check
    for r in found:
        assert_related(bundled, r, {r.roles[0], r.roles[-1]})


def test_stepping_stones_pass_only_through_related_roles_on_onet(onet: Framework) -> None:
    roles = sorted(onet.roles)
    pairs = [(a, b) for a, b in itertools.permutations(roles, 2)][::7][:12]
    found = stepping_stones(onet, pairs)
    assert any(len(r.roles) > 2 for r in found)
    for r in found:
        assert_related(onet, r, {r.roles[0], r.roles[-1]})


def test_the_issue_s_unrelated_stepping_stones_are_gone(bundled: Framework) -> None:
    held = start_levels(bundled, "dev")
    result = route(bundled, held, "dev", "sales-eng", direct=True, max_step=450)
    best = result.best
    assert result.proven
    assert best.hours > plan(bundled, held, "sales-eng").hours  # stepping stones were needed
    assert not {"content-designer", "technical-trainer"} & set(best.roles)
    assert_related(bundled, best, {"dev", "sales-eng"})
    assert {m.kind for m in best.moves} <= {"next", "adjacent", "viable"}
