"""What the team and candidates views show, shared by the table and markdown formats.

A roster can hold 10,000 people, so the terminal and markdown views summarise: the most-missing
skills, coverage per role, a heatmap of people (small teams) or of roles (large ones), and the
people with the largest gaps. JSON and CSV always carry everyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pathplan.model import Framework
from pathplan.planner.results import Step
from pathplan.planner.team import Candidates, Member, SkillNeed, Team, gap_order
from pathplan.render.text import hours as _hours_text

__all__ = [
    "HEAT_PEOPLE",
    "HEAT_ROLES",
    "Heatmap",
    "candidates_headline",
    "heatmap",
    "hours",
    "in_role_text",
    "missing",
    "pct",
    "people_rows",
    "person_row",
    "plan_text",
    "plural",
    "team_headline",
]


def hours(value: float) -> str:
    """Hours in the team views: thousands grouped, as they sum many people's plans."""
    return _hours_text(value, grouped=True)


HEAT_PEOPLE = 12  # up to this many people, the heatmap has a column per person
HEAT_ROLES = 8  # beyond it, a column per role: the largest roles, this many
PLAN_PREVIEW = 3  # steps named in a candidate's plan summary


def pct(value: float) -> str:
    return f"{value:.0%}"


def plural(count: int, word: str) -> str:
    """`count` and `word`, the word made plural when the count is not one."""
    if word.endswith("person"):
        return f"{count:,} {word if count == 1 else word[:-6] + 'people'}"
    return f"{count:,} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class Heatmap:
    """A grid of skills (rows) by people or roles (columns); cells are (text, style)."""

    caption: str
    corner: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    note: str | None


def heatmap(fw: Framework, t: Team, top: int) -> Heatmap:
    """The team heatmap: per person for a small team, per role (share lacking) for a large one."""
    skills = t.skills[:top] if top else t.skills
    more = len(t.skills) - len(skills)
    skill_note = f"{plural(more, 'more skill')} not shown (--top N)" if more > 0 else None
    if t.people <= HEAT_PEOPLE and t.complete:
        rows = tuple(
            (fw.skills[n.skill].name, tuple(_person_cell(m, n.skill) for m in t.members))
            for n in skills
        )
        return Heatmap(
            "Heatmap: level held; held/needed where short; · not needed by their role",
            "Skill",
            tuple(m.id for m in t.members),
            rows,
            skill_note,
        )
    shown = t.roles[:HEAT_ROLES]
    rows = tuple(
        (
            fw.skills[n.skill].name,
            tuple(_role_cell(n.lacking_by_role.get(r.role, 0), r.people) for r in shown),
        )
        for n in skills
    )
    notes = [f"{plural(t.people, 'person')} grouped by role"]
    if len(t.roles) > len(shown):
        notes.append(f"the {len(shown)} largest of {len(t.roles)} roles shown")
    if skill_note:
        notes.append(skill_note)
    return Heatmap(
        "Heatmap: share of each role's people lacking the skill",
        "Skill",
        tuple(f"{r.role} ({r.people:,})" for r in shown),
        rows,
        "; ".join(notes) + "; --format csv or json lists every person",
    )


def _person_cell(m: Member, sid: str) -> tuple[str, str]:
    need = m.targets.get(sid, 0)
    held = m.holder.levels.get(sid, 0)
    if need == 0:
        return ("·" if held == 0 else str(held), "dim")
    if held >= need:
        return str(held), "green"
    return f"{held}/{need}", "red" if need - held >= 2 else "yellow"


def _role_cell(lacking: int, people: int) -> tuple[str, str]:
    if lacking == 0:
        return "·", "dim"
    share = lacking / people
    return pct(share), "red" if share >= 0.5 else "yellow"


def _people_order(t: Team) -> list[Member]:
    # Largest gaps first: in a capped list, the people who need attention.
    return sorted(t.members, key=gap_order)


def person_row(m: Member) -> tuple[str, ...]:
    """One person's row in the people table, the same in every format that has one."""
    return (
        m.name,
        m.role,
        pct(m.own.coverage),
        hours(m.own.plan.hours),
        str(len(m.own.plan.steps)),
        _next_text(m),
    )


def _next_text(m: Member) -> str:
    if not m.next:
        return "—"
    return "; ".join(f"{g.role} {hours(g.plan.hours)} h" for g in m.next)


def team_headline(t: Team) -> str:
    """The team in one sentence."""
    return (
        f"Team: {plural(t.people, 'person')} in {plural(len(t.roles), 'role')}; "
        f"{hours(t.hours)} h to close every gap to their own role "
        f"(mean coverage {pct(t.coverage)}, {t.qualified:,} fully qualified)"
    )


def missing(t: Team, top: int) -> list[SkillNeed]:
    """The skills someone lacks, most lacking first; the first `top` (0: all)."""
    lacking = [n for n in t.skills if n.lacking]
    return lacking[:top] if top else lacking


def people_rows(t: Team, limit: int) -> tuple[list[Member], int]:
    """The people shown (largest gap first, at most `limit`; 0: all) and how many are not."""
    order = _people_order(t)
    shown = order[:limit] if limit else order
    return shown, t.people - len(shown)


def plan_text(
    fw: Framework, steps: Sequence[Step], preview: int = PLAN_PREVIEW, *, counted: bool = True
) -> str:
    """A plan in a few words: its size (unless not `counted`) and costliest steps."""
    if not steps:
        return "qualified"
    # The costliest steps say most about the move; the plan's order is in json and csv.
    biggest = sorted(steps, key=lambda s: (-s.hours, s.skill))[:preview]
    named = [f"{fw.skills[s.skill].name} {s.from_level}→{s.to_level}" for s in biggest]
    more = f", +{len(steps) - preview} more" if len(steps) > preview else ""
    if not counted:
        return ", ".join(named) + more
    label = ", biggest" if len(steps) > 1 else ""
    return f"{plural(len(steps), 'step')}{label}: {', '.join(named)}{more}"


def candidates_headline(fw: Framework, c: Candidates) -> str:
    role = fw.roles[c.role]
    limit = c.max_hours
    within = f", {c.eligible:,} within {hours(limit)} h" if limit is not None else ""
    holding = f"; {plural(len(c.in_role), 'person')} already in the role" if c.in_role else ""
    return (
        f"Candidates for {role.name} ({c.role}): {plural(c.considered, 'person')} ranked by "
        f"hours to qualify ({c.qualified:,} already qualified{within}){holding}"
    )


def in_role_text(c: Candidates) -> str | None:
    """The people already in the role, who are not ranked: name and how much of it they meet."""
    if not c.in_role:
        return None
    people = ", ".join(f"{x.name} ({pct(x.gap.coverage)} met)" for x in c.in_role)
    return f"Already in the role, so not ranked: {people}"
