"""The planner against its definition: brute force on random frameworks, and hand-checked cases."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pathplan.cli.output import FLAGS
from pathplan.errors import (
    AvoidedEndError,
    MaxStepError,
    NoDeclaredPathError,
    NoRouteError,
    PathplanError,
    UnknownNameError,
    UsageError,
)
from pathplan.graph import role_graph
from pathplan.loader.framework import load_framework
from pathplan.model import Framework
from pathplan.planner.levels import start_levels
from pathplan.planner.plan import gap, plan
from pathplan.planner.results import Move, Prerequisite, Requirement, Route
from pathplan.planner.route import find_routes, route, route_moves
from pathplan.planner.viable import DEFAULT_VIABILITY, Viability, viable_moves
from pathplan.render.text import explain
from tests.conftest import MINI, ROOT, examples
from tests.strategies import brute_force_hours, frameworks, holders

FAST = settings(
    max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.fixture(scope="module")
def mini() -> Framework:
    return load_framework(MINI)


def assert_requirement(fw: Framework, r: Requirement) -> None:
    """`r` is a requirement its role really has: a `requires` entry or an option of a group."""
    role = fw.roles[r.role]
    if r.options:
        # Two groups may list the same skills at other levels: one of them is this one.
        groups = [g for g in role.requires_any if tuple(g) == r.options]
        assert any(g[r.skill] == r.level for g in groups), (r, groups)
    else:
        assert role.requires[r.skill] == r.level


def assert_reasons(fw: Framework, move: Move) -> None:
    """Every step names the need that sets its level: a requirement of the move's role, or the
    prerequisite of a skill the same move starts, with the chain up to a requirement."""
    started = {s.skill for s in move.steps if s.from_level == 0}
    for step in move.steps:
        reason = step.reason
        assert reason.level == step.to_level, step
        if isinstance(reason, Requirement):
            assert (reason.role, reason.skill) == (move.target, step.skill)
            assert_requirement(fw, reason)
            continue
        assert reason.needed_by in started and reason.chain[0] == reason.needed_by
        assert fw.skills[reason.needed_by].requires[step.skill] == reason.level
        for low, high in itertools.pairwise(reason.chain):
            assert low in fw.skills[high].requires, reason.chain
        assert reason.chain[-1] == reason.requirement.skill
        assert reason.requirement.role == move.target
        assert_requirement(fw, reason.requirement)


def assert_valid_order(fw: Framework, held: dict[str, int], r: Route) -> None:
    """Prerequisites met before a skill starts; a skill once per move; each role met after it;
    every step with its reason."""
    now = dict(held)
    for move in r.moves:
        assert_reasons(fw, move)
        assert len({s.skill for s in move.steps}) == len(move.steps)
        for step in move.steps:
            assert now.get(step.skill, 0) == step.from_level
            if step.from_level == 0:
                for p, k in fw.skills[step.skill].requires.items():
                    assert now.get(p, 0) >= k, f"{step.skill} started before {p} reached {k}"
            now[step.skill] = step.to_level
        role = fw.roles[move.target]
        assert all(now.get(s, 0) >= k for s, k in role.requires.items())
        assert all(any(now.get(s, 0) >= k for s, k in g.items()) for g in role.requires_any)


@FAST
@given(data=st.data())
def test_plan_hours_equal_brute_force(data: st.DataObject) -> None:
    fw = data.draw(frameworks())
    held = data.draw(holders(fw))
    rid = data.draw(st.sampled_from(sorted(fw.roles)))
    p = plan(fw, held, rid)
    assert p.hours == pytest.approx(brute_force_hours(fw, held, [rid]))
    assert_valid_order(fw, held, Route((rid,), (Move(rid, rid, "stay", p.steps),)))


@FAST
@given(data=st.data())
def test_plan_is_deterministic(data: st.DataObject) -> None:
    fw = data.draw(frameworks())
    held = data.draw(holders(fw))
    rid = data.draw(st.sampled_from(sorted(fw.roles)))
    assert plan(fw, held, rid) == plan(fw, held, rid)


def holds(fw: Framework, held: dict[str, int], role: str) -> bool:
    """Whether `held` meets every requirement of `role`, by the definition."""
    spec = fw.roles[role]
    return all(held.get(s, 0) >= k for s, k in spec.requires.items()) and all(
        any(held.get(s, 0) >= k for s, k in g.items()) for g in spec.requires_any
    )


def allowed_moves(
    fw: Framework, *, direct: bool, named: set[str], viability: Viability = DEFAULT_VIABILITY
) -> nx.DiGraph:
    """Every move a route may take, by the definition: declared moves; with `direct` also
    viable moves and any move between two named roles (start, target, via)."""
    graph = role_graph(fw)
    if direct:
        for role in fw.roles:
            graph.add_edges_from((role, v) for v in viable_moves(fw, role, viability))
        graph.add_edges_from((a, b) for a in named for b in named if a != b)
    return graph


def brute_force_route(
    fw: Framework,
    held: dict[str, int],
    start: str,
    target: str,
    *,
    direct: bool = False,
    avoid: tuple[str, ...] = (),
    via: tuple[str, ...] = (),
    max_step: float | None = None,
    viability: Viability = DEFAULT_VIABILITY,
) -> float:
    """Least cost over every simple path allowed by the options (0 when already qualified)."""
    if not via and holds(fw, held, target):
        return 0.0
    graph = allowed_moves(fw, direct=direct, named={start, target, *via}, viability=viability)
    best = float("inf")
    for path in nx.all_simple_paths(graph, start, target):
        if set(path[1:-1]) & set(avoid) or not set(via) <= set(path):
            continue
        cost = brute_force_hours(fw, held, path[1:])
        if max_step is not None:
            moves = route_moves(fw, held, tuple(path), lambda a, b: "any")
            if any(m.hours > max_step + 1e-9 for m in moves):
                continue
        best = min(best, cost)
    return best


def substance(r: Route) -> tuple[str, ...]:
    """The roles of a route whose moves have something to learn."""
    return tuple(m.target for m in r.moves if m.steps)


def brute_force_alternatives(
    fw: Framework,
    held: dict[str, int],
    start: str,
    target: str,
    graph: nx.DiGraph,
    avoid: tuple[str, ...],
    via: tuple[str, ...],
    max_step: float | None,
) -> list[float]:
    """The cost of the cheapest allowed route of each substance, cheapest first."""
    cheapest: dict[tuple[str, ...], float] = {}
    for path in nx.all_simple_paths(graph, start, target):
        if set(path[1:-1]) & set(avoid) or not set(via) <= set(path):
            continue
        r = Route(tuple(path), route_moves(fw, held, tuple(path), lambda a, b: "any"))
        if max_step is not None and any(m.hours > max_step + 1e-9 for m in r.moves):
            continue
        key = substance(r)
        cheapest[key] = min(r.hours, cheapest.get(key, float("inf")))
    return sorted(cheapest.values())


# Rules for viable moves in random frameworks, whose roles share few words: the default, one
# that lets the two best-ranked roles in whatever they are, and a strict one.
VIABILITIES = st.sampled_from(
    [DEFAULT_VIABILITY, Viability(top=2, similarity=0, level_fit=0), Viability(1, 0.3, 0.5)]
)


@FAST
@given(data=st.data())
def test_route_cost_equals_brute_force(data: st.DataObject) -> None:
    fw = data.draw(frameworks())
    assume(len(fw.roles) > 1)
    rids = sorted(fw.roles)
    start, target = data.draw(st.lists(st.sampled_from(rids), min_size=2, max_size=2, unique=True))
    direct = data.draw(st.booleans())
    viability = data.draw(VIABILITIES)
    held = start_levels(fw, start)
    expected = brute_force_route(fw, held, start, target, direct=direct, viability=viability)
    if expected == float("inf"):
        with pytest.raises(NoRouteError):
            route(fw, held, start, target, direct=direct, viability=viability)
        return
    best = route(fw, held, start, target, direct=direct, viability=viability).best
    assert best.hours == pytest.approx(expected)
    assert best.qualified == holds(fw, held, target)
    if best.qualified:
        assert best.roles == (start,) and best.hours == 0
        return
    assert best.hours == pytest.approx(brute_force_hours(fw, held, best.roles[1:]))
    assert best.roles[0] == start and best.roles[-1] == target
    assert_valid_order(fw, held, best)


@FAST
@given(data=st.data())
def test_route_options_equal_brute_force(data: st.DataObject) -> None:
    fw = data.draw(frameworks(max_roles=5))
    if len(fw.roles) < 3:
        return
    rids = sorted(fw.roles)
    start, target = data.draw(st.lists(st.sampled_from(rids), min_size=2, max_size=2, unique=True))
    middle = [r for r in rids if r not in (start, target)]
    avoid = tuple(data.draw(st.lists(st.sampled_from(middle), unique=True, max_size=1)))
    via = (
        tuple(
            data.draw(
                st.lists(
                    st.sampled_from([r for r in middle if r not in avoid] or middle),
                    unique=True,
                    max_size=1,
                )
            )
        )
        if len(middle) > len(avoid)
        else ()
    )
    max_step = data.draw(st.none() | st.integers(0, 60).map(float))
    direct = data.draw(st.booleans())
    held = data.draw(holders(fw))
    viability = data.draw(VIABILITIES)
    opts = {
        "direct": direct,
        "avoid": avoid,
        "via": via,
        "max_step": max_step,
        "viability": viability,
    }
    expected = brute_force_route(fw, held, start, target, **opts)  # type: ignore[arg-type]
    if expected == float("inf"):
        with pytest.raises(NoRouteError):
            route(fw, held, start, target, **opts)  # type: ignore[arg-type]
        return
    result = route(fw, held, start, target, alternatives=2, **opts)  # type: ignore[arg-type]
    found = result.routes
    assert found[0].hours == pytest.approx(expected)
    # The direct move is reported exactly when it is cheaper and only `direct` keeps it out.
    alone = brute_force_hours(fw, held, [target])
    cheaper = found[0].hours > alone + 1e-9 and (max_step is None or alone <= max_step + 1e-9)
    assert (result.direct_hours is not None) == (cheaper and not direct and not via)
    assert result.direct_hours is None or result.direct_hours == pytest.approx(alone)
    costs = [r.hours for r in found]
    assert costs == sorted(costs)
    graph = allowed_moves(fw, direct=direct, named={start, target, *via}, viability=viability)
    for r in found:
        assert not set(r.roles[1:-1]) & set(avoid)
        assert set(via) <= set(r.roles)
        assert max_step is None or all(m.hours <= max_step + 1e-9 for m in r.moves)
        assert all(graph.has_edge(a, b) for a, b in itertools.pairwise(r.roles))
        assert_valid_order(fw, held, r)
    if found[0].qualified:
        assert len(found) == 1
        return
    # Alternatives are the cheapest routes of distinct substance (the roles that cost something).
    assert len({substance(r) for r in found}) == len(found)
    expected_costs = brute_force_alternatives(fw, held, start, target, graph, avoid, via, max_step)
    assert costs == pytest.approx(expected_costs[: len(found)])
    assert len(found) == min(3, len(expected_costs))


def test_dev_to_sales_eng_on_mini(mini: Framework) -> None:
    held = start_levels(mini, "dev")
    assert held == {"git": 3, "testing": 3, "python": 3, "programming-basics": 2}
    best = route(mini, held, "dev", "sales-eng").best
    assert best.roles == ("dev", "sales-eng")
    steps = [(s.skill, s.from_level, s.to_level) for s in best.moves[0].steps]
    # communication is no requirement of sales-eng, but a prerequisite of what it asks: first
    assert steps.index(("communication", 0, 2)) < steps.index(("presentation", 0, 3))
    assert {s for s, _, _ in steps} == {
        "communication",
        "discovery",
        "presentation",
        "product-demo",
    }
    assert best.hours == 19 + 60 + 59 + 60


def test_requires_any_takes_the_cheaper_option(mini: Framework) -> None:
    # java 2 costs 47 + basics; python 2 costs 40 + the same basics: python wins
    p = plan(mini, {}, "sales-eng")
    assert "python" in {s.skill for s in p.steps}
    assert "java" not in {s.skill for s in p.steps}


def test_held_group_option_costs_nothing(mini: Framework) -> None:
    p = plan(mini, {"java": 2, "presentation": 3, "discovery": 3, "product-demo": 3}, "sales-eng")
    assert p.steps == ()


def test_gap_rows_and_coverage(mini: Framework) -> None:
    g = gap(mini, {"presentation": 3, "python": 1}, "sales-eng")
    rows = {r.skill: r for r in g.rows}
    assert rows["presentation"].met
    assert not rows["discovery"].met and rows["discovery"].hours == 60
    assert rows["python"].options == ("python", "java") and rows["python"].hours == 30
    assert g.coverage == pytest.approx(1 / 4)


def cli_words(error: PathplanError) -> tuple[str, str | None]:
    """What the command line says for `error`."""
    return explain(error, FLAGS)


def test_extends_merges_parent_requirements(mini: Framework) -> None:
    senior = mini.roles["dev-senior"]
    assert senior.requires == {"git": 3, "testing": 4, "python": 4}
    assert senior.requires_any == ({"python": 3, "java": 3},)
    assert senior.family == "engineering"


def test_upskilling_is_a_route_to_your_own_role(mini: Framework) -> None:
    found = route(mini, {"git": 1}, "dev", "dev").best
    assert found.roles == ("dev",)
    assert found.moves[0].kind == "stay"
    assert found.hours == pytest.approx(plan(mini, {"git": 1}, "dev").hours)


def test_no_declared_route_says_direct_helps(mini: Framework) -> None:
    with pytest.raises(NoDeclaredPathError) as info:
        route(mini, {}, "dev", "trainer")
    assert (info.value.start, info.value.target, info.value.direct) == ("dev", "trainer", False)
    assert "--direct" in (cli_words(info.value)[1] or "")
    assert route(mini, {}, "dev", "trainer", direct=True).best.roles == ("dev", "trainer")


def test_constraint_that_cuts_every_route_is_named(mini: Framework) -> None:
    with pytest.raises(MaxStepError) as info:
        route(mini, {}, "dev", "sales-eng", max_step=10)
    assert info.value.max_step == 10
    assert "--max-step 10" in cli_words(info.value)[0]


def test_avoiding_an_end_is_a_usage_error(mini: Framework) -> None:
    with pytest.raises(AvoidedEndError) as info:
        route(mini, {}, "dev", "sales-eng", avoid=["dev"])
    assert isinstance(info.value, UsageError) and info.value.role == "dev"


def test_alternatives_come_in_cost_order(mini: Framework) -> None:
    found = route(mini, start_levels(mini, "dev"), "dev", "sales-eng", alternatives=3).routes
    assert [r.roles for r in found] == [("dev", "sales-eng"), ("dev", "devops", "sales-eng")]
    assert found[1].hours > found[0].hours


def test_find_routes_yields_in_cost_order(mini: Framework) -> None:
    costs = [r.hours for r in find_routes(mini, {}, "dev", "sales-eng", direct=True)]
    assert costs == sorted(costs) and len(costs) > 2


def test_a_longer_route_wins_when_it_is_cheaper() -> None:
    from pathplan.loader.framework import framework_from_data

    fw = framework_from_data(
        {
            "skills": {
                "a": {"name": "A", "hours": [10, 10, 10, 10, 10]},
                "b": {"name": "B", "hours": 100},
            }
        },
        {
            "roles": {
                "s": {"adjacent": ["x", "y"]},
                "x": {"requires": {"b": 1}, "adjacent": ["t"]},
                "y": {"requires": {"a": 1}, "adjacent": ["z"]},
                "z": {"requires": {"a": 1}, "adjacent": ["t"]},
                "t": {"requires": {"a": 2}},
            }
        },
    )
    found = route(fw, {}, "s", "t", alternatives=1).routes
    assert [r.roles for r in found] == [("s", "y", "z", "t"), ("s", "x", "t")]
    assert [r.hours for r in found] == [20, 120]
    assert [m.hours for m in found[0].moves] == [10, 0, 10]


# Every role among a role's ten best is a viable move: tiny frameworks, whose roles share few
# words, test the search this way; the default rule has tests of its own (test_viable.py).
EVERY = Viability(top=10, similarity=0, level_fit=0)


def _ladder() -> Framework:
    """s -> t costs 30 h directly; with --direct (and EVERY), m1 and m2 split it into 10 h."""
    from pathplan.loader.framework import framework_from_data

    return framework_from_data(
        {"skills": {x: {"name": x.upper(), "hours": [10, 10, 10, 10, 10]} for x in "abc"}},
        {
            "roles": {
                "s": {"adjacent": ["t"]},
                "m1": {"requires": {"a": 1}},
                "m2": {"requires": {"a": 1, "b": 1}},
                "t": {"requires": {"a": 1, "b": 1, "c": 1}},
                "x": {"requires": {}},
            }
        },
    )


def test_max_step_finds_stepping_stones_with_direct() -> None:
    fw = _ladder()
    with pytest.raises(MaxStepError) as info:
        route(fw, {}, "s", "t", max_step=10)
    assert info.value.largest == 30 and info.value.cheapest is not None
    assert info.value.cheapest.roles == ("s", "t")
    hint = cli_words(info.value)[1] or ""
    assert "a move of 30 h (--max-step 30 allows it)" in hint
    assert "--direct" in hint
    best = route(fw, {}, "s", "t", direct=True, max_step=10, viability=EVERY).best
    assert best.roles == ("s", "m1", "m2", "t")
    assert [m.kind for m in best.moves] == ["viable", "viable", "viable"]
    # Unrelated by the default rule (no shared skill or word): no stepping stones at all.
    with pytest.raises(MaxStepError):
        route(fw, {}, "s", "t", direct=True, max_step=10)
    assert [m.hours for m in best.moves] == [10, 10, 10]


def test_a_stop_that_adds_nothing_is_kept_when_asked_for() -> None:
    best = route(_ladder(), {}, "s", "t", direct=True, max_step=10, via=["x"], viability=EVERY).best
    assert "x" in best.roles and best.hours == 30


def test_each_constraint_that_cuts_every_route_is_named() -> None:
    from pathplan.loader.framework import framework_from_data

    chain = framework_from_data(
        {"skills": {"a": {"name": "A", "hours": 1}}},
        {"roles": {"p": {"next": ["q"]}, "q": {"next": ["r"]}, "r": {"requires": {"a": 1}}}},
    )
    with pytest.raises(NoRouteError, match=r"every route from 'p' to 'r' passes through 'q'"):
        route(chain, {}, "p", "r", avoid=["q"])
    with pytest.raises(NoRouteError, match=r"no route from 's' to 't' passes through 'm1'"):
        route(_ladder(), {}, "s", "t", via=["m1"])
    with pytest.raises(MaxStepError) as info:
        route(
            _ladder(),
            {},
            "s",
            "t",
            direct=True,
            avoid=["m1", "m2", "x"],
            max_step=10,
            viability=EVERY,
        )
    assert "keeps every move within --max-step 10" in cli_words(info.value)[0]
    assert "--direct" not in (cli_words(info.value)[1] or "")  # already direct: no such advice


@settings(max_examples=examples(500), deadline=None)
@given(data=st.data())
def test_many_groups_equal_brute_force(data: st.DataObject) -> None:
    """Unions of many roles carry many groups: the clustered search must stay exact."""
    from pathplan.loader.framework import framework_from_data

    ids = [f"s{i}" for i in range(data.draw(st.integers(3, 6)))]
    skills = {
        sid: {
            "name": sid,
            "hours": data.draw(st.lists(st.integers(0, 9), min_size=3, max_size=3)),
            "requires": data.draw(
                st.dictionaries(st.sampled_from(ids[:i]), st.integers(1, 3), max_size=1)
            )
            if i
            else {},
        }
        for i, sid in enumerate(ids)
    }
    groups = data.draw(
        st.lists(
            st.dictionaries(st.sampled_from(ids), st.integers(1, 3), min_size=1, max_size=3),
            min_size=2,
            max_size=8,
        )
    )
    fw = framework_from_data(
        {"levels": ["a", "b", "c"], "skills": skills},
        {"roles": {"r": {"requires_any": groups}}},
    )
    held = data.draw(holders(fw))
    assert plan(fw, held, "r").hours == pytest.approx(brute_force_hours(fw, held, ["r"]))


def test_overlapping_groups_do_not_add_up_in_the_bound() -> None:
    """Found by a random search: summing groups that share a skill over-estimates, and cuts
    the optimal branch (s3 at 1 meets three groups at once)."""
    from pathplan.loader.framework import framework_from_data

    hours = {"s0": [8, 3, 6], "s1": [1, 4, 3], "s2": [6, 4, 1], "s3": [3, 9, 3]}
    groups = [
        {"s0": 2, "s3": 1},
        {"s2": 1, "s1": 3},
        {"s0": 1, "s3": 1},
        {"s0": 1, "s1": 2},
        {"s2": 2, "s3": 1},
    ]
    fw = framework_from_data(
        {
            "levels": ["a", "b", "c"],
            "skills": {s: {"name": s, "hours": h} for s, h in hours.items()},
        },
        {"roles": {"r": {"requires_any": groups}}},
    )
    assert plan(fw, {}, "r").hours == brute_force_hours(fw, {}, ["r"]) == 11


def test_an_empty_role_can_be_the_only_way_through() -> None:
    """Found by hypothesis: a stop that adds nothing was cut although no other route exists."""
    from pathplan.loader.framework import framework_from_data

    fw = framework_from_data(
        {"skills": {"a": {"name": "A", "hours": 1}}},
        {
            "roles": {
                "s": {"adjacent": ["hub"]},
                "hub": {"adjacent": ["t"]},
                "t": {"requires": {"a": 1}},
            }
        },
    )
    assert route(fw, {}, "s", "t", max_step=1).best.roles == ("s", "hub", "t")


def test_unknown_names_are_typed_errors_with_suggestions(mini: Framework) -> None:
    with pytest.raises(UnknownNameError) as info:
        gap(mini, {}, "dev-seniro")
    assert (info.value.kind, info.value.name) == ("role", "dev-seniro")
    assert info.value.suggestions[0] == "dev-senior"
    with pytest.raises(UnknownNameError):
        plan(mini, {}, "nobody")


def test_errors_carry_data_and_no_command_line_words(mini: Framework) -> None:
    with pytest.raises(MaxStepError) as info:
        route(mini, {}, "dev", "sales-eng", max_step=10)
    error = info.value
    assert "--" not in error.message and "--" not in (error.hint or "")
    assert error.cheapest is not None and error.largest == max(
        m.hours for m in error.cheapest.moves
    )


def test_a_holder_who_meets_the_target_is_already_qualified(mini: Framework) -> None:
    held = start_levels(mini, "dev-senior")
    result = route(mini, held, "dev-senior", "dev", alternatives=3)
    assert result.routes == (Route(("dev-senior",), ()),)
    assert result.best.qualified and result.best.hours == 0
    assert result.direct_hours is None
    # A route to one's own role, fully held, is the same answer.
    assert route(mini, held, "dev-senior", "dev-senior").routes == (Route(("dev-senior",), ()),)


def test_via_still_passes_through_its_roles_when_already_qualified(mini: Framework) -> None:
    held = start_levels(mini, "dev-senior")
    best = route(mini, held, "dev-senior", "dev", direct=True, via=["devops"]).best
    assert best.roles == ("dev-senior", "devops", "dev") and not best.qualified


def _detour() -> Framework:
    """Declared moves s -> x -> y -> t cost 5 + 10 + 15 h; the direct move s -> t, 25 h."""
    from pathplan.loader.framework import framework_from_data

    return framework_from_data(
        {
            "skills": {
                "a": {"name": "A", "hours": [10, 15, 20, 25, 30]},
                "c": {"name": "C", "hours": [5, 10, 15, 20, 25]},
            }
        },
        {
            "roles": {
                "s": {"adjacent": ["x"]},
                "x": {"requires": {"c": 1}, "adjacent": ["y"]},
                "y": {"requires": {"a": 1}, "adjacent": ["t"]},
                "t": {"requires": {"a": 2}},
            }
        },
    )


def test_a_cheaper_direct_move_is_reported_with_its_hours() -> None:
    fw = _detour()
    declared = route(fw, {}, "s", "t")
    assert declared.best.roles == ("s", "x", "y", "t") and declared.best.hours == 30
    assert declared.direct_hours == plan(fw, {}, "t").hours == 25
    # Once direct moves are allowed the direct move is the route, and nothing is reported.
    direct = route(fw, {}, "s", "t", direct=True)
    assert direct.best.roles == ("s", "t") and direct.direct_hours is None
    # Not when a via role keeps the direct move out, or a move of 25 h is over --max-step.
    assert route(fw, {}, "s", "t", via=["y"]).direct_hours is None
    limited = route(fw, {}, "s", "t", max_step=15)
    assert limited.best.hours == 30 and limited.direct_hours is None
    assert route(fw, {}, "s", "t", max_step=25).direct_hours == 25


def test_a_step_the_role_does_not_ask_for_names_its_prerequisite_chain() -> None:
    fw = load_framework(ROOT / "data")
    steps = {
        s.skill: s
        for s in plan(fw, start_levels(fw, "security-engineer"), "security-architect").steps
    }
    design = Requirement("security-architect", "system-design", 3)
    # The role asks System Design, which needs API Design, which needs HTTP.
    assert "http" not in fw.roles["security-architect"].requires
    assert steps["system-design"].reason == design
    assert steps["api-design"].reason == Prerequisite(
        "system-design", 1, ("system-design",), design
    )
    assert steps["http"].reason == Prerequisite(
        "api-design", 1, ("api-design", "system-design"), design
    )


def test_a_group_option_names_the_group() -> None:
    fw = load_framework(ROOT / "data")
    steps = {s.skill: s for s in plan(fw, start_levels(fw, "dev"), "ai-engineer").steps}
    assert steps["aws"].reason == Requirement("ai-engineer", "aws", 1, ("aws", "gcp", "azure"))


def test_the_need_for_the_highest_level_is_the_reason_and_a_requirement_wins_a_tie() -> None:
    from pathplan.loader.framework import framework_from_data

    fw = framework_from_data(
        {
            "skills": {
                "a": {"name": "A", "hours": 1},
                "b": {"name": "B", "requires": {"a": 2}, "hours": 1},
            }
        },
        {"roles": {"tie": {"requires": {"a": 2, "b": 1}}, "low": {"requires": {"a": 1, "b": 1}}}},
    )
    tie = {s.skill: s.reason for s in plan(fw, {}, "tie").steps}
    assert tie["a"] == Requirement("tie", "a", 2)
    low = {s.skill: s.reason for s in plan(fw, {}, "low").steps}
    assert low["a"] == Prerequisite("b", 2, ("b",), Requirement("low", "b", 1))
