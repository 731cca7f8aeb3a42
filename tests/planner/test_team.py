"""Team views against a direct computation with the planner, person by person."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathplan.errors import MissingRoleError, UnknownNameError
from pathplan.loader.framework import load_framework
from pathplan.model import Framework, Holder
from pathplan.planner import parallel
from pathplan.planner.plan import gap, plan
from pathplan.planner.team import (
    Tally,
    candidates,
    gap_cache,
    gap_order,
    member,
    members,
    relevant_skills,
    targets,
    team,
)
from tests.conftest import MINI, examples
from tests.strategies import frameworks, holders

FAST = settings(
    max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.fixture(scope="module")
def mini() -> Framework:
    return load_framework(MINI)


@st.composite
def rosters(draw: st.DrawFn, fw: Framework, max_people: int = 8) -> dict[str, Holder]:
    """People with random skills and roles; names collide on purpose, to exercise tie-breaks."""
    count = draw(st.integers(0, max_people))
    roles = sorted(fw.roles)
    out = {}
    for i in range(count):
        name = draw(st.sampled_from([None, "Ann", "ann", "Bo"]))
        out[f"p{i}"] = Holder(draw(holders(fw)), draw(st.sampled_from(roles)), name, None)
    return out


@FAST
@given(data=st.data())
def test_cached_gap_equals_planner_gap(data: st.DataObject) -> None:
    fw = data.draw(frameworks())
    cached = gap_cache(fw)
    for _ in range(4):  # several holders per framework, so the cache is hit and missed
        held = data.draw(holders(fw))
        role = data.draw(st.sampled_from(sorted(fw.roles)))
        assert cached(held, role) == gap(fw, held, role)


@FAST
@given(data=st.data())
def test_candidates_ranked_as_a_direct_computation(data: st.DataObject) -> None:
    fw = data.draw(frameworks())
    roster = data.draw(rosters(fw))
    role = data.draw(st.sampled_from(sorted(fw.roles)))
    top = data.draw(st.none() | st.integers(1, 5))
    max_hours = data.draw(st.none() | st.integers(0, 60))

    direct = []
    for pid, h in roster.items():
        if h.role == role:
            continue  # in the role already: listed apart
        g = gap(fw, h.levels, role)
        hours = plan(fw, h.levels, role).hours
        direct.append((round(hours, 6), -g.coverage, (h.name or pid).casefold(), pid, g))
    direct.sort(key=lambda row: row[:4])
    qualified = sum(all(r.met for r in row[4].rows) for row in direct)
    if max_hours is not None:
        direct = [row for row in direct if row[0] <= max_hours]
    expected = [row[3] for row in direct][:top]

    result = candidates(fw, roster, role, top=top, max_hours=max_hours)
    assert [c.id for c in result.ranked] == expected
    assert [c.rank for c in result.ranked] == list(range(1, len(expected) + 1))
    holding = [pid for pid, h in roster.items() if h.role == role]
    assert sorted(c.id for c in result.in_role) == sorted(holding)
    assert (result.considered, result.eligible, result.qualified) == (
        len(roster) - len(holding),
        len(direct),
        qualified,
    )
    for c in result.ranked:
        assert c.gap == gap(fw, roster[c.id].levels, role)
        assert c.qualified == all(r.met for r in c.gap.rows)


@FAST
@given(data=st.data())
def test_team_totals_equal_a_direct_computation(data: st.DataObject) -> None:
    fw = data.draw(frameworks())
    roster = data.draw(rosters(fw))
    result = team(fw, roster)

    assert [m.id for m in result.members] == list(roster)
    own = {pid: gap(fw, h.levels, h.role or "") for pid, h in roster.items()}
    assert result.hours == pytest.approx(sum(g.plan.hours for g in own.values()))
    assert result.qualified == sum(all(r.met for r in g.rows) for g in own.values())

    lacking: Counter[str] = Counter(s.skill for g in own.values() for s in g.plan.steps)
    needed: Counter[str] = Counter(s for g in own.values() for s in targets(g))
    assert {n.skill: n.lacking for n in result.skills} == {s: lacking[s] for s in needed}
    assert {n.skill: n.needed_by for n in result.skills} == dict(needed)
    for n in result.skills:
        hours = sum(s.hours for g in own.values() for s in g.plan.steps if s.skill == n.skill)
        assert n.hours == pytest.approx(hours)
        assert sum(n.lacking_by_role.values()) == n.lacking
    keys = [(-n.lacking, -round(n.hours, 6), -n.needed_by, n.skill) for n in result.skills]
    assert keys == sorted(keys)

    by_role: dict[str, list[str]] = {}
    for pid, h in roster.items():
        by_role.setdefault(h.role or "", []).append(pid)
    assert {r.role: r.people for r in result.roles} == {k: len(v) for k, v in by_role.items()}
    for r in result.roles:
        group = [own[pid] for pid in by_role[r.role]]
        assert r.coverage == pytest.approx(sum(g.coverage for g in group) / len(group))
        assert r.hours == pytest.approx(sum(g.plan.hours for g in group))
        assert r.qualified == sum(not g.plan.steps for g in group)


def test_next_rungs_are_gaps_to_each_next_role(mini: Framework) -> None:
    held = {"python": 3, "git": 3, "testing": 3, "programming-basics": 2}
    result = team(mini, {"ada": Holder(held, "dev", "Ada", None)})
    (m,) = result.members
    assert m.own.plan.hours == 0 and m.name == "Ada"
    assert [g.role for g in m.next] == ["dev-senior"]
    assert m.next[0] == gap(mini, held, "dev-senior")
    assert m.next[0].plan.hours == 120 + 80  # python 3->4, testing 3->4


def test_relevant_skills_close_over_prerequisites(mini: Framework) -> None:
    # sales-eng: its requirements, both options of its group, and what those need first
    assert relevant_skills(mini, "sales-eng") == {
        "presentation",
        "discovery",
        "product-demo",
        "python",
        "java",
        "communication",
        "programming-basics",
    }


def test_qualified_people_rank_first_and_are_marked(mini: Framework) -> None:
    roster = {
        "zed": Holder({"linux": 3, "git": 3}, "dev", None, None),
        "amy": Holder({"linux": 3, "git": 3}, "dev", None, 4.0),
        "bob": Holder({"linux": 1}, "dev", None, 4.0),
    }
    result = candidates(mini, roster, "devops")
    assert [(c.id, c.qualified) for c in result.ranked] == [
        ("amy", True),
        ("zed", True),
        ("bob", False),
    ]
    bob = result.ranked[2]
    assert bob.gap.plan.hours == 8 * 2 + 8 * 4 + 4 + 12 + 30  # linux 1->3, git 0->3
    assert bob.weeks == 24  # 94 h at 4 h a week, rounded up
    assert result.ranked[0].weeks == 0 and result.ranked[1].weeks is None


@FAST
@given(data=st.data())
def test_a_capped_tally_summarises_as_the_whole_team(data: st.DataObject) -> None:
    fw = data.draw(frameworks())
    roster = data.draw(rosters(fw, max_people=12))
    keep = data.draw(st.integers(0, 5))
    whole = team(fw, roster)
    tally = Tally(keep)
    for m in members(fw, roster.items()):
        tally.add(m)
    capped = tally.team()

    assert capped.people == whole.people == len(roster)
    assert (capped.skills, capped.roles) == (whole.skills, whole.roles)
    assert (capped.hours, capped.qualified, capped.coverage) == (
        whole.hours,
        whole.qualified,
        whole.coverage,
    )
    # The members kept are the `keep` largest gaps, in roster order.
    largest = {m.id for m in sorted(whole.members, key=gap_order)[:keep]}
    assert list(capped.members) == [m for m in whole.members if m.id in largest]
    assert capped.complete == (keep >= len(roster))


def test_a_tally_trims_as_it_goes(mini: Framework) -> None:
    held = {"python": 1}
    tally = Tally(keep=1)
    for i in range(500):
        tally.add(member(mini, f"p{i:03}", Holder(held, "dev", None, None), gap_cache(mini)))
        assert len(tally._kept) < 2 * 1 + 64 + 1  # bounded however many are added
    result = tally.team()
    assert result.people == 500 and [m.id for m in result.members] == ["p000"]


def test_members_are_read_as_they_are_asked_for(mini: Framework) -> None:
    read = []

    def people() -> Iterator[tuple[str, Holder]]:
        for i in range(1000):
            read.append(i)
            yield f"p{i}", Holder({"python": 2}, "dev", None, None)

    found = members(mini, people())
    assert read == []  # nothing read before the first member is asked for
    first = next(found)
    assert first.id == "p0" and read == [0]
    stream = parallel.stream_members(parallel.InProcess(mini), mini, people(), chunk=10)
    read.clear()
    assert next(stream).id == "p0" and len(read) <= 2 * 10 + 1  # a chunk or two, not 1,000


def test_members_need_a_known_role(mini: Framework) -> None:
    with pytest.raises(MissingRoleError):
        list(members(mini, [("ana", Holder({}, None, None, None))]))
    with pytest.raises(UnknownNameError):
        list(
            parallel.stream_members(
                parallel.InProcess(mini), mini, [("ana", Holder({}, "x", None, None))]
            )
        )
