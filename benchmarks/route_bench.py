"""Per-query cost of batch route queries in one process (CPU time, so load elsewhere matters less).

Run on demand (not in the test suite):

    .venv/bin/python benchmarks/route_bench.py                  # 10,000 queries, seed 6
    .venv/bin/python benchmarks/route_bench.py --queries 1000 --profile

Queries go between random roles of the bundled framework, as in benchmarks/batch_bench.py. The
framework is loaded first (not timed); then `planner.batch.run` answers every query, repeats
answered once as in `pathplan batch`. Per query is over all queries, per distinct over distinct
(from, to) pairs. To compare with another checkout, run this file with that checkout's `src` first
on PYTHONPATH. `--profile` prints the cProfile functions with the most time of their own.
"""

from __future__ import annotations

import argparse
import cProfile
import platform
import pstats
import random
import time

from pathplan.cli.app import bundled_data
from pathplan.loader.batchfile import RouteQuery
from pathplan.loader.framework import load_framework
from pathplan.planner import batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--profile", action="store_true")
    options = parser.parse_args()

    fw = load_framework(bundled_data())
    roles = sorted(fw.roles)
    rng = random.Random(options.seed)
    pairs = [(rng.choice(roles), rng.choice(roles)) for _ in range(options.queries)]
    queries = [RouteQuery.model_validate({"kind": "route", "from": a, "to": b}) for a, b in pairs]
    profiler = cProfile.Profile() if options.profile else None
    began = time.process_time()
    if profiler:
        profiler.enable()
    results = batch.run(fw, list(queries), base=bundled_data())
    if profiler:
        profiler.disable()
    spent = time.process_time() - began
    distinct = len(set(pairs))
    ok = sum(r.status == "ok" for r in results)
    print(
        f"{platform.python_version()}, {len(roles)} roles, {options.queries:,} queries "
        f"({distinct:,} distinct pairs, {ok:,} ok): {spent:.1f} s CPU, "
        f"{spent / options.queries * 1000:.2f} ms per query, "
        f"{spent / distinct * 1000:.2f} ms per distinct query"
    )
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
