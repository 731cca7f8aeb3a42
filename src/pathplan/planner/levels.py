"""Levels: what roles need, and the least-hours levels that meet it.

`solve_levels` (and `optimal_levels`, its levels and hours) is the solver every plan and route
rests on; `start_levels` says what holding a role means. Pure functions of a framework and held
levels; the solver counts its work on a budget `Meter` and, once that is spent, returns the best
levels it has found with a proven lower bound instead of searching on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pathplan.model import Framework, Role, max_levels, union_groups
from pathplan.planner.budget import Meter
from pathplan.planner.results import Needs

__all__ = [
    "EPS",
    "Levels",
    "Raiser",
    "Solution",
    "meets",
    "optimal_levels",
    "role_needs",
    "solve_levels",
    "start_levels",
]

Levels = Mapping[str, int]
EPS = 1e-9


def role_needs(framework: Framework, roles: Iterable[str]) -> Needs:
    """What meeting every one of `roles` takes: the higher level wins, groups are kept once."""
    specs = [framework.roles[rid] for rid in roles]
    return Needs(
        max_levels(*(r.requires for r in specs)),
        tuple(union_groups(*(r.requires_any for r in specs))),
    )


class Raiser:
    """Raises skill levels with their prerequisites closed, counting the hours it adds."""

    def __init__(self, framework: Framework, held: Levels) -> None:
        self.skills = framework.skills
        self.held = held

    def level(self, raised: Levels, sid: str) -> int:
        return max(self.held.get(sid, 0), raised.get(sid, 0))

    def raise_to(self, raised: Levels, targets: Levels) -> tuple[dict[str, int], float]:
        out = dict(raised)
        added = 0.0
        stack = list(targets.items())
        while stack:
            sid, level = stack.pop()
            now = self.level(out, sid)
            if now >= level:
                continue
            skill = self.skills[sid]
            added += skill.hours_between(now, level)
            out[sid] = level
            if now == 0:  # started by the plan: its prerequisites come first
                stack.extend(skill.requires.items())
        return out, added


def meets(role: Role, held: Levels, raised: Levels) -> bool:
    """Whether `held` raised to `raised` meets every requirement of `role`."""

    def level(sid: str) -> int:
        return max(held.get(sid, 0), raised.get(sid, 0))

    return all(level(s) >= k for s, k in role.requires.items()) and all(
        any(level(s) >= k for s, k in group.items()) for group in role.requires_any
    )


def _implies(option: tuple[str, int], group: Mapping[str, int]) -> bool:
    """Whether holding `option` meets `group`."""
    sid, level = option
    return group.get(sid, level + 1) <= level


def _essential_groups(needs: Needs) -> list[Mapping[str, int]]:
    """The groups a plan must choose for, leaving out those met whatever the choice.

    A group met by `requires`, or by whichever option of another kept group is chosen, adds
    nothing. Ladders repeat groups this way (a junior's "any language at 2" under a mid-level
    "any language at 3"), and each kept group multiplies the branch and bound's work.
    """
    groups = [g for g in needs.groups if not any(_implies(o, g) for o in needs.requires.items())]
    kept: list[Mapping[str, int]] = []
    for i, group in enumerate(groups):
        others = [h for j, h in enumerate(groups) if j != i and ((j < i and h in kept) or j > i)]
        if not any(all(_implies(o, group) for o in other.items()) for other in others):
            kept.append(group)
    return kept


@dataclass(frozen=True)
class Solution:
    """Levels to raise skills to, their hours, and a lower bound on every plan's hours.

    `bound` equals `hours` when the levels are proven optimal; it is lower when the search was
    stopped by its budget before it could prove them.
    """

    levels: dict[str, int]
    hours: float
    bound: float

    @property
    def exact(self) -> bool:
        """Whether the levels are proven to be the least-hours ones."""
        return self.bound >= self.hours - EPS


def optimal_levels(
    framework: Framework, held: Levels, needs: Needs, meter: Meter | None = None
) -> tuple[dict[str, int], float]:
    """`solve_levels`' levels and hours (optimal unless `meter` ran out)."""
    found = solve_levels(framework, held, needs, meter)
    return found.levels, found.hours


def solve_levels(
    framework: Framework, held: Levels, needs: Needs, meter: Meter | None = None
) -> Solution:
    """The least-hours levels to raise skills to so `held` meets `needs`, and those hours.

    After the plain `requires` (with prerequisites) are raised, the `requires_any` groups left
    open are split into clusters that share no skill in any option's closure: clusters cannot
    affect each other's cost, so each is solved on its own and the hours add up. Within a
    cluster, a branch and bound tries each option of the dearest open group, cheapest first
    (declared order on ties), and cuts a branch when its cost plus a lower bound (the cheapest
    options of open groups with disjoint footprints, summed) cannot beat the best plan so far.
    Ties keep the first plan found, so the result is deterministic.

    Every node of the branch and bound ticks `meter`; once it is spent, each cluster keeps the
    best levels found (the first, greedy descent always completes) and the least bound of the
    branches not yet explored, so `bound` still holds for every plan.
    """
    raiser = Raiser(framework, held)
    base, cost = raiser.raise_to({}, needs.requires)
    groups = [
        g
        for g in _essential_groups(needs)
        if not any(raiser.level(base, s) >= k for s, k in g.items())
    ]
    levels, total, bound = dict(base), cost, cost
    for cluster in _clusters(groups, lambda g: _footprint(raiser, base, g)):
        found, hours, least = _search(raiser, cluster, base, cost, meter)
        levels.update({sid: lvl for sid, lvl in found.items() if lvl != base.get(sid)})
        total += hours - cost  # clusters raise disjoint skills: their extra hours add up
        bound += least - cost
    return Solution(levels, total, bound)


def _footprint(raiser: Raiser, raised: Levels, group: Mapping[str, int]) -> frozenset[str]:
    """Every skill some option of `group` would raise beyond `raised`."""
    changed: set[str] = set()
    for sid, level in group.items():
        new, _ = raiser.raise_to(raised, {sid: level})
        changed.update(s for s, k in new.items() if k != raised.get(s))
    return frozenset(changed)


def _clusters(
    groups: list[Mapping[str, int]], footprint: Callable[[Mapping[str, int]], frozenset[str]]
) -> list[list[Mapping[str, int]]]:
    """Groups joined when their footprints share a skill, in first-appearance order."""
    prints = [footprint(g) for g in groups]
    owner = list(range(len(groups)))

    def root(i: int) -> int:
        while owner[i] != i:
            owner[i] = owner[owner[i]]
            i = owner[i]
        return i

    for i in range(len(groups)):
        for j in range(i):
            if prints[i] & prints[j]:
                owner[root(i)] = root(j)
    clusters: dict[int, list[Mapping[str, int]]] = {}
    for i, group in enumerate(groups):
        clusters.setdefault(root(i), []).append(group)
    return list(clusters.values())


_Option = tuple[float, int, dict[str, int]]  # hours added, declared position, levels after


def _open_groups(
    raiser: Raiser, groups: list[Mapping[str, int]], raised: dict[str, int]
) -> list[tuple[float, frozenset[str], list[_Option]]]:
    """The groups `raised` leaves open, each with what the branch and bound weighs.

    That is the cheapest option's hours, every skill an option would change, and the options,
    cheapest first (declared order on ties).
    """
    found = []
    for group in groups:
        if any(raiser.level(raised, s) >= k for s, k in group.items()):
            continue
        options = sorted(
            (
                (added, i, new)
                for i, (new, added) in enumerate(
                    raiser.raise_to(raised, {s: k}) for s, k in group.items()
                )
            ),
            key=lambda o: (o[0], o[1]),
        )
        changed = frozenset(
            s for _, _, new in options for s, k in new.items() if k != raised.get(s)
        )
        found.append((options[0][0], changed, options))
    return found


class _OutOfBudget(Exception):
    """The meter ran out in the middle of a branch and bound."""


def _search(
    raiser: Raiser,
    groups: list[Mapping[str, int]],
    start: dict[str, int],
    start_cost: float,
    meter: Meter | None = None,
) -> tuple[dict[str, int], float, float]:
    """Branch and bound over `groups` from `start` (see `solve_levels`): levels, hours, bound."""
    best: list[Any] = [float("inf"), start]
    seen: set[frozenset[tuple[str, int]]] = set()
    # Per depth, a lower bound on the branches of that node not explored yet: if the meter runs
    # out, every plan not found is under one of them (or was cut, costing at least the best).
    frames: list[float] = []

    def search(raised: dict[str, int], cost: float) -> None:
        if meter is not None and best[0] < float("inf") and not meter.tick("plan", best[0]):
            raise _OutOfBudget
        key = frozenset(raised.items())
        if key in seen:
            return
        seen.add(key)
        open_groups = _open_groups(raiser, groups, raised)
        if not open_groups:
            if cost < best[0] - EPS:
                best[:] = [cost, raised]
            return
        # Branch on the dearest group; bound by the cheapest options of groups that raise
        # disjoint skills, whose hours therefore add up.
        open_groups.sort(key=lambda g: -g[0])
        bound, used = cost, frozenset[str]()
        for cheapest, changed, _ in open_groups:
            if not changed & used:
                bound, used = bound + cheapest, used | changed
        if bound >= best[0] - EPS:
            return
        frames.append(bound)
        for added, _, new in open_groups[0][2]:
            if cost + added >= best[0] - EPS:
                break
            # Options come cheapest first: this one and those after it cost at least this.
            frames[-1] = max(bound, cost + added)
            search(new, cost + added)
        frames.pop()

    try:
        search(start, start_cost)
        least = best[0]
    except _OutOfBudget:
        least = min([best[0], *frames])
    levels: dict[str, int] = best[1]
    return levels, best[0], least


def start_levels(framework: Framework, role: str) -> dict[str, int]:
    """What holding `role` means: its requires, each group's first option, their prerequisites."""
    spec = framework.roles[role]
    targets = dict(spec.requires)
    for group in spec.requires_any:
        sid, level = next(iter(group.items()))
        targets[sid] = max(level, targets.get(sid, 0))
    levels, _ = Raiser(framework, {}).raise_to({}, targets)
    return levels
