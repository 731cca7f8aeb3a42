"""Quality of the bundled framework: what a real engineer or L&D lead would check first."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

from pathplan.cli.app import bundled_data
from pathplan.graph import prerequisite_graph, role_graph
from pathplan.loader.framework import load_framework
from pathplan.model import Framework
from pathplan.planner.levels import role_needs, start_levels
from pathplan.planner.route import route


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(bundled_data())


def test_size_and_breadth(fw: Framework) -> None:
    assert len(fw.roles) >= 40
    assert len({r.family for r in fw.roles.values()}) >= 8
    assert len(fw.skills) >= 200
    with_resources = sum(bool(s.resources) for s in fw.skills.values())
    assert with_resources / len(fw.skills) >= 0.6


@pytest.mark.parametrize(
    ("alias", "role"),
    [
        ("dev", "dev"),
        ("swe", "dev"),
        ("sales-eng", "sales-eng"),
        ("se", "sales-eng"),
        ("sre", "sre"),
        ("pm", "product-manager"),
        ("ds", "data-scientist"),
        ("qa", "qa"),
    ],
)
def test_aliases_people_type(fw: Framework, alias: str, role: str) -> None:
    assert fw.role_id(alias) == role


def test_every_role_is_reachable_from_another(fw: Framework) -> None:
    graph = role_graph(fw)
    assert [r for r in fw.roles if graph.in_degree(r) == 0] == []
    assert nx.is_weakly_connected(graph)


def test_no_skill_is_unused(fw: Framework) -> None:
    used = {s for r in fw.roles.values() for s in role_needs(fw, [r.id]).requires}
    used |= {s for r in fw.roles.values() for g in r.requires_any for s in g}
    prereqs = prerequisite_graph(fw)
    used |= {p for s in list(used) for p in nx.ancestors(prereqs, s)}
    assert sorted(set(fw.skills) - used) == []


def test_names_are_unique_ignoring_case(fw: Framework) -> None:
    for items in (fw.roles.values(), fw.skills.values()):
        names = [x.name.lower() for x in items]
        assert len(names) == len(set(names))


def test_every_skill_has_category_description_and_increasing_hours(fw: Framework) -> None:
    for s in fw.skills.values():
        assert s.category and s.description, s.id
        assert all(h > 0 for h in s.hours), s.id
        assert list(s.hours) == sorted(s.hours), f"{s.id}: higher levels should not be cheaper"


def test_dev_to_sales_eng_is_about_customer_facing_skills(fw: Framework) -> None:
    best = route(fw, start_levels(fw, "dev"), "dev", "sales-eng").best
    learned = {s.skill for m in best.moves for s in m.steps}
    assert {"presentation", "discovery", "product-demo", "solution-selling"} <= learned
    needs = role_needs(fw, ["sales-eng"])
    needed = set(needs.requires) | {s for g in needs.groups for s in g}
    needed |= {p for s in list(needed) for p in nx.ancestors(prerequisite_graph(fw), s)}
    assert learned <= needed, f"learned what sales-eng does not need: {learned - needed}"
    assert 100 <= best.hours <= 1000


def test_declared_reskilling_moves_exist(fw: Framework) -> None:
    for start, target in [
        ("dev", "sales-eng"),
        ("dev", "devops"),
        ("qa", "sdet"),
        ("support-eng", "sales-eng"),
        ("data-analyst", "data-scientist"),
        ("sysadmin", "sre"),
    ]:
        assert route(fw, start_levels(fw, start), start, target).best.roles[-1] == target


def test_every_family_reaches_every_other_with_direct(fw: Framework) -> None:
    first: dict[str | None, str] = {}
    for r in fw.roles.values():
        first.setdefault(r.family, r.id)
    for a, b in itertools.permutations(sorted(first.values()), 2):
        found = route(fw, start_levels(fw, a), a, b, direct=True).best
        # The direct move is the lower bound, so it is optimal; or none is needed at all.
        assert found.roles == ((a,) if found.qualified else (a, b))
