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

__all__ = ["entries", "loc_text", "mapping_at", "validate"]

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
                problems.append(doc.problem(full, f"{loc_text(full)}: unknown field", hint))
            elif err["type"] == "string_pattern_mismatch":
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
                problems.append(doc.problem(full, f"{loc_text(full)}: {err['msg']}"))
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
