"""Batch runs: many queries against one loaded framework, each answered on its own.

`pathplan.loader.batchfile.read_batch` checks the file; `run` answers every query in order. A
query that fails gets a result holding the error (typed, with its data), and the others still
run. Work shared between queries (the start holder of a role, a profile, an identical query)
is done once per batch.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pathplan.errors import MissingRoleError, NoRouteError, PathplanError
from pathplan.loader.batchfile import (
    AdjacentQuery,
    CandidatesQuery,
    GapQuery,
    GatedQuery,
    Query,
    RouteQuery,
    SearchQuery,
)
from pathplan.loader.roster import read_roster
from pathplan.model import Framework, Holder, coverage_limit
from pathplan.planner import gates
from pathplan.planner.adjacent import adjacent as rank_adjacent
from pathplan.planner.answers import STATUSES, AdjacentAnswer, Answer, Result, exit_code
from pathplan.planner.budget import DEFAULT_BUDGET, Budget
from pathplan.planner.plan import gap, holder
from pathplan.planner.results import Gap, RouteResult
from pathplan.planner.route import route
from pathplan.planner.team import candidates

__all__ = [
    "RUNNERS",
    "STATUSES",
    "AdjacentAnswer",
    "Answer",
    "Found",
    "Result",
    "RouteResult",
    "answer",
    "answer_all",
    "exit_code",
    "in_force",
    "run",
    "to_result",
]


@dataclass(frozen=True)
class Outcome:
    """What a runner found: the answer and the measures the gates look at."""

    value: Answer
    hours: float | None = None
    coverage: float | None = None


T = TypeVar("T")


@dataclass
class _Session:
    """One batch's framework, options and caches (queries often share a start or repeat)."""

    framework: Framework
    base: Path
    answers: dict[Hashable, Any] = field(default_factory=dict)

    def holder(self, profile: str | None, start: str | None) -> tuple[Holder, Hashable]:
        """The holder a query plans for (`planner.holder`, once per batch), and a key naming it."""
        fw = self.framework
        path = None if profile is None else (self.base / profile).resolve()
        rid = None if start is None else fw.role_id(start)
        key: Hashable = ("holder", path, rid)
        return self.once(key, lambda: holder(fw, path, start)), key

    def once(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()` the first time `key` is asked for; its value (or error) after that."""
        if key not in self.answers:
            try:
                self.answers[key] = compute()
            except PathplanError as e:
                self.answers[key] = e
        found = self.answers[key]
        if isinstance(found, PathplanError):
            raise found
        return found  # type: ignore[no-any-return]

    def gap(
        self, key: Hashable, holder: Holder, target: str, budget: Budget = DEFAULT_BUDGET
    ) -> Gap:
        """The gap of a holder to a role, computed once per batch (and budget)."""
        return self.once(
            ("gap", key, target, budget),
            lambda: gap(self.framework, holder.levels, target, budget=budget),
        )


def _budget(query: SearchQuery) -> Budget:
    """The budget a query sets itself, the default where it sets none."""
    return Budget(
        query.time_limit or DEFAULT_BUDGET.seconds, query.memory_limit or DEFAULT_BUDGET.memory_mib
    )


def _route(session: _Session, query: Any, limits: gates.Limits) -> Outcome:
    assert isinstance(query, RouteQuery)
    fw = session.framework
    holder, key = session.holder(query.profile, query.start)
    start = holder.role
    if start is None:
        raise MissingRoleError("start")
    target = fw.role_id(query.to)
    via = tuple(fw.role_id(v) for v in query.via)
    avoid = tuple(fw.role_id(a) for a in query.avoid)
    budget = _budget(query)
    options = (query.direct, query.max_step, via, avoid, query.alternatives, budget)
    found = session.once(
        ("route", key, start, target, options),
        lambda: route(
            fw,
            holder.levels,
            start,
            target,
            direct=query.direct,
            max_step=query.max_step,
            via=via,
            avoid=avoid,
            alternatives=query.alternatives,
            budget=budget,
        ),
    )
    coverage = None
    if limits.min_coverage is not None:
        coverage = session.gap(key, holder, target, budget).coverage
    return Outcome(found, found.best.hours, coverage)


def _gap(session: _Session, query: Any, limits: gates.Limits) -> Outcome:
    assert isinstance(query, GapQuery)
    holder, key = session.holder(query.profile, query.start)
    target = session.framework.role_id(query.to) if query.to else holder.role
    if target is None:
        raise MissingRoleError("target")
    found = session.gap(key, holder, target, _budget(query))
    return Outcome(found, found.plan.hours, found.coverage)


def _adjacent(session: _Session, query: Any, limits: gates.Limits) -> Outcome:
    assert isinstance(query, AdjacentQuery)
    holder, key = session.holder(None, query.role)
    source = holder.role
    assert source is not None
    ranked = session.once(
        ("adjacent", key, query.top),
        lambda: rank_adjacent(session.framework, holder.levels, source, top=query.top or 10),
    )
    return Outcome(AdjacentAnswer(source, tuple(ranked)))


def _candidates(session: _Session, query: Any, limits: gates.Limits) -> Outcome:
    assert isinstance(query, CandidatesQuery)
    fw = session.framework
    path = (session.base / query.roster).resolve()
    people = session.once(("roster", path), lambda: read_roster(path, fw))
    target = fw.role_id(query.role)
    found = session.once(
        ("candidates", path, target, query.top),
        lambda: candidates(fw, people, target, top=query.top),
    )
    return Outcome(found)


Runner = Callable[[_Session, Any, gates.Limits], Outcome]

# Query kind -> what answers it (the schemas are loader.batchfile.SCHEMAS; a test keeps the
# two in step).
RUNNERS: dict[str, Runner] = {
    "route": _route,
    "gap": _gap,
    "adjacent": _adjacent,
    "candidates": _candidates,
}


def _own_limits(query: GatedQuery) -> gates.Limits:
    """The gates a query sets itself."""
    coverage = None if query.min_coverage is None else coverage_limit(query.min_coverage)
    return gates.Limits(query.max_hours, coverage)


def in_force(query: Query, limits: gates.Limits) -> gates.Limits:
    """The gates that apply to `query`: the batch's `limits`, its own winning."""
    return limits.merged(_own_limits(query)) if isinstance(query, GatedQuery) else gates.Limits()


Found = Outcome | PathplanError  # what answering one query came to


def answer(session: _Session, query: Query, limits: gates.Limits) -> Found:
    """The outcome of one query under the gates in force, or the error it ended in."""
    try:
        return RUNNERS[query.kind](session, query, limits)
    except PathplanError as e:
        return e


def to_result(index: int, query: Query, found: Found, limits: gates.Limits) -> Result:
    """The result of query `index` from what answering it came to, gates checked."""
    if isinstance(found, NoRouteError):
        return Result(index, query, "no-route", error=found)
    if isinstance(found, PathplanError):
        return Result(index, query, "error", error=found)
    crossed: tuple[gates.Violation, ...] = ()
    if found.hours is not None:
        crossed = tuple(gates.check(limits, hours=found.hours, coverage=found.coverage))
    status = "gate" if crossed else "ok"
    return Result(index, query, status, found.value, found.hours, found.coverage, crossed)


def answer_all(
    framework: Framework, base: Path, items: Sequence[tuple[Query, gates.Limits]]
) -> list[Found]:
    """Answer queries, each under its gates, sharing work between them (one session)."""
    session = _Session(framework, base)
    return [answer(session, query, limits) for query, limits in items]


def run(
    framework: Framework,
    queries: list[Query],
    *,
    base: Path,
    limits: gates.Limits | None = None,
    on_result: Callable[[Result], None] | None = None,
) -> list[Result]:
    """Answer every query in order; `limits` apply to each, a query's own limits win.

    `base` is the folder that profile and roster paths are relative to (the batch file's).
    `on_result` is called after each query (for progress). Errors of a query are kept in its
    result, never raised. `pathplan.planner.parallel.run` gives the same results from many
    processes or a Dask cluster.
    """
    limits = limits or gates.Limits()
    session = _Session(framework, base)
    results = []
    for index, query in enumerate(queries):
        gated = in_force(query, limits)
        result = to_result(index, query, answer(session, query, gated), gated)
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results
