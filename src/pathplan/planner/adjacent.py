"""Rank the roles a holder could realistically move to next: by similarity of the work.

The order comes from `planner.similarity`: how alike the two roles' work is (skills, work
activities, titles, technology; each 0..1) plus a light, symmetric level fit (seniority / job
zone), score = similarity + 0.1 x level fit. Hours to close are worked out for the roles shown
only, and break ties between roles whose scores are equal to two decimals (as shown); they never
decide the order otherwise, since hours alone put every easier role first.

Left out: the source role itself, and roles the holder already meets that sit below the source
(lower seniority or job zone): those are a step down, not a move.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pathplan.errors import UnknownNameError
from pathplan.model import Framework, Role
from pathplan.planner.plan import gap
from pathplan.planner.results import GapRow

if TYPE_CHECKING:
    # Imported when `adjacent` runs: other commands render through this module's types only.
    from pathplan.planner.similarity import Similarity

__all__ = ["TIE_DECIMALS", "Neighbour", "adjacent"]

# Scores equal to this many decimals (as the table shows them) are a tie, broken by hours.
TIE_DECIMALS = 2


@dataclass(frozen=True)
class Neighbour:
    """One candidate next role: why it ranks where it does, and what it would take."""

    role: str
    score: float  # similarity.total + LEVEL_WEIGHT * level_fit
    similarity: Similarity
    level_fit: float
    hours: float
    coverage: float
    missing: tuple[GapRow, ...]  # unmet requirements, most hours first
    declared: str | None  # "next" or "adjacent" when the source role declares this move


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

    `source` is a role id; UnknownNameError if the framework has no such role. The plan to each
    role shown is worked out (for its hours, coverage and what is missing), for no other.
    """
    from pathplan.planner.similarity import neighbours

    if source not in framework.roles:
        raise UnknownNameError("role", source, framework.role_names)
    if top is not None and top < 1:
        return []
    origin = framework.roles[source]
    declared = {**dict.fromkeys(origin.adjacent, "adjacent"), **dict.fromkeys(origin.next, "next")}
    kept: list[Neighbour] = []
    for match in neighbours(framework, source):
        # Past the last place, only a role tied with it (as shown) may still come in.
        if (
            top is not None
            and len(kept) >= top
            and round(match.score, TIE_DECIMALS) < round(kept[-1].score, TIE_DECIMALS)
        ):
            break
        g = gap(framework, held, match.role)
        if not g.plan.steps and _below(framework.roles[match.role], origin):
            continue
        kept.append(
            Neighbour(
                role=match.role,
                score=match.score,
                similarity=match.similarity,
                level_fit=match.level_fit,
                hours=g.plan.hours,
                coverage=g.coverage,
                missing=tuple(
                    sorted((r for r in g.rows if not r.met), key=lambda r: (-r.hours, r.skill))
                ),
                declared=declared.get(match.role),
            )
        )
    kept.sort(key=lambda n: (-round(n.score, TIE_DECIMALS), n.hours, n.role))
    return kept[:top] if top is not None else kept
