"""Gap, hours-optimal plans and least-cost routes: pure functions of a framework and a holder.

Definitions are DESIGN.md's. In short: a holder holds skill levels; a plan raises some skills so
the holder meets every `requires`, one option of every `requires_any` group, and the prerequisites
of every skill the plan starts (raises from level 0). A plan is optimal when no other such plan
costs fewer hours; a route's cost is the optimal plan for all its roles after the start together.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pathplan.errors import NoRouteError, UsageError
from pathplan.graph import role_graph
from pathplan.model import Framework, Role

__all__ = [
    "Gap",
    "GapRow",
    "Move",
    "Needs",
    "Plan",
    "Route",
    "Step",
    "find_routes",
    "gap",
    "optimal_levels",
    "plan",
    "role_needs",
    "route",
    "start_levels",
]

Levels = Mapping[str, int]
_EPS = 1e-9


@dataclass(frozen=True)
class Step:
    """Raise one skill from one level to a higher one."""

    skill: str
    from_level: int
    to_level: int
    hours: float


@dataclass(frozen=True)
class Plan:
    """Steps in a valid learning order, and their total hours."""

    steps: tuple[Step, ...]

    @property
    def hours(self) -> float:
        """Total hours of the plan."""
        return sum(s.hours for s in self.steps)


@dataclass(frozen=True)
class Needs:
    """What must be met: every `requires` level and one option of every group."""

    requires: Mapping[str, int]
    groups: tuple[Mapping[str, int], ...]


@dataclass(frozen=True)
class GapRow:
    """One requirement of a role against what the holder holds."""

    skill: str
    options: tuple[str, ...]  # every option of a requires_any group; empty for a plain requires
    held: int
    required: int
    hours: float  # to raise `skill` from held to required, prerequisites not counted

    @property
    def met(self) -> bool:
        """Whether the holder already meets this requirement."""
        return self.held >= self.required


@dataclass(frozen=True)
class Gap:
    """A holder against a role: each requirement, coverage, and the optimal plan to close it."""

    role: str
    rows: tuple[GapRow, ...]
    plan: Plan

    @property
    def coverage(self) -> float:
        """Met requirements / all requirements (1.0 for a role with none)."""
        return sum(r.met for r in self.rows) / len(self.rows) if self.rows else 1.0


@dataclass(frozen=True)
class Move:
    """One move of a route: the steps, not done before, that the destination role needs."""

    source: str
    target: str
    kind: str  # next, adjacent, direct, or stay (a route from a role to itself)
    steps: tuple[Step, ...]

    @property
    def hours(self) -> float:
        """Hours of this move."""
        return sum(s.hours for s in self.steps)


@dataclass(frozen=True)
class Route:
    """Roles from start to target, and one move into each role after the start."""

    roles: tuple[str, ...]
    moves: tuple[Move, ...]

    @property
    def hours(self) -> float:
        """Total hours of the route."""
        return sum(m.hours for m in self.moves)


def role_needs(framework: Framework, roles: Iterable[str]) -> Needs:
    """What meeting every one of `roles` takes: the higher level wins, groups are kept once."""
    requires: dict[str, int] = {}
    groups: list[dict[str, int]] = []
    for rid in roles:
        role = framework.roles[rid]
        for sid, level in role.requires.items():
            requires[sid] = max(level, requires.get(sid, 0))
        groups += [dict(g) for g in role.requires_any if dict(g) not in groups]
    return Needs(requires, tuple(groups))


class _Raiser:
    """Raises skill levels with their prerequisites closed, counting the hours it adds.

    Raising a skill from what is held pulls in the same prerequisites whatever else is raised,
    because every level map this class hands out is already closed under prerequisites. So the
    closure of each (skill, level) is computed once per holder and merged by taking the higher
    level: a route search asks for the same few hundred closures tens of thousands of times.
    """

    def __init__(self, framework: Framework, held: Levels) -> None:
        self.skills = framework.skills
        self.held = held
        self._closures: dict[tuple[str, int], tuple[tuple[str, int], ...]] = {}

    def level(self, raised: Levels, sid: str) -> int:
        return max(self.held.get(sid, 0), raised.get(sid, 0))

    def closure(self, sid: str, level: int) -> tuple[tuple[str, int], ...]:
        """Every (skill, level) that raising `sid` to `level` from the held levels demands."""
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
        held, skills = self.held, self.skills
        for sid, level in targets.items():
            for s, k in self.closure(sid, level):
                now = max(held.get(s, 0), out.get(s, 0))
                if now < k:
                    added += skills[s].hours_between(now, k)
                    out[s] = k
        return out, added

    def delta(self, raised: Levels, sid: str, level: int) -> tuple[float, tuple[tuple[str, int], ...]]:
        """The hours and the new (skill, level)s of raising `sid` to `level` beyond `raised`.

        `raise_to(raised, {sid: level})` without copying `raised`: the search weighs every
        option of every open group but follows few of them.
        """
        held, skills = self.held, self.skills
        added = 0.0
        changes = []
        for s, k in self.closure(sid, level):
            now = max(held.get(s, 0), raised.get(s, 0))
            if now < k:
                added += skills[s].hours_between(now, k)
                changes.append((s, k))
        return added, tuple(changes)


def _meets(role: Role, held: Levels, raised: Levels) -> bool:
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
    requires = needs.requires
    # A requirement at level >= an option's level meets the group (as `_implies`, per option).
    groups = [g for g in needs.groups if not any(requires.get(s, 0) >= k for s, k in g.items())]
    if len(groups) < 2:
        return groups
    kept: list[Mapping[str, int]] = []
    for i, group in enumerate(groups):
        others = [h for j, h in enumerate(groups) if j != i and ((j < i and h in kept) or j > i)]
        if not any(all(_implies(o, group) for o in other.items()) for other in others):
            kept.append(group)
    return kept


def optimal_levels(
    framework: Framework, held: Levels, needs: Needs
) -> tuple[dict[str, int], float]:
    """The least-hours levels to raise skills to so `held` meets `needs`, and those hours.

    After the plain `requires` (with prerequisites) are raised, the `requires_any` groups left
    open are split into clusters that share no skill in any option's closure: clusters cannot
    affect each other's cost, so each is solved on its own and the hours add up. Within a
    cluster, a branch and bound tries each option of the dearest open group, cheapest first
    (declared order on ties), and cuts a branch when its cost plus a lower bound (the cheapest
    options of open groups with disjoint footprints, summed) cannot beat the best plan so far.
    Ties keep the first plan found, so the result is deterministic.
    """
    raiser = _Raiser(framework, held)
    base, cost = raiser.raise_to({}, needs.requires)
    return _optimal(raiser, needs, base, cost)


def _optimal(
    raiser: _Raiser, needs: Needs, base: dict[str, int], cost: float
) -> tuple[dict[str, int], float]:
    """`optimal_levels` once the plain requires are raised to `base` at `cost` hours."""
    groups = [
        g
        for g in _essential_groups(needs)
        if not any(raiser.level(base, s) >= k for s, k in g.items())
    ]
    if not groups:
        return dict(base), cost
    if len(groups) == 1:
        # What the branch and bound finds for one group: its cheapest option, the first declared
        # on ties. Most role sets a route search ranks leave one group open, or none.
        added, changes = min(
            (raiser.delta(base, s, k) for s, k in groups[0].items()), key=lambda o: o[0]
        )
        levels = dict(base)
        levels.update(changes)
        return levels, cost + added
    levels, total = dict(base), cost
    for cluster in _clusters(groups, lambda g: _footprint(raiser, base, g)):
        found, hours = _search(raiser, cluster, base, cost)
        levels.update({sid: lvl for sid, lvl in found.items() if lvl != base.get(sid)})
        total += hours - cost  # clusters raise disjoint skills: their extra hours add up
    return levels, total


class RoleSets:
    """Optimal levels for one holder and many sets of roles, as a route search asks for them.

    A search ranks thousands of role sets, each one role more than a set it ranked before.
    What raising the plain `requires` of a set costs is the previous set's levels merged with
    the new role's own (closures merge by taking the higher level), and a set whose new roles
    the previous set's optimal levels already meet costs no more than it did.
    """

    def __init__(self, framework: Framework, held: Levels) -> None:
        self.framework = framework
        self.held = held
        self.raiser = _Raiser(framework, held)
        self._own: dict[str, dict[str, int]] = {}
        self._bases: dict[frozenset[str], tuple[dict[str, int], float]] = {}
        self._plans: dict[frozenset[str], tuple[dict[str, int], float]] = {}

    def _base(
        self, roles: frozenset[str], parent: frozenset[str] | None
    ) -> tuple[dict[str, int], float]:
        found = self._bases.get(roles)
        if found is not None:
            return found
        known = self._bases.get(parent) if parent is not None else None
        if known is None or parent is None:
            found = self.raiser.raise_to({}, role_needs(self.framework, sorted(roles)).requires)
        else:
            levels, cost = dict(known[0]), known[1]
            held, skills = self.held, self.framework.skills
            for rid in roles - parent:
                own = self._own.get(rid)
                if own is None:
                    own = self.raiser.raise_to({}, self.framework.roles[rid].requires)[0]
                    self._own[rid] = own
                for sid, level in own.items():
                    now = max(held.get(sid, 0), levels.get(sid, 0))
                    if now < level:
                        cost += skills[sid].hours_between(now, level)
                        levels[sid] = level
            found = (levels, cost)
        self._bases[roles] = found
        return found

    def floor(self, roles: frozenset[str], parent: frozenset[str] | None = None) -> float:
        """A lower bound on `optimal(roles)[1]`: the plain requires, prerequisites included.

        `parent`, a subset of `roles` asked about before, makes it cheaper.
        """
        plan = self._plans.get(roles)
        if plan is not None:
            return plan[1]
        return self._base(roles, parent)[1] - _EPS  # never above the optimum, rounding aside

    def optimal(
        self, roles: frozenset[str], parent: frozenset[str] | None = None
    ) -> tuple[dict[str, int], float]:
        """`optimal_levels` for meeting every role of `roles` (not to be mutated)."""
        plan = self._plans.get(roles)
        if plan is not None:
            return plan
        known = self._plans.get(parent) if parent is not None else None
        fw = self.framework
        if known is not None and all(
            _meets(fw.roles[r], self.held, known[0]) for r in roles - (parent or frozenset())
        ):
            # The smaller set's optimal plan already meets the new roles: more roles never
            # cost less, so it is optimal for these too.
            plan = known
        else:
            base, cost = self._base(roles, parent)
            plan = _optimal(self.raiser, role_needs(fw, sorted(roles)), base, cost)
        self._plans[roles] = plan
        return plan


def _footprint(raiser: _Raiser, raised: Levels, group: Mapping[str, int]) -> frozenset[str]:
    """Every skill some option of `group` would raise beyond `raised`."""
    return frozenset(
        s for sid, level in group.items() for s, _ in raiser.delta(raised, sid, level)[1]
    )


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


def _search(
    raiser: _Raiser, groups: list[Mapping[str, int]], start: dict[str, int], start_cost: float
) -> tuple[dict[str, int], float]:
    """Branch and bound over `groups` from `start` (see `optimal_levels`)."""
    best: list[Any] = [float("inf"), start]
    seen: set[frozenset[tuple[str, int]]] = set()

    def search(raised: dict[str, int], cost: float) -> None:
        key = frozenset(raised.items())
        if key in seen:
            return
        seen.add(key)
        open_groups = []
        for group in groups:
            if any(raiser.level(raised, s) >= k for s, k in group.items()):
                continue
            options = sorted(
                ((*raiser.delta(raised, s, k), i) for i, (s, k) in enumerate(group.items())),
                key=lambda o: (o[0], o[2]),
            )
            changed = frozenset(s for _, changes, _ in options for s, _ in changes)
            open_groups.append((options[0][0], changed, options))
        if not open_groups:
            if cost < best[0] - _EPS:
                best[:] = [cost, raised]
            return
        # Branch on the dearest group; bound by the cheapest options of groups that raise
        # disjoint skills, whose hours therefore add up.
        open_groups.sort(key=lambda g: -g[0])
        bound, used = cost, frozenset[str]()
        for cheapest, changed, _ in open_groups:
            if not changed & used:
                bound, used = bound + cheapest, used | changed
        if bound >= best[0] - _EPS:
            return
        for added, changes, _ in open_groups[0][2]:
            if cost + added >= best[0] - _EPS:
                break
            new = dict(raised)
            new.update(changes)
            search(new, cost + added)

    search(start, start_cost)
    levels: dict[str, int] = best[1]
    return levels, best[0]


def _steps(framework: Framework, before: Levels, after: Levels) -> tuple[Step, ...]:
    """Steps from `before` to `after`, prerequisites first (by the framework's learning rank)."""
    steps = [
        Step(
            sid,
            before.get(sid, 0),
            level,
            framework.skills[sid].hours_between(before.get(sid, 0), level),
        )
        for sid, level in after.items()
        if level > before.get(sid, 0)
    ]
    steps.sort(key=lambda s: (framework.rank.get(s.skill, 0), s.skill))
    return tuple(steps)


def _merge(held: Levels, raised: Levels) -> dict[str, int]:
    out = dict(held)
    for sid, level in raised.items():
        out[sid] = max(level, out.get(sid, 0))
    return out


def plan(framework: Framework, held: Levels, role: str) -> Plan:
    """The hours-optimal plan that makes `held` meet `role`."""
    raised, _ = optimal_levels(framework, held, role_needs(framework, [role]))
    return Plan(_steps(framework, held, raised))


def start_levels(framework: Framework, role: str) -> dict[str, int]:
    """What holding `role` means: its requires, each group's first option, their prerequisites."""
    spec = framework.roles[role]
    targets = dict(spec.requires)
    for group in spec.requires_any:
        sid, level = next(iter(group.items()))
        targets[sid] = max(level, targets.get(sid, 0))
    levels, _ = _Raiser(framework, {}).raise_to({}, targets)
    return levels


def gap(framework: Framework, held: Levels, role: str) -> Gap:
    """Each requirement of `role` against `held`, and the optimal plan to meet them all."""
    spec = framework.roles[role]
    raised, _ = optimal_levels(framework, held, role_needs(framework, [role]))
    after = _merge(held, raised)
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
    return Gap(role, tuple(rows), Plan(_steps(framework, held, raised)))


def _moves(
    framework: Framework, held: Levels, roles: tuple[str, ...], kinds: Mapping[tuple[str, str], str]
) -> tuple[Move, ...]:
    """Split the optimal plan for `roles[1:]` into one move per role, in route order."""
    targets = roles[1:] or roles
    raised, _ = optimal_levels(framework, held, role_needs(framework, targets))
    final = _merge(held, raised)
    raiser = _Raiser(framework, held)
    current: dict[str, int] = {}
    moves = []
    for source, target in zip(roles, targets, strict=False):
        spec = framework.roles[target]
        wanted = dict(spec.requires)
        for group in spec.requires_any:
            # Of the options the whole plan meets, take the one cheapest from here.
            options = [(s, k) for s, k in group.items() if final.get(s, 0) >= k]
            s, k = min(options, key=lambda o: raiser.raise_to(current, {o[0]: o[1]})[1])
            wanted[s] = max(k, wanted.get(s, 0))
        after, _ = raiser.raise_to(current, wanted)
        steps = _steps(framework, _merge(held, current), _merge(held, after))
        kind = "stay" if source == target else kinds.get((source, target), "direct")
        moves.append(Move(source, target, kind, steps))
        current = after
    return tuple(moves)


class _MoveFloor:
    """Lower bounds on a move's hours that hold however the route goes on.

    A move must at least bring the role's plain `requires` (with prerequisites) up from what the
    earlier moves left; those moves raised at most every option of every group they met.
    """

    def __init__(self, framework: Framework, held: Levels) -> None:
        self.framework = framework
        self.held = held
        self.raiser = _Raiser(framework, held)
        self.forced: dict[str, dict[str, int]] = {}
        self.ceiling: dict[str, dict[str, int]] = {}

    def _forced(self, role: str) -> dict[str, int]:
        if role not in self.forced:
            self.forced[role] = self.raiser.raise_to({}, self.framework.roles[role].requires)[0]
        return self.forced[role]

    def _ceiling(self, role: str) -> dict[str, int]:
        if role not in self.ceiling:
            spec = self.framework.roles[role]
            targets = dict(spec.requires)
            for group in spec.requires_any:
                for sid, level in group.items():
                    targets[sid] = max(level, targets.get(sid, 0))
            self.ceiling[role] = self.raiser.raise_to({}, targets)[0]
        return self.ceiling[role]

    def prefix(self, path: tuple[str, ...]) -> tuple[dict[str, int], dict[str, int]]:
        """The least and the most that the moves along `path` can leave the holder with."""
        least: dict[str, int] = dict(self.held)
        most: dict[str, int] = dict(self.held)
        for role in path[1:]:
            for sid, level in self._forced(role).items():
                least[sid] = max(level, least.get(sid, 0))
            for sid, level in self._ceiling(role).items():
                most[sid] = max(level, most.get(sid, 0))
        return least, most

    def pointless(self, least: Levels, role: str) -> bool:
        """Whether `role` is met by `least`, so a move into it is empty.

        Such a stop changes neither the plan nor the other moves; with --direct the route
        without it exists and is the same with fewer roles, which ties prefer.
        """
        spec = self.framework.roles[role]
        return all(least.get(s, 0) >= k for s, k in spec.requires.items()) and all(
            any(least.get(s, 0) >= k for s, k in group.items()) for group in spec.requires_any
        )

    def move(self, most: Levels, role: str) -> float:
        """A lower bound on the hours of a move into `role` after a prefix that left `most`."""
        skills = self.framework.skills
        return sum(
            skills[sid].hours_between(most.get(sid, 0), level)
            for sid, level in self._forced(role).items()
        )


class SearchLimitError(NoRouteError):
    """The route search gave up before finding an allowed route."""


SEARCH_LIMIT = 50_000  # partial routes examined before giving up (only --max-step can get here)


def find_routes(
    framework: Framework,
    held: Levels,
    start: str,
    target: str,
    *,
    direct: bool = False,
    avoid: Iterable[str] = (),
    via: Iterable[str] = (),
    max_step: float | None = None,
    limit: int = SEARCH_LIMIT,
) -> Iterator[Route]:
    """Allowed routes from `start` to `target`, cheapest first (fewer roles, then ids, on ties).

    Best-first search over simple paths of the role graph. A partial route is ranked by the optimal
    plan for its roles plus the target and any `via` roles not yet visited: adding roles never
    lowers that, so it is a lower bound on every completion and routes come out in cost order.
    With `max_step`, a partial route whose last move must exceed it is cut; since a move's split
    depends on the whole route, complete routes are checked exactly. SearchLimitError after
    `limit` partial routes.
    """
    avoid, via = set(avoid), tuple(dict.fromkeys(via))
    # Declared moves only: with `direct`, every other role is a successor, and building that
    # complete graph (9 million edges for ESCO's 3,000 roles) took longer than the search.
    graph = role_graph(framework)
    kinds = {(a, b): kind for a, b, kind in graph.edges(data="kind")}
    graph.remove_nodes_from(avoid - {start, target})
    everyone = sorted(graph.nodes) if direct else []
    floor = _MoveFloor(framework, held)
    sets = RoleSets(framework, held)
    ends = frozenset({target, *via})

    def successors(node: str) -> list[str]:
        return [n for n in everyone if n != node] if direct else sorted(graph.successors(node))

    def roles(path: tuple[str, ...]) -> frozenset[str]:
        """The roles whose optimal plan bounds every completion of `path`."""
        return frozenset(path[1:]) | ends

    def bound(path: tuple[str, ...]) -> float:
        return sets.optimal(roles(path), roles(path[:-1]))[1]

    if start == target:
        if via:
            raise UsageError("--via needs a route between two different roles")
        yield Route((start,), _moves(framework, held, (start,), kinds))
        return
    first = (start, target)
    if not via and (direct or graph.has_edge(start, target)):
        # The direct move's bound is the start's bound, the least any route can have, and no
        # route is shorter: the search would pop it first. Yield it before expanding the start,
        # which costs a bound per successor (3,000 with ESCO and --direct).
        found = Route(first, _moves(framework, held, first, kinds))
        if max_step is None or all(m.hours <= max_step + _EPS for m in found.moves):
            yield found
    # A new partial route enters the heap with a cheap key that never exceeds its bound (what
    # its roles' plain requirements cost) and is solved exactly only when it comes to the top.
    # Most partial routes cost more than the route found, so they never do. Since a stand-in
    # key never exceeds the real one, routes come out in the same order as if every partial
    # route were solved when pushed.
    heap: list[tuple[float, int, tuple[str, ...], bool]] = [
        (bound((start,)), 1, (start,), True)
    ]
    done: set[tuple[str, frozenset[str]]] = set()
    popped = 0
    while heap:
        _, size, path, exact = heapq.heappop(heap)
        if not exact:
            heapq.heappush(heap, (bound(path), size, path, True))
            continue
        popped += 1
        if popped > limit:
            raise SearchLimitError(
                f"stopped after {limit:,} partial routes without finding an allowed one",
                "narrow the search with --via or --avoid, or raise --max-step",
            )
        if path[-1] == target:
            if path == first and not via:
                continue  # already judged above
            found = Route(path, _moves(framework, held, path, kinds))
            if max_step is None or all(m.hours <= max_step + _EPS for m in found.moves):
                yield found
            continue
        if max_step is None:
            # Same end, same roles: same cost and same future, so one of them is enough.
            key = (path[-1], frozenset(path))
            if key in done:
                continue
            done.add(key)
        if max_step is not None:
            least, most = floor.prefix(path)
        for succ in successors(path[-1]):
            if succ in path or (succ == target and not set(via) <= set(path)):
                continue
            if max_step is not None:
                if floor.move(most, succ) > max_step + _EPS:
                    continue
                # Only with --direct does the same route without the stop exist for sure: in a
                # declared network an empty role may be the only way through.
                if direct and succ not in (target, *via) and floor.pointless(least, succ):
                    continue
            new = (*path, succ)
            heapq.heappush(heap, (sets.floor(roles(new), roles(path)), len(new), new, False))


def route(
    framework: Framework,
    held: Levels,
    start: str,
    target: str,
    *,
    direct: bool = False,
    avoid: Iterable[str] = (),
    via: Iterable[str] = (),
    max_step: float | None = None,
    alternatives: int = 0,
) -> list[Route]:
    """The least-cost allowed route and up to `alternatives` next-best; NoRouteError if none."""
    avoid, via = tuple(avoid), tuple(via)
    for name in (start, target):
        if name in avoid:
            raise UsageError(f"'{name}' is both avoided and an end of the route")
    found: list[Route] = []
    seen: set[tuple[str, ...]] = set()
    try:
        routes = find_routes(
            framework, held, start, target, direct=direct, avoid=avoid, via=via, max_step=max_step
        )
        for r in routes:
            if r.roles not in seen:
                seen.add(r.roles)
                found.append(r)
            if len(found) > alternatives:
                break
    except SearchLimitError:
        if not found:
            raise
    if not found:
        raise _no_route(
            framework, held, start, target, direct=direct, avoid=avoid, via=via, max_step=max_step
        )
    return found


def _no_route(
    framework: Framework,
    held: Levels,
    start: str,
    target: str,
    *,
    direct: bool,
    avoid: tuple[str, ...],
    via: tuple[str, ...],
    max_step: float | None,
) -> NoRouteError:
    """Say which constraint cut every route, and what would work instead."""
    import networkx as nx

    widen = "" if direct else ", or add --direct to allow a move between any two roles"
    # With `direct` every role reaches every other: no need to build that graph to ask.
    graph = None if direct else role_graph(framework)
    if graph is not None and not nx.has_path(graph, start, target):
        return NoRouteError(
            f"no declared moves lead from '{start}' to '{target}'",
            "add --direct to allow a move between any two roles",
        )
    if graph is not None:
        open_graph = graph.subgraph(set(graph) - set(avoid))
        if avoid and not nx.has_path(open_graph, start, target):
            return NoRouteError(
                f"every route from '{start}' to '{target}' passes through {_names(avoid)}"
                " (--avoid)",
                "avoid fewer roles" + widen,
            )
        for stop in via:
            if not (nx.has_path(open_graph, start, stop) and nx.has_path(open_graph, stop, target)):
                return NoRouteError(
                    f"no route from '{start}' to '{target}' passes through '{stop}' (--via)",
                    "drop that --via" + widen,
                )
    if max_step is None:  # only the combination of --via roles cut it
        return NoRouteError(
            f"no simple route from '{start}' to '{target}' passes through {_names(via)} (--via)",
            "drop a --via" + widen,
        )
    try:
        best = route(framework, held, start, target, direct=direct, avoid=avoid, via=via)[0]
    except NoRouteError:
        return NoRouteError(f"no route from '{start}' to '{target}' with --max-step {max_step:g}")
    largest = max(m.hours for m in best.moves)
    return NoRouteError(
        f"no route from '{start}' to '{target}' keeps every move within --max-step {max_step:g}",
        f"the cheapest route without it, {' -> '.join(best.roles)}, has a move of "
        f"{largest:g} h (--max-step {largest:g} allows it)" + widen,
    )


def _names(roles: Iterable[str]) -> str:
    return ", ".join(f"'{r}'" for r in roles)
