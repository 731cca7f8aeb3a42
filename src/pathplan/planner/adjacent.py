"""Rank the roles a holder could realistically move to next.

Hours alone are the wrong signal: the cheapest targets are the easier roles, not the neighbours.
The score blends three parts, each in 0..1:

- similarity (weight 0.5): how much of what the holder has is what the role asks, as a weighted
  overlap of skill levels, sum(min(held, required)) / sum(max(held, required)) over the skills of
  either. A role's group (`requires_any`) counts with the option closest to what is held; its
  `optional` skills count at half weight; `importance` ratings (importers) weight skills by
  importance / 5. A superset role scores high, a subset (easier) role lower, an unrelated role low.
  Where both roles carry importance ratings for every element (O*NET imports), this is averaged
  with the correlation of the two importance profiles (each element centered on its mean over
  all roles), which reads the whole profile of the work rather than the generic skills every
  occupation shares.
- level fit (weight 0.25): same seniority 1.0, one step up 0.9, two up 0.5, one down 0.5,
  otherwise 0; the same scale on O*NET job zones (same 1.0, one apart 0.6, else 0.1); the mean
  of the two where both are known, 0.75 where neither is.
- ease (weight 0.25): 1 / (1 + hours / 300), where hours is the optimal plan to meet the role.
  300 h is about six months at 12 hours a week.

Left out: the source role itself, and roles the holder already meets that sit below the source
(lower seniority or job zone): those are a step down, not a move.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from pathplan.errors import UnknownNameError
from pathplan.model import Framework, Role
from pathplan.planner.plan import gap
from pathplan.planner.results import GapRow

__all__ = ["EASE_HOURS", "WEIGHTS", "Neighbour", "adjacent"]

WEIGHTS = {"similarity": 0.5, "level_fit": 0.25, "ease": 0.25}
EASE_HOURS = 300.0
_SENIORITY_FIT = {0: 1.0, 1: 0.9, 2: 0.5, -1: 0.5}
_ZONE_FIT = {0: 1.0, 1: 0.6, -1: 0.6}


@dataclass(frozen=True)
class Neighbour:
    """One candidate next role, with the parts of its score and what it would take."""

    role: str
    score: float
    similarity: float
    level_fit: float
    ease: float
    hours: float
    coverage: float
    missing: tuple[GapRow, ...]  # unmet requirements, most hours first
    declared: str | None  # "next" or "adjacent" when the source role declares this move


def _wanted(role: Role, held: Mapping[str, int]) -> dict[str, tuple[int, float]]:
    """Skill -> (level, weight) a role asks for, groups by the option closest to what is held."""
    out: dict[str, tuple[int, float]] = {}

    def add(sid: str, level: int, weight: float) -> None:
        if sid not in out or level > out[sid][0]:
            out[sid] = (level, weight)

    for sid, level in role.requires.items():
        add(sid, level, 1.0)
    for group in role.requires_any:
        sid, level = max(group.items(), key=lambda o: min(held.get(o[0], 0), o[1]) / o[1])
        add(sid, level, 1.0)
    for sid, level in role.optional.items():
        add(sid, level, 0.5)
    return out


def profile_similarity(source: Role, role: Role, means: Mapping[str, float]) -> float:
    """Correlation of two importance profiles, mapped from -1..1 onto 0..1.

    The cosine after centering each element on its mean over all roles, so the generic
    elements every occupation rates high cancel out.
    """
    skills = set(source.importance) | set(role.importance) | set(means)
    a = {s: source.importance.get(s, 1.0) - means.get(s, 1.0) for s in skills}
    b = {s: role.importance.get(s, 1.0) - means.get(s, 1.0) for s in skills}
    dot = sum(a[s] * b[s] for s in skills)
    norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return (1 + dot / norm) / 2 if norm else 0.5


def importance_means(framework: Framework) -> dict[str, float]:
    """Mean importance of each element over the roles that carry ratings (1 where unrated)."""
    rated = [r.importance for r in framework.roles.values() if r.importance]
    skills = {s for ratings in rated for s in ratings}
    return {s: sum(r.get(s, 1.0) for r in rated) / len(rated) for s in skills}


def similarity(
    held: Mapping[str, int],
    role: Role,
    source: Role | None = None,
    means: Mapping[str, float] | None = None,
) -> float:
    """Weighted overlap of held levels and the levels `role` asks for (see the module doc).

    Where both roles carry importance ratings for every element (O*NET), the overlap is averaged
    with the cosine of the two importance profiles: it reads the whole profile of the work, not
    only the elements over the threshold, and so tells related occupations from ones that merely
    share generic skills.
    """
    wanted = _wanted(role, held)
    importance = {**(source.importance if source else {}), **role.importance}
    top = 0.0
    bottom = 0.0
    for sid in set(wanted) | set(held):
        required, weight = wanted.get(sid, (0, 1.0))
        if sid in importance:
            weight *= importance[sid] / 5
        have = held.get(sid, 0)
        top += weight * min(have, required)
        bottom += weight * max(have, required)
    overlap = top / bottom if bottom else 1.0
    if source is not None and source.importance and role.importance and means is not None:
        return (overlap + profile_similarity(source, role, means)) / 2
    return overlap


def level_fit(source: Role, target: Role) -> float:
    """How close the two roles' seniority and job zone are, moving up being the natural way."""
    parts = []
    if source.seniority is not None and target.seniority is not None:
        parts.append(_SENIORITY_FIT.get(target.seniority - source.seniority, 0.0))
    if source.job_zone is not None and target.job_zone is not None:
        parts.append(_ZONE_FIT.get(target.job_zone - source.job_zone, 0.1))
    return sum(parts) / len(parts) if parts else 0.75


def _below(role: Role, source: Role) -> bool:
    if role.seniority is not None and source.seniority is not None:
        return role.seniority < source.seniority
    if role.job_zone is not None and source.job_zone is not None:
        return role.job_zone < source.job_zone
    return False


def adjacent(
    framework: Framework, held: Mapping[str, int], source: str, *, top: int | None = 10
) -> list[Neighbour]:
    """Other roles ranked as next moves from `source` for a holder of `held`, best first.

    `source` is a role id; UnknownNameError if the framework has no such role.
    """
    if source not in framework.roles:
        raise UnknownNameError("role", source, framework.role_names)
    origin = framework.roles[source]
    means = importance_means(framework) if origin.importance else None
    declared = {**dict.fromkeys(origin.adjacent, "adjacent"), **dict.fromkeys(origin.next, "next")}
    ranked = []
    for rid, role in framework.roles.items():
        if rid == source:
            continue
        g = gap(framework, held, rid)
        if not g.plan.steps and _below(role, origin):
            continue
        parts = {
            "similarity": similarity(held, role, origin, means),
            "level_fit": level_fit(origin, role),
            "ease": 1 / (1 + g.plan.hours / EASE_HOURS),
        }
        score = sum(WEIGHTS[k] * v for k, v in parts.items())
        missing = sorted((r for r in g.rows if not r.met), key=lambda r: (-r.hours, r.skill))
        ranked.append(
            Neighbour(
                role=rid,
                score=score,
                similarity=parts["similarity"],
                level_fit=parts["level_fit"],
                ease=parts["ease"],
                hours=g.plan.hours,
                coverage=g.coverage,
                missing=tuple(missing),
                declared=declared.get(rid),
            )
        )
    ranked.sort(key=lambda n: (-round(n.score, 9), n.hours, n.role))
    return ranked[:top] if top is not None else ranked
