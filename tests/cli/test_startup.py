"""What a command imports: lazy registration and per-format renderers, checked structurally.

Speed itself is measured in benchmarks/startup.py; these tests hold what makes it: `pathplan
route` imports only its own command module and its format's renderer, and `pathplan --help`
lists every command (as it did when every module was imported up front) without importing one.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import subprocess
import sys
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer._click import Command
from typer.testing import CliRunner

from pathplan.cli.main import COMMANDS, app

# Runs the console script's entry point in a fresh interpreter and, at exit (however it ends),
# writes to the file named first the modules it imported and how often the collector ran.
RUNNER = """
import atexit, gc, json, sys
out, sys.argv = sys.argv[1], ["pathplan", *sys.argv[2:]]
runs = []
gc.callbacks.append(lambda phase, info: phase == "stop" and runs.append(info))
seen = lambda: {"modules": sorted(sys.modules), "gc_runs": len(runs)}
atexit.register(lambda: open(out, "w").write(json.dumps(seen())))
from pathplan.cli.launcher import main
main()
"""
COMMAND_MODULES = {lazy.module for lazy in COMMANDS.values()}


def imported_by(tmp_path: Path, *args: str) -> tuple[set[str], str]:
    """The modules `pathplan ARGS` imports, and what it printed."""
    seen, shown = start_up(tmp_path, *args)
    return set(seen["modules"]), shown


def start_up(tmp_path: Path, *args: str) -> tuple[dict[str, Any], str]:
    """What `pathplan ARGS` did as RUNNER saw it, and what it printed."""
    listing = tmp_path / "seen.json"
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, str(listing), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},  # conftest pins COLUMNS and the cache folder
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(listing.read_text()), proc.stdout


def every_command() -> MutableMapping[str, Command]:
    """The app's commands with every command module imported (as the app once did up front)."""
    for module in sorted(COMMAND_MODULES):
        importlib.import_module(module)
    return typer.main.get_group(app).commands


def test_the_table_of_commands_is_what_the_modules_register() -> None:
    commands = every_command()
    assert set(commands) == set(COMMANDS)
    for name, command in commands.items():
        assert COMMANDS[name].summary == inspect.cleandoc(command.help or "").split("\n\n")[0]
    for info in app.registered_commands:
        assert info.callback is not None
        name = info.name or info.callback.__name__
        assert info.callback.__module__ == COMMANDS[name].module, name
    for group in app.registered_groups:
        name = typer.main.solve_typer_info_defaults(group).name or ""
        module = sys.modules[COMMANDS[name].module]
        assert group.typer_instance in vars(module).values(), name


def test_the_apps_help_lists_every_command_without_importing_one(
    runner: CliRunner, tmp_path: Path
) -> None:
    modules, lazy_help = imported_by(tmp_path, "--help")
    assert not modules & COMMAND_MODULES
    assert not {"networkx", "yaml", "pathplan.model", "pathplan.render.dispatch"} & modules
    every_command()
    eager_help = runner.invoke(app, ["--help"], env={"NO_COLOR": "1"}).stdout
    assert lazy_help == eager_help
    for name, lazy in COMMANDS.items():
        assert f"│ {name} " in lazy_help and lazy.summary[:40] in lazy_help, name


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_commands_help_imports_its_own_module_only(tmp_path: Path, name: str) -> None:
    modules, shown = imported_by(tmp_path, name, "--help")
    assert modules & COMMAND_MODULES == {COMMANDS[name].module}
    assert f"pathplan {name}" in shown


@pytest.mark.parametrize(
    ("fmt", "unused"),
    [
        ("table", {"csv", "github", "json", "markdown", "mermaid", "network"}),
        ("json", {"csv", "github", "markdown", "mermaid", "network", "table", "views"}),
        # markdown builds on the mermaid and JSON renderers (a route's diagram, its numbers)
        ("markdown", {"csv", "github", "network", "table"}),
    ],
)
def test_route_imports_its_module_and_its_formats_renderer(
    tmp_path: Path, fmt: str, unused: set[str]
) -> None:
    args = ("route", "--from", "dev", "--to", "sales-eng", "--format", fmt)
    modules, shown = imported_by(tmp_path, *args)
    assert ("Sales Engineer" if fmt != "json" else '"to": "sales-eng"') in shown
    assert modules & COMMAND_MODULES == {"pathplan.cli.plan"}
    assert f"pathplan.render.{fmt}" in modules
    assert not modules & {f"pathplan.render.{m}" for m in unused}
    if fmt != "table":
        assert "rich" not in modules, "rich is imported for a format that does not use it"


def test_the_collector_does_not_rescan_start_ups_objects(tmp_path: Path) -> None:
    # At Python's default threshold it ran about 130 times while `route` started up.
    seen, _ = start_up(tmp_path, "route", "--from", "dev", "--to", "sales-eng")
    assert seen["gc_runs"] < 10


def test_a_mistyped_command_is_still_matched_against_every_command(runner: CliRunner) -> None:
    # The hint names a command whose module has not been imported.
    result = runner.invoke(app, ["candidate"])
    assert result.exit_code == 2
    assert "did you mean 'candidates'" in result.stderr, result.stderr
