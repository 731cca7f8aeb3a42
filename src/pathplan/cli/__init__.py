"""The command line: parse, call the core, render, and map errors to exit codes.

Each module registers its commands on the one Typer `app`; importing them here wires them up.
"""

from __future__ import annotations

from pathplan.cli import browse, importers, plan
from pathplan.cli.app import app

__all__ = ["app", "browse", "importers", "main", "plan"]


def main() -> None:
    """Console-script entry point."""
    app()
