"""Read YAML safely with a location for every node, and validate it into the schemas of `model`.

Why not `yaml.safe_load`: it keeps no line numbers, accepts duplicate keys silently and expands
aliases without limit. We compose with libyaml (fast, keeps marks, caps nesting) and construct
plain data ourselves, so every rule from DESIGN.md is enforced in one walk.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from pathplan.errors import DataError, Problem, did_you_mean
from pathplan.model import (
    DEFAULT_LEVELS,
    SLUG,
    Framework,
    Holder,
    Profile,
    Resource,
    RoleSpec,
    SkillSpec,
    hour_curve,
)
from pathplan.reading import MAX_FILE_BYTES, no_gc

MAX_DEPTH = 64
# Aliases may be used, but expanding them may not grow a file past this many nodes beyond
# what it holds literally: a "billion laughs" file stops here instead of filling memory.
MAX_ALIAS_NODES = 1_000_000

Path_ = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_SLUG = re.compile(SLUG)


@dataclass
class Document:
    """Plain data read from one YAML file, and where in the file each key and item is.

    Positions are looked up on demand in the composed node tree (`root`): only a problem needs
    one, and recording every position up front costs more than the rest of a large load.
    Documents built from plain data have no tree; `marks` may give their positions instead.
    """

    file: str
    data: Any
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    root: yaml.Node | None = field(default=None, repr=False, compare=False)
    _keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def where(self, path: Path_) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that has one."""
        if self.root is not None:
            return self._locate(path)
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (1, 1))

    def _locate(self, path: Path_) -> tuple[int, int]:
        # A mapping entry is where its key is; a list item where the item starts; the same
        # positions the builder would have seen walking to `path`.
        node = self.root
        assert node is not None
        mark = node.start_mark
        for part in path:
            if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
                entry = self._entries(node).get(part) if isinstance(part, str) else None
                if entry is None:
                    break
                mark, node = entry[0].start_mark, entry[1]
            elif isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
                if not isinstance(part, int) or not 0 <= part < len(node.value):
                    break
                node = node.value[part]
                mark = node.start_mark
            else:
                break
        return mark.line + 1, mark.column + 1

    def _entries(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        found = self._keys.get(id(node))
        if found is None:
            found = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag in _SCALAR_TAGS:
                    key = _scalar_value(key_node)
                    key = key if isinstance(key, str) else str(key)
                    found.setdefault(key, (key_node, value_node))
            self._keys[id(node)] = found
        return found

    def problem(self, path: Path_, message: str, hint: str | None = None) -> Problem:
        """A Problem located at `path` in this document."""
        line, column = self.where(path)
        return Problem(self.file, line, column, message, hint)


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
# Plain decimal spellings, whose YAML 1.1 value is what int()/float() give; the rest (0x1F,
# 1_000, 1:30, .inf) goes through PyYAML's constructor.
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_PLAIN_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")


def _scalar_value(node: yaml.ScalarNode) -> Any:
    """The value of a scalar with an allowed tag: as PyYAML's SafeConstructor makes it, faster."""
    tag, value = node.tag, node.value
    if tag == _STR:
        return value
    if tag == _INT and _PLAIN_INT.match(value):
        return int(value)
    if tag == _FLOAT and _PLAIN_FLOAT.match(value):
        return float(value)
    # Not `construct_object`: it remembers every node it builds in `constructed_objects`, and on
    # this shared constructor that kept every file's nodes alive for the life of the process
    # (and made each garbage collection walk them). Scalar constructors need none of its state.
    return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)


class _Builder:
    """Turns a composed node tree into plain data, collecting problems."""

    def __init__(self, file: str, budget: int) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.budget = budget
        self.seen: set[int] = set()

    def fail(self, node: yaml.Node, message: str, hint: str | None = None) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, message, hint))

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        if id(node) in self.seen:  # an alias: its expansion counts against the budget
            self.budget -= 1
            if self.budget < 0:
                raise _TooBig(node)
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.fail(node, f"nesting deeper than {MAX_DEPTH} levels")
            return None
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _SCALAR_TAGS:
                self.fail(node, f"tag '{node.tag}' is not allowed", "plain YAML values only")
                return None
            return _scalar_value(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self.fail(node, f"tag '{node.tag}' is not allowed", "plain YAML lists only")
                return None
            return [self.child(item, depth + 1) for item in node.value]
        assert isinstance(node, yaml.MappingNode)
        if node.tag != _MAP:
            self.fail(node, f"tag '{node.tag}' is not allowed", "plain YAML mappings only")
            return None
        out: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, "merge keys ('<<') are not supported", "write the keys out")
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                self.fail(key_node, "mapping keys must be plain scalars")
                continue
            key = _scalar_value(key_node)
            key = key if isinstance(key, str) else str(key)
            if key in first_seen:
                self.fail(
                    key_node,
                    f"duplicate key '{key}'",
                    f"first defined on line {first_seen[key]}; keep one",
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            out[key] = self.child(value_node, depth + 1)
        return out

    def child(self, node: yaml.Node, depth: int) -> Any:
        # Most nodes are plain strings: take them here, with the checks `build` would make.
        if (
            node.tag == _STR
            and depth <= MAX_DEPTH
            and type(node) is yaml.ScalarNode
            and id(node) not in self.seen
        ):
            self.seen.add(id(node))
            return node.value
        return self.build(node, depth)


class _TooBig(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def read_yaml(
    path: Path, *, max_bytes: int = MAX_FILE_BYTES, problems: list[Problem] | None = None
) -> Document:
    """Read one YAML file into plain data with marks; DataError listing every problem.

    With `problems`, what the file still yields data despite (duplicate keys, tags) is appended
    there instead of raised, so a caller can report it together with its own checks.
    """
    file = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DataError(
                [
                    Problem(
                        file,
                        1,
                        1,
                        f"file is {size / 2**20:.0f} MiB; the limit is {max_bytes / 2**20:.0f} MiB",
                    )
                ]
            )
        raw = path.read_bytes()
    except IsADirectoryError:
        raise DataError([Problem(file, 1, 1, "is a directory, not a YAML file")]) from None
    except FileNotFoundError:
        raise DataError([Problem(file, 1, 1, "file not found")]) from None
    except OSError as e:
        raise DataError([Problem(file, 1, 1, f"cannot read: {e.strerror}")]) from None
    return yaml_from_bytes(raw, file, problems=problems)


def yaml_from_bytes(raw: bytes, file: str, *, problems: list[Problem] | None = None) -> Document:
    """Decode and parse the bytes of a YAML file (see `read_yaml`)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        column = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise DataError(
            [Problem(file, line, column, "not valid UTF-8", "save the file as UTF-8")]
        ) from None
    return parse_yaml(text, file, problems=problems)


def parse_yaml(text: str, file: str, *, problems: list[Problem] | None = None) -> Document:
    """Parse YAML text (see `read_yaml`)."""
    try:
        with no_gc():
            node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(p for p in (e.context, e.problem) if p) or "invalid YAML"
        raise DataError([Problem(file, line, column, f"YAML syntax: {message}")]) from None
    except yaml.YAMLError as e:
        position = getattr(e, "position", 0) or 0
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        reason = getattr(e, "reason", None) or str(e).splitlines()[0]
        raise DataError([Problem(file, line, column, f"YAML: {reason}")]) from None
    if node is None:
        raise DataError([Problem(file, 1, 1, "file is empty", "see data/README.md for the format")])
    builder = _Builder(file, MAX_ALIAS_NODES)
    try:
        with no_gc():
            data = builder.build(node)
    except _TooBig as e:
        builder.fail(
            e.node,
            f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes",
            "a YAML alias bomb? write the data out instead of nesting aliases",
        )
        raise DataError(builder.problems) from None
    if builder.problems:
        if problems is None:
            raise DataError(builder.problems)
        problems.extend(builder.problems)
    return Document(file, data, root=node)


def _schema_fields() -> list[str]:
    names: set[str] = {"levels", "skills", "roles", "people"}
    for model in (SkillSpec, RoleSpec, Resource, Profile):
        names.update(model.model_fields)
    return sorted(names)


def _loc_text(loc: tuple[str | int, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def validate(
    doc: Document, model: type[M], data: Any, path: Path_
) -> tuple[M | None, list[Problem]]:
    """Validate `data` (found at `path` in `doc`) into `model`, turning errors into Problems."""
    try:
        return model.model_validate(data), []
    except ValidationError as e:
        problems = []
        # include_input=False: echoing a huge value (an expanded alias) would never finish.
        for err in e.errors(include_url=False, include_input=False):
            loc = tuple(p for p in err["loc"] if p != "[key]")
            full = (*path, *loc)
            if err["type"] == "extra_forbidden":
                name = str(loc[-1])
                hint = did_you_mean(name, _schema_fields())
                problems.append(doc.problem(full, f"{_loc_text(full)}: unknown field", hint))
            elif err["type"] == "string_pattern_mismatch":
                problems.append(
                    doc.problem(
                        full,
                        f"{_loc_text(full)}: not a valid id",
                        "ids are lowercase slugs like 'python' or 'sales-eng'",
                    )
                )
            else:
                problems.append(doc.problem(full, f"{_loc_text(full)}: {err['msg']}"))
        return None, problems


def mapping_at(doc: Document, key: str, problems: list[Problem]) -> dict[str, Any]:
    """The mapping under top-level `key`, reporting a problem when it is missing or not one."""
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "expected a mapping at the top of the file"))
        return {}
    value = doc.data.get(key)
    if not isinstance(value, dict):
        what = "missing" if value is None else "must be a mapping"
        problems.append(doc.problem((key,), f"'{key}' {what}"))
        return {}
    return value


def entries(
    doc: Document, items: Mapping[str, Any], model: type[M], section: str, problems: list[Problem]
) -> dict[str, M]:
    """Validate each entry of a section on its own, so one bad entry does not hide the others."""
    values = {key: value if value is not None else {} for key, value in items.items()}
    if all(isinstance(key, str) and _SLUG.match(key) for key in values):
        # One pydantic call for the whole section is several times faster than one per entry
        # (13,000 ESCO skills: 0.16 s against 0.8 s); only when it fails do we go entry by
        # entry, for the same problems at the same places.
        try:
            return _section_adapter(model).validate_python(values)
        except ValidationError:
            pass
    valid: dict[str, M] = {}
    for key, value in values.items():
        path: Path_ = (section, key)
        if not _SLUG.match(key):
            problems.append(
                doc.problem(
                    path, f"'{key}' is not a valid id", "use a lowercase slug like 'go-lang'"
                )
            )
            continue
        spec, found = validate(doc, model, value, path)
        problems.extend(found)
        if spec is not None:
            valid[key] = spec
    return valid


@functools.cache
def _section_adapter(model: type[BaseModel]) -> TypeAdapter[dict[str, Any]]:
    return TypeAdapter(dict[str, model])  # type: ignore[valid-type]


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
    """Check the schema and references of a skills and a roles document (read or built)."""
    problems: list[Problem] = []
    levels = DEFAULT_LEVELS
    if isinstance(sdoc.data, dict):
        for key in sdoc.data:
            if key not in ("levels", "skills"):
                problems.append(_unknown_top(sdoc, key, ("levels", "skills")))
        if sdoc.data.get("levels") is not None:
            raw_levels = sdoc.data["levels"]
            if (
                isinstance(raw_levels, list)
                and 0 < len(raw_levels) <= 20
                and all(isinstance(x, str) and x for x in raw_levels)
            ):
                levels = tuple(raw_levels)
            else:
                problems.append(
                    sdoc.problem(("levels",), "levels: expected a list of 1 to 20 level names")
                )
    if isinstance(rdoc.data, dict):
        for key in rdoc.data:
            if key != "roles":
                problems.append(_unknown_top(rdoc, key, ("roles",)))
    raw_skills = {
        sid: _expand_scalar_hours(spec, len(levels))
        for sid, spec in mapping_at(sdoc, "skills", problems).items()
    }
    skills = entries(sdoc, raw_skills, SkillSpec, "skills", problems)
    roles = entries(rdoc, mapping_at(rdoc, "roles", problems), RoleSpec, "roles", problems)
    all_skill_ids = set(mapping_at(sdoc, "skills", []))
    all_role_ids = set(mapping_at(rdoc, "roles", []))

    top = len(levels)
    names: dict[str, str] = {}
    for sid, skill in skills.items():
        if len(skill.hours) != top:
            problems.append(
                sdoc.problem(
                    ("skills", sid, "hours"),
                    f"skills.{sid}.hours: expected {top} numbers (one per level),"
                    f" got {len(skill.hours)}",
                )
            )
        _check_levels(
            sdoc, ("skills", sid, "requires"), skill.requires, all_skill_ids, top, problems
        )
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

    taken: dict[str, str] = {rid: rid for rid in all_role_ids}
    role_names: dict[str, str] = {}
    for rid, role in roles.items():
        base: Path_ = ("roles", rid)
        _check_levels(rdoc, (*base, "requires"), role.requires, all_skill_ids, top, problems)
        for i, group in enumerate(role.requires_any):
            _check_levels(rdoc, (*base, "requires_any", i), group, all_skill_ids, top, problems)
        _check_levels(rdoc, (*base, "optional"), role.optional, all_skill_ids, top, problems)
        for sid in role.importance:
            _check_ref(rdoc, (*base, "importance", sid), sid, all_skill_ids, "skill", problems)
        if role.extends is not None:
            _check_ref(rdoc, (*base, "extends"), role.extends, all_role_ids, "role", problems)
        for kind in ("next", "adjacent"):
            for i, target in enumerate(getattr(role, kind)):
                where = (*base, kind, i)
                if target == rid:
                    problems.append(
                        rdoc.problem(where, f"roles.{rid}.{kind}: a role cannot move to itself")
                    )
                else:
                    _check_ref(rdoc, where, target, all_role_ids, "role", problems)
        for i, alias in enumerate(role.aliases):
            owner = taken.get(alias)
            if owner is not None and owner != rid:
                problems.append(
                    rdoc.problem(
                        (*base, "aliases", i),
                        f"roles.{rid}.aliases: '{alias}' is already "
                        + ("a role id" if owner == alias else f"an alias of '{owner}'"),
                    )
                )
            taken.setdefault(alias, rid)
        if role.name is not None:
            other = role_names.setdefault(role.name.lower(), rid)
            if other != rid:
                problems.append(
                    rdoc.problem(
                        (*base, "name"),
                        f"roles.{rid}.name: '{role.name}' is also the name of '{other}'",
                        "names must be unique",
                    )
                )
    if problems:
        raise DataError(problems)
    return FrameworkSpecs(levels, skills, roles, sdoc, rdoc)


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
    if name not in known:
        hint = did_you_mean(name, known)
        problems.append(doc.problem(path, f"{_loc_text(path)}: unknown {kind} '{name}'", hint))


def _check_levels(
    doc: Document,
    path: Path_,
    levels: Mapping[str, int],
    known: set[str],
    top: int,
    problems: list[Problem],
) -> None:
    for skill, level in levels.items():
        _check_ref(doc, (*path, skill), skill, known, "skill", problems)
        if level > top:
            problems.append(
                doc.problem(
                    (*path, skill),
                    f"{_loc_text((*path, skill))}: level {level} is above the top level {top}",
                )
            )


def read_profile(path: Path) -> tuple[Profile, Document]:
    """Read a profile file (schema only; `check_profile` checks it against a framework)."""
    doc = read_yaml(path)
    profile, problems = validate(doc, Profile, doc.data, ())
    if profile is None:
        raise DataError(problems)
    return profile, doc


def load_profile(path: Path, framework: Framework) -> Holder:
    """Read a profile and check its role and skills against `framework`."""
    profile, doc = read_profile(path)
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
                    did_you_mean(profile.role, framework.role_names, "'pathplan roles' lists them"),
                )
            )
    for sid, level in profile.skills.items():
        if sid not in framework.skills:
            problems.append(
                doc.problem(
                    (*at, "skills", sid),
                    f"unknown skill '{sid}'",
                    did_you_mean(sid, framework.skill_names, "'pathplan skills' lists them"),
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
