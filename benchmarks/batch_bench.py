"""Benchmark: 10,000 route queries in one `pathplan batch` run vs one `pathplan route` process.

Run on demand (not in the test suite):

    .venv/bin/python benchmarks/batch_bench.py               # 10,000 queries, seed 6
    .venv/bin/python benchmarks/batch_bench.py --queries 500 --no-write

Queries go between roles of the bundled framework drawn at random (seeded, so every run plans the
same batch). Both sides are measured in the same run, as whole processes (start-up, loading and
planning), because the floor drifts between runs (PERFORMANCE.md). With --write (the default) the
figures replace the "## Batch" section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sections import replace_section

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "performance.md"


NOTES = """\
What the figures say (from profiling with cProfile; numbers vary on this shared 2-CPU machine, so
compare the two sides of one run, not runs with each other):

- Start-up and loading (about 0.3 s of a one-query process) are paid once per batch; what remains
  is planning. A route query is a best-first search that, for every partial route it ranks,
  computes the optimal plan for that route's roles plus the target (`planner.optimal_levels`):
  about 90 such plans per query on the bundled framework, at about 0.25 ms each since the branch
  and bound solves independent `requires_any` clusters apart (before that: 1 to 2.5 ms each, and
  537 s for this batch). That is the cost per distinct query above.
- The batch does once what queries share: the framework is loaded once, the skills each `--from`
  role starts with are computed once, a profile is read once, and a repeated query (also when
  written with aliases) is answered once, which is why the per-query figure is well under the
  per-distinct-query one for random pairs of 63 roles.
- Sharing the optimal plans between queries (a cache keyed by start holder and set of roles) was
  measured and rejected: over 1,000 random queries, 70,394 of 75,215 plans were distinct (6%
  reuse), because every set ranked includes the query's own target.
- More speed would come from answering queries in parallel processes (2 CPUs here); not in this
  build.
- Peak memory is the largest single search plus the cached answers; the search's plans per role
  set are dropped after each query.
"""


def pathplan() -> list[str]:
    found = shutil.which("pathplan", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "pathplan"]


def timed(args: list[str], cwd: Path) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PATHPLAN_DATA"}
    start = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return elapsed


def role_ids() -> list[str]:
    out = subprocess.run(
        [*pathplan(), "roles", "--format", "json"], capture_output=True, text=True, check=True
    ).stdout
    return sorted(r["id"] for r in json.loads(out)["roles"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--singles", type=int, default=5, help="one-query processes to time")
    parser.add_argument("--no-write", action="store_true", help="print, do not edit docs/")
    options = parser.parse_args()

    rng = random.Random(options.seed)
    roles = role_ids()
    pairs = [(rng.choice(roles), rng.choice(roles)) for _ in range(options.queries)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        batch = folder / "queries.json"
        batch.write_text(json.dumps([{"kind": "route", "from": a, "to": b} for a, b in pairs]))
        floor = statistics.median(timed([sys.executable, "-c", "pass"], folder) for _ in range(5))
        singles = [
            timed([*pathplan(), "route", "--from", a, "--to", b, "--format", "json"], folder)
            for a, b in pairs[: options.singles]
        ]
        single = statistics.mean(singles)
        wall = timed([*pathplan(), "batch", str(batch), "-o", str(folder / "out.jsonl")], folder)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
        lines = (folder / "out.jsonl").read_text().splitlines()
        statuses = [json.loads(line)["status"] for line in lines]
    assert len(statuses) == options.queries, "the batch lost results"
    distinct = len(set(pairs))
    n = options.queries
    table = "\n".join(
        [
            "| measure | value |",
            "|---|---|",
            f"| queries (route, random bundled roles, seed {options.seed}) | {n:,} |",
            f"| distinct (from, to) pairs among them | {distinct:,} |",
            f"| statuses | {', '.join(f'{statuses.count(s)} {s}' for s in sorted(set(statuses)))}"
            " |",
            f"| `python -c pass` (floor) | {floor * 1000:.0f} ms |",
            f"| one `pathplan route` process (mean of {len(singles)} of these queries) "
            f"| {single * 1000:.0f} ms |",
            f"| one `pathplan batch` process, all {n:,} queries | {wall:.1f} s |",
            f"| per query in the batch | {wall / n * 1000:.1f} ms |",
            f"| per distinct query in the batch | {wall / distinct * 1000:.1f} ms |",
            f"| batch time / one route process | {wall / single:.0f}× |",
            f"| {n:,} route processes, estimated ({n:,} × one) / batch | "
            f"{n * single / wall:.1f}× |",
            f"| peak memory of the batch process (max RSS) | {peak:.0f} MiB |",
        ]
    )
    text = (
        f"Measured by `benchmarks/batch_bench.py --queries {n}` on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}.\n\n{table}\n\n{NOTES}"
    )
    print(text)
    if not options.no_write:
        replace_section(DOC, "## Batch", f"## Batch\n\n{text}")


if __name__ == "__main__":
    main()
