"""Batch runs: many queries against one loaded framework, each answered on its own.

A batch file is a YAML (or JSON, which is YAML) list of queries; each has a `kind` and the
options of the command of that name. `read_batch` validates the whole file up front (a typo is
invalid data, with file:line), then `run` answers every query in order. A query that fails gets
a result saying why, and the others still run. Work shared between queries (the start holder of
a role, a profile, an identical query) is done once per batch.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints, field_validator

from pathplan import gates, planner, team
from pathplan.adjacent import adjacent as rank_adjacent
from pathplan.errors import (
    DataError,
    NoRouteError,
    PathplanError,
    Problem,
    UsageError,
    closest,
    did_you_mean,
)
from pathplan.loader import Document, load_profile, read_yaml, validate
from pathplan.model import Framework, Holder
from pathplan.roster import read_roster

__all__ = [
    "KINDS",
    "AdjacentQuery",
    "BatchFile",
    "CandidatesQuery",
    "GapQuery",
    "Query",
    "Result",
    "RouteQuery",
    "read_batch",
    "run",
]

Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
FilePath = Annotated[str, StringConstraints(min_length=1, max_length=4096)]
Percent = Annotated[str, StringConstraints(pattern=r"^\s*\d+(\.\d+)?\s*%\s*$")]
Fraction = Annotated[float, Field(ge=0, le=1)]
NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class _Query(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    id: Name | None = Field(default=None, description="A label echoed in the result.")


class _Gated(_Query):
    max_hours: NonNegative | None = Field(
        default=None, description="Gate: the result may need at most this many hours."
    )
    min_coverage: Fraction | Percent | None = Field(
        default=None,
        description="Gate: the holder must already meet this share of the target role's "
        "requirements, as a fraction 0..1 or a percentage like '80%'.",
    )

    @field_validator("min_coverage")
    @classmethod
    def _in_range(cls, value: float | str | None) -> float | str | None:
        if value is not None:
            try:
                gates.coverage_limit(value)
            except UsageError as e:
                raise ValueError(e.message) from None
        return value

    def limits(self) -> gates.Limits:
        """The gates this query sets itself."""
        coverage = None if self.min_coverage is None else gates.coverage_limit(self.min_coverage)
        return gates.Limits(self.max_hours, coverage)


class RouteQuery(_Gated):
    """`pathplan route`: the least-hours route between two roles."""

    kind: Literal["route"]
    start: Name | None = Field(
        default=None, alias="from", description="Start role [default: the profile's role]."
    )
    to: Name = Field(description="Target role.")
    profile: FilePath | None = Field(
        default=None, description="Profile YAML, relative to the batch file."
    )
    direct: bool = False
    max_step: NonNegative | None = None
    via: list[Name] = Field(default_factory=list)
    avoid: list[Name] = Field(default_factory=list)
    alternatives: Annotated[int, Field(ge=0, le=100)] = 0


class GapQuery(_Gated):
    """`pathplan gap`: what a role asks that is not yet held, and the plan to close it."""

    kind: Literal["gap"]
    start: Name | None = Field(default=None, alias="from", description="Hold this role's skills.")
    to: Name | None = Field(default=None, description="Target role [default: the holder's role].")
    profile: FilePath | None = Field(
        default=None, description="Profile YAML, relative to the batch file."
    )


class AdjacentQuery(_Query):
    """`pathplan adjacent`: roles ranked as realistic next moves from a role."""

    kind: Literal["adjacent"]
    role: Name
    top: Annotated[int, Field(ge=1)] | None = None


class CandidatesQuery(_Query):
    """`pathplan candidates`: people in a roster ranked for an open role."""

    kind: Literal["candidates"]
    role: Name
    roster: FilePath = Field(description="Roster YAML, relative to the batch file.")
    top: Annotated[int, Field(ge=1)] | None = None


Query = RouteQuery | GapQuery | AdjacentQuery | CandidatesQuery


class BatchFile(RootModel[list[Annotated[Query, Field(discriminator="kind")]]]):
    """A batch file: a list of queries (the JSON Schema of `pathplan schema batch`)."""


@dataclass(frozen=True)
class Outcome:
    """What a runner found: the value to render and the measures the gates look at."""

    value: Any
    hours: float | None = None
    coverage: float | None = None


@dataclass(frozen=True)
class Result:
    """The answer to one query.

    `status` is ok, gate, no-route or error; `value` is None unless the query was answered (ok or
    gate); `hours` and `coverage` are what the gates looked at.
    """

    index: int
    query: Query
    status: str
    exit_code: int
    value: Any = None
    hours: float | None = None
    coverage: float | None = None
    violations: tuple[gates.Violation, ...] = ()
    error: str | None = None
    hint: str | None = None


T = TypeVar("T")


@dataclass
class _Session:
    """One batch's framework, options and caches (queries often share a start or repeat)."""

    framework: Framework
    base: Path
    holders: dict[Hashable, Holder] = field(default_factory=dict)
    answers: dict[Hashable, Any] = field(default_factory=dict)

    def holder(self, profile: str | None, start: str | None) -> tuple[Holder, Hashable]:
        """The holder a query plans for (as `holder_for` in the CLI), and a key naming it."""
        fw = self.framework
        if profile is not None:
            path = (self.base / profile).resolve()
            key: Hashable = ("profile", path, fw.role_id(start) if start else None)
            if key not in self.holders:
                held = load_profile(path, fw)
                role = fw.role_id(start) if start else held.role
                self.holders[key] = Holder(held.levels, role, held.name, held.hours_per_week)
        elif start is not None:
            rid = fw.role_id(start)
            key = ("role", rid)
            if key not in self.holders:
                self.holders[key] = Holder(planner.start_levels(fw, rid), rid, None, None)
        else:
            raise UsageError("say who the query is for", "give from: ROLE or profile: FILE")
        return self.holders[key], key

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

    def gap(self, key: Hashable, holder: Holder, target: str) -> planner.Gap:
        """The gap of a holder to a role, computed once per batch."""
        return self.once(
            ("gap", key, target), lambda: planner.gap(self.framework, holder.levels, target)
        )


def _route(session: _Session, query: Any, limits: gates.Limits) -> Outcome:
    assert isinstance(query, RouteQuery)
    fw = session.framework
    holder, key = session.holder(query.profile, query.start)
    start = holder.role
    if start is None:
        raise UsageError("no start role", "give from: ROLE (the profile names no role)")
    target = fw.role_id(query.to)
    via = tuple(fw.role_id(v) for v in query.via)
    avoid = tuple(fw.role_id(a) for a in query.avoid)
    options = (query.direct, query.max_step, via, avoid, query.alternatives)
    found = session.once(
        ("route", key, start, target, options),
        lambda: planner.route(
            fw,
            holder.levels,
            start,
            target,
            direct=query.direct,
            max_step=query.max_step,
            via=via,
            avoid=avoid,
            alternatives=query.alternatives,
        ),
    )
    coverage = None
    if limits.min_coverage is not None:
        coverage = session.gap(key, holder, target).coverage
    return Outcome((start, target, tuple(found)), found[0].hours, coverage)


def _gap(session: _Session, query: Any, limits: gates.Limits) -> Outcome:
    assert isinstance(query, GapQuery)
    holder, key = session.holder(query.profile, query.start)
    target = session.framework.role_id(query.to) if query.to else holder.role
    if target is None:
        raise UsageError("no target role", "give to: ROLE (the profile names no role)")
    found = session.gap(key, holder, target)
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
    return Outcome((source, ranked))


def _candidates(session: _Session, query: Any, limits: gates.Limits) -> Outcome:
    assert isinstance(query, CandidatesQuery)
    fw = session.framework
    path = (session.base / query.roster).resolve()
    people = session.once(("roster", path), lambda: read_roster(path, fw))
    target = fw.role_id(query.role)
    found = session.once(
        ("candidates", path, target, query.top),
        lambda: team.candidates(fw, people, target, top=query.top),
    )
    return Outcome(found)


Runner = Callable[[_Session, Any, gates.Limits], Outcome]

# Query kind -> (its schema, what answers it). A new kind needs an entry here and a renderer
# entry in render/batch.py.
KINDS: dict[str, tuple[type[_Query], Runner]] = {
    "route": (RouteQuery, _route),
    "gap": (GapQuery, _gap),
    "adjacent": (AdjacentQuery, _adjacent),
    "candidates": (CandidatesQuery, _candidates),
}


def _fields(model: type[_Query]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _check(doc: Document, index: int, item: Any, problems: list[Problem]) -> _Query | None:
    at = (index,)
    kinds = ", ".join(KINDS)
    if not isinstance(item, dict):
        problems.append(doc.problem(at, f"[{index}]: a query must be a mapping with a 'kind'"))
        return None
    kind = item.get("kind")
    if kind is None:
        problems.append(doc.problem(at, f"[{index}]: missing 'kind'", f"one of: {kinds}"))
        return None
    if not isinstance(kind, str) or kind not in KINDS:
        problems.append(
            doc.problem(
                (*at, "kind"),
                f"[{index}].kind: unknown kind '{kind}'",
                did_you_mean(str(kind), KINDS, f"one of: {kinds}"),
            )
        )
        return None
    model = KINDS[kind][0]
    known = _fields(model)
    unknown = [k for k in item if k not in known]
    meant: set[str] = set()
    for name in unknown:
        close = closest(str(name), known)
        meant.update(close)
        problems.append(
            doc.problem(
                (*at, name),
                f"[{index}].{name}: unknown option for '{kind}'",
                f"did you mean '{close[0]}'?" if close else f"options: {', '.join(known)}",
            )
        )
    query, found = validate(doc, model, {k: v for k, v in item.items() if k not in unknown}, at)
    # `too: x` already says "did you mean 'to'?"; "to: Field required" as well would be noise.
    noise = {f"[{index}].{name}: Field required" for name in meant}
    problems.extend(p for p in found if p.message not in noise)
    return None if unknown else query


def read_batch(path: Path) -> list[Query]:
    """Read and validate a batch file; DataError lists every problem with file:line:column."""
    doc = read_yaml(path)
    if not isinstance(doc.data, list):
        raise DataError(
            [
                doc.problem(
                    (),
                    "expected a list of queries at the top of the file",
                    "each item a mapping like {kind: route, from: dev, to: sales-eng}",
                )
            ]
        )
    problems: list[Problem] = []
    queries = [_check(doc, i, item, problems) for i, item in enumerate(doc.data)]
    if problems:
        raise DataError(problems)
    return [q for q in queries if q is not None]  # type: ignore[misc]


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
    `on_result` is called after each query (for progress).
    """
    limits = limits or gates.Limits()
    session = _Session(framework, base)
    results = []
    for index, query in enumerate(queries):
        runner = KINDS[query.kind][1]
        own = query.limits() if isinstance(query, _Gated) else gates.Limits()
        in_force = limits.merged(own) if isinstance(query, _Gated) else gates.Limits()
        try:
            out = runner(session, query, in_force)
        except NoRouteError as e:
            result = Result(index, query, "no-route", e.exit_code, error=e.message, hint=e.hint)
        except DataError as e:
            message = "; ".join([e.message, *(str(p) for p in e.problems)])
            result = Result(index, query, "error", e.exit_code, error=message, hint=e.hint)
        except PathplanError as e:
            result = Result(index, query, "error", e.exit_code, error=e.message, hint=e.hint)
        else:
            crossed: tuple[gates.Violation, ...] = ()
            if out.hours is not None:
                crossed = tuple(gates.check(in_force, hours=out.hours, coverage=out.coverage))
            result = Result(
                index,
                query,
                "gate" if crossed else "ok",
                1 if crossed else 0,
                out.value,
                out.hours,
                out.coverage,
                crossed,
            )
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results


def exit_code(results: list[Result]) -> int:
    """The worst exit code of any result (0 for none)."""
    return max((r.exit_code for r in results), default=0)
