"""Browsing commands: roles, skills, show, validate, graph."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from pathplan.cli.app import Settings, command, framework_for, output_format
from pathplan.cli.output import emit, exit_code

if TYPE_CHECKING:
    from pathplan.errors import Problem
    from pathplan.model import Framework


class Network(StrEnum):
    """The graphs `pathplan graph` exports."""

    roles = "roles"
    skills = "skills"


@command(epilog="Example:\n\n  pathplan roles --format json")
def roles(
    settings: Settings,
) -> None:
    """List the roles of the framework."""
    _listing(settings, "roles")


@command(epilog="Example:\n\n  pathplan skills --format json")
def skills(
    settings: Settings,
) -> None:
    """List the skills of the framework."""
    _listing(settings, "skills")


def _listing(settings: Settings, what: str) -> None:
    """Print the roles or the skills of the framework."""
    from pathplan.render import dispatch

    fmt = output_format(settings, what, dispatch.LISTING_FORMATS)
    emit(settings, dispatch.listing(fmt, framework_for(settings), what))


@command(epilog="Examples:\n\n  pathplan show sales-eng\n\n  pathplan show python --format json")
def show(
    settings: Settings,
    name: Annotated[str, typer.Argument(help="A role (id or alias) or a skill (id or name).")],
) -> None:
    """Show one role or skill in full."""
    from pathplan.errors import UnknownNameError
    from pathplan.model import Role, Skill
    from pathplan.render import dispatch

    fmt = output_format(settings, "show", dispatch.LISTING_FORMATS)
    fw = framework_for(settings)
    key = name.strip().lower()
    item: Role | Skill
    if key in fw.role_names:
        item = fw.roles[fw.role_names[key]]
    elif key in fw.skill_names:
        item = fw.skills[fw.skill_names[key]]
    else:
        raise UnknownNameError("role or skill", name, {**fw.skill_names, **fw.role_names})
    emit(settings, dispatch.show(fmt, fw, item))


@command(
    epilog=(
        "Examples:\n\n  pathplan validate\n\n  pathplan validate --data ./framework --format json"
        "\n\n  pathplan validate --format github   # annotations in GitHub Actions"
    )
)
def validate(
    settings: Settings,
) -> None:
    """Check a framework and report every problem with file:line:column (exit 3 if any)."""
    from pathplan.errors import DataError
    from pathplan.render import dispatch

    fmt = output_format(settings, "validate", dispatch.VALIDATE_FORMATS)
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
    epilog=(
        "Examples:\n\n  pathplan graph roles --format mermaid\n\n"
        "  pathplan graph skills --format dot | dot -Tsvg > skills.svg\n\n"
        "  pathplan graph roles --format graphml -o roles.graphml"
    )
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

    fmt = output_format(settings, "graph", dispatch.GRAPH_FORMATS)
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
