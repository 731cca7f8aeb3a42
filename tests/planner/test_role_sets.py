"""The role sets a route search ranks, against the solver and brute force on random frameworks."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathplan.model import max_levels
from pathplan.planner.levels import (
    EPS,
    Raiser,
    RoleSets,
    holder_raiser,
    role_needs,
    solve_levels,
    start_levels,
)
from tests.conftest import examples
from tests.strategies import brute_force_hours, frameworks, holders

FAST = settings(
    max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@FAST
@given(data=st.data())
def test_sets_ranked_one_role_at_a_time_agree_with_the_solver(data: st.DataObject) -> None:
    """As a search asks: each set one role more than the last. The floor bounds the optimum
    and is what the plain requires cost; the optimum is brute force's; a set solved afresh has
    the solver's very levels; a raiser shared with earlier sets changes nothing."""
    fw = data.draw(frameworks())
    held = data.draw(holders(fw))
    order = data.draw(st.permutations(sorted(fw.roles)))
    sets = RoleSets(fw, held, holder_raiser(fw, held))
    again = RoleSets(fw, held, holder_raiser(fw, held))  # the same raiser, already used
    fresh = Raiser(fw, held)
    parent: frozenset[str] | None = None
    for i, role in enumerate(order):
        roles = frozenset(order[: i + 1])
        floor = sets.floor(roles, parent, role)
        _, requires_cost = fresh.raise_to({}, role_needs(fw, sorted(roles)).requires)
        assert floor == pytest.approx(requires_cost - EPS)
        inherited = parent is not None and sets._plans.get(parent)
        found = sets.optimal(roles, parent)
        assert floor <= found.hours + EPS
        assert found.exact
        assert found.hours == pytest.approx(brute_force_hours(fw, held, roles))
        if found is not inherited:
            alone = solve_levels(fw, held, role_needs(fw, sorted(roles)))
            assert max_levels(held, found.levels) == max_levels(held, alone.levels)
            assert found.hours == alone.hours
        assert again.optimal(roles, parent) == found
        sets.levels(roles, parent)  # as a search does before ranking the sets one role larger
        again.levels(roles, parent)
        parent = roles


@FAST
@given(data=st.data())
def test_a_shared_raiser_answers_as_a_fresh_one(data: st.DataObject) -> None:
    """What a raiser remembers depends on the holder only: after serving other role sets it
    gives the same levels and hours as a new one."""
    fw = data.draw(frameworks())
    held = data.draw(holders(fw))
    shared = holder_raiser(fw, held)
    for first in data.draw(st.lists(st.sampled_from(sorted(fw.roles)), max_size=4)):
        RoleSets(fw, held, shared).optimal(frozenset({first}))
    roles = frozenset(data.draw(st.sets(st.sampled_from(sorted(fw.roles)), min_size=1)))
    assert holder_raiser(fw, held) is shared
    assert RoleSets(fw, held, shared).optimal(roles) == RoleSets(fw, held).optimal(roles)


@FAST
@given(data=st.data())
def test_start_levels_are_kept_and_each_caller_gets_its_own_copy(data: st.DataObject) -> None:
    fw = data.draw(frameworks())
    for role, spec in fw.roles.items():
        first = start_levels(fw, role)
        assert all(first.get(sid, 0) >= level for sid, level in spec.requires.items())
        kept = dict(first)
        first.clear()  # a caller's copy: changing it changes nothing kept
        assert start_levels(fw, role) == kept
