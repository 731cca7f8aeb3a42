"""The Typer app, its shared options, and the plumbing every command uses.

Heavy modules (networkx, pydantic models, rich tables) are imported inside the commands, so
`--help` and `--version` stay fast (PERFORMANCE.md).
"""

from __future__ import annotations

import functools
import os
import stat
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
    from pathplan.model import Framework, Holder

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
        help="Framework folder with skills.yaml and roles.yaml (default: the bundled data).",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    OutputFormat | None,
    typer.Option("--format", "-f", help="Output format (default: table).", show_default=False),
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
    no_cache: bool = False


def settings_for(
    ctx: typer.Context,
    data: Path | None,
    fmt: OutputFormat | None,
    output: Path | None,
    no_color: bool,
) -> Settings:
    base: Settings = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    return Settings(
        data=data or base.data,
        fmt=fmt or base.fmt,
        output=output or base.output,
        no_color=no_color or base.no_color,
        no_cache=base.no_cache,
    )


def output_format(
    settings: Settings, command: str, allowed: tuple[OutputFormat, ...]
) -> OutputFormat:
    """The chosen format (default: the first allowed); UsageError if `command` cannot print it."""
    fmt = settings.fmt or allowed[0]
    if fmt not in allowed:
        names = ", ".join(f.value for f in allowed)
        raise UsageError(
            f"'{command}' cannot print --format {fmt.value}", f"choose one of: {names}"
        )
    return fmt


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
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            envvar="PATHPLAN_NO_CACHE",
            help="Read the framework afresh, without the cache (PATHPLAN_CACHE_DIR sets where).",
        ),
    ] = False,
    version: Annotated[
        bool | None,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = None,
) -> None:
    ctx.obj = Settings(data, fmt, output, no_color, no_cache)


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
    from rich.markup import escape

    from pathplan.console import stderr_console

    console = stderr_console()
    if isinstance(error, DataError):
        for problem in error.problems:
            console.print(str(problem), markup=False, soft_wrap=True)
    console.print(f"[bold red]error:[/] {escape(error.message)}", soft_wrap=True)
    if error.hint:
        console.print(f"  [dim]hint:[/] {escape(error.hint)}", soft_wrap=True)
    raise typer.Exit(error.exit_code) from None


def bundled_data() -> Path:
    """The framework installed with the package (or, in a source checkout, the repo's data/)."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "data", package.parents[1] / "data"):
        if (candidate / "roles.yaml").is_file():
            return candidate
    raise UsageError("the bundled framework is missing", "pass --data DIR or set PATHPLAN_DATA")


def framework_for(settings: Settings) -> Framework:
    from pathplan.graph import load_framework

    data = settings.data or bundled_data()
    if not data.is_dir():
        raise UsageError(
            f"--data: '{data}' is not a folder", "it should hold skills.yaml and roles.yaml"
        )
    return load_framework(data, cache_dir_for(settings))


def cache_dir_for(settings: Settings) -> Path | None:
    """Where parsed frameworks are cached: PATHPLAN_CACHE_DIR, else the XDG cache folder."""
    if settings.no_cache:
        return None
    chosen = os.environ.get("PATHPLAN_CACHE_DIR")
    if chosen:
        return Path(chosen).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    # The XDG spec says a relative XDG_CACHE_HOME is invalid and to be ignored.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "pathplan"


def emit(settings: Settings, render: Callable[[bool], str]) -> None:
    """Print to stdout, or write --output atomically (a failed run leaves the old file alone)."""
    from pathplan.console import color_wanted

    if settings.output is None:
        sys.stdout.write(render(color_wanted(sys.stdout, settings.no_color)))
        sys.stdout.flush()
        return
    text = render(False)
    target = settings.output
    try:
        fd, tmp = tempfile.mkstemp(
            dir=target.parent or Path(), prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as e:
        raise UsageError(f"--output: cannot write to '{target}': {e.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        Path(tmp).chmod(_file_mode(target))  # mkstemp makes 0600; a report should not be private
        Path(tmp).replace(target)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError):  # e.g. --output names a folder: a usage error, not a crash
            raise UsageError(f"--output: cannot write to '{target}': {e.strerror or e}") from None
        raise


def _file_mode(target: Path) -> int:
    """The mode of the file being replaced, or what a new file gets under the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def holder_for(
    fw: Framework, profile: Path | None, start: str | None, role_option: str = "--from ROLE"
) -> Holder:
    """Who the plan is for: a profile's exact skills, or what holding role `start` means."""
    from pathplan.model import Holder
    from pathplan.planner import start_levels

    if profile is not None:
        from pathplan.loader import load_profile  # YAML only when there is a file to read

        holder = load_profile(profile, fw)
        if start is not None:
            holder = Holder(holder.levels, fw.role_id(start), holder.name, holder.hours_per_week)
        return holder
    if start is None:
        raise UsageError("say who the plan is for", f"give {role_option} or --profile FILE")
    rid = fw.role_id(start)
    return Holder(start_levels(fw, rid), rid, None, None)
