"""--workers and --scheduler: where batch, team and candidates do their work.

Local processes by default (as many as the machine has cores, this one among them: it answers
while it waits for the others), or one process, or a Dask cluster (`pathplan[dask]`). The
results are the same wherever they are computed.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from pathplan.cli.app import Settings, bundled_data, cache_dir_for, cache_secret

if TYPE_CHECKING:
    from pathplan.model import Framework
    from pathplan.planner.parallel import Engine

# Fewer distinct items than this run in this process whatever --workers says: starting a worker
# (a Python start-up and a framework load, about 0.4 s) costs more than it would save.
MIN_PARALLEL = 64

WorkersOpt = Annotated[
    int | None,
    typer.Option(
        "--workers",
        "-w",
        min=1,
        metavar="N",
        help="Processes answering, this one included (default: the machine's cores; 1: this "
        f"process only). Small inputs (under {MIN_PARALLEL} distinct queries or plans) run in "
        "this process.",
        show_default=False,
        rich_help_panel="Scale",
    ),
]
# team and candidates use workers only when asked: a gap costs about as much to move between
# processes as to solve (team moves every gap), and reading the roster, which only this process
# does, is most of the work of candidates (docs/scale.md).
RosterWorkersOpt = Annotated[
    int | None,
    typer.Option(
        "--workers",
        "-w",
        min=1,
        metavar="N",
        help="Processes solving the gaps, this one included (default: 1, this process: on "
        "small frameworks workers save little, see 'pathplan docs scale').",
        show_default=False,
        rich_help_panel="Scale",
    ),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        envvar="PATHPLAN_DASK_SCHEDULER",
        metavar="ADDRESS",
        help="Run on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:8786); needs "
        "pathplan\\[dask] ('pathplan docs scale').",
        show_default=False,
        rich_help_panel="Scale",
    ),
]


@contextmanager
def engine(
    settings: Settings,
    fw: Framework,
    workers: int | None,
    scheduler: str | None,
    items: int,
    default: int | None = None,
) -> Iterator[Engine]:
    """The engine the options ask for, for `items` distinct pieces of work.

    Without --workers: `default` processes, else the machine's cores.
    """
    from pathplan.planner import parallel

    if scheduler:
        from pathplan.planner.dask import Cluster

        with Cluster(scheduler, fw) as cluster:
            yield cluster
        return
    count = workers or default or os.cpu_count() or 1
    if count <= 1 or items < MIN_PARALLEL:
        yield parallel.InProcess(fw)
        return
    from pathplan.loader.framework import load_framework

    load = functools.partial(
        load_framework,
        settings.data or bundled_data(),
        cache_dir_for(settings),
        cache_secret=cache_secret(),
    )
    with parallel.Processes(count, load, here=fw) as pool:
        yield pool
