"""Terminal output: rich tables (styled on a terminal, plain and stable when piped)."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from pathplan.console import to_text
from pathplan.errors import Problem
from pathplan.model import Framework, Role, Skill
from pathplan.planner import Gap, Route, Step


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


def _route(fw: Framework, r: Route, heading: str) -> list[RenderableType]:
    names = " → ".join(fw.roles[x].name for x in r.roles)
    count = len(r.moves)
    parts: list[RenderableType] = [
        Text.assemble(
            (heading, "bold"),
            f"{names}: ",
            (f"{hours(r.hours)} h", "bold cyan"),
            f" in {count} move{'s' if count != 1 else ''}",
        )
    ]
    for i, m in enumerate(r.moves, 1):
        move = f"{fw.roles[m.source].name} → {fw.roles[m.target].name}"
        title = f"Move {i}: {move} ({m.kind}), {hours(m.hours)} h"
        if m.steps:
            parts.append(_steps(fw, m.steps, title))
        else:
            parts.append(Text(f"{title}: nothing to learn"))
    return parts


def routes(fw: Framework, found: list[Route], *, color: bool) -> str:
    """The best route, then any alternatives."""
    parts = _route(fw, found[0], "Route ")
    for i, r in enumerate(found[1:], 1):
        parts += [Text(""), *_route(fw, r, f"Alternative {i}: ")]
    return to_text(*parts, color=color)


def gap(fw: Framework, g: Gap, who: str, *, color: bool) -> str:
    """Each requirement against what is held, then the plan."""
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
    parts: list[RenderableType] = [head, table]
    if g.plan.steps:
        parts.append(_steps(fw, g.plan.steps, "Plan (prerequisites first)"))
    return to_text(*parts, color=color)


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
