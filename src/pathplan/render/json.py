"""JSON output: one object with "kind" and "version"; key order and numbers are stable."""

from __future__ import annotations

import json
from typing import Any

from pathplan.adjacent import WEIGHTS, Neighbour
from pathplan.errors import Problem
from pathplan.model import Framework, Role, Skill
from pathplan.planner import Gap, Move, Route, Step
from pathplan.schedule import Schedule

SCHEMA_VERSION = 1


def number(value: float) -> int | float:
    """Hours as JSON numbers: whole numbers stay integers, others keep two decimals."""
    rounded = round(value, 2)
    return int(rounded) if rounded == int(rounded) else rounded


def dumps(kind: str, body: dict[str, Any]) -> str:
    """The JSON document for one result."""
    return (
        json.dumps({"kind": kind, "version": SCHEMA_VERSION, **body}, indent=2, ensure_ascii=False)
        + "\n"
    )


def step(s: Step) -> dict[str, Any]:
    """One step."""
    return {
        "skill": s.skill,
        "from_level": s.from_level,
        "to_level": s.to_level,
        "hours": number(s.hours),
    }


def move(m: Move) -> dict[str, Any]:
    """One move of a route."""
    return {
        "from": m.source,
        "to": m.target,
        "kind": m.kind,
        "hours": number(m.hours),
        "steps": [step(s) for s in m.steps],
    }


def route_body(r: Route) -> dict[str, Any]:
    """The fields every route carries."""
    return {
        "roles": list(r.roles),
        "total_hours": number(r.hours),
        "moves": [move(m) for m in r.moves],
    }


def schedule(plan: Schedule) -> dict[str, Any]:
    """A schedule: weeks and ISO dates for each step, in plan order."""
    return {
        "hours_per_week": number(plan.hours_per_week),
        "start": plan.start.isoformat(),
        "finish": plan.finish.isoformat(),
        "weeks": plan.weeks,
        "steps": [
            {
                "move": item.move,
                "skill": item.step.skill,
                "start_week": item.start_week,
                "end_week": item.end_week,
                "start_date": item.start.isoformat(),
                "end_date": item.end.isoformat(),
            }
            for item in plan.items
        ],
    }


def routes(found: list[Route], start: str, target: str, plan: Schedule | None = None) -> str:
    """A route, with any alternatives after it, and its schedule when there is one."""
    body = {"from": start, "to": target, **route_body(found[0])}
    body["alternatives"] = [route_body(r) for r in found[1:]]
    if plan is not None:
        body["schedule"] = schedule(plan)
    return dumps("route", body)


def neighbours(source: str, ranked: list[Neighbour]) -> str:
    """Roles ranked as next moves."""
    return dumps(
        "adjacent",
        {
            "from": source,
            "weights": dict(WEIGHTS),
            "candidates": [
                {
                    "role": n.role,
                    "score": round(n.score, 4),
                    "similarity": round(n.similarity, 4),
                    "level_fit": round(n.level_fit, 4),
                    "ease": round(n.ease, 4),
                    "hours": number(n.hours),
                    "coverage": round(n.coverage, 4),
                    "declared": n.declared,
                    "missing": [
                        {
                            "skill": r.skill,
                            "held": r.held,
                            "required": r.required,
                            "hours": number(r.hours),
                        }
                        for r in n.missing[:3]
                    ],
                }
                for n in ranked
            ],
        },
    )


def gap(g: Gap, plan: Schedule | None = None) -> str:
    """A gap to one role, and its schedule when there is one."""
    body = _gap_body(g)
    if plan is not None:
        body["schedule"] = schedule(plan)
    return dumps("gap", body)


def _gap_body(g: Gap) -> dict[str, Any]:
    return {
        "role": g.role,
        "coverage": round(g.coverage, 4),
        "total_hours": number(g.plan.hours),
        "requirements": [
            {
                "skill": r.skill,
                "options": list(r.options) or None,
                "held": r.held,
                "required": r.required,
                "hours": number(r.hours),
                "met": r.met,
            }
            for r in g.rows
        ],
        "steps": [step(s) for s in g.plan.steps],
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
        "category": s.category,
        "description": s.description,
        "hours": [number(h) for h in s.hours],
        "requires": dict(s.requires),
        "resources": [r.model_dump(exclude_none=True) for r in s.resources],
    }


def roles(fw: Framework) -> str:
    """Every role."""
    return dumps("roles", {"roles": [role(r) for r in fw.roles.values()]})


def skills(fw: Framework) -> str:
    """Every skill."""
    return dumps(
        "skills", {"levels": list(fw.levels), "skills": [skill(s) for s in fw.skills.values()]}
    )


def problems(found: list[Problem], fw: Framework | None) -> str:
    """A validation report."""
    body: dict[str, Any] = {
        "valid": not found,
        "problems": [
            {
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "message": p.message,
                "hint": p.hint,
            }
            for p in found
        ],
    }
    if fw is not None:
        body["counts"] = {"skills": len(fw.skills), "roles": len(fw.roles)}
    return dumps("validation", body)
