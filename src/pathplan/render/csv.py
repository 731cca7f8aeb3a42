"""CSV output: the team and candidates views, one row per person and target, everyone included."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from pathplan.planner.results import Step
from pathplan.planner.team import Candidates, Team
from pathplan.render.json import number

__all__ = ["candidates", "team"]


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _steps_text(steps: Sequence[Step]) -> str:
    return "; ".join(f"{s.skill} {s.from_level}→{s.to_level}" for s in steps)


def team(t: Team) -> str:
    """One row per person and target role: their own role (kind `own`), then each next rung."""
    rows = []
    for m in t.members:
        for kind, g in (("own", m.own), *(("next", g) for g in m.next)):
            rows.append(
                (
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
            )
    return _csv(
        ("person", "name", "role", "kind", "target", "coverage", "hours", "steps", "plan"), rows
    )


def candidates(c: Candidates) -> str:
    """One row per ranked candidate."""
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
            for x in c.ranked
        ),
    )
