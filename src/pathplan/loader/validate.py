"""Pydantic glue: validate plain data from a `Document` into a schema, every error located."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from pathplan.errors import Problem, did_you_mean
from pathplan.loader.yaml import Document, Path_
from pathplan.model import SLUG, Profile, Resource, RoleSpec, SkillSpec

__all__ = ["entries", "loc_text", "mapping_at", "plain_words", "validate"]

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
    """Validate `data` (found at `path` in `doc`) into `model`, turning errors into Problems."""
    try:
        return model.model_validate(data), []
    except ValidationError as e:
        problems = []
        # include_input=False: echoing a huge value (an expanded alias) would never finish.
        for loc, err, words in _merged(e.errors(include_url=False, include_input=False)):
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
