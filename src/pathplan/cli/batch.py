"""The batch command: many queries against one loaded framework, for CI."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
from pathplan.cli.gates import MaxHoursOpt, MinCoverageOpt, limits
from pathplan.render import OutputFormat

if TYPE_CHECKING:
    from pathplan.batch import Result

FORMATS = (OutputFormat.jsonl, OutputFormat.json, OutputFormat.markdown)
_SHOWN = 20  # failed queries listed on stderr before "... and N more"


@app.command(
    epilog=(
        "Examples:\n\n  pathplan batch queries.yaml > results.jsonl\n\n"
        "  pathplan batch queries.yaml --max-hours 400 --format markdown >> $GITHUB_STEP_SUMMARY"
        "\n\nA batch file is a list of queries, each a kind and that command's options:\n\n"
        "  - {kind: route, from: dev, to: sales-eng, max_hours: 300}\n\n"
        "  - {kind: gap, profile: me.yaml, to: sre, min_coverage: 50%}"
    )
)
@guarded
def batch(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="YAML or JSON list of queries (route, gap, adjacent, candidates).",
            show_default=False,
        ),
    ],
    max_hours: MaxHoursOpt = None,
    min_coverage: MinCoverageOpt = None,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Run many queries in one process; one result per query, in order, with a status.

    A failing query gets its own result (status gate, no-route or error) and the others still
    run; the exit code is the worst of them. Gates given here apply to every route and gap query;
    a query's own max_hours / min_coverage win over them.
    """
    from pathplan import batch as core
    from pathplan.render import batch as render

    settings = settings_for(ctx, data, fmt, output, no_color)
    fmt = output_format(settings, "batch", FORMATS)
    queries = core.read_batch(file)
    fw = framework_for(settings)
    with _progress(len(queries), settings.no_color) as advance:
        results = core.run(
            fw,
            queries,
            base=file.parent,
            limits=limits(max_hours, min_coverage),
            on_result=advance,
        )
    if fmt is OutputFormat.jsonl:
        emit(settings, lambda _: render.jsonl(results))
    elif fmt is OutputFormat.json:
        emit(settings, lambda _: render.document(results))
    else:
        emit(settings, lambda _: render.markdown(results))
    code = core.exit_code(results)
    if code:
        _summary(results)
        raise typer.Exit(code)


@contextmanager
def _progress(total: int, no_color: bool) -> Iterator[Callable[[Result], None]]:
    """A progress bar on stderr when it is a terminal; nothing at all when it is not."""
    if not sys.stderr.isatty():
        yield lambda _: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from pathplan.console import stderr_console

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=stderr_console(no_color),
        transient=True,
    ) as bar:
        task = bar.add_task("queries", total=total)
        yield lambda _: bar.advance(task)


def _summary(results: list[Result]) -> None:
    from rich.markup import escape

    from pathplan.console import stderr_console
    from pathplan.render import batch as render

    console = stderr_console()
    failed = [r for r in results if r.exit_code]
    for r in failed[:_SHOWN]:
        why = "; ".join(v.message for v in r.violations) or r.error or ""
        console.print(
            f"[bold red]{r.status}:[/] query {r.index + 1} ({escape(render.describe(r))}): "
            f"{escape(why)}",
            soft_wrap=True,
        )
    if len(failed) > _SHOWN:
        console.print(f"... and {len(failed) - _SHOWN} more", soft_wrap=True)
    counts = render.summary(results)
    text = ", ".join(f"{counts[s]} {s}" for s in render.STATUSES)
    console.print(f"batch: {counts['queries']} queries: {text}", soft_wrap=True)
