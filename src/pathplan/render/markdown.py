"""Markdown output: renders well in a CI job summary, a pull request or docs.

Every text that comes from a data file (names, ids, levels, people, a batch file's queries) goes
through `markdown_text` (`md` here) or a `markdown_table` cell: a name can never turn into
markup, a link, HTML or a workflow command. Only the literal text here, and the links
`markdown_link` builds, are Markdown.
"""

from __future__ import annotations

from collections.abc import Sequence

from pathplan.model import Framework
from pathplan.planner.adjacent import Neighbour
from pathplan.planner.answers import STATUSES, Result
from pathplan.planner.gates import percent
from pathplan.planner.results import Gap, Route, RouteResult, Step
from pathplan.planner.schedule import Schedule
from pathplan.planner.team import Candidates, Team
from pathplan.render import mermaid
from pathplan.render.json import BATCH_OPTIONS, error_words, number, query, summary
from pathplan.render.text import (
    Markdown,
    OptionNames,
    hours,
    level,
    markdown_link,
    reason_text,
    route_notes,
    stop_note,
)
from pathplan.render.text import markdown_table as table
from pathplan.render.text import markdown_text as md
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


def _steps(fw: Framework, steps: Sequence[Step]) -> str:
    rows = [
        [
            str(i),
            fw.skills[s.skill].name,
            level(fw, s.from_level),
            level(fw, s.to_level),
            hours(s.hours),
            reason_text(fw, s.reason),
            _learn(fw, s.skill),
        ]
        for i, s in enumerate(steps, 1)
    ]
    header = ["#", "Skill", "From", "To", "Hours", "Why", "Learn with"]
    if not any(row[-1] for row in rows):  # a framework without resources: no empty column
        header, rows = header[:-1], [row[:-1] for row in rows]
    return table(header, rows, right=(0, 4))


def _learn(fw: Framework, skill: str) -> Markdown:
    """The skill's learning resources as links, with their hours."""
    return Markdown(
        ", ".join(
            markdown_link(r.title, r.url)
            + (f" ({hours(r.hours)} h)" if r.hours is not None else "")
            for r in fw.skills[skill].resources
        )
    )


def _route(fw: Framework, r: Route, title: str, target: str) -> str:
    if r.qualified:
        ends = f"{md(fw.roles[r.roles[0]].name)} → {md(fw.roles[target].name)}"
        return f"## {title}: {ends}\n\n**0 h**, no moves.\n\n"
    names = " → ".join(md(fw.roles[x].name) for x in r.roles)
    count = len(r.moves)
    plural = "s" if count != 1 else ""
    out = f"## {title}: {names}\n\n**{hours(r.hours)} h** in {count} move{plural}.\n\n"
    for i, m in enumerate(r.moves, 1):
        move = f"{md(fw.roles[m.source].name)} → {md(fw.roles[m.target].name)}"
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


def routes(
    fw: Framework,
    result: RouteResult,
    plan: Schedule | None,
    names: OptionNames,
    who: str | None = None,
) -> str:
    """The best route, its notes, its flowchart, any alternatives, and the schedule."""
    out = _route(fw, result.best, f"Route for {md(who)}" if who else "Route", result.target)
    out += "".join(f"> {md(note)}\n\n" for note in route_notes(fw, result, names))
    out += "```mermaid\n" + mermaid.route(fw, result.best, result.target) + "```\n\n"
    for i, r in enumerate(result.alternatives, 1):
        out += _route(fw, r, f"Alternative {i}", result.target)
    if plan is not None:
        out += _schedule(fw, plan)
    return out


def gap(fw: Framework, g: Gap, who: str, plan: Schedule | None, names: OptionNames) -> str:
    """Coverage, requirements, the plan and the schedule."""
    met = sum(r.met for r in g.rows)
    out = (
        f"## Gap: {md(who)} → {md(fw.roles[g.role].name)}\n\n"
        f"Coverage **{g.coverage:.0%}** ({met}/{len(g.rows)} requirements met); "
        f"**{hours(g.plan.hours)} h** to close.\n\n"
    )
    rows = []
    for r in g.rows:
        name = fw.skills[r.skill].name + (f" (one of: {', '.join(r.options)})" if r.options else "")
        rows.append([name, str(r.held), str(r.required), hours(r.hours), "met" if r.met else "gap"])
    out += table(["Requirement", "Held", "Required", "Hours", "Status"], rows, right=(1, 2, 3))
    if g.plan.stop is not None:
        out += f"\n> {md(stop_note(g.plan.stop, g.plan.bound, names, 'plan'))}\n"
    if g.plan.steps:
        out += "\n### Plan (prerequisites first)\n\n" + _steps(fw, g.plan.steps)
    if plan is not None:
        out += "\n" + _schedule(fw, plan)
    return out


def neighbours(
    fw: Framework, source: str, ranked: Sequence[Neighbour], who: str | None = None
) -> str:
    """Roles ranked as next moves (for `who`, when named)."""
    person = f"for {md(who)} " if who else ""
    out = f"## Next moves {person}from {md(fw.roles[source].name)}\n\n"
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
    return out + (
        "\nScore = similarity of the work (skills, activities, titles, technology)"
        " + 0.1 × level fit; hours only break ties.\n"
    )


def team(fw: Framework, t: Team, *, top: int, people: int) -> str:
    """The team as markdown (a CI job summary or a report)."""
    out = [f"## {md(team_headline(t))}\n"]
    out.append("### Coverage by role\n")
    out.append(
        table(
            ("Role", "People", "Qualified", "Coverage", "Hours"),
            (
                (
                    f"{fw.roles[r.role].name} ({r.role})",
                    f"{r.people:,}",
                    f"{r.qualified:,}",
                    pct(r.coverage),
                    team_hours(r.hours),
                )
                for r in t.roles
            ),
            right=("People", "Qualified", "Coverage", "Hours"),
        )
    )
    lacking = missing(t, top)
    out.append(
        f"### Most-missing skills ({len(lacking)} of {sum(1 for n in t.skills if n.lacking)})\n"
    )
    out.append(
        table(
            ("Skill", "Lacking", "Needed by", "Hours"),
            (
                (fw.skills[n.skill].name, f"{n.lacking:,}", f"{n.needed_by:,}", team_hours(n.hours))
                for n in lacking
            ),
            right=("Lacking", "Needed by", "Hours"),
        )
        if lacking
        else "No missing skills: everyone meets their role.\n"
    )
    heat = heatmap(fw, t, top)
    if heat.rows:
        out.append(f"### {md(heat.caption)}\n")
        out.append(
            table(
                (heat.corner, *heat.columns),
                ((label, *(text for text, _ in cells)) for label, cells in heat.rows),
                right=heat.columns,
            )
        )
        if heat.note:
            out.append(f"_{md(heat.note)}_\n")
    shown, more = people_rows(t, people)
    out.append("### People (largest gap first)\n")
    out.append(
        table(
            ("Person", "Role", "Coverage", "Hours", "Steps", "Next rung (hours)"),
            (person_row(m) for m in shown),
            right=("Coverage", "Hours", "Steps"),
        )
    )
    if more:
        out.append(f"_{plural(more, 'more person')} (--people N, 0 for all)_\n")
    return "\n".join(out)


def candidates(fw: Framework, c: Candidates) -> str:
    """Candidates as markdown."""
    out = [f"## {md(candidates_headline(fw, c))}\n"]
    out.append(
        table(
            ("#", "Person", "Role", "Hours", "Coverage", "Weeks", "Plan"),
            (
                (
                    str(x.rank),
                    x.name,
                    x.holder.role or "",
                    team_hours(x.gap.plan.hours),
                    pct(x.gap.coverage),
                    "" if x.weeks is None else str(x.weeks),
                    "✓ qualified" if x.qualified else plan_text(fw, x.gap.plan.steps),
                )
                for x in c.ranked
            ),
            right=("#", "Hours", "Coverage", "Weeks"),
        )
    )
    if len(c.ranked) < c.eligible:
        out.append(f"_{c.eligible - len(c.ranked):,} more (--top N, 0 for all)_\n")
    holding = in_role_text(c)
    if holding:
        out.append(f"_{md(holding)}_\n")
    return "\n".join(out)


# --- batch ---------------------------------------------------------------------------------

ICONS = {"ok": "✅", "gate": "⛔", "no-route": "❌", "error": "⚠️"}


def describe(r: Result, *, markdown: bool = False) -> str:
    """The query in one line, e.g. `route from=dev to=sales-eng`."""
    echo = query(r)
    kind = echo.pop("kind")
    label = echo.pop("id", None)
    options = " ".join(
        f"{k}={','.join(map(str, v)) if isinstance(v, list) else v}" for k, v in echo.items()
    )
    text = f"{kind} {options}".strip()
    if markdown:  # the query is as the batch file wrote it: text, never markup
        return f"**{md(str(label))}**: {md(text)}" if label else md(text)
    return f"{label}: {text}" if label else text


def _details(r: Result) -> str:
    if r.violations:
        return "; ".join(v.message for v in r.violations)
    error, hint = error_words(r.error)
    if error:
        return error + (f" (hint: {hint})" if hint else "")
    if isinstance(r.value, RouteResult):
        best = r.value.best
        if best.qualified:
            return "already qualified"
        text = " → ".join(best.roles)
        if r.value.direct_hours is not None:
            direct = hours(r.value.direct_hours)
            text += f" (the direct move costs {direct} h: {BATCH_OPTIONS['direct_on']})"
        return text
    if isinstance(r.value, Gap):
        return f"{len(r.value.plan.steps)} steps"
    return ""


def batch(results: Sequence[Result]) -> str:
    """A heading with the counts, then one table row per query."""
    s = summary(results)
    counts = ", ".join(f"{s[status]} {status}" for status in STATUSES)
    lines = [
        f"## pathplan batch: {s['queries']} queries ({counts}), exit {s['exit_code']}",
        "",
        "| # | Query | Status | Hours | Coverage | Details |",
        "|--:|---|---|--:|--:|---|",
    ]
    for r in results:
        spent = "" if r.hours is None else str(number(r.hours))
        coverage = "" if r.coverage is None else percent(r.coverage)
        cells = [
            str(r.index + 1),
            describe(r, markdown=True),
            f"{ICONS[r.status]} {r.status}",
            spent,
            coverage,
            md(_details(r)),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
