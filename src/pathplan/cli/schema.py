"""The schema command: JSON Schemas of the data files, for editors and other tools."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from pathplan.cli.app import Settings, command, output_format
from pathplan.cli.output import emit
from pathplan.render import SCHEMA_FORMATS, OutputFormat


class SchemaName(StrEnum):
    """The files pathplan reads (kept equal to `pathplan.loader.schema.NAMES` by a test)."""

    skills = "skills"
    roles = "roles"
    profile = "profile"
    roster = "roster"
    batch = "batch"


@command(
    formats=SCHEMA_FORMATS,
    options=("fmt", "output", "no_color"),
    epilog=(
        "Examples:\n\n  pathplan schema skills > skills.schema.json\n\n"
        "  Then, first line of skills.yaml:"
        "  # yaml-language-server: $schema=skills.schema.json"
    ),
)
def schema(
    settings: Settings,
    name: Annotated[SchemaName, typer.Argument(help="Which file's schema.", show_default=False)],
) -> None:
    """Print the JSON Schema of a pathplan file, generated from the models that validate it."""
    from pathplan.loader.schema import dumps

    output_format(settings, "schema", (OutputFormat.json,))
    emit(settings, lambda _: dumps(name.value))
