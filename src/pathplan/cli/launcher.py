"""The console script: signals first, then a bare `--version` before importing the CLI framework."""

from __future__ import annotations

import atexit
import gc
import os
import signal
import sys
import threading
from typing import NoReturn

from pathplan.cli import signals

GC_THRESHOLD = 100_000  # allocations between young-generation collections (Python's default: 700)


def main() -> None:
    """Run pathplan."""
    # Before any import that takes time: Ctrl-C in the first half second must end as cleanly
    # (exit 130, one line) as it does later on.
    signals.install()
    # Starting up makes some 90,000 objects the collector tracks (typer, rich, pydantic,
    # networkx, the framework), most of which live to the end; at Python's default threshold it
    # runs about 130 times during `pathplan route`, rescanning them: some 40 ms, a tenth of the
    # command (docs/performance.md, "Start-up"). Collections still run, 140 times less often,
    # so a long batch still has its cycles collected.
    gc.set_threshold(GC_THRESHOLD)
    try:
        # `pathplan --version` is typed often and by scripts: it should cost a Python start-up,
        # not the ~100 ms of importing typer and rich.
        if sys.argv[1:] in (["--version"], ["-V"]):
            from pathplan.version import __version__

            sys.stdout.write(f"pathplan {__version__}\n")
            sys.stdout.flush()
            return
        from pathplan.cli.main import main as cli_main

        cli_main()
    except signals.Interrupted as e:
        signals.say(e.signum)
        sys.exit(signals.exit_code(e.signum))
    except KeyboardInterrupt:  # a Ctrl-C that came before the handler was in place
        signals.say(signal.SIGINT)
        sys.exit(signals.exit_code(signal.SIGINT))
    except RuntimeError as e:
        signum = signals.interruption(e)
        if signum is None:
            raise
        signals.say(signum)
        sys.exit(signals.exit_code(signum))
    except BrokenPipeError:
        from pathplan.cli.output import EXIT_PIPE, silence

        silence(sys.stdout)
        sys.exit(EXIT_PIPE)


def run() -> NoReturn:
    """The console script: `main`, then an exit that leaves the interpreter's teardown out."""
    try:
        main()
    except SystemExit as e:
        leave(e.code)
    leave(0)


def leave(code: str | int | None) -> NoReturn:
    """Exit with `code` as `sys.exit` would, without freeing every object one by one first.

    At the end of a 10,000-route batch the interpreter's teardown freed the plans it had kept
    for 0.45 s, a twentieth of the run (docs/performance.md, "Parallel batch"). Exit handlers
    still run and the output is flushed; with another thread alive, or an exit code that is not
    a number, Python exits as usual.
    """
    if not isinstance(code, int) or threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe, say: as Python would report it
        sys.exit(code)
    os._exit(code)
