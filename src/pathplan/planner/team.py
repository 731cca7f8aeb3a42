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
    "Tally",
    "Team",
    "candidates",
    "gap_cache",
    "gap_order",
    "member",
    "members",
    "own_role",
    "rank",
    "relevant_skills",
    "targets",
    "team",
    "unranked",
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
    """Everyone's gaps summarised, and the people kept (everyone unless a `Tally` capped them)."""

    members: tuple[Member, ...]  # in roster order: everyone, or the largest gaps kept
    skills: tuple[SkillNeed, ...]  # most lacking first; skills nobody needs are left out
    roles: tuple[RoleCoverage, ...]  # most people first
    people: int  # everyone in the roster, also those not kept in `members`
    hours: float  # to close every person's gap to their own role
    qualified: int  # people who fully meet their own role
    coverage: float  # mean coverage of people against their own roles (1.0 for no one)

    @property
    def complete(self) -> bool:
        """Whether `members` holds everyone."""
        return len(self.members) == self.people


def member(framework: Framework, pid: str, holder: Holder, gaps: GapFn) -> Member:
    """One person's gap to their own role and to each next rung of it.

    MissingRoleError("person") when the holder has no role (the roster reader ensures one);
    UnknownNameError for a role the framework does not have.
    """
    role = own_role(framework, pid, holder)
    own = gaps(holder.levels, role)
    ahead = tuple(gaps(holder.levels, r) for r in framework.roles[role].next)
    return Member(pid, holder, own, ahead)


def own_role(framework: Framework, pid: str, holder: Holder) -> str:
    """The person's role, checked as `member` says."""
    if holder.role is None:
        raise MissingRoleError("person", pid)
    if holder.role not in framework.roles:
        raise UnknownNameError("role", holder.role, framework.role_names)
    return holder.role


def members(
    framework: Framework, roster: Iterable[tuple[str, Holder]], gaps: GapFn | None = None
) -> Iterator[Member]:
    """Each person's `member`, in roster order, reading `roster` as it goes."""
    gaps = gaps or gap_cache(framework)
    return (member(framework, pid, holder, gaps) for pid, holder in roster)


def team(framework: Framework, roster: Mapping[str, Holder], gaps: GapFn | None = None) -> Team:
    """Each person's gap to their role and next rungs, and the team's missing skills and roles.

    Every holder must have a role (the roster reader ensures it): MissingRoleError("person")
    otherwise; UnknownNameError for a role the framework does not have.
    """
    tally = Tally()
    for m in members(framework, roster.items(), gaps):
        tally.add(m)
    return tally.team()


def gap_order(m: Member) -> tuple[float, str]:
    """Sort key of people by the gap to their own role, largest first (then by id)."""
    return -_sort_hours(m.own.plan.hours), m.id


@dataclass
class _RoleSums:
    people: int = 0
    qualified: int = 0
    coverage: float = 0.0
    hours: float = 0.0


class Tally:
    """The team's summaries built one member at a time: counts and sums, not people.

    A roster of millions streams through in bounded memory: only `keep` members are held, the
    ones with the largest gaps to their own role (the order the people list shows); None keeps
    everyone. The summaries equal those of the whole team whatever is kept.
    """

    def __init__(self, keep: int | None = None) -> None:
        self.keep = keep
        self._kept: list[tuple[int, Member]] = []  # (position in the roster, member)
        self._people = 0
        self._hours = 0.0
        self._qualified = 0
        self._coverage = 0.0
        self._needed: Counter[str] = Counter()
        self._lacking: Counter[str] = Counter()
        self._skill_hours: dict[str, float] = defaultdict(float)
        self._by_role: dict[str, Counter[str]] = defaultdict(Counter)
        self._roles: dict[str, _RoleSums] = {}

    def add(self, m: Member) -> None:
        """Count one more member (the next in roster order)."""
        self._kept.append((self._people, m))
        if self.keep is not None and len(self._kept) >= 2 * self.keep + 64:
            self._trim()  # amortised: sort and cut only now and then
        self._people += 1
        steps = m.own.plan.steps
        self._hours += m.own.plan.hours
        self._qualified += not steps
        self._coverage += m.own.coverage
        self._needed.update(m.targets.keys())  # count people, not levels
        for step in steps:
            self._lacking[step.skill] += 1
            self._skill_hours[step.skill] += step.hours
            self._by_role[step.skill][m.role] += 1
        sums = self._roles.get(m.role)
        if sums is None:
            sums = self._roles[m.role] = _RoleSums()
        sums.people += 1
        sums.qualified += not steps
        sums.coverage += m.own.coverage
        sums.hours += m.own.plan.hours

    def _trim(self) -> None:
        assert self.keep is not None
        self._kept.sort(key=lambda item: gap_order(item[1]))
        del self._kept[self.keep :]

    def team(self) -> Team:
        """The team so far: its summaries, and the members kept in roster order."""
        if self.keep is not None:
            self._trim()
            self._kept.sort(key=lambda item: item[0])
        needs = [
            SkillNeed(
                sid,
                count,
                self._lacking[sid],
                self._skill_hours[sid],
                dict(sorted(self._by_role[sid].items())),
            )
            for sid, count in self._needed.items()
        ]
        needs.sort(key=lambda n: (-n.lacking, -_sort_hours(n.hours), -n.needed_by, n.skill))
        roles = [
            RoleCoverage(role, s.people, s.qualified, s.coverage / s.people, s.hours)
            for role, s in self._roles.items()
        ]
        roles.sort(key=lambda r: (-r.people, r.role))
        return Team(
            tuple(m for _, m in self._kept),
            tuple(needs),
            tuple(roles),
            self._people,
            self._hours,
            self._qualified,
            self._coverage / self._people if self._people else 1.0,
        )


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


def unranked(
    framework: Framework,
    scored: Iterable[tuple[str, Holder, Gap]],
    role: str,
    *,
    max_hours: float | None = None,
) -> Iterator[Candidate]:
    """Everyone `rank` would list for `role`, in roster order and not ranked (rank 0).

    Those are the people within `max_hours` (everyone when None) and the people who hold the
    role already. Nothing is kept: a roster of millions streams through.
    """
    if role not in framework.roles:
        raise UnknownNameError("role", role, framework.role_names)
    for pid, holder, found in scored:
        if holder.role == role or max_hours is None or _sort_hours(found.plan.hours) <= max_hours:
            yield Candidate(0, pid, holder, found)


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
