"""The schema command: JSON Schemas of the data files, for editors and other tools."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from pathplan.cli.app import (
    FormatOpt,
    NoColorOpt,
    OutputOpt,
    app,
    emit,
    guarded,
    output_format,
    settings_for,
)
from pathplan.render import OutputFormat


class SchemaName(StrEnum):
    """The files pathplan reads (kept equal to `pathplan.schema.NAMES` by a test)."""

    skills = "skills"
    roles = "roles"
    profile = "profile"
    roster = "roster"
    batch = "batch"


@app.command(
    epilog=(
        "Examples:\n\n  pathplan schema skills > skills.schema.json\n\n"
        "  Then, first line of skills.yaml:"
        "  # yaml-language-server: $schema=skills.schema.json"
    )
)
@guarded
def schema(
    ctx: typer.Context,
    name: Annotated[SchemaName, typer.Argument(help="Which file's schema.", show_default=False)],
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Print the JSON Schema of a pathplan file, generated from the models that validate it."""
    from pathplan.schema import dumps

    settings = settings_for(ctx, None, fmt, output, no_color)
    output_format(settings, "schema", (OutputFormat.json,))
    emit(settings, lambda _: dumps(name.value))
