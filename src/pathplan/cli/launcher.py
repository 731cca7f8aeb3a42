"""The console script: signals first, then a bare `--version` before importing the CLI framework."""

from __future__ import annotations

import signal
import sys

from pathplan.cli import signals


def main() -> None:
    """Run pathplan."""
    # Before any import that takes time: Ctrl-C in the first half second must end as cleanly
    # (exit 130, one line) as it does later on.
    signals.install()
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
    except BrokenPipeError:
        from pathplan.cli.output import EXIT_PIPE, silence

        silence(sys.stdout)
        sys.exit(EXIT_PIPE)
