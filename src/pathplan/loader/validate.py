"""Pydantic glue: validate plain data from a `Document` into a schema, every error located."""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from pathplan.errors import Problem, did_you_mean
from pathplan.loader.yaml import Document, Path_
from pathplan.model import SLUG, Profile, Resource, RoleSpec, SkillSpec

__all__ = ["entries", "loc_text", "mapping_at", "plain_words", "validate", "validate_partial"]

M = TypeVar("M", bound=BaseModel)
_SLUG = re.compile(SLUG)


def _schema_fields() -> list[str]:
    names: set[str] = {"levels", "skills", "roles", "people"}
    for model in (SkillSpec, RoleSpec, Resource, Profile):
        names.update(model.model_fields)
    return sorted(names)


def loc_text(loc: tuple[str | int, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# What a value of each type is called, for "expected ..." (pydantic names union members so).
_KINDS = {
    "int": "a whole number",
    "float": "a number",
    "str": "text",
    "bool": "true or false",
    "none": "nothing",
}
# pydantic error types and their words; {name} fills from the error's context.
_WORDS = {
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "finite_number": "expected a finite number",
    "string_type": "expected text",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list",
    "dict_type": "expected a mapping (key: value lines)",
    "model_type": "expected a mapping (field: value lines)",
    "model_attributes_type": "expected a mapping (field: value lines)",
    "missing": "is required",
    "greater_than": "must be more than {gt}",
    "greater_than_equal": "must be at least {ge}",
    "less_than": "must be less than {lt}",
    "less_than_equal": "must be at most {le}",
    "string_too_short": "must not be empty",
    "string_too_long": "is longer than {max_length} characters",
    "too_short": "needs at least {min_length} item(s)",
    "too_long": "has more than {max_length} items",
}


def _member(part: object) -> str | None:
    """The union member a location part names (`int`, `constrained-str`...), else None."""
    if not isinstance(part, str):
        return None
    base = part.removeprefix("constrained-").split("[", 1)[0]
    return base if base in _KINDS or part.startswith(("constrained-", "function-")) else None


def plain_words(err: Mapping[str, Any]) -> str:
    """A pydantic error's message in pathplan's words (no "Value error," or "Input should")."""
    kind = err["type"]
    if kind in ("value_error", "assertion_error"):
        return str(err["msg"]).split(", ", 1)[-1]  # pydantic prefixes "Value error, "
    words = _WORDS.get(kind)
    if words is None:
        return str(err["msg"])
    context = {k: f"{v:g}" if isinstance(v, float) else v for k, v in err.get("ctx", {}).items()}
    try:
        return words.format(**context)
    except (KeyError, ValueError):
        return str(err["msg"])


def _merged(errors: list[Any]) -> list[tuple[tuple[Any, ...], Mapping[str, Any], str]]:
    """(location, error, words) per place: a union's members' errors become one."""
    places: dict[tuple[Any, ...], list[tuple[str | None, Any]]] = {}
    for err in errors:
        loc = tuple(p for p in err["loc"] if p != "[key]")
        member = _member(loc[-1]) if loc else None
        places.setdefault(loc[:-1] if member else loc, []).append((member, err))
    merged = []
    for loc, found in places.items():
        members = [m for m, _ in found if m]
        if len(members) < 2:
            merged += [(loc, err, plain_words(err)) for _, err in found]
            continue
        # A value of one member's type that breaks its limits says the most; else list them.
        limits = [err for _, err in found if not str(err["type"]).endswith("_type")]
        if limits:
            merged.append((loc, limits[0], plain_words(limits[0])))
        else:
            if "int" in members and "float" in members:  # a whole number is a number
                members.remove("int")
            names = list(dict.fromkeys(_KINDS.get(m, m) for m in members))
            listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
            merged.append((loc, {"type": "type"}, f"expected {listed}"))
    return merged


def validate(
    doc: Document, model: type[M], data: Any, path: Path_
) -> tuple[M | None, list[Problem]]:
    """Validate `data` (found at `path` in `doc`) into `model`, turning errors into Problems.

    A text field holding a plain number (`name: 1.50`, `id: 0123`) takes the number's text as
    written (see `Document.written_number`); `data` is changed in place to hold it.
    """
    found, errors = _attempt(doc, model, data, path)
    return found, _problems(doc, path, errors)


def validate_partial(
    doc: Document,
    model: type[M],
    data: Any,
    path: Path_,
    placeholders: Mapping[str, Any] | None = None,
) -> tuple[M | None, list[Problem], frozenset[str]]:
    """As `validate`, and when some fields are bad, the model without them, and their names.

    Every problem of a file is reported in one run: a role with a bad `seniority` still has its
    `requires` checked for unknown skills. A bad entry of a mapping field (`skills.git: x`)
    goes alone; any other bad field goes whole, to its default or to `placeholders` (values
    for required fields); callers must not check or use the fields named. None when no partial
    model can be made (the data is not a mapping).
    """
    found, errors = _attempt(doc, model, data, path)
    problems = _problems(doc, path, errors)
    if found is not None or not isinstance(data, dict):
        return found, problems, frozenset()
    rest = copy.deepcopy(data)
    bad: set[str] = set()
    for err in errors:
        loc = tuple(p for p in err["loc"] if p != "[key]")
        if loc and not _drop_entry(rest, loc):
            bad.add(str(loc[0]))  # not an entry of a mapping: the whole field goes
    for key in bad:
        rest.pop(key, None)
    rest.update({key: value for key, value in (placeholders or {}).items() if key in bad})
    try:
        return model.model_validate(rest), problems, frozenset(bad)
    except ValidationError:
        return None, problems, frozenset(bad)


def _drop_entry(data: dict[str, Any], loc: tuple[str | int, ...]) -> bool:
    """Remove the bad entry `loc` from a mapping inside a field (`skills.git`); whether it was.

    Only entries of mappings go one by one: removing a list item would shift the positions of
    the items after it, and with them the locations of their problems.
    """
    if len(loc) < 2:
        return False
    parent: Any = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    if not isinstance(parent, dict) or loc[-1] not in parent:
        return False
    del parent[loc[-1]]
    return True


def _attempt(doc: Document, model: type[M], data: Any, path: Path_) -> tuple[M | None, list[Any]]:
    try:
        return model.model_validate(data), []
    except ValidationError as e:
        # include_input=False: echoing a huge value (an expanded alias) would never finish.
        errors = e.errors(include_url=False, include_input=False)
    if _numbers_as_written(doc, data, path, errors):
        try:
            return model.model_validate(data), []
        except ValidationError as e:
            errors = e.errors(include_url=False, include_input=False)
    return None, errors


def _numbers_as_written(doc: Document, data: Any, path: Path_, errors: list[Any]) -> bool:
    """Put the written text in place of numbers where text was expected; whether any was."""
    changed = False
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] != "string_type" or not loc or "[key]" in loc:
            continue
        text = doc.written_number((*path, *loc))
        if text is None:
            continue
        parent = data
        try:
            for part in loc[:-1]:
                parent = parent[part]
            if isinstance(parent[loc[-1]], int | float):
                parent[loc[-1]] = text
                changed = True
        except (KeyError, IndexError, TypeError):
            continue
    return changed


# Problems reported from one validation at most: a list of a million bad items (an alias
# expanded, say) is one mistake, and a million lines would bury it.
MAX_PROBLEMS = 100


def _problems(doc: Document, path: Path_, errors: list[Any]) -> list[Problem]:
    problems = []
    if len(errors) > MAX_PROBLEMS:
        more = len(errors) - MAX_PROBLEMS
        where = (*path, *(p for p in errors[MAX_PROBLEMS]["loc"] if p != "[key]"))
        problems.append(doc.problem(where, f"{more:,} more problems like the ones before"))
        errors = errors[:MAX_PROBLEMS]
    for loc, err, words in _merged(errors):
        full = (*path, *loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            name = str(loc[-1])
            hint = did_you_mean(name, _schema_fields())
            problems.append(doc.problem(full, f"{loc_text(full)}: unknown field", hint))
        elif kind == "string_pattern_mismatch":
            slug = err.get("ctx", {}).get("pattern") == SLUG
            problems.append(
                doc.problem(
                    full,
                    f"{loc_text(full)}: not a valid id",
                    "ids are lowercase slugs like 'python' or 'sales-eng'"
                    if slug
                    else "source ids are letters and digits joined by . - _ : or /,"
                    " like 4.A.2.a.4.I09.D03",
                )
            )
        else:
            problems.append(doc.problem(full, f"{loc_text(full)}: {words}"))
    return problems


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
    doc: Document,
    items: Mapping[str, Any],
    model: type[M],
    section: str,
    problems: list[Problem],
    damaged: dict[str, frozenset[str]] | None = None,
    placeholders: Mapping[str, Any] | None = None,
) -> dict[str, M]:
    """Validate each entry of a section on its own, so one bad entry does not hide the others.

    With `damaged`, an entry with bad fields is kept too, without them (see
    `validate_partial`), and `damaged` maps its key to their names: its other fields can
    still be checked, so that one run reports every problem.
    """
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
        spec, found, bad = validate_partial(doc, model, value, path, placeholders)
        problems.extend(found)
        if spec is not None and (not bad or damaged is not None):
            valid[key] = spec
            if bad and damaged is not None:
                damaged[key] = bad
    return valid


@functools.cache
def _section_adapter(model: type[BaseModel]) -> TypeAdapter[dict[str, Any]]:
    return TypeAdapter(dict[str, model])  # type: ignore[valid-type]
