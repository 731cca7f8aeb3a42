"""Org views over a roster: team (everyone's gaps) and candidates (who could fill a role)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pathplan.cli.app import Settings, command, framework_for, output_format
from pathplan.cli.complete import role_names
from pathplan.cli.engines import RosterWorkersOpt, SchedulerOpt, engine
from pathplan.cli.output import emit
from pathplan.loader.files import no_gc
from pathplan.render import ROSTER_FORMATS, OutputFormat

if TYPE_CHECKING:
    from pathplan.loader.roster import Roster
    from pathplan.model import Framework
    from pathplan.planner.team import GapFn


class RosterFormat(StrEnum):
    """How a roster file is written (`pathplan.loader.roster.ROSTER_FORMATS`)."""

    yaml = "yaml"
    csv_long = "csv-long"
    csv_wide = "csv-wide"


RosterOpt = Annotated[
    Path,
    typer.Option(
        "--roster",
        "-r",
        metavar="FILE",
        help="Roster file: YAML (people: {id: profile}) or CSV, long or wide"
        " ('pathplan docs rosters').",
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
    from pathplan.loader.roster import read_roster

    return read_roster(roster, fw, fmt.value if fmt else None)


def _rows_in(path: Path) -> int:
    """Lines in a file: a small roster from a large one, before reading it (0: unreadable)."""
    try:
        with path.open("rb") as stream:
            return sum(block.count(b"\n") for block in iter(lambda: stream.read(1 << 20), b""))
    except OSError:
        return 0  # reading the roster reports it


def _gaps(
    settings: Settings,
    fw: Framework,
    asked: list[tuple[Mapping[str, int], str]],
    workers: int | None,
    scheduler: str | None,
) -> GapFn | None:
    """Every gap `asked` for, solved on the engine the options choose (None: solve as needed)."""
    from pathplan.planner import parallel

    with engine(settings, fw, workers, scheduler, len(asked), default=1) as chosen:
        if isinstance(chosen, parallel.InProcess):
            return None
        return parallel.roster_gaps(chosen, fw, asked)


@command(
    formats=ROSTER_FORMATS,
    epilog=(
        "Examples:\n\n  pathplan example roster > team.yaml\n\n"
        "  pathplan team --roster team.yaml\n\n"
        "  pathplan team --roster people.csv --top 20 --format markdown\n\n"
        "  pathplan team --roster people.csv --format csv -o gaps.csv"
    ),
)
def team(
    settings: Settings,
    roster: RosterOpt,
    roster_format: RosterFormatOpt = None,
    top: Annotated[
        int,
        typer.Option(
            "--top",
            min=0,
            metavar="N",
            help="Skills in the most-missing list and the heatmap (0: all).",
        ),
    ] = 10,
    people: Annotated[
        int,
        typer.Option(
            "--people",
            min=0,
            metavar="N",
            help="People listed by table and markdown, largest gap first (0: all; "
            "json and csv list everyone).",
        ),
    ] = 20,
    workers: RosterWorkersOpt = None,
    scheduler: SchedulerOpt = None,
) -> None:
    """Team gaps: each person against their role and next rung; missing skills; coverage.

    Upskilling view of a roster: hours to close every gap, the skills most people lack, a
    skill-by-people heatmap (grouped by role for large rosters) and coverage per role.
    """
    from pathplan.planner import team as core
    from pathplan.render import dispatch

    chosen = output_format(settings, "team", ROSTER_FORMATS)
    fw = framework_for(settings)
    with no_gc():
        members = _roster(fw, roster, roster_format)
        asked = [
            (h.levels, r)
            for h in members.values()
            if h.role is not None
            for r in (h.role, *fw.roles[h.role].next)
        ]
        result = core.team(fw, members, _gaps(settings, fw, asked, workers, scheduler))
        emit(settings, dispatch.team(chosen, fw, result, top=top, people=people))


@command(
    formats=ROSTER_FORMATS,
    epilog=(
        "Examples:\n\n  pathplan candidates sales-eng --roster team.yaml\n\n"
        "  pathplan candidates sre --roster people.csv --top 5 --max-hours 200\n\n"
        "  pathplan candidates devops --roster people.csv --format json"
    ),
)
def candidates(
    settings: Settings,
    role: Annotated[
        str,
        typer.Argument(
            help="The open role (id, alias or name).", metavar="ROLE", autocompletion=role_names
        ),
    ],
    roster: RosterOpt,
    roster_format: RosterFormatOpt = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            "-k",
            min=0,
            metavar="K",
            help="Show the best K (default: 20 for table and markdown, all for json and csv; "
            "0: all).",
            show_default=False,
        ),
    ] = None,
    max_hours: Annotated[
        float | None,
        typer.Option(
            "--max-hours", min=0, metavar="H", help="Only people who qualify within H hours."
        ),
    ] = None,
    workers: RosterWorkersOpt = None,
    scheduler: SchedulerOpt = None,
) -> None:
    """Internal candidates for a role: people ranked by hours to qualify.

    Ties go to higher coverage, then name. People who already meet the role are marked.
    """
    from pathplan.planner import team as core
    from pathplan.render import dispatch

    chosen = output_format(settings, "candidates", ROSTER_FORMATS)
    fw = framework_for(settings)
    target = fw.role_id(role)
    if top is None:
        top = 20 if chosen in (OutputFormat.table, OutputFormat.markdown) else 0
    with no_gc():
        from pathplan.loader.roster import stream_roster
        from pathplan.planner import parallel

        # A wide CSV streams through in bounded memory: the roster is never held whole.
        people = stream_roster(roster, fw, roster_format.value if roster_format else None)
        rows = _rows_in(roster)
        with engine(settings, fw, workers, scheduler, rows, default=1) as chosen_engine:
            # Workers send back what ranking reads; the people shown get their gaps here.
            local = isinstance(chosen_engine, parallel.InProcess)
            stream = parallel.stream_gaps if local else parallel.stream_scores
            scored = stream(chosen_engine, people, target)
            result = core.rank(fw, scored, target, top=top or None, max_hours=max_hours)
        emit(settings, dispatch.candidates(chosen, fw, result))
