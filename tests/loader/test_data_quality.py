"""The bundled framework as an L&D reviewer checks it: hours, prerequisites, ladders and moves.

Each test states a rule from data/README.md ("How hours were set", "Prerequisites", "Families,
ladders and moves") and checks every skill or role against it, so a future edit that breaks the
rule fails here with the offending ids. Tables the rules depend on (the curves, the language
tiers, the teaching order) are read from data/README.md itself, so the documentation and the
data cannot drift apart.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from pathplan.cli.app import bundled_data
from pathplan.graph import prerequisite_graph
from pathplan.loader.framework import load_framework
from pathplan.model import Framework
from pathplan.planner.levels import role_needs, start_levels
from pathplan.planner.plan import plan

DATA_README = Path(__file__).resolve().parents[2] / "data" / "README.md"

# Categories whose skills are interpersonal or professional rather than technical (README
# "Categories"): these are learned by practice with feedback, which the level definitions price
# the same as any other practice.
PEOPLE = {"communication", "leadership", "customer", "product"}
TECHNICAL = {"programming", "web", "data", "infrastructure", "cloud", "security", "testing", "ml"}


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(bundled_data())


def readme_table(heading: str) -> list[list[str]]:
    """The body rows of the first table under `heading` in data/README.md, as cell lists."""
    text = DATA_README.read_text(encoding="utf-8")
    at = text.index(heading)
    rows: list[list[str]] = []
    for line in text[at:].splitlines()[1:]:
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif rows:
            break
    return [r for r in rows[1:] if not set(r[0]) <= set("-: ")]  # drop the header and rule


def ticked(cell: str) -> list[str]:
    """The `backticked` words of a table cell."""
    return re.findall(r"`([^`]+)`", cell)


def numbers(cell: str) -> tuple[float, ...]:
    return tuple(float(n) for n in re.findall(r"\d+(?:\.\d+)?", cell))


def cumulative(fw: Framework, skill: str, level: int) -> float:
    return fw.skills[skill].hours_between(0, level)


def skills_of(fw: Framework, role: str) -> dict[str, int]:
    """Every skill a role names (requires and every group option), at the highest level named."""
    needs = role_needs(fw, [role])
    levels = dict(needs.requires)
    for group in needs.groups:
        for sid, level in group.items():
            levels[sid] = max(level, levels.get(sid, 0))
    return levels


def moves(fw: Framework) -> Iterator[tuple[str, str, str]]:
    for role in fw.roles.values():
        yield from ((role.id, target, "next") for target in role.next)
        yield from ((role.id, target, "adjacent") for target in role.adjacent)


def seniority(fw: Framework, role: str) -> int:
    found = fw.roles[role].seniority
    assert found is not None, f"{role} has no seniority"
    return found


# ------------------------------------------------------------------------------------- hours


def test_every_skill_is_on_a_documented_curve(fw: Framework) -> None:
    curves = {
        numbers(row[1]): (ticked(row[0])[0], int(row[3])) for row in readme_table("| curve |")
    }
    used = Counter(tuple(s.hours) for s in fw.skills.values())
    strays = sorted(s.id for s in fw.skills.values() if tuple(s.hours) not in curves)
    assert strays == [], f"hours on no curve of data/README.md: {strays}"
    for hours, (name, count) in curves.items():
        assert used[hours] == count, (
            f"README says {count} skills on `{name}`, the data has {used[hours]}"
        )


def test_each_level_costs_more_than_the_last_and_about_doubles(fw: Framework) -> None:
    # README: each level is about as much again as all earlier levels together.
    for s in fw.skills.values():
        for lower, higher in zip(s.hours, s.hours[1:], strict=False):
            assert 1.5 * lower <= higher <= 4 * lower, f"{s.id}: {list(s.hours)}"


def test_practitioner_takes_months_of_practice_not_days_or_years(fw: Framework) -> None:
    # Level 3 is "months of regular use on the job": tens to a few hundred deliberate hours.
    for s in fw.skills.values():
        assert 40 <= cumulative(fw, s.id, 3) <= 300, (
            f"{s.id}: {cumulative(fw, s.id, 3)} h to level 3"
        )


def test_people_skills_are_not_cheaper_to_practise_than_technical_ones(fw: Framework) -> None:
    # The level definitions are the same for every category: a practitioner negotiator or
    # presenter has had months of practice with feedback, as a practitioner in React has.
    def median_to_practitioner(categories: set[str]) -> float:
        return statistics.median(
            cumulative(fw, s.id, 3) for s in fw.skills.values() if s.category in categories
        )

    people, technical = median_to_practitioner(PEOPLE), median_to_practitioner(TECHNICAL)
    assert people >= technical, f"people skills {people} h to level 3, technical {technical} h"


def developer_languages(fw: Framework) -> set[str]:
    """The options of the developer's language group that are learned from programming-basics."""
    group = {s for g in fw.roles["dev"].requires_any if "python" in g for s in g}
    return {s for s in group if "programming-basics" in fw.skills[s].requires}


def test_languages_differ_by_documented_difficulty(fw: Framework) -> None:
    tiers = readme_table("| tier |")
    base = fw.skills["python"].hours
    listed: set[str] = set()
    totals = []
    for row in tiers:
        (factor,) = numbers(row[1])
        languages = ticked(row[3])
        listed |= set(languages)
        totals.append(factor)
        for lang in languages:
            expected = [round(h * factor) for h in base]
            got = list(fw.skills[lang].hours)
            assert all(abs(g - e) <= 1 for g, e in zip(got, expected, strict=True)), (
                f"{lang}: {got}, README tier x{factor} says {expected}"
            )
    assert totals == sorted(totals) and len(set(totals)) >= 3, "tiers must differ and be ordered"
    assert developer_languages(fw) == listed, "every developer language is in one tier"


def test_learning_to_program_costs_more_than_learning_another_language(fw: Framework) -> None:
    # The first language carries every concept the later ones reuse: that is why each language
    # requires programming-basics and is cheaper than it to reach working level.
    languages = developer_languages(fw)
    (common,) = set.intersection(*(set(fw.skills[s].requires) for s in languages))
    second = statistics.median(cumulative(fw, s, 2) for s in languages)
    assert cumulative(fw, common, 2) >= 1.5 * second, (common, cumulative(fw, common, 2), second)


# ----------------------------------------------------------------------------- prerequisites


def test_a_prerequisite_asks_at_most_working_level(fw: Framework) -> None:
    # Prerequisites gate level 1 (one introductory course), which never assumes more than a
    # finished beginner course (level 2) of anything else.
    too_high = [(s.id, p, k) for s in fw.skills.values() for p, k in s.requires.items() if k > 2]
    assert too_high == []


def test_prerequisite_chains_are_at_most_three_links(fw: Framework) -> None:
    longest = nx.dag_longest_path(prerequisite_graph(fw))
    assert len(longest) - 1 <= 3, longest


def prerequisites(fw: Framework, skill: str) -> dict[str, int]:
    """Every skill that must be held before `skill` is started, at the level it must be held."""
    found: dict[str, int] = {}
    todo = [(p, k) for p, k in fw.skills[skill].requires.items()]
    while todo:
        p, k = todo.pop()
        if k > found.get(p, 0):
            found[p] = k
            todo += list(fw.skills[p].requires.items())
    return found


def test_teaching_order_of_the_readme_holds(fw: Framework) -> None:
    rows = readme_table("| first | then |")
    assert len(rows) >= 10
    for row in rows:
        ((first, level),) = (t.split(": ") for t in ticked(row[0]))
        for then in ticked(row[1]):
            held = prerequisites(fw, then).get(first, 0)
            assert held >= int(level), f"{then} can be started without {first} at {level}"


def test_machine_learning_skills_build_on_statistics(fw: Framework) -> None:
    unfounded = [
        s.id
        for s in fw.skills.values()
        if s.category == "ml" and "statistics" not in prerequisites(fw, s.id)
    ]
    assert unfounded == []


def test_a_role_never_forces_more_of_a_skill_than_it_asks(fw: Framework) -> None:
    # If a role asks for Machine Learning 1, none of its other requirements may need Machine
    # Learning 2 first: the role's own levels must be a consistent curriculum.
    for role in fw.roles.values():
        needs = role_needs(fw, [role.id])
        asked = needs.requires
        named = set(asked) | {s for g in needs.groups for s in g}
        for skill in sorted(named):
            for p, k in prerequisites(fw, skill).items():
                assert asked.get(p, k) >= k, (
                    f"{role.id} asks {p}: {asked[p]} but {skill} needs {p}: {k} first"
                )


# ------------------------------------------------------------------- ladders, levels, moves


def test_requirement_levels_fit_the_roles_seniority(fw: Framework) -> None:
    # README: core skills at 2 for a junior, 3 mid-level, 4 senior; 5 only from senior up.
    for role in fw.roles.values():
        level = seniority(fw, role.id)
        top = max(skills_of(fw, role.id).values())
        assert top <= level + 2, f"{role.id} (seniority {level}) asks for level {top}"
        if level >= 3:
            assert top >= 4, f"{role.id} is senior but asks nothing above practitioner"


def test_a_promotion_is_a_step_up(fw: Framework) -> None:
    for source, target, kind in moves(fw):
        if kind == "next":
            assert seniority(fw, target) > seniority(fw, source), f"{source} -> {target}"


def lineage(fw: Framework, role: str) -> list[str]:
    """The role and the roles it extends, nearest first."""
    chain = [role]
    while (parent := fw.roles[chain[-1]].extends) is not None:
        chain.append(parent)
    return chain


def shared_base(fw: Framework, source: str, target: str) -> str:
    """The most specific role both extend (the source itself on a plain ladder), else the source.

    A specialist promoted onto the general ladder (backend developer to senior developer) keeps
    the developer's work; what the specialism adds is what they bring, not what the rung asks.
    """
    above = set(lineage(fw, target))
    return next((r for r in lineage(fw, source) if r in above), source)


def test_a_promotion_keeps_the_job(fw: Framework) -> None:
    # Within a family the senior role does the junior's work at least as well; a promotion out of
    # the family is a move to lead (the leadership family), anything else is a career change.
    for source, target, kind in moves(fw):
        if kind != "next":
            continue
        if fw.roles[source].family != fw.roles[target].family:
            assert fw.roles[target].family == "leadership", f"{source} -> {target}"
            continue
        mine, theirs = fw.roles[source].requires, role_needs(fw, [target]).requires
        base = fw.roles[shared_base(fw, source, target)].requires
        dropped = {s: (k, theirs[s]) for s, k in base.items() if theirs.get(s, k) < k}
        assert dropped == {}, f"{source} -> {target} asks less of {dropped}"
        kept = sum(s in theirs for s in mine) / len(mine)
        assert kept >= 0.5, f"{source} -> {target} keeps {kept:.0%} of the job"


def test_a_promotion_is_within_a_few_years_of_learning(fw: Framework) -> None:
    # Two to three years between rungs at the 10-15 h/week the README assumes: at most 2,000 h.
    # More than that is a career change, however senior the target.
    for source, target, kind in moves(fw):
        if kind == "next":
            hours = plan(fw, start_levels(fw, source), target).hours
            assert hours <= 2000, f"{source} -> {target}: {hours:.0f} h"


def test_a_promotion_never_needs_less_in_total_than_the_role_below(fw: Framework) -> None:
    def from_zero(role: str) -> float:
        return plan(fw, {}, role).hours

    for source, target, kind in moves(fw):
        if kind == "next":
            assert from_zero(target) > from_zero(source), f"{source} -> {target}"
    by_level: dict[int, list[float]] = {}
    for role in fw.roles:
        by_level.setdefault(seniority(fw, role), []).append(from_zero(role))
    medians = [statistics.median(by_level[k]) for k in sorted(by_level)]
    assert medians == sorted(medians), f"median hours from zero by seniority: {medians}"


def test_every_role_reaches_every_other_through_declared_moves(fw: Framework) -> None:
    # A route between any two roles must exist without --direct; a role with no way out (or a
    # pair that only lead to each other) leaves every route from it without an answer.
    graph = nx.DiGraph([(s, t) for s, t, _ in moves(fw)])
    graph.add_nodes_from(fw.roles)
    stuck = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) < len(fw.roles)]
    assert stuck == []


def test_a_reskilling_move_is_sideways(fw: Framework) -> None:
    # FT's ladder splits into individual-contributor and manager tracks at the same level: a
    # sideways move changes the work, not the rung, by more than one step.
    far = [
        (s, t, seniority(fw, s), seniority(fw, t))
        for s, t, kind in moves(fw)
        if kind == "adjacent" and abs(seniority(fw, s) - seniority(fw, t)) > 1
    ]
    assert far == []


def test_every_declared_move_teaches_something(fw: Framework) -> None:
    free = [(s, t) for s, t, _ in moves(fw) if plan(fw, start_levels(fw, s), t).hours == 0]
    assert free == [], "a move to a role already met is not a move"
    both = [(r.id, t) for r in fw.roles.values() for t in set(r.next) & set(r.adjacent)]
    assert both == []


def test_a_declared_move_shares_more_than_what_every_role_needs(fw: Framework) -> None:
    # Skills most roles ask for (communication, ...) say nothing about whether two jobs are
    # related; a realistic move shares at least one skill beyond those.
    counts = Counter(s for r in fw.roles for s in skills_of(fw, r))
    common = {s for s, n in counts.items() if n > len(fw.roles) / 2}
    unrelated = [
        (s, t)
        for s, t, _ in moves(fw)
        if not (set(skills_of(fw, s)) & set(skills_of(fw, t))) - common
    ]
    assert unrelated == []
