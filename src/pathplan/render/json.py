"""JSON output: one object with "kind" and "version"; key order and numbers are stable.

The functions named `*_body` (and `document`) return the plain dicts a result converts to: the
same dicts `--format json` prints, for scripts and the batch results that embed them. Given the
framework (`fw`), skills carry their names beside their ids; the command line always gives it.
"""

from __future__ import annotations

import json
import re
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, assert_never

from pathplan.errors import DataError, PathplanError, Problem
from pathplan.model import Framework, Role, Skill
from pathplan.planner.adjacent import Neighbour
from pathplan.planner.answers import (
    STATUSES,
    AdjacentAnswer,
    Answer,
    Rendered,
    Result,
    exit_code,
)
from pathplan.planner.budget import Stop
from pathplan.planner.gates import Verdict
from pathplan.planner.results import Gap, Move, Reason, Requirement, Route, RouteResult, Step
from pathplan.planner.schedule import Schedule
from pathplan.planner.team import Candidate, Candidates, Member, Team
from pathplan.render.text import OptionNames, explain, problem_text

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

SCHEMA_VERSION = 1


def number(value: float) -> int | float:
    """Hours as JSON numbers: whole numbers stay integers, others keep two decimals."""
    rounded = round(value, 2)
    return int(rounded) if rounded == int(rounded) else rounded


def document(kind: str, body: dict[str, Any]) -> dict[str, Any]:
    """The document for one result: its kind and the schema version, then the body."""
    return {"kind": kind, "version": SCHEMA_VERSION, **body}


def line(kind: str, body: dict[str, Any]) -> str:
    """The document for one result on one line, newline included: a line of JSON Lines."""
    return _compact(document(kind, body)) + "\n"


def _compact(value: Any) -> str:
    return inert(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def dumps(kind: str, body: dict[str, Any]) -> str:
    """The JSON text of the document for one result."""
    return inert(json.dumps(document(kind, body), indent=2, ensure_ascii=False)) + "\n"


# What JSON may carry raw (only C0 controls, quotes and backslashes are escaped by the
# standard) that a terminal or a CI log would act on: DEL and C1 controls, line and paragraph
# separators, bidirectional controls.
_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def inert(text: str) -> str:
    r"""JSON text that reads back as the same data and does nothing when printed.

    Those characters become `\uXXXX` escapes, and `##[` (which GitHub's runner reads as a
    workflow command anywhere in a log line) `##\u005b`: the same string to any JSON reader.
    """
    text = _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text.replace("##[", "##\\u005b")


def skill_ref(sid: str, fw: Framework | None) -> dict[str, Any]:
    """A skill's id, and its name when the framework is known."""
    return {"skill": sid} if fw is None else {"skill": sid, "name": fw.skills[sid].name}


def step(s: Step, fw: Framework | None = None) -> dict[str, Any]:
    """One step and why it is in the plan; with the framework, its name and resources too."""
    body = {
        **skill_ref(s.skill, fw),
        "from_level": s.from_level,
        "to_level": s.to_level,
        "hours": number(s.hours),
        "reason": reason(s.reason),
    }
    if fw is not None:
        body["resources"] = resources(fw.skills[s.skill])
    return body


def requirement(r: Requirement) -> dict[str, Any]:
    """A requirement a step meets: the role, the skill and level, and a group's options."""
    return {
        "role": r.role,
        "skill": r.skill,
        "level": r.level,
        "options": list(r.options) or None,
    }


def reason(r: Reason) -> dict[str, Any]:
    """Why a step is in its plan: a requirement it meets, or a prerequisite it enables."""
    if isinstance(r, Requirement):
        return {"kind": "requirement", **requirement(r)}
    return {
        "kind": "prerequisite",
        "needed_by": r.needed_by,
        "level": r.level,
        "chain": list(r.chain),
        "requirement": requirement(r.requirement),
    }


def resources(s: Skill) -> list[dict[str, Any]]:
    """A skill's learning resources: title, and url and hours where known."""
    found = []
    for r in s.resources:
        item: dict[str, Any] = {"title": r.title}
        if r.url is not None:
            item["url"] = r.url
        if r.hours is not None:
            item["hours"] = number(r.hours)
        found.append(item)
    return found


def move(m: Move, fw: Framework | None = None) -> dict[str, Any]:
    """One move of a route."""
    return {
        "from": m.source,
        "to": m.target,
        "kind": m.kind,
        "hours": number(m.hours),
        "steps": [step(s, fw) for s in m.steps],
    }


def route_body(r: Route, fw: Framework | None = None) -> dict[str, Any]:
    """The fields every route carries."""
    return {
        "roles": list(r.roles),
        "total_hours": number(r.hours),
        "moves": [move(m, fw) for m in r.moves],
    }


def gates(verdicts: Sequence[Verdict]) -> list[dict[str, Any]]:
    """Each CI gate in force, the value it measured and whether the result passed it."""
    return [
        {
            "gate": v.gate,
            "limit": number(v.limit) if v.gate == "max-hours" else round(v.limit, 4),
            "actual": None if v.actual is None else number(v.actual),
            "passed": v.passed,
        }
        for v in verdicts
    ]


def schedule(plan: Schedule, fw: Framework | None = None) -> dict[str, Any]:
    """A schedule: weeks and ISO dates for each step, in plan order."""
    return {
        "hours_per_week": number(plan.hours_per_week),
        "start": plan.start.isoformat(),
        "finish": plan.finish.isoformat(),
        "weeks": plan.weeks,
        "steps": [
            {
                "move": item.move,
                **skill_ref(item.step.skill, fw),
                "start_week": item.start_week,
                "end_week": item.end_week,
                "start_date": item.start.isoformat(),
                "end_date": item.end.isoformat(),
            }
            for item in plan.items
        ],
    }


def routes_body(
    result: RouteResult,
    plan: Schedule | None = None,
    fw: Framework | None = None,
    verdicts: Sequence[Verdict] | None = None,
) -> dict[str, Any]:
    """A route, any alternatives after it, its schedule when there is one, and its gates."""
    best = result.best
    body = {"from": result.start, "to": result.target, "qualified": best.qualified}
    body |= route_body(best, fw)
    body["direct_hours"] = None if result.direct_hours is None else number(result.direct_hours)
    body |= search_fields(result.stop, result.bound)
    body["alternatives"] = [route_body(r, fw) for r in result.alternatives]
    if plan is not None:
        body["schedule"] = schedule(plan, fw)
    if verdicts:  # only when gates are in force: then the document is a batch result's
        body["gates"] = gates(verdicts)
    return body


def routes(
    result: RouteResult,
    plan: Schedule | None = None,
    fw: Framework | None = None,
    verdicts: Sequence[Verdict] | None = None,
) -> str:
    """The JSON text of `routes_body`."""
    return dumps("route", routes_body(result, plan, fw, verdicts))


def neighbours_body(
    source: str, ranked: Sequence[Neighbour], fw: Framework | None = None
) -> dict[str, Any]:
    """Roles ranked as next moves: score = similarity + level_weight x level_fit.

    similarity is the weighted mean (`weights`) of the parts that are not null; a part is null
    when either role lacks its data.
    """
    from pathplan.planner.similarity import LEVEL_WEIGHT, PARTS, WEIGHTS

    return {
        "from": source,
        "weights": dict(WEIGHTS),
        "level_weight": LEVEL_WEIGHT,
        "candidates": [
            {
                "role": n.role,
                "score": round(n.score, 4),
                "similarity": round(n.similarity.total, 4),
                "parts": {
                    name: None if (v := getattr(n.similarity, name)) is None else round(v, 4)
                    for name in PARTS
                },
                "level_fit": round(n.level_fit, 4),
                "hours": number(n.hours),
                "coverage": round(n.coverage, 4),
                "declared": n.declared,
                "missing": [
                    {
                        **skill_ref(r.skill, fw),
                        "held": r.held,
                        "required": r.required,
                        "hours": number(r.hours),
                    }
                    for r in n.missing[:3]
                ],
            }
            for n in ranked
        ],
    }


def neighbours(source: str, ranked: Sequence[Neighbour], fw: Framework | None = None) -> str:
    """The JSON text of `neighbours_body`."""
    return dumps("adjacent", neighbours_body(source, ranked, fw))


def gap(
    g: Gap,
    plan: Schedule | None = None,
    fw: Framework | None = None,
    verdicts: Sequence[Verdict] | None = None,
) -> str:
    """The JSON text of `gap_body`."""
    return dumps("gap", gap_body(g, plan, fw, verdicts))


def gap_body(
    g: Gap,
    plan: Schedule | None = None,
    fw: Framework | None = None,
    verdicts: Sequence[Verdict] | None = None,
) -> dict[str, Any]:
    """A gap to one role, its schedule when there is one, and its gates when given."""
    body = _gap_fields(g, fw)
    if plan is not None:
        body["schedule"] = schedule(plan, fw)
    if verdicts:  # only when gates are in force: then the document is a batch result's
        body["gates"] = gates(verdicts)
    return body


def _gap_fields(g: Gap, fw: Framework | None) -> dict[str, Any]:
    return {
        "role": g.role,
        "coverage": round(g.coverage, 4),
        "total_hours": number(g.plan.hours),
        "requirements": [
            {
                **skill_ref(r.skill, fw),
                "options": list(r.options) or None,
                "held": r.held,
                "required": r.required,
                "hours": number(r.hours),
                "met": r.met,
            }
            for r in g.rows
        ],
        "steps": [step(s, fw) for s in g.plan.steps],
        **search_fields(g.plan.stop, g.plan.bound),
    }


def search_fields(stop: Stop | None, bound: float | None) -> dict[str, Any]:
    """Whether the answer is proven the least, the least any answer costs, and the stop.

    `stopped` says why the search stopped; null when it did not run out of its budget.
    """
    return {
        "proven": bound is None,
        "lower_bound": None if bound is None else number(bound),
        "stopped": None
        if stop is None
        else {
            "reason": stop.reason,
            "seconds": round(stop.elapsed, 2),
            "explored": stop.explored,
            "budget": {"seconds": stop.budget.seconds, "memory_mib": stop.budget.memory_mib},
        },
    }


def role(r: Role) -> dict[str, Any]:
    """One role with its resolved requirements."""
    return {
        "id": r.id,
        "name": r.name,
        "aliases": list(r.aliases),
        "family": r.family,
        "seniority": r.seniority,
        "extends": r.extends,
        "description": r.description,
        "requires": dict(r.requires),
        "requires_any": [dict(g) for g in r.requires_any],
        "next": list(r.next),
        "adjacent": list(r.adjacent),
    }


def skill(s: Skill) -> dict[str, Any]:
    """One skill."""
    return {
        "id": s.id,
        "name": s.name,
        "aliases": list(s.aliases),
        "category": s.category,
        "description": s.description,
        "hours": [number(h) for h in s.hours],
        "requires": dict(s.requires),
        "resources": resources(s),
    }


def roles(items: Sequence[Role]) -> str:
    """Roles: every role of the framework, or those a search found."""
    return dumps("roles", {"roles": [role(r) for r in items]})


def skills(fw: Framework, items: Sequence[Skill]) -> str:
    """Skills (every one, or those a search found), and the framework's level names."""
    return dumps("skills", {"levels": list(fw.levels), "skills": [skill(s) for s in items]})


def error(code: int, message: str, hint: str | None, found: Sequence[Problem] = ()) -> str:
    """A command that failed: its exit code, the message and hint, and any data problems."""
    body: dict[str, Any] = {"exit_code": code, "message": message, "hint": hint}
    if found:
        body["problems"] = [_problem(p) for p in found]
    return dumps("error", body)


def _problem(p: Problem) -> dict[str, Any]:
    return {
        "file": p.file,
        "line": p.line,
        "column": p.column,
        "message": p.message,
        "hint": p.hint,
    }


def problems(found: list[Problem], fw: Framework | None) -> str:
    """A validation report."""
    body: dict[str, Any] = {
        "valid": not found,
        "problems": [_problem(p) for p in found],
    }
    if fw is not None:
        body["counts"] = {"skills": len(fw.skills), "roles": len(fw.roles)}
    return dumps("validation", body)


def team(t: Team, fw: Framework | None = None) -> str:
    """The JSON text of `team_body`."""
    return dumps("team", team_body(t, fw))


def team_body(t: Team, fw: Framework | None = None) -> dict[str, Any]:
    """The team, everyone included."""
    return {
        "people_count": t.people,
        "qualified": t.qualified,
        "coverage": round(t.coverage, 4),
        "total_hours": number(t.hours),
        "roles": [
            {
                "role": r.role,
                "people": r.people,
                "qualified": r.qualified,
                "coverage": round(r.coverage, 4),
                "hours": number(r.hours),
            }
            for r in t.roles
        ],
        "skills": [
            {
                **skill_ref(n.skill, fw),
                "needed_by": n.needed_by,
                "lacking": n.lacking,
                "hours": number(n.hours),
                "lacking_by_role": dict(n.lacking_by_role),
            }
            for n in t.skills
        ],
        "people": [member(m, fw) for m in t.members],
    }


def member(m: Member, fw: Framework | None = None) -> dict[str, Any]:
    """One person of a team: the gap to their own role (with its steps) and to each next rung."""
    return {
        "id": m.id,
        "name": m.holder.name,
        "role": m.role,
        "coverage": round(m.own.coverage, 4),
        "hours": number(m.own.plan.hours),
        "steps": [step(s, fw) for s in m.own.plan.steps],
        "next": [
            {
                "role": g.role,
                "coverage": round(g.coverage, 4),
                "hours": number(g.plan.hours),
            }
            for g in m.next
        ],
    }


def member_lines(people: Iterable[Member], fw: Framework | None = None) -> Iterator[str]:
    """A line per person (`member`), in the order given, each as soon as it is read."""
    return (line("team-member", member(m, fw)) for m in people)


def _candidate(x: Candidate, fw: Framework | None) -> dict[str, Any]:
    return {
        "rank": x.rank,
        "id": x.id,
        "name": x.holder.name,
        "role": x.holder.role,
        "qualified": x.qualified,
        "hours": number(x.gap.plan.hours),
        "coverage": round(x.gap.coverage, 4),
        "weeks": x.weeks,
        "steps": [step(s, fw) for s in x.gap.plan.steps],
    }


def candidate_lines(
    people: Iterable[Candidate], role: str, fw: Framework | None = None
) -> Iterator[str]:
    """A line per person considered for `role`, unranked, in the order given.

    The fields of a ranked candidate but `rank`, and `in_role` (the person holds the role).
    """
    for x in people:
        body = _candidate(x, fw)
        del body["rank"]
        yield line("candidate", {**body, "in_role": x.holder.role == role})


def candidates(c: Candidates, fw: Framework | None = None) -> str:
    """The JSON text of `candidates_body`."""
    return dumps("candidates", candidates_body(c, fw))


def candidates_body(c: Candidates, fw: Framework | None = None) -> dict[str, Any]:
    """Ranked candidates for a role."""
    return {
        "role": c.role,
        "considered": c.considered,
        "qualified": c.qualified,
        "eligible": c.eligible,
        "max_hours": None if c.max_hours is None else number(c.max_hours),
        "candidates": [_candidate(x, fw) for x in c.ranked],
        "in_role": [
            {
                "id": x.id,
                "name": x.holder.name,
                "coverage": round(x.gap.coverage, 4),
                "hours": number(x.gap.plan.hours),
            }
            for x in c.in_role
        ],
    }


# --- batch ---------------------------------------------------------------------------------

# How a batch file names the options of a query, for the words of its errors.
BATCH_OPTIONS: OptionNames = {
    "via": "via",
    "avoid": "avoid",
    "max_step": "max_step",
    "direct_on": "add `direct: true`",
    "from": "from: ROLE",
    "to": "to: ROLE",
    "profile": "profile: FILE",
    "request": "query",
    "roster": "a candidates query's roster: FILE",
    "time_limit": "time_limit",
    "memory_limit": "memory_limit",
}


def answer_body(value: Answer, fw: Framework | None = None) -> dict[str, Any]:
    """The document a batch result embeds: the one its command prints with --format json."""
    if isinstance(value, RouteResult):
        return document("route", routes_body(value, fw=fw))
    if isinstance(value, Gap):
        return document("gap", gap_body(value, fw=fw))
    if isinstance(value, AdjacentAnswer):
        return document("adjacent", neighbours_body(value.source, value.ranked, fw))
    if isinstance(value, Candidates):
        return document("candidates", candidates_body(value, fw))
    if isinstance(value, Rendered):  # by `AsText`, in a worker
        body: dict[str, Any] = json.loads(value.text)
        return body
    assert_never(value)


@dataclass(frozen=True)
class AsText:
    """An answer as the compact JSON a batch line embeds: for workers to render what they find.

    Given to `planner.parallel.run` as its `shape`; `stream_lines` then writes the text as is.
    """

    def __call__(self, framework: Framework, value: Answer) -> Rendered:
        """`value` rendered, with `framework`'s names beside ids as the command line shows."""
        return value if isinstance(value, Rendered) else Rendered(_body_text(value, framework))


def _body_text(value: Answer, fw: Framework | None) -> str:
    return value.text if isinstance(value, Rendered) else _compact(answer_body(value, fw))


def error_words(error: PathplanError | None) -> tuple[str | None, str | None]:
    """A batch result's error and hint, in the batch file's words."""
    if error is None:
        return None, None
    if isinstance(error, DataError):
        return "; ".join([error.message, *(problem_text(p) for p in error.problems)]), None
    return explain(error, BATCH_OPTIONS)


_FIRST = ("kind", "id")
_LAST = ("max_hours", "min_coverage")


def query(r: Result) -> dict[str, Any]:
    """The query as written (options left out were not set): kind and id first, gates last."""
    echo = r.query.model_dump(mode="json", by_alias=True, exclude_unset=True)
    order = [*_FIRST, *(k for k in echo if k not in _FIRST + _LAST), *_LAST]
    return {k: _plain(echo[k]) for k in order if k in echo}


def _plain(value: Any) -> Any:
    # YAML's `max_hours: 300` is the float 300.0 in the model; echo it as written.
    return number(value) if isinstance(value, float) else value


def result(r: Result, fw: Framework | None = None, *, answer: bool = True) -> dict[str, Any]:
    """One batch result, keys in a fixed order (`answer=False`: its `result` left null)."""
    error, hint = error_words(r.error)
    return {
        "index": r.index,
        "query": query(r),
        "status": r.status,
        "exit_code": r.exit_code,
        "hours": None if r.hours is None else number(r.hours),
        "coverage": None if r.coverage is None else round(r.coverage, 4),
        "gates": [
            {"gate": v.gate, "limit": v.limit, "actual": v.actual, "message": v.message}
            for v in r.violations
        ],
        "error": error,
        "hint": hint,
        "result": None if r.value is None or not answer else answer_body(r.value, fw),
    }


def summary(results: Sequence[Result]) -> dict[str, Any]:
    """How many queries ended in each status, and the exit code of the run."""
    counts = Counter(r.status for r in results)
    return {
        "queries": len(results),
        **{status: counts[status] for status in STATUSES},
        "exit_code": exit_code(list(results)),
    }


def batch_lines(results: Sequence[Result], fw: Framework | None = None) -> str:
    """JSON Lines: one compact document per result, in input order."""
    return "".join(stream_lines(results, fw))


def batch_line(r: Result, fw: Framework | None = None) -> str:
    """One result's line of `batch_lines`, newline included (to render results as they come)."""
    return line("batch-result", result(r, fw))


# Answers whose JSON `stream_lines` keeps, the least recently used dropped first: a batch's
# repeated queries share one answer (the planner answers them once), and rendering it is most
# of the cost of a repeat. (The batch command has its workers render: see `AsText`.)
KEPT_BODIES = 256


def stream_lines(results: Iterable[Result], fw: Framework | None = None) -> Iterator[str]:
    """`batch_line` of each result as it comes, an answer shared by several rendered once.

    The line is the same text: the result's fields, then the answer's document, which closes
    the line (`result` is its last key, so the two are joined where `"result":` ends).
    """
    bodies: OrderedDict[int, tuple[Answer, str]] = OrderedDict()
    for r in results:
        if r.value is None:
            yield batch_line(r, fw)
            continue
        kept = bodies.get(id(r.value))
        if kept is not None and kept[0] is r.value:
            bodies.move_to_end(id(r.value))
        else:
            kept = (r.value, _body_text(r.value, fw))
            bodies[id(r.value)] = kept
            if len(bodies) > KEPT_BODIES:
                bodies.popitem(last=False)
        head = line("batch-result", result(r, fw, answer=False))
        yield head[: -len("null}\n")] + kept[1] + "}\n"


def batch(results: Sequence[Result], fw: Framework | None = None) -> str:
    """Every result in one JSON document, with the summary first."""
    body = {"summary": summary(results), "results": [result(r, fw) for r in results]}
    return dumps("batch", body)


def to_dict(
    value: object,
    *,
    source: str | None = None,
    plan: Schedule | None = None,
    framework: Framework | None = None,
) -> dict[str, Any]:
    """The document `--format json` prints for a result, as plain dicts (kind and version first).

    `value` is a Gap (with `plan`, its schedule), the RouteResult `route` returns (`plan`
    schedules its best route), the Neighbours `adjacent` returns (with `source`, the role they
    move from), a Team, Candidates, or a batch Result. With `framework`, skills carry their
    names beside their ids, as on the command line. TypeError for anything else.
    """
    fw = framework
    if isinstance(value, Gap):
        return document("gap", gap_body(value, plan, fw))
    if isinstance(value, Team):
        return document("team", team_body(value, fw))
    if isinstance(value, Candidates):
        return document("candidates", candidates_body(value, fw))
    if isinstance(value, Result):
        return document("batch-result", result(value, fw))
    if isinstance(value, RouteResult):
        return document("route", routes_body(value, plan, fw))
    if isinstance(value, AdjacentAnswer):
        return answer_body(value, fw)
    items = list(value) if isinstance(value, list | tuple) else []
    if items and all(isinstance(n, Neighbour) for n in items):
        if source is None:
            raise TypeError("adjacent roles convert with source=, the role they move from")
        return document(
            "adjacent",
            neighbours_body(source, [n for n in items if isinstance(n, Neighbour)], fw),
        )
    raise TypeError(f"no JSON document for {type(value).__name__}")
