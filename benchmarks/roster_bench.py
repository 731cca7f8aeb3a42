"""How `pathplan team` and `pathplan candidates` scale to a 10,000-person roster.

Generates a seeded, realistic roster on the bundled framework (each person holds the start
levels of a random role, then a few random perturbations), writes it as YAML, long CSV and wide
CSV, and times the commands as subprocesses, interleaved, against `pathplan roles` (start-up and
framework load: the floor every command pays). Ratios to that floor are what to compare across
machines; milliseconds drift.

    .venv/bin/python benchmarks/roster_bench.py [--people 10000] [--rounds 5] [--seed 7]

Prints a markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import csv
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

from pathplan.cli.app import bundled_data
from pathplan.loader.framework import load_framework
from pathplan.model import Framework
from pathplan.planner.levels import start_levels


def generate(fw: Framework, people: int, seed: int) -> list[tuple[str, str, dict[str, int]]]:
    """People as (id, role, levels): a role's start levels, perturbed."""
    rng = random.Random(seed)
    roles = sorted(fw.roles)
    skills = sorted(fw.skills)
    top = fw.max_level
    starts = {r: start_levels(fw, r) for r in roles}
    out = []
    for i in range(people):
        role = rng.choice(roles)
        levels = dict(starts[role])
        for sid in list(levels):
            roll = rng.random()
            if roll < 0.08:  # a gap: below what the role asks
                levels[sid] = max(0, levels[sid] - rng.choice((1, 1, 2)))
            elif roll < 0.14:  # stronger than the role asks
                levels[sid] = min(top, levels[sid] + 1)
        for sid in rng.sample(skills, rng.choice((0, 1, 2, 3))):  # something from elsewhere
            levels[sid] = max(levels.get(sid, 0), rng.randint(1, 3))
        out.append((f"p{i:05d}", role, {s: k for s, k in levels.items() if k > 0}))
    return out


def write(folder: Path, people: list[tuple[str, str, dict[str, int]]]) -> dict[str, Path]:
    """The roster as YAML, long CSV and wide CSV."""
    paths = {
        "yaml": folder / "roster.yaml",
        "csv-long": folder / "roster-long.csv",
        "csv-wide": folder / "roster-wide.csv",
    }
    lines = ["people:"]
    for pid, role, levels in people:
        lines += [f"  {pid}:", f"    role: {role}", "    skills:"]
        lines += [f"      {s}: {k}" for s, k in levels.items()] or ["      {}"]
    paths["yaml"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    with paths["csv-long"].open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "role", "skill", "level"])
        for pid, role, levels in people:
            w.writerows((pid, role, s, k) for s, k in levels.items())
    columns = sorted({s for _, _, levels in people for s in levels})
    with paths["csv-wide"].open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "role", *columns])
        for pid, role, levels in people:
            w.writerow([pid, role, *(levels.get(s, "") for s in columns)])
    return paths


def script() -> list[str]:
    found = shutil.which("pathplan", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "pathplan"]


def run(args: list[str]) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PATHPLAN_DATA"}
    start = time.perf_counter()
    proc = subprocess.run(
        [*script(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"pathplan {' '.join(args)} failed ({proc.returncode}): {proc.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--role", default="sales-eng")
    opts = parser.parse_args()

    fw = load_framework(bundled_data())
    people = generate(fw, opts.people, opts.seed)
    with tempfile.TemporaryDirectory() as tmp:
        paths = write(Path(tmp), people)
        cases: dict[str, list[str]] = {"roles (floor)": ["roles"]}
        for kind, path in paths.items():
            cases[f"team ({kind})"] = ["team", "--roster", str(path)]
            cases[f"candidates {opts.role} ({kind})"] = [
                "candidates",
                opts.role,
                "--roster",
                str(path),
            ]
        cases["team --format json (yaml)"] = ["team", "--roster", str(paths["yaml"]), "-f", "json"]
        cases[f"candidates {opts.role} --format json (yaml)"] = [
            "candidates",
            opts.role,
            "--roster",
            str(paths["yaml"]),
            "-f",
            "json",
        ]
        sizes = {kind: path.stat().st_size for kind, path in paths.items()}
        times: dict[str, list[float]] = {name: [] for name in cases}
        run(["roles"])  # warm the disk cache and .pyc files
        for _ in range(opts.rounds):
            for name, args in cases.items():  # interleaved, so drift hits every case alike
                times[name].append(run(args))

    floor = statistics.median(times["roles (floor)"])
    floor_min = min(times["roles (floor)"])
    print(
        f"{opts.people:,} people, seed {opts.seed}, {len(fw.roles)} roles, {len(fw.skills)} skills;"
        f" median of {opts.rounds} interleaved runs; Python {platform.python_version()},"
        f" {os.cpu_count()} CPUs"
    )
    print("files: " + ", ".join(f"{k} {v / 2**20:.1f} MiB" for k, v in sizes.items()) + "\n")
    # The minimum is the run least disturbed by other work on the machine; both are shown.
    print("| command | median | × `pathplan roles` | fastest | × fastest `roles` |")
    print("|---|---:|---:|---:|---:|")
    for name, values in times.items():
        median, fastest = statistics.median(values), min(values)
        print(
            f"| `{name}` | {median * 1000:,.0f} ms | {median / floor:.1f}"
            f" | {fastest * 1000:,.0f} ms | {fastest / floor_min:.1f} |"
        )


if __name__ == "__main__":
    main()
