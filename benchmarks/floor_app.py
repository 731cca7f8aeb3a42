"""The stack's floor for `route`: a Typer app with route's parameters, networkx and one rich table.

No pathplan code runs here; benchmarks/startup.py times it beside pathplan to show what the
stack itself costs, so the ratio of pathplan to it is what our own code adds. With FLOOR_LEAVE
set it exits as pathplan's console script does, without the interpreter's teardown.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer()
PathOpt = Annotated[Path | None, typer.Option()]
StrOpt = Annotated[str | None, typer.Option()]


@app.callback()
def _main(
    data: PathOpt = None, fmt: StrOpt = None, output: PathOpt = None, no_color: bool = False
) -> None:
    pass


@app.command()
def route(
    start: Annotated[str | None, typer.Option("--from")] = None,
    to: StrOpt = None,
    profile: PathOpt = None,
    direct: bool = False,
    max_step: Annotated[float | None, typer.Option()] = None,
    via: Annotated[list[str] | None, typer.Option()] = None,
    avoid: Annotated[list[str] | None, typer.Option()] = None,
    alternatives: int = 0,
    data: PathOpt = None,
    fmt: StrOpt = None,
    output: PathOpt = None,
    no_color: bool = False,
) -> None:
    import networkx  # noqa: F401
    import yaml  # noqa: F401
    from rich.console import Console
    from rich.table import Table

    table = Table()
    table.add_column("skill")
    table.add_row("python")
    Console().print(table)


if __name__ == "__main__":
    if os.environ.get("FLOOR_LEAVE"):  # leave as pathplan's console script does: no teardown
        app(standalone_mode=False)
        sys.stdout.flush()
        os._exit(0)
    app()
