"""The whole command line: the app, each command's module imported only when it is asked for.

`pathplan route` imports the planning commands' module and no other; `pathplan --help` lists
every command from COMMANDS (its line of help) without importing any of them (docs/performance.md,
"Start-up"). A command's module registers it with `@command` when imported, as before; a test
holds COMMANDS equal to what the modules register.
"""

from __future__ import annotations

import importlib
from typing import NamedTuple

from typer import main as typer_main
from typer._click import Command, Context, HelpFormatter
from typer.core import TyperCommand

from pathplan.cli.app import app
from pathplan.cli.usage import Group

__all__ = ["COMMANDS", "Commands", "Lazy", "app", "main"]


class Lazy(NamedTuple):
    """Where a command is registered, and what the app's --help says of it."""

    module: str
    summary: str  # the first paragraph of the command's own help


# Every command (and group of commands), in the order the app's --help lists them.
COMMANDS: dict[str, Lazy] = {
    "batch": Lazy(
        "pathplan.cli.batch",
        "Run many queries, in parallel; one result per query, in order, with a status.",
    ),
    "roles": Lazy(
        "pathplan.cli.browse",
        "List the roles of the framework, or those matching --search and --family.",
    ),
    "skills": Lazy(
        "pathplan.cli.browse",
        "List the skills of the framework, or those matching --search and --category.",
    ),
    "show": Lazy(
        "pathplan.cli.browse",
        "Show one role or skill in full, with the ids to write in profiles and rosters.",
    ),
    "validate": Lazy(
        "pathplan.cli.browse",
        "Check a framework and report every problem with file:line:column (exit 3 if any).",
    ),
    "graph": Lazy(
        "pathplan.cli.browse",
        "Export the role network or the skill prerequisite graph (mermaid, dot or graphml).",
    ),
    "docs": Lazy(
        "pathplan.cli.docs",
        "Read the documentation that ships with pathplan: file formats, JSON, CI, the API.",
    ),
    "example": Lazy(
        "pathplan.cli.docs",
        "Print an example file to start from: a profile, a roster (YAML or CSV), a batch file.",
    ),
    "gap": Lazy(
        "pathplan.cli.plan",
        "Show what a role asks that is not yet held, and the optimal plan to close it.",
    ),
    "route": Lazy(
        "pathplan.cli.plan", "Find the route between roles that takes the fewest learning hours."
    ),
    "adjacent": Lazy(
        "pathplan.cli.plan", "Rank realistic next roles by how alike their work is to this role's."
    ),
    "schema": Lazy(
        "pathplan.cli.schema",
        "Print the JSON Schema of a pathplan file, generated from the models that validate it.",
    ),
    "team": Lazy(
        "pathplan.cli.team",
        "Team gaps: each person against their role and next rung; missing skills; coverage.",
    ),
    "candidates": Lazy(
        "pathplan.cli.team", "Internal candidates for a role: people ranked by hours to qualify."
    ),
    "import": Lazy(
        "pathplan.cli.importers", "Make a framework from a public taxonomy: O*NET or ESCO."
    ),
    "profile": Lazy(
        "pathplan.cli.profile",
        "Make a profile (the skills one person holds) without writing YAML by hand.",
    ),
}


class Commands(Group):
    """The app's group: a command's module is imported when the command is first looked up.

    Click's documented "lazy group" pattern. While the app's own help lists the commands, a
    command not yet imported is shown by a stand-in carrying its name and summary.
    """

    listing = False

    def list_commands(self, ctx: Context) -> list[str]:
        """Every command, in COMMANDS' order (then any registered but not listed there)."""
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        """The command `cmd_name`, importing the module that registers it if need be."""
        lazy = COMMANDS.get(cmd_name)
        if cmd_name not in self.commands and lazy is not None:
            if self.listing:
                return TyperCommand(cmd_name, help=lazy.summary)
            importlib.import_module(lazy.module)
            # The module registered its commands on the Typer app: build them as typer does.
            for name, built in typer_main.get_group(app).commands.items():
                self.commands.setdefault(name, built)
        return self.commands.get(cmd_name)

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The app's help, listing the commands without importing their modules."""
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False


# Set here, where the commands are wired, rather than in cli/app.py, which the command modules
# import: typer builds the app's group from this class.
app.info.cls = Commands


def main() -> None:
    """Run the command line."""
    app()
