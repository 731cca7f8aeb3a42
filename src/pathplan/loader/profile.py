"""Profiles: one person's held skills, role and pace, checked against a framework."""

from __future__ import annotations

from pathlib import Path

from pathplan.errors import DataError, InputPathError, Problem, did_you_mean
from pathplan.loader.validate import validate_partial
from pathplan.loader.yaml import Document, Path_, read_yaml
from pathplan.model import Framework, Holder, Profile

__all__ = ["check_profile", "read_profile"]

_CSV = (".csv", ".tsv")


def read_profile(path: str | Path, framework: Framework) -> Holder:
    """Read a profile and check its role and skills against `framework`.

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
    return check_profile(profile, doc, (), framework, problems)


def check_profile(
    profile: Profile,
    doc: Document,
    at: Path_,
    framework: Framework,
    earlier: list[Problem] | None = None,
) -> Holder:
    """A Holder from a schema-valid profile; DataError for unknown names or levels out of range.

    `earlier` holds problems found before (its schema's): they are raised together with these.
    """
    problems: list[Problem] = list(earlier or [])
    role = None
    if profile.role is not None:
        role = framework.role_names.get(profile.role.lower())
        if role is None:
            problems.append(
                doc.problem(
                    (*at, "role"),
                    f"unknown role '{profile.role}'",
                    did_you_mean(profile.role, framework.role_names),
                    listed="role",
                )
            )
    for sid, level in profile.skills.items():
        if sid not in framework.skills:
            problems.append(
                doc.problem(
                    (*at, "skills", sid),
                    f"unknown skill '{sid}'",
                    did_you_mean(sid, framework.skill_names),
                    listed="skill",
                )
            )
        elif level > framework.max_level:
            problems.append(
                doc.problem(
                    (*at, "skills", sid),
                    f"skills.{sid}: level {level} is above the top level {framework.max_level}",
                )
            )
    if problems:
        raise DataError(problems)
    levels = {sid: level for sid, level in profile.skills.items() if level > 0}
    return Holder(levels, role, profile.name, profile.hours_per_week)
