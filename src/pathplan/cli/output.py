"""Where the command line meets the terminal: consoles, --output, progress, and errors.

This is the only place that maps error classes to words for the command line (naming its
flags) and to exit codes: 0 ok, 1 no route or a gate crossed, 2 usage, 3 invalid data; and for
what is not the data's fault: 74 output that could not be written (a full disk), 141 stdout
closed by its reader (`| head`), 130 Ctrl-C, 143 SIGTERM.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn, TextIO

import typer

from pathplan.cli import signals
from pathplan.errors import DataError, NoRouteError, PathplanError, Problem, UsageError
from pathplan.render.text import Screen

if TYPE_CHECKING:
    from rich.console import Console

    from pathplan.cli.settings import Settings
    from pathplan.planner.budget import Progress as SearchProgress
    from pathplan.render.dispatch import Render

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
    "force": "--force",
    "roster": "--roster FILE",
    "start": "--start",
    "pace": "--hours-per-week",
    "time_limit": "--time-limit SECONDS",
    "memory_limit": "--memory-limit MIB",
}

# Exit codes by error class; the first class an error is an instance of wins.
EXIT_CODES: tuple[tuple[type[PathplanError], int], ...] = (
    (DataError, 3),
    (UsageError, 2),
    (NoRouteError, 1),
)


EXIT_OUTPUT = 74  # EX_IOERR (sysexits.h): the output could not be written
EXIT_PIPE = 141  # 128 + SIGPIPE: what `cat` and `yes` exit with when `head` stops reading

# Why opening an output path failed, when that is the path's fault (a usage error, exit 2)
# rather than the disk's (exit 74).
_PATH_ERRORS = {
    errno.ENOENT,
    errno.ENOTDIR,
    errno.EACCES,
    errno.EPERM,
    errno.EROFS,
    errno.EISDIR,
    errno.ELOOP,
    errno.ENAMETOOLONG,
    errno.ENXIO,
}


class CommandError(UsageError):
    """A bad option or argument, found by the command line itself and worded here."""


class OutputError(Exception):
    """The output could not be written to `path` (None: stdout), for the system's `reason`."""

    def __init__(self, path: str | None, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason


def exit_code(error: PathplanError) -> int:
    """The exit code for `error`."""
    return next((code for cls, code in EXIT_CODES if isinstance(error, cls)), 1)


def color_wanted(stream: TextIO, no_color: bool) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set or --no-color given."""
    return not no_color and "NO_COLOR" not in os.environ and stream.isatty()


def stderr_console(no_color: bool = False) -> Console:
    """The console for diagnostics.

    No emoji codes and no highlighting: `roles.yaml:100:3:` must print as written, not with
    ":100:" turned into an emoji.
    """
    from rich.console import Console

    return Console(
        stderr=True,
        no_color=not color_wanted(sys.stderr, no_color),
        highlight=False,
        emoji=False,
    )


@contextmanager
def reported(as_json: bool = False) -> Iterator[None]:
    """Turn every way a command can end badly into a line on stderr and an exit code.

    Never a traceback: pathplan errors get their words and code; an output that cannot be
    written, a closed stdout, Ctrl-C and SIGTERM get theirs (see the module's docstring).
    `as_json` (the command was asked for --format json): a pathplan error is also printed on
    stdout as one JSON object, so a script reading stdout learns what went wrong.
    """
    try:
        yield
    except PathplanError as e:
        report(e, as_json)
    except OutputError as e:
        where = "the output" if e.path is None else f"'{e.path}'"
        _say(f"[bold red]error:[/] cannot write {inert(where)}: {inert(e.reason)}")
        silence(sys.stdout)
        raise typer.Exit(EXIT_OUTPUT) from None
    except BrokenPipeError:
        # The reader went away (`pathplan skills | head -1`): stop quietly, as `cat` does.
        silence(sys.stdout)
        raise typer.Exit(EXIT_PIPE) from None
    except signals.Interrupted as e:
        signals.say(e.signum)
        raise typer.Exit(signals.exit_code(e.signum)) from None
    except KeyboardInterrupt:
        signals.say(signal.SIGINT)
        raise typer.Exit(signals.exit_code(signal.SIGINT)) from None
    except RuntimeError as e:
        signum = signals.interruption(e)
        if signum is None:
            raise
        signals.say(signum)
        raise typer.Exit(signals.exit_code(signum)) from None


def report(error: PathplanError, as_json: bool = False) -> NoReturn:
    """Say what went wrong on stderr, in the command line's words, and exit with its code.

    With `as_json`, stdout also gets the error as one JSON object (`kind: error`).
    """
    from pathplan.render.text import explain, problem_text

    problems = error.problems if isinstance(error, DataError) else []
    message, hint = explain(error, FLAGS)
    code = exit_code(error)
    if as_json:
        error_json(code, message, hint, problems)
    for problem in problems:
        _say(problem_text(problem), markup=False)
    say_error(message, hint)
    raise typer.Exit(code) from None


def say_error(message: str, hint: str | None) -> None:
    """`error: message` on stderr, and `hint: ...` under it: the one style of every error."""
    _say(f"[bold red]error:[/] {inert(message)}")
    if hint:
        _say(f"  [dim]hint:[/] {inert(hint)}")


def error_json(code: int, message: str, hint: str | None, problems: Sequence[Problem] = ()) -> None:
    """The error as one JSON object on stdout, for scripts that asked for --format json."""
    from pathplan.render.json import error

    try:
        _to_stdout(error(code, message, hint, problems))
    except (OutputError, BrokenPipeError):
        silence(sys.stdout)  # the words on stderr and the exit code still tell


def note(settings: Settings, text: str) -> None:
    """A note on stderr for the person at the terminal (not data; none with --quiet)."""
    if not settings.quiet:
        _say(f"[dim]{inert(text)}[/]")


def inert(text: str) -> str:
    """Text for a rich console line that shows as written: printable, markup escaped."""
    from rich.markup import escape

    from pathplan.render.text import printable

    return escape(printable(text))


def _say(text: str, *, markup: bool = True) -> None:
    """One line on stderr; if stderr itself cannot be written, the exit code still tells."""
    if not markup:
        from pathplan.render.text import printable

        text = printable(text)
    try:
        stderr_console().print(text, markup=markup, soft_wrap=True)
    except OSError:
        silence(sys.stderr)


def silence(stream: IO[Any]) -> None:
    """Point a standard stream that failed at /dev/null, so that exiting does not fail again.

    Python flushes stdout and stderr on the way out; on a closed pipe or a full disk that
    flush would print "Exception ignored ..." after our own message.
    """
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):  # not a real file (tests capture it)
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except OSError:
        pass


def emit(settings: Settings, render: Render) -> None:
    """Print to stdout (through a pager when long, on a terminal), or write --output.

    On a terminal, text is laid out for its width and coloured (unless told not to); piped or
    written to a file it is plain and laid out the same on every machine. `--output -` is
    stdout; any other --output is written as `write_output` says.
    """
    target = settings.output
    if target is not None and str(target) != "-":
        write_output(target, render(Screen()))
        return
    screen = terminal_screen(sys.stdout, settings.no_color)
    text = render(screen)
    if screen.width is not None and not settings.no_pager and _taller_than_terminal(text):
        from pathplan.cli.pager import pager_command, show

        command = pager_command()
        if command is not None and show(text, command):
            return
    _to_stdout(text)


def stream(settings: Settings, pieces: Iterable[str]) -> None:
    """Write text as it comes, to --output (atomically, as `write_output`) or to stdout.

    For output too long to hold (a batch's JSON Lines): never paged, each piece written and
    flushed as it is ready, so a reader of the pipe sees results while the rest are planned.
    """
    target = settings.output
    if target is not None and str(target) != "-":
        write_output(target, pieces)
        return
    for piece in pieces:
        _to_stdout(piece)


def terminal_screen(stream: TextIO, no_color: bool) -> Screen:
    """The screen `stream` shows: a terminal's width and colour, or plain text when piped."""
    if not stream.isatty():
        return Screen()
    # COLUMNS first (a user or a test may pin it), then the terminal's own size.
    return Screen(color_wanted(stream, no_color), shutil.get_terminal_size().columns)


def _taller_than_terminal(text: str) -> bool:
    return text.count("\n") >= shutil.get_terminal_size().lines - 1


def _to_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as e:
        raise OutputError(None, e.strerror or str(e)) from None


def write_output(target: Path, text: str | Iterable[str]) -> None:
    """Write --output the way what is at `target` asks for; `text` whole or in pieces.

    - A regular file, or none yet: replaced atomically (a failed or killed run leaves the old
      file as it was), keeping its permissions; through a symlink, the file it points to.
    - A device, FIFO or pipe (`/dev/null`, `>(wc -c)`, a named pipe): written in place, never
      replaced; so is a path through /proc or /dev/fd (`/dev/stdout`), appended to, which
      keeps `-o /dev/stdout >> log` from clobbering the log.
    - A folder: refused.
    """
    pieces = [text] if isinstance(text, str) else text
    data = (piece.encode("utf-8") for piece in pieces)
    try:
        final, through_proc = _follow(target)
        found: os.stat_result | None = target.stat()
    except FileNotFoundError:
        found = None
    except OSError as e:
        raise CommandError(f"--output: cannot write to '{target}': {e.strerror}") from None
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise CommandError(f"--output: '{target}' is a folder", "give a file name")
    if found is not None and (through_proc or not stat.S_ISREG(found.st_mode)):
        _write_in_place(target, pieces, data, found)
        return
    from pathplan.loader.files import write_atomic

    try:
        write_atomic(final, data, stat.S_IMODE(found.st_mode) if found else None)
    except OSError as e:
        raise _output_error(target, e) from None


def _write_in_place(
    target: Path, text: Iterable[str], data: Iterable[bytes], found: os.stat_result
) -> None:
    if _is_stdout(found):
        for piece in text:
            _to_stdout(piece)  # -o /dev/stdout: our own stdout, however it was opened
        return
    try:
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as e:
        raise _output_error(target, e) from None
    try:
        for chunk in data:
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view) :]
    except BrokenPipeError:
        raise
    except OSError as e:
        raise _output_error(target, e) from None
    finally:
        os.close(fd)


def _is_stdout(found: os.stat_result) -> bool:
    try:
        own = os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return (own.st_dev, own.st_ino) == (found.st_dev, found.st_ino)


def _output_error(target: Path, error: OSError) -> Exception:
    reason = error.strerror or str(error)
    if error.errno in _PATH_ERRORS:
        return CommandError(f"--output: cannot write to '{target}': {reason}")
    return OutputError(str(target), reason)


def _follow(path: Path) -> tuple[Path, bool]:
    """Where a write to `path` lands with its symlinks followed, and whether through /proc.

    /dev/stdout and /dev/fd/N lead into /proc (on Linux): "magic" links to whatever a file
    descriptor is open on, which must be written through, never replaced.
    """
    current = Path.cwd() / path  # absolute, with no link resolved yet
    for _ in range(40):  # the kernel's own limit on links followed
        parent = Path(os.path.realpath(current.parent))
        current = parent / current.name
        if parent.parts[:2] == ("/", "proc"):
            return current, True
        try:
            link = current.readlink()
        except OSError:  # not a link, or not there
            return current, False
        current = parent / link
    raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path))


# (label, done, total): a stage's progress; a new label starts a new stage.
Progress = Callable[[str, int, int], None]


@contextmanager
def progress(no_color: bool = False, quiet: bool = False) -> Iterator[Progress | None]:
    """A progress bar on stderr when it is a terminal; None otherwise (logs stay clean)."""
    if quiet or not sys.stderr.isatty():
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


@contextmanager
def search_status(no_color: bool = False) -> Iterator[Callable[[SearchProgress], None] | None]:
    """A one-line status of a long search on stderr when it is a terminal; None otherwise.

    The planner reports a few times a second (what it has looked at, the best answer so far, the
    least any answer can cost); the line is gone once the search ends.
    """
    if not sys.stderr.isatty():
        yield None
        return
    from rich.status import Status

    from pathplan.render.text import hours

    with Status("searching…", console=stderr_console(no_color)) as status:

        def report(p: SearchProgress) -> None:
            what = "routes" if p.search == "route" else "plans"
            parts = [f"searching {what}: {p.explored:,} weighed, {p.elapsed:.0f} s"]
            if p.best is not None:
                parts.append(f"best so far {hours(p.best)} h")
            if p.bound is not None:
                parts.append(f"none below {hours(p.bound)} h")
            status.update(", ".join(parts))

        yield report
