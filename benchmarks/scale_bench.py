"""Scale: batch routes and roster plans on one process, on local workers, on a Dask cluster.

Run on demand (not in the test suite):

    .venv/bin/python benchmarks/scale_bench.py                       # 10,000 routes, 2 workers
    .venv/bin/python benchmarks/scale_bench.py --queries 10000 --people 2000 --pairs 7
    .venv/bin/python benchmarks/scale_bench.py --queries 2000 --people 20000 --dask

Every case is a `pathplan` process timed with /usr/bin/time -v (wall, CPU of the process and of
its workers, peak memory of the largest process). The two batch cases run in turn `--pairs`
times and the speed-up is the median of the pairs' ratios. The batch's outputs are compared
byte for byte. With --dask, a LocalCluster of `--workers` processes on loopback runs the same
work through `--scheduler`, which gives the per-query and per-plan cost on Dask that
docs/scale.md projects. The roster is generated as in benchmarks/roster_bench.py (seeded) and
written as a wide CSV.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gnu_time import Figures, figures, timed
from roster_bench import generate

from pathplan.cli.app import bundled_data
from pathplan.loader.framework import load_framework


def pathplan() -> list[str]:
    found = shutil.which("pathplan", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "pathplan"]


def measured(args: list[str], env: dict[str, str]) -> Figures:
    """Wall seconds, CPU seconds (process and workers) and peak MiB of one run."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as log:
        proc = subprocess.run(
            timed(args, Path(log.name)), env=env, capture_output=True, text=True, check=False
        )
        if proc.returncode not in (0, 1):
            sys.exit(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
        return figures(Path(log.name))


def write_batch(folder: Path, roles: list[str], count: int, seed: int) -> Path:
    rng = random.Random(seed)
    pairs = [(rng.choice(roles), rng.choice(roles)) for _ in range(count)]
    file = folder / "queries.json"
    file.write_text(json.dumps([{"kind": "route", "from": a, "to": b} for a, b in pairs]))
    return file


def write_roster(folder: Path, people: int, seed: int) -> Path:
    fw = load_framework(bundled_data())
    rows = generate(fw, people, seed)
    columns = sorted({s for _, _, levels in rows for s in levels})
    lines = [",".join(["person", "role", *columns])]
    lines += [
        ",".join([pid, role, *(str(levels.get(s, "")) for s in columns)])
        for pid, role, levels in rows
    ]
    file = folder / "roster.csv"
    file.write_text("\n".join(lines) + "\n")
    return file


def cases(
    options: argparse.Namespace, batch: Path, roster: Path, out: Path
) -> dict[str, list[str]]:
    workers = str(options.workers)
    role = options.role
    found = {
        "batch, 1 process": ["batch", str(batch), "--workers", "1", "-o", str(out / "b1.jsonl")],
        f"batch, {workers} workers": [
            "batch",
            str(batch),
            "-w",
            workers,
            "-o",
            str(out / "bN.jsonl"),
        ],
        "candidates, 1 process": ["candidates", role, "-r", str(roster), "-w", "1", "-f", "csv"],
        f"candidates, {workers} workers": [
            "candidates",
            role,
            "-r",
            str(roster),
            "-w",
            workers,
            "-f",
            "csv",
        ],
        "team, 1 process": ["team", "-r", str(roster), "-w", "1", "-f", "csv"],
        f"team, {workers} workers": ["team", "-r", str(roster), "-w", workers, "-f", "csv"],
    }
    return {name: [*pathplan(), *args] for name, args in found.items()}


def dask_cases(
    address: str, batch: Path, roster: Path, out: Path, role: str
) -> dict[str, list[str]]:
    found = {
        "batch, Dask LocalCluster": [
            "batch",
            str(batch),
            "--scheduler",
            address,
            "-o",
            str(out / "bD.jsonl"),
        ],
        "candidates, Dask LocalCluster": [
            "candidates",
            role,
            "-r",
            str(roster),
            "--scheduler",
            address,
            "-f",
            "csv",
        ],
    }
    return {name: [*pathplan(), *args] for name, args in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--role", default="sales-eng", help="the open role for candidates")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--pairs", type=int, default=5, help="paired batch runs (median taken)")
    parser.add_argument("--dask", action="store_true", help="also run on a Dask LocalCluster")
    options = parser.parse_args()

    env = {
        k: v for k, v in os.environ.items() if k not in ("PATHPLAN_DATA", "PATHPLAN_DASK_SCHEDULER")
    }
    roles = sorted(load_framework(bundled_data()).roles)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        batch = write_batch(folder, roles, options.queries, options.seed)
        roster = write_roster(folder, options.people, 7)
        subprocess.run([*pathplan(), "roles"], env=env, capture_output=True, check=True)  # cache
        todo = cases(options, batch, roster, folder)
        one, many = "batch, 1 process", f"batch, {options.workers} workers"
        # The two batch runs in turn, `--pairs` times: a machine whose speed drifts (a shared
        # VM) moves both runs of a pair alike, so the ratio is taken pair by pair.
        pairs = [
            (measured(todo[one], env), measured(todo[many], env)) for _ in range(options.pairs)
        ]
        results = {one: median_run([a for a, _ in pairs]), many: median_run([b for _, b in pairs])}
        ratios = sorted(a.wall / b.wall for a, b in pairs)
        results |= {name: measured(args, env) for name, args in todo.items() if name not in results}
        same = (folder / "b1.jsonl").read_bytes() == (folder / "bN.jsonl").read_bytes()
        if options.dask:
            from distributed import LocalCluster

            with LocalCluster(
                n_workers=options.workers,
                threads_per_worker=1,
                host="127.0.0.1",
                dashboard_address=None,
            ) as cluster:
                extra = dask_cases(cluster.scheduler_address, batch, roster, folder, options.role)
                results |= {name: measured(args, env) for name, args in extra.items()}
            same = same and (folder / "b1.jsonl").read_bytes() == (folder / "bD.jsonl").read_bytes()
    load = os.getloadavg()[0]
    print(
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}; load average at the end {load:.1f}; "
        f"{options.queries:,} random route queries (seed {options.seed}); "
        f"{options.people:,}-person wide-CSV roster (seed 7); outputs identical: {same}\n"
    )
    print("| case | wall s | CPU s (all processes) | peak MiB (largest process) | per item |")
    print("|---|---:|---:|---:|---:|")
    for name, r in results.items():
        items = options.queries if name.startswith("batch") else options.people
        per = r.wall / items * 1000
        print(f"| {name} | {r.wall:.1f} | {r.cpu:.1f} | {r.peak:.0f} | {per:.2f} ms |")
    print(
        f"\nbatch: {options.workers} workers are {statistics.median(ratios):.2f}x one process "
        f"(median of {len(ratios)} paired runs, {ratios[0]:.2f}x to {ratios[-1]:.2f}x; the "
        "table gives each case's median run)",
        end="",
    )
    for kind in ("candidates", "team"):
        alone = results[f"{kind}, 1 process"].wall
        spread = results[f"{kind}, {options.workers} workers"].wall
        print(f"\n{kind}: {options.workers} workers are {alone / spread:.2f}x one process", end="")
    print()


def median_run(runs: list[Figures]) -> Figures:
    """The run of median wall time."""
    return sorted(runs, key=lambda r: r.wall)[len(runs) // 2]


if __name__ == "__main__":
    main()
