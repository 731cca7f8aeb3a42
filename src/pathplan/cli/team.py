"""Org views over a roster: team (everyone's gaps) and candidates (who could fill a role)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pathplan.cli.app import (
    DataOpt,
    FormatOpt,
    NoColorOpt,
    OutputOpt,
    app,
    emit,
    framework_for,
    guarded,
    output_format,
    settings_for,
)
from pathplan.reading import no_gc
from pathplan.render import OutputFormat

if TYPE_CHECKING:
    from pathplan.model import Framework
    from pathplan.roster import Roster

FORMATS = (OutputFormat.table, OutputFormat.json, OutputFormat.markdown, OutputFormat.csv)


class RosterFormat(StrEnum):
    """How a roster file is written (the core's `roster.ROSTER_FORMATS`)."""

    yaml = "yaml"
    csv_long = "csv-long"
    csv_wide = "csv-wide"


RosterOpt = Annotated[
    Path,
    typer.Option(
        "--roster",
        "-r",
        help="Roster file: YAML (people: {id: profile}) or CSV, long or wide (docs/rosters.md).",
        show_default=False,
    ),
]
RosterFormatOpt = Annotated[
    RosterFormat | None,
    typer.Option(
        "--roster-format",
        help="Roster format (default: by extension; a .csv is long or wide by its header).",
        show_default=False,
    ),
]


def _roster(fw: Framework, roster: Path, fmt: RosterFormat | None) -> Roster:
    from pathplan.roster import read_roster

    return read_roster(roster, fw, fmt.value if fmt else None)


@app.command(
    epilog=(
        "Examples:\n\n  pathplan team --roster data/examples/roster.yaml\n\n"
        "  pathplan team --roster people.csv --top 20 --format markdown\n\n"
        "  pathplan team --roster people.csv --format csv -o gaps.csv"
    )
)
@guarded
def team(
    ctx: typer.Context,
    roster: RosterOpt,
    roster_format: RosterFormatOpt = None,
    top: Annotated[
        int,
        typer.Option(
            "--top", min=0, help="Skills in the most-missing list and the heatmap (0: all)."
        ),
    ] = 10,
    people: Annotated[
        int,
        typer.Option(
            "--people",
            min=0,
            help="People listed by table and markdown, largest gap first (0: all; "
            "json and csv list everyone).",
        ),
    ] = 20,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Team gaps: each person against their role and next rung; missing skills; coverage.

    Upskilling view of a roster: hours to close every gap, the skills most people lack, a
    skill-by-people heatmap (grouped by role for large rosters) and coverage per role.
    """
    from pathplan import team as core
    from pathplan.render import team as render

    settings = settings_for(ctx, data, fmt, output, no_color)
    chosen = output_format(settings, "team", FORMATS)
    fw = framework_for(settings)
    with no_gc():
        result = core.team(fw, _roster(fw, roster, roster_format))
        if chosen is OutputFormat.json:
            emit(settings, lambda _: render.team_json(result))
        elif chosen is OutputFormat.csv:
            emit(settings, lambda _: render.team_csv(result))
        elif chosen is OutputFormat.markdown:
            emit(settings, lambda _: render.team_markdown(fw, result, top=top, people=people))
        else:
            emit(
                settings,
                lambda color: render.team_table(fw, result, top=top, people=people, color=color),
            )


@app.command(
    epilog=(
        "Examples:\n\n  pathplan candidates sales-eng --roster data/examples/roster.yaml\n\n"
        "  pathplan candidates sre --roster people.csv --top 5 --max-hours 200\n\n"
        "  pathplan candidates devops --roster people.csv --format json"
    )
)
@guarded
def candidates(
    ctx: typer.Context,
    role: Annotated[str, typer.Argument(help="The open role (id or alias).")],
    roster: RosterOpt,
    roster_format: RosterFormatOpt = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            "-k",
            min=0,
            help="Show the best K (default: 20 for table and markdown, all for json and csv; "
            "0: all).",
            show_default=False,
        ),
    ] = None,
    max_hours: Annotated[
        float | None,
        typer.Option("--max-hours", min=0, help="Only people who qualify within H hours."),
    ] = None,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Internal candidates for a role: people ranked by hours to qualify.

    Ties go to higher coverage, then name. People who already meet the role are marked.
    """
    from pathplan import team as core
    from pathplan.render import team as render

    settings = settings_for(ctx, data, fmt, output, no_color)
    chosen = output_format(settings, "candidates", FORMATS)
    fw = framework_for(settings)
    target = fw.role_id(role)
    if top is None:
        top = 20 if chosen in (OutputFormat.table, OutputFormat.markdown) else 0
    with no_gc():
        members = _roster(fw, roster, roster_format)
        result = core.candidates(fw, members, target, top=top or None, max_hours=max_hours)
        if chosen is OutputFormat.json:
            emit(settings, lambda _: render.candidates_json(result))
        elif chosen is OutputFormat.csv:
            emit(settings, lambda _: render.candidates_csv(result))
        elif chosen is OutputFormat.markdown:
            emit(settings, lambda _: render.candidates_markdown(fw, result))
        else:
            emit(settings, lambda color: render.candidates_table(fw, result, color=color))
