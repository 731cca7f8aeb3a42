"""Peak memory of `team` and `candidates` on huge rosters: do they stream (default 1,000,000)?

Run on demand (not in the test suite; writing a million-person roster takes a few minutes):

    .venv/bin/python benchmarks/stream_bench.py                      # 20,000 and 1,000,000
    .venv/bin/python benchmarks/stream_bench.py --sizes 20000 100000 --cases team:csv-wide
    .venv/bin/python benchmarks/stream_bench.py --keep /tmp/rosters  # reuse written rosters

The roster is generated as in benchmarks/roster_bench.py (seeded, in slices of 50,000 so this
script stays small too) and written as a wide CSV, a long CSV (rows grouped by person) and YAML.
Each case runs as its own process under /usr/bin/time -v, which reports its peak resident
memory (max RSS) and CPU time; stdout goes to /dev/null. A case is COMMAND:FORM, where COMMAND
is `team` (the table view), `team-jsonl` (every person as JSON Lines), `candidates` (the
table view: the best 20 for --role) or `candidates-jsonl` (everyone, unranked). Memory that
does not grow with the people is what streaming means: compare the sizes within one run.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
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

SLICE = 50_000
FORMS = ("csv-wide", "csv-long", "yaml")
COMMANDS = {
    "team": ["team"],
    "team-jsonl": ["team", "--format", "jsonl"],
    "candidates": ["candidates", "{role}"],
    "candidates-jsonl": ["candidates", "{role}", "--format", "jsonl"],
}
DEFAULT_CASES = (
    "team:csv-wide",
    "team:csv-long",
    "team:yaml",
    "team-jsonl:csv-wide",
    "candidates:csv-wide",
    "candidates:csv-long",
    "candidates:yaml",
    "candidates-jsonl:csv-long",
)


def write_rosters(folder: Path, people: int) -> dict[str, Path]:
    """The same generated people as a wide CSV, a long CSV and YAML, written a slice at a time."""
    fw = load_framework(bundled_data())
    columns = sorted(fw.skills)
    paths = {
        form: folder / f"roster-{people}-{form}.{'yaml' if form == 'yaml' else 'csv'}"
        for form in FORMS
    }
    if all(p.exists() for p in paths.values()):
        return paths
    with (
        paths["csv-wide"].open("w", encoding="utf-8") as wide,
        paths["csv-long"].open("w", encoding="utf-8") as long,
        paths["yaml"].open("w", encoding="utf-8") as yaml,
    ):
        wide.write(",".join(["person", "role", *columns]) + "\n")
        long.write("person,role,skill,level\n")
        yaml.write("people:\n")
        for start in range(0, people, SLICE):
            for pid, role, levels in generate(fw, min(SLICE, people - start), start + 7):
                person = f"{pid}-{start}"
                cells = (str(levels.get(s, "")) for s in columns)
                wide.write(",".join([person, role, *cells]) + "\n")
                long.writelines(f"{person},{role},{s},{k}\n" for s, k in levels.items())
                if not levels:
                    long.write(f"{person},{role},,\n")
                skills = ", ".join(f"{s}: {k}" for s, k in levels.items())
                yaml.write(f"  {person}: {{role: {role}, skills: {{{skills}}}}}\n")
    return paths


def measure(args: list[str], log: Path) -> Figures:
    """Peak memory (MiB), wall and CPU seconds of one command, from GNU time."""
    subprocess.run(timed(args, log), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    return figures(log)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 1_000_000])
    parser.add_argument("--cases", nargs="+", default=list(DEFAULT_CASES))
    parser.add_argument("--role", default="sales-eng")
    parser.add_argument("--keep", type=Path, help="write the rosters in this folder and keep them")
    options = parser.parse_args()
    script = shutil.which("pathplan", path=str(Path(sys.executable).parent)) or "pathplan"
    print(
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d %H:%M')}, load average {os.getloadavg()[0]:.1f} at the start"
    )
    print("\n| case | people | roster | peak memory | wall | CPU |\n|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = options.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for case in options.cases:
            command, form = case.split(":")
            for size in options.sizes:
                paths = write_rosters(folder, size)
                args = [a.format(role=options.role) for a in COMMANDS[command]]
                found = measure([script, *args, "--roster", str(paths[form])], Path(tmp) / "t")
                mib = paths[form].stat().st_size / 2**20
                print(
                    f"| `{command}` ({form}) | {size:,} | {mib:,.0f} MiB | "
                    f"{found.peak:,.0f} MiB | {found.wall:,.1f} s | {found.cpu:,.1f} s |",
                    flush=True,
                )
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
