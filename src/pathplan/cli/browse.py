"""Browsing commands: roles, skills, show, validate, graph."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from pathplan.cli.app import (
    DataOpt,
    FormatOpt,
    NoColorOpt,
    OutputOpt,
    Settings,
    app,
    emit,
    framework_for,
    guarded,
    output_format,
    settings_for,
)
from pathplan.errors import DataError
from pathplan.render import OutputFormat

if TYPE_CHECKING:
    from pathplan.model import Framework


class Network(StrEnum):
    """The graphs `pathplan graph` exports."""

    roles = "roles"
    skills = "skills"


@app.command(epilog="Example:\n\n  pathplan roles --format json")
@guarded
def roles(
    ctx: typer.Context,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """List the roles of the framework."""
    from pathplan.render import json as rjson
    from pathplan.render import table

    _listing(settings_for(ctx, data, fmt, output, no_color), "roles", rjson.roles, table.roles)


@app.command(epilog="Example:\n\n  pathplan skills --format json")
@guarded
def skills(
    ctx: typer.Context,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """List the skills of the framework."""
    from pathplan.render import json as rjson
    from pathplan.render import table

    _listing(settings_for(ctx, data, fmt, output, no_color), "skills", rjson.skills, table.skills)


def _listing(
    settings: Settings,
    command: str,
    as_json: Callable[[Framework], str],
    as_table: Callable[..., str],
) -> None:
    """Print a listing of the framework as JSON or as a table."""
    fmt = output_format(settings, command, (OutputFormat.table, OutputFormat.json))
    fw = framework_for(settings)
    if fmt is OutputFormat.json:
        emit(settings, lambda _: as_json(fw))
    else:
        emit(settings, lambda color: as_table(fw, color=color))


@app.command(
    epilog="Examples:\n\n  pathplan show sales-eng\n\n  pathplan show python --format json"
)
@guarded
def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A role (id or alias) or a skill (id or name).")],
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Show one role or skill in full."""
    from pathplan.errors import UnknownNameError
    from pathplan.render import json as rjson
    from pathplan.render import table

    settings = settings_for(ctx, data, fmt, output, no_color)
    fmt = output_format(settings, "show", (OutputFormat.table, OutputFormat.json))
    fw = framework_for(settings)
    key = name.strip().lower()
    if key in fw.role_names:
        r = fw.roles[fw.role_names[key]]
        if fmt is OutputFormat.json:
            emit(settings, lambda _: rjson.dumps("role", rjson.role(r)))
        else:
            emit(settings, lambda color: table.show_role(fw, r, color=color))
    elif key in fw.skill_names:
        s = fw.skills[fw.skill_names[key]]
        if fmt is OutputFormat.json:
            emit(settings, lambda _: rjson.dumps("skill", rjson.skill(s)))
        else:
            emit(settings, lambda color: table.show_skill(fw, s, color=color))
    else:
        raise UnknownNameError("role or skill", name, {**fw.skill_names, **fw.role_names})


@app.command(
    epilog=(
        "Examples:\n\n  pathplan validate\n\n  pathplan validate --data ./framework --format json"
        "\n\n  pathplan validate --format github   # annotations in GitHub Actions"
    )
)
@guarded
def validate(
    ctx: typer.Context,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Check a framework and report every problem with file:line:column (exit 3 if any)."""
    from pathplan.render import json as rjson
    from pathplan.render import table

    settings = settings_for(ctx, data, fmt, output, no_color)
    fmt = output_format(
        settings, "validate", (OutputFormat.table, OutputFormat.json, OutputFormat.github)
    )
    fw: Framework | None = None
    problems = []
    try:
        fw = framework_for(settings)
    except DataError as e:
        problems = e.problems
    if fmt is OutputFormat.json:
        emit(settings, lambda _: rjson.problems(problems, fw))
    elif fmt is OutputFormat.github:
        from pathplan.render import github

        emit(settings, lambda _: github.problems(problems, fw))
    else:
        emit(settings, lambda color: table.problems(problems, fw, color=color))
    if problems:
        raise typer.Exit(DataError.exit_code)


@app.command(
    epilog=(
        "Examples:\n\n  pathplan graph roles --format mermaid\n\n"
        "  pathplan graph skills --format dot | dot -Tsvg > skills.svg\n\n"
        "  pathplan graph roles --format graphml -o roles.graphml"
    )
)
@guarded
def graph(
    ctx: typer.Context,
    which: Annotated[
        Network, typer.Argument(help="roles: ladders and moves; skills: prerequisites.")
    ] = Network.roles,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Export the role network or the skill prerequisite graph (mermaid, dot or graphml)."""
    from pathplan.graph import prerequisite_graph, role_graph
    from pathplan.render import mermaid, network

    settings = settings_for(ctx, data, fmt, output, no_color)
    fmt = output_format(
        settings, "graph", (OutputFormat.mermaid, OutputFormat.dot, OutputFormat.graphml)
    )
    fw = framework_for(settings)
    if which is Network.roles:
        g = role_graph(fw)
        names = {rid: r.name for rid, r in fw.roles.items()}
        title = "Roles, with ladders drawn thick and reskilling moves thin"
    else:
        g = prerequisite_graph(fw)
        names = {sid: s.name for sid, s in fw.skills.items()}
        title = "Skill prerequisites, each edge labelled with the level needed"
    if fmt is OutputFormat.dot:
        emit(settings, lambda _: network.dot(g, title))
    elif fmt is OutputFormat.graphml:
        emit(settings, lambda _: network.graphml(g))
    else:
        emit(settings, lambda _: mermaid.network(g, names, title))
