"""The console script: answers a bare `--version` before importing the CLI framework."""

from __future__ import annotations

import sys


def main() -> None:
    """Run pathplan."""
    # `pathplan --version` is typed often and by scripts: it should cost a Python start-up,
    # not the ~100 ms of importing typer and rich.
    if sys.argv[1:] == ["--version"]:
        from pathplan import __version__

        sys.stdout.write(f"pathplan {__version__}\n")
        return
    from pathplan.cli.main import main as cli_main

    cli_main()
