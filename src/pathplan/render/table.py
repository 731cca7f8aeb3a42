"""Terminal output: rich tables and trees (styled on a terminal, plain and stable when piped).

Every table is laid out by `grid` for the screen it is shown on: on a terminal it fits the
width, piped it never wraps. Each column says how it gives way when space is short.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from rich.tree import Tree

from pathplan.errors import Problem
from pathplan.model import Framework, Resource, Role, Skill
from pathplan.planner.adjacent import Neighbour
from pathplan.planner.results import Gap, Route, RouteResult, Step
from pathplan.planner.schedule import Schedule
from pathplan.planner.team import Candidates, Team
from pathplan.render.grid import Column, grid
from pathplan.render.text import (
    OptionNames,
    Screen,
    hours,
    level,
    reason_text,
    route_notes,
    stop_note,
    to_text,
)
from pathplan.render.views import (
    candidates_headline,
    heatmap,
    in_role_text,
    missing,
    pct,
    people_rows,
    person_row,
    plan_text,
    plural,
    team_headline,
)
from pathplan.render.views import hours as team_hours

NUMBER = Column("#", right=True)
HOURS = Column("Hours", right=True)
STEP_COLUMNS = (
    NUMBER,
    Column("Skill"),
    Column("From", whole=True),
    Column("To", whole=True),
    HOURS,
    Column("Why", drop=1, cap=60),  # a group's options make it long: cut when piped
)


def _print(screen: Screen, *parts: RenderableType) -> str:
    return to_text(*parts, color=screen.color, width=screen.width)


def _steps(fw: Framework, steps: tuple[Step, ...], title: str, screen: Screen) -> Group:
    rows = [
        (
            str(i),
            fw.skills[s.skill].name,
            level(fw, s.from_level),
            level(fw, s.to_level),
            hours(s.hours),
            reason_text(fw, s.reason),
        )
        for i, s in enumerate(steps, 1)
    ]
    return Group(Text(title, style="bold"), grid(STEP_COLUMNS, rows, screen.width))


def _route(fw: Framework, r: Route, heading: str, target: str) -> Tree:
    if r.qualified:
        ends = f"{fw.roles[r.roles[0]].name} → {fw.roles[target].name}"
        head = Text.assemble((heading, "bold"), f"{ends}: ", ("0 h", "bold cyan"), ", no moves")
        return Tree(head, guide_style="dim")
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
            leaf = branch.add(
                Text.assemble(
                    fw.skills[step.skill].name,
                    f" {level(fw, step.from_level)} → {level(fw, step.to_level)}, ",
                    (f"{hours(step.hours)} h", "cyan"),
                    (f" · {reason_text(fw, step.reason)}", "dim"),
                )
            )
            for resource in fw.skills[step.skill].resources:
                leaf.add(_resource(resource, "learn: "))
    return tree


def _resource(r: Resource, label: str = "") -> Text:
    """A learning resource: its title (a link where the terminal allows), hours and address."""
    text = Text(label, "dim")
    text.append(r.title, Style(link=r.url) if r.url else "")
    if r.hours is not None:
        text.append(f" ({hours(r.hours)} h)")
    if r.url:
        text.append(f" {r.url}", "dim")
    return text


def _resources(fw: Framework, steps: Sequence[Step]) -> Tree | None:
    """The framework's resources for each step of a plan that has some, numbered as the plan."""
    tree = Tree(Text("Learning resources", "bold"), guide_style="dim")
    for i, step in enumerate(steps, 1):
        found = fw.skills[step.skill].resources
        if found:
            branch = tree.add(f"{i} {fw.skills[step.skill].name}")
            for resource in found:
                branch.add(_resource(resource))
    return tree if tree.children else None


def _schedule(fw: Framework, plan: Schedule, moves: bool, screen: Screen) -> Group:
    head = Text.assemble(
        ("Schedule ", "bold"),
        f"at {hours(plan.hours_per_week)} h/week from {plan.start.isoformat()}: ",
        (f"done by {plan.finish.isoformat()}", "bold green"),
        f" ({plan.weeks} week{'s' if plan.weeks != 1 else ''})",
    )
    columns = [
        Column("Skill"),
        Column("Weeks", whole=True),
        Column("From", whole=True),
        Column("To", whole=True),
    ]
    rows = []
    for item in plan.items:
        weeks = (
            f"{item.start_week}"
            if item.start_week == item.end_week
            else f"{item.start_week}–{item.end_week}"
        )
        row = [fw.skills[item.step.skill].name, weeks, item.start.isoformat(), item.end.isoformat()]
        rows.append([str(item.move), *row] if moves else row)
    if moves:
        columns.insert(0, Column("Move", right=True))
    return Group(head, grid(columns, rows, screen.width))


def routes(
    fw: Framework,
    result: RouteResult,
    plan: Schedule | None,
    names: OptionNames,
    *,
    screen: Screen,
    who: str | None = None,
) -> str:
    """The best route as a tree of moves and steps, its notes, any alternatives, the schedule.

    `who`: the person the route is for (a profile's name), named in the heading.
    """
    heading = f"Route for {who}: " if who else "Route "
    parts: list[RenderableType] = [_route(fw, result.best, heading, result.target)]
    parts += [Text(note, "yellow") for note in route_notes(fw, result, names)]
    for i, r in enumerate(result.alternatives, 1):
        parts += [Text(""), _route(fw, r, f"Alternative {i}: ", result.target)]
    if plan is not None:
        parts += [Text(""), _schedule(fw, plan, len(result.best.moves) > 1, screen)]
    return _print(screen, *parts)


def coverage_bar(share: float, width: int = 20) -> Text:
    """A bar that reads the same in colour and as plain text."""
    filled = round(share * width)
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), "dim"), f" {share:.0%}")


GAP_COLUMNS = (
    Column("Requirement", cap=60),  # a group's options make it long: cut when piped
    Column("Held", right=True),
    Column("Required", right=True),
    HOURS,
    Column("Status"),
)


def gap(
    fw: Framework,
    g: Gap,
    who: str,
    plan: Schedule | None,
    names: OptionNames,
    *,
    screen: Screen,
) -> str:
    """Coverage, each requirement against what is held, the plan, and the schedule."""
    role = fw.roles[g.role]
    met = sum(r.met for r in g.rows)
    head = Text.assemble(
        ("Gap ", "bold"),
        f"{who} → {role.name}: coverage {g.coverage:.0%} ({met}/{len(g.rows)} requirements met), ",
        (f"{hours(g.plan.hours)} h", "bold cyan"),
        " to close",
    )
    rows = []
    for r in g.rows:
        name = fw.skills[r.skill].name
        if r.options:
            name = f"{name} (one of: {', '.join(r.options)})"
        status = Text("met", "green") if r.met else Text("gap", "red")
        rows.append((name, str(r.held), str(r.required), hours(r.hours), status))
    parts: list[RenderableType] = [
        head,
        Text.assemble("Coverage ", coverage_bar(g.coverage)),
        grid(GAP_COLUMNS, rows, screen.width),
    ]
    if g.plan.stop is not None:
        parts.append(Text(stop_note(g.plan.stop, g.plan.bound, names, "plan"), "yellow"))
    if g.plan.steps:
        parts.append(_steps(fw, g.plan.steps, "Plan (prerequisites first)", screen))
        learn = _resources(fw, g.plan.steps)
        if learn is not None:
            parts += [learn, Text("")]
    if plan is not None:
        parts.append(_schedule(fw, plan, False, screen))
    return _print(screen, *parts)


NEIGHBOUR_COLUMNS = (
    NUMBER,
    Column("Role"),
    Column("Score", right=True),
    HOURS,
    Column("Met", right=True, drop=2),
    Column("Top missing", cut=True, drop=1, cap=60),
    Column("Declared", drop=3),
)


def neighbours(
    fw: Framework,
    source: str,
    ranked: Sequence[Neighbour],
    *,
    screen: Screen,
    who: str | None = None,
) -> str:
    """Roles ranked as next moves, with what each would take (for `who`, when named)."""
    person = f"for {who} " if who else ""
    head = Text.assemble(
        ("Next moves ", "bold"), f"{person}from {fw.roles[source].name}, best first"
    )
    rows = [
        (
            str(i),
            fw.roles[n.role].name,
            f"{n.score:.2f}",
            hours(n.hours),
            f"{n.coverage:.0%}",
            ", ".join(fw.skills[r.skill].name for r in n.missing[:3]),
            n.declared or "",
        )
        for i, n in enumerate(ranked, 1)
    ]
    note = Text(
        "score = similarity of the work + 0.1 level fit; hours only break ties"
        " (see pathplan adjacent --help)",
        "dim",
    )
    return _print(screen, head, grid(NEIGHBOUR_COLUMNS, rows, screen.width), note)


ROLE_COLUMNS = (
    Column("Id", whole=True),
    Column("Name"),
    Column("Family", drop=3),
    Column("Seniority", right=True, drop=5),
    Column("Aliases", cut=True, drop=4, cap=24),
    Column("Moves", cut=True, drop=2, cap=32),
)
SKILL_COLUMNS = (
    Column("Id", whole=True),
    Column("Name"),
    Column("Category", drop=2),
    Column("Hours to top", right=True, drop=3),
    Column("Requires", cut=True, drop=1, cap=40),
)


def roles(fw: Framework, items: Sequence[Role], *, screen: Screen) -> str:
    """Roles, one row each."""
    rows = [
        (
            r.id,
            r.name,
            r.family or "",
            str(r.seniority or ""),
            ", ".join(r.aliases),
            ", ".join([*(f"↑{x}" for x in r.next), *r.adjacent]),
        )
        for r in items
    ]
    return _print(screen, grid(ROLE_COLUMNS, rows, screen.width))


def skills(fw: Framework, items: Sequence[Skill], *, screen: Screen) -> str:
    """Skills, one row each."""
    rows = [
        (
            s.id,
            s.name,
            s.category or "",
            hours(sum(s.hours)),
            ", ".join(f"{k} {v}" for k, v in s.requires.items()),
        )
        for s in items
    ]
    return _print(screen, grid(SKILL_COLUMNS, rows, screen.width))


def _named(fw: Framework, ids: Sequence[str], kind: str) -> str:
    """Roles or skills by name with their ids: what a person reads, and what they may type."""
    names = fw.roles if kind == "role" else fw.skills
    return ", ".join(f"{names[i].name} ({i})" for i in ids)


def show_role(fw: Framework, r: Role, *, screen: Screen) -> str:
    """One role in full: names with the ids to write in profiles and rosters."""
    lines = [Text.assemble((r.name, "bold"), f" ({r.id})")]
    for label, value in (
        ("aliases", ", ".join(r.aliases)),
        ("family", r.family or ""),
        ("seniority", str(r.seniority or "")),
        ("extends", _named(fw, [r.extends], "role") if r.extends else ""),
        ("next", _named(fw, r.next, "role")),
        ("adjacent", _named(fw, r.adjacent, "role")),
        ("description", r.description or ""),
    ):
        if value:
            lines.append(Text(f"{label}: {value}"))
    rows = [(fw.skills[sid].name, sid, level(fw, lvl)) for sid, lvl in r.requires.items()]
    for group in r.requires_any:
        rows.append(("One of:", "", ""))
        rows += [(f"  {fw.skills[sid].name}", sid, level(fw, k)) for sid, k in group.items()]
    columns = (Column("Requirement"), Column("Id", whole=True), Column("Required", whole=True))
    return _print(screen, Group(*lines), grid(columns, rows, screen.width))


def show_skill(fw: Framework, s: Skill, *, screen: Screen) -> str:
    """One skill in full: its levels' hours, prerequisites and resources."""
    lines = [Text.assemble((s.name, "bold"), f" ({s.id})")]
    requires = ", ".join(
        f"{fw.skills[k].name} ({k}) at {level(fw, v)}" for k, v in s.requires.items()
    )
    for label, value in (
        ("aliases", ", ".join(s.aliases)),
        ("category", s.category or ""),
        ("requires", requires),
        ("description", s.description or ""),
    ):
        if value:
            lines.append(Text(f"{label}: {value}"))
    rows = []
    total = 0.0
    for i, h in enumerate(s.hours, 1):
        total += h
        rows.append((level(fw, i), hours(h), hours(total)))
    columns = (Column("Level"), HOURS, Column("Cumulative", right=True))
    parts: list[RenderableType] = [Group(*lines), grid(columns, rows, screen.width)]
    if s.resources:
        res = [
            (r.title, r.url or "", hours(r.hours) if r.hours is not None else "")
            for r in s.resources
        ]
        parts.append(grid((Column("Resource"), Column("URL"), HOURS), res, screen.width))
    return _print(screen, *parts)


def problems(found: list[Problem], fw: Framework | None, *, screen: Screen) -> str:
    """A validation report."""
    if not found and fw is not None:
        return _print(
            screen,
            Text.assemble(
                ("valid", "bold green"), f": {len(fw.skills)} skills, {len(fw.roles)} roles"
            ),
        )
    text = "\n".join(str(p) for p in found)
    return text + f"\n{len(found)} problem{'s' if len(found) != 1 else ''}\n"


TEAM_ROLE_COLUMNS = (
    Column("Role"),
    Column("People", right=True),
    Column("Qualified", right=True, drop=1),
    Column("Coverage", right=True),
    HOURS,
)
MISSING_COLUMNS = (
    Column("Skill"),
    Column("Lacking", right=True),
    Column("Needed by", right=True, drop=1),
    HOURS,
)
PEOPLE_COLUMNS = (
    Column("Person"),
    Column("Role"),
    Column("Coverage", right=True),
    HOURS,
    Column("Steps", right=True, drop=2),
    Column("Next rung (hours)", cut=True, drop=1, cap=50),
)
CANDIDATE_COLUMNS = (
    NUMBER,
    Column("Person"),
    Column("Role", drop=2),
    HOURS,
    Column("Coverage", right=True, drop=3),
    Column("Weeks", right=True, drop=4),
    Column("Steps", right=True, drop=5),
    # The costliest steps, by name: under 30 columns it says too little to keep.
    Column("Biggest steps", cut=True, drop=1, cap=90, least=30),
)


def team(fw: Framework, t: Team, *, top: int, people: int, screen: Screen) -> str:
    """The team on a terminal: headline, roles, most-missing skills, heatmap, people."""
    width = screen.width
    parts: list[RenderableType] = [Text(team_headline(t), style="bold"), Text("")]
    rows: list[Sequence[str | Text]] = [
        (
            f"{fw.roles[r.role].name} ({r.role})",
            f"{r.people:,}",
            f"{r.qualified:,}",
            pct(r.coverage),
            team_hours(r.hours),
        )
        for r in t.roles
    ]
    parts += [Text("Coverage by role", style="bold"), grid(TEAM_ROLE_COLUMNS, rows, width)]

    lacking = missing(t, top)
    total_missing = sum(1 for n in t.skills if n.lacking)
    if lacking:
        rows = [
            (fw.skills[n.skill].name, f"{n.lacking:,}", f"{n.needed_by:,}", team_hours(n.hours))
            for n in lacking
        ]
        parts += [
            Text(f"Most-missing skills ({len(lacking)} of {total_missing})", style="bold"),
            grid(MISSING_COLUMNS, rows, width),
        ]
    else:
        parts.append(Text("No missing skills: everyone meets their role.", style="green"))

    heat = heatmap(fw, t, top)
    if heat.rows:
        # On a narrow terminal the last people (or roles) give way first.
        columns = [Column(heat.corner)] + [
            Column(c, right=True, drop=len(heat.columns) - i) for i, c in enumerate(heat.columns)
        ]
        rows = [
            (label, *(Text(text, style=style) for text, style in cells))
            for label, cells in heat.rows
        ]
        parts += [Text(heat.caption, style="bold"), grid(columns, rows, width)]
        if heat.note:
            parts += [Text(heat.note, style="dim"), Text("")]

    shown, more = people_rows(t, people)
    rows = [person_row(m) for m in shown]
    parts += [Text("People (largest gap first)", style="bold"), grid(PEOPLE_COLUMNS, rows, width)]
    if more:
        parts.append(Text(f"{plural(more, 'more person')} (--people N, 0 for all)", style="dim"))
    return _print(screen, *parts)


def candidates(fw: Framework, c: Candidates, *, screen: Screen) -> str:
    """Candidates on a terminal, fewest hours first; qualified people marked."""
    rows = [
        (
            str(x.rank),
            x.name,
            x.holder.role or "",
            team_hours(x.gap.plan.hours),
            pct(x.gap.coverage),
            "" if x.weeks is None else str(x.weeks),
            str(len(x.gap.plan.steps)),
            Text("✓ qualified", "green")
            if x.qualified
            else Text(plan_text(fw, x.gap.plan.steps, counted=False)),
        )
        for x in c.ranked
    ]
    parts: list[Any] = [
        Text(candidates_headline(fw, c), style="bold"),
        grid(CANDIDATE_COLUMNS, rows, screen.width),
    ]
    if len(c.ranked) < c.eligible:
        parts.append(Text(f"{c.eligible - len(c.ranked):,} more (--top N, 0 for all)", "dim"))
    holding = in_role_text(c)
    if holding:
        parts.append(Text(holding, "dim"))
    if not c.ranked:
        parts.append(Text("Nobody fits: raise --max-hours.", "yellow"))
    return _print(screen, *parts)
