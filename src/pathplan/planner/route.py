"""Least-cost routes between roles, and why there is none when there is none.

A route's cost is the optimal plan for all its roles after the start together (skills are never
lost); each move carries the steps, not done before, that its destination needs.

Which moves a route may take (docs/routes.md):

- declared moves (`next`, `adjacent`), always;
- with `direct`, also viable moves (`pathplan.planner.viable`: similar work at a close level)
  and any move between two roles the request names (the start, the target, the `via` roles).
  So the direct move from start to target is allowed, but every stop the search picks by itself
  is reached and left by a declared or viable move.

Every search counts its work on a budget (`pathplan.planner.budget`) and, when that runs out,
returns the best route it has with the least cost any route can have, or says it found none.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pathplan.errors import (
    AvoidedEndError,
    AvoidedRolesError,
    MaxStepError,
    NoDeclaredPathError,
    NoRouteError,
    SearchStoppedError,
    ViaCombinationError,
    ViaUnreachableError,
    ViaWithoutMoveError,
)
from pathplan.graph import role_graph
from pathplan.model import Framework, max_levels
from pathplan.planner.budget import DEFAULT_BUDGET, Budget, Meter, Progress
from pathplan.planner.levels import (
    EPS,
    Levels,
    Raiser,
    RoleSets,
    Solution,
    holder_raiser,
    meets,
    role_needs,
    solve_levels,
)
from pathplan.planner.memo import per_framework
from pathplan.planner.reasons import plan_steps
from pathplan.planner.results import Move, Route, RouteResult
from pathplan.planner.viable import DEFAULT_VIABILITY, Viability, viable_moves

__all__ = ["find_routes", "route", "route_moves"]

# Complete routes weighed, cheapest first, for the best one to return when the budget runs out.
_INCUMBENTS = 20
# With `max_step`, the share of the time held back for a greedy search for some route, should
# the proof run out; the stops that search tries at most, and from each stop.
_DIVE_SHARE = 0.2
_DIVE_NODES = 300
_DIVE_WIDTH = 4


@dataclass(frozen=True)
class _Request:
    """What a route must be: its ends, the roles it passes or avoids, its largest move."""

    start: str
    target: str
    direct: bool = False
    avoid: frozenset[str] = frozenset()
    via: tuple[str, ...] = ()
    max_step: float | None = None
    viability: Viability = DEFAULT_VIABILITY

    @property
    def named(self) -> frozenset[str]:
        """The roles the request names: with `direct`, moves between them are always allowed."""
        return frozenset((self.start, self.target, *self.via))

    def fits(self, r: Route) -> bool:
        """Whether every move of `r` is within `max_step`."""
        return self.max_step is None or all(m.hours <= self.max_step + EPS for m in r.moves)


@dataclass(frozen=True)
class _Declared:
    """A framework's declared moves: the role network, each move's kind, where each role leads.

    The same for every route on the framework, so worked out once (`_declared`).
    """

    graph: Any  # networkx DiGraph, frozen: every search shares it
    kinds: dict[tuple[str, str], str]
    after: dict[str, tuple[str, ...]]  # the roles each role's declared moves go to, in id order


def _declared(framework: Framework) -> _Declared:
    def build() -> _Declared:
        import networkx as nx

        graph = nx.freeze(role_graph(framework))
        kinds = {(a, b): str(kind) for a, b, kind in graph.edges(data="kind")}
        after = {rid: tuple(sorted(graph.successors(rid))) for rid in graph}
        return _Declared(graph, kinds, after)

    return per_framework(framework, "declared moves", build)


class _Moves:
    """The moves a route may take from each role, and the kind of each (see the module doc)."""

    def __init__(self, framework: Framework, request: _Request) -> None:
        self.framework = framework
        self.request = request
        declared = _declared(framework)
        self.graph = declared.graph
        self.kinds = declared.kinds
        self.after = declared.after
        self.closed = request.avoid - {request.start, request.target}
        # Each role's viable moves are ranked once per framework and rule, for every search.
        self._viable: dict[str, tuple[str, ...]] = per_framework(
            framework, f"viable moves {request.viability}", dict
        )

    def viable(self, role: str) -> tuple[str, ...]:
        """The viable moves from `role`."""
        found = self._viable.get(role)
        if found is None:
            found = self._viable[role] = viable_moves(self.framework, role, self.request.viability)
        return found

    def successors(self, role: str) -> Sequence[str]:
        """Every role a move from `role` may go to, in id order."""
        request, closed = self.request, self.closed
        declared = self.after[role]
        if not request.direct:
            return [r for r in declared if r not in closed] if closed else declared
        out = {r for r in declared if r not in closed}
        out.update(r for r in self.viable(role) if r not in request.avoid)
        if role in request.named:
            out.update(request.named - {role})
        return sorted(out)

    def kind(self, source: str, target: str) -> str:
        """The kind of an allowed move: next or adjacent, direct (named roles), else viable."""
        declared = self.kinds.get((source, target))
        if declared is not None:
            return str(declared)
        named = self.request.named
        # Between two named roles the move is allowed as such: no need to rank neighbours.
        return "direct" if source in named and target in named else "viable"


def route_moves(
    framework: Framework,
    held: Levels,
    roles: tuple[str, ...],
    kind: Callable[[str, str], str],
    meter: Meter | None = None,
    solved: Solution | None = None,
    raiser: Raiser | None = None,
) -> tuple[Move, ...]:
    """Split the optimal plan for `roles[1:]` into one move per role, in route order.

    `kind(source, target)` names each move; a route from a role to itself is one `stay` move.
    `solved` is that plan's solution when it is known already; `raiser`, one for `held`.
    """
    targets = roles[1:] or roles
    found = solved or solve_levels(framework, held, role_needs(framework, targets), meter)
    final = max_levels(held, found.levels)
    raiser = raiser or Raiser(framework, held)
    current: dict[str, int] = {}
    now = max_levels(held, current)
    moves = []
    for source, target in zip(roles, targets, strict=False):
        spec = framework.roles[target]
        wanted = dict(spec.requires)
        for group in spec.requires_any:
            if any(now.get(s, 0) >= k for s, k in group.items()):
                continue  # met already: raising another option could only add a step
            # Of the options the whole plan meets, take the one cheapest from here.
            options = [(s, k) for s, k in group.items() if final.get(s, 0) >= k]
            s, k = min(options, key=lambda o: raiser.delta(current, *o)[0])
            wanted[s] = max(k, wanted.get(s, 0))
        after, _ = raiser.raise_to(current, wanted)
        later = max_levels(held, after)
        steps = plan_steps(framework, spec, now, later)
        name = "stay" if source == target else kind(source, target)
        moves.append(Move(source, target, name, steps))
        current, now = after, later
    return tuple(moves)


class _MoveFloor:
    """Lower bounds on a move's hours that hold however the route goes on.

    A move must at least bring the role's plain `requires` (with prerequisites) up from what the
    earlier moves left; those moves raised at most every option of every group they met.
    """

    def __init__(self, framework: Framework, held: Levels, raiser: Raiser) -> None:
        self.framework = framework
        self.held = held
        self.raiser = raiser
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

    def most(self, path: tuple[str, ...]) -> dict[str, int]:
        """The most that the moves along `path` can leave the holder with."""
        most: dict[str, int] = dict(self.held)
        for role in path[1:]:
            for sid, level in self._ceiling(role).items():
                most[sid] = max(level, most.get(sid, 0))
        return most

    def paid(self, path: tuple[str, ...]) -> tuple[str, ...]:
        """The stops of `path` after the start that the earlier stops' requirements do not meet.

        Any other stop is met by every plan that meets the earlier roles: its move is empty.
        """
        least: dict[str, int] = dict(self.held)
        out = []
        for role in path[1:]:
            spec = self.framework.roles[role]
            if not (
                all(least.get(s, 0) >= k for s, k in spec.requires.items())
                and all(any(least.get(s, 0) >= k for s, k in g.items()) for g in spec.requires_any)
            ):
                out.append(role)
            for sid, level in self._forced(role).items():
                least[sid] = max(level, least.get(sid, 0))
        return tuple(out)

    def move(self, most: Levels, role: str) -> float:
        """A lower bound on the hours of a move into `role` after a prefix that left `most`."""
        skills = self.framework.skills
        return sum(
            skills[sid].hours_between(most.get(sid, 0), level)
            for sid, level in self._forced(role).items()
        )


# A partial route waiting in the search: key, size, path, exact, its roles, its parent's roles.
_Entry = tuple[float, int, tuple[str, ...], bool, frozenset[str], frozenset[str]]


class _Stopped(Exception):
    """The budget ran out: the best complete route known (if any), and the least any costs."""

    def __init__(self, incumbent: Route | None, bound: float | None) -> None:
        super().__init__("the route search ran out of budget")
        self.incumbent = incumbent
        self.bound = bound


@dataclass
class _Search:
    """Best-first search over simple paths of the allowed moves (see `find_routes`)."""

    framework: Framework
    held: Levels
    request: _Request
    meter: Meter
    moves: _Moves = field(init=False)
    floor: _MoveFloor = field(init=False)
    sets: RoleSets = field(init=False)
    # (key, size, path, exact, roles, parent's roles): a partial route enters keyed by what its
    # roles' plain requires cost (`RoleSets.floor`) and is solved exactly only when it comes to
    # the top; most cost more than the route found, so they never are. No key exceeds the exact
    # one, so routes still come out in cost order. (The roles are `roles(path)`, kept.)
    heap: list[_Entry] = field(default_factory=list)
    last_key: float | None = None  # the key of the last route popped: no route waiting is less

    def __post_init__(self) -> None:
        self.moves = _Moves(self.framework, self.request)
        raiser = holder_raiser(self.framework, self.held)
        self.floor = _MoveFloor(self.framework, self.held, raiser)
        self.sets = RoleSets(self.framework, self.held, raiser)

    def roles(self, path: tuple[str, ...]) -> frozenset[str]:
        """The roles every completion of `path` must meet: its own, the target and via roles.

        More roles never lower the optimal plan, so theirs bounds every completion.
        """
        return frozenset(path[1:]) | {self.request.target, *self.request.via}

    def plan(self, path: tuple[str, ...]) -> Solution:
        """The plan for the roles of `path` (a plan the budget stopped has a proven bound)."""
        return self.sets.optimal(self.roles(path), self.roles(path[:-1]), self.meter)

    def complete(self, path: tuple[str, ...]) -> Route | None:
        """The route along `path` when it is allowed (its moves within `max_step`)."""
        # A complete path holds the target and the via roles: its plan is that of its roles.
        solved = self.plan(path)
        moves = route_moves(
            self.framework, self.held, path, self.moves.kind, self.meter, solved, self.sets.raiser
        )
        found = Route(path, moves)
        return found if self.request.fits(found) else None

    def stopped(self, incumbent: Route | None = None) -> _Stopped:
        """What the search knows when the budget runs out.

        That is the best route it can find quickly (`incumbent` if given), and the least any
        route costs: the least key of the partial routes it had not ruled out.
        """
        keys = [self.heap[0][0]] if self.heap else []
        bound = min(keys + ([self.last_key] if self.last_key is not None else []), default=None)
        target = self.request.target
        waiting = sorted(entry for entry in self.heap if entry[2][-1] == target)
        for _, _, path, *_ in waiting[:_INCUMBENTS]:
            if incumbent is not None:
                break
            incumbent = self.complete(path)
        if incumbent is None and self.request.max_step is not None and not self.request.via:
            incumbent = self.dive()
        return _Stopped(incumbent, bound)

    def dive(self) -> Route | None:
        """A route found greedily, depth first, with the time held back for it (module doc).

        From each stop it tries the target, then the stops that leave the least to learn for
        the target afterwards, a few at each depth, until a route fits or the time is up.
        """
        if not self.meter.release():
            return None
        request, target = self.request, self.request.target
        assert request.max_step is not None
        limit = request.max_step + EPS
        left = [_DIVE_NODES]

        def go(path: tuple[str, ...]) -> Route | None:
            left[0] -= 1
            if left[0] < 0 or not self.meter.tick("route"):
                return None
            nexts = [s for s in self.moves.successors(path[-1]) if s not in path]
            if target in nexts and (found := self.complete((*path, target))) is not None:
                return found
            most, here = self.floor.most(path), self.cost(path[1:])
            ranked = []
            for s in nexts:
                if s == target or self.floor.move(most, s) > limit:
                    continue
                with_s = self.cost((*path[1:], s))
                if with_s - here <= limit:
                    ranked.append((self.cost((*path[1:], s, target)) - with_s, with_s, s))
            for *_, s in sorted(ranked)[:_DIVE_WIDTH]:
                if (found := go((*path, s))) is not None:
                    return found
            return None

        return go((request.start,))

    def cost(self, roles: tuple[str, ...]) -> float:
        """The hours of the plan for `roles` together (each set solved once)."""
        return self.sets.optimal(frozenset(roles), frozenset(roles[:-1]), self.meter).hours

    def state(self, path: tuple[str, ...]) -> tuple[object, ...]:
        """What the future of `path` depends on: paths alike in it cost and go on the same.

        That is the last role and the roles visited; with `max_step` also the order of the
        roles that cost something, since the split into moves follows it (a stop the earlier
        roles' requirements already meet adds an empty move and changes no other).
        """
        if self.request.max_step is None:
            return (path[-1], frozenset(path))
        return (path[-1], frozenset(path), self.floor.paid(path))

    def expand(self, path: tuple[str, ...], roles: frozenset[str], parent: frozenset[str]) -> None:
        """Push every allowed one-move extension of `path`, whose roles are `roles`.

        `parent` are the roles of `path` less its last move's.
        """
        request, heap, floor = self.request, self.heap, self.sets.floor
        self.sets.levels(roles, parent)  # what every extension's key is worked out from
        most = self.floor.most(path) if request.max_step is not None else {}
        size = len(path) + 1
        for succ in self.moves.successors(path[-1]):
            if succ in path or (succ == request.target and not set(request.via) <= set(path)):
                continue
            if request.max_step is not None and (
                self.floor.move(most, succ) > request.max_step + EPS
            ):
                continue
            # `roles((*path, succ))`: one role more, unless it is the target or a via role.
            new = roles if succ in roles else roles | {succ}
            key = floor(new, roles, succ)
            heapq.heappush(heap, (key, size, (*path, succ), False, new, roles))

    def error(self, stopped: _Stopped) -> SearchStoppedError:
        """The error for a search that ran out of budget before it found a route."""
        assert self.meter.stop is not None  # _Stopped is raised only once the meter is spent
        return SearchStoppedError(
            self.request.start,
            self.request.target,
            self.meter.stop,
            stopped.bound,
            direct=self.request.direct,
        )

    def proven(self, path: tuple[str, ...]) -> Iterator[Route]:
        """The route along `path` if allowed; _Stopped if the budget ran out while planning it.

        A plan finished on a spent budget is the best found, not a proven one.
        """
        found = self.complete(path)
        if self.meter.spent:
            raise self.stopped(found)
        if found is not None:
            yield found

    def routes(self) -> Iterator[Route]:
        """Allowed routes, cheapest first; _Stopped when the budget runs out."""
        start, target = self.request.start, self.request.target
        first = (start, target)
        # The start's plan (the target's and the via roles') bounds every route; the direct move
        # below needs it too.
        roles = self.roles((start,))
        self.heap.append((self.plan((start,)).bound, 1, (start,), True, roles, roles))
        direct = self.request.direct or self.moves.graph.has_edge(start, target)
        if not self.request.via and direct:
            # The direct move's bound is the start's bound, the least any route can have, and no
            # route is shorter: the search would pop it first. Yield it before expanding the
            # start, which costs a bound per successor.
            yield from self.proven(first)
        done: set[tuple[object, ...]] = set()
        while self.heap:
            if not self.meter.tick("route", bound=self.heap[0][0]):
                raise self.stopped()
            self.last_key, size, path, exact, roles, parent = heapq.heappop(self.heap)
            if not exact:
                bound = self.sets.optimal(roles, parent, self.meter).bound  # `plan(path)`
                heapq.heappush(self.heap, (bound, size, path, True, roles, parent))
                continue
            if path[-1] == target:
                if path != first or self.request.via:  # the direct move was judged above
                    yield from self.proven(path)
                continue
            state = self.state(path)
            if state in done:
                continue
            done.add(state)
            self.expand(path, roles, parent)


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
    viability: Viability = DEFAULT_VIABILITY,
    meter: Meter | None = None,
) -> Iterator[Route]:
    """Allowed routes from `start` to `target`, cheapest first (fewer roles, then ids, on ties).

    Best-first search over simple paths of the allowed moves (module doc). A partial route is
    ranked by the optimal plan for its roles plus the target and any `via` roles not yet
    visited: adding roles never lowers that, so it is a lower bound on every completion and
    routes come out in cost order. With `max_step`, a partial route whose last move must exceed
    it is cut; since a move's split depends on the whole route, complete routes are checked
    exactly. The search ticks `meter` (the default budget when None): when it runs out,
    SearchStoppedError (`route` returns the best route known instead). ViaWithoutMoveError for
    via roles on a route from a role to itself.
    """
    request = _Request(
        start,
        target,
        direct=direct,
        avoid=frozenset(avoid),
        via=tuple(dict.fromkeys(via)),
        max_step=max_step,
        viability=viability,
    )
    search = _Search(framework, held, request, meter or Meter())
    try:
        yield from search.routes()
    except _Stopped as stopped:
        failure = search.error(stopped)
    else:
        return
    del search  # the error must not hold the search (as in `_best`)
    raise failure


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
    viability: Viability = DEFAULT_VIABILITY,
    budget: Budget = DEFAULT_BUDGET,
    progress: Callable[[Progress], None] | None = None,
) -> RouteResult:
    """The least-cost allowed route and up to `alternatives` next-best, distinct in substance.

    A holder who already meets `target` gets the start alone, with no moves and no
    alternatives, unless `via` asks for roles to pass through. Alternatives differ in the
    roles that cost something: a route that only adds roles met for free is left out. When the
    best allowed route costs more than the direct move from start to target and only `direct`
    keeps that move out, the result carries the direct move's hours.

    The search stops when `budget` runs out. It then returns the routes it has proven (`stop`
    set: there may be fewer alternatives than asked), or the best route it knows with `bound`,
    the least any allowed route can cost; with no route at all, SearchStoppedError (which has
    the bound too). `progress` hears how it goes, a few times a second.

    `start`, `target`, `avoid` and `via` are role ids. Raises AvoidedEndError when an end is
    also avoided, ViaWithoutMoveError for via roles on a route from a role to itself, and a
    NoRouteError subclass saying which constraint cut every route (NoDeclaredPathError,
    AvoidedRolesError, ViaUnreachableError, ViaCombinationError, MaxStepError,
    SearchStoppedError).
    """
    via = tuple(dict.fromkeys(via))
    request = _Request(
        start,
        target,
        direct=direct,
        avoid=frozenset(avoid),
        via=via,
        max_step=max_step,
        viability=viability,
    )
    for name in (start, target):
        if name in request.avoid:
            raise AvoidedEndError(name)
    if start == target and via:
        raise ViaWithoutMoveError(start)
    if not via and meets(framework.roles[target], held, {}):
        return RouteResult(start, target, (Route((start,), ()),))
    meter = Meter(budget, progress)
    if max_step is not None:
        meter.reserve(_DIVE_SHARE)  # the proof may run out: keep time to find some route
    result = _best(framework, held, request, alternatives, meter)
    if not result.routes:
        raise _no_route(framework, held, request, meter)
    return result


def _substance(r: Route) -> tuple[str, ...]:
    """The roles of a route that cost something: routes alike in these differ in nothing."""
    return tuple(m.target for m in r.moves if m.steps)


def _best(
    framework: Framework, held: Levels, request: _Request, alternatives: int, meter: Meter
) -> RouteResult:
    """Up to 1 + `alternatives` routes distinct in substance, cheapest first (none if none)."""
    search = _Search(framework, held, request, meter)
    found: list[Route] = []
    seen: set[tuple[str, ...]] = set()
    failure = None
    try:
        for r in search.routes():
            if _substance(r) not in seen:
                seen.add(_substance(r))
                found.append(r)
            if len(found) > alternatives:
                break
    except _Stopped as stopped:
        if not found and stopped.incumbent is None:
            failure = search.error(stopped)
        elif not found:
            # Not proven the cheapest: the best route known, and the least any route can cost.
            only = (stopped.incumbent,) if stopped.incumbent is not None else ()
            return RouteResult(request.start, request.target, only, None, meter.stop, stopped.bound)
        else:
            return RouteResult(request.start, request.target, tuple(found), None, meter.stop)
    if failure is not None:
        # Raised here, not in the `except`: the error's context would hold the search's queue
        # and plans (hundreds of MB after 20 s), and a batch keeps every query's error.
        del search
        raise failure
    if not found:
        return RouteResult(request.start, request.target, ())
    direct = _cheaper_direct(search.sets, found[0], request, meter)
    return RouteResult(request.start, request.target, tuple(found), direct)


def _cheaper_direct(sets: RoleSets, best: Route, request: _Request, meter: Meter) -> float | None:
    """The hours of the direct move when it beats `best` and only `direct` would allow it."""
    if request.direct or request.via or request.start == request.target:
        return None
    # The direct move meets the target alone: the least any route can cost. (The search ranked
    # its routes from this plan, so it is known.)
    alone = sets.optimal(frozenset({request.target}), None, meter)
    hours, max_step = alone.hours, request.max_step
    if not alone.exact or hours >= best.hours - EPS:
        return None
    if max_step is not None and hours > max_step + EPS:
        return None
    return hours


def _no_route(framework: Framework, held: Levels, request: _Request, meter: Meter) -> NoRouteError:
    """Which constraint cut every route, with what would work instead."""
    import networkx as nx

    start, target, avoid, via = request.start, request.target, request.avoid, request.via
    # With `direct` the named roles reach each other directly: no graph needed to ask.
    graph = None if request.direct else role_graph(framework)
    if graph is not None and not nx.has_path(graph, start, target):
        return NoDeclaredPathError(start, target)
    if graph is not None:
        open_graph = graph.subgraph(set(graph) - set(avoid))
        if avoid and not nx.has_path(open_graph, start, target):
            return AvoidedRolesError(start, target, tuple(sorted(avoid)), direct=False)
        for stop in via:
            if not (nx.has_path(open_graph, start, stop) and nx.has_path(open_graph, stop, target)):
                return ViaUnreachableError(start, target, stop, direct=False)
    if request.max_step is None:  # only the combination of via roles cut it
        return ViaCombinationError(start, target, via, direct=request.direct)
    unlimited = _Request(**{**request.__dict__, "max_step": None})
    try:
        best = _best(framework, held, unlimited, 0, meter).routes
    except NoRouteError:
        best = ()
    return MaxStepError(
        start, target, request.max_step, direct=request.direct, cheapest=best[0] if best else None
    )
