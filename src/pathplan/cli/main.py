"""The whole command line: the app with every command module registered on it."""

from __future__ import annotations

from pathplan.cli import batch, browse, docs, importers, plan, profile, schema, team
from pathplan.cli.app import app

__all__ = [
    "app",
    "batch",
    "browse",
    "docs",
    "importers",
    "main",
    "plan",
    "profile",
    "schema",
    "team",
]


def main() -> None:
    """Run the command line."""
    app()
