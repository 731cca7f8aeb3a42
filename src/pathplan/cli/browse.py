"""Browsing commands: roles, skills, show, validate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from pathplan.cli.app import (
    DataOpt,
    FormatOpt,
    NoColorOpt,
    OutputOpt,
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

    settings = settings_for(ctx, data, fmt, output, no_color)
    fmt = output_format(settings, "roles", (OutputFormat.table, OutputFormat.json))
    fw = framework_for(settings)
    if fmt is OutputFormat.json:
        emit(settings, lambda _: rjson.roles(fw))
    else:
        emit(settings, lambda color: table.roles(fw, color=color))


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

    settings = settings_for(ctx, data, fmt, output, no_color)
    fmt = output_format(settings, "skills", (OutputFormat.table, OutputFormat.json))
    fw = framework_for(settings)
    if fmt is OutputFormat.json:
        emit(settings, lambda _: rjson.skills(fw))
    else:
        emit(settings, lambda color: table.skills(fw, color=color))


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
        raise UnknownNameError("role or skill", name, [*fw.role_names, *fw.skill_names])


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
