"""Terminal output: rich tables (styled on a terminal, plain and stable when piped)."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from pathplan.adjacent import Neighbour
from pathplan.console import to_text
from pathplan.errors import Problem
from pathplan.model import Framework, Role, Skill
from pathplan.planner import Gap, Route, Step
from pathplan.schedule import Schedule


def hours(value: float) -> str:
    """Hours for people: whole numbers without decimals."""
    rounded = round(value, 1)
    return f"{rounded:g}" if rounded < 1e6 else f"{rounded:,.0f}"


def level(fw: Framework, value: int) -> str:
    """A level number with its name."""
    return f"{value} {fw.levels[value - 1]}" if value > 0 else "0"


def _table(*columns: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for col in columns:
        table.add_column(
            col, justify="right" if col in ("#", "Hours", "Held", "Required") else "left"
        )
    return table


def _steps(fw: Framework, steps: tuple[Step, ...], title: str) -> Group:
    table = _table("#", "Skill", "From", "To", "Hours")
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
    table = _table(*columns)
    for item in plan.items:
        weeks = (
            f"{item.start_week}"
            if item.start_week == item.end_week
            else f"{item.start_week}–{item.end_week}"
        )
        row = [fw.skills[item.step.skill].name, weeks, item.start.isoformat(), item.end.isoformat()]
        table.add_row(*([str(item.move), *row] if moves else row))
    return Group(head, table)


def routes(fw: Framework, found: list[Route], plan: Schedule | None = None, *, color: bool) -> str:
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
    table = _table("Requirement", "Held", "Required", "Hours", "Status")
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


def neighbours(fw: Framework, source: str, ranked: list[Neighbour], *, color: bool) -> str:
    """Roles ranked as next moves, with what each would take."""
    head = Text.assemble(("Next moves ", "bold"), f"from {fw.roles[source].name}, best first")
    table = _table("#", "Role", "Score", "Hours", "Met", "Top missing", "Declared")
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
        "score = 0.5 similarity + 0.25 level fit + 0.25 ease (see pathplan adjacent --help)", "dim"
    )
    return to_text(head, table, note, color=color)


def roles(fw: Framework, *, color: bool) -> str:
    """Every role, one row each."""
    table = _table("Id", "Name", "Family", "Seniority", "Aliases", "Moves")
    for r in fw.roles.values():
        moves = ", ".join([*(f"↑{x}" for x in r.next), *r.adjacent])
        table.add_row(
            r.id, r.name, r.family or "", str(r.seniority or ""), ", ".join(r.aliases), moves
        )
    return to_text(table, color=color)


def skills(fw: Framework, *, color: bool) -> str:
    """Every skill, one row each."""
    table = _table("Id", "Name", "Category", "Hours to top", "Requires")
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
    table = _table("Requirement", "Required")
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
    table = _table("Level", "Hours", "Cumulative")
    total = 0.0
    for i, h in enumerate(s.hours, 1):
        total += h
        table.add_row(level(fw, i), hours(h), hours(total))
    parts: list[RenderableType] = [Group(*lines), table]
    if s.resources:
        res = _table("Resource", "URL", "Hours")
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
