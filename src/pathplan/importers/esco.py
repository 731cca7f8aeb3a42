"""ESCO (CSV release, English) -> a pathplan framework, as plain data.

Occupations become roles and the skills they name become skills. An essential relation is a
requirement at ESSENTIAL_LEVEL; an optional relation is kept under the role's `optional` at
OPTIONAL_LEVEL (data for ranking similar roles, not a requirement). ESCO has no proficiency
levels, hours or prerequisites: the levels are documented defaults, and the hours a doubling
curve fitted like O*NET's, with each occupation's preparation taken from the ISCO-08 skill level
of its major group. docs/importers.md has the reasons.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pathplan.importers.common import (
    LEARNING_HOURS_PER_YEAR,
    PREPARATION_YEARS,
    Imported,
    Problems,
    ProgressFn,
    cumulative_units,
    doubling_curve,
    fit_scale,
    pick_aliases,
    read_table,
    slugify,
    unique_ids,
)
from pathplan.model import SLUG

__all__ = [
    "ALIAS_LIMIT",
    "ESSENTIAL_LEVEL",
    "FILES",
    "OPTIONAL_LEVEL",
    "ZONE_BY_ISCO",
    "job_zone",
    "read_esco",
]

OCCUPATIONS = "occupations_en.csv"
RELATIONS = "occupationSkillRelations_en.csv"
FILES = (OCCUPATIONS, RELATIONS)
OCCUPATION_COLUMNS = (
    "conceptUri",
    "iscoGroup",
    "preferredLabel",
    "altLabels",
    "description",
    "code",
)
RELATION_COLUMNS = ("occupationUri", "relationType", "skillLabel", "skillType")

ESSENTIAL_LEVEL = 3  # practitioner: what an occupation's profile calls essential
OPTIONAL_LEVEL = 2  # working: useful in some jobs of the occupation
LEVELS = 5
ALIAS_LIMIT = 10
DEFAULT_SCALE = 6.0
CATEGORIES = {"knowledge": "knowledge", "skill/competence": "skill", "": "unclassified"}

# ISCO-08 major groups (the first digit of the ISCO code).
ISCO_MAJOR_GROUPS = {
    "0": "Armed forces occupations",
    "1": "Managers",
    "2": "Professionals",
    "3": "Technicians and associate professionals",
    "4": "Clerical support workers",
    "5": "Service and sales workers",
    "6": "Skilled agricultural, forestry and fishery workers",
    "7": "Craft and related trades workers",
    "8": "Plant and machine operators and assemblers",
    "9": "Elementary occupations",
}
# O*NET-style Job Zone from the ISCO-08 skill level of a major group (ILO, ISCO-08 vol. 1,
# table 1): level 1 -> zone 1, 2 -> 2, 3 -> 3, 4 -> 4. Managers are levels 3 and 4: zone 4.
# Armed forces: commissioned officers (01) 4, non-commissioned officers (02) 2, others (03) 1.
ZONE_BY_ISCO = {
    "1": 4,
    "2": 4,
    "3": 3,
    "4": 2,
    "5": 2,
    "6": 2,
    "7": 2,
    "8": 2,
    "9": 1,
    "01": 4,
    "02": 2,
    "03": 1,
}
_ISCO = re.compile(r"^\d{4}$")
_SLUG = re.compile(SLUG)


def attribution(release: str) -> str:
    """The acknowledgement ESCO's reuse policy asks for."""
    return (
        f"ESCO classification, European Commission, v{release}"
        " (https://esco.ec.europa.eu), reused under Commission Decision 2011/833/EU."
        " pathplan has modified it: the README.md beside the framework says how."
    )


def job_zone(isco_group: str) -> int | None:
    """The Job Zone (1-5) standing for an ISCO-08 unit group's skill level; None if unknown."""
    return ZONE_BY_ISCO.get(isco_group[:2]) or ZONE_BY_ISCO.get(isco_group[:1])


@dataclass
class _Occupation:
    label: str
    isco: str
    alt_labels: list[str]
    description: str
    code: str
    essential: set[str] = field(default_factory=set)
    optional: set[str] = field(default_factory=set)


def read_esco(
    folder: Path, *, release: str = "1.2.0", progress: ProgressFn | None = None
) -> Imported:
    """Read an ESCO CSV release in `folder` into skills.yaml and roles.yaml data.

    DataError lists every malformed row (file and line), or the files or columns missing.
    """
    problems = Problems()
    occupations = _occupations(folder / OCCUPATIONS, problems, progress)
    types = _relations(folder / RELATIONS, occupations, problems, progress)
    problems.raise_if_any()
    return _framework(release, occupations, types)


def _occupations(
    path: Path, problems: Problems, progress: ProgressFn | None
) -> dict[str, _Occupation]:
    file = str(path)
    out: dict[str, _Occupation] = {}
    lines: dict[str, int] = {}
    labels: dict[str, int] = {}
    for row in read_table(path, OCCUPATION_COLUMNS, problems, delimiter=",", progress=progress):
        uri, label, isco = (row.fields[c] for c in ("conceptUri", "preferredLabel", "iscoGroup"))
        if not uri:
            problems.at(row, file, "conceptUri", "conceptUri is empty")
            continue
        if uri in lines:
            problems.at(row, file, "conceptUri", f"{uri} is listed twice (line {lines[uri]})")
            continue
        if not label:
            problems.at(row, file, "preferredLabel", f"{uri} has no preferredLabel")
            continue
        if label.lower() in labels:
            problems.at(
                row,
                file,
                "preferredLabel",
                f"'{label}' is used twice (line {labels[label.lower()]})",
            )
            continue
        if isco and not _ISCO.match(isco):
            problems.at(row, file, "iscoGroup", f"iscoGroup: '{isco}' is not a 4-digit ISCO code")
            continue
        lines[uri] = row.line
        labels[label.lower()] = row.line
        alt = [a.strip() for a in row.fields["altLabels"].splitlines() if a.strip()]
        out[uri] = _Occupation(label, isco, alt, row.fields["description"], row.fields["code"])
    return out


def _relations(
    path: Path,
    occupations: dict[str, _Occupation],
    problems: Problems,
    progress: ProgressFn | None,
) -> dict[str, Counter[str]]:
    """Fill each occupation's essential and optional skill labels; the types seen per label."""
    file = str(path)
    types: dict[str, Counter[str]] = {}
    for row in read_table(path, RELATION_COLUMNS, problems, delimiter=",", progress=progress):
        uri, kind, label, skill_type = (row.fields[c] for c in RELATION_COLUMNS)
        occupation = occupations.get(uri)
        if occupation is None:
            problems.at(
                row, file, "occupationUri", f"unknown occupation {uri}", f"not in {OCCUPATIONS}"
            )
            continue
        if kind not in ("essential", "optional"):
            problems.at(
                row, file, "relationType", f"relationType: '{kind}' is not essential or optional"
            )
            continue
        if not label:
            problems.at(row, file, "skillLabel", "skillLabel is empty")
            continue
        if skill_type not in CATEGORIES:
            problems.at(
                row,
                file,
                "skillType",
                f"skillType: '{skill_type}' is not knowledge, skill/competence or empty",
            )
            continue
        (occupation.essential if kind == "essential" else occupation.optional).add(label)
        counts = types.setdefault(label, Counter())
        if skill_type:
            counts[skill_type] += 1
    return types


def _skill_type(counts: Counter[str]) -> str:
    # The type most rows give the label; many rows leave it empty.
    if not counts:
        return ""
    return max(counts.items(), key=lambda item: (item[1], item[0]))[0]


def _framework(
    release: str, occupations: dict[str, _Occupation], types: dict[str, Counter[str]]
) -> Imported:
    notes: list[str] = []
    skill_ids = unique_ids({label: label for label in types}, suffix=lambda label: label)
    role_ids = unique_ids(
        {uri: o.label for uri, o in occupations.items()},
        suffix=lambda uri: occupations[uri].code or uri.rsplit("/", 1)[-1],
    )
    both = sum(len(o.essential & o.optional) for o in occupations.values())
    if both:
        notes.append(
            f"{both} occupation-skill pairs listed both essential and optional: kept as essential"
        )

    roles: dict[str, dict[str, Any]] = {}
    samples: list[tuple[float, float]] = []
    reserved = set(role_ids.values()) | set(skill_ids.values())
    candidates = {role_ids[uri]: o.alt_labels for uri, o in occupations.items()}
    aliases = pick_aliases(candidates, reserved, ALIAS_LIMIT)
    for uri, occupation in occupations.items():
        rid = role_ids[uri]
        requires = {skill_ids[s]: ESSENTIAL_LEVEL for s in occupation.essential}
        optional = {
            skill_ids[s]: OPTIONAL_LEVEL for s in occupation.optional - occupation.essential
        }
        code = occupation.code.lower()
        role: dict[str, Any] = {"name": occupation.label}
        own = [code] if _SLUG.match(code) and code not in reserved else []
        role["aliases"] = own + aliases[rid]
        if occupation.isco:
            role["family"] = slugify(ISCO_MAJOR_GROUPS[occupation.isco[0]])
        if occupation.description:
            role["description"] = occupation.description
        if occupation.code:
            role["code"] = occupation.code
        zone = job_zone(occupation.isco) if occupation.isco else None
        if zone is not None:
            role["job_zone"] = zone
            units = sum(cumulative_units(level) for level in requires.values())
            samples.append((units, PREPARATION_YEARS[zone] * LEARNING_HOURS_PER_YEAR))
        role["requires"] = dict(sorted(requires.items()))
        if optional:
            role["optional"] = dict(sorted(optional.items()))
        roles[rid] = role

    scale = fit_scale(samples, DEFAULT_SCALE)
    hours = doubling_curve(scale, LEVELS)
    skills: dict[str, dict[str, Any]] = {}
    unclassified = 0
    for label, sid in sorted(skill_ids.items(), key=lambda item: item[1]):
        skill_type = _skill_type(types[label])
        unclassified += skill_type == ""
        skills[sid] = {"name": label, "category": CATEGORIES[skill_type], "hours": list(hours)}
    if unclassified:
        notes.append(f"{unclassified} skills have no skillType in any row: category unclassified")

    roles = dict(sorted(roles.items()))
    return Imported(
        source=f"ESCO {release}",
        skills={
            "levels": ["awareness", "working", "practitioner", "advanced", "expert"],
            "skills": skills,
        },
        roles={"roles": roles},
        attribution=attribution(release),
        readme=_readme(release, scale, hours, len(skills), roles, notes),
        notes=tuple(notes),
    )


def _readme(
    release: str,
    scale: float,
    hours: list[int],
    skill_count: int,
    roles: dict[str, dict[str, Any]],
    notes: list[str],
) -> str:
    essential = sum(len(r["requires"]) for r in roles.values())
    optional = sum(len(r.get("optional", {})) for r in roles.values())
    curve = ", ".join(f"{h:g}" for h in hours)
    zone_rows = "\n".join(
        f"| {z} | {', '.join(g for g, v in ZONE_BY_ISCO.items() if v == z)} |"
        f" {PREPARATION_YEARS[z] * LEARNING_HOURS_PER_YEAR:.0f} |"
        for z in sorted(PREPARATION_YEARS)
        if z in ZONE_BY_ISCO.values()
    )
    note_lines = "".join(f"- {n}\n" for n in notes) or "- nothing was left out\n"
    return f"""# Framework imported from ESCO {release}

{attribution(release)}

Made by `pathplan import esco`: {len(roles)} roles, {skill_count} skills, {essential}
requirements and {optional} optional skills. The rules are in pathplan's docs/importers.md; the
values used here:

- An **essential** relation is a requirement at level {ESSENTIAL_LEVEL}; an **optional** one
  is kept under the role's `optional` at level {OPTIONAL_LEVEL} (used to rank similar roles,
  never required).
- Hours per level, every skill: {curve} (a doubling curve, scale {scale:.2f} fitted so that
  meeting an occupation from nothing takes about the preparation time of its ISCO-08 skill
  level, at {LEARNING_HOURS_PER_YEAR:g} learning hours a year). `job_zone` holds that level on
  O*NET's Job Zone scale:

| job_zone | ISCO major groups | hours |
|---|---|---|
{zone_rows}

Notes:
{note_lines}"""
