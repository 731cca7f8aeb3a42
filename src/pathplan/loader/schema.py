"""JSON Schemas of pathplan's files, generated from the pydantic models, for editors and tools.

A schema checks the shape of a file (fields, types, ranges, id patterns); references between
files, cycles and level counts are checked by `pathplan validate`, which knows both files.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

__all__ = ["NAMES", "dumps", "schema"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"

NAMES = ("skills", "roles", "profile", "roster", "batch")


def _models() -> dict[str, tuple[type[BaseModel], str]]:
    from pathplan.loader.batchfile import BatchFile
    from pathplan.model import Profile, RolesFile, Roster, SkillsFile

    return {
        "skills": (SkillsFile, "pathplan skills.yaml"),
        "roles": (RolesFile, "pathplan roles.yaml"),
        "profile": (Profile, "pathplan profile"),
        "roster": (Roster, "pathplan roster"),
        "batch": (BatchFile, "pathplan batch file"),
    }


def _scalar_hours(body: dict[str, Any]) -> None:
    # skills.yaml may give `hours` as one number H, which the loader expands to the curve
    # H, 2H, 4H, ... (model.hour_curve); the model only sees the expanded list.
    spec = body["$defs"]["SkillSpec"]["properties"]
    listed = spec["hours"]
    description = listed.pop("description", None)
    title = listed.pop("title", None)
    spec["hours"] = {
        **({"title": title} if title else {}),
        **({"description": description} if description else {}),
        "anyOf": [listed, {"type": "number", "minimum": 0}],
    }


def _closed_patterns(node: Any) -> None:
    # pydantic writes a dict with pattern-checked keys as `patternProperties` alone, which lets a
    # key that fails the pattern through; pydantic itself rejects it, so the schema must too.
    if isinstance(node, dict):
        if "patternProperties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            _closed_patterns(value)
    elif isinstance(node, list):
        for value in node:
            _closed_patterns(value)


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the file called `name` (one of NAMES)."""
    model, title = _models()[name]
    body = model.model_json_schema()
    if name == "skills":
        _scalar_hours(body)
    _closed_patterns(body)
    body.pop("title", None)
    return {"$schema": DIALECT, "title": title, **body}


def dumps(name: str) -> str:
    """The schema as stable, indented JSON text."""
    return json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n"
