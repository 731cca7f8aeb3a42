"""Team and candidates output: terminal tables, markdown, CSV and JSON.

A roster can hold 10,000 people, so the terminal and markdown views summarise: the most-missing
skills, coverage per role, a heatmap of people (small teams) or of roles (large ones), and the
people with the largest gaps. JSON and CSV always carry everyone.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pathplan.model import Framework
from pathplan.planner import Step
from pathplan.render.json import dumps, number, step
from pathplan.team import Candidate, Candidates, Member, Team

__all__ = [
    "HEAT_PEOPLE",
    "HEAT_ROLES",
    "Heatmap",
    "candidates_csv",
    "candidates_json",
    "candidates_markdown",
    "candidates_table",
    "heatmap",
    "team_csv",
    "team_json",
    "team_markdown",
    "team_table",
]

HEAT_PEOPLE = 12  # up to this many people, the heatmap has a column per person
HEAT_ROLES = 8  # beyond it, a column per role: the largest roles, this many
PLAN_PREVIEW = 3  # steps named in a candidate's plan summary


def _hours(value: float) -> str:
    rounded = round(value, 1)
    return f"{rounded:,.0f}" if rounded == int(rounded) else f"{rounded:,.1f}"


def _pct(value: float) -> str:
    return f"{value:.0%}"


def _plural(count: int, word: str) -> str:
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
    skill_note = f"{_plural(more, 'more skill')} not shown (--top N)" if more > 0 else None
    if len(t.members) <= HEAT_PEOPLE:
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
    notes = [f"{_plural(len(t.members), 'person')} grouped by role"]
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
    return _pct(share), "red" if share >= 0.5 else "yellow"


def _people_order(t: Team) -> list[Member]:
    # Largest gaps first: in a capped list, the people who need attention.
    return sorted(t.members, key=lambda m: (-round(m.own.plan.hours, 6), m.id))


def _person_row(m: Member) -> tuple[str, ...]:
    """One person's row in the people table, the same in every format that has one."""
    return (
        m.name,
        m.role,
        _pct(m.own.coverage),
        _hours(m.own.plan.hours),
        str(len(m.own.plan.steps)),
        _next_text(m),
    )


def _next_text(m: Member) -> str:
    if not m.next:
        return "—"
    return "; ".join(f"{g.role} {_hours(g.plan.hours)} h" for g in m.next)


def _headline(t: Team) -> str:
    return (
        f"Team: {_plural(len(t.members), 'person')} in {_plural(len(t.roles), 'role')}; "
        f"{_hours(t.hours)} h to close every gap to their own role "
        f"(mean coverage {_pct(t.coverage)}, {t.qualified:,} fully qualified)"
    )


def _missing(t: Team, top: int) -> list[Any]:
    lacking = [n for n in t.skills if n.lacking]
    return lacking[:top] if top else lacking


def _people_rows(t: Team, limit: int) -> tuple[list[Member], int]:
    order = _people_order(t)
    shown = order[:limit] if limit else order
    return shown, len(order) - len(shown)


# --- terminal ----------------------------------------------------------------------------------


def _rich_table(*columns: str, right: Iterable[str] = ()) -> Any:
    from rich import box
    from rich.table import Table

    right = set(right)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for col in columns:
        table.add_column(col, justify="right" if col in right else "left")
    return table


def team_table(fw: Framework, t: Team, *, top: int, people: int, color: bool) -> str:
    """The team on a terminal: headline, roles, most-missing skills, heatmap, people."""
    from rich.console import RenderableType
    from rich.text import Text

    from pathplan.console import to_text

    parts: list[RenderableType] = [Text(_headline(t), style="bold"), Text("")]
    roles = _rich_table(
        "Role", "People", "Qualified", "Coverage", "Hours", right=("People", "Qualified", "Hours")
    )
    for r in t.roles:
        roles.add_row(
            f"{fw.roles[r.role].name} ({r.role})",
            f"{r.people:,}",
            f"{r.qualified:,}",
            _pct(r.coverage),
            _hours(r.hours),
        )
    parts += [Text("Coverage by role", style="bold"), roles]

    missing = _missing(t, top)
    total_missing = sum(1 for n in t.skills if n.lacking)
    if missing:
        table = _rich_table(
            "Skill", "Lacking", "Needed by", "Hours", right=("Lacking", "Needed by", "Hours")
        )
        for n in missing:
            table.add_row(
                fw.skills[n.skill].name, f"{n.lacking:,}", f"{n.needed_by:,}", _hours(n.hours)
            )
        parts += [
            Text(f"Most-missing skills ({len(missing)} of {total_missing})", style="bold"),
            table,
        ]
    else:
        parts.append(Text("No missing skills: everyone meets their role.", style="green"))

    heat = heatmap(fw, t, top)
    if heat.rows:
        table = _rich_table(heat.corner, *heat.columns, right=heat.columns)
        for label, cells in heat.rows:
            table.add_row(label, *(Text(text, style=style) for text, style in cells))
        parts += [Text(heat.caption, style="bold"), table]
        if heat.note:
            parts += [Text(heat.note, style="dim"), Text("")]

    shown, more = _people_rows(t, people)
    table = _rich_table(
        "Person",
        "Role",
        "Coverage",
        "Hours",
        "Steps",
        "Next rung (hours)",
        right=("Hours", "Steps"),
    )
    for m in shown:
        table.add_row(*_person_row(m))
    parts += [Text("People (largest gap first)", style="bold"), table]
    if more:
        parts.append(Text(f"{_plural(more, 'more person')} (--people N, 0 for all)", style="dim"))
    return to_text(*parts, color=color)


def _plan_text(fw: Framework, steps: Sequence[Step], preview: int = PLAN_PREVIEW) -> str:
    if not steps:
        return "qualified"
    # The costliest steps say most about the move; the plan's order is in json and csv.
    biggest = sorted(steps, key=lambda s: (-s.hours, s.skill))[:preview]
    named = [f"{fw.skills[s.skill].name} {s.from_level}→{s.to_level}" for s in biggest]
    more = f", +{len(steps) - preview} more" if len(steps) > preview else ""
    label = ", biggest" if len(steps) > 1 else ""
    return f"{_plural(len(steps), 'step')}{label}: {', '.join(named)}{more}"


def _candidates_headline(fw: Framework, c: Candidates) -> str:
    role = fw.roles[c.role]
    limit = c.max_hours
    within = f", {c.eligible:,} within {_hours(limit)} h" if limit is not None else ""
    return (
        f"Candidates for {role.name} ({c.role}): {_plural(c.considered, 'person')} ranked by "
        f"hours to qualify ({c.qualified:,} already qualified{within})"
    )


def candidates_table(fw: Framework, c: Candidates, *, color: bool) -> str:
    """Candidates on a terminal, fewest hours first; qualified people marked."""
    from rich.text import Text

    from pathplan.console import to_text

    table = _rich_table(
        "#", "Person", "Role", "Hours", "Coverage", "Weeks", "Plan", right=("#", "Hours", "Weeks")
    )
    for x in c.ranked:
        plan = (
            Text("✓ qualified", "green") if x.qualified else Text(_plan_text(fw, x.gap.plan.steps))
        )
        table.add_row(
            str(x.rank),
            x.name,
            x.holder.role or "",
            _hours(x.gap.plan.hours),
            _pct(x.gap.coverage),
            "" if x.weeks is None else str(x.weeks),
            plan,
        )
    parts: list[Any] = [Text(_candidates_headline(fw, c), style="bold"), table]
    if len(c.ranked) < c.eligible:
        parts.append(Text(f"{c.eligible - len(c.ranked):,} more (--top N, 0 for all)", "dim"))
    if not c.ranked:
        parts.append(Text("Nobody fits: raise --max-hours.", "yellow"))
    return to_text(*parts, color=color)


# --- markdown ----------------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_table(
    columns: Sequence[str], rows: Iterable[Sequence[str]], right: Iterable[str] = ()
) -> str:
    right = set(right)
    lines = [
        "| " + " | ".join(_md_cell(c) for c in columns) + " |",
        "|" + "|".join("---:" if c in right else "---" for c in columns) + "|",
    ]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def team_markdown(fw: Framework, t: Team, *, top: int, people: int) -> str:
    """The team as markdown (a CI job summary or a report)."""
    out = [f"## {_headline(t)}\n"]
    out.append("### Coverage by role\n")
    out.append(
        _md_table(
            ("Role", "People", "Qualified", "Coverage", "Hours"),
            (
                (
                    f"{fw.roles[r.role].name} (`{r.role}`)",
                    f"{r.people:,}",
                    f"{r.qualified:,}",
                    _pct(r.coverage),
                    _hours(r.hours),
                )
                for r in t.roles
            ),
            right=("People", "Qualified", "Coverage", "Hours"),
        )
    )
    missing = _missing(t, top)
    out.append(
        f"### Most-missing skills ({len(missing)} of {sum(1 for n in t.skills if n.lacking)})\n"
    )
    out.append(
        _md_table(
            ("Skill", "Lacking", "Needed by", "Hours"),
            (
                (fw.skills[n.skill].name, f"{n.lacking:,}", f"{n.needed_by:,}", _hours(n.hours))
                for n in missing
            ),
            right=("Lacking", "Needed by", "Hours"),
        )
        if missing
        else "No missing skills: everyone meets their role.\n"
    )
    heat = heatmap(fw, t, top)
    if heat.rows:
        out.append(f"### {heat.caption}\n")
        out.append(
            _md_table(
                (heat.corner, *heat.columns),
                ((label, *(text for text, _ in cells)) for label, cells in heat.rows),
                right=heat.columns,
            )
        )
        if heat.note:
            out.append(f"_{heat.note}_\n")
    shown, more = _people_rows(t, people)
    out.append("### People (largest gap first)\n")
    out.append(
        _md_table(
            ("Person", "Role", "Coverage", "Hours", "Steps", "Next rung (hours)"),
            (_person_row(m) for m in shown),
            right=("Coverage", "Hours", "Steps"),
        )
    )
    if more:
        out.append(f"_{_plural(more, 'more person')} (--people N, 0 for all)_\n")
    return "\n".join(out)


def candidates_markdown(fw: Framework, c: Candidates) -> str:
    """Candidates as markdown."""
    out = [f"## {_candidates_headline(fw, c)}\n"]
    out.append(
        _md_table(
            ("#", "Person", "Role", "Hours", "Coverage", "Weeks", "Plan"),
            (
                (
                    str(x.rank),
                    x.name,
                    x.holder.role or "",
                    _hours(x.gap.plan.hours),
                    _pct(x.gap.coverage),
                    "" if x.weeks is None else str(x.weeks),
                    "✓ qualified" if x.qualified else _plan_text(fw, x.gap.plan.steps),
                )
                for x in c.ranked
            ),
            right=("#", "Hours", "Coverage", "Weeks"),
        )
    )
    if len(c.ranked) < c.eligible:
        out.append(f"_{c.eligible - len(c.ranked):,} more (--top N, 0 for all)_\n")
    return "\n".join(out)


# --- CSV ---------------------------------------------------------------------------------------


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _steps_text(steps: Sequence[Step]) -> str:
    return "; ".join(f"{s.skill} {s.from_level}→{s.to_level}" for s in steps)


def team_csv(t: Team) -> str:
    """One row per person and target role: their own role (kind `own`), then each next rung."""
    rows = []
    for m in t.members:
        for kind, g in (("own", m.own), *(("next", g) for g in m.next)):
            rows.append(
                (
                    m.id,
                    m.holder.name or "",
                    m.role,
                    kind,
                    g.role,
                    f"{g.coverage:.4f}",
                    number(g.plan.hours),
                    len(g.plan.steps),
                    _steps_text(g.plan.steps),
                )
            )
    return _csv(
        ("person", "name", "role", "kind", "target", "coverage", "hours", "steps", "plan"), rows
    )


def candidates_csv(c: Candidates) -> str:
    """One row per ranked candidate."""
    return _csv(
        (
            "rank",
            "person",
            "name",
            "role",
            "qualified",
            "hours",
            "coverage",
            "weeks",
            "steps",
            "plan",
        ),
        (
            (
                x.rank,
                x.id,
                x.holder.name or "",
                x.holder.role or "",
                "yes" if x.qualified else "no",
                number(x.gap.plan.hours),
                f"{x.gap.coverage:.4f}",
                "" if x.weeks is None else x.weeks,
                len(x.gap.plan.steps),
                _steps_text(x.gap.plan.steps),
            )
            for x in c.ranked
        ),
    )


# --- JSON --------------------------------------------------------------------------------------


def team_json(t: Team) -> str:
    """The team as one stable JSON object (kind `team`), everyone included."""
    return dumps(
        "team",
        {
            "people_count": len(t.members),
            "qualified": t.qualified,
            "coverage": round(t.coverage, 4),
            "total_hours": number(t.hours),
            "roles": [
                {
                    "role": r.role,
                    "people": r.people,
                    "qualified": r.qualified,
                    "coverage": round(r.coverage, 4),
                    "hours": number(r.hours),
                }
                for r in t.roles
            ],
            "skills": [
                {
                    "skill": n.skill,
                    "needed_by": n.needed_by,
                    "lacking": n.lacking,
                    "hours": number(n.hours),
                    "lacking_by_role": dict(n.lacking_by_role),
                }
                for n in t.skills
            ],
            "people": [
                {
                    "id": m.id,
                    "name": m.holder.name,
                    "role": m.role,
                    "coverage": round(m.own.coverage, 4),
                    "hours": number(m.own.plan.hours),
                    "steps": [step(s) for s in m.own.plan.steps],
                    "next": [
                        {
                            "role": g.role,
                            "coverage": round(g.coverage, 4),
                            "hours": number(g.plan.hours),
                        }
                        for g in m.next
                    ],
                }
                for m in t.members
            ],
        },
    )


def _candidate(x: Candidate) -> dict[str, Any]:
    return {
        "rank": x.rank,
        "id": x.id,
        "name": x.holder.name,
        "role": x.holder.role,
        "qualified": x.qualified,
        "hours": number(x.gap.plan.hours),
        "coverage": round(x.gap.coverage, 4),
        "weeks": x.weeks,
        "steps": [step(s) for s in x.gap.plan.steps],
    }


def candidates_json(c: Candidates) -> str:
    """Ranked candidates as one stable JSON object (kind `candidates`)."""
    return dumps(
        "candidates",
        {
            "role": c.role,
            "considered": c.considered,
            "qualified": c.qualified,
            "eligible": c.eligible,
            "max_hours": None if c.max_hours is None else number(c.max_hours),
            "candidates": [_candidate(x) for x in c.ranked],
        },
    )
