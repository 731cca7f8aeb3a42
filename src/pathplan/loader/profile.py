"""Profiles: one person's held skills, role and pace, checked against a framework.

People write skills and levels the way they know them: a skill by id, alias or name (any case),
a level by number or name. Both are resolved here, for profiles, YAML rosters and (through
`read_level`) CSV rosters alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pathplan.errors import DataError, InputPathError, Problem, did_you_mean
from pathplan.loader.validate import validate_partial
from pathplan.loader.yaml import Document, Path_, read_yaml
from pathplan.model import Framework, Holder, Profile

__all__ = ["BadLevel", "check_profile", "read_level", "read_profile"]


@dataclass(frozen=True)
class BadLevel:
    """Why a value is not a level a skill can be held at."""

    message: str
    hint: str | None = None


def read_level(framework: Framework, value: int | float | str | None) -> int | BadLevel:
    """The held level `value` names (0..N: a number or a level name), or what is wrong with it."""
    level = framework.find_level(value)
    top = framework.max_level
    if value is None or value == "":
        return BadLevel("no level given", f"a number from 0 to {top} or a level name")
    if level is None:
        return BadLevel(
            f"level '{value}' is not a whole number from 0 to {top}",
            f"or a level name: {', '.join(framework.levels)}",
        )
    if not 0 <= level <= top:
        where = "below 0" if level < 0 else f"above the top level {top}"
        return BadLevel(f"level {level} is {where}")
    return level


_CSV = (".csv", ".tsv")


def read_profile(path: str | Path, framework: Framework, *, keep_zero: bool = False) -> Holder:
    """Read a profile and check its role and skills against `framework`.

    Skills held at level 0 are left out unless `keep_zero` (to tell "not held" from "not said").
    Raises DataError listing every problem (with file:line:column): wrong types and unknown
    names together. InputPathError for a path that cannot be read, or a CSV file (a roster,
    most likely, given where a profile belongs).
    """
    path = Path(path)
    if path.suffix.lower() in _CSV:
        raise InputPathError(str(path), "csv-profile")
    problems: list[Problem] = []
    doc = read_yaml(path, problems=problems)
    if not isinstance(doc.data, dict):
        problems.append(
            doc.problem(
                (),
                "a profile is a mapping of name, role, hours_per_week and skills",
                "see data/examples/profile.yaml",
            )
        )
        raise DataError(problems)
    profile, found, _ = validate_partial(doc, Profile, doc.data, ())
    problems += found
    if profile is None:
        raise DataError(problems)
    return check_profile(profile, doc, (), framework, keep_zero=keep_zero, earlier=problems)


def check_profile(
    profile: Profile,
    doc: Document,
    at: Path_,
    framework: Framework,
    *,
    keep_zero: bool = False,
    earlier: list[Problem] | None = None,
) -> Holder:
    """A Holder from a schema-valid profile; DataError for unknown names or bad levels.

    `earlier` holds problems found before (its schema's): they are raised together with these.
    """
    problems: list[Problem] = list(earlier or [])
    role = None
    if profile.role is not None:
        role = framework.find_role(profile.role)
        if role is None:
            problems.append(
                doc.problem(
                    (*at, "role"),
                    f"unknown role '{profile.role}'",
                    did_you_mean(profile.role, framework.role_names),
                    listed="role",
                )
            )
    levels: dict[str, int] = {}
    written: dict[str, str] = {}  # skill id -> how the file first named it
    for key, value in profile.skills.items():
        where = (*at, "skills", key)
        sid = framework.find_skill(key)
        level = read_level(framework, value)
        if sid is None:
            hint = did_you_mean(key, framework.skill_names)
            problems.append(doc.problem(where, f"unknown skill '{key}'", hint, listed="skill"))
        elif sid in written:
            problems.append(
                doc.problem(
                    where,
                    f"skills.{key}: the same skill as '{written[sid]}' ({sid})",
                    "keep one of them",
                )
            )
        if isinstance(level, BadLevel):
            problems.append(doc.problem(where, f"skills.{key}: {level.message}", level.hint))
        elif sid is not None and sid not in written:
            written[sid] = key
            if level > 0 or keep_zero:
                levels[sid] = level
    if problems:
        raise DataError(problems)
    return Holder(levels, role, profile.name, profile.hours_per_week)
