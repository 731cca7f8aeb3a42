"""The Typer app, the global options (declared once, here), and the `command` decorator.

Every command takes the global options after its name as well as before it (`pathplan --data D
gap` and `pathplan gap --data D`); `command` adds them to each command's signature, so they are
declared once. Heavy modules (networkx, pydantic models, rich tables) are imported inside the
commands, so `--help` and `--version` stay fast (PERFORMANCE.md).
"""

from __future__ import annotations

import functools
import inspect
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pathplan.cli.output import CommandError, reported
from pathplan.cli.settings import Settings as Settings  # re-exported: commands import it from here
from pathplan.cli.usage import Group, flags_show_no_type, reflow
from pathplan.errors import InputPathError
from pathplan.render import OutputFormat
from pathplan.version import __version__

if TYPE_CHECKING:
    from pathplan.model import Framework

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
    cls=Group,
)
flags_show_no_type()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pathplan {__version__}")
        raise typer.Exit()


DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        metavar="DIR",
        envvar="PATHPLAN_DATA",
        help="Framework folder with skills.yaml and roles.yaml (default: the bundled data).",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        case_sensitive=False,
        help="Output format; each command's --help lists the ones it prints (any case).",
        show_default=False,
    ),
]


def format_option(formats: tuple[OutputFormat, ...]) -> Any:
    """The --format option of a command that prints `formats` (the first is its default)."""
    names = [f.value for f in formats]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            case_sensitive=False,
            help=f"Output format: {listed} (any case). Default: {names[0]}.",
            show_default=False,
            autocompletion=lambda incomplete: [n for n in names if n.startswith(incomplete)],
        ),
    ]


OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout."
    ),
]
NoColorOpt = Annotated[
    bool, typer.Option("--no-color", help="No colour (also when NO_COLOR is set or piped).")
]
NoPagerOpt = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Print long output straight to the terminal (PATHPLAN_PAGER or PAGER sets the pager).",
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        envvar="PATHPLAN_NO_CACHE",
        help="Read the framework afresh, without the cache (PATHPLAN_CACHE_DIR sets where).",
        show_envvar=False,
    ),
]
QuietOpt = Annotated[
    bool,
    typer.Option(
        "--quiet", "-q", help="Only the result and errors: no notes or progress on stderr."
    ),
]
VersionOpt = Annotated[
    bool | None,
    typer.Option(
        "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
    ),
]
ProfileOpt = Annotated[
    Path | None,
    typer.Option(
        "--profile",
        "-p",
        metavar="FILE",
        help="Profile YAML: exactly the skills held, and the role.",
    ),
]


def finite(value: float | None) -> float | None:
    """Option callback: a number of hours must be finite (Click reads "inf" and "nan")."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter("must be a finite number")
    return value


# The global options: parameter name -> (its annotation, its default). Order is help order.
GLOBAL_OPTIONS: dict[str, tuple[Any, Any]] = {
    "data": (DataOpt, None),
    "fmt": (FormatOpt, None),
    "output": (OutputOpt, None),
    "no_color": (NoColorOpt, False),
    "no_pager": (NoPagerOpt, False),
    "no_cache": (NoCacheOpt, False),
    "quiet": (QuietOpt, False),
    "version": (VersionOpt, None),
}
EVERY = tuple(GLOBAL_OPTIONS)
ALWAYS = ("quiet", "version")  # every command takes these, whatever else it takes


def settings_for(
    ctx: typer.Context,
    data: Path | None = None,
    fmt: OutputFormat | None = None,
    output: Path | None = None,
    no_color: bool = False,
    no_pager: bool = False,
    no_cache: bool = False,
    quiet: bool = False,
    version: bool | None = None,  # answered by its callback before any command runs
) -> Settings:
    """The app's settings with the options given after the command laid over them."""
    base: Settings = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    return Settings(
        data=data or base.data,
        fmt=fmt or base.fmt,
        output=output or base.output,
        no_color=no_color or base.no_color,
        no_cache=no_cache or base.no_cache,
        no_pager=no_pager or base.no_pager,
        quiet=quiet or base.quiet,
    )


def command(
    *,
    epilog: str | None = None,
    options: tuple[str, ...] = EVERY,
    on: typer.Typer | None = None,
    name: str | None = None,
    formats: tuple[OutputFormat, ...] | None = None,
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register a command whose first parameter is `settings: Settings`.

    The global `options` (names of GLOBAL_OPTIONS) are added to its signature after its own,
    and pathplan errors are reported on stderr with their exit code (never a traceback).
    `formats` are the output formats it prints: its --help lists just those, default first.
    """
    chosen = (*options, *(key for key in ALWAYS if key not in options))

    def decorate(fn: Callable[..., None]) -> Callable[..., None]:
        own = list(inspect.signature(fn, eval_str=True).parameters.values())[1:]
        ctx = inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD)
        added = [
            inspect.Parameter(
                key,
                inspect.Parameter.KEYWORD_ONLY,
                default=GLOBAL_OPTIONS[key][1],
                annotation=format_option(formats)
                if key == "fmt" and formats
                else GLOBAL_OPTIONS[key][0],
            )
            for key in chosen
        ]
        params = [ctx.replace(annotation=typer.Context), *own, *added]

        @functools.wraps(fn)
        def wrapper(ctx: typer.Context, **kwargs: Any) -> None:
            given = {key: kwargs.pop(key) for key in chosen}
            settings = settings_for(ctx, **given)
            with reported(as_json=settings.fmt is OutputFormat.json):
                fn(settings, **kwargs)

        wrapper.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in params}
        (on or app).command(name, epilog=epilog, help=reflow(fn.__doc__))(wrapper)
        return fn

    return decorate


def output_format(
    settings: Settings, command: str, allowed: tuple[OutputFormat, ...]
) -> OutputFormat:
    """The chosen format (default: the first allowed); CommandError if `command` cannot print it."""
    fmt = settings.fmt or allowed[0]
    if fmt not in allowed:
        names = ", ".join(f.value for f in allowed)
        raise CommandError(
            f"'{command}' cannot print --format {fmt.value}", f"choose one of: {names}"
        )
    return fmt


@app.callback()
def _main(
    ctx: typer.Context,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
    no_pager: NoPagerOpt = False,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    version: VersionOpt = None,
) -> None:
    ctx.obj = Settings(data, fmt, output, no_color, no_cache, no_pager, quiet)


def bundled_data() -> Path:
    """The framework installed with the package (or, in a source checkout, the repo's data/)."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "data", package.parents[1] / "data"):
        if (candidate / "roles.yaml").is_file():
            return candidate
    raise CommandError("the bundled framework is missing", "pass --data DIR or set PATHPLAN_DATA")


def bundled_file(relative: str) -> Path:
    """A file that ships with pathplan (installed beside the package, or in a source checkout)."""
    package = Path(__file__).resolve().parents[1]
    for base in (package, package.parents[1]):
        if (base / relative).is_file():
            return base / relative
    raise CommandError(f"'{relative}' is missing from this installation", "reinstall pathplan")


def framework_for(settings: Settings) -> Framework:
    """The framework the settings name (--data, else the bundled one), through the cache."""
    from pathplan.loader.framework import load_framework

    data = settings.data or bundled_data()
    if not data.is_dir():
        raise InputPathError(str(data), "not-folder" if data.exists() else "missing")
    return load_framework(data, cache_dir_for(settings), cache_secret=cache_secret())


def cache_secret() -> bytes:
    """The key that tags cache entries: PATHPLAN_CACHE_SECRET, empty without it.

    With a secret, only entries written by someone who knows it are used (docs/safety.md: a CI
    cache restored from a run that should not be trusted cannot change an answer).
    """
    return os.environ.get("PATHPLAN_CACHE_SECRET", "").encode()


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
