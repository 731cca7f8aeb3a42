"""Profiles: one person's held skills, role and pace, checked against a framework."""

from __future__ import annotations

from pathlib import Path

from pathplan.errors import DataError, Problem, did_you_mean
from pathplan.loader.validate import validate
from pathplan.loader.yaml import Document, Path_, read_yaml
from pathplan.model import Framework, Holder, Profile

__all__ = ["check_profile", "read_profile"]


def _read(path: Path) -> tuple[Profile, Document]:
    """Read a profile file (schema only; `check_profile` checks it against a framework)."""
    doc = read_yaml(path)
    profile, problems = validate(doc, Profile, doc.data, ())
    if profile is None:
        raise DataError(problems)
    return profile, doc


def read_profile(path: str | Path, framework: Framework) -> Holder:
    """Read a profile and check its role and skills against `framework`.

    Raises DataError listing every problem (with file:line:column).
    """
    profile, doc = _read(Path(path))
    return check_profile(profile, doc, (), framework)


def check_profile(profile: Profile, doc: Document, at: Path_, framework: Framework) -> Holder:
    """A Holder from a schema-valid profile; DataError for unknown names or levels out of range."""
    problems: list[Problem] = []
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
