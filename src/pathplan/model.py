"""Schemas of the data files (pydantic v2) and the resolved framework the planner reads."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Protocol

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from pathplan.errors import InvalidValueError, UnknownNameError

SLUG = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"
DEFAULT_LEVELS = ("awareness", "working", "practitioner", "advanced", "expert")
# What the default level names mean (data/README.md, "Levels"), for people rating themselves;
# a framework with level names of its own shows the names alone.
LEVEL_MEANINGS = {
    "awareness": "knows what it is and when it is used",
    "working": "does routine tasks with guidance",
    "practitioner": "works on their own on typical tasks",
    "advanced": "handles hard, unusual problems; mentors others",
    "expert": "a recognised authority; shapes how it is done",
}
_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")

# The ranges every input shares (files and command-line options alike; docs/safety.md).
# Hours of one level step, or of one resource: 100,000 h is some fifty working years, so more is
# a typo (or an attack: 1e308 per level sums to infinity). Hours per week: at most a week's 168.
MAX_HOURS = 100_000
MIN_HOURS_PER_WEEK = 0.1
MAX_HOURS_PER_WEEK = 168

Slug = Annotated[str, StringConstraints(pattern=SLUG, max_length=200)]
Level = Annotated[int, Field(ge=1)]
HeldLevel = Annotated[int, Field(ge=0)]
Hours = Annotated[float, Field(ge=0, le=MAX_HOURS, allow_inf_nan=False)]
HoursPerWeek = Annotated[
    float, Field(ge=MIN_HOURS_PER_WEEK, le=MAX_HOURS_PER_WEEK, allow_inf_nan=False)
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]
# What a person may write for a skill or a level in a profile: an id, alias or name; a number or
# a level name. The loader resolves them against the framework.
SkillName = Annotated[str, StringConstraints(min_length=1, max_length=200)]
LevelName = Annotated[str, StringConstraints(min_length=1, max_length=100)]
# An id from a source taxonomy, such as an O*NET Detailed Work Activity: 4.A.2.a.4.I09.D03.
SourceId = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9]+(?:[-_.:/][A-Za-z0-9]+)*$", max_length=200)
]
Label = Annotated[str, StringConstraints(min_length=1, max_length=500)]


class _Schema(BaseModel):
    # defer_build: a schema is built on first use, so commands pay only for the models they use.
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, defer_build=True)


class Resource(_Schema):
    """A learning resource for a skill."""

    title: Text
    url: Text | None = None
    hours: Hours | None = None


class SkillSpec(_Schema):
    """One skill as written in skills.yaml."""

    name: Text
    aliases: list[Slug] = Field(
        default_factory=list, description="Other ids people know it by, e.g. excel"
    )
    category: Slug | None = None
    description: Text | None = None
    # A scalar H in the file is expanded to hour_curve(H) by the loader, which knows N.
    hours: list[Hours] = Field(description="Hours for each level step 1..N (or a scalar H)")
    requires: dict[Slug, Level] = Field(default_factory=dict)
    resources: list[Resource] = Field(default_factory=list)


class SkillsFile(_Schema):
    """The whole of skills.yaml."""

    levels: list[Text] | None = Field(default=None, min_length=1, max_length=20)
    skills: dict[Slug, SkillSpec]


class RoleSpec(_Schema):
    """One role as written in roles.yaml."""

    name: Text | None = None
    aliases: list[Slug] = Field(default_factory=list)
    family: Slug | None = None
    description: Text | None = None
    seniority: Annotated[int, Field(ge=1, le=5)] | None = None
    extends: Slug | None = None
    requires: dict[Slug, Level] = Field(default_factory=dict)
    requires_any: list[Annotated[dict[Slug, Level], Field(min_length=1)]] = Field(
        default_factory=list
    )
    next: list[Slug] = Field(default_factory=list)
    adjacent: list[Slug] = Field(default_factory=list)
    # Optional data kept by importers (O*NET, ESCO), used to rank adjacent roles.
    code: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = None
    job_zone: Annotated[int, Field(ge=1, le=5)] | None = None
    importance: dict[Slug, Annotated[float, Field(ge=0, le=5)]] = Field(default_factory=dict)
    optional: dict[Slug, Level] = Field(default_factory=dict)
    # The source's level rating of each skill on the framework's 0..N scale, unrounded (the
    # loader checks N); `requires` keeps whole levels for planning.
    level_ratings: dict[Slug, Annotated[float, Field(ge=0, allow_inf_nan=False)]] = Field(
        default_factory=dict
    )
    titles: list[Label] = Field(default_factory=list)  # every other title the role goes by
    activities: list[SourceId] = Field(default_factory=list)  # work activity ids
    technology: list[Label] = Field(default_factory=list)  # tools and software used


class RolesFile(_Schema):
    """The whole of roles.yaml."""

    roles: dict[Slug, RoleSpec]


class Profile(_Schema):
    """One person: current role, held skill levels, hours per week."""

    name: Text | None = None
    role: Text | None = None
    hours_per_week: HoursPerWeek | None = None
    # Any scalar: the loader says what is wrong with a value in its own words (a float or an
    # empty value is a mistake a person makes, not a type error).
    skills: dict[SkillName, int | float | LevelName | None] = Field(
        default_factory=dict,
        description="Skill (id, alias or name) -> level held (0..N, or a level name).",
    )


class Roster(_Schema):
    """Many profiles: a team or an organisation."""

    people: dict[Text, Profile]


def hour_curve(hours: float, levels: int) -> list[float]:
    """The documented default curve for a scalar H: H, 2H, 4H, ... (each level twice the last)."""
    return [float(hours) * 2**k for k in range(levels)]


def coverage_limit(value: str | float) -> float:
    """A coverage limit as a fraction: 0..1 as is, or a percentage such as '80%'.

    A bare number over 1 is refused rather than guessed at: '80' could mean 80% or a typo.
    Raises InvalidValueError (a ValueError) for anything else.
    """
    if isinstance(value, str):
        match = _PERCENT.match(value)
        if match:
            fraction = float(match.group(1)) / 100
            if fraction > 1:
                raise InvalidValueError("coverage", value, f"coverage '{value}' is over 100%")
            return fraction
        try:
            value = float(value)
        except ValueError:
            raise InvalidValueError(
                "coverage",
                value,
                f"coverage '{value}' is not a number",
                "write a fraction like 0.8 or a percentage",
            ) from None
    if not 0 <= value <= 1:
        raise InvalidValueError(
            "coverage",
            value,
            f"coverage {value:g} is not between 0 and 1",
            "write a fraction like 0.8 or 80%",
        )
    return float(value)


def max_levels(*levels: Mapping[str, int]) -> dict[str, int]:
    """Each skill at the highest level any of `levels` gives it, in first-seen order.

    How requirements merge (a role and its parent, the roles of a route) and how raised levels
    lay over held ones.
    """
    out: dict[str, int] = {}
    for each in levels:
        for sid, level in each.items():
            out[sid] = max(level, out.get(sid, 0))
    return out


def union_groups(*groups: Iterable[Mapping[str, int]]) -> list[dict[str, int]]:
    """`requires_any` groups of several roles, each group once, in first-seen order."""
    out: list[dict[str, int]] = []
    for each in groups:
        out += [dict(g) for g in each if dict(g) not in out]
    return out


@dataclass(frozen=True)
class Holder:
    """Whoever a plan is for: skill levels held, and where their routes start."""

    levels: Mapping[str, int]
    role: str | None = None
    name: str | None = None
    hours_per_week: float | None = None


@dataclass(frozen=True)
class Skill:
    """A skill with its hour curve resolved to one number per level step."""

    id: str
    name: str
    category: str | None
    description: str | None
    hours: tuple[float, ...]
    requires: Mapping[str, int]
    resources: tuple[Resource, ...]
    aliases: tuple[str, ...] = ()

    def hours_between(self, start: int, end: int) -> float:
        """Hours to raise this skill from level `start` to level `end` (0 when end <= start)."""
        return sum(self.hours[start:end]) if end > start else 0.0


@dataclass(frozen=True)
class Role:
    """A role with `extends` resolved: its requirements include everything it inherits."""

    id: str
    name: str
    aliases: tuple[str, ...]
    family: str | None
    description: str | None
    seniority: int | None
    extends: str | None
    requires: Mapping[str, int]
    requires_any: tuple[Mapping[str, int], ...]
    next: tuple[str, ...]
    adjacent: tuple[str, ...]
    job_zone: int | None = None
    code: str | None = None  # the source's occupation code (O*NET-SOC, ESCO), from importers
    importance: Mapping[str, float] = field(default_factory=dict)
    optional: Mapping[str, int] = field(default_factory=dict)
    level_ratings: Mapping[str, float] = field(default_factory=dict)
    titles: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    technology: tuple[str, ...] = ()


class DerivedStore(Protocol):
    """Where data derived from one framework (such as a similarity index) is kept between runs.

    The loader's cache gives a framework read through it one of these, beside its entry, so work
    done once for that exact content is not done again; `read` gives None when nothing (or
    nothing intact) is stored, and `write` fails silently, like the cache itself.
    """

    def read(self, name: str) -> bytes | None:
        """The bytes stored under `name`, or None."""
        ...

    def write(self, name: str, data: bytes) -> None:
        """Store `data` under `name`, atomically."""
        ...


@dataclass(frozen=True)
class Framework:
    """A validated framework: skills and roles by id, and the level names."""

    levels: tuple[str, ...]
    skills: Mapping[str, Skill]
    roles: Mapping[str, Role]
    rank: Mapping[str, int] = field(default_factory=dict)  # learning order: prerequisites first
    sources: tuple[str, ...] = field(default=())
    # Set when the framework was read through a cache: None means derived data is not kept.
    derived: DerivedStore | None = field(default=None, compare=False, repr=False)

    @cached_property
    def role_names(self) -> dict[str, str]:
        """Every lowercase id, alias and name of a role, to its id (ids win, then aliases)."""
        names = {rid.lower(): rid for rid in self.roles}
        for role in self.roles.values():
            for alias in role.aliases:
                names.setdefault(alias.lower(), role.id)
        for role in self.roles.values():
            names.setdefault(role.name.lower(), role.id)
        return names

    @cached_property
    def skill_names(self) -> dict[str, str]:
        """Every lowercase id, alias and name of a skill, to its id (ids win, then aliases)."""
        names = {sid.lower(): sid for sid in self.skills}
        for skill in self.skills.values():
            for alias in skill.aliases:
                names.setdefault(alias.lower(), skill.id)
        for skill in self.skills.values():
            names.setdefault(skill.name.lower(), skill.id)
        return names

    @cached_property
    def _folded_roles(self) -> dict[str, str]:
        return _folded(self.role_names)

    @cached_property
    def _folded_skills(self) -> dict[str, str]:
        return _folded(self.skill_names)

    def find_role(self, name: str) -> str | None:
        """The id of the role a person means by `name`, or None.

        An id, alias or name in any case; hyphens, underscores and spaces are alike, so
        `data analyst`, `Data-Analyst` and `data_analyst` all find `data-analyst`.
        """
        key = name.strip().lower()
        return self.role_names.get(key) or self._folded_roles.get(fold(key))

    def find_skill(self, name: str) -> str | None:
        """The id of the skill a person means by `name` (as `find_role`), or None."""
        key = name.strip().lower()
        return self.skill_names.get(key) or self._folded_skills.get(fold(key))

    def find_level(self, value: int | float | str | None) -> int | None:
        """The level a person means: a number (also "3" or "3.0") or a level name, any case.

        `none` is 0. Numbers come back as they are, even out of range, so the caller can say
        how far out; None when `value` is neither a number nor a level name.
        """
        if isinstance(value, bool) or value is None:
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            return int(value) if value.is_integer() else None
        text = value.strip()
        if text.isascii() and text.isdigit():  # the common case, kept fast for large rosters
            return int(text)
        key = text.lower()
        if key == "none":
            return 0
        for i, name in enumerate(self.levels, 1):
            if name.lower() == key:
                return i
        try:
            number = float(text)
        except ValueError:
            return None
        # A spreadsheet writes 3 as "3.0"; 2.5 is no level.
        return int(number) if number.is_integer() else None

    def role_id(self, name: str) -> str:
        """The id of the role called `name` (see `find_role`); UnknownNameError if none."""
        found = self.find_role(name)
        if found is None:
            raise UnknownNameError("role", name, self.role_names)
        return found

    def skill_id(self, name: str) -> str:
        """The id of the skill called `name` (see `find_skill`); UnknownNameError if none."""
        found = self.find_skill(name)
        if found is None:
            raise UnknownNameError("skill", name, self.skill_names)
        return found

    @property
    def max_level(self) -> int:
        """The highest proficiency level, N."""
        return len(self.levels)


def fold(name: str) -> str:
    """A name as people type it, with case and the spelling of word breaks set aside."""
    return " ".join(re.split(r"[\s_\-]+", name.strip().lower())).strip()


def _folded(names: Mapping[str, str]) -> dict[str, str]:
    folded: dict[str, str] = {}
    for name, target in names.items():
        folded.setdefault(fold(name), target)
    return folded
