"""The command line: parse, call the core, render, and map errors to exit codes.

Each module registers its commands on the one Typer `app`; importing them here wires them up.
"""

from __future__ import annotations

from pathplan.cli import batch, browse, importers, plan, schema, team
from pathplan.cli.app import app

__all__ = ["app", "batch", "browse", "importers", "main", "plan", "schema", "team"]


def main() -> None:
    """Console-script entry point."""
    app()
