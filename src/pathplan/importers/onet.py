"""O*NET database (tab-separated text release) -> a pathplan framework, as plain data.

Occupations become roles; the Skills and Knowledge elements become skills. A role requires an
element when its importance (IM, 1-5) is at least REQUIRED_IMPORTANCE, at the level mapped from
O*NET's level (LV, 0-7) by `level_from_lv`. Hours per level follow a doubling curve whose scale
is fitted so that meeting an occupation from nothing takes about its Job Zone's preparation
time. What planning does not use but similarity does is kept as optional role data: every raw
rating, all alternate titles, the detailed work activities its tasks map to, and its technology
skills. docs/importers.md has the reasons; the thresholds are constants here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pathplan.importers.common import (
    LEARNING_HOURS_PER_YEAR,
    PREPARATION_YEARS,
    Imported,
    Problems,
    ProgressFn,
    Row,
    cumulative_units,
    doubling_curve,
    fit_scale,
    number,
    pick_aliases,
    read_table,
    slugify,
    unique_ids,
)

__all__ = [
    "ALIAS_LIMIT",
    "FILES",
    "OPTIONAL_FILES",
    "OPTIONAL_IMPORTANCE",
    "REQUIRED_IMPORTANCE",
    "level_from_lv",
    "read_onet",
]

OCCUPATIONS = "Occupation Data.txt"
SKILLS = "Skills.txt"
KNOWLEDGE = "Knowledge.txt"
ZONES = "Job Zones.txt"
ZONE_REFERENCE = "Job Zone Reference.txt"
TITLES = "Alternate Titles.txt"
CONTENT = "Content Model Reference.txt"
TASK_ACTIVITIES = "Tasks to DWAs.txt"
TECHNOLOGY = "Technology Skills.txt"
FILES = (OCCUPATIONS, SKILLS, KNOWLEDGE, ZONES, ZONE_REFERENCE, TITLES, CONTENT)
# Read when present: they feed only the optional role data that ranks similar roles.
OPTIONAL_FILES = (TASK_ACTIVITIES, TECHNOLOGY)

CODE = "O*NET-SOC Code"
RATING_COLUMNS = (
    CODE,
    "Element ID",
    "Element Name",
    "Scale ID",
    "Data Value",
    "Recommend Suppress",
    "Not Relevant",
)
# O*NET's anchor for importance 3 is "Important"; 2 is "Somewhat Important".
REQUIRED_IMPORTANCE = 3.0
OPTIONAL_IMPORTANCE = 2.0
LEVELS = 5
ALIAS_LIMIT = 10
# The scale is refitted on every import; this is used only when nothing can be fitted.
DEFAULT_SCALE = 6.0
_SOC = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
# A Detailed Work Activity id: element, IWA and DWA parts, e.g. 4.A.2.a.4.I09.D03.
_DWA = re.compile(r"^4\.A(?:\.[0-9a-z]+)+\.I\d+\.D\d+$")

# The 23 major groups of the 2018 Standard Occupational Classification: the first two digits.
SOC_MAJOR_GROUPS = {
    "11": "Management",
    "13": "Business and Financial Operations",
    "15": "Computer and Mathematical",
    "17": "Architecture and Engineering",
    "19": "Life, Physical, and Social Science",
    "21": "Community and Social Service",
    "23": "Legal",
    "25": "Educational Instruction and Library",
    "27": "Arts, Design, Entertainment, Sports, and Media",
    "29": "Healthcare Practitioners and Technical",
    "31": "Healthcare Support",
    "33": "Protective Service",
    "35": "Food Preparation and Serving Related",
    "37": "Building and Grounds Cleaning and Maintenance",
    "39": "Personal Care and Service",
    "41": "Sales and Related",
    "43": "Office and Administrative Support",
    "45": "Farming, Fishing, and Forestry",
    "47": "Construction and Extraction",
    "49": "Installation, Maintenance, and Repair",
    "51": "Production",
    "53": "Transportation and Material Moving",
    "55": "Military Specific",
}


def attribution(release: str) -> str:
    """The attribution O*NET's licence asks for."""
    return (
        f"This includes information from the O*NET {release} Database by the U.S. Department of"
        " Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0"
        " license (https://www.onetcenter.org/license_db.html). pathplan has modified the"
        " information: the README.md beside the framework says how. USDOL/ETA has not"
        " approved, endorsed, or tested these modifications."
    )


def level_from_lv(lv: float) -> int:
    """Pathplan level 1..5 for O*NET level LV 0..7: round(LV * 5/7), half up, at least 1.

    LV's anchors 2, 4 and 6 land on 1 (awareness), 3 (practitioner) and 4 (advanced); LV 7,
    the top of the scale, on 5 (expert).
    """
    return max(1, min(LEVELS, math.floor(lv * LEVELS / 7 + 0.5)))


@dataclass
class _Rating:
    importance: float | None = None  # None: missing or suppressed
    level: float | None = None  # None: missing, suppressed or not relevant
    raw_level: float | None = None  # None: missing or suppressed (kept when not relevant)
    lines: dict[str, int] = field(default_factory=dict)  # scale -> line, to report duplicates


@dataclass
class _Extras:
    """Per occupation code: what only similarity reads."""

    titles: dict[str, list[tuple[int, str]]]  # (number of sources, full alternate title)
    activities: dict[str, set[str]]  # DWA ids its tasks map to
    technology: dict[str, set[str]]  # technology skill examples
    missing: tuple[str, ...] = ()  # optional files not in the folder


@dataclass
class _Element:
    name: str
    kind: str  # skill or knowledge
    group: str  # content-model id of its category


def read_onet(
    folder: Path, *, release: str = "30.1", progress: ProgressFn | None = None
) -> Imported:
    """Read an O*NET text release in `folder` into skills.yaml and roles.yaml data.

    DataError lists every malformed row (file and line), or the files or columns missing.
    """
    problems = Problems()
    occupations = _occupations(folder, problems, progress)
    zones = _zones(folder, problems, progress)
    zone_names = _zone_reference(folder, problems)
    content = _content_model(folder, problems, progress)
    elements: dict[str, _Element] = {}
    ratings: dict[tuple[str, str], _Rating] = {}
    for name, kind in ((SKILLS, "skill"), (KNOWLEDGE, "knowledge")):
        _ratings(folder / name, kind, problems, elements, ratings, progress)
    titles, full_titles = _titles(folder, problems, progress)
    extras = _Extras(
        titles=full_titles,
        activities=_by_code(folder / TASK_ACTIVITIES, "DWA ID", _dwa, problems, progress),
        technology=_by_code(folder / TECHNOLOGY, "Example", _technology, problems, progress),
        missing=tuple(name for name in OPTIONAL_FILES if not (folder / name).exists()),
    )
    problems.raise_if_any()
    return _framework(
        release, occupations, zones, zone_names, content, elements, ratings, titles, extras
    )


def _occupations(
    folder: Path, problems: Problems, progress: ProgressFn | None
) -> dict[str, tuple[str, str]]:
    path = folder / OCCUPATIONS
    file = str(path)
    out: dict[str, tuple[str, str]] = {}
    lines: dict[str, int] = {}
    for row in read_table(
        path, (CODE, "Title", "Description"), problems, delimiter="\t", progress=progress
    ):
        code = _code(row, file, problems)
        if code is None:
            continue
        if code in lines:
            problems.at(row, file, CODE, f"{code} is listed twice (first on line {lines[code]})")
            continue
        if not row.fields["Title"]:
            problems.at(row, file, "Title", f"{code} has no title")
            continue
        lines[code] = row.line
        out[code] = (row.fields["Title"], row.fields["Description"])
    return out


def _code(row: Row, file: str, problems: Problems) -> str | None:
    code = row.fields[CODE]
    if not _SOC.match(code):
        problems.at(row, file, CODE, f"'{code}' is not an O*NET-SOC code like 15-1252.00")
        return None
    return code


def _zones(folder: Path, problems: Problems, progress: ProgressFn | None) -> dict[str, int]:
    path = folder / ZONES
    file = str(path)
    out: dict[str, int] = {}
    for row in read_table(path, (CODE, "Job Zone"), problems, delimiter="\t", progress=progress):
        code = _code(row, file, problems)
        zone = row.fields["Job Zone"]
        if code is None:
            continue
        if zone not in {"1", "2", "3", "4", "5"}:
            problems.at(row, file, "Job Zone", f"Job Zone: '{zone}' is not one of 1, 2, 3, 4, 5")
            continue
        out[code] = int(zone)
    return out


def _zone_reference(folder: Path, problems: Problems) -> dict[int, str]:
    path = folder / ZONE_REFERENCE
    rows = read_table(path, ("Job Zone", "Name"), problems, delimiter="\t")
    names = {row.fields["Job Zone"]: row.fields["Name"] for row in rows}
    if rows:
        missing = [z for z in "12345" if z not in names]
        if missing:
            problems.add(
                str(path), 1, 1, f"zones {', '.join(missing)} are missing", "expected zones 1-5"
            )
    return {int(z): n for z, n in names.items() if z in {"1", "2", "3", "4", "5"}}


def _content_model(
    folder: Path, problems: Problems, progress: ProgressFn | None
) -> dict[str, tuple[str, str]]:
    rows = read_table(
        folder / CONTENT,
        ("Element ID", "Element Name", "Description"),
        problems,
        delimiter="\t",
        progress=progress,
    )
    return {
        r.fields["Element ID"]: (r.fields["Element Name"], r.fields["Description"]) for r in rows
    }


def _ratings(
    path: Path,
    kind: str,
    problems: Problems,
    elements: dict[str, _Element],
    ratings: dict[tuple[str, str], _Rating],
    progress: ProgressFn | None,
) -> None:
    file = str(path)
    for row in read_table(path, RATING_COLUMNS, problems, delimiter="\t", progress=progress):
        code = _code(row, file, problems)
        eid, scale = row.fields["Element ID"], row.fields["Scale ID"]
        if code is None or scale not in ("IM", "LV"):
            continue  # other scales carry nothing pathplan uses
        if not eid or not row.fields["Element Name"]:
            problems.at(row, file, "Element ID", "the element has no id or no name")
            continue
        element = elements.setdefault(eid, _Element(row.fields["Element Name"], kind, _group(eid)))
        if element.kind != kind:
            problems.at(row, file, "Element ID", f"element {eid} is also in the {element.kind}s")
            continue
        low, high = (1.0, 5.0) if scale == "IM" else (0.0, 7.0)
        value = number(row, file, "Data Value", low, high, problems)
        suppress = _flag(row, file, "Recommend Suppress", problems)
        irrelevant = _flag(row, file, "Not Relevant", problems)
        rating = ratings.setdefault((code, eid), _Rating())
        if scale in rating.lines:
            problems.add(
                file,
                row.line,
                1,
                f"{code} {eid} {scale} is rated twice (first on line {rating.lines[scale]})",
            )
            continue
        rating.lines[scale] = row.line
        if value is None or suppress:
            continue
        if scale == "IM":
            rating.importance = value
            continue
        rating.raw_level = value
        if not irrelevant:
            rating.level = value


def _flag(row: Row, file: str, column: str, problems: Problems) -> bool:
    value = row.fields[column]
    if value not in ("Y", "N", "n/a", ""):
        problems.at(row, file, column, f"{column}: '{value}' is not Y, N or n/a")
    return value == "Y"


def _group(eid: str) -> str:
    # Basic Skills (2.A) are one category; the others take their group: 2.B.1, 2.C.4, ...
    parts = eid.split(".")
    return "2.A" if parts[:2] == ["2", "A"] else ".".join(parts[:3])


def _titles(
    folder: Path, problems: Problems, progress: ProgressFn | None
) -> tuple[dict[str, list[tuple[int, str]]], dict[str, list[tuple[int, str]]]]:
    """Per code: (sources, alias candidate) and (sources, full title), in file order."""
    path = folder / TITLES
    file = str(path)
    out: dict[str, list[tuple[int, str]]] = {}
    full: dict[str, list[tuple[int, str]]] = {}
    for row in read_table(
        path,
        (CODE, "Alternate Title", "Short Title", "Source(s)"),
        problems,
        delimiter="\t",
        progress=progress,
    ):
        code = _code(row, file, problems)
        if code is None:
            continue
        short = row.fields["Short Title"]
        text = short if short and short != "n/a" else _bare(row.fields["Alternate Title"])
        sources = len([s for s in row.fields["Source(s)"].split(",") if s.strip()])
        out.setdefault(code, []).append((sources, text))
        if row.fields["Alternate Title"]:
            full.setdefault(code, []).append((sources, row.fields["Alternate Title"]))
    return out, full


def _by_code(
    path: Path,
    column: str,
    check: Callable[[Row, str, Problems], str | None],
    problems: Problems,
    progress: ProgressFn | None,
) -> dict[str, set[str]]:
    """Per code, the set of values in `column` that `check` accepts (an optional file)."""
    if not path.exists():
        return {}
    file = str(path)
    out: dict[str, set[str]] = {}
    for row in read_table(path, (CODE, column), problems, delimiter="\t", progress=progress):
        code = _code(row, file, problems)
        value = check(row, file, problems)
        if code is not None and value is not None:
            out.setdefault(code, set()).add(value)
    return out


def _dwa(row: Row, file: str, problems: Problems) -> str | None:
    value = row.fields["DWA ID"]
    if not _DWA.match(value):
        problems.at(row, file, "DWA ID", f"'{value}' is not a DWA id like 4.A.2.a.4.I09.D03")
        return None
    return value


def _technology(row: Row, file: str, problems: Problems) -> str | None:
    value = row.fields["Example"]
    if not value:
        problems.at(row, file, "Example", "the technology skill has no name")
        return None
    return value


def _bare(title: str) -> str:
    # "CEO (Chief Executive Officer)" -> "CEO": the spelt-out part makes a poor alias.
    return re.sub(r"\s*\([^)]*\)", "", title).strip()


def _framework(
    release: str,
    occupations: dict[str, tuple[str, str]],
    zones: dict[str, int],
    zone_names: dict[int, str],
    content: dict[str, tuple[str, str]],
    elements: dict[str, _Element],
    ratings: dict[tuple[str, str], _Rating],
    titles: dict[str, list[tuple[int, str]]],
    extras: _Extras,
) -> Imported:
    notes: list[str] = []
    rated = sorted({code for code, _ in ratings if code in occupations})
    unknown = sorted({code for code, _ in ratings if code not in occupations})
    if unknown:
        notes.append(
            f"skipped ratings of {len(unknown)} codes not in {OCCUPATIONS} (e.g. {unknown[0]})"
        )
    for name in extras.missing:
        field_name = "activities" if name == TASK_ACTIVITIES else "technology"
        notes.append(f"no {name} in the folder: roles have no {field_name}")
    unrated = len(occupations) - len(rated)
    if unrated:
        notes.append(
            f"left out {unrated} occupation{'s' if unrated != 1 else ''} with no Skills or"
            " Knowledge ratings"
        )

    names = _element_names(elements)
    skill_ids = unique_ids(names, suffix=lambda eid: eid)
    role_ids = unique_ids({code: occupations[code][0] for code in rated}, suffix=lambda c: c)

    roles: dict[str, dict[str, Any]] = {}
    samples: list[tuple[float, float]] = []
    order = sorted(elements, key=lambda e: skill_ids[e])
    for code in rated:
        requires, optional, importance, level_ratings = _rated(
            [(skill_ids[eid], ratings.get((code, eid))) for eid in order]
        )
        title, description = occupations[code]
        zone = zones.get(code)
        role: dict[str, Any] = {"name": title}
        role["family"] = slugify(SOC_MAJOR_GROUPS.get(code[:2], f"soc {code[:2]}"))
        if description:
            role["description"] = description
        role["code"] = code
        if zone is not None:
            role["job_zone"] = zone
            units = sum(cumulative_units(level) for level in requires.values())
            samples.append((units, PREPARATION_YEARS[zone] * LEARNING_HOURS_PER_YEAR))
        role["requires"] = requires
        if optional:
            role["optional"] = optional
        role["importance"] = importance
        if level_ratings:
            role["level_ratings"] = level_ratings
        role.update(_extra_fields(code, extras))
        roles[role_ids[code]] = role
    no_zone = sum(1 for code in rated if code not in zones)
    if no_zone:
        notes.append(f"{no_zone} occupations have no Job Zone (no job_zone; not used to fit hours)")

    reserved = set(role_ids.values()) | set(skill_ids.values())
    candidates = {
        role_ids[code]: [text for _, text in sorted(titles.get(code, []), key=_title_order)]
        for code in rated
    }
    aliases = pick_aliases(candidates, reserved, ALIAS_LIMIT)
    for code in rated:
        rid = role_ids[code]
        codes = [code, code[:7]] if code.endswith(".00") else [code]
        roles[rid] = {"name": roles[rid]["name"], "aliases": codes + aliases[rid], **roles[rid]}

    scale = fit_scale(samples, DEFAULT_SCALE)
    hours = doubling_curve(scale, LEVELS)
    skills: dict[str, dict[str, Any]] = {}
    for eid in sorted(elements, key=lambda e: skill_ids[e]):
        element = elements[eid]
        skill: dict[str, Any] = {"name": names[eid]}
        group = content.get(element.group, (element.group, ""))[0]
        skill["category"] = slugify(group) or element.kind
        description = content.get(eid, ("", ""))[1]
        if description:
            skill["description"] = description
        skill["hours"] = list(hours)
        skills[skill_ids[eid]] = skill

    roles = dict(sorted(roles.items()))
    readme = _readme(release, scale, hours, zone_names, len(skills), roles, notes)
    return Imported(
        source=f"O*NET {release}",
        skills={
            "levels": ["awareness", "working", "practitioner", "advanced", "expert"],
            "skills": skills,
        },
        roles={"roles": roles},
        attribution=attribution(release),
        readme=readme,
        notes=tuple(notes),
    )


def _rated(
    ratings: list[tuple[str, _Rating | None]],
) -> tuple[dict[str, int], dict[str, int], dict[str, float], dict[str, float]]:
    """One occupation's requires, optional, importance and level_ratings, from its ratings."""
    requires: dict[str, int] = {}
    optional: dict[str, int] = {}
    importance: dict[str, float] = {}
    level_ratings: dict[str, float] = {}
    for sid, rating in ratings:
        if rating is None:
            continue
        if rating.raw_level is not None:
            level_ratings[sid] = round(rating.raw_level * LEVELS / 7, 2)
        if rating.importance is None:
            continue
        importance[sid] = rating.importance
        if rating.level is None:
            continue
        if rating.importance >= REQUIRED_IMPORTANCE:
            requires[sid] = level_from_lv(rating.level)
        elif rating.importance >= OPTIONAL_IMPORTANCE:
            optional[sid] = level_from_lv(rating.level)
    return requires, optional, importance, level_ratings


def _extra_fields(code: str, extras: _Extras) -> dict[str, list[str]]:
    # Lists, each item once (titles case-insensitively), in an order that is the same on
    # every run: titles the way aliases are picked (most sources first), the others sorted.
    out: dict[str, list[str]] = {}
    seen: set[str] = set()
    titles = []
    for _, text in sorted(extras.titles.get(code, []), key=_title_order):
        if text.lower() not in seen:
            seen.add(text.lower())
            titles.append(text)
    if titles:
        out["titles"] = titles
    if extras.activities.get(code):
        out["activities"] = sorted(extras.activities[code])
    if extras.technology.get(code):
        out["technology"] = sorted(extras.technology[code], key=lambda t: (t.lower(), t))
    return out


def _element_names(elements: dict[str, _Element]) -> dict[str, str]:
    # Skill names must be unique: O*NET has both a skill and a knowledge area called
    # "Mathematics", so a knowledge area whose name is taken becomes "Mathematics (knowledge)".
    by_name: dict[str, list[str]] = {}
    for eid in sorted(elements):
        by_name.setdefault(elements[eid].name.lower(), []).append(eid)
    names = {}
    for eid, element in elements.items():
        clash = len(by_name[element.name.lower()]) > 1
        names[eid] = (
            f"{element.name} ({element.kind})"
            if clash and element.kind == "knowledge"
            else element.name
        )
    return names


def _title_order(item: tuple[int, str]) -> tuple[int, int, str]:
    # Titles reported by more sources first, then shorter ones: the common names of the job.
    sources, text = item
    return (-sources, len(text), text)


def _readme(
    release: str,
    scale: float,
    hours: list[int],
    zone_names: dict[int, str],
    skill_count: int,
    roles: dict[str, dict[str, Any]],
    notes: list[str],
) -> str:
    requirements = sum(len(r["requires"]) for r in roles.values())
    zone_rows = "\n".join(
        f"| {z} | {zone_names.get(z, '')} | {PREPARATION_YEARS[z]:g} |"
        f" {PREPARATION_YEARS[z] * LEARNING_HOURS_PER_YEAR:.0f} |"
        for z in sorted(PREPARATION_YEARS)
    )
    curve = ", ".join(f"{h:g}" for h in hours)
    note_lines = "".join(f"- {n}\n" for n in notes) or "- nothing was left out\n"
    return f"""# Framework imported from O*NET {release}

{attribution(release)}

Made by `pathplan import onet`: {len(roles)} roles, {skill_count} skills, {requirements}
requirements. The rules are in pathplan's docs/importers.md; the values used here:

- A role (occupation) **requires** a skill (a Skills or Knowledge element) when its
  importance IM >= {REQUIRED_IMPORTANCE:g}; elements with
  {OPTIONAL_IMPORTANCE:g} <= IM < {REQUIRED_IMPORTANCE:g} are kept under `optional`. Every
  rated importance is kept under `importance`, every level rating (LV x 5/7, unrounded to
  whole levels) under `level_ratings`.
- For ranking similar roles, not for planning: all alternate titles (`titles`), the Detailed
  Work Activities the occupation's tasks map to (`activities`, DWA ids) and its technology
  skills (`technology`).
- Level = round(LV x 5/7), at least 1 (O*NET level LV is 0-7; pathplan levels are 1-5).
- Hours per level, every skill: {curve} (a doubling curve, scale {scale:.2f} fitted so that
  meeting an occupation from nothing takes about its Job Zone's preparation time at
  {LEARNING_HOURS_PER_YEAR:g} learning hours a year):

| Job Zone | name | years | hours |
|---|---|---|---|
{zone_rows}

Notes:
{note_lines}"""
