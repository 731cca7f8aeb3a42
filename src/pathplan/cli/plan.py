"""Planning commands: gap and route."""

from __future__ import annotations

from typing import Annotated

import typer

from pathplan.cli.app import (
    DataOpt,
    FormatOpt,
    NoColorOpt,
    OutputOpt,
    ProfileOpt,
    app,
    emit,
    framework_for,
    guarded,
    holder_for,
    output_format,
    settings_for,
)
from pathplan.cli.gates import MaxHoursOpt, MinCoverageOpt, enforce, limits
from pathplan.errors import UsageError
from pathplan.render import OutputFormat


@app.command(
    epilog=(
        "Examples:\n\n  pathplan gap --from dev --to sales-eng\n\n"
        "  pathplan gap --profile me.yaml --format json\n\n"
        "  pathplan gap --from dev --to sre --max-hours 300 --min-coverage 50%"
    )
)
@guarded
def gap(
    ctx: typer.Context,
    start: Annotated[str | None, typer.Option("--from", help="Hold this role's skills.")] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="Target role [default: the holder's role].")
    ] = None,
    profile: ProfileOpt = None,
    max_hours: MaxHoursOpt = None,
    min_coverage: MinCoverageOpt = None,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Show what a role asks that is not yet held, and the optimal plan to close it."""
    from pathplan import planner
    from pathplan.gates import check
    from pathplan.render import json as rjson
    from pathplan.render import table

    settings = settings_for(ctx, data, fmt, output, no_color)
    fmt = output_format(settings, "gap", (OutputFormat.table, OutputFormat.json))
    fw = framework_for(settings)
    holder = holder_for(fw, profile, start)
    target = fw.role_id(to) if to else holder.role
    if target is None:
        raise UsageError("no target role", "give --to ROLE (the profile names no role)")
    result = planner.gap(fw, holder.levels, target)
    who = holder.name or (fw.roles[holder.role].name if holder.role else "you")
    if fmt is OutputFormat.json:
        emit(settings, lambda _: rjson.gap(result))
    else:
        emit(settings, lambda color: table.gap(fw, result, who, color=color))
    gate = limits(max_hours, min_coverage)
    enforce(check(gate, hours=result.plan.hours, coverage=result.coverage), f"gap to {target}")


@app.command(
    epilog=(
        "Examples:\n\n  pathplan route --from dev --to sales-eng\n\n"
        "  pathplan route --profile me.yaml --to sre --direct --alternatives 2\n\n"
        "  pathplan route --from qa --to sales-eng --avoid support-eng --format json\n\n"
        "  pathplan route --from dev --to sre --max-hours 500   # exit 1 if over"
    )
)
@guarded
def route(
    ctx: typer.Context,
    start: Annotated[
        str | None, typer.Option("--from", help="Start role [default: the profile's role].")
    ] = None,
    to: Annotated[str | None, typer.Option("--to", help="Target role.")] = None,
    profile: ProfileOpt = None,
    direct: Annotated[
        bool,
        typer.Option(
            "--direct", help="Allow a move between any two roles, not only declared ones."
        ),
    ] = False,
    max_step: Annotated[
        float | None, typer.Option("--max-step", min=0, help="No single move over this many hours.")
    ] = None,
    via: Annotated[
        list[str] | None, typer.Option("--via", help="Pass through this role (repeatable).")
    ] = None,
    avoid: Annotated[
        list[str] | None, typer.Option("--avoid", help="Never pass through this role (repeatable).")
    ] = None,
    alternatives: Annotated[
        int, typer.Option("--alternatives", "-k", min=0, help="Also list the next best K routes.")
    ] = 0,
    max_hours: MaxHoursOpt = None,
    min_coverage: MinCoverageOpt = None,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Find the route between roles that takes the fewest learning hours.

    A route's cost is the optimal plan to meet every role on it after the start (skills are never
    lost). Moves follow declared next/adjacent links, or any pair with --direct. Gates look at the
    best route's hours, and at the start holder's coverage of the target role.
    """
    from pathplan import planner
    from pathplan.gates import check
    from pathplan.render import json as rjson
    from pathplan.render import table

    settings = settings_for(ctx, data, fmt, output, no_color)
    fmt = output_format(settings, "route", (OutputFormat.table, OutputFormat.json))
    if to is None:
        raise UsageError(
            "missing option '--to'", "example: pathplan route --from dev --to sales-eng"
        )
    fw = framework_for(settings)
    holder = holder_for(fw, profile, start)
    if holder.role is None:
        raise UsageError("no start role", "give --from ROLE (the profile names no role)")
    target = fw.role_id(to)
    found = planner.route(
        fw,
        holder.levels,
        holder.role,
        target,
        direct=direct,
        max_step=max_step,
        via=[fw.role_id(v) for v in via or []],
        avoid=[fw.role_id(a) for a in avoid or []],
        alternatives=alternatives,
    )
    if fmt is OutputFormat.json:
        emit(settings, lambda _: rjson.routes(found, holder.role or "", target))
    else:
        emit(settings, lambda color: table.routes(fw, found, color=color))
    gate = limits(max_hours, min_coverage)
    coverage = None
    if gate.min_coverage is not None:
        coverage = planner.gap(fw, holder.levels, target).coverage
    enforce(check(gate, hours=found[0].hours, coverage=coverage), f"route to {target}")
