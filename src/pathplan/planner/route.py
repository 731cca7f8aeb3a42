"""Least-cost routes between roles, and why there is none when there is none.

A route's cost is the optimal plan for all its roles after the start together (skills are never
lost); each move carries the steps, not done before, that its destination needs.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping

from pathplan.errors import (
    AvoidedEndError,
    AvoidedRolesError,
    MaxStepError,
    NoDeclaredPathError,
    NoRouteError,
    SearchLimitError,
    ViaCombinationError,
    ViaUnreachableError,
    ViaWithoutMoveError,
)
from pathplan.graph import role_graph
from pathplan.model import Framework, max_levels
from pathplan.planner.levels import (
    EPS,
    Levels,
    Raiser,
    RoleSets,
    meets,
    optimal_levels,
    role_needs,
)
from pathplan.planner.reasons import plan_steps
from pathplan.planner.results import Move, Route, RouteResult

__all__ = ["SEARCH_LIMIT", "find_routes", "route"]


def _moves(
    framework: Framework, held: Levels, roles: tuple[str, ...], kinds: Mapping[tuple[str, str], str]
) -> tuple[Move, ...]:
    """Split the optimal plan for `roles[1:]` into one move per role, in route order."""
    targets = roles[1:] or roles
    raised, _ = optimal_levels(framework, held, role_needs(framework, targets))
    final = max_levels(held, raised)
    raiser = Raiser(framework, held)
    current: dict[str, int] = {}
    moves = []
    for source, target in zip(roles, targets, strict=False):
        spec = framework.roles[target]
        wanted = dict(spec.requires)
        now = max_levels(held, current)
        for group in spec.requires_any:
            if any(now.get(s, 0) >= k for s, k in group.items()):
                continue  # met already: raising another option could only add a step
            # Of the options the whole plan meets, take the one cheapest from here.
            options = [(s, k) for s, k in group.items() if final.get(s, 0) >= k]
            s, k = min(options, key=lambda o: raiser.raise_to(current, {o[0]: o[1]})[1])
            wanted[s] = max(k, wanted.get(s, 0))
        after, _ = raiser.raise_to(current, wanted)
        steps = plan_steps(framework, spec, max_levels(held, current), max_levels(held, after))
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
        self.raiser = Raiser(framework, held)
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

        Such a stop changes neither the plan nor the other moves; with `direct` the route
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


SEARCH_LIMIT = 50_000  # partial routes examined before giving up (only max_step can get here)


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
        # Adding roles never lowers the optimal plan, so this set's bounds every completion.
        return frozenset(path[1:]) | ends

    if start == target:
        if via:
            raise ViaWithoutMoveError(start)
        yield Route((start,), _moves(framework, held, (start,), kinds))
        return
    first = (start, target)
    if not via and (direct or graph.has_edge(start, target)):
        # The direct move's bound is the start's bound, the least any route can have, and no
        # route is shorter: the search would pop it first. Yield it before expanding the start,
        # which costs a bound per successor (3,000 with ESCO and `direct`).
        found = Route(first, _moves(framework, held, first, kinds))
        if max_step is None or all(m.hours <= max_step + EPS for m in found.moves):
            yield found
    # A partial route enters the heap keyed by what its roles' plain requires cost (`floor`),
    # and is solved exactly only when it comes to the top: most cost more than the route found,
    # so they never are. A key never exceeds the exact one, so the order is as if all were.
    heap: list[tuple[float, int, tuple[str, ...], bool]] = [(0.0, 1, (start,), False)]
    done: set[tuple[str, frozenset[str]]] = set()
    popped = 0
    while heap:
        _, size, path, exact = heapq.heappop(heap)
        if not exact:
            bound = sets.optimal(roles(path), roles(path[:-1]))[1]
            heapq.heappush(heap, (bound, size, path, True))
            continue
        popped += 1
        if popped > limit:
            raise SearchLimitError(start, target, limit, direct=direct)
        if path[-1] == target:
            if path == first and not via:
                continue  # already judged above
            found = Route(path, _moves(framework, held, path, kinds))
            if max_step is None or all(m.hours <= max_step + EPS for m in found.moves):
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
                if floor.move(most, succ) > max_step + EPS:
                    continue
                # Only with `direct` does the same route without the stop exist for sure: in a
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
) -> RouteResult:
    """The least-cost allowed route and up to `alternatives` next-best.

    A holder who already meets `target` gets the start alone, with no moves and no
    alternatives, unless `via` asks for roles to pass through. When the best allowed route
    costs more than the direct move from start to target and only `direct` keeps that move
    out, the result carries the direct move's hours.

    `start`, `target`, `avoid` and `via` are role ids. Raises AvoidedEndError when an end is
    also avoided, ViaWithoutMoveError for via roles on a route from a role to itself, and a
    NoRouteError subclass saying which constraint cut every route (NoDeclaredPathError,
    AvoidedRolesError, ViaUnreachableError, ViaCombinationError, MaxStepError,
    SearchLimitError).
    """
    avoid, via = tuple(avoid), tuple(via)
    for name in (start, target):
        if name in avoid:
            raise AvoidedEndError(name)
    if start == target and via:
        raise ViaWithoutMoveError(start)
    if not via and meets(framework.roles[target], held, {}):
        return RouteResult(start, target, (Route((start,), ()),))
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
    return RouteResult(
        start,
        target,
        tuple(found),
        _cheaper_direct(framework, held, found[0], direct=direct, via=via, max_step=max_step),
    )


def _cheaper_direct(
    framework: Framework,
    held: Levels,
    best: Route,
    *,
    direct: bool,
    via: tuple[str, ...],
    max_step: float | None,
) -> float | None:
    """The hours of the direct move when it beats `best` and only `direct` would allow it."""
    start, target = best.roles[0], best.roles[-1]
    if direct or via or start == target:
        return None
    # The direct move meets the target alone: the least any route can cost.
    hours = optimal_levels(framework, held, role_needs(framework, [target]))[1]
    if hours >= best.hours - EPS or (max_step is not None and hours > max_step + EPS):
        return None
    return hours


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
    """Which constraint cut every route, with what would work instead."""
    import networkx as nx

    # With `direct` every role reaches every other: no need to build that graph to ask.
    graph = None if direct else role_graph(framework)
    if graph is not None and not nx.has_path(graph, start, target):
        return NoDeclaredPathError(start, target)
    if graph is not None:
        open_graph = graph.subgraph(set(graph) - set(avoid))
        if avoid and not nx.has_path(open_graph, start, target):
            return AvoidedRolesError(start, target, avoid, direct=direct)
        for stop in via:
            if not (nx.has_path(open_graph, start, stop) and nx.has_path(open_graph, stop, target)):
                return ViaUnreachableError(start, target, stop, direct=direct)
    if max_step is None:  # only the combination of via roles cut it
        return ViaCombinationError(start, target, via, direct=direct)
    try:
        best = route(framework, held, start, target, direct=direct, avoid=avoid, via=via).best
    except NoRouteError:
        return MaxStepError(start, target, max_step, direct=direct)
    return MaxStepError(start, target, max_step, direct=direct, cheapest=best)
