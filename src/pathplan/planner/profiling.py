"""Which skills a profile of a role should say something about, and in what order.

`profile init` asks about these, and its template lists them: first what the role asks, then
what the roles a person may aim for ask, then related skills (prerequisites, the next rung and
the declared moves), each skill once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from pathplan.model import LEVEL_MEANINGS, Framework

__all__ = ["Relevant", "level_meanings", "relevant_skills"]

Section = Literal["role", "target", "prerequisite", "related", "other"]


@dataclass(frozen=True)
class Relevant:
    """A skill worth asking about, and why.

    `section` says why: `role` (the person's role asks it), `target` (a role they aim for asks
    it), `prerequisite` (a skill asked for needs it first), `related` (the next rung or a
    declared move asks it), `other` (no role was given: every skill). `role` and `level` name a
    role that asks it and at what level (`alternatives`: the group's other options, when it is
    one option of a requires_any group); `needed_by` the skill it is a prerequisite of.
    """

    skill: str
    section: Section
    role: str | None = None
    level: int | None = None
    needed_by: str | None = None
    alternatives: tuple[str, ...] = ()  # the other options of a requires_any group


def _asked(framework: Framework, rid: str, section: Section) -> list[Relevant]:
    role = framework.roles[rid]
    asked = [Relevant(sid, section, rid, level) for sid, level in role.requires.items()]
    for group in role.requires_any:
        for sid, level in group.items():
            others = tuple(s for s in group if s != sid)
            asked.append(Relevant(sid, section, rid, level, alternatives=others))
    return asked


def relevant_skills(
    framework: Framework, role: str | None, targets: Sequence[str] = ()
) -> list[Relevant]:
    """The skills to ask about for a person in `role` who may aim for `targets`, in order.

    Without a role, every skill of the framework, by category then name.
    """
    if role is None:
        ordered = sorted(
            framework.skills.values(), key=lambda s: (s.category or "", s.name.casefold())
        )
        return [Relevant(s.id, "other") for s in ordered]
    found: dict[str, Relevant] = {}

    def add(items: Iterable[Relevant]) -> None:
        for item in items:
            found.setdefault(item.skill, item)

    add(_asked(framework, role, "role"))
    for target in targets:
        add(_asked(framework, target, "target"))
    add(_prerequisites(framework, list(found)))
    own = framework.roles[role]
    for other in (*own.next, *own.adjacent):
        add(_asked(framework, other, "related"))
    add(_prerequisites(framework, list(found)))
    return list(found.values())


def _prerequisites(framework: Framework, skills: Sequence[str]) -> list[Relevant]:
    """Every prerequisite, direct or not, of `skills`, in learning order (prerequisites first)."""
    seen: dict[str, str] = {}
    stack = list(skills)
    while stack:
        sid = stack.pop()
        for pre in framework.skills[sid].requires:
            if pre not in seen and pre not in skills:
                seen[pre] = sid
                stack.append(pre)
    rank = framework.rank
    ordered = sorted(seen, key=lambda s: (rank.get(s, 0), s))
    return [Relevant(s, "prerequisite", needed_by=seen[s]) for s in ordered]


def level_meanings(framework: Framework) -> list[tuple[int, str, str]]:
    """Each level from 0 (not held): its number, its name and what it means ('' when unknown)."""
    rows = [(0, "none", "not held")]
    for i, name in enumerate(framework.levels, 1):
        rows.append((i, name, LEVEL_MEANINGS.get(name.lower(), "")))
    return rows
