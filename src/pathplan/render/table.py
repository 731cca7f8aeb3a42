"""Terminal output: rich tables (styled on a terminal, plain and stable when piped)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from rich.tree import Tree

from pathplan.errors import Problem
from pathplan.model import Framework, Role, Skill
from pathplan.planner.adjacent import Neighbour
from pathplan.planner.results import Gap, Route, Step
from pathplan.planner.schedule import Schedule
from pathplan.planner.team import Candidates, Team
from pathplan.render.text import hours, level, rich_table, to_text
from pathplan.render.views import (
    candidates_headline,
    heatmap,
    missing,
    pct,
    people_rows,
    person_row,
    plan_text,
    plural,
    team_headline,
)
from pathplan.render.views import hours as team_hours


def _steps(fw: Framework, steps: tuple[Step, ...], title: str) -> Group:
    table = rich_table("#", "Skill", "From", "To", "Hours")
    for i, s in enumerate(steps, 1):
        table.add_row(
            str(i),
            fw.skills[s.skill].name,
            level(fw, s.from_level),
            level(fw, s.to_level),
            hours(s.hours),
        )
    return Group(Text(title, style="bold"), table)


def _route(fw: Framework, r: Route, heading: str) -> Tree:
    names = " → ".join(fw.roles[x].name for x in r.roles)
    count = len(r.moves)
    tree = Tree(
        Text.assemble(
            (heading, "bold"),
            f"{names}: ",
            (f"{hours(r.hours)} h", "bold cyan"),
            f" in {count} move{'s' if count != 1 else ''}",
        ),
        guide_style="dim",
    )
    for i, m in enumerate(r.moves, 1):
        move = f"{fw.roles[m.source].name} → {fw.roles[m.target].name}"
        branch = tree.add(
            Text.assemble(
                (f"Move {i}: ", "bold"), f"{move} ({m.kind}), ", (f"{hours(m.hours)} h", "cyan")
            )
        )
        if not m.steps:
            branch.add(Text("nothing to learn", "dim"))
        for step in m.steps:
            branch.add(
                Text.assemble(
                    fw.skills[step.skill].name,
                    f" {level(fw, step.from_level)} → {level(fw, step.to_level)}, ",
                    (f"{hours(step.hours)} h", "cyan"),
                )
            )
    return tree


def _schedule(fw: Framework, plan: Schedule, moves: bool) -> Group:
    head = Text.assemble(
        ("Schedule ", "bold"),
        f"at {hours(plan.hours_per_week)} h/week from {plan.start.isoformat()}: ",
        (f"done by {plan.finish.isoformat()}", "bold green"),
        f" ({plan.weeks} week{'s' if plan.weeks != 1 else ''})",
    )
    columns = (
        ("Move", "Skill", "Weeks", "From", "To") if moves else ("Skill", "Weeks", "From", "To")
    )
    table = rich_table(*columns)
    for item in plan.items:
        weeks = (
            f"{item.start_week}"
            if item.start_week == item.end_week
            else f"{item.start_week}–{item.end_week}"
        )
        row = [fw.skills[item.step.skill].name, weeks, item.start.isoformat(), item.end.isoformat()]
        table.add_row(*([str(item.move), *row] if moves else row))
    return Group(head, table)


def routes(
    fw: Framework, found: Sequence[Route], plan: Schedule | None = None, *, color: bool
) -> str:
    """The best route as a tree of moves and steps, then any alternatives, then the schedule."""
    parts: list[RenderableType] = [_route(fw, found[0], "Route ")]
    for i, r in enumerate(found[1:], 1):
        parts += [Text(""), _route(fw, r, f"Alternative {i}: ")]
    if plan is not None:
        parts += [Text(""), _schedule(fw, plan, moves=len(found[0].moves) > 1)]
    return to_text(*parts, color=color)


def coverage_bar(share: float, width: int = 20) -> Text:
    """A bar that reads the same in colour and as plain text."""
    filled = round(share * width)
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), "dim"), f" {share:.0%}")


def gap(fw: Framework, g: Gap, who: str, plan: Schedule | None = None, *, color: bool) -> str:
    """Coverage, each requirement against what is held, the plan, and the schedule."""
    role = fw.roles[g.role]
    met = sum(r.met for r in g.rows)
    head = Text.assemble(
        ("Gap ", "bold"),
        f"{who} → {role.name}: coverage {g.coverage:.0%} ({met}/{len(g.rows)} requirements met), ",
        (f"{hours(g.plan.hours)} h", "bold cyan"),
        " to close",
    )
    table = rich_table("Requirement", "Held", "Required", "Hours", "Status")
    for r in g.rows:
        name = fw.skills[r.skill].name
        if r.options:
            name = f"{name} (one of: {', '.join(r.options)})"
        status = Text("met", "green") if r.met else Text("gap", "red")
        table.add_row(name, str(r.held), str(r.required), hours(r.hours), status)
    parts: list[RenderableType] = [
        head,
        Text.assemble("Coverage ", coverage_bar(g.coverage)),
        table,
    ]
    if g.plan.steps:
        parts.append(_steps(fw, g.plan.steps, "Plan (prerequisites first)"))
    if plan is not None:
        parts.append(_schedule(fw, plan, moves=False))
    return to_text(*parts, color=color)


def neighbours(fw: Framework, source: str, ranked: Sequence[Neighbour], *, color: bool) -> str:
    """Roles ranked as next moves, with what each would take."""
    head = Text.assemble(("Next moves ", "bold"), f"from {fw.roles[source].name}, best first")
    table = rich_table("#", "Role", "Score", "Hours", "Met", "Top missing", "Declared")
    for i, n in enumerate(ranked, 1):
        missing = ", ".join(fw.skills[r.skill].name for r in n.missing[:3])
        table.add_row(
            str(i),
            fw.roles[n.role].name,
            f"{n.score:.2f}",
            hours(n.hours),
            f"{n.coverage:.0%}",
            missing,
            n.declared or "",
        )
    note = Text(
        "score = similarity of the work + 0.1 level fit; hours only break ties"
        " (see pathplan adjacent --help)",
        "dim",
    )
    return to_text(head, table, note, color=color)


def roles(fw: Framework, *, color: bool) -> str:
    """Every role, one row each."""
    table = rich_table("Id", "Name", "Family", "Seniority", "Aliases", "Moves")
    for r in fw.roles.values():
        moves = ", ".join([*(f"↑{x}" for x in r.next), *r.adjacent])
        table.add_row(
            r.id, r.name, r.family or "", str(r.seniority or ""), ", ".join(r.aliases), moves
        )
    return to_text(table, color=color)


def skills(fw: Framework, *, color: bool) -> str:
    """Every skill, one row each."""
    table = rich_table("Id", "Name", "Category", "Hours to top", "Requires")
    for s in fw.skills.values():
        req = ", ".join(f"{k} {v}" for k, v in s.requires.items())
        table.add_row(s.id, s.name, s.category or "", hours(sum(s.hours)), req)
    return to_text(table, color=color)


def show_role(fw: Framework, r: Role, *, color: bool) -> str:
    """One role in full."""
    lines = [Text.assemble((r.name, "bold"), f" ({r.id})")]
    for label, value in (
        ("aliases", ", ".join(r.aliases)),
        ("family", r.family or ""),
        ("seniority", str(r.seniority or "")),
        ("extends", r.extends or ""),
        ("next", ", ".join(r.next)),
        ("adjacent", ", ".join(r.adjacent)),
        ("description", r.description or ""),
    ):
        if value:
            lines.append(Text(f"{label}: {value}"))
    table = rich_table("Requirement", "Required")
    for sid, lvl in r.requires.items():
        table.add_row(fw.skills[sid].name, level(fw, lvl))
    for group in r.requires_any:
        table.add_row(
            "one of: " + ", ".join(f"{fw.skills[s].name} {k}" for s, k in group.items()), ""
        )
    return to_text(Group(*lines), table, color=color)


def show_skill(fw: Framework, s: Skill, *, color: bool) -> str:
    """One skill in full."""
    lines = [Text.assemble((s.name, "bold"), f" ({s.id})")]
    for label, value in (
        ("category", s.category or ""),
        ("requires", ", ".join(f"{k} {v}" for k, v in s.requires.items())),
        ("description", s.description or ""),
    ):
        if value:
            lines.append(Text(f"{label}: {value}"))
    table = rich_table("Level", "Hours", "Cumulative")
    total = 0.0
    for i, h in enumerate(s.hours, 1):
        total += h
        table.add_row(level(fw, i), hours(h), hours(total))
    parts: list[RenderableType] = [Group(*lines), table]
    if s.resources:
        res = rich_table("Resource", "URL", "Hours")
        for r in s.resources:
            res.add_row(r.title, r.url or "", hours(r.hours) if r.hours is not None else "")
        parts.append(res)
    return to_text(*parts, color=color)


def problems(found: list[Problem], fw: Framework | None, *, color: bool) -> str:
    """A validation report."""
    if not found and fw is not None:
        return to_text(
            Text.assemble(
                ("valid", "bold green"), f": {len(fw.skills)} skills, {len(fw.roles)} roles"
            ),
            color=color,
        )
    text = "\n".join(str(p) for p in found)
    return text + f"\n{len(found)} problem{'s' if len(found) != 1 else ''}\n"


def team(fw: Framework, t: Team, *, top: int, people: int, color: bool) -> str:
    """The team on a terminal: headline, roles, most-missing skills, heatmap, people."""
    parts: list[RenderableType] = [Text(team_headline(t), style="bold"), Text("")]
    roles = rich_table(
        "Role", "People", "Qualified", "Coverage", "Hours", right=("People", "Qualified", "Hours")
    )
    for r in t.roles:
        roles.add_row(
            f"{fw.roles[r.role].name} ({r.role})",
            f"{r.people:,}",
            f"{r.qualified:,}",
            pct(r.coverage),
            team_hours(r.hours),
        )
    parts += [Text("Coverage by role", style="bold"), roles]

    lacking = missing(t, top)
    total_missing = sum(1 for n in t.skills if n.lacking)
    if lacking:
        table = rich_table(
            "Skill", "Lacking", "Needed by", "Hours", right=("Lacking", "Needed by", "Hours")
        )
        for n in lacking:
            table.add_row(
                fw.skills[n.skill].name, f"{n.lacking:,}", f"{n.needed_by:,}", team_hours(n.hours)
            )
        parts += [
            Text(f"Most-missing skills ({len(lacking)} of {total_missing})", style="bold"),
            table,
        ]
    else:
        parts.append(Text("No missing skills: everyone meets their role.", style="green"))

    heat = heatmap(fw, t, top)
    if heat.rows:
        table = rich_table(heat.corner, *heat.columns, right=heat.columns)
        for label, cells in heat.rows:
            table.add_row(label, *(Text(text, style=style) for text, style in cells))
        parts += [Text(heat.caption, style="bold"), table]
        if heat.note:
            parts += [Text(heat.note, style="dim"), Text("")]

    shown, more = people_rows(t, people)
    table = rich_table(
        "Person",
        "Role",
        "Coverage",
        "Hours",
        "Steps",
        "Next rung (hours)",
        right=("Hours", "Steps"),
    )
    for m in shown:
        table.add_row(*person_row(m))
    parts += [Text("People (largest gap first)", style="bold"), table]
    if more:
        parts.append(Text(f"{plural(more, 'more person')} (--people N, 0 for all)", style="dim"))
    return to_text(*parts, color=color)


def candidates(fw: Framework, c: Candidates, *, color: bool) -> str:
    """Candidates on a terminal, fewest hours first; qualified people marked."""
    table = rich_table(
        "#", "Person", "Role", "Hours", "Coverage", "Weeks", "Plan", right=("#", "Hours", "Weeks")
    )
    for x in c.ranked:
        plan = (
            Text("✓ qualified", "green") if x.qualified else Text(plan_text(fw, x.gap.plan.steps))
        )
        table.add_row(
            str(x.rank),
            x.name,
            x.holder.role or "",
            team_hours(x.gap.plan.hours),
            pct(x.gap.coverage),
            "" if x.weeks is None else str(x.weeks),
            plan,
        )
    parts: list[Any] = [Text(candidates_headline(fw, c), style="bold"), table]
    if len(c.ranked) < c.eligible:
        parts.append(Text(f"{c.eligible - len(c.ranked):,} more (--top N, 0 for all)", "dim"))
    if not c.ranked:
        parts.append(Text("Nobody fits: raise --max-hours.", "yellow"))
    return to_text(*parts, color=color)
