"""Why each step is in a plan: the requirement it meets, or the prerequisite it enables.

A plan for a role raises each skill to the highest level something in that plan asks of it:
a requirement of the role (a `requires` entry, or the option chosen for a `requires_any` group
the holder did not already meet) or a prerequisite of a skill the same plan starts from level
0. A step's reason is that binding need; on equal levels a requirement wins over a
prerequisite (so a step the role asks for says so), and among prerequisites the skill learned
first wins, so the reason is the same on every run. A prerequisite's reason carries its chain:
the skills it leads to, each needing the one before, up to the requirement the chain is for.
"""

from __future__ import annotations

from collections.abc import Mapping

from pathplan.model import Framework, Role
from pathplan.planner.results import Prerequisite, Reason, Requirement, Step

__all__ = ["explain", "plan_steps"]


def plan_steps(
    framework: Framework, role: Role, before: Mapping[str, int], after: Mapping[str, int]
) -> tuple[Step, ...]:
    """The steps of a plan for `role` from `before` to `after`, prerequisites first, with reasons.

    `after` holds every level the plan ends at (at least `before`'s).
    """
    reasons = explain(framework, role, before, after)
    steps = [
        Step(
            sid,
            before.get(sid, 0),
            level,
            framework.skills[sid].hours_between(before.get(sid, 0), level),
            reasons[sid],
        )
        for sid, level in after.items()
        if level > before.get(sid, 0)
    ]
    steps.sort(key=lambda s: (framework.rank.get(s.skill, 0), s.skill))
    return tuple(steps)


def explain(
    framework: Framework, role: Role, before: Mapping[str, int], after: Mapping[str, int]
) -> dict[str, Reason]:
    """The reason of every skill that a plan for `role` raises from `before` to `after`.

    `after` holds every level the plan ends at (at least `before`'s).
    """
    raised = [s for s, k in after.items() if k > before.get(s, 0)]
    # Learning order, dependents last: walking it backwards, the skills that need a skill have
    # their reasons before it does, so its prerequisite chain can continue theirs.
    raised.sort(key=lambda s: (framework.rank.get(s, 0), s))
    started = [s for s in raised if before.get(s, 0) == 0]
    open_groups = [
        g for g in role.requires_any if not any(before.get(s, 0) >= k for s, k in g.items())
    ]
    # The skills started that need each skill: (their place in `started`, who, at what level).
    needed_by: dict[str, list[tuple[int, str, int]]] = {}
    for rank, other in enumerate(started):
        for sid, level in framework.skills[other].requires.items():
            needed_by.setdefault(sid, []).append((rank, other, level))
    reasons: dict[str, Reason] = {}
    for sid in reversed(raised):
        # (level, kind, tie-break, reason): the highest level binds; requirements first.
        needs: list[tuple[int, int, int, Reason]] = []
        if sid in role.requires:
            level = role.requires[sid]
            needs.append((level, 0, 0, Requirement(role.id, sid, level)))
        for group in open_groups:
            if sid in group and after.get(sid, 0) >= group[sid]:
                level = group[sid]
                needs.append((level, 1, 0, Requirement(role.id, sid, level, tuple(group))))
        for rank, other, level in needed_by.get(sid, ()):
            if other in reasons:
                up = reasons[other]
                chain: tuple[str, ...]
                if isinstance(up, Requirement):
                    chain, end = (other,), up
                else:
                    chain, end = (other, *up.chain), up.requirement
                needs.append((level, 2, rank, Prerequisite(other, level, chain, end)))
        if needs:
            reasons[sid] = min(needs, key=lambda n: (-n[0], n[1], n[2]))[3]
    return reasons
