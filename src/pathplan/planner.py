"""Gap, hours-optimal plans and least-cost routes: pure functions of a framework and a holder.

Definitions are DESIGN.md's. In short: a holder holds skill levels; a plan raises some skills so
the holder meets every `requires`, one option of every `requires_any` group, and the prerequisites
of every skill the plan starts (raises from level 0). A plan is optimal when no other such plan
costs fewer hours; a route's cost is the optimal plan for all its roles after the start together.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pathplan.errors import NoRouteError, UsageError
from pathplan.graph import role_graph
from pathplan.model import Framework

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


def optimal_levels(
    framework: Framework, held: Levels, needs: Needs
) -> tuple[dict[str, int], float]:
    """The least-hours levels to raise skills to so `held` meets `needs`, and those hours.

    Branch and bound over the unmet `requires_any` groups: a group already met by what is forced
    needs no choice; otherwise each option is tried, cheapest first (declared order on ties), and
    a branch is cut when its cost plus the dearest cheapest option of any open group cannot beat
    the best plan so far. Ties keep the first plan found, so the result is deterministic.
    """
    raiser = _Raiser(framework, held)
    groups = list(needs.groups)
    best: list[Any] = [float("inf"), {}]
    seen: set[frozenset[tuple[str, int]]] = set()

    def search(raised: dict[str, int], cost: float) -> None:
        key = frozenset(raised.items())
        if key in seen:
            return
        seen.add(key)
        branches: list[tuple[float, int, dict[str, int]]] | None = None
        bound = cost
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
            if branches is None or cost + options[0][0] > bound:
                bound, branches = cost + options[0][0], options
        if branches is None:
            if cost < best[0] - _EPS:
                best[:] = [cost, raised]
            return
        if bound >= best[0] - _EPS:
            return
        for added, _, new in branches:
            if cost + added >= best[0] - _EPS:
                break
            search(new, cost + added)

    base, cost = raiser.raise_to({}, needs.requires)
    search(base, cost)
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
) -> Iterator[Route]:
    """Allowed routes from `start` to `target`, cheapest first (fewer roles, then ids, on ties).

    Best-first search over simple paths of the role graph. A partial route is ranked by the optimal
    plan for its roles plus the target and any `via` roles not yet visited: adding roles never
    lowers that, so it is a lower bound on every completion and routes come out in cost order.
    """
    avoid, via = set(avoid), tuple(dict.fromkeys(via))
    # Declared moves only: with `direct`, every other role is a successor, and building that
    # complete graph (9 million edges for ESCO's 3,000 roles) took longer than the search.
    graph = role_graph(framework)
    kinds = {(a, b): kind for a, b, kind in graph.edges(data="kind")}
    graph.remove_nodes_from(avoid - {start, target})
    everyone = sorted(graph.nodes) if direct else []
    costs: dict[frozenset[str], float] = {}

    def successors(node: str) -> list[str]:
        return [n for n in everyone if n != node] if direct else sorted(graph.successors(node))

    def bound(path: tuple[str, ...]) -> float:
        roles = frozenset(path[1:]) | {target} | set(via)
        if roles not in costs:
            costs[roles] = optimal_levels(framework, held, role_needs(framework, sorted(roles)))[1]
        return costs[roles]

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
    heap: list[tuple[float, int, tuple[str, ...]]] = [(bound((start,)), 1, (start,))]
    done: set[tuple[str, frozenset[str]]] = set()
    while heap:
        _, _, path = heapq.heappop(heap)
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
        for succ in successors(path[-1]):
            if succ in path or (succ == target and not set(via) <= set(path)):
                continue
            new = (*path, succ)
            heapq.heappush(heap, (bound(new), len(new), new))


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
    for r in find_routes(
        framework, held, start, target, direct=direct, avoid=avoid, via=via, max_step=max_step
    ):
        if r.roles not in seen:
            seen.add(r.roles)
            found.append(r)
        if len(found) > alternatives:
            break
    if not found:
        raise _no_route(
            framework, start, target, direct=direct, avoid=avoid, via=via, max_step=max_step
        )
    return found


def _no_route(
    framework: Framework,
    start: str,
    target: str,
    *,
    direct: bool,
    avoid: tuple[str, ...],
    via: tuple[str, ...],
    max_step: float | None,
) -> NoRouteError:
    import networkx as nx

    # With `direct` every role reaches every other: no need to build that graph to ask.
    if not direct and not nx.has_path(role_graph(framework), start, target):
        return NoRouteError(
            f"no declared moves lead from '{start}' to '{target}'",
            "add --direct to allow a move between any two roles",
        )
    cut = [f"--avoid {', '.join(avoid)}" if avoid else "", f"--via {', '.join(via)}" if via else ""]
    cut.append(f"--max-step {max_step:g}" if max_step is not None else "")
    what = " and ".join(c for c in cut if c)
    return NoRouteError(
        f"no route from '{start}' to '{target}' satisfies {what}",
        "relax that constraint" + ("" if direct else ", or add --direct"),
    )
