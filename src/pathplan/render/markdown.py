"""Markdown output: renders well in a CI job summary, a pull request or docs."""

from __future__ import annotations

from collections.abc import Sequence

from pathplan.adjacent import Neighbour
from pathplan.model import Framework
from pathplan.planner import Gap, Route, Step
from pathplan.render import mermaid
from pathplan.render.table import hours, level
from pathplan.schedule import Schedule


def cell(text: str) -> str:
    """Text safe inside a table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> str:
    """A GitHub-flavoured Markdown table; columns in `right` are right-aligned."""
    align = ["---:" if i in right else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _steps(fw: Framework, steps: Sequence[Step]) -> str:
    rows = [
        [
            str(i),
            fw.skills[s.skill].name,
            level(fw, s.from_level),
            level(fw, s.to_level),
            hours(s.hours),
        ]
        for i, s in enumerate(steps, 1)
    ]
    return table(["#", "Skill", "From", "To", "Hours"], rows, right=(0, 4))


def _route(fw: Framework, r: Route, title: str) -> str:
    names = " → ".join(fw.roles[x].name for x in r.roles)
    count = len(r.moves)
    plural = "s" if count != 1 else ""
    out = f"## {title}: {names}\n\n**{hours(r.hours)} h** in {count} move{plural}.\n\n"
    for i, m in enumerate(r.moves, 1):
        move = f"{fw.roles[m.source].name} → {fw.roles[m.target].name}"
        out += f"### Move {i}: {move} ({m.kind}), {hours(m.hours)} h\n\n"
        out += (_steps(fw, m.steps) if m.steps else "Nothing to learn.\n") + "\n"
    return out


def _schedule(fw: Framework, plan: Schedule) -> str:
    out = (
        f"## Schedule\n\nAt {hours(plan.hours_per_week)} h/week from {plan.start.isoformat()}: "
        f"done by **{plan.finish.isoformat()}** ({plan.weeks} weeks).\n\n"
    )
    rows = [
        [
            str(item.move),
            fw.skills[item.step.skill].name,
            str(item.start_week)
            if item.start_week == item.end_week
            else f"{item.start_week}–{item.end_week}",
            item.start.isoformat(),
            item.end.isoformat(),
        ]
        for item in plan.items
    ]
    out += table(["Move", "Skill", "Weeks", "From", "To"], rows, right=(0,))
    return out + "\n```mermaid\n" + mermaid.gantt(fw, plan, "Schedule") + "```\n"


def routes(fw: Framework, found: list[Route], plan: Schedule | None = None) -> str:
    """The best route, its flowchart, any alternatives, and the schedule."""
    out = _route(fw, found[0], "Route")
    out += "```mermaid\n" + mermaid.route(fw, found[0]) + "```\n\n"
    for i, r in enumerate(found[1:], 1):
        out += _route(fw, r, f"Alternative {i}")
    if plan is not None:
        out += _schedule(fw, plan)
    return out


def gap(fw: Framework, g: Gap, who: str, plan: Schedule | None = None) -> str:
    """Coverage, requirements, the plan and the schedule."""
    met = sum(r.met for r in g.rows)
    out = (
        f"## Gap: {who} → {fw.roles[g.role].name}\n\n"
        f"Coverage **{g.coverage:.0%}** ({met}/{len(g.rows)} requirements met); "
        f"**{hours(g.plan.hours)} h** to close.\n\n"
    )
    rows = []
    for r in g.rows:
        name = fw.skills[r.skill].name + (f" (one of: {', '.join(r.options)})" if r.options else "")
        rows.append([name, str(r.held), str(r.required), hours(r.hours), "met" if r.met else "gap"])
    out += table(["Requirement", "Held", "Required", "Hours", "Status"], rows, right=(1, 2, 3))
    if g.plan.steps:
        out += "\n### Plan (prerequisites first)\n\n" + _steps(fw, g.plan.steps)
    if plan is not None:
        out += "\n" + _schedule(fw, plan)
    return out


def neighbours(fw: Framework, source: str, ranked: list[Neighbour]) -> str:
    """Roles ranked as next moves."""
    out = f"## Next moves from {fw.roles[source].name}\n\n"
    rows = [
        [
            str(i),
            fw.roles[n.role].name,
            f"{n.score:.2f}",
            hours(n.hours),
            f"{n.coverage:.0%}",
            ", ".join(fw.skills[r.skill].name for r in n.missing[:3]),
            n.declared or "",
        ]
        for i, n in enumerate(ranked, 1)
    ]
    out += table(
        ["#", "Role", "Score", "Hours", "Met", "Top missing", "Declared"], rows, right=(0, 2, 3, 4)
    )
    return out + "\nScore = 0.5 × similarity + 0.25 × level fit + 0.25 × ease.\n"
