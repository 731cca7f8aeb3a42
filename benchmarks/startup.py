"""Start-up benchmark: pathplan commands as ratios to a bare import of the stack, in one run.

Run: python benchmarks/startup.py [--runs N] [--write docs/performance.md]
Ratios, not seconds, are the result: the machines are shared and noisy (PERFORMANCE.md).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sections import replace_section

from pathplan.cli.launcher import GC_THRESHOLD

BASELINE = [sys.executable, "-c", "import typer, rich, pydantic, yaml, networkx"]
FLOOR = [sys.executable, "-c", "pass"]


def pathplan(*args: str) -> list[str]:
    script = shutil.which("pathplan", path=str(Path(sys.executable).parent))
    return [script, *args] if script else [sys.executable, "-m", "pathplan", *args]


CASES = {
    "pathplan --version": pathplan("--version"),
    "pathplan --help": pathplan("--help"),
    "pathplan route --from dev --to sales-eng": pathplan(
        "route", "--from", "dev", "--to", "sales-eng"
    ),
    "pathplan route --from dev --to sales-eng -f json": pathplan(
        "route", "--from", "dev", "--to", "sales-eng", "-f", "json"
    ),
    "pathplan gap --from dev --to sales-eng": pathplan("gap", "--from", "dev", "--to", "sales-eng"),
    "pathplan validate": pathplan("validate"),
}
GOALS = {
    "pathplan --version": 0.35,
    "pathplan --help": 0.6,
    "pathplan route --from dev --to sales-eng": 1.2,
}


def median_seconds(cmd: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        samples.append(time.perf_counter() - began)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--write", type=Path, help="replace the start-up section of this file")
    args = parser.parse_args()
    # Interleave the cases round by round so drift on a shared machine hits them all alike.
    floor_app = [sys.executable, str(Path(__file__).with_name("floor_app.py"))]
    commands = {
        "python -c pass": FLOOR,
        "bare import of the stack": BASELINE,
        "stack floor: typer app + networkx + rich table": [*floor_app, "route", "--from", "a"],
        "stack floor: that app, leaving without teardown": [
            "env",
            "FLOOR_LEAVE=1",
            *floor_app,
            "route",
            "--from",
            "a",
        ],
        "stack floor: that app's --help (typer's rich help)": [*floor_app, "--help"],
        "stack floor: that --help, leaving without teardown": [
            "env",
            "FLOOR_LEAVE=1",
            *floor_app,
            "--help",
        ],
        "stack floor: typer's help without rich (TYPER_USE_RICH=0)": [
            "env",
            "TYPER_USE_RICH=0",
            *floor_app,
            "--help",
        ],
        "pydantic schema machinery: one TypeAdapter(int)": [
            sys.executable,
            "-c",
            "from pydantic import TypeAdapter; TypeAdapter(int)",
        ],
        # The launcher raises the collector's threshold (cli/launcher.py): the same for the stack.
        "bare import, collector as pathplan sets it": [
            sys.executable,
            "-c",
            f"import gc; gc.set_threshold({GC_THRESHOLD}); {BASELINE[-1]}",
        ],
        **CASES,
    }
    samples: dict[str, list[float]] = {name: [] for name in commands}
    load_before = os.getloadavg()[0]
    for _ in range(args.runs):
        for name, cmd in commands.items():
            samples[name].append(median_seconds(cmd, 1))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    base = medians["bare import of the stack"]
    lines = [
        "| command | median ms | × bare import | goal |",
        "|---|---:|---:|---:|",
    ]
    for name, value in medians.items():
        goal = f"≤ {GOALS[name]}" if name in GOALS else ""
        lines.append(f"| `{name}` | {value * 1000:.0f} | {value / base:.2f} | {goal} |")
    table = "\n".join(lines)
    load = f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    print(table)
    print(load)
    if args.write:
        section = (
            "## Start-up\n\n"
            f"`python benchmarks/startup.py --runs {args.runs}`, medians of interleaved runs "
            f"({load} on 2 CPUs); the baseline is `python -c "
            f'"{BASELINE[-1]}"`.\n\n{table}\n'
        )
        replace_section(args.write, "## Start-up", section)


if __name__ == "__main__":
    main()
