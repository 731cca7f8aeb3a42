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

__all__ = ["entries", "loc_text", "mapping_at", "validate", "validate_partial"]

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
    `requires` checked for unknown skills. The partial model has the bad fields at their
    defaults, or at `placeholders` (values for required fields); callers must not check or use
    the fields named. None when no partial model can be made (the data is not a mapping).
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
    for err in errors:
        loc = tuple(p for p in err["loc"] if p != "[key]")
        full = (*path, *loc)
        if err["type"] == "extra_forbidden":
            name = str(loc[-1])
            hint = did_you_mean(name, _schema_fields())
            problems.append(doc.problem(full, f"{loc_text(full)}: unknown field", hint))
        elif err["type"] == "string_pattern_mismatch":
            problems.append(
                doc.problem(
                    full,
                    f"{loc_text(full)}: not a valid id",
                    "ids are lowercase slugs like 'python' or 'sales-eng'",
                )
            )
        else:
            problems.append(doc.problem(full, f"{loc_text(full)}: {err['msg']}"))
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
