"""Import commands: `pathplan import onet|esco DIR -o OUT`."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pathplan.cli.app import NoColorOpt, app, cache_dir_for, guarded, settings_for
from pathplan.errors import UsageError

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
        help="Folder to write skills.yaml, roles.yaml and README.md to (created if needed).",
        show_default=False,
    ),
]


@import_app.command(
    "onet",
    epilog=(
        "Example:\n\n  pathplan import onet ./db_30_1_text -o ./onet\n\n"
        "  pathplan --data ./onet route --from computer-programmers --to web-developers"
        " --direct\n\n"
        "Reads Occupation Data, Skills, Knowledge, Job Zones, Job Zone Reference, Alternate Titles"
        " and Content Model Reference (.txt, tab-separated). docs/importers.md has the rules."
    ),
)
@guarded
def onet(
    ctx: typer.Context,
    source: Annotated[
        Path, typer.Argument(help="Folder of the O*NET text release.", show_default=False)
    ],
    out: OutOpt,
    release: Annotated[
        str, typer.Option("--release", help="O*NET release, for the attribution.")
    ] = "30.1",
    no_color: NoColorOpt = False,
) -> None:
    """Import O*NET occupations as roles, and its Skills and Knowledge as skills."""
    from pathplan.importers.onet import read_onet

    _run(
        ctx,
        source,
        out,
        no_color,
        lambda progress: read_onet(source, release=release, progress=progress),
    )


@import_app.command(
    "esco",
    epilog=(
        "Example:\n\n  pathplan import esco ./esco-csv -o ./esco\n\n"
        "  pathplan --data ./esco gap --from 'data analyst' --to data-scientist\n\n"
        "Reads occupations_en.csv and occupationSkillRelations_en.csv. docs/importers.md has"
        " the rules."
    ),
)
@guarded
def esco(
    ctx: typer.Context,
    source: Annotated[
        Path, typer.Argument(help="Folder of the ESCO CSV release.", show_default=False)
    ],
    out: OutOpt,
    release: Annotated[
        str, typer.Option("--release", help="ESCO version, for the attribution.")
    ] = "1.2.0",
    no_color: NoColorOpt = False,
) -> None:
    """Import ESCO occupations as roles, and the skills they name as skills."""
    from pathplan.importers.esco import read_esco

    _run(
        ctx,
        source,
        out,
        no_color,
        lambda progress: read_esco(source, release=release, progress=progress),
    )


def _run(
    ctx: typer.Context,
    source: Path,
    out: Path,
    no_color: bool,
    read: Callable[[ProgressFn | None], Imported],
) -> None:
    from rich.markup import escape

    from pathplan.console import stderr_console
    from pathplan.graph import load_framework
    from pathplan.importers.writer import write_framework

    settings = settings_for(ctx, None, None, None, no_color)
    if not source.is_dir():
        raise UsageError(f"'{source}' is not a folder", "give the folder of the release's files")
    console = stderr_console(settings.no_color)
    with _progress(console) as progress:
        imported = read(progress)
        if progress is not None:
            progress("writing", 0, 0)
        write_framework(imported, out)
        if progress is not None:
            progress("checking", 0, 0)
        # What we wrote must load like any framework; this also fills the cache for what follows.
        fw = load_framework(out, cache_dir_for(settings))
    requirements = sum(len(r.requires) for r in fw.roles.values())
    optional = sum(len(r.optional) for r in fw.roles.values())
    for note in imported.notes:
        console.print(f"[dim]note:[/] {escape(note)}", soft_wrap=True)
    console.print(
        f"{escape(imported.source)}: {len(fw.roles):,} roles, {len(fw.skills):,} skills,"
        f" {requirements:,} requirements, {optional:,} optional skills ->"
        f" {escape(str(out))} (valid)",
        soft_wrap=True,
        highlight=False,
    )


@contextmanager
def _progress(console: object) -> Iterator[ProgressFn | None]:
    """A progress bar on stderr when it is a terminal; nothing otherwise (logs stay clean)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    tasks: dict[str, TaskID] = {}
    with Progress(
        TextColumn("{task.description:<36}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=console,  # type: ignore[arg-type]
        transient=True,
    ) as bar:

        def report(label: str, done: int, total: int) -> None:
            if label not in tasks:
                for task in tasks.values():  # a new stage: the earlier ones are done
                    bar.update(task, completed=bar.tasks[task].total)
                tasks[label] = bar.add_task(label, total=total or None)
            bar.update(tasks[label], completed=done, total=total or None)

        yield report
