"""A batch's results: each query's answer, status and gates, and the batch's exit code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from pathplan.errors import DataError, PathplanError

if TYPE_CHECKING:
    from pathplan.loader.batchfile import Query
    from pathplan.planner.adjacent import Neighbour
    from pathplan.planner.gates import Violation
    from pathplan.planner.results import Gap, RouteResult
    from pathplan.planner.team import Candidates

__all__ = ["STATUSES", "AdjacentAnswer", "Answer", "Rendered", "Result", "exit_code"]

STATUSES = ("ok", "gate", "no-route", "error")


@dataclass(frozen=True)
class AdjacentAnswer:
    """An adjacent query's answer: the source role and the roles ranked from it."""

    source: str
    ranked: tuple[Neighbour, ...]


@dataclass(frozen=True)
class Rendered:
    """An answer already written out (as the text its format embeds) by the worker that found it.

    A route answer sent back as objects costs about as much to pickle and unpickle as to render
    (0.6 ms on the bundled data), and rendering it in the one process that writes the output
    held back the speed-up of workers; text travels in microseconds (docs/scale.md).
    """

    text: str


Answer: TypeAlias = "RouteResult | Gap | AdjacentAnswer | Candidates | Rendered"


@dataclass(frozen=True)
class Result:
    """The answer to one query of a batch.

    `status` is ok, gate, no-route or error; `value` is None unless the query was answered (ok or
    gate), `error` is set when it was not; `hours` and `coverage` are what the gates looked at.
    """

    index: int
    query: Query
    status: str
    value: Answer | None = None
    hours: float | None = None
    coverage: float | None = None
    violations: tuple[Violation, ...] = ()
    error: PathplanError | None = None

    @property
    def exit_code(self) -> int:
        """What the query alone would exit with: 0 ok, 1 gate or no route, 2 usage, 3 data."""
        if self.status in ("gate", "no-route"):
            return 1
        if self.error is not None:
            return 3 if isinstance(self.error, DataError) else 2
        return 0


def exit_code(results: Sequence[Result]) -> int:
    """The worst exit code of any result (0 for none)."""
    return max((r.exit_code for r in results), default=0)
