"""Team views over a roster: each person's gaps, the team's missing skills, internal candidates.

Pure functions of a framework and a roster (person id -> Holder). A roster of thousands shares
few distinct skill sets per role, so gaps are computed once per (role, relevant held levels).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from pathplan.errors import MissingRoleError, UnknownNameError
from pathplan.model import Framework, Holder
from pathplan.planner.plan import gap
from pathplan.planner.results import Gap

__all__ = [
    "Candidate",
    "Candidates",
    "GapCache",
    "GapFn",
    "GapKey",
    "Member",
    "RoleCoverage",
    "Score",
    "Scored",
    "SkillNeed",
    "Team",
    "candidates",
    "gap_cache",
    "rank",
    "relevant_skills",
    "targets",
    "team",
]

Levels = Mapping[str, int]
GapFn = Callable[[Levels, str], Gap]
GapKey = tuple[str, frozenset[tuple[str, int]]]  # a role and the held levels that matter to it
_ROUND = 6  # hours are sums of floats: compare them at this many decimals


def relevant_skills(framework: Framework, role: str) -> frozenset[str]:
    """Every skill whose held level can change the gap to `role`.

    Those are the role's requirements, every option of its groups, and their prerequisites,
    transitively: the planner looks at nothing else.
    """
    spec = framework.roles[role]
    stack = [*spec.requires, *(s for group in spec.requires_any for s in group)]
    seen: set[str] = set()
    while stack:
        sid = stack.pop()
        if sid not in seen:
            seen.add(sid)
            stack.extend(framework.skills[sid].requires)
    return frozenset(seen)


class GapCache:
    """`planner.gap`, remembered by role and the held levels that matter to it.

    People in one role mostly hold the same few skill sets, so a roster of 10,000 needs far
    fewer than 10,000 optimal plans per role. `found` may be filled ahead (by worker processes:
    `planner.parallel.roster_gaps`).
    """

    def __init__(self, framework: Framework, limit: int | None = None) -> None:
        self.framework = framework
        self.limit = limit  # gaps kept at most (the oldest go first); None: all
        self.relevant: dict[str, frozenset[str]] = {}
        self.found: dict[GapKey, Gap] = {}

    def key(self, held: Levels, role: str) -> GapKey:
        """What the gap of `held` to `role` depends on: the role and the levels that matter."""
        skills = self.relevant.get(role)
        if skills is None:
            skills = self.relevant[role] = relevant_skills(self.framework, role)
        return role, frozenset((s, k) for s, k in held.items() if k > 0 and s in skills)

    def __call__(self, held: Levels, role: str) -> Gap:
        key = self.key(held, role)
        result = self.found.get(key)
        if result is None:
            if self.limit is not None and len(self.found) >= self.limit:
                del self.found[next(iter(self.found))]  # bounded memory for huge rosters
            result = self.found[key] = gap(self.framework, dict(key[1]), role)
        return result


def gap_cache(framework: Framework) -> GapFn:
    """`planner.gap`, remembered by role and the held levels that matter to it (`GapCache`)."""
    return GapCache(framework)


def targets(g: Gap) -> dict[str, int]:
    """The level each skill must be at to meet the role: requirements and what the plan raises."""
    out = {r.skill: r.required for r in g.rows}
    for step in g.plan.steps:
        out[step.skill] = max(step.to_level, out.get(step.skill, 0))
    return out


def _sort_hours(value: float) -> float:
    return round(value, _ROUND)


@dataclass(frozen=True)
class Member:
    """One person of the team: their gap to their own role and to each next rung."""

    id: str
    holder: Holder
    own: Gap
    next: tuple[Gap, ...]  # one per role in the role's `next` list, in declared order

    @property
    def name(self) -> str:
        """The display name: the roster's name, else the person id."""
        return self.holder.name or self.id

    @property
    def role(self) -> str:
        """The person's role id."""
        return self.own.role

    @cached_property
    def targets(self) -> dict[str, int]:
        """The level each skill must reach for the person's own role (see `targets`)."""
        return targets(self.own)


@dataclass(frozen=True)
class SkillNeed:
    """One skill across the team: who needs it for their role, who lacks it, the hours."""

    skill: str
    needed_by: int  # people whose own role needs it (as a requirement or a prerequisite)
    lacking: int  # people whose optimal plan raises it
    hours: float  # the hours those plans spend on it
    lacking_by_role: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class RoleCoverage:
    """One role of the roster: headcount, how many fully meet it, mean coverage, hours."""

    role: str
    people: int
    qualified: int
    coverage: float
    hours: float


@dataclass(frozen=True)
class Team:
    """Everyone's gaps and the team-wide summaries."""

    members: tuple[Member, ...]  # in roster order
    skills: tuple[SkillNeed, ...]  # most lacking first; skills nobody needs are left out
    roles: tuple[RoleCoverage, ...]  # most people first

    @property
    def hours(self) -> float:
        """Hours to close every person's gap to their own role."""
        return sum(m.own.plan.hours for m in self.members)

    @property
    def qualified(self) -> int:
        """People who fully meet their own role."""
        return sum(not m.own.plan.steps for m in self.members)

    @property
    def coverage(self) -> float:
        """Mean coverage of people against their own roles (1.0 for an empty team)."""
        if not self.members:
            return 1.0
        return sum(m.own.coverage for m in self.members) / len(self.members)


def team(framework: Framework, roster: Mapping[str, Holder], gaps: GapFn | None = None) -> Team:
    """Each person's gap to their role and next rungs, and the team's missing skills and roles.

    Every holder must have a role (the roster reader ensures it): MissingRoleError("person")
    otherwise; UnknownNameError for a role the framework does not have.
    """
    gaps = gaps or gap_cache(framework)
    members = []
    for pid, holder in roster.items():
        if holder.role is None:
            raise MissingRoleError("person", pid)
        if holder.role not in framework.roles:
            raise UnknownNameError("role", holder.role, framework.role_names)
        own = gaps(holder.levels, holder.role)
        ahead = tuple(gaps(holder.levels, r) for r in framework.roles[holder.role].next)
        members.append(Member(pid, holder, own, ahead))
    return Team(tuple(members), _skills(members), _roles(members))


def _skills(members: Iterable[Member]) -> tuple[SkillNeed, ...]:
    needed: Counter[str] = Counter()
    lacking: Counter[str] = Counter()
    hours: dict[str, float] = defaultdict(float)
    by_role: dict[str, Counter[str]] = defaultdict(Counter)
    for m in members:
        needed.update(m.targets.keys())  # count people, not levels
        for step in m.own.plan.steps:
            lacking[step.skill] += 1
            hours[step.skill] += step.hours
            by_role[step.skill][m.role] += 1
    needs = [
        SkillNeed(sid, count, lacking[sid], hours[sid], dict(sorted(by_role[sid].items())))
        for sid, count in needed.items()
    ]
    needs.sort(key=lambda n: (-n.lacking, -_sort_hours(n.hours), -n.needed_by, n.skill))
    return tuple(needs)


def _roles(members: Iterable[Member]) -> tuple[RoleCoverage, ...]:
    groups: dict[str, list[Member]] = defaultdict(list)
    for m in members:
        groups[m.role].append(m)
    out = [
        RoleCoverage(
            role,
            len(group),
            sum(not m.own.plan.steps for m in group),
            sum(m.own.coverage for m in group) / len(group),
            sum(m.own.plan.hours for m in group),
        )
        for role, group in groups.items()
    ]
    out.sort(key=lambda r: (-r.people, r.role))
    return tuple(out)


@dataclass(frozen=True)
class Candidate:
    """One person considered for a role, with the optimal plan to qualify."""

    rank: int
    id: str
    holder: Holder
    gap: Gap

    @property
    def name(self) -> str:
        """The display name: the roster's name, else the person id."""
        return self.holder.name or self.id

    @property
    def qualified(self) -> bool:
        """Whether the person already meets every requirement of the role."""
        return not self.gap.plan.steps

    @property
    def weeks(self) -> int | None:
        """Whole weeks to qualify at the person's hours per week (None when not given)."""
        hpw = self.holder.hours_per_week
        return math.ceil(round(self.gap.plan.hours / hpw, _ROUND)) if hpw else None


@dataclass(frozen=True)
class Candidates:
    """People ranked for a role: fewest hours to qualify first."""

    role: str
    considered: int  # people in the roster who do not hold the role yet: those who would move
    qualified: int  # of them, people who already meet the role
    eligible: int  # of them, people within `max_hours` (everyone when no limit)
    ranked: tuple[Candidate, ...]  # the first `top` eligible people
    max_hours: float | None = None
    # People whose role it is already: not candidates, listed apart (rank 0), by name; their
    # gap is what they still lack of their own role.
    in_role: tuple[Candidate, ...] = ()


def candidates(
    framework: Framework,
    roster: Mapping[str, Holder],
    role: str,
    *,
    top: int | None = None,
    max_hours: float | None = None,
    gaps: GapFn | None = None,
) -> Candidates:
    """People ranked by hours to qualify for `role`; ties by coverage (higher first), then name.

    Names compare case-insensitively, then by person id, so the order is total and stable.
    `max_hours` keeps only people within that many hours; `top` keeps the first so many.
    People who hold the role already would not move: they are not ranked but listed apart.
    `role` is a role id; UnknownNameError if the framework has no such role.
    """
    gaps = gaps or gap_cache(framework)
    scored = ((pid, h, gaps(h.levels, role)) for pid, h in roster.items())
    return rank(framework, scored, role, top=top, max_hours=max_hours)


@dataclass(frozen=True)
class Score:
    """What ranking reads of a gap.

    Workers send this back instead of the gap, which costs about as much to move between
    processes as to solve; the gaps of the people shown are solved again where they are ranked.
    """

    hours: float
    coverage: float
    qualified: bool

    @classmethod
    def of(cls, g: Gap) -> Score:
        """The score of a gap."""
        return cls(g.plan.hours, g.coverage, not g.plan.steps)


Scored = tuple[str, Holder, Gap | Score]


def _score(found: Gap | Score) -> Score:
    return found if isinstance(found, Score) else Score.of(found)


def rank(
    framework: Framework,
    scored: Iterable[Scored],
    role: str,
    *,
    top: int | None = None,
    max_hours: float | None = None,
    gaps: GapFn | None = None,
) -> Candidates:
    """`candidates` from each person's gap (or its Score) to `role`, read once, in roster order.

    With `top`, only that many candidates are kept while reading (with the people who hold the
    role already), so millions of people stream through in bounded memory. The gaps of the
    people kept whose Score was given come from `gaps` (default: solved here).
    """
    if role not in framework.roles:
        raise UnknownNameError("role", role, framework.role_names)
    holding: list[Scored] = []
    counts = {"considered": 0, "qualified": 0, "eligible": 0}

    def movers() -> Iterator[tuple[tuple[float, float, str, str], Scored]]:
        for pid, holder, found in scored:
            if holder.role == role:
                holding.append((pid, holder, found))
                continue
            score = _score(found)
            counts["considered"] += 1
            counts["qualified"] += score.qualified
            if max_hours is None or _sort_hours(score.hours) <= max_hours:
                counts["eligible"] += 1
                name = (holder.name or pid).casefold()
                yield (_sort_hours(score.hours), -score.coverage, name, pid), (pid, holder, found)

    # nsmallest is sorted(...)[:top], keeping `top` items at a time; the keys are unique.
    kept = sorted(movers()) if top is None else heapq.nsmallest(top, movers())
    holding.sort(key=lambda c: ((c[1].name or c[0]).casefold(), c[0]))
    solve = gaps or gap_cache(framework)

    def candidate(rank: int, pid: str, holder: Holder, found: Gap | Score) -> Candidate:
        gap = found if isinstance(found, Gap) else solve(holder.levels, role)
        return Candidate(rank, pid, holder, gap)

    ranked = tuple(candidate(i, *c) for i, (_, c) in enumerate(kept, 1))
    in_role = tuple(candidate(0, *c) for c in holding)
    return Candidates(
        role,
        counts["considered"],
        counts["qualified"],
        counts["eligible"],
        ranked,
        max_hours,
        in_role,
    )
