"""Planning commands: gap, route, adjacent."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

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

if TYPE_CHECKING:
    from pathplan.model import Holder
    from pathplan.planner import Step
    from pathplan.schedule import Schedule

PLAN_FORMATS = (OutputFormat.table, OutputFormat.json, OutputFormat.markdown, OutputFormat.mermaid)

HoursPerWeekOpt = Annotated[
    float | None,
    typer.Option(
        "--hours-per-week",
        min=0.1,
        help="Schedule the plan at this many hours a week (default: the profile's).",
    ),
]
StartOpt = Annotated[
    str | None,
    typer.Option(
        "--start", metavar="DATE", help="First day of the schedule, YYYY-MM-DD (default: today)."
    ),
]
GanttOpt = Annotated[
    bool, typer.Option("--gantt", help="With --format mermaid: draw the schedule as a gantt chart.")
]


def _schedule(
    holder: Holder,
    hours_per_week: float | None,
    start: str | None,
    steps: list[Step],
    moves: list[int],
) -> Schedule | None:
    """The schedule asked for, if any: hours per week from the option or the profile."""
    from pathplan.schedule import schedule

    per_week = hours_per_week or holder.hours_per_week
    if per_week is None:
        if start is not None:
            raise UsageError("--start needs a pace", "add --hours-per-week H")
        return None
    try:
        first = date.fromisoformat(start) if start else date.today()
    except ValueError:
        raise UsageError(
            f"--start: '{start}' is not a date", "use YYYY-MM-DD, e.g. 2027-01-04"
        ) from None
    return schedule(steps, per_week, first, moves)


def _gantt_needs_schedule(gantt: bool, plan: Schedule | None) -> None:
    if gantt and plan is None:
        raise UsageError("--gantt draws a schedule", "add --hours-per-week H (and --start DATE)")


@app.command(
    epilog=(
        "Examples:\n\n  pathplan gap --from dev --to sales-eng\n\n"
        "  pathplan gap --profile me.yaml --format json\n\n"
        "  pathplan gap --from dev --to dev-senior --hours-per-week 5 --start 2027-01-04\n\n"
        "  pathplan gap --from dev --to sre --max-hours 300 --min-coverage 50%"
    )
)
@guarded
def gap(
    ctx: typer.Context,
    start: Annotated[str | None, typer.Option("--from", help="Hold this role's skills.")] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="Target role (default: the holder's role).")
    ] = None,
    profile: ProfileOpt = None,
    hours_per_week: HoursPerWeekOpt = None,
    start_date: StartOpt = None,
    gantt: GanttOpt = False,
    max_hours: MaxHoursOpt = None,
    min_coverage: MinCoverageOpt = None,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Show what a role asks that is not yet held, and the optimal plan to close it.

    With --hours-per-week (or a profile's hours_per_week) each step gets weeks and dates.
    """
    from pathplan import planner
    from pathplan.gates import check
    from pathplan.render import json as rjson
    from pathplan.render import markdown, mermaid, table

    settings = settings_for(ctx, data, fmt, output, no_color)
    fmt = output_format(settings, "gap", PLAN_FORMATS)
    fw = framework_for(settings)
    holder = holder_for(fw, profile, start)
    target = fw.role_id(to) if to else holder.role
    if target is None:
        raise UsageError("no target role", "give --to ROLE (the profile names no role)")
    result = planner.gap(fw, holder.levels, target)
    steps = list(result.plan.steps)
    plan = _schedule(holder, hours_per_week, start_date, steps, [1] * len(steps))
    _gantt_needs_schedule(gantt, plan)
    who = holder.name or (fw.roles[holder.role].name if holder.role else "you")
    if fmt is OutputFormat.json:
        emit(settings, lambda _: rjson.gap(result, plan))
    elif fmt is OutputFormat.markdown:
        emit(settings, lambda _: markdown.gap(fw, result, who, plan))
    elif fmt is OutputFormat.mermaid:
        if gantt and plan is not None:
            emit(settings, lambda _: mermaid.gantt(fw, plan, f"{who} to {fw.roles[target].name}"))
        else:
            single = planner.Route(
                (target,), (planner.Move(target, target, "stay", result.plan.steps),)
            )
            emit(settings, lambda _: mermaid.route(fw, single))
    else:
        emit(settings, lambda color: table.gap(fw, result, who, plan, color=color))
    gate = limits(max_hours, min_coverage)
    enforce(check(gate, hours=result.plan.hours, coverage=result.coverage), f"gap to {target}")


@app.command(
    epilog=(
        "Examples:\n\n  pathplan route --from dev --to sales-eng\n\n"
        "  pathplan route --profile me.yaml --to sre --direct --alternatives 2\n\n"
        "  pathplan route --from qa --to sales-eng --avoid support-eng --format json\n\n"
        "  pathplan route --from dev --to sales-eng --direct --max-step 250\n\n"
        "  pathplan route --from dev --to se --hours-per-week 6 --format mermaid --gantt\n\n"
        "  pathplan route --from dev --to sre --max-hours 500   # exit 1 if over"
    )
)
@guarded
def route(
    ctx: typer.Context,
    start: Annotated[
        str | None, typer.Option("--from", help="Start role (default: the profile's role).")
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
    hours_per_week: HoursPerWeekOpt = None,
    start_date: StartOpt = None,
    gantt: GanttOpt = False,
    max_hours: MaxHoursOpt = None,
    min_coverage: MinCoverageOpt = None,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Find the route between roles that takes the fewest learning hours.

    A route's cost is the optimal plan to meet every role on it after the start (skills are never
    lost). Moves follow declared next/adjacent links, or any pair with --direct. With
    --max-step and --direct, pathplan finds stepping-stone roles so no move is too big.
    Gates look at the best route's hours, and at the start holder's coverage of the target role.
    """
    from pathplan import planner
    from pathplan.gates import check
    from pathplan.render import json as rjson
    from pathplan.render import markdown, mermaid, table

    settings = settings_for(ctx, data, fmt, output, no_color)
    fmt = output_format(settings, "route", PLAN_FORMATS)
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
    best = found[0]
    steps = [s for m in best.moves for s in m.steps]
    numbers = [i for i, m in enumerate(best.moves, 1) for _ in m.steps]
    plan = _schedule(holder, hours_per_week, start_date, steps, numbers)
    _gantt_needs_schedule(gantt, plan)
    source = holder.role
    if fmt is OutputFormat.json:
        emit(settings, lambda _: rjson.routes(found, source, target, plan))
    elif fmt is OutputFormat.markdown:
        emit(settings, lambda _: markdown.routes(fw, found, plan))
    elif fmt is OutputFormat.mermaid:
        if gantt and plan is not None:
            title = f"{fw.roles[source].name} to {fw.roles[target].name}"
            emit(settings, lambda _: mermaid.gantt(fw, plan, title))
        else:
            emit(settings, lambda _: mermaid.route(fw, best))
    else:
        emit(settings, lambda color: table.routes(fw, found, plan, color=color))
    gate = limits(max_hours, min_coverage)
    coverage = None
    if gate.min_coverage is not None:
        coverage = planner.gap(fw, holder.levels, target).coverage
    enforce(check(gate, hours=found[0].hours, coverage=coverage), f"route to {target}")


@app.command(
    epilog=(
        "Examples:\n\n  pathplan adjacent dev\n\n"
        "  pathplan adjacent qa --top 5 --format json\n\n"
        "  pathplan adjacent --profile me.yaml"
    )
)
@guarded
def adjacent(
    ctx: typer.Context,
    role: Annotated[
        str | None, typer.Argument(help="The role to move from (default: the profile's role).")
    ] = None,
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="How many roles to list.")] = 10,
    profile: ProfileOpt = None,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Rank realistic next roles: what transfers, how close the level is, and the hours.

    score = 0.5 x similarity + 0.25 x level fit + 0.25 x ease, each 0..1. Similarity is the
    weighted overlap of skill levels held and asked (a superset role scores high, an easier
    subset lower); level fit rewards the same seniority or one step up (and O*NET job zones);
    ease is 1 / (1 + hours / 300). Declared next/adjacent moves are marked. Roles already met
    below the source's level are left out: they are a step down, not a move.
    """
    from pathplan.adjacent import adjacent as rank
    from pathplan.render import json as rjson
    from pathplan.render import markdown, table

    settings = settings_for(ctx, data, fmt, output, no_color)
    fmt = output_format(
        settings, "adjacent", (OutputFormat.table, OutputFormat.json, OutputFormat.markdown)
    )
    fw = framework_for(settings)
    holder = holder_for(fw, profile, role, role_option="a ROLE")
    if holder.role is None:
        raise UsageError("no role to move from", "give ROLE (the profile names no role)")
    source = holder.role
    ranked = rank(fw, holder.levels, source, top=top)
    if fmt is OutputFormat.json:
        emit(settings, lambda _: rjson.neighbours(source, ranked))
    elif fmt is OutputFormat.markdown:
        emit(settings, lambda _: markdown.neighbours(fw, source, ranked))
    else:
        emit(settings, lambda color: table.neighbours(fw, source, ranked, color=color))
