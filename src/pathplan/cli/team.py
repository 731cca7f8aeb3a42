"""Org views over a roster: team (everyone's gaps) and candidates (who could fill a role)."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pathplan.cli.app import Settings, command, framework_for, output_format
from pathplan.cli.complete import role_names
from pathplan.cli.engines import RosterWorkersOpt, SchedulerOpt, engine
from pathplan.cli.output import CommandError, emit, stream
from pathplan.loader.files import no_gc
from pathplan.render import (
    CANDIDATE_LINE_FORMATS,
    ROSTER_FORMATS,
    TEAM_LINE_FORMATS,
    OutputFormat,
)

if TYPE_CHECKING:
    from pathplan.model import Framework, Holder


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


def _people(fw: Framework, roster: Path, fmt: RosterFormat | None) -> Iterator[tuple[str, Holder]]:
    """The roster's people as they are read (a DataError for its problems comes at the end)."""
    from pathplan.loader.roster import stream_roster

    return stream_roster(roster, fw, fmt.value if fmt else None)


def _rows_in(path: Path) -> int:
    """Lines in a file: a small roster from a large one, before reading it.

    0 for anything but a regular file (a pipe is read once, by the roster reader; a device
    such as /dev/zero never ends) and for a file that cannot be read (the reader says why).
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return 0
        with path.open("rb") as stream:
            return sum(block.count(b"\n") for block in iter(lambda: stream.read(1 << 20), b""))
    except OSError:
        return 0  # reading the roster reports it


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
            "json, csv and jsonl list everyone).",
        ),
    ] = 20,
    workers: RosterWorkersOpt = None,
    scheduler: SchedulerOpt = None,
) -> None:
    """Team gaps: each person against their role and next rung; missing skills; coverage.

    Upskilling view of a roster: hours to close every gap, the skills most people lack, a
    skill-by-people heatmap (grouped by role for large rosters) and coverage per role.
    """
    from pathplan.planner import parallel
    from pathplan.planner import team as core
    from pathplan.render import dispatch
    from pathplan.render.views import HEAT_PEOPLE

    chosen = output_format(settings, "team", ROSTER_FORMATS)
    fw = framework_for(settings)
    with (
        no_gc(),
        engine(settings, fw, workers, scheduler, _rows_in(roster), default=1) as chosen_engine,
    ):
        # People stream through, a chunk at a time: the roster is never held whole.
        found = parallel.stream_members(chosen_engine, fw, _people(fw, roster, roster_format))
        if chosen in TEAM_LINE_FORMATS:
            stream(settings, dispatch.team_lines(chosen, fw, found))
            return
        # The summaries are sums; only the people a view lists are kept (json lists everyone;
        # a per-person heatmap needs a small team whole).
        listed = chosen is OutputFormat.json or people == 0
        tally = core.Tally(None if listed else max(people, HEAT_PEOPLE))
        for m in found:
            tally.add(m)
    emit(settings, dispatch.team(chosen, fw, tally.team(), top=top, people=people))


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
            "0: all). jsonl lists everyone unranked, in roster order, as it is read.",
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
    top = _top(chosen, top)
    with no_gc():
        from pathplan.planner import parallel

        # The roster streams through in bounded memory: it is never held whole.
        people = _people(fw, roster, roster_format)
        rows = _rows_in(roster)
        with engine(settings, fw, workers, scheduler, rows, default=1) as chosen_engine:
            if chosen in CANDIDATE_LINE_FORMATS:
                found = parallel.stream_gaps(chosen_engine, people, target)
                everyone = core.unranked(fw, found, target, max_hours=max_hours)
                stream(settings, dispatch.candidate_lines(chosen, fw, everyone, target))
                return
            # Workers send back what ranking reads; the people shown get their gaps here.
            local = isinstance(chosen_engine, parallel.InProcess)
            solve = parallel.stream_gaps if local else parallel.stream_scores
            scored = solve(chosen_engine, people, target)
            result = core.rank(fw, scored, target, top=top or None, max_hours=max_hours)
        emit(settings, dispatch.candidates(chosen, fw, result))


def _top(chosen: OutputFormat, top: int | None) -> int:
    """How many candidates to show (0: all): --top, else what suits the format."""
    if top is None:
        return 20 if chosen in (OutputFormat.table, OutputFormat.markdown) else 0
    if chosen in CANDIDATE_LINE_FORMATS and top:
        raise CommandError(
            f"--format {chosen.value} lists everyone in roster order, unranked: --top does not"
            " apply",
            "rank with --format json or csv and --top K, or sort the lines by hours",
        )
    return top
