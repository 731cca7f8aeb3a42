"""Browsing commands: roles, skills, show, validate, graph."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from pathplan.cli.app import Settings, command, framework_for, output_format
from pathplan.cli.complete import skill_and_role_names
from pathplan.cli.output import CommandError, emit, exit_code, note
from pathplan.render import (
    GRAPH_FORMATS,
    LISTING_FORMATS,
    SHOW_FORMATS,
    VALIDATE_FORMATS,
    OutputFormat,
)

if TYPE_CHECKING:
    from pathplan.errors import Problem
    from pathplan.model import Framework


class Network(StrEnum):
    """The graphs `pathplan graph` exports."""

    roles = "roles"
    skills = "skills"


SearchOpt = Annotated[
    str | None,
    typer.Option(
        "--search",
        "-s",
        metavar="TEXT",
        help="Only those whose id, name, aliases, description or group hold every word of TEXT.",
    ),
]


@command(
    formats=LISTING_FORMATS,
    epilog=(
        "Examples:\n\n  pathplan roles --search analyst\n\n  pathplan roles --family data\n\n"
        "  pathplan roles --format json"
    ),
)
def roles(
    settings: Settings,
    search: SearchOpt = None,
    family: Annotated[
        str | None, typer.Option("--family", metavar="FAMILY", help="Only roles of this family.")
    ] = None,
) -> None:
    """List the roles of the framework, or those matching --search and --family."""
    from pathplan.planner.search import search_roles
    from pathplan.render import dispatch

    fmt = output_format(settings, "roles", LISTING_FORMATS)
    fw = framework_for(settings)
    found = search_roles(fw, search or "")
    if family is not None:
        wanted = _group(family, [r.family for r in fw.roles.values()], "family", "families")
        found = [r for r in found if r.family == wanted]
    if not found:
        _nothing(settings, "role", search, fw.role_names)
        if fmt is OutputFormat.table:
            return  # an empty table says nothing the note does not
    emit(settings, dispatch.roles(fmt, fw, found))


@command(
    formats=LISTING_FORMATS,
    epilog=(
        "Examples:\n\n  pathplan skills --search excel\n\n  pathplan skills --category data\n\n"
        "  pathplan skills --format json"
    ),
)
def skills(
    settings: Settings,
    search: SearchOpt = None,
    category: Annotated[
        str | None,
        typer.Option("--category", metavar="CATEGORY", help="Only skills of this category."),
    ] = None,
) -> None:
    """List the skills of the framework, or those matching --search and --category."""
    from pathplan.planner.search import search_skills
    from pathplan.render import dispatch

    fmt = output_format(settings, "skills", LISTING_FORMATS)
    fw = framework_for(settings)
    found = search_skills(fw, search or "")
    if category is not None:
        wanted = _group(
            category, [s.category for s in fw.skills.values()], "category", "categories"
        )
        found = [s for s in found if s.category == wanted]
    if not found:
        _nothing(settings, "skill", search, fw.skill_names)
        if fmt is OutputFormat.table:
            return  # an empty table says nothing the note does not
    emit(settings, dispatch.skills(fmt, fw, found))


def _group(given: str, present: list[str | None], what: str, plural: str) -> str:
    """The family or category `given` names (any case); CommandError listing them if none."""
    from pathplan.errors import did_you_mean

    known = sorted({g for g in present if g})
    for group in known:
        if group.lower() == given.strip().lower():
            return group
    hint = did_you_mean(given, known) or f"the {plural}: {', '.join(known)}"
    raise CommandError(f"no {what} '{given}'", hint)


def _nothing(settings: Settings, kind: str, search: str | None, names: dict[str, str]) -> None:
    """Say on stderr that nothing matched, with a suggestion only when one is close."""
    from pathplan.errors import did_you_mean

    what = f"matches '{search}'" if search else "fits"
    hint = did_you_mean(search, names) if search else None
    note(settings, f"no {kind} {what}" + (f"; {hint}" if hint else ""))


@command(
    formats=SHOW_FORMATS,
    epilog=(
        'Examples:\n\n  pathplan show sales-eng\n\n  pathplan show "data visualisation"\n\n'
        "  pathplan show python --format json"
    ),
)
def show(
    settings: Settings,
    name: Annotated[
        str,
        typer.Argument(
            help="A role or a skill: its id, an alias or its name, any case.",
            metavar="NAME",
            autocompletion=skill_and_role_names,
        ),
    ],
) -> None:
    """Show one role or skill in full, with the ids to write in profiles and rosters."""
    from pathplan.errors import UnknownNameError
    from pathplan.model import Role, Skill
    from pathplan.render import dispatch

    fmt = output_format(settings, "show", SHOW_FORMATS)
    fw = framework_for(settings)
    item: Role | Skill
    rid = fw.find_role(name)
    sid = fw.find_skill(name) if rid is None else None
    if rid is not None:
        item = fw.roles[rid]
    elif sid is not None:
        item = fw.skills[sid]
    else:
        raise UnknownNameError("role or skill", name, {**fw.skill_names, **fw.role_names})
    emit(settings, dispatch.show(fmt, fw, item))


@command(
    formats=VALIDATE_FORMATS,
    epilog=(
        "Examples:\n\n  pathplan validate\n\n  pathplan validate --data ./framework --format json"
        "\n\n  pathplan validate --format github   # annotations in GitHub Actions"
    ),
)
def validate(
    settings: Settings,
) -> None:
    """Check a framework and report every problem with file:line:column (exit 3 if any)."""
    from pathplan.errors import DataError
    from pathplan.render import dispatch

    fmt = output_format(settings, "validate", VALIDATE_FORMATS)
    fw: Framework | None = None
    problems: list[Problem] = []
    try:
        fw = framework_for(settings)
    except DataError as e:
        problems = e.problems
    emit(settings, dispatch.problems(fmt, problems, fw))
    if problems:
        raise typer.Exit(exit_code(DataError(problems)))


@command(
    formats=GRAPH_FORMATS,
    epilog=(
        "Examples:\n\n  pathplan graph roles --format mermaid\n\n"
        "  pathplan graph skills --format dot | dot -Tsvg > skills.svg\n\n"
        "  pathplan graph roles --format graphml -o roles.graphml"
    ),
)
def graph(
    settings: Settings,
    which: Annotated[
        Network, typer.Argument(help="roles: ladders and moves; skills: prerequisites.")
    ] = Network.roles,
) -> None:
    """Export the role network or the skill prerequisite graph (mermaid, dot or graphml)."""
    from pathplan.graph import prerequisite_graph, role_graph
    from pathplan.render import dispatch

    fmt = output_format(settings, "graph", GRAPH_FORMATS)
    fw = framework_for(settings)
    if which is Network.roles:
        g = role_graph(fw)
        names = {rid: r.name for rid, r in fw.roles.items()}
        title = "Roles, with ladders drawn thick and reskilling moves thin"
    else:
        g = prerequisite_graph(fw)
        names = {sid: s.name for sid, s in fw.skills.items()}
        title = "Skill prerequisites, each edge labelled with the level needed"
    emit(settings, dispatch.graph(fmt, g, names, title))
