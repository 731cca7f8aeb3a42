"""Batch files: the schema of a query of each kind, and the reader that checks a whole file.

A batch file is a YAML (or JSON, which is YAML) list of queries; each has a `kind` and the
options of the command of that name. `read_batch` validates the whole file up front, so a typo
is invalid data with file:line, before any query runs (`pathplan.planner.batch` runs them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints, field_validator

from pathplan.errors import DataError, Problem, closest, did_you_mean
from pathplan.loader.validate import validate
from pathplan.loader.yaml import Document, read_yaml
from pathplan.model import coverage_limit

__all__ = [
    "SCHEMAS",
    "AdjacentQuery",
    "BatchFile",
    "CandidatesQuery",
    "GapQuery",
    "GatedQuery",
    "Query",
    "QueryBase",
    "RouteQuery",
    "read_batch",
]

Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
FilePath = Annotated[str, StringConstraints(min_length=1, max_length=4096)]
Percent = Annotated[str, StringConstraints(pattern=r"^\s*\d+(\.\d+)?\s*%\s*$")]
Fraction = Annotated[float, Field(ge=0, le=1)]
NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]


class QueryBase(BaseModel):
    """What every query has."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    id: Name | None = Field(default=None, description="A label echoed in the result.")


class GatedQuery(QueryBase):
    """A query whose result the CI gates look at."""

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
            coverage_limit(value)  # an InvalidValueError is a ValueError: pydantic reports it
        return value


class SearchQuery(GatedQuery):
    """A query that searches: its budget of time and memory (`route` and `gap` have one)."""

    time_limit: Positive | None = Field(
        default=None,
        description="Stop the search after this many seconds, with the best answer found so "
        "far [default: 20].",
    )
    memory_limit: Positive | None = Field(
        default=None,
        description="Stop the search once it has added this many MiB of memory [default: 512].",
    )


class RouteQuery(SearchQuery):
    """`pathplan route`: the least-hours route between two roles."""

    kind: Literal["route"]
    start: Name | None = Field(
        default=None, alias="from", description="Start role [default: the profile's role]."
    )
    to: Name = Field(description="Target role.")
    profile: FilePath | None = Field(
        default=None, description="Profile YAML, relative to the batch file."
    )
    direct: bool = Field(
        default=False,
        description="Also allow the direct move, and moves to related roles (similar work at a "
        "close level), not only declared ones.",
    )
    max_step: NonNegative | None = None
    via: list[Name] = Field(default_factory=list)
    avoid: list[Name] = Field(default_factory=list)
    alternatives: Annotated[int, Field(ge=0, le=100)] = 0


class GapQuery(SearchQuery):
    """`pathplan gap`: what a role asks that is not yet held, and the plan to close it."""

    kind: Literal["gap"]
    start: Name | None = Field(default=None, alias="from", description="Hold this role's skills.")
    to: Name | None = Field(default=None, description="Target role [default: the holder's role].")
    profile: FilePath | None = Field(
        default=None, description="Profile YAML, relative to the batch file."
    )


class AdjacentQuery(QueryBase):
    """`pathplan adjacent`: roles ranked as realistic next moves from a role."""

    kind: Literal["adjacent"]
    role: Name
    top: Annotated[int, Field(ge=1)] | None = None


class CandidatesQuery(QueryBase):
    """`pathplan candidates`: people in a roster ranked for an open role."""

    kind: Literal["candidates"]
    role: Name
    roster: FilePath = Field(description="Roster YAML, relative to the batch file.")
    top: Annotated[int, Field(ge=1)] | None = None


Query = RouteQuery | GapQuery | AdjacentQuery | CandidatesQuery


class BatchFile(RootModel[list[Annotated[Query, Field(discriminator="kind")]]]):
    """A batch file: a list of queries (the JSON Schema of `pathplan schema batch`)."""


# Query kind -> its schema. A new kind needs an entry here, a runner in planner/batch.py and a
# renderer entry in render/json.py (tests check the three agree).
SCHEMAS: dict[str, type[QueryBase]] = {
    "route": RouteQuery,
    "gap": GapQuery,
    "adjacent": AdjacentQuery,
    "candidates": CandidatesQuery,
}


def _fields(model: type[QueryBase]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _check(doc: Document, index: int, item: Any, problems: list[Problem]) -> QueryBase | None:
    at = (index,)
    kinds = ", ".join(SCHEMAS)
    if not isinstance(item, dict):
        problems.append(doc.problem(at, f"[{index}]: a query must be a mapping with a 'kind'"))
        return None
    kind = item.get("kind")
    if kind is None:
        problems.append(doc.problem(at, f"[{index}]: missing 'kind'", f"one of: {kinds}"))
        return None
    if not isinstance(kind, str) or kind not in SCHEMAS:
        problems.append(
            doc.problem(
                (*at, "kind"),
                f"[{index}].kind: unknown kind '{kind}'",
                did_you_mean(str(kind), list(SCHEMAS), f"one of: {kinds}"),
            )
        )
        return None
    model = SCHEMAS[kind]
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
    # `too: x` already says "did you mean 'to'?"; "to: is required" as well would be noise.
    noise = {f"[{index}].{name}: is required" for name in meant}
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
