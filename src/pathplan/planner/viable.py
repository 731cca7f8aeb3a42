"""Viable moves: the roles a person in a role could realistically move to, by similarity of work.

A move from role A to role B is *viable* when, by the same similarity model `adjacent` ranks with
(`pathplan.planner.similarity`, a property of the two roles, not of who holds them):

- B is among A's `top` (10) realistic next roles: what `adjacent` ranks first from A for a
  holder of A, the best-scored other roles less those that holding A already meets at a lower
  level (a step down already made is not a move);
- their work is similar enough: `similarity.total` at least `similarity` (0.15);
- their level is close enough: `level_fit` at least `level_fit` (0.5: the same seniority or
  O*NET Job Zone, or one apart, or unknown).

This follows the published models. Nesta's Mapping Career Causeways calls a transition viable
when the two occupations' similarity is at least 0.3 (0.4: highly viable) and their Job Zones
differ by at most one; O*NET's related occupations are the most similar occupations by tasks,
work activities, knowledge and titles. The threshold is on pathplan's own similarity scale, which
runs lower than Career Causeways' on hand-written frameworks (no task or activity data): 0.15
keeps the related roles of the bundled framework (sales engineer to customer success manager,
0.16) and leaves out unrelated ones that rank in a small framework's top ten only because there
are few roles (content designer to sales engineer, 0.04). The top-10 cut keeps the relation sparse
on large taxonomies: at most ten viable moves from each of ESCO's 3,000 roles.

The relation is directed (B among A's best need not make A among B's), like declared moves.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathplan.errors import InvalidValueError, UnknownNameError
from pathplan.model import Framework
from pathplan.planner.adjacent import adjacent
from pathplan.planner.levels import start_levels

__all__ = ["DEFAULT_VIABILITY", "Viability", "viable_moves"]


@dataclass(frozen=True)
class Viability:
    """The rule that makes a move viable (see the module doc); InvalidValueError out of range."""

    top: int = 10
    similarity: float = 0.15
    level_fit: float = 0.5

    def __post_init__(self) -> None:
        if self.top < 1:
            raise InvalidValueError("top", self.top, "viable moves need top >= 1")
        for what in ("similarity", "level_fit"):
            value = getattr(self, what)
            if not 0 <= value <= 1:
                raise InvalidValueError(what, value, f"a viable move's {what} is between 0 and 1")


DEFAULT_VIABILITY = Viability()


def viable_moves(
    framework: Framework, role: str, rule: Viability = DEFAULT_VIABILITY
) -> tuple[str, ...]:
    """The roles a move from `role` (an id) to is viable, best first; UnknownNameError if none."""
    if role not in framework.roles:
        raise UnknownNameError("role", role, framework.role_names)
    ranked = adjacent(framework, start_levels(framework, role), role, top=rule.top)
    return tuple(
        n.role
        for n in ranked
        if n.similarity.total >= rule.similarity and n.level_fit >= rule.level_fit
    )
