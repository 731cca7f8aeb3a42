"""Levels: what roles need, and the least-hours levels that meet it.

`solve_levels` (and `optimal_levels`, its levels and hours) is the solver every plan and route
rests on; `start_levels` says what holding a role means. Pure functions of a framework and held
levels; the solver counts its work on a budget `Meter` and, once that is spent, returns the best
levels it has found with a proven lower bound instead of searching on.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pathplan.model import Framework, Role, max_levels, union_groups
from pathplan.planner.budget import Meter
from pathplan.planner.memo import per_framework
from pathplan.planner.results import Needs

__all__ = [
    "EPS",
    "Levels",
    "Raiser",
    "RoleSets",
    "Solution",
    "holder_raiser",
    "meets",
    "optimal_levels",
    "role_needs",
    "solve_levels",
    "start_levels",
]

Levels = Mapping[str, int]
EPS = 1e-9
# A skill's hours from each level to each level; a role's need: skill, level, held level, hours.
_Span = tuple[tuple[float, ...], ...]
_Need = tuple[str, int, int, _Span]


def role_needs(framework: Framework, roles: Iterable[str]) -> Needs:
    """What meeting every one of `roles` takes: the higher level wins, groups are kept once."""
    specs = [framework.roles[rid] for rid in roles]
    return Needs(
        max_levels(*(r.requires for r in specs)),
        tuple(union_groups(*(r.requires_any for r in specs))),
    )


class Raiser:
    """Raises skill levels with their prerequisites closed, counting the hours it adds.

    Every level map it hands out is closed under prerequisites, so raising a skill from what is
    held pulls in the same prerequisites whatever else was raised before. The closure of each
    (skill, level) is therefore worked out once per holder and merged by taking the higher
    level: a route search asks for the same few hundred closures tens of thousands of times.
    """

    def __init__(self, framework: Framework, held: Levels) -> None:
        self.skills = framework.skills
        self.held = held
        self.roles = framework.roles
        self.hours = _spans(framework, max(held.values(), default=0))
        self._own: dict[str, tuple[_Need, ...]] = {}
        self._needs: dict[tuple[str, int], tuple[_Need, ...]] = {}
        self._closures: dict[tuple[str, int], tuple[tuple[str, int], ...]] = {}
        self._reach: dict[tuple[Any, ...], tuple[str, ...]] = {}
        self._solved: dict[tuple[Any, ...], tuple[dict[str, int], float]] = {}

    @property
    def remembered(self) -> int:
        """How many cluster answers it remembers (what grows with the searches it serves)."""
        return len(self._solved)

    def role_base(
        self, role: str
    ) -> tuple[tuple[str, int, int, tuple[tuple[float, ...], ...]], ...]:
        """What raising `role`'s plain requires asks: (skill, level, held level, its hours).

        The hours are `self.hours[skill]`, by level from and to.
        """
        found = self._own.get(role)
        if found is None:
            levels, _ = self.raise_to({}, self.roles[role].requires)
            held, hours = self.held, self.hours
            found = self._own[role] = tuple(
                (sid, level, held.get(sid, 0), hours[sid]) for sid, level in levels.items()
            )
        return found

    def level(self, raised: Levels, sid: str) -> int:
        return max(self.held.get(sid, 0), raised.get(sid, 0))

    def closure(self, sid: str, level: int) -> tuple[tuple[str, int], ...]:
        """Every (skill, level) that raising `sid` to `level` from the held levels asks for."""
        key = (sid, level)
        found = self._closures.get(key)
        if found is None:
            held = self.held
            wanted: dict[str, int] = {}
            stack = [key]
            while stack:
                s, k = stack.pop()
                now = max(held.get(s, 0), wanted.get(s, 0))
                if now >= k:
                    continue
                wanted[s] = k
                if now == 0:  # started by the plan: its prerequisites come first
                    stack.extend(self.skills[s].requires.items())
            found = self._closures[key] = tuple(wanted.items())
        return found

    def raise_to(self, raised: Levels, targets: Levels) -> tuple[dict[str, int], float]:
        out = dict(raised)
        added = 0.0
        held, hours = self.held, self.hours
        for sid, level in targets.items():
            for s, k in self.closure(sid, level):
                now = max(held.get(s, 0), out.get(s, 0))
                if now < k:
                    added += hours[s][now][k]
                    out[s] = k
        return out, added

    def solved(
        self,
        groups: list[Mapping[str, int]],
        base: dict[str, int],
        cost: float,
        meter: Meter | None = None,
    ) -> tuple[dict[str, int], float, float]:
        """The best choice for `groups`: the levels beyond `base`, extra hours, a bound on them.

        The bound is the extra hours again when the choice is proven the best. The branch and
        bound (`_search`) sees only the levels of skills in the closures of the groups' options,
        so its answer is remembered by the groups and those levels: a route search meets the
        same cluster (the target's groups, say) in most role sets it ranks. Only proven answers
        are remembered.
        """
        shape = tuple(tuple(g.items()) for g in groups)
        reach = self._reach.get(shape)
        if reach is None:
            skills = {s for g in groups for o in g.items() for s, _ in self.closure(*o)}
            reach = self._reach[shape] = tuple(sorted(skills))
        key = (shape, *(base.get(s, 0) for s in reach))
        found = self._solved.get(key)
        if found is not None:
            return found[0], found[1], found[1]
        levels, hours, least = _search(self, groups, base, cost, meter)
        changes = {sid: lvl for sid, lvl in levels.items() if lvl != base.get(sid)}
        if least >= hours - EPS:
            self._solved[key] = (changes, hours - cost)
        return changes, hours - cost, least - cost

    def delta(
        self, raised: Levels, sid: str, level: int
    ) -> tuple[float, tuple[tuple[str, int], ...]]:
        """The hours and the new (skill, level)s of raising `sid` to `level` beyond `raised`.

        `raise_to(raised, {sid: level})` without copying `raised`: a search weighs every
        option of every open group but follows few of them. `raised` holds levels above the
        held ones only, as every level map this class hands out does.
        """
        needs = self._needs.get((sid, level))
        if needs is None:
            held, hours = self.held, self.hours
            needs = self._needs[sid, level] = tuple(
                (s, k, held.get(s, 0), hours[s]) for s, k in self.closure(sid, level)
            )
        added = 0.0
        changes = []
        for s, k, held_level, span in needs:
            now = raised.get(s, held_level)
            if now < k:
                added += span[now][k]
                changes.append((s, k))
        return added, tuple(changes)


def meets(role: Role, held: Levels, raised: Levels) -> bool:
    """Whether `held` raised to `raised` meets every requirement of `role`."""
    # Loops, not generators: a route search asks this for most role sets it solves.
    for s, k in role.requires.items():
        if held.get(s, 0) < k and raised.get(s, 0) < k:
            return False
    for group in role.requires_any:
        for s, k in group.items():
            if held.get(s, 0) >= k or raised.get(s, 0) >= k:
                break
        else:
            return False
    return True


def _covers(other: Mapping[str, int], group: Mapping[str, int]) -> bool:
    """Whether meeting `other` meets `group`: each of its options is one of `group`'s or above."""
    return other.keys() <= group.keys() and all(group[s] <= k for s, k in other.items())


def _essential_groups(groups: list[Mapping[str, int]]) -> list[Mapping[str, int]]:
    """The groups a plan must choose for, leaving out those met whatever the choice.

    `groups` are those the plain `requires` (with prerequisites) leave open. A group that holds
    whichever option of another kept group is chosen adds nothing. Ladders repeat groups this
    way (a junior's "any language at 2" under a mid-level "any language at 3"), and each kept
    group multiplies the branch and bound's work. (A group met by the requires cannot decide
    whether another is kept: what its options imply, the requires meet already.)
    """
    if len(groups) < 2:
        return groups
    kept: list[Mapping[str, int]] = []
    for i, group in enumerate(groups):
        # Another group covers it: a later one, or an earlier one that is kept.
        if not any(
            _covers(other, group) and (j > i or other in kept)
            for j, other in enumerate(groups)
            if j != i
        ):
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
    return _optimal(raiser, needs.groups, base, cost, meter)


def _optimal(
    raiser: Raiser,
    groups: Iterable[Mapping[str, int]],
    base: dict[str, int],
    cost: float,
    meter: Meter | None = None,
    essential: Callable[[list[Mapping[str, int]]], list[Mapping[str, int]]] = _essential_groups,
) -> Solution:
    """`solve_levels`, once the plain requires are raised to `base` at `cost` hours.

    `essential` is `_essential_groups`, or the same remembered.
    """
    held = raiser.held
    left = []
    for g in groups:
        for s, k in g.items():
            if (base.get(s) or held.get(s, 0)) >= k:  # raised levels are above the held ones
                break
        else:
            left.append(g)
    open_groups = essential(left)
    # Each option's hours and the levels it raises, beyond `base`.
    options = [[raiser.delta(base, s, k) for s, k in g.items()] for g in open_groups]
    if len(open_groups) < 2:
        # What the branch and bound finds for one group: its cheapest option, the first declared
        # on ties (min keeps the first of equals). Most role sets leave one group open, or none.
        added, changes = min(
            (o for each in options for o in each), key=lambda o: o[0], default=(0.0, ())
        )
        return Solution({**base, **dict(changes)}, cost + added, cost + added)
    levels, total, bound = dict(base), cost, cost
    for cluster in _clusters(options):
        if len(cluster) == 1:
            # The same answer as the branch and bound's (above), without its set-up.
            added, changes = min(options[cluster[0]], key=lambda o: o[0])
            found, extra = dict(changes), cost + added - cost
            least = extra
        else:
            chosen = [open_groups[i] for i in cluster]
            found, extra, least = raiser.solved(chosen, base, cost, meter)
        levels.update(found)
        total += extra  # clusters raise disjoint skills: their extra hours add up
        bound += least
    return Solution(levels, total, bound)


def _clusters(options: list[list[tuple[float, tuple[tuple[str, int], ...]]]]) -> list[list[int]]:
    """Groups (by position) joined when their options raise a skill in common.

    Each group's options as `Raiser.delta` gives them; the clusters in first-appearance order.
    """
    owner = list(range(len(options)))

    def root(i: int) -> int:
        while owner[i] != i:
            owner[i] = owner[owner[i]]
            i = owner[i]
        return i

    first: dict[str, int] = {}  # the first group raising each skill
    for i, each in enumerate(options):
        for _, changes in each:
            for sid, _ in changes:
                j = first.setdefault(sid, i)
                if j != i and root(i) != root(j):
                    owner[root(i)] = root(j)
    clusters: dict[int, list[int]] = {}
    for i in range(len(options)):
        clusters.setdefault(root(i), []).append(i)
    return list(clusters.values())


_Option = tuple[float, tuple[tuple[str, int], ...], int]  # hours, levels raised, position


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
            ((*raiser.delta(raised, s, k), i) for i, (s, k) in enumerate(group.items())),
            key=lambda o: (o[0], o[2]),
        )
        changed = frozenset(s for _, changes, _ in options for s, _ in changes)
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
        for added, changes, _ in open_groups[0][2]:
            if cost + added >= best[0] - EPS:
                break
            # Options come cheapest first: this one and those after it cost at least this.
            frames[-1] = max(bound, cost + added)
            search({**raised, **dict(changes)}, cost + added)
        frames.pop()

    try:
        search(start, start_cost)
        least = best[0]
    except _OutOfBudget:
        least = min([best[0], *frames])
    levels: dict[str, int] = best[1]
    return levels, best[0], least


class RoleSets:
    """Optimal levels for one holder and many sets of roles, as a route search asks for them.

    A search ranks thousands of role sets, each one role more than a set it ranked before. What
    the plain `requires` of a set cost is then the smaller set's levels merged with the new
    role's own (closures merge by taking the higher level); and a set whose new roles the
    smaller set's optimal levels already meet costs what the smaller set did. Most sets are
    only ranked (`floor`), never solved, so their levels are worked out only when they are.
    `raiser` may be shared by every search for the same holder (`holder_raiser`).
    """

    def __init__(self, framework: Framework, held: Levels, raiser: Raiser | None = None) -> None:
        self.framework = framework
        self.held = held
        self.raiser = raiser or Raiser(framework, held)
        self._groups = _role_groups(framework)
        self._kept: dict[tuple[int, ...], list[Mapping[str, int]]] = per_framework(
            framework, "essential groups", dict
        )
        self._costs: dict[frozenset[str], float] = {}
        self._bases: dict[frozenset[str], tuple[dict[str, int], float]] = {}
        self._plans: dict[frozenset[str], Solution] = {}

    def floor(
        self, roles: frozenset[str], parent: frozenset[str] | None = None, role: str | None = None
    ) -> float:
        """A lower bound on `optimal(roles)`'s hours: the plain requires, prerequisites included.

        `parent`, a subset of `roles` asked about before, makes it cheaper to work out; `role`
        is the one role of `roles` not in `parent`, if known.
        """
        plan = self._plans.get(roles)
        if plan is not None:
            return plan.bound
        cost = self._costs.get(roles)
        if cost is None:
            cost = self._cost(roles, parent, role)
        return cost - EPS  # never above the optimum, rounding aside

    def optimal(
        self,
        roles: frozenset[str],
        parent: frozenset[str] | None = None,
        meter: Meter | None = None,
    ) -> Solution:
        """`solve_levels` for meeting every role of `roles`; the levels are shared, not copied.

        `parent`, a subset of `roles` asked about before, may spare the branch and bound.
        """
        plan = self._plans.get(roles)
        if plan is not None:
            return plan
        fw = self.framework
        known = self._plans.get(parent) if parent is not None else None
        if known is not None and all(
            meets(fw.roles[r], self.held, known.levels) for r in roles - (parent or frozenset())
        ):
            # More roles never cost less, so the smaller set's plan is optimal here too (and a
            # bound on it still bounds this set).
            plan = known
        else:
            base, cost = self._base(roles, parent)
            plan = _optimal(self.raiser, self._union(roles), base, cost, meter, self._essential)
        self._plans[roles] = plan
        return plan

    def levels(self, roles: frozenset[str], parent: frozenset[str] | None = None) -> None:
        """Work out the plain requires' levels of `roles`, for `floor` on sets with one more.

        A set whose plan is its parent's never needed them until now.
        """
        self._base(roles, parent)

    def _essential(self, groups: list[Mapping[str, int]]) -> list[Mapping[str, int]]:
        """`_essential_groups`, remembered: the same open groups recur in many role sets.

        The groups are the framework's own (`_union`), so they are told apart by identity.
        """
        key = tuple(map(id, groups))
        found = self._kept.get(key)
        if found is None:
            if len(self._kept) >= _KEPT_GROUPS:
                self._kept.clear()
            found = self._kept[key] = _essential_groups(groups)
        return found

    def _union(self, roles: frozenset[str]) -> list[Mapping[str, int]]:
        """`role_needs(roles).groups`: each group once, the first role's (by id) where repeated."""
        seen: set[frozenset[tuple[str, int]]] = set()
        out = []
        for rid in sorted(roles):
            for key, group in self._groups[rid]:
                if key not in seen:
                    seen.add(key)
                    out.append(group)
        return out

    def _cost(
        self, roles: frozenset[str], parent: frozenset[str] | None, role: str | None
    ) -> float:
        """The hours of `_base(roles, parent)`, without its levels when `parent`'s are known.

        The one role more (`role`, if given) is merged into the parent's levels, not a copy.
        """
        known = self._bases.get(roles)
        if known is not None:
            return known[1]
        known = self._bases.get(parent) if parent is not None else None
        if known is None or parent is None or len(roles) != len(parent) + 1:
            return self._base(roles, parent)[1]
        if role is None:
            (role,) = roles - parent
        levels, cost = known
        for sid, level, held, span in self.raiser.role_base(role):
            now = levels.get(sid, held)  # raised levels are above the held ones
            if now < level:
                cost += span[now][level]
        self._costs[roles] = cost
        return cost

    def _base(
        self, roles: frozenset[str], parent: frozenset[str] | None
    ) -> tuple[dict[str, int], float]:
        """The plain requires of `roles` raised with their prerequisites, and the hours."""
        found = self._bases.get(roles)
        if found is not None:
            return found
        known = self._bases.get(parent) if parent is not None else None
        if known is None or parent is None:
            found = self.raiser.raise_to({}, role_needs(self.framework, sorted(roles)).requires)
        else:
            levels, cost = dict(known[0]), known[1]
            for rid in roles - parent:
                for sid, level, held, span in self.raiser.role_base(rid):
                    now = levels.get(sid, held)
                    if now < level:
                        cost += span[now][level]
                        levels[sid] = level
            found = (levels, cost)
        # The hours as first worked out (`_cost`), so every ranking of this set agrees.
        found = (found[0], self._costs.pop(roles, found[1]))
        self._bases[roles] = found
        return found


# Lists of open groups whose essential ones are remembered, per framework (then forgotten).
_KEPT_GROUPS = 100_000
# The raisers of recent holders, per framework: a batch asks many routes from each start role.
_HOLDERS = 64
# A raiser whose remembered cluster answers grow past this many is not shared any further.
_SHARED_SOLVED = 50_000


def holder_raiser(framework: Framework, held: Levels) -> Raiser:
    """A Raiser for `held`, shared with earlier searches for the same holder in this process.

    What a Raiser remembers (closures, each role's plain requires, cluster answers) depends on
    the holder only, so a route search from the same start re-uses it. The most recent holders
    are kept, and a raiser that has remembered a great deal is replaced by a fresh one.
    """
    kept: OrderedDict[frozenset[tuple[str, int]], Raiser] = per_framework(
        framework, "raisers", OrderedDict
    )
    key = frozenset(held.items())
    raiser = kept.pop(key, None)
    if raiser is None or raiser.remembered > _SHARED_SOLVED:
        raiser = Raiser(framework, held)
    kept[key] = raiser
    if len(kept) > _HOLDERS:
        kept.popitem(last=False)
    return raiser


def _role_groups(
    framework: Framework,
) -> dict[str, tuple[tuple[frozenset[tuple[str, int]], Mapping[str, int]], ...]]:
    """Each role's `requires_any` groups, each with what makes two groups the same."""
    return per_framework(
        framework,
        "role groups",
        lambda: {
            rid: tuple((frozenset(g.items()), g) for g in role.requires_any)
            for rid, role in framework.roles.items()
        },
    )


def _spans(framework: Framework, top: int) -> dict[str, _Span]:
    """`Skill.hours_between(a, b)` of every skill, for a and b up to `top` or the top level.

    Looked up, not summed again: a route search asks for them hundreds of thousands of times.
    The same sums, so the same floating-point values.
    """

    def build() -> dict[str, _Span]:
        n = max(top, framework.max_level) + 1
        return {
            sid: tuple(tuple(skill.hours_between(a, b) for b in range(n)) for a in range(n))
            for sid, skill in framework.skills.items()
        }

    if top <= framework.max_level:
        return per_framework(framework, "hours between levels", build)
    return build()  # held above the top level: not from a checked profile, so not kept


def start_levels(framework: Framework, role: str) -> dict[str, int]:
    """What holding `role` means: its requires, each group's first option, their prerequisites.

    Worked out once per role and framework (a batch asks it of every query's start role), and
    copied for the caller.
    """
    kept: dict[str, dict[str, int]] = per_framework(framework, "start levels", dict)
    levels = kept.get(role)
    if levels is None:
        spec = framework.roles[role]
        targets = dict(spec.requires)
        for group in spec.requires_any:
            sid, level = next(iter(group.items()))
            targets[sid] = max(level, targets.get(sid, 0))
        levels, _ = Raiser(framework, {}).raise_to({}, targets)
        kept[role] = levels
    return dict(levels)
