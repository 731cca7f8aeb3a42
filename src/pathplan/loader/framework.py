"""Framework rules: skills.yaml and roles.yaml checked, then resolved into a `Framework`.

Schema and references first; then `extends` merged, cycles refused, skills ranked in learning
order.

networkx is imported only where the cycle and order work needs it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pathplan.errors import DataError, Problem, did_you_mean
from pathplan.loader.files import no_gc
from pathplan.model import (
    DEFAULT_LEVELS,
    Framework,
    Role,
    RoleSpec,
    Skill,
    SkillSpec,
    hour_curve,
    max_levels,
    union_groups,
)

if TYPE_CHECKING:
    from pathplan.loader.yaml import Document, Path_

__all__ = [
    "FrameworkSpecs",
    "build_framework",
    "check_specs",
    "framework_from_data",
    "load_framework",
    "read_specs",
]


@dataclass
class FrameworkSpecs:
    """Schema-valid skills and roles as written, with their documents for locations."""

    levels: tuple[str, ...]
    skills: dict[str, SkillSpec]
    roles: dict[str, RoleSpec]
    skills_doc: Document
    roles_doc: Document


def read_specs(data_dir: Path, raw: Mapping[str, bytes] | None = None) -> FrameworkSpecs:
    """Read skills.yaml and roles.yaml from `data_dir`, checking schema and references.

    `raw` (file name -> bytes) gives the files' content when the caller has read it already.
    """
    with no_gc():
        return _read_specs(data_dir, raw)


def _read_specs(data_dir: Path, raw: Mapping[str, bytes] | None) -> FrameworkSpecs:
    # The YAML reader is imported only here: a framework from the cache needs none of it.
    from pathplan.loader.yaml import read_yaml, yaml_from_bytes

    problems: list[Problem] = []
    docs: dict[str, Document] = {}
    for name in ("skills.yaml", "roles.yaml"):
        path = data_dir / name
        try:
            docs[name] = read_yaml(path) if raw is None else yaml_from_bytes(raw[name], str(path))
        except DataError as e:
            problems.extend(e.problems)
    if len(docs) < 2:
        raise DataError(problems)
    return check_specs(docs["skills.yaml"], docs["roles.yaml"])


def check_specs(sdoc: Document, rdoc: Document) -> FrameworkSpecs:
    """Check the schema and references of a skills and a roles document (read or built).

    Raises DataError listing every problem.
    """
    from pathplan.loader.validate import entries, mapping_at

    problems: list[Problem] = []
    levels = _levels(sdoc, problems)
    if isinstance(rdoc.data, dict):
        for key in rdoc.data:
            if key != "roles":
                problems.append(_unknown_top(rdoc, key, ("roles",)))
    raw_skills = {
        sid: _expand_scalar_hours(spec, len(levels))
        for sid, spec in mapping_at(sdoc, "skills", problems).items()
    }
    # Entries with bad fields are kept without them, so their references are checked too.
    skill_damage: dict[str, frozenset[str]] = {}
    skills = entries(
        sdoc, raw_skills, SkillSpec, "skills", problems, skill_damage, _SKILL_PLACEHOLDERS
    )
    role_damage: dict[str, frozenset[str]] = {}
    roles = entries(
        rdoc, mapping_at(rdoc, "roles", problems), RoleSpec, "roles", problems, role_damage
    )
    known = _Known(
        set(mapping_at(sdoc, "skills", [])), set(mapping_at(rdoc, "roles", [])), len(levels)
    )
    _check_skills(sdoc, skills, known, problems, skill_damage)
    _check_roles(rdoc, roles, known, problems, role_damage)
    if problems:
        raise DataError(problems)
    return FrameworkSpecs(levels, skills, roles, sdoc, rdoc)


@dataclass(frozen=True)
class _Known:
    """What references are checked against: every id written, valid or not, and the top level."""

    skills: set[str]
    roles: set[str]
    top: int


def _levels(sdoc: Document, problems: list[Problem]) -> tuple[str, ...]:
    """The level names skills.yaml declares (or the default five); its top-level keys checked."""
    if not isinstance(sdoc.data, dict):
        return DEFAULT_LEVELS
    for key in sdoc.data:
        if key not in ("levels", "skills"):
            problems.append(_unknown_top(sdoc, key, ("levels", "skills")))
    raw = sdoc.data.get("levels")
    if raw is None:
        return DEFAULT_LEVELS
    if isinstance(raw, list) and 0 < len(raw) <= 20 and all(isinstance(x, str) and x for x in raw):
        return tuple(raw)
    problems.append(sdoc.problem(("levels",), "levels: expected a list of 1 to 20 level names"))
    return DEFAULT_LEVELS


def _check_skills(
    sdoc: Document,
    skills: Mapping[str, SkillSpec],
    known: _Known,
    problems: list[Problem],
    damaged: Mapping[str, frozenset[str]],
) -> None:
    """One hour per level, known prerequisites at valid levels, and unique names and aliases.

    Fields `damaged` names for a skill were invalid (and reported): they are not looked at.
    """
    names: dict[str, str] = {}
    taken: dict[str, str] = {sid: sid for sid in known.skills}
    for sid, skill in skills.items():
        bad = damaged.get(sid, frozenset())
        _check_aliases(sdoc, ("skills", sid), skill.aliases, taken, problems)
        if "hours" not in bad and len(skill.hours) != known.top:
            problems.append(
                sdoc.problem(
                    ("skills", sid, "hours"),
                    f"skills.{sid}.hours: expected {known.top} numbers (one per level),"
                    f" got {len(skill.hours)}",
                )
            )
        where: Path_ = ("skills", sid, "requires")
        _check_levels(sdoc, where, skill.requires, known.skills, known.top, problems)
        if "name" in bad:
            continue
        if skill.name.lower() in names:
            problems.append(
                sdoc.problem(
                    ("skills", sid, "name"),
                    f"skills.{sid}.name: '{skill.name}' is also the name of"
                    f" '{names[skill.name.lower()]}'",
                    "names must be unique",
                )
            )
        names.setdefault(skill.name.lower(), sid)


def _check_roles(
    rdoc: Document,
    roles: Mapping[str, RoleSpec],
    known: _Known,
    problems: list[Problem],
    damaged: Mapping[str, frozenset[str]],
) -> None:
    """References to known skills and roles, no move to itself, unique aliases and names.

    Fields `damaged` names for a role were invalid (and reported): they are not looked at.
    """
    taken: dict[str, str] = {rid: rid for rid in known.roles}
    role_names: dict[str, str] = {}
    for rid, role in roles.items():
        base: Path_ = ("roles", rid)
        for path, levels in (
            ((*base, "requires"), role.requires),
            *(((*base, "requires_any", i), g) for i, g in enumerate(role.requires_any)),
            ((*base, "optional"), role.optional),
        ):
            _check_levels(rdoc, path, levels, known.skills, known.top, problems)
        for sid in role.importance:
            _check_ref(rdoc, (*base, "importance", sid), sid, known.skills, "skill", problems)
        _check_levels(
            rdoc,
            (*base, "level_ratings"),
            role.level_ratings,
            known.skills,
            known.top,
            problems,
            "rating",
        )
        if role.extends is not None:
            _check_ref(rdoc, (*base, "extends"), role.extends, known.roles, "role", problems)
        _check_moves(rdoc, rid, role, known, problems)
        _check_aliases(rdoc, base, role.aliases, taken, problems)
        if role.name is not None and "name" not in damaged.get(rid, frozenset()):
            other = role_names.setdefault(role.name.lower(), rid)
            if other != rid:
                problems.append(
                    rdoc.problem(
                        (*base, "name"),
                        f"roles.{rid}.name: '{role.name}' is also the name of '{other}'",
                        "names must be unique",
                    )
                )


def _skill(sid: str, spec: SkillSpec) -> Skill:
    """The resolved skill of one spec."""
    return Skill(
        id=sid,
        name=spec.name,
        category=spec.category,
        description=spec.description,
        hours=tuple(spec.hours),
        requires=dict(spec.requires),
        resources=tuple(spec.resources),
        aliases=tuple(spec.aliases),
    )


def _check_aliases(
    doc: Document,
    base: Path_,
    aliases: Sequence[str],
    taken: dict[str, str],
    problems: list[Problem],
) -> None:
    """Each alias names one thing: not another's id or alias (`taken`: alias or id -> owner)."""
    section, owner_id = str(base[0]), str(base[1])
    kind = section.removesuffix("s")
    for i, alias in enumerate(aliases):
        owner = taken.get(alias)
        if owner is not None and owner != owner_id:
            problems.append(
                doc.problem(
                    (*base, "aliases", i),
                    f"{section}.{owner_id}.aliases: '{alias}' is already "
                    + (f"a {kind} id" if owner == alias else f"an alias of '{owner}'"),
                )
            )
        taken.setdefault(alias, owner_id)


def _check_moves(
    rdoc: Document, rid: str, role: RoleSpec, known: _Known, problems: list[Problem]
) -> None:
    """A role's next and adjacent moves lead to other, known roles."""
    for kind in ("next", "adjacent"):
        for i, target in enumerate(getattr(role, kind)):
            where: Path_ = ("roles", rid, kind, i)
            if target == rid:
                problems.append(
                    rdoc.problem(where, f"roles.{rid}.{kind}: a role cannot move to itself")
                )
            else:
                _check_ref(rdoc, where, target, known.roles, "role", problems)


# What a skill whose name or hours are invalid is checked with: neither is looked at.
_SKILL_PLACEHOLDERS = {"name": "?", "hours": []}


def _expand_scalar_hours(spec: Any, levels: int) -> Any:
    if isinstance(spec, dict):
        hours = spec.get("hours")
        if isinstance(hours, int | float) and not isinstance(hours, bool):
            # A bad scalar stays one value, so it gets one error rather than one per level.
            curve = hour_curve(hours, levels) if hours >= 0 else [hours]
            return {**spec, "hours": curve}
    return spec


def _unknown_top(doc: Document, key: str, allowed: tuple[str, ...]) -> Problem:
    return doc.problem((key,), f"{key}: unknown field", did_you_mean(key, allowed))


def _check_ref(
    doc: Document, path: Path_, name: str, known: set[str], kind: str, problems: list[Problem]
) -> None:
    from pathplan.loader.validate import loc_text

    if name not in known:
        hint = did_you_mean(name, known)
        problems.append(doc.problem(path, f"{loc_text(path)}: unknown {kind} '{name}'", hint))


def _check_levels(
    doc: Document,
    path: Path_,
    levels: Mapping[str, float],
    known: set[str],
    top: int,
    problems: list[Problem],
    what: str = "level",
) -> None:
    from pathplan.loader.validate import loc_text

    for skill, level in levels.items():
        _check_ref(doc, (*path, skill), skill, known, "skill", problems)
        if level > top:
            problems.append(
                doc.problem(
                    (*path, skill),
                    f"{loc_text((*path, skill))}: {what} {level:g} is above the top level {top}",
                )
            )


def load_framework(
    data_dir: str | Path, cache_dir: str | Path | None = None, *, cache_secret: bytes = b""
) -> Framework:
    """Read, check and resolve the framework in `data_dir` (skills.yaml and roles.yaml).

    With `cache_dir`, a framework already read with the same file contents comes from there
    (see `pathplan.loader.cache`: only an entry that is this user's, intact, tagged with
    `cache_secret` and as valid as fresh data is used), and a newly read one is stored there.
    Raises DataError listing every problem, each with file:line:column.
    """
    data_dir = Path(data_dir)
    if cache_dir is not None:
        from pathplan.loader.cache import cached_framework

        return cached_framework(data_dir, Path(cache_dir), _load, cache_secret)
    return _load(data_dir, None)


def _load(data_dir: Path, raw: Mapping[str, bytes] | None) -> Framework:
    with no_gc():
        return build_framework(read_specs(data_dir, raw))


def framework_from_data(skills: Any, roles: Any) -> Framework:
    """A framework from plain data shaped like skills.yaml and roles.yaml (no locations)."""
    from pathplan.loader.yaml import Document

    return build_framework(
        check_specs(Document("skills.yaml", skills), Document("roles.yaml", roles))
    )


def build_framework(specs: FrameworkSpecs) -> Framework:
    """Check the specs for cycles, resolve `extends`, and rank skills in learning order.

    Raises DataError naming every cycle.
    """
    import networkx as nx

    requires = nx.DiGraph()
    requires.add_nodes_from(specs.skills)
    for sid, spec in specs.skills.items():
        requires.add_edges_from((sid, p) for p in spec.requires)
    extends = nx.DiGraph()
    extends.add_nodes_from(specs.roles)
    extends.add_edges_from(
        (rid, spec.extends) for rid, spec in specs.roles.items() if spec.extends is not None
    )
    problems = _cycles(requires, specs.skills_doc, "skills", "requires", "prerequisite cycle")
    problems += _cycles(extends, specs.roles_doc, "roles", "extends", "extends cycle")
    if problems:
        raise DataError(problems)

    skills = {sid: _skill(sid, spec) for sid, spec in specs.skills.items()}
    roles: dict[str, Role] = {}
    # Parents before children, so each child merges an already-resolved parent.
    for rid in reversed(list(nx.lexicographical_topological_sort(extends))):
        role_spec = specs.roles[rid]
        parent = roles.get(role_spec.extends) if role_spec.extends else None
        merged = max_levels(parent.requires if parent else {}, role_spec.requires)
        groups = union_groups(parent.requires_any if parent else (), role_spec.requires_any)
        roles[rid] = Role(
            id=rid,
            name=role_spec.name or rid,
            aliases=tuple(role_spec.aliases),
            family=role_spec.family or (parent.family if parent else None),
            description=role_spec.description,
            seniority=role_spec.seniority or (parent.seniority if parent else None),
            extends=role_spec.extends,
            requires=merged,
            requires_any=tuple(groups),
            next=tuple(role_spec.next),
            adjacent=tuple(role_spec.adjacent),
            job_zone=role_spec.job_zone or (parent.job_zone if parent else None),
            importance=dict(role_spec.importance),
            optional=dict(role_spec.optional),
            level_ratings=dict(role_spec.level_ratings),
            titles=tuple(role_spec.titles),
            activities=tuple(role_spec.activities),
            technology=tuple(role_spec.technology),
            code=role_spec.code,
        )
    order = nx.lexicographical_topological_sort(requires.reverse(copy=False))
    return Framework(
        levels=specs.levels,
        skills=skills,
        roles={rid: roles[rid] for rid in specs.roles},
        rank={sid: i for i, sid in enumerate(order)},
        sources=(specs.skills_doc.file, specs.roles_doc.file),
    )


def _cycles(graph: Any, doc: Document, section: str, field: str, what: str) -> list[Problem]:
    import networkx as nx

    problems = []
    for component in nx.strongly_connected_components(graph):
        first = min(component)
        if len(component) == 1 and not graph.has_edge(first, first):
            continue
        # Walk the cycle from its smallest id, so the report is the same on every run.
        edges = nx.find_cycle(graph.subgraph(component), source=first)
        cycle = [u for u, _ in edges] + [first]
        problems.append(
            doc.problem(
                (section, first, field),
                f"{what}: {' -> '.join(cycle)}",
                f"remove one of these '{field}' links",
            )
        )
    return problems
