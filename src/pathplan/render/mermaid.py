"""Mermaid diagrams: a route as a flowchart, a schedule as a gantt, the framework's networks.

Names from data files go into labels (`label`) and task names (`_task`) made inert: they can
neither end the label nor the code fence around the diagram, nor bring in HTML or markdown.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from pathplan.model import Framework
from pathplan.planner.results import Route
from pathplan.planner.schedule import Schedule
from pathplan.render.text import hours, printable

# Mermaid's entity codes (`#35;` is `#`, which starts every code, so it goes first of all).
_LABEL_CODES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;"}


def label(text: str) -> str:
    """A quoted node label that shows `text` as written and cannot break the diagram.

    Quotes, HTML and backticks (a "markdown string") become Mermaid's entity codes; control
    characters and workflow-command markers go as `printable` says.
    """
    return '"' + "".join(_LABEL_CODES.get(c, c) for c in printable(text)) + '"'


def node_id(text: str) -> str:
    """An id Mermaid accepts for any role or skill id."""
    return "n_" + re.sub(r"[^A-Za-z0-9_]", "_", text)


def route(fw: Framework, r: Route, target: str) -> str:
    """A flowchart: the roles in order, each move a box of its skill steps.

    A route with no moves (the holder already meets `target`) links the start to the target
    by an "already qualified" edge.
    """
    lines = ["flowchart LR"]
    for rid in dict.fromkeys((*r.roles, target)):
        lines.append(f"    {node_id(rid)}[{label(fw.roles[rid].name)}]")
    qualified = label("already qualified: 0 h")
    if r.qualified and r.roles[0] != target:
        lines.append(f"    {node_id(r.roles[0])} -->|{qualified}| {node_id(target)}")
    elif r.qualified:
        lines.append(f"    {node_id(target)} --- qualified[{qualified}]")
    for i, m in enumerate(r.moves, 1):
        lines.append(f"    subgraph move{i}[{label(f'Move {i}: {hours(m.hours)} h')}]")
        lines.append("        direction TB")
        for j, s in enumerate(m.steps, 1):
            text = f"{fw.skills[s.skill].name} {s.from_level}→{s.to_level} · {hours(s.hours)} h"
            lines.append(f"        move{i}_{j}[{label(text)}]")
        if not m.steps:
            lines.append(f"        move{i}_0[{label('nothing to learn')}]")
        lines.append("    end")
        lines.append(f"    {node_id(m.source)} --> move{i} --> {node_id(m.target)}")
    return "\n".join(lines) + "\n"


def _task(text: str) -> str:
    # ':' ends a task name and '#' and ';' start comments or end statements in a gantt; a
    # task name takes no entity codes, so these (and HTML and backticks) become spaces.
    return re.sub(r"[:#;<>`\"]", " ", printable(text)).strip()


def gantt(fw: Framework, plan: Schedule, title: str) -> str:
    """A gantt of the schedule, one section per move."""
    lines = [
        "gantt",
        f"    title {_task(title)} at {hours(plan.hours_per_week)} h per week",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y-%m-%d",
    ]
    section = None
    for i, item in enumerate(plan.items, 1):
        if item.move != section:
            section = item.move
            lines.append(f"    section Move {item.move}")
        name = f"{fw.skills[item.step.skill].name} {item.step.from_level}→{item.step.to_level}"
        # Mermaid's end dates are exclusive: the day after the step's last day.
        end = item.end + timedelta(days=1)
        lines.append(f"    {_task(name)} :t{i}, {item.start.isoformat()}, {end.isoformat()}")
    return "\n".join(lines) + "\n"


def network(graph: Any, names: dict[str, str], title: str) -> str:
    """A flowchart of a networkx DiGraph: `next` edges drawn thick, `level` as edge labels."""
    lines = [f"---\ntitle: {_task(title)}\n---", "flowchart LR"]
    for node in sorted(graph.nodes):
        lines.append(f"    {node_id(node)}[{label(names.get(node, node))}]")
    for a, b, data in sorted(graph.edges(data=True)):
        arrow = "==>" if data.get("kind") == "next" else "-->"
        text = data.get("level")
        link = f"{arrow}|{text}|" if text is not None else arrow
        lines.append(f"    {node_id(a)} {link} {node_id(b)}")
    return "\n".join(lines) + "\n"
