"""Import commands: `pathplan import onet|esco DIR -o OUT`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pathplan.cli.app import Settings, app, cache_dir_for, cache_secret, command
from pathplan.cli.output import CommandError, inert, progress, stderr_console

if TYPE_CHECKING:
    from pathplan.importers.common import Imported, ProgressFn

import_app = typer.Typer(
    name="import",
    help=(
        "Make a framework from a public taxonomy: O*NET or ESCO.\n\n"
        "Example: [bold]pathplan import onet ./onet -o ./onet-framework[/bold]"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(import_app, name="import")

OutOpt = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        metavar="DIR",
        help="Folder to write skills.yaml, roles.yaml and README.md to (created if needed).",
        show_default=False,
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Replace skills.yaml, roles.yaml or README.md in the folder even if no import wrote"
        " them.",
    ),
]


@command(
    on=import_app,
    name="onet",
    options=("no_color",),
    epilog=(
        "Example:\n\n  pathplan import onet ./db_30_1_text -o ./onet\n\n"
        "  pathplan --data ./onet route --from computer-programmers --to web-developers"
        " --direct\n\n"
        "Reads Occupation Data, Skills, Knowledge, Job Zones, Job Zone Reference, Alternate Titles"
        " and Content Model Reference (.txt, tab-separated). 'pathplan docs importers' has the"
        " rules."
    ),
)
def onet(
    settings: Settings,
    source: Annotated[
        Path,
        typer.Argument(help="Folder of the O*NET text release.", metavar="DIR", show_default=False),
    ],
    out: OutOpt,
    release: Annotated[
        str,
        typer.Option("--release", metavar="VERSION", help="O*NET release, for the attribution."),
    ] = "30.1",
    force: ForceOpt = False,
) -> None:
    """Import O*NET occupations as roles, and its Skills and Knowledge as skills."""
    from pathplan.importers.onet import read_onet

    _run(
        settings,
        source,
        out,
        force,
        lambda progress: read_onet(source, release=release, progress=progress),
    )


@command(
    on=import_app,
    name="esco",
    options=("no_color",),
    epilog=(
        "Example:\n\n  pathplan import esco ./esco-csv -o ./esco\n\n"
        "  pathplan --data ./esco gap --from 'data analyst' --to data-scientist\n\n"
        "Reads occupations_en.csv and occupationSkillRelations_en.csv. 'pathplan docs importers'"
        " has the rules."
    ),
)
def esco(
    settings: Settings,
    source: Annotated[
        Path,
        typer.Argument(help="Folder of the ESCO CSV release.", metavar="DIR", show_default=False),
    ],
    out: OutOpt,
    release: Annotated[
        str, typer.Option("--release", metavar="VERSION", help="ESCO version, for the attribution.")
    ] = "1.2.0",
    force: ForceOpt = False,
) -> None:
    """Import ESCO occupations as roles, and the skills they name as skills."""
    from pathplan.importers.esco import read_esco

    _run(
        settings,
        source,
        out,
        force,
        lambda progress: read_esco(source, release=release, progress=progress),
    )


def _run(
    settings: Settings,
    source: Path,
    out: Path,
    force: bool,
    read: Callable[[ProgressFn | None], Imported],
) -> None:
    from pathplan.importers.writer import check_replaceable, write_framework
    from pathplan.loader.framework import load_framework

    if not source.is_dir():
        raise CommandError(f"'{source}' is not a folder", "give the folder of the release's files")
    if not force:
        check_replaceable(out)  # before the release is read: that can take a while
    console = stderr_console(settings.no_color)
    with progress(settings.no_color, settings.quiet) as report:
        imported = read(report)
        if report is not None:
            report("writing", 0, 0)
        write_framework(imported, out, replace=force)
        if report is not None:
            report("checking", 0, 0)
        # What we wrote must load like any framework; this also fills the cache for what follows.
        fw = load_framework(out, cache_dir_for(settings), cache_secret=cache_secret())
    if settings.quiet:
        return
    requirements = sum(len(r.requires) for r in fw.roles.values())
    optional = sum(len(r.optional) for r in fw.roles.values())
    for note in imported.notes:
        console.print(f"[dim]note:[/] {inert(note)}", soft_wrap=True)
    console.print(
        f"{inert(imported.source)}: {len(fw.roles):,} roles, {len(fw.skills):,} skills,"
        f" {requirements:,} requirements, {optional:,} optional skills ->"
        f" {inert(str(out))} (valid)",
        soft_wrap=True,
        highlight=False,
    )
