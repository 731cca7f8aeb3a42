"""Plans and gaps: the hours-optimal way for a holder to meet one role.

Definitions are DESIGN.md's. In short: a holder holds skill levels; a plan raises some skills so
the holder meets every `requires`, one option of every `requires_any` group, and the prerequisites
of every skill the plan starts (raises from level 0). A plan is optimal when no other such plan
costs fewer hours.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pathplan.errors import MissingRoleError, UnknownNameError
from pathplan.model import Framework, Holder, max_levels
from pathplan.planner.budget import DEFAULT_BUDGET, Budget, Meter, Progress
from pathplan.planner.levels import Levels, role_needs, solve_levels, start_levels
from pathplan.planner.reasons import plan_steps
from pathplan.planner.results import Gap, GapRow, Plan, Step

__all__ = ["gap", "holder", "plan"]


def _role(framework: Framework, role: str) -> None:
    """UnknownNameError unless `role` is a role id of `framework`."""
    if role not in framework.roles:
        raise UnknownNameError("role", role, framework.role_names)


def _solve(
    framework: Framework,
    held: Levels,
    role: str,
    budget: Budget,
    progress: Callable[[Progress], None] | None,
) -> tuple[dict[str, int], Callable[[tuple[Step, ...]], Plan]]:
    """The levels a plan for `role` ends at, and how to make the Plan of its steps."""
    _role(framework, role)
    meter = Meter(budget, progress)
    found = solve_levels(framework, held, role_needs(framework, [role]), meter)

    def finish(steps: tuple[Step, ...]) -> Plan:
        if found.exact:
            return Plan(steps)
        return Plan(steps, meter.stop, found.bound)

    return max_levels(held, found.levels), finish


def plan(
    framework: Framework,
    held: Levels,
    role: str,
    *,
    budget: Budget = DEFAULT_BUDGET,
    progress: Callable[[Progress], None] | None = None,
) -> Plan:
    """The hours-optimal plan that makes `held` meet `role` (an id); UnknownNameError if none.

    The search stops when `budget` runs out: the plan is then the best found, with `stop` and
    `bound` set (see Plan). `progress` hears how it goes, a few times a second.
    """
    after, finish = _solve(framework, held, role, budget, progress)
    return finish(plan_steps(framework, framework.roles[role], held, after))


def gap(
    framework: Framework,
    held: Levels,
    role: str,
    *,
    budget: Budget = DEFAULT_BUDGET,
    progress: Callable[[Progress], None] | None = None,
) -> Gap:
    """Each requirement of `role` against `held`, and the optimal plan to meet them all.

    `role` is a role id; UnknownNameError if the framework has no such role. `budget` and
    `progress` as for `plan`.
    """
    after, finish = _solve(framework, held, role, budget, progress)
    spec = framework.roles[role]
    rows = [
        GapRow(
            sid,
            (),
            held.get(sid, 0),
            level,
            framework.skills[sid].hours_between(held.get(sid, 0), level),
        )
        for sid, level in spec.requires.items()
    ]
    for group in spec.requires_any:
        # Show the option the holder already meets, else the one the optimal plan takes.
        sid, level = next(
            ((s, k) for s, k in group.items() if held.get(s, 0) >= k),
            next((s, k) for s, k in group.items() if after.get(s, 0) >= k),
        )
        rows.append(
            GapRow(
                sid,
                tuple(group),
                held.get(sid, 0),
                level,
                framework.skills[sid].hours_between(held.get(sid, 0), level),
            )
        )
    return Gap(role, tuple(rows), finish(plan_steps(framework, spec, held, after)))


def holder(framework: Framework, profile: Path | None = None, start: str | None = None) -> Holder:
    """Who a plan is for: a profile's exact skills, or what holding role `start` means.

    With a profile, `start` (if given) replaces the profile's role.

    Raises MissingRoleError("holder") when neither is given, UnknownNameError for an unknown
    role, DataError for a bad profile.
    """
    if profile is not None:
        from pathplan.loader.profile import read_profile  # YAML only when there is a file

        held = read_profile(profile, framework)
        role = framework.role_id(start) if start is not None else held.role
        return Holder(held.levels, role, held.name, held.hours_per_week)
    if start is None:
        raise MissingRoleError("holder")
    rid = framework.role_id(start)
    return Holder(start_levels(framework, rid), rid, None, None)
