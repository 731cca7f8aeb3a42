"""The batch command: many queries against one loaded framework, for CI."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pathplan.cli.app import Settings, command, framework_for, output_format
from pathplan.cli.engines import SchedulerOpt, WorkersOpt, engine
from pathplan.cli.gates import MaxHoursOpt, MinCoverageOpt, limits
from pathplan.cli.output import emit, inert, progress, stderr_console
from pathplan.render import BATCH_FORMATS, OutputFormat

if TYPE_CHECKING:
    from pathplan.planner.results import Result

_SHOWN = 20  # failed queries listed on stderr before "... and N more"


@command(
    formats=BATCH_FORMATS,
    epilog=(
        "Examples:\n\n  pathplan batch queries.yaml > results.jsonl\n\n"
        "  pathplan batch queries.yaml --max-hours 400 --format markdown >> $GITHUB_STEP_SUMMARY"
        "\n\nA batch file is a list of queries, each a kind and that command's options:\n\n"
        "  - {kind: route, from: dev, to: sales-eng, max_hours: 300}\n\n"
        "  - {kind: gap, profile: me.yaml, to: sre, min_coverage: 50%}"
    ),
)
def batch(
    settings: Settings,
    file: Annotated[
        Path,
        typer.Argument(
            help="YAML or JSON list of queries (route, gap, adjacent, candidates).",
            metavar="FILE",
            show_default=False,
        ),
    ],
    max_hours: MaxHoursOpt = None,
    min_coverage: MinCoverageOpt = None,
    workers: WorkersOpt = None,
    scheduler: SchedulerOpt = None,
) -> None:
    """Run many queries, in parallel; one result per query, in order, with a status.

    A failing query gets its own result (status gate, no-route or error) and the others still
    run; the exit code is the worst of them. Gates given here apply to every route and gap query;
    a query's own max_hours / min_coverage win over them.
    """
    from pathplan.loader.batchfile import read_batch
    from pathplan.planner import batch as core
    from pathplan.planner import parallel
    from pathplan.render import dispatch, json

    fmt = output_format(settings, "batch", BATCH_FORMATS)
    queries = read_batch(file)
    fw = framework_for(settings)
    gates = limits(max_hours, min_coverage)
    results = []
    lines = []  # JSON Lines are rendered as results come, while workers work on the next
    with (
        progress(settings.no_color, settings.quiet) as report,
        engine(settings, fw, workers, scheduler, len(queries)) as chosen,
    ):
        for r in parallel.run(chosen, queries, base=file.parent, limits=gates):
            results.append(r)
            if fmt is OutputFormat.jsonl:
                lines.append(json.batch_line(r, fw))
            if report is not None:
                report("queries", r.index + 1, len(queries))
    if fmt is OutputFormat.jsonl:
        emit(settings, lambda _: "".join(lines))
    else:
        emit(settings, dispatch.batch(fmt, results, fw))
    code = core.exit_code(results)
    if code:
        if not settings.quiet:  # the exit code, and the results on stdout, still say it
            _summary(results)
        raise typer.Exit(code)


def _summary(results: list[Result]) -> None:
    from pathplan.planner.results import STATUSES
    from pathplan.render import json, markdown

    console = stderr_console()
    failed = [r for r in results if r.exit_code]
    for r in failed[:_SHOWN]:
        why = "; ".join(v.message for v in r.violations) or json.error_words(r.error)[0] or ""
        console.print(
            f"[bold red]{r.status}:[/] query {r.index + 1} ({inert(markdown.describe(r))}): "
            f"{inert(why)}",
            soft_wrap=True,
        )
    if len(failed) > _SHOWN:
        console.print(f"... and {len(failed) - _SHOWN} more", soft_wrap=True)
    counts = json.summary(results)
    text = ", ".join(f"{counts[s]} {s}" for s in STATUSES)
    console.print(f"batch: {counts['queries']} queries: {text}", soft_wrap=True)
