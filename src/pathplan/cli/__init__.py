"""The command line: parse, call the core, render, and map errors to exit codes.

Each module registers its commands on the one Typer `app`; importing them here wires them up.
"""

from __future__ import annotations

from pathplan.cli import browse, plan, team
from pathplan.cli.app import app

__all__ = ["app", "browse", "main", "plan", "team"]


def main() -> None:
    """Console-script entry point."""
    app()
