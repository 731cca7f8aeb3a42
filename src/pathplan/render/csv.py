"""CSV output, for spreadsheets: one row per thing, every column a plain value.

Gaps and routes list their steps (a gap its requirements too), adjacent one row per role, the
listings one row per role or skill, the team and candidates one row per person and target.
Levels are numbers and hours plain numbers; ids sit beside names; lists are `; `-separated.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pathplan.model import Framework, Role, Skill
from pathplan.planner.adjacent import Neighbour
from pathplan.planner.results import Gap, RouteResult, Step
from pathplan.planner.schedule import Schedule
from pathplan.planner.team import Candidates, Member, Team
from pathplan.render.json import number
from pathplan.render.text import printable, resource_text

__all__ = ["candidates", "gap", "neighbours", "roles", "routes", "skills", "team", "team_lines"]

_SCHEDULE = ("start_week", "end_week", "start_date", "end_date")


def _resources(fw: Framework, skill: str) -> str:
    """A skill's learning resources in one cell: `title (N h) url; ...`."""
    return "; ".join(resource_text(r.title, r.url, r.hours) for r in fw.skills[skill].resources)


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    return _rows((header, *rows))


def _rows(rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(
        [cell(value) if isinstance(value, str) else value for value in row] for row in rows
    )
    return buffer.getvalue()


# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """A text cell a spreadsheet shows as written and never evaluates.

    OWASP's advice: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
    gets a leading `'`, which spreadsheets read as "text follows". Control characters and
    workflow-command markers go as `printable` says (a CSV is often printed in a CI log).
    """
    if text[:1] in _FORMULA:
        text = "'" + text
    return printable(text)


def _steps_text(steps: Sequence[Step]) -> str:
    return "; ".join(f"{s.skill} {s.from_level}→{s.to_level}" for s in steps)


def _when(plan: Schedule | None, index: int) -> tuple[Any, ...]:
    """The schedule columns of the `index`th step of a plan (blank without a schedule)."""
    if plan is None:
        return ("", "", "", "")
    item = plan.items[index]
    return (item.start_week, item.end_week, item.start.isoformat(), item.end.isoformat())


def gap(fw: Framework, g: Gap, plan: Schedule | None = None) -> str:
    """The requirements (section `requirement`), then the plan's steps (section `step`).

    A requirement's levels are held and required; a step's, from and to. The schedule columns
    are filled for steps when there is a schedule, and `resources` lists a step's learning
    resources.
    """
    header = ("section", "order", "skill", "name", "from_level", "to_level", "hours", "met")
    rows: list[tuple[Any, ...]] = [
        (
            "requirement",
            i,
            r.skill,
            fw.skills[r.skill].name,
            r.held,
            r.required,
            number(r.hours),
            "yes" if r.met else "no",
            "; ".join(r.options),
            *_when(None, 0),
            "",
        )
        for i, r in enumerate(g.rows, 1)
    ]
    for i, st in enumerate(g.plan.steps):
        step = (i + 1, st.skill, fw.skills[st.skill].name, st.from_level, st.to_level)
        when = _when(plan, i)
        rows.append(("step", *step, number(st.hours), "", "", *when, _resources(fw, st.skill)))
    return _csv((*header, "options", *_SCHEDULE, "resources"), rows)


def routes(fw: Framework, result: RouteResult, plan: Schedule | None = None) -> str:
    """One row per step of every route (route 1 is the best; the others are alternatives).

    A move with nothing to learn has one row with the step columns blank. The schedule
    columns are filled for the best route when there is a schedule.
    """
    header = (
        *("route", "route_hours", "move", "from_role", "to_role", "kind", "move_hours"),
        *("step", "skill", "name", "from_level", "to_level", "hours", *_SCHEDULE, "resources"),
    )
    rows: list[tuple[Any, ...]] = []
    scheduled = 0
    for n, r in enumerate((result.best, *result.alternatives), 1):
        for i, m in enumerate(r.moves, 1):
            move = (n, number(r.hours), i, m.source, m.target, m.kind, number(m.hours))
            if not m.steps:
                rows.append((*move, "", "", "", "", "", "", "", "", "", "", ""))
            for j, st in enumerate(m.steps, 1):
                when = _when(plan if n == 1 else None, scheduled)
                scheduled += n == 1
                name = fw.skills[st.skill].name
                step = (j, st.skill, name, st.from_level, st.to_level, number(st.hours))
                rows.append((*move, *step, *when, _resources(fw, st.skill)))
    return _csv(header, rows)


def neighbours(fw: Framework, ranked: Sequence[Neighbour]) -> str:
    """Roles ranked as next moves, one row each, with the parts of the score.

    A part is empty where either role lacks its data; top_missing: the three costliest skills.
    """
    from pathplan.planner.similarity import PARTS

    header = (
        "rank", "role", "name", "score", "similarity", *PARTS, "level_fit",
        "hours", "coverage", "declared", "top_missing",
    )  # fmt: skip
    return _csv(
        header,
        (
            (
                i,
                n.role,
                fw.roles[n.role].name,
                round(n.score, 4),
                round(n.similarity.total, 4),
                *("" if (v := getattr(n.similarity, p)) is None else round(v, 4) for p in PARTS),
                round(n.level_fit, 4),
                number(n.hours),
                round(n.coverage, 4),
                n.declared or "",
                "; ".join(r.skill for r in n.missing[:3]),
            )
            for i, n in enumerate(ranked, 1)
        ),
    )


def roles(items: Sequence[Role]) -> str:
    """Roles, one row each; requirements as `skill level` pairs."""
    header = ("id", "name", "family", "seniority", "aliases", "next", "adjacent", "requires")
    return _csv(
        (*header, "description"),
        (
            (
                r.id,
                r.name,
                r.family or "",
                r.seniority or "",
                "; ".join(r.aliases),
                "; ".join(r.next),
                "; ".join(r.adjacent),
                "; ".join(f"{k} {v}" for k, v in r.requires.items()),
                r.description or "",
            )
            for r in items
        ),
    )


def skills(items: Sequence[Skill]) -> str:
    """Skills, one row each, with the hours of each level and to the top."""
    header = ("id", "name", "category", "aliases", "hours_per_level", "hours_to_top")
    return _csv(
        (*header, "requires", "description"),
        (
            (
                s.id,
                s.name,
                s.category or "",
                "; ".join(s.aliases),
                "; ".join(str(number(h)) for h in s.hours),
                number(sum(s.hours)),
                "; ".join(f"{k} {v}" for k, v in s.requires.items()),
                s.description or "",
            )
            for s in items
        ),
    )


_TEAM_COLUMNS = ("person", "name", "role", "kind", "target", "coverage", "hours", "steps", "plan")


def team(t: Team) -> str:
    """One row per person and target role: their own role (kind `own`), then each next rung."""
    return "".join(team_lines(t.members))


def team_lines(people: Iterable[Member]) -> Iterator[str]:
    """`team`'s header, then each person's rows as soon as the person is read."""
    yield _csv(_TEAM_COLUMNS, ())
    for m in people:
        yield _rows(_member_rows(m))


def _member_rows(m: Member) -> Iterator[tuple[Any, ...]]:
    for kind, g in (("own", m.own), *(("next", g) for g in m.next)):
        yield (
            m.id,
            m.holder.name or "",
            m.role,
            kind,
            g.role,
            f"{g.coverage:.4f}",
            number(g.plan.hours),
            len(g.plan.steps),
            _steps_text(g.plan.steps),
        )


def candidates(c: Candidates) -> str:
    """One row per ranked candidate, then the people already in the role (rank 0)."""
    return _csv(
        (
            "rank",
            "person",
            "name",
            "role",
            "qualified",
            "hours",
            "coverage",
            "weeks",
            "steps",
            "plan",
        ),
        (
            (
                x.rank,
                x.id,
                x.holder.name or "",
                x.holder.role or "",
                "yes" if x.qualified else "no",
                number(x.gap.plan.hours),
                f"{x.gap.coverage:.4f}",
                "" if x.weeks is None else x.weeks,
                len(x.gap.plan.steps),
                _steps_text(x.gap.plan.steps),
            )
            for x in (*c.ranked, *c.in_role)
        ),
    )
