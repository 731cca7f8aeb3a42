"""Peak memory of `pathplan batch` on huge batch files: results streamed as JSON Lines.

Run on demand (not in the test suite; the 1,000,000-row case takes minutes):

    .venv/bin/python benchmarks/batch_stream_bench.py                    # 10,000 and 1,000,000
    .venv/bin/python benchmarks/batch_stream_bench.py --rows 20000 --workers 1 2 --yaml

The queries are what an organisation asks of everyone at once: each person's gap to the next
rung of their role or to a role declared adjacent (gap queries between declared moves of the
bundled framework, seeded; every tenth with a `max_hours: 200` gate, every person their own
`id`). There are few distinct pairs, so answers repeat and the run measures what streaming
costs (reading, checking, rendering each row), not the planner. Each case is one `pathplan`
process under /usr/bin/time -v (peak resident memory, wall, CPU); its stdout goes through a
pipe to this script, which counts and hashes it (so runs can be compared byte for byte).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from gnu_time import Figures, figures, timed

from pathplan.cli.app import bundled_data
from pathplan.loader.framework import load_framework


def write_batch(path: Path, rows: int) -> None:
    """`rows` gap queries between declared moves, as JSON Lines or a YAML list (by suffix)."""
    fw = load_framework(bundled_data())
    moves = [(r, n) for r in sorted(fw.roles) for n in (*fw.roles[r].next, *fw.roles[r].adjacent)]
    rng = random.Random(11)
    lines = path.suffix == ".jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(rows):
            start, target = rng.choice(moves)
            query: dict[str, object] = {"kind": "gap", "id": f"p{i}", "from": start, "to": target}
            if i % 10 == 0:
                query["max_hours"] = 200
            text = json.dumps(query)
            out.write(text + "\n" if lines else f"- {text}\n")


@dataclass(frozen=True)
class Run:
    """A run's figures, exit code, and the size and hash of what it wrote on stdout."""

    figures: Figures
    exit: int
    out_mib: float
    sha: str


def measure(args: list[str], log: Path) -> Run:
    """Run `args` under GNU time; its figures, and the size and hash of its stdout."""
    digest = hashlib.sha256()
    size = 0
    with subprocess.Popen(
        timed(args, log), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    ) as process:
        assert process.stdout is not None
        while piece := process.stdout.read(1 << 20):
            digest.update(piece)
            size += len(piece)
        code = process.wait()
    return Run(figures(log), code, size / 2**20, digest.hexdigest()[:12])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1])
    parser.add_argument("--yaml", action="store_true", help="YAML lists, not JSON Lines")
    parser.add_argument("--keep", type=Path, help="write the batch files in this folder, keep them")
    options = parser.parse_args()
    script = shutil.which("pathplan", path=str(Path(sys.executable).parent)) or "pathplan"
    print(
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d %H:%M')}, load average {os.getloadavg()[0]:.1f} at the start"
    )
    print(
        "| rows | format | workers | peak MiB | wall | CPU s | CPU µs/row | output MiB | sha256 |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = options.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        suffix = ".yaml" if options.yaml else ".jsonl"
        for rows in options.rows:
            batch = folder / f"batch-{rows}{suffix}"
            if not batch.exists():
                write_batch(batch, rows)
            for workers in options.workers:
                args = [script, "batch", str(batch), "--workers", str(workers)]
                m = measure(args, Path(tmp) / "time.txt")
                cpu, per_row = m.figures.cpu, m.figures.cpu / rows * 1e6
                print(
                    f"| {rows:,} | {suffix[1:]} | {workers} | {m.figures.peak:.0f} "
                    f"| {m.figures.wall:.1f} s | {cpu:.1f} | {per_row:.0f} | {m.out_mib:.0f} "
                    f"| {m.sha} |",
                    flush=True,
                )
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
