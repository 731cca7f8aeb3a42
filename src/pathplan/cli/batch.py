"""The batch command: many queries against one loaded framework, for CI."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pathplan.cli.app import Settings, command, framework_for, output_format
from pathplan.cli.engines import SchedulerOpt, WorkersOpt, engine
from pathplan.cli.gates import MaxHoursOpt, MinCoverageOpt, limits
from pathplan.cli.output import emit, inert, progress, stderr_console, stream
from pathplan.render import BATCH_FORMATS, OutputFormat

if TYPE_CHECKING:
    from pathplan.cli.output import Progress
    from pathplan.loader.batchfile import Batch
    from pathplan.model import Framework
    from pathplan.planner.answers import Result
    from pathplan.planner.gates import Limits
    from pathplan.planner.parallel import Engine

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
            help="YAML or JSON list of queries (route, gap, adjacent, candidates), or JSON "
            "Lines (.jsonl: one query per line).",
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

    The file is checked whole before any query runs, then read again a query at a time: JSON
    Lines (the default format) are written as results come, so a million queries run in bounded
    memory. json and markdown hold every result until the end (their summary comes first).
    """
    from pathplan.loader.batchfile import open_batch

    fmt = output_format(settings, "batch", BATCH_FORMATS)
    with open_batch(file) as queries:  # every query checked: a typo is exit 3 before any runs
        fw = framework_for(settings)
        tally = _Tally()
        with (  # workers first: forked before the progress bar's thread exists
            engine(settings, fw, workers, scheduler, len(queries)) as chosen,
            progress(settings.no_color, settings.quiet) as report,
        ):
            gates = limits(max_hours, min_coverage)
            results = _run(chosen, queries, file, gates, fmt, tally, report)
            _render(settings, fmt, results, fw)
    if tally.code:
        if not settings.quiet:  # the exit code, and the results on stdout, still say it
            _summary(tally)
        raise typer.Exit(tally.code)


def _run(
    chosen: Engine,
    queries: Batch,
    file: Path,
    gates: Limits,
    fmt: OutputFormat,
    tally: _Tally,
    report: Progress | None,
) -> Iterator[Result]:
    """The results as they come, counted (and the progress bar moved) on the way.

    For JSON Lines the workers render each answer, so that this process, which writes every
    line, does not hold back the workers (docs/scale.md).
    """
    from pathplan.planner import parallel
    from pathplan.render.json import AsText

    shape = AsText() if fmt is OutputFormat.jsonl else None
    for r in parallel.run(chosen, queries, base=file.parent, limits=gates, shape=shape):
        tally.add(r)
        if report is not None:
            report("queries", r.index + 1, len(queries))
        yield r


def _render(
    settings: Settings, fmt: OutputFormat, results: Iterator[Result], fw: Framework
) -> None:
    """JSON Lines stream out as results come; the other formats hold them all (a summary first).

    On a terminal (no --output) JSON Lines are held too, to be paged like any output.
    """
    from pathplan.render import dispatch, json

    if fmt is OutputFormat.jsonl and (
        (settings.output is not None and str(settings.output) != "-") or not sys.stdout.isatty()
    ):
        stream(settings, _grouped(json.stream_lines(results, fw)))
    elif fmt is OutputFormat.jsonl:
        lines = list(json.stream_lines(results, fw))  # rendered while workers work
        emit(settings, lambda _: "".join(lines))
    else:
        emit(settings, dispatch.batch(fmt, list(results), fw))


def _grouped(lines: Iterable[str], size: int = 64) -> Iterator[str]:
    """Lines joined a few at a time: one write each, not one per line."""
    group: list[str] = []
    for line in lines:
        group.append(line)
        if len(group) == size:
            yield "".join(group)
            group.clear()
    if group:
        yield "".join(group)


@dataclass
class _Tally:
    """What the end of a run needs of its results, counted as they go (none are kept)."""

    counts: Counter[str] = field(default_factory=Counter)
    failed: list[Result] = field(default_factory=list)  # the first _SHOWN that did not pass
    code: int = 0

    def add(self, r: Result) -> None:
        self.counts[r.status] += 1
        self.code = max(self.code, r.exit_code)
        if r.exit_code:
            self.counts["failed"] += 1
            if len(self.failed) < _SHOWN:
                self.failed.append(r)


def _summary(tally: _Tally) -> None:
    from pathplan.planner.answers import STATUSES
    from pathplan.render import json, markdown

    console = stderr_console()
    for r in tally.failed:
        why = "; ".join(v.message for v in r.violations) or json.error_words(r.error)[0] or ""
        console.print(
            f"[bold red]{r.status}:[/] query {r.index + 1} ({inert(markdown.describe(r))}): "
            f"{inert(why)}",
            soft_wrap=True,
        )
    more = tally.counts["failed"] - len(tally.failed)
    if more > 0:
        console.print(f"... and {more} more", soft_wrap=True)
    queries = sum(tally.counts[s] for s in STATUSES)
    text = ", ".join(f"{tally.counts[s]} {s}" for s in STATUSES)
    console.print(f"batch: {queries} queries: {text}", soft_wrap=True)
