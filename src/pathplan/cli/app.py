"""The command line: parse, call the core, render, and map errors to exit codes.

Heavy modules (networkx, pydantic models, rich tables) are imported inside the commands, so
`--help` and `--version` stay fast (PERFORMANCE.md).
"""

from __future__ import annotations

import functools
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from pathplan import __version__
from pathplan.errors import DataError, PathplanError, UsageError
from pathplan.render import OutputFormat

if TYPE_CHECKING:
    from pathplan.loader import Holder
    from pathplan.model import Framework

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="pathplan",
    help=(
        "Plan upskilling and reskilling: skill gaps, hours-optimal learning plans, and the "
        "cheapest route between roles.\n\n"
        "Example: [bold]pathplan route --from dev --to sales-eng[/bold]"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    add_completion=False,
)

DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="PATHPLAN_DATA",
        help="Framework folder with skills.yaml and roles.yaml [default: the bundled data].",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    OutputFormat | None,
    typer.Option("--format", "-f", help="Output format [default: table].", show_default=False),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to FILE (atomically) instead of stdout."),
]
NoColorOpt = Annotated[
    bool, typer.Option("--no-color", help="No colour (also when NO_COLOR is set or piped).")
]
ProfileOpt = Annotated[
    Path | None,
    typer.Option("--profile", "-p", help="Profile YAML: exactly the skills held, and the role."),
]


@dataclass
class Settings:
    """Options that may be given before or after the command; the later one wins."""

    data: Path | None = None
    fmt: OutputFormat | None = None
    output: Path | None = None
    no_color: bool = False


def _settings(ctx: typer.Context, data: Path | None, fmt: OutputFormat | None, output: Path | None, no_color: bool) -> Settings:
    base: Settings = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    return Settings(
        data=data or base.data,
        fmt=fmt or base.fmt,
        output=output or base.output,
        no_color=no_color or base.no_color,
    )


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pathplan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = None,
) -> None:
    ctx.obj = Settings(data, fmt, output, no_color)


def guarded(fn: F) -> F:
    """Turn pathplan errors into a message on stderr and their exit code; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PathplanError as e:
            _report(e)
        except KeyboardInterrupt:
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def _report(error: PathplanError) -> NoReturn:
    from pathplan.console import stderr_console

    console = stderr_console()
    if isinstance(error, DataError):
        for problem in error.problems:
            console.print(str(problem), markup=False)
    console.print(f"[bold red]error:[/] {error.message}", highlight=False)
    if error.hint:
        console.print(f"  [dim]hint:[/] {error.hint}", markup=True)
    raise typer.Exit(error.exit_code) from None


def bundled_data() -> Path:
    """The framework installed with the package (or, in a source checkout, the repo's data/)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent.parent / "data"):
        if (candidate / "roles.yaml").is_file():
            return candidate
    raise UsageError("the bundled framework is missing", "pass --data DIR or set PATHPLAN_DATA")


def _framework(settings: Settings) -> Framework:
    from pathplan.graph import load_framework

    data = settings.data or bundled_data()
    if not data.is_dir():
        raise UsageError(f"--data: '{data}' is not a folder", "it should hold skills.yaml and roles.yaml")
    return load_framework(data)


def _emit(settings: Settings, render: Callable[[bool], str]) -> None:
    """Print to stdout, or write --output atomically (a failed run leaves the old file alone)."""
    from pathplan.console import color_wanted

    if settings.output is None:
        sys.stdout.write(render(color_wanted(sys.stdout, settings.no_color)))
        sys.stdout.flush()
        return
    text = render(False)
    target = settings.output
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.", suffix=".tmp")
    except OSError as e:
        raise UsageError(f"--output: cannot write to '{target}': {e.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _holder(fw: Framework, profile: Path | None, start: str | None) -> Holder:
    """Who the plan is for: a profile's exact skills, or what holding role `start` means."""
    from pathplan.loader import Holder, load_profile
    from pathplan.planner import start_levels

    if profile is not None:
        holder = load_profile(profile, fw)
        if start is not None:
            holder = Holder(holder.levels, fw.role_id(start), holder.name, holder.hours_per_week)
        return holder
    if start is None:
        raise UsageError("say who the plan is for", "give --from ROLE or --profile FILE")
    rid = fw.role_id(start)
    return Holder(start_levels(fw, rid), rid, None, None)


@app.command(
    epilog="Examples:\n\n  pathplan gap --from dev --to sales-eng\n\n  pathplan gap --profile me.yaml --format json"
)
@guarded
def gap(
    ctx: typer.Context,
    start: Annotated[str | None, typer.Option("--from", help="Hold this role's skills.")] = None,
    to: Annotated[str | None, typer.Option("--to", help="Target role [default: the holder's role].")] = None,
    profile: ProfileOpt = None,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Show what a role asks that is not yet held, and the optimal plan to close it."""
    from pathplan import planner
    from pathplan.render import json as rjson
    from pathplan.render import table

    settings = _settings(ctx, data, fmt, output, no_color)
    fw = _framework(settings)
    holder = _holder(fw, profile, start)
    target = fw.role_id(to) if to else holder.role
    if target is None:
        raise UsageError("no target role", "give --to ROLE (the profile names no role)")
    result = planner.gap(fw, holder.levels, target)
    who = holder.name or (fw.roles[holder.role].name if holder.role else "you")
    if settings.fmt is OutputFormat.json:
        _emit(settings, lambda _: rjson.gap(result))
    else:
        _emit(settings, lambda color: table.gap(fw, result, who, color=color))


@app.command(
    epilog=(
        "Examples:\n\n  pathplan route --from dev --to sales-eng\n\n"
        "  pathplan route --profile me.yaml --to sre --direct --alternatives 2\n\n"
        "  pathplan route --from qa --to sales-eng --avoid support-eng --format json"
    )
)
@guarded
def route(
    ctx: typer.Context,
    start: Annotated[str | None, typer.Option("--from", help="Start role [default: the profile's role].")] = None,
    to: Annotated[str | None, typer.Option("--to", help="Target role.")] = None,
    profile: ProfileOpt = None,
    direct: Annotated[bool, typer.Option("--direct", help="Allow a move between any two roles, not only declared ones.")] = False,
    max_step: Annotated[float | None, typer.Option("--max-step", min=0, help="No single move over this many hours.")] = None,
    via: Annotated[list[str] | None, typer.Option("--via", help="Pass through this role (repeatable).")] = None,
    avoid: Annotated[list[str] | None, typer.Option("--avoid", help="Never pass through this role (repeatable).")] = None,
    alternatives: Annotated[int, typer.Option("--alternatives", "-k", min=0, help="Also list the next best K routes.")] = 0,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Find the route between roles that takes the fewest learning hours.

    A route's cost is the optimal plan to meet every role on it after the start (skills are never
    lost). Moves follow declared next/adjacent links, or any pair with --direct.
    """
    from pathplan import planner
    from pathplan.render import json as rjson
    from pathplan.render import table

    settings = _settings(ctx, data, fmt, output, no_color)
    if to is None:
        raise UsageError("missing option '--to'", "example: pathplan route --from dev --to sales-eng")
    fw = _framework(settings)
    holder = _holder(fw, profile, start)
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
    if settings.fmt is OutputFormat.json:
        _emit(settings, lambda _: rjson.routes(found, holder.role or "", target))
    else:
        _emit(settings, lambda color: table.routes(fw, found, color=color))


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

    settings = _settings(ctx, data, fmt, output, no_color)
    fw = _framework(settings)
    if settings.fmt is OutputFormat.json:
        _emit(settings, lambda _: rjson.roles(fw))
    else:
        _emit(settings, lambda color: table.roles(fw, color=color))


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

    settings = _settings(ctx, data, fmt, output, no_color)
    fw = _framework(settings)
    if settings.fmt is OutputFormat.json:
        _emit(settings, lambda _: rjson.skills(fw))
    else:
        _emit(settings, lambda color: table.skills(fw, color=color))


@app.command(epilog="Examples:\n\n  pathplan show sales-eng\n\n  pathplan show python --format json")
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

    settings = _settings(ctx, data, fmt, output, no_color)
    fw = _framework(settings)
    key = name.strip().lower()
    if key in fw.role_names:
        r = fw.roles[fw.role_names[key]]
        if settings.fmt is OutputFormat.json:
            _emit(settings, lambda _: rjson.dumps("role", rjson.role(r)))
        else:
            _emit(settings, lambda color: table.show_role(fw, r, color=color))
    elif key in fw.skill_names:
        s = fw.skills[fw.skill_names[key]]
        if settings.fmt is OutputFormat.json:
            _emit(settings, lambda _: rjson.dumps("skill", rjson.skill(s)))
        else:
            _emit(settings, lambda color: table.show_skill(fw, s, color=color))
    else:
        raise UnknownNameError("role or skill", name, [*fw.role_names, *fw.skill_names])


@app.command(epilog="Examples:\n\n  pathplan validate\n\n  pathplan validate --data ./framework --format json")
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

    settings = _settings(ctx, data, fmt, output, no_color)
    fw: Framework | None = None
    problems = []
    try:
        fw = _framework(settings)
    except DataError as e:
        problems = e.problems
    if settings.fmt is OutputFormat.json:
        _emit(settings, lambda _: rjson.problems(problems, fw))
    else:
        _emit(settings, lambda color: table.problems(problems, fw, color=color))
    if problems:
        raise typer.Exit(DataError.exit_code)


def main() -> None:
    """Console-script entry point."""
    app()
