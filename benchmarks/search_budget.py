"""Benchmark the bounded searches: the hard cases end on their budget, within time and memory.

Imports ESCO and O*NET from ../shared/data into a temporary folder, then runs each case below as
its own `pathplan` process with the default budget (20 s, 512 MiB), and reports its wall time,
its peak resident memory (the whole process: Python, the framework, the search), its exit code
and what it answered: the route or plan and whether it is proven the least, or where the search
stopped and the bound it had. Writes the `## Bounded searches` section of docs/performance.md.

    python benchmarks/search_budget.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sections import replace_section

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "performance.md"
SECTION = "## Bounded searches"
HARD = ROOT / "tests" / "fixtures" / "hitting-set"

# Runs a command and prints its peak memory: RUSAGE_CHILDREN of this wrapper is that command's.
PEAK = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stdout.write(done.stdout)
sys.stderr.write(done.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(done.returncode)
"""


def pathplan(*args: str) -> list[str]:
    return [sys.executable, "-m", "pathplan", *args]


def measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int, str, str]:
    """Wall seconds, peak MiB, exit code, stdout and stderr (less the peak line) of `cmd`."""
    begin = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *cmd], env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - begin
    *err, peak = done.stderr.rstrip("\n").split("\n")
    return seconds, int(peak) / 1024, done.returncode, done.stdout, "\n".join(err)


def answer(code: int, out: str, err: str) -> str:
    """What the command answered, in a few words."""
    if code != 0:
        message, *hint = err.strip().splitlines()
        known = hint[0].split(";")[0].removeprefix("  hint: ") if hint else ""
        return message.removeprefix("error: ") + (f"; {known}" if known else "")
    doc = json.loads(out)
    if "roles" in doc:
        what = f"{' → '.join(doc['roles'])}: {doc['total_hours']} h"
    else:
        what = f"plan of {len(doc['steps'])} steps: {doc['total_hours']} h"
    if doc["proven"]:
        return what + ", proven the least"
    stop = doc["stopped"]
    return (
        f"{what}, the best found when it ran out of {stop['reason']} after {stop['seconds']} s;"
        f" none less than {doc['lower_bound']} h"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {**os.environ, "PATHPLAN_CACHE_DIR": str(work / "cache"), "NO_COLOR": "1"}
        env.pop("PATHPLAN_NO_CACHE", None)
        for source in ("esco", "onet"):
            subprocess.run(
                pathplan("import", source, str(args.data / source), "-o", str(work / source)),
                env=env, check=True, capture_output=True,
            )  # fmt: skip
            subprocess.run(pathplan("--data", str(work / source), "validate"), env=env, check=True)
        cases = {
            "ESCO: `route --from \"data analyst\" --to \"data scientist\" --direct --max-step 300`":
                ["--data", str(work / "esco"), "route", "--from", "data analyst", "--to",
                 "data scientist", "--direct", "--max-step", "300"],
            "ESCO: the same without `--max-step`":
                ["--data", str(work / "esco"), "route", "--from", "data analyst", "--to",
                 "data scientist", "--direct"],
            "O*NET: `route --from computer-programmers --to \"database architects\" --direct"
            " --max-step 100`":
                ["--data", str(work / "onet"), "route", "--from", "computer-programmers",
                 "--to", "database architects", "--direct", "--max-step", "100"],
            "bundled: `route --from dev --to sales-eng --direct --max-step 450`":
                ["route", "--from", "dev", "--to", "sales-eng", "--direct", "--max-step", "450"],
            "hitting set (80 groups of 3 skills of 40): `gap --from start --to hard`":
                ["--data", str(HARD), "gap", "--from", "start", "--to", "hard"],
            "hitting set: `route --from start --to hard`":
                ["--data", str(HARD), "route", "--from", "start", "--to", "hard"],
        }  # fmt: skip
        rows = []
        for label, cmd in cases.items():
            seconds, peak, code, out, err = measured(pathplan(*cmd, "-f", "json"), env)
            said = answer(code, out, err)
            rows.append(f"| {label} | {seconds:.1f} s | {peak:.0f} MiB | {code} | {said} |")
            print(rows[-1], flush=True)
    section = "\n".join(
        [
            SECTION,
            "",
            f"Measured by `python benchmarks/search_budget.py` on {time.strftime('%Y-%m-%d')}"
            f" ({platform.python_implementation()} {platform.python_version()},"
            f" {os.cpu_count()} CPUs, shared with other work): each case one `pathplan` process"
            " with the default budget (`--time-limit 20`, `--memory-limit 512`), the framework"
            " cached. Time is wall time of the whole process; memory is its peak resident size.",
            "",
            "| case | time | peak memory | exit | answer |",
            "|---|---:|---:|---:|---|",
            *rows,
            "",
            "A route search with `--max-step` keeps a fifth of its time for a quick greedy search"
            " for some route, used when the exact search runs out; the answer is then that route,"
            " not proven the least, with the bound the exact search had reached"
            " ([routes.md](routes.md#bounded-work)).",
            "",
        ]
    )
    print(section)
    if not args.no_write:
        replace_section(DOC, SECTION, section)


if __name__ == "__main__":
    main()
