"""Shell completion of role and skill names from the framework (`pathplan --install-completion`).

Completion runs pathplan once per Tab press; the framework comes from the cache, so this stays
quick. It reads the framework named by a --data given on the command line so far, else
PATHPLAN_DATA, else the bundled one; when none can be read it completes nothing, quietly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from pathplan.model import Framework

__all__ = ["role_names", "skill_and_role_names"]

Completion = list[tuple[str, str]]  # (what is inserted, what it is)


def _framework(ctx: typer.Context) -> Framework | None:
    from pathplan.cli.app import Settings, framework_for
    from pathplan.errors import PathplanError

    data = None
    at: Any = ctx
    while at is not None and data is None:  # --data after the command, or before it
        data = at.params.get("data")
        at = at.parent
    try:
        return framework_for(Settings(data=data))
    except (PathplanError, OSError):
        return None


def _matching(names: dict[str, str], incomplete: str, label: dict[str, str]) -> Completion:
    """Ids and aliases that start with what was typed (any case), each with its name."""
    typed = incomplete.lower()
    found = {
        spelling: target
        for spelling, target in names.items()
        if spelling.startswith(typed) and " " not in spelling  # names with spaces need quotes
    }
    return [(spelling, label[target]) for spelling, target in sorted(found.items())]


def role_names(ctx: typer.Context, incomplete: str) -> Completion:
    """Roles whose id or alias starts with `incomplete`."""
    fw = _framework(ctx)
    if fw is None:
        return []
    return _matching(fw.role_names, incomplete, {r.id: r.name for r in fw.roles.values()})


def skill_and_role_names(ctx: typer.Context, incomplete: str) -> Completion:
    """Roles, then skills, whose id or alias starts with `incomplete` (for `show`)."""
    fw = _framework(ctx)
    if fw is None:
        return []
    roles = _matching(fw.role_names, incomplete, {r.id: r.name for r in fw.roles.values()})
    skills = _matching(fw.skill_names, incomplete, {s.id: s.name for s in fw.skills.values()})
    return roles + [s for s in skills if s[0] not in dict(roles)]
