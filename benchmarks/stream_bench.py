"""Peak memory of `pathplan candidates` on a huge wide-CSV roster (default 1,000,000 people).

Run on demand (not in the test suite; writing the roster takes about a minute):

    .venv/bin/python benchmarks/stream_bench.py                  # 1,000,000 people
    .venv/bin/python benchmarks/stream_bench.py --people 100000 --keep /tmp/roster.csv

The roster is generated as in benchmarks/roster_bench.py (seeded, in slices of 50,000 so this
script stays small too) and written with a column per skill. The command runs under
/usr/bin/time -v, which reports its peak resident memory; the default table view keeps the
best 20, so the roster streams through.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from roster_bench import generate

from pathplan.cli.app import bundled_data
from pathplan.loader.framework import load_framework

SLICE = 50_000


def write_roster(path: Path, people: int) -> None:
    fw = load_framework(bundled_data())
    columns = sorted(fw.skills)
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(["person", "role", *columns]) + "\n")
        for start in range(0, people, SLICE):
            for pid, role, levels in generate(fw, min(SLICE, people - start), start + 7):
                cells = (str(levels.get(s, "")) for s in columns)
                out.write(",".join([f"{pid}-{start}", role, *cells]) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--role", default="sales-eng")
    parser.add_argument("--keep", type=Path, help="write the roster here and keep it")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        roster = options.keep or Path(tmp) / "roster.csv"
        if not roster.exists():
            write_roster(roster, options.people)
        script = shutil.which("pathplan", path=str(Path(sys.executable).parent)) or "pathplan"
        args = [script, "candidates", options.role, "--roster", str(roster)]
        log = Path(tmp) / "time.txt"
        subprocess.run(
            ["/usr/bin/time", "-v", "-o", str(log), *args], capture_output=True, check=True
        )
        text = log.read_text()
        size = roster.stat().st_size / 2**20
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))  # type: ignore[union-attr]
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text)
    cpu = re.search(r"User time \(seconds\): ([\d.]+)", text)
    print(
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}: `pathplan candidates {options.role}` on "
        f"{options.people:,} people (wide CSV, {size:.0f} MiB): peak {peak / 1024:.0f} MiB, "
        f"wall {wall.group(1) if wall else '?'}, user CPU {cpu.group(1) if cpu else '?'} s"
    )


if __name__ == "__main__":
    main()
