"""A profile as YAML with comments: what `profile init` writes, answered or as a template.

Every skill asked about is on its own line with its name and why it is there. A skill with a
level is answered; a commented-out line is not (yet), and `profile init` asks about it when run
again on the same file. The file is a valid profile at every stage.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

from pathplan.model import Framework
from pathplan.planner.profiling import Relevant

__all__ = ["heading", "profile_yaml", "reason"]

_HEADINGS = {
    "role": "What {role} asks",
    "target": "What {role} asks (a role you aim for)",
    "prerequisite": "Needed before skills above",
    "related": "Related: what the next rung and the usual moves from {role} ask",
    "other": "Every skill, by category",
}


def _comment(text: str) -> str:
    """Text safe on one comment line: no line breaks or control characters."""
    return re.sub(r"[\x00-\x1f\x7f\u2028\u2029]+", " ", text).strip()


def _scalar(text: str) -> str:
    # A JSON string is a valid double-quoted YAML scalar: nothing in a name can break the file.
    return json.dumps(text, ensure_ascii=False)


def heading(framework: Framework, item: Relevant, role: str | None) -> str:
    """The title of the section `item` opens (`role`: the person's role)."""
    owner = item.role if item.section in ("role", "target") else role
    return _comment(
        _HEADINGS[item.section].format(role=framework.roles[owner].name if owner else "the role")
    )


def reason(framework: Framework, item: Relevant) -> str:
    """Why a skill is asked about, in a few words."""
    if item.role is not None and item.level is not None:
        level = f"{item.level} {framework.levels[item.level - 1]}"
        asks = f"{framework.roles[item.role].name} asks {level}"
        if not item.alternatives:
            return asks
        if len(item.alternatives) == 1:
            return f"{asks} of this or {framework.skills[item.alternatives[0]].name}"
        return f"{asks} of this or one of {len(item.alternatives)} others"
    if item.needed_by is not None:
        return f"needed before {framework.skills[item.needed_by].name}"
    return framework.skills[item.skill].category or ""


def profile_yaml(
    framework: Framework,
    items: Sequence[Relevant],
    answers: Mapping[str, int],
    *,
    name: str | None,
    role: str | None,
    hours_per_week: float | None,
    usage: str,
) -> str:
    """The profile text: `answers` as levels, every other item as a commented-out line.

    `usage` is the command line to show for using the file (the CLI words it).
    """
    levels = ", ".join(f"{i} {n}" for i, n in enumerate(("none", *framework.levels)))
    out = [
        "# A pathplan profile: the skills one person holds, written by `pathplan profile init`.",
        f"# Levels: {levels}",
        "# (a number or a name). A skill left out counts as 0.",
        "# A commented-out skill is not answered yet: run `pathplan profile init` on this file",
        "# again to be asked about it, or set its level and remove the '#'.",
        f"# Use it: {_comment(usage)}",
        f"name: {_scalar(name)}" if name else "# name: Your Name",
    ]
    if role is not None:
        out.append(f"role: {role}  # {_comment(framework.roles[role].name)}")
    else:
        out.append("# role: ROLE  # your role's id: `pathplan roles --search TEXT` finds it")
    if hours_per_week is not None:
        out.append(f"hours_per_week: {hours_per_week:g}")
    else:
        out.append("# hours_per_week: 5  # hours a week you can learn: plans get dates")
    lines: list[tuple[str, str]] = []  # (the key and value, the comment)
    section = None
    for item in items:
        if item.section != section:
            section = item.section
            lines.append(("", f"# {heading(framework, item, role)}"))
        skill = framework.skills[item.skill]
        why = reason(framework, item)
        note = f"# {_comment(skill.name)}" + (f": {_comment(why)}" if why else "")
        if item.skill in answers:
            lines.append((f"{item.skill}: {answers[item.skill]}", note))
        else:
            lines.append((f"# {item.skill}: 0", note))
    known = {item.skill for item in items}
    extra = [sid for sid in answers if sid not in known]
    if extra:  # answers about skills outside the list (a hand-edited file) are kept
        lines.append(("", "# Other skills"))
        for sid in extra:
            lines.append((f"{sid}: {answers[sid]}", f"# {_comment(framework.skills[sid].name)}"))
    width = max((len(key) for key, _ in lines), default=0)
    if any(item.skill in answers for item in items) or extra:
        out.append("skills:")
    else:
        out.append("skills: {}  # nothing answered yet: the lines below are all commented out")
    for key, note in lines:
        out.append(f"  {note}" if not key else f"  {key.ljust(width)}  {note}")
    return "\n".join(out) + "\n"
