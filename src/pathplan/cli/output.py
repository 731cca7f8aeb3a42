"""Where the command line meets the terminal: consoles, --output, progress, and errors.

This is the only place that maps error classes to words for the command line (naming its
flags) and to exit codes: 0 ok, 1 no route or a gate crossed, 2 usage, 3 invalid data.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

import typer

from pathplan.errors import DataError, NoRouteError, PathplanError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from pathplan.cli.app import Settings

# How the command line names the options of a request (see `pathplan.render.text.explain`).
FLAGS = {
    "via": "--via",
    "avoid": "--avoid",
    "max_step": "--max-step",
    "direct_on": "add --direct",
    "from": "--from ROLE",
    "to": "--to ROLE",
    "profile": "--profile FILE",
    "request": "plan",
    "roster_format": "--roster-format",
}

# Exit codes by error class; the first class an error is an instance of wins.
EXIT_CODES: tuple[tuple[type[PathplanError], int], ...] = (
    (DataError, 3),
    (UsageError, 2),
    (NoRouteError, 1),
)


class CommandError(UsageError):
    """A bad option or argument, found by the command line itself and worded here."""


def exit_code(error: PathplanError) -> int:
    """The exit code for `error`."""
    return next((code for cls, code in EXIT_CODES if isinstance(error, cls)), 1)


def color_wanted(stream: TextIO, no_color: bool) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set or --no-color given."""
    return not no_color and "NO_COLOR" not in os.environ and stream.isatty()


def stderr_console(no_color: bool = False) -> Console:
    """The console for diagnostics."""
    from rich.console import Console

    return Console(stderr=True, no_color=not color_wanted(sys.stderr, no_color), highlight=False)


@contextmanager
def reported() -> Iterator[None]:
    """Turn pathplan errors into a message on stderr and their exit code; never a traceback."""
    try:
        yield
    except PathplanError as e:
        report(e)
    except KeyboardInterrupt:
        raise typer.Exit(130) from None


def report(error: PathplanError) -> NoReturn:
    """Say what went wrong on stderr, in the command line's words, and exit with its code."""
    from rich.markup import escape

    from pathplan.render.text import explain, problem_text

    console = stderr_console()
    if isinstance(error, DataError):
        for problem in error.problems:
            console.print(problem_text(problem), markup=False, soft_wrap=True)
    message, hint = explain(error, FLAGS)
    console.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    if hint:
        console.print(f"  [dim]hint:[/] {escape(hint)}", soft_wrap=True)
    raise typer.Exit(exit_code(error)) from None


def emit(settings: Settings, render: Callable[[bool], str]) -> None:
    """Print to stdout, or write --output atomically (a failed run leaves the old file alone)."""
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
        raise CommandError(f"--output: cannot write to '{target}': {e.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        Path(tmp).chmod(_file_mode(target))  # mkstemp makes 0600; a report should not be private
        Path(tmp).replace(target)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError):  # e.g. --output names a folder: a usage error, not a crash
            raise CommandError(f"--output: cannot write to '{target}': {e.strerror or e}") from None
        raise


def _file_mode(target: Path) -> int:
    """The mode of the file being replaced, or what a new file gets under the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# (label, done, total): a stage's progress; a new label starts a new stage.
Progress = Callable[[str, int, int], None]


@contextmanager
def progress(no_color: bool = False) -> Iterator[Progress | None]:
    """A progress bar on stderr when it is a terminal; None otherwise (logs stay clean)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    tasks: dict[str, TaskID] = {}
    with Progress(
        TextColumn("{task.description:<36}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=stderr_console(no_color),
        transient=True,
    ) as bar:

        def report(label: str, done: int, total: int) -> None:
            if label not in tasks:
                for task in tasks.values():  # a new stage: the earlier ones are done
                    bar.update(task, completed=bar.tasks[task].total)
                tasks[label] = bar.add_task(label, total=total or None)
            bar.update(tasks[label], completed=done, total=total or None)

        yield report
