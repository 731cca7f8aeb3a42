"""The CI gate options shared by gap, route and batch, and what crossing a gate does."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from pathplan.cli.app import finite
from pathplan.errors import InvalidValueError

if TYPE_CHECKING:
    from pathplan.planner.gates import Limits, Violation


def _coverage(value: str) -> float:
    from pathplan.model import coverage_limit

    try:
        return coverage_limit(value)
    except InvalidValueError as e:
        # typer reports a ValueError from a parser as "Invalid value for '--min-coverage'".
        raise ValueError(e.message) from None


MaxHoursOpt = Annotated[
    float | None,
    typer.Option(
        "--max-hours",
        min=0,
        callback=finite,
        metavar="H",
        help="Gate: exit 1 if the plan needs more than H hours.",
        rich_help_panel="CI gates",
    ),
]
MinCoverageOpt = Annotated[
    float | None,
    typer.Option(
        "--min-coverage",
        metavar="P",
        parser=_coverage,
        help="Gate: exit 1 if under P of the target's requirements are met (0.8 or 80%).",
        rich_help_panel="CI gates",
    ),
]


def limits(max_hours: float | None, min_coverage: float | None) -> Limits:
    """The gates given on the command line."""
    from pathplan.planner.gates import Limits

    return Limits(max_hours, min_coverage)


def enforce(violations: Sequence[Violation], what: str) -> None:
    """After the result is printed: say on stderr which gates `what` crossed, and exit 1."""
    if not violations:
        return
    from pathplan.cli.output import inert, stderr_console

    console = stderr_console()
    for v in violations:
        console.print(
            f"[bold red]gate crossed:[/] {inert(what)}: {inert(v.message)}", soft_wrap=True
        )
    raise typer.Exit(1)
