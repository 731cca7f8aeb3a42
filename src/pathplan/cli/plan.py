"""Planning commands: gap, route, adjacent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from pathplan.cli.app import (
    ProfileOpt,
    Settings,
    command,
    finite,
    framework_for,
    output_format,
)
from pathplan.cli.complete import role_names
from pathplan.cli.gates import MaxHoursOpt, MinCoverageOpt, enforce, limits
from pathplan.cli.output import FLAGS, CommandError, emit, search_status
from pathplan.render import NEIGHBOUR_FORMATS, PLAN_FORMATS

if TYPE_CHECKING:
    from pathlib import Path

    from pathplan.model import Framework, Holder
    from pathplan.planner.budget import Budget
    from pathplan.planner.results import RouteResult, Step
    from pathplan.planner.schedule import Schedule

# The range of a profile's hours_per_week (model.MIN_HOURS_PER_WEEK, MAX_HOURS_PER_WEEK; a test
# holds them equal): the model is not imported here, so that --help stays fast.
HoursPerWeekOpt = Annotated[
    float | None,
    typer.Option(
        "--hours-per-week",
        min=0.1,
        metavar="H",
        max=168,
        callback=finite,
        help="Schedule the plan at this many hours a week, 0.1 to 168 (default: the profile's).",
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


StartRoleOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="Start role (default: the profile's role).",
        metavar="ROLE",
        autocompletion=role_names,
    ),
]
TargetRoleOpt = Annotated[
    str | None,
    typer.Option("--to", help="Target role.", metavar="ROLE", autocompletion=role_names),
]
DirectOpt = Annotated[
    bool,
    typer.Option(
        "--direct",
        help="Also allow the direct move, and moves to related roles (similar work at a close "
        "level), not only declared ones.",
    ),
]
MaxStepOpt = Annotated[
    float | None,
    typer.Option(
        "--max-step", min=0, callback=finite, metavar="H", help="No single move over H hours."
    ),
]
ViaOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--via",
        help="Pass through this role (repeatable).",
        metavar="ROLE",
        autocompletion=role_names,
    ),
]
AvoidOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--avoid",
        help="Never pass through this role (repeatable).",
        metavar="ROLE",
        autocompletion=role_names,
    ),
]
AlternativesOpt = Annotated[
    int,
    typer.Option(
        "--alternatives",
        "-k",
        min=0,
        metavar="K",
        help="Also list the next best K routes (each differs in a role that costs hours).",
    ),
]


def _schedule(
    holder: Holder,
    hours_per_week: float | None,
    start: str | None,
    steps: list[Step],
    moves: list[int],
) -> Schedule | None:
    """The schedule asked for, if any: hours per week from the option or the profile."""
    from pathplan.planner.schedule import schedule

    per_week = hours_per_week or holder.hours_per_week
    if per_week is None:
        if start is not None:
            raise CommandError("--start needs a pace", "add --hours-per-week H")
        return None
    try:
        first = date.fromisoformat(start) if start else date.today()
    except ValueError:
        raise CommandError(
            f"--start: '{start}' is not a date", "use YYYY-MM-DD, e.g. 2027-01-04"
        ) from None
    return schedule(steps, per_week, first, moves)


# The planner's DEFAULT_BUDGET, written out so --help imports no planner (a test keeps them equal).
DEFAULT_SECONDS = 20.0
DEFAULT_MIB = 512.0
TimeLimitOpt = Annotated[
    float,
    typer.Option(
        "--time-limit",
        min=0.1,
        metavar="SECONDS",
        help="Stop the search after this many seconds, with the best answer found so far.",
    ),
]
MemoryLimitOpt = Annotated[
    float,
    typer.Option(
        "--memory-limit",
        min=1,
        metavar="MIB",
        help="Stop the search once it has added this many MiB of memory, likewise.",
    ),
]


def _budget(seconds: float, mib: float) -> Budget:
    from pathplan.planner.budget import Budget

    return Budget(seconds, mib)


@dataclass(frozen=True)
class _Ways:
    """What a route may pass: the route command's options, ids resolved."""

    direct: bool
    max_step: float | None
    via: list[str]
    avoid: list[str]
    alternatives: int


def _route(
    settings: Settings, fw: Framework, holder: Holder, target: str, ways: _Ways, budget: Budget
) -> RouteResult:
    """The routes asked for, with the search's progress on stderr when it is a terminal."""
    from pathplan.planner.route import route

    assert holder.role is not None
    with search_status(settings.no_color) as progress:
        return route(
            fw,
            holder.levels,
            holder.role,
            target,
            direct=ways.direct,
            max_step=ways.max_step,
            via=ways.via,
            avoid=ways.avoid,
            alternatives=ways.alternatives,
            budget=budget,
            progress=progress,
        )


def holder_for(
    fw: Framework, profile: Path | None, start: str | None, role_option: str = "--from ROLE"
) -> Holder:
    """Who the plan is for: a profile's exact skills, or what holding role `start` means."""
    from pathplan.planner.plan import holder

    if profile is None and start is None:
        raise CommandError("say who the plan is for", f"give {role_option} or --profile FILE")
    return holder(fw, profile, start)


def _gantt_needs_schedule(gantt: bool, plan: Schedule | None) -> None:
    if gantt and plan is None:
        raise CommandError("--gantt draws a schedule", "add --hours-per-week H (and --start DATE)")


@command(
    formats=PLAN_FORMATS,
    epilog=(
        "Examples:\n\n  pathplan gap --from dev --to sales-eng\n\n"
        "  pathplan gap --profile me.yaml --format json\n\n"
        "  pathplan gap --from dev --to dev-senior --hours-per-week 5 --start 2027-01-04\n\n"
        "  pathplan gap --from dev --to sre --max-hours 300 --min-coverage 50%"
    ),
)
def gap(
    settings: Settings,
    start: Annotated[
        str | None,
        typer.Option(
            "--from", help="Hold this role's skills.", metavar="ROLE", autocompletion=role_names
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="Target role (default: the holder's role).",
            metavar="ROLE",
            autocompletion=role_names,
        ),
    ] = None,
    profile: ProfileOpt = None,
    hours_per_week: HoursPerWeekOpt = None,
    start_date: StartOpt = None,
    gantt: GanttOpt = False,
    max_hours: MaxHoursOpt = None,
    min_coverage: MinCoverageOpt = None,
    time_limit: TimeLimitOpt = DEFAULT_SECONDS,
    memory_limit: MemoryLimitOpt = DEFAULT_MIB,
) -> None:
    """Show what a role asks that is not yet held, and the optimal plan to close it.

    With --hours-per-week (or a profile's hours_per_week) each step gets weeks and dates. The
    search for the optimal plan stops at --time-limit and --memory-limit with the best plan
    found so far and the least any plan can take.
    """
    from pathplan.planner.gates import check, verdicts
    from pathplan.planner.plan import gap
    from pathplan.render import dispatch

    fmt = output_format(settings, "gap", PLAN_FORMATS)
    fw = framework_for(settings)
    holder = holder_for(fw, profile, start)
    target = fw.role_id(to) if to else holder.role
    if target is None:
        raise CommandError("no target role", "give --to ROLE (the profile names no role)")
    with search_status(settings.no_color) as progress:
        budget = _budget(time_limit, memory_limit)
        result = gap(fw, holder.levels, target, budget=budget, progress=progress)
    steps = list(result.plan.steps)
    plan = _schedule(holder, hours_per_week, start_date, steps, [1] * len(steps))
    _gantt_needs_schedule(gantt, plan)
    who = holder.name or (fw.roles[holder.role].name if holder.role else "you")
    gate = limits(max_hours, min_coverage)
    outcome = verdicts(gate, hours=result.plan.hours, coverage=result.coverage)
    view = dispatch.gap(fmt, fw, result, who, plan, names=FLAGS, gantt=gantt, verdicts=outcome)
    emit(settings, view)
    enforce(check(gate, hours=result.plan.hours, coverage=result.coverage), f"gap to {target}")


@command(
    formats=PLAN_FORMATS,
    epilog=(
        "Examples:\n\n  pathplan route --from dev --to sales-eng\n\n"
        "  pathplan route --profile me.yaml --to sre --direct --alternatives 2\n\n"
        "  pathplan route --from qa --to sales-eng --avoid support-eng --format json\n\n"
        "  pathplan route --from dev --to sales-eng --max-step 550\n\n"
        "  pathplan route --from dev --to se --hours-per-week 6 --format mermaid --gantt\n\n"
        "  pathplan route --from dev --to sre --max-hours 500   # exit 1 if over"
    ),
)
def route(
    settings: Settings,
    start: StartRoleOpt = None,
    to: TargetRoleOpt = None,
    profile: ProfileOpt = None,
    direct: DirectOpt = False,
    max_step: MaxStepOpt = None,
    via: ViaOpt = None,
    avoid: AvoidOpt = None,
    alternatives: AlternativesOpt = 0,
    hours_per_week: HoursPerWeekOpt = None,
    start_date: StartOpt = None,
    gantt: GanttOpt = False,
    max_hours: MaxHoursOpt = None,
    min_coverage: MinCoverageOpt = None,
    time_limit: TimeLimitOpt = DEFAULT_SECONDS,
    memory_limit: MemoryLimitOpt = DEFAULT_MIB,
) -> None:
    """Find the route between roles that takes the fewest learning hours.

    A route's cost is the optimal plan to meet every role on it after the start (skills are never
    lost). Moves follow declared next/adjacent links; --direct also allows the direct move and
    moves to related roles (similar work at a close level: docs/routes.md), so with --max-step
    pathplan finds stepping-stone roles among related ones. The search stops at --time-limit
    and --memory-limit with the best route found so far. Gates look at the best route's hours,
    and at the start holder's coverage of the target role.
    """
    from pathplan.planner.gates import check, verdicts
    from pathplan.planner.plan import gap
    from pathplan.render import dispatch

    fmt = output_format(settings, "route", PLAN_FORMATS)
    if to is None:
        raise CommandError(
            "missing option '--to'", "example: pathplan route --from dev --to sales-eng"
        )
    fw = framework_for(settings)
    holder = holder_for(fw, profile, start)
    if holder.role is None:
        raise CommandError("no start role", "give --from ROLE (the profile names no role)")
    target = fw.role_id(to)
    ways = _Ways(
        direct,
        max_step,
        [fw.role_id(v) for v in via or []],
        [fw.role_id(a) for a in avoid or []],
        alternatives,
    )
    result = _route(settings, fw, holder, target, ways, _budget(time_limit, memory_limit))
    best = result.best
    steps = [s for m in best.moves for s in m.steps]
    numbers = [i for i, m in enumerate(best.moves, 1) for _ in m.steps]
    plan = _schedule(holder, hours_per_week, start_date, steps, numbers)
    _gantt_needs_schedule(gantt, plan)
    gate = limits(max_hours, min_coverage)
    coverage = None if gate.min_coverage is None else gap(fw, holder.levels, target).coverage
    outcome = verdicts(gate, hours=best.hours, coverage=coverage)
    emit(
        settings,
        dispatch.routes(
            fmt, fw, result, plan, FLAGS, gantt=gantt, verdicts=outcome, who=holder.name
        ),
    )
    enforce(check(gate, hours=best.hours, coverage=coverage), f"route to {target}")


@command(
    formats=NEIGHBOUR_FORMATS,
    epilog=(
        "Examples:\n\n  pathplan adjacent dev\n\n"
        "  pathplan adjacent qa --top 5 --format json\n\n"
        "  pathplan adjacent --profile me.yaml"
    ),
)
def adjacent(
    settings: Settings,
    role: Annotated[
        str | None,
        typer.Argument(
            help="The role to move from (default: the profile's role).",
            metavar="ROLE",
            autocompletion=role_names,
        ),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", "-n", min=1, metavar="N", help="How many roles to list.")
    ] = 10,
    profile: ProfileOpt = None,
) -> None:
    """Rank realistic next roles by how alike their work is to this role's.

    score = similarity + 0.1 x level fit. Similarity (0..1) is a weighted mean of the parts both
    roles have data for: skills (what the roles ask: how close all their ratings are on
    imported O*NET, else the overlap of requirement levels; weight 3), and the overlap of work
    activities, title and description words, and technology (weight 1 each). Level fit is 1
    for the same seniority or job zone, 0.5 one apart, else 0. Hours to close are shown and
    only break ties (scores equal to two decimals). Declared next/adjacent moves are marked;
    roles already met below the source's level are left out. --format json lists every part.
    """
    from pathplan.planner.adjacent import adjacent as rank
    from pathplan.render import dispatch

    fmt = output_format(settings, "adjacent", NEIGHBOUR_FORMATS)
    fw = framework_for(settings)
    holder = holder_for(fw, profile, role, role_option="a ROLE")
    if holder.role is None:
        raise CommandError("no role to move from", "give ROLE (the profile names no role)")
    source = holder.role
    ranked = rank(fw, holder.levels, source, top=top)
    emit(settings, dispatch.neighbours(fmt, fw, source, ranked, holder.name))
