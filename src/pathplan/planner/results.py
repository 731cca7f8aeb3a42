"""The planner's results: immutable values that renderers turn into text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeAlias

from pathplan.planner.budget import Stop

__all__ = [
    "Gap",
    "GapRow",
    "Move",
    "Needs",
    "Plan",
    "Prerequisite",
    "Reason",
    "Requirement",
    "Route",
    "RouteResult",
    "Step",
]


@dataclass(frozen=True)
class Requirement:
    """A step meets `role`'s requirement of `skill` at `level`.

    For a `requires_any` group, `options` lists every option of the group and `skill` is the
    one the plan chose; empty for a plain `requires`.
    """

    role: str
    skill: str
    level: int
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Prerequisite:
    """A step enables `needed_by`, which cannot be started before this skill is at `level`.

    `chain` runs from `needed_by` to the skill that `requirement` asks for (`needed_by` alone
    when it is itself required): the prerequisite chain the step is there for.
    """

    needed_by: str
    level: int
    chain: tuple[str, ...]
    requirement: Requirement


Reason: TypeAlias = Requirement | Prerequisite


@dataclass(frozen=True)
class Step:
    """Raise one skill from one level to a higher one, and why (see `pathplan.planner.reasons`)."""

    skill: str
    from_level: int
    to_level: int
    hours: float
    reason: Reason


@dataclass(frozen=True)
class Plan:
    """Steps in a valid learning order, and their total hours.

    A plan is hours-optimal unless its search ran out of budget: then `stop` says why and how
    far it got, and `bound` is the fewest hours any plan could take (proven so far).
    """

    steps: tuple[Step, ...]
    stop: Stop | None = None
    bound: float | None = None

    @property
    def hours(self) -> float:
        """Total hours of the plan."""
        return sum(s.hours for s in self.steps)


@dataclass(frozen=True)
class Needs:
    """What must be met: every `requires` level and one option of every group."""

    requires: Mapping[str, int]
    groups: tuple[Mapping[str, int], ...]


@dataclass(frozen=True)
class GapRow:
    """One requirement of a role against what the holder holds."""

    skill: str
    options: tuple[str, ...]  # every option of a requires_any group; empty for a plain requires
    held: int
    required: int
    hours: float  # to raise `skill` from held to required, prerequisites not counted

    @property
    def met(self) -> bool:
        """Whether the holder already meets this requirement."""
        return self.held >= self.required


@dataclass(frozen=True)
class Gap:
    """A holder against a role: each requirement, coverage, and the optimal plan to close it."""

    role: str
    rows: tuple[GapRow, ...]
    plan: Plan

    @property
    def coverage(self) -> float:
        """Met requirements / all requirements (1.0 for a role with none)."""
        return sum(r.met for r in self.rows) / len(self.rows) if self.rows else 1.0


@dataclass(frozen=True)
class Move:
    """One move of a route: the steps, not done before, that the destination role needs."""

    source: str
    target: str
    kind: str  # next, adjacent, direct, or stay (a route from a role to itself)
    steps: tuple[Step, ...]

    @property
    def hours(self) -> float:
        """Hours of this move."""
        return sum(s.hours for s in self.steps)


@dataclass(frozen=True)
class Route:
    """Roles from start to target, and one move into each role after the start.

    A holder who already meets the target needs no move: that route is the start alone, with
    no moves (`qualified`).
    """

    roles: tuple[str, ...]
    moves: tuple[Move, ...]

    @property
    def hours(self) -> float:
        """Total hours of the route."""
        return sum(m.hours for m in self.moves)

    @property
    def qualified(self) -> bool:
        """Whether the holder already meets the target, so the route has no move."""
        return not self.moves


@dataclass(frozen=True)
class RouteResult:
    """The answer to a route request: the best route first, then any alternatives.

    `direct_hours` is set when the direct move from start to target, which the request did not
    allow, costs fewer hours than the best route it did allow: the hours of that direct move.

    `stop` is set when the search ran out of its budget. With `bound` None the routes found are
    still proven the cheapest, in order (only alternatives may be missing); otherwise the one
    route is the best found but not proven, and `bound` is the least any allowed route costs.
    """

    start: str
    target: str
    routes: tuple[Route, ...]
    direct_hours: float | None = None
    stop: Stop | None = None
    bound: float | None = None

    @property
    def proven(self) -> bool:
        """Whether the best route is proven to cost the least of every allowed route."""
        return self.bound is None

    @property
    def best(self) -> Route:
        """The least-cost route found."""
        return self.routes[0]

    @property
    def alternatives(self) -> tuple[Route, ...]:
        """The next-best routes, cheapest first."""
        return self.routes[1:]
