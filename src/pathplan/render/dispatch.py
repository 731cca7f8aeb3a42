"""One dispatch per result type: the renderer for a format, as a function of the screen.

Each dispatch names the formats it can print (`*_FORMATS`, the first is the default) and ends
in `assert_never`, so a new `OutputFormat` member does not type-check until every dispatch
says what it does with it. A format a result cannot be printed in raises ValueError: the CLI
refuses it with its own words before asking. A format's module is imported only when it is
chosen: a route printed as JSON loads neither rich nor networkx's writers (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, assert_never

from pathplan.render import (
    BATCH_FORMATS,
    CANDIDATE_LINE_FORMATS,
    GRAPH_FORMATS,
    LISTING_FORMATS,
    NEIGHBOUR_FORMATS,
    PLAN_FORMATS,
    RANKED_FORMATS,
    ROSTER_FORMATS,
    SHOW_FORMATS,
    TEAM_LINE_FORMATS,
    VALIDATE_FORMATS,
)
from pathplan.render import OutputFormat as F
from pathplan.render.text import Screen

if TYPE_CHECKING:
    from pathplan.errors import Problem
    from pathplan.model import Framework, Role, Skill
    from pathplan.planner.adjacent import Neighbour
    from pathplan.planner.answers import Result
    from pathplan.planner.gates import Verdict
    from pathplan.planner.results import Gap, RouteResult
    from pathplan.planner.schedule import Schedule
    from pathplan.planner.team import Candidate, Candidates, Member, Team
    from pathplan.render.text import OptionNames

__all__ = [
    "BATCH_FORMATS",
    "CANDIDATE_LINE_FORMATS",
    "GRAPH_FORMATS",
    "LISTING_FORMATS",
    "NEIGHBOUR_FORMATS",
    "PLAN_FORMATS",
    "RANKED_FORMATS",
    "ROSTER_FORMATS",
    "SHOW_FORMATS",
    "TEAM_LINE_FORMATS",
    "VALIDATE_FORMATS",
    "Render",
    "batch",
    "candidate_lines",
    "candidates",
    "gap",
    "graph",
    "neighbours",
    "problems",
    "roles",
    "routes",
    "show",
    "skills",
    "team",
    "team_lines",
]

Render = Callable[[Screen], str]  # where it is shown -> the text to print


def _cannot(fmt: F, what: str) -> NoReturn:
    raise ValueError(f"{what} cannot be printed as {fmt.value}")


def gap(
    fmt: F,
    fw: Framework,
    result: Gap,
    who: str,
    plan: Schedule | None,
    *,
    names: OptionNames,
    gantt: bool = False,
    verdicts: Sequence[Verdict] = (),
) -> Render:
    """A gap: table, json, markdown, or mermaid (the plan as a route, or the schedule's gantt).

    `names` are the front end's names of options, for the words of a note.
    """
    match fmt:
        case F.table:
            from pathplan.render import table

            return lambda screen: table.gap(fw, result, who, plan, names, screen=screen)
        case F.json:
            from pathplan.render import json

            return lambda _: json.gap(result, plan, fw, verdicts)
        case F.markdown:
            from pathplan.render import markdown

            return lambda _: markdown.gap(fw, result, who, plan, names)
        case F.mermaid:
            from pathplan.planner.results import Move, Route
            from pathplan.render import mermaid

            if gantt and plan is not None:
                title = f"{who} to {fw.roles[result.role].name}"
                return lambda _: mermaid.gantt(fw, plan, title)
            stay = Move(result.role, result.role, "stay", result.plan.steps)
            return lambda _: mermaid.route(fw, Route((result.role,), (stay,)), result.role)
        case F.csv:
            from pathplan.render import csv

            return lambda _: csv.gap(fw, result, plan)
        case F.jsonl | F.github | F.dot | F.graphml:
            _cannot(fmt, "a gap")
        case _:
            assert_never(fmt)


def routes(
    fmt: F,
    fw: Framework,
    result: RouteResult,
    plan: Schedule | None,
    names: OptionNames,
    *,
    gantt: bool = False,
    verdicts: Sequence[Verdict] = (),
    who: str | None = None,
) -> Render:
    """The best route and its alternatives, or (mermaid) the best route or its schedule.

    `names` are the front end's names of the request's options, for the notes' words.
    """
    match fmt:
        case F.table:
            from pathplan.render import table

            return lambda screen: table.routes(fw, result, plan, names, screen=screen, who=who)
        case F.json:
            from pathplan.render import json

            return lambda _: json.routes(result, plan, fw, verdicts)
        case F.markdown:
            from pathplan.render import markdown

            return lambda _: markdown.routes(fw, result, plan, names, who)
        case F.mermaid:
            from pathplan.render import mermaid

            if gantt and plan is not None:
                title = f"{fw.roles[result.start].name} to {fw.roles[result.target].name}"
                return lambda _: mermaid.gantt(fw, plan, title)
            return lambda _: mermaid.route(fw, result.best, result.target)
        case F.csv:
            from pathplan.render import csv

            return lambda _: csv.routes(fw, result, plan)
        case F.jsonl | F.github | F.dot | F.graphml:
            _cannot(fmt, "a route")
        case _:
            assert_never(fmt)


def neighbours(
    fmt: F, fw: Framework, source: str, ranked: Sequence[Neighbour], who: str | None = None
) -> Render:
    """Roles ranked as next moves (for `who`, a person, when named)."""
    match fmt:
        case F.table:
            from pathplan.render import table

            return lambda screen: table.neighbours(fw, source, ranked, screen=screen, who=who)
        case F.json:
            from pathplan.render import json

            return lambda _: json.neighbours(source, ranked, fw)
        case F.markdown:
            from pathplan.render import markdown

            return lambda _: markdown.neighbours(fw, source, ranked, who)
        case F.csv:
            from pathplan.render import csv

            return lambda _: csv.neighbours(fw, ranked)
        case F.mermaid | F.jsonl | F.github | F.dot | F.graphml:
            _cannot(fmt, "adjacent roles")
        case _:
            assert_never(fmt)


def roles(fmt: F, fw: Framework, items: Sequence[Role]) -> Render:
    """A list of roles (every role, or those a search found)."""
    match fmt:
        case F.table:
            from pathplan.render import table

            return lambda screen: table.roles(fw, items, screen=screen)
        case F.json:
            from pathplan.render import json

            return lambda _: json.roles(items)
        case F.csv:
            from pathplan.render import csv

            return lambda _: csv.roles(items)
        case F.markdown | F.mermaid | F.jsonl | F.github | F.dot | F.graphml:
            _cannot(fmt, "the roles")
        case _:
            assert_never(fmt)


def skills(fmt: F, fw: Framework, items: Sequence[Skill]) -> Render:
    """A list of skills (every skill, or those a search found)."""
    match fmt:
        case F.table:
            from pathplan.render import table

            return lambda screen: table.skills(fw, items, screen=screen)
        case F.json:
            from pathplan.render import json

            return lambda _: json.skills(fw, items)
        case F.csv:
            from pathplan.render import csv

            return lambda _: csv.skills(items)
        case F.markdown | F.mermaid | F.jsonl | F.github | F.dot | F.graphml:
            _cannot(fmt, "the skills")
        case _:
            assert_never(fmt)


def show(fmt: F, fw: Framework, item: Role | Skill) -> Render:
    """One role or skill in full."""
    from pathplan import model

    match fmt:
        case F.table:
            from pathplan.render import table

            if isinstance(item, model.Role):
                return lambda screen: table.show_role(fw, item, screen=screen)
            return lambda screen: table.show_skill(fw, item, screen=screen)
        case F.json:
            from pathplan.render import json

            if isinstance(item, model.Role):
                return lambda _: json.dumps("role", json.role(item))
            return lambda _: json.dumps("skill", json.skill(item))
        case F.markdown | F.mermaid | F.jsonl | F.csv | F.github | F.dot | F.graphml:
            _cannot(fmt, "a role or skill")
        case _:
            assert_never(fmt)


def problems(fmt: F, found: list[Problem], fw: Framework | None) -> Render:
    """A validation report: every problem, or the framework's counts when there is none."""
    match fmt:
        case F.table:
            from pathplan.render import table

            return lambda screen: table.problems(found, fw, screen=screen)
        case F.json:
            from pathplan.render import json

            return lambda _: json.problems(found, fw)
        case F.github:
            from pathplan.render import github

            return lambda _: github.problems(found, fw)
        case F.markdown | F.mermaid | F.jsonl | F.csv | F.dot | F.graphml:
            _cannot(fmt, "a validation report")
        case _:
            assert_never(fmt)


def graph(fmt: F, g: Any, names: dict[str, str], title: str) -> Render:
    """A networkx graph of the framework (roles or skill prerequisites)."""
    match fmt:
        case F.mermaid:
            from pathplan.render import mermaid

            return lambda _: mermaid.network(g, names, title)
        case F.dot:
            from pathplan.render import network

            return lambda _: network.dot(g, title)
        case F.graphml:
            from pathplan.render import network

            return lambda _: network.graphml(g)
        case F.table | F.json | F.markdown | F.jsonl | F.csv | F.github:
            _cannot(fmt, "a graph")
        case _:
            assert_never(fmt)


def team(fmt: F, fw: Framework, t: Team, *, top: int, people: int) -> Render:
    """The team view: table and markdown summarise; json, jsonl and csv list everyone."""
    match fmt:
        case F.table:
            from pathplan.render import table

            return lambda screen: table.team(fw, t, top=top, people=people, screen=screen)
        case F.json:
            from pathplan.render import json

            return lambda _: json.team(t, fw)
        case F.markdown:
            from pathplan.render import markdown

            return lambda _: markdown.team(fw, t, top=top, people=people)
        case F.csv | F.jsonl:
            return lambda _: "".join(team_lines(fmt, fw, t.members))
        case F.mermaid | F.github | F.dot | F.graphml:
            _cannot(fmt, "a team")
        case _:
            assert_never(fmt)


def team_lines(fmt: F, fw: Framework, people: Iterable[Member]) -> Iterator[str]:
    """The team's people as lines, each as soon as the person is read: jsonl and csv stream."""
    match fmt:
        case F.jsonl:
            from pathplan.render import json

            return json.member_lines(people, fw)
        case F.csv:
            from pathplan.render import csv

            return csv.team_lines(people)
        case F.table | F.json | F.markdown | F.mermaid | F.github | F.dot | F.graphml:
            _cannot(fmt, "a team as lines")
        case _:
            assert_never(fmt)


def candidates(fmt: F, fw: Framework, c: Candidates) -> Render:
    """People ranked for a role (jsonl: see `candidate_lines`)."""
    match fmt:
        case F.table:
            from pathplan.render import table

            return lambda screen: table.candidates(fw, c, screen=screen)
        case F.json:
            from pathplan.render import json

            return lambda _: json.candidates(c, fw)
        case F.markdown:
            from pathplan.render import markdown

            return lambda _: markdown.candidates(fw, c)
        case F.csv:
            from pathplan.render import csv

            return lambda _: csv.candidates(c)
        case F.mermaid | F.jsonl | F.github | F.dot | F.graphml:
            _cannot(fmt, "ranked candidates")
        case _:
            assert_never(fmt)


def candidate_lines(fmt: F, fw: Framework, people: Iterable[Candidate], role: str) -> Iterator[str]:
    """Everyone considered for `role`, unranked, in roster order, as they are read."""
    match fmt:
        case F.jsonl:
            from pathplan.render import json

            return json.candidate_lines(people, role, fw)
        case F.table | F.json | F.markdown | F.csv | F.mermaid | F.github | F.dot | F.graphml:
            _cannot(fmt, "candidates as lines")
        case _:
            assert_never(fmt)


def batch(fmt: F, results: Sequence[Result], fw: Framework | None = None) -> Render:
    """Batch results: JSON Lines, one JSON document, or a markdown report."""
    match fmt:
        case F.jsonl:
            from pathplan.render import json

            return lambda _: json.batch_lines(results, fw)
        case F.json:
            from pathplan.render import json

            return lambda _: json.batch(results, fw)
        case F.markdown:
            from pathplan.render import markdown

            return lambda _: markdown.batch(results)
        case F.table | F.mermaid | F.csv | F.github | F.dot | F.graphml:
            _cannot(fmt, "batch results")
        case _:
            assert_never(fmt)
